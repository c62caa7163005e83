import { customElements as litShimRegistry } from '@lit-labs/ssr-dom-shim';
import { describe, expect, it } from 'vitest';

/** The browser globals the widget would touch; none of them exists in Node. */
function browserGlobals(): Record<string, unknown> {
  const g = globalThis as Record<string, unknown>;
  return {
    window: g.window,
    document: g.document,
    HTMLElement: g.HTMLElement,
    location: g.location,
    mediaDevices: (g.navigator as { mediaDevices?: unknown } | undefined)?.mediaDevices,
    RTCPeerConnection: g.RTCPeerConnection,
  };
}

const NONE = {
  window: undefined,
  document: undefined,
  HTMLElement: undefined,
  location: undefined,
  mediaDevices: undefined,
  RTCPeerConnection: undefined,
};

// Taken before anything below imports Lit.
const registryBefore = globalThis.customElements;

describe('importing the widget where there is no DOM (server-side rendering)', () => {
  it('runs in an environment without a DOM or a custom element registry', () => {
    expect(browserGlobals()).toEqual(NONE);
    expect(registryBefore).toBeUndefined();
  });

  it('imports the engine (`@aipbx/widget/engine`) without Lit: still no registry', async () => {
    const engine = await import('./engine/index.js');
    expect(typeof engine.CallEngine).toBe('function');
    expect(engine.isCallActive('in-call')).toBe(true);
    expect(browserGlobals()).toEqual(NONE);
    expect(globalThis.customElements).toBeUndefined();
  });

  it('imports the phone engine (`@aipbx/widget/phone`) without Lit: still no registry', async () => {
    const phone = await import('./phone/index.js');
    expect(typeof phone.PhoneEngine).toBe('function');
    expect(phone.isPhoneCallLive('held')).toBe(true);
    expect(browserGlobals()).toEqual(NONE);
    expect(globalThis.customElements).toBeUndefined();
  });

  it('imports the package entry and define without throwing or creating browser globals', async () => {
    const index = await import('./index.js');
    const define = await import('./define.js');
    expect(typeof index.AipbxCall).toBe('function');
    expect(define.defineAipbxCall).toBe(index.defineAipbxCall);
    expect(browserGlobals()).toEqual(NONE);
  });

  it("registers <aipbx-call> nowhere but Lit's server-side shim registry", async () => {
    await import('./index.js');
    // Lit's Node build installs @lit-labs/ssr-dom-shim's registry as globalThis.customElements,
    // so that @lit-labs/ssr can render the element. Nothing else may appear there.
    const registry = globalThis.customElements as CustomElementRegistry | undefined;
    if (registry === undefined) return;
    expect(registry).toBe(litShimRegistry);
    expect(registry.get('aipbx-call')).toBe((await import('./index.js')).AipbxCall);
    // The package entry does not register the softphone: `@aipbx/widget/softphone` does.
    expect(registry.get('aipbx-softphone')).toBeUndefined();
  });

  it('lets defineAipbxCall be called again without throwing', async () => {
    const { defineAipbxCall } = await import('./define.js');
    expect(() => defineAipbxCall()).not.toThrow();
    expect(() => defineAipbxCall()).not.toThrow();
    expect(browserGlobals()).toEqual(NONE);
  });
});

describe('importing the softphone where there is no DOM (server-side rendering)', () => {
  it('imports `@aipbx/widget/softphone` and its define without creating browser globals', async () => {
    const softphone = await import('./softphone/index.js');
    const define = await import('./define-softphone.js');
    expect(typeof softphone.AipbxSoftphone).toBe('function');
    expect(define.defineAipbxSoftphone).toBe(softphone.defineAipbxSoftphone);
    expect(browserGlobals()).toEqual(NONE);
  });

  it("registers <aipbx-softphone> nowhere but Lit's server-side shim registry", async () => {
    const { AipbxSoftphone } = await import('./softphone/index.js');
    const registry = globalThis.customElements as CustomElementRegistry | undefined;
    if (registry === undefined) return;
    expect(registry).toBe(litShimRegistry);
    expect(registry.get('aipbx-softphone')).toBe(AipbxSoftphone);
  });

  it('lets defineAipbxSoftphone be called again without throwing', async () => {
    const { defineAipbxSoftphone } = await import('./define-softphone.js');
    expect(() => defineAipbxSoftphone()).not.toThrow();
    expect(() => defineAipbxSoftphone()).not.toThrow();
  });

  it('constructs the element and renders its shell (the live regions) without loading the engine', async () => {
    const { AipbxSoftphone } = await import('./softphone/index.js');
    const element = new AipbxSoftphone();
    element.server = 'wss://pbx.example.com:8089/ws';
    element.extension = '201';
    element.password = 'not-used';
    const template = (element as unknown as { render(): { strings: readonly string[] } }).render();
    const markup = template.strings.join('');
    expect(markup).toContain('part="base"');
    expect(markup).toContain('aria-live="polite"');
    expect(markup).toContain('aria-live="assertive"');
    expect(element.registration).toBe('unregistered');
    expect(element.calls).toEqual([]);
    expect(element.engine).toBeUndefined();
    expect(browserGlobals()).toEqual(NONE);
  });

  it('keeps the password a property: no attribute is observed or reflected for it', async () => {
    const { AipbxSoftphone } = await import('./softphone/index.js');
    const attributes = (AipbxSoftphone as unknown as { observedAttributes: string[] }).observedAttributes;
    expect(attributes).toEqual(
      expect.arrayContaining(['server', 'extension', 'display-name', 'ice-servers', 'lang', 'ringtone']),
    );
    expect(attributes.filter((a) => /pass/i.test(a))).toEqual([]);
  });
});
