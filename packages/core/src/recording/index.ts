export {
  isRecordingFormat,
  parseRecordingUrl,
  RECORDING_FORMATS,
  type RecordingFormat,
  type RecordingUrlParts,
  recordingUrl,
} from './recording-url.js';
