/**
 * The SIP side's caller: the bed's desk phone calling the service's extension with
 * `testbed/sipp/call-extension-talk.xml`, playing a tone capture until the service hangs up.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTonePcap } from '@aipbx/testbed/support/rtp-pcap.js';

const PCAP_MARK = 'TONE_PCAP';

/**
 * call-extension-talk.xml with the capture it plays.
 *
 * @throws Error when the scenario names no capture to replace
 */
export function talkScenario(template: string, pcap: string): string {
  if (!template.includes(PCAP_MARK)) throw new Error(`the scenario has no ${PCAP_MARK} to replace`);
  return template.replaceAll(PCAP_MARK, pcap);
}

/**
 * Writes the scenario and a 1 kHz PCMU capture of `toneMs` at amplitude 3000 (the media bench's
 * caller tone) into `dir`; the scenario's path.
 */
export async function writeTalkScenario(root: string, dir: string, toneMs: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const pcap = join(dir, `phone-tone-1000-${toneMs}ms-pcmu.pcap`);
  await writeTonePcap(pcap, { freqHz: 1000, ms: toneMs, codec: 'pcmu', amplitude: 3000 });
  const template = await readFile(join(root, 'testbed', 'sipp', 'call-extension-talk.xml'), 'utf8');
  const scenario = join(dir, 'call-extension-talk.xml');
  await writeFile(scenario, talkScenario(template, pcap));
  return scenario;
}
