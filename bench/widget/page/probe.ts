/**
 * The bench's in-page probe, run before any script of the page (Playwright's init script), the same
 * on both pages. It stamps the hover, pointerdown and click (capture phase on `document`), the moment
 * the call is up (`<aipbx-call>`'s `aipbx-state-change` to `in-call`, or the raw page's
 * `raw-sipjs-state` event), and the first time the remote audio's RMS goes over the threshold: for
 * the widget through its own meter (`engine.levels().output`), for the raw page through an
 * AnalyserNode on the remote stream it plays. Along the way it notes when the WebSocket opened, the
 * microphone arrived and ICE and DTLS finished, by wrapping `WebSocket`, `getUserMedia` and
 * `RTCPeerConnection` (thin subclasses that only add listeners).
 */
import { AUDIO_THRESHOLD, PROBE_GLOBAL, type ProbeSnapshot, RAW_STATE_EVENT } from './probe-types.js';
import { RAW_GLOBAL, type RawSipjsHandle } from './raw-types.js';

const now = () => performance.now();
const record: ProbeSnapshot = { peakLevel: 0, sockets: [] };

// ---- User input -------------------------------------------------------------------------------
document.addEventListener('pointerover', () => (record.hoverAt ??= now()), { capture: true });
document.addEventListener('pointerdown', () => (record.pointerdownAt ??= now()), { capture: true });
document.addEventListener(
  'click',
  (event) => {
    if (record.clickAt !== undefined) return;
    record.clickAt = now();
    record.clickStampAt = event.timeStamp;
  },
  { capture: true },
);

// ---- Transport and media milestones -----------------------------------------------------------
const NativeWebSocket = globalThis.WebSocket;
globalThis.WebSocket = class extends NativeWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    const socket: ProbeSnapshot['sockets'][number] = { createdAt: now() };
    record.sockets.push(socket);
    this.addEventListener('open', () => (socket.openAt = now()), { once: true });
  }
};

const media = navigator.mediaDevices;
if (media?.getUserMedia !== undefined) {
  const getUserMedia = media.getUserMedia.bind(media);
  media.getUserMedia = async (constraints?: MediaStreamConstraints) => {
    const stream = await getUserMedia(constraints);
    record.microphoneAt ??= now();
    return stream;
  };
}

const NativePeerConnection = globalThis.RTCPeerConnection;
globalThis.RTCPeerConnection = class extends NativePeerConnection {
  constructor(configuration?: RTCConfiguration) {
    super(configuration);
    record.peerConnectionAt ??= now();
    this.addEventListener('icegatheringstatechange', () => {
      if (this.iceGatheringState === 'complete') record.iceGatheredAt ??= now();
    });
    this.addEventListener('iceconnectionstatechange', () => {
      if (this.iceConnectionState === 'connected' || this.iceConnectionState === 'completed')
        record.iceConnectedAt ??= now();
    });
    this.addEventListener('connectionstatechange', () => {
      if (this.connectionState === 'connected') record.dtlsConnectedAt ??= now();
    });
  }
};

// ---- The call's state and its first audio -----------------------------------------------------
interface WidgetElement extends HTMLElement {
  engine?: { levels(): { output: number } };
}

let meter: (() => number) | undefined;
const rawHandle = () => (globalThis as unknown as Record<string, RawSipjsHandle | undefined>)[RAW_GLOBAL];

// The raw page has no meter of its own: the probe's analyser needs an AudioContext. It is made when
// the page has loaded and resumed after the click, so that starting it is not part of the call's time.
let meterContext: AudioContext | undefined;
document.addEventListener('DOMContentLoaded', () => {
  if (rawHandle() !== undefined) meterContext = new AudioContext();
});
document.addEventListener(
  'click',
  () => setTimeout(() => void meterContext?.resume().catch(() => undefined)),
  { capture: true, once: true },
);

/** The remote audio's level: the widget's own meter, or an analyser on the raw page's remote stream. */
function levelReader(): (() => number) | undefined {
  const widget = document.querySelector('aipbx-call') as WidgetElement | null;
  if (widget !== null) {
    const engine = widget.engine;
    return engine === undefined ? undefined : () => engine.levels().output;
  }
  const stream = rawHandle()?.remoteStream;
  if (stream === undefined || stream.getAudioTracks().length === 0) return undefined;
  meterContext ??= new AudioContext();
  const context = meterContext;
  void context.resume().catch(() => undefined);
  const analyser = context.createAnalyser();
  analyser.fftSize = 1024;
  context.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  return () => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const v of samples) sum += v * v;
    return Math.min(1, Math.sqrt(sum / samples.length));
  };
}

function listenForAudio(): void {
  const timer = setInterval(() => {
    if (record.failure !== undefined || record.firstAudioAt !== undefined) {
      clearInterval(timer);
      return;
    }
    meter ??= levelReader();
    const level = meter?.() ?? 0;
    if (level > record.peakLevel) record.peakLevel = level;
    if (level > AUDIO_THRESHOLD) {
      record.firstAudioAt = now();
      clearInterval(timer);
    }
  }, 2);
}

function onState(to: string, reason: string | undefined): void {
  if (to === 'in-call' && record.establishedAt === undefined) {
    record.establishedAt = now();
    listenForAudio();
  } else if ((to === 'failed' || to === 'ended') && record.firstAudioAt === undefined) {
    record.failure ??= `${to}${reason ? ` (${reason})` : ''} before the first audio`;
  }
}

for (const type of ['aipbx-state-change', RAW_STATE_EVENT]) {
  document.addEventListener(type, (event) => {
    const detail = (event as CustomEvent<{ to: string; reason?: string }>).detail;
    onState(detail.to, detail.reason);
  });
}

// ---- What the bench reads -----------------------------------------------------------------------
function snapshot(): ProbeSnapshot {
  const chunk = performance
    .getEntriesByType('resource')
    .find((entry) => /\/aipbx-call-[^/]*\.js$/.test(entry.name));
  return {
    ...record,
    sockets: record.sockets.map((s) => ({ ...s })),
    ...(chunk === undefined ? {} : { chunkRequestedAt: chunk.startTime }),
  };
}

(globalThis as unknown as Record<string, unknown>)[PROBE_GLOBAL] = {
  snapshot,
  settled: () => record.firstAudioAt !== undefined || record.failure !== undefined,
};
