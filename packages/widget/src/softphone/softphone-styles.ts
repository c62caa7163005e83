/** The softphone panel's rules, adopted into the element's shadow root when the softphone chunk loads. */
const SOFTPHONE_CSS = `
[part='panel'] {
  background: var(--_bg); border-radius: var(--aipbx-radius, 12px); box-shadow: 0 2px 12px #0002;
  padding: 12px; display: grid; gap: 10px;
}
.row { display: flex; align-items: center; gap: 8px; }
.grow { flex: 1; min-width: 0; }
.label { font-size: 0.85em; opacity: 0.75; }
p { margin: 0; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
label { display: block; font-size: 0.85em; margin-bottom: 4px; }
input {
  font: inherit; color: inherit; background: var(--_bg); border: 1px solid #0000004d; border-radius: 8px;
  padding: 0 10px; min-height: 44px; box-sizing: border-box; width: 100%;
}
button {
  background: #0000000f; color: var(--_fg); border-radius: 8px; min-width: 44px; min-height: 44px;
  padding: 0 12px;
}
button:disabled { opacity: 0.5; cursor: default; }
.dot { width: 10px; height: 10px; border-radius: 50%; background: #9ca3af; flex: none; }
[data-state='registered'] .dot { background: var(--_accent); }
[data-state='registering'] .dot { background: #d97706; }
[data-state='failed'] .dot, [data-state='misconfigured'] .dot { background: var(--_danger); }
[part='detail'] { font-size: 0.85em; opacity: 0.8; overflow-wrap: anywhere; }
[part='message'], [part='hint'] { border-radius: 8px; padding: 8px 10px; background: #0000000f; }
[part='message'] { border-left: 4px solid var(--_danger); }
[part='incoming-call'], [part='other-call'], [part='call'], [part='consult'] {
  display: flex; flex-wrap: wrap; align-items: center; gap: 8px; padding: 8px;
  border: 1px solid #0000001f; border-radius: 8px;
}
[part='incoming-call'] { border-color: var(--_accent); }
[part='incoming-call'] .label, [part='other-call'] .label { display: block; }
[part='call'] { display: grid; }
[part='party'] { font-weight: 600; overflow-wrap: anywhere; }
[part='timer'] { font-variant-numeric: tabular-nums; }
[part='controls'] { display: flex; flex-wrap: wrap; gap: 6px; }
[part~='mute'][aria-pressed='true'] { background: var(--_danger); color: #fff; }
[part~='accept'], [part='call-button'] { background: var(--_accent); color: #fff; }
[part~='decline'], [part~='hangup'] { background: var(--_danger); color: #fff; }
[part='transfer'] { display: grid; gap: 6px; }
[part='keypad'] { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; margin-top: 8px; }
[part='key'] { font-size: 1.15em; }
[part='recent'] ul { gap: 2px; }
[part='recent-call'] {
  display: flex; align-items: center; gap: 8px; width: 100%; text-align: left; background: none;
}
[part='recent-call'] .label { display: block; }
[part='recent-call'][data-kind='missed'] [part='party'] { color: var(--_danger); }
`;

/**
 * Adds the softphone's rules to `root` once: a constructed stylesheet (allowed under a strict
 * CSP, like Lit's own), or a `<style>` in the shadow root where constructed sheets are missing.
 */
export function adoptSoftphoneStyles(root: HTMLElement | DocumentFragment): void {
  const shadow = root as ShadowRoot & { aipbxSoftphone?: true };
  if (shadow.aipbxSoftphone || shadow.querySelector?.('style[data-aipbx-softphone]')) return;
  if (globalThis.CSSStyleSheet !== undefined && 'adoptedStyleSheets' in shadow) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SOFTPHONE_CSS);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    shadow.aipbxSoftphone = true;
    return;
  }
  const style = globalThis.document.createElement('style');
  style.dataset.aipbxSoftphone = '';
  style.textContent = SOFTPHONE_CSS;
  shadow.append(style);
}
