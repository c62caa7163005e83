/**
 * @packageDocumentation
 * `<aipbx-softphone>`: an operator's phone in the browser. Importing this entry registers the
 * element (see `define-softphone.ts`); the phone engine under it (sip.js) loads once the element
 * has its `server`, `extension` and `password`. `@aipbx/widget/phone` has the engine alone.
 */
import '../define-softphone.js';

export { defineAipbxSoftphone } from '../define-softphone.js';
export type { PhoneCall, PhoneCallEvents, PhoneCallLevels, PhoneParty } from '../phone/phone-call.js';
export type { PhoneCallChange, PhoneCallReason, PhoneCallState } from '../phone/phone-call-state.js';
export type {
  PhoneCallOptions,
  PhoneEngine,
  PhoneEngineEvents,
  RecentCall,
} from '../phone/phone-engine.js';
export type { PhoneOptions } from '../phone/phone-options.js';
export type {
  RegistrationChange,
  RegistrationReason,
  RegistrationState,
} from '../phone/registration-state.js';
export { AipbxSoftphone } from './aipbx-softphone.js';
export type {
  AipbxSoftphoneEventMap,
  SoftphoneCallEndDetail,
  SoftphoneCallStartDetail,
  SoftphoneErrorDetail,
  SoftphoneErrorReason,
  SoftphoneIncomingDetail,
  SoftphoneRegisteredDetail,
  SoftphoneUnregisteredDetail,
} from './softphone-events.js';
export type { SoftphoneStrings } from './softphone-strings.js';
