/**
 * Reading processes through Linux's /proc: CPU time (user + system, all threads) from
 * `/proc/<pid>/stat` and the peak resident set size (`VmHWM`) from `/proc/<pid>/status`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time of a process, in clock ticks (see {@link clockTicksPerSecond}). */
export interface ProcCpu {
  /** The command name (`comm`), e.g. `asterisk` or `node`. */
  comm: string;
  /** Single-letter state (`R`, `S`, `Z`…). */
  state: string;
  /** Time in user mode, all threads. */
  userTicks: number;
  /** Time in kernel mode, all threads. */
  systemTicks: number;
}

/**
 * Parses one `/proc/<pid>/stat` line. The command name sits in parentheses and may itself contain
 * spaces and parentheses, so the fields are counted from the last `)`.
 *
 * @throws Error when the line is not a stat line
 */
export function parseProcStat(text: string): ProcCpu {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: "${text.slice(0, 60)}"`);
  // After ")": state (field 3), ppid (4), … utime (14), stime (15).
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const userTicks = Number(rest[11]);
  const systemTicks = Number(rest[12]);
  if (!Number.isInteger(userTicks) || !Number.isInteger(systemTicks)) {
    throw new Error(`/proc/<pid>/stat line without utime/stime: "${text.slice(0, 60)}"`);
  }
  return { comm: text.slice(open + 1, close), state: rest[0] ?? '?', userTicks, systemTicks };
}

/** The peak resident set size (`VmHWM`) in a `/proc/<pid>/status` text, in bytes; undefined when absent. */
export function parseVmHwm(status: string): number | undefined {
  const kb = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

let ticks: number | undefined;

/** The kernel's clock ticks per second for /proc CPU times (`getconf CLK_TCK`; 100 on Linux when unknown). */
export function clockTicksPerSecond(): number {
  if (ticks === undefined) {
    try {
      const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
      ticks = Number.isInteger(n) && n > 0 ? n : 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** CPU seconds (user + system) between two readings of the same process. */
export function cpuSecondsBetween(before: ProcCpu, after: ProcCpu, ticksPerSecond: number): number {
  return (after.userTicks + after.systemTicks - (before.userTicks + before.systemTicks)) / ticksPerSecond;
}

/** Reads `/proc/<pid>/stat`; undefined when the process is gone or /proc is unavailable. */
export function readProcCpu(pid: number | 'self'): ProcCpu | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Reads a process's peak RSS (`VmHWM`), in bytes; undefined when unavailable. */
export function readPeakRss(pid: number | 'self'): number | undefined {
  try {
    return parseVmHwm(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}
