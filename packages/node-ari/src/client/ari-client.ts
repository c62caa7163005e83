import { type AipbxError, TypedEmitter, ValidationError } from '@aipbx/core';
import type WebSocket from 'ws';
import { appPort, StasisApp } from '../app/stasis-app.js';
import type { StasisAppOptions } from '../app/stasis-app-options.js';
import { AriEventsSocket } from '../transport/ari-events-socket.js';
import { AriHttp } from '../transport/ari-http.js';
import type { AriRequestOptions } from '../transport/ari-request-options.js';
import type { EventsSocketState } from '../transport/events-socket-state.js';
import { openMediaSocket } from '../transport/media-socket.js';
import {
  type AriClientOptions,
  type ResolvedAriClientOptions,
  resolveAriClientOptions,
} from './ari-client-options.js';
import { AriFeatures } from './ari-features.js';
import { resources } from './ari-resources.js';
import type {
  ApplicationsApi,
  AriApi,
  AriMessage,
  AsteriskApi,
  BridgesApi,
  ChannelsApi,
  DeviceStatesApi,
  EndpointsApi,
  EventsApi,
  MailboxesApi,
  PlaybacksApi,
  RecordingsApi,
  SoundsApi,
} from './generated/ari-api.js';

const APP_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;

/** Events of an {@link AriClient}. */
export interface AriClientEvents {
  /** Every message from the events socket, for every app. */
  message: (message: AriMessage) => void;
  /** The events socket changed state. */
  state: (state: EventsSocketState, previous: EventsSocketState) => void;
  /** A failure no pending call reports: a lost socket, a malformed message, giving up reconnecting. */
  error: (error: AipbxError) => void;
}

/**
 * A client for the Asterisk REST Interface: every ARI operation, typed from Asterisk's own
 * description and called as `client.<resource>.<operation>(params)`, plus one events WebSocket
 * shared by the Stasis apps made with {@link AriClient.app}.
 *
 * No description is downloaded at run time: the operations are compiled in (see
 * `npm run generate:ari`). REST calls need no connection step; the events socket opens with the
 * first `app.start()`.
 *
 * @example
 * ```ts
 * const client = new AriClient({ url: 'https://pbx.example.com:8089', username: 'aipbx', password });
 * const info = await client.asterisk.getInfo();
 * const app = client.app('aiPBXBot');
 * app.onCall(async (call) => { await call.answer(); await call.play('sound:hello-world'); await call.hangup(); });
 * await app.start();
 * ```
 */
export class AriClient extends TypedEmitter<AriClientEvents> implements AriApi {
  readonly asterisk: AsteriskApi;
  readonly endpoints: EndpointsApi;
  readonly channels: ChannelsApi;
  readonly bridges: BridgesApi;
  readonly recordings: RecordingsApi;
  readonly sounds: SoundsApi;
  readonly playbacks: PlaybacksApi;
  readonly deviceStates: DeviceStatesApi;
  readonly mailboxes: MailboxesApi;
  /** User events and broadcast claims (the events WebSocket itself is what apps use). */
  readonly events: EventsApi;
  readonly applications: ApplicationsApi;

  readonly #o: ResolvedAriClientOptions;
  readonly #http: AriHttp;
  readonly #features: AriFeatures;
  readonly #apps = new Map<string, StasisApp>();
  #socket: AriEventsSocket | undefined;
  /** The current socket's first connect. */
  #ready: Promise<void> | undefined;

  /** @throws ValidationError (`INVALID_INPUT`) listing every bad option; never the password. */
  constructor(options: AriClientOptions) {
    super();
    this.#o = resolveAriClientOptions(options);
    this.#http = new AriHttp({
      url: this.#o.url,
      username: this.#o.username,
      password: this.#o.password,
      ca: this.#o.ca,
      requestTimeoutMs: this.#o.requestTimeoutMs,
      maxSockets: this.#o.maxSockets,
      logger: this.#o.logger,
    });
    this.#features = new AriFeatures(this.#http);
    const api = resources(this.#http);
    this.asterisk = api.asterisk;
    this.endpoints = api.endpoints;
    this.channels = api.channels;
    this.bridges = api.bridges;
    this.recordings = api.recordings;
    this.sounds = api.sounds;
    this.playbacks = api.playbacks;
    this.deviceStates = api.deviceStates;
    this.mailboxes = api.mailboxes;
    this.events = api.events;
    this.applications = api.applications;
  }

  /** `https://host:port` of the PBX, without credentials. */
  get address(): string {
    return this.#http.address;
  }

  /**
   * True when the connected Asterisk has `operation` (`resource.nickname`, e.g.
   * `channels.externalMedia`) and, if given, its `parameter` — read from Asterisk's own description
   * on first use, one resource at a time, and cached. Use it before calling what older or newer
   * releases lack; the compiled-in operations describe Asterisk 22.10.
   *
   * @example
   * ```ts
   * if (await client.supports('channels.externalMedia', 'transport')) { … }
   * ```
   */
  supports(operation: string, parameter?: string, options?: AriRequestOptions): Promise<boolean> {
    return this.#features.supports(operation, parameter, options);
  }

  /** The events socket's state; `idle` until an app starts. */
  get state(): EventsSocketState {
    return this.#socket?.state ?? 'idle';
  }

  /**
   * The Stasis app `name` on this client (the first argument of `Stasis()` in the dialplan). The
   * same name returns the same app (with the options it was first made with). Make every app before
   * the first one starts: they share one events socket, which registers them all at once; a call that
   * reaches a registered app that is not started is hung up.
   *
   * @throws ValidationError for a name Asterisk would not accept, or a new app once the socket is open
   */
  app(name: string, options: StasisAppOptions = {}): StasisApp {
    const existing = this.#apps.get(name);
    if (existing) return existing;
    if (typeof name !== 'string' || !APP_NAME.test(name)) {
      throw new ValidationError('Stasis app', [
        { field: 'name', message: 'must be 1–80 Latin letters, digits, "_", "-" or ".", e.g. aiPBXBot' },
      ]);
    }
    if (this.#socket && this.#socket.state !== 'closed') {
      throw new ValidationError('Stasis app', [
        {
          field: 'name',
          message: `cannot join the events socket that is already open for ${[...this.#apps.keys()].join(', ')}; make every app before starting the first, or use another AriClient`,
        },
      ]);
    }
    const app = new StasisApp(this, name, options, {
      attach: () => this.#openSocket(),
      detach: () => this.#maybeCloseSocket(),
      mediaSocket: (connectionId) => this.#mediaSocket(connectionId),
      logger: this.#o.logger.child(name),
    });
    this.#apps.set(name, app);
    return app;
  }

  /** Stops every app, closes the events socket and the REST sockets. */
  async close(): Promise<void> {
    await Promise.all([...this.#apps.values()].map((app) => app.stop()));
    await this.#socket?.close();
    this.#http.close();
  }

  /** Opens the shared events socket once; later callers share it. */
  #mediaSocket(connectionId: string): WebSocket {
    return openMediaSocket(
      {
        url: this.#o.url,
        username: this.#o.username,
        password: this.#o.password,
        ca: this.#o.ca,
        handshakeTimeoutMs: this.#o.connectTimeoutMs,
      },
      connectionId,
    );
  }

  #openSocket(): Promise<void> {
    if (this.#socket && this.#socket.state !== 'closed' && this.#ready) return this.#ready;
    const socket = new AriEventsSocket({
      url: this.#o.url,
      username: this.#o.username,
      password: this.#o.password,
      ca: this.#o.ca,
      apps: [...this.#apps.keys()],
      subscribeAll: this.#o.subscribeAll,
      connectTimeoutMs: this.#o.connectTimeoutMs,
      pingIntervalMs: this.#o.pingIntervalMs,
      pingTimeoutMs: this.#o.pingTimeoutMs,
      reconnect: this.#o.reconnect,
      logger: this.#o.logger.child('events'),
    });
    socket.on('message', (message) => {
      this.safeEmit('message', message);
      const target = 'application' in message ? this.#apps.get(message.application) : undefined;
      if (target) appPort(target).receive(message);
    });
    let opened = false;
    socket.on('state', (state, previous) => {
      this.safeEmit('state', state, previous);
      // Closed without close() after having been open: reconnecting gave up.
      if (state === 'closed' && previous !== 'closing' && opened) {
        for (const app of this.#apps.values()) appPort(app).socketGaveUp();
      }
    });
    socket.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.safeEmit('error', error);
      else this.#o.logger.warn(error.message, { code: error.code });
    });
    socket.on('open', ({ reconnect }) => {
      opened = true;
      if (reconnect) for (const app of this.#apps.values()) appPort(app).resyncAfterReconnect();
    });
    this.#socket = socket;
    // Every app that starts while the socket exists waits on its first connect.
    this.#ready = socket.connect().catch((error: unknown) => {
      if (this.#socket === socket) this.#socket = undefined;
      throw error;
    });
    return this.#ready;
  }

  /** Closes the socket once no app is running. */
  async #maybeCloseSocket(): Promise<void> {
    if ([...this.#apps.values()].some((app) => app.running)) return;
    const socket = this.#socket;
    this.#socket = undefined;
    await socket?.close();
  }
}
