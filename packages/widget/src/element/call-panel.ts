import type { html as litHtml, nothing as litNothing, TemplateResult } from 'lit';
import type { CallQuality } from '../engine/call-quality.js';
import type { CallState } from '../engine/call-state.js';
import type { CallStrings } from './strings.js';

/** Lit's template tag and `nothing`, handed over by the element so this chunk carries no copy of Lit. */
export interface PanelLit {
  html: typeof litHtml;
  nothing: typeof litNothing;
}

/** What the in-call panel shows, and what its controls do. */
export interface PanelView {
  state: CallState;
  strings: CallStrings;
  label: string;
  muted: boolean;
  keypad: boolean;
  /** `m:ss` since the answer. */
  elapsed: string;
  quality: CallQuality | undefined;
  onMute: () => void;
  onKeypad: () => void;
  onKey: (key: string) => void;
}

/** Keypad keys, in the order they are laid out. */
export const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/** The state text shown and announced for each state. */
export function stateText(state: CallState, s: CallStrings): string {
  const texts: Partial<Record<CallState, string>> = {
    connecting: s.connecting,
    ringing: s.ringing,
    'in-call': s.inCall,
    reconnecting: s.reconnecting,
    ended: s.ended,
  };
  return texts[state] ?? '';
}

/**
 * The in-call panel of `<aipbx-call>`: state, timer, microphone level, mute, keypad, quality.
 * Loaded with the call engine, on first intent, so the first script stays small.
 */
export function renderPanel({ html, nothing }: PanelLit, v: PanelView): TemplateResult {
  const s = v.strings;
  const inCall = v.state === 'in-call';
  const q = v.quality;
  const grade = q === undefined ? undefined : q.mos >= 4 ? s.good : q.mos >= 3.1 ? s.fair : s.poor;
  return html`<div part="panel" role="group" aria-label=${v.label}>
    <div class="row">
      <span part="status">${stateText(v.state, s)}</span>
      ${inCall ? html`<span part="timer" role="timer">${v.elapsed}</span>` : nothing}
    </div>
    ${
      inCall
        ? html`<div part="meter" role="meter" aria-label=${s.level} aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><div></div></div>
          <div part="controls" class="row">
            <button aria-pressed=${v.muted ? 'true' : 'false'} @click=${v.onMute}>${s.mute}</button>
            <button aria-expanded=${v.keypad ? 'true' : 'false'} @click=${v.onKeypad}>${s.keypad}</button>
            ${grade === undefined ? nothing : html`<span part="quality">${s.quality}: ${grade}</span>`}
          </div>
          ${
            v.keypad
              ? html`<div part="keypad" role="group" aria-label=${s.keypad}>
                  ${KEYS.map((k) => html`<button part="key" @click=${() => v.onKey(k)}>${k}</button>`)}
                </div>`
              : nothing
          }`
        : nothing
    }
  </div>`;
}
