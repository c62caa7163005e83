/**
 * A {@link CliIo} that captures what a command writes, for tests.
 *
 * @internal
 */
import type { CliIo } from '../cli-io.js';

export interface CapturedIo extends CliIo {
  out: string;
  err: string;
}

export function captureIo(env: Record<string, string | undefined> = {}, cwd = process.cwd()): CapturedIo {
  const io: CapturedIo = {
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    env,
    cwd,
  };
  return io;
}
