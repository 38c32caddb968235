/**
 * Property tests: the library's validators agree with independent references (Node's `net` module for IPs and CIDRs,
 * the Kubernetes label rules written out character by character), and the YAML renderers round-trip arbitrary strings.
 */
import * as net from 'net';
import { Chart, Testing, Yaml } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import fc from 'fast-check';
import { parse } from 'yaml';
import { ClusterGroup } from '../../lib/antrea/cluster-group';
import { ClusterNetworkPolicy } from '../../lib/antrea/cluster-network-policy';
import { AppliedTo, Peer } from '../../lib/antrea/peer';
import { RuleAction } from '../../lib/antrea/policy-base';
import { Port } from '../../lib/antrea/port';
import { LabelSelector } from '../../lib/antrea/selectors';
import { ValidationError } from '../../lib/core/errors';
import { cidrProblem, parseCidr, parseIp, rangeContainsIp } from '../../lib/core/ip';
import { labelValueProblem, qualifiedNameProblem } from '../../lib/core/names';
import { toYaml } from '../../lib/core/synth';
import { validateManifests } from '../../lib/core/validation';

const RUNS = { numRuns: 300 };

// --- references written from the Kubernetes rules (apimachinery validation.IsQualifiedName / IsValidLabelValue) ---
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
function refNamePart(s: string): boolean {
  if (s.length === 0 || s.length > 63) return false;
  if (!isAlnum(s[0]) || !isAlnum(s[s.length - 1])) return false;
  return [...s].every((c) => isAlnum(c) || c === '-' || c === '_' || c === '.');
}
function refDnsSubdomain(s: string): boolean {
  if (s.length === 0 || s.length > 253) return false;
  return s
    .split('.')
    .every(
      (l) =>
        l.length > 0 &&
        l.length <= 63 &&
        /^[a-z0-9]$/.test(l[0]) &&
        /^[a-z0-9]$/.test(l[l.length - 1]) &&
        [...l].every((c) => /^[a-z0-9-]$/.test(c)),
    );
}
function refQualifiedName(s: string): boolean {
  const parts = s.split('/');
  if (parts.length === 1) return refNamePart(parts[0]);
  if (parts.length === 2) return refDnsSubdomain(parts[0]) && refNamePart(parts[1]);
  return false;
}
const refLabelValue = (s: string) => s.length === 0 || refNamePart(s);

const labelish = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_./ '.split('')), maxLength: 70 });

describe('validators agree with references', () => {
  test('IP addresses: parseIp values equal the address bytes, on first and repeated (cached) calls', () => {
    // Reference: the address computed from its text form with plain digit math (RFC 4291 2.2, embedded IPv4 included).
    const refValue = (s: string): bigint => {
      if (net.isIPv4(s)) return s.split('.').reduce((n, o) => (n << 8n) | BigInt(Number(o)), 0n);
      const [head, tail = ''] = s.includes('::') ? s.split('::') : [s, undefined as unknown as string];
      const groups = (x: string): string[] => (x === '' ? [] : x.split(':'));
      let h = groups(head);
      let t = s.includes('::') ? groups(tail) : [];
      const v4 = (g: string[]): string[] => {
        const last = g[g.length - 1];
        if (last === undefined || !last.includes('.')) return g;
        const b = last.split('.').map(Number);
        return [...g.slice(0, -1), ((b[0] << 8) | b[1]).toString(16), ((b[2] << 8) | b[3]).toString(16)];
      };
      if (t.length > 0) t = v4(t);
      else h = v4(h);
      const all = s.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
      return all.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
    };
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (s) => {
        const first = parseIp(s);
        expect(first?.value).toBe(refValue(s));
        expect(first?.family).toBe(net.isIPv4(s) ? 'IPv4' : 'IPv6');
        expect(parseIp(s)).toEqual(first);
      }),
      { ...RUNS, numRuns: 5000 }, // more distinct addresses than the cache holds, so it is cleared on the way
    );
    expect(parseIp('255.255.255.255')?.value).toBe(0xffffffffn);
    expect(parseIp('128.0.0.1')?.value).toBe(0x80000001n);
  });

  test('IP addresses: parseIp accepts exactly what net.isIP accepts (no zone ids)', () => {
    const candidates = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4Extended(),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef:.%'.split('')), maxLength: 40 }),
    );
    fc.assert(
      fc.property(candidates, (s) => {
        const ref = net.isIP(s) !== 0 && !s.includes('%');
        expect(parseIp(s) !== undefined).toBe(ref);
      }),
      RUNS,
    );
  });

  test('CIDR membership agrees with net.BlockList for IPv4 and IPv6', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4()),
          fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 }), fc.ipV6()),
        ),
        ([base, len, probe]) => {
          const family = net.isIPv4(base) ? 'ipv4' : 'ipv6';
          const list = new net.BlockList();
          list.addSubnet(base, len, family);
          // the library insists on a network address; build it from the reference's view of the subnet
          const text = `${base}/${len}`;
          if (cidrProblem(text) !== undefined) {
            // host bits set: the library refuses it (and says so) rather than silently masking
            expect(() => parseCidr('test', 'cidr', text)).toThrow(ValidationError);
            return;
          }
          expect(rangeContainsIp(parseCidr('test', 'cidr', text), parseIp(probe)!)).toBe(list.check(probe, family));
        },
      ),
      RUNS,
    );
  });

  test('ports: a policy rule accepts exactly the port numbers 1-65535 (validated with the rule, naming its path)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -10, max: 70000 }), fc.double({ noNaN: false })), (n) => {
        const ok = Number.isInteger(n) && n >= 1 && n <= 65535;
        const run = () => {
          const chart = Testing.chart();
          const p = new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(LabelSelector.all())] });
          p.addIngressRule({ action: RuleAction.ALLOW, ports: [Port.tcp(n)], from: [Peer.pods(LabelSelector.all())] });
          return Testing.synth(chart);
        };
        if (ok) expect(validateManifests(run()).problems).toEqual([]);
        else expect(run).toThrow(/\[test\/P\] ingress\[0\]\.ports\[0\]\.port: got .*, expected/);
      }),
      RUNS,
    );
  });

  test('label keys and values follow the Kubernetes rules', () => {
    fc.assert(
      fc.property(labelish, labelish, (key, value) => {
        expect(qualifiedNameProblem(key) === undefined).toBe(refQualifiedName(key));
        expect(labelValueProblem(value) === undefined).toBe(refLabelValue(value));
      }),
      RUNS,
    );
  });

  test('label selectors: a ClusterGroup accepts a selector exactly when every key and value is valid', () => {
    fc.assert(
      fc.property(labelish, labelish, (key, value) => {
        const chart = Testing.chart();
        const build = () => new ClusterGroup(chart, 'G', { podSelector: LabelSelector.matchLabels({ [key]: value }) });
        const ok = refQualifiedName(key) && refLabelValue(value);
        if (ok) {
          build();
          expect(validateManifests(Testing.synth(chart)).problems).toEqual([]);
        } else {
          expect(() => {
            build();
            Testing.synth(chart);
          }).toThrow(/\[test\/G\] podSelector.*: got .*, expected/);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('YAML renderers round-trip arbitrary strings', () => {
  test('ConfigMap data written by the synth writer parses back unchanged (quotes, backslashes, ;, #, newlines, whitespace, unicode)', () => {
    const value = fc.string({
      unit: fc.oneof(
        fc.constantFrom('"', "'", '\\', ';', '#', '\n', '\n', '\t', ':', '-', ' ', ' ', '{', '}', '*', '&', '!', '%', '@', '`'),
        fc.constantFrom('é', 'ü', '中', '🙂', 'a', '0'),
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(value, (v) => {
        const chart = new Chart(Testing.app(), 'c');
        new k8s.KubeConfigMap(chart, 'cm', { metadata: { name: 'cm' }, data: { k: v } });
        const text = toYaml(chart.toJson());
        expect(parse(text, { version: '1.1' }).data.k).toBe(v);
      }),
      { numRuns: 2000 },
    );
  });

  test('regression: whitespace-only multi-line values (which cdk8s Yaml.stringify writes unreadably) round-trip', () => {
    for (const v of [' \n', '  \t\n', '\n \n', ' \n\n\t\n']) {
      const text = toYaml([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { k: v } }]);
      expect(parse(text, { version: '1.1' }).data.k).toBe(v);
    }
    // everything else is written exactly as cdk8s writes it
    const plain = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'x\ny\n', b: 'yes', c: '' } }];
    expect(toYaml(plain)).toBe(Yaml.stringify(...plain));
  });
});
