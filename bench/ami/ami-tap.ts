/**
 * The recorder's tap: a bare AMI session (no client under test involved) that logs in with
 * `Events: on` and keeps every byte Asterisk sends after the login response.
 */
import { connect, type Socket } from 'node:net';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';

/** A raw AMI session that keeps everything after the login response. */
export interface AmiTap {
  banner: string;
  /** Bytes recorded so far. */
  bytes(): number;
  /** The recorded bytes. */
  take(): Buffer;
  /** Resolves once nothing arrived for `quietMs`, or after `maxMs` at the latest. */
  quiet(quietMs: number, maxMs: number): Promise<void>;
  close(): void;
}

const LOGIN_ID = 'aipbx-bench-record';

/** Opens the tap: banner, `Login` with `Events: on`, then records. The secret is never logged. */
export function openTap(info: TestbedInfo, timeoutMs = 10_000): Promise<AmiTap> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: info.ami.host, port: info.ami.port });
    const chunks: Buffer[] = [];
    let recorded = 0;
    let lastDataAt = performance.now();
    let head = Buffer.alloc(0);
    let banner: string | undefined;
    let loggedIn = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `No AMI banner and login answer from ${info.ami.host}:${info.ami.port} within ${timeoutMs} ms.`,
        ),
      );
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (!loggedIn)
        reject(new Error(`AMI connection to ${info.ami.host}:${info.ami.port} failed: ${error.message}`));
    });
    socket.on('data', (chunk: Buffer) => {
      lastDataAt = performance.now();
      if (loggedIn) {
        chunks.push(chunk);
        recorded += chunk.length;
        return;
      }
      head = Buffer.concat([head, chunk]);
      if (banner === undefined) {
        const eol = head.indexOf('\r\n');
        if (eol < 0) return;
        banner = head.toString('utf8', 0, eol);
        head = head.subarray(eol + 2);
        socket.write(
          `Action: Login\r\nActionID: ${LOGIN_ID}\r\nUsername: ${info.ami.username}\r\n` +
            `Secret: ${info.ami.secret}\r\nEvents: on\r\n\r\n`,
        );
      }
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const response = head.toString('utf8', 0, end);
      if (!/^Response: Success$/m.test(response) || !response.includes(`ActionID: ${LOGIN_ID}`)) {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new Error(
            `The test bed's AMI refused the recorder's login: ${/^Message: (.*)$/m.exec(response)?.[1] ?? 'no message'}.`,
          ),
        );
        return;
      }
      loggedIn = true;
      clearTimeout(timer);
      const rest = head.subarray(end + 4);
      if (rest.length > 0) {
        chunks.push(Buffer.from(rest));
        recorded += rest.length;
      }
      const bannerLine = banner;
      resolve({
        banner: bannerLine,
        bytes: () => recorded,
        take: () => Buffer.concat(chunks, recorded),
        quiet: (quietMs, maxMs) =>
          new Promise<void>((done) => {
            const started = performance.now();
            const check = setInterval(() => {
              const now = performance.now();
              if (now - lastDataAt >= quietMs || now - started >= maxMs) {
                clearInterval(check);
                done();
              }
            }, 100);
          }),
        close: () => socket.destroy(),
      });
    });
  });
}
