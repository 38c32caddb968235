import { Chart } from 'cdk8s';
import {
  AntreaConfig,
  AppliedTo,
  ClusterNetworkPolicy,
  LabelSelector,
  MulticlusterControllerConfig,
  NodePortLocalProtocol,
  NodePortLocalService,
  Port,
  PortProtocol,
  RuleAction,
  Traceflow,
  TraceflowDestination,
  TraceflowPacket,
  TraceflowSource,
} from '../../lib/antrea';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const PORT = 'an integer port number from 1 to 65535';

/** An ACNP with one ingress rule on `ports`. */
function ingressOn(c: Chart, ports: () => Port[]): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(c, 'P', {
    priority: 5,
    appliedTo: [AppliedTo.pods(LabelSelector.all())],
    ingress: [{ action: RuleAction.ALLOW, ports: ports() }],
  });
}

/** A Traceflow from a Pod to a Pod with `packet`. */
function traceflow(c: Chart, packet: () => TraceflowPacket): Traceflow {
  return new Traceflow(c, 'TF', {
    source: TraceflowSource.pod('shop', 'web-0'),
    destination: TraceflowDestination.pod('shop', 'db-0'),
    packet: packet(),
  });
}

const rows: BadInput[] = distinct([
  // policy ports
  ['TCP port 0', inChart((c) => ingressOn(c, () => [Port.tcp(0)])), err('test/P', 'ingress[0].ports[0].port', '0', PORT)],
  ['UDP port 65536', inChart((c) => ingressOn(c, () => [Port.udp(65536)])), err('test/P', 'ingress[0].ports[0].port', '65536', PORT)],
  ['SCTP port 80.5', inChart((c) => ingressOn(c, () => [Port.sctp(80.5)])), err('test/P', 'ingress[0].ports[0].port', '80.5', PORT)],
  ['negative TCP port', inChart((c) => ingressOn(c, () => [Port.tcp(-443)])), err('test/P', 'ingress[0].ports[0].port', '-443', PORT)],
  [
    'range whose end is below its start',
    inChart((c) => ingressOn(c, () => [Port.tcpRange(9000, 8000)])),
    err('test/P', 'ingress[0].ports[0].endPort', '8000', 'a port >= 9000 (`endPort` should be greater than or equal to `port`)'),
  ],
  [
    'range end 70000',
    inChart((c) => ingressOn(c, () => [Port.udpRange(5000, 70000)])),
    err('test/P', 'ingress[0].ports[0].endPort', '70000', PORT),
  ],
  [
    'endPort without port',
    inChart((c) => ingressOn(c, () => [Port.of({ endPort: 100 })])),
    err('test/P', 'ingress[0].ports[0].endPort', '100', 'no endPort without port (if `endPort` is specified `port` must be specified)'),
  ],
  [
    'endPort with a named port',
    inChart((c) => ingressOn(c, () => [Port.of({ namedPort: 'http', endPort: 90 })])),
    err(
      'test/P',
      'ingress[0].ports[0].endPort',
      '90',
      'no endPort with a named port (if `port` is a string `endPort` cannot be specified)',
    ),
  ],
  [
    'both port and namedPort',
    inChart((c) => ingressOn(c, () => [Port.of({ port: 80, namedPort: 'http' })])),
    err('test/P', 'ingress[0].ports[0].namedPort', '"http"', 'either port or namedPort, not both'),
  ],
  [
    'source port 0',
    inChart((c) => ingressOn(c, () => [Port.of({ port: 53, sourcePort: 0 })])),
    err('test/P', 'ingress[0].ports[0].sourcePort', '0', PORT),
  ],
  [
    'sourceEndPort without sourcePort',
    inChart((c) => ingressOn(c, () => [Port.of({ port: 53, sourceEndPort: 2000 })])),
    err(
      'test/P',
      'ingress[0].ports[0].sourceEndPort',
      '2000',
      'no sourceEndPort without sourcePort (if `sourceEndPort` is specified `sourcePort` must be specified)',
    ),
  ],
  [
    'source range whose end is below its start',
    inChart((c) => ingressOn(c, () => [Port.of({ port: 53, sourcePort: 3000, sourceEndPort: 2999 })])),
    err(
      'test/P',
      'ingress[0].ports[0].sourceEndPort',
      '2999',
      'a port >= 3000 (`sourceEndPort` should be greater than or equal to `sourcePort`)',
    ),
  ],
  [
    'named port of 16 characters',
    inChart((c) => ingressOn(c, () => [Port.named('metrics-exporter')])),
    err('test/P', 'ingress[0].ports[0].namedPort', '"metrics-exporter"', 'a named port (IANA service name)'),
  ],
  [
    'named port in uppercase',
    inChart((c) => ingressOn(c, () => [Port.named('HTTP')])),
    err('test/P', 'ingress[0].ports[0].namedPort', '"HTTP"', 'a named port (IANA service name)'),
  ],
  [
    'named port with "--"',
    inChart((c) => ingressOn(c, () => [Port.named('web--tls')])),
    err('test/P', 'ingress[0].ports[0].namedPort', '"web--tls"', 'a named port (IANA service name)'),
  ],
  [
    'named port of digits only',
    inChart((c) => ingressOn(c, () => [Port.named('8080')])),
    err(
      'test/P',
      'ingress[0].ports[0].namedPort',
      '"8080"',
      'a named port (IANA service name): at most 15 lowercase alphanumerics or "-", with a letter, no "--"',
    ),
  ],
  [
    'port protocol ICMP',
    inChart((c) => ingressOn(c, () => [Port.of({ protocol: 'ICMP' as PortProtocol, port: 1 })])),
    err('test/P', 'ingress[0].ports[0].protocol', '"ICMP"', 'TCP, UDP or SCTP'),
  ],
  // NodePortLocal
  [
    'NodePortLocal port range with start = end',
    inChart((c) => new AntreaConfig(c, 'A', { nodePortLocal: { portRange: '61000-61000' } })),
    err('test/A', 'nodePortLocal.portRange', '"61000-61000"', 'a port range whose start is lower than its end'),
  ],
  [
    'NodePortLocal port range ending at 65536',
    inChart((c) => new AntreaConfig(c, 'A', { nodePortLocal: { portRange: '61000-65536' } })),
    err('test/A', 'nodePortLocal.portRange', '"61000-65536"', 'a port range with both ends from 1 to 65535'),
  ],
  [
    'NodePortLocal port range with ":"',
    inChart((c) => new AntreaConfig(c, 'A', { nodePortLocal: { portRange: '61000:62000' } })),
    err('test/A', 'nodePortLocal.portRange', '"61000:62000"', 'a port range "<start>-<end>" such as "61000-62000"'),
  ],
  [
    'NodePortLocal Service port 0',
    inChart((c) => new NodePortLocalService(c, 'S', { selector: { app: 'web' }, ports: [{ port: 0 }] })),
    err('test/S', 'ports[0].port', '0', 'an integer from 1 to 65535'),
  ],
  [
    'NodePortLocal Service targetPort 99999',
    inChart((c) => new NodePortLocalService(c, 'S', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 99999 }] })),
    err('test/S', 'ports[0].targetPort', '99999', 'an integer from 1 to 65535 or a port name'),
  ],
  [
    'NodePortLocal Service targetPort name with "_"',
    inChart((c) => new NodePortLocalService(c, 'S', { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http_alt' }] })),
    err('test/S', 'ports[0].targetPort', '"http_alt"', 'a container port name (IANA_SVC_NAME)'),
  ],
  [
    'NodePortLocal Service on SCTP',
    inChart(
      (c) =>
        new NodePortLocalService(c, 'S', { selector: { app: 'web' }, ports: [{ port: 80, protocol: 'SCTP' as NodePortLocalProtocol }] }),
    ),
    err('test/S', 'ports[0].protocol', '"SCTP"', 'TCP or UDP (NodePortLocal supports no other protocol)'),
  ],
  [
    'NodePortLocal Service with two unnamed ports',
    inChart((c) => new NodePortLocalService(c, 'S', { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443 }] })),
    err('test/S', 'ports[0].name', 'undefined', 'a port name (required when a Service has several ports)'),
  ],
  // other ports
  [
    'multicluster webhook port 0',
    inChart((c) => new MulticlusterControllerConfig(c, 'MC', { webhookPort: 0 })),
    err('test/MC', 'webhookPort', '0', 'an integer from 1 to 65535'),
  ],
  [
    'Traceflow TCP destination port 70000',
    inChart((c) => traceflow(c, () => TraceflowPacket.tcp({ dstPort: 70000 }))),
    err('test/TF', 'packet.dstPort', '70000', 'an integer from 1 to 65535'),
  ],
  [
    'Traceflow UDP source port 0',
    inChart((c) => traceflow(c, () => TraceflowPacket.udp({ srcPort: 0, dstPort: 53 }))),
    err('test/TF', 'packet.srcPort', '0', 'an integer from 1 to 65535'),
  ],
  [
    'Traceflow TCP flags 256',
    inChart((c) => traceflow(c, () => TraceflowPacket.tcp({ dstPort: 80, flags: 256 }))),
    err('test/TF', 'packet.flags', '256', 'an integer from 0 to 255'),
  ],
]);

describe('bad ports and port ranges', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
