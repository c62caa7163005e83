/**
 * The static-site example as a visitor meets it: the page served by serve.ts with the bed's widget
 * endpoint filled into its one script tag, in Chromium with a fake microphone, under the page's
 * strict Content-Security-Policy. The button calls the assistant, whose Stasis app answers with a
 * tone and reads the visitor's language from the INVITE.
 */
import { AriClient, type Call } from '@aipbx/node-ari';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { within } from '@aipbx/testbed/support/wait.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type StaticSite, serveStaticSite, sitePage } from '../serve.js';

const bed = inject('testbed');
let browser: Browser;
let site: StaticSite;
let ari: AriClient;

beforeAll(async () => {
  browser = await launchChromium();
  site = await serveStaticSite({
    connection: {
      wsUrl: bed.wsUrl,
      widget: { user: bed.widget.sipUri, target: bed.widget.assistant, assistantId: bed.widget.assistant },
    },
  });
  ari = new AriClient({ url: bed.ari.url, username: bed.ari.username, password: bed.ari.password });
});
afterAll(async () => {
  await ari?.close();
  await browser?.close();
  await site?.close();
});

describe('examples/static-site', () => {
  it('fills only the script tag from the PBX, escaping what it writes', () => {
    const html = sitePage(
      { server: 'ws://127.0.0.1:9/ws', target: 'a"b', user: 'u<x', assistantId: 'x&y' },
      '<p data-target="keep-me?">no</p><script src="w.js" data-server="old" data-target="old" data-user="old" data-assistant-id="old"></script>',
    );
    expect(html).toBe(
      '<p data-target="a&quot;b">no</p><script src="w.js" data-server="ws://127.0.0.1:9/ws" data-target="a&quot;b" data-user="u&lt;x" data-assistant-id="x&amp;y"></script>',
    );
  });

  it('a visitor calls the assistant from the page: answered, heard, language sent, no CSP violation', async () => {
    const app = ari.app(bed.ari.app);
    let language: Promise<string | undefined> | undefined;
    const incoming = new Promise<Call>((resolve, reject) => {
      app.onCall(async (call) => {
        language = call.getVariable('PJSIP_HEADER(read,X-Language)');
        resolve(call);
        await call.answer();
        await call.play('tone:440').catch(() => undefined);
      });
      app.start().catch(reject);
    });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      const response = await page.goto(site.url);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(await page.title()).toBe('Pizza Roma — call our assistant');
      const button = page.locator('aipbx-call').getByRole('button', { name: 'Call the assistant' });
      await button.click();
      const call = await within(incoming, 15_000, 'the call to reach the Stasis app').catch(
        (error: Error) => {
          throw new Error(`${error.message}; the page said: ${problems.join(' | ') || 'nothing'}`);
        },
      );
      expect(call.assistantId).toBe(bed.widget.assistant);
      expect(await language).toBe('en');
      const level = await page.waitForFunction(
        () => {
          const el = document.querySelector('aipbx-call') as unknown as {
            engine?: { levels(): { output: number } };
          };
          const out = el.engine?.levels().output ?? 0;
          return out > 0.02 ? out : false;
        },
        undefined,
        { timeout: 10_000, polling: 100 },
      );
      expect(await level.jsonValue()).toBeGreaterThan(0.02);
      await page.evaluate(() =>
        (document.querySelector('aipbx-call') as unknown as { hangup(): Promise<void> }).hangup(),
      );
      await within(
        new Promise<void>((resolve) => (call.ended ? resolve() : call.once('end', () => resolve()))),
        10_000,
        'the call to end on the PBX',
      );
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await app.stop();
    }
  });

  it('serves nothing but the page and the widget files', async () => {
    for (const path of [
      '/widget/../package.json',
      '/widget/%2e%2e%2fpackage.json',
      '/serve.ts',
      '/widget/x.js',
    ]) {
      const res = await fetch(`${site.url.replace(/\/$/, '')}${path}`);
      expect(res.status, path).toBe(404);
    }
    const post = await fetch(site.url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
  });
});
