/**
 * `npm run bench -- widget`: `<aipbx-call>` from its script tag against a page that makes the same
 * call with raw sip.js, in headless Chromium against the project's real Asterisk 22 test bed (its
 * own instance, port offset 600), and the bundle sizes of the widget, sip.js and JsSIP.
 *
 * 1. Calls: each call is a fresh browser context and page. Cold: the page is loaded and the button
 *    clicked at once. Warm: the button is hovered, the bench waits until the page's WebSocket to the
 *    PBX is open, then clicks. The page itself stamps the click, the call being up and the first
 *    audible audio (`page/probe.ts`); a Stasis app answers and plays a tone. Rounds alternate which
 *    peer and which mode go first.
 * 2. Sizes: minified and gzip -9 bytes of the widget's files, sip.js whole, the raw page's script
 *    and JsSIP whole.
 *
 * Flags: `--rounds=N` timed calls per peer and mode (10); `--warmup=N` untimed calls per peer first
 * (1); `--peers=widget,sipjs`; `--modes=cold,warm`; `--timeout=S` per call (20); `--settle=MS` pause
 * between the pre-warmed connection and the click (100); `--only=calls|sizes`.
 */
import { lookup } from 'node:dns/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { callChunkName, htmlPage, serveWidgetSite } from '@aipbx/testbed/support/widget-site.js';
import type { Browser } from 'playwright-core';
import { renderConsoleTable } from '../shared/table.js';
import { startToneAnswerer, type ToneAnswerer } from './answerer.js';
import { type Mode, type PeerId, parseArgs, roundOrder, type WidgetBenchArgs } from './args.js';
import { packageVersion, pageScript, sizeRows, WIDGET_TOTAL } from './bundles.js';
import { PROBE_GLOBAL, type ProbeSnapshot } from './page/probe-types.js';
import { RAW_GLOBAL, type RawSipjsHandle } from './page/raw-types.js';
import { renderMarkdownReport } from './report.js';
import { formatMs } from './stats.js';
import {
  type CallRun,
  callCells,
  callTimes,
  P90_FROM,
  PEER_NAMES,
  phaseCells,
  type SizeRow,
  sizeCells,
  summarize,
  verdictLine,
  verdicts,
} from './summary.js';

/** The bench's own bed: port offset 600 (the tests use 0–300, the AMI bench 400, the ARI bench 500). */
const PORT_OFFSET = 600;
/** How long the PBX gets to see a hang-up before the bench hangs the call up itself. */
const HANGUP_WAIT_MS = 10_000;
/** The idle mode's pause between the page's load and the click. */
const IDLE_MS = 1000;
/**
 * The cold mode's page environment: a main thread that never goes idle before the click, so nothing
 * is fetched ahead (the widget fetches its call chunk in a `requestIdleCallback`). The raw page never
 * uses it; both pages get it alike.
 */
const HOLD_IDLE_CALLBACKS =
  'globalThis.requestIdleCallback = () => 0; globalThis.cancelIdleCallback = () => undefined;';

/** The STUN server in sip.js's default peer connection configuration. */
const SIPJS_STUN_HOST = 'stun.l.google.com';

/** Whether `host` resolves within 3 s. */
async function resolves(host: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), 3000);
  });
  const found = lookup(host).then(
    () => true,
    () => false,
  );
  return Promise.race([found, timeout]).finally(() => clearTimeout(timer));
}

type Site = Awaited<ReturnType<typeof serveWidgetSite>>;

/** The pages: the widget's script tag as the publishing guide has it, and the raw sip.js page. */
function pages(wssUrl: string, target: string, user: string, rawScript: Uint8Array) {
  const data = `data-server="${wssUrl}" data-target="${target}" data-user="${user}" data-assistant-id="${target}"`;
  const raw = (prepare: string) =>
    htmlPage(
      '<h1>Pizza</h1><button id="call" type="button">Call</button><audio id="remote" autoplay></audio>' +
        `<script src="/bench/raw-sipjs.js" ${data}${prepare}></script>`,
    );
  return {
    '/widget.html': htmlPage(`<h1>Pizza</h1><script src="/widget/aipbx-widget.js" ${data}></script>`),
    '/sipjs.html': raw(''),
    '/sipjs-warm.html': raw(' data-prepare="hover"'),
    '/bench/raw-sipjs.js': { type: 'text/javascript', body: rawScript },
  };
}

/** In the page: waits until `<aipbx-call>` has its engine (the chunk loaded), then until its WebSocket is open. */
async function widgetConnected(timeoutMs: number): Promise<void> {
  const element = document.querySelector('aipbx-call') as
    | (HTMLElement & { engine?: { prepare(): Promise<void> } })
    | null;
  const deadline = performance.now() + timeoutMs;
  while (element?.engine === undefined) {
    if (performance.now() > deadline) throw new Error('the call chunk did not load after the hover');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // Joins the connect the hover started (prepare() is idempotent); resolves once it is open.
  await element.engine.prepare();
}

/** In the page: the raw page's user agent, started by the hover, is connected. */
function rawConnected(global: string): Promise<void> {
  return (window as unknown as Record<string, RawSipjsHandle>)[global]!.ready();
}

/** In the page: hangs the call up. */
async function hangUpInPage([peer, global]: [PeerId, string]): Promise<void> {
  if (peer === 'widget') {
    await (document.querySelector('aipbx-call') as unknown as { hangup(): Promise<void> }).hangup();
  } else {
    await (window as unknown as Record<string, RawSipjsHandle>)[global]!.hangup();
  }
}

/** One call: fresh context and page, (hover and wait,) click, wait for audio, hang up, wait for the PBX. */
async function oneCall(
  browser: Browser,
  site: Site,
  answerer: ToneAnswerer,
  args: WidgetBenchArgs,
  peer: PeerId,
  mode: Mode,
  round: number,
  probeScript: string,
): Promise<CallRun> {
  const run: CallRun = { peer, mode, round };
  const context = await browser.newContext();
  const before = answerer.assistants.length;
  try {
    if (mode === 'cold') await context.addInitScript({ content: HOLD_IDLE_CALLBACKS });
    await context.addInitScript({ content: probeScript });
    const page = await context.newPage();
    const path = peer === 'widget' ? '/widget.html' : mode === 'warm' ? '/sipjs-warm.html' : '/sipjs.html';
    await page.goto(`${site.url}${path}`);
    const button =
      peer === 'widget'
        ? page.locator('aipbx-call').getByRole('button', { name: 'Call' })
        : page.locator('#call');
    if (mode === 'idle') await page.waitForTimeout(IDLE_MS);
    if (mode === 'warm') {
      await button.hover();
      if (peer === 'widget') await page.evaluate(widgetConnected, 10_000);
      else await page.evaluate(rawConnected, RAW_GLOBAL);
      await page.waitForTimeout(args.settleMs);
    }
    await button.click();
    try {
      await page.waitForFunction(
        (global) => (window as unknown as Record<string, { settled(): boolean }>)[global]!.settled(),
        PROBE_GLOBAL,
        { timeout: args.timeoutMs, polling: 50 },
      );
    } catch {
      run.error = `no audio within ${args.timeoutMs / 1000} s of the click`;
    }
    run.probe = await page.evaluate(
      (global) => (window as unknown as Record<string, { snapshot(): ProbeSnapshot }>)[global]!.snapshot(),
      PROBE_GLOBAL,
    );
    await page.evaluate(hangUpInPage, [peer, RAW_GLOBAL] as [PeerId, string]).catch(() => undefined);
  } catch (error) {
    run.error = (error as Error).message.split('\n')[0];
  } finally {
    const idle = await answerer.waitIdle(HANGUP_WAIT_MS).catch(() => false);
    if (!idle) run.leftOnPbx = true;
    await context.close().catch(() => undefined);
  }
  const assistant = answerer.assistants[before];
  if (assistant !== undefined) run.assistantId = assistant;
  return run;
}

function describeRun(run: CallRun): string {
  if (run.probe === undefined || run.error !== undefined || run.probe.failure !== undefined)
    return `failed (${run.error ?? run.probe?.failure ?? 'no record'})`;
  const t = callTimes(run.probe);
  return `established ${formatMs(t.established)} ms, first audio ${formatMs(t.firstAudio)} ms`;
}

/**
 * Runs the widget benchmark: prints the tables and writes `bench/results/widget.md`.
 *
 * @param root - the repository root
 * @param argv - flags after `npm run bench -- widget`
 * @returns 0 with tables (whatever the numbers), 1 when it could not run
 */
export async function main(root: string, argv: readonly string[]): Promise<number> {
  const log = (line: string) => console.log(line);
  let args: WidgetBenchArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    console.error(`bench widget: ${(error as Error).message}`);
    return 1;
  }
  const started = performance.now();
  // The widget's built browser files (the support module's own default is relative to where it is
  // bundled, which is not the checkout here).
  const widgetDir = join(root, 'packages', 'widget', 'dist', 'browser');
  let chunk: string;
  try {
    chunk = callChunkName(widgetDir);
  } catch (error) {
    console.error(`bench widget: ${(error as Error).message}`);
    return 1;
  }
  let probeScript: string;
  let rawScript: Uint8Array;
  try {
    probeScript = Buffer.from(await pageScript(root, 'probe.ts', false)).toString('utf8');
    rawScript = await pageScript(root, 'raw-sipjs.ts', true);
  } catch (error) {
    console.error(`bench widget: the bench's page scripts could not be built: ${(error as Error).message}`);
    return 1;
  }

  let sizes: SizeRow[] = [];
  if (args.sizes) {
    try {
      sizes = await sizeRows(root, widgetDir, chunk, rawScript);
    } catch (error) {
      console.error(`bench widget: could not bundle the libraries to size them: ${(error as Error).message}`);
      return 1;
    }
    log('');
    log(renderConsoleTable(sizeCells(sizes, WIDGET_TOTAL)));
  }

  const runs: CallRun[] = [];
  let asteriskVersion = '';
  let chromiumVersion = '';
  const problems: string[] = [];
  if (args.calls) {
    // Chromium first: it is quicker to find missing than the bed is to start.
    let browser: Browser;
    try {
      browser = await launchChromium();
    } catch (error) {
      console.error(`bench widget: ${(error as Error).message}`);
      return 1;
    }
    chromiumVersion = browser.version();
    let bed: Testbed;
    try {
      bed = await startTestbed({ name: 'bench-widget', portOffset: PORT_OFFSET, log });
    } catch (error) {
      await browser.close().catch(() => undefined);
      console.error(
        `bench widget: cannot run without the Asterisk test bed: ${(error as Error).message}\n` +
          'The bed needs Debian and root: see docs/testing.md, `npm run testbed -- setup`.',
      );
      return 1;
    }
    const { info } = bed;
    asteriskVersion = info.asteriskVersion;
    let site: Site | undefined;
    let answerer: ToneAnswerer | undefined;
    try {
      answerer = await startToneAnswerer(info);
      site = await serveWidgetSite(
        pages(info.wssUrl, info.widget.assistant, info.widget.sipUri, rawScript),
        widgetDir,
      );
      const call = (peer: PeerId, mode: Mode, round: number) =>
        oneCall(browser, site!, answerer!, args, peer, mode, round, probeScript);
      for (let w = 0; w < args.warmup; w++) {
        for (const { peer, mode } of roundOrder(args.peers, args.modes, w)) {
          const run = await call(peer, mode, -1);
          log(`bench widget: warm-up ${mode} ${PEER_NAMES[peer]}: ${describeRun(run)}`);
        }
      }
      for (let round = 0; round < args.rounds; round++) {
        for (const { peer, mode } of roundOrder(args.peers, args.modes, round)) {
          const run = await call(peer, mode, round);
          runs.push(run);
          log(
            `bench widget: round ${round + 1}/${args.rounds} ${mode} ${PEER_NAMES[peer]}: ${describeRun(run)}`,
          );
        }
      }
      problems.push(...answerer.errors.map((e) => `the Stasis app: ${e}`));
    } finally {
      await browser.close().catch(() => undefined);
      await site?.close().catch(() => undefined);
      await answerer?.stop();
      await bed.stop();
    }
  }

  const rows = args.calls ? summarize(args.peers, args.modes, runs) : [];
  const targets = verdicts(rows);
  if (rows.length > 0) {
    log('');
    log(renderConsoleTable(callCells(rows, args.rounds >= P90_FROM)));
    log('');
    log('ms from the click (negative: before it), medians of the calls that came up:');
    log(renderConsoleTable(phaseCells(rows)));
    log('');
    for (const v of targets) log(`target ${verdictLine(v)}`);
    for (const row of rows) for (const note of row.notes) log(`note: ${row.name} ${row.mode}, ${note}`);
    for (const problem of problems) log(`note: ${problem}`);
  }

  const page = renderMarkdownReport({
    rows,
    sizes,
    verdicts: targets,
    problems,
    args,
    asteriskVersion,
    chromiumVersion,
    sipjsVersion: packageVersion(root, 'sip.js'),
    stunResolves: await resolves(SIPJS_STUN_HOST),
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: availableParallelism(),
    date: new Date().toISOString().slice(0, 10),
  });
  const resultsDir = join(root, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'widget.md'), page);
  log(
    `\nbench widget: wrote ${join('bench', 'results', 'widget.md')} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  return 0;
}
