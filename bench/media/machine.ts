/**
 * The whole machine's CPU time from Linux's /proc/stat, to tell a busy app from a busy machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readProcCpu } from '../ari/proc.js';

/** CPU time of all cores together, in clock ticks. */
export interface MachineCpu {
  /** Ticks spent on anything but idle and waiting for I/O. */
  busyTicks: number;
  totalTicks: number;
}

/**
 * Parses the `cpu` line of /proc/stat (user nice system idle iowait irq softirq steal …; guest
 * time is already inside user and nice, so it is not added again).
 *
 * @throws Error when the text has no such line
 */
export function parseProcStatCpu(text: string): MachineCpu {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) throw new Error('no "cpu" line in /proc/stat');
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n)))
    throw new Error(`unreadable /proc/stat cpu line: "${line.slice(0, 80)}"`);
  const totalTicks = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busyTicks: totalTicks - idle, totalTicks };
}

/** Reads /proc/stat; undefined where there is none. */
export function readMachineCpu(): MachineCpu | undefined {
  try {
    return parseProcStatCpu(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return undefined;
  }
}

/** CPU ticks (user + system) of every process, by pid, with its command name. */
export type ProcessTicks = Map<number, { comm: string; ticks: number }>;

/** Reads every process's ticks from /proc/<pid>/stat (processes that vanish meanwhile are skipped). */
export function readProcessTicks(): ProcessTicks {
  const out: ProcessTicks = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return out;
  }
  for (const pid of pids) {
    const cpu = readProcCpu(Number(pid));
    if (cpu) out.set(Number(pid), { comm: cpu.comm, ticks: cpu.userTicks + cpu.systemTicks });
  }
  return out;
}

/**
 * The processes that used the most CPU between two readings, leaving out `exclude` (the bench's
 * own), as `{ comm, ticks }`, most first; a process that started meanwhile counts from zero.
 */
export function topConsumers(
  before: ProcessTicks,
  after: ProcessTicks,
  exclude: readonly number[],
  limit = 3,
): { pid: number; comm: string; ticks: number }[] {
  const used: { pid: number; comm: string; ticks: number }[] = [];
  for (const [pid, now] of after) {
    if (exclude.includes(pid)) continue;
    const ticks = now.ticks - (before.get(pid)?.ticks ?? 0);
    if (ticks > 0) used.push({ pid, comm: now.comm, ticks });
  }
  return used.sort((a, b) => b.ticks - a.ticks).slice(0, limit);
}

/** How one thread was scheduled (/proc/<pid>/task/<tid>/schedstat) and the process's major page faults. */
export interface ThreadSched {
  /** Time on a CPU, ms. */
  runMs: number;
  /** Time runnable but waiting for a CPU (the run queue), ms. */
  waitMs: number;
  /** Major page faults of the whole process (pages read back from disk). */
  majorFaults: number;
}

/** Parses schedstat's `run_ns wait_ns slices` and the major faults of a `/proc/<pid>/stat` line. */
export function parseThreadSched(schedstat: string, stat: string): ThreadSched {
  const [run, wait] = schedstat.trim().split(/\s+/).map(Number);
  // After ")": state (field 3) … minflt (10), cminflt (11), majflt (12).
  const majflt = Number(
    stat
      .slice(stat.lastIndexOf(')') + 1)
      .trim()
      .split(/\s+/)[9],
  );
  if (!Number.isFinite(run) || !Number.isFinite(wait) || !Number.isFinite(majflt))
    throw new Error(`unreadable schedstat "${schedstat.trim()}" or stat line`);
  return { runMs: run! / 1e6, waitMs: wait! / 1e6, majorFaults: majflt };
}

/** Reads {@link ThreadSched} of a process's main thread; undefined when unavailable. */
export function readThreadSched(pid: number): ThreadSched | undefined {
  try {
    return parseThreadSched(
      readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8'),
      readFileSync(`/proc/${pid}/stat`, 'utf8'),
    );
  } catch {
    return undefined;
  }
}
