import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AntreaConfig,
  CniPlugin,
  Egress,
  EgressProps,
  ExternalIPPool,
  IPPool,
  NetworkAttachmentDefinition,
  NodePortLocal,
  NodePortLocalService,
  NodePortLocalServiceType,
  SelectorOperator,
  Traceflow,
  TraceflowDestination,
  TraceflowPacket,
  TraceflowSource,
} from '../../lib/antrea';
import { ClusterSet, ClusterSetRole } from '../../lib/antrea/multicluster';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

function egress(c: Chart, props: Partial<EgressProps>): Egress {
  return new Egress(c, 'E', {
    appliedTo: { namespaceSelector: { matchLabels: { team: 'shop' } } },
    egressIP: '10.10.0.5',
    ...props,
  } as EgressProps);
}

function member(c: Chart, options: Partial<Parameters<typeof ClusterSetRole.member>[0]>): ClusterSet {
  return new ClusterSet(c, 'CS', {
    clusterId: 'east',
    role: ClusterSetRole.member({ leaderClusterId: 'leader', server: 'https://192.168.100.3:6443', secret: 'member-token', ...options }),
  });
}

const rows: BadInput[] = distinct([
  // Egress
  [
    'Egress with the plural egressIPs',
    inChart((c) => egress(c, { egressIPs: ['10.10.0.5'] } as Partial<EgressProps>)),
    err('test/E', 'egressIPs', '["10.10.0.5"]', 'no egressIPs (not supported by Antrea; use egressIP)'),
  ],
  [
    'Egress with the plural externalIPPools',
    inChart((c) => egress(c, { externalIPPools: ['pool'] } as Partial<EgressProps>)),
    err('test/E', 'externalIPPools', '["pool"]', 'no externalIPPools (not supported by Antrea; use externalIPPool)'),
  ],
  [
    'Egress with an empty appliedTo',
    inChart((c) => egress(c, { appliedTo: {} })),
    err('test/E', 'appliedTo', '{}', 'at least one of podSelector and namespaceSelector (an empty appliedTo selects no Pods)'),
  ],
  [
    'Egress appliedTo with a nodeSelector',
    inChart((c) => egress(c, { appliedTo: { nodeSelector: {} } as EgressProps['appliedTo'] })),
    err('test/E', 'appliedTo.nodeSelector', '{}', 'no such field (only podSelector and namespaceSelector)'),
  ],
  [
    'Egress with neither IP nor pool',
    inChart((c) => egress(c, { egressIP: undefined })),
    err('test/E', 'egressIP', 'undefined', 'an IP address, or an externalIPPool to allocate it from (at least one of the two)'),
  ],
  [
    'Egress selector operator "Equals"',
    inChart((c) =>
      egress(c, {
        appliedTo: { podSelector: { matchExpressions: [{ key: 'app', operator: 'Equals' as SelectorOperator, values: ['web'] }] } },
      }),
    ),
    err('test/E', 'appliedTo.podSelector.matchExpressions[0].operator', '"Equals"', 'one of In, NotIn, Exists, DoesNotExist'),
  ],
  [
    'Egress selector In without values',
    inChart((c) =>
      egress(c, { appliedTo: { podSelector: { matchExpressions: [{ key: 'app', operator: SelectorOperator.IN, values: [] }] } } }),
    ),
    err('test/E', 'appliedTo.podSelector.matchExpressions[0].values', '[]', 'a non-empty list for operator In'),
  ],
  [
    'Egress selector Exists with values',
    inChart((c) =>
      egress(c, { appliedTo: { podSelector: { matchExpressions: [{ key: 'app', operator: SelectorOperator.EXISTS, values: ['web'] }] } } }),
    ),
    err('test/E', 'appliedTo.podSelector.matchExpressions[0].values', '["web"]', 'no values for operator Exists'),
  ],
  [
    'Egress namespace selector label value with "/"',
    inChart((c) => egress(c, { appliedTo: { namespaceSelector: { matchLabels: { team: 'shop/eu' } } } })),
    err('test/E', 'appliedTo.namespaceSelector.matchLabels["team"]', '"shop/eu"', 'a label value of at most 63 characters'),
  ],
  [
    'Egress bandwidth rate "fast"',
    inChart((c) => egress(c, { bandwidth: { rate: 'fast', burst: '2G' } })),
    err('test/E', 'bandwidth.rate', '"fast"', 'a positive Kubernetes quantity such as "800M" (bits per second)'),
  ],
  [
    'Egress bandwidth burst "0"',
    inChart((c) => egress(c, { bandwidth: { rate: '800M', burst: '0' } })),
    err('test/E', 'bandwidth.burst', '"0"', 'a positive Kubernetes quantity such as "2G" (bits)'),
  ],
  // ExternalIPPool / IPPool
  [
    'ExternalIPPool with the singular ipRange',
    inChart((c) => new ExternalIPPool(c, 'Pool', { ipRange: '10.0.0.0/24' } as object)),
    err('test/Pool', 'ipRange', '"10.0.0.0/24"', 'no such prop (use ipRanges)'),
  ],
  [
    'ExternalIPPool range outside its subnetInfo',
    inChart(
      (c) =>
        new ExternalIPPool(c, 'Pool', {
          ipRanges: ['10.20.0.10-10.20.0.20'],
          subnetInfo: { gateway: '10.10.0.1', prefixLength: 24, vlan: 10 },
        }),
    ),
    err('test/Pool', 'ipRanges[0]', '"10.20.0.10-10.20.0.20"', 'a range inside the subnet 10.10.0.0/24 of subnetInfo'),
  ],
  [
    'ExternalIPPool VLAN 4095',
    inChart((c) => new ExternalIPPool(c, 'Pool', { subnetInfo: { gateway: '10.10.0.1', prefixLength: 24, vlan: 4095 } })),
    err('test/Pool', 'subnetInfo.vlan', '4095', 'an integer from 0 to 4094'),
  ],
  [
    'ExternalIPPool nodeSelector with a bad key',
    inChart((c) => new ExternalIPPool(c, 'Pool', { nodeSelector: { matchLabels: { 'egress node': 'true' } } })),
    err('test/Pool', 'nodeSelector.matchLabels key', '"egress node"', 'a key name of at most 63 characters'),
  ],
  [
    'IPPool without subnetInfo',
    inChart((c) => new IPPool(c, 'Pool', { ipRanges: ['10.0.0.0/24'] } as never)),
    err('test/Pool', 'subnetInfo', 'undefined', 'a subnetInfo { gateway, prefixLength, vlan? } (required by IPPool v1beta1)'),
  ],
  [
    'IPPool with the v1alpha2 ipVersion',
    inChart((c) => new IPPool(c, 'Pool', { ipVersion: 4, subnetInfo: { gateway: '10.0.0.1', prefixLength: 24 } } as never)),
    err('test/Pool', 'ipVersion', '4', 'no ipVersion (v1alpha2 only; v1beta1 derives it from subnetInfo.gateway)'),
  ],
  [
    'IPPool assigned to a ConfigMap',
    inChart((c) => IPPool.assign(new kplus.ConfigMap(c, 'Cm'), [IPPool.fromIPPoolName(c, 'Imp', 'pods')])),
    err('test/Cm', 'target', '"test/Cm"', 'a Namespace, a Pod or a workload with a Pod template'),
  ],
  [
    'two IPPools for one Namespace',
    inChart((c) =>
      IPPool.assign(new kplus.Namespace(c, 'Ns'), [IPPool.fromIPPoolName(c, 'A', 'pods-a'), IPPool.fromIPPoolName(c, 'B', 'pods-b')]),
    ),
    err('test/Ns', 'pools', '["pods-a","pods-b"]', 'exactly one IPPool for a Namespace'),
  ],
  [
    'two IPv4 IPPools for one Pod',
    inChart((c) =>
      IPPool.assign(new kplus.Pod(c, 'Pod', { containers: [{ image: 'nginx' }] }), [
        IPPool.fromIPPoolName(c, 'A', 'v4-a', 'IPv4'),
        IPPool.fromIPPoolName(c, 'B', 'v4-b', 'IPv4'),
      ]),
    ),
    err('test/Pod', 'pools', '"v4-b"', 'at most one IPv4 IPPool (already v4-a)'),
  ],
  // AntreaConfig
  [
    'second AntreaConfig in one App',
    inChart((c) => {
      new AntreaConfig(c, 'A');
      new AntreaConfig(new Chart(c.node.root as never, 'other'), 'B');
    }),
    err('other/B', 'AntreaConfig', '"other/B"', 'at most one AntreaConfig per App (already defined at test/A)'),
  ],
  [
    'flow exporter without its gate',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { enable: true } })),
    err('test/A', 'flowExporter.enable', 'true', 'false while the FlowExporter feature gate is off (set featureGates.FlowExporter: true)'),
  ],
  [
    'flow collector address without a port',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { flowCollectorAddr: 'flow-aggregator' } })),
    err('test/A', 'flowExporter.flowCollectorAddr', '"flow-aggregator"', 'an address "<host>:<port>[:grpc|tcp|udp|tls]"'),
  ],
  [
    'flow collector port 99999',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { flowCollectorAddr: 'flow-aggregator/flow-aggregator:99999:grpc' } })),
    err(
      'test/A',
      'flowExporter.flowCollectorAddr',
      '"flow-aggregator/flow-aggregator:99999:grpc"',
      'an address "<host>:<port>[:grpc|tcp|udp|tls]" whose port is from 1 to 65535',
    ),
  ],
  [
    'flow collector port 0',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { flowCollectorAddr: '10.0.0.5:0' } })),
    err(
      'test/A',
      'flowExporter.flowCollectorAddr',
      '"10.0.0.5:0"',
      'an address "<host>:<port>[:grpc|tcp|udp|tls]" whose port is from 1 to 65535',
    ),
  ],
  [
    'flow collector protocol sctp',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { flowCollectorAddr: '10.0.0.5:4739:sctp' } })),
    err(
      'test/A',
      'flowExporter.flowCollectorAddr',
      '"10.0.0.5:4739:sctp"',
      'an address "<host>:<port>[:grpc|tcp|udp|tls]" whose protocol is one of grpc, tcp, udp, tls',
    ),
  ],
  [
    'flow collector bracketed host that is not IPv6',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { flowCollectorAddr: '[collector]:4739' } })),
    err(
      'test/A',
      'flowExporter.flowCollectorAddr',
      '"[collector]:4739"',
      'an address "<host>:<port>[:grpc|tcp|udp|tls]" whose bracketed host is an IPv6 address',
    ),
  ],
  [
    'flow collector IPv6 host without brackets',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { flowCollectorAddr: 'fd00::5:4739' } })),
    err('test/A', 'flowExporter.flowCollectorAddr', '"fd00::5:4739"', 'an address "<host>:<port>[:grpc|tcp|udp|tls]", e.g.'),
  ],
  [
    'flow collector Service reference with three parts',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { flowCollectorAddr: 'a/b/c:4739' } })),
    err(
      'test/A',
      'flowExporter.flowCollectorAddr',
      '"a/b/c:4739"',
      'an address "<host>:<port>[:grpc|tcp|udp|tls]" whose Service host is "<namespace>/<name>" (two DNS-1123 labels)',
    ),
  ],
  [
    'noSNAT: "yes"',
    inChart((c) => new AntreaConfig(c, 'A', { noSNAT: 'yes' as unknown as boolean })),
    err('test/A', 'noSNAT', '"yes"', 'true or false'),
  ],
  [
    'enableBridgingMode: 1',
    inChart((c) => new AntreaConfig(c, 'A', { enableBridgingMode: 1 as unknown as boolean })),
    err('test/A', 'enableBridgingMode', '1', 'true or false'),
  ],
  [
    'disableTXChecksumOffload: "true"',
    inChart((c) => new AntreaConfig(c, 'A', { disableTXChecksumOffload: 'true' as unknown as boolean })),
    err('test/A', 'disableTXChecksumOffload', '"true"', 'true or false'),
  ],
  [
    'nodePortLocal.enable: "on"',
    inChart((c) => new AntreaConfig(c, 'A', { nodePortLocal: { enable: 'on' as unknown as boolean } })),
    err('test/A', 'nodePortLocal.enable', '"on"', 'true or false'),
  ],
  [
    'flowExporter.enable: "false"',
    inChart((c) => new AntreaConfig(c, 'A', { flowExporter: { enable: 'false' as unknown as boolean } })),
    err('test/A', 'flowExporter.enable', '"false"', 'true or false'),
  ],
  [
    'multicluster.enableStretchedNetworkPolicy: "yes"',
    inChart(
      (c) =>
        new AntreaConfig(c, 'A', {
          featureGates: { Multicluster: true },
          multicluster: { enableStretchedNetworkPolicy: 'yes' as unknown as boolean },
        }),
    ),
    err('test/A', 'multicluster.enableStretchedNetworkPolicy', '"yes"', 'true or false'),
  ],
  [
    'nodePortLocal given as true',
    inChart((c) => new AntreaConfig(c, 'A', { nodePortLocal: true as never })),
    err('test/A', 'nodePortLocal', 'true', 'an object'),
  ],
  [
    'AllAlpha feature gate',
    inChart((c) => new AntreaConfig(c, 'A', { featureGates: { AllAlpha: true } })),
    err(
      'test/A',
      'featureGates.AllAlpha',
      'the gate "AllAlpha"',
      'an Antrea v2.7.0 feature gate name (case-sensitive), e.g. Egress, L7NetworkPolicy, AntreaIPAM (AllAlpha is not supported here',
    ),
  ],
  [
    'multicluster gateway without its gate',
    inChart((c) => new AntreaConfig(c, 'A', { multicluster: { enableGateway: true } })),
    err(
      'test/A',
      'multicluster.enableGateway',
      'true',
      'false while the Multicluster feature gate is off (set featureGates.Multicluster: true)',
    ),
  ],
  [
    'Pod-to-Pod connectivity without a gateway',
    inChart((c) => new AntreaConfig(c, 'A', { featureGates: { Multicluster: true }, multicluster: { enablePodToPodConnectivity: true } })),
    err('test/A', 'multicluster.enablePodToPodConnectivity', 'true', 'false unless multicluster.enableGateway is true'),
  ],
  [
    'L7NetworkPolicy with TX checksum offload on',
    inChart((c) => new AntreaConfig(c, 'A', { featureGates: { L7NetworkPolicy: true } })),
    err('test/A', 'disableTXChecksumOffload', 'false', 'true when the L7NetworkPolicy feature gate is on'),
  ],
  [
    'NodePortLocal as a feature gate',
    inChart((c) => new AntreaConfig(c, 'A', { featureGates: { NodePortLocal: false } })),
    err(
      'test/A',
      'featureGates.NodePortLocal',
      'the gate "NodePortLocal"',
      'a gate the Antrea Helm conf templates render (NodePortLocal is GA; use nodePortLocal.enable)',
    ),
  ],
  // Traceflow
  [
    'Traceflow droppedOnly without liveTraffic',
    inChart(
      (c) =>
        new Traceflow(c, 'TF', {
          source: TraceflowSource.pod('shop', 'web-0'),
          destination: TraceflowDestination.pod('shop', 'db-0'),
          droppedOnly: true,
        }),
    ),
    err('test/TF', 'droppedOnly', 'true', 'false unless liveTraffic is true'),
  ],
  [
    'Traceflow from an IP without liveTraffic',
    inChart(
      (c) => new Traceflow(c, 'TF', { source: TraceflowSource.ip('10.0.0.5'), destination: TraceflowDestination.pod('shop', 'db-0') }),
    ),
    err('test/TF', 'source.ip', '"10.0.0.5"', 'a source Pod (a source IP is only allowed with liveTraffic)'),
  ],
  [
    'Traceflow timeout of 301 seconds',
    inChart(
      (c) =>
        new Traceflow(c, 'TF', {
          source: TraceflowSource.pod('shop', 'web-0'),
          destination: TraceflowDestination.pod('shop', 'db-0'),
          timeout: 301,
        }),
    ),
    err('test/TF', 'timeout', '301', 'an integer number of seconds from 1 to 300'),
  ],
  [
    'Traceflow IPv6 packet with IP flags',
    inChart(
      (c) =>
        new Traceflow(c, 'TF', {
          source: TraceflowSource.pod('shop', 'web-0'),
          destination: TraceflowDestination.pod('shop', 'db-0'),
          packet: TraceflowPacket.icmp({ ipv6: true, ipFlags: 2 }),
        }),
    ),
    err('test/TF', 'packet.ipFlags', '2', 'no IP flags for an IPv6 packet'),
  ],
  [
    'Traceflow to a Service named with uppercase',
    inChart(
      (c) =>
        new Traceflow(c, 'TF', { source: TraceflowSource.pod('shop', 'web-0'), destination: TraceflowDestination.service('shop', 'Api') }),
    ),
    err('test/TF', 'destination.service', '"Api"', 'a Service name (DNS-1035 label)'),
  ],
  // NodePortLocal, secondary networks, multicluster
  [
    'NodePortLocal on a NodePort Service',
    inChart(
      (c) =>
        new NodePortLocalService(c, 'S', { selector: { app: 'web' }, ports: [{ port: 80 }], type: 'NodePort' as NodePortLocalServiceType }),
    ),
    err('test/S', 'type', '"NodePort"', 'ClusterIP or LoadBalancer (NodePortLocal ignores NodePort and ExternalName Services)'),
  ],
  [
    'NodePortLocal Service without a selector',
    inChart((c) => new NodePortLocalService(c, 'S', { selector: {}, ports: [{ port: 80 }] })),
    err('test/S', 'selector', '{}', 'a non-empty Pod selector (NodePortLocal ignores selector-less Services)'),
  ],
  [
    'NodePortLocal enabled on a ConfigMap',
    inChart((c) => NodePortLocal.enable(new ApiObject(c, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }))),
    err('test/Cm', 'service', '"v1/ConfigMap"', 'a v1 Service (a cdk8s-plus Service, a NodePortLocalService or a Service ApiObject)'),
  ],
  [
    'secondary network with CNI version "1.0"',
    inChart(
      (c) =>
        new NetworkAttachmentDefinition(c, 'Nad', {
          cniVersion: '1.0',
          plugin: CniPlugin.antreaVlan(),
          ipPools: [IPPool.fromIPPoolName(c, 'P', 'vlan-pool')],
        }),
    ),
    err('test/Nad', 'cniVersion', '"1.0"', 'a CNI spec version such as "0.3.0"'),
  ],
  [
    'secondary network without IPPools',
    inChart((c) => new NetworkAttachmentDefinition(c, 'Nad', { plugin: CniPlugin.antreaVlan(), ipPools: [] })),
    err('test/Nad', 'ipPools', '[]', 'at least one IPPool'),
  ],
  [
    'secondary VLAN 4095',
    inChart(
      (c) =>
        new NetworkAttachmentDefinition(c, 'Nad', {
          plugin: CniPlugin.antreaVlan({ vlan: 4095 }),
          ipPools: [IPPool.fromIPPoolName(c, 'P', 'vlan-pool')],
        }),
    ),
    err('test/Nad', 'plugin.vlan', '4095', 'an integer from 0 to 4094'),
  ],
  [
    'secondary MTU 67',
    inChart(
      (c) =>
        new NetworkAttachmentDefinition(c, 'Nad', {
          plugin: CniPlugin.antreaVlan({ mtu: 67 }),
          ipPools: [IPPool.fromIPPoolName(c, 'P', 'vlan-pool')],
        }),
    ),
    err('test/Nad', 'plugin.mtu', '67', 'an integer from 68 to 65535'),
  ],
  [
    'macvlan master name of 16 characters',
    inChart(
      (c) =>
        new NetworkAttachmentDefinition(c, 'Nad', {
          plugin: CniPlugin.macvlan({ master: 'enp0s31f6-uplink' }),
          ipPools: [IPPool.fromIPPoolName(c, 'P', 'vlan-pool')],
        }),
    ),
    err('test/Nad', 'plugin.master', '"enp0s31f6-uplink"', 'a Linux interface name (1 to 15 characters)'),
  ],
  [
    'ClusterSet member whose leader is itself (dual-role) in the leader Namespace',
    inChart((c) => member(c, { leaderClusterId: 'east', leaderNamespace: 'kube-system' })),
    err(
      'test/CS',
      'namespace',
      '"kube-system"',
      'a Namespace other than the leader Namespace "kube-system" (a dual-role cluster\'s member ClusterSet, whose leader is the cluster itself, lives with the member controller',
    ),
  ],
  [
    'ClusterSet leader server over http',
    inChart((c) => member(c, { server: 'http://192.168.100.3:6443' })),
    err(
      'test/CS',
      'role.server',
      '"http://192.168.100.3:6443"',
      'an https URL of the leader API server such as "https://192.168.100.3:6443"',
    ),
  ],
]);

describe('bad Egress, pools and other Antrea objects', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
