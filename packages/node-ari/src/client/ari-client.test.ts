import { AuthenticationError, onceEvent, ValidationError } from '@aipbx/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APP,
  ariEvent,
  basic,
  channel,
  FakeAriServer,
  PASSWORD,
  sendJson,
  USER,
  within,
} from '../../test/fake-ari-server.js';
import type { Call } from '../app/call.js';
import { AriClient } from './ari-client.js';
import type { AriClientOptions } from './ari-client-options.js';
import { ARI_OPERATIONS } from './generated/ari-api.js';

const WAIT = { timeoutMs: 3000 };
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(): Promise<FakeAriServer> {
  const server = await FakeAriServer.start();
  cleanups.push(() => server.close());
  return server;
}

function clientOf(server: FakeAriServer, options: Partial<AriClientOptions> = {}): AriClient {
  const client = new AriClient({
    url: `${server.url}/ari`,
    username: USER,
    password: PASSWORD,
    pingIntervalMs: 0,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

describe('AriClient', () => {
  it('refuses bad options with a ValidationError that never holds the password', () => {
    const password = 'do-not-show-this-1';
    let error: unknown;
    try {
      new AriClient({ url: 'ftp://pbx', username: '', password, requestTimeoutMs: -1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
      'url',
      'username',
      'requestTimeoutMs',
    ]);
    expect(String(error)).not.toContain(password);
  });

  it('has a method for every operation of the generated table', () => {
    const client = new AriClient({ url: 'http://127.0.0.1:1', username: USER, password: PASSWORD });
    cleanups.push(() => client.close());
    for (const [resource, operations] of Object.entries(ARI_OPERATIONS)) {
      for (const nickname of Object.keys(operations)) {
        const methods = (client as unknown as Record<string, Record<string, unknown>>)[resource];
        expect(typeof methods?.[nickname], `${resource}.${nickname}`).toBe('function');
      }
    }
    expect(client.address).toBe('http://127.0.0.1:1');
    expect(client.state).toBe('idle');
  });

  it('sends a REST operation to the server with its parameters, the /ari suffix of the URL taken off', async () => {
    const server = await fake();
    server.rest = (request, response) =>
      sendJson(response, 200, { id: decodeURIComponent(request.path.split('/').at(-1) ?? '') });
    const client = clientOf(server);
    expect(await client.channels.get({ channelId: 'pbx-1.2' })).toEqual({ id: 'pbx-1.2' });
    expect(await client.asterisk.ping()).toEqual({ id: 'ping' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /ari/channels/pbx-1.2',
      'GET /ari/asterisk/ping',
    ]);
    expect(server.requests[0]?.headers.authorization).toBe(basic(USER, PASSWORD));
  });

  it('returns the same app for the same name and refuses names Asterisk would not take', () => {
    const client = new AriClient({ url: 'http://127.0.0.1:1', username: USER, password: PASSWORD });
    cleanups.push(() => client.close());
    expect(client.app(APP)).toBe(client.app(APP));
    for (const name of ['', 'has space', 'a,b', 'x'.repeat(81), '-lead']) {
      expect(() => client.app(name), name).toThrow(ValidationError);
    }
  });

  it('registers every app on one events socket and routes each event to its own app', async () => {
    const server = await fake();
    const client = clientOf(server);
    const bot = client.app(APP);
    const other = client.app('otherApp');
    const botCalls: Call[] = [];
    const otherCalls: Call[] = [];
    bot.on('call', (call) => botCalls.push(call));
    other.on('call', (call) => otherCalls.push(call));
    await bot.start();
    await other.start();
    expect(server.upgradeRequests).toHaveLength(1);
    expect(new URL(server.upgradeRequests[0]!.url, 'http://x').searchParams.get('app')).toBe(
      `${APP},otherApp`,
    );
    expect(client.state).toBe('open');

    const messages = onceEvent(client, 'message', { ...WAIT, filter: (m) => m.type === 'StasisStart' });
    const otherCall = onceEvent(other, 'call', WAIT);
    server.send(ariEvent('StasisStart', { args: [], channel: channel('1700000000.2') }, 'otherApp'));
    await otherCall;
    await messages;
    expect(botCalls).toEqual([]);
    expect(otherCalls.map((c) => c.id)).toEqual(['1700000000.2']);
  });

  it('refuses a new app once the events socket is open', async () => {
    const server = await fake();
    const client = clientOf(server);
    client.app(APP).on('call', () => undefined);
    await client.app(APP).start();
    expect(() => client.app('late')).toThrow(ValidationError);
  });

  it('hands a call from the socket to onCall, whose requests reach the server', async () => {
    const server = await fake();
    const client = clientOf(server);
    const app = client.app(APP);
    const answered = new Promise<void>((resolve, reject) => {
      app.onCall(async (call) => {
        try {
          await call.answer();
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    await app.start();
    server.send(ariEvent('StasisStart', { args: ['support-bot'], channel: channel('1700000000.3') }));
    await within(answered, 3000, 'the handler to answer');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /ari/bridges', // the sweep of stale media bridges at start
      'POST /ari/channels/1700000000.3/answer',
    ]);
  });

  it('rejects app.start() with AuthenticationError for a wrong password and leaves the app stopped', async () => {
    const server = await fake();
    const client = clientOf(server, { password: 'wrong-password' });
    const app = client.app(APP);
    await expect(app.start()).rejects.toBeInstanceOf(AuthenticationError);
    expect(app.running).toBe(false);
    expect(client.state).toBe('idle');
  });

  it('resyncs every app after the events socket comes back, ending calls Asterisk lost', async () => {
    const server = await fake();
    server.rest = (request, response) => {
      if (request.path === `/ari/applications/${APP}`)
        sendJson(response, 200, {
          name: APP,
          channel_ids: [],
          bridge_ids: [],
          endpoint_ids: [],
          device_names: [],
        });
      else sendJson(response, 404, { message: 'not here' });
    };
    const client = clientOf(server);
    const app = client.app(APP);
    app.on('call', () => undefined);
    await app.start();
    const started = onceEvent(app, 'call', WAIT);
    server.send(ariEvent('StasisStart', { args: [], channel: channel('1700000000.4') }));
    const [call] = await started;
    const states: string[] = [];
    client.on('state', (state) => states.push(state));
    const resynced = onceEvent(app, 'resync', WAIT);
    server.last.ws.terminate();
    const [resync] = await resynced;
    expect(resync.ended).toEqual([call]);
    expect(call.ended).toBe('lost');
    expect(app.calls.size).toBe(0);
    expect(states).toEqual(['reconnecting', 'connecting', 'open']);
  });

  it('forwards socket errors as client error events', async () => {
    const server = await fake();
    const client = clientOf(server);
    await client.app(APP).start();
    const reported = onceEvent(client, 'error', WAIT);
    server.send('not json');
    expect((await reported)[0].code).toBe('PROTOCOL');
  });

  it('stops every app and closes the socket on close()', async () => {
    const server = await fake();
    const client = clientOf(server);
    const app = client.app(APP);
    app.on('call', () => undefined);
    await app.start();
    const serverSide = server.last.ws;
    const closed = new Promise((resolve) => serverSide.once('close', resolve));
    await client.close();
    await within(closed, 2000, 'the server to see the socket close');
    expect(app.running).toBe(false);
    expect(client.state).toBe('idle');
  });

  it('stops its apps (calls end lost) when reconnecting gives up, and takes new app names after that', async () => {
    const server = await fake();
    const client = clientOf(server, { reconnect: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10 } });
    const app = client.app(APP);
    app.on('call', () => undefined);
    await app.start();
    const started = onceEvent(app, 'call', WAIT);
    server.send(ariEvent('StasisStart', { args: [], channel: channel('1700000000.5') }));
    const [call] = await started;
    server.upgrades = (_upgrade, _accept, refuse) => refuse(503);
    const closed = onceEvent(client, 'state', { ...WAIT, filter: (state) => state === 'closed' });
    server.last.ws.terminate();
    await closed;
    expect(app.running).toBe(false);
    expect(call.ended).toBe('lost');
    expect(() => client.app('anotherApp')).not.toThrow();
  });

  it('logs no give-up when the very first start fails', async () => {
    const server = await fake();
    const records: { level: string; message: string }[] = [];
    const logger = {
      level: 'debug' as const,
      debug: (message: string) => records.push({ level: 'debug', message }),
      info: (message: string) => records.push({ level: 'info', message }),
      warn: (message: string) => records.push({ level: 'warn', message }),
      error: (message: string) => records.push({ level: 'error', message }),
      child() {
        return this;
      },
    };
    server.upgrades = (_upgrade, _accept, refuse) => refuse(503);
    const client = clientOf(server, { logger });
    await expect(client.app(APP).start()).rejects.toThrow(/503/);
    expect(records.filter((r) => r.level === 'error')).toEqual([]);
  });

  it('builds recording URLs for an IPv6 PBX address', () => {
    const client = new AriClient({ url: 'https://[::1]:8089', username: USER, password: PASSWORD });
    cleanups.push(() => client.close());
    expect(() => client.app(APP)).not.toThrow();
  });
});
