/**
 * The AMI monitor: one AMI connection and call monitor, the call history in SQLite, and an HTTP
 * server with the page, a JSON API and server-sent events.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AmiClient, CallMonitor, type ClickToCallDefaults } from '@aipbx/ami';
import { EventStreamHub } from './event-stream.js';
import { completedCallRecord, type HistoryRow, HistoryStore } from './history-store.js';
import { createRequestHandler, hostName, isLoopbackHost, type MonitorBackend } from './http-api.js';
import { activeCallView, extensionView, type MonitorEvent, type MonitorSnapshot } from './monitor-views.js';
import { defaultPublicDir, listPublicFiles } from './public-files.js';

export type { HistoryRow } from './history-store.js';
export type {
  ActiveCallView,
  ExtensionView,
  MonitorEvent,
  MonitorEventType,
  MonitorSnapshot,
} from './monitor-views.js';

/** Options of {@link startAmiMonitor}. */
export interface AmiMonitorOptions {
  /** The PBX's AMI and the user to log in as (see the README for the permissions it needs). */
  ami: { host: string; port: number; username: string; secret: string };
  /** Where the HTTP server listens: default `127.0.0.1`, port `0` (any free port). */
  listen?: { host?: string; port?: number };
  /** The SQLite file of the call history; created when missing. */
  dbFile: string;
  /** How many history rows the snapshot and {@link AmiMonitorServer.history} give. Default 100. */
  historyLimit?: number;
  /** Where the server reports what happens (one line each). Default: standard error. */
  log?: (line: string) => void;
  /** Click-to-call settings of the call monitor (context, how an extension is reached). */
  clickToCall?: ClickToCallDefaults;
  /** The page's folder. Default: the package's `public/`, found from source or from a bundle. */
  publicDir?: string;
  /** Interval of the event stream's heartbeat comment, in ms. Default 15,000. */
  heartbeatMs?: number;
  /** Largest request body accepted, in bytes. Default 16 KiB. */
  maxBodyBytes?: number;
  /**
   * Host names the server answers to besides localhost, 127.0.0.0/8 and ::1, e.g. the public
   * name of a reverse proxy in front of it. While it listens on a loopback address, or when this
   * is set, a request whose `Host:` names anything else gets 421 (no DNS rebinding).
   */
  allowedHosts?: string[];
  /**
   * Origins whose pages may show the monitor's page in an `<iframe>`, such as
   * `http://127.0.0.1:4402` (scheme, host and port; nothing else). Default: none.
   */
  frameAncestors?: string[];
}

/** A running monitor. */
export interface AmiMonitorServer {
  /** The page's address, e.g. `http://127.0.0.1:4401/`. */
  url: string;
  /** The call monitor (its `AmiClient` is connected while the server runs). */
  monitor: CallMonitor;
  /** The newest finished calls from the database, newest first (default `historyLimit`). */
  history(limit?: number): Promise<HistoryRow[]>;
  /** Ends the event streams, stops the HTTP server, logs off AMI and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the monitor: opens the history database, connects to AMI, rebuilds the calls and
 * extension states, then listens for HTTP.
 *
 * @throws HistoryStoreError when the database file is unusable; the AMI package's errors
 *   (`ValidationError`, `ConnectionError`, `AuthenticationError`) when AMI cannot be reached;
 *   an `EADDRINUSE` error when the port is taken. Nothing is left running after a failure.
 */
export async function startAmiMonitor(options: AmiMonitorOptions): Promise<AmiMonitorServer> {
  const write = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (line: string) => {
    try {
      write(line);
    } catch {
      // A failing log sink must not take the server down.
    }
  };
  /** Runs a listener; what it throws is logged, never left to crash the process. */
  const guard =
    <A extends unknown[]>(what: string, listener: (...args: A) => void) =>
    (...args: A) => {
      try {
        listener(...args);
      } catch (err) {
        log(`ami-monitor: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
  const historyLimit = options.historyLimit ?? 100;
  const files = await listPublicFiles(options.publicDir ?? defaultPublicDir());
  const store = await HistoryStore.open(options.dbFile);
  const hub = new EventStreamHub(
    options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs },
  );
  const broadcast = (event: MonitorEvent) => hub.broadcast(event);

  let ami: AmiClient | undefined;
  let server: Server | undefined;
  try {
    ami = new AmiClient({
      host: options.ami.host,
      port: options.ami.port,
      username: options.ami.username,
      secret: options.ami.secret,
    });
    const client = ami;
    const monitor = new CallMonitor(client, {
      historyLimit,
      ...(options.clickToCall ? { clickToCall: options.clickToCall } : {}),
      historySink: async (call) => {
        const row = await store.insert(call);
        broadcast({ type: 'history:add', row });
      },
    });
    const snapshot = (): MonitorSnapshot => ({
      ami: client.state,
      calls: monitor.calls.map(activeCallView),
      extensions: monitor.extensions.map(extensionView),
      history: store.closed ? [] : store.recent(historyLimit),
    });
    monitor.on(
      'call:start',
      guard('call:start', (call) => broadcast({ type: 'call:start', call: activeCallView(call) })),
    );
    monitor.on(
      'call:update',
      guard('call:update', (call) => broadcast({ type: 'call:update', call: activeCallView(call) })),
    );
    monitor.on(
      'call:end',
      guard('call:end', (call) => broadcast({ type: 'call:end', call: completedCallRecord(call) })),
    );
    monitor.on(
      'extension:update',
      guard('extension:update', (status) =>
        broadcast({ type: 'extension:update', extension: extensionView(status) }),
      ),
    );
    // A rebuild after a reconnect may have changed anything: send everyone the whole picture.
    monitor.on(
      'resync',
      guard('resync', () => broadcast({ type: 'snapshot', ...snapshot() })),
    );
    monitor.on('error', (error) => log(`ami-monitor: ${error.message}`));
    client.on('error', (error) => log(`ami-monitor: AMI: ${error.message}`));
    client.on('disconnect', (error) => log(`ami-monitor: AMI connection lost: ${error.message}`));
    client.on('reconnecting', ({ attempt, delayMs }) =>
      log(`ami-monitor: reconnecting to AMI (attempt ${attempt}, in ${Math.round(delayMs)} ms)`),
    );
    client.on(
      'state',
      guard('state', (state) => broadcast({ type: 'ami', state })),
    );

    await client.connect();
    await monitor.start();

    // Closing stops click-to-calls still waiting for an answer (the calls themselves go on).
    const closingSignal = new AbortController();
    const backend: MonitorBackend = {
      snapshot,
      clickToCall: async (request) =>
        activeCallView(await monitor.call({ ...request, signal: closingSignal.signal })),
      hangup: (callId) => monitor.hangup(callId),
    };
    const host = options.listen?.host ?? '127.0.0.1';
    const allowedHosts = (options.allowedHosts ?? []).map((name) => name.toLowerCase());
    server = createServer(
      createRequestHandler({
        backend,
        hub,
        files,
        log,
        ...(isLoopbackAddress(host) || allowedHosts.length > 0
          ? {
              isAllowedHost: (h: string | undefined) =>
                isLoopbackHost(h) || allowedHosts.includes(hostName(h)),
            }
          : {}),
        ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
        ...(options.frameAncestors ? { frameAncestors: checkedOrigins(options.frameAncestors) } : {}),
      }),
    );
    server.on('clientError', (err, socket) => {
      if (socket.writable && !(err as NodeJS.ErrnoException).code?.startsWith('ECONN')) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      } else socket.destroy();
    });
    await listen(server, host, options.listen?.port ?? 0);
    server.on('error', (err) => log(`ami-monitor: HTTP server: ${err.message}`));
    const { port } = server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
    log(`ami-monitor: listening on ${url} (AMI ${options.ami.host}:${options.ami.port})`);

    const httpServer = server;
    let closing: Promise<void> | undefined;
    return {
      url,
      monitor,
      history: async (limit = historyLimit) => store.recent(limit),
      close: () => {
        closing ??= (async () => {
          closingSignal.abort();
          hub.close();
          const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
          httpServer.closeAllConnections();
          await stopped;
          monitor.stop();
          await client.close();
          await store.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    hub.close();
    server?.closeAllConnections();
    server?.close();
    await ami?.close().catch(() => {});
    await store.close();
    throw err;
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Whether the server binds to this machine only. */
function isLoopbackAddress(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** `origins` as they go into a Content-Security-Policy, or an error naming the one that may not. */
function checkedOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
      throw new Error(
        `frameAncestors: "${origin}" is not an origin; write the scheme, host and port only, such as http://127.0.0.1:4402`,
      );
    }
    return origin;
  });
}
