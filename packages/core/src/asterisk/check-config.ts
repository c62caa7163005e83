/**
 * Every problem with the generator's input, each with its field path. Internal to the generator.
 *
 * @internal
 */
import type { ValidationProblem } from '../errors/validation-error.js';
import { checkAmi } from './check/ami.js';
import { checkAriOutbound } from './check/ari.js';
import { ConfigProblems } from './check/config-problems.js';
import { checkDialplan } from './check/dialplan.js';
import { checkEndpoints, checkLimits } from './check/endpoints.js';
import { checkHttp } from './check/http.js';
import { checkPjsipNames } from './check/pjsip-names.js';
import { checkPublishedObjects } from './check/published-objects.js';
import { checkSip } from './check/sip.js';
import type { ResolvedConfig } from './resolve-config.js';

/** The checks, one per part of the input, in the order their problems are listed. */
const SECTIONS: readonly ((r: ResolvedConfig, problems: ConfigProblems) => void)[] = [
  checkPublishedObjects,
  checkAriOutbound,
  checkHttp,
  checkSip,
  checkAmi,
  checkEndpoints,
  checkDialplan,
  checkLimits,
  checkPjsipNames,
];

/** Checks everything, returning every problem with its field path. */
export function checkConfig(r: ResolvedConfig): ValidationProblem[] {
  const problems = new ConfigProblems();
  for (const check of SECTIONS) check(r, problems);
  return problems.list;
}
