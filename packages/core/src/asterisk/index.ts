export type {
  AmiOptions,
  AmiUser,
  AsteriskConfigFileName,
  AsteriskConfigFiles,
  AsteriskConfigInput,
  DialplanOptions,
  HttpOptions,
  SipOptions,
  SipTrunk,
} from './asterisk-config-options.js';
export { generateAsteriskConfig } from './generate-asterisk-config.js';
