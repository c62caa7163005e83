/**
 * The names of the PJSIP sections the generator writes, which must not collide.
 *
 * @internal
 */
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

/** PJSIP section names share one namespace per type; keep every generated name unique. */
export function checkPjsipNames({ input }: ResolvedConfig, problems: ConfigProblems): void {
  const owners = new Map<string, string>();
  const claim = (name: string, field: string) => {
    const other = owners.get(name);
    if (other)
      problems.add(field, `uses the PJSIP name "${name}", already used by ${other}; choose another id`);
    else owners.set(name, field);
  };
  for (const t of ['transport-udp', 'transport-tcp', 'transport-tls', 'transport-ws', 'transport-wss'])
    claim(t, 'a transport');
  (input.sipUris ?? []).forEach((u, i) => {
    claim(u.id, `sipUris.${i}.id`);
    claim(`${u.id}-auth`, `sipUris.${i}.id`);
  });
  (input.widgets ?? []).forEach((w, i) => {
    claim(w.sipUri, `widgets.${i}.sipUri`);
  });
  (input.operators ?? []).forEach((o, i) => {
    claim(o.extension, `operators.${i}.extension`);
    claim(`${o.extension}-auth`, `operators.${i}.extension`);
  });
  (input.trunks ?? []).forEach((t, i) => {
    claim(t.name, `trunks.${i}.name`);
    claim(`${t.name}-identify`, `trunks.${i}.name`);
  });
}
