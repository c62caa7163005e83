import { AmiClient } from '@aipbx/ami';
import type { BenchClient, BenchClientFactory } from './bench-client.js';

/**
 * `@aipbx/ami`: every event through the `event` listener; a plain login like the peers' (the replay
 * server offers no MD5 challenge); defaults otherwise, no reconnecting.
 */
export const createAipbxClient: BenchClientFactory = (): BenchClient => {
  let client: AmiClient | undefined;
  return {
    async connect(target, onEvent, onError) {
      client = new AmiClient({
        host: target.host,
        port: target.port,
        username: target.username,
        secret: target.secret,
        authType: 'plain',
        reconnect: false,
      });
      client.on('event', (event) => onEvent(event.name ?? ''));
      client.on('error', (error) => onError(error.message));
      await client.connect();
    },
    async close() {
      await client?.close();
    },
  };
};
