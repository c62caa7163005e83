import { availableParallelism } from 'node:os';
import { ensureHostPackages, startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import { readMachineCpu } from '../media/machine.js';
import { machineUse } from '../media/main.js';
import type { CpuUse } from '../media/stats.js';

type Log = (line: string) => void;

/**
 * How busy the machine is over 2 s before a benchmark starts anything (its numbers share the
 * machine's cores with whatever else runs); logged, and returned for the report's notes.
 */
export async function machineLoadBefore(bench: string, log: Log): Promise<CpuUse | undefined> {
  const before = readMachineCpu();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const busy = machineUse(before, readMachineCpu(), 2);
  if (busy)
    log(`bench ${bench}: before the run, the machine's processes used ${busy.cores.toFixed(2)} cores`);
  return busy;
}

/** The report's note on {@link machineLoadBefore}'s measurement. */
export function machineLoadNote(busy: CpuUse): string {
  return `before the run (2 s, nothing of the bench started yet) the machine's other processes used ${busy.cores.toFixed(2)} of its ${availableParallelism()} cores`;
}

/**
 * Starts the benchmark's own test bed (`bench-<name>`, on its own ports), installing sipp first when
 * `sipp` is set. Returns undefined after printing what is missing when the bed cannot start.
 */
export async function startBenchBed(
  bench: string,
  portOffset: number,
  log: Log,
  options: { sipp: boolean },
): Promise<Testbed | undefined> {
  try {
    if (options.sipp) await ensureHostPackages(['sip-tester'], log);
    return await startTestbed({ name: `bench-${bench}`, portOffset, log });
  } catch (error) {
    console.error(
      `bench ${bench}: cannot run without the Asterisk test bed: ${(error as Error).message}\n` +
        `The bed needs Debian${options.sipp ? ', root and sipp' : ' and root'}: see docs/testing.md, \`npm run testbed -- setup\`.`,
    );
    return undefined;
  }
}
