/**
 * State the checks share while the doctor runs: open clients, what earlier checks found.
 *
 * @internal
 */
import type { AmiClient, AmiEvent } from '@aipbx/ami';
import type { AriClient, StasisApp } from '@aipbx/node-ari';
import type { CheckResult } from './check-result.js';
import type { DoctorOptions } from './doctor-options.js';

export interface DoctorContext {
  options: DoctorOptions;
  /** An ARI client whose credentials worked. */
  ari?: AriClient;
  /** The doctor's own registration of the Stasis app. */
  app?: StasisApp;
  /** The app was already registered by another process (a running bot): leave it alone. */
  appInUse?: boolean;
  /** An AMI client logged in. */
  ami?: AmiClient;
  /** Events the AMI session received. */
  amiEvents: AmiEvent[];
  /** The test call's Local channel name prefix, once one was placed. */
  testCallChannel?: string;
  results: CheckResult[];
}

/** A check's result without its id, title and duration, which the runner fills in. */
export type CheckOutcome = Omit<CheckResult, 'id' | 'title' | 'durationMs'>;

/** Waits for `promise` at most `ms`; rejects with `what` named. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(Object.assign(new Error(`timed out after ${ms} ms waiting for ${what}`), { code: 'TIMEOUT' })),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
