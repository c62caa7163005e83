/**
 * The UDP ports a process still holds, from Linux's /proc: what the SIP service leaves bound in its
 * RTP range once every call ended.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** `{ port, inode }` of every socket in the text of /proc/net/udp or /proc/net/udp6. */
export function parseProcNetUdp(text: string): { port: number; inode: number }[] {
  const out: { port: number; inode: number }[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    const local = fields[1];
    const inode = Number(fields[9]);
    if (local === undefined || !local.includes(':') || !Number.isInteger(inode)) continue;
    const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
    if (Number.isInteger(port)) out.push({ port, inode });
  }
  return out;
}

/** Socket inodes among a process's open files (`/proc/<pid>/fd/* → socket:[inode]`). */
export function socketInodes(links: readonly string[]): Set<number> {
  const inodes = new Set<number>();
  for (const link of links) {
    const m = /^socket:\[(\d+)\]$/.exec(link);
    if (m) inodes.add(Number(m[1]));
  }
  return inodes;
}

/** How many UDP sockets of `pid` are bound to a port within `min`–`max`; undefined when /proc cannot say. */
export function udpPortsHeld(pid: number, min: number, max: number): number | undefined {
  try {
    const dir = `/proc/${pid}/fd`;
    const links = readdirSync(dir).map((fd) => {
      try {
        return readlinkSync(`${dir}/${fd}`);
      } catch {
        return '';
      }
    });
    const mine = socketInodes(links);
    const sockets = ['/proc/net/udp', '/proc/net/udp6'].flatMap((file) => {
      try {
        return parseProcNetUdp(readFileSync(file, 'utf8'));
      } catch {
        return [];
      }
    });
    return sockets.filter((s) => mine.has(s.inode) && s.port >= min && s.port <= max).length;
  } catch {
    return undefined;
  }
}
