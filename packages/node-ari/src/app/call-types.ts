import type { AriEvent, LiveRecording } from '../client/generated/ari-api.js';

/**
 * Why a {@link Call} ended:
 * - `hangup` — the channel hung up (either side, or `call.hangup()`);
 * - `left` — the channel left the Stasis app alive (e.g. `continueInDialplan`);
 * - `lost` — the events socket was down and, once back, Asterisk no longer had the channel
 *   (a PBX restart), or the socket gave up reconnecting: the call is out of the app's hands;
 * - `stopped` — `app.stop()` was called; the channel itself (and a party bridged to it) was left
 *   as it was.
 */
export type CallEndReason = 'hangup' | 'left' | 'lost' | 'stopped';

/** Events of a {@link Call}: only this call's. */
export interface CallEvents {
  /** A DTMF digit arrived (RFC 2833 or SIP INFO), as Asterisk reports it. */
  dtmf: (digit: string, durationMs: number) => void;
  /** The channel is hanging up (before it is destroyed); `cause` is Asterisk's Q.850 cause. */
  hangup: (cause: number | undefined) => void;
  /** The call ended; every listener of the call is removed right after. */
  end: (reason: CallEndReason) => void;
  /** Every ARI event about this call's channel, its playbacks, recordings and legs. */
  event: (event: AriEvent) => void;
}

/** The caller as Asterisk knows them. */
export interface Caller {
  /** Caller id name; empty when none. */
  name: string;
  /** Caller id number; empty when none. */
  number: string;
}

/** How a {@link Call.play} ended. */
export type PlaybackOutcome = 'done' | 'failed' | 'stopped' | 'hangup';

/** What {@link Call.play} resolves with. */
export interface PlaybackResult {
  /** The playback's id (chosen by the client). */
  id: string;
  outcome: PlaybackOutcome;
}

/** How a {@link Call.record} ended. */
export type RecordOutcome = 'done' | 'failed' | 'canceled' | 'hangup';

/** What {@link Call.record} resolves with. */
export interface RecordResult {
  /** The stored recording's name: fetch it with `client.recordings.getStoredFile({ recordingName })`. */
  name: string;
  format: string;
  outcome: RecordOutcome;
  /** Length in seconds, when Asterisk reported it. */
  durationSeconds: number | undefined;
  /** The last state Asterisk reported. */
  recording: LiveRecording | undefined;
}

/** Options of {@link Call.play}. */
export interface PlayOptions {
  /**
   * The playback's id, to stop it with {@link Call.stopPlayback} while `play` is pending. Default: a
   * fresh unique id. Letters, digits, `_`, `-`, `.`.
   */
  id?: string;
  /** Language of `sound:` media, e.g. `ru`. Default: the channel's. */
  lang?: string;
  /** Stops the playback and rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** Options of {@link Call.record}. */
export interface RecordOptions {
  /** Name of the stored recording. Default `aipbx-<channel id>-<n>`. Letters, digits, `_`, `-`, `.`. */
  name?: string;
  /** File format. Default `wav`. */
  format?: string;
  /** Stop after this many seconds. Default 0: no limit. */
  maxDurationSeconds?: number;
  /** Stop after this many seconds of silence. Default 0: no limit. */
  maxSilenceSeconds?: number;
  /** Play a beep first. Default false. */
  beep?: boolean;
  /** A DTMF key that ends the recording: `none` (default), `any`, `*` or `#`. */
  terminateOn?: 'none' | 'any' | '*' | '#';
  /** What to do when a recording of that name exists. Default `fail`. */
  ifExists?: 'fail' | 'overwrite' | 'append';
  /** Stops the recording (keeping what was recorded) and rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** Options of {@link Call.collectDtmf}. */
export type { CollectDtmfOptions } from '@aipbx/media';

/** Options of {@link Call.bridgeTo} and {@link Call.transfer}. */
export interface BridgeToOptions {
  /** Caller id shown to the other endpoint, e.g. `"Support" <100>`. Default: the caller's. */
  callerId?: string;
  /** How long the other endpoint may ring, in seconds. Default: the app's `ringTimeoutSeconds`. */
  ringTimeoutSeconds?: number;
  /** Gives up waiting for the answer (the other leg is hung up) and rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** The other party of a {@link Call.bridgeTo}: its channel and the bridge joining the two. */
export interface BridgedLeg {
  /** The other party's channel id. */
  channelId: string;
  /** The mixing bridge holding both channels. */
  bridgeId: string;
  /**
   * Hangs up the other party. The caller is then hung up too: a bridged call ends when either side
   * leaves.
   */
  hangup(): Promise<void>;
}
