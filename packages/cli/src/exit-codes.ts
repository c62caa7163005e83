/**
 * Exit codes of `aipbx`.
 *
 * - `0` (`OK`): the command did what it was asked; for `doctor`, no check failed.
 * - `1` (`FAILED`): invalid input (every problem printed), a write that failed, or a failed doctor check.
 * - `2` (`USAGE`): unknown command or flag, a missing or malformed flag value.
 */
export const EXIT_CODES = { OK: 0, FAILED: 1, USAGE: 2 } as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
