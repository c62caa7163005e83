import type { TestProject } from 'vitest/node';
import { startTestbed, type TestbedInfo } from './bed.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testbed: TestbedInfo;
  }
}

/** Starts the real Asterisk once for the tier and hands its address and fresh credentials to the tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bed = await startTestbed({ log: (line) => process.stderr.write(`${line}\n`) });
  project.provide('testbed', bed.info);
  return async () => {
    await reportLeftoverChannels(bed.info);
    await bed.stop();
  };
}

/**
 * Names the channels still up when the tier ends: a test that leaves a call behind makes the bed
 * busier for every test after it, so it is worth knowing which calls outlived their test.
 */
async function reportLeftoverChannels(info: TestbedInfo): Promise<void> {
  try {
    const auth = Buffer.from(`${info.ari.username}:${info.ari.password}`).toString('base64');
    const res = await fetch(`${info.ari.url}/ari/channels`, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(3000),
    });
    const channels = (await res.json()) as { name: string; state: string; creationtime: string }[];
    for (const ch of channels) {
      process.stderr.write(
        `testbed: channel left up at the end of the tier: ${ch.name} (${ch.state}, since ${ch.creationtime})\n`,
      );
    }
  } catch (error) {
    process.stderr.write(`testbed: could not list the channels left up: ${(error as Error).message}\n`);
  }
}
