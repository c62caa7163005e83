import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { CallState } from '../../src/engine/call-state.js';

/** A DOM event `<aipbx-call>` dispatched, as recorded in the page. */
export interface RecordedEvent {
  type: string;
  detail: unknown;
  at: number;
}

const TYPES = [
  'aipbx-state-change',
  'aipbx-call-start',
  'aipbx-call-end',
  'aipbx-error',
  'aipbx-quality-warning',
];

/**
 * Records every `aipbx-*` event that bubbles to the document (they are composed, so they cross
 * the shadow root). Returns a function that reads what was recorded so far.
 */
export async function pageEvents(page: Page): Promise<() => Promise<RecordedEvent[]>> {
  await page.evaluate((types) => {
    const w = window as unknown as { __aipbxEvents: RecordedEvent[] };
    w.__aipbxEvents = [];
    for (const type of types) {
      document.addEventListener(type, (e) => {
        const detail = (e as CustomEvent).detail as Record<string, unknown>;
        // Errors do not survive structured cloning: keep their messages.
        const plain = JSON.parse(
          JSON.stringify(detail, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v)),
        );
        w.__aipbxEvents.push({ type, detail: plain, at: performance.now() });
      });
    }
  }, TYPES);
  return () => page.evaluate(() => (window as unknown as { __aipbxEvents: RecordedEvent[] }).__aipbxEvents);
}

/**
 * Waits until an `aipbx-state-change` to `state` was recorded by {@link pageEvents}: unlike
 * {@link waitForState}, it also sees a state the element passed through between two polls (a
 * reconnect on loopback can take less than 50 ms).
 */
export async function waitForStateChange(page: Page, state: CallState, timeout: number): Promise<void> {
  try {
    await page.waitForFunction(
      (s) =>
        (window as unknown as { __aipbxEvents?: RecordedEvent[] }).__aipbxEvents?.some(
          (e) => e.type === 'aipbx-state-change' && (e.detail as { to?: string }).to === s,
        ) ?? false,
      state,
      { timeout, polling: 50 },
    );
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for <aipbx-call> to change to ${state}`);
  }
}

/** Waits until the first `<aipbx-call>` (or the one matching `selector`) is in `state`. */
export async function waitForState(
  page: Page,
  state: CallState,
  timeout: number,
  selector = 'aipbx-call',
): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, s]) =>
        (document.querySelector(sel as string) as unknown as { state?: string } | null)?.state === s,
      [selector, state],
      { timeout, polling: 50 },
    );
  } catch {
    const now = await page.evaluate(
      (sel) => (document.querySelector(sel) as unknown as { state?: string } | null)?.state,
      selector,
    );
    throw new Error(`timed out after ${timeout} ms waiting for <aipbx-call> to be ${state}; it is ${now}`);
  }
}

const require = createRequire(import.meta.url);

/** What axe-core finds wrong with the page's accessibility, one line per rule broken. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(ctx: unknown): Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> };
      }
    ).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  });
}
