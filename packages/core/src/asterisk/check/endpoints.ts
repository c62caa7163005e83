/**
 * Where calls from outside enter: the contexts of the PBX and the SIP URIs, the trunks, and the
 * limits on calls through widgets, SIP URIs and trunks.
 *
 * @internal
 */
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

/** Checks the contexts and trunks as given: a trunk's own context, not the PBX's it falls back to. */
export function checkEndpoints({ input, dialplan }: ResolvedConfig, problems: ConfigProblems): void {
  const { operatorContext } = dialplan;
  problems.notReserved('pbx.context', input.pbx.context);
  (input.sipUris ?? []).forEach((u, i) => {
    problems.notReserved(`sipUris.${i}.context`, u.context);
    problems.notOperators(`sipUris.${i}.context`, u.context, operatorContext);
  });

  (input.trunks ?? []).forEach((t, i) => {
    const field = `trunks.${i}`;
    problems.name(`${field}.name`, t.name, 'must be letters, digits, "_" or "-" (it names a PJSIP endpoint)');
    if (t.match.length === 0) problems.add(`${field}.match`, 'must list at least one source IP or network');
    t.match.forEach((m, j) => {
      problems.network(`${field}.match.${j}`, m, '203.0.113.5, 203.0.113.0/24 or 2001:db8::/32');
    });
    if (t.context !== undefined) {
      problems.name(`${field}.context`, t.context);
      problems.notReserved(`${field}.context`, t.context);
      problems.notOperators(`${field}.context`, t.context, operatorContext);
    }
    if (t.assistant !== undefined) problems.name(`${field}.assistant`, t.assistant);
    if (t.maxCalls !== undefined) problems.limit(`${field}.maxCalls`, t.maxCalls);
  });
}

export function checkLimits({ limits }: ResolvedConfig, problems: ConfigProblems): void {
  for (const key of Object.keys(limits) as (keyof typeof limits)[]) {
    problems.limit(`limits.${key}`, limits[key]);
  }
}
