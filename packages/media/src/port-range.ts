import { ConnectionError } from '@aipbx/core';

/** Where the app listens for Asterisk's media (AudioSocket, RTP). */
export interface MediaListen {
  /** Address to bind, e.g. `127.0.0.1`, `0.0.0.0`. */
  host: string;
  /** The address Asterisk reaches the app at, when it differs from `host` (NAT, 0.0.0.0). */
  advertise?: string;
  /** First port of the range the app may use. */
  portMin: number;
  /** Last port of the range (inclusive). */
  portMax: number;
}

/**
 * Tries `bind(port)` on the ports of the range, starting at a random one, until one binds; a port
 * in use is skipped, any other error stops.
 *
 * @throws ConnectionError (`CONNECTION_FAILED`) when every port of the range is taken.
 */
export async function bindInRange<T>(listen: MediaListen, bind: (port: number) => Promise<T>): Promise<T> {
  const size = listen.portMax - listen.portMin + 1;
  const first = Math.floor(Math.random() * size);
  for (let i = 0; i < size; i++) {
    const port = listen.portMin + ((first + i) % size);
    try {
      return await bind(port);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
    }
  }
  throw new ConnectionError(
    'CONNECTION_FAILED',
    `${listen.host}:${listen.portMin}-${listen.portMax}`,
    `Every port from ${listen.portMin} to ${listen.portMax} on ${listen.host} is in use: widen the media port range (one port per concurrent call).`,
  );
}
