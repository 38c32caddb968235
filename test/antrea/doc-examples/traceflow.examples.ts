import { Traceflow, TraceflowDestination, TraceflowPacket, TraceflowSource } from '../../../lib/antrea';
import { ValidDocExample } from './harness';

const PAGE = 'docs/traceflow-guide.md';

export const traceflowExamples: ValidDocExample[] = [
  {
    page: PAGE,
    title: 'IPv4 TCP SYN trace between two Pods',
    build: (c) =>
      new Traceflow(c, 'T', {
        name: 'tf-test',
        source: TraceflowSource.pod('default', 'tcp-sts-0'),
        destination: TraceflowDestination.pod('default', 'tcp-sts-2'),
        packet: TraceflowPacket.tcp({ srcPort: 10000, dstPort: 80, flags: 2 }),
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Traceflow
metadata:
  name: tf-test
spec:
  source:
    namespace: default
    pod: tcp-sts-0
  destination:
    namespace: default
    pod: tcp-sts-2
  packet:
    ipHeader:
      protocol: 6
    transportHeader:
      tcp:
        srcPort: 10000
        dstPort: 80
        flags: 2
`,
  },
  {
    page: PAGE,
    title: 'IPv6 ICMPv6 trace between two Pods',
    build: (c) =>
      new Traceflow(c, 'T', {
        name: 'tf-test-ipv6',
        source: TraceflowSource.pod('default', 'tcp-sts-0'),
        destination: TraceflowDestination.pod('default', 'tcp-sts-2'),
        packet: TraceflowPacket.icmp({ ipv6: true }),
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Traceflow
metadata:
  name: tf-test-ipv6
spec:
  source:
    namespace: default
    pod: tcp-sts-0
  destination:
    namespace: default
    pod: tcp-sts-2
  packet:
    ipv6Header:
      nextHeader: 58
`,
  },
  {
    page: PAGE,
    title: 'Live-traffic trace of dropped UDP packets to a Pod',
    build: (c) =>
      new Traceflow(c, 'T', {
        name: 'tf-test',
        liveTraffic: true,
        droppedOnly: true,
        destination: TraceflowDestination.pod('default', 'udp-server'),
        packet: TraceflowPacket.udp({ dstPort: 1234, explicitProtocol: false }),
        timeout: 60,
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Traceflow
metadata:
  name: tf-test
spec:
  liveTraffic: true
  droppedOnly: true
  destination:
    namespace: default
    pod: udp-server
  packet:
    transportHeader:
      udp:
        dstPort: 1234
  timeout: 60
`,
  },
];
