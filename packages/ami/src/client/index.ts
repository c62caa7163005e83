export {
  AmiClient,
  type AmiEventStreamOptions,
  type AmiOriginateFields,
} from './ami-client.js';
export {
  AMI_LIFECYCLE_EVENTS,
  type AmiClientEvents,
  type AmiClientLifecycleEvents,
  type AmiConnectInfo,
  type AmiNamedEvents,
  type AmiReconnectInfo,
} from './ami-client-events.js';
export type { AmiAuthType, AmiClientOptions } from './ami-client-options.js';
export { AMI_CLIENT_TRANSITIONS, type AmiClientState, canTransition } from './ami-client-state.js';
export { AMI_ENV_VARIABLES, type AmiEnv, amiOptionsFromEnv } from './ami-env.js';
export type {
  AmiBridgeFields,
  AmiChannelFields,
  AmiDestChannelFields,
  AmiEvent,
  AmiEventFieldMap,
  AmiEventFields,
  KnownAmiEventName,
} from './ami-event.js';
export type { AmiActionOptions, AmiResponse } from './ami-response.js';
