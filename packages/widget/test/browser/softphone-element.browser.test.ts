/**
 * `<aipbx-softphone>` as a component, from its own script tag, in real Chromium against the bed's
 * Asterisk: it registers once given its password, rings for a call from another softphone with
 * caller id and an assertive announcement, is driven from the keyboard and by clicks (accept, mute,
 * hold, hang up), places a call with `call(number)`, lists recent calls, reports a wrong password
 * as a failed registration with no password anywhere in the page, speaks Russian, and axe finds
 * nothing in any of those states.
 */
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { htmlPage, serveWidgetSite } from '@aipbx/testbed/support/widget-site.js';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './page-helpers.js';
import { callState, endOf, hears, registered, ringing, startPhoneIn, until } from './phone-helpers.js';
import type { Cleanups } from './stasis-helpers.js';

const bed = inject('testbed');
let browser: Browser;
let site: Awaited<ReturnType<typeof serveWidgetSite>>;
const cleanups: Cleanups = [];

const password = (extension: string) => {
  const o = bed.operators.find((x) => x.extension === extension);
  if (o?.wsPassword === undefined) throw new Error(`the bed has no WebRTC operator ${extension}`);
  return o.wsPassword;
};

const EVENTS = [
  'aipbx-registered',
  'aipbx-unregistered',
  'aipbx-incoming',
  'aipbx-call-start',
  'aipbx-call-end',
  'aipbx-error',
];

beforeAll(async () => {
  browser = await launchChromium();
  const element = (lang: string) =>
    htmlPage(
      `<main><h1>Operator panel</h1><aipbx-softphone server="${bed.wssUrl}" extension="201" lang="${lang}"></aipbx-softphone></main><script src="/widget/aipbx-softphone.js"></script>`,
    );
  site = await serveWidgetSite({
    '/en': element('en'),
    '/ru': element('ru'),
    '/other': htmlPage('<p>the other phone</p>'),
    '/call-button-only': htmlPage('<script src="/widget/aipbx-widget.js"></script>'),
  });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** The operator's page: the element registered as 201 once its password is set from script. */
async function operatorPage(path: string, secret = password('201')): Promise<Page> {
  const page = await browser.newPage();
  cleanups.push(async () => {
    await page.evaluate(`document.querySelector('aipbx-softphone')?.remove()`).catch(() => undefined);
    await page.close();
  });
  await page.goto(`${site.url}${path}`);
  await page.evaluate((types) => {
    const w = window as unknown as { events: { type: string; detail: unknown }[] };
    w.events = [];
    for (const type of types)
      document.addEventListener(type, (e) => w.events.push({ type, detail: (e as CustomEvent).detail }));
  }, EVENTS);
  await page.evaluate(`document.querySelector('aipbx-softphone').password = ${JSON.stringify(secret)}`);
  return page;
}

/** Another operator (202) on a page of its own, driving the engine directly. */
async function otherPhone(): Promise<Page> {
  const page = await browser.newPage();
  cleanups.push(async () => {
    await page.evaluate('window.phone?.dispose()').catch(() => undefined);
    await page.close();
  });
  await page.goto(`${site.url}/other`);
  await startPhoneIn(page, { server: bed.wssUrl, extension: '202', password: password('202') });
  await registered(page, '202');
  return page;
}

const softphone = (page: Page): Locator => page.locator('aipbx-softphone');
const part = (page: Page, name: string): Locator => softphone(page).locator(`[part~="${name}"]`);

async function eventOf(page: Page, type: string, timeout = 15_000): Promise<Record<string, unknown>> {
  await until(page, `window.events.some((e) => e.type === ${JSON.stringify(type)})`, `${type}`, timeout);
  return page.evaluate(
    `window.events.filter((e) => e.type === ${JSON.stringify(type)}).at(-1).detail`,
  ) as Promise<Record<string, unknown>>;
}

describe('<aipbx-softphone> as a component', () => {
  it('registers once its password is set, rings for 202 with caller id, is answered, muted, held and hung up by the operator; axe-clean throughout', async () => {
    const page = await operatorPage('/en');
    expect(await eventOf(page, 'aipbx-registered')).toEqual({ extension: '201' });
    await expect(part(page, 'status').textContent()).resolves.toContain('Registered: extension 201');
    expect(await axeViolations(page)).toEqual([]);

    const other = await otherPhone();
    const outgoing = (await other.evaluate(`window.phone.call('201').id`)) as string;
    const incoming = await eventOf(page, 'aipbx-incoming');
    expect(incoming).toMatchObject({ number: '202', displayName: 'Оператор Два' });
    const card = part(page, 'incoming-call');
    await expect(card.textContent()).resolves.toContain('Оператор Два');
    await until(
      page,
      `document.querySelector('aipbx-softphone').shadowRoot.querySelector('[aria-live="assertive"]').textContent.includes('Оператор Два')`,
      'the incoming call to be announced assertively',
    );
    expect(await axeViolations(page)).toEqual([]);

    // Keyboard: Tab reaches Accept; Enter answers.
    const accept = part(page, 'accept');
    await accept.focus();
    await page.keyboard.press('Enter');
    expect(await eventOf(page, 'aipbx-call-start')).toMatchObject({ direction: 'incoming', number: '202' });
    await callState(other, outgoing, 'active', '202 to be connected');
    await hears(other, outgoing, '202 to hear the operator');
    await until(
      page,
      `/^\\d\\d:\\d\\d$/.test(document.querySelector('aipbx-softphone').shadowRoot.querySelector('[part~="timer"]')?.textContent ?? '')`,
      'the call timer',
    );
    expect(await axeViolations(page)).toEqual([]);

    const mute = part(page, 'mute');
    await mute.click();
    await expect(mute.getAttribute('aria-pressed')).resolves.toBe('true');
    await mute.click();
    await expect(mute.getAttribute('aria-pressed')).resolves.toBe('false');

    await part(page, 'hold').click();
    await until(
      page,
      `document.querySelector('aipbx-softphone').calls[0]?.state === 'held'`,
      'the call to be held',
    );
    await expect(part(page, 'hold').textContent()).resolves.toContain('Resume');
    await expect(part(page, 'state').textContent()).resolves.toContain('On hold');
    await part(page, 'hold').click();
    await until(page, `document.querySelector('aipbx-softphone').calls[0]?.state === 'active'`, 'resume');

    await softphone(page).locator('[part~="controls"] [part~="hangup"]').click();
    expect(await eventOf(page, 'aipbx-call-end')).toMatchObject({
      direction: 'incoming',
      number: '202',
      reason: 'local-hangup',
    });
    expect((await endOf(other, outgoing, "202's call to end")).reason).toBe('remote-hangup');
    await expect(part(page, 'recent-call').first().textContent()).resolves.toContain('202');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('call(number) from the page around it: 202 rings, answers, the promise resolves; a recent call fills the number field', async () => {
    const page = await operatorPage('/en');
    await eventOf(page, 'aipbx-registered');
    const other = await otherPhone();
    // Kept on the page and read once answered: evaluate would wait for a promise it is given.
    await page.evaluate(
      `void (window.placed = document.querySelector('aipbx-softphone').call('202').then(() => 'answered', (e) => e.message))`,
    );
    const incoming = await ringing(other, '202 to ring');
    await other.evaluate(`window.callOf(${JSON.stringify(incoming)}).answer()`);
    expect(await page.evaluate('window.placed')).toBe('answered');
    expect(await eventOf(page, 'aipbx-call-start')).toMatchObject({ direction: 'outgoing', number: '202' });
    await other.evaluate(`window.callOf(${JSON.stringify(incoming)}).hangup()`);
    expect(await eventOf(page, 'aipbx-call-end')).toMatchObject({ reason: 'remote-hangup' });
    await part(page, 'recent-call').first().click();
    await expect(part(page, 'number').inputValue()).resolves.toBe('202');
    // Enter in the number field calls it again.
    await part(page, 'number').press('Enter');
    const again = await ringing(other, '202 to ring again');
    await other.evaluate(`window.callOf(${JSON.stringify(again)}).decline()`);
    await until(
      page,
      `window.events.filter((e) => e.type === 'aipbx-call-end').length === 2`,
      'the declined call to end',
    );
    expect(
      (await page.evaluate(
        `window.events.filter((e) => e.type === 'aipbx-call-end').at(-1).detail.reason`,
      )) as string,
    ).toBe('declined');
  });

  it('a wrong password: aipbx-unregistered failed auth-failed, "Registration failed: wrong password", and the password is nowhere in the page', async () => {
    const wrong = 'definitely-Wrong-9137';
    const page = await operatorPage('/en', wrong);
    expect(await eventOf(page, 'aipbx-unregistered')).toMatchObject({
      extension: '201',
      state: 'failed',
      reason: 'auth-failed',
      willRetry: false,
    });
    await expect(part(page, 'status').textContent()).resolves.toContain(
      'Registration failed: wrong password',
    );
    const everything = await page.evaluate(
      () =>
        document.documentElement.outerHTML +
        (document.querySelector('aipbx-softphone')?.shadowRoot?.innerHTML ?? '') +
        JSON.stringify((window as unknown as { events: unknown[] }).events),
    );
    expect(everything).not.toContain(wrong);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('speaks Russian with lang="ru"', async () => {
    const page = await operatorPage('/ru');
    await eventOf(page, 'aipbx-registered');
    await expect(part(page, 'status').textContent()).resolves.toContain(
      'Зарегистрирован: внутренний номер 201',
    );
    await expect(part(page, 'call-button').textContent()).resolves.toContain('Позвонить');
  });

  it('the call button’s script does not register the softphone', async () => {
    const page = await browser.newPage();
    cleanups.push(() => page.close());
    await page.goto(`${site.url}/call-button-only`);
    await page.waitForFunction(`customElements.get('aipbx-call') !== undefined`, undefined, {
      timeout: 5000,
    });
    expect(await page.evaluate(`customElements.get('aipbx-softphone') === undefined`)).toBe(true);
  });
});
