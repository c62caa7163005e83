/**
 * IP literals and networks: the one rule for an address, used by the publishing objects' host
 * checks and by the Asterisk config generator (bind addresses, ACLs, trunk matches). Not exported
 * from the package.
 *
 * @internal
 */

/** True for a dotted-quad IPv4 address: four numbers 0–255 without leading zeros. */
export function isIpv4(value: string): boolean {
  const parts = value.split('.');
  return (
    parts.length === 4 && parts.every((part) => /^(?:0|[1-9][0-9]{0,2})$/.test(part) && Number(part) <= 255)
  );
}

const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

/** True for an IPv6 address literal without brackets or zone (`::`, `::1`, `2001:db8::5`, `::ffff:10.0.0.1`). */
export function isIpv6(value: string): boolean {
  if (value.length < 2 || value.length > 45 || value.includes(':::')) return false;
  // A single colon may not open or close the address; only `::` may.
  if (/^:[^:]/.test(value) || /[^:]:$/.test(value)) return false;
  let groups = value.split(':');
  const last = groups[groups.length - 1] ?? '';
  let width = 0;
  if (last.includes('.')) {
    if (!isIpv4(last)) return false;
    groups = groups.slice(0, -1);
    width = 2;
  }
  const gap = value.indexOf('::');
  if (gap !== value.lastIndexOf('::')) return false;
  const head = gap === -1 ? groups : groups.filter((g) => g !== '');
  if (!head.every((g) => HEXTET.test(g))) return false;
  width += head.length;
  return gap === -1 ? width === 8 : width <= 7;
}

/** True for an IPv4 or IPv6 address literal. */
export function isIp(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

/**
 * True for an address or network as Asterisk ACLs and PJSIP `identify` take them: an IPv4 address,
 * `a.b.c.d/nn` or `a.b.c.d/m.m.m.m`, an IPv6 address, or `addr/nnn` (0–128).
 */
export function isNetwork(value: string): boolean {
  const [ip, mask, ...rest] = value.split('/');
  if (rest.length > 0 || ip === undefined) return false;
  if (isIpv4(ip)) return mask === undefined || isIpv4(mask) || (/^\d{1,2}$/.test(mask) && Number(mask) <= 32);
  if (isIpv6(ip)) return mask === undefined || (/^\d{1,3}$/.test(mask) && Number(mask) <= 128);
  return false;
}

/** `host:port`, with an IPv6 address in brackets: `0.0.0.0:5060`, `[::]:5060`. */
export function hostPort(address: string, port: number): string {
  return isIpv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

/** True for an address that only the host itself can reach: `127.0.0.0/8` or `::1`. */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') ? isIpv4(address) : address === '::1';
}
