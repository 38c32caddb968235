import { Chart } from 'cdk8s';
import {
  AntreaConfig,
  AppliedTo,
  ClusterNetworkPolicy,
  HttpMethod,
  IgmpType,
  L7Protocol,
  LabelSelector,
  MulticlusterTrafficEncryptionMode,
  Peer,
  PeerScope,
  Protocol,
  RuleAction,
  Tier,
  TrafficEncapMode,
  TrafficEncryptionMode,
} from '../../lib/antrea';
import { MulticlusterControllerConfig, GatewayIPPrecedence } from '../../lib/antrea/multicluster';
import { CsiMetricsMonitor, CsiMetricsPort, VolumeType, VsphereStorageClass } from '../../lib/vsphere';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const POLICY_PRIORITY = 'a number from 1 to 10000 (lower = evaluated first within the Tier)';

function policy(c: Chart, priority: number, tier?: () => Tier): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(c, 'P', { priority, tier: tier?.(), appliedTo: [AppliedTo.pods(LabelSelector.all())] });
}

function ruleWith(c: Chart, rule: Record<string, unknown>, direction: 'ingress' | 'egress' = 'ingress'): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(c, 'P', { priority: 5, appliedTo: [AppliedTo.pods(LabelSelector.all())], [direction]: [rule] });
}

const rows: BadInput[] = distinct([
  // Tier priorities
  ['Tier priority 256', inChart((c) => new Tier(c, 'T', { priority: 256 })), err('test/T', 'priority', '256', 'an integer from 0 to 255')],
  ['Tier priority -1', inChart((c) => new Tier(c, 'T', { priority: -1 })), err('test/T', 'priority', '-1', 'an integer from 0 to 255')],
  [
    'Tier priority 120.5',
    inChart((c) => new Tier(c, 'T', { priority: 120.5 })),
    err('test/T', 'priority', '120.5', 'an integer from 0 to 255'),
  ],
  [
    'Tier priority given as a string',
    inChart((c) => new Tier(c, 'T', { priority: '120' as unknown as number })),
    err('test/T', 'priority', '"120"', 'an integer from 0 to 255'),
  ],
  [
    'reserved Tier priority 251',
    inChart((c) => new Tier(c, 'T', { priority: 251 })),
    err('test/T', 'priority', '251', 'a priority other than 251, 252, 254 and 255 (tier t priority 251 is reserved)'),
  ],
  [
    'reserved Tier priority 255',
    inChart((c) => new Tier(c, 'T', { priority: 255 })),
    err('test/T', 'priority', '255', 'a priority other than 251, 252, 254 and 255 (tier t priority 255 is reserved)'),
  ],
  [
    'Tier priority of the built-in Emergency Tier',
    inChart((c) => new Tier(c, 'T', { priority: 50 })),
    err(
      'test/T',
      'priority',
      '50',
      'a priority not used by the built-in Tier "emergency" (tier t priority 50 overlaps with existing Tier)',
    ),
  ],
  [
    'Tier priority of the built-in Baseline Tier',
    inChart((c) => new Tier(c, 'T', { priority: 253 })),
    err('test/T', 'priority', '253', 'a priority not used by the built-in Tier "baseline"'),
  ],
  // policy priorities
  ['policy priority 0', inChart((c) => policy(c, 0)), err('test/P', 'priority', '0', POLICY_PRIORITY)],
  ['policy priority 10001', inChart((c) => policy(c, 10001)), err('test/P', 'priority', '10001', POLICY_PRIORITY)],
  ['policy priority NaN', inChart((c) => policy(c, Number.NaN)), err('test/P', 'priority', 'NaN', POLICY_PRIORITY)],
  ['policy priority Infinity', inChart((c) => policy(c, Number.POSITIVE_INFINITY)), err('test/P', 'priority', 'Infinity', POLICY_PRIORITY)],
  // rule enums
  [
    'rule action "Deny"',
    inChart((c) => ruleWith(c, { action: 'Deny' })),
    err('test/P', 'ingress[0].action', '"Deny"', 'Allow, Drop, Reject or Pass (Deny is not an Antrea action; use Drop or Reject)'),
  ],
  [
    'rule action in lowercase',
    inChart((c) => ruleWith(c, { action: 'allow' })),
    err('test/P', 'ingress[0].action', '"allow"', 'Allow, Drop, Reject or Pass'),
  ],
  [
    'Pass in a Baseline Tier policy',
    inChart(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          tier: Tier.BASELINE,
          appliedTo: [AppliedTo.pods(LabelSelector.all())],
          ingress: [{ action: RuleAction.PASS }],
        }),
    ),
    err('test/P', 'ingress[0].action', '"Pass"', 'Allow, Drop or Reject (`Pass` action should not be set for Baseline Tier policy rules)'),
  ],
  [
    'IGMP query type in an egress rule',
    inChart((c) =>
      ruleWith(c, { action: RuleAction.ALLOW, protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_QUERY })] }, 'egress'),
    ),
    err('test/P', 'egress[0].protocols[0].igmp.igmpType', '17', '18, 22 or 34 (membership reports) in an egress rule'),
  ],
  [
    'IGMP report type in an ingress rule',
    inChart((c) => ruleWith(c, { action: RuleAction.ALLOW, protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_REPORT_V3 })] })),
    err('test/P', 'ingress[0].protocols[0].igmp.igmpType', '34', '17 (membership query) in an ingress rule'),
  ],
  [
    'ICMP type 256',
    inChart((c) => ruleWith(c, { action: RuleAction.DROP, protocols: [Protocol.icmp({ icmpType: 256 })] })),
    err('test/P', 'ingress[0].protocols[0].icmp.icmpType', '256', 'an integer from 0 to 255'),
  ],
  [
    'ICMP code -1',
    inChart((c) => ruleWith(c, { action: RuleAction.DROP, protocols: [Protocol.icmp({ icmpType: 3, icmpCode: -1 })] })),
    err('test/P', 'ingress[0].protocols[0].icmp.icmpCode', '-1', 'an integer from 0 to 255'),
  ],
  [
    'HTTP method "FETCH"',
    inChart((c) => ruleWith(c, { action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http({ method: 'FETCH' as HttpMethod })] })),
    err(
      'test/P',
      'ingress[0].l7Protocols[0].http.method',
      '"FETCH"',
      'one of GET, POST, PUT, HEAD, DELETE, TRACE, OPTIONS, CONNECT, PATCH',
    ),
  ],
  [
    'peer scope "Global"',
    inChart((c) =>
      ruleWith(c, { action: RuleAction.ALLOW, from: [Peer.namespaces(LabelSelector.all(), { scope: 'Global' as PeerScope })] }),
    ),
    err('test/P', 'ingress[0].from[0].scope', '"Global"', 'Cluster or ClusterSet'),
  ],
  // Antrea configuration enums
  [
    'traffic encap mode "vxlan"',
    inChart((c) => new AntreaConfig(c, 'A', { trafficEncapMode: 'vxlan' as TrafficEncapMode })),
    err('test/A', 'trafficEncapMode', '"vxlan"', 'one of encap, noEncap, hybrid, networkPolicyOnly'),
  ],
  [
    'traffic encryption mode "wireguard" (wrong case)',
    inChart((c) => new AntreaConfig(c, 'A', { trafficEncryptionMode: 'wireguard' as TrafficEncryptionMode })),
    err('test/A', 'trafficEncryptionMode', '"wireguard"', 'one of none, ipsec, wireGuard'),
  ],
  [
    'IPsec with noEncap',
    inChart(
      (c) => new AntreaConfig(c, 'A', { trafficEncapMode: TrafficEncapMode.NO_ENCAP, trafficEncryptionMode: TrafficEncryptionMode.IPSEC }),
    ),
    err(
      'test/A',
      'trafficEncryptionMode',
      '"ipsec"',
      '"none" when trafficEncapMode is "noEncap" (encryption needs trafficEncapMode "encap")',
    ),
  ],
  [
    'unknown feature gate (wrong case)',
    inChart((c) => new AntreaConfig(c, 'A', { featureGates: { egress: true } })),
    err(
      'test/A',
      'featureGates.egress',
      'the unknown key "egress"',
      'one of the keys AdminNetworkPolicy, AntreaIPAM, AntreaNodeConfig, AntreaPolicy, AntreaProxy, BGPPolicy, CleanupStaleUDPSvcConntrack, ClusterNetworkPolicy, Egress,',
    ),
  ],
  [
    'locked feature gate turned off',
    inChart((c) => new AntreaConfig(c, 'A', { featureGates: { EndpointSlice: false } })),
    err('test/A', 'featureGates.EndpointSlice', 'false', 'true (the gate is GA and locked)'),
  ],
  [
    'feature gate value "true" as a string',
    inChart((c) => new AntreaConfig(c, 'A', { featureGates: { Egress: 'true' as unknown as boolean } })),
    err('test/A', 'featureGates.Egress', '"true"', 'true or false'),
  ],
  [
    'multicluster encryption without a gateway',
    inChart(
      (c) =>
        new AntreaConfig(c, 'A', {
          featureGates: { Multicluster: true },
          multicluster: { trafficEncryptionMode: MulticlusterTrafficEncryptionMode.WIREGUARD },
        }),
    ),
    err('test/A', 'multicluster.trafficEncryptionMode', '"wireGuard"', '"none" unless multicluster.enableGateway is true'),
  ],
  [
    'multicluster gateway IP precedence "any"',
    inChart((c) => new MulticlusterControllerConfig(c, 'MC', { gatewayIPPrecedence: 'any' as GatewayIPPrecedence })),
    err('test/MC', 'gatewayIPPrecedence', '"any"', 'one of private, internal, public, external'),
  ],
  // vSphere enums
  [
    'StorageClass volume type "Object"',
    inChart((c) => new VsphereStorageClass(c, 'SC', { volumeType: 'Object' as VolumeType })),
    err('test/SC', 'volumeType', '"Object"', 'one of Block, File'),
  ],
  [
    'StorageClass reclaim policy "Recycle"',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { reclaimPolicy: 'Recycle' as 'Delete' })),
    err('test/SC', 'reclaimPolicy', '"Recycle"', 'one of Delete, Retain'),
  ],
  [
    'StorageClass binding mode "Lazy"',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { volumeBindingMode: 'Lazy' as 'Immediate' })),
    err('test/SC', 'volumeBindingMode', '"Lazy"', 'one of Immediate, WaitForFirstConsumer'),
  ],
  [
    'CSI metrics port "node"',
    inChart((c) => new CsiMetricsMonitor(c, 'M', { ports: ['node' as CsiMetricsPort] })),
    err('test/M', 'ports[0]', '"node"', 'one of ctlr (2112), syncer (2113)'),
  ],
]);

describe('bad priorities and enum values', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
