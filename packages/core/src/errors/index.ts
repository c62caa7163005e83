export { AbortError } from './abort-error.js';
export { AipbxError, type AipbxErrorCode, type AipbxErrorOptions, isAipbxError } from './aipbx-error.js';
export { AuthenticationError } from './authentication-error.js';
export { CallFailedError, type CallFailureReason } from './call-failed-error.js';
export { ConnectionError } from './connection-error.js';
export { ProtocolError } from './protocol-error.js';
export { RemoteError } from './remote-error.js';
export { TimeoutError } from './timeout-error.js';
export { ValidationError, type ValidationProblem } from './validation-error.js';
