/**
 * `ami`: the Asterisk Manager Interface and its users (manager.conf).
 *
 * @internal
 */
import { CONF_VALUE_BREAKER } from '../../rules/value-rules.js';
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

/** Comma-separated AMI class names, as `read` and `write` take them. */
const CLASSES = /^[a-z]+(,[a-z]+)*$/;

export function checkAmi({ ami }: ResolvedConfig, problems: ConfigProblems): void {
  if (!ami) return;
  problems.bind('ami.bindAddress', ami.bindAddress);
  problems.port('ami.port', ami.port);
  problems.port('ami.tlsPort', ami.tlsPort);
  if (ami.users.length === 0) {
    problems.add('ami.users', 'must have at least one user; omit `ami` to disable AMI');
  }
  ami.users.forEach((u, i) => {
    const field = `ami.users.${i}`;
    problems.name(`${field}.username`, u.username);
    if (u.secret.length === 0) problems.add(`${field}.secret`, 'must not be empty');
    else if (CONF_VALUE_BREAKER.test(u.secret)) {
      problems.add(
        `${field}.secret`,
        'must not contain spaces, control characters, ";" or "#" (they end a value in manager.conf)',
      );
    }
    u.permit.forEach((p, j) => {
      problems.network(`${field}.permit.${j}`, p, '10.0.0.5, 10.0.0.0/8, 10.0.0.0/255.0.0.0 or fd00::/64');
    });
    for (const k of ['read', 'write'] as const) {
      if (!CLASSES.test(u[k])) {
        problems.add(`${field}.${k}`, 'must be comma-separated class names such as call,dialplan,system');
      }
    }
  });
}
