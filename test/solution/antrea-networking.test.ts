import { Testing } from 'cdk8s';
import { AntreaNetworking } from '../../lib/solution/antrea-networking';
import { findObject, synthValid } from '../helpers';

describe('AntreaNetworking failing inputs', () => {
  test('should throw if an egress names a pool that is not in egressPools', () => {
    expect(
      () =>
        new AntreaNetworking(Testing.chart(), 'Net', {
          egressPools: [{ name: 'pool-a', ipRanges: ['10.10.0.0/28'] }],
          egresses: [{ name: 'e1', pool: 'pool-b' }],
        }),
    ).toThrow('[test/Net] egresses[0].pool: got "pool-b", expected one of the egressPools: "pool-a"');
  });

  test('should throw if two egress pools share a name', () => {
    expect(
      () =>
        new AntreaNetworking(Testing.chart(), 'Net', {
          egressPools: [
            { name: 'pool-a', ipRanges: ['10.10.0.0/28'] },
            { name: 'pool-a', ipRanges: ['10.10.1.0/28'] },
          ],
        }),
    ).toThrow('[test/Net] egressPools[1].name: got "pool-a", expected a pool name not used by another pool');
  });

  test('defaults: NodePortLocal on, baseline policies, every object strictly valid', () => {
    const chart = Testing.chart();
    const net = new AntreaNetworking(chart, 'Net');
    expect(net.config.nodePortLocalActive).toBe(true);
    expect(synthValid(chart).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ClusterGroup/kube-dns',
      'ClusterNetworkPolicy/allow-kube-dns',
      'ClusterNetworkPolicy/baseline-namespace-isolation',
    ]);
  });
});

describe('AntreaNetworking baseline policies: every rule stated (action, direction, peers, ports)', () => {
  const objects = synthValid(
    (() => {
      const chart = Testing.chart();
      new AntreaNetworking(chart, 'Net');
      return chart;
    })(),
  );

  test('ClusterGroup kube-dns selects the CoreDNS pods in kube-system only', () => {
    expect(findObject(objects, 'ClusterGroup', 'kube-dns')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterGroup',
      metadata: { name: 'kube-dns' },
      spec: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    });
  });

  test('allow-kube-dns: SecurityOps tier, every pod, one egress Allow to kube-dns on 53/UDP and 53/TCP, no ingress', () => {
    const p = findObject(objects, 'ClusterNetworkPolicy', 'allow-kube-dns');
    expect(p.apiVersion).toBe('crd.antrea.io/v1beta1');
    expect(p.spec.tier).toBe('securityops');
    expect(p.spec.priority).toBe(1);
    // an empty podSelector and no namespaceSelector: every pod of every namespace
    expect(p.spec.appliedTo).toEqual([{ podSelector: {} }]);
    expect(p.spec.ingress).toBeUndefined();
    expect(p.spec.egress).toHaveLength(1);
    const [rule] = p.spec.egress;
    expect(rule.action).toBe('Allow');
    expect(rule.name).toBe('allow-dns');
    expect(rule.to).toEqual([{ group: 'kube-dns' }]);
    expect(rule.ports).toEqual([
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
    expect(Object.keys(rule).sort()).toEqual(['action', 'name', 'ports', 'to']);
  });

  test('baseline-namespace-isolation: Baseline tier, labelled namespaces, ingress Allow from the same namespace then Drop from all others', () => {
    const p = findObject(objects, 'ClusterNetworkPolicy', 'baseline-namespace-isolation');
    expect(p.apiVersion).toBe('crd.antrea.io/v1beta1');
    expect(p.spec.tier).toBe('baseline');
    expect(p.spec.priority).toBe(10);
    expect(p.spec.appliedTo).toEqual([{ namespaceSelector: { matchLabels: { 'networking.vsphere-k8s.io/isolation': 'baseline' } } }]);
    expect(p.spec.egress).toBeUndefined();
    // order matters: the first matching rule decides, so Allow(Self) must come before the catch-all Drop
    expect(p.spec.ingress).toEqual([
      { action: 'Allow', name: 'allow-same-namespace', from: [{ namespaces: { match: 'Self' } }] },
      { action: 'Drop', name: 'drop-other-namespaces', from: [{ namespaceSelector: {} }] },
    ]);
    expect(p.spec.ingress.map((r: any) => r.ports)).toEqual([undefined, undefined]);
  });

  test('the baseline policies are exactly these three objects', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ClusterGroup/kube-dns',
      'ClusterNetworkPolicy/allow-kube-dns',
      'ClusterNetworkPolicy/baseline-namespace-isolation',
    ]);
  });
});
