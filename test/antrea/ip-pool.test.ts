import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AntreaConfig, CniPlugin, IPPool, MacvlanMode, NetworkAttachmentDefinition, TrafficEncapMode } from '../../lib/antrea';
import { validateManifests } from '../../lib/core/validation';
import { findObject, synthValid } from '../helpers';

describe('IPPool (AntreaIPAM)', () => {
  test('v1beta1 pool with CIDR and start-end ranges and subnetInfo', () => {
    const chart = Testing.chart();
    new IPPool(chart, 'Pool', {
      name: 'ipv4-pool-1',
      ipRanges: ['10.2.0.12-10.2.0.20', '10.2.0.128/26'],
      subnetInfo: { gateway: '10.2.0.1', prefixLength: 24, vlan: 2 },
    });
    expect(findObject(synthValid(chart), 'IPPool', 'ipv4-pool-1')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'IPPool',
      metadata: { name: 'ipv4-pool-1' },
      spec: {
        ipRanges: [{ start: '10.2.0.12', end: '10.2.0.20' }, { cidr: '10.2.0.128/26' }],
        subnetInfo: { gateway: '10.2.0.1', prefixLength: 24, vlan: 2 },
      },
    });
  });

  test('a CIDR range may contain the gateway (pool CIDR = subnet, as in the Antrea docs); a start-end range may not', () => {
    const chart = Testing.chart();
    new IPPool(chart, 'Whole', { name: 'whole', ipRanges: ['10.2.0.0/24'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } });
    new IPPool(chart, 'Part', { name: 'part', ipRanges: ['10.3.0.0/26'], subnetInfo: { gateway: '10.3.0.1', prefixLength: 24 } });
    expect(findObject(synthValid(chart), 'IPPool', 'whole').spec.ipRanges).toEqual([{ cidr: '10.2.0.0/24' }]);
    expect(
      () => new IPPool(chart, 'Range', { ipRanges: ['10.4.0.1-10.4.0.9'], subnetInfo: { gateway: '10.4.0.1', prefixLength: 24 } }),
    ).toThrow(
      /\[test\/Range\] ipRanges\[0\]: got "10.4.0.1-10.4.0.9", expected a start-end range that does not contain subnetInfo.gateway 10.4.0.1, or a CIDR range \(the IPPool allocator reserves the gateway only in CIDR ranges/,
    );
  });

  test('reproduces the source document Pod annotation ipam.antrea.io/ippools: pod-ip-pool1', () => {
    const chart = Testing.chart();
    const pool = new IPPool(chart, 'PodPool', {
      name: 'pod-ip-pool1',
      ipRanges: ['10.2.0.96/28'],
      subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 },
    });
    const pod = new kplus.Pod(chart, 'Pod', {
      metadata: { name: 'p' },
      containers: [{ image: 'busybox', securityContext: { ensureNonRoot: false } }],
    });
    IPPool.assign(pod, [pool]);
    const dep = new kplus.Deployment(chart, 'Dep', {
      metadata: { name: 'd' },
      containers: [{ image: 'busybox', securityContext: { ensureNonRoot: false } }],
    });
    IPPool.assign(dep, [pool, IPPool.fromIPPoolName(chart, 'V6', 'pool-v6', 'IPv6')]);
    const ns = new kplus.Namespace(chart, 'Ns', { metadata: { name: 'tenant-a' } });
    IPPool.assign(ns, [pool]);
    const objs = synthValid(chart);
    expect(findObject(objs, 'Pod', 'p').metadata.annotations).toEqual({ 'ipam.antrea.io/ippools': 'pod-ip-pool1' });
    expect(findObject(objs, 'Deployment', 'd').spec.template.metadata.annotations).toEqual({
      'ipam.antrea.io/ippools': 'pod-ip-pool1,pool-v6',
    });
    expect(findObject(objs, 'Namespace', 'tenant-a').metadata.annotations).toEqual({ 'ipam.antrea.io/ippools': 'pod-ip-pool1' });
    // the pool is applied before the annotated objects
    expect(objs.findIndex((o) => o.kind === 'IPPool')).toBeLessThan(objs.findIndex((o) => o.kind === 'Pod'));
  });

  test('assign validation', () => {
    const chart = Testing.chart();
    const a = new IPPool(chart, 'A', { name: 'a', ipRanges: ['10.2.0.16/28'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } });
    const b = new IPPool(chart, 'B', { name: 'b', ipRanges: ['10.3.0.16/28'], subnetInfo: { gateway: '10.3.0.1', prefixLength: 24 } });
    const ns = new kplus.Namespace(chart, 'Ns');
    expect(() => IPPool.assign(ns, [a, b])).toThrow(/\[test\/Ns\] pools: got \["a","b"\], expected exactly one IPPool for a Namespace/);
    const pod = new kplus.Pod(chart, 'Pod', { containers: [{ image: 'x' }] });
    expect(() => IPPool.assign(pod, [a, b])).toThrow(/\[test\/Pod\] pools: got "b", expected at most one IPv4 IPPool \(already a\)/);
    expect(() => IPPool.assign(pod, [])).toThrow(/\[test\/Pod\] pools: got \[\], expected at least one IPPool/);
    const cm = new kplus.ConfigMap(chart, 'Cm');
    expect(() => IPPool.assign(cm, [a])).toThrow(
      /\[test\/Cm\] target: got "test\/Cm", expected a Namespace, a Pod or a workload with a Pod template/,
    );
  });

  test.each([
    [{ ipRanges: ['10.2.0.0/28'] }, /\[test\/P\] subnetInfo: got undefined, expected a subnetInfo/],
    [
      { ipRanges: ['10.3.0.0/28'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } },
      /\[test\/P\] ipRanges\[0\]: got "10.3.0.0\/28", expected a range inside the subnet 10.2.0.0\/24 of subnetInfo/,
    ],
    [
      { ipRanges: ['fd00::/120'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } },
      /\[test\/P\] ipRanges\[0\]: got "fd00::\/120", expected an IPv4 range \(subnetInfo.gateway is IPv4\)/,
    ],
    [
      { ipRanges: ['fd00::/120'], subnetInfo: { gateway: 'fd00::1', prefixLength: 128 } },
      /\[test\/P\] subnetInfo.prefixLength: got 128, expected an integer from 1 to 127 \(the gateway is IPv6\)/,
    ],
    [
      { ipRanges: ['10.2.0.16/28', '10.2.0.24/29'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } },
      /\[test\/P\] ipRanges: got "10.2.0.24\/29", expected a range that does not overlap 10.2.0.16\/28 in the same pool/,
    ],
    [
      { ipVersion: 4, ipRanges: ['10.2.0.16/28'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } },
      /\[test\/P\] ipVersion: got 4, expected no ipVersion \(v1alpha2 only/,
    ],
  ])('IPPool rejects %j', (props, msg) => {
    const chart = Testing.chart();
    expect(() => new IPPool(chart, 'P', props as any)).toThrow(msg);
  });

  test('IPPools must not overlap each other in the App', () => {
    const chart = Testing.chart();
    new IPPool(chart, 'A', { name: 'a', ipRanges: ['10.2.0.16/28'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } });
    const b = new IPPool(chart, 'B', { name: 'b', ipRanges: ['10.2.0.64/28'], subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 } });
    synthValid(chart);
    b.addIpRange('10.2.0.20-10.2.0.22');
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/B\] ipRanges: got "10.2.0.20-10.2.0.22", expected a range that does not overlap 10.2.0.16\/28 of IPPool "a" \(test\/A\)/,
    );
  });

  test('IPPool annotation while AntreaIPAM is off / primary-network requirements unmet', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new AntreaConfig(chart, 'Antrea');
    const pool = IPPool.fromIPPoolName(chart, 'P', 'pod-ip-pool1');
    const ns = new ApiObject(chart, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    IPPool.assign(ns, [pool]);
    expect(() => app.synth()).toThrow(
      /\[test\/Ns\] featureGates.AntreaIPAM: got false, expected true in AntreaConfig test\/Antrea \(test\/Ns has the ipam.antrea.io\/ippools annotation\)/,
    );
    expect(() => app.synth()).toThrow(/\[test\/Ns\] trafficEncapMode: got "encap", expected "noEncap" in AntreaConfig test\/Antrea/);
    expect(() => app.synth()).toThrow(/\[test\/Ns\] enableBridgingMode: got false, expected true in AntreaConfig/);
    expect(() => app.synth()).toThrow(/\[test\/Ns\] noSNAT: got false, expected true in AntreaConfig/);
  });

  test('IPPool annotation passes with AntreaIPAM configured', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new AntreaConfig(chart, 'Antrea', {
      featureGates: { AntreaIPAM: true },
      trafficEncapMode: TrafficEncapMode.NO_ENCAP,
      enableBridgingMode: true,
      noSNAT: true,
    });
    const ns = new ApiObject(chart, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    IPPool.assign(ns, [IPPool.fromIPPoolName(chart, 'P', 'pod-ip-pool1')]);
    expect(findObject(synthValid(chart), 'Namespace', 'n').metadata.annotations).toEqual({ 'ipam.antrea.io/ippools': 'pod-ip-pool1' });
  });
});

describe('Multus NetworkAttachmentDefinition with Antrea IPAM', () => {
  test('reproduces the source document macvlan NAD (k8s.cni.cncf.io/v1, spec.config JSON)', () => {
    const chart = Testing.chart();
    const pool = new IPPool(chart, 'Pool', {
      name: 'ipv4-pool-1',
      ipRanges: ['10.2.0.96/28'],
      subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 },
    });
    new NetworkAttachmentDefinition(chart, 'Nad', {
      name: 'ipv4-net-1',
      namespace: 'default',
      plugin: CniPlugin.macvlan({ master: 'eth0', mode: MacvlanMode.BRIDGE }),
      ipPools: [pool],
    });
    const objs = Testing.synth(chart);
    const r = validateManifests(objs, { allowUnknownKinds: ['k8s.cni.cncf.io/v1/NetworkAttachmentDefinition'] });
    expect(r.problems).toEqual([]);
    const nad = findObject(objs, 'NetworkAttachmentDefinition', 'ipv4-net-1', 'default');
    expect(nad.apiVersion).toBe('k8s.cni.cncf.io/v1');
    expect(JSON.parse(nad.spec.config)).toEqual({
      cniVersion: '0.3.0',
      name: 'ipv4-net-1',
      type: 'macvlan',
      master: 'eth0',
      mode: 'bridge',
      ipam: { type: 'antrea', ippools: ['ipv4-pool-1'] },
    });
    expect(nad.spec.config).toBe(
      '{"cniVersion":"0.3.0","name":"ipv4-net-1","type":"macvlan","master":"eth0","mode":"bridge","ipam":{"type":"antrea","ippools":["ipv4-pool-1"]}}',
    );
  });

  test('Antrea-native VLAN network, dual-stack pools', () => {
    const chart = Testing.chart();
    new NetworkAttachmentDefinition(chart, 'Vlan100', {
      plugin: CniPlugin.antreaVlan({ vlan: 100, mtu: 1400 }),
      ipPools: [IPPool.fromIPPoolName(chart, 'A', 'v4', 'IPv4'), IPPool.fromIPPoolName(chart, 'B', 'v6', 'IPv6')],
    });
    const nad = findObject(synthValid(chart), 'NetworkAttachmentDefinition', 'vlan100');
    expect(JSON.parse(nad.spec.config)).toEqual({
      cniVersion: '0.3.0',
      name: 'vlan100',
      type: 'antrea',
      networkType: 'vlan',
      vlan: 100,
      mtu: 1400,
      ipam: { type: 'antrea', ippools: ['v4', 'v6'] },
    });
  });

  test.each([
    [{ plugin: CniPlugin.macvlan({ master: 'eth0' }), ipPools: [] }, /\[test\/N\] ipPools: got \[\], expected at least one IPPool/],
    [
      { plugin: CniPlugin.macvlan({ master: 'this-name-is-too-long' }), ipPools: ['x'] },
      /\[test\/N\] plugin.master: got "this-name-is-too-long", expected a Linux interface name/,
    ],
    [
      { plugin: CniPlugin.antreaVlan({ vlan: 5000 }), ipPools: ['x'] },
      /\[test\/N\] plugin.vlan: got 5000, expected an integer from 0 to 4094/,
    ],
    [
      { plugin: CniPlugin.macvlan({ master: 'eth0' }), cniVersion: 'v1', ipPools: ['x'] },
      /\[test\/N\] cniVersion: got "v1", expected a CNI spec version/,
    ],
    [{ plugin: { type: 'bridge' }, ipPools: ['x'] }, /\[test\/N\] plugin: got \{"type":"bridge"\}, expected a CniPlugin/],
  ])('NAD rejects %#', (props, msg) => {
    const chart = Testing.chart();
    const pools = ((props as any).ipPools as string[]).map((n, i) => IPPool.fromIPPoolName(chart, `p${i}`, n));
    expect(() => new NetworkAttachmentDefinition(chart, 'N', { ...(props as any), ipPools: pools })).toThrow(msg);
  });

  test('NAD rejects two pools of one family', () => {
    const chart = Testing.chart();
    const pools = [IPPool.fromIPPoolName(chart, 'A', 'a', 'IPv4'), IPPool.fromIPPoolName(chart, 'B', 'b', 'IPv4')];
    expect(() => new NetworkAttachmentDefinition(chart, 'N', { plugin: CniPlugin.macvlan({ master: 'eth0' }), ipPools: pools })).toThrow(
      /\[test\/N\] ipPools: got "b", expected at most one IPv4 IPPool \(already a\)/,
    );
  });

  test('NAD while AntreaIPAM / SecondaryNetwork are off', () => {
    const app = new App();
    const chart = new Chart(app, 'test');
    new AntreaConfig(chart, 'Antrea');
    new NetworkAttachmentDefinition(chart, 'N', { plugin: CniPlugin.antreaVlan(), ipPools: [IPPool.fromIPPoolName(chart, 'P', 'p')] });
    expect(() => app.synth()).toThrow(
      /\[test\/N\] featureGates.AntreaIPAM: got false, expected true in AntreaConfig test\/Antrea \(the network uses Antrea IPAM\)/,
    );
    expect(() => app.synth()).toThrow(/\[test\/N\] featureGates.SecondaryNetwork: got false, expected true in AntreaConfig test\/Antrea/);
  });
});

describe('NetworkAttachmentDefinition.attach (k8s.v1.cni.cncf.io/networks)', () => {
  test('writes the JSON list of the Antrea docs on a Pod and on a Deployment Pod template', () => {
    const chart = Testing.chart();
    const pool = new IPPool(chart, 'Pool', {
      name: 'pool1',
      ipRanges: ['10.2.0.0/24'],
      subnetInfo: { gateway: '10.2.0.1', prefixLength: 24 },
    });
    const nad = new NetworkAttachmentDefinition(chart, 'Nad', {
      name: 'vlan-pool1-300',
      namespace: 'default',
      plugin: CniPlugin.antreaVlan({ vlan: 300 }),
      ipPools: [pool],
    });
    const pod = new kplus.Pod(chart, 'Pod', {
      metadata: { name: 'p' },
      containers: [{ image: 'busybox', securityContext: { ensureNonRoot: false } }],
    });
    NetworkAttachmentDefinition.attach(pod, [{ network: nad, interface: 'eth1' }]);
    const dep = new kplus.Deployment(chart, 'Dep', {
      metadata: { name: 'd' },
      containers: [{ image: 'busybox', securityContext: { ensureNonRoot: false } }],
    });
    const other = NetworkAttachmentDefinition.fromNetworkAttachmentDefinitionName(chart, 'Other', 'macvlan-conf', 'networks');
    NetworkAttachmentDefinition.attach(dep, [
      { network: nad, interface: 'eth1', ips: ['10.2.0.50/24'] },
      { network: other, includeNamespace: true },
    ]);
    const objs = synthValid(chart);
    expect(findObject(objs, 'Pod', 'p').metadata.annotations).toEqual({
      'k8s.v1.cni.cncf.io/networks': '[{"name": "vlan-pool1-300", "interface": "eth1"}]',
    });
    expect(findObject(objs, 'Deployment', 'd').spec.template.metadata.annotations).toEqual({
      'k8s.v1.cni.cncf.io/networks':
        '[{"name": "vlan-pool1-300", "interface": "eth1", "ips": ["10.2.0.50/24"]}, {"name": "macvlan-conf", "namespace": "networks"}]',
    });
    expect(pod.node.dependencies).toContain(nad);
  });

  test('refuses bad attachments', () => {
    const chart = Testing.chart();
    const nad = NetworkAttachmentDefinition.fromNetworkAttachmentDefinitionName(chart, 'N', 'net');
    const pod = new kplus.Pod(chart, 'Pod', { containers: [{ image: 'busybox' }] });
    expect(() => NetworkAttachmentDefinition.attach(pod, [])).toThrow(/\[test\/Pod\] attachments: got \[\], expected at least one network/);
    expect(() => NetworkAttachmentDefinition.attach(pod, [{ network: nad, interface: 'eth0' }])).toThrow(
      /\[test\/Pod\] attachments\[0\].interface: got "eth0", expected a Linux interface name \(1 to 15 characters\) other than eth0/,
    );
    expect(() =>
      NetworkAttachmentDefinition.attach(pod, [
        { network: nad, interface: 'eth1' },
        { network: nad, interface: 'eth1' },
      ]),
    ).toThrow(/\[test\/Pod\] attachments\[1\].interface: got "eth1", expected an interface name not used by another attachment/);
    expect(() => NetworkAttachmentDefinition.attach(pod, [{ network: nad, ips: ['10.0.0.300'] }])).toThrow(
      /\[test\/Pod\] attachments\[0\].ips\[0\]: got "10.0.0.300", expected an IP address/,
    );
    expect(() => NetworkAttachmentDefinition.attach(pod, [{ network: nad, includeNamespace: true }])).toThrow(
      /\[test\/Pod\] attachments\[0\].includeNamespace: got true, expected false, or a NetworkAttachmentDefinition with a namespace/,
    );
    const cm = new ApiObject(chart, 'Cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect(() => NetworkAttachmentDefinition.attach(cm, [{ network: nad }])).toThrow(
      /\[test\/Cm\] target: got "test\/Cm", expected a Pod or a workload with a Pod template/,
    );
  });
});

describe('NetworkAttachmentDefinition writeNetworkName', () => {
  test('false leaves the CNI network name out (the docs form); it cannot be combined with networkName', () => {
    const chart = Testing.chart();
    const pool = IPPool.fromIPPoolName(chart, 'P', 'ipv4-pool-1');
    const nad = new NetworkAttachmentDefinition(chart, 'Nad', {
      name: 'ipv4-net-1',
      plugin: CniPlugin.macvlan({ master: 'eth0' }),
      ipPools: [pool],
      writeNetworkName: false,
    });
    expect(JSON.parse(nad.config)).toEqual({
      cniVersion: '0.3.0',
      type: 'macvlan',
      master: 'eth0',
      mode: 'bridge',
      ipam: { type: 'antrea', ippools: ['ipv4-pool-1'] },
    });
    expect(
      () =>
        new NetworkAttachmentDefinition(chart, 'Bad', {
          plugin: CniPlugin.macvlan({ master: 'eth0' }),
          ipPools: [pool],
          networkName: 'n',
          writeNetworkName: false,
        }),
    ).toThrow(/\[test\/Bad\] writeNetworkName: got false, expected true when networkName is set/);
  });
});

describe('IPPool.assignIPs (ipam.antrea.io/pod-ips)', () => {
  test('one IPv4 and one IPv6 address on a Pod or a one-replica workload; the rules of Antrea are enforced', () => {
    const chart = Testing.chart();
    const pod = new kplus.Pod(chart, 'Pod', {
      metadata: { name: 'p' },
      containers: [{ image: 'busybox', securityContext: { ensureNonRoot: false } }],
    });
    IPPool.assignIPs(pod, ['10.2.0.100', 'fd00::100']);
    expect(findObject(synthValid(chart), 'Pod', 'p').metadata.annotations).toEqual({ 'ipam.antrea.io/pod-ips': '10.2.0.100,fd00::100' });
    expect(() => IPPool.assignIPs(pod, [])).toThrow(/\[test\/Pod\] ips: got \[\], expected at least one IP address/);
    expect(() => IPPool.assignIPs(pod, ['10.2.0.1', '10.2.0.2'])).toThrow(
      /\[test\/Pod\] ips\[1\]: got "10.2.0.2", expected at most one IPv4 address \(already 10.2.0.1\)/,
    );
    expect(() => IPPool.assignIPs(pod, ['10.2.0.300'])).toThrow(/\[test\/Pod\] ips\[0\]: got "10.2.0.300"/);
    const dep = new kplus.Deployment(chart, 'Dep', { replicas: 2, containers: [{ image: 'busybox' }] });
    expect(() => IPPool.assignIPs(dep, ['10.2.0.5'])).toThrow(
      /\[test\/Dep\] replicas: got 2, expected 1 for a Pod template with ipam.antrea.io\/pod-ips \(every replica would ask for the same IP\)/,
    );
    const ns = new kplus.Namespace(chart, 'Ns');
    expect(() => IPPool.assignIPs(ns, ['10.2.0.5'])).toThrow(
      /\[test\/Ns\] target: got "test\/Ns", expected a Pod, or a Deployment or StatefulSet with one replica/,
    );
  });
});
