export {
  CallMedia,
  type CallMediaStats,
  FRAME_MS,
  MEDIA_FORMATS,
  type MediaEndReason,
  type MediaFormat,
  type MediaFormatInfo,
  type MediaListen,
} from '@aipbx/media';
export { Call } from './app/call.js';
export type {
  BridgedLeg,
  BridgeToOptions,
  CallEndReason,
  CallEvents,
  Caller,
  CollectDtmfOptions,
  PlaybackOutcome,
  PlaybackResult,
  PlayOptions,
  RecordOptions,
  RecordOutcome,
  RecordResult,
} from './app/call-types.js';
export { type CallHandler, StasisApp, type StasisAppEvents, type StasisResync } from './app/stasis-app.js';
export type { StasisAppOptions } from './app/stasis-app-options.js';
export { AriClient, type AriClientEvents } from './client/ari-client.js';
export type { AriClientOptions } from './client/ari-client-options.js';
export type { AriOperationSpec, AriParamLocation, AriParamSpec } from './client/ari-operation.js';
export * from './client/generated/ari-api.js';
export { AriHttpError, type AriHttpErrorDetails } from './errors/ari-http-error.js';
export { ChannelGoneError } from './errors/channel-gone-error.js';
export type { CallMediaOptions, MediaTransportKind } from './media/call-media-options.js';
export {
  AriPool,
  type AriPoolEvents,
  type AriPoolOptions,
  type PoolCallHandler,
  type PoolMember,
  type PoolPbx,
  type PoolPbxState,
} from './pool/ari-pool.js';
export { AriServer, type AriServerEvents, type AriServerOptions } from './server/ari-server.js';
export type { AriRequestOptions } from './transport/ari-request-options.js';
export type { EventsSocketState } from './transport/events-socket-state.js';
