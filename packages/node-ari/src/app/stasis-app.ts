import { ConnectionError, type Logger, recordingUrl, TypedEmitter, ValidationError } from '@aipbx/core';
import type WebSocket from 'ws';
import type { AriApi, AriEvent, AriMessage, Channel } from '../client/generated/ari-api.js';
import { ChannelGoneError } from '../errors/channel-gone-error.js';
import { MEDIA_BRIDGE_PREFIX, MEDIA_CHANNEL_PREFIX } from '../media/open-call-media.js';
import { type Call, type CallHost, type CallPort, createCall } from './call.js';
import type { CallEndReason } from './call-types.js';
import type { StasisAppOptions } from './stasis-app-options.js';

/** Stasis args of channels the app makes itself (legs of bridgeTo, snoops): never handed to onCall. */
const OWN_CHANNEL_ARGS = new Set(['aipbx-leg', 'aipbx-snoop']);

/**
 * When a request that makes a media channel or bridge timed out, Asterisk may still carry it out:
 * the teardown runs once more after this long, or when the app stops.
 */
const LATE_SWEEP_MS = 30_000;

/** Empty media bridges older than this are removed when the app starts, and each time this passes. */
const STALE_BRIDGE_MS = 60_000;

/** What `onCall` receives and may return. */
export type CallHandler = (call: Call) => void | Promise<void>;

/** What {@link StasisApp} emits after a reconnect. */
export interface StasisResync {
  /** The app's channels Asterisk reported. */
  channels: readonly string[];
  /** The app's bridges Asterisk reported. */
  bridges: readonly string[];
  /** Calls that were in progress before the loss and are gone now (they ended with `lost`). */
  ended: readonly Call[];
}

/** Events of a {@link StasisApp}. */
export interface StasisAppEvents {
  /** A new call entered the app (before `onCall` runs). */
  call: (call: Call) => void;
  /** A call ended. */
  callEnd: (call: Call, reason: CallEndReason) => void;
  /** The events socket came back after a loss, and the app's calls were checked against Asterisk. */
  resync: (state: StasisResync) => void;
  /** A handler threw (its call was hung up), or another client took the app over. */
  error: (error: Error, call?: Call) => void;
  /** Every event for this app. */
  event: (event: AriEvent) => void;
}

/** How the client drives an app it made. */
export interface AppLink {
  /** Opens (or joins) the client's events socket. */
  attach(): Promise<unknown>;
  /** Lets the client close the socket if no app runs. */
  detach(): Promise<void>;
  /** Opens a media WebSocket to Asterisk's `/media/<connection id>` with the client's credentials and TLS trust. */
  mediaSocket(connectionId: string): WebSocket;
  logger: Logger;
}

/** The client's side of an app: deliver messages, report a reconnect, or the end of reconnecting. */
export interface AppPort {
  receive(message: AriMessage): void;
  resyncAfterReconnect(): void;
  /** The events socket gave up reconnecting: the app stops and its calls end with `lost`. */
  socketGaveUp(): void;
  /**
   * The connection that carried this app closed for good (an outbound WebSocket from Asterisk,
   * which closes after each call when per-call): calls still there end with `lost`; no error.
   */
  closed(): void;
}

const appPorts = new WeakMap<StasisApp, AppPort>();

/** The port the client delivers `app`'s messages through. */
export function appPort(app: StasisApp): AppPort {
  return appPorts.get(app)!;
}

/** The channel an event is about: its `channel`, or the channel a playback or recording targets. */
function channelOf(event: AriEvent): string | undefined {
  const e = event as {
    channel?: Channel;
    playback?: { target_uri?: string };
    recording?: { target_uri?: string };
  };
  if (e.channel?.id) return e.channel.id;
  const uri = e.playback?.target_uri ?? e.recording?.target_uri;
  return uri?.startsWith('channel:') ? uri.slice('channel:'.length) : undefined;
}

/**
 * A Stasis application: the other end of `Stasis(aiPBXBot,${ASSISTANTID})` in the dialplan. Every
 * channel that enters it becomes a {@link Call} handed to the `onCall` handler; the call's events
 * reach that call only, and it ends (with every listener removed) when the channel leaves.
 *
 * A handler that throws gets its call hung up and the error reported as an `error` event; the app
 * goes on. After the events socket comes back from a loss, the app asks Asterisk which of its
 * channels still exist and ends the others with `lost` (`resync` event): no phantom calls.
 *
 * @example
 * ```ts
 * const app = client.app('aiPBXBot');
 * app.onCall(async (call) => {
 *   await call.answer();
 *   await call.play('sound:hello-world');
 *   await call.hangup();
 * });
 * app.on('error', (error, call) => console.error(call?.id, error));
 * await app.start();
 * ```
 */
export class StasisApp extends TypedEmitter<StasisAppEvents> {
  /** The app's name, as in `Stasis(<name>,…)`. */
  readonly name: string;

  readonly #api: AriApi & { readonly address: string };
  readonly #link: AppLink;
  readonly #log: Logger;
  readonly #host: Omit<CallHost, 'adopt' | 'release'>;
  #handler: CallHandler | undefined;
  #running = false;
  readonly #calls = new Map<string, { call: Call; port: CallPort; hungUp: boolean }>();
  /** The periodic sweep of stale media bridges. */
  #staleSweep: ReturnType<typeof setInterval> | undefined;
  /** Teardowns to run again later (see LATE_SWEEP_MS), with their timers. */
  readonly #sweeps = new Map<() => Promise<void>, ReturnType<typeof setTimeout>>();
  /** Channel id → the call its events go to (the call's own channel, its legs and snoops). */
  readonly #routes = new Map<string, string>();

  /** @internal Made by `client.app(name)`. */
  constructor(
    api: AriApi & { readonly address: string },
    name: string,
    options: StasisAppOptions,
    link: AppLink,
  ) {
    super();
    this.name = name;
    this.#api = api;
    this.#link = link;
    this.#log = link.logger;
    const ring = options.ringTimeoutSeconds ?? 30;
    if (!(Number.isInteger(ring) && ring > 0)) {
      throw new ValidationError('Stasis app options', [
        { field: 'ringTimeoutSeconds', message: 'must be a whole number ≥ 1' },
      ]);
    }
    const recordings = options.recordings;
    const format = recordings === false ? 'wav' : (recordings?.format ?? 'wav');
    // The web server that serves recordings is the PBX's host name (its own HTTP port is Asterisk's).
    const pbxAddress =
      recordings === false ? undefined : (recordings?.pbxAddress ?? new URL(api.address).hostname);
    if (pbxAddress !== undefined) {
      try {
        recordingUrl({ pbxAddress, assistantId: 'a', uniqueId: '1.1', format });
      } catch (error) {
        throw new ValidationError(
          'Stasis app options',
          ((error as ValidationError).problems ?? []).map((p) => ({
            field: `recordings.${p.field}`,
            message: p.message,
          })),
        );
      }
    }
    this.#host = {
      api,
      appName: name,
      ringTimeoutSeconds: ring,
      logger: this.#log,
      mediaSocket: (connectionId) => link.mediaSocket(connectionId),
      sweepLater: (sweep) => {
        const timer = setTimeout(() => {
          this.#sweeps.delete(sweep);
          void sweep().catch(() => undefined);
        }, LATE_SWEEP_MS);
        timer.unref();
        this.#sweeps.set(sweep, timer);
      },
      recordingUrl: (assistantId, uniqueId) => {
        if (pbxAddress === undefined) return undefined;
        try {
          return recordingUrl({ pbxAddress, assistantId, uniqueId, format });
        } catch {
          return undefined; // not a recording the dialplan made (a channel id of someone else's choosing)
        }
      },
    };
    appPorts.set(this, {
      receive: (message) => this.#receive(message),
      resyncAfterReconnect: () => void this.#resync(),
      closed: () => {
        if (!this.#running) return;
        this.#running = false;
        for (const id of [...this.#calls.keys()]) this.#finish(id, 'lost');
        this.#log.debug('Stasis app ended with its connection', { app: this.name });
      },
      socketGaveUp: () => {
        if (!this.#running) return;
        this.#running = false;
        for (const id of [...this.#calls.keys()]) this.#finish(id, 'lost');
        this.#log.error('Stasis app stopped: the events socket gave up reconnecting; start() it again', {
          app: this.name,
        });
      },
    });
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.#running;
  }

  /** Calls in progress, by call (channel) id. */
  get calls(): ReadonlyMap<string, Call> {
    return new Map([...this.#calls].map(([id, entry]) => [id, entry.call]));
  }

  /**
   * Sets the function every new call is handed to (replacing an earlier one). Returns the app.
   * Channels the app makes itself — the other party of `call.bridgeTo()`, snoop channels — enter
   * the app with the Stasis argument `aipbx-leg` or `aipbx-snoop` and are never handed to it.
   */
  onCall(handler: CallHandler): this {
    if (typeof handler !== 'function') {
      throw new ValidationError('onCall', [
        { field: 'handler', message: 'must be a function taking the call' },
      ]);
    }
    this.#handler = handler;
    return this;
  }

  /**
   * Registers the app with Asterisk: opens the client's events socket (or joins it). From then on
   * `Stasis(<name>,…)` in the dialplan reaches this app.
   *
   * @throws AuthenticationError, ConnectionError, TimeoutError from opening the socket
   */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      await this.#link.attach();
    } catch (error) {
      this.#running = false;
      throw error;
    }
    this.#log.info('Stasis app started', { app: this.name });
    void this.#sweepStaleBridges();
    this.#staleSweep = setInterval(() => void this.#sweepStaleBridges(), STALE_BRIDGE_MS);
    this.#staleSweep.unref();
  }

  /**
   * Removes empty media bridges older than a minute: left behind when an app was killed, or when an
   * overloaded Asterisk carried out a request after its caller had given up. A minute keeps it
   * clear of another instance's bridge that is about to get its channels.
   */
  async #sweepStaleBridges(): Promise<void> {
    try {
      const now = Date.now();
      const stale = (await this.#api.bridges.list()).filter(
        (b) =>
          b.id.startsWith(MEDIA_BRIDGE_PREFIX) &&
          b.channels.length === 0 &&
          now - Date.parse(b.creationtime) > STALE_BRIDGE_MS,
      );
      for (const b of stale) await this.#api.bridges.destroy({ bridgeId: b.id }).catch(() => undefined);
      if (stale.length > 0)
        this.#log.info('removed empty media bridges left behind', { count: stale.length });
    } catch (error) {
      this.#log.debug('could not list bridges to sweep', { error: (error as Error).message });
    }
  }

  /**
   * Stops taking calls: calls in progress end with `stopped` (their channels are left as they are;
   * hang them up first if that is what you want), their media is closed — the media channels and
   * bridges it made are removed before this resolves — and the events socket closes once no app runs.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearInterval(this.#staleSweep);
    const ports = [...this.#calls.values()].map((entry) => entry.port);
    for (const id of [...this.#calls.keys()]) this.#finish(id, 'stopped');
    // Each step of a teardown is bounded by the request timeout: this cannot hang.
    await Promise.all(ports.map((port) => port.released()));
    const sweeps = [...this.#sweeps];
    this.#sweeps.clear();
    for (const [, timer] of sweeps) clearTimeout(timer);
    await Promise.all(sweeps.map(([sweep]) => sweep().catch(() => undefined)));
    await this.#link.detach();
    this.#log.info('Stasis app stopped', { app: this.name });
  }

  #receive(message: AriMessage): void {
    if (message.type === 'MissingParams') return;
    const event = message as AriEvent;
    if (!this.#running) {
      // Registered (the socket it shares is open) but not started: do not leave the caller in silence.
      if (event.type === 'StasisStart' && !OWN_CHANNEL_ARGS.has(event.args[0] ?? '')) {
        this.#log.warn('a call reached an app that is not started; hanging up', { call: event.channel.id });
        void this.#api.channels.hangup({ channelId: event.channel.id }).catch(() => undefined);
      }
      return;
    }
    this.safeEmit('event', event);
    if (event.type === 'ApplicationReplaced') {
      this.#report(
        new ConnectionError(
          'CONNECTION_LOST',
          this.#api.address,
          `Another connection registered the Stasis app "${this.name}"; this client no longer receives its calls. Stop the other, or give each its own app name.`,
        ),
      );
      return;
    }
    const channelId = channelOf(event);
    if (channelId === undefined) return;
    if (event.type === 'StasisStart' && !this.#routes.has(channelId)) {
      if (OWN_CHANNEL_ARGS.has(event.args[0] ?? '')) return;
      if (channelId.startsWith(MEDIA_CHANNEL_PREFIX)) {
        // A media channel whose call.media() already gave up (Asterisk made it after the request
        // timed out): nobody will bridge it.
        this.#log.debug('hanging up a media channel made too late', { channel: channelId });
        void this.#api.channels.hangup({ channelId }).catch(() => undefined);
        return;
      }
      this.#start(event.channel, event.args);
      return;
    }
    const callId = this.#routes.get(channelId);
    const entry = callId === undefined ? undefined : this.#calls.get(callId);
    if (!entry) return;
    entry.port.handle(event);
    if (channelId !== callId) return;
    if (event.type === 'ChannelHangupRequest' || event.type === 'ChannelDestroyed') entry.hungUp = true;
    if (event.type === 'StasisEnd' || event.type === 'ChannelDestroyed')
      this.#finish(callId, entry.hungUp ? 'hangup' : 'left');
  }

  #start(channel: Channel, args: readonly string[]): void {
    const host: CallHost = {
      ...this.#host,
      adopt: (id, call) => this.#routes.set(id, call.id),
      release: (id) => {
        if (id !== channel.id) this.#routes.delete(id);
      },
    };
    const { call, port } = createCall(host, channel, args);
    this.#calls.set(call.id, { call, port, hungUp: false });
    this.#routes.set(call.id, call.id);
    this.#log.debug('call', { call: call.id, assistant: call.assistantId });
    this.safeEmit('call', call);
    const handler = this.#handler;
    if (!handler) {
      if (this.listenerCount('call') === 0) {
        this.#log.warn('no onCall handler: hanging up', { call: call.id });
        void call.hangup().catch(() => undefined);
      }
      return;
    }
    void (async () => {
      try {
        await handler(call);
      } catch (error) {
        if (error instanceof ChannelGoneError && (call.ended || error.channelId === call.id)) {
          this.#log.debug('handler stopped: the call hung up', { call: call.id });
          return;
        }
        this.#report(error instanceof Error ? error : new Error(String(error)), call);
        if (!call.ended) await call.hangup().catch(() => undefined);
      }
    })();
  }

  #finish(callId: string, reason: CallEndReason): void {
    const entry = this.#calls.get(callId);
    if (!entry) return;
    this.#calls.delete(callId);
    for (const [channel, owner] of [...this.#routes]) if (owner === callId) this.#routes.delete(channel);
    entry.port.end(reason);
    this.safeEmit('callEnd', entry.call, reason);
  }

  #report(error: Error, call?: Call): void {
    if (this.listenerCount('error') > 0) this.safeEmit('error', error, call);
    else this.#log.error(error.message, { call: call?.id, name: error.name });
  }

  async #resync(): Promise<void> {
    if (!this.#running) return;
    try {
      const state = await this.#api.applications.get({ applicationName: this.name });
      const alive = new Set(state.channel_ids);
      const ended: Call[] = [];
      for (const [id, entry] of [...this.#calls]) {
        if (!alive.has(id)) {
          ended.push(entry.call);
          this.#finish(id, 'lost');
        } else {
          entry.port.recheck();
        }
      }
      this.#log.info('resynced after reconnect', { channels: state.channel_ids.length, ended: ended.length });
      this.safeEmit('resync', { channels: state.channel_ids, bridges: state.bridge_ids, ended });
    } catch (error) {
      this.#report(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
