export {
  AmiDecoder,
  type AmiDecoderCallbacks,
  type AmiDecoderOptions,
  DEFAULT_MAX_FRAME_LENGTH,
  DEFAULT_MAX_LINE_LENGTH,
} from './ami-decoder.js';
export { AmiMessage, type AmiMessageObject, type AmiMessageType } from './ami-message.js';
export {
  type AmiActionFields,
  type AmiFieldValue,
  encodeAction,
  escapeVariableValue,
} from './encode-action.js';
