import { afterEach, describe, expect, it } from 'vitest';
import { type ReplayServer, startReplayServer } from '../replay-server.js';
import { syntheticStream, until } from '../test-support/synthetic-stream.js';
import * as aipbxModule from './aipbx.js';
import { createAipbxClient } from './aipbx.js';
import * as amiClientModule from './asterisk-ami-client.js';
import { createAsteriskAmiClient } from './asterisk-ami-client.js';
import * as managerModule from './asterisk-manager.js';
import { createAsteriskManagerClient } from './asterisk-manager.js';
import type { BenchClientFactory } from './bench-client.js';
import { BENCH_CLIENTS } from './index.js';

const factories: Record<string, BenchClientFactory> = {
  aipbx: createAipbxClient,
  'asterisk-manager': createAsteriskManagerClient,
  'asterisk-ami-client': createAsteriskAmiClient,
};
const credentials = { username: 'bench', secret: 'adapter-test-secret' };

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('BENCH_CLIENTS', () => {
  it('names, for every client, an adapter module and the factory it exports', () => {
    const modules: Record<string, Record<string, unknown>> = {
      aipbx: aipbxModule,
      'asterisk-manager': managerModule,
      'asterisk-ami-client': amiClientModule,
    };
    expect(BENCH_CLIENTS.map((d) => d.id).sort()).toEqual(Object.keys(factories).sort());
    for (const descriptor of BENCH_CLIENTS) {
      expect(modules[descriptor.module]?.[descriptor.factory], descriptor.id).toBe(factories[descriptor.id]);
    }
  });
});

describe.each(Object.entries(factories))('the %s adapter', (_id, factory) => {
  it('logs in to the replay server and reports every event by name', async () => {
    const { bytes, byName } = syntheticStream(3000);
    server = await startReplayServer({
      stream: bytes,
      banner: 'Asterisk Call Manager/11.0.0',
      ...credentials,
      chunkBytes: 4096,
    });
    const client = factory();
    const seen: Record<string, number> = {};
    let count = 0;
    const errors: string[] = [];
    await client.connect(
      { host: server.host, port: server.port, ...credentials },
      (name) => {
        count++;
        seen[name] = (seen[name] ?? 0) + 1;
      },
      (message) => errors.push(message),
    );
    try {
      await until(() => count >= 3000, 10_000, `3000 events (have ${count})`);
      expect(seen).toEqual(byName);
      expect(errors).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('rejects the connection when the secret is wrong', async () => {
    server = await startReplayServer({
      stream: syntheticStream(5).bytes,
      banner: 'Asterisk Call Manager/11.0.0',
      ...credentials,
    });
    const client = factory();
    const target = { host: server.host, port: server.port, username: 'bench', secret: 'not-it' };
    await expect(
      client.connect(
        target,
        () => {},
        () => {},
      ),
    ).rejects.toThrow();
    await client.close().catch(() => {});
  });
});
