import { AipbxCall } from './element/aipbx-call.js';
import type { CallEndDetail, CallErrorDetail, CallStartDetail } from './element/call-events.js';
import type { QualityWarning } from './engine/call-quality.js';
import type { CallStateChange } from './engine/call-state.js';

/**
 * Registers `<aipbx-call>`. The only module that calls `customElements.define`; guarded, so a
 * second copy of the package on the page (a script tag and an npm build) does not throw. Safe to
 * import where there is no DOM: with no registry it does nothing, and under Lit's Node build
 * (server-side rendering) it registers the element in Lit's own registry, so SSR can render it.
 */
export function defineAipbxCall(): void {
  const registry = globalThis.customElements;
  if (registry !== undefined && registry.get('aipbx-call') === undefined)
    registry.define('aipbx-call', AipbxCall);
}

defineAipbxCall();

declare global {
  interface HTMLElementTagNameMap {
    'aipbx-call': AipbxCall;
  }
  interface HTMLElementEventMap {
    'aipbx-state-change': CustomEvent<CallStateChange>;
    'aipbx-call-start': CustomEvent<CallStartDetail>;
    'aipbx-call-end': CustomEvent<CallEndDetail>;
    'aipbx-error': CustomEvent<CallErrorDetail>;
    'aipbx-quality-warning': CustomEvent<QualityWarning>;
  }
}
