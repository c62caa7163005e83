import { AipbxError } from '@aipbx/core';
import type { TemplateResult } from 'lit';
import type { PanelLit } from '../element/call-panel.js';
import type { PhoneCall, PhoneParty } from '../phone/phone-call.js';
import type { PhoneCallChange } from '../phone/phone-call-state.js';
import { PhoneEngine } from '../phone/phone-engine.js';
import type { RegistrationChange } from '../phone/registration-state.js';
import { Ringtone } from './ringtone.js';
import type { SoftphoneErrorReason } from './softphone-events.js';
import {
  type CallItemView,
  type CurrentCallView,
  renderSoftphone,
  SOFTPHONE_KEYS,
  type SoftphoneActions,
} from './softphone-panel.js';
import {
  fill,
  type PhoneCallEnding,
  type RegistrationProblem,
  type SoftphoneStrings,
  softphoneStringsFor,
} from './softphone-strings.js';
import { adoptSoftphoneStyles } from './softphone-styles.js';

/** What the controller needs from `<aipbx-softphone>`: its configuration and a way to re-render. */
export interface SoftphoneHost extends EventTarget {
  readonly server: string;
  readonly extension: string;
  readonly password: string;
  readonly displayName: string;
  readonly iceServers: RTCIceServer[];
  readonly lang: string;
  readonly ringtone: string;
  readonly isConnected: boolean;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  requestUpdate(): void;
}

/** The configuration an engine was made from. */
interface Config {
  server: string;
  extension: string;
  password: string;
  displayName: string;
  iceServers: string;
}

/** How many of the session's ended calls the panel lists. */
const RECENT_SHOWN = 10;

/**
 * The behaviour behind `<aipbx-softphone>`: makes the {@link PhoneEngine} from the element's
 * configuration (a new one whenever it changes), turns engine events into the element's DOM
 * events and announcements, rings, and holds the view state (the number being dialled, which call
 * is current, the keypad, the transfer form, an attended transfer in progress).
 */
export class SoftphoneController {
  readonly #host: SoftphoneHost;
  #engine: PhoneEngine | undefined;
  #config: Config | undefined;
  /** The configuration was refused: the error, shown until it changes. */
  #invalid: Error | undefined;
  #currentId: string | undefined;
  #number = '';
  #keypad = false;
  #transfer = false;
  #transferTarget = '';
  #consult: { first: PhoneCall; consult: PhoneCall } | undefined;
  #message = '';
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #ringtone: Ringtone;
  /** The last change, in words, for the polite live region. */
  announcement = '';
  /** A new incoming call, for the assertive live region. */
  alert = '';

  constructor(host: SoftphoneHost) {
    this.#host = host;
    this.#ringtone = new Ringtone(() => host.requestUpdate());
    adoptSoftphoneStyles(host.renderRoot);
  }

  /** The engine for the current configuration, if it is complete and valid. */
  get engine(): PhoneEngine | undefined {
    return this.#engine;
  }

  /** The texts in the element's language. */
  get strings(): SoftphoneStrings {
    return softphoneStringsFor(this.#lang());
  }

  /**
   * Applies the element's configuration: with `server`, `extension` and `password` set, a new
   * engine is made and started whenever any of them (or `displayName`, `iceServers`) changed;
   * without them, the engine is disposed.
   */
  configure(): void {
    const h = this.#host;
    const config: Config = {
      server: h.server,
      extension: h.extension,
      password: h.password,
      displayName: h.displayName,
      iceServers: JSON.stringify(h.iceServers ?? []),
    };
    const last = this.#config;
    if (last !== undefined && (Object.keys(config) as (keyof Config)[]).every((k) => config[k] === last[k]))
      return;
    this.#config = config;
    this.#invalid = undefined;
    this.#message = '';
    this.#disposeEngine();
    if (config.server && config.extension && config.password) {
      try {
        this.#engine = this.#startEngine(
          new PhoneEngine({
            server: h.server,
            extension: h.extension,
            password: h.password,
            ...(h.displayName ? { displayName: h.displayName } : {}),
            iceServers: h.iceServers ?? [],
          }),
        );
      } catch (error) {
        this.#invalid = error as Error;
        this.#error('misconfigured', error as Error);
        globalThis.console?.error(`<aipbx-softphone>: ${(error as Error).message}`);
      }
    }
    this.#refresh();
  }

  /** The element left the page: hang up, unregister, stop ringing. */
  dispose(): void {
    this.#disposeEngine();
    this.#ringtone.dispose();
    this.#config = undefined;
  }

  /** Places a call; resolves once it is answered. Rejects with the engine's error. */
  async call(number: string): Promise<void> {
    const call = this.#place(number);
    await call.answered();
  }

  /** Hangs up the current call. */
  async hangup(): Promise<void> {
    await this.#current()?.hangup();
  }

  /** Registers again (after `failed`, `unregistered` or `unregister()`); resolves once registered. */
  async register(): Promise<void> {
    // Also when a retry waits out its backoff: the engine then tries at once, keeping any calls.
    await this.#ready().start();
  }

  /** Hangs up every call and unregisters. */
  async unregister(): Promise<void> {
    await this.#engine?.stop();
  }

  /** A click or key press inside the element: lets the ringtone sound from now on. */
  onGesture(): void {
    if (this.#host.ringtone !== 'off') this.#ringtone.unlock();
  }

  /** A key pressed inside the element: Escape closes the keypad or the transfer form; digits send DTMF. */
  onKeydown(event: KeyboardEvent): void {
    this.onGesture();
    if (event.key === 'Escape' && (this.#keypad || this.#transfer)) {
      const opener = this.#transfer ? '[part~="transfer-toggle"]' : '[part~="keypad-toggle"]';
      this.#keypad = false;
      this.#transfer = false;
      this.#host.requestUpdate();
      // Back to the button that opened it, so the keyboard focus is not lost with the form.
      this.#focus(opener);
      return;
    }
    const target = event.composedPath()[0];
    if (
      this.#keypad &&
      this.#current()?.state === 'active' &&
      SOFTPHONE_KEYS.includes(event.key) &&
      !(target instanceof HTMLInputElement)
    ) {
      this.#dtmf(event.key);
    }
  }

  /** The element's `ringtone` attribute changed. */
  ringtoneChanged(): void {
    this.#refresh();
  }

  /** The panel, rendered with the element's Lit. */
  render(lit: PanelLit): TemplateResult {
    const s = this.strings;
    const engine = this.#engine;
    const calls = engine?.calls ?? [];
    const current = this.#current();
    const answered = current !== undefined && (current.state === 'active' || current.state === 'held');
    const consult =
      this.#consult !== undefined && this.#consult.consult === current ? this.#consult : undefined;
    const [status, detail] = this.#status(s);
    const registration = this.#invalid ? 'misconfigured' : (engine?.registration ?? 'unregistered');
    const item = (c: PhoneCall): CallItemView => ({
      id: c.id,
      party: this.#party(c.remote),
      state: c.state === 'ended' ? s.callEnded : s.states[c.state],
      held: c.state === 'held',
    });
    const currentView: CurrentCallView | undefined = current && {
      ...item(current),
      timer: this.#elapsed(current.connectedAt),
      active: current.state === 'active',
      muted: current.muted,
      answered: answered && !current.transferring,
      ...(consult
        ? {
            consult: {
              caller: fill(s.consulting, { caller: this.#party(consult.first.remote) }),
              ready: current.state === 'active' && !consult.first.transferring,
            },
          }
        : {}),
    };
    const active = current?.state === 'active';
    return renderSoftphone(lit, {
      strings: s,
      registration,
      status,
      detail,
      reconnect:
        engine !== undefined && (engine.registration === 'failed' || engine.registration === 'unregistered'),
      message: this.#message,
      hint: this.#host.ringtone !== 'off' && this.#ringtone.blocked,
      incoming: calls.filter((c) => c.state === 'incoming').map(item),
      busy: calls.some((c) => c.state === 'active'),
      current: currentView,
      transfer: this.#transfer,
      transferTarget: this.#transferTarget,
      others: calls.filter((c) => c !== current && c.state !== 'incoming').map(item),
      number: this.#number,
      keys: active ? (this.#keypad ? 'dtmf' : undefined) : 'dial',
      recent: (engine?.recent ?? []).slice(0, RECENT_SHOWN).map((r) => ({
        id: r.id,
        kind:
          r.direction === 'outgoing'
            ? 'outgoing'
            : r.connectedAt === undefined && r.reason !== 'declined'
              ? 'missed'
              : 'incoming',
        party: this.#party(r),
        time: this.#time(r.startedAt, false),
        duration: this.#elapsed(r.connectedAt, r.endedAt),
        outcome: s.outcomes[r.reason as PhoneCallEnding] ?? '',
      })),
      on: this.#actions,
    });
  }

  readonly #actions: SoftphoneActions = {
    // How it goes shows in the status line and `aipbx-registered` / `aipbx-unregistered`.
    reconnect: () => void this.register().catch(() => undefined),
    number: (value) => {
      this.#number = value;
    },
    key: (key) => {
      if (this.#current()?.state === 'active') this.#dtmf(key);
      else {
        this.#number += key;
        this.#host.requestUpdate();
      }
    },
    dial: () => {
      if (this.#number.trim() === '') return;
      try {
        this.#place(this.#number)
          .answered()
          .catch(() => undefined);
      } catch {
        // Shown and reported by #place.
      }
    },
    accept: (id) => {
      const call = this.#makeCurrent(id);
      if (call === undefined) return;
      // A failed answer ends the call, and its ending says why in the panel.
      call.answer().catch((error: Error) => this.#error('call-failed', error));
    },
    decline: (id) => void this.#call(id)?.decline(),
    mute: () => {
      const call = this.#current();
      if (call?.muted) call.unmute();
      else call?.mute();
    },
    hold: () => {
      const call = this.#current();
      if (call === undefined) return;
      this.#message = '';
      (call.state === 'held' ? call.resume() : call.hold()).then(
        () => {
          this.announcement = call.state === 'held' ? this.strings.states.held : this.strings.states.active;
          this.#host.requestUpdate();
        },
        (error: Error) => this.#failed('action-failed', error),
      );
    },
    keypad: () => {
      this.#keypad = !this.#keypad;
      this.#host.requestUpdate();
    },
    transferForm: () => {
      this.#transfer = !this.#transfer;
      this.#transferTarget = '';
      this.#host.requestUpdate();
      if (this.#transfer) this.#focus('#transfer-target');
    },
    transferTarget: (value) => {
      this.#transferTarget = value;
    },
    blindTransfer: () => {
      const call = this.#current();
      const target = this.#transferTarget.trim();
      if (call === undefined || target === '') return;
      this.#message = '';
      this.#transfer = false;
      call.transfer(target).catch((error: Error) => this.#failed('transfer-failed', error));
      this.#host.requestUpdate();
    },
    consult: () => {
      const first = this.#current();
      const target = this.#transferTarget.trim();
      if (first === undefined || target === '') return;
      try {
        const consult = this.#place(target, 'transfer-failed');
        consult.answered().catch(() => undefined);
        this.#consult = { first, consult };
        this.#transfer = false;
      } catch {
        // Shown and reported by #place.
      }
    },
    completeTransfer: () => {
      const pair = this.#consult;
      if (pair === undefined) return;
      this.#message = '';
      pair.first
        .transfer(pair.consult)
        .catch((error: Error) => this.#failed('transfer-failed', error))
        .finally(() => this.#host.requestUpdate());
      this.#host.requestUpdate();
    },
    cancelConsult: () => {
      const pair = this.#consult;
      if (pair === undefined) return;
      this.#consult = undefined;
      this.#currentId = pair.first.id;
      void pair.consult.hangup();
      this.#host.requestUpdate();
    },
    hangup: (id) => void this.#call(id)?.hangup(),
    switchTo: (id) => {
      const call = this.#makeCurrent(id);
      if (call === undefined) return;
      if (call.state === 'held') call.resume().catch((error: Error) => this.#failed('action-failed', error));
      this.#host.requestUpdate();
    },
    recent: (id) => {
      const entry = this.#engine?.recent.find((r) => r.id === id);
      if (entry === undefined) return;
      this.#number = entry.number;
      this.#host.requestUpdate();
      this.#focus('#number');
    },
  };

  #startEngine(engine: PhoneEngine): PhoneEngine {
    engine.on('registration', (change) => this.#onRegistration(engine, change));
    engine.on('incoming', (call) => {
      this.#emit('aipbx-incoming', {
        callId: call.id,
        number: call.remote.number,
        ...(call.remote.displayName ? { displayName: call.remote.displayName } : {}),
      });
      if (engine === this.#engine)
        this.alert = fill(this.strings.incomingFrom, { caller: this.#party(call.remote) });
      this.#refresh();
    });
    engine.on('call-start', (call) => {
      this.#emit('aipbx-call-start', {
        callId: call.id,
        direction: call.direction,
        number: call.remote.number,
        ...(call.remote.displayName ? { displayName: call.remote.displayName } : {}),
      });
      if (engine !== this.#engine) return;
      this.#currentId = call.id;
      this.announcement = fill(this.strings.connectedTo, { party: this.#party(call.remote) });
    });
    engine.on('call-end', (call, change) => this.#onCallEnd(engine, call, change));
    engine.on('update', () => this.#refresh());
    engine.start().catch(() => undefined);
    return engine;
  }

  #disposeEngine(): void {
    const engine = this.#engine;
    this.#engine = undefined;
    this.#currentId = undefined;
    this.#consult = undefined;
    this.#keypad = false;
    this.#transfer = false;
    this.announcement = '';
    this.alert = '';
    void engine?.dispose();
    this.#refresh();
  }

  #onRegistration(engine: PhoneEngine, change: RegistrationChange): void {
    const extension = engine.extension;
    if (change.to === 'registered') {
      this.#emit('aipbx-registered', { extension });
      if (this.#host.ringtone !== 'off') this.#ringtone.prepare();
    } else if (change.to === 'unregistered' || change.to === 'failed') {
      this.#emit('aipbx-unregistered', {
        extension,
        state: change.to,
        reason: change.reason,
        message: change.error?.message ?? '',
        willRetry: change.retryAt !== undefined,
      });
    }
    if (engine !== this.#engine) return;
    // Said once per change of what the operator can do; retries in a row stay quiet.
    if (change.to === 'registered' || change.to === 'failed' || change.from === 'registered')
      this.announcement = this.#status(this.strings)[0];
    this.#refresh();
  }

  #onCallEnd(engine: PhoneEngine, call: PhoneCall, change: PhoneCallChange): void {
    const connectedAt = call.connectedAt;
    this.#emit('aipbx-call-end', {
      callId: call.id,
      direction: call.direction,
      number: call.remote.number,
      reason: change.reason,
      durationMs: connectedAt === undefined ? 0 : (call.endedAt ?? Date.now()) - connectedAt,
      ...(change.error ? { message: change.error.message } : {}),
    });
    if (engine !== this.#engine) return;
    const s = this.strings;
    const outcome = s.outcomes[change.reason as PhoneCallEnding] ?? '';
    const failed = change.error !== undefined && change.reason !== 'missed';
    if (failed) this.#message = fill(s.callEndedWith, { outcome });
    this.announcement =
      failed || change.reason === 'missed' ? fill(s.callEndedWith, { outcome }) : s.callEnded;
    const pair = this.#consult;
    if (pair !== undefined && (call === pair.consult || call === pair.first)) {
      this.#consult = undefined;
      if (call === pair.consult && pair.first.state !== 'ended') this.#currentId = pair.first.id;
    }
    if (call.id === this.#currentId) {
      this.#currentId = undefined;
      this.#keypad = false;
      this.#transfer = false;
    }
    this.#refresh();
  }

  /** Re-renders, rings while a call rings here, ticks while a call is answered. */
  #refresh(): void {
    const calls = this.#engine?.calls ?? [];
    if (!calls.some((c) => c.state === 'incoming')) this.alert = '';
    if (this.#host.ringtone !== 'off' && calls.some((c) => c.state === 'incoming')) this.#ringtone.start();
    else this.#ringtone.stop();
    const talking = calls.some((c) => c.connectedAt !== undefined);
    if (talking && this.#timer === undefined) {
      this.#timer = setInterval(() => this.#host.requestUpdate(), 1000);
    } else if (!talking && this.#timer !== undefined) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
    this.#host.requestUpdate();
    // Keep the keyboard focus in the softphone when the control it was on goes away.
    const root = this.#host.renderRoot as ShadowRoot;
    if (root.activeElement != null) {
      void this.#host.updateComplete.then(() => {
        if (root.activeElement == null) root.querySelector<HTMLElement>('#number')?.focus();
      });
    }
  }

  /** The call the panel shows with its controls: the chosen one, else an unheld one, else the last held. */
  #current(): PhoneCall | undefined {
    const live = (this.#engine?.calls ?? []).filter((c) => c.state !== 'incoming' && c.state !== 'ended');
    return live.find((c) => c.id === this.#currentId) ?? live.find((c) => c.state !== 'held') ?? live.at(-1);
  }

  #call(id: string): PhoneCall | undefined {
    return this.#engine?.calls.find((c) => c.id === id);
  }
  /** Shows call `id` as the current one, with the keypad and transfer form closed. */
  #makeCurrent(id: string): PhoneCall | undefined {
    const call = this.#call(id);
    if (call === undefined) return undefined;
    this.#message = '';
    this.#currentId = id;
    this.#keypad = false;
    this.#transfer = false;
    return call;
  }

  #ready(): PhoneEngine {
    if (this.#invalid !== undefined) throw this.#invalid;
    if (this.#engine === undefined)
      throw new AipbxError(
        'INVALID_INPUT',
        '<aipbx-softphone> needs server, extension and password (set as a property) before it can register or call.',
      );
    return this.#engine;
  }

  /** Places a call and makes it current; shows and reports what went wrong, then rethrows it. */
  #place(number: string, reason: SoftphoneErrorReason = 'call-failed'): PhoneCall {
    this.#message = '';
    try {
      const engine = this.#ready();
      const call = engine.call(number);
      this.#currentId = call.id;
      this.announcement = `${this.strings.states.dialing} ${this.#party(call.remote)}`;
      this.#keypad = false;
      this.#transfer = false;
      this.#host.requestUpdate();
      return call;
    } catch (error) {
      this.#failed(reason, error as Error);
      throw error;
    }
  }

  #dtmf(key: string): void {
    this.#current()
      ?.sendDtmf(key)
      .catch((error: Error) => this.#failed('action-failed', error));
  }

  /** An action failed: a sentence in the panel, and `aipbx-error`. */
  #failed(reason: SoftphoneErrorReason, error: Error): void {
    const s = this.strings;
    const engine = this.#engine;
    const badTarget = error instanceof AipbxError && error.code === 'INVALID_INPUT';
    if (reason === 'action-failed') this.#message = s.actionFailed;
    else if (engine === undefined) this.#message = this.#invalid ? s.misconfigured : s.notRegistered;
    else if (badTarget) this.#message = s.invalidNumber;
    else if (reason === 'transfer-failed') this.#message = s.transferFailed;
    else this.#message = engine.registration === 'registered' ? s.callFailed : s.notRegistered;
    this.#error(reason, error);
    this.#host.requestUpdate();
  }

  #error(reason: SoftphoneErrorReason, error: Error): void {
    this.#emit('aipbx-error', { reason, message: error.message });
  }

  #emit(type: string, detail: unknown): void {
    this.#host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** The registration line and, for a failure, the error behind it. */
  #status(s: SoftphoneStrings): [string, string] {
    if (this.#invalid !== undefined) return [s.misconfigured, this.#invalid.message];
    const engine = this.#engine;
    if (engine === undefined) return [s.unregistered, ''];
    const change = engine.registrationChange;
    const why = s.registrationReasons[change.reason as RegistrationProblem];
    switch (change.to) {
      case 'registered':
        return [fill(s.registered, { extension: engine.extension }), ''];
      case 'registering':
        return [s.registering, ''];
      case 'failed':
        return [fill(s.failed, { why: why ?? '' }), change.error?.message ?? ''];
      default: {
        if (why === undefined || change.reason === 'stopped') return [s.unregistered, ''];
        const retry =
          change.retryAt === undefined
            ? ''
            : `, ${fill(s.retryingAt, { time: this.#time(change.retryAt, true) })}`;
        return [`${fill(s.unregisteredWhy, { why })}${retry}`, ''];
      }
    }
  }

  #party(party: Pick<PhoneParty, 'number' | 'displayName'>): string {
    const { number, displayName } = party;
    if (displayName && number && displayName !== number) return `${displayName}, ${number}`;
    return displayName || number || this.strings.unknownCaller;
  }

  #lang(): string | undefined {
    return this.#host.lang || globalThis.document?.documentElement.lang || undefined;
  }

  #time(at: number, seconds: boolean): string {
    const options: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
    if (seconds) options.second = '2-digit';
    try {
      return new Intl.DateTimeFormat(this.#lang(), options).format(at);
    } catch {
      return new Intl.DateTimeFormat(undefined, options).format(at);
    }
  }

  /** `mm:ss` from `from` to `to` (default now); `''` when never answered and nothing to time. */
  #elapsed(from: number | undefined, to?: number): string {
    if (from === undefined) return to === undefined ? '' : '00:00';
    const total = Math.max(0, Math.floor(((to ?? Date.now()) - from) / 1000));
    return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  }

  #focus(selector: string): void {
    void this.#host.updateComplete.then(() =>
      (this.#host.renderRoot as ShadowRoot).querySelector<HTMLElement>(selector)?.focus(),
    );
  }
}
