/**
 * `ari.conf` and `websocket_client.conf`: the ARI user, and with ARI outbound WebSockets the
 * connection Asterisk opens to the app.
 *
 * @internal
 */
import { type ConfEntry, fileHeader, renderConf } from './conf-writer.js';
import type { ResolvedConfig } from './resolve-config.js';

/** The websocket_client.conf section Asterisk's outbound ARI connection uses. */
export const OUTBOUND_CLIENT = 'aipbx-app';

/** How long Asterisk waits between tries of an outbound connection, ms. Not an option. */
const RECONNECT_INTERVAL_MS = 500;

export function ariConf(r: ResolvedConfig): string {
  const { pbx } = r.input;
  const outbound = r.ariOutbound;
  return renderConf('ari.conf', fileHeader(r), [
    {
      name: 'general',
      entries: [
        ['enabled', 'yes'],
        ['pretty', 'no'],
      ],
    },
    {
      name: pbx.ariUsername,
      comment: ['The user the aipbx ARI backend logs in as.'],
      entries: [
        ['type', 'user'],
        ['read_only', 'no'],
        ['password', pbx.ariPassword],
        ['password_format', 'plain'],
      ],
    },
    ...(outbound === undefined
      ? []
      : [
          {
            name: 'aipbx-outbound',
            comment: [
              `Asterisk connects to the app (${outbound.connection}) for the Stasis app ${r.dialplan.stasisApp};`,
              'REST requests come back over the same WebSocket, acting as the user above.',
            ],
            entries: [
              ['type', 'outbound_websocket'],
              ['websocket_client_id', OUTBOUND_CLIENT],
              ['apps', r.dialplan.stasisApp],
              ['subscribe_all', 'no'],
              ['local_ari_user', pbx.ariUsername],
            ] as ConfEntry[],
          },
        ]),
  ]);
}

export function websocketClientConf(r: ResolvedConfig): string {
  const o = r.ariOutbound;
  if (o === undefined) return renderConf('websocket_client.conf', fileHeader(r), []);
  const tls = o.uri.startsWith('wss:');
  const verify = o.verifyServer ? 'yes' : 'no';
  return renderConf('websocket_client.conf', fileHeader(r), [
    {
      name: OUTBOUND_CLIENT,
      comment: [
        'The aipbx app (or the load balancer in front of its instances) for ARI outbound WebSockets.',
      ],
      entries: [
        ['type', 'websocket_client'],
        ['uri', o.uri],
        ['protocols', 'ari'],
        ['username', o.username],
        ['password', o.password],
        ['connection_type', o.connection === 'per-call' ? 'per_call_config' : 'persistent'],
        ['connection_timeout', o.connectTimeoutMs],
        ['reconnect_interval', RECONNECT_INTERVAL_MS],
        ['reconnect_attempts', o.reconnectAttempts],
        ['tls_enabled', tls ? 'yes' : 'no'],
        ...(tls
          ? ([
              ['verify_server_cert', verify],
              ['verify_server_hostname', verify],
            ] as ConfEntry[])
          : []),
      ],
    },
  ]);
}
