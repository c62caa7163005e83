import type { AmiEvent } from '../parser/ami-event.js';
import type { Call, CallChannel, CallDisposition, CallParty, CallState, CompletedCall } from './call.js';
import { dispositionOfDialStatus, dispositionOfHangupCause } from './call-outcomes.js';

/** What applying an event changed. */
export type CallChange =
  | { type: 'start'; call: Call }
  | { type: 'update'; call: Call }
  | { type: 'end'; call: CompletedCall };

interface Tracked {
  call: Omit<Call, 'state' | 'direction'>;
  /** Destination channels of dials in progress. */
  pendingDials: Set<string>;
  lastDialStatus: string | undefined;
  firstHangup: { cause: number; text: string } | undefined;
  /** Channels already hung up, in that order, for the finished call's record. */
  hungUp: CallChannel[];
}

const UNKNOWN = '<unknown>';

/** A copy a listener may keep or change without touching the tracker's state. */
function copyChannel(ch: CallChannel): CallChannel {
  return { ...ch, callerId: { ...ch.callerId }, connectedLine: { ...ch.connectedLine } };
}

function party(number: string | undefined, name: string | undefined): CallParty {
  return {
    number: number && number !== UNKNOWN ? number : '',
    name: name && name !== UNKNOWN ? name : '',
  };
}

function durationSec(hms: string | undefined): number {
  const parts = (hms ?? '').split(':').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return 0;
  const [h, m, s] = parts as [number, number, number];
  return h * 3600 + m * 60 + s;
}

/** The events {@link CallTracker.apply} reads; every other one changes no call. */
const TRACKED_EVENTS: ReadonlySet<string> = new Set([
  'Newchannel',
  'Newstate',
  'NewCallerid',
  'NewConnectedLine',
  'DialBegin',
  'DialEnd',
  'BridgeEnter',
  'BridgeLeave',
  'Hold',
  'Unhold',
  'VarSet',
  'Hangup',
]);

/**
 * Turns AMI channel events into calls. Pure: no socket, no timers; the clock and the "is this
 * number one of our extensions" test are injected. {@link CallMonitor} feeds it; tests feed it
 * recorded streams.
 *
 * Channels are grouped into calls by `Linkedid`. A call is answered when a dial it made is
 * answered, or when a channel comes up with no dial in progress (an assistant or other application
 * answered). It ends when its last channel hangs up.
 */
export class CallTracker {
  readonly #calls = new Map<string, Tracked>();
  readonly #channelCall = new Map<string, string>();
  readonly #clickToCall = new Map<string, { from: string; to: string }>();
  readonly #now: () => Date;
  readonly #isExtension: (number: string) => boolean;

  constructor(options: { now?: () => Date; isExtension?: (number: string) => boolean } = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#isExtension = options.isExtension ?? (() => false);
  }

  /** Calls in progress, oldest first. */
  list(): Call[] {
    return [...this.#calls.values()].map((t) => this.#view(t));
  }

  /** A call in progress by id. */
  get(id: string): Call | undefined {
    const t = this.#calls.get(id);
    return t && this.#view(t);
  }

  /** The call a channel belongs to. */
  callOfChannel(uniqueid: string): string | undefined {
    return this.#channelCall.get(uniqueid);
  }

  /**
   * Marks a call placed by click-to-call, so its parties read `from` → `to` (Asterisk shows the
   * first leg's caller id as the callee, which is what the rung phone should display).
   */
  expectClickToCall(id: string, from: string, to: string): void {
    this.#clickToCall.set(id, { from, to });
  }

  /** Applies one event; returns what changed (nothing for events that don't concern calls). */
  apply(event: AmiEvent): CallChange[] {
    // Most of a PBX's events concern no call (VarSet of other variables alone is half a busy
    // stream): leave before building the event's fields.
    if (!TRACKED_EVENTS.has(event.name)) return [];
    if (event.name === 'VarSet' && event.get('Variable') !== 'ASSISTANTID') return [];
    const f = event.fields;
    switch (event.name) {
      case 'Newchannel':
        return this.#newChannel(event);
      case 'Newstate':
      case 'NewCallerid':
      case 'NewConnectedLine':
        return this.#updateChannel(event, (ch) => this.#readSnapshot(ch, event));
      case 'DialBegin': {
        const id = this.#callOf(f.DestLinkedid ?? f.Linkedid);
        if (!id || !f.DestUniqueid) return [];
        const t = this.#calls.get(id)!;
        t.pendingDials.add(f.DestUniqueid);
        if (f.Uniqueid && !t.call.callee.number) {
          t.call.callee = party(f.DestCallerIDNum ?? f.DialString, f.DestCallerIDName);
        }
        return [{ type: 'update', call: this.#view(t) }];
      }
      case 'DialEnd': {
        const id = this.#callOf(f.DestLinkedid ?? f.Linkedid);
        if (!id || !f.DestUniqueid) return [];
        const t = this.#calls.get(id)!;
        t.pendingDials.delete(f.DestUniqueid);
        // A DialEnd with a calling channel is a real dial; without one it is Originate ringing
        // its first leg, which answering does not connect anybody yet.
        if (f.Uniqueid) {
          t.lastDialStatus = f.DialStatus;
          if (f.DialStatus === 'ANSWER') {
            t.call.answeredAt ??= this.#now();
            if (t.call.callee.name === '' && f.DestCallerIDName)
              t.call.callee.name = party('', f.DestCallerIDName).name;
          }
        }
        return [{ type: 'update', call: this.#view(t) }];
      }
      case 'BridgeEnter':
      case 'BridgeLeave':
        return this.#updateChannel(event, (ch, t) => {
          ch.bridgeId = event.name === 'BridgeEnter' ? f.BridgeUniqueid : undefined;
          t.call.bridges = [
            ...new Set(t.call.channels.map((c) => c.bridgeId).filter((b) => b !== undefined)),
          ];
        });
      case 'Hold':
      case 'Unhold':
        return this.#updateChannel(event, (ch) => {
          ch.onHold = event.name === 'Hold';
        });
      case 'VarSet':
        if (f.Variable === 'ASSISTANTID' && f.Value) {
          return this.#updateChannel(event, (_ch, t) => {
            t.call.assistant = f.Value;
          });
        }
        return [];
      case 'Hangup':
        return this.#hangup(event);
      default:
        return [];
    }
  }

  /**
   * Rebuilds from a `CoreShowChannels` list (its `CoreShowChannel` events), as after a reconnect:
   * calls no longer on the PBX end (flagged `endedWhileDisconnected`), calls on the PBX that were
   * not known start, the rest are refreshed. Afterwards the tracker holds exactly the PBX's calls.
   */
  resync(channels: readonly AmiEvent[]): CallChange[] {
    const changes: CallChange[] = [];
    const live = new Map<string, AmiEvent[]>();
    for (const ch of channels) {
      const linked = ch.fields.Linkedid ?? ch.fields.Uniqueid;
      if (!linked) continue;
      live.set(linked, [...(live.get(linked) ?? []), ch]);
    }
    for (const [id, t] of [...this.#calls]) {
      if (!live.has(id)) changes.push({ type: 'end', call: this.#end(id, t, { whileDisconnected: true }) });
    }
    const now = this.#now().getTime();
    for (const [id, list] of live) {
      let t = this.#calls.get(id);
      const isNew = !t;
      const first = list.find((c) => c.fields.Uniqueid === id) ?? list[0]!;
      if (!t) {
        const started = new Date(now - 1000 * Math.max(...list.map((c) => durationSec(c.fields.Duration))));
        t = this.#track(id, first, started);
      }
      const present = new Set(list.map((c) => c.fields.Uniqueid));
      for (const ch of t.call.channels) if (!present.has(ch.id)) this.#channelCall.delete(ch.id);
      t.call.channels = t.call.channels.filter((c) => present.has(c.id));
      for (const ev of list) {
        let ch = t.call.channels.find((c) => c.id === ev.fields.Uniqueid);
        if (!ch) {
          ch = this.#channel(ev);
          t.call.channels.push(ch);
          this.#channelCall.set(ch.id, id);
        }
        this.#readSnapshot(ch, ev);
        ch.bridgeId = ev.fields.BridgeId || undefined;
      }
      t.call.bridges = [...new Set(t.call.channels.map((c) => c.bridgeId).filter((b) => b !== undefined))];
      t.pendingDials.clear();
      const ups = t.call.channels.filter((c) => c.state === 'Up').length;
      if (!t.call.answeredAt && (t.call.bridges.length > 0 ? ups >= 2 : ups >= 1))
        t.call.answeredAt = new Date(now);
      changes.push({ type: isNew ? 'start' : 'update', call: this.#view(t) });
    }
    return changes;
  }

  /** Forgets everything (the monitor stopped). */
  clear(): void {
    this.#calls.clear();
    this.#channelCall.clear();
    this.#clickToCall.clear();
  }

  #callOf(linkedid: string | undefined): string | undefined {
    return linkedid && this.#calls.has(linkedid) ? linkedid : undefined;
  }

  #channel(event: AmiEvent): CallChannel {
    const f = event.fields;
    return {
      id: f.Uniqueid ?? '',
      name: f.Channel ?? '',
      state: f.ChannelStateDesc ?? '',
      callerId: party(f.CallerIDNum, f.CallerIDName),
      connectedLine: party(f.ConnectedLineNum, f.ConnectedLineName),
      context: f.Context ?? '',
      exten: f.Exten ?? '',
      bridgeId: undefined,
      onHold: false,
    };
  }

  #readSnapshot(ch: CallChannel, event: AmiEvent): void {
    const f = event.fields;
    if (f.Channel) ch.name = f.Channel;
    if (f.ChannelStateDesc) ch.state = f.ChannelStateDesc;
    if (f.CallerIDNum !== undefined) ch.callerId = party(f.CallerIDNum, f.CallerIDName);
    if (f.ConnectedLineNum !== undefined) ch.connectedLine = party(f.ConnectedLineNum, f.ConnectedLineName);
    if (f.Context) ch.context = f.Context;
    if (f.Exten !== undefined) ch.exten = f.Exten;
  }

  #track(id: string, first: AmiEvent, startedAt: Date): Tracked {
    const f = first.fields;
    const c2c = this.#clickToCall.get(id);
    const exten = f.Exten && f.Exten !== 's' ? f.Exten : '';
    const t: Tracked = {
      call: {
        id,
        caller: c2c ? party(c2c.from, '') : party(f.CallerIDNum, f.CallerIDName),
        callee: c2c ? party(c2c.to, '') : party(exten, ''),
        origin: c2c ? 'click-to-call' : 'pbx',
        startedAt,
        answeredAt: undefined,
        assistant: undefined,
        channels: [],
        bridges: [],
      },
      pendingDials: new Set(),
      lastDialStatus: undefined,
      firstHangup: undefined,
      hungUp: [],
    };
    this.#calls.set(id, t);
    return t;
  }

  #newChannel(event: AmiEvent): CallChange[] {
    const f = event.fields;
    // The placeholder channel Asterisk makes to run `failed` after an Originate failed is no call.
    if (!f.Uniqueid || f.Channel?.startsWith('OutgoingSpoolFailed')) return [];
    if (this.#channelCall.has(f.Uniqueid))
      return this.#updateChannel(event, (ch) => this.#readSnapshot(ch, event));
    const linked = f.Linkedid || f.Uniqueid;
    let t = this.#calls.get(linked);
    const isNew = !t;
    t ??= this.#track(linked, event, this.#now());
    t.call.channels.push(this.#channel(event));
    this.#channelCall.set(f.Uniqueid, linked);
    return [{ type: isNew ? 'start' : 'update', call: this.#view(t) }];
  }

  #updateChannel(event: AmiEvent, change: (ch: CallChannel, t: Tracked) => void): CallChange[] {
    const uid = event.fields.Uniqueid;
    const id = uid ? this.#channelCall.get(uid) : undefined;
    const t = id ? this.#calls.get(id) : undefined;
    const ch = t?.call.channels.find((c) => c.id === uid);
    if (!t || !ch) return [];
    const wasUp = ch.state === 'Up';
    change(ch, t);
    if (!wasUp && ch.state === 'Up' && t.pendingDials.size === 0) t.call.answeredAt ??= this.#now();
    return [{ type: 'update', call: this.#view(t) }];
  }

  #hangup(event: AmiEvent): CallChange[] {
    const f = event.fields;
    const id = f.Uniqueid ? this.#channelCall.get(f.Uniqueid) : undefined;
    const t = id ? this.#calls.get(id) : undefined;
    if (!id || !t) return [];
    this.#channelCall.delete(f.Uniqueid!);
    t.pendingDials.delete(f.Uniqueid!);
    t.firstHangup ??= { cause: Number(f.Cause) || 0, text: f['Cause-txt'] ?? '' };
    const gone = t.call.channels.find((c) => c.id === f.Uniqueid);
    if (gone) t.hungUp.push(gone);
    t.call.channels = t.call.channels.filter((c) => c !== gone);
    if (t.call.channels.length > 0) return [{ type: 'update', call: this.#view(t) }];
    return [{ type: 'end', call: this.#end(id, t, { whileDisconnected: false }) }];
  }

  #end(id: string, t: Tracked, { whileDisconnected }: { whileDisconnected: boolean }): CompletedCall {
    this.#calls.delete(id);
    this.#clickToCall.delete(id);
    for (const ch of t.call.channels) this.#channelCall.delete(ch.id);
    const view = this.#view(t);
    const endedAt = this.#now();
    const { state: _state, ...rest } = view;
    const channels = [...t.hungUp.map(copyChannel), ...rest.channels];
    const cause = t.firstHangup?.cause ?? 0;
    const disposition: CallDisposition = view.answeredAt
      ? 'answered'
      : (dispositionOfDialStatus(t.lastDialStatus) ??
        (whileDisconnected ? 'failed' : dispositionOfHangupCause(cause)));
    const seconds = (from: Date) => Math.max(0, Math.round((endedAt.getTime() - from.getTime()) / 1000));
    return {
      ...rest,
      channels,
      endedAt,
      durationSec: seconds(view.startedAt),
      billableSec: view.answeredAt ? seconds(view.answeredAt) : 0,
      disposition,
      hangupCause: cause,
      hangupCauseText: t.firstHangup?.text ?? '',
      endedWhileDisconnected: whileDisconnected,
    };
  }

  #view(t: Tracked): Call {
    const c = t.call;
    let state: CallState;
    if (c.answeredAt) state = c.channels.some((ch) => ch.onHold) ? 'on-hold' : 'up';
    else if (c.channels.some((ch) => ch.state === 'Ringing' || ch.state === 'Ring')) state = 'ringing';
    else state = 'dialing';
    const callerIsExt = c.caller.number !== '' && this.#isExtension(c.caller.number);
    const calleeIsExt = c.callee.number !== '' && this.#isExtension(c.callee.number);
    const direction = callerIsExt ? (calleeIsExt ? 'internal' : 'outbound') : 'inbound';
    return {
      ...c,
      state,
      direction,
      caller: { ...c.caller },
      callee: { ...c.callee },
      channels: c.channels.map(copyChannel),
      bridges: [...c.bridges],
    };
  }
}
