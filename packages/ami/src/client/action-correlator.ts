import { randomUUID } from 'node:crypto';
import {
  AbortError,
  type AipbxError,
  RemoteError,
  TimeoutError,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import type { AmiEvent } from '../parser/ami-event.js';
import type { AmiMessage } from '../parser/ami-message.js';
import { type AmiActionFields, type AmiFieldValue, encodeAction } from '../parser/encode-action.js';
import type { AmiResponse } from './ami-response.js';
import type { EventQueue } from './event-queue.js';

/**
 * When an action is complete:
 * - `auto` — on its response; when the response opens an event list, on the list's closing event,
 *   with the items collected in between;
 * - `originate` — on the `OriginateResponse` event carrying its `ActionID` (the response only says
 *   that the asynchronous Originate was queued);
 * - `stream` — like `auto`, but each list item goes to the action's stream as it arrives.
 */
export type ActionMode = 'auto' | 'originate' | 'stream';

/** An action checked and encoded by {@link ActionCorrelator.prepare}, not yet tracked. */
export interface PreparedAction {
  /** The action's name, as given. */
  readonly action: string;
  /** Its `ActionID`: the caller's, or a new random one. */
  readonly id: string;
  /** The wire text, `Action` first and `ActionID` last. */
  readonly text: string;
}

/** How {@link ActionCorrelator.track} handles one action. */
export interface TrackOptions {
  /** When the action is complete; see {@link ActionMode}. */
  mode: ActionMode;
  /**
   * The client's own action (challenge, login, ping, logoff): never kept for sending again after a
   * lost connection.
   */
  internal: boolean;
  /** How long to wait for the response and then for each list item, in ms. */
  timeoutMs: number;
  /** Cancels the wait. */
  signal?: AbortSignal | undefined;
  /** Where a `stream` action's list items go. */
  stream?: EventQueue<AmiEvent> | undefined;
  /** Write the action now (`true`), or hold it until {@link ActionCorrelator.sendHeld} (`false`). */
  send: boolean;
}

/** What an {@link ActionCorrelator} needs from its connection. */
export interface ActionCorrelatorOptions {
  /** `host:port`, for error messages. */
  address: string;
  /** A stream's size past which its consumer counts as lagging. */
  highWaterMark: number;
  /** Writes an action's wire text to the connection. */
  write(text: string): void;
  /** Removes secrets from text the PBX sent back. */
  redact(text: string): string;
  /**
   * Something flow control may care about happened: an action was written or is no longer waiting,
   * or a stream passed `highWaterMark`.
   */
  onFlowChange(): void;
}

/** One action from {@link ActionCorrelator.track} until it settles. */
interface PendingAction {
  readonly id: string;
  readonly action: string;
  readonly text: string;
  readonly mode: ActionMode;
  readonly internal: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly stream: EventQueue<AmiEvent> | undefined;
  readonly resolve: (result: AmiResponse) => void;
  readonly reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;
  /** The response frame (for `originate`, then the `OriginateResponse`). */
  response: AmiMessage | undefined;
  /** The response opened an event list. */
  listStarted: boolean;
  /** List items collected so far (not for streams). */
  events: AmiEvent[];
}

/**
 * Matches AMI responses and events to the actions that asked for them, by `ActionID`, and
 * assembles event lists — the part of the client that needs no socket (like ioredis's `Command`
 * and `DataHandler`). It is given each decoded response and each event that may carry an
 * `ActionID`, and writes through {@link ActionCorrelatorOptions.write}.
 *
 * Each tracked action settles exactly once: it resolves with its response (and list), or rejects
 * with RemoteError (`Response: Error`), TimeoutError, AbortError, or the error it is given when the
 * connection goes ({@link ActionCorrelator.connectionLost}, {@link ActionCorrelator.rejectAll}).
 *
 * @internal
 */
export class ActionCorrelator {
  readonly #o: ActionCorrelatorOptions;
  /** Actions written and waiting for their answer, by ActionID. */
  readonly #pending = new Map<string, PendingAction>();
  /** Actions waiting for a connection to be written (the offline queue). */
  #held: PendingAction[] = [];

  constructor(options: ActionCorrelatorOptions) {
    this.#o = options;
  }

  /** Actions written and waiting for their answer. */
  get size(): number {
    return this.#pending.size;
  }

  /** Actions held until the next connection. */
  get heldCount(): number {
    return this.#held.length;
  }

  /**
   * Checks `fields` and encodes them with `Action` first and `ActionID` (the caller's, or a new
   * random one: `aipbx-` and a UUID) last.
   *
   * @throws ValidationError (no `Action`, `Action` or `ActionID` given twice in different case, an
   *   empty `ActionID` or one in use by a tracked action, or whatever {@link encodeAction} refuses)
   */
  prepare(fields: AmiActionFields): PreparedAction {
    let actionKey: string | undefined;
    let idKey: string | undefined;
    const problems: ValidationProblem[] = [];
    for (const key of Object.keys(fields)) {
      const lower = key.toLowerCase();
      if (lower !== 'action' && lower !== 'actionid') continue;
      const value = fields[key];
      if (value === undefined || value === null) continue;
      const first = lower === 'action' ? actionKey : idKey;
      if (first !== undefined) {
        problems.push({
          field: key,
          message: `the same field as "${first}" (AMI field names are case-insensitive); give it once.`,
        });
      } else if (lower === 'action') actionKey = key;
      else idKey = key;
    }
    const actionValue = actionKey === undefined ? undefined : fields[actionKey];
    const action = typeof actionValue === 'string' ? actionValue : String(actionValue ?? '');
    if (actionKey === undefined || action === '' || typeof actionValue === 'object') {
      problems.push({
        field: 'Action',
        message: "is required: name the action as a string, e.g. { Action: 'Ping' }.",
      });
    }
    let id: string | undefined;
    if (idKey !== undefined) {
      const value = fields[idKey];
      id = typeof value === 'object' ? '' : String(value);
      if (id === '') {
        problems.push({
          field: idKey,
          message: 'must be a non-empty string; leave ActionID out and the client picks a random one.',
        });
      } else if (this.#pending.has(id) || this.#held.some((e) => e.id === id)) {
        problems.push({
          field: idKey,
          message: 'already used by a pending action; leave ActionID out and the client picks a unique one.',
        });
      }
    }
    if (problems.length > 0) throw new ValidationError('AMI action', problems);
    id ??= `aipbx-${randomUUID()}`;
    const ordered: Record<string, AmiFieldValue> = Object.create(null);
    ordered.Action = action;
    for (const key of Object.keys(fields)) {
      if (key !== actionKey && key !== idKey) ordered[key] = fields[key];
    }
    ordered.ActionID = id;
    return { action, id, text: encodeAction(ordered) };
  }

  /**
   * Tracks a prepared action: starts its timeout, listens to its signal, and writes it now or holds
   * it (`options.send`). The promise settles as described in {@link ActionCorrelator}.
   */
  track(prepared: PreparedAction, options: TrackOptions): Promise<AmiResponse> {
    return new Promise<AmiResponse>((resolve, reject) => {
      const entry: PendingAction = {
        id: prepared.id,
        action: prepared.action,
        text: prepared.text,
        mode: options.mode,
        internal: options.internal,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        stream: options.stream,
        resolve,
        reject,
        timer: undefined,
        onAbort: undefined,
        response: undefined,
        listStarted: false,
        events: [],
      };
      this.#armTimer(entry);
      const signal = options.signal;
      if (signal !== undefined) {
        entry.onAbort = () =>
          this.#fail(
            entry,
            new AbortError(`AMI action ${entry.action} was aborted.`, { cause: signal.reason }),
          );
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      if (options.send) this.#send(entry);
      else this.#held.push(entry);
    });
  }

  /** Writes every held action, in the order they were held (after a (re)connect). */
  sendHeld(): void {
    const held = this.#held;
    this.#held = [];
    for (const entry of held) this.#send(entry);
  }

  /**
   * The connection that the written actions went out on is gone. Each rejects with `error`, except
   * that with `resend` an action that is neither internal nor a stream is held, to be written again
   * on the next connection ({@link ActionCorrelator.sendHeld}); its timeout keeps running. Actions
   * already held stay held.
   */
  connectionLost(error: AipbxError, { resend }: { resend: boolean }): void {
    if (this.#pending.size === 0) return;
    for (const entry of [...this.#pending.values()]) {
      if (resend && !entry.internal && entry.mode !== 'stream') {
        this.#pending.delete(entry.id);
        this.#reset(entry);
        this.#held.push(entry);
      } else {
        this.#fail(entry, error);
      }
    }
  }

  /** Rejects every action, written or held, with `error`. */
  rejectAll(error: AipbxError): void {
    for (const entry of [...this.#pending.values()]) this.#fail(entry, error);
    const held = this.#held;
    this.#held = [];
    for (const entry of held) {
      this.#release(entry);
      entry.reject(error);
    }
  }

  /** A `Response:` frame arrived. One with no tracked `ActionID` is ignored (returns false). */
  onResponse(message: AmiMessage): boolean {
    const id = message.actionId;
    const entry = id === undefined ? undefined : this.#pending.get(id);
    if (entry === undefined) return false;
    const status = message.get('Response') ?? '';
    if (status.toLowerCase() === 'error') {
      this.#fail(entry, this.#remoteError(entry, message));
      return true;
    }
    entry.response = message;
    this.#armTimer(entry);
    if (entry.mode === 'originate') return true; // wait for OriginateResponse
    if (isListStart(message)) {
      entry.listStarted = true;
      return true;
    }
    this.#settle(entry, undefined);
    return true;
  }

  /**
   * An event arrived: if it carries the `ActionID` of a tracked action, it may be a list item, the
   * list's closing event or an `OriginateResponse`. Callers may skip this while {@link size} is 0.
   */
  onEvent(event: AmiEvent): void {
    const id = event.actionId;
    if (id === undefined) return;
    const entry = this.#pending.get(id);
    if (entry === undefined) return;
    if (entry.mode === 'originate') {
      if (event.name === 'OriginateResponse') {
        entry.response ??= event;
        this.#settle(entry, event);
      }
      return;
    }
    if (!entry.listStarted) return;
    if (isListComplete(event)) {
      this.#settle(entry, event);
      return;
    }
    this.#armTimer(entry);
    const stream = entry.stream;
    if (stream === undefined) {
      entry.events.push(event);
    } else if (!stream.ended) {
      stream.push(event);
      if (stream.size === this.#o.highWaterMark + 1) this.#o.onFlowChange();
    }
  }

  /**
   * Whether some written action still needs the socket read for its answer: every one does except
   * a stream whose own consumer is more than `limit` items behind (reading on would only grow it).
   */
  needsReading(limit: number): boolean {
    for (const entry of this.#pending.values()) {
      const stream = entry.stream;
      if (stream === undefined || stream.ended || stream.size <= limit) return true;
    }
    return false;
  }

  #send(entry: PendingAction): void {
    this.#reset(entry);
    this.#pending.set(entry.id, entry);
    this.#o.write(entry.text);
    this.#o.onFlowChange();
  }

  #reset(entry: PendingAction): void {
    entry.response = undefined;
    entry.listStarted = false;
    if (entry.events.length > 0) entry.events = [];
  }

  #armTimer(entry: PendingAction): void {
    if (entry.timer !== undefined) {
      entry.timer.refresh();
      return;
    }
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.#fail(
        entry,
        new TimeoutError(
          `AMI action ${entry.action} got no ${entry.response === undefined ? 'response' : 'further list items'} ` +
            `from ${this.#o.address} within ${entry.timeoutMs} ms. The PBX may be overloaded or the connection ` +
            'half-open; raise timeoutMs for slow actions.',
          entry.timeoutMs,
        ),
      );
    }, entry.timeoutMs);
  }

  /** Takes `entry` off wherever it waits and clears its timer and abort listener; false if it was not tracked. */
  #detach(entry: PendingAction): boolean {
    const wasPending = this.#pending.get(entry.id) === entry;
    if (wasPending) this.#pending.delete(entry.id);
    const heldAt = wasPending ? -1 : this.#held.indexOf(entry);
    if (heldAt !== -1) this.#held.splice(heldAt, 1);
    if (!wasPending && heldAt === -1) return false;
    this.#release(entry);
    return true;
  }

  /** Clears the timer and abort listener of an action that is no longer tracked. */
  #release(entry: PendingAction): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.onAbort !== undefined) entry.signal?.removeEventListener('abort', entry.onAbort);
    this.#o.onFlowChange();
  }

  #fail(entry: PendingAction, error: unknown): void {
    if (this.#detach(entry)) entry.reject(error);
  }

  #settle(entry: PendingAction, complete: AmiEvent | undefined): void {
    if (!this.#detach(entry)) return;
    entry.resolve({ response: entry.response!, events: entry.events, complete });
  }

  #remoteError(entry: PendingAction, message: AmiMessage): RemoteError {
    let text = message.get('Message') ?? '';
    if (message.output.length > 0)
      text = text ? `${text}: ${message.output.join(' / ')}` : message.output.join(' / ');
    const remote = this.#o.redact(text || 'no message');
    return new RemoteError(`AMI action ${entry.action} failed on ${this.#o.address}: ${remote}`, remote);
  }
}

/** A response that opens an event list. */
function isListStart(message: AmiMessage): boolean {
  const list = message.get('EventList');
  if (list !== undefined) return list.toLowerCase() === 'start';
  // Asterisk 1.8-era lists (and some Yeastar firmware) announce themselves only in the message.
  return /will follow/i.test(message.get('Message') ?? '');
}

/** The event that closes an event list. */
function isListComplete(event: AmiEvent): boolean {
  const list = event.get('EventList');
  if (list !== undefined && list.toLowerCase() === 'complete') return true;
  return (event.name ?? '').endsWith('Complete');
}
