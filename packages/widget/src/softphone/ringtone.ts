/** The ring: on this long… */
const ON_S = 2;
/** …once every this long (2 s on, 4 s off). */
const PERIOD_MS = 6000;
/** The two tones of a North American ringback, mixed: a soft, familiar ring. */
const TONES_HZ = [440, 480];
const VOLUME = 0.12;

/**
 * A ringtone made with WebAudio, no audio file: two oscillators (440 + 480 Hz), 2 s on and 4 s
 * off. Browsers keep an `AudioContext` suspended until the person interacts with the page; then
 * {@link Ringtone.blocked} is true and {@link Ringtone.unlock} (called from a click or key press)
 * lets it sound. Never throws: where WebAudio is missing it stays silent.
 */
export class Ringtone {
  #context: AudioContext | undefined;
  #gain: GainNode | undefined;
  #oscillators: OscillatorNode[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #changed: () => void;

  /** @param changed - Called when {@link Ringtone.blocked} may have changed. */
  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** Whether the browser holds the sound back until the person clicks or types in the page. */
  get blocked(): boolean {
    const state = this.#context?.state;
    return state !== undefined && state !== 'running' && state !== 'closed';
  }

  /** Whether it is ringing (or would be, once unblocked). */
  get ringing(): boolean {
    return this.#timer !== undefined;
  }

  /** Creates the audio context ahead of the first ring, so {@link Ringtone.blocked} is known early. */
  prepare(): void {
    if (this.#context !== undefined) return;
    const Context = globalThis.AudioContext;
    if (Context === undefined) return;
    try {
      const context = new Context();
      context.addEventListener('statechange', () => {
        // Sounding now: ring at once, and keep the cadence from here.
        if (context.state === 'running' && this.ringing) this.#cadence();
        this.#changed();
      });
      this.#context = context;
    } catch {
      // No audio output: stay silent.
    }
  }

  /** From a click or key press: lets the sound start (browsers allow it only from one). */
  unlock(): void {
    this.prepare();
    if (this.blocked) this.#context?.resume().catch(() => undefined);
  }

  /** Starts ringing, if not already. */
  start(): void {
    if (this.ringing) return;
    this.prepare();
    const context = this.#context;
    if (context === undefined) return;
    try {
      const gain = context.createGain();
      gain.gain.value = 0;
      gain.connect(context.destination);
      this.#oscillators = TONES_HZ.map((hz) => {
        const oscillator = context.createOscillator();
        oscillator.frequency.value = hz;
        oscillator.connect(gain);
        oscillator.start();
        return oscillator;
      });
      this.#gain = gain;
    } catch {
      return;
    }
    this.#cadence();
    if (this.blocked) context.resume().catch(() => undefined);
    this.#changed();
  }

  /** Stops ringing. */
  stop(): void {
    if (!this.ringing) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const oscillator of this.#oscillators) {
      try {
        oscillator.stop();
      } catch {
        // Already stopped.
      }
      oscillator.disconnect();
    }
    this.#oscillators = [];
    this.#gain?.disconnect();
    this.#gain = undefined;
    this.#changed();
  }

  /** Stops, and closes the audio context. */
  dispose(): void {
    this.stop();
    this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }

  #cadence(): void {
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#ring(), PERIOD_MS);
    this.#ring();
  }

  /** One ring: on for 2 s, with short ramps so it does not click. */
  #ring(): void {
    const context = this.#context;
    const gain = this.#gain?.gain;
    if (context === undefined || gain === undefined) return;
    const now = context.currentTime;
    gain.cancelScheduledValues(now);
    gain.setTargetAtTime(VOLUME, now, 0.01);
    gain.setTargetAtTime(0, now + ON_S, 0.01);
  }
}
