/**
 * What the benchmark's parent process and a peer's child process tell each other. The parent puts
 * a {@link ChildRequest} in an environment variable; the child prints marked JSON lines on stdout
 * and waits for a line on stdin before it stops.
 */

/** Where a peer connects: the bed's ARI, its credentials and the Stasis app to register. */
export interface AriTarget {
  /** `http://host:port` of Asterisk's HTTP server, without `/ari`. */
  url: string;
  username: string;
  password: string;
  app: string;
}

/** What each peer's app does with a call: answer, play `media`, hang up `holdMs` after the call arrived. */
export interface CallPlan {
  media: string;
  holdMs: number;
}

/** The parent's request (JSON in {@link REQUEST_VARIABLE}). */
export interface ChildRequest {
  mode: 'connect' | 'load';
  target: AriTarget;
  /** For `load`: what to do with every call. */
  plan?: CallPlan;
  /** The peer's library, when it is a file the parent built (a `file:` URL). */
  libraryUrl?: string;
}

/** What a connect run reports as soon as the app is registered. */
export interface ConnectReport {
  /** From just before importing the library to the library saying the app is registered, in ms. */
  connectMs: number;
  /** The import alone, in ms. */
  loadMs: number;
  /** The child's peak RSS (VmHWM) at that moment, in bytes. */
  peakRssBytes: number;
}

/** What a load run reports before starting calls. */
export interface ReadyReport {
  connectMs: number;
}

/** Errors of one step of the call handling, with a few messages. */
export interface StepErrors {
  count: number;
  samples: string[];
}

/** What an app did with the calls, counted in the child. */
export interface CallTallyReport {
  /** New calls (StasisStart of a channel). */
  started: number;
  /** Answer requests that succeeded. */
  answered: number;
  /** Play requests Asterisk accepted. */
  playing: number;
  /** Hangup requests that succeeded. */
  hungUp: number;
  /** Calls whose channel left the app (StasisEnd). */
  ended: number;
  /** Failed requests per step (`answer`, `play`, `hangup`, `library`…). */
  errors: Record<string, StepErrors>;
  /** ms from the call's StasisStart to its answer request resolving. */
  answerLatencyMs: number[];
}

/** What a load run reports when told to stop. */
export interface LoadReport {
  tally: CallTallyReport;
  /** What the library still holds for calls after the load (should be 0 everywhere). */
  leftovers: Record<string, number>;
  peakRssBytes: number;
}

/** Environment variable carrying the {@link ChildRequest}. */
export const REQUEST_VARIABLE = 'AIPBX_BENCH_ARI_REQUEST';

/** Prefixes of the child's marked stdout lines (libraries may print their own lines). */
export const MARKER = {
  connected: '@@aipbx-bench-ari-connected ',
  ready: '@@aipbx-bench-ari-ready ',
  result: '@@aipbx-bench-ari-result ',
  failed: '@@aipbx-bench-ari-failed ',
} as const;
