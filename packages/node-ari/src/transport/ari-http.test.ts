import {
  AbortError,
  AuthenticationError,
  ConnectionError,
  noopLogger,
  ProtocolError,
  TimeoutError,
  ValidationError,
} from '@aipbx/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  basic,
  closedPort,
  FakeAriServer,
  type FakeRequest,
  PASSWORD,
  sendJson,
  TLS_CERT,
  USER,
  within,
} from '../../test/fake-ari-server.js';
import type { AriOperationSpec } from '../client/ari-operation.js';
import { ARI_OPERATIONS } from '../client/generated/ari-api.js';
import { AriHttpError } from '../errors/ari-http-error.js';
import { ChannelGoneError } from '../errors/channel-gone-error.js';
import { AriHttp, type AriHttpOptions } from './ari-http.js';

const ops = ARI_OPERATIONS;
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(options: { tls?: boolean } = {}): Promise<FakeAriServer> {
  const server = await FakeAriServer.start(options);
  cleanups.push(() => server.close());
  return server;
}

function client(server: FakeAriServer | string, options: Partial<AriHttpOptions> = {}): AriHttp {
  const http = new AriHttp({
    url: new URL(typeof server === 'string' ? server : server.url),
    username: USER,
    password: PASSWORD,
    requestTimeoutMs: 3000,
    maxSockets: 4,
    logger: noopLogger,
    ...options,
  });
  cleanups.push(() => http.close());
  return http;
}

/** What `promise` rejects with (fails when it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: Error) => error,
  );
}

/** A custom operation exercising every kind of parameter. */
const custom: AriOperationSpec = {
  method: 'POST',
  path: '/things/{thingId}/do',
  params: [
    { name: 'thingId', in: 'path', required: true },
    { name: 'flag', in: 'query' },
    { name: 'count', in: 'query' },
    { name: 'list', in: 'query', multiple: true },
    { name: 'variables', in: 'body' },
    { name: 'fields', in: 'body' },
  ],
};

describe('AriHttp requests', () => {
  it('URL-encodes path parameters: slashes, spaces, reserved characters and unicode', async () => {
    const server = await fake();
    const http = client(server);
    await http.call('channels.get', ops.channels.get, { channelId: 'a/b c?d#e%f é☎' });
    expect(server.requests[0]?.path).toBe('/ari/channels/a%2Fb%20c%3Fd%23e%25f%20%C3%A9%E2%98%8E');
    expect(server.requests[0]?.method).toBe('GET');
  });

  it('delivers any path parameter to the server intact (property)', async () => {
    const server = await fake();
    const http = client(server);
    await fc.assert(
      fc.asyncProperty(
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
          .filter((id) => id !== '.' && id !== '..'),
        async (id) => {
          const before = server.requests.length;
          await http.call('bridges.get', ops.bridges.get, { bridgeId: id });
          const path = server.requests[before]!.path;
          expect(path.startsWith('/ari/bridges/')).toBe(true);
          const segment = path.slice('/ari/bridges/'.length);
          expect(segment).not.toContain('/');
          expect(decodeURIComponent(segment)).toBe(id);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses "." and ".." as path parameters: the URL would resolve them to another resource', async () => {
    const server = await fake();
    const http = client(server);
    for (const id of ['.', '..']) {
      await expect(http.call('bridges.get', ops.bridges.get, { bridgeId: id })).rejects.toThrow(
        new RegExp(`bridgeId: must not be "\\${id === '.' ? '.' : '.\\.'}"`),
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it('sends query parameters: booleans and numbers as text, arrays comma-joined', async () => {
    const server = await fake();
    const http = client(server);
    await http.call('things.do', custom, { thingId: 't1', flag: false, count: 0, list: ['a', 'b c', 3] });
    const [request] = server.requests;
    expect(request?.query.get('flag')).toBe('false');
    expect(request?.query.get('count')).toBe('0');
    expect(request?.query.get('list')).toBe('a,b c,3');
    expect(request?.url).toBe('/ari/things/t1/do?flag=false&count=0&list=a%2Cb+c%2C3');
  });

  it('sends the parameters of real operations where Asterisk expects them', async () => {
    const server = await fake();
    const http = client(server);
    await http.call('bridges.addChannel', ops.bridges.addChannel, {
      bridgeId: 'b-1',
      channel: ['c-1', 'c-2'],
      absorbDTMF: true,
    });
    await http.call('channels.record', ops.channels.record, {
      channelId: 'c-1',
      name: 'rec',
      format: 'wav',
      maxDurationSeconds: 5,
      beep: true,
    });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /ari/bridges/b-1/addChannel?channel=c-1%2Cc-2&absorbDTMF=true',
      'POST /ari/channels/c-1/record?name=rec&format=wav&maxDurationSeconds=5&beep=true',
    ]);
  });

  it('sends body parameters as one JSON object keyed by parameter name', async () => {
    const server = await fake();
    const http = client(server);
    const variables = { 'CALLERID(name)': 'Alice', X: '1' };
    await http.call('things.do', custom, {
      thingId: 't1',
      variables,
      fields: [{ attribute: 'a', value: 'b' }],
    });
    const [request] = server.requests;
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength(request?.body ?? '')));
    expect(JSON.parse(request?.body ?? '')).toEqual({ variables, fields: [{ attribute: 'a', value: 'b' }] });
    expect(request?.url).toBe('/ari/things/t1/do');
  });

  it('sends no body when no body parameter is given', async () => {
    const server = await fake();
    const http = client(server);
    await http.call('things.do', custom, { thingId: 't1' });
    expect(server.requests[0]?.body).toBe('');
    expect(server.requests[0]?.headers['content-type']).toBeUndefined();
  });

  it('skips parameters given as undefined or null', async () => {
    const server = await fake();
    const http = client(server);
    await http.call('things.do', custom, { thingId: 't1', flag: undefined, count: null });
    expect(server.requests[0]?.url).toBe('/ari/things/t1/do');
  });

  it('refuses unknown and missing parameters with a ValidationError before anything is sent', async () => {
    const server = await fake();
    const http = client(server);
    const error = await failure(
      http.call('channels.playWithId', ops.channels.playWithId, { channelId: 'c', volume: 3 }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
      'volume',
      'playbackId',
      'media',
    ]);
    expect(error.message).toContain('channels.playWithId');
    expect(server.requests).toEqual([]);
  });

  it('refuses an empty path parameter', async () => {
    const server = await fake();
    const http = client(server);
    const error = await failure(http.call('channels.get', ops.channels.get, { channelId: '' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { field: 'channelId', message: expect.any(String) },
    ]);
    expect(server.requests).toEqual([]);
  });

  it('refuses a timeoutMs that is not a positive number before sending', async () => {
    const server = await fake();
    const http = client(server);
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await failure(http.call('asterisk.ping', ops.asterisk.ping, undefined, { timeoutMs }));
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(server.requests).toEqual([]);
  });

  it('authenticates with a Basic Authorization header and never puts the password in the URL', async () => {
    const server = await fake();
    const http = client(server);
    await http.call('asterisk.ping', ops.asterisk.ping, undefined);
    const [request] = server.requests;
    expect(request?.headers.authorization).toBe(basic(USER, PASSWORD));
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.url).not.toContain(PASSWORD);
    expect(request?.url).not.toContain(encodeURIComponent(PASSWORD));
    expect(http.address).toBe(server.url);
    expect(http.address).not.toContain(PASSWORD);
  });
});

describe('AriHttp answers', () => {
  it('resolves a 204 with undefined', async () => {
    const server = await fake();
    server.rest = (_req, res) => res.writeHead(204).end();
    expect(
      await client(server).call('channels.answer', ops.channels.answer, { channelId: 'c' }),
    ).toBeUndefined();
  });

  it('resolves a 200 with an empty body with undefined', async () => {
    const server = await fake();
    server.rest = (_req, res) => res.writeHead(200).end();
    expect(
      await client(server).call('channels.answer', ops.channels.answer, { channelId: 'c' }),
    ).toBeUndefined();
  });

  it('parses a JSON answer', async () => {
    const server = await fake();
    const info = { system: { version: '22.10.1', entity_id: 'e' }, ünïcode: '☎' };
    server.rest = (_req, res) => sendJson(res, 200, info);
    expect(await client(server).call('asterisk.getInfo', ops.asterisk.getInfo, undefined)).toEqual(info);
  });

  it('resolves a binary operation with the bytes as a Uint8Array', async () => {
    const server = await fake();
    const bytes = Buffer.from([0x52, 0x49, 0x46, 0x46, 0x00, 0xff, 0x7b, 0x0a]);
    server.rest = (_req, res) => res.writeHead(200, { 'content-type': 'audio/wav' }).end(bytes);
    const file = await client(server).call('recordings.getStoredFile', ops.recordings.getStoredFile, {
      recordingName: 'r1',
    });
    expect(file).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(file as Uint8Array).equals(bytes)).toBe(true);
    expect(server.requests[0]?.path).toBe('/ari/recordings/stored/r1/file');
  });

  it('rejects a 401 with AuthenticationError naming the user, not the password', async () => {
    const server = await fake();
    const http = client(server, { password: `wrong-${PASSWORD}` });
    const error = await failure(http.call('asterisk.getInfo', ops.asterisk.getInfo, undefined));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain(`"${USER}"`);
    expect(error.message).not.toContain(PASSWORD);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('rejects a 404 "Channel not found" about a channel with ChannelGoneError', async () => {
    const server = await fake();
    server.rest = (_req, res) => sendJson(res, 404, { message: 'Channel not found' });
    const error = await failure(
      client(server).call('channels.answer', ops.channels.answer, { channelId: '1700000000.12' }),
    );
    expect(error).toBeInstanceOf(ChannelGoneError);
    expect(error).toBeInstanceOf(AriHttpError);
    expect(error).toMatchObject({
      name: 'ChannelGoneError',
      code: 'REMOTE',
      status: 404,
      channelId: '1700000000.12',
      operation: 'channels.answer',
      remoteMessage: 'Channel not found',
      ids: { channelId: '1700000000.12' },
    });
  });

  it('rejects a 404 about something else with a plain AriHttpError', async () => {
    const server = await fake();
    server.rest = (_req, res) => sendJson(res, 404, { message: 'Bridge not found' });
    const error = await failure(client(server).call('bridges.get', ops.bridges.get, { bridgeId: 'b-9' }));
    expect(error).toBeInstanceOf(AriHttpError);
    expect(error).not.toBeInstanceOf(ChannelGoneError);
    expect(error).toMatchObject({
      status: 404,
      operation: 'bridges.get',
      ids: { bridgeId: 'b-9' },
      remoteMessage: 'Bridge not found',
    });
    expect(error.message).toBe('ARI bridges.get (bridgeId b-9) failed with 404: Bridge not found.');
  });

  it('does not take "Channel not found" for a gone call on an operation without a channel in its path', async () => {
    const server = await fake();
    server.rest = (_req, res) => sendJson(res, 404, { message: 'Channel not found' });
    const error = await failure(
      client(server).call('bridges.addChannel', ops.bridges.addChannel, { bridgeId: 'b', channel: ['c'] }),
    );
    expect(error).toBeInstanceOf(AriHttpError);
    expect(error).not.toBeInstanceOf(ChannelGoneError);
  });

  it('rejects a 500 with AriHttpError carrying status, operation, ids and the remote message', async () => {
    const server = await fake();
    server.rest = (_req, res) => sendJson(res, 500, { message: 'Internal trouble' });
    const error = await failure(
      client(server).call('channels.playWithId', ops.channels.playWithId, {
        channelId: 'c-1',
        playbackId: 'p-1',
        media: 'sound:x',
      }),
    );
    expect(error).toBeInstanceOf(AriHttpError);
    expect(error).toMatchObject({
      status: 500,
      operation: 'channels.playWithId',
      ids: { channelId: 'c-1', playbackId: 'p-1' },
      remoteMessage: 'Internal trouble',
    });
    expect(error.message).toContain('channelId c-1, playbackId p-1');
  });

  it('redacts the password when the server echoes it in a JSON error', async () => {
    const server = await fake();
    server.rest = (_req, res) => sendJson(res, 400, { message: `bad credentials ${PASSWORD} given` });
    const error = (await failure(
      client(server).call('asterisk.ping', ops.asterisk.ping, undefined),
    )) as AriHttpError;
    expect(error).toBeInstanceOf(AriHttpError);
    expect(error.message).not.toContain(PASSWORD);
    expect(error.remoteMessage).not.toContain(PASSWORD);
    expect(error.remoteMessage).toMatch(/^bad credentials .+ given$/);
    expect(JSON.stringify(error)).not.toContain(PASSWORD);
  });

  it('redacts the password when the server echoes it in a non-JSON error', async () => {
    const server = await fake();
    server.rest = (_req, res) =>
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy said ${PASSWORD}`);
    const error = (await failure(
      client(server).call('asterisk.ping', ops.asterisk.ping, undefined),
    )) as AriHttpError;
    expect(error).toMatchObject({ status: 502 });
    expect(error.remoteMessage).toMatch(/^proxy said /);
    expect(error.message).not.toContain(PASSWORD);
    expect(error.remoteMessage).not.toContain(PASSWORD);
  });

  it('rejects a 200 whose body is not JSON with ProtocolError', async () => {
    const server = await fake();
    server.rest = (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router</html>');
    const error = await failure(client(server).call('asterisk.getInfo', ops.asterisk.getInfo, undefined));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toContain('asterisk.getInfo');
  });

  it('rejects a JSON answer larger than 16 MiB with ProtocolError', async () => {
    // The limit is a module constant (16 MiB for JSON, 512 MiB for files); 16 MiB + 1 over loopback
    // is quick, so the JSON limit is tested for real. The file limit is not (half a gigabyte).
    const server = await fake();
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    server.rest = (_req, res) => {
      res.on('error', () => undefined);
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 16; i++) res.write(mib);
      res.end('1');
    };
    const error = await failure(client(server).call('channels.list', ops.channels.list, undefined));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toContain(`${16 * 1024 * 1024} bytes`);
  });
});

describe('AriHttp failures', () => {
  it('rejects with TimeoutError when the server never answers', async () => {
    const server = await fake();
    server.rest = () => undefined;
    const http = client(server);
    const error = await failure(http.call('asterisk.ping', ops.asterisk.ping, undefined, { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'TIMEOUT', timeoutMs: 50 });
    expect(server.requests).toHaveLength(1);
  });

  it('uses the client requestTimeoutMs when the request sets none', async () => {
    const server = await fake();
    server.rest = () => undefined;
    const error = await failure(
      client(server, { requestTimeoutMs: 40 }).call('asterisk.ping', ops.asterisk.ping, undefined),
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', timeoutMs: 40 });
  });

  it('rejects with AbortError, sending nothing, when the signal is already aborted', async () => {
    const server = await fake();
    const reason = new Error('caller left');
    const error = await failure(
      client(server).call('asterisk.ping', ops.asterisk.ping, undefined, {
        signal: AbortSignal.abort(reason),
      }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe(reason);
    expect(server.requests).toEqual([]);
  });

  it('rejects with AbortError when the signal aborts while the request is in flight', async () => {
    const server = await fake();
    server.rest = () => undefined;
    const controller = new AbortController();
    const pending = failure(
      client(server).call('asterisk.ping', ops.asterisk.ping, undefined, { signal: controller.signal }),
    );
    await server.waitFor<FakeRequest>('request');
    const reason = new Error('stop');
    controller.abort(reason);
    const error = await within(pending, 2000, 'the aborted request to reject');
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe(reason);
  });

  it('rejects with ConnectionError CONNECTION_FAILED when nothing listens', async () => {
    const port = await closedPort();
    const error = await failure(
      client(`http://127.0.0.1:${port}`).call('asterisk.ping', ops.asterisk.ping, undefined),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', address: `http://127.0.0.1:${port}` });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('refuses a self-signed certificate without `ca`, saying to pass `ca`', async () => {
    const server = await fake({ tls: true });
    const error = await failure(client(server).call('asterisk.ping', ops.asterisk.ping, undefined));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(error.message).toContain('`ca`');
    expect(server.requests).toEqual([]);
  });

  it('trusts the self-signed certificate given as `ca` (it is for 127.0.0.1 and localhost)', async () => {
    const server = await fake({ tls: true });
    server.rest = (_req, res) => sendJson(res, 200, { ping: 'pong' });
    const http = client(server, { ca: TLS_CERT });
    expect(await http.call('asterisk.ping', ops.asterisk.ping, undefined)).toEqual({ ping: 'pong' });
    expect(server.requests[0]?.headers.authorization).toBe(basic(USER, PASSWORD));
  });

  it('reuses a kept-alive socket for consecutive requests', async () => {
    const server = await fake();
    const http = client(server);
    const sockets = new Set<unknown>();
    server.rest = (_req, res) => {
      sockets.add(res.socket);
      sendJson(res, 200, {});
    };
    for (let i = 0; i < 5; i++) await http.call('asterisk.ping', ops.asterisk.ping, undefined);
    expect(sockets.size).toBe(1);
  });
});
