import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { PhoneCall } from '../phone/phone-call.js';
import type { PhoneEngine } from '../phone/phone-engine.js';
import type { RegistrationState } from '../phone/registration-state.js';
import type { SoftphoneController } from './softphone-controller.js';
import type { AipbxSoftphoneEventMap } from './softphone-events.js';
import { loadSoftphoneUi } from './softphone-loader.js';

/** The properties a new engine is made from when they change. */
const CONFIG = ['server', 'extension', 'password', 'displayName', 'iceServers'];

/**
 * An operator's phone in the browser: registers an extension over SIP WebSocket and takes and
 * makes its calls. It shows the registration status (with a Reconnect button when it is lost or
 * refused), a dial pad, a card per ringing call (Accept, or "Answer & hold current" during a
 * call, and Decline), the current call with its timer, mute, hold, DTMF keypad, transfer (blind,
 * or after consulting the target) and hang up, the other calls, and the session's recent calls.
 * A ringtone sounds while a call rings here. Texts are in English or Russian (`lang`, else the
 * document's language).
 *
 * The element itself is small: the phone engine (sip.js), the panel and the texts load as soon as
 * `server`, `extension` and `password` are all set. `password` is a property only — never an
 * attribute, never rendered or put in an event — so the page sets it from script. Changing any of
 * the configuration starts a new registration; removing the element hangs up and unregisters.
 *
 * @tagname aipbx-softphone
 *
 * @event aipbx-registered - The extension is registered; `detail` is a `SoftphoneRegisteredDetail` (`extension`).
 * @event aipbx-unregistered - The registration was lost, refused or stopped; `detail` is a `SoftphoneUnregisteredDetail` (`extension`, `state`, `reason`, `message`, `willRetry`).
 * @event aipbx-incoming - A call rings here; `detail` is a `SoftphoneIncomingDetail` (`callId`, `number`, `displayName`).
 * @event aipbx-call-start - A call was answered; `detail` is a `SoftphoneCallStartDetail` (`callId`, `direction`, `number`, `displayName`).
 * @event aipbx-call-end - A call ended; `detail` is a `SoftphoneCallEndDetail` (`callId`, `direction`, `number`, `reason`, `durationMs`, `message`).
 * @event aipbx-error - The configuration was refused, the chunk did not load, or an action failed; `detail` is a `SoftphoneErrorDetail` (`reason`, `message`).
 *
 * @csspart base - The wrapper of everything.
 * @csspart panel - The softphone's box.
 * @csspart status - The registration status line.
 * @csspart reconnect - The Reconnect button.
 * @csspart detail - The error behind a failed registration or configuration.
 * @csspart hint - "Click anywhere in the softphone to enable the ringtone".
 * @csspart message - What went wrong with the last action or call.
 * @csspart incoming - The list of ringing calls.
 * @csspart incoming-call - One ringing call's card.
 * @csspart party - The other party's name and number (in cards, the current call and recent calls).
 * @csspart accept - Accept / "Answer & hold current".
 * @csspart decline - Decline.
 * @csspart call - The current call.
 * @csspart state - The current call's state text.
 * @csspart timer - The current call's timer.
 * @csspart controls - The row of the current call's buttons.
 * @csspart control - Each current-call button (also `mute`, `hold`, `keypad-toggle`, `transfer-toggle`, `hangup`, `blind-transfer`, `consult-transfer`, `complete-transfer`, `cancel-consult`).
 * @csspart hangup - A Hang up button (the current call's and the other calls').
 * @csspart transfer - The transfer form.
 * @csspart transfer-target - The transfer target field.
 * @csspart consult - The attended-transfer bar (Complete transfer, Cancel).
 * @csspart calls - The list of other (held) calls.
 * @csspart other-call - One other call.
 * @csspart switch - Resume / switch to another call.
 * @csspart dialer - The dial pad form.
 * @csspart number - The number field.
 * @csspart call-button - The Call button.
 * @csspart keypad - The 12-key grid (dialling, or DTMF during a call).
 * @csspart key - One key.
 * @csspart recent - The recent calls.
 * @csspart recent-call - One recent call (a button that puts its number in the field).
 *
 * @cssproperty [--aipbx-accent=#15803d] - Call and Accept buttons, the registered dot.
 * @cssproperty [--aipbx-danger=#b91c1c] - Hang up, Decline, muted, failures and missed calls.
 * @cssproperty [--aipbx-foreground=#111827] - Text colour.
 * @cssproperty [--aipbx-background=#fff] - Panel background.
 * @cssproperty [--aipbx-focus-ring=#2563eb] - Keyboard focus outline.
 * @cssproperty [--aipbx-font=14px/1.4 system-ui, sans-serif] - Font.
 * @cssproperty [--aipbx-radius=12px] - Panel corner radius.
 * @cssproperty [--aipbx-softphone-width=360px] - Largest width of the softphone.
 *
 * @example
 * ```html
 * <aipbx-softphone server="wss://pbx.example.com:8089/ws" extension="201" display-name="Anna"></aipbx-softphone>
 * <script type="module">
 *   document.querySelector('aipbx-softphone').password = await fetchOperatorPassword();
 * </script>
 * ```
 */
export class AipbxSoftphone extends LitElement {
  /** The element's shadow-DOM styles (themable through the custom properties above). */
  static override styles = css`
    :host {
      --_accent: var(--aipbx-accent, #15803d);
      --_danger: var(--aipbx-danger, #b91c1c);
      --_fg: var(--aipbx-foreground, #111827);
      --_bg: var(--aipbx-background, #fff);
      display: block;
      max-width: var(--aipbx-softphone-width, 360px);
      font: var(--aipbx-font, 14px/1.4 system-ui, sans-serif);
      color: var(--_fg);
    }
    button { font: inherit; cursor: pointer; border: 0; }
    :focus-visible { outline: 3px solid var(--aipbx-focus-ring, #2563eb); outline-offset: 2px; }
    .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  `;

  static override properties = {
    server: { reflect: true },
    extension: { reflect: true },
    password: { attribute: false },
    displayName: { attribute: 'display-name' },
    iceServers: { attribute: 'ice-servers', type: Array },
    lang: {},
    ringtone: {},
  };

  /** The PBX's SIP WebSocket URL, `wss://host:8089/ws`. */
  declare server: string;
  /** The operator's extension, `201`. */
  declare extension: string;
  /**
   * The extension's WebSocket password (the 5th field of its `SIP_USERS` entry). A property only:
   * set it from script; it is never reflected to an attribute, rendered or put in an event.
   */
  declare password: string;
  /** The name shown to the people the operator calls. */
  declare displayName: string;
  /** STUN/TURN servers; as an attribute, JSON: `[{"urls":"turn:turn.example.com","username":"u","credential":"p"}]`. */
  declare iceServers: RTCIceServer[];
  /** `on` (default): ring while a call rings here; `off`: silent. */
  declare ringtone: 'on' | 'off';

  #controller: SoftphoneController | undefined;
  #loading: Promise<SoftphoneController | undefined> | undefined;
  #failed = false;

  constructor() {
    super();
    this.server = '';
    this.extension = '';
    this.password = '';
    this.displayName = '';
    this.iceServers = [];
    this.ringtone = 'on';
  }

  /** The phone engine, once loaded and configured: calls, registration, levels. */
  get engine(): PhoneEngine | undefined {
    return this.#controller?.engine;
  }

  /** The registration's state (`unregistered` until the engine is loaded). */
  get registration(): RegistrationState {
    return this.engine?.registration ?? 'unregistered';
  }

  /** Calls in progress (ringing, dialing, active, held), oldest first. */
  get calls(): readonly PhoneCall[] {
    return this.engine?.calls ?? [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#configure();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#controller?.dispose();
    this.#controller = undefined;
    this.#loading = undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (CONFIG.some((k) => changed.has(k as keyof AipbxSoftphone))) this.#configure();
    if (changed.has('ringtone')) this.#controller?.ringtoneChanged();
  }

  /**
   * Calls a number, extension, assistant name or SIP URI (click-to-call from the page). Other
   * calls are put on hold. Resolves once answered; rejects with the engine's error (not
   * registered, an invalid number, busy, no answer…).
   */
  async call(number: string): Promise<void> {
    await (await this.#ready()).call(number);
  }

  /** Hangs up the current call. */
  async hangup(): Promise<void> {
    await this.#controller?.hangup();
  }

  /** Registers again after a failure or {@link AipbxSoftphone.unregister}; resolves once registered. */
  async register(): Promise<void> {
    await (await this.#ready()).register();
  }

  /** Hangs up every call and unregisters, until {@link AipbxSoftphone.register} or a configuration change. */
  async unregister(): Promise<void> {
    await this.#controller?.unregister();
  }

  /**
   * Listens for an event; the softphone's own events are typed with their details
   * ({@link AipbxSoftphoneEventMap}), including those whose names `<aipbx-call>` uses too.
   */
  override addEventListener<K extends keyof AipbxSoftphoneEventMap>(
    type: K,
    listener: (this: AipbxSoftphone, event: AipbxSoftphoneEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  /** @internal */
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  /** Stops listening; typed like {@link AipbxSoftphone.addEventListener}. */
  override removeEventListener<K extends keyof AipbxSoftphoneEventMap>(
    type: K,
    listener: (this: AipbxSoftphone, event: AipbxSoftphoneEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
  /** @internal */
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  async #ready(): Promise<SoftphoneController> {
    const controller = this.server && this.extension && this.password ? await this.#load() : undefined;
    if (controller === undefined)
      throw new Error(
        '<aipbx-softphone> is not ready: it must be in the page, with server, extension and password set, and its chunk loaded.',
      );
    return controller;
  }

  /** Loads the chunk once configured, and hands the configuration to the controller. */
  #configure(): void {
    if (!this.isConnected) return;
    if (this.#controller !== undefined) this.#controller.configure();
    else if (this.server && this.extension && this.password) void this.#load();
  }

  #load(): Promise<SoftphoneController | undefined> {
    this.#loading ??= loadSoftphoneUi().then(
      ({ SoftphoneController }) => {
        if (this.isConnected && this.#controller === undefined) {
          this.#controller = new SoftphoneController(this);
          this.#controller.configure();
        }
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
            detail: { reason: 'load-failed', message: error.message },
            bubbles: true,
            composed: true,
          }),
        );
        return undefined;
      },
    );
    return this.#loading;
  }

  protected override render(): unknown {
    const c = this.#controller;
    const ru = /^ru(-|$)/i.test(this.lang || globalThis.document?.documentElement.lang || '');
    return html`<div part="base" @pointerdown=${() => c?.onGesture()} @keydown=${(e: KeyboardEvent) => c?.onKeydown(e)}>
      ${
        c?.render({ html, nothing }) ??
        (this.#failed
          ? html`<p part="message">${ru ? 'Софтфон сейчас недоступен.' : 'The softphone is unavailable right now.'}</p>`
          : nothing)
      }
      <div class="sr" role="status" aria-live="polite">${c?.announcement ?? ''}</div>
      <div class="sr" aria-live="assertive">${c?.alert ?? ''}</div>
    </div>`;
  }
}
