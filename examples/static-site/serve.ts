/**
 * Serves the static site: `index.html` with its one script tag, and the widget's built browser files
 * under `/widget/` — what a customer's web server does after pasting the tag. When the PBX is not the
 * default demo's, the tag's `data-server`, `data-target`, `data-user` and `data-assistant-id` are
 * filled in from it on the way out; the file itself stays a plain page.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { type DemoConnection, demoConnection } from '@aipbx/demo/demo-connection.js';
import { portOption, untilStopped } from '@aipbx/demo/example-run.js';

const require = createRequire(import.meta.url);

/** The widget's built browser files (`npm run build` at the repository root makes them). */
export function widgetBrowserDir(): string {
  return join(dirname(require.resolve('@aipbx/widget/package.json')), 'dist', 'browser');
}

/**
 * Answers `GET /widget/<file>` from the widget's built folder; `false` when `path` is not one of its
 * files. The name pattern admits only the build's own file names, so no path can leave the folder.
 */
export function sendWidgetFile(path: string, res: ServerResponse, widgetDir = widgetBrowserDir()): boolean {
  const name = /^\/widget\/([A-Za-z0-9_-]+\.js(\.map)?)$/.exec(path)?.[1];
  if (name === undefined || !existsSync(join(widgetDir, name))) return false;
  res.writeHead(200, {
    'content-type': name.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8',
    'cache-control': 'no-cache',
  });
  createReadStream(join(widgetDir, name)).pipe(res);
  return true;
}

/** This example's folder (works from source and from a bundle). */
function siteDir(): string {
  return dirname(require.resolve('@aipbx/example-static-site/package.json'));
}

/** What the script tag must say for this PBX. */
export interface SiteWidget {
  server: string;
  target: string;
  user: string;
  assistantId: string;
}

/** `index.html` with the script tag's `data-*` set to `widget`. */
export function sitePage(
  widget: SiteWidget,
  html = readFileSync(join(siteDir(), 'index.html'), 'utf8'),
): string {
  const attrs: Record<string, string> = {
    'data-server': widget.server,
    'data-target': widget.target,
    'data-user': widget.user,
    'data-assistant-id': widget.assistantId,
  };
  return html.replace(
    /\b(data-server|data-target|data-user|data-assistant-id)="[^"]*"/g,
    (_, name: string) => {
      const value = (attrs[name] ?? '').replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      return `${name}="${value}"`;
    },
  );
}

/** A running site. */
export interface StaticSite {
  url: string;
  close(): Promise<void>;
}

/** Starts the site on `host:port` (port 0: any free one) for the PBX in `connection`. */
export async function serveStaticSite(options: {
  connection: Pick<DemoConnection, 'wsUrl' | 'widget'>;
  host?: string;
  port?: number;
}): Promise<StaticSite> {
  const widgetDir = widgetBrowserDir();
  if (!existsSync(join(widgetDir, 'aipbx-widget.js'))) {
    throw new Error(
      `The widget is not built (${widgetDir} is empty): run \`npm run build\` at the repository root.`,
    );
  }
  const { wsUrl, widget } = options.connection;
  const page = sitePage({
    server: wsUrl,
    target: widget.target,
    user: widget.user,
    assistantId: widget.assistantId,
  });
  const ws = new URL(wsUrl);
  // A strict policy: the widget needs its own scripts and the PBX's WebSocket, nothing else.
  const csp = `default-src 'none'; script-src 'self'; connect-src ${ws.protocol}//${ws.host}; style-src 'self' 'unsafe-inline'; img-src 'self'`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
    } else if (path === '/' || path === '/index.html') {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp })
        .end(page);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (!sendWidgetFile(path, res, widgetDir)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `npm start -w @aipbx/example-static-site [-- --port N]`: serves the site for the running demo's PBX. */
export async function main(args: string[]): Promise<number> {
  const port = portOption(args, 4400);
  if (typeof port === 'string') {
    console.error(port);
    return 2;
  }
  const site = await serveStaticSite({ connection: demoConnection(process.env, ['ws']), port });
  console.log(`Static site: ${site.url}  (Ctrl-C stops it)`);
  await untilStopped();
  await site.close();
  return 0;
}
