/**
 * Every ARI resource of the generated client, called live on the bed's Asterisk: the operation
 * table, the parameter encoding (path, query, several values, JSON body) and the answers' types.
 */
import { ValidationError } from '@aipbx/core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AriClient, AriHttpError } from '../../src/index.js';

const bed = inject('testbed');
let client: AriClient | undefined;

function ari(): AriClient {
  client = new AriClient({ url: bed.ari.url, username: bed.ari.username, password: bed.ari.password });
  return client;
}

afterEach(async () => {
  await client?.close();
  client = undefined;
});

describe('every ARI resource, live', () => {
  it('asterisk: info, ping, global variables (path-less query and answer)', async () => {
    const c = ari();
    const info = await c.asterisk.getInfo({ only: ['system', 'build'] });
    expect(info.system?.version).toMatch(/^22\./);
    expect(info.config).toBeUndefined();
    expect((await c.asterisk.ping()).ping).toBe('pong');
    await c.asterisk.setGlobalVar({ variable: 'AIPBX_PROBE', value: 'a,b;c' });
    expect((await c.asterisk.getGlobalVar({ variable: 'AIPBX_PROBE' })).value).toBe('a,b;c');
  });

  it('endpoints, channels, bridges, device states, mailboxes, applications: lists and a lookup', async () => {
    const c = ari();
    const endpoints = await c.endpoints.listByTech({ tech: 'PJSIP' });
    expect(endpoints.map((e) => e.resource)).toContain('web-visitor');
    expect((await c.endpoints.get({ tech: 'PJSIP', resource: 'support-bot' })).technology).toBe('PJSIP');
    expect(Array.isArray(await c.channels.list())).toBe(true);
    expect(Array.isArray(await c.deviceStates.list())).toBe(true);
    // The bed loads no mailbox module (app_voicemail is left out): Asterisk says so.
    await expect(c.mailboxes.list()).rejects.toMatchObject({ status: 404, operation: 'mailboxes.list' });
    expect(Array.isArray(await c.applications.list())).toBe(true);
    const bridge = await c.bridges.create({ type: 'mixing', name: 'aipbx-probe' });
    try {
      expect((await c.bridges.list()).map((b) => b.id)).toContain(bridge.id);
      expect((await c.bridges.get({ bridgeId: bridge.id })).bridge_type).toBe('mixing');
    } finally {
      await c.bridges.destroy({ bridgeId: bridge.id });
    }
  });

  it('channels with a JSON body: originate a Local channel with variables, read one back, hang up', async () => {
    const c = ari();
    const app = c.app('aiPBXBot');
    app.onCall(() => undefined); // leave the other half of the Local channel in the app
    await app.start();
    const channel = await c.channels.originate({
      endpoint: 'Local/pizza-order@assistant-in',
      app: 'aiPBXBot',
      appArgs: 'aipbx-leg',
      variables: { AIPBX_NOTE: 'hello, world' },
    });
    try {
      expect((await c.channels.getChannelVar({ channelId: channel.id, variable: 'AIPBX_NOTE' })).value).toBe(
        'hello, world',
      );
    } finally {
      await c.channels.hangup({ channelId: channel.id }).catch(() => undefined);
    }
  });

  it('sounds, recordings, playbacks, events: lookups and the errors they give', async () => {
    const c = ari();
    const sounds = await c.sounds.list({ lang: 'en' });
    expect(sounds.map((s) => s.id)).toContain('beep');
    expect((await c.sounds.get({ soundId: 'beep' })).formats.length).toBeGreaterThan(0);
    expect(Array.isArray(await c.recordings.listStored())).toBe(true);
    const missing = await c.playbacks
      .get({ playbackId: 'no-such-playback' })
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(AriHttpError);
    expect(missing).toMatchObject({
      status: 404,
      operation: 'playbacks.get',
      ids: { playbackId: 'no-such-playback' },
    });
    const app = c.app('aiPBXBot');
    await app.start();
    const received = new Promise<unknown>((resolve) => {
      app.on('event', (event) => {
        if (event.type === 'ChannelUserevent') resolve(event);
      });
    });
    await c.events.userEvent({ eventName: 'aipbx-probe', application: 'aiPBXBot', variables: { note: 'x' } });
    expect(await received).toMatchObject({ eventname: 'aipbx-probe', userevent: { note: 'x' } });
  });

  it('detects features from the connected Asterisk’s own description', async () => {
    const c = ari();
    expect(await c.supports('channels.externalMedia')).toBe(true);
    expect(await c.supports('channels.externalMedia', 'transport')).toBe(true);
    expect(await c.supports('channels.externalMedia', 'noSuchParameter')).toBe(false);
    expect(await c.supports('channels.noSuchOperation')).toBe(false);
    expect(await c.supports('noSuchResource.list')).toBe(false);
    await expect(c.supports('not an operation')).rejects.toBeInstanceOf(ValidationError);
  });

  it('refuses unknown or missing parameters before anything is sent', async () => {
    const c = ari();
    const typo = await c.channels
      .get({ channelID: 'x' } as unknown as { channelId: string })
      .catch((error: unknown) => error);
    expect(typo).toBeInstanceOf(ValidationError);
    expect((typo as ValidationError).problems.map((p) => p.field).sort()).toEqual(['channelID', 'channelId']);
  });
});
