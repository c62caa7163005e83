export type {
  AmiOptions,
  AmiUser,
  AriOptions,
  AriOutboundOptions,
  AsteriskConfigFileName,
  AsteriskConfigFiles,
  AsteriskConfigInput,
  CallLimits,
  DialplanOptions,
  HttpOptions,
  SipOptions,
  SipTrunk,
} from './asterisk-config-options.js';
export { DEFAULT_AMI_READ, DEFAULT_AMI_WRITE } from './asterisk-config-options.js';
export { generateAsteriskConfig } from './generate-asterisk-config.js';
