import AsteriskAmiClient from 'asterisk-ami-client';
import type { BenchClient, BenchClientFactory } from './bench-client.js';

/** `asterisk-ami-client`: every event through its `event` emitter; its defaults (no reconnect, no keep-alive). */
export const createAsteriskAmiClient: BenchClientFactory = (): BenchClient => {
  let client: AsteriskAmiClient | undefined;
  return {
    async connect(target, onEvent, onError) {
      client = new AsteriskAmiClient({ reconnect: false, keepAlive: false });
      client.on('event', (event) => onEvent(event.Event));
      client.on('internalError', (error) => onError(error.message));
      await client.connect(target.username, target.secret, { host: target.host, port: target.port });
    },
    async close() {
      client?.disconnect();
    },
  };
};
