/**
 * A bare AMI session for the recorder's own actions (Originate, Hangup), logged in with
 * `Events: off` so it never receives the stream the tap records. Independent of every client
 * under test, like the tap.
 */
import { connect } from 'node:net';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';

/** An action's response: its headers, last value winning. */
export type AmiActionResponse = Record<string, string>;

/** A logged-in action session. */
export interface AmiActionSession {
  /**
   * Sends `fields` (an `ActionID` is added) and resolves with the response.
   *
   * @throws Error when no response arrives within 10 s or the connection closes first
   */
  send(fields: Readonly<Record<string, string>>): Promise<AmiActionResponse>;
  close(): void;
}

/** Header lines of one frame, as a record (last value wins). */
function headers(frame: string): AmiActionResponse {
  const out: AmiActionResponse = {};
  for (const line of frame.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1).trim();
  }
  return out;
}

/**
 * Opens a session as the bed's full-rights AMI user and logs in with `Events: off`.
 *
 * @throws Error when the login is refused or takes longer than `timeoutMs`
 */
export async function openActionSession(info: TestbedInfo, timeoutMs = 10_000): Promise<AmiActionSession> {
  const socket = connect({ host: info.ami.host, port: info.ami.port });
  const waiting = new Map<string, (response: AmiActionResponse) => void>();
  let buffer = '';
  let bannerSeen = false;
  let closed: Error | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => {
    buffer += text;
    if (!bannerSeen) {
      const eol = buffer.indexOf('\r\n');
      if (eol < 0) return;
      bannerSeen = true;
      buffer = buffer.slice(eol + 2);
    }
    for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
      const frame = headers(buffer.slice(0, end));
      buffer = buffer.slice(end + 4);
      const id = frame.ActionID;
      const done = id === undefined ? undefined : waiting.get(id);
      if (id !== undefined && done !== undefined) {
        waiting.delete(id);
        done(frame);
      }
    }
  });
  socket.on('error', (error) => {
    closed = error;
  });
  socket.on('close', () => {
    closed ??= new Error('the AMI action session closed');
    for (const done of waiting.values()) done({ Response: 'Error', Message: closed.message });
    waiting.clear();
  });
  let sequence = 0;
  const send = (fields: Readonly<Record<string, string>>, ms = 10_000): Promise<AmiActionResponse> => {
    if (closed !== undefined) return Promise.reject(closed);
    const id = `aipbx-bench-action-${++sequence}`;
    const text = Object.entries({ ...fields, ActionID: id })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`No answer to AMI ${fields.Action ?? 'action'} within ${ms} ms.`));
      }, ms);
      waiting.set(id, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
      socket.write(`${text}\r\n`);
    });
  };
  const login = await send(
    { Action: 'Login', Username: info.ami.username, Secret: info.ami.secret, Events: 'off' },
    timeoutMs,
  );
  if (login.Response !== 'Success') {
    socket.destroy();
    throw new Error(
      `The test bed's AMI refused the recorder's action session: ${login.Message ?? 'no message'}.`,
    );
  }
  return { send: (fields) => send(fields), close: () => socket.destroy() };
}
