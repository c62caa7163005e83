/** The in-call panel's rules, adopted into the element's shadow root when the call chunk loads. */
const PANEL_CSS = `
[part='panel'] {
  background: var(--_bg); border-radius: var(--aipbx-radius, 12px); box-shadow: 0 4px 20px #0003;
  padding: 12px; min-width: 220px; display: grid; gap: 8px;
}
.row { display: flex; align-items: center; gap: 8px; justify-content: space-between; }
[part='controls'] button, [part='key'] {
  background: #0000000f; color: var(--_fg); border-radius: 8px; min-width: 44px; min-height: 44px;
}
[part='controls'] [aria-pressed='true'] { background: var(--_danger); color: #fff; }
[part='keypad'] { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px; }
[part='meter'] { height: 6px; border-radius: 3px; background: #0000001a; overflow: hidden; }
[part='meter'] > div { height: 100%; width: calc(var(--level, 0) * 100%); background: var(--_accent); }
`;

/**
 * Adds the panel's rules to `root` once: a constructed stylesheet (allowed under a strict CSP,
 * like Lit's own), or a `<style>` in the shadow root where constructed sheets are missing.
 */
export function adoptPanelStyles(root: HTMLElement | DocumentFragment): void {
  const shadow = root as ShadowRoot;
  if (shadow.querySelector?.('style[data-aipbx-panel]') || (shadow as { aipbxPanel?: true }).aipbxPanel)
    return;
  if (globalThis.CSSStyleSheet !== undefined && 'adoptedStyleSheets' in shadow) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PANEL_CSS);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    (shadow as { aipbxPanel?: true }).aipbxPanel = true;
    return;
  }
  const style = globalThis.document.createElement('style');
  style.dataset.aipbxPanel = '';
  style.textContent = PANEL_CSS;
  shadow.append(style);
}
