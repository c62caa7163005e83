/** A party of a call: number and display name as the PBX reports them (`''` when unknown). */
export interface CallParty {
  number: string;
  name: string;
}

/** Where the call goes relative to the PBX's own extensions. */
export type CallDirection = 'inbound' | 'outbound' | 'internal';

/**
 * A live call's state:
 * - `dialing` — created, nothing ringing yet;
 * - `ringing` — a party is ringing (or an incoming call waits to be answered);
 * - `up` — answered: two parties are connected, or an application (an assistant) answered;
 * - `on-hold` — answered and a party put the other on hold.
 */
export type CallState = 'dialing' | 'ringing' | 'up' | 'on-hold';

/** One channel (one leg) of a call. */
export interface CallChannel {
  /** Asterisk's `Uniqueid`. */
  id: string;
  /** Channel name, e.g. `PJSIP/301-00000004`. */
  name: string;
  /** Asterisk channel state: `Down`, `Ring`, `Ringing`, `Up`, `Busy`… */
  state: string;
  /** Caller id on this channel. */
  callerId: CallParty;
  /** The party this channel is connected to. */
  connectedLine: CallParty;
  /** Dialplan position. */
  context: string;
  exten: string;
  /** Bridge the channel is in, if any. */
  bridgeId: string | undefined;
  /** Whether this channel is on hold. */
  onHold: boolean;
}

/**
 * A call in progress: every channel that shares Asterisk's `Linkedid`, seen as one call with a
 * caller, a callee and a state.
 */
export interface Call {
  /** Stable id: the `Linkedid` (the first channel's `Uniqueid`). */
  id: string;
  caller: CallParty;
  callee: CallParty;
  direction: CallDirection;
  state: CallState;
  /** `click-to-call` when placed by {@link CallMonitor.call}. */
  origin: 'pbx' | 'click-to-call';
  startedAt: Date;
  answeredAt: Date | undefined;
  /** The assistant serving the call, from the `ASSISTANTID` channel variable of the aipbx dialplan. */
  assistant: string | undefined;
  /** Channels, first one first. */
  channels: CallChannel[];
  /** Bridges the channels are in. */
  bridges: string[];
}

/** How a finished call ended, in CDR terms. */
export type CallDisposition = 'answered' | 'no-answer' | 'busy' | 'failed' | 'congestion';

/** A finished call, as kept in the history. */
export interface CompletedCall extends Omit<Call, 'state'> {
  /** Every channel the call had: those hung up first, in the order they did, with their last state. */
  channels: CallChannel[];
  endedAt: Date;
  /** Seconds from start to end. */
  durationSec: number;
  /** Seconds from answer to end; 0 when unanswered. */
  billableSec: number;
  disposition: CallDisposition;
  /** Q.850 cause of the first hangup (16 normal clearing, 17 busy, 19 no answer…); 0 when unknown. */
  hangupCause: number;
  /** The cause as Asterisk words it. */
  hangupCauseText: string;
  /**
   * True when the call ended while the monitor was disconnected: it was gone from the PBX's channel
   * list at resync, so its end time is the resync time and its cause is unknown.
   */
  endedWhileDisconnected: boolean;
}

/**
 * An extension's state:
 * `idle`, `in-use`, `busy`, `unavailable` (not registered), `ringing`, `in-use-ringing`
 * (on a call with another ringing), `on-hold`, `unknown`.
 */
export type ExtensionState =
  | 'idle'
  | 'in-use'
  | 'busy'
  | 'unavailable'
  | 'ringing'
  | 'in-use-ringing'
  | 'on-hold'
  | 'unknown';

/** An extension (or, on PBXs without hints, a device) and its live state. */
export interface ExtensionStatus {
  /** The extension, e.g. `301`, or the endpoint name when the PBX reports devices only. */
  extension: string;
  /** Its dialplan context (`''` for devices). */
  context: string;
  /** The device behind it, e.g. `PJSIP/301`. */
  device: string;
  state: ExtensionState;
  /** The PBX's own wording, e.g. `Idle`, `InUse`, `NOT_INUSE`. */
  stateText: string;
  updatedAt: Date;
}
