/**
 * What `npm run demo` does: sets up what this machine lacks, starts the PBX (embedded, or the one the
 * environment names), the demo assistant, the AMI monitor, the operator's page and the static site,
 * prints where they are, and on Ctrl-C stops everything it started, last started first.
 */
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CombinedApp, startCombinedApp } from '@aipbx/example-combined/combined-app.js';
import { logDemoEvents } from '@aipbx/example-stasis-bot/event-log.js';
import { makePrompts } from '@aipbx/example-stasis-bot/prompts.js';
import { type StaticSite, serveStaticSite } from '@aipbx/example-static-site/serve.js';
import { ensureHostPackages } from '@aipbx/testbed/bed.js';
import { type CheckReport, printReport, runCheck } from './demo-check.js';
import { connectionFile, connectionFromEnv, type DemoConnection, demoStateDir } from './demo-connection.js';
import { startEmbeddedPbx } from './embedded-pbx.js';
import { ensureWidgetBuilt } from './widget-build.js';

/** The demo's own web ports, before the offset. */
export const DEMO_PORTS = { site: 4400, monitor: 4401, page: 4402 } as const;

/** What {@link runDemo} is asked to do (the parsed command line). */
export interface DemoRunOptions {
  check: boolean;
  pbxOnly: boolean;
  portOffset: number;
  reportFile?: string;
}

/** Thrown when Ctrl-C arrives while the demo is still starting. */
class Interrupted extends Error {}

/** Runs the demo; resolves with the exit code once everything it started has stopped. */
export async function runDemo(options: DemoRunOptions): Promise<number> {
  const started = Date.now();
  const log = (line: string) => console.log(line);
  const closers: { name: string; close: () => Promise<void> }[] = [];
  const stopping = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping.signal.aborted) return;
    log(`\n${signal}: stopping…`);
    stopping.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const step = <T>(work: Promise<T>): Promise<T> => {
    if (stopping.signal.aborted) throw new Interrupted();
    return work.then((value) => {
      if (stopping.signal.aborted) throw new Interrupted();
      return value;
    });
  };

  try {
    const external = connectionFromEnv();
    const needs = [
      ...(external ? [] : ['debootstrap', 'openssl']),
      'espeak-ng',
      'sox',
      ...(options.check ? ['chromium'] : []),
    ];
    await step(ensureHostPackages(needs, (line) => log(line.replace(/^testbed: /, 'setup: '))));
    if (!options.pbxOnly) await step(ensureWidgetBuilt(log, stopping.signal));

    let connection: DemoConnection;
    if (external) {
      connection = external;
      log(`pbx: the existing Asterisk at ${external.ari.url} (from AIPBX_* variables)`);
    } else {
      const pbx = startEmbeddedPbx({ portOffset: options.portOffset, log });
      // Started even if Ctrl-C comes meanwhile, so that it is stopped below.
      pbx.then(
        (p) => closers.push({ name: 'Asterisk', close: p.stop }),
        () => undefined,
      );
      connection = (await step(pbx)).connection;
    }

    const stateDir = demoStateDir();
    await mkdir(stateDir, { recursive: true, mode: 0o700 });
    const soundsDir = connection.soundsDir ?? join(stateDir, 'sounds');
    await step(makePrompts({ soundsDir, log }));
    if (connection.soundsDir === undefined) {
      log(
        `prompts: made in ${soundsDir}; copy its en/ and ru/ folders into the PBX's sounds folder ` +
          '(/usr/share/asterisk/sounds) or set AIPBX_SOUNDS_DIR to it',
      );
    }

    // The examples started on their own read the PBX from here; it holds secrets: owner only.
    const file = connectionFile();
    await writeFile(file, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    closers.push({ name: 'connection file', close: () => rm(file, { force: true }) });

    let app: CombinedApp | undefined;
    let site: StaticSite | undefined;
    if (!options.pbxOnly) {
      const offset = options.portOffset;
      const appStart = startCombinedApp({
        connection,
        port: DEMO_PORTS.page + offset,
        monitorPort: DEMO_PORTS.monitor + offset,
        dbFile: join(stateDir, `ami-monitor-${offset}.sqlite`),
        log: (line) => log(`app: ${line}`),
      });
      appStart.then(
        (a) => closers.push({ name: 'assistant, monitor and page', close: a.close }),
        () => undefined,
      );
      app = await step(appStart);
      const siteStart = serveStaticSite({ connection, port: DEMO_PORTS.site + offset });
      siteStart.then(
        (s) => closers.push({ name: 'site', close: s.close }),
        () => undefined,
      );
      site = await step(siteStart);
      logDemoEvents(app.assistant, (line) => log(`assistant: ${line}`));
    }
    const setupMs = Date.now() - started;

    log('');
    log(`aipbx demo is up (${(setupMs / 1000).toFixed(1)} s)`);
    log(`  PBX              ${connection.ari.url} (ARI)  ${connection.wsUrl} (SIP over WebSocket)`);
    if (app && site) {
      log(`  Website          ${site.url}   ← open it and press the call button`);
      log(
        `  Operator + all   ${app.url}   ← softphone ${connection.operators[0]?.extension ?? '(none)'}, call button, monitor`,
      );
      log(`  AMI monitor      ${app.monitor.url}`);
    } else {
      log(`  PBX details for the examples: ${file} (owner-only)`);
    }

    if (options.check) {
      if (!app || !site) throw new Error('--check needs the whole demo');
      const report: CheckReport = await runCheck({
        siteUrl: site.url,
        app,
        setupMs,
        signal: stopping.signal,
        log,
      });
      printReport(report, log);
      if (options.reportFile) await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }

    log('Ctrl-C stops everything.');
    await new Promise<void>((resolve) =>
      stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    return 0;
  } catch (error) {
    if (error instanceof Interrupted || stopping.signal.aborted) return 0;
    console.error(`demo: ${explain(error as NodeJS.ErrnoException)}`);
    return 1;
  } finally {
    for (const c of closers.splice(0).reverse()) {
      await c
        .close()
        .catch((error: Error) => console.error(`demo: stopping the ${c.name}: ${error.message}`));
    }
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (stopping.signal.aborted) log('Stopped; nothing left running.');
  }
}

/** The failure in words, with the demo's own way out where the cause is a port in use. */
function explain(error: NodeJS.ErrnoException): string {
  const message = error.message.replace(
    /Set AIPBX_TESTBED_PORT_OFFSET to move them\./,
    'Stop what holds them, or move every port with --port-offset N (or AIPBX_DEMO_PORT_OFFSET).',
  );
  return error.code === 'EADDRINUSE'
    ? `${message}: another program holds the port; stop it, or move every port with --port-offset N`
    : message;
}
