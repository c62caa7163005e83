// @aipbx/sip: a Node SIP service for PBXs without ARI (the Yeastar guide's native PJSIP mode).

export type { CallMedia, CallMediaStats, MediaEndReason, MediaFormat } from '@aipbx/media';
export { SipCall } from './call/sip-call.js';
export type {
  CollectDtmfOptions,
  PcmSource,
  SipCallDirection,
  SipCallEndReason,
  SipCallEvents,
  SipCallMediaOptions,
  SipParty,
  SipPlayOptions,
  SipPlayOutcome,
  SipRecordOptions,
  SipRecordResult,
} from './call/sip-call-types.js';
export type { RtpRemoteReport, RtpSessionStats } from './media/rtp-session.js';
export type { RegistrationState, RegistrationStatus } from './service/sip-line.js';
export {
  type SipCallHandler,
  type SipDialOptions,
  SipService,
  type SipServiceEvents,
} from './service/sip-service.js';
export {
  type RtpOptions,
  SIP_ENV,
  type SipServiceOptions,
  type SipServiceTransport,
  sipServiceOptionsFromEnv,
} from './service/sip-service-options.js';
