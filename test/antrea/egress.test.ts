import { Chart, Testing } from 'cdk8s';
import {
  AntreaConfig,
  Egress,
  ExternalIPPool,
  LabelExpression,
  LabelSelector,
  LabelSelectorOperator,
  SelectorOperator,
} from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

describe('ExternalIPPool + Egress', () => {
  test('one selector model: Egress and ExternalIPPool take LabelSelector like policies (the plain form is deprecated but equal)', () => {
    expect(SelectorOperator).toBe(LabelSelectorOperator);
    const typed = Testing.chart();
    const pool = new ExternalIPPool(typed, 'Pool', {
      name: 'p',
      ipRanges: ['10.10.0.2-10.10.0.20'],
      nodeSelector: LabelSelector.of({ labels: { 'network-role': 'egress-gateway' }, expressions: [LabelExpression.exists('zone')] }),
    });
    new Egress(typed, 'Egress', {
      name: 'e',
      appliedTo: { namespaceSelector: LabelSelector.matchLabels({ env: 'prod' }), podSelector: LabelSelector.all() },
      externalIPPool: pool,
    });
    const plain = Testing.chart();
    const pool2 = new ExternalIPPool(plain, 'Pool', {
      name: 'p',
      ipRanges: ['10.10.0.2-10.10.0.20'],
      nodeSelector: {
        matchLabels: { 'network-role': 'egress-gateway' },
        matchExpressions: [{ key: 'zone', operator: SelectorOperator.EXISTS }],
      },
    });
    new Egress(plain, 'Egress', {
      name: 'e',
      appliedTo: { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: {} },
      externalIPPool: pool2,
    });
    const a = synthValid(typed);
    expect(a).toEqual(synthValid(plain));
    expect(findObject(a, 'Egress', 'e').spec.appliedTo).toEqual({ podSelector: {}, namespaceSelector: { matchLabels: { env: 'prod' } } });
    expect(
      () =>
        new Egress(Testing.chart(), 'Bad', {
          appliedTo: { podSelector: LabelSelector.matchLabels({ app: 'a b' }) },
          egressIP: '10.0.0.1',
        }),
    ).toThrow(/\[test\/Bad\] appliedTo.podSelector.matchLabels\["app"\]: got "a b", expected .*\(Invalid label value\)/);
  });

  test('reproduces egress-prod-web with prod-external-ip-pool at crd.antrea.io/v1beta1', () => {
    const chart = Testing.chart();
    const pool = new ExternalIPPool(chart, 'Pool', {
      name: 'prod-external-ip-pool',
      ipRanges: ['10.10.0.2-10.10.0.20', '10.10.0.128/28'],
      subnetInfo: { gateway: '10.10.0.1', prefixLength: 24, vlan: 10 },
      nodeSelector: { matchLabels: { 'network-role': 'egress-gateway' } },
    });
    new Egress(chart, 'Egress', {
      name: 'egress-prod-web',
      appliedTo: { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { role: 'web' } } },
      egressIP: '10.10.0.8',
      externalIPPool: pool,
    });
    const objs = synthValid(chart);
    expect(findObject(objs, 'ExternalIPPool', 'prod-external-ip-pool')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ExternalIPPool',
      metadata: { name: 'prod-external-ip-pool' },
      spec: {
        ipRanges: [{ start: '10.10.0.2', end: '10.10.0.20' }, { cidr: '10.10.0.128/28' }],
        subnetInfo: { gateway: '10.10.0.1', prefixLength: 24, vlan: 10 },
        nodeSelector: { matchLabels: { 'network-role': 'egress-gateway' } },
      },
    });
    expect(findObject(objs, 'Egress', 'egress-prod-web')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'Egress',
      metadata: { name: 'egress-prod-web' },
      spec: {
        appliedTo: { podSelector: { matchLabels: { role: 'web' } }, namespaceSelector: { matchLabels: { env: 'prod' } } },
        egressIP: '10.10.0.8',
        externalIPPool: 'prod-external-ip-pool',
      },
    });
    // pool is applied before the Egress (webhook checks the pool exists)
    expect(objs.findIndex((o) => o.kind === 'ExternalIPPool')).toBeLessThan(objs.findIndex((o) => o.kind === 'Egress'));
  });

  test('cluster-scoped: no namespace even in a namespaced chart; bandwidth, imported pool, expressions, addIpRange', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'prod' });
    const pool = new ExternalIPPool(chart, 'pool-a', { ipRanges: ['fd00:10::10-fd00:10::20'] });
    pool.addIpRange('fd00:10::100/124');
    new Egress(chart, 'eg', {
      appliedTo: {
        podSelector: {
          matchExpressions: [
            { key: 'app', operator: SelectorOperator.IN, values: ['a', 'b'] },
            { key: 'x', operator: SelectorOperator.EXISTS },
          ],
        },
      },
      externalIPPool: ExternalIPPool.fromExternalIPPoolName(chart, 'Imported', 'shared-pool'),
      bandwidth: { rate: '800M', burst: '2G' },
    });
    const objs = synthValid(chart);
    const p = findObject(objs, 'ExternalIPPool', 'pool-a');
    expect(p.metadata).toEqual({ name: 'pool-a' });
    expect(p.spec).toEqual({ ipRanges: [{ start: 'fd00:10::10', end: 'fd00:10::20' }, { cidr: 'fd00:10::100/124' }], nodeSelector: {} });
    const e = findObject(objs, 'Egress', 'eg');
    expect(e.metadata).toEqual({ name: 'eg' });
    expect(e.spec).toEqual({
      appliedTo: {
        podSelector: {
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['a', 'b'] },
            { key: 'x', operator: 'Exists' },
          ],
        },
      },
      externalIPPool: 'shared-pool',
      bandwidth: { rate: '800M', burst: '2G' },
    });
  });

  describe('Egress validation', () => {
    const applied = { podSelector: { matchLabels: { role: 'web' } } };
    test.each([
      [
        { appliedTo: applied, egressIPs: ['10.0.0.1'] },
        /\[test\/E\] egressIPs: got \["10.0.0.1"\], expected no egressIPs \(not supported by Antrea; use egressIP\)/,
      ],
      [{ appliedTo: applied, externalIPPools: ['a'] }, /\[test\/E\] externalIPPools: got \["a"\], expected no externalIPPools/],
      [{ appliedTo: applied, egressIP: '10.0.0.1', spec: {} }, /\[test\/E\] spec: got \{\}, expected no raw spec/],
      [{ appliedTo: applied }, /\[test\/E\] egressIP: got undefined, expected an IP address, or an externalIPPool/],
      [{ appliedTo: applied, egressIP: '10.0.0.300' }, /\[test\/E\] egressIP: got "10.0.0.300", expected an IPv4 or IPv6 address/],
      [
        { appliedTo: {}, egressIP: '10.0.0.1' },
        /\[test\/E\] appliedTo: got \{\}, expected at least one of podSelector and namespaceSelector/,
      ],
      [{ appliedTo: { nodeSelector: {} }, egressIP: '10.0.0.1' }, /\[test\/E\] appliedTo.nodeSelector: got \{\}, expected no such field/],
      [
        { appliedTo: { podSelector: { matchLabels: { role: 'bad value!' } } }, egressIP: '10.0.0.1' },
        /\[test\/E\] appliedTo.podSelector.matchLabels\["role"\]: got "bad value!", expected a label value/,
      ],
      [
        { appliedTo: { podSelector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }, egressIP: '10.0.0.1' },
        /\[test\/E\] appliedTo.podSelector.matchExpressions\[0\].values: got undefined, expected a non-empty list for operator In/,
      ],
      [
        { appliedTo: { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } }, egressIP: '10.0.0.1' },
        /\[test\/E\] appliedTo.podSelector.matchExpressions\[0\].values: got \["x"\], expected no values for operator Exists/,
      ],
      [
        { appliedTo: { podSelector: { matchExpressions: [{ key: 'a', operator: 'Has' }] } }, egressIP: '10.0.0.1' },
        /\[test\/E\] appliedTo.podSelector.matchExpressions\[0\].operator: got "Has", expected one of In, NotIn, Exists, DoesNotExist/,
      ],
      [
        { appliedTo: applied, egressIP: '10.0.0.1', bandwidth: { rate: '800 M', burst: '2G' } },
        /\[test\/E\] bandwidth.rate: got "800 M", expected a positive Kubernetes quantity/,
      ],
      [
        { appliedTo: applied, egressIP: '10.0.0.1', bandwidth: { rate: '1M', burst: '0' } },
        /\[test\/E\] bandwidth.burst: got "0", expected a positive Kubernetes quantity/,
      ],
      [{ name: 'Bad_Name', appliedTo: applied, egressIP: '10.0.0.1' }, /\[test\/E\] name: got "Bad_Name", expected a DNS-1123 subdomain/],
    ])('rejects %j', (props, msg) => {
      const chart = Testing.chart();
      expect(() => new Egress(chart, 'E', props as any)).toThrow(msg);
    });

    test('egressIP must lie inside the referenced pool (checked at synth, ranges can be added)', () => {
      const chart = Testing.chart();
      const pool = new ExternalIPPool(chart, 'pool', { ipRanges: ['10.10.0.2-10.10.0.20'] });
      new Egress(chart, 'E', { appliedTo: applied, egressIP: '10.10.0.30', externalIPPool: pool });
      expect(() => Testing.synth(chart)).toThrow(
        /\[test\/E\] egressIP: got "10.10.0.30", expected an IP inside ExternalIPPool "pool" \(10.10.0.2-10.10.0.20\)/,
      );
      pool.addIpRange('10.10.0.24/29');
      expect(findObject(synthValid(chart), 'Egress', 'e').spec.egressIP).toBe('10.10.0.30');
    });

    test('egressIP family must match the pool family', () => {
      const chart = Testing.chart();
      const pool = new ExternalIPPool(chart, 'pool', { ipRanges: ['10.10.0.0/24'] });
      new Egress(chart, 'E', { appliedTo: applied, egressIP: 'fd00::1', externalIPPool: pool });
      expect(() => Testing.synth(chart)).toThrow(
        /\[test\/E\] egressIP: got "fd00::1", expected an IPv4 address \(ExternalIPPool "pool" is IPv4\)/,
      );
    });

    test('Egress while the Egress gate is off; bandwidth while EgressTrafficShaping is off', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      new AntreaConfig(chart, 'Antrea', { featureGates: { Egress: false } });
      new Egress(chart, 'E', { appliedTo: applied, egressIP: '10.0.0.1', bandwidth: { rate: '1M', burst: '1M' } });
      expect(() => app.synth()).toThrow(/\[test\/E\] featureGates.Egress: got false, expected true in AntreaConfig test\/Antrea/);
      expect(() => app.synth()).toThrow(
        /\[test\/E\] bandwidth: got \{"rate":"1M","burst":"1M"\}, expected no bandwidth while the EgressTrafficShaping feature gate is off/,
      );
    });

    test('bandwidth passes when EgressTrafficShaping is on', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'test');
      new AntreaConfig(chart, 'Antrea', { featureGates: { EgressTrafficShaping: true } });
      new Egress(chart, 'E', { appliedTo: applied, egressIP: '10.0.0.1', bandwidth: { rate: '1M', burst: '1M' } });
      expect(findObject(synthValid(chart), 'Egress', 'e').spec.bandwidth).toEqual({ rate: '1M', burst: '1M' });
    });
  });

  describe('ExternalIPPool validation', () => {
    test.each([
      [
        { ipRanges: ['10.0.0.0/24', 'fd00::/120'] },
        /\[test\/P\] ipRanges\[1\]: got "fd00::\/120", expected an IPv4 range \(all ranges of a pool must be of one IP family\)/,
      ],
      [
        { ipRanges: ['10.0.0.0/24', '10.0.0.5-10.0.0.9'] },
        /\[test\/P\] ipRanges: got "10.0.0.5-10.0.0.9", expected a range that does not overlap 10.0.0.0\/24 in the same pool/,
      ],
      [
        { ipRanges: ['10.0.0.9-10.0.0.5'] },
        /\[test\/P\] ipRanges\[0\]: got "10.0.0.9-10.0.0.5", expected a range whose start is not after its end/,
      ],
      [{ ipRanges: ['10.0.0.1/24'] }, /\[test\/P\] ipRanges\[0\]: got "10.0.0.1\/24", expected a CIDR whose host bits are zero/],
      [
        { ipRanges: ['10.0.1.0/28'], subnetInfo: { gateway: '10.0.0.1', prefixLength: 24 } },
        /\[test\/P\] ipRanges\[0\]: got "10.0.1.0\/28", expected a range inside the subnet 10.0.0.0\/24 of subnetInfo/,
      ],
      [
        { ipRanges: ['10.0.0.0/28'], subnetInfo: { gateway: '10.0.0.1', prefixLength: 32 } },
        /\[test\/P\] subnetInfo.prefixLength: got 32, expected an integer from 1 to 31 \(the gateway is IPv4\)/,
      ],
      [
        { ipRanges: ['10.0.0.0/28'], subnetInfo: { gateway: '10.0.0.1', prefixLength: 24, vlan: 4095 } },
        /\[test\/P\] subnetInfo.vlan: got 4095, expected an integer from 0 to 4094/,
      ],
      [
        { ipRanges: ['10.0.0.0/28'], subnetInfo: { gateway: 'gw', prefixLength: 24 } },
        /\[test\/P\] subnetInfo.gateway: got "gw", expected an IPv4 or IPv6 address/,
      ],
    ])('rejects %j', (props, msg) => {
      const chart = Testing.chart();
      expect(() => new ExternalIPPool(chart, 'P', props as any)).toThrow(msg);
    });

    test('addIpRange checks overlap with existing ranges', () => {
      const chart = Testing.chart();
      const pool = new ExternalIPPool(chart, 'P', { name: 'p', ipRanges: ['10.0.0.0/28'] });
      expect(() => pool.addIpRange('10.0.0.8-10.0.0.20')).toThrow(
        /\[test\/P\] ipRanges: got "10.0.0.8-10.0.0.20", expected a range that does not overlap 10.0.0.0\/28 in the same pool/,
      );
    });

    test('a pool without ranges fails at synth', () => {
      const chart = Testing.chart();
      new ExternalIPPool(chart, 'P', { name: 'p' });
      expect(() => Testing.synth(chart)).toThrow(/\[test\/P\] ipRanges: got \[\], expected at least one IP range/);
    });

    test('pools must not overlap App-wide (across charts)', () => {
      const app = Testing.app();
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b');
      new ExternalIPPool(a, 'P1', { name: 'p1', ipRanges: ['10.0.0.0/24'] });
      const p2 = new ExternalIPPool(b, 'P2', { name: 'p2', ipRanges: ['10.0.1.0/24'] });
      app.synth();
      p2.addIpRange('10.0.0.200-10.0.0.210');
      expect(() => app.synth()).toThrow(
        /\[b\/P2\] ipRanges: got "10.0.0.200-10.0.0.210", expected a range that does not overlap 10.0.0.0\/24 of ExternalIPPool "p1" \(a\/P1\)/,
      );
    });

    test('App-wide overlap check handles 2000 disjoint pools (sort-based, no pairwise loop)', () => {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      for (let i = 0; i < 2000; i++) new ExternalIPPool(chart, `p${i}`, { ipRanges: [`10.${Math.floor(i / 256)}.${i % 256}.0/24`] });
      expect(() => app.synth()).not.toThrow();
    });
  });
});
