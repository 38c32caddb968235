import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CniPlugin, IPPool, NetworkAttachmentDefinition } from '../../../lib/antrea';
import { InvalidDocExample, ValidDocExample } from './harness';

const PAGE = 'docs/antrea-ipam.md';
const pool = (c: Chart, name: string) => IPPool.fromIPPoolName(c, `Ref-${name}`, name);
const pod = (c: Chart, name: string) =>
  new ApiObject(c, name, { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [] } });
const sts = (c: Chart, replicas: number) =>
  new kplus.StatefulSet(c, 'Sts', {
    metadata: { name: 'statefulset1' },
    replicas,
    containers: [{ image: 'nginx', ports: [{ number: 80 }], securityContext: { ensureNonRoot: false } }],
  });

// The docs indent the closing `}'` of each NAD's single-quoted config at the level of `config:`, which YAML 1.2 (the
// `yaml` package) refuses and go-yaml (kubectl) tolerates; the expected YAML below indents it two more spaces.

/** The macvlan NAD of the secondary-network section, without a network name as the docs write it. */
const macvlanNad = (c: Chart, name: string, pools: string[]) =>
  new NetworkAttachmentDefinition(c, 'Nad', {
    name,
    plugin: CniPlugin.macvlan({ master: 'eth0' }),
    ipPools: pools.map((p) => pool(c, p)),
    writeNetworkName: false,
  });

/** The AntreaConfig the IPAM examples need (the cross-checks of IPPool.assign and NAD). */
const IPAM_CONFIG = {
  featureGates: { AntreaIPAM: true, SecondaryNetwork: true },
  enableBridgingMode: true,
  trafficEncapMode: 'noEncap' as any,
  noSNAT: true,
};

export const ipamExamples: ValidDocExample[] = [
  {
    page: PAGE,
    title: 'IPPool with a start-end range and a VLAN',
    build: (c) =>
      new IPPool(c, 'P', {
        name: 'pool1',
        ipRanges: ['10.2.0.12-10.2.0.20'],
        subnetInfo: { gateway: '10.2.0.1', prefixLength: 24, vlan: 2 },
      }),
    expected: `
apiVersion: "crd.antrea.io/v1beta1"
kind: IPPool
metadata:
  name: pool1
spec:
  ipRanges:
  - start: "10.2.0.12"
    end: "10.2.0.20"
  subnetInfo:
    gateway: "10.2.0.1"
    prefixLength: 24
    vlan: 2
`,
  },
  {
    page: PAGE,
    title: 'Namespace annotation ipam.antrea.io/ippools',
    config: IPAM_CONFIG,
    build: (c) => IPPool.assign(new kplus.Namespace(c, 'Ns', { metadata: { name: 'namespace1' } }), [pool(c, 'pool1')]),
    expected: `
apiVersion: v1
kind: Namespace
metadata:
  name: namespace1
  annotations:
    ipam.antrea.io/ippools: 'pool1'
`,
  },
  {
    page: PAGE,
    title: 'StatefulSet with one replica and a fixed IP (placeholder <ip-in-sts-ip-pool1> filled with 10.2.1.20)',
    config: IPAM_CONFIG,
    build: (c) => {
      const s = sts(c, 1);
      IPPool.assign(s, [pool(c, 'sts-ip-pool1')]);
      IPPool.assignIPs(s, ['10.2.1.20']);
    },
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: statefulset1
spec:
  replicas: 1
  template:
    metadata:
      annotations:
        ipam.antrea.io/ippools: 'sts-ip-pool1'
        ipam.antrea.io/pod-ips: '10.2.1.20'
`,
  },
  {
    page: PAGE,
    title: 'StatefulSet with four replicas and a pool',
    config: IPAM_CONFIG,
    build: (c) => IPPool.assign(sts(c, 4), [pool(c, 'sts-ip-pool1')]),
    expected: `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: statefulset1
spec:
  replicas: 4
  template:
    metadata:
      annotations:
        ipam.antrea.io/ippools: 'sts-ip-pool1'
`,
  },
  {
    page: PAGE,
    title: 'Pod annotation ipam.antrea.io/ippools',
    config: IPAM_CONFIG,
    build: (c) => IPPool.assign(pod(c, 'pod1'), [pool(c, 'pod-ip-pool1')]),
    expected: `
apiVersion: v1
kind: Pod
metadata:
  name: pod1
  annotations:
    ipam.antrea.io/ippools: 'pod-ip-pool1'
`,
  },
  {
    page: PAGE,
    title: 'Pod with a pool and a fixed IP (placeholder <ip-in-pod-ip-pool1> filled with 10.2.0.100)',
    config: IPAM_CONFIG,
    build: (c) => {
      const p = pod(c, 'pod1');
      IPPool.assign(p, [pool(c, 'pod-ip-pool1')]);
      IPPool.assignIPs(p, ['10.2.0.100']);
    },
    expected: `
apiVersion: v1
kind: Pod
metadata:
  name: pod1
  annotations:
    ipam.antrea.io/ippools: 'pod-ip-pool1'
    ipam.antrea.io/pod-ips: '10.2.0.100'
`,
  },
  {
    page: PAGE,
    title: "Pod with a fixed IP from its Namespace's pool (placeholder <ip-in-namespace-pool> filled with 10.2.0.101)",
    config: IPAM_CONFIG,
    build: (c) => IPPool.assignIPs(pod(c, 'pod1'), ['10.2.0.101']),
    expected: `
apiVersion: v1
kind: Pod
metadata:
  name: pod1
  annotations:
    ipam.antrea.io/pod-ips: '10.2.0.101'
`,
  },
  {
    page: PAGE,
    title: 'Secondary network: IPv4 macvlan NAD',
    config: IPAM_CONFIG,
    build: (c) => macvlanNad(c, 'ipv4-net-1', ['ipv4-pool-1']),
    expected: `
apiVersion: "k8s.cni.cncf.io/v1"
kind: NetworkAttachmentDefinition
metadata:
  name: ipv4-net-1
spec:
  config: '{
      "cniVersion": "0.3.0",
      "type": "macvlan",
      "master": "eth0",
      "mode": "bridge",
      "ipam": {
          "type": "antrea",
          "ippools": [ "ipv4-pool-1" ]
      }
    }'
`,
  },
  {
    page: PAGE,
    title: 'Secondary network: IPv6 macvlan NAD',
    config: IPAM_CONFIG,
    build: (c) => macvlanNad(c, 'ipv6-net-1', ['ipv6-pool-1']),
    expected: `
apiVersion: "k8s.cni.cncf.io/v1"
kind: NetworkAttachmentDefinition
metadata:
  name: ipv6-net-1
spec:
  config: '{
      "cniVersion": "0.3.0",
      "type": "macvlan",
      "master": "eth0",
      "mode": "bridge",
      "ipam": {
          "type": "antrea",
          "ippools": [ "ipv6-pool-1" ]
      }
    }'
`,
  },
  {
    page: PAGE,
    title: 'Secondary network: dual-stack macvlan NAD',
    config: IPAM_CONFIG,
    build: (c) => macvlanNad(c, 'dual-stack-net-1', ['ipv4-pool-1', 'ipv6-pool-1']),
    expected: `
apiVersion: "k8s.cni.cncf.io/v1"
kind: NetworkAttachmentDefinition
metadata:
  name: dual-stack-net-1
spec:
  config: '{
      "cniVersion": "0.3.0",
      "type": "macvlan",
      "master": "eth0",
      "mode": "bridge",
      "ipam": {
          "type": "antrea",
          "ippools": [ "ipv4-pool-1", "ipv6-pool-1" ]
      }
    }'
`,
  },
  {
    page: PAGE,
    title: 'IPPool whose CIDR range contains the gateway (the allocator reserves it)',
    build: (c) =>
      new IPPool(c, 'P', { name: 'ipv4-pool-1', ipRanges: ['10.10.1.0/26'], subnetInfo: { gateway: '10.10.1.1', prefixLength: 26 } }),
    expected: `
apiVersion: "crd.antrea.io/v1beta1"
kind: IPPool
metadata:
  name: ipv4-pool-1
spec:
  ipRanges:
  - cidr: "10.10.1.0/26"
  subnetInfo:
    gateway: "10.10.1.1"
    prefixLength: 26
`,
  },
  {
    page: PAGE,
    title: 'IPv6 IPPool with a start-end range',
    build: (c) =>
      new IPPool(c, 'P', {
        name: 'ipv6-pool-1',
        ipRanges: ['3ffe:ffff:1:01ff::0100-3ffe:ffff:1:01ff::0200'],
        subnetInfo: { gateway: '3ffe:ffff:1:01ff::1', prefixLength: 64 },
      }),
    expected: `
apiVersion: "crd.antrea.io/v1beta1"
kind: IPPool
metadata:
  name: ipv6-pool-1
spec:
  ipRanges:
  - start: "3ffe:ffff:1:01ff::0100"
    end: "3ffe:ffff:1:01ff::0200"
  subnetInfo:
    gateway: "3ffe:ffff:1:01ff::1"
    prefixLength: 64
`,
  },
  {
    page: PAGE,
    title: 'Antrea-native VLAN network: IPPool with VLAN and NAD',
    config: IPAM_CONFIG,
    build: (c) => {
      const p = new IPPool(c, 'P', {
        name: 'ipv4-pool-1',
        ipRanges: ['10.10.1.0/26'],
        subnetInfo: { gateway: '10.10.1.1', prefixLength: 24, vlan: 100 },
      });
      new NetworkAttachmentDefinition(c, 'Nad', {
        name: 'ipv4-net-1',
        plugin: CniPlugin.antreaVlan(),
        ipPools: [p],
        writeNetworkName: false,
      });
    },
    expected: `
apiVersion: "crd.antrea.io/v1beta1"
kind: IPPool
metadata:
  name: ipv4-pool-1
spec:
  ipRanges:
  - cidr: "10.10.1.0/26"
  subnetInfo:
    gateway: "10.10.1.1"
    prefixLength: 24
    vlan: 100
---
apiVersion: "k8s.cni.cncf.io/v1"
kind: NetworkAttachmentDefinition
metadata:
  name: ipv4-net-1
spec:
  config: '{
      "cniVersion": "0.3.0",
      "type": "antrea",
      "networkType": "vlan",
      "ipam": {
          "type": "antrea",
          "ippools": [ "ipv4-pool-1" ]
      }
    }'
`,
  },
  {
    page: PAGE,
    title: 'Antrea-native dual-stack VLAN network: two IPPools and a NAD',
    config: IPAM_CONFIG,
    build: (c) => {
      const v4 = new IPPool(c, 'V4', {
        name: 'ipv4-vlan-pool',
        ipRanges: ['10.10.1.0/26'],
        subnetInfo: { gateway: '10.10.1.1', prefixLength: 24, vlan: 100 },
      });
      const v6 = new IPPool(c, 'V6', {
        name: 'ipv6-vlan-pool',
        ipRanges: ['3ffe:ffff:1:01ff::0100-3ffe:ffff:1:01ff::0200'],
        subnetInfo: { gateway: '3ffe:ffff:1:01ff::1', prefixLength: 64, vlan: 100 },
      });
      new NetworkAttachmentDefinition(c, 'Nad', {
        name: 'dual-stack-vlan-net',
        plugin: CniPlugin.antreaVlan(),
        ipPools: [v4, v6],
        writeNetworkName: false,
      });
    },
    expected: `
apiVersion: "crd.antrea.io/v1beta1"
kind: IPPool
metadata:
  name: ipv4-vlan-pool
spec:
  ipRanges:
  - cidr: "10.10.1.0/26"
  subnetInfo:
    gateway: "10.10.1.1"
    prefixLength: 24
    vlan: 100
---
apiVersion: "crd.antrea.io/v1beta1"
kind: IPPool
metadata:
  name: ipv6-vlan-pool
spec:
  ipRanges:
  - start: "3ffe:ffff:1:01ff::0100"
    end: "3ffe:ffff:1:01ff::0200"
  subnetInfo:
    gateway: "3ffe:ffff:1:01ff::1"
    prefixLength: 64
    vlan: 100
---
apiVersion: "k8s.cni.cncf.io/v1"
kind: NetworkAttachmentDefinition
metadata:
  name: dual-stack-vlan-net
spec:
  config: '{
      "cniVersion": "0.3.0",
      "type": "antrea",
      "networkType": "vlan",
      "ipam": {
          "type": "antrea",
          "ippools": [ "ipv4-vlan-pool", "ipv6-vlan-pool" ]
      }
    }'
`,
  },
];

export const invalidIpamExamples: InvalidDocExample[] = [
  {
    page: PAGE,
    title: 'the pod-ips annotation on a StatefulSet of four replicas (the docs: "Do not add pod-ips annotation ... more than 1 replica")',
    build: (c) => IPPool.assignIPs(sts(c, 4), ['10.2.1.20']),
    error: /\[example\/Sts\] replicas: got 4, expected 1 for a Pod template with ipam.antrea.io\/pod-ips/,
  },
];
