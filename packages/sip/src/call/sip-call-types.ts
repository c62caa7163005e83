import type { CollectDtmfOptions, MediaFormat } from '@aipbx/media';

/**
 * Why a {@link SipCall} ended:
 * - `hangup` — either side hung up (BYE), or the call was cancelled or refused before it was answered;
 * - `failed` — the call could not be set up or its media could not start;
 * - `stopped` — `service.stop()` hung it up.
 */
export type SipCallEndReason = 'hangup' | 'failed' | 'stopped';

/** Which way a call goes: `inbound` (the PBX called one of the service's extensions) or `outbound`. */
export type SipCallDirection = 'inbound' | 'outbound';

/** A party as SIP names it (From / To). */
export interface SipParty {
  /** Display name; empty when none. */
  name: string;
  /** User part of the URI: the extension or phone number; empty when none. */
  number: string;
}

/** Events of a {@link SipCall}: only this call's. */
export interface SipCallEvents {
  /** A DTMF key arrived (RFC 4733 in the RTP stream, or SIP INFO). */
  dtmf: (digit: string, durationMs: number) => void;
  /** The PBX put the call on hold (a re-INVITE with `sendonly` or `inactive`). */
  hold: () => void;
  /** The PBX took the call off hold. */
  resume: () => void;
  /** The call ended; every listener of the call is removed right after. */
  end: (reason: SipCallEndReason) => void;
}

/** Options of {@link SipCall.media}. */
export interface SipCallMediaOptions {
  /** Format of the PCM the app reads and writes. Default `slin16` (PCM16LE 16 kHz mono). */
  format?: MediaFormat;
  /** Most audio queued for sending, ms, before `write()` returns false. Default 10,000. */
  maxQueueMs?: number;
  /** Frames of the caller kept for a slow reader before the oldest are dropped. Default 250 (5 s). */
  maxReadFrames?: number;
  /** Send silence when nothing is queued (some PBXs end calls after seconds without RTP). Default true. */
  sendSilence?: boolean;
}

/** PCM to play: 16-bit little-endian mono samples at 8 or 16 kHz. */
export interface PcmSource {
  pcm: Buffer | Int16Array;
  sampleRate: 8000 | 16_000;
}

/** How {@link SipCall.play} ended. */
export type SipPlayOutcome = 'done' | 'stopped' | 'hangup';

/** Options of {@link SipCall.play}. */
export interface SipPlayOptions {
  /** Stops the playback; `play` resolves with `stopped`. */
  signal?: AbortSignal;
}

/** Options of {@link SipCall.record}. */
export interface SipRecordOptions {
  /** Stop after this many seconds. Default 0: until the call ends or `signal` aborts. */
  maxDurationSeconds?: number;
  /** Stops the recording, keeping what was recorded; `record` resolves with `canceled`. */
  signal?: AbortSignal;
}

/** What {@link SipCall.record} resolves with. */
export interface SipRecordResult {
  /** The WAV file written (PCM16 mono, 8 kHz). */
  path: string;
  /** How it ended: its time was up (`done`), the call ended (`hangup`), or `signal` aborted (`canceled`). */
  outcome: 'done' | 'hangup' | 'canceled';
  /** Length of the recording, seconds. */
  durationSeconds: number;
}

export type { CollectDtmfOptions };
