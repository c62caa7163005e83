import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a port of the bed (TLS passes through untouched): lets a
 * test cut a browser's WebSocket mid-call the way a network drop does, and refuse new connections
 * the way an unreachable network does.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  const pairs = new Set<[Socket, Socket]>();
  let accepting = true;
  let connections = 0;
  const server: Server = createServer((client) => {
    if (!accepting) {
      client.destroy();
      return;
    }
    connections++;
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    /** Connections accepted so far. */
    get connections() {
      return connections;
    },
    /** Destroys every open connection (both directions, no close handshake): a dropped network. */
    cut(): number {
      const n = pairs.size;
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
      return n;
    },
    /** Whether new connections are relayed or dropped at once. */
    setAccepting(value: boolean): void {
      accepting = value;
    },
    close(): Promise<void> {
      this.cut();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
