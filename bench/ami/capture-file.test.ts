import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BANNER, loadCapture, parseCapture } from './capture-file.js';
import { eventFrame, syntheticStream } from './test-support/synthetic-stream.js';

const LOGIN_RESPONSE = 'Response: Success\r\nActionID: 1\r\nMessage: Authentication accepted\r\n\r\n';

describe('parseCapture', () => {
  it('replays a stream without banner as it is, greeting with Asterisk 22’s banner', () => {
    const { bytes, byName } = syntheticStream(50);
    const capture = parseCapture(bytes);
    expect(capture.stream.equals(bytes)).toBe(true);
    expect(capture).toMatchObject({
      banner: DEFAULT_BANNER,
      bannerInFile: false,
      loginResponseRemoved: false,
      partialTailBytes: 0,
    });
    expect(capture.census.events).toBe(50);
    expect(capture.census.byName).toEqual(byName);
  });

  it('takes the banner and the login response off a capture of the whole session', () => {
    const { bytes } = syntheticStream(6);
    const file = Buffer.concat([Buffer.from(`Asterisk Call Manager/9.0.0\r\n${LOGIN_RESPONSE}`), bytes]);
    const capture = parseCapture(file);
    expect(capture.banner).toBe('Asterisk Call Manager/9.0.0');
    expect(capture.bannerInFile).toBe(true);
    expect(capture.loginResponseRemoved).toBe(true);
    expect(capture.stream.equals(bytes)).toBe(true);
    expect(capture.census).toMatchObject({ frames: 6, events: 6 });
  });

  it('takes a login response off a capture that starts right after the banner', () => {
    const frame = eventFrame('Hangup', 1);
    const capture = parseCapture(Buffer.from(LOGIN_RESPONSE + frame));
    expect(capture.loginResponseRemoved).toBe(true);
    expect(capture.stream.toString()).toBe(frame);
  });

  it('keeps any other response: it is part of the stream, a frame but not an event', () => {
    const pong = 'Response: Success\r\nActionID: 2\r\nPing: Pong\r\n\r\n';
    const capture = parseCapture(Buffer.from(pong + eventFrame('Hangup', 1)));
    expect(capture.loginResponseRemoved).toBe(false);
    expect(capture.census).toMatchObject({ frames: 2, events: 1 });
    expect(capture.stream.toString().startsWith(pong)).toBe(true);
  });

  it('leaves out a partial frame at the end and says how long it was', () => {
    const whole = eventFrame('Newchannel', 1) + eventFrame('Newstate', 2);
    const capture = parseCapture(Buffer.from(`${whole}Event: Hang`));
    expect(capture.stream.toString()).toBe(whole);
    expect(capture.partialTailBytes).toBe('Event: Hang'.length);
    expect(capture.census.events).toBe(2);
  });

  it('refuses a file without a complete event, and says when its lines end in a bare LF', () => {
    expect(() => parseCapture(Buffer.from('hello'))).toThrow(/no complete AMI event frame/);
    const lf = Buffer.from(eventFrame('Hangup', 1).replaceAll('\r\n', '\n'));
    expect(() => parseCapture(lf)).toThrow(/bare LF/);
  });
});

describe('loadCapture', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads a file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aipbx-capture-'));
    const path = join(dir, 'office.bin');
    await writeFile(path, syntheticStream(12).bytes);
    expect((await loadCapture(path)).census.events).toBe(12);
  });

  it('names the file it cannot read or use', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aipbx-capture-'));
    const missing = join(dir, 'missing.bin');
    await expect(loadCapture(missing)).rejects.toThrow(`cannot read the capture ${missing}`);
    const empty = join(dir, 'empty.bin');
    await writeFile(empty, '');
    await expect(loadCapture(empty)).rejects.toThrow(`the capture ${empty}: it holds no complete`);
  });
});
