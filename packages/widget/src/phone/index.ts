export { PhoneCall, type PhoneCallEvents, type PhoneCallLevels, type PhoneParty } from './phone-call.js';
export {
  isPhoneCallLive,
  type PhoneCallChange,
  type PhoneCallReason,
  type PhoneCallState,
} from './phone-call-state.js';
export {
  type PhoneCallOptions,
  PhoneEngine,
  type PhoneEngineEvents,
  type RecentCall,
} from './phone-engine.js';
export type { PhoneOptions } from './phone-options.js';
export type { RegistrationChange, RegistrationReason, RegistrationState } from './registration-state.js';
