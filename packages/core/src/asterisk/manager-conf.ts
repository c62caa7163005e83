/**
 * `manager.conf`: AMI, local by default, each user denied everywhere but its permitted networks.
 *
 * @internal
 */
import { hostPort } from '../rules/ip-address.js';
import { type ConfEntry, type ConfSection, fileHeader, renderConf } from './conf-writer.js';
import { DEFAULTS, type ResolvedConfig } from './resolve-config.js';

export function managerConf(r: ResolvedConfig): string {
  const { ami, http } = r;
  if (!ami) {
    return renderConf('manager.conf', fileHeader(r), [{ name: 'general', entries: [['enabled', 'no']] }]);
  }
  const general: ConfEntry[] = [
    ['enabled', 'yes'],
    ['bindaddr', ami.bindAddress],
    ['port', ami.port],
    ['displayconnects', 'no'],
  ];
  if (ami.tlsPort !== null) {
    general.push(
      ['tlsenable', 'yes'],
      ['tlsbindaddr', hostPort(ami.bindAddress, ami.tlsPort)],
      ['tlscertfile', http.certFile],
      ['tlsprivatekey', http.keyFile],
    );
  }
  return renderConf('manager.conf', fileHeader(r), [
    { name: 'general', entries: general },
    ...ami.users.map(
      (u): ConfSection => ({
        name: u.username,
        comment: [
          'Every IPv4 and IPv6 address is denied except the permitted networks.',
          ...(u.read === DEFAULTS.amiUser.read && u.write === DEFAULTS.amiUser.write
            ? ['The classes are what the call monitor needs; system, command and config are left out.']
            : []),
        ],
        entries: [
          ['secret', u.secret],
          ['deny', '0.0.0.0/0.0.0.0'],
          ['deny', '::/0'],
          ...u.permit.map((p): ConfEntry => ['permit', p]),
          ['read', u.read],
          ['write', u.write],
        ],
      }),
    ),
  ]);
}
