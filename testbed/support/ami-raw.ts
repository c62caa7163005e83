import { connect } from 'node:net';
import type { TestbedInfo } from '../bed.js';
import { Inbox, within } from './wait.js';

/** One AMI frame as a flat map (last value wins); enough for smoke checks. */
export type RawFrame = Record<string, string>;

/**
 * A deliberately bare AMI connection for proving the bed is real — no @aipbx/ami involved, so a
 * bug there can't hide a broken bed or the other way round.
 */
export async function openRawAmi(
  info: TestbedInfo,
  user: { username: string; secret: string } = { username: info.ami.username, secret: info.ami.secret },
) {
  const socket = connect({ host: info.ami.host, port: info.ami.port });
  const frames = new Inbox<RawFrame>();
  const chunks: Buffer[] = [];
  const decoder = new TextDecoder();
  let banner = '';
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffer += decoder.decode(chunk, { stream: true });
    if (!banner) {
      const eol = buffer.indexOf('\r\n');
      if (eol < 0) return;
      banner = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
    }
    for (let end = buffer.indexOf('\r\n\r\n'); end >= 0; end = buffer.indexOf('\r\n\r\n')) {
      const frame: RawFrame = {};
      for (const line of buffer.slice(0, end).split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) frame[line.slice(0, colon)] = line.slice(colon + 1).trim();
      }
      buffer = buffer.slice(end + 4);
      frames.push(frame);
    }
  });
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    }),
    5000,
    `TCP connect to AMI ${info.ami.host}:${info.ami.port}`,
  );
  let seq = 0;
  const send = (fields: Record<string, string>): string => {
    const id = `smoke-${++seq}`;
    const lines = Object.entries({ ...fields, ActionID: id }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`${lines.join('')}\r\n`);
    return id;
  };
  const login = send({ Action: 'Login', Username: user.username, Secret: user.secret });
  const answer = await frames.next((f) => f.ActionID === login, 5000, 'the AMI login response');
  if (answer.Response !== 'Success') throw new Error(`AMI login failed: ${answer.Message}`);
  return {
    banner: () => banner,
    /** Every byte Asterisk sent on this connection, banner included. */
    bytes: () => Buffer.concat(chunks),
    frames,
    send,
    close: () => new Promise<void>((resolve) => socket.end(() => resolve())),
  };
}
