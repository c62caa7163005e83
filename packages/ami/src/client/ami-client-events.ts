import type { AipbxError, ConnectionError } from '@aipbx/core';
import type { AmiEvent, KnownAmiEventName } from '../parser/ami-event.js';
import type { AmiClientState } from './ami-client-state.js';

/** What the `connect` event carries. */
export interface AmiConnectInfo {
  /** Version from the banner, e.g. `11.0.0` on Asterisk 22 (the AMI version, not Asterisk's). */
  readonly version: string | undefined;
  /** True when this connection replaced a lost one (a `resync` follows). */
  readonly reconnect: boolean;
}

/** What the `reconnecting` event carries. */
export interface AmiReconnectInfo {
  /** 1 for the first attempt after a loss, then 2, 3… */
  readonly attempt: number;
  /** How long the client waits before this attempt, in ms. */
  readonly delayMs: number;
  /** What ended the previous connection or attempt. */
  readonly error: AipbxError;
}

/** The client's own events (lower-case names, so they never clash with AMI event names). */
export interface AmiClientLifecycleEvents {
  /** Every state change; see {@link AmiClientState}. */
  state: (state: AmiClientState, previous: AmiClientState) => void;
  /** Logged in, on the first connection and after every reconnect. */
  connect: (info: AmiConnectInfo) => void;
  /** An established connection was lost (socket closed, watchdog timeout). */
  disconnect: (error: ConnectionError) => void;
  /** Waiting before a reconnect attempt. */
  reconnecting: (info: AmiReconnectInfo) => void;
  /**
   * Logged in again after a loss. Events were missed while disconnected: rebuild state from list
   * actions (e.g. `CoreShowChannels`) now.
   */
  resync: () => void;
  /** Every AMI event, in stream order. */
  event: (event: AmiEvent) => void;
  /**
   * A problem that did not come from a call you can await: a malformed or oversized frame
   * (`PROTOCOL`, the frame was skipped), or the reconnect policy giving up / a refused re-login
   * (then the client is closed). With no listener it is not lost: it is logged at `error` level
   * through the `logger` option, or written with `console.error` when the client has no logger.
   */
  error: (error: AipbxError) => void;
  /** The client reached `closed`. */
  close: () => void;
  /**
   * Reading from the socket was paused (`true`) because an async event consumer fell behind, or
   * resumed (`false`) once it caught up. See {@link AmiClient.events}.
   */
  backpressure: (paused: boolean) => void;
}

/** Per-name listeners for the events with typed fields, e.g. `client.on('Hangup', (e) => …)`. */
export type AmiNamedEvents = { [N in KnownAmiEventName]: (event: AmiEvent<N>) => void };

/** Every event an {@link AmiClient} emits. Other AMI event names: {@link AmiClient.onEvent}. */
export type AmiClientEvents = AmiClientLifecycleEvents & AmiNamedEvents;

/** Names of {@link AmiClientLifecycleEvents}; an AMI event with one of these names is not emitted by name. */
export const AMI_LIFECYCLE_EVENTS: ReadonlySet<string> = new Set<keyof AmiClientLifecycleEvents>([
  'state',
  'connect',
  'disconnect',
  'reconnecting',
  'resync',
  'event',
  'error',
  'close',
  'backpressure',
]);
