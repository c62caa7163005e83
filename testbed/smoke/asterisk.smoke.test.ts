import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { openRawAmi } from '../support/ami-raw.js';
import { ari, openStasisApp } from '../support/ari.js';
import { runSipp } from '../support/sipp.js';

const bed = inject('testbed');

describe('the Asterisk test bed is real', () => {
  it('ARI asterisk/info reports Asterisk 22', async () => {
    const info = (await ari(bed, 'GET', '/asterisk/info')) as { system: { version: string } };
    expect(info.system.version).toMatch(/^22\./);
    expect(bed.asteriskVersion).toMatch(/^Asterisk 22\./);
  });

  it('AMI logs in and CoreShowChannels completes its event list', async () => {
    const ami = await openRawAmi(bed);
    try {
      expect(ami.banner()).toMatch(/^Asterisk Call Manager\/\d+\.\d+\.\d+$/);
      const id = ami.send({ Action: 'CoreShowChannels' });
      const first = await ami.frames.next(
        (f) => f.ActionID === id && 'Response' in f,
        5000,
        'CoreShowChannels response',
      );
      expect(first.Response).toBe('Success');
      expect(first.EventList).toBe('start');
      const done = await ami.frames.next(
        (f) => f.ActionID === id && f.Event === 'CoreShowChannelsComplete',
        5000,
        'CoreShowChannelsComplete',
      );
      const items = ami.frames.all().filter((f) => f.ActionID === id && f.Event === 'CoreShowChannel');
      expect(Number(done.ListItems)).toBe(items.length);
    } finally {
      await ami.close();
    }
  });

  it('the generated pjsip.conf is the one loaded: endpoints, transports and the WebRTC widget', async () => {
    const ami = await openRawAmi(bed);
    try {
      const id = ami.send({ Action: 'Command', Command: 'pjsip show endpoint web-visitor' });
      const res = await ami.frames.next((f) => f.ActionID === id, 5000, 'pjsip show endpoint');
      expect(res.Response).toBe('Success');
      const endpoints = (await ari(bed, 'GET', '/endpoints/PJSIP')) as { resource: string }[];
      expect(endpoints.map((e) => e.resource).sort()).toEqual([
        '201',
        '202',
        '301',
        '302',
        'sipp',
        'support-bot',
        'web-visitor',
      ]);
    } finally {
      await ami.close();
    }
  });
});

describe('a sipp call through the generated dialplan', () => {
  it('reaches the Stasis app with ASSISTANTID from the X-Assistant-Id header, and is recorded', async () => {
    const app = await openStasisApp(bed);
    try {
      const call = runSipp(bed, {
        scenario: 'call-assistant.xml',
        service: '100',
        keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      });
      const start = await app.events.next(
        (e) => e.type === 'StasisStart',
        15_000,
        'StasisStart for the sipp call',
      );
      expect(start.args).toEqual(['support-bot']);
      // The dialled extension passed the assistant context's check and runs the one assistant dialplan.
      expect(start.channel?.dialplan).toMatchObject({ context: 'aipbx-assistant', exten: '100' });
      const channelId = start.channel!.id;
      await ari(bed, 'POST', `/channels/${channelId}/answer`);
      await ari(bed, 'DELETE', `/channels/${channelId}`);
      const result = await call;
      expect(result.code, result.stderr).toBe(0);
      await app.events.next((e) => e.type === 'StasisEnd', 10_000, 'StasisEnd after hangup');
      const wav = join(bed.recordingsDir, 'support-bot', `${channelId}.wav`);
      expect(existsSync(wav), `MixMonitor recording ${wav}`).toBe(true);
      expect(statSync(wav).size).toBeGreaterThanOrEqual(44);
    } finally {
      await app.close();
    }
  });

  it('falls back to the dialled extension when the header is absent', async () => {
    const app = await openStasisApp(bed);
    try {
      const call = runSipp(bed, {
        scenario: 'call-assistant.xml',
        service: 'pizza-order',
        keys: { header_name: 'X-Unrelated', assistant: 'ignored' },
      });
      const start = await app.events.next(
        (e) => e.type === 'StasisStart',
        15_000,
        'StasisStart for the sipp call',
      );
      expect(start.args).toEqual(['pizza-order']);
      await ari(bed, 'POST', `/channels/${start.channel!.id}/answer`);
      await ari(bed, 'DELETE', `/channels/${start.channel!.id}`);
      const result = await call;
      expect(result.code, result.stderr).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('plays an apology and hangs up when the Stasis app is not connected', async () => {
    const ami = await openRawAmi(bed);
    try {
      const result = await runSipp(bed, {
        scenario: 'call-assistant.xml',
        service: '100',
        keys: { header_name: 'X-Assistant-Id', assistant: 'nobody-listening' },
      });
      expect(result.code, result.stderr).toBe(0);
      const playback = await ami.frames.next(
        (f) => f.Event === 'Newexten' && f.Application === 'Playback',
        5000,
        'the apology Playback',
      );
      expect(playback.AppData).toBe('im-sorry&all-circuits-busy-now&please-try-call-later');
    } finally {
      await ami.close();
    }
  });
});
