/**
 * The React example as its users get it: built by Vite from its own config, `@aipbx/widget` taken
 * from the package's built `dist/` like any npm dependency, served as static files and opened in
 * Debian Chromium. The page calls the bed's widget assistant; a Stasis app made with
 * @aipbx/node-ari answers and plays a tone; React's event log shows the element's typed events;
 * React's own button hangs up through the element's `hangup()`.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onceEvent } from '@aipbx/core';
import { AriClient } from '@aipbx/node-ari';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { type StaticPage, serveStatic } from '@aipbx/testbed/support/static-server.js';
import { within } from '@aipbx/testbed/support/wait.js';
import type { Browser, Page } from 'playwright-core';
import { build, type InlineConfig, type Rolldown, resolveConfig } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { pageEvents } from '../../../packages/widget/test/browser/page-helpers.js';
import { answerWithTone, type Cleanups } from '../../../packages/widget/test/browser/stasis-helpers.js';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));
const bed = inject('testbed');

/** The PBX as the example reads it: the bed's widget endpoint, over plain WS on loopback. */
const BED_ENV = {
  VITE_AIPBX_SERVER: bed.wsUrl,
  VITE_AIPBX_TARGET: bed.widget.assistant,
  VITE_AIPBX_USER: bed.widget.sipUri,
  VITE_AIPBX_ASSISTANT_ID: bed.widget.assistant,
};
const UNSET_PBX_ENV = {
  VITE_AIPBX_SERVER: undefined,
  VITE_AIPBX_TARGET: undefined,
  VITE_AIPBX_USER: undefined,
  VITE_AIPBX_ASSISTANT_ID: undefined,
  AIPBX_ARI_URL: undefined,
};

/** Every secret the bed has, by name: none may reach the bundle. */
const SECRETS: readonly (readonly [what: string, secret: string])[] = [
  ['the ARI password', bed.ari.password] as const,
  ['the AMI secret', bed.ami.secret] as const,
  ["the AMI monitor's secret", bed.ami.monitor.secret] as const,
  ...bed.operators.flatMap((o) => [
    [`operator ${o.extension}'s password`, o.password] as const,
    [`operator ${o.extension}'s WebSocket password`, o.wsPassword ?? ''] as const,
  ]),
].filter(([, secret]) => secret.length > 0);

/**
 * The example's own config, loaded as its scripts load it (`--configLoader runner`). Nothing of
 * the workspace's vitest config (its `aipbx-source` resolve condition) goes into it: the first
 * test proves from the bundle's modules that the widget came from `dist/`.
 */
function exampleConfig(extra: InlineConfig = {}): InlineConfig {
  return {
    root: EXAMPLE,
    configFile: join(EXAMPLE, 'vite.config.ts'),
    configLoader: 'runner',
    mode: 'production',
    logLevel: 'warn',
    ...extra,
  };
}

/** Runs `work` with environment variables set (or removed, for `undefined`), then restores them. */
async function withEnv<T>(vars: Record<string, string | undefined>, work: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return await work();
  } finally {
    apply(saved);
  }
}

/** Every file under `dir`, as pages of the static server (`/` is `index.html`). */
async function sitePages(dir: string): Promise<Record<string, StaticPage>> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.json': 'application/json',
  };
  const pages: Record<string, StaticPage> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    const path = `/${relative(dir, file).split(sep).join('/')}`;
    pages[path] = { type: types[extname(file)] ?? 'application/octet-stream', body: await readFile(file) };
  }
  const index = pages['/index.html'];
  if (index === undefined) throw new Error(`the build wrote no index.html into ${dir}`);
  pages['/'] = index;
  return pages;
}

/** One line of the page's event log, as React rendered it. */
interface LogLine {
  event: string;
  text: string;
}

const readLog = (page: Page): Promise<LogLine[]> =>
  page
    .locator('ol[aria-labelledby="events"] > li')
    .evaluateAll((items) =>
      items.map((li) => ({ event: li.getAttribute('data-event') ?? '', text: li.textContent ?? '' })),
    );

/** Waits until the React log has a line for `event` whose text matches `text`. */
async function waitForLogLine(page: Page, event: string, text: RegExp, timeout: number): Promise<void> {
  try {
    await page.waitForFunction(
      ([e, source]) =>
        [...document.querySelectorAll('ol[aria-labelledby="events"] > li')].some(
          (li) => li.getAttribute('data-event') === e && new RegExp(source ?? '').test(li.textContent ?? ''),
        ),
      [event, text.source],
      { timeout, polling: 50 },
    );
  } catch {
    throw new Error(
      `timed out after ${timeout} ms waiting for the React event log to show ${event} ${text}; it shows ${JSON.stringify(await readLog(page))}`,
    );
  }
}

let outDir: string;
let output: Rolldown.RolldownOutput;
let site: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let ari: AriClient;
const cleanups: Cleanups = [];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'aipbx-example-react-'));
  // As `npm run build` runs it: a production build. Vitest sets NODE_ENV=test, which would make
  // Vite bundle React's development build. The demo's secrets sit in the environment as decoys.
  const result = await withEnv(
    { ...BED_ENV, NODE_ENV: 'production', AIPBX_ARI_PASSWORD: bed.ari.password },
    () => build(exampleConfig({ build: { outDir, emptyOutDir: true } })),
  );
  if (Array.isArray(result) || !('output' in result)) {
    throw new Error(
      'the example built more than one bundle, or started watching: expected one client bundle',
    );
  }
  output = result;
  site = await serveStatic(await sitePages(outDir));
  browser = await launchChromium();
  ari = new AriClient({ url: bed.ari.url, username: bed.ari.username, password: bed.ari.password });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await ari?.close();
  await browser?.close();
  await site?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Opens the built page; returns it with the console errors and page errors seen so far. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  cleanups.push(() => page.close());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  await page.goto(`${site.url}/`);
  return { page, errors };
}

describe('the React example', () => {
  it('builds like an npm consumer: @aipbx/widget from dist/, sip.js split off the first chunk, production React, the bed in it and no secret', async () => {
    const chunks = output.output.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
    const entry = chunks.find((c) => c.isEntry);
    if (entry === undefined) throw new Error('the build has no entry chunk');
    const ids = chunks.flatMap((c) => c.moduleIds).map((id) => id.split(sep).join('/'));
    const workspace = ids.filter((id) => /\/packages\/[^/]+\//.test(id));
    expect(workspace.some((id) => id.includes('/packages/widget/dist/'))).toBe(true);
    expect(
      workspace.filter((id) => !/\/packages\/[^/]+\/dist\//.test(id)),
      'workspace modules bundled from their source instead of dist/',
    ).toEqual([]);
    expect(ids.some((id) => id.includes('/node_modules/sip.js/'))).toBe(true);
    expect(entry.moduleIds.filter((id) => id.includes('/node_modules/sip.js/'))).toEqual([]);
    expect(entry.code.includes('Download the React DevTools'), "React's development build").toBe(false);
    expect(entry.code.includes('Lit is in dev mode'), "Lit's development build").toBe(false);
    expect(entry.code.includes(bed.wsUrl), "the bed's WebSocket URL").toBe(true);

    const files = (await readdir(outDir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
    expect(files.map((f) => f.name)).toContain('index.html');
    const found: string[] = [];
    for (const f of files) {
      const text = await readFile(join(f.parentPath, f.name), 'utf8');
      for (const [what, secret] of SECRETS) if (text.includes(secret)) found.push(`${what} in ${f.name}`);
      if (text.includes('data-password')) found.push(`data-password in ${f.name}`);
    }
    expect(found).toEqual([]);
  });

  it('calls the assistant: the log shows the typed events through connected, the app answers with a tone, React hangs up', async () => {
    const incoming = answerWithTone(ari, bed.ari.app, cleanups);
    const { page, errors } = await openPage();
    const domEvents = await pageEvents(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Talk to our assistant',
    );
    const endCall = page.getByRole('button', { name: 'End the call' });
    const state = page.locator('output[aria-label="Call state"]');
    await expect(endCall.isDisabled()).resolves.toBe(true);

    // The element's own button, inside its shadow root (role locators pierce open shadow roots).
    await page.locator('aipbx-call').getByRole('button', { name: 'Call the assistant' }).click();
    const call = await within(incoming, 15_000, 'the call to reach the Stasis app');
    expect(call.assistantId).toBe(bed.widget.assistant);
    await waitForLogLine(page, 'aipbx-call-start', /^connected to /, 10_000);

    const log = await readLog(page);
    const connected = log.slice(0, log.findIndex((l) => l.event === 'aipbx-call-start') + 1);
    // 180/183 before the answer depends on the dialplan's timing: allow it, in its place.
    const ringing = /^state connecting → ringing \((ringing|early-media), SIP 18[0-3]\)$/;
    expect(connected.filter((l) => !ringing.test(l.text))).toEqual([
      { event: 'aipbx-state-change', text: 'state idle → connecting (dialing)' },
      {
        event: 'aipbx-state-change',
        text: expect.stringMatching(/^state (connecting|ringing) → in-call \(answered, SIP 200\)$/),
      },
      {
        event: 'aipbx-call-start',
        text: expect.stringMatching(new RegExp(`^connected to sip:${bed.widget.assistant}@127\\.0\\.0\\.1`)),
      },
    ]);
    await expect(state.textContent()).resolves.toBe('in-call');

    // The app's tone reaches the page: the engine's output level (WebAudio on the remote track).
    try {
      await page.waitForFunction(
        () =>
          ((
            document.querySelector('aipbx-call') as unknown as { engine?: { levels(): { output: number } } }
          ).engine?.levels().output ?? 0) > 0.02,
        undefined,
        { timeout: 10_000, polling: 100 },
      );
    } catch {
      throw new Error("timed out after 10000 ms waiting for the Stasis app's tone to be heard in the page");
    }

    // React's button calls the element's hangup(): the call ends on the PBX and in the log.
    const ended = onceEvent(call, 'end', { timeoutMs: 10_000 });
    await expect(endCall.isEnabled()).resolves.toBe(true);
    await endCall.click();
    expect(await ended).toEqual(['hangup']);
    await waitForLogLine(page, 'aipbx-call-end', /^ended \(local-hangup\) after \d+\.\d s$/, 10_000);
    const all = await readLog(page);
    expect(all.slice(connected.length)).toEqual([
      { event: 'aipbx-state-change', text: 'state in-call → ended (local-hangup)' },
      { event: 'aipbx-call-end', text: expect.stringMatching(/^ended \(local-hangup\) after \d+\.\d s$/) },
    ]);
    await expect(state.textContent()).resolves.toBe('ended');
    await expect(endCall.isDisabled()).resolves.toBe(true);

    // React's listeners saw every event the element fired, in order; nothing went wrong.
    expect(all.map((l) => l.event)).toEqual((await domEvents()).map((e) => e.type));
    expect(errors).toEqual([]);
  });

  it("vite.config.ts fills unset VITE_AIPBX_* from the demo's connection (not its secrets), and from local defaults with no demo", async () => {
    const demoDir = await mkdtemp(join(tmpdir(), 'aipbx-example-react-demo-'));
    cleanups.push(() => rm(demoDir, { recursive: true, force: true }));
    const defined = async (env: Record<string, string | undefined>): Promise<Record<string, unknown>> => {
      const config = await withEnv({ ...UNSET_PBX_ENV, ...env }, () =>
        resolveConfig(exampleConfig(), 'build', 'production'),
      );
      return config.define ?? {};
    };

    // A running demo: the file `npm run demo` writes, secrets and all.
    const connection = {
      ari: { url: bed.ari.url, username: bed.ari.username, password: bed.ari.password, app: bed.ari.app },
      ami: { host: bed.ami.host, port: bed.ami.port, username: bed.ami.username, secret: bed.ami.secret },
      wsUrl: bed.wsUrl,
      widget: { user: bed.widget.sipUri, target: bed.widget.assistant, assistantId: bed.widget.assistant },
      operators: [],
      embedded: false,
    };
    await mkdir(join(demoDir, 'running'));
    await writeFile(join(demoDir, 'running', 'connection.json'), JSON.stringify(connection));
    const fromDemo = await defined({ AIPBX_DEMO_DIR: join(demoDir, 'running'), VITE_AIPBX_USER: 'from-env' });
    expect(fromDemo).toMatchObject({
      'import.meta.env.VITE_AIPBX_SERVER': JSON.stringify(bed.wsUrl),
      'import.meta.env.VITE_AIPBX_TARGET': JSON.stringify(bed.widget.assistant),
      'import.meta.env.VITE_AIPBX_USER': JSON.stringify('from-env'),
      'import.meta.env.VITE_AIPBX_ASSISTANT_ID': JSON.stringify(bed.widget.assistant),
    });
    const leaked = SECRETS.filter(([, secret]) => JSON.stringify(fromDemo).includes(secret));
    expect(leaked.map(([what]) => what)).toEqual([]);

    // No demo: the demo's usual local values, and no crash.
    const noDemo = await defined({ AIPBX_DEMO_DIR: join(demoDir, 'none') });
    expect(noDemo).toMatchObject({
      'import.meta.env.VITE_AIPBX_SERVER': JSON.stringify('ws://127.0.0.1:8088/ws'),
      'import.meta.env.VITE_AIPBX_TARGET': JSON.stringify('demo-assistant'),
      'import.meta.env.VITE_AIPBX_USER': JSON.stringify('demo-visitor'),
      'import.meta.env.VITE_AIPBX_ASSISTANT_ID': JSON.stringify('demo-assistant'),
    });
  });
});
