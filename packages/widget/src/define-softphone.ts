import { AipbxSoftphone } from './softphone/aipbx-softphone.js';
import type {
  SoftphoneIncomingDetail,
  SoftphoneRegisteredDetail,
  SoftphoneUnregisteredDetail,
} from './softphone/softphone-events.js';

/**
 * Registers `<aipbx-softphone>`. The only module that defines it; guarded, so a second copy of
 * the package on the page (the script tag and an npm build) does not throw. Safe to import where
 * there is no DOM: with no registry it does nothing, and under Lit's Node build (server-side
 * rendering) it registers the element in Lit's own registry, so SSR can render it.
 */
export function defineAipbxSoftphone(): void {
  const registry = globalThis.customElements;
  if (registry !== undefined && registry.get('aipbx-softphone') === undefined)
    registry.define('aipbx-softphone', AipbxSoftphone);
}

defineAipbxSoftphone();

// `aipbx-call-start`, `aipbx-call-end` and `aipbx-error` are typed document-wide with
// <aipbx-call>'s details (define.ts); the softphone's own `addEventListener` types them with its
// details (AipbxSoftphoneEventMap).
declare global {
  interface HTMLElementTagNameMap {
    'aipbx-softphone': AipbxSoftphone;
  }
  interface HTMLElementEventMap {
    'aipbx-registered': CustomEvent<SoftphoneRegisteredDetail>;
    'aipbx-unregistered': CustomEvent<SoftphoneUnregisteredDetail>;
    'aipbx-incoming': CustomEvent<SoftphoneIncomingDetail>;
  }
}
