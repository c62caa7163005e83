/**
 * @packageDocumentation
 * aipbx core: what the widget, the ARI client and the AMI client share — the publishing objects
 * and their validation, Asterisk config generation, errors, events, reconnect policy and a logger
 * that redacts secrets. Isomorphic: no DOM and no Node built-ins.
 *
 * Asterisk config generation alone is also available as `@aipbx/core/asterisk`.
 */

export {
  type AmiOptions,
  type AmiUser,
  type AriOptions,
  type AriOutboundOptions,
  type AsteriskConfigFileName,
  type AsteriskConfigFiles,
  type AsteriskConfigInput,
  type CallLimits,
  DEFAULT_AMI_READ,
  DEFAULT_AMI_WRITE,
  type DialplanOptions,
  generateAsteriskConfig,
  type HttpOptions,
  type SipOptions,
  type SipTrunk,
} from './asterisk/index.js';
export {
  type AudioProcessing,
  CONNECTION_MODES,
  type ConnectionMode,
  type ConnectionModeInfo,
  DEFAULT_DIALPLAN,
  DEFAULT_PORTS,
  type DefaultPorts,
  isSipTransport,
  parseSipTransport,
  SIP_TRANSPORTS,
  type SipTransport,
} from './connection-modes/index.js';
export {
  AbortError,
  AipbxError,
  type AipbxErrorCode,
  type AipbxErrorOptions,
  AuthenticationError,
  CallFailedError,
  type CallFailureReason,
  ConnectionError,
  isAipbxError,
  ProtocolError,
  RemoteError,
  TimeoutError,
  ValidationError,
  type ValidationProblem,
} from './errors/index.js';
export {
  type EventArgs,
  type EventMap,
  type EventName,
  type OnceEventOptions,
  onceEvent,
  rethrowAsync,
  TypedEmitter,
} from './events/index.js';
export {
  consoleSink,
  createLogger,
  isLogLevel,
  isSensitiveKey,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type LogRecord,
  type LogSink,
  noopLogger,
  REDACTED,
  type RedactOptions,
  redact,
  redactText,
} from './logging/index.js';
export {
  createPbx,
  createSipUri,
  createWidget,
  DEFAULT_CONTEXT,
  DEFAULT_SIP_DOMAIN,
  DEFAULT_WIDGET_BASE_URL,
  type EmbedCodeOptions,
  type EmbedCrossOrigin,
  isValidAssistantId,
  isValidContext,
  isValidDomain,
  isValidPassword,
  isValidSipUser,
  type Pbx,
  type PbxInput,
  pbxAddress,
  type SipUri,
  type SipUriInput,
  sipAddress,
  validatePbx,
  validateSipUri,
  validateWidget,
  type Widget,
  type WidgetInput,
  widgetEmbedCode,
} from './models/index.js';
export { type ReconnectOptions, ReconnectPolicy, sleep } from './reconnect/index.js';
export {
  isRecordingFormat,
  parseRecordingUrl,
  RECORDING_FORMATS,
  type RecordingFormat,
  type RecordingUrlParts,
  recordingUrl,
} from './recording/index.js';
export { formatSipUsers, parseSipUsers, type SipUser, validateSipUsers } from './sip-users/index.js';
