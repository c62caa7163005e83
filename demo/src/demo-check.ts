/**
 * `npm run demo -- --check`: one call from the static site, placed by headless Chromium with its
 * fake microphone, through the assistant's menu — greeting, echo through the media bridge (1), a
 * recorded message (2), goodbye (0) — then the call as the AMI monitor saw it and the recorded
 * message fetched from its URL. Each step is timed and measured; the report is ok only if all are.
 */
import type { CombinedApp } from '@aipbx/example-combined/combined-app.js';
import { readWav, rms } from '@aipbx/testbed/support/audio.js';
import { launchChromium } from '@aipbx/testbed/support/chromium.js';
import { Inbox, within } from '@aipbx/testbed/support/wait.js';
import type { Browser, Page } from 'playwright-core';

/** One line of the report. */
export interface CheckStep {
  name: string;
  ok: boolean;
  /** What was measured, in words (`412 ms`, `level 0.21`). */
  value: string;
  /** What went wrong, when it did. */
  error?: string;
}

/** The report `--check` prints (and writes with `--report`). */
export interface CheckReport {
  ok: boolean;
  steps: CheckStep[];
  /** Start of `npm run demo` to everything up, ms. */
  setupMs: number;
  /** Click to answered, ms. */
  callSetupMs?: number;
  /** Click to the assistant's first audio in the page, ms. */
  clickToAudioMs?: number;
  /** The greeting's language, as the assistant picked it. */
  language?: string;
  /** Highest output level the page measured (0–1): the assistant's audio reaching the visitor. */
  levelToPage?: number;
  /** RMS of the caller's audio the assistant received during the echo (16-bit scale). */
  rmsFromPage?: number;
  echoFrames?: { in: number; out: number };
  monitor?: { caller: string; callee: string; disposition: string; durationSec: number };
  recording?: { url: string; bytes: number; seconds: number; rms: number };
}

/** What the check needs from the running demo. */
export interface CheckContext {
  siteUrl: string;
  app: CombinedApp;
  setupMs: number;
  signal: AbortSignal;
  log: (line: string) => void;
}

/** The page's side: call events and the engine's levels, sampled every 50 ms. */
const PAGE_PROBE = `(() => {
  const probe = { events: [], samples: [] };
  window.__demoProbe = probe;
  for (const type of ['aipbx-state-change', 'aipbx-call-start', 'aipbx-call-end', 'aipbx-error']) {
    document.addEventListener(type, (e) => {
      const d = e.detail || {};
      probe.events.push({ type, t: Date.now(), to: d.to, reason: d.reason, message: d.message });
    });
  }
  setInterval(() => {
    const engine = document.querySelector('aipbx-call')?.engine;
    if (engine && engine.state === 'in-call') {
      const l = engine.levels();
      probe.samples.push([Date.now(), l.input, l.output]);
    }
  }, 50);
})()`;

interface ProbeEvent {
  type: string;
  t: number;
  to?: string;
  reason?: string;
  message?: string;
}

/** Level above which the page counts audio as heard. */
const HEARD = 0.01;

export async function runCheck(ctx: CheckContext): Promise<CheckReport> {
  const report: CheckReport = { ok: false, steps: [], setupMs: ctx.setupMs };
  const stepOk = (name: string, value: string) => {
    report.steps.push({ name, ok: true, value });
    ctx.log(`check: ✔ ${name}: ${value}`);
  };
  report.steps.push({ name: 'set-up', ok: true, value: `${(ctx.setupMs / 1000).toFixed(1)} s` });

  const assistant = ctx.app.assistant;
  const events = new Inbox<{ type: string; callId: string; [key: string]: unknown }>();
  const names = ['call', 'menu', 'choice', 'listening', 'echo', 'recorded', 'transferred', 'end'] as const;
  const listeners = names.map((type) => {
    const listener = (e: { callId: string }) => events.push({ type, ...e });
    assistant.on(type, listener as never);
    return () => assistant.off(type, listener as never);
  });

  let browser: Browser | undefined;
  let current = 'browser';
  // Ctrl-C during the check: every wait ends at once, and closing the browser ends the page's.
  let onAbort = (): void => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(new Error('interrupted'));
      void browser?.close();
    };
  });
  interrupted.catch(() => undefined);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    // The demo stops on its own signals: playwright must not end the process before that runs.
    browser = await launchChromium({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    const page: Page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.addInitScript(PAGE_PROBE);
    current = 'page';
    await page.goto(ctx.siteUrl);
    const button = page.locator('aipbx-call').locator('button').first();
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    const pageEvents = () =>
      page.evaluate(
        () => (window as unknown as { __demoProbe: { events: ProbeEvent[] } }).__demoProbe.events,
      );
    const waitPage = async (
      what: string,
      match: (e: ProbeEvent) => boolean,
      ms: number,
    ): Promise<ProbeEvent> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const seen = await pageEvents();
        const found = seen.find(match);
        if (found) return found;
        const failed = seen.find((e) => e.type === 'aipbx-call-end' || e.type === 'aipbx-error');
        if (failed)
          throw new Error(`the call ended (${failed.reason ?? failed.message}) while waiting for ${what}`);
        if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
        await page.waitForTimeout(50);
      }
    };
    const dtmf = (digits: string) =>
      page.evaluate(
        (d) =>
          (
            document.querySelector('aipbx-call') as unknown as {
              engine: { sendDtmf(t: string): Promise<void> };
            }
          ).engine.sendDtmf(d),
        digits,
      );

    current = 'call set-up';
    const clickAt = Date.now();
    await button.click();
    const answered = await waitPage('the assistant to answer', (e) => e.type === 'aipbx-call-start', 20_000);
    report.callSetupMs = answered.t - clickAt;
    stepOk('call set-up', `${report.callSetupMs} ms (click → answered)`);
    const call = await Promise.race([
      events.next((e) => e.type === 'call', 10_000, "the assistant's call event"),
      interrupted,
    ]);
    const callId = call.callId;
    report.language = String(call.language);

    current = 'click → audio';
    const heardAt = await within(
      page
        .waitForFunction(
          (level) => {
            const s = (window as unknown as { __demoProbe: { samples: [number, number, number][] } })
              .__demoProbe.samples;
            return s.find((x) => x[2] > level)?.[0];
          },
          HEARD,
          { timeout: 20_000, polling: 50 },
        )
        .then((h) => h.jsonValue() as Promise<number>),
      21_000,
      'the greeting to be heard in the page',
    );
    report.clickToAudioMs = heardAt - clickAt;
    stepOk('click → audio', `${report.clickToAudioMs} ms (greeting in ${report.language})`);

    // Each wait takes the next event of its kind not taken before, so a menu announced twice is
    // told apart.
    const taken = new Set<unknown>();
    const next = async (type: string, what: string, ms: number) => {
      const event = await Promise.race([
        events.next((e) => e.type === type && e.callId === callId && !taken.has(e), ms, what),
        interrupted,
      ]);
      taken.add(event);
      return event;
    };
    const choose = async (digit: string) => {
      await next('menu', 'the menu', 30_000);
      await dtmf(digit);
      const choice = await next('choice', `the assistant to take ${digit}`, 10_000);
      if (choice.digit !== digit) throw new Error(`the assistant took ${String(choice.digit)} for ${digit}`);
    };

    current = 'echo (1)';
    await choose('1');
    await next('listening', 'the echo to start', 30_000);
    // A measurement window: the fake microphone's beeps go through the bridge and back meanwhile.
    await page.waitForTimeout(4000);
    await dtmf('#');
    const echo = await next('echo', 'the echo to end after #', 10_000);
    const framesIn = Number(echo.framesIn);
    const framesOut = Number(echo.framesOut);
    report.rmsFromPage = Math.round(Number(echo.rmsIn));
    report.echoFrames = { in: framesIn, out: framesOut };
    if (!(framesIn > 50 && framesOut > 50))
      throw new Error(`the echo moved ${framesIn} frames in and ${framesOut} out`);
    if (!(report.rmsFromPage > 30))
      throw new Error(`the assistant heard only silence from the page (RMS ${report.rmsFromPage})`);
    stepOk('echo', `${framesIn} frames in, ${framesOut} out through the media bridge`);
    stepOk('audio from page', `RMS ${report.rmsFromPage} at the assistant`);

    current = 'message (2)';
    await choose('2');
    await next('listening', 'the recording to start', 30_000);
    await page.waitForTimeout(3000);
    await dtmf('#');
    const recorded = await next('recorded', 'the message to be recorded', 30_000);
    const url = String(recorded.url);
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const wav = readWav(bytes);
    const seconds = wav.samples.length / wav.channels / wav.sampleRate;
    const level = Math.round(rms(wav.samples));
    report.recording = { url, bytes: bytes.length, seconds: Math.round(seconds * 10) / 10, rms: level };
    if (!(seconds > 0.5)) throw new Error(`the message at ${url} is ${seconds.toFixed(2)} s long`);
    if (!(level > 30)) throw new Error(`the message at ${url} is silent (RMS ${level})`);
    stepOk('recording', `${url} (${report.recording.seconds} s, ${bytes.length} bytes, RMS ${level})`);

    current = 'goodbye (0)';
    await choose('0');
    const ended = await waitPage('the assistant to hang up', (e) => e.type === 'aipbx-call-end', 30_000);
    if (ended.reason !== 'remote-hangup')
      throw new Error(`the call ended with ${ended.reason}, not the assistant's hang-up`);
    const levels = await page.evaluate(
      () =>
        (window as unknown as { __demoProbe: { samples: [number, number, number][] } }).__demoProbe.samples,
    );
    report.levelToPage = Math.round(Math.max(0, ...levels.map((s) => s[2])) * 1000) / 1000;
    if (!(report.levelToPage > HEARD))
      throw new Error(`the page heard nothing (level ${report.levelToPage})`);
    stepOk('audio to page', `level ${report.levelToPage} (greeting, prompts, echo)`);
    stepOk('goodbye', 'the assistant hung up');

    current = 'AMI monitor';
    const row = await waitForHistory(ctx.app, callId, 15_000);
    report.monitor = row;
    stepOk('AMI monitor', `${row.caller} → ${row.callee}, ${row.disposition}, ${row.durationSec} s`);
    if (consoleErrors.length > 0) throw new Error(`the page logged errors: ${consoleErrors.join(' | ')}`);
    report.ok = true;
  } catch (error) {
    const message = ctx.signal.aborted ? 'interrupted' : (error as Error).message;
    report.steps.push({ name: current, ok: false, value: '', error: message });
    ctx.log(`check: ✖ ${current}: ${message}`);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    for (const off of listeners) off();
    await browser?.close();
  }
  return report;
}

async function waitForHistory(
  app: CombinedApp,
  callId: string,
  ms: number,
): Promise<NonNullable<CheckReport['monitor']>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const rows = await app.monitor.history(20);
    const row = rows.find((r) => r.id === callId);
    if (row) {
      return {
        caller: row.caller.number || row.caller.name,
        callee: row.callee.number || row.callee.name,
        disposition: row.disposition,
        durationSec: row.durationSec,
      };
    }
    if (Date.now() > deadline)
      throw new Error(`the call ${callId} is not in the monitor's history after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The report as the terminal shows it. */
export function printReport(report: CheckReport, log: (line: string) => void): void {
  log('');
  log('aipbx demo check');
  for (const s of report.steps) log(`  ${s.ok ? '✔' : '✖'} ${s.name.padEnd(16)} ${s.ok ? s.value : s.error}`);
  const failed = report.steps.filter((s) => !s.ok).length;
  log(report.ok ? `All ${report.steps.length} checks passed.` : `${failed} check failed.`);
}
