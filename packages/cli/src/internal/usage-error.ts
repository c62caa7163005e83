/**
 * A command line the command cannot run: an unknown flag, a missing value. Exit code 2.
 *
 * @internal
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
