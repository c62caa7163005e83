/**
 * Where the command line reads and writes: the process by default, a capture in tests.
 */
export interface CliIo {
  /** Writes to standard output (results, reports, embed code). */
  stdout(text: string): void;
  /** Writes to standard error (progress and error messages). */
  stderr(text: string): void;
  /** Environment variables the commands read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  cwd: string;
}

/** The process's own streams, environment and working directory. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}
