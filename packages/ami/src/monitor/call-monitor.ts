import { randomUUID } from 'node:crypto';
import {
  AbortError,
  type AipbxError,
  CallFailedError,
  type Logger,
  RemoteError,
  TimeoutError,
  TypedEmitter,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import { type AmiClient, clientLogger } from '../client/ami-client.js';
import { reportError } from '../internal/report-error.js';
import type { AmiEvent } from '../parser/ami-event.js';
import type { Call, CompletedCall, ExtensionStatus } from './call.js';
import {
  type CallMonitorOptions,
  type ClickToCallDefaults,
  type ClickToCallRequest,
  DEFAULT_OPERATOR_CONTEXT,
} from './call-monitor-options.js';
import { describeFailure, failureOfDialStatus, failureOfOriginateReason } from './call-outcomes.js';
import { type CallChange, CallTracker } from './call-tracker.js';
import { type ExtensionSource, ExtensionTracker } from './extension-tracker.js';

/** What a {@link CallMonitor} emits. */
export interface CallMonitorEvents {
  /** A call appeared (live, or found at a resync). */
  'call:start': (call: Call) => void;
  /** A call changed: state, parties, channels, bridges. */
  'call:update': (call: Call) => void;
  /** A call ended and went to the history. */
  'call:end': (call: CompletedCall) => void;
  /** An extension's state changed. */
  'extension:update': (status: ExtensionStatus) => void;
  /** The monitor rebuilt its state from the PBX (after connect or reconnect). */
  resync: (summary: ResyncSummary) => void;
  /**
   * A failure not tied to a call you await: a resync that failed, a history sink that threw. With
   * no listener it is logged instead (the `logger` option), or written with `console.error`.
   */
  error: (error: AipbxError | Error) => void;
}

/** What a resync found. */
export interface ResyncSummary {
  /** Calls in progress after the resync. */
  calls: number;
  /** Calls that ended while the monitor was disconnected. */
  ended: number;
  /** Extensions known. */
  extensions: number;
  /** Which list the extensions came from. */
  extensionSource: ExtensionSource;
}

/** `from`: an extension or number — never a dial string (no technology, `/`, `@`, `&`). */
const FROM_OK = /^[A-Za-z0-9+][A-Za-z0-9_.+-]{0,63}$/;
/** `to`: a number or extension; `*` and `#` for feature codes such as `*97`. */
const TO_OK = /^[A-Za-z0-9+*#][A-Za-z0-9_.+*#-]{0,63}$/;
/** A dialplan context name. */
const CONTEXT_OK = /^[A-Za-z0-9_-]{1,79}$/;
/**
 * Exactly one channel, `Tech/resource`: no `&` (which would ring several channels), no argument
 * separators, quotes, brackets, backslashes, whitespace or control characters.
 */
const CHANNEL_OK = /^[A-Za-z][A-Za-z0-9_]*\/[^\s\p{Cc}&,;|()[\]"'`\\]+$/u;
const CONTROL = /\p{Cc}/u;

/**
 * Active calls, call history, click-to-call, hangup and extension status over one {@link AmiClient}.
 *
 * Calls are tracked from channel events and rebuilt from `CoreShowChannels` on every (re)connect,
 * so no phantom or missing call survives a PBX restart or a network outage. Extension states come
 * from hints (`ExtensionStateList`), or, on PBXs without them, from device states or PJSIP endpoints.
 *
 * @example
 * ```ts
 * const ami = AmiClient.fromEnv();
 * const monitor = new CallMonitor(ami);
 * monitor.on('call:start', (call) => console.log('call', call.caller.number, '→', call.callee.number));
 * monitor.on('call:end', (call) => console.log('ended', call.disposition, call.billableSec, 's'));
 * await ami.connect();
 * await monitor.start();
 * await monitor.call({ from: '301', to: '302' });
 * ```
 */
export class CallMonitor extends TypedEmitter<CallMonitorEvents> {
  readonly #client: AmiClient;
  readonly #options: CallMonitorOptions;
  /** Where unhandled `error`s go; undefined: `console.error`. */
  readonly #log: Logger | undefined;
  readonly #calls: CallTracker;
  readonly #extensions: ExtensionTracker;
  readonly #history: CompletedCall[] = [];
  #started = false;
  /** Events that arrived while a resync's lists were being read; applied after them. */
  #buffer: AmiEvent[] | undefined;
  #syncing: Promise<void> | undefined;

  readonly #onEvent = (event: AmiEvent) => {
    if (this.#buffer) this.#buffer.push(event);
    else this.#apply(event);
  };
  readonly #onConnect = () => {
    this.sync().catch((err: unknown) => this.#fail(err));
  };

  constructor(client: AmiClient, options: CallMonitorOptions = {}) {
    super();
    this.#client = client;
    this.#options = options;
    this.#log = options.logger?.child('ami').child('monitor') ?? clientLogger(client)?.child('monitor');
    const now = options.now ?? (() => new Date());
    this.#extensions = new ExtensionTracker({ now });
    this.#calls = new CallTracker({ now, isExtension: (n) => this.#extensions.has(n) });
  }

  /** Calls in progress, oldest first. */
  get calls(): Call[] {
    return this.#calls.list();
  }

  /** Finished calls kept in memory (at most `historyLimit`), oldest first. */
  get history(): CompletedCall[] {
    return [...this.#history];
  }

  /** Every extension and its state. */
  get extensions(): ExtensionStatus[] {
    return this.#extensions.list();
  }

  /** One call in progress. */
  getCall(id: string): Call | undefined {
    return this.#calls.get(id);
  }

  /** One extension's status. */
  getExtension(extension: string, context?: string): ExtensionStatus | undefined {
    return this.#extensions.get(extension, context);
  }

  /**
   * Starts following the PBX: listens to the client's events and, on every connect (the first and
   * each reconnect), rebuilds calls and extensions from the PBX. If the client is connected now it
   * resolves after that first rebuild; otherwise it resolves at once and the rebuild runs when the
   * client connects (a `resync` event says when).
   */
  async start(): Promise<void> {
    if (this.#started) return this.#syncing;
    this.#started = true;
    this.#client.on('event', this.#onEvent);
    this.#client.on('connect', this.#onConnect);
    if (this.#client.state === 'connected') await this.sync();
  }

  /** Stops following the PBX. The history is kept; calls in progress are forgotten. */
  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    this.#client.off('event', this.#onEvent);
    this.#client.off('connect', this.#onConnect);
    this.#calls.clear();
    this.#buffer = undefined;
  }

  /**
   * Rebuilds calls and extensions from the PBX now (`CoreShowChannels` plus the extension list).
   * Runs by itself on every connect; concurrent calls share one run.
   */
  sync(): Promise<void> {
    this.#syncing ??= this.#sync().finally(() => {
      this.#syncing = undefined;
    });
    return this.#syncing;
  }

  async #sync(): Promise<void> {
    this.#buffer = [];
    try {
      const [extensions, channels] = await Promise.all([
        this.#readExtensions(),
        this.#client.action({ Action: 'CoreShowChannels' }),
      ]);
      for (const status of this.#extensions.reset(extensions.source, extensions.items)) {
        this.safeEmit('extension:update', status);
      }
      const changes = this.#calls.resync(channels.events.filter((e) => e.name === 'CoreShowChannel'));
      this.#emitChanges(changes);
      const buffered = this.#buffer;
      this.#buffer = undefined;
      for (const event of buffered) this.#apply(event);
      this.safeEmit('resync', {
        calls: this.#calls.list().length,
        ended: changes.filter((c) => c.type === 'end').length,
        extensions: this.#extensions.list().length,
        extensionSource: this.#extensions.source,
      });
    } catch (err) {
      const buffered = this.#buffer ?? [];
      this.#buffer = undefined;
      for (const event of buffered) this.#apply(event);
      throw err;
    }
  }

  /** Hints first; PBXs without `ExtensionStateList` fall back to device states, then PJSIP endpoints. */
  async #readExtensions(): Promise<{ source: ExtensionSource; items: readonly AmiEvent[] }> {
    const attempts: [ExtensionSource, string][] = [
      ['hints', 'ExtensionStateList'],
      ['devices', 'DeviceStateList'],
      ['endpoints', 'PJSIPShowEndpoints'],
    ];
    let last: unknown;
    for (const [source, action] of attempts) {
      try {
        const { events } = await this.#client.action({ Action: action });
        if (source === 'hints' && events.length === 0) continue;
        return { source, items: events };
      } catch (err) {
        if (!(err instanceof RemoteError)) throw err;
        last = err;
      }
    }
    if (last) throw last;
    return { source: 'hints', items: [] };
  }

  #apply(event: AmiEvent): void {
    for (const status of this.#extensions.apply(event)) this.safeEmit('extension:update', status);
    this.#emitChanges(this.#calls.apply(event));
  }

  #emitChanges(changes: readonly CallChange[]): void {
    for (const change of changes) {
      if (change.type === 'end') this.#record(change.call);
      else this.safeEmit(change.type === 'start' ? 'call:start' : 'call:update', change.call);
    }
  }

  #record(call: CompletedCall): void {
    this.#history.push(call);
    const limit = this.#options.historyLimit ?? 1000;
    if (this.#history.length > limit) this.#history.splice(0, this.#history.length - limit);
    this.safeEmit('call:end', call);
    const sink = this.#options.historySink;
    if (sink) {
      try {
        Promise.resolve(sink(call)).catch((err: unknown) => this.#fail(err));
      } catch (err) {
        this.#fail(err);
      }
    }
  }

  /** Reports a failure no caller awaits: to `error` listeners, or else to the logger (or the console). */
  #fail(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    reportError(this, error, this.#log, 'ami:monitor');
  }

  /**
   * Click-to-call: rings `from`, and when it answers dials `to` from it. Resolves with the call once
   * both are connected; rejects with {@link CallFailedError} saying why it did not connect (`busy`,
   * `no-answer`, `unavailable`, `congestion`, `cancelled`, `failed`) and which leg failed.
   *
   * The request is checked before anything is sent to the PBX: `from` must be an extension or
   * number (1–64 of `A–Z a–z 0–9 _ . + -`, not starting with `_`, `-` or `.`), never a dial string;
   * `to` a number or extension (the same, plus `*` and `#` for feature codes such as `*97`); the
   * context a context name (1–79 of `A–Z a–z 0–9 _ -`); `callerId` free of control characters;
   * and what {@link ClickToCallDefaults.channel} makes of `from` exactly one channel,
   * `Tech/resource` (no `&`, separators, quotes, brackets, backslashes or spaces).
   *
   * @throws ValidationError (`INVALID_INPUT`) naming each bad field, before any action is sent
   */
  async call(request: ClickToCallRequest): Promise<Call> {
    const defaults = this.#options.clickToCall ?? {};
    const ringTimeoutMs = request.ringTimeoutMs ?? defaults.ringTimeoutMs ?? 30_000;
    const context = request.context ?? defaults.context ?? DEFAULT_OPERATOR_CONTEXT;
    const channel = this.#checkClickToCall(request, defaults, context);
    const timeoutMs = request.timeoutMs ?? ringTimeoutMs * 2 + 10_000;
    const id = `aipbx-c2c-${randomUUID()}`;
    if (!this.#started) await this.start();
    this.#calls.expectClickToCall(id, request.from, request.to);

    // Listen before originating: the dial to `to` may end before Originate's response is read.
    let settle: ((result: Call | AipbxError) => void) | undefined;
    const outcome = new Promise<Call | AipbxError>((resolve) => {
      settle = resolve;
    });
    const onEvent = (event: AmiEvent) => {
      const f = event.fields;
      if (event.name === 'DialEnd' && f.Linkedid === id && f.Uniqueid) {
        if (f.DialStatus === 'ANSWER') {
          // The tracker has applied this event already (it listens first), so the call is answered.
          const call = this.#calls.get(id);
          if (call) settle?.(call);
        } else {
          const reason = failureOfDialStatus(f.DialStatus);
          settle?.(
            new CallFailedError(
              reason,
              'to',
              `The call from ${request.from} to ${request.to} did not connect: ${request.to} ${describeFailure(reason)}.`,
            ),
          );
        }
      }
    };
    const onEnd = (call: CompletedCall) => {
      if (call.id === id) {
        settle?.(
          new CallFailedError(
            'failed',
            'to',
            `The call from ${request.from} to ${request.to} ended before it connected (${call.hangupCauseText || 'no cause given'}).`,
          ),
        );
      }
    };
    this.#client.on('event', onEvent);
    this.on('call:end', onEnd);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () =>
      settle?.(
        new AbortError('Click-to-call was aborted; the call may still be in progress.', {
          cause: request.signal?.reason,
        }),
      );
    try {
      if (request.signal?.aborted)
        throw new AbortError('Click-to-call was aborted before it started.', {
          cause: request.signal.reason,
        });
      request.signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        settle?.(
          new TimeoutError(
            `The call from ${request.from} to ${request.to} did not connect within ${timeoutMs} ms.`,
            timeoutMs,
          ),
        );
      }, timeoutMs);
      const response = await this.#client.originate(
        {
          Channel: channel,
          Context: context,
          Exten: request.to,
          Priority: 1,
          Timeout: ringTimeoutMs,
          CallerID: request.callerId ?? `"${request.to}" <${request.to}>`,
          ChannelId: id,
        },
        { timeoutMs: ringTimeoutMs + 10_000, ...(request.signal ? { signal: request.signal } : {}) },
      );
      if (response.fields.Response !== 'Success') {
        const reason = failureOfOriginateReason(response.fields.Reason);
        throw new CallFailedError(
          reason,
          'from',
          `Extension ${request.from} ${describeFailure(reason)}; the call to ${request.to} was not placed.`,
        );
      }
      const result = await outcome;
      if (result instanceof Error) throw result;
      return result;
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      this.#client.off('event', onEvent);
      this.off('call:end', onEnd);
    }
  }

  /**
   * Validates a click-to-call request (see {@link CallMonitor.call}) and returns the channel to ring.
   *
   * @throws ValidationError naming every bad field; never echoing `from`, `to` or the channel
   */
  #checkClickToCall(request: ClickToCallRequest, defaults: ClickToCallDefaults, context: string): string {
    const problems: ValidationProblem[] = [];
    const { from, to, callerId } = request;
    const fromOk = typeof from === 'string' && FROM_OK.test(from);
    if (!fromOk) {
      problems.push({
        field: 'from',
        message:
          'must be an extension or number: 1 to 64 letters, digits, "_", ".", "+" or "-", not starting ' +
          'with "_", "-" or ".". A dial string (technology, "/", "@", "&") is not accepted; set the ' +
          'clickToCall.channel option to say how extensions are reached.',
      });
    }
    if (typeof to !== 'string' || !TO_OK.test(to)) {
      problems.push({
        field: 'to',
        message:
          'must be a number or extension: 1 to 64 letters, digits, "_", ".", "+", "-", "*" or "#" ' +
          '(feature codes such as *97 are fine), not starting with "_", "-" or ".".',
      });
    }
    if (typeof context !== 'string' || !CONTEXT_OK.test(context)) {
      problems.push({
        field: request.context === undefined ? 'clickToCall.context' : 'context',
        message: 'must be a dialplan context name: 1 to 79 letters, digits, "_" or "-".',
      });
    }
    if (callerId !== undefined && (typeof callerId !== 'string' || CONTROL.test(callerId))) {
      problems.push({
        field: 'callerId',
        message:
          'must be text without CR, LF or other control characters (they would inject AMI headers), ' +
          'e.g. "Shop" <200>.',
      });
    }
    let channel = '';
    if (fromOk) {
      const made: unknown = (defaults.channel ?? defaultChannel)(from);
      if (typeof made === 'string' && CHANNEL_OK.test(made)) channel = made;
      else {
        problems.push({
          field: 'clickToCall.channel',
          message:
            `the option produced an unusable channel for extension ${from}: it must return exactly one ` +
            'channel, Tech/resource such as PJSIP/301, with no spaces, control characters, "&" (which ' +
            'would ring several channels), ",", ";", "|", quotes, brackets, parentheses or backslashes.',
        });
      }
    }
    if (problems.length > 0) throw new ValidationError('click-to-call request', problems);
    return channel;
  }

  /**
   * Hangs up every channel of a call in progress. Resolves `true` once the call has ended, or
   * `false` at once when no call with that id is in progress.
   *
   * @throws TimeoutError when the PBX did not end the call within `timeoutMs` (default 10 s)
   */
  async hangup(callId: string, options: { timeoutMs?: number } = {}): Promise<boolean> {
    const call = this.#calls.get(callId);
    if (!call) return false;
    const timeoutMs = options.timeoutMs ?? 10_000;
    let onEnd: ((c: CompletedCall) => void) | undefined;
    const ended = new Promise<void>((resolve) => {
      onEnd = (c: CompletedCall) => {
        if (c.id === callId) resolve();
      };
      this.on('call:end', onEnd);
    });
    await Promise.all(
      call.channels.map((ch) =>
        this.#client.action({ Action: 'Hangup', Channel: ch.name, Cause: 16 }).catch((err: unknown) => {
          // A channel that hung up meanwhile is fine: the goal is that none is left.
          if (!(err instanceof RemoteError)) throw err;
        }),
      ),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      ended,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new TimeoutError(
                `Call ${callId} was hung up but did not end within ${timeoutMs} ms.`,
                timeoutMs,
              ),
            ),
          timeoutMs,
        );
      }),
    ]).finally(() => {
      clearTimeout(timer);
      if (onEnd) this.off('call:end', onEnd);
    });
    return true;
  }
}

function defaultChannel(extension: string): string {
  return `PJSIP/${extension}`;
}
