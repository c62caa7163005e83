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
  });

  it('lets defineAipbxCall be called again without throwing', async () => {
    const { defineAipbxCall } = await import('./define.js');
    expect(() => defineAipbxCall()).not.toThrow();
    expect(() => defineAipbxCall()).not.toThrow();
    expect(browserGlobals()).toEqual(NONE);
  });
});
