import { CallFailedError, type Logger, type LogRecord, onceEvent, ValidationError } from '@aipbx/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeAmiServer } from '../../test/fake-ami-server.js';
import { AmiClient, type AmiOriginateFields } from '../client/ami-client.js';
import type { AmiClientOptions } from '../client/ami-client-options.js';
import type { AmiEvent } from '../parser/ami-event.js';
import { AmiMessage } from '../parser/ami-message.js';
import type { AmiActionFields } from '../parser/encode-action.js';
import type { CompletedCall } from './call.js';
import { CallMonitor } from './call-monitor.js';
import { recorded } from './recorded-stream.test-helper.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fake PBX without hints (like older Yeastar firmware): ExtensionStateList is unknown, device states work. */
async function pbxWithoutHints(clientOptions: Partial<AmiClientOptions> = {}) {
  const server = await FakeAmiServer.start({ users: { app: 'app-secret' } });
  server.handler = (action, conn) => {
    const name = action.get('Action')?.toLowerCase();
    if (name === 'extensionstatelist') {
      conn.respond(action, { Response: 'Error', Message: 'Invalid/unknown command: ExtensionStateList' });
      return true;
    }
    if (name === 'devicestatelist') {
      conn.respond(action, {
        Response: 'Success',
        EventList: 'start',
        Message: 'Device State Changes will follow',
      });
      for (const [device, state] of [
        ['PJSIP/301', 'NOT_INUSE'],
        ['PJSIP/302', 'UNAVAILABLE'],
      ]) {
        conn.respond(action, { Event: 'DeviceStateChange', Device: device!, State: state! });
      }
      conn.respond(action, { Event: 'DeviceStateListComplete', EventList: 'Complete', ListItems: '2' });
      return true;
    }
    return false;
  };
  const ami = new AmiClient({
    host: '127.0.0.1',
    port: server.port,
    username: 'app',
    secret: 'app-secret',
    reconnect: false,
    ...clientOptions,
  });
  cleanups.push(async () => {
    await ami.close();
    await server.close();
  });
  await ami.connect();
  return { server, ami };
}

/** A logger that keeps every record. */
function recordingLogger(scope: string): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const make = (scope: string): Logger => {
    const write =
      (level: LogRecord['level']) =>
      (message: string, fields?: Record<string, unknown>): void => {
        records.push({ level, message, time: Date.now(), scope, ...(fields ? { fields } : {}) });
      };
    return {
      level: 'debug',
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      child: (child: string) => make(`${scope}:${child}`),
    };
  };
  return { logger: make(scope), records };
}

/** The call events of the recorded assistant call, as frames a server can send. */
const assistantCall = recorded('assistant-call.ami')
  .filter((m) => m.type === 'event' && m.actionId === undefined)
  .map((m) => m.headers);

describe('CallMonitor', () => {
  it('falls back to device states on a PBX without hints, and reports the resync', async () => {
    const { ami } = await pbxWithoutHints();
    const monitor = new CallMonitor(ami);
    const resync = onceEvent(monitor, 'resync', { timeoutMs: 3000 });
    await monitor.start();
    const [summary] = await resync;
    expect(summary).toEqual({ calls: 0, ended: 0, extensions: 2, extensionSource: 'devices' });
    expect(monitor.extensions.map((e) => [e.extension, e.state])).toEqual([
      ['301', 'idle'],
      ['302', 'unavailable'],
    ]);
    monitor.stop();
  });

  it('keeps at most historyLimit calls, hands each to the sink, and survives a failing sink', async () => {
    const { server, ami } = await pbxWithoutHints();
    const sunk: string[] = [];
    let calls = 0;
    const monitor = new CallMonitor(ami, {
      historyLimit: 2,
      historySink: async (call) => {
        calls++;
        if (calls === 2) throw new Error('database down');
        sunk.push(call.id);
      },
    });
    const errors: Error[] = [];
    monitor.on('error', (e) => errors.push(e));
    await monitor.start();
    const ended: CompletedCall[] = [];
    monitor.on('call:end', (c) => ended.push(c));
    for (let i = 0; i < 3; i++) {
      const end = onceEvent(monitor, 'call:end', { timeoutMs: 3000 });
      for (const frame of assistantCall) server.broadcast(frame);
      await end;
    }
    await ami.ping(); // a round trip: the failed sink's rejection has been handled by now
    expect(ended).toHaveLength(3);
    expect(monitor.history).toHaveLength(2);
    expect(monitor.history).toEqual(ended.slice(1));
    expect(sunk).toHaveLength(2);
    expect(errors.map((e) => e.message)).toEqual(['database down']);
    expect(monitor.calls).toEqual([]);
    monitor.stop();
  });

  it("logs an error nobody listens for through the client's logger, or the monitor's own", async () => {
    const failing = { historySink: () => Promise.reject(new Error('database down')) };
    const client = recordingLogger('client');
    const own = recordingLogger('own');
    const { server, ami } = await pbxWithoutHints({ logger: client.logger });
    const monitors = [
      new CallMonitor(ami, failing),
      new CallMonitor(ami, { ...failing, logger: own.logger }),
    ];
    for (const monitor of monitors) await monitor.start();
    const ends = monitors.map((m) => onceEvent(m, 'call:end', { timeoutMs: 3000 }));
    for (const frame of assistantCall) server.broadcast(frame);
    await Promise.all(ends);
    await ami.ping();
    const errors = (records: LogRecord[]) =>
      records.filter((r) => r.level === 'error').map((r) => `${r.scope} ${r.message}`);
    expect(errors(client.records)).toEqual(['client:ami:monitor unhandled error event: database down']);
    expect(errors(own.records)).toEqual(['own:ami:monitor unhandled error event: database down']);
    for (const monitor of monitors) monitor.stop();
  });

  it('writes an error nobody listens for with console.error when there is no logger', async () => {
    const { server, ami } = await pbxWithoutHints();
    const monitor = new CallMonitor(ami, { historySink: () => Promise.reject(new Error('database down')) });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await monitor.start();
      const end = onceEvent(monitor, 'call:end', { timeoutMs: 3000 });
      for (const frame of assistantCall) server.broadcast(frame);
      await end;
      await ami.ping();
      expect(consoleError).toHaveBeenCalledOnce();
      expect(consoleError.mock.calls[0]![0]).toMatch(/^\[aipbx:ami:monitor\] Unhandled error event/);
      expect((consoleError.mock.calls[0]![1] as Error).message).toBe('database down');
    } finally {
      consoleError.mockRestore();
      monitor.stop();
    }
  });

  it('stops following the PBX when stopped', async () => {
    const { server, ami } = await pbxWithoutHints();
    const monitor = new CallMonitor(ami);
    await monitor.start();
    monitor.stop();
    let started = 0;
    monitor.on('call:start', () => started++);
    for (const frame of assistantCall) server.broadcast(frame);
    await ami.ping();
    expect(started).toBe(0);
    expect(monitor.calls).toEqual([]);
  });

  it('hangup() answers false for a call it does not know', async () => {
    const { ami } = await pbxWithoutHints();
    const monitor = new CallMonitor(ami);
    await monitor.start();
    expect(await monitor.hangup('no-such-call')).toBe(false);
    monitor.stop();
  });
});

/**
 * A stand-in for AmiClient that records every action and originate it is asked to send. It is
 * `idle`, so the monitor does not resync; `originate` answers with a busy OriginateResponse.
 */
function recordingClient(): { client: AmiClient; sent: Array<AmiActionFields | AmiOriginateFields> } {
  const sent: Array<AmiActionFields | AmiOriginateFields> = [];
  const fake = {
    state: 'idle',
    on: () => fake,
    off: () => fake,
    action: async (fields: AmiActionFields) => {
      sent.push(fields);
      throw new Error('the fake client answers no action');
    },
    originate: async (fields: AmiOriginateFields) => {
      sent.push(fields);
      return AmiMessage.from([
        ['Event', 'OriginateResponse'],
        ['Response', 'Failure'],
        ['Reason', '5'],
      ]) as AmiEvent<'OriginateResponse'>;
    },
  };
  return { client: fake as unknown as AmiClient, sent };
}

describe('CallMonitor.call input checks', () => {
  it('refuses a dial string as from, naming the field, and sends nothing', async () => {
    const { client, sent } = recordingClient();
    const monitor = new CallMonitor(client);
    const error = (await monitor
      .call({ from: 'provider/sip:+4490012345@example.com', to: '101' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.problems.map((p) => p.field)).toEqual(['from']);
    expect(error.message).toMatch(/extension or number/);
    expect(error.message).not.toContain('4490012345');
    expect(sent).toEqual([]);
  });

  it.each([
    ['from', { from: '', to: '101' }],
    ['from', { from: '301&PJSIP/302', to: '101' }],
    ['from', { from: '_301', to: '101' }],
    ['from', { from: '-301', to: '101' }],
    ['from', { from: '.301', to: '101' }],
    ['from', { from: '301@trunk', to: '101' }],
    ['from', { from: '3'.repeat(65), to: '101' }],
    ['to', { from: '301', to: '' }],
    ['to', { from: '301', to: '101,1' }],
    ['to', { from: '301', to: '_X.' }],
    ['to', { from: '301', to: '101\r\nAction: Command' }],
    ['to', { from: '301', to: '101 ' }],
    ['context', { from: '301', to: '101', context: 'from internal' }],
    ['context', { from: '301', to: '101', context: 'a'.repeat(80) }],
    ['callerId', { from: '301', to: '101', callerId: '"Shop" <200>\r\nAction: Command' }],
  ] as const)('refuses a bad %s (%j) and sends nothing', async (field, request) => {
    const { client, sent } = recordingClient();
    const error = (await new CallMonitor(client).call(request).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems.map((p) => p.field)).toEqual([field]);
    expect(sent).toEqual([]);
  });

  it('refuses a default context that is not a context name, naming the option', async () => {
    const { client, sent } = recordingClient();
    const monitor = new CallMonitor(client, { clickToCall: { context: 'ctx,1' } });
    const error = (await monitor
      .call({ from: '301', to: '101' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error.problems.map((p) => p.field)).toEqual(['clickToCall.context']);
    expect(sent).toEqual([]);
  });

  it.each([
    ['several channels', (ext: string) => `PJSIP/${ext}&PJSIP/999`],
    ['no technology', (ext: string) => ext],
    ['a space', (ext: string) => `PJSIP/${ext} x`],
    ['a separator', (ext: string) => `PJSIP/${ext},30`],
    ['a secret in a bad channel', (ext: string) => `IAX2/user:hunter2@host/${ext}|x`],
  ])('refuses a channel option that produces %s, without echoing it', async (_label, channel) => {
    const { client, sent } = recordingClient();
    const monitor = new CallMonitor(client, { clickToCall: { channel } });
    const error = (await monitor
      .call({ from: '301', to: '101' })
      .catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.problems.map((p) => p.field)).toEqual(['clickToCall.channel']);
    expect(error.message).toMatch(/produced an unusable channel for extension 301/);
    expect(error.message).not.toContain('hunter2');
    expect(error.message).not.toContain('PJSIP/999');
    expect(sent).toEqual([]);
  });

  it('passes extensions, numbers and feature codes through to Originate', async () => {
    const { client, sent } = recordingClient();
    const monitor = new CallMonitor(client, {
      clickToCall: { channel: (ext) => `PJSIP/${ext}@office`, context: 'from-internal' },
    });
    for (const [from, to] of [
      ['301', '*97'],
      ['alice.smith', '+4930123456#'],
      ['+4930123', '101'],
    ] as const) {
      const error = await monitor.call({ from, to }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallFailedError);
      expect(sent.at(-1)).toMatchObject({
        Channel: `PJSIP/${from}@office`,
        Exten: to,
        Context: 'from-internal',
      });
    }
    expect(sent).toHaveLength(3);
  });
});
