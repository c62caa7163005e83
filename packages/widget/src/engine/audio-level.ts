/**
 * The loudness of a media stream, 0 (silence) to 1 (full scale): the RMS of the latest 1024 samples,
 * read on demand from a WebAudio analyser. No timers: call {@link AudioLevel.read} when drawing.
 */
export class AudioLevel {
  readonly #analyser: AnalyserNode;
  readonly #source: MediaStreamAudioSourceNode;
  readonly #buffer: Float32Array<ArrayBuffer>;

  constructor(context: AudioContext, stream: MediaStream) {
    this.#source = context.createMediaStreamSource(stream);
    this.#analyser = context.createAnalyser();
    this.#analyser.fftSize = 1024;
    this.#buffer = new Float32Array(this.#analyser.fftSize);
    this.#source.connect(this.#analyser);
  }

  /** RMS level now, 0–1. */
  read(): number {
    this.#analyser.getFloatTimeDomainData(this.#buffer);
    let sum = 0;
    for (const v of this.#buffer) sum += v * v;
    return Math.min(1, Math.sqrt(sum / this.#buffer.length));
  }

  dispose(): void {
    this.#source.disconnect();
  }
}
