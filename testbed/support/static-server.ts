import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One page or file: its content type, body and any extra response headers (a CSP, say). */
export interface StaticPage {
  type: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

/**
 * Serves fixed pages from memory on 127.0.0.1 (an ephemeral port) — a stand-in for a customer's
 * static site. Pages can be added while it runs.
 */
export async function serveStatic(pages: Record<string, StaticPage>) {
  const server: Server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    res
      .writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store', ...page.headers })
      .end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
