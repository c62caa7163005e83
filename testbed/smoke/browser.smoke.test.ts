import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { serveStatic } from '../support/static-server.js';

const bed = inject('testbed');

const PAGE = `<!doctype html><meta charset="utf-8"><title>aipbx smoke</title><button id="call">Call</button>`;

describe('Chromium from Debian is real', () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    browser = await launchChromium();
    site = await serveStatic({ '/': { type: 'text/html', body: PAGE } });
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('loads a local page and grants a fake microphone', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    expect(await page.title()).toBe('aipbx smoke');
    const track = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const [t] = stream.getAudioTracks();
      const result = { kind: t?.kind, state: t?.readyState, label: t?.label };
      for (const x of stream.getTracks()) x.stop();
      return result;
    });
    expect(track.kind).toBe('audio');
    expect(track.state).toBe('live');
    expect(track.label).not.toBe('');
    await page.close();
  });

  it('opens a SIP WebSocket to the bed over WSS with its self-signed certificate', async () => {
    const page = await browser.newPage();
    await page.goto(site.url);
    const protocol = await page.evaluate(
      (url) =>
        new Promise<string>((resolve, reject) => {
          const ws = new WebSocket(url, 'sip');
          const timer = setTimeout(() => reject(new Error(`no open from ${url} in 5 s`)), 5000);
          ws.onopen = () => {
            clearTimeout(timer);
            resolve(ws.protocol);
            ws.close();
          };
          ws.onerror = () => {
            clearTimeout(timer);
            reject(new Error(`WebSocket to ${url} failed`));
          };
        }),
      bed.wssUrl,
    );
    expect(protocol).toBe('sip');
    await page.close();
  });
});
