import { css } from 'lit';

/**
 * Shadow-root styles of `<aipbx-call>`'s button, in the first script. Everything themable goes
 * through `--aipbx-*` custom properties; the panel's rules arrive with the call chunk
 * (`panel-styles.ts`).
 */
export const styles = css`
  :host {
    --_accent: var(--aipbx-accent, #15803d);
    --_danger: var(--aipbx-danger, #b91c1c);
    --_fg: var(--aipbx-foreground, #111827);
    --_bg: var(--aipbx-background, #fff);
    --_size: var(--aipbx-button-size, 56px);
    --_gap: var(--aipbx-offset, 24px);
    display: inline-block;
    font: var(--aipbx-font, 14px/1.4 system-ui, sans-serif);
    color: var(--_fg);
  }
  :host([placement^='bottom']) {
    position: fixed;
    bottom: var(--_gap);
    z-index: var(--aipbx-z-index, 2147483000);
  }
  :host([placement='bottom-right']) { right: var(--_gap); }
  :host([placement='bottom-left']) { left: var(--_gap); }
  [part='base'] { display: flex; flex-direction: column; align-items: flex-end; gap: 8px; }
  :host([placement='bottom-left']) [part='base'] { align-items: flex-start; }
  button { font: inherit; cursor: pointer; border: 0; }
  button:focus-visible { outline: 3px solid var(--aipbx-focus-ring, #2563eb); outline-offset: 2px; }
  [part='button'] {
    display: inline-flex; align-items: center; gap: 8px; min-height: var(--_size);
    padding: 0 20px 0 16px; border-radius: calc(var(--_size) / 2);
    background: var(--_accent); color: #fff; box-shadow: 0 4px 14px #0003;
  }
  .end { background: var(--_danger); }
  svg { width: 24px; height: 24px; fill: currentColor; }
  [part='message'] {
    margin: 0; max-width: 280px; background: var(--_bg); border-radius: 8px; padding: 8px 12px;
    box-shadow: 0 2px 10px #0002;
  }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
`;
