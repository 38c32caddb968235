// formatIp has its own IPv4 path (no ipaddr.js); isDns1123Subdomain is one regular expression. Both are checked here
// against a reference written the long way.
import fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { formatIp, parseIp } from '../../lib/core/ip';
import { isDns1123Subdomain } from '../../lib/core/names';

describe('formatIp', () => {
  test('IPv4: the dotted quad of the value, as ipaddr.js writes it, for any 32-bit value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const bytes = [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
        expect(formatIp('IPv4', BigInt(n))).toBe(ipaddr.fromByteArray(bytes).toString());
      }),
      { numRuns: 2000 },
    );
    expect(formatIp('IPv4', 0n)).toBe('0.0.0.0');
    expect(formatIp('IPv4', 0xffffffffn)).toBe('255.255.255.255');
    expect(formatIp('IPv4', 0x0a64000an)).toBe('10.100.0.10');
  });

  test('IPv4 and IPv6: formatIp(parseIp(text)) gives back a canonical address text', () => {
    fc.assert(
      fc.property(fc.ipV4(), (s) => {
        expect(formatIp('IPv4', parseIp(s)!.value)).toBe(s);
      }),
      { numRuns: 1000 },
    );
    expect(formatIp('IPv6', parseIp('fd00::1')!.value)).toBe('fd00::1');
  });
});

describe('isDns1123Subdomain', () => {
  // Kubernetes' rule: labels of [a-z0-9] with inner "-", joined by "."; at most 253 characters.
  const reference = (s: string): boolean => s.length <= 253 && s.split('.').every((label) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(label));

  test('agrees with the label-by-label reference', () => {
    const text = fc.string({ unit: fc.constantFrom(...'ab09-.A_'.split('')), maxLength: 30 });
    fc.assert(
      fc.property(text, (s) => {
        expect(isDns1123Subdomain(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
    expect(isDns1123Subdomain('a.b-c.d')).toBe(true);
    expect(isDns1123Subdomain('a..b')).toBe(false);
    expect(isDns1123Subdomain('.a')).toBe(false);
    expect(isDns1123Subdomain('a-.b')).toBe(false);
    expect(isDns1123Subdomain('')).toBe(false);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`)).toBe(true);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`)).toBe(false);
  });
});
