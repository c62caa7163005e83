/**
 * The Yeastar guide's combined use on one machine: the assistant (ARI Stasis app), the AMI monitor
 * and one page with the visitor's call button, the operator's softphone and the monitor. The server
 * also serves the messages callers record with the assistant.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { DemoConnection } from '@aipbx/demo/demo-connection.js';
import { type AmiMonitorServer, startAmiMonitor } from '@aipbx/example-ami-monitor/monitor-server.js';
import { listPublicFiles } from '@aipbx/example-ami-monitor/public-files.js';
import { type DemoAssistant, startDemoAssistant } from '@aipbx/example-stasis-bot/demo-assistant.js';
import { sendWidgetFile, widgetBrowserDir } from '@aipbx/example-static-site/serve.js';
import { AriClient } from '@aipbx/node-ari';

const require = createRequire(import.meta.url);

/** Options of {@link startCombinedApp}. */
export interface CombinedAppOptions {
  connection: DemoConnection;
  /** Port of the page (0: any free one). */
  port?: number;
  /** Port of the AMI monitor (0: any free one). */
  monitorPort?: number;
  /** The monitor's SQLite file. */
  dbFile: string;
  log?: (line: string) => void;
}

/** The running app. */
export interface CombinedApp {
  /** The page: call button, softphone, monitor. */
  url: string;
  assistant: DemoAssistant;
  monitor: AmiMonitorServer;
  /** Where a recorded message is served. */
  messageUrl(name: string): string;
  close(): Promise<void>;
}

/** A message name as the assistant makes them: nothing that could leave the recordings folder. */
const MESSAGE = /^\/messages\/([A-Za-z0-9][A-Za-z0-9._-]{0,127})\.wav$/;

/** The page answers only this machine's own names: no web page elsewhere reaches it by DNS rebinding. */
const LOCAL_HOST = /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/;

/**
 * Starts the page's server, the monitor (which lets that page frame it) and the assistant, in that
 * order; stops what started if one fails.
 */
export async function startCombinedApp(options: CombinedAppOptions): Promise<CombinedApp> {
  const { connection } = options;
  const log = options.log ?? (() => undefined);
  const files = await listPublicFiles(
    join(dirname(require.resolve('@aipbx/example-combined/package.json')), 'public'),
  );
  const widgetDir = widgetBrowserDir();
  const ariLogin = {
    url: connection.ari.url,
    username: connection.ari.username,
    password: connection.ari.password,
  };
  // Recorded messages are Asterisk's stored recordings: fetched over ARI, so this works for a PBX
  // on another machine too.
  const ari = new AriClient(ariLogin);
  const closers: (() => Promise<void>)[] = [() => ari.close()];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch((e: Error) => log(`stop: ${e.message}`));
  };
  let monitorUrl = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    // The page hands out an operator's password: only to this machine's own names.
    if (!LOCAL_HOST.test(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = files.get(path);
    if (file !== undefined) {
      res.writeHead(200, { 'content-type': file.contentType, 'cache-control': 'no-cache' });
      createReadStream(file.path).pipe(res);
    } else if (path === '/config.json') {
      const config = {
        wsUrl: connection.wsUrl,
        widget: connection.widget,
        operator: connection.operators[0] ?? null,
        monitorUrl,
      };
      res
        .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        .end(JSON.stringify(config));
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (MESSAGE.test(path)) {
      await sendMessage(ari, MESSAGE.exec(path)?.[1] ?? '', res);
    } else if (!sendWidgetFile(path, res, widgetDir)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };

  try {
    const server = createServer((req, res) => {
      handle(req, res).catch((error: Error) => {
        log(`page: ${req.method} ${new URL(req.url ?? '/', 'http://page').pathname}: ${error.message}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
    });
    await listen(server, options.port ?? 0);
    closers.push(() => stop(server));
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}/`;

    const monitor = await startAmiMonitor({
      ami: connection.ami,
      listen: { host: '127.0.0.1', port: options.monitorPort ?? 0 },
      dbFile: options.dbFile,
      frameAncestors: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
      log,
    });
    closers.push(() => monitor.close());
    monitorUrl = monitor.url;

    const messageUrl = (name: string) => `${url}messages/${encodeURIComponent(name)}.wav`;
    const assistant = await startDemoAssistant({
      ari: ariLogin,
      app: connection.ari.app,
      assistants: [connection.widget.assistantId],
      operators: connection.operators.map((op) => op.extension),
      messageUrl,
      log,
    });
    closers.push(() => assistant.close());
    return { url, assistant, monitor, messageUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Sends a stored recording as WAV, or 404 when Asterisk has none by that name. */
async function sendMessage(ari: AriClient, name: string, res: ServerResponse): Promise<void> {
  let wav: Uint8Array;
  try {
    wav = await ari.recordings.getStoredFile({ recordingName: name });
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no such message');
    return;
  }
  res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': wav.byteLength }).end(wav);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
