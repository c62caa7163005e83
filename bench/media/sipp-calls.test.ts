import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { echoScenario, toneScenario } from './sipp-calls.js';

const base = await readFile(join(process.cwd(), 'testbed', 'sipp', 'call-assistant.xml'), 'utf8');

describe('scenarios', () => {
  it('offers the echo’s port instead of sipp’s own media port', () => {
    const xml = echoScenario(base);
    expect(xml).toContain('m=audio [rtp_port] RTP/AVP 0');
    expect(xml).not.toContain('[media_port]');
    expect(xml.replace('[rtp_port]', '[media_port]')).toBe(base);
  });

  it('plays the capture after the ACK and still waits for the BYE', () => {
    const xml = toneScenario(base, '/tmp/tone.pcap');
    const play = xml.indexOf('<exec play_pcap_audio="/tmp/tone.pcap"/>');
    expect(play).toBeGreaterThan(xml.indexOf('CSeq: 1 ACK'));
    expect(play).toBeLessThan(xml.indexOf('<recv request="BYE"/>'));
  });

  it('says so when the bed’s scenario changed under it', () => {
    expect(() => echoScenario('<scenario/>')).toThrow(/m=audio \[media_port\]/);
    expect(() => toneScenario('<scenario/>', 'x.pcap')).toThrow(/BYE/);
  });
});
