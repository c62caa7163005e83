import { AbortError, ConnectionError, RemoteError, TimeoutError, ValidationError } from '@aipbx/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AmiEvent } from '../parser/ami-event.js';
import { AmiMessage } from '../parser/ami-message.js';
import type { AmiActionFields } from '../parser/encode-action.js';
import { ActionCorrelator, type TrackOptions } from './action-correlator.js';
import { EventQueue } from './event-queue.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A correlator with no socket: what it writes is kept, flow-control nudges are counted. */
function setup(highWaterMark = 1000) {
  const written: string[] = [];
  const flow = { changes: 0 };
  const actions = new ActionCorrelator({
    address: 'pbx.test:5038',
    highWaterMark,
    write: (text) => written.push(text),
    redact: (text) => text.replaceAll('s3cret', '[REDACTED]'),
    onFlowChange: () => {
      flow.changes++;
    },
  });
  const send = (fields: AmiActionFields, options: Partial<TrackOptions> = {}) => {
    const prepared = actions.prepare(fields);
    const promise = actions.track(prepared, {
      mode: 'auto',
      internal: false,
      timeoutMs: 1000,
      send: true,
      ...options,
    });
    promise.catch(() => {}); // tests await it when they care
    return { id: prepared.id, promise };
  };
  return { actions, written, flow, send };
}

function frame(headers: Record<string, string>): AmiMessage {
  return AmiMessage.from(Object.entries(headers));
}

function event(headers: Record<string, string>): AmiEvent {
  return frame(headers) as AmiEvent;
}

describe('ActionCorrelator', () => {
  it('writes Action first and ActionID last, and matches responses to actions in any order', async () => {
    const { actions, written, send } = setup();
    const a = send({ Queue: 'support', Action: 'QueueStatus' });
    const b = send({ Action: 'Ping' });
    expect(written[0]).toBe(`Action: QueueStatus\r\nQueue: support\r\nActionID: ${a.id}\r\n\r\n`);
    expect(a.id).toMatch(/^aipbx-[0-9a-f-]{36}$/);
    expect(actions.size).toBe(2);
    expect(actions.onResponse(frame({ Response: 'Success', ActionID: b.id, Ping: 'Pong' }))).toBe(true);
    expect(actions.onResponse(frame({ Response: 'Success', ActionID: 'someone-else' }))).toBe(false);
    expect(actions.onResponse(frame({ Response: 'Success', ActionID: a.id }))).toBe(true);
    expect((await b.promise).response.get('Ping')).toBe('Pong');
    expect((await a.promise).events).toEqual([]);
    expect(actions.size).toBe(0);
  });

  it('assembles an event list from its start, items and Complete, ignoring other actions’ events', async () => {
    const { actions, send } = setup();
    const list = send({ Action: 'CoreShowChannels' });
    actions.onResponse(
      frame({ Response: 'Success', ActionID: list.id, EventList: 'start', Message: 'Channels will follow' }),
    );
    actions.onEvent(event({ Event: 'CoreShowChannel', ActionID: list.id, Channel: 'PJSIP/1' }));
    actions.onEvent(event({ Event: 'CoreShowChannel', ActionID: 'other', Channel: 'PJSIP/x' }));
    actions.onEvent(event({ Event: 'Newstate', Channel: 'PJSIP/y' }));
    actions.onEvent(event({ Event: 'CoreShowChannel', ActionID: list.id, Channel: 'PJSIP/2' }));
    actions.onEvent(
      event({ Event: 'CoreShowChannelsComplete', ActionID: list.id, EventList: 'Complete', ListItems: '2' }),
    );
    const { events, complete } = await list.promise;
    expect(events.map((e) => e.get('Channel'))).toEqual(['PJSIP/1', 'PJSIP/2']);
    expect(complete?.get('ListItems')).toBe('2');
  });

  it('recognises a legacy list by its "will follow" message and its …Complete event name', async () => {
    const { actions, send } = setup();
    const list = send({ Action: 'SIPpeers' });
    actions.onResponse(
      frame({ Response: 'Success', ActionID: list.id, Message: 'Peer status list will follow' }),
    );
    actions.onEvent(event({ Event: 'PeerEntry', ActionID: list.id, ObjectName: '301' }));
    actions.onEvent(event({ Event: 'PeerlistComplete', ActionID: list.id }));
    expect((await list.promise).events).toHaveLength(1);
  });

  it('settles an originate on its OriginateResponse, not on the response', async () => {
    const { actions, send } = setup();
    const call = send({ Action: 'Originate', Channel: 'PJSIP/301' }, { mode: 'originate' });
    actions.onResponse(
      frame({ Response: 'Success', ActionID: call.id, Message: 'Originate successfully queued' }),
    );
    actions.onEvent(event({ Event: 'Newchannel', ActionID: call.id }));
    expect(actions.size).toBe(1);
    actions.onEvent(
      event({ Event: 'OriginateResponse', ActionID: call.id, Response: 'Failure', Reason: '5' }),
    );
    const { complete, response } = await call.promise;
    expect(complete?.get('Reason')).toBe('5');
    expect(response.get('Message')).toBe('Originate successfully queued');
  });

  it('streams list items and nudges flow control when the stream passes its high-water mark', async () => {
    const { actions, flow, send } = setup(2);
    const stream = new EventQueue<AmiEvent>(
      () => {},
      () => {},
    );
    const list = send({ Action: 'PJSIPShowEndpoints' }, { mode: 'stream', stream });
    actions.onResponse(frame({ Response: 'Success', ActionID: list.id, EventList: 'start' }));
    expect(actions.needsReading(2)).toBe(true);
    const before = flow.changes;
    for (let i = 0; i < 3; i++)
      actions.onEvent(event({ Event: 'EndpointList', ActionID: list.id, N: `${i}` }));
    expect(stream.size).toBe(3);
    expect(flow.changes).toBe(before + 1);
    // Its own consumer lags: reading on would only grow it, so it does not hold the socket open.
    expect(actions.needsReading(2)).toBe(false);
    actions.onEvent(event({ Event: 'EndpointListComplete', ActionID: list.id, EventList: 'Complete' }));
    expect((await list.promise).events).toEqual([]);
    expect(actions.needsReading(2)).toBe(false);
  });

  it('rejects Response: Error with a RemoteError, redacted, naming the action and the PBX', async () => {
    const { actions, send } = setup();
    const a = send({ Action: 'Command', Command: 'x' });
    actions.onResponse(frame({ Response: 'Error', ActionID: a.id, Message: 'bad secret s3cret' }));
    const error = (await a.promise.catch((e: unknown) => e)) as RemoteError;
    expect(error).toBeInstanceOf(RemoteError);
    expect(error.remoteMessage).toBe('bad secret [REDACTED]');
    expect(error.message).toBe('AMI action Command failed on pbx.test:5038: bad secret [REDACTED]');
  });

  it('times out without a response, and restarts the timeout with each list item', async () => {
    vi.useFakeTimers();
    const { actions, send } = setup();
    const silent = send({ Action: 'Ping' }, { timeoutMs: 100 });
    const list = send({ Action: 'Status' }, { timeoutMs: 100 });
    actions.onResponse(frame({ Response: 'Success', ActionID: list.id, EventList: 'start' }));
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(60);
      actions.onEvent(event({ Event: 'Status', ActionID: list.id }));
    }
    const timeout = (await silent.promise.catch((e: unknown) => e)) as TimeoutError;
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout.message).toMatch(/^AMI action Ping got no response from pbx.test:5038 within 100 ms/);
    expect(actions.size).toBe(1);
    vi.advanceTimersByTime(100);
    const stalled = (await list.promise.catch((e: unknown) => e)) as TimeoutError;
    expect(stalled.message).toMatch(/got no further list items/);
    expect(actions.size).toBe(0);
  });

  it('rejects with AbortError when the signal aborts, and forgets the action', async () => {
    const { actions, send } = setup();
    const controller = new AbortController();
    const a = send({ Action: 'Ping' }, { signal: controller.signal });
    controller.abort('user');
    const error = (await a.promise.catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe('user');
    expect(actions.size).toBe(0);
    expect(actions.onResponse(frame({ Response: 'Success', ActionID: a.id }))).toBe(false);
  });

  it('on a lost connection holds resendable actions for the next one and rejects internal ones and streams', async () => {
    const { actions, written, send } = setup();
    const user = send({ Action: 'Status' });
    const ping = send({ Action: 'Ping' }, { internal: true });
    const stream = send(
      { Action: 'PJSIPShowEndpoints' },
      {
        mode: 'stream',
        stream: new EventQueue<AmiEvent>(
          () => {},
          () => {},
        ),
      },
    );
    const offline = send({ Action: 'QueueStatus' }, { send: false });
    expect(written).toHaveLength(3);
    const lost = new ConnectionError('CONNECTION_LOST', 'pbx.test:5038', 'lost');
    actions.connectionLost(lost, { resend: true });
    await expect(ping.promise).rejects.toBe(lost);
    await expect(stream.promise).rejects.toBe(lost);
    expect(actions.size).toBe(0);
    expect(actions.heldCount).toBe(2);
    expect(() => actions.prepare({ Action: 'Ping', ActionID: user.id })).toThrow(ValidationError);
    actions.sendHeld();
    expect(written.slice(3).map((t) => t.split('\r\n')[0])).toEqual([
      'Action: QueueStatus',
      'Action: Status',
    ]);
    actions.onResponse(frame({ Response: 'Success', ActionID: user.id }));
    actions.onResponse(frame({ Response: 'Success', ActionID: offline.id }));
    await Promise.all([user.promise, offline.promise]);
  });

  it('rejectAll rejects every written and every held action', async () => {
    const { actions, send } = setup();
    const written = [send({ Action: 'A' }), send({ Action: 'B' })];
    const held = [1, 2, 3, 4].map((n) => send({ Action: `H${n}` }, { send: false }));
    const closed = new ConnectionError('CONNECTION_LOST', 'pbx.test:5038', 'closed');
    actions.rejectAll(closed);
    for (const { promise } of [...written, ...held]) await expect(promise).rejects.toBe(closed);
    expect(actions.size).toBe(0);
    expect(actions.heldCount).toBe(0);
  });

  it('refuses a missing Action, a doubled field and an ActionID in use, before writing anything', () => {
    const { actions, written, send } = setup();
    expect(() => actions.prepare({ Queue: 'x' })).toThrow(/Action: is required/);
    expect(() => actions.prepare({ Action: 'Ping', action: 'Logoff' })).toThrow(/case-insensitive/);
    send({ Action: 'Ping', ActionID: 'mine' });
    expect(() => actions.prepare({ Action: 'Ping', actionid: 'mine' })).toThrow(/already used/);
    expect(() => actions.prepare({ Action: 'Ping', ActionID: '' })).toThrow(/non-empty/);
    expect(written).toHaveLength(1);
  });
});
