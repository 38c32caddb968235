import { Chart, Testing } from 'cdk8s';
import { AppliedTo, ClusterGroup, ClusterNetworkPolicy, LabelSelector, Peer, Port, RuleAction, Tier } from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

describe('source document examples at crd.antrea.io/v1beta1', () => {
  test('acnp-demo: priority 5 in securityops, applied to ClusterGroup test-db, AllowFromFrontend and DropToThirdParty', () => {
    const chart = Testing.chart();
    const db = ClusterGroup.fromClusterGroupName(chart, 'TestDb', 'test-db');
    const acnp = new ClusterNetworkPolicy(chart, 'AcnpDemo', {
      priority: 5,
      tier: Tier.SECURITY_OPS,
      appliedTo: [AppliedTo.clusterGroup(db)],
    });
    acnp.addIngressRule({
      action: RuleAction.ALLOW,
      from: [Peer.pods(LabelSelector.matchLabels({ role: 'frontend' }))],
      ports: [Port.tcpRange(8080, 9000)],
      name: 'AllowFromFrontend',
      enableLogging: false,
    });
    acnp.addEgressRule({
      action: RuleAction.DROP,
      to: [Peer.ipBlock('10.0.10.0/24')],
      ports: [Port.tcp(5978)],
      name: 'DropToThirdParty',
      enableLogging: true,
    });
    const objects = synthValid(chart);
    expect(objects).toHaveLength(1);
    expect(findObject(objects, 'ClusterNetworkPolicy', 'acnp-demo')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'acnp-demo' },
      spec: {
        priority: 5,
        tier: 'securityops',
        appliedTo: [{ group: 'test-db' }],
        ingress: [
          {
            action: 'Allow',
            from: [{ podSelector: { matchLabels: { role: 'frontend' } } }],
            ports: [{ protocol: 'TCP', port: 8080, endPort: 9000 }],
            name: 'AllowFromFrontend',
            enableLogging: false,
          },
        ],
        egress: [
          {
            action: 'Drop',
            to: [{ ipBlock: { cidr: '10.0.10.0/24' } }],
            ports: [{ protocol: 'TCP', port: 5978 }],
            name: 'DropToThirdParty',
            enableLogging: true,
          },
        ],
      },
    });
  });

  test('demo-cluster-group as written combines criteria the webhook rejects', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new ClusterGroup(chart, 'DemoClusterGroup', {
          podSelector: LabelSelector.matchLabels({ role: 'db' }),
          namespaceSelector: LabelSelector.matchLabels({ env: 'prod' }),
          ipBlocks: [{ cidr: '10.0.10.0/24' }],
          serviceReference: { name: 'test-service', namespace: 'default' },
        }),
    ).toThrow(
      /\[test\/DemoClusterGroup\] serviceReference: got \["podSelector","namespaceSelector","ipBlocks","serviceReference"\], expected a single criterion, or namespaceSelector with podSelector or externalEntitySelector \(At most one of podSelector, externalEntitySelector, serviceReference, ipBlock, ipBlocks or childGroups can be set for a ClusterGroup\)/,
    );
  });

  test('demo-cluster-group: the same membership as a parent of the three children it names', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ignored-for-cluster-scoped' });
    const sel = new ClusterGroup(chart, 'TestCgSel', {
      podSelector: LabelSelector.matchLabels({ role: 'db' }),
      namespaceSelector: LabelSelector.matchLabels({ env: 'prod' }),
    });
    const ipBlocks = new ClusterGroup(chart, 'TestCgIpBlocks', { ipBlocks: [{ cidr: '10.0.10.0/24' }] });
    const svcRef = new ClusterGroup(chart, 'TestCgSvcRef', { serviceReference: { name: 'test-service', namespace: 'default' } });
    new ClusterGroup(chart, 'DemoClusterGroup', { childGroups: [sel, ipBlocks, svcRef] });
    const objects = synthValid(chart);
    expect(objects).toEqual([
      {
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'ClusterGroup',
        metadata: { name: 'test-cg-sel' },
        spec: { podSelector: { matchLabels: { role: 'db' } }, namespaceSelector: { matchLabels: { env: 'prod' } } },
      },
      {
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'ClusterGroup',
        metadata: { name: 'test-cg-ip-blocks' },
        spec: { ipBlocks: [{ cidr: '10.0.10.0/24' }] },
      },
      {
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'ClusterGroup',
        metadata: { name: 'test-cg-svc-ref' },
        spec: { serviceReference: { name: 'test-service', namespace: 'default' } },
      },
      {
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'ClusterGroup',
        metadata: { name: 'demo-cluster-group' },
        spec: { childGroups: ['test-cg-sel', 'test-cg-ip-blocks', 'test-cg-svc-ref'] },
      },
    ]);
  });

  test('Theia policy recommendations: allow-all ClusterNetworkPolicies per Namespace in the Platform tier', () => {
    const chart = Testing.chart();
    const recommendations: Array<[string, string]> = [
      ['recommend-allow-acnp-kube-system-f2g5l', 'kube-system'],
      ['recommend-allow-acnp-flow-aggregator-uny5c', 'flow-aggregator'],
      ['recommend-allow-acnp-flow-visibility-ecj61', 'flow-visibility'],
    ];
    for (const [name, namespace] of recommendations) {
      const p = new ClusterNetworkPolicy(chart, name, {
        name,
        priority: 5,
        tier: Tier.PLATFORM,
        appliedTo: [AppliedTo.namespaces(LabelSelector.matchLabels({ 'kubernetes.io/metadata.name': namespace }))],
      });
      p.allowTo(Peer.pods(LabelSelector.all()));
      p.allowFrom(Peer.pods(LabelSelector.all()));
    }
    const objects = synthValid(chart);
    expect(objects).toHaveLength(3);
    for (const [name, namespace] of recommendations) {
      expect(findObject(objects, 'ClusterNetworkPolicy', name)).toEqual({
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'ClusterNetworkPolicy',
        metadata: { name },
        spec: {
          appliedTo: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } }],
          egress: [{ action: 'Allow', to: [{ podSelector: {} }] }],
          ingress: [{ action: 'Allow', from: [{ podSelector: {} }] }],
          priority: 5,
          tier: 'platform',
        },
      });
    }
  });

  test('Theia recommendation with the legacy tier name "Platform" as in the source', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'Rec', {
      name: 'recommend-allow-acnp-kube-system-f2g5l',
      priority: 5,
      tier: Tier.fromTierName(chart, 'Platform', 'Platform'),
      appliedTo: [AppliedTo.namespaces(LabelSelector.matchLabels({ 'kubernetes.io/metadata.name': 'kube-system' }))],
    });
    p.addEgressRule({ action: RuleAction.ALLOW, to: [Peer.pods(LabelSelector.all())] });
    p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.pods(LabelSelector.all())] });
    expect(findObject(synthValid(chart), 'ClusterNetworkPolicy', 'recommend-allow-acnp-kube-system-f2g5l').spec.tier).toBe('Platform');
  });
});
