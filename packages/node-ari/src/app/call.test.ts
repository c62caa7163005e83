import { AbortError, CallFailedError, noopLogger, TimeoutError, ValidationError } from '@aipbx/core';
import { describe, expect, it, vi } from 'vitest';
import {
  ariEvent,
  channel,
  FakeAriApi,
  flush,
  playback,
  recording,
  within,
} from '../../test/fake-ari-server.js';
import { AriHttpError } from '../errors/ari-http-error.js';
import { ChannelGoneError } from '../errors/channel-gone-error.js';
import { type CallHost, createCall } from './call.js';

const ID = '1700000000.1';

function setup(args: string[] = ['support-bot']) {
  const fake = new FakeAriApi();
  const adopted: string[] = [];
  const released: string[] = [];
  const host: CallHost = {
    api: fake.api,
    appName: 'aiPBXBot',
    ringTimeoutSeconds: 30,
    logger: noopLogger,
    recordingUrl: (assistantId, uniqueId) => `https://pbx/records/${assistantId}/${uniqueId}.wav`,
    adopt: (id) => adopted.push(id),
    release: (id) => released.push(id),
    mediaSocket: () => {
      throw new Error('no media WebSocket in this test');
    },
    sweepLater: () => undefined,
  };
  const { call, port } = createCall(host, channel(ID), args);
  return { fake, call, port, adopted, released };
}

const dtmf = (digit: string, channelId = ID) =>
  ariEvent('ChannelDtmfReceived', { digit, duration_ms: 100, channel: channel(channelId) });
const finished = (id: string, state: 'done' | 'failed' = 'done', channelId = ID) =>
  ariEvent('PlaybackFinished', { playback: playback(id, channelId, state) });
const gone = (channelId = ID) =>
  new ChannelGoneError('gone', {
    operation: 'channels.hangup',
    status: 404,
    remoteMessage: 'Channel not found',
    ids: { channelId },
    channelId,
  });

/** The playbackId of the n-th playWithId request (waiting for it to be sent). */
async function playbackIdOf(fake: FakeAriApi, n = 0): Promise<string> {
  for (let i = 0; i < 20 && fake.paramsOf('channels.playWithId').length <= n; i++) await flush();
  const params = fake.paramsOf('channels.playWithId')[n];
  if (!params) throw new Error(`playWithId #${n} was not sent`);
  return params.playbackId as string;
}

/** Waits until `operation` has been called `count` times. */
async function called(fake: FakeAriApi, operation: string, count = 1): Promise<Record<string, unknown>> {
  for (let i = 0; i < 20 && fake.paramsOf(operation).length < count; i++) await flush();
  const params = fake.paramsOf(operation)[count - 1];
  if (!params) throw new Error(`${operation} was not called ${count} time(s)`);
  return params;
}

describe('Call basics', () => {
  it('exposes id, args, assistant, caller, channel and recording URL', () => {
    const { call } = setup(['support-bot', 'extra']);
    expect(call.id).toBe(ID);
    expect(call.args).toEqual(['support-bot', 'extra']);
    expect(Object.isFrozen(call.args)).toBe(true);
    expect(call.assistantId).toBe('support-bot');
    expect(call.caller).toEqual({ name: 'Alice', number: '1001' });
    expect(call.channel.id).toBe(ID);
    expect(call.recordingUrl).toBe(`https://pbx/records/support-bot/${ID}.wav`);
    expect(call.ended).toBeUndefined();
  });

  it('has no assistant and no recording URL without Stasis args', () => {
    const { call } = setup([]);
    expect(call.assistantId).toBe('');
    expect(call.recordingUrl).toBeUndefined();
  });

  it('answers, rings and sets a variable on its own channel', async () => {
    const { fake, call } = setup();
    await call.answer();
    await call.ring();
    await call.setVariable('CALLERID(name)', 'Bob');
    expect(fake.calls).toEqual([
      { operation: 'channels.answer', params: { channelId: ID } },
      { operation: 'channels.ring', params: { channelId: ID } },
      {
        operation: 'channels.setChannelVar',
        params: { channelId: ID, variable: 'CALLERID(name)', value: 'Bob' },
      },
    ]);
  });

  it('reads a variable, and undefined for one that is not set (404 that is not a gone channel)', async () => {
    const { fake, call } = setup();
    fake.handle('channels.getChannelVar', ({ variable }) => {
      if (variable === 'SET') return { value: 'yes' };
      throw new AriHttpError('not set', {
        operation: 'channels.getChannelVar',
        status: 404,
        remoteMessage: 'Provided variable was not found',
        ids: { channelId: ID },
      });
    });
    expect(await call.getVariable('SET')).toBe('yes');
    expect(await call.getVariable('UNSET')).toBeUndefined();
  });

  it('rethrows ChannelGoneError from getVariable', async () => {
    const { fake, call } = setup();
    fake.handle('channels.getChannelVar', () => {
      throw gone();
    });
    await expect(call.getVariable('X')).rejects.toBeInstanceOf(ChannelGoneError);
  });

  it('keeps the channel as the latest event describes it', () => {
    const { call, port } = setup();
    port.handle(ariEvent('ChannelStateChange', { channel: channel(ID, { state: 'Up' }) }));
    expect(call.channel.state).toBe('Up');
    port.handle(ariEvent('ChannelStateChange', { channel: channel('other', { state: 'Busy' }) }));
    expect(call.channel.state).toBe('Up');
  });
});

describe('Call.play', () => {
  it('resolves done on the PlaybackFinished of its own playback, ignoring another playback’s', async () => {
    const { fake, call, port } = setup();
    const playing = call.play('sound:hello-world');
    const id = await playbackIdOf(fake);
    port.handle(finished('someone-elses-playback', 'failed'));
    port.handle(finished(id, 'done'));
    expect(await within(playing, 1000, 'play to resolve')).toEqual({ id, outcome: 'done' });
    expect(fake.paramsOf('channels.playWithId')[0]).toEqual({
      channelId: ID,
      playbackId: id,
      media: 'sound:hello-world',
    });
    expect(id).toMatch(/^aipbx-[0-9a-f-]{36}$/);
  });

  it('resolves failed when the playback finished in state failed', async () => {
    const { fake, call, port } = setup();
    const playing = call.play('sound:no-such-sound');
    port.handle(finished(await playbackIdOf(fake), 'failed'));
    expect((await within(playing, 1000, 'play')).outcome).toBe('failed');
  });

  it('resolves hangup, not failed, for a playback cut off by a hangup (Asterisk reports it failed)', async () => {
    const { fake, call, port } = setup();
    const playing = call.play('sound:x');
    const id = await playbackIdOf(fake);
    port.handle(ariEvent('ChannelHangupRequest', { channel: channel(ID), cause: 16 }));
    port.handle(finished(id, 'failed'));
    expect((await within(playing, 1000, 'play')).outcome).toBe('hangup');
  });

  it('resolves hangup when the call ends first', async () => {
    const { fake, call, port } = setup();
    const playing = call.play('sound:x');
    await playbackIdOf(fake);
    port.end('hangup');
    expect((await within(playing, 1000, 'play')).outcome).toBe('hangup');
  });

  it('registers its playback before asking: a finish delivered during playWithId still resolves it', async () => {
    const { fake, call, port } = setup();
    fake.handle('channels.playWithId', ({ playbackId }) => {
      port.handle(finished(playbackId as string));
      return playback(playbackId as string, ID, 'playing');
    });
    expect((await within(call.play('sound:x'), 1000, 'play')).outcome).toBe('done');
  });

  it('sends a list of media and a language', async () => {
    const { fake, call, port } = setup();
    const media = ['sound:a', 'digits:123'] as const;
    const playing = call.play(media, { lang: 'ru' });
    const id = await playbackIdOf(fake);
    port.handle(finished(id));
    await playing;
    expect(fake.paramsOf('channels.playWithId')[0]).toEqual({
      channelId: ID,
      playbackId: id,
      media: [...media],
      lang: 'ru',
    });
  });

  it('rejects with AbortError and stops the playback when aborted', async () => {
    const { fake, call } = setup();
    const controller = new AbortController();
    const playing = call.play('sound:x', { signal: controller.signal });
    const id = await playbackIdOf(fake);
    const reason = new Error('barge-in');
    controller.abort(reason);
    const error = await playing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).cause).toBe(reason);
    expect(fake.paramsOf('playbacks.stop')).toEqual([{ playbackId: id }]);
  });

  it('rejects at once, asking nothing, with an already aborted signal', async () => {
    const { fake, call } = setup();
    await expect(call.play('sound:x', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(fake.calls).toEqual([]);
  });

  it('rejects with the request’s error when Asterisk refuses the playback', async () => {
    const { fake, call } = setup();
    fake.handle('channels.playWithId', () => {
      throw gone();
    });
    await expect(call.play('sound:x')).rejects.toBeInstanceOf(ChannelGoneError);
  });

  it('resolves stopped for a playback stopped with stopPlayback', async () => {
    const { fake, call, port } = setup();
    const playing = call.play('sound:x');
    const id = await playbackIdOf(fake);
    await call.stopPlayback(id);
    port.handle(finished(id));
    expect((await within(playing, 1000, 'play')).outcome).toBe('stopped');
    expect(fake.paramsOf('playbacks.stop')).toEqual([{ playbackId: id }]);
  });

  it('keeps concurrent playbacks apart', async () => {
    const { fake, call, port } = setup();
    const first = call.play('sound:1');
    const second = call.play('sound:2');
    const [a, b] = [await playbackIdOf(fake, 0), await playbackIdOf(fake, 1)];
    expect(a).not.toBe(b);
    port.handle(finished(b, 'failed'));
    port.handle(finished(a, 'done'));
    expect(await first).toEqual({ id: a, outcome: 'done' });
    expect(await second).toEqual({ id: b, outcome: 'failed' });
  });
});

describe('Call.collectDtmf', () => {
  it('counts digits pressed before it was called (type-ahead) first', async () => {
    const { call, port } = setup();
    port.handle(dtmf('1'));
    port.handle(dtmf('2'));
    expect(await within(call.collectDtmf({ max: 2, timeoutMs: 5000 }), 1000, 'collect')).toBe('12');
  });

  it('stops at max and keeps the next digits for the next collection', async () => {
    const { call, port } = setup();
    const collecting = call.collectDtmf({ max: 3, timeoutMs: 5000 });
    for (const digit of '12345') port.handle(dtmf(digit));
    expect(await within(collecting, 1000, 'collect')).toBe('123');
    expect(await within(call.collectDtmf({ max: 2, timeoutMs: 5000 }), 1000, 'collect again')).toBe('45');
  });

  it('ends at the terminator, which is not part of the result', async () => {
    const { call, port } = setup();
    const collecting = call.collectDtmf({ terminator: '#', timeoutMs: 5000 });
    for (const digit of '42#') port.handle(dtmf(digit));
    expect(await within(collecting, 1000, 'collect')).toBe('42');
  });

  it('ends at a terminator typed ahead', async () => {
    const { call, port } = setup();
    for (const digit of '7#9') port.handle(dtmf(digit));
    expect(await within(call.collectDtmf({ terminator: '#', timeoutMs: 5000 }), 1000, 'collect')).toBe('7');
  });

  it('resolves with nothing when the overall timeout passes without digits', async () => {
    const { call } = setup();
    expect(await within(call.collectDtmf({ timeoutMs: 30 }), 1000, 'the timeout')).toBe('');
  });

  it('resolves with the digits so far when the inter-digit timeout passes', async () => {
    const { call, port } = setup();
    const started = performance.now();
    const collecting = call.collectDtmf({ timeoutMs: 5000, interDigitTimeoutMs: 30 });
    port.handle(dtmf('3'));
    expect(await within(collecting, 1000, 'the inter-digit timeout')).toBe('3');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('uses the inter-digit timeout after type-ahead digits', async () => {
    const { call, port } = setup();
    port.handle(dtmf('8'));
    expect(
      await within(call.collectDtmf({ timeoutMs: 5000, interDigitTimeoutMs: 30 }), 1000, 'collect'),
    ).toBe('8');
  });

  it('resolves with the digits so far when the call ends', async () => {
    const { call, port } = setup();
    const collecting = call.collectDtmf({ timeoutMs: 5000 });
    port.handle(dtmf('5'));
    port.end('hangup');
    expect(await within(collecting, 1000, 'collect')).toBe('5');
  });

  it('resolves at once on a call that already ended', async () => {
    const { call, port } = setup();
    port.handle(dtmf('6'));
    port.end('hangup');
    expect(await within(call.collectDtmf({ timeoutMs: 5000 }), 1000, 'collect')).toBe('6');
  });

  it('ignores DTMF of other channels', async () => {
    const { call, port } = setup();
    const collecting = call.collectDtmf({ max: 1, timeoutMs: 5000 });
    port.handle(dtmf('9', 'aipbx-leg-1'));
    port.handle(dtmf('1'));
    expect(await within(collecting, 1000, 'collect')).toBe('1');
  });

  it('forgets type-ahead after clearDtmf', async () => {
    const { call, port } = setup();
    port.handle(dtmf('1'));
    call.clearDtmf();
    const collecting = call.collectDtmf({ max: 1, timeoutMs: 5000 });
    port.handle(dtmf('2'));
    expect(await within(collecting, 1000, 'collect')).toBe('2');
  });

  it('rejects with AbortError when aborted', async () => {
    const { call } = setup();
    const controller = new AbortController();
    const collecting = call.collectDtmf({ timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await expect(within(collecting, 1000, 'collect')).rejects.toBeInstanceOf(AbortError);
    await expect(call.collectDtmf({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  });

  it('rejects bad options with one ValidationError naming each', async () => {
    const { call } = setup();
    const error = await call
      .collectDtmf({ max: 0, terminator: '##', timeoutMs: -1, interDigitTimeoutMs: Number.NaN })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
      'max',
      'terminator',
      'timeoutMs',
      'interDigitTimeoutMs',
    ]);
  });

  it.each([
    { max: 1.5 },
    { max: -1 },
    { terminator: 'x' },
    { terminator: '' },
    { timeoutMs: 0 },
    { timeoutMs: Number.POSITIVE_INFINITY },
    { interDigitTimeoutMs: 0 },
  ])('rejects %o', async (options) => {
    const { call } = setup();
    await expect(call.collectDtmf(options)).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('Call.record', () => {
  it('records under a default name and resolves done from its RecordingFinished', async () => {
    const { fake, call, port } = setup();
    const recordingDone = call.record();
    const params = await called(fake, 'channels.record');
    const name = `aipbx-${ID}-1`;
    expect(params).toEqual({ channelId: ID, name, format: 'wav' });
    port.handle(ariEvent('RecordingStarted', { recording: recording(name, ID, 'recording') }));
    port.handle(ariEvent('RecordingFinished', { recording: recording(name, ID, 'done', { duration: 3 }) }));
    expect(await within(recordingDone, 1000, 'record')).toMatchObject({
      name,
      format: 'wav',
      outcome: 'done',
      durationSeconds: 3,
      recording: { name, state: 'done' },
    });
  });

  it('numbers default names per call', async () => {
    const { fake, call, port } = setup();
    for (const n of [1, 2]) {
      const name = `aipbx-${ID}-${n}`;
      fake.handle('channels.record', () => {
        port.handle(ariEvent('RecordingFinished', { recording: recording(name, ID, 'done') }));
      });
      expect((await within(call.record(), 1000, `record ${n}`)).name).toBe(name);
    }
  });

  it('passes every option given', async () => {
    const { fake, call, port } = setup();
    const recordingDone = call.record({
      name: 'greeting.v2',
      format: 'gsm',
      maxDurationSeconds: 10,
      maxSilenceSeconds: 2,
      beep: true,
      terminateOn: '#',
      ifExists: 'overwrite',
    });
    expect(await called(fake, 'channels.record')).toEqual({
      channelId: ID,
      name: 'greeting.v2',
      format: 'gsm',
      maxDurationSeconds: 10,
      maxSilenceSeconds: 2,
      beep: true,
      terminateOn: '#',
      ifExists: 'overwrite',
    });
    port.end('hangup');
    await recordingDone;
  });

  it('ignores recordings of other names', async () => {
    const { fake, call, port } = setup();
    const recordingDone = call.record({ name: 'mine' });
    await called(fake, 'channels.record');
    port.handle(ariEvent('RecordingFailed', { recording: recording('theirs', ID, 'failed') }));
    port.handle(ariEvent('RecordingFinished', { recording: recording('mine', ID, 'done') }));
    expect((await within(recordingDone, 1000, 'record')).outcome).toBe('done');
  });

  it('resolves failed from RecordingFailed', async () => {
    const { fake, call, port } = setup();
    const recordingDone = call.record({ name: 'r' });
    await called(fake, 'channels.record');
    port.handle(
      ariEvent('RecordingFailed', { recording: recording('r', ID, 'failed', { cause: 'disk full' }) }),
    );
    expect(await within(recordingDone, 1000, 'record')).toMatchObject({
      outcome: 'failed',
      recording: { cause: 'disk full' },
    });
  });

  it('resolves canceled for a recording finished in state canceled', async () => {
    const { fake, call, port } = setup();
    const recordingDone = call.record({ name: 'r' });
    await called(fake, 'channels.record');
    port.handle(ariEvent('RecordingFinished', { recording: recording('r', ID, 'canceled') }));
    expect((await within(recordingDone, 1000, 'record')).outcome).toBe('canceled');
  });

  it('resolves hangup when the call ends, keeping the last state seen', async () => {
    const { fake, call, port } = setup();
    const recordingDone = call.record({ name: 'r' });
    await called(fake, 'channels.record');
    port.handle(ariEvent('RecordingStarted', { recording: recording('r', ID, 'recording') }));
    port.end('hangup');
    expect(await within(recordingDone, 1000, 'record')).toMatchObject({
      outcome: 'hangup',
      recording: { state: 'recording' },
    });
  });

  it('registers before asking: a finish delivered during the record request still resolves it', async () => {
    const { fake, call, port } = setup();
    fake.handle('channels.record', ({ name }) => {
      port.handle(ariEvent('RecordingFinished', { recording: recording(name as string, ID, 'done') }));
    });
    expect((await within(call.record({ name: 'fast' }), 1000, 'record')).outcome).toBe('done');
  });

  it.each(['', 'a/b', '../etc/passwd', 'has space', 'ünï', 'x'.repeat(201)])(
    'rejects the name %j without asking Asterisk',
    async (name) => {
      const { fake, call } = setup();
      const error = await call.record({ name }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems[0]?.field).toBe('name');
      expect(fake.calls).toEqual([]);
    },
  );

  it('rejects with AbortError and stops the recording when aborted', async () => {
    const { fake, call } = setup();
    const controller = new AbortController();
    const recordingDone = call.record({ name: 'r', signal: controller.signal });
    await called(fake, 'channels.record');
    controller.abort();
    await expect(recordingDone).rejects.toBeInstanceOf(AbortError);
    expect(fake.paramsOf('recordings.stop')).toEqual([{ recordingName: 'r' }]);
  });

  it('rejects with the request’s error when Asterisk refuses the recording', async () => {
    const { fake, call } = setup();
    const refused = new AriHttpError('exists', {
      operation: 'channels.record',
      status: 409,
      remoteMessage: 'Recording already exists',
      ids: { channelId: ID },
    });
    fake.handle('channels.record', () => {
      throw refused;
    });
    await expect(call.record({ name: 'r' })).rejects.toBe(refused);
  });
});

describe('Call.hangup', () => {
  it('hangs up its channel, normal by default', async () => {
    const { fake, call } = setup();
    await call.hangup();
    await call.hangup('busy');
    expect(fake.paramsOf('channels.hangup')).toEqual([
      { channelId: ID, reason: 'normal' },
      { channelId: ID, reason: 'busy' },
    ]);
  });

  it('swallows ChannelGoneError: a call that is already gone is fine', async () => {
    const { fake, call } = setup();
    fake.handle('channels.hangup', () => {
      throw gone();
    });
    await expect(call.hangup()).resolves.toBeUndefined();
  });

  it('rethrows any other error', async () => {
    const { fake, call } = setup();
    const failure = new AriHttpError('boom', {
      operation: 'channels.hangup',
      status: 500,
      remoteMessage: 'boom',
      ids: { channelId: ID },
    });
    fake.handle('channels.hangup', () => {
      throw failure;
    });
    await expect(call.hangup()).rejects.toBe(failure);
  });
});

describe('Call events and ending', () => {
  it('emits dtmf and hangup for its own channel only', () => {
    const { call, port } = setup();
    const digits: [string, number][] = [];
    const hangups: (number | undefined)[] = [];
    const events: string[] = [];
    call.on('dtmf', (digit, ms) => digits.push([digit, ms]));
    call.on('hangup', (cause) => hangups.push(cause));
    call.on('event', (event) => events.push(event.type));
    port.handle(dtmf('4', 'another-channel'));
    port.handle(ariEvent('ChannelHangupRequest', { channel: channel('another-channel'), cause: 17 }));
    expect(digits).toEqual([]);
    expect(hangups).toEqual([]);
    port.handle(dtmf('4'));
    port.handle(ariEvent('ChannelHangupRequest', { channel: channel(ID), cause: 16 }));
    expect(digits).toEqual([['4', 100]]);
    expect(hangups).toEqual([16]);
    expect(events).toEqual([
      'ChannelDtmfReceived',
      'ChannelHangupRequest',
      'ChannelDtmfReceived',
      'ChannelHangupRequest',
    ]);
  });

  it('settles every pending wait, emits end once and removes every listener when it ends', async () => {
    const { fake, call, port } = setup();
    const ends: string[] = [];
    call.on('end', (reason) => ends.push(reason));
    call.on('dtmf', () => undefined);
    call.on('event', () => undefined);
    const playing = call.play('sound:x');
    const recordingDone = call.record({ name: 'r' });
    const collecting = call.collectDtmf({ timeoutMs: 60_000 });
    await playbackIdOf(fake);
    await called(fake, 'channels.record');
    port.end('left');
    port.end('hangup');
    const [played, recorded, digits] = await within(
      Promise.all([playing, recordingDone, collecting]),
      1000,
      'every pending wait to settle',
    );
    expect(played.outcome).toBe('hangup');
    expect(recorded.outcome).toBe('hangup');
    expect(digits).toBe('');
    expect(ends).toEqual(['left']);
    expect(call.ended).toBe('left');
    expect(call.eventNames()).toEqual([]);
  });

  it('does not emit dtmf after it ended', () => {
    const { call, port } = setup();
    const digits = vi.fn();
    call.on('dtmf', digits);
    port.end('hangup');
    port.handle(dtmf('1'));
    expect(digits).not.toHaveBeenCalled();
  });
});

describe('Call.bridgeTo', () => {
  const legStart = (legId: string) =>
    ariEvent('StasisStart', { args: ['aipbx-leg'], channel: channel(legId, { state: 'Up' }) });

  it('calls the endpoint, waits for it in the app, then bridges both (subscribing first)', async () => {
    const { fake, call, port, adopted } = setup();
    fake.handle('channels.originateWithId', ({ channelId }) => {
      port.handle(legStart(channelId as string));
    });
    const leg = await within(call.bridgeTo('PJSIP/201'), 1000, 'bridgeTo');
    const originate = fake.paramsOf('channels.originateWithId')[0]!;
    expect(originate).toMatchObject({
      endpoint: 'PJSIP/201',
      app: 'aiPBXBot',
      appArgs: 'aipbx-leg',
      timeout: 30,
      callerId: '"Alice" <1001>',
    });
    expect(leg.channelId).toBe(originate.channelId);
    expect(adopted).toEqual([leg.channelId]);
    expect(fake.paramsOf('bridges.createWithId')).toEqual([{ bridgeId: leg.bridgeId, type: 'mixing' }]);
    expect(fake.paramsOf('bridges.addChannel')).toEqual([
      { bridgeId: leg.bridgeId, channel: [ID, leg.channelId] },
    ]);
  });

  it('fails with CallFailedError (no-answer) and cleans up when the endpoint does not answer', async () => {
    const { fake, call, port, released } = setup();
    const bridging = call.bridgeTo('PJSIP/202', { callerId: '"Bot" <100>', ringTimeoutSeconds: 5 });
    const { channelId } = await called(fake, 'channels.originateWithId');
    port.handle(
      ariEvent('ChannelDestroyed', {
        channel: channel(channelId as string),
        cause: 19,
        cause_txt: 'No answer',
      }),
    );
    const error = await within(
      bridging.catch((e: unknown) => e),
      1000,
      'bridgeTo to fail',
    );
    expect(error).toBeInstanceOf(CallFailedError);
    expect(error).toMatchObject({ reason: 'no-answer', leg: 'to' });
    expect((error as Error).message).toContain('No answer');
    expect(fake.paramsOf('channels.originateWithId')[0]).toMatchObject({
      callerId: '"Bot" <100>',
      timeout: 5,
      originator: call.id,
    });
    expect(fake.paramsOf('channels.hangup')).toEqual([{ channelId }]);
    expect(released).toEqual([channelId]);
  });

  it('rejects an endpoint that is not one Tech/resource', async () => {
    const { fake, call } = setup();
    for (const endpoint of ['201', 'PJSIP/201&PJSIP/202', 'PJSIP/a b', '']) {
      await expect(call.bridgeTo(endpoint)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(fake.calls).toEqual([]);
  });

  it('hangs up the caller when the other party hangs up', async () => {
    const { fake, call, port } = setup();
    fake.handle('channels.originateWithId', ({ channelId }) => port.handle(legStart(channelId as string)));
    const leg = await call.bridgeTo('PJSIP/201');
    port.handle(
      ariEvent('ChannelDestroyed', { channel: channel(leg.channelId), cause: 16, cause_txt: 'Normal' }),
    );
    await called(fake, 'channels.hangup');
    expect(fake.paramsOf('channels.hangup')).toEqual([{ channelId: ID, reason: 'normal' }]);
    expect(fake.paramsOf('bridges.destroy')).toEqual([{ bridgeId: leg.bridgeId }]);
  });

  it('times out with TimeoutError (after ring timeout + 5 s) — checked with fake timers', async () => {
    vi.useFakeTimers();
    try {
      const { fake, call } = setup();
      const bridging = call.bridgeTo('PJSIP/201', { ringTimeoutSeconds: 1 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(6000);
      const error = await bridging;
      expect(error).toBeInstanceOf(TimeoutError);
      expect(fake.operations).toContain('channels.hangup');
    } finally {
      vi.useRealTimers();
    }
  });
});
