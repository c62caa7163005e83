/**
 * Several PBXs in one app (the product's PBX list): an AriPool over the tier's Asterisk, a second
 * Asterisk of its own, and a PBX that does not answer. Calls come tagged with their PBX, operations
 * go to the right one, and a PBX that is down — from the start, or stopped mid-run — disturbs
 * nobody else.
 */

import { startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import { runSipp } from '@aipbx/testbed/support/sipp.js';
import { Inbox, within } from '@aipbx/testbed/support/wait.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AriPool, type Call, type PoolPbxState } from '../../src/index.js';

const main = inject('testbed');
let second: Testbed;
let pool: AriPool;
const calls = new Inbox<{ pbx: string; call: Call; channels: string[] }>();
const states = new Inbox<{ pbx: string; state: PoolPbxState }>();

function call(bedInfo: typeof main) {
  return runSipp(bedInfo, {
    scenario: 'call-assistant.xml',
    service: '100',
    keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
  });
}

beforeAll(async () => {
  const offset = Number(process.env.AIPBX_TESTBED_PORT_OFFSET ?? 0) + 80;
  second = await startTestbed({
    name: `bed-pool-${offset}`,
    portOffset: offset,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  pool = new AriPool({
    pbxs: [
      { name: 'main', url: main.ari.url, username: main.ari.username, password: main.ari.password },
      {
        name: 'second',
        url: second.info.ari.url,
        username: second.info.ari.username,
        password: second.info.ari.password,
      },
      // Nothing listens on port 9: a PBX that is down from the start.
      {
        name: 'nowhere',
        url: 'http://127.0.0.1:9',
        username: 'aipbx',
        password: 'never-used-1234',
        connectTimeoutMs: 1000,
      },
    ],
  });
  pool.on('pbx', (pbx, state) => states.push({ pbx, state }));
  pool.on('error', () => undefined);
  pool.app(main.ari.app).onCall(async (c, pbx) => {
    await c.answer();
    // Routed to the call's own PBX: its channel is there.
    const channels = (await pbx.client.channels.list()).map((ch) => ch.id);
    calls.push({ pbx: pbx.name, call: c, channels });
    await c.hangup();
  });
});

afterAll(async () => {
  await pool?.close();
  await second?.stop();
});

describe('AriPool', () => {
  it('starts with one PBX down, and tags every call with its PBX; operations go to that PBX', async () => {
    const started = await within(pool.start(), 20_000, 'the pool to start');
    expect(started).toEqual({ main: 'up', second: 'up', nowhere: 'down' });

    const [a, b] = [call(main), call(second.info)];
    const onMain = await calls.next((c) => c.pbx === 'main', 15_000, 'a call from the main PBX');
    const onSecond = await calls.next((c) => c.pbx === 'second', 15_000, 'a call from the second PBX');
    // (Channel ids may coincide across two Asterisks started in the same second: compare addresses.)
    expect(onMain.channels).toContain(onMain.call.id);
    expect(onSecond.channels).toContain(onSecond.call.id);
    expect(pool.client('main').address).toBe(new URL(main.ari.url).origin);
    expect(pool.client('second').address).toBe(new URL(second.info.ari.url).origin);
    expect((await a).code).toBe(0);
    expect((await b).code).toBe(0);
    expect(() => pool.client('elsewhere')).toThrow(/no PBX named "elsewhere"/);
  });

  it('a PBX stopped mid-run is reported down; the others keep taking calls', async () => {
    await second.stop();
    await states.next(
      (s) => s.pbx === 'second' && s.state === 'down',
      15_000,
      'the second PBX to be reported down',
    );
    const before = calls.all().length;
    const result = call(main);
    const next = await calls.next(
      (c, i = calls.all().indexOf(c)) => i >= before && c.pbx === 'main',
      15_000,
      'a call from the main PBX after the second went down',
    );
    expect(next.pbx).toBe('main');
    expect((await result).code).toBe(0);
    expect(pool.states()).toMatchObject({ main: 'up', second: 'down', nowhere: 'down' });
  });
});
