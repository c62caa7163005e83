import { randomUUID } from 'node:crypto';
import { CallFailedError, ProtocolError, TimeoutError } from '@aipbx/core';
import { CallMedia, MEDIA_FORMATS, type MediaListen, type MediaTransport } from '@aipbx/media';
import type WebSocket from 'ws';
import type { AriApi, AriEvent, Channel } from '../client/generated/ari-api.js';
import { AriHttpError } from '../errors/ari-http-error.js';
import { audioSocketKindForRate } from './audiosocket-frame.js';
import {
  type CallMediaOptions,
  type ResolvedCallMediaOptions,
  resolveCallMediaOptions,
} from './call-media-options.js';
import { AudioSocketTransport } from './transports/audiosocket-transport.js';
import { RtpTransport } from './transports/rtp-transport.js';
import { WebSocketMediaTransport } from './transports/websocket-transport.js';

/** Ids of the externalMedia channels `call.media()` makes; the app never hands these to `onCall`. */
export const MEDIA_CHANNEL_PREFIX = 'aipbx-media-';

/** Ids of the mixing bridges `call.media()` makes. */
export const MEDIA_BRIDGE_PREFIX = 'aipbx-media-bridge-';

/** What opening a call's media needs from the call and its app. */
export interface MediaHost {
  readonly api: AriApi;
  readonly appName: string;
  /** The call's channel id. */
  readonly callId: string;
  /** Opens a media WebSocket to Asterisk (credentials and TLS of the client). */
  mediaSocket(connectionId: string): WebSocket;
  /** Runs `sweep` once more later, or when the app stops, whichever comes first. */
  sweepLater(sweep: () => Promise<void>): void;
  /** Routes events of `channelId` to the call until released. */
  adopt(channelId: string): void;
  release(channelId: string): void;
  /** Watches the call's events and its end; returns the function that stops watching. */
  watch(watcher: { onEvent(event: AriEvent): void; onEnd(reason: string): void }): () => void;
}

/**
 * Makes the externalMedia channel, connects its transport, bridges it with the call and returns the
 * {@link CallMedia}. On any failure everything made so far is removed before the error is thrown.
 */
export async function openCallMedia(
  host: MediaHost,
  options: CallMediaOptions | undefined,
): Promise<CallMedia> {
  const o = resolveCallMediaOptions(options);
  const format = MEDIA_FORMATS[o.format];
  const { api } = host;
  const mediaId = `${MEDIA_CHANNEL_PREFIX}${randomUUID()}`;
  const bridgeId = `${MEDIA_BRIDGE_PREFIX}${randomUUID()}`;
  host.adopt(mediaId);
  let transport: MediaTransport | undefined;
  let abandon: (() => void) | undefined;
  let unwatch: (() => void) | undefined;
  let bridged = false;
  /** A request that makes something timed out: it may still be done after the teardown. */
  let unsure = false;
  /** Removes the channel and the bridge; true when a step may not have been carried out. */
  const remove = async (): Promise<boolean> => {
    let doubtful = false;
    const note = (error: unknown) => {
      if (!(error instanceof AriHttpError && error.status === 404)) doubtful = true;
    };
    await api.channels.hangup({ channelId: mediaId }).catch(note);
    if (bridged) await api.bridges.destroy({ bridgeId }).catch(note);
    return doubtful;
  };
  const teardown = async () => {
    unwatch?.();
    const doubtful = await remove();
    host.release(mediaId);
    // A request that timed out or never arrived may still be carried out by a busy Asterisk, or
    // was not: remove it all again later (the channel is also hung up by the app when it enters
    // Stasis unclaimed).
    if (unsure || doubtful) host.sweepLater(async () => void (await remove()));
  };
  // Subscribe before asking: the media channel must be in the app before it can be bridged.
  let stopWaiting: (() => void) | undefined;
  const inStasis = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new TimeoutError(
            `The media channel did not enter the app within ${o.connectTimeoutMs} ms.`,
            o.connectTimeoutMs,
          ),
        ),
      o.connectTimeoutMs,
    );
    const unwatchStart = host.watch({
      onEvent: (event) => {
        if (event.type === 'StasisStart' && event.channel.id === mediaId) resolve();
      },
      onEnd: () =>
        reject(new CallFailedError('cancelled', 'from', 'The call ended before its media was connected.')),
    });
    stopWaiting = () => {
      clearTimeout(timer);
      unwatchStart();
    };
  });
  inStasis.catch(() => undefined);
  try {
    const connect = CONNECT[o.transport];
    const connected = await connect(host, mediaId, o, (cancel) => {
      abandon = cancel;
    });
    transport = connected;
    await inStasis;
    stopWaiting?.();
    // Marked before asking: a request that times out may still make the bridge.
    bridged = true;
    await api.bridges.createWithId({ bridgeId, type: 'mixing' });
    await api.bridges.addChannel({ bridgeId, channel: [host.callId, mediaId] });
  } catch (error) {
    if (error instanceof TimeoutError) unsure = true;
    stopWaiting?.();
    abandon?.();
    await transport?.close().catch(() => undefined);
    await teardown();
    throw error;
  }
  const media = new CallMedia({
    format,
    transport,
    maxQueueMs: o.maxQueueMs,
    maxReadFrames: o.maxReadFrames,
    sendSilence: o.sendSilence,
    teardown,
  });
  unwatch = host.watch({
    onEvent: (event) => {
      const channel = (event as { channel?: Channel }).channel;
      if (event.type === 'ChannelDtmfReceived' && channel?.id === host.callId)
        media.emit('dtmf', event.digit);
      else if (event.type === 'ChannelDestroyed' && channel?.id === mediaId) void media.close('hangup');
    },
    onEnd: (reason) => void media.close(reason === 'stopped' ? 'stopped' : 'hangup'),
  });
  return media;
}

type Connect = (
  host: MediaHost,
  channelId: string,
  o: ResolvedCallMediaOptions,
  onAbandon: (cancel: () => void) => void,
) => Promise<MediaTransport>;

/** `host:port` as Asterisk expects it (IPv6 in brackets). */
function hostPort(listen: MediaListen, port: number): string {
  const host = listen.advertise ?? listen.host;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** How each transport makes its externalMedia channel and connects to it. */
const CONNECT: Readonly<Record<ResolvedCallMediaOptions['transport'], Connect>> = {
  // The app connects to Asterisk's HTTP server: nothing listens on the app's host.
  websocket: async (host, channelId, o, onAbandon) => {
    const channel: Channel = await host.api.channels.externalMedia({
      channelId,
      app: host.appName,
      external_host: 'INCOMING',
      transport: 'websocket',
      encapsulation: 'none',
      connection_type: 'server',
      format: o.format,
      transport_data: 'f(json)',
    });
    const connectionId = channel.channelvars?.MEDIA_WEBSOCKET_CONNECTION_ID;
    if (typeof connectionId !== 'string' || connectionId === '') {
      throw new ProtocolError(
        'Asterisk made the WebSocket media channel without a MEDIA_WEBSOCKET_CONNECTION_ID: it needs chan_websocket (Asterisk 22.6 or later).',
      );
    }
    const socket = host.mediaSocket(connectionId);
    onAbandon(() => socket.terminate());
    return (await WebSocketMediaTransport.connect(socket, o.connectTimeoutMs)).transport;
  },
  // Asterisk connects to the app's TCP port and names the call's UUID.
  audiosocket: async (host, channelId, o, onAbandon) => {
    const listen = o.listen as MediaListen;
    const uuid = randomUUID();
    const kind = audioSocketKindForRate(MEDIA_FORMATS[o.format].sampleRate) as number;
    const listener = await AudioSocketTransport.listen(listen, uuid, kind);
    onAbandon(listener.cancel);
    const accepted = listener.accept(o.connectTimeoutMs);
    accepted.catch(() => undefined);
    await host.api.channels.externalMedia({
      channelId,
      app: host.appName,
      external_host: hostPort(listen, listener.port),
      transport: 'tcp',
      encapsulation: 'audiosocket',
      format: o.format,
      data: uuid,
    });
    return accepted;
  },
  // RTP both ways: the app's UDP port from its range, Asterisk's from the channel's variables.
  rtp: async (host, channelId, o, onAbandon) => {
    const listen = o.listen as MediaListen;
    const { port, transport } = await RtpTransport.open(listen, MEDIA_FORMATS[o.format]);
    onAbandon(() => void transport.close());
    const channel: Channel = await host.api.channels.externalMedia({
      channelId,
      app: host.appName,
      external_host: hostPort(listen, port),
      transport: 'udp',
      encapsulation: 'rtp',
      format: o.format,
    });
    const address = channel.channelvars?.UNICASTRTP_LOCAL_ADDRESS;
    const remotePort = Number(channel.channelvars?.UNICASTRTP_LOCAL_PORT);
    if (typeof address !== 'string' || !Number.isInteger(remotePort)) {
      throw new ProtocolError('Asterisk made the RTP media channel without UNICASTRTP_LOCAL_ADDRESS/PORT.');
    }
    transport.connect(address, remotePort);
    return transport;
  },
};
