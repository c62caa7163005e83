import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import type { TestbedInfo } from '../bed.js';

/** A UDP port free right now on `address`. */
export function freeUdpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, address, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** What a sipp run ended with. */
export interface SippResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one sipp call with a scenario from testbed/sipp, from the trunk's own loopback address.
 * Resolves when sipp exits (it has its own bound: `-timeout`, failing on expiry).
 */
export async function runSipp(
  info: TestbedInfo,
  options: { scenario: string; service: string; keys?: Record<string, string>; timeoutSec?: number },
): Promise<SippResult> {
  const scenario = fileURLToPath(new URL(`../sipp/${options.scenario}`, import.meta.url));
  const ip = info.sip.sippSourceIp;
  const [port, mediaPort] = [await freeUdpPort(ip), await freeUdpPort(ip)];
  const args = [
    `${info.sip.host}:${info.sip.port}`,
    '-sf', scenario,
    '-s', options.service,
    '-i', ip, '-bind_local', '-p', String(port),
    '-mi', ip, '-mp', String(mediaPort),
    '-m', '1',
    '-timeout', `${options.timeoutSec ?? 30}s`, '-timeout_error',
    '-nostdin', '-trace_err', '-error_file', '/dev/stderr',
  ];
  for (const [k, v] of Object.entries(options.keys ?? {})) args.push('-key', k, v);
  return new Promise((resolve) => {
    execFile('sipp', args, { timeout: ((options.timeoutSec ?? 30) + 10) * 1000 }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}
