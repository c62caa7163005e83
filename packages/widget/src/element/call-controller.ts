import type { TemplateResult } from 'lit';
import { CallEngine } from '../engine/call-engine.js';
import type { CallQuality } from '../engine/call-quality.js';
import { type CallState, type CallStateChange, isCallActive } from '../engine/call-state.js';
import type { CallErrorDetail } from './call-events.js';
import { KEYS, type PanelLit, renderPanel, stateText } from './call-panel.js';
import { adoptPanelStyles } from './panel-styles.js';
import { type CallStrings, stringsFor } from './strings.js';

/** What the controller needs from `<aipbx-call>`: its configuration and a way to re-render. */
export interface CallHost extends EventTarget {
  readonly server: string;
  readonly target: string;
  readonly user: string;
  readonly assistantId: string;
  readonly iceServers: RTCIceServer[];
  readonly label: string;
  readonly lang: string;
  readonly isConnected: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
  requestUpdate(): void;
}

/**
 * The behaviour of `<aipbx-call>` behind its button: makes the engine from the element's
 * attributes, turns engine events into the element's DOM events, holds the in-call view state
 * (mute, keypad, timer, level meter, quality, messages). Loaded with the engine on first intent, so
 * the first script holds only the button.
 */
export class CallController {
  readonly #host: CallHost;
  #engine: CallEngine | undefined;
  #stale = false;
  /** The attributes were refused; reported once, until they change. */
  #invalid = false;
  #muted = false;
  #keypad = false;
  #quality: CallQuality | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #frame: number | undefined;
  /** The failure shown under the button. */
  message = '';
  /** The last state change, in words, for the live region. */
  announcement = '';

  constructor(host: CallHost) {
    this.#host = host;
    adoptPanelStyles(host.renderRoot);
  }

  get engine(): CallEngine | undefined {
    return this.#engine;
  }

  get state(): CallState {
    return this.#engine?.state ?? 'idle';
  }

  get active(): boolean {
    return isCallActive(this.state);
  }

  get strings(): CallStrings {
    return stringsFor(this.#host.lang || globalThis.document?.documentElement.lang);
  }

  /** The element's attributes changed: the next call uses a new engine. */
  configChanged(): void {
    if (this.#engine !== undefined) this.#stale = true;
    this.#invalid = false;
  }

  /** Opens the WebSocket early (on hover / focus), when there is no call. */
  prepare(): void {
    const engine = this.#current();
    if (engine !== undefined && !isCallActive(engine.state)) engine.prepare().catch(() => undefined);
  }

  async call(): Promise<void> {
    this.message = '';
    const engine = this.#current();
    if (engine === undefined) {
      this.#host.requestUpdate();
      throw new Error(this.message);
    }
    let started = false;
    const watch = (): void => {
      started = true;
    };
    engine.once('state-change', watch);
    try {
      await engine.call();
    } catch (error) {
      if (!started) {
        // Refused before it started (no state change at all): another call is going on in this page.
        this.message = this.strings.otherCall;
        this.#error('other-call', error as Error);
        this.#host.requestUpdate();
      }
      throw error;
    } finally {
      engine.off('state-change', watch);
    }
  }

  async hangup(): Promise<void> {
    await this.#engine?.hangup();
  }

  /** The element left the page: hang up, free the microphone, close the WebSocket. */
  dispose(): void {
    this.#stopTicking();
    const engine = this.#engine;
    this.#engine = undefined;
    void engine?.dispose();
  }

  onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.#keypad) this.#setKeypad(false);
    else if (this.#keypad && this.state === 'in-call' && KEYS.includes(event.key)) this.#dtmf(event.key);
  }

  panel(lit: PanelLit): TemplateResult | undefined {
    if (!this.active) return undefined;
    const s = this.strings;
    return renderPanel(lit, {
      state: this.state,
      strings: s,
      label: this.#host.label || s.call,
      muted: this.#muted,
      keypad: this.#keypad,
      elapsed: this.#elapsed(),
      quality: this.#quality,
      onMute: () => {
        const engine = this.#engine;
        if (engine === undefined) return;
        if (engine.muted) engine.unmute();
        else engine.mute();
        this.#muted = engine.muted;
        this.#host.requestUpdate();
      },
      onKeypad: () => this.#setKeypad(!this.#keypad),
      onKey: (key) => this.#dtmf(key),
    });
  }

  #setKeypad(open: boolean): void {
    this.#keypad = open;
    this.#host.requestUpdate();
  }

  #dtmf(key: string): void {
    this.#engine?.sendDtmf(key).catch((error: Error) => this.#error('error', error));
  }

  /** The engine for the current attributes; undefined (with the message set) if they are invalid. */
  #current(): CallEngine | undefined {
    if (this.#stale && this.#engine !== undefined && !isCallActive(this.#engine.state)) {
      void this.#engine.dispose();
      this.#engine = undefined;
      this.#stale = false;
    }
    if (this.#engine !== undefined) return this.#engine;
    if (this.#invalid) {
      this.message = this.strings.misconfigured;
      return undefined;
    }
    const h = this.#host;
    try {
      const engine = new CallEngine({
        server: h.server,
        target: h.target,
        ...(h.user ? { user: h.user } : {}),
        ...(h.assistantId ? { assistantId: h.assistantId } : {}),
        ...languageHeader(h.lang || globalThis.document?.documentElement.lang),
        iceServers: h.iceServers,
      });
      engine.on('state-change', (change) => this.#onState(engine, change));
      engine.on('quality', (quality) => {
        this.#quality = quality;
        h.requestUpdate();
      });
      engine.on('quality-warning', (warning) => this.#emit('aipbx-quality-warning', warning));
      this.#engine = engine;
      return engine;
    } catch (error) {
      this.#invalid = true;
      this.message = this.strings.misconfigured;
      this.#error('misconfigured', error as Error);
      globalThis.console?.error(`<aipbx-call>: ${(error as Error).message}`);
      return undefined;
    }
  }

  #onState(engine: CallEngine, change: CallStateChange): void {
    const s = this.strings;
    if (change.to === 'in-call' && change.reason === 'answered') {
      this.#muted = false;
      this.#startTicking();
    }
    if (change.to === 'ended' || change.to === 'failed') {
      this.#stopTicking();
      this.#keypad = false;
      this.#quality = undefined;
      this.message = change.to === 'failed' ? (s.errors[change.reason] ?? s.errors.error) : '';
    }
    this.announcement = change.to === 'failed' ? this.message : stateText(change.to, s);
    this.#host.requestUpdate();
    this.#emit('aipbx-state-change', change);
    if (change.to === 'in-call' && change.reason === 'answered') {
      this.#emit('aipbx-call-start', { target: engine.targetUri });
    }
    if (change.to === 'ended' || change.to === 'failed') {
      const at = engine.connectedAt;
      this.#emit('aipbx-call-end', {
        state: change.to,
        reason: change.reason,
        durationMs: at === undefined ? 0 : Date.now() - at,
      });
      if (change.to === 'failed' && change.error !== undefined) this.#error(change.reason, change.error);
    }
  }

  #error(reason: CallErrorDetail['reason'], error: Error): void {
    this.#emit('aipbx-error', { reason, message: error.message, error });
  }

  #emit(type: string, detail: unknown): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #startTicking(): void {
    this.#stopTicking();
    this.#timer = setInterval(() => this.#host.requestUpdate(), 1000);
    const meter = (): void => {
      const bar = this.#host.renderRoot.querySelector<HTMLElement>('[part="meter"]');
      const level = Math.min(1, (this.#engine?.levels().input ?? 0) * 4);
      bar?.style.setProperty('--level', level.toFixed(2));
      bar?.setAttribute('aria-valuenow', String(Math.round(level * 100)));
      this.#frame = globalThis.requestAnimationFrame?.(meter);
    };
    meter();
  }

  #stopTicking(): void {
    clearInterval(this.#timer);
    if (this.#frame !== undefined) globalThis.cancelAnimationFrame?.(this.#frame);
    this.#frame = undefined;
  }

  #elapsed(): string {
    const at = this.#engine?.connectedAt;
    const total = at === undefined ? 0 : Math.max(0, Math.floor((Date.now() - at) / 1000));
    return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
  }
}

/**
 * The visitor's language (the element's `lang`, else the page's) as the INVITE's `X-Language`
 * header, so the assistant can greet in it. Only a well-formed BCP 47 tag is sent.
 */
function languageHeader(lang: string | undefined): { headers?: Record<string, string> } {
  return lang && /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(lang) ? { headers: { 'X-Language': lang } } : {};
}
