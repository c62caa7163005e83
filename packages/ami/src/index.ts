/**
 * @packageDocumentation
 * `@aipbx/ami`: an Asterisk Manager Interface client for Asterisk and Yeastar PBXs — a fast
 * incremental protocol decoder, promise-based actions correlated by `ActionID`, typed events,
 * MD5 login, TLS, a ping watchdog, reconnect with resync, and backpressure. Node.js only.
 */

// The client.
export { AmiClient, type AmiEventStreamOptions, type AmiOriginateFields } from './client/ami-client.js';
export {
  AMI_LIFECYCLE_EVENTS,
  type AmiClientEvents,
  type AmiClientLifecycleEvents,
  type AmiConnectInfo,
  type AmiNamedEvents,
  type AmiReconnectInfo,
} from './client/ami-client-events.js';
export type { AmiAuthType, AmiClientOptions } from './client/ami-client-options.js';
export type { AmiClientState } from './client/ami-client-state.js';
export { AMI_ENV_VARIABLES, type AmiEnv, amiOptionsFromEnv } from './client/ami-env.js';
export type { AmiActionOptions, AmiResponse } from './client/ami-response.js';

// The call monitor.
export type {
  Call,
  CallChannel,
  CallDirection,
  CallDisposition,
  CallParty,
  CallState,
  CompletedCall,
  ExtensionState,
  ExtensionStatus,
} from './monitor/call.js';
export { CallMonitor, type CallMonitorEvents, type ResyncSummary } from './monitor/call-monitor.js';
export type {
  CallMonitorOptions,
  ClickToCallDefaults,
  ClickToCallRequest,
} from './monitor/call-monitor-options.js';
export { type CallChange, CallTracker } from './monitor/call-tracker.js';
export { type ExtensionSource, ExtensionTracker } from './monitor/extension-tracker.js';

// The protocol: decoding, messages and events, encoding.
export {
  AmiDecoder,
  type AmiDecoderCallbacks,
  type AmiDecoderOptions,
  DEFAULT_MAX_FRAME_LENGTH,
  DEFAULT_MAX_LINE_LENGTH,
} from './parser/ami-decoder.js';
export type {
  AmiBridgeFields,
  AmiChannelFields,
  AmiDestChannelFields,
  AmiEvent,
  AmiEventFieldMap,
  AmiEventFields,
  KnownAmiEventName,
} from './parser/ami-event.js';
export { AmiMessage, type AmiMessageObject, type AmiMessageType } from './parser/ami-message.js';
export {
  type AmiActionFields,
  type AmiFieldValue,
  encodeAction,
  escapeVariableValue,
} from './parser/encode-action.js';
