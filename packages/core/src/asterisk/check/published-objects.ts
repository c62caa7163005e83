/**
 * The PBX, SIP URIs, widgets and operators in the generator's input, checked by the same
 * validation as `createPbx`, `createSipUri`, `createWidget` and `parseSipUsers`.
 *
 * @internal
 */
import { validatePbx } from '../../models/pbx.js';
import { validateSipUri } from '../../models/sip-uri.js';
import { validateWidget } from '../../models/widget.js';
import { validateSipUsers } from '../../sip-users/sip-users.js';
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

export function checkPublishedObjects({ input }: ResolvedConfig, problems: ConfigProblems): void {
  problems.addUnder('pbx', validatePbx(input.pbx));
  (input.sipUris ?? []).forEach((u, i) => {
    problems.addUnder(`sipUris.${i}`, validateSipUri(u));
  });
  (input.widgets ?? []).forEach((w, i) => {
    problems.addUnder(`widgets.${i}`, validateWidget(w));
  });
  // validateSipUsers names fields SIP_USERS[i]; here they are operators.i.
  for (const p of validateSipUsers(input.operators ?? [])) {
    problems.add(
      p.field.replace(/^SIP_USERS\[(\d+)\]/, 'operators.$1'),
      p.message.replace(/SIP_USERS\[(\d+)\]/g, 'operators.$1'),
    );
  }
}
