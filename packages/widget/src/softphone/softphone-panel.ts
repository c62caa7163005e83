import type { TemplateResult } from 'lit';
import type { PanelLit } from '../element/call-panel.js';
import type { RegistrationState } from '../phone/registration-state.js';
import type { SoftphoneStrings } from './softphone-strings.js';

/** Keypad keys, in the order they are laid out. */
export const SOFTPHONE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** One call in a list: ringing here, or live but not the current one. */
export interface CallItemView {
  id: string;
  /** `Anna, 202`, the number alone, or "Unknown number". */
  party: string;
  /** The state in words. */
  state: string;
  held: boolean;
}

/** The current call. */
export interface CurrentCallView extends CallItemView {
  /** `mm:ss` since the answer; empty before it. */
  timer: string;
  active: boolean;
  muted: boolean;
  /** Answered (active or held) and not being transferred: hold, transfer and mute apply. */
  answered: boolean;
  /** An attended transfer in progress: this call is the consultation, `caller` the held one. */
  consult?: { caller: string; ready: boolean };
}

/** One ended call of the session. */
export interface RecentView {
  id: string;
  kind: 'incoming' | 'outgoing' | 'missed';
  party: string;
  time: string;
  duration: string;
  outcome: string;
}

/** What the softphone's panel shows, and what its controls do. */
export interface SoftphoneView {
  strings: SoftphoneStrings;
  registration: RegistrationState | 'misconfigured';
  status: string;
  /** The error behind a failed registration or a refused configuration (English). */
  detail: string;
  reconnect: boolean;
  message: string;
  hint: boolean;
  incoming: readonly CallItemView[];
  /** Accepting holds the call in progress. */
  busy: boolean;
  current: CurrentCallView | undefined;
  /** The transfer form is open. */
  transfer: boolean;
  transferTarget: string;
  others: readonly CallItemView[];
  number: string;
  /** What the 12 keys do, when shown: edit the number, or send DTMF in the current call. */
  keys: 'dial' | 'dtmf' | undefined;
  recent: readonly RecentView[];
  on: SoftphoneActions;
}

/** The panel's controls, by call id where they act on a call. */
export interface SoftphoneActions {
  reconnect(): void;
  number(value: string): void;
  key(key: string): void;
  dial(): void;
  accept(id: string): void;
  decline(id: string): void;
  mute(): void;
  hold(): void;
  keypad(): void;
  transferForm(): void;
  transferTarget(value: string): void;
  blindTransfer(): void;
  consult(): void;
  completeTransfer(): void;
  cancelConsult(): void;
  hangup(id: string): void;
  switchTo(id: string): void;
  recent(id: string): void;
}

const submit = (action: () => void) => (event: Event) => {
  event.preventDefault();
  action();
};
const inputValue = (event: Event): string => (event.target as HTMLInputElement).value;

/**
 * `<aipbx-softphone>`'s panel: registration status, incoming calls, the current call with its
 * controls and transfer form, other calls, the dial pad and the recent calls. Rendered with the
 * element's own Lit, so the softphone chunk carries no copy of it.
 */
export function renderSoftphone(lit: PanelLit, v: SoftphoneView): TemplateResult {
  const { html, nothing } = lit;
  const s = v.strings;
  const on = v.on;
  return html`<div part="panel" role="group" aria-label=${s.softphone}>
    <div part="status" class="row" data-state=${v.registration}>
      <span class="dot" aria-hidden="true"></span><span class="grow">${v.status}</span>
      ${v.reconnect ? html`<button type="button" part="reconnect" @click=${on.reconnect}>${s.reconnect}</button>` : nothing}
    </div>
    ${v.detail ? html`<p part="detail">${v.detail}</p>` : nothing}
    ${v.hint ? html`<p part="hint">${s.ringtoneHint}</p>` : nothing}
    ${v.message ? html`<p part="message">${v.message}</p>` : nothing}
    ${
      v.incoming.length > 0
        ? html`<ul part="incoming" aria-label=${s.incomingCall}>
          ${v.incoming.map(
            (c) => html`<li part="incoming-call">
              <span class="grow"><span class="label">${s.incomingCall}</span><span id="caller-${c.id}" part="party">${c.party}</span></span>
              <button type="button" part="accept" aria-describedby="caller-${c.id}" @click=${() => on.accept(c.id)}>${v.busy ? s.answerAndHold : s.accept}</button>
              <button type="button" part="decline" aria-describedby="caller-${c.id}" @click=${() => on.decline(c.id)}>${s.decline}</button>
            </li>`,
          )}
        </ul>`
        : nothing
    }
    ${v.current ? renderCurrent(lit, v, v.current) : nothing}
    ${
      v.others.length > 0
        ? html`<ul part="calls" aria-label=${s.otherCalls}>
          ${v.others.map(
            (c) => html`<li part="other-call">
              <span class="grow"><span id="other-${c.id}" part="party">${c.party}</span> <span class="label">${c.state}</span></span>
              <button type="button" part="switch" aria-describedby="other-${c.id}" @click=${() => on.switchTo(c.id)}>${c.held ? s.resume : s.switchTo}</button>
              <button type="button" part="hangup" aria-describedby="other-${c.id}" @click=${() => on.hangup(c.id)}>${s.hangup}</button>
            </li>`,
          )}
        </ul>`
        : nothing
    }
    <form part="dialer" @submit=${submit(on.dial)}>
      <label for="number">${s.number}</label>
      <div class="row">
        <input id="number" part="number" class="grow" autocomplete="off" autocapitalize="off" spellcheck="false"
          .value=${v.number} @input=${(e: Event) => on.number(inputValue(e))}>
        <button part="call-button" type="submit">${s.call}</button>
      </div>
      ${
        v.keys === undefined
          ? nothing
          : html`<div id="keys" part="keypad" role="group" aria-label=${v.keys === 'dtmf' ? s.keypad : s.dialPad}>
            ${SOFTPHONE_KEYS.map((k) => html`<button type="button" part="key" @click=${() => on.key(k)}>${k}</button>`)}
          </div>`
      }
    </form>
    ${
      v.recent.length > 0
        ? html`<div part="recent" role="group" aria-labelledby="recent-title">
          <p id="recent-title" class="label">${s.recentCalls}</p>
          <ul>
            ${v.recent.map(
              (
                r,
              ) => html`<li><button type="button" part="recent-call" data-kind=${r.kind} @click=${() => on.recent(r.id)}>
                <span class="grow"><span class="label">${r.kind === 'missed' ? s.missed : r.kind === 'incoming' ? s.incoming : s.outgoing}</span>
                <span part="party">${r.party}</span></span>
                <span class="label">${r.time} · ${r.duration} · ${r.outcome}</span>
              </button></li>`,
            )}
          </ul>
        </div>`
        : nothing
    }
  </div>`;
}

function renderCurrent({ html, nothing }: PanelLit, v: SoftphoneView, c: CurrentCallView): TemplateResult {
  const s = v.strings;
  const on = v.on;
  const consult = c.consult;
  return html`<div part="call" role="group" aria-label=${s.currentCall}>
    <div class="row">
      <span part="party" class="grow">${c.party}</span>
      ${c.timer ? html`<span part="timer" role="timer">${c.timer}</span>` : nothing}
    </div>
    <span part="state">${c.state}</span>
    ${
      consult
        ? html`<div part="consult">
          <span>${consult.caller}</span>
          <div class="row">
            <button type="button" part="control complete-transfer" ?disabled=${!consult.ready} @click=${on.completeTransfer}>${s.completeTransfer}</button>
            <button type="button" part="control cancel-consult" @click=${on.cancelConsult}>${s.cancel}</button>
          </div>
        </div>`
        : nothing
    }
    <div part="controls">
      ${
        c.answered
          ? html`<button type="button" part="control mute" aria-pressed=${c.muted ? 'true' : 'false'} @click=${on.mute}>${s.mute}</button>
            <button type="button" part="control hold" @click=${on.hold}>${c.held ? s.resume : s.hold}</button>`
          : nothing
      }
      ${
        c.active
          ? html`<button type="button" part="control keypad-toggle" aria-expanded=${v.keys === 'dtmf' ? 'true' : 'false'}
              aria-controls=${v.keys === 'dtmf' ? 'keys' : nothing} @click=${on.keypad}>${s.keypad}</button>`
          : nothing
      }
      ${
        c.answered && !consult
          ? html`<button type="button" part="control transfer-toggle" aria-expanded=${v.transfer ? 'true' : 'false'}
              aria-controls=${v.transfer ? 'transfer' : nothing} @click=${on.transferForm}>${s.transfer}</button>`
          : nothing
      }
      <button type="button" part="control hangup" @click=${() => on.hangup(c.id)}>${s.hangup}</button>
    </div>
    ${
      v.transfer && c.answered && !consult
        ? html`<form id="transfer" part="transfer" @submit=${submit(on.blindTransfer)}>
          <label for="transfer-target">${s.transferTarget}</label>
          <input id="transfer-target" part="transfer-target" autocomplete="off" autocapitalize="off" spellcheck="false"
            .value=${v.transferTarget} @input=${(e: Event) => on.transferTarget(inputValue(e))}>
          <div class="row">
            <button type="submit" part="control blind-transfer">${s.transfer}</button>
            <button type="button" part="control consult-transfer" @click=${on.consult}>${s.consult}</button>
          </div>
        </form>`
        : nothing
    }
  </div>`;
}
