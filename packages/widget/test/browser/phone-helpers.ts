import { softphoneChunkName } from '@aipbx/testbed/support/widget-site.js';
import type { Page } from 'playwright-core';

/** Chromium's fake microphone beeps about once a second; this level means the beep came through. */
export const HEARD = 0.02;
/** Below this the other side sends nothing (comfort noise and codec residue stay far under it). */
export const SILENT = 0.01;

/**
 * Starts a `PhoneEngine` from the built softphone chunk in `page` with `options`; its registration
 * changes, incoming calls and call ends are recorded on `window.log`, the engine is `window.phone`.
 * Strings, not functions, go to `evaluate`, so the page's own `import()` runs untouched.
 */
export async function startPhoneIn(page: Page, options: Record<string, unknown>): Promise<void> {
  await page.evaluate(`(async () => {
    const { PhoneEngine } = await import('/widget/${softphoneChunkName()}');
    const log = (window.log = { reg: [], incoming: [], ends: [], starts: [] });
    const phone = (window.phone = new PhoneEngine(${JSON.stringify(options)}));
    phone.on('registration', (c) => log.reg.push({ to: c.to, reason: c.reason, statusCode: c.statusCode, message: c.error?.message, retryAt: c.retryAt }));
    phone.on('incoming', (call) => log.incoming.push({ id: call.id, number: call.remote.number, name: call.remote.displayName }));
    phone.on('call-start', (call) => log.starts.push(call.id));
    phone.on('call-end', (call, c) => log.ends.push({ id: call.id, reason: c.reason, message: c.error?.message }));
    window.callOf = (id) => window.phone.calls.find((c) => c.id === id);
    /** The loudest the other side was over ms, sampled every 20 ms. */
    window.peak = (id, ms) => new Promise((resolve) => {
      let max = 0;
      const t = setInterval(() => { max = Math.max(max, window.callOf(id)?.levels().output ?? 0); }, 20);
      setTimeout(() => { clearInterval(t); resolve(max); }, ms);
    });
    window.started = phone.start().then(() => 'registered', (e) => e.code + ': ' + e.message);
  })()`);
}

/** Waits for `expression` to be true in the page, polling every 50 ms; the error says what was awaited. */
export async function until(page: Page, expression: string, what: string, timeout = 10_000): Promise<void> {
  try {
    await page.waitForFunction(expression, undefined, { timeout, polling: 50 });
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
  }
}

export const registered = (page: Page, extension: string) =>
  until(page, `window.phone.registration === 'registered'`, `${extension} to register`, 15_000);

/** The id of the first call ringing on `page` (waits for it). */
export async function ringing(page: Page, what: string): Promise<string> {
  await until(page, `window.phone.calls.some((c) => c.state === 'incoming')`, what, 15_000);
  return page.evaluate(`window.phone.calls.find((c) => c.state === 'incoming').id`) as Promise<string>;
}

export const stateOf = (page: Page, id: string) =>
  page.evaluate(`window.callOf(${JSON.stringify(id)})?.state ?? 'gone'`) as Promise<string>;

export const callState = (page: Page, id: string, state: string, what: string, timeout = 10_000) =>
  until(
    page,
    `(window.callOf(${JSON.stringify(id)})?.state ?? 'ended') === ${JSON.stringify(state)}`,
    what,
    timeout,
  );

/** Waits until the page hears the other side of call `id` (the fake microphone's beep). */
export const hears = (page: Page, id: string, what: string) =>
  until(page, `(window.callOf(${JSON.stringify(id)})?.levels().output ?? 0) > ${HEARD}`, what, 10_000);

export const peak = (page: Page, id: string, ms: number) =>
  page.evaluate(`window.peak(${JSON.stringify(id)}, ${ms})`) as Promise<number>;

export const endOf = async (page: Page, id: string, what: string) => {
  await until(page, `window.log.ends.some((e) => e.id === ${JSON.stringify(id)})`, what, 15_000);
  return page.evaluate(`window.log.ends.find((e) => e.id === ${JSON.stringify(id)})`) as Promise<{
    reason: string;
    message?: string;
  }>;
};

/**
 * `from` calls `to` and `to` answers: the two call ids, both active, and each hearing the other —
 * so the PBX has bridged them (a transfer asked for before that is refused with 400).
 */
export async function connect(from: Page, to: Page, number: string): Promise<[string, string]> {
  const outgoing = (await from.evaluate(`window.phone.call(${JSON.stringify(number)}).id`)) as string;
  const incoming = await ringing(to, `${number} to ring`);
  await to.evaluate(`window.callOf(${JSON.stringify(incoming)}).answer()`);
  await callState(from, outgoing, 'active', 'the caller to be connected');
  await callState(to, incoming, 'active', 'the callee to be connected');
  await hears(from, outgoing, 'the caller to hear the callee');
  await hears(to, incoming, 'the callee to hear the caller');
  return [outgoing, incoming];
}
