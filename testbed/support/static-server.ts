import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Serves fixed pages from memory on 127.0.0.1 (an ephemeral port) — a stand-in for a customer's static site. */
export async function serveStatic(pages: Record<string, { type: string; body: string }>) {
  const server: Server = createServer((req, res) => {
    const page = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!page) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': page.type }).end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
