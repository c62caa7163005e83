/**
 * Ambient declarations for `ari-client`, which ships no types: only the parts the benchmark uses,
 * as its JavaScript is published (ari-client 2.2).
 */
declare module 'ari-client' {
  /** A channel resource: operations take the channel's id from the instance. */
  export interface AriChannel {
    id: string;
    answer(): Promise<void>;
    play(params: { media: string }, playback?: AriPlayback): Promise<AriPlayback>;
    hangup(): Promise<void>;
  }

  /** A playback resource (`client.Playback()` makes one with a generated id). */
  export interface AriPlayback {
    id: string;
  }

  /** An event as Asterisk sent it. */
  export interface AriClientEvent {
    type: string;
    args?: string[];
    channel?: { id: string };
    playback?: { id: string; state?: string; media_uri?: string; target_uri?: string };
  }

  /** The client `connect` resolves to, after downloading Asterisk's Swagger description. */
  export interface AriClient {
    /** Opens the events WebSocket for `apps`; resolves when it is open. */
    start(apps: string | string[]): Promise<void>;
    /** Closes the events WebSocket. */
    stop(): void;
    Playback(): AriPlayback;
    on(event: 'StasisStart', listener: (event: AriClientEvent, channel: AriChannel) => void): this;
    on(event: string, listener: (event: AriClientEvent, resource: unknown) => void): this;
    listenerCount(event: string): number;
    eventNames(): (string | symbol)[];
    /** Per-instance listeners (`channel.on(…)`), keyed by event type. */
    _instanceListeners: Record<string, unknown[]>;
  }

  export function connect(url: string, user: string, pass: string): Promise<AriClient>;
  const ari: { connect: typeof connect };
  export default ari;
}
