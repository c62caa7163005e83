/**
 * Ambient declarations for the two baseline libraries, which ship no types: only the parts the
 * benchmark uses, as their JavaScript is published (asterisk-manager 0.2, asterisk-ami-client 1.1).
 */

declare module 'asterisk-manager' {
  /** An event as asterisk-manager delivers it: header names lower-cased, values as strings. */
  export interface ManagerEvent {
    event: string;
    [header: string]: unknown;
  }

  /** The object the factory returns. */
  export interface Manager {
    on(name: 'managerevent', listener: (event: ManagerEvent) => void): void;
    on(name: 'error', listener: (error: Error) => void): void;
    connect(port: number, host: string, callback: () => void): void;
    login(callback: (error: { message?: unknown } | undefined) => void): void;
    disconnect(callback?: () => void): void;
  }

  /** `require('asterisk-manager')(port, host, username, password, events)`; connects at once when `port` is set. */
  const factory: (
    port: number | undefined,
    host: string,
    username: string,
    password: string,
    events: boolean,
  ) => Manager;
  export default factory;
}

declare module 'asterisk-ami-client' {
  /** An event as asterisk-ami-client delivers it: header names as Asterisk sent them. */
  export interface AmiClientEvent {
    Event: string;
    [header: string]: unknown;
  }

  /** The client class (`require('asterisk-ami-client')`). */
  export default class AmiClient {
    constructor(options?: { reconnect?: boolean; keepAlive?: boolean });
    on(name: 'event', listener: (event: AmiClientEvent) => void): this;
    on(name: 'internalError', listener: (error: Error) => void): this;
    connect(user: string, secret: string, options: { host: string; port: number }): Promise<unknown>;
    disconnect(): this;
  }
}
