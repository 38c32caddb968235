import * as ipaddr from 'ipaddr.js';
import { ErrorScope, fail } from './errors';

/** An IP family. */
export type IpFamily = 'IPv4' | 'IPv6';

/** A parsed, normalised CIDR (host bits must be zero). `first`/`last` are the numeric bounds. */
export interface Cidr {
  readonly family: IpFamily;
  readonly text: string;
  readonly prefixLength: number;
  readonly first: bigint;
  readonly last: bigint;
}

/** An inclusive numeric address range of one family. */
export interface IpRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
  /** The text the range was given as (a CIDR or `start-end`). */
  readonly text: string;
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  const bytes = addr.toByteArray();
  if (bytes.length === 4) return BigInt(((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0);
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/** A parsed address. */
type ParsedIp = Readonly<{ family: IpFamily; value: bigint }>;

/**
 * Parsed addresses by text. Policies, pools and node specs repeat the same addresses and CIDRs (`0.0.0.0/0`, DNS
 * servers, site ranges) thousands of times in a large App, and ipaddr.js allocates for every parse. Bounded: cleared
 * when full.
 */
const PARSED = new Map<string, ParsedIp | undefined>();
const PARSED_MAX = 4096;

/**
 * A strict IPv4 dotted quad: four decimal parts from 0 to 255 without leading zeros, what ipaddr.js'
 * `IPv4.isValidFourPartDecimal` accepts. Matched here directly: ipaddr.js runs several regular expressions and
 * allocates an object per parse, and node addresses, pool ranges and Egress IPs are mostly distinct in a large App.
 */
const IPV4_DOTTED_QUAD = /^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$/;

function parseIpv4(text: string): bigint | undefined {
  const m = IPV4_DOTTED_QUAD.exec(text);
  if (m === null) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const c = Number(m[3]);
  const d = Number(m[4]);
  if (a > 255 || b > 255 || c > 255 || d > 255) return undefined;
  return BigInt(((a << 24) | (b << 16) | (c << 8) | d) >>> 0);
}

/** Parses a strict IP address (IPv4 dotted quad or IPv6); undefined when invalid. @internal */
export function parseIp(text: string): ParsedIp | undefined {
  if (typeof text !== 'string') return undefined;
  const cached = PARSED.get(text);
  if (cached !== undefined || PARSED.has(text)) return cached; // an invalid text is cached as undefined
  let out: ParsedIp | undefined;
  const v4 = parseIpv4(text);
  if (v4 !== undefined) out = Object.freeze({ family: 'IPv4', value: v4 });
  else if (text.includes(':') && ipaddr.IPv6.isValid(text) && !text.includes('%')) {
    let value = toBigInt(ipaddr.IPv6.parse(text));
    // ipaddr.js reads "::a.b.c.d" (an IPv4-compatible address, RFC 4291 2.5.5.1) as "::ffff:a.b.c.d"; Go's
    // net.ParseIP, which Antrea and the API server use, keeps the upper 96 bits zero.
    if (/^::\d/.test(text) && text.lastIndexOf(':') === 1) value &= 0xffffffffn;
    out = Object.freeze({ family: 'IPv6', value });
  }
  if (PARSED.size >= PARSED_MAX) PARSED.clear();
  PARSED.set(text, out);
  return out;
}

/** The CIDR `text`, or the reason it is not a valid CIDR (with host bits zero): one parse for both questions. */
function readCidr(text: string): Cidr | string {
  if (typeof text !== 'string' || !text.includes('/')) return 'a CIDR such as 10.0.0.0/24 or fd00::/64 (the prefix length is missing)';
  const parts = text.split('/');
  if (parts.length !== 2) return 'a CIDR such as 10.0.0.0/24 or fd00::/64 (exactly one "/")';
  const [addr, len] = parts;
  const ip = parseIp(addr);
  if (!ip || !/^\d{1,3}$/.test(len)) return 'a CIDR such as 10.0.0.0/24 or fd00::/64';
  const bits = ip.family === 'IPv4' ? 32 : 128;
  const prefixLength = Number(len);
  if (prefixLength > bits) return `a prefix length from 0 to ${bits}`;
  const size = 1n << BigInt(bits - prefixLength);
  if ((ip.value & (size - 1n)) !== 0n) return 'a CIDR whose host bits are zero (a network address)';
  return { family: ip.family, text, prefixLength, first: ip.value, last: ip.value + size - 1n };
}

/** The reason `text` is not a valid CIDR (with host bits zero), or undefined when it is. @internal */
export function cidrProblem(text: string): string | undefined {
  const c = readCidr(text);
  return typeof c === 'string' ? c : undefined;
}

/** Parses a CIDR or throws a ValidationError naming `scope` and `field`. @internal */
export function parseCidr(scope: ErrorScope, field: string, text: string): Cidr {
  const c = readCidr(text);
  if (typeof c === 'string') fail(scope, field, text, c);
  return c;
}

/** Parses an IP address or throws a ValidationError naming `scope` and `field`. @internal */
export function requireIp(scope: ErrorScope, field: string, text: string, family?: IpFamily): { family: IpFamily; value: bigint } {
  const ip = parseIp(text);
  if (!ip) fail(scope, field, text, family ? `an ${family} address` : 'an IPv4 or IPv6 address');
  if (family && ip.family !== family) fail(scope, field, text, `an ${family} address (the other addresses here are ${family})`);
  return ip;
}

/**
 * Parses a range given as a CIDR or as `start-end` (same family, start <= end). The text is used as given elsewhere
 * (manifests, config files), so whitespace is refused rather than trimmed.
 * @internal
 */
export function parseIpRange(scope: ErrorScope, field: string, text: string): IpRange {
  if (typeof text === 'string' && /\s/.test(text)) fail(scope, field, text, 'a range "<start IP>-<end IP>" or a CIDR, without spaces');
  if (typeof text === 'string' && text.includes('-') && !text.includes('/')) {
    const parts = text.split('-');
    const start = parts.length === 2 ? parseIp(parts[0]) : undefined;
    const end = parts.length === 2 ? parseIp(parts[1]) : undefined;
    if (!start || !end) fail(scope, field, text, 'a range "<start IP>-<end IP>" or a CIDR');
    if (start.family !== end.family) fail(scope, field, text, 'a range whose start and end are of the same IP family');
    if (start.value > end.value) fail(scope, field, text, 'a range whose start is not after its end');
    return { family: start.family, first: start.value, last: end.value, text };
  }
  const c = parseCidr(scope, field, text);
  return { family: c.family, first: c.first, last: c.last, text };
}

/** True when `inner` lies entirely inside `outer` (same family). @internal */
export function rangeContains(outer: IpRange | Cidr, inner: IpRange | Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/** True when the address lies inside the range. @internal */
export function rangeContainsIp(range: IpRange | Cidr, ip: { family: IpFamily; value: bigint }): boolean {
  return range.family === ip.family && range.first <= ip.value && ip.value <= range.last;
}

/**
 * Finds overlapping ranges in O(n log n): sorts by family and start, then compares neighbours.
 * Returns the pairs that overlap (each as indexes into `ranges`, first the earlier start).
 * @internal
 */
export function findOverlaps(ranges: ReadonlyArray<IpRange | Cidr>): Array<[number, number]> {
  const idx = ranges.map((_, i) => i);
  idx.sort((a, b) => {
    const ra = ranges[a];
    const rb = ranges[b];
    if (ra.family !== rb.family) return ra.family < rb.family ? -1 : 1;
    return ra.first < rb.first ? -1 : ra.first > rb.first ? 1 : 0;
  });
  const out: Array<[number, number]> = [];
  let maxIdx = -1;
  for (const i of idx) {
    if (maxIdx >= 0 && ranges[maxIdx].family === ranges[i].family && ranges[i].first <= ranges[maxIdx].last) out.push([maxIdx, i]);
    if (maxIdx < 0 || ranges[maxIdx].family !== ranges[i].family || ranges[i].last > ranges[maxIdx].last) maxIdx = i;
  }
  return out;
}

/** A kind of address that is never a host's own unicast address. @internal */
export type SpecialAddressKind = 'unspecified' | 'loopback' | 'multicast' | 'broadcast';

const V4_SPECIAL: Array<[SpecialAddressKind, bigint, bigint, string]> = [
  ['unspecified', 0x00000000n, 0x00ffffffn, '0.0.0.0/8'],
  ['loopback', 0x7f000000n, 0x7fffffffn, '127.0.0.0/8'],
  ['multicast', 0xe0000000n, 0xefffffffn, '224.0.0.0/4'],
  ['broadcast', 0xffffffffn, 0xffffffffn, '255.255.255.255'],
];
const V6_SPECIAL: Array<[SpecialAddressKind, bigint, bigint, string]> = [
  ['unspecified', 0n, 0n, '::'],
  ['loopback', 1n, 1n, '::1'],
  ['multicast', 0xffn << 120n, (1n << 128n) - 1n, 'ff00::/8'],
];

/**
 * Whether `ip` is an unspecified (`0.0.0.0/8`, `::`), loopback (`127.0.0.0/8`, `::1`), multicast (`224.0.0.0/4`,
 * `ff00::/8`) or limited-broadcast (`255.255.255.255`) address: none of them can be a host's or a gateway's own
 * address. Returns the kind and the block it is in, or undefined for any other address.
 * @internal
 */
export function specialAddress(ip: { family: IpFamily; value: bigint }): { kind: SpecialAddressKind; block: string } | undefined {
  for (const [kind, first, last, block] of ip.family === 'IPv4' ? V4_SPECIAL : V6_SPECIAL) {
    if (first <= ip.value && ip.value <= last) return { kind, block };
  }
  return undefined;
}

/** Formats a numeric address back to text. @internal */
export function formatIp(family: IpFamily, value: bigint): string {
  if (family === 'IPv4') {
    const n = Number(value & 0xffffffffn);
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}
