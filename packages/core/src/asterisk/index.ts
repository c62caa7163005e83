/**
 * @packageDocumentation
 * `@aipbx/core/asterisk`: Asterisk config generation on its own, for a backend that writes the
 * configuration and needs nothing else of the SDK. {@link generateAsteriskConfig} takes plain
 * objects; the types of the PBX, SIP URIs, widgets and operators it reads are exported here too,
 * and so is the {@link ValidationError} it throws (the same class `@aipbx/core` exports).
 */

export type { ValidationProblem } from '../errors/validation-error.js';
export { ValidationError } from '../errors/validation-error.js';
export type { Pbx } from '../models/pbx.js';
export type { SipUri } from '../models/sip-uri.js';
export type { Widget } from '../models/widget.js';
export type { SipUser } from '../sip-users/sip-users.js';
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
