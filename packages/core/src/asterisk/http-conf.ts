/**
 * `http.conf`: Asterisk's HTTP server, which ARI and the WebSocket SIP transports ride on.
 *
 * @internal
 */
import { hostPort } from '../rules/ip-address.js';
import { fileHeader, renderConf } from './conf-writer.js';
import type { ResolvedConfig } from './resolve-config.js';

export function httpConf(r: ResolvedConfig): string {
  const { http } = r;
  return renderConf('http.conf', fileHeader(r), [
    {
      name: 'general',
      comment: [
        'TLS is mandatory: browsers allow WebRTC signalling only over WSS. The plain port carries ARI',
        'credentials and SIP in clear text: keep it on the host (the default) or a private network.',
        'Every WebSocket (browser SIP, call media, ARI) holds one of the sessionlimit sessions for its life.',
      ],
      entries: [
        ['enabled', 'yes'],
        ['bindaddr', http.bindAddress],
        ['bindport', http.port],
        ['tlsenable', 'yes'],
        ['tlsbindaddr', hostPort(http.tlsBindAddress, http.tlsPort)],
        ['tlscertfile', http.certFile],
        ['tlsprivatekey', http.keyFile],
        ['sessionlimit', http.sessionLimit],
      ],
    },
  ]);
}
