import { html, LitElement, nothing, type PropertyValues } from 'lit';
import type { CallEngine } from '../engine/call-engine.js';
import type { CallState } from '../engine/call-state.js';
import type { CallController } from './call-controller.js';
import { loadCallUi } from './engine-loader.js';
import { styles } from './styles.js';

/** Where `<aipbx-call>` sits: in the page's flow, or floating in a bottom corner. */
export type CallPlacement = 'inline' | 'bottom-right' | 'bottom-left';

const PHONE =
  'M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2c.3-.3.7-.4 1-.2 1.1.4 2.3.6 3.6.6.6 0 1 .4 1 1V20c0 .6-.4 1-1 1A17 17 0 0 1 3 4c0-.6.4-1 1-1h3.5c.6 0 1 .4 1 1 0 1.3.2 2.5.6 3.6.1.3 0 .7-.2 1z';

/**
 * A call button that connects a website visitor to an aipbx assistant over WebRTC. Click → the
 * microphone is asked for, the call starts, and a compact panel shows the state, a timer, mute,
 * a DTMF keypad, the microphone level and the call quality; the button turns into "hang up".
 * Texts are in English or Russian (`lang`, else the document's language).
 *
 * The first script holds only this button. The call engine (sip.js), the panel and the texts load
 * on first intent (hover, focus, touch, click) or when the page is idle; hovering also opens the
 * WebSocket early, so the call connects sooner. Removing the element hangs up.
 *
 * @tagname aipbx-call
 *
 * @event aipbx-state-change - Every call state change; `detail` is a `CallStateChange` (`from`, `to`, `reason`, `error`).
 * @event aipbx-call-start - The call was answered; `detail` is a `CallStartDetail`.
 * @event aipbx-call-end - The call ended or failed; `detail` is a `CallEndDetail`.
 * @event aipbx-error - Something went wrong; `detail` is a `CallErrorDetail`.
 * @event aipbx-quality-warning - Call quality crossed a threshold or recovered; `detail` is a `QualityWarning`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart button - The call / hang-up button.
 * @csspart label - The button's text.
 * @csspart panel - The in-call panel.
 * @csspart status - The state text in the panel.
 * @csspart timer - The call timer.
 * @csspart controls - The row of mute and keypad buttons.
 * @csspart keypad - The DTMF keypad grid.
 * @csspart key - One keypad key.
 * @csspart meter - The microphone level meter.
 * @csspart quality - The quality indicator.
 * @csspart message - The message shown after a failure.
 *
 * @cssproperty [--aipbx-accent=#15803d] - Call button and meter colour.
 * @cssproperty [--aipbx-danger=#b91c1c] - Hang-up and muted colour.
 * @cssproperty [--aipbx-foreground=#111827] - Text colour.
 * @cssproperty [--aipbx-background=#fff] - Panel and message background.
 * @cssproperty [--aipbx-focus-ring=#2563eb] - Keyboard focus outline.
 * @cssproperty [--aipbx-font=14px/1.4 system-ui, sans-serif] - Font.
 * @cssproperty [--aipbx-button-size=56px] - Height of the call button.
 * @cssproperty [--aipbx-radius=12px] - Panel corner radius.
 * @cssproperty [--aipbx-offset=24px] - Distance from the corner when floating.
 * @cssproperty [--aipbx-z-index=2147483000] - Stacking order when floating.
 *
 * @example
 * ```html
 * <aipbx-call server="wss://pbx.example.com:8089/ws" target="support" user="support-webrtc"
 *   assistant-id="support" label="Talk to us"></aipbx-call>
 * ```
 */
export class AipbxCall extends LitElement {
  /** The element's shadow-DOM styles (themable through the custom properties above). */
  static override styles = styles;

  static override properties = {
    server: { reflect: true },
    target: { reflect: true },
    user: { reflect: true },
    assistantId: { attribute: 'assistant-id', reflect: true },
    iceServers: { attribute: 'ice-servers', type: Array },
    label: {},
    lang: {},
    placement: { reflect: true },
  };

  // Reactive properties are declared, not initialised as class fields: a field would shadow the
  // accessor Lit defines, and changes would not render. Defaults are set in the constructor.
  /** The PBX's SIP WebSocket URL, `wss://host:8089/ws`. */
  declare server: string;
  /** The assistant's SIP URI, or its name / extension (called at the server's host). */
  declare target: string;
  /** The widget's public SIP user (`Widget.sipUri`); anonymous when empty. */
  declare user: string;
  /** Sent as `X-Assistant-Id`. */
  declare assistantId: string;
  /** STUN/TURN servers; as an attribute, JSON: `[{"urls":"turn:turn.example.com","username":"u","credential":"p"}]`. */
  declare iceServers: RTCIceServer[];
  /** Button text; default "Call" in the element's language. */
  declare label: string;
  /** `inline` (default), `bottom-right` or `bottom-left`. */
  declare placement: CallPlacement;

  #controller: CallController | undefined;
  #loading: Promise<CallController | undefined> | undefined;
  #failed = false;
  #idle: number | undefined;

  constructor() {
    super();
    this.server = '';
    this.target = '';
    this.user = '';
    this.assistantId = '';
    this.iceServers = [];
    this.label = '';
    this.placement = 'inline';
  }

  /** The call's state. */
  get state(): CallState {
    return this.#controller?.state ?? 'idle';
  }

  /** The call engine, once loaded (after the first intent): levels, devices, quality. */
  get engine(): CallEngine | undefined {
    return this.#controller?.engine;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#idle = globalThis.requestIdleCallback?.(() => void this.#load(), { timeout: 5000 });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#idle !== undefined) globalThis.cancelIdleCallback?.(this.#idle);
    this.#controller?.dispose();
    this.#controller = undefined;
    this.#loading = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (
      ['server', 'target', 'user', 'assistantId', 'iceServers'].some((k) => changed.has(k as keyof AipbxCall))
    ) {
      this.#controller?.configChanged();
    }
  }

  /** Starts the call, as a click on the button does. Resolves once answered; rejects if it fails. */
  async call(): Promise<void> {
    const controller = await this.#load();
    if (controller === undefined) throw new Error('the call chunk could not be loaded');
    await controller.call();
  }

  /** Ends the call. */
  async hangup(): Promise<void> {
    await this.#controller?.hangup();
  }

  #load(): Promise<CallController | undefined> {
    this.#loading ??= loadCallUi().then(
      ({ CallController }) => {
        if (this.isConnected) this.#controller ??= new CallController(this);
        this.#failed = false;
        this.requestUpdate();
        return this.#controller;
      },
      (error: Error) => {
        this.#loading = undefined;
        this.#failed = true;
        this.requestUpdate();
        this.dispatchEvent(
          new CustomEvent('aipbx-error', {
            detail: { reason: 'load-failed', message: error.message, error },
            bubbles: true,
            composed: true,
          }),
        );
        return undefined;
      },
    );
    return this.#loading;
  }

  #onButton = (): void => {
    if (this.#controller?.active) void this.hangup();
    else this.call().catch(() => undefined);
  };

  #onIntent = (): void => {
    void this.#load().then((c) => c?.prepare());
  };

  protected override render(): unknown {
    const c = this.#controller;
    const ru = /^ru(-|$)/i.test(this.lang || globalThis.document?.documentElement.lang || '');
    const active = c?.active === true;
    const label = this.label || (c?.strings.call ?? (ru ? 'Позвонить' : 'Call'));
    const text = active ? (c?.strings.hangup ?? label) : label;
    const message = this.#failed
      ? ru
        ? 'Звонок сейчас недоступен.'
        : 'Calling is unavailable right now.'
      : c?.message;
    return html`<div part="base" @keydown=${(e: KeyboardEvent) => c?.onKeydown(e)}>
      ${c?.panel({ html, nothing }) ?? nothing}
      ${message ? html`<p part="message">${message}</p>` : nothing}
      <button part="button" class=${active ? 'end' : ''} aria-label=${text} @click=${this.#onButton}
        @pointerenter=${this.#onIntent} @focus=${this.#onIntent} @touchstart=${this.#onIntent}>
        <svg viewBox="0 0 24 24" aria-hidden="true"><path d=${PHONE} transform=${active ? 'rotate(135 12 12)' : ''}></path></svg>
        <span part="label">${text}</span>
      </button>
      <div class="sr" role="status" aria-live="polite">${c?.announcement ?? ''}</div>
    </div>`;
  }
}
