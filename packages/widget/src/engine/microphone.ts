import { AipbxError } from '@aipbx/core';

/** Why a microphone could not be had, as a state reason both engines share. */
export type MicrophoneFailure = 'microphone-denied' | 'no-microphone' | 'microphone-unavailable';

/** Opens the microphone (`deviceId`, else the system's). Rejects with the browser's DOMException. */
export function openMicrophone(deviceId: string | undefined): Promise<MediaStream> {
  const media = globalThis.navigator?.mediaDevices;
  if (media?.getUserMedia === undefined) {
    return Promise.reject(Object.assign(new Error('no mediaDevices'), { name: 'NotFoundError' }));
  }
  return media.getUserMedia({
    audio: deviceId === undefined ? true : { deviceId: { exact: deviceId } },
    video: false,
  });
}

/** The browser's getUserMedia error → what went wrong. */
export function microphoneReason(error: Error): MicrophoneFailure {
  switch (error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'microphone-denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no-microphone';
    default:
      return 'microphone-unavailable';
  }
}

const MESSAGES: Readonly<Record<MicrophoneFailure, string>> = {
  'microphone-denied':
    'The microphone was blocked: allow it for this site (the icon in the address bar) and call again.',
  'no-microphone': 'No microphone was found: connect one and call again.',
  'microphone-unavailable':
    'The microphone could not be opened (another app may be using it): close it and call again.',
};

/** The browser's getUserMedia error → an error whose message says what to do. */
export function microphoneError(error: Error): AipbxError {
  return new AipbxError('CALL_FAILED', MESSAGES[microphoneReason(error)], { cause: error });
}
