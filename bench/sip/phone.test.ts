import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { talkScenario } from './phone.js';

const template = await readFile(join(process.cwd(), 'testbed', 'sipp', 'call-extension-talk.xml'), 'utf8');

describe('talkScenario', () => {
  it('plays the capture after the answer’s ACK, then waits for the far end’s BYE, with no hold', () => {
    const xml = talkScenario(template, '/tmp/tone.pcap');
    expect(xml).not.toContain('TONE_PCAP');
    const play = xml.indexOf('<exec play_pcap_audio="/tmp/tone.pcap"/>');
    expect(play).toBeGreaterThan(xml.indexOf('CSeq: 2 ACK'));
    expect(play).toBeLessThan(xml.indexOf('<recv request="BYE"/>'));
    expect(xml).not.toContain('a=sendonly');
    expect(xml).toContain('<recv response="401" auth="true"/>');
  });

  it('says so when the scenario names no capture', () => {
    expect(() => talkScenario('<scenario/>', 'x.pcap')).toThrow(/TONE_PCAP/);
  });
});
