import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AntreaConfig,
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  Egress,
  ExternalIPPool,
  Group,
  IPPool,
  L7Protocol,
  LabelSelector,
  NodePortLocal,
  Peer,
  PeerScope,
  Port,
  Protocol,
  RuleAction,
  Tier,
  Traceflow,
  TraceflowDestination,
  TraceflowSource,
} from '../../lib/antrea';
import { MulticlusterControllerConfig } from '../../lib/antrea/multicluster';
import { ExtraFile } from '../../lib/core/extra-file';
import { checkNodeSpecsUnique, resolveNodePoolSpecs } from '../../lib/vsphere/node-vm-spec';
import { ClusterId, CsiDriver, VsphereStorageClass } from '../../lib/vsphere';
import { BadInput, distinct, err, synthErr, synthOf } from '../fixtures/bad-inputs/rows';

const ALL = LabelSelector.all();

/** A pool `10.10.0.0/24` and an Egress with `egressIP` from it. */
function egressFromPool(c: Chart, egressIP: string): void {
  const pool = new ExternalIPPool(c, 'Pool', { ipRanges: ['10.10.0.0/24'] });
  new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP, externalIPPool: pool });
}

const rows: BadInput[] = distinct([
  // StorageClasses
  [
    'two default StorageClasses',
    synthOf((c) => {
      VsphereStorageClass.block(c, 'Gold', { name: 'gold', isDefault: true });
      VsphereStorageClass.file(c, 'Shared', { name: 'shared', isDefault: true });
    }),
    synthErr('test/Shared', 'isDefault', 'true', 'at most one default StorageClass per app (test/Gold "gold" is already the default)'),
  ],
  [
    'two StorageClasses with one name (in two charts)',
    () => {
      const app = Testing.app();
      VsphereStorageClass.block(new Chart(app, 'a'), 'SC', { name: 'fast' });
      VsphereStorageClass.block(new Chart(app, 'b'), 'SC', { name: 'fast' });
      return app.synthYaml();
    },
    synthErr('b/SC', 'name', '"fast"', 'a StorageClass name not already used by a/SC'),
  ],
  // Tiers
  [
    'two Tiers with one priority',
    synthOf((c) => {
      new Tier(c, 'A', { priority: 120 });
      new Tier(c, 'B', { priority: 120 });
    }),
    synthErr(
      'test/A',
      'priority',
      '120',
      'a priority no other Tier of the App uses (also used by test/B; tier a priority 120 overlaps with existing Tier)',
    ),
  ],
  [
    'two Tiers with one name',
    synthOf((c) => {
      new Tier(c, 'A', { name: 'team', priority: 110 });
      new Tier(c, 'B', { name: 'team', priority: 111 });
    }),
    synthErr('test/B', 'name', '"team"', 'a Tier name no other Tier of the App uses (also used by test/A)'),
  ],
  [
    'fifteen custom Tiers',
    synthOf((c) => {
      for (let i = 0; i < 15; i++) new Tier(c, `T${i}`, { priority: 1 + i });
    }),
    synthErr('test/T14', 'tiers', '15', 'at most 14 custom Tiers in the App, this is number 15'),
  ],
  [
    'Tier priority 220 with the ClusterNetworkPolicy gate on',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea', { featureGates: { ClusterNetworkPolicy: true } });
      new Tier(c, 'T', { priority: 220 });
    }),
    synthErr(
      'test/T',
      'priority',
      '220',
      'a priority other than 220 while the ClusterNetworkPolicy feature gate is on (tier t priority 220 is reserved)',
    ),
  ],
  // Egress and pools
  [
    'egressIP outside its pool',
    synthOf((c) => egressFromPool(c, '10.20.0.5')),
    synthErr('test/E', 'egressIP', '"10.20.0.5"', 'an IP inside ExternalIPPool "pool" (10.10.0.0/24)'),
  ],
  [
    'IPv6 egressIP from an IPv4 pool',
    synthOf((c) => egressFromPool(c, 'fd00::5')),
    synthErr('test/E', 'egressIP', '"fd00::5"', 'an IPv4 address (ExternalIPPool "pool" is IPv4)'),
  ],
  [
    'Egress with the Egress gate off',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea', { featureGates: { Egress: false } });
      new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: '10.10.0.5' });
    }),
    synthErr('test/E', 'featureGates.Egress', 'false', 'true in AntreaConfig test/Antrea (an Egress needs the Egress feature gate)'),
  ],
  [
    'Egress bandwidth without EgressTrafficShaping',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea');
      new Egress(c, 'E', { appliedTo: { podSelector: {} }, egressIP: '10.10.0.5', bandwidth: { rate: '100M', burst: '200M' } });
    }),
    synthErr(
      'test/E',
      'bandwidth',
      '{"rate":"100M","burst":"200M"}',
      'no bandwidth while the EgressTrafficShaping feature gate is off in AntreaConfig test/Antrea',
    ),
  ],
  [
    'two ExternalIPPools that overlap',
    synthOf((c) => {
      new ExternalIPPool(c, 'A', { ipRanges: ['10.10.0.0/24'] });
      new ExternalIPPool(c, 'B', { ipRanges: ['10.10.0.200-10.10.1.10'] });
    }),
    synthErr('test/B', 'ipRanges', '"10.10.0.200-10.10.1.10"', 'a range that does not overlap 10.10.0.0/24 of ExternalIPPool "a" (test/A)'),
  ],
  [
    'two IPv6 IPPools that overlap',
    synthOf((c) => {
      new IPPool(c, 'A', { ipRanges: ['fd00::100-fd00::1ff'], subnetInfo: { gateway: 'fd00::1', prefixLength: 64 } });
      new IPPool(c, 'B', { ipRanges: ['fd00::180/121'], subnetInfo: { gateway: 'fd00::1', prefixLength: 64 } });
    }),
    synthErr('test/B', 'ipRanges', '"fd00::180/121"', 'a range that does not overlap fd00::100-fd00::1ff of IPPool "a" (test/A)'),
  ],
  [
    'ExternalIPPool without ranges',
    synthOf((c) => new ExternalIPPool(c, 'Pool')),
    synthErr('test/Pool', 'ipRanges', '[]', 'at least one IP range'),
  ],
  [
    'IPPool assigned while AntreaIPAM is off',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea');
      IPPool.assign(new kplus.Namespace(c, 'Ns'), [
        new IPPool(c, 'Pool', { ipRanges: ['10.2.0.128/25'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } }),
      ]);
    }),
    synthErr(
      'test/Ns',
      'featureGates.AntreaIPAM',
      'false',
      'true in AntreaConfig test/Antrea (test/Ns has the ipam.antrea.io/ippools annotation)',
    ),
  ],
  // groups and policies
  [
    'two ClusterGroups with one name',
    synthOf((c) => {
      new ClusterGroup(c, 'A', { name: 'dbs', podSelector: ALL });
      new ClusterGroup(c, 'B', { name: 'dbs', namespaceSelector: ALL });
    }),
    synthErr('test/B', 'name', '"dbs"', 'a name no other ClusterGroup of the App uses (also used by test/A)'),
  ],
  [
    'ClusterGroups nested two levels',
    synthOf((c) => {
      const leaf = new ClusterGroup(c, 'Leaf', { podSelector: ALL });
      const middle = new ClusterGroup(c, 'Middle', { childGroups: [leaf] });
      new ClusterGroup(c, 'Top', { childGroups: [middle] });
    }),
    synthErr(
      'test/Top',
      'childGroups[0]',
      '"middle"',
      'a ClusterGroup without childGroups (cannot set ClusterGroup middle as childGroup, who has 1 childGroups itself)',
    ),
  ],
  [
    'two Groups with one name in one namespace',
    synthOf((c) => {
      new Group(c, 'A', { name: 'web', namespace: 'shop', podSelector: ALL });
      new Group(c, 'B', { name: 'web', namespace: 'shop', podSelector: ALL });
    }),
    synthErr('test/B', 'name', '"web"', 'a name no other Group in this Namespace uses (also used by test/A)'),
  ],
  [
    'policy without any appliedTo',
    synthOf((c) => new ClusterNetworkPolicy(c, 'P', { priority: 5, ingress: [{ action: RuleAction.DROP }] })),
    synthErr('test/P', 'appliedTo', '[]', 'appliedTo in the policy or in every rule (appliedTo needs to be set in either spec or rules)'),
  ],
  [
    'layer-7 rule without the L7NetworkPolicy gate',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea');
      new ClusterNetworkPolicy(c, 'P', {
        priority: 5,
        appliedTo: [AppliedTo.pods(ALL)],
        ingress: [{ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http()] }],
      });
    }),
    synthErr('test/P', 'ingress[0].l7Protocols', '[{"http":{}}]', 'an AntreaConfig in the App with featureGates.L7NetworkPolicy: true'),
  ],
  [
    'ports in a rule after an IGMP rule',
    synthOf(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          appliedTo: [AppliedTo.pods(ALL)],
          ingress: [{ action: RuleAction.DROP, protocols: [Protocol.igmp()] }],
          egress: [{ action: RuleAction.DROP, ports: [Port.tcp(80)] }],
        }),
    ),
    synthErr('test/P', 'egress[0]', '"ports/from/to/toServices"', 'no ports, from, to, toServices or ICMP in'),
  ],
  [
    'ClusterSet scope without stretched policies',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea');
      new ClusterNetworkPolicy(c, 'P', {
        priority: 5,
        appliedTo: [AppliedTo.pods(ALL)],
        ingress: [{ action: RuleAction.ALLOW, from: [Peer.namespaces(ALL, { scope: PeerScope.CLUSTER_SET })] }],
      });
    }),
    synthErr(
      'test/P',
      'ingress[0]',
      '"scope ClusterSet"',
      'an AntreaConfig with featureGates.Multicluster: true and multicluster.enableStretchedNetworkPolicy: true',
    ),
  ],
  [
    'Traceflow with the Traceflow gate off',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea', { featureGates: { Traceflow: false } });
      new Traceflow(c, 'TF', { source: TraceflowSource.pod('shop', 'web-0'), destination: TraceflowDestination.pod('shop', 'db-0') });
    }),
    synthErr(
      'test/TF',
      'featureGates.Traceflow',
      'false',
      'true in AntreaConfig test/Antrea (a Traceflow needs the Traceflow feature gate)',
    ),
  ],
  [
    'NodePortLocal Service while NodePortLocal is disabled',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea');
      NodePortLocal.enable(
        new ApiObject(c, 'Svc', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web' },
          spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
        }),
      );
    }),
    synthErr('test/Svc', 'nodePortLocal.enable', 'false', 'true in AntreaConfig test/Antrea'),
  ],
  [
    'MultiClusterConfig without the Multicluster gate',
    synthOf((c) => {
      new AntreaConfig(c, 'Antrea');
      new MulticlusterControllerConfig(c, 'MC');
    }),
    synthErr('test/MC', 'featureGates.Multicluster', 'false', 'true in AntreaConfig test/Antrea (a MultiClusterConfig is defined)'),
  ],
  // vSphere and nodes
  [
    'two CSI drivers with one cluster-id on one vCenter',
    synthOf((c) => {
      const vcenters = [{ server: 'vc.example.com', datacenters: ['dc1'] }];
      new CsiDriver(c, 'A', { vcenters, clusterId: ClusterId.of('prod'), kubernetesVersion: '1.33' });
      new CsiDriver(new Chart(c.node.root as never, 'other'), 'B', {
        vcenters,
        clusterId: ClusterId.of('prod'),
        kubernetesVersion: '1.33',
      });
    }),
    synthErr(
      'other/B',
      'clusterId',
      '"prod"',
      'a cluster id not used by test/A on the same vCenter vc.example.com (the same cluster-id on two clusters of one vCenter corrupts volumes)',
    ),
  ],
  [
    'two node pools that produce the same host name',
    () => {
      const a = resolveNodePoolSpecs('NodePool a', { clusterName: 'prod', role: 'worker', count: 2, namePattern: 'node-{index}' });
      const b = resolveNodePoolSpecs('NodePool b', {
        clusterName: 'prod',
        role: 'control-plane',
        count: 1,
        namePattern: 'node-{index}',
        startIndex: 2,
      });
      checkNodeSpecsUnique('cluster prod', [...a, ...b]);
    },
    err('cluster prod', 'nodes[2].name', '"prod-node-2"', 'a VM name not already used by nodes[1]'),
  ],
  [
    'two node pools with one static address',
    () => {
      const a = resolveNodePoolSpecs('NodePool a', { clusterName: 'prod', role: 'worker', count: 2, ipv4StartAddress: '10.0.0.20' });
      const b = resolveNodePoolSpecs('NodePool b', { clusterName: 'prod', role: 'control-plane', count: 1, ipv4Addresses: ['10.0.0.21'] });
      checkNodeSpecsUnique('cluster prod', [...a, ...b]);
    },
    err('cluster prod', 'nodes[2].ipv4Address', '"10.0.0.21"', 'an address not already used by nodes[1]'),
  ],
  [
    'two extra files with one path',
    () => {
      const app = Testing.app();
      new ExtraFile(new Chart(app, 'a'), 'F', { path: 'notes/readme.txt', content: 'a' });
      new ExtraFile(new Chart(app, 'b'), 'F', { path: 'notes/readme.txt', content: 'b' });
      return ExtraFile.collect(app);
    },
    err('b/F', 'path', '"notes/readme.txt"', 'a path not already used by a/F'),
  ],
]);

describe('bad combinations of objects (deferred checks at synth)', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
