/**
 * @packageDocumentation
 * `<aipbx-call>`: a WebRTC call button that connects a website visitor to an aipbx assistant.
 * Importing the package registers the element (see `define.ts`). The call engine under it
 * (sip.js) loads on first intent; import `@aipbx/widget/engine` to drive calls without the element.
 * The operator's softphone, `<aipbx-softphone>`, is registered by `@aipbx/widget/softphone`
 * (its types are exported here too); its engine alone is `@aipbx/widget/phone`.
 */
import './define.js';

export { defineAipbxCall } from './define.js';
export { AipbxCall, type CallPlacement } from './element/aipbx-call.js';
export type { CallEndDetail, CallErrorDetail, CallStartDetail } from './element/call-events.js';
export type { CallStrings } from './element/strings.js';
export type { CallEngine, CallEngineEvents, CallLevels } from './engine/call-engine.js';
export type { CallEngineOptions, DtmfMode, QualityThresholds } from './engine/call-engine-options.js';
export type { CallQuality, QualityMetric, QualityWarning } from './engine/call-quality.js';
export type { CallState, CallStateChange, CallStateReason } from './engine/call-state.js';
export type { AipbxSoftphone } from './softphone/aipbx-softphone.js';
export type {
  AipbxSoftphoneEventMap,
  SoftphoneCallEndDetail,
  SoftphoneCallStartDetail,
  SoftphoneErrorDetail,
  SoftphoneErrorReason,
  SoftphoneIncomingDetail,
  SoftphoneRegisteredDetail,
  SoftphoneUnregisteredDetail,
} from './softphone/softphone-events.js';
