import { ValidationError } from '../errors/validation-error.js';
import { ariConf, websocketClientConf } from './ari-conf.js';
import type { AsteriskConfigFiles, AsteriskConfigInput } from './asterisk-config-options.js';
import { checkConfig } from './check-config.js';
import { extensionsConf } from './extensions-conf.js';
import { httpConf } from './http-conf.js';
import { managerConf } from './manager-conf.js';
import { pjsipConf } from './pjsip-conf.js';
import { resolveConfig } from './resolve-config.js';

/**
 * Generates the Asterisk configuration for a PBX and what is published on it: `ari.conf`,
 * `http.conf` (TLS on; the plain port on loopback), `pjsip.conf` (WS/WSS transports, WebRTC
 * endpoints with DTLS, widgets confined to the assistant context, every public endpoint limited to
 * INVITE, trunks identified by address only), `extensions.conf` (assistant contexts that accept
 * only the assistants' exact extensions, then recording and `Stasis(aiPBXBot,${ASSISTANTID})`, with
 * per-endpoint call limits and an apology when the app is not connected) and `manager.conf` (AMI
 * on loopback, users denied everywhere but their permitted networks, least-privilege classes).
 *
 * The output is deterministic: the same input always gives the same text.
 *
 * @throws {@link ValidationError} listing every problem in the input.
 *
 * @example
 * ```ts
 * const files = generateAsteriskConfig({ pbx, widgets: [widget], ami: { users: [{ username: 'app', secret }] } });
 * for (const [name, text] of Object.entries(files)) await writeFile(`/etc/asterisk/${name}`, text);
 * ```
 */
export function generateAsteriskConfig(input: AsteriskConfigInput): AsteriskConfigFiles {
  const r = resolveConfig(input);
  const problems = checkConfig(r);
  if (problems.length > 0) throw new ValidationError('Asterisk config input', problems);
  return {
    'ari.conf': ariConf(r),
    'websocket_client.conf': websocketClientConf(r),
    'http.conf': httpConf(r),
    'pjsip.conf': pjsipConf(r),
    'extensions.conf': extensionsConf(r),
    'manager.conf': managerConf(r),
  };
}
