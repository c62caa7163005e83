/**
 * ARI outbound WebSockets on a real Asterisk 22 configured by @aipbx/core's generator
 * (`ari: { outbound }`, per-call): Asterisk connects to an {@link AriServer} for each call, events
 * arrive and REST requests go back over that WebSocket, the call's media opens through Asterisk's
 * HTTP port, and the connection closes with the call. Wrong credentials are refused.
 */
import { randomBytes } from 'node:crypto';
import { startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import { runSipp } from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AriServer, type Call } from '../../src/index.js';

const APP_USER = 'asterisk';
const APP_PASSWORD = `app-${randomBytes(12).toString('hex')}`;
let bed: Testbed;
let server: AriServer;
let port: number;
/** Filled in once the bed is up: the server reads it when a call opens its media. */
const asterisk = { url: '', username: '', password: '' };
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  server = new AriServer({ port: 0, username: APP_USER, password: APP_PASSWORD, asterisk });
  port = await server.listen();
  const offset = Number(process.env.AIPBX_TESTBED_PORT_OFFSET ?? 0) + 60;
  bed = await startTestbed({
    name: `bed-outbound-${offset}`,
    portOffset: offset,
    log: (line) => process.stderr.write(`${line}\n`),
    configure: (input) => ({
      ...input,
      ari: { outbound: { uri: `ws://127.0.0.1:${port}/`, username: APP_USER, password: APP_PASSWORD } },
    }),
  });
  Object.assign(asterisk, bed.info.ari);
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await server?.close();
  await bed?.stop();
});

describe('AriServer: Asterisk connects to the app, once per call', () => {
  it('hands the call to onCall with its assistant; REST over the WebSocket answers, reads and hangs up; the media opens too', async () => {
    const handled = new Promise<{ call: Call; frames: number; variable: string | undefined }>(
      (resolve, reject) => {
        server.app(bed.info.ari.app).onCall(async (call) => {
          try {
            await call.answer();
            const variable = await call.getVariable('ASSISTANTID');
            // The media WebSocket goes to Asterisk's HTTP port (the server's `asterisk` option);
            // it opens only once Asterisk has started the media on it (MEDIA_START).
            const media = await call.media();
            const finished = new Promise((done) => media.once('finish', done));
            media.end(Buffer.alloc(640 * 10));
            await finished;
            const frames = media.stats.framesOut;
            await media.close();
            await call.hangup();
            resolve({ call, frames, variable });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    const sessions: number[] = [];
    server.on('session', (s) => sessions.push(s.sessions));
    const sipp = runSipp(bed.info, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
    });
    const { call, variable, frames } = await within(
      handled,
      15_000,
      'the call to reach the app over the outbound WebSocket',
    );
    expect(frames, 'media frames read through the outbound-WebSocket call').toBe(10);
    expect(call.assistantId).toBe('support-bot');
    expect(variable).toBe('support-bot');
    expect(sessions).toEqual([1]);
    const done = await within(sipp, 20_000, 'sipp to see the hangup');
    expect(done.code, done.stderr).toBe(0);
    // The per-call WebSocket closes once the call has left the app.
    await within(
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (server.sessions === 0) {
            clearInterval(check);
            resolve();
          }
        }, 20);
      }),
      10_000,
      'the per-call WebSocket to close',
    );
  });

  it('refuses a WebSocket with other credentials before it opens (401)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, 'ari', {
        headers: { authorization: `Basic ${Buffer.from(`${APP_USER}:wrong-password`).toString('base64')}` },
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('opened with wrong credentials')));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });
});

describe('AriServer: one persistent WebSocket from Asterisk for every call', () => {
  let persistentBed: Testbed;
  let persistent: AriServer;

  beforeAll(async () => {
    persistent = new AriServer({ port: 0, username: APP_USER, password: APP_PASSWORD });
    const persistentPort = await persistent.listen();
    const offset = Number(process.env.AIPBX_TESTBED_PORT_OFFSET ?? 0) + 65;
    const connected = new Promise<void>((resolve) => persistent.once('session', () => resolve()));
    persistentBed = await startTestbed({
      name: `bed-persistent-${offset}`,
      portOffset: offset,
      log: (line) => process.stderr.write(`${line}\n`),
      configure: (input) => ({
        ...input,
        ari: {
          outbound: {
            uri: `ws://127.0.0.1:${persistentPort}/`,
            username: APP_USER,
            password: APP_PASSWORD,
            connection: 'persistent',
          },
        },
      }),
    });
    await within(connected, 15_000, 'Asterisk to open its persistent WebSocket');
  });
  afterAll(async () => {
    await persistent?.close();
    await persistentBed?.stop();
  });

  it('takes three calls in a row over the one connection, which stays open', async () => {
    const seen: string[] = [];
    persistent.app(persistentBed.info.ari.app).onCall(async (call) => {
      seen.push(call.assistantId);
      await call.answer();
      await call.hangup();
    });
    for (let i = 0; i < 3; i++) {
      const done = await runSipp(persistentBed.info, {
        scenario: 'call-assistant.xml',
        service: '100',
        keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      });
      expect(done.code, done.stderr).toBe(0);
    }
    expect(seen).toEqual(['support-bot', 'support-bot', 'support-bot']);
    expect(persistent.sessions).toBe(1);
  });
});
