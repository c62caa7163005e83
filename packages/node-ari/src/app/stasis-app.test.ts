import { ConnectionError, noopLogger, onceEvent, TimeoutError, ValidationError } from '@aipbx/core';
import type { CallMedia } from '@aipbx/media';
import { describe, expect, it, vi } from 'vitest';
import { APP, ariEvent, channel, FakeAriApi, flush, playback, within } from '../../test/fake-ari-server.js';
import type { Application } from '../client/generated/ari-api.js';
import { ChannelGoneError } from '../errors/channel-gone-error.js';
import type { Call } from './call.js';
import { type AppLink, appPort, StasisApp } from './stasis-app.js';
import type { StasisAppOptions } from './stasis-app-options.js';

/** These tests open no media. */
const noMedia = (): never => {
  throw new Error('no media WebSocket in this test');
};

const WAIT = { timeoutMs: 1000 };

async function started(options: StasisAppOptions = {}) {
  const fake = new FakeAriApi('http://127.0.0.1:8088');
  const link: AppLink & { attached: number; detached: number } = {
    attached: 0,
    detached: 0,
    attach: async () => {
      link.attached += 1;
    },
    detach: async () => {
      link.detached += 1;
    },
    logger: noopLogger,
    mediaSocket: noMedia,
  };
  const app = new StasisApp(fake.api, APP, options, link);
  await app.start();
  // The sweep of stale media bridges at start (tested on its own) is not what these tests look at.
  await flush();
  fake.calls.splice(0);
  const port = appPort(app);
  return { fake, link, app, port, receive: port.receive };
}

const stasisStart = (id: string, args: string[] = ['support-bot']) =>
  ariEvent('StasisStart', { args, channel: channel(id) });
const stasisEnd = (id: string) => ariEvent('StasisEnd', { channel: channel(id) });
const hangupRequest = (id: string) => ariEvent('ChannelHangupRequest', { channel: channel(id), cause: 16 });
const destroyed = (id: string) =>
  ariEvent('ChannelDestroyed', { channel: channel(id), cause: 16, cause_txt: 'Normal Clearing' });
const dtmf = (id: string, digit: string) =>
  ariEvent('ChannelDtmfReceived', { digit, duration_ms: 90, channel: channel(id) });
const gone = (channelId: string) =>
  new ChannelGoneError('gone', {
    operation: 'channels.answer',
    status: 404,
    remoteMessage: 'Channel not found',
    ids: { channelId },
    channelId,
  });

/** Asterisk's side of `call.media({ transport: 'rtp' })`: the channel is made and enters the app. */
function rtpMediaChannels(
  fake: FakeAriApi,
  receive: (message: ReturnType<typeof stasisStart>) => void,
  made: (id: string) => void = () => undefined,
): void {
  fake.handle('channels.externalMedia', async (params) => {
    const id = String(params.channelId);
    made(id);
    queueMicrotask(() => receive(stasisStart(id, [])));
    return channel(id, {
      channelvars: { UNICASTRTP_LOCAL_ADDRESS: '127.0.0.1', UNICASTRTP_LOCAL_PORT: '9' },
    });
  });
}

/** What the next call's `media({ transport: 'rtp' })` settles with (the media, or the error). */
function mediaOutcome(app: StasisApp, portMin: number): Promise<unknown> {
  return new Promise<unknown>((resolve) =>
    app.onCall((call) =>
      call
        .media({
          transport: 'rtp',
          format: 'slin',
          listen: { host: '127.0.0.1', portMin, portMax: portMin + 999 },
        })
        .then(resolve, resolve),
    ),
  );
}

function application(channelIds: string[]): Application {
  return {
    name: APP,
    channel_ids: channelIds,
    bridge_ids: ['b-1'],
    endpoint_ids: [],
    device_names: [],
    events_allowed: [],
    events_disallowed: [],
  };
}

describe('StasisApp lifecycle', () => {
  it('attaches on start and detaches on stop, once each', async () => {
    const { app, link } = await started();
    expect(app.running).toBe(true);
    await app.start();
    expect(link.attached).toBe(1);
    await app.stop();
    await app.stop();
    expect(app.running).toBe(false);
    expect(link.detached).toBe(1);
  });

  it('is not running when attaching fails, and rethrows', async () => {
    const failure = new ConnectionError('CONNECTION_FAILED', 'ws://x', 'refused');
    const app = new StasisApp(
      new FakeAriApi().api,
      APP,
      {},
      {
        attach: () => Promise.reject(failure),
        detach: async () => undefined,
        logger: noopLogger,
        mediaSocket: noMedia,
      },
    );
    await expect(app.start()).rejects.toBe(failure);
    expect(app.running).toBe(false);
  });

  it('ignores messages before start and after stop', async () => {
    const fake = new FakeAriApi();
    const app = new StasisApp(
      fake.api,
      APP,
      {},
      { attach: async () => 0, detach: async () => undefined, logger: noopLogger, mediaSocket: noMedia },
    );
    const calls = vi.fn();
    app.on('call', calls);
    appPort(app).receive(stasisStart('early'));
    await app.start();
    await app.stop();
    appPort(app).receive(stasisStart('late'));
    expect(calls).not.toHaveBeenCalled();
    expect(app.calls.size).toBe(0);
  });

  it('refuses a ringTimeoutSeconds that is not a whole number ≥ 1, and a handler that is not a function', () => {
    const link = {
      attach: async () => 0,
      detach: async () => undefined,
      logger: noopLogger,
      mediaSocket: noMedia,
    };
    for (const ringTimeoutSeconds of [0, 1.5, -3]) {
      expect(() => new StasisApp(new FakeAriApi().api, APP, { ringTimeoutSeconds }, link)).toThrow(
        ValidationError,
      );
    }
    const app = new StasisApp(new FakeAriApi().api, APP, {}, link);
    expect(() => app.onCall('nope' as never)).toThrow(ValidationError);
  });
});

describe('StasisApp calls', () => {
  it('turns a StasisStart into a call event, then runs onCall with that call', async () => {
    const { app, receive } = await started();
    const order: string[] = [];
    let seen: Call | undefined;
    const handled = new Promise<Call>((resolve) => {
      app.onCall((call) => {
        order.push('onCall');
        resolve(call);
      });
    });
    app.on('call', (call) => {
      order.push('call');
      seen = call;
    });
    receive(stasisStart('c-1', ['support-bot', 'x']));
    const call = await within(handled, 1000, 'onCall');
    expect(call).toBe(seen);
    expect(order).toEqual(['call', 'onCall']);
    expect(call.id).toBe('c-1');
    expect(call.args).toEqual(['support-bot', 'x']);
    expect(call.assistantId).toBe('support-bot');
    expect([...app.calls.keys()]).toEqual(['c-1']);
  });

  it.each(['aipbx-leg', 'aipbx-snoop'])(
    'does not take a StasisStart with first arg %s for a new call',
    async (arg) => {
      const { app, fake, receive } = await started();
      const calls = vi.fn();
      app.on('call', calls);
      receive(stasisStart('own-channel', [arg, 'c-0']));
      await flush();
      expect(calls).not.toHaveBeenCalled();
      expect(app.calls.size).toBe(0);
      expect(fake.calls).toEqual([]);
    },
  );

  it('emits every event for the app', async () => {
    const { app, receive } = await started();
    const types: string[] = [];
    app.on('event', (event) => types.push(event.type));
    app.on('call', () => undefined);
    receive(stasisStart('c-1'));
    receive(ariEvent('ApplicationRegistered', {}));
    receive({ type: 'MissingParams', params: ['app'] });
    expect(types).toEqual(['StasisStart', 'ApplicationRegistered']);
  });

  it('never delivers the events of one call’s channel to another call', async () => {
    const { app, receive } = await started();
    const calls: Call[] = [];
    app.on('call', (call) => calls.push(call));
    receive(stasisStart('a'));
    receive(stasisStart('b'));
    const [a, b] = calls as [Call, Call];
    const got = { a: [] as string[], b: [] as string[] };
    a.on('event', (e) => got.a.push(e.type));
    b.on('event', (e) => got.b.push(e.type));
    const digitsOfA = vi.fn();
    a.on('dtmf', digitsOfA);
    receive(dtmf('b', '1'));
    receive(ariEvent('PlaybackFinished', { playback: playback('p', 'b') }));
    receive(dtmf('unknown-channel', '2'));
    expect(got.a).toEqual([]);
    expect(got.b).toEqual(['ChannelDtmfReceived', 'PlaybackFinished']);
    expect(digitsOfA).not.toHaveBeenCalled();
  });

  it('routes a playback event to its call by target_uri, so play() resolves through the app', async () => {
    const { app, fake, receive } = await started();
    const played = new Promise<unknown>((resolve, reject) => {
      app.onCall(async (call) => {
        try {
          resolve(await call.play('sound:hello-world'));
        } catch (error) {
          reject(error);
        }
      });
    });
    receive(stasisStart('c-1'));
    for (let i = 0; i < 20 && fake.paramsOf('channels.playWithId').length === 0; i++) await flush();
    const { playbackId } = fake.paramsOf('channels.playWithId')[0]!;
    receive(ariEvent('PlaybackFinished', { playback: playback(playbackId as string, 'c-1') }));
    expect(await within(played, 1000, 'play')).toEqual({ id: playbackId, outcome: 'done' });
  });

  it('ends a call with hangup on StasisEnd after ChannelHangupRequest', async () => {
    const { app, receive } = await started();
    app.on('call', () => undefined);
    const ended = onceEvent(app, 'callEnd', WAIT);
    receive(stasisStart('c-1'));
    const call = app.calls.get('c-1')!;
    const callEnd = onceEvent(call, 'end', WAIT);
    receive(hangupRequest('c-1'));
    receive(stasisEnd('c-1'));
    expect(await ended).toEqual([call, 'hangup']);
    expect(await callEnd).toEqual(['hangup']);
    expect(call.ended).toBe('hangup');
    expect(app.calls.size).toBe(0);
  });

  it('ends a call with left on StasisEnd without a hangup (the channel went back to the dialplan)', async () => {
    const { app, receive } = await started();
    app.on('call', () => undefined);
    const ended = onceEvent(app, 'callEnd', WAIT);
    receive(stasisStart('c-1'));
    receive(stasisEnd('c-1'));
    expect((await ended)[1]).toBe('left');
  });

  it('ends a call with hangup on ChannelDestroyed alone, and only once', async () => {
    const { app, receive } = await started();
    app.on('call', () => undefined);
    const ends = vi.fn();
    app.on('callEnd', ends);
    receive(stasisStart('c-1'));
    receive(destroyed('c-1'));
    receive(stasisEnd('c-1'));
    expect(ends).toHaveBeenCalledTimes(1);
    expect(ends.mock.calls[0]?.[1]).toBe('hangup');
  });

  it('takes a channel that comes back into the app after it left as a new call', async () => {
    const { app, receive } = await started();
    const calls: Call[] = [];
    app.on('call', (call) => calls.push(call));
    receive(stasisStart('c-1'));
    receive(stasisEnd('c-1'));
    receive(stasisStart('c-1'));
    expect(calls).toHaveLength(2);
    expect(calls[0]).not.toBe(calls[1]);
    expect(calls[0]?.ended).toBe('left');
    expect(calls[1]?.ended).toBeUndefined();
  });

  it('reports a handler that throws as an error event with the call, and hangs the call up', async () => {
    const { app, fake, receive } = await started();
    const bug = new Error('handler bug');
    app.onCall(() => {
      throw bug;
    });
    const reported = onceEvent(app, 'error', WAIT);
    receive(stasisStart('c-1'));
    const [error, call] = await reported;
    expect(error).toBe(bug);
    expect(call?.id).toBe('c-1');
    await within(
      (async () => {
        while (fake.paramsOf('channels.hangup').length === 0) await flush();
      })(),
      1000,
      'the hangup request',
    );
    expect(fake.paramsOf('channels.hangup')).toEqual([{ channelId: 'c-1', reason: 'normal' }]);
    expect(app.running).toBe(true);
  });

  it('reports a thrown non-Error as an Error', async () => {
    const { app, receive } = await started();
    app.onCall(async () => {
      throw 'a string';
    });
    const reported = onceEvent(app, 'error', WAIT);
    receive(stasisStart('c-1'));
    const [error] = await reported;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('a string');
  });

  it('does not report a ChannelGoneError from a handler whose call already ended', async () => {
    const { app, fake, receive } = await started();
    const errors = vi.fn();
    app.on('error', errors);
    let handlerDone: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      handlerDone = resolve;
    });
    app.onCall(async (call) => {
      try {
        await onceEvent(call, 'end', WAIT);
        throw gone(call.id);
      } finally {
        handlerDone();
      }
    });
    receive(stasisStart('c-1'));
    receive(hangupRequest('c-1'));
    receive(stasisEnd('c-1'));
    await within(done, 1000, 'the handler to finish');
    await flush();
    expect(errors).not.toHaveBeenCalled();
    expect(fake.paramsOf('channels.hangup')).toEqual([]);
  });

  it('does not report a ChannelGoneError about its own channel even before the hangup event arrives', async () => {
    const { app, fake, receive } = await started();
    const errors: Error[] = [];
    app.on('error', (error) => errors.push(error));
    let handled!: () => void;
    const done = new Promise<void>((resolve) => {
      handled = resolve;
    });
    app.onCall(async (call) => {
      try {
        throw gone(call.id);
      } finally {
        queueMicrotask(handled);
      }
    });
    receive(stasisStart('c-1'));
    await done;
    await flush();
    expect(errors).toEqual([]);
    expect(fake.paramsOf('channels.hangup')).toEqual([]);
  });

  it('reports a ChannelGoneError about another channel', async () => {
    const { app, receive } = await started();
    app.onCall(async () => {
      throw gone('some-other-channel');
    });
    const reported = onceEvent(app, 'error', WAIT);
    receive(stasisStart('c-1'));
    expect((await reported)[0]).toBeInstanceOf(ChannelGoneError);
  });

  it('hangs up a call nobody takes: no handler and no call listener', async () => {
    const { fake, receive } = await started();
    receive(stasisStart('c-1'));
    await flush();
    expect(fake.paramsOf('channels.hangup')).toEqual([{ channelId: 'c-1', reason: 'normal' }]);
  });

  it('hangs up a media channel that enters unclaimed (made after its call.media() gave up), not taking it as a call', async () => {
    const { app, fake, receive } = await started();
    const calls = vi.fn();
    app.on('call', calls);
    receive(stasisStart('aipbx-media-late', []));
    await flush();
    expect(calls).not.toHaveBeenCalled();
    expect(fake.paramsOf('channels.hangup')).toEqual([{ channelId: 'aipbx-media-late' }]);
  });

  it('leaves a call alone when a call listener takes it without a handler', async () => {
    const { app, fake, receive } = await started();
    app.on('call', () => undefined);
    receive(stasisStart('c-1'));
    await flush();
    expect(fake.paramsOf('channels.hangup')).toEqual([]);
  });

  it('reports ApplicationReplaced as a ConnectionError', async () => {
    const { app, receive } = await started();
    const reported = onceEvent(app, 'error', WAIT);
    receive(ariEvent('ApplicationReplaced', {}));
    const [error, call] = await reported;
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('CONNECTION_LOST');
    expect(error.message).toContain(APP);
    expect(call).toBeUndefined();
  });

  it('gives calls a recording URL on the client’s host name (not Asterisk’s port), or none with recordings: false', async () => {
    const withUrl = await started({ recordings: { format: 'mp3' } });
    withUrl.app.on('call', () => undefined);
    withUrl.receive(stasisStart('1700000000.7'));
    expect(withUrl.app.calls.get('1700000000.7')?.recordingUrl).toBe(
      'https://127.0.0.1/records/support-bot/1700000000.7.mp3',
    );
    const custom = await started({ recordings: { pbxAddress: 'pbx.example.com' } });
    custom.app.on('call', () => undefined);
    custom.receive(stasisStart('1700000000.8'));
    expect(custom.app.calls.get('1700000000.8')?.recordingUrl).toBe(
      'https://pbx.example.com/records/support-bot/1700000000.8.wav',
    );
    const without = await started({ recordings: false });
    without.app.on('call', () => undefined);
    without.receive(stasisStart('1700000000.9'));
    expect(without.app.calls.get('1700000000.9')?.recordingUrl).toBeUndefined();
  });
});

describe('StasisApp legs', () => {
  it('routes the events of a bridged leg to its call, and forgets the leg when the call ends', async () => {
    const { app, fake, receive } = await started();
    const calls: Call[] = [];
    app.on('call', (call) => calls.push(call));
    fake.handle('channels.originateWithId', ({ channelId }) =>
      receive(stasisStart(channelId as string, ['aipbx-leg'])),
    );
    receive(stasisStart('caller'));
    receive(stasisStart('bystander'));
    const [caller, bystander] = calls as [Call, Call];
    const leg = await within(caller.bridgeTo('PJSIP/201'), 1000, 'bridgeTo');
    const legEvents: string[] = [];
    caller.on('event', (e) => {
      if ((e as { channel?: { id: string } }).channel?.id === leg.channelId) legEvents.push(e.type);
    });
    const bystanderEvents = vi.fn();
    bystander.on('event', bystanderEvents);
    receive(ariEvent('ChannelStateChange', { channel: channel(leg.channelId, { state: 'Up' }) }));
    expect(legEvents).toEqual(['ChannelStateChange']);
    expect(bystanderEvents).not.toHaveBeenCalled();
    expect(calls).toHaveLength(2);

    receive(hangupRequest('caller'));
    receive(stasisEnd('caller'));
    // The leg is no longer routed anywhere, and still is not a call.
    receive(stasisStart(leg.channelId, ['aipbx-leg']));
    receive(dtmf(leg.channelId, '1'));
    expect(calls).toHaveLength(2);
    expect(app.calls.size).toBe(1);
  });
});

describe('StasisApp after a reconnect', () => {
  it('ends calls Asterisk no longer has with lost, and lists them in a resync event', async () => {
    const { app, fake, port, receive } = await started();
    app.on('call', () => undefined);
    receive(stasisStart('alive'));
    receive(stasisStart('dead'));
    const dead = app.calls.get('dead')!;
    fake.handle('applications.get', () => application(['alive', 'other']));
    const resynced = onceEvent(app, 'resync', WAIT);
    const ends: [string, string][] = [];
    app.on('callEnd', (call, reason) => ends.push([call.id, reason]));
    port.resyncAfterReconnect();
    const [state] = await resynced;
    expect(fake.paramsOf('applications.get')).toEqual([{ applicationName: APP }]);
    expect(state).toEqual({ channels: ['alive', 'other'], bridges: ['b-1'], ended: [dead] });
    expect(ends).toEqual([['dead', 'lost']]);
    expect(dead.ended).toBe('lost');
    expect([...app.calls.keys()]).toEqual(['alive']);
    expect(fake.paramsOf('channels.hangup')).toEqual([]);
  });

  it('reports a failed resync as an error event', async () => {
    const { app, fake, port } = await started();
    const failure = new Error('no answer');
    fake.handle('applications.get', () => {
      throw failure;
    });
    const reported = onceEvent(app, 'error', WAIT);
    port.resyncAfterReconnect();
    expect((await reported)[0]).toBe(failure);
  });

  it('does not resync a stopped app', async () => {
    const { app, fake, port } = await started();
    await app.stop();
    port.resyncAfterReconnect();
    await flush();
    expect(fake.calls).toEqual([]);
  });
});

describe('StasisApp.stop', () => {
  it('ends calls with stopped without hanging them up', async () => {
    const { app, fake, receive } = await started();
    app.on('call', () => undefined);
    receive(stasisStart('c-1'));
    receive(stasisStart('c-2'));
    const calls = [...app.calls.values()];
    await app.stop();
    expect(calls.map((c) => c.ended)).toEqual(['stopped', 'stopped']);
    expect(calls.map((c) => c.eventNames())).toEqual([[], []]);
    expect(fake.paramsOf('channels.hangup')).toEqual([]);
  });

  it('resolves only once the media of its calls is removed (channel hung up, bridge destroyed)', async () => {
    const { app, fake, receive } = await started();
    let mediaId = '';
    rtpMediaChannels(fake, receive, (id) => {
      mediaId = id;
    });
    let release: () => void = () => undefined;
    fake.handle('channels.hangup', () => new Promise<void>((resolve) => (release = resolve)));
    const opened = new Promise<CallMedia>((resolve, reject) =>
      app.onCall((call) =>
        call
          .media({
            transport: 'rtp',
            format: 'slin',
            listen: { host: '127.0.0.1', portMin: 41_000, portMax: 41_999 },
          })
          .then(resolve, reject),
      ),
    );
    receive(stasisStart('c-1'));
    const media = await opened;
    let stopped = false;
    const stopping = app.stop().then(() => (stopped = true));
    await flush();
    expect(media.endReason).toBe('stopped');
    expect(fake.paramsOf('channels.hangup')).toEqual([{ channelId: mediaId }]);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(fake.operations.filter((o) => o === 'bridges.destroy')).toHaveLength(1);
  });

  it('sweeps once more later when making the bridge timed out (Asterisk may still make it)', async () => {
    const { app, fake, receive } = await started();
    rtpMediaChannels(fake, receive);
    fake.handle('bridges.createWithId', () =>
      Promise.reject(new TimeoutError('ARI bridges.createWithId got no answer within 10000 ms.', 10_000)),
    );
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const failed = mediaOutcome(app, 42_000);
      receive(stasisStart('c-1'));
      expect(await failed).toBeInstanceOf(TimeoutError);
      expect(fake.paramsOf('bridges.destroy')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(30_000);
      expect(fake.paramsOf('bridges.destroy')).toHaveLength(2);
      expect(fake.paramsOf('channels.hangup')).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs a pending late sweep when it stops instead of leaving it to a timer', async () => {
    const { app, fake, receive } = await started();
    rtpMediaChannels(fake, receive);
    fake.handle('bridges.createWithId', () => Promise.reject(new TimeoutError('no answer', 10_000)));
    const failed = mediaOutcome(app, 43_000);
    receive(stasisStart('c-1'));
    expect(await failed).toBeInstanceOf(TimeoutError);
    expect(fake.paramsOf('bridges.destroy')).toHaveLength(1);
    await app.stop();
    expect(fake.paramsOf('bridges.destroy')).toHaveLength(2);
  });

  it('forgets the calls it stopped and reports each with callEnd', async () => {
    const { app, receive } = await started();
    app.on('call', () => undefined);
    receive(stasisStart('c-1'));
    receive(stasisStart('c-2'));
    const ends: [string, string][] = [];
    app.on('callEnd', (call, reason) => ends.push([call.id, reason]));
    await app.stop();
    expect(app.calls.size).toBe(0);
    expect(ends).toEqual([
      ['c-1', 'stopped'],
      ['c-2', 'stopped'],
    ]);
  });

  it('takes a channel that enters again after a stop and a new start as a new call', async () => {
    const { app, receive } = await started();
    const calls: Call[] = [];
    app.on('call', (call) => calls.push(call));
    receive(stasisStart('c-1'));
    await app.stop();
    await app.start();
    receive(stasisStart('c-1'));
    expect(calls).toHaveLength(2);
    expect(app.calls.get('c-1')).toBe(calls[1]);
  });
});

describe('StasisApp start', () => {
  it('removes empty media bridges older than a minute, and nothing else', async () => {
    const fake = new FakeAriApi('http://127.0.0.1:8088');
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    const bridge = (id: string, msAgo: number, channels: string[] = []) => ({
      id,
      technology: 'simple_bridge',
      bridge_type: 'mixing',
      bridge_class: 'stasis',
      creator: APP,
      name: '',
      channels,
      creationtime: at(msAgo),
    });
    fake.handle('bridges.list', async () => [
      bridge('aipbx-media-bridge-old', 120_000),
      bridge('aipbx-media-bridge-new', 5_000),
      bridge('aipbx-media-bridge-busy', 120_000, ['c-1', 'aipbx-media-x']),
      bridge('conference-7', 120_000),
    ]);
    const swept = new Promise<void>((resolve) => fake.handle('bridges.destroy', async () => resolve()));
    const app = new StasisApp(
      fake.api,
      APP,
      {},
      {
        attach: async () => undefined,
        detach: async () => undefined,
        logger: noopLogger,
        mediaSocket: noMedia,
      },
    );
    await app.start();
    await within(swept, 1000, 'the stale bridge to be destroyed');
    await flush();
    expect(fake.paramsOf('bridges.destroy')).toEqual([{ bridgeId: 'aipbx-media-bridge-old' }]);
    await app.stop();
  });
});

describe('StasisApp resources', () => {
  it('leaves no call and no listener behind after 200 calls started and ended', async () => {
    const { app, receive } = await started();
    const baseline = app.eventNames().length;
    const calls: Call[] = [];
    let handled = 0;
    app.onCall((call) => {
      handled += 1;
      calls.push(call);
      call.on('dtmf', () => undefined);
      call.on('end', () => undefined);
    });
    for (let i = 0; i < 200; i++) {
      const id = `c-${i}`;
      receive(stasisStart(id));
      receive(dtmf(id, '1'));
      if (i % 2 === 0) receive(hangupRequest(id));
      receive(i % 3 === 0 ? destroyed(id) : stasisEnd(id));
    }
    expect(handled).toBe(200);
    expect(app.calls.size).toBe(0);
    expect(app.eventNames().length).toBe(baseline);
    for (const call of calls) {
      expect(call.ended).toBeDefined();
      expect(call.eventNames()).toEqual([]);
    }
  });
});
