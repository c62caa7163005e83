/**
 * The JSON the monitor's HTTP API and event stream carry: plain objects with ISO 8601 times, made
 * from the call monitor's calls and extension states.
 */
import type {
  AmiClientState,
  Call,
  CallDirection,
  CallParty,
  CallState,
  ExtensionState,
  ExtensionStatus,
} from '@aipbx/ami';
import type { CompletedCallRecord, HistoryRow } from './history-store.js';

/** A call in progress. */
export interface ActiveCallView {
  /** The call's id (Asterisk's `Linkedid`): what `POST /api/calls/<id>/hangup` takes. */
  id: string;
  caller: CallParty;
  callee: CallParty;
  direction: CallDirection;
  state: CallState;
  origin: 'pbx' | 'click-to-call';
  /** ISO 8601 times (UTC). */
  startedAt: string;
  answeredAt: string | null;
  assistant: string | null;
  /** Names of the call's channels, e.g. `PJSIP/301-00000004`. */
  channels: string[];
}

/** An extension and its state. */
export interface ExtensionView {
  extension: string;
  context: string;
  device: string;
  state: ExtensionState;
  /** The PBX's own word, e.g. `Idle`, `InUse`. */
  stateText: string;
  updatedAt: string;
}

/** Everything the page shows, as `GET /api/state` and the first event of `/events` carry it. */
export interface MonitorSnapshot {
  /** The AMI connection's state; anything but `connected` means the lists may be stale. */
  ami: AmiClientState;
  /** Calls in progress, oldest first. */
  calls: ActiveCallView[];
  /** Extensions, sorted by number. */
  extensions: ExtensionView[];
  /** The newest finished calls, newest first. */
  history: HistoryRow[];
}

/**
 * One server-sent event: its `event:` name is `type`, its `data:` the whole object as JSON.
 *
 * - `snapshot` — first on every connection, and again after the monitor rebuilt its state from the PBX;
 * - `call:start`, `call:update` — a call appeared or changed;
 * - `call:end` — a call ended (its `history:add` follows once it is stored);
 * - `extension:update` — an extension's state changed;
 * - `history:add` — a finished call was stored (key rows by `seq`: a snapshot taken while the row
 *   was being written may hold it already);
 * - `ami` — the AMI connection's state changed.
 */
export type MonitorEvent =
  | ({ type: 'snapshot' } & MonitorSnapshot)
  | { type: 'call:start'; call: ActiveCallView }
  | { type: 'call:update'; call: ActiveCallView }
  | { type: 'call:end'; call: CompletedCallRecord }
  | { type: 'extension:update'; extension: ExtensionView }
  | { type: 'history:add'; row: HistoryRow }
  | { type: 'ami'; state: AmiClientState };

/** The names of {@link MonitorEvent}s. */
export type MonitorEventType = MonitorEvent['type'];

/** The JSON form of a call in progress. */
export function activeCallView(call: Call): ActiveCallView {
  return {
    id: call.id,
    caller: { number: call.caller.number, name: call.caller.name },
    callee: { number: call.callee.number, name: call.callee.name },
    direction: call.direction,
    state: call.state,
    origin: call.origin,
    startedAt: call.startedAt.toISOString(),
    answeredAt: call.answeredAt ? call.answeredAt.toISOString() : null,
    assistant: call.assistant ?? null,
    channels: call.channels.map((channel) => channel.name),
  };
}

/** The JSON form of an extension's state. */
export function extensionView(status: ExtensionStatus): ExtensionView {
  return {
    extension: status.extension,
    context: status.context,
    device: status.device,
    state: status.state,
    stateText: status.stateText,
    updatedAt: status.updatedAt.toISOString(),
  };
}
