/**
 * `manager.conf`: AMI, local by default, each user denied everywhere but its permitted networks.
 *
 * @internal
 */
import { DEFAULT_AMI_READ, DEFAULT_AMI_WRITE } from './asterisk-config-options.js';
import { type ConfEntry, type ConfSection, renderConf } from './conf-writer.js';
import { fileHeader } from './http-conf.js';
import { hostPort } from './ip-address.js';
import type { ResolvedConfig } from './resolve-config.js';

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
          ...(u.read === DEFAULT_AMI_READ && u.write === DEFAULT_AMI_WRITE
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
