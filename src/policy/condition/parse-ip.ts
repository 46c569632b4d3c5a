/**
 * IPv4/IPv6 addresses and CIDR blocks for `IpAddress` / `NotIpAddress` (aws-behaviour.md §7.3): a bare
 * address means /32 (/128). Addresses are held as bigint so one comparison serves both families.
 * An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is treated as the IPv4 address it carries.
 */
export interface IpValue {
  readonly v6: boolean;
  readonly bits: bigint;
}

export interface CidrValue {
  readonly v6: boolean;
  readonly network: bigint;
  readonly mask: bigint;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(text: string): bigint | undefined {
  const m = V4.exec(text);
  if (m === null) return undefined;
  let out = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    out = (out << 8n) | BigInt(octet);
  }
  return out;
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

function parseV6(text: string): bigint | undefined {
  const zone = text.indexOf('%');
  const bare = zone >= 0 ? text.slice(0, zone) : text;
  const halves = bare.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  let out = 0n;
  for (const group of [...head, ...new Array<number>(missing).fill(0), ...tail]) out = (out << 16n) | BigInt(group);
  return out;
}

export function parseIp(text: string): IpValue | undefined {
  const trimmed = text.trim();
  const v4 = parseV4(trimmed);
  if (v4 !== undefined) return { v6: false, bits: v4 };
  if (!trimmed.includes(':')) return undefined;
  const v6 = parseV6(trimmed);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { v6: false, bits: v6 & 0xffffffffn };
  return { v6: true, bits: v6 };
}

export function parseCidr(text: string): CidrValue | undefined {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === undefined) return undefined;
  const width = ip.v6 ? 128 : 32;
  let prefix = width;
  if (slash >= 0) {
    const suffix = text.slice(slash + 1).trim();
    if (!/^\d{1,3}$/.test(suffix)) return undefined;
    prefix = Number(suffix);
    // A mapped IPv4 block (`::ffff:10.0.0.0/104`) counts its prefix over 128 bits.
    if (!ip.v6 && text.includes(':')) prefix -= 96;
    if (prefix < 0 || prefix > width) return undefined;
  }
  const all = (1n << BigInt(width)) - 1n;
  const mask = all ^ ((1n << BigInt(width - prefix)) - 1n);
  return { v6: ip.v6, network: ip.bits & mask, mask };
}

export function cidrContains(cidr: CidrValue, ip: IpValue): boolean {
  return cidr.v6 === ip.v6 && (ip.bits & cidr.mask) === cidr.network;
}
