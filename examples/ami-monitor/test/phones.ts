/**
 * A desk phone of the bed that calls and stays on the line: testbed/sipp/call-extension-talk.xml
 * plays a short tone once answered and waits for the far end to hang up, so the test decides
 * when the call ends (callFromPhone's scenario hangs up on its own clock).
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { writeTonePcap } from '@aipbx/testbed/support/rtp-pcap.js';
import { freeUdpPort, PHONE_IP, type SippResult } from '@aipbx/testbed/support/sipp.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Desk phone `from` (with its credentials, from PHONE_IP) calls extension `to`; resolves when sipp
 * exits, which it does once the far end hung up (or after `timeoutSec`, failing). `dir` holds the
 * scenario and its tone.
 */
export async function callAndStay(
  bed: TestbedInfo,
  dir: string,
  from: string,
  to: string,
  timeoutSec = 40,
): Promise<SippResult> {
  const operator = bed.operators.find((o) => o.extension === from);
  if (!operator) throw new Error(`the bed has no operator ${from}`);
  const pcap = join(dir, 'tone-500ms.pcap');
  await writeTonePcap(pcap, { freqHz: 1000, ms: 500, codec: 'pcmu' });
  const template = await readFile(join(repoRoot, 'testbed/sipp/call-extension-talk.xml'), 'utf8');
  const scenario = join(dir, `talk-${from}-${to}.xml`);
  await writeFile(scenario, template.replaceAll('TONE_PCAP', pcap));
  const [port, mediaPort] = [await freeUdpPort(PHONE_IP), await freeUdpPort(PHONE_IP)];
  const args = [
    `${bed.sip.host}:${bed.sip.port}`,
    ...['-sf', scenario, '-s', to, '-i', PHONE_IP, '-bind_local', '-p', String(port)],
    ...['-mi', PHONE_IP, '-mp', String(mediaPort), '-m', '1'],
    ...['-au', operator.username, '-ap', operator.password, '-key', 'user', from],
    ...['-timeout', `${timeoutSec}s`, '-timeout_error', '-nostdin'],
  ];
  return new Promise<SippResult>((resolve) => {
    execFile('sipp', args, { timeout: (timeoutSec + 10) * 1000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}
