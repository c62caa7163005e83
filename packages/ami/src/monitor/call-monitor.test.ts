import { onceEvent } from '@aipbx/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeAmiServer } from '../../test/fake-ami-server.js';
import { AmiClient } from '../client/ami-client.js';
import type { CompletedCall } from './call.js';
import { CallMonitor } from './call-monitor.js';
import { recorded } from './recorded-stream.test-helper.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A fake PBX without hints (like older Yeastar firmware): ExtensionStateList is unknown, device states work. */
async function pbxWithoutHints() {
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
  });
  cleanups.push(async () => {
    await ami.close();
    await server.close();
  });
  await ami.connect();
  return { server, ami };
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
