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
  return () => bed.stop();
}
