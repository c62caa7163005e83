/**
 * What the in-page probe records, shared by the probe (in the browser) and the bench (in Node).
 * Every time is the page's `performance.now()`, ms.
 */

/** The probe's record of one page and its one call. */
export interface ProbeSnapshot {
  /** First pointer over the page's button (the hover that comes before every click). */
  hoverAt?: number;
  pointerdownAt?: number;
  clickAt?: number;
  /** The click event's own `timeStamp`: when the browser took the input, before the page's main thread got to it. */
  clickStampAt?: number;
  /** The call is up: `<aipbx-call>`'s state `in-call`, or sip.js's `SessionState.Established`. */
  establishedAt?: number;
  /** The remote audio's RMS first went over the threshold. */
  firstAudioAt?: number;
  /** Loudest RMS seen while waiting for the first audio. */
  peakLevel: number;
  /** Each WebSocket the page opened: when it was made and when it opened. */
  sockets: { createdAt: number; openAt?: number }[];
  /** The microphone's stream was handed to the page. */
  microphoneAt?: number;
  /** The RTCPeerConnection was made. */
  peerConnectionAt?: number;
  /** ICE gathering finished (`iceGatheringState` complete). */
  iceGatheredAt?: number;
  /** ICE connected (`iceConnectionState` connected or completed). */
  iceConnectedAt?: number;
  /** DTLS done (`connectionState` connected). */
  dtlsConnectedAt?: number;
  /** When the browser started fetching the widget's call chunk, if it did. */
  chunkRequestedAt?: number;
  /** Why the call did not come up, when it did not. */
  failure?: string;
}

/** RMS (0–1) of the remote audio that counts as heard. */
export const AUDIO_THRESHOLD = 0.02;

/** The global the probe keeps its record in. */
export const PROBE_GLOBAL = '__aipbxBenchProbe';

/** The DOM event the raw sip.js page dispatches on `document` for its call's states. */
export const RAW_STATE_EVENT = 'raw-sipjs-state';
