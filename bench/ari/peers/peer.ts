import type { AriTarget, CallPlan } from '../protocol.js';

/** Counts what an app did with its calls (see CallTallyReport). */
export interface CallTally {
  /** A new call reached the app (before anything was asked). */
  started(): void;
  /** Its answer request succeeded, `latencyMs` after the call reached the app. */
  answered(latencyMs: number): void;
  /** Asterisk accepted its play request. */
  playing(): void;
  /** Its hangup request succeeded. */
  hungUp(): void;
  /** Its channel left the app (StasisEnd). */
  ended(): void;
  /** A request of `step` failed, or the library reported an error (`library`). */
  error(step: string, error: unknown): void;
}

/**
 * One ARI library under test, wrapped so every peer is driven alike: import the library, register
 * the Stasis app, and (under load) answer every call, play a prompt and hang up after a while.
 */
export interface BenchPeer {
  /** Imports the library. The connect clock starts just before this. */
  load(libraryUrl: string | undefined): Promise<void>;
  /**
   * Registers the Stasis app and resolves when the library says it is registered. With a `plan`,
   * every call is answered, played `plan.media`, and hung up `plan.holdMs` after it arrived.
   */
  start(target: AriTarget, plan: CallPlan | undefined, tally: CallTally): Promise<void>;
  /** What the library still holds for calls (0 everywhere after every call ended). */
  leftovers(): Record<string, number>;
  /** Unregisters the app and lets go of the connections. */
  close(): Promise<void>;
}

/** Makes a fresh {@link BenchPeer}. */
export type BenchPeerFactory = () => BenchPeer;
