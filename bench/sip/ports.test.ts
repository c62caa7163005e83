import { describe, expect, it } from 'vitest';
import { parseProcNetUdp, socketInodes } from './ports.js';

const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  123: 0100007F:BB80 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0
  124: 0100007F:BB81 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4243 2 0000000000000000 0
  125: 0100007F:13C4 0300007F:A1B2 01 00000000:00000000 00:00000000 00000000     0        0 999 2 0000000000000000 0
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
   10: 00000000000000000000000000000000:BB82 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 77 2 0000000000000000 0
`;

describe('parseProcNetUdp', () => {
  it('reads each socket’s local port and inode, IPv4 and IPv6', () => {
    expect(parseProcNetUdp(UDP)).toEqual([
      { port: 48_000, inode: 4242 },
      { port: 48_001, inode: 4243 },
      { port: 5060, inode: 999 },
    ]);
    expect(parseProcNetUdp(UDP6)).toEqual([{ port: 48_002, inode: 77 }]);
    expect(parseProcNetUdp('header only\n')).toEqual([]);
  });
});

describe('socketInodes', () => {
  it('keeps the sockets among a process’s open files', () => {
    expect([...socketInodes(['socket:[4242]', '/dev/null', 'pipe:[5]', 'socket:[77]', ''])]).toEqual([
      4242, 77,
    ]);
  });
});
