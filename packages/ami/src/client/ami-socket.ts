import { isIP, connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import {
  type AipbxError,
  AuthenticationError,
  ConnectionError,
  DEFAULT_PORTS,
  TimeoutError,
} from '@aipbx/core';

/** Where to connect. */
export interface AmiSocketTarget {
  host: string;
  port: number;
  /** TLS options, or `undefined` for plain TCP. */
  tls: ConnectionOptions | undefined;
}

/** Size of the buffer a plain TCP socket reads into (what a socket reads at most at once by default). */
const READ_BUFFER_BYTES = 64 * 1024;

/** What an AMI socket reports. */
export interface AmiSocketHandlers {
  /**
   * Bytes from the PBX. On a plain TCP socket they are in a buffer the next read overwrites: use
   * them before returning, and copy what must outlive the call.
   */
  onData(chunk: Buffer): void;
  /** The socket closed; `cause` is the last socket error, if there was one. */
  onClose(cause: Error | undefined): void;
}

/**
 * Opens a TCP or TLS socket to the PBX, with Nagle's algorithm off (actions are small and
 * latency-bound). A TLS socket to a host name verifies the certificate for that name (SNI).
 */
export function openAmiSocket(target: AmiSocketTarget, handlers: AmiSocketHandlers): Socket {
  const { host, port, tls } = target;
  let socket: Socket;
  if (tls === undefined) {
    // Plain TCP reads into one buffer of the socket's own instead of a new one per read.
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    socket = netConnect({
      host,
      port,
      onread: {
        buffer,
        callback: (bytes: number) => {
          handlers.onData(buffer.subarray(0, bytes));
          return true; // false would pause the socket
        },
      },
    });
  } else {
    socket = tlsConnect({ ...(isIP(host) === 0 ? { servername: host } : {}), ...tls, host, port });
    socket.on('data', handlers.onData);
  }
  socket.setNoDelay(true);
  let lastError: Error | undefined;
  socket.on('error', (error) => {
    lastError = error;
  });
  socket.on('close', () => handlers.onClose(lastError));
  return socket;
}

/** Ends `socket` politely and resolves once it closed; destroys it if it is not closed within `graceMs`. */
export function endSocket(socket: Socket, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    const timer = setTimeout(() => socket.destroy(), graceMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.end();
  });
}

/**
 * A promise that rejects with ConnectionError `CONNECTION_FAILED` (caused by a TimeoutError) when
 * the banner and login take longer than `timeoutMs`; `cancel()` stops its timer.
 */
export function connectDeadline(
  address: string,
  timeoutMs: number,
): { expired: Promise<never>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new ConnectionError(
          'CONNECTION_FAILED',
          address,
          `No AMI banner and login from ${address} within ${timeoutMs} ms. Check that ` +
            'the host and port are right, that AMI is enabled (manager.conf: enabled = yes) and that ' +
            'this machine is allowed (permit=, or the Yeastar AMI IP allow-list).',
          { cause: new TimeoutError('AMI connect timed out.', timeoutMs) },
        ),
      );
    }, timeoutMs);
  });
  return { expired, cancel: () => clearTimeout(timer) };
}

/**
 * What a failed connection attempt rejects with: an AuthenticationError or a `CONNECTION_FAILED`
 * as is; anything else becomes a `CONNECTION_FAILED` that says what went wrong (redacted) and what
 * to check — or, when `closing`, that `close()` interrupted it.
 */
export function connectFailure(
  error: unknown,
  context: { address: string; closing: boolean; redact: (text: string) => string },
): AipbxError {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof ConnectionError && error.code === 'CONNECTION_FAILED') return error;
  const { address } = context;
  if (context.closing) {
    return new ConnectionError(
      'CONNECTION_FAILED',
      address,
      'close() was called before the AMI connection was established.',
      { cause: error },
    );
  }
  const root = error instanceof ConnectionError && error.cause instanceof Error ? error.cause : error;
  const reason = root instanceof Error ? root.message : String(root);
  return new ConnectionError(
    'CONNECTION_FAILED',
    address,
    `Could not open an AMI session to ${address}: ${context.redact(reason)}. Check the host and port, ` +
      `that Asterisk is running with AMI enabled (manager.conf: enabled = yes, port = ${DEFAULT_PORTS.ami}) ` +
      'and that a firewall or the PBX allow-list does not block this machine.',
    { cause: error },
  );
}
