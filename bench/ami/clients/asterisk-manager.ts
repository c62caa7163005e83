import AsteriskManager, { type Manager } from 'asterisk-manager';
import type { BenchClient, BenchClientFactory } from './bench-client.js';

/** `asterisk-manager`: every event through its `managerevent` emitter, logged in with events on. */
export const createAsteriskManagerClient: BenchClientFactory = (): BenchClient => {
  let ami: Manager | undefined;
  return {
    connect(target, onEvent, onError) {
      return new Promise<void>((resolve, reject) => {
        // No port in the constructor: it would connect and log in on its own, with no way to await it.
        const manager = AsteriskManager(undefined, target.host, target.username, target.secret, true);
        ami = manager;
        let loggedIn = false;
        manager.on('managerevent', (event) => onEvent(event.event));
        manager.on('error', (error) => {
          if (loggedIn) onError(error.message);
          else reject(error);
        });
        manager.connect(target.port, target.host, () => {
          manager.login((error) => {
            if (error) {
              reject(new Error(`asterisk-manager login failed: ${String(error.message ?? 'no message')}`));
              return;
            }
            loggedIn = true;
            resolve();
          });
        });
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        if (ami === undefined) resolve();
        else ami.disconnect(() => resolve());
      });
    },
  };
};
