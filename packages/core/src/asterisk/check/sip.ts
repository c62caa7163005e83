/**
 * `sip`: the SIP transports and codecs (pjsip.conf).
 *
 * @internal
 */
import type { ResolvedConfig } from '../resolve-config.js';
import type { ConfigProblems } from './config-problems.js';

/** An Asterisk codec name. */
const CODEC = /^[a-z0-9_]+$/;

export function checkSip({ sip }: ResolvedConfig, problems: ConfigProblems): void {
  problems.bind('sip.bindAddress', sip.bindAddress);
  problems.port('sip.udpPort', sip.udpPort);
  problems.port('sip.tcpPort', sip.tcpPort);
  problems.port('sip.tlsPort', sip.tlsPort);
  if (sip.tlsPort !== null && sip.tlsPort === sip.tcpPort) {
    problems.add('sip.tlsPort', 'must differ from sip.tcpPort');
  }
  if (sip.codecs.length === 0) {
    problems.add('sip.codecs', 'must list at least one codec, e.g. ["opus", "ulaw"]');
  }
  sip.codecs.forEach((c, i) => {
    if (!CODEC.test(c)) {
      problems.add(`sip.codecs.${i}`, 'must be an Asterisk codec name such as opus, ulaw or alaw');
    }
  });
}
