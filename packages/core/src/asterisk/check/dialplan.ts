/**
 * `dialplan`: the Stasis app, recordings, the assistants callers may dial, and the operators'
 * context (extensions.conf).
 *
 * @internal
 */
import { assistantIdProblem } from '../../models/problems.js';
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

/** A SIP header name. */
const HEADER = /^[A-Za-z0-9-]+$/;
/** Sound file names without extension, joined by `&` as Playback takes them. */
const SOUNDS = /^[A-Za-z0-9_/-]+(&[A-Za-z0-9_/-]+)*$/;

export function checkDialplan(r: ResolvedConfig, problems: ConfigProblems): void {
  const { input, dialplan } = r;
  problems.name(
    'dialplan.stasisApp',
    dialplan.stasisApp,
    'must be letters, digits, "_" or "-", e.g. aiPBXBot',
  );
  if (dialplan.recordingsDir !== null) problems.path('dialplan.recordingsDir', dialplan.recordingsDir);
  dialplan.assistants.forEach((a, i) => {
    const field = `dialplan.assistants.${i}`;
    const problem = assistantIdProblem(a, 'assistant id');
    if (problem) problems.add(field, problem);
    else if (a.startsWith('_'))
      problems.add(field, 'must not start with "_": Asterisk would read the extension as a pattern');
    else if (a.length < 2)
      problems.add(
        field,
        'must be at least 2 characters: Asterisk keeps one-character extensions (h, s, i, t) for itself',
      );
  });
  // Asterisk ignores "-" when it matches an extension: two names that differ only in dashes would be
  // one extension, and callers of the second would reach the first.
  const seen = new Map<string, string>();
  for (const name of r.dialledNames) {
    const key = name.replace(/-/g, '');
    const other = seen.get(key);
    if (other !== undefined)
      problems.add(
        'dialplan',
        `the extensions "${other}" and "${name}" differ only in "-", which Asterisk ignores when it matches a dialled extension; rename one of the assistants or SIP URIs`,
      );
    else seen.set(key, name);
  }
  if (!HEADER.test(dialplan.assistantHeader))
    problems.add('dialplan.assistantHeader', 'must be a SIP header name such as X-Assistant-Id');
  if (!SOUNDS.test(dialplan.unavailableSound)) {
    problems.add(
      'dialplan.unavailableSound',
      'must be sound file names without extension joined by "&", e.g. im-sorry&please-try-call-later',
    );
  }
  const { operatorContext } = dialplan;
  problems.name('dialplan.operatorContext', operatorContext);
  problems.notReserved('dialplan.operatorContext', operatorContext);
  if (operatorContext === input.pbx.context) {
    problems.add('dialplan.operatorContext', `must differ from the assistant context "${input.pbx.context}"`);
  }
}
