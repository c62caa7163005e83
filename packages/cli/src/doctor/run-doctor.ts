/**
 * Runs every check in order and collects the report.
 */

import { scrub } from '../internal/scrub.js';
import { checkAmiLogin, checkAmiPermissions, checkEndpoints } from './ami-checks.js';
import { checkAri, checkStasisApp, checkTestCall } from './ari-checks.js';
import type { CheckId, CheckResult, DoctorReport } from './check-result.js';
import type { CheckOutcome, DoctorContext } from './doctor-context.js';
import { type DoctorOptions, secretsOf } from './doctor-options.js';
import { checkRecordings } from './recordings-check.js';
import { checkWssTls, checkWssUpgrade } from './wss-checks.js';

/** The checks in the order they run (the AMI session opens before the test call, to see its events). */
const CHECKS: readonly { id: CheckId; title: string; run: (ctx: DoctorContext) => Promise<CheckOutcome> }[] =
  [
    { id: 'ari', title: 'ARI reachable, credentials valid', run: checkAri },
    { id: 'stasis-app', title: 'Stasis app registers', run: checkStasisApp },
    { id: 'ami-login', title: 'AMI login', run: checkAmiLogin },
    { id: 'test-call', title: 'test call reaches Stasis with the assistant id', run: checkTestCall },
    { id: 'ami-permissions', title: 'AMI classes the CallMonitor needs', run: checkAmiPermissions },
    { id: 'endpoints', title: 'public endpoints confined to assistant contexts', run: checkEndpoints },
    { id: 'wss-tls', title: 'WSS certificate valid for the host', run: checkWssTls },
    { id: 'wss-upgrade', title: 'SIP WebSocket upgrade (subprotocol sip)', run: checkWssUpgrade },
    { id: 'recordings', title: 'recordings folder and URL', run: checkRecordings },
  ];

/** Options of {@link runDoctor}. */
export interface RunDoctorOptions {
  /** Called as each check starts (progress). */
  onStart?: (id: CheckId, title: string) => void;
}

/**
 * Runs the doctor's checks against a PBX. A check that throws is reported as failed; the clients
 * it opened are closed before this resolves. No result contains a password or secret.
 */
export async function runDoctor(options: DoctorOptions, run: RunDoctorOptions = {}): Promise<DoctorReport> {
  const ctx: DoctorContext = { options, amiEvents: [], results: [] };
  const secrets = secretsOf(options);
  try {
    for (const check of CHECKS) {
      run.onStart?.(check.id, check.title);
      const started = performance.now();
      let outcome: CheckOutcome;
      try {
        outcome = await check.run(ctx);
      } catch (error) {
        outcome = {
          status: 'fail',
          finding: `the check itself failed: ${(error as Error).message.split('\n')[0]}`,
        };
      }
      const result: CheckResult = {
        id: check.id,
        title: check.title,
        ...outcome,
        finding: scrub(outcome.finding, secrets),
        ...(outcome.fix === undefined ? {} : { fix: scrub(outcome.fix, secrets) }),
        durationMs: Math.round(performance.now() - started),
      };
      ctx.results.push(result);
    }
  } finally {
    await ctx.app?.stop().catch(() => undefined);
    await ctx.ari?.close().catch(() => undefined);
    await ctx.ami?.close().catch(() => undefined);
  }
  return { ok: ctx.results.every((r) => r.status !== 'fail'), checks: ctx.results };
}
