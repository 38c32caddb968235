import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { isMap, isScalar, isSeq, parse, parseDocument, visit } from 'yaml';
import { ExtraFile } from '../../lib/core/extra-file';
import { SecretValue, substituteSecretPlaceholders, warningsOf } from '../../lib/core/secret-value';
import { synthesize } from '../../lib/core/synth';
import {
  defaultSolutionConfig,
  KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS,
  KubeKeyClusterConfig,
  KubeKeyClusterSpec,
  kubeKeySpecFromConfig,
  parseSolutionConfig,
  renderKubeKeyConfig,
  renderKubeKeyConfigWithInfo,
} from '../../lib';

beforeAll(() => {
  process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
});

const SPEC: KubeKeyClusterSpec = {
  name: 'example',
  kubernetesVersion: 'v1.27.16',
  ssh: { user: 'ubuntu' },
  hosts: [
    { name: 'master', role: 'control-plane', internalAddress: '192.168.0.2' },
    { name: 'node1', role: 'worker', internalAddress: '192.168.0.3', labels: { 'node-role.kubernetes.io/worker': '' } },
  ],
  podsCidr: '10.16.0.0/16',
  serviceCidr: '10.96.0.0/16',
};

function with_(over: Partial<KubeKeyClusterSpec>): KubeKeyClusterSpec {
  return { ...SPEC, ...over };
}

/** Every string scalar is double-quoted; every map key is plain. */
function assertQuoting(text: string): number {
  const doc = parseDocument(text);
  let strings = 0;
  visit(doc, {
    Pair(_, pair) {
      expect(isScalar(pair.key) && pair.key.type).toBe('PLAIN');
    },
    Scalar(key, node) {
      if (key === 'key') return;
      if (typeof node.value === 'string') {
        strings++;
        expect({ value: node.value, type: node.type }).toEqual({ value: node.value, type: 'QUOTE_DOUBLE' });
      } else {
        expect(node.type).toBe('PLAIN');
      }
    },
  });
  return strings;
}

describe('renderKubeKeyConfig', () => {
  test('renders the v1alpha2 Cluster with network plugin none, Antrea as an addon and an external cloud provider', () => {
    const text = renderKubeKeyConfig(SPEC);
    expect(parse(text)).toEqual({
      apiVersion: 'kubekey.kubesphere.io/v1alpha2',
      kind: 'Cluster',
      metadata: { name: 'example' },
      spec: {
        hosts: [
          {
            name: 'master',
            address: '192.168.0.2',
            internalAddress: '192.168.0.2',
            port: 22,
            user: 'ubuntu',
            privateKeyPath: '~/.ssh/id_rsa',
            arch: 'amd64',
          },
          {
            name: 'node1',
            address: '192.168.0.3',
            internalAddress: '192.168.0.3',
            port: 22,
            user: 'ubuntu',
            privateKeyPath: '~/.ssh/id_rsa',
            arch: 'amd64',
            labels: { 'node-role.kubernetes.io/worker': '' },
          },
        ],
        roleGroups: { etcd: ['master'], 'control-plane': ['master'], worker: ['node1'] },
        controlPlaneEndpoint: { domain: 'lb.kubesphere.local', address: '', port: 6443 },
        kubernetes: {
          version: 'v1.27.16',
          clusterName: 'cluster.local',
          autoRenewCerts: true,
          containerManager: 'containerd',
          kubeletArgs: ['--cloud-provider=external'],
        },
        etcd: { type: 'kubekey' },
        network: { plugin: 'none', kubePodsCIDR: '10.16.0.0/16', kubeServiceCIDR: '10.96.0.0/16', multusCNI: { enabled: false } },
        addons: [
          {
            name: 'antrea',
            namespace: 'kube-system',
            sources: { chart: { name: 'antrea', repo: 'https://charts.antrea.io', version: '2.7.0' } },
          },
        ],
      },
    });
    expect(assertQuoting(text)).toBeGreaterThan(20);
    expect(text).not.toMatch(/[&*]a\d/); // no YAML anchors or aliases
    expect(text.startsWith('# KubeKey v3.1.12 cluster config: kk create cluster -f <this file>\n')).toBe(true);
  });

  test('strings that YAML 1.1 would retype stay strings (kk reads YAML 1.1)', () => {
    const text = renderKubeKeyConfig(
      with_({
        name: 'on',
        hosts: [
          { name: 'yes', role: 'control-plane', internalAddress: '10.0.0.1', password: SecretValue.unsafePlainText('123456') },
          { name: 'no', role: 'worker', internalAddress: '10.0.0.2', user: 'off', labels: { zone: 'true' } },
        ],
        podsCidr: undefined,
        serviceCidr: undefined,
      }),
    );
    const yaml11 = parse(text, { version: '1.1' });
    expect(yaml11.metadata.name).toBe('on');
    expect(yaml11.spec.hosts[0]).toMatchObject({ name: 'yes', password: '123456' });
    expect(yaml11.spec.hosts[0].privateKeyPath).toBeUndefined();
    expect(yaml11.spec.hosts[1]).toMatchObject({ name: 'no', user: 'off', labels: { zone: 'true' } });
    expect(yaml11.spec.roleGroups).toEqual({ etcd: ['yes'], 'control-plane': ['yes'], worker: ['no'] });
    assertQuoting(text);
  });

  test('addon order: cloud controller first, then Antrea, then extras; values as escaped --set strings', () => {
    const text = renderKubeKeyConfig(
      with_({
        cloudControllerAddon: {
          name: 'vsphere-cpi',
          chart: 'vsphere-cpi',
          repo: 'https://kubernetes.github.io/cloud-provider-vsphere',
          version: '1.27.0',
          valuesFile: 'cpi-values.yaml',
        },
        antrea: {
          chartVersion: '2.6.1',
          values: { 'featureGates.Egress': true, 'egress.exceptCIDRs': '10.0.0.0/8,192.168.0.0/16', defaultMTU: 1450 },
        },
        extraAddons: [
          {
            name: 'metrics',
            namespace: 'monitoring',
            chart: 'metrics-server',
            repo: 'https://kubernetes-sigs.github.io/metrics-server/',
            version: '3.12.1',
          },
        ],
      }),
    );
    const addons = parse(text).spec.addons;
    expect(addons.map((a: { name: string }) => a.name)).toEqual(['vsphere-cpi', 'antrea', 'metrics']);
    expect(addons[0]).toEqual({
      name: 'vsphere-cpi',
      namespace: 'kube-system',
      sources: {
        chart: {
          name: 'vsphere-cpi',
          repo: 'https://kubernetes.github.io/cloud-provider-vsphere',
          version: '1.27.0',
          valuesFile: 'cpi-values.yaml',
        },
      },
    });
    expect(addons[1].sources.chart).toEqual({
      name: 'antrea',
      repo: 'https://charts.antrea.io',
      version: '2.6.1',
      values: ['defaultMTU=1450', 'egress.exceptCIDRs=10.0.0.0/8\\,192.168.0.0/16', 'featureGates.Egress=true'],
    });
    expect(addons[2].namespace).toBe('monitoring');
    assertQuoting(text);
  });

  test('HA endpoint, etcd hosts, schedulable control plane, extra kubelet flags, docker, registry', () => {
    const result = renderKubeKeyConfigWithInfo(
      with_({
        hosts: [
          { name: 'cp-1', role: 'control-plane', internalAddress: '10.0.0.11', address: 'cp-1.mgmt.example' },
          { name: 'cp-2', role: 'control-plane', internalAddress: '10.0.0.12,fd00::12', arch: 'arm64' },
          { name: 'cp-3', role: 'control-plane', internalAddress: '10.0.0.13', port: 2222, user: 'root', privateKeyPath: '/keys/cp3' },
        ],
        schedulableControlPlane: true,
        etcdHosts: ['cp-1', 'cp-2'],
        controlPlaneEndpoint: { internalLoadbalancer: 'kube-vip', address: '10.0.0.10', domain: 'api.prod.example', port: 8443 },
        kubeletArgs: ['--max-pods=200', '--system-reserved=cpu=500m'],
        containerManager: 'docker',
        autoRenewCerts: false,
        registry: {
          privateRegistry: 'harbor.corp.example/kubesphere',
          registryMirrors: ['https://mirror.corp.example'],
          insecureRegistries: ['harbor.corp.example'],
        },
      }),
    );
    const spec = parse(result.content).spec;
    expect(spec.roleGroups).toEqual({
      etcd: ['cp-1', 'cp-2'],
      'control-plane': ['cp-1', 'cp-2', 'cp-3'],
      worker: ['cp-1', 'cp-2', 'cp-3'],
    });
    expect(spec.controlPlaneEndpoint).toEqual({
      internalLoadbalancer: 'kube-vip',
      domain: 'api.prod.example',
      address: '10.0.0.10',
      port: 8443,
    });
    expect(spec.kubernetes.kubeletArgs).toEqual(['--cloud-provider=external', '--max-pods=200', '--system-reserved=cpu=500m']);
    expect(spec.kubernetes.containerManager).toBe('docker');
    expect(spec.kubernetes.autoRenewCerts).toBe(false);
    expect(spec.hosts[0]).toMatchObject({ address: 'cp-1.mgmt.example', internalAddress: '10.0.0.11' });
    expect(spec.hosts[1]).toMatchObject({ address: '10.0.0.12', internalAddress: '10.0.0.12,fd00::12', arch: 'arm64' });
    expect(spec.hosts[2]).toMatchObject({ port: 2222, user: 'root', privateKeyPath: '/keys/cp3' });
    expect(spec.registry).toEqual({
      privateRegistry: 'harbor.corp.example/kubesphere',
      registryMirrors: ['https://mirror.corp.example'],
      insecureRegistries: ['harbor.corp.example'],
    });
    expect(result.warnings).toEqual(['2 etcd members tolerate no more failures than 1: use an odd number']);
    expect(result.sensitive).toBe(false);
  });

  test('a deploy-time SSH password renders a placeholder that can be substituted later', () => {
    const text = renderKubeKeyConfig(with_({ ssh: { user: 'ubuntu', password: SecretValue.deployTime('ssh-password') } }));
    expect(parse(text).spec.hosts[0].password).toBe('${secret:ssh-password:gcfg}');
    expect(parse(text).spec.hosts[0].privateKeyPath).toBeUndefined();
    const filled = substituteSecretPlaceholders(text, { 'ssh-password': 'p"w\\1' });
    expect(parse(filled, { version: '1.1' }).spec.hosts[1].password).toBe('p"w\\1');
  });

  test('the supported version list is the one of KubeKey v3.1.12', () => {
    expect(KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS).toHaveLength(199);
    expect(KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS).toContain('v1.29.12');
    expect(KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS).toContain('v1.29.14');
    expect(KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS).not.toContain('v1.29.13');
    expect(KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS).not.toContain('v1.34.0');
    expect(KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS[KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS.length - 1]).toBe('v1.33.4');
    expect(parse(renderKubeKeyConfig(with_({ kubernetesVersion: 'v1.33.4' }))).spec.kubernetes.version).toBe('v1.33.4');
  });
});

describe('renderKubeKeyConfig validation', () => {
  const cases: Array<[string, Partial<KubeKeyClusterSpec>, RegExp | string]> = [
    [
      'a version without the patch',
      { kubernetesVersion: 'v1.28' },
      /^\[KubeKeyConfig\] kubernetesVersion: got "v1\.28", expected a full version vX\.Y\.Z that KubeKey v3\.1\.12 supports, from v1\.23\.0 .* \(KubeKey silently replaces any other form\)$/,
    ],
    ['a version without the v', { kubernetesVersion: '1.28.8' }, /kubernetesVersion: got "1\.28\.8", expected a full version vX\.Y\.Z/],
    [
      'a version KubeKey lacks',
      { kubernetesVersion: 'v1.29.13' },
      /kubernetesVersion: got "v1\.29\.13", expected .*; for 1\.29: v1\.29\.0, .*v1\.29\.12, v1\.29\.14, v1\.29\.15$/,
    ],
    [
      'a version newer than KubeKey',
      { kubernetesVersion: 'v1.34.0' },
      /kubernetesVersion: got "v1\.34\.0", expected a full version vX\.Y\.Z that KubeKey v3\.1\.12 supports, from v1\.23\.0 \(the Antrea chart's minimum\) to v1\.33\.4$/,
    ],
    ['a version below the Antrea chart minimum', { kubernetesVersion: 'v1.22.17' }, /kubernetesVersion: got "v1\.22\.17"/],
    [
      'an uppercase name',
      { name: 'Example' },
      '[KubeKeyConfig] name: got "Example", expected a lowercase DNS-1123 label (kk uses it in file names)',
    ],
    ['no hosts', { hosts: [] }, '[KubeKeyConfig] hosts: got [], expected a list of at least one host'],
    [
      'no control-plane host',
      { hosts: [{ name: 'w', role: 'worker', internalAddress: '10.0.0.1' }] },
      '[KubeKeyConfig] hosts: got ["w:worker"], expected at least one host with role control-plane',
    ],
    [
      'no worker',
      { hosts: [{ name: 'c', role: 'control-plane', internalAddress: '10.0.0.1' }] },
      '[KubeKeyConfig] hosts: got ["c:control-plane"], expected at least one worker host, or schedulableControlPlane: true',
    ],
    [
      'a duplicate host name',
      { hosts: [...SPEC.hosts, { name: 'node1', role: 'worker', internalAddress: '192.168.0.4' }] },
      '[KubeKeyConfig] hosts[2].name: got "node1", expected a host name not already used by hosts[1] (kk would silently drop one)',
    ],
    [
      'a duplicate address',
      { hosts: [...SPEC.hosts, { name: 'node2', role: 'worker', internalAddress: '192.168.0.3' }] },
      '[KubeKeyConfig] hosts[2].internalAddress: got "192.168.0.3", expected an address not already used by hosts[1]',
    ],
    [
      'a host name with capitals',
      { hosts: [{ ...SPEC.hosts[0], name: 'Master' }, SPEC.hosts[1]] },
      /hosts\[0\]\.name: got "Master", expected a lowercase DNS-1123 label \(it becomes the node name and hostname\)/,
    ],
    [
      'a missing address',
      { hosts: [{ name: 'm', role: 'control-plane' }, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0].internalAddress: got undefined, expected the node IPv4 address (on the Pulumi path, render once the VM addresses are known)',
    ],
    [
      'an IPv6-only address',
      { hosts: [{ ...SPEC.hosts[0], internalAddress: 'fd00::1' }, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0].internalAddress: got "fd00::1", expected an IPv4 address, or "<IPv4>,<IPv6>" for dual stack',
    ],
    [
      'a bad SSH address',
      { hosts: [{ ...SPEC.hosts[0], address: 'bad host' }, SPEC.hosts[1]] },
      /hosts\[0\]\.address: got "bad host", expected an SSH address/,
    ],
    [
      'an unknown architecture',
      { hosts: [{ ...SPEC.hosts[0], arch: 'x86_64' as never }, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0].arch: got "x86_64", expected one of amd64, arm64 (kk installs no other architecture)',
    ],
    [
      'an unknown role',
      { hosts: [{ ...SPEC.hosts[0], role: 'master' as never }, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0].role: got "master", expected one of control-plane, worker',
    ],
    [
      'an unknown host key',
      { hosts: [{ ...SPEC.hosts[0], ip: '1.2.3.4' } as never, SPEC.hosts[1]] },
      /hosts\[0\]\.ip: got the unknown key "ip", expected one of the keys name, role/,
    ],
    [
      'a bad node label',
      { hosts: [{ ...SPEC.hosts[0], labels: { zone: 'a b' } }, SPEC.hosts[1]] },
      /hosts\[0\]\.labels\.zone: got "a b", expected a label value/,
    ],
    ['a bad SSH port', { ssh: { port: 0 } }, '[KubeKeyConfig] ssh.port: got 0, expected a port from 1 to 65535'],
    [
      'a node inside the pod CIDR',
      { podsCidr: '192.168.0.0/16' },
      '[KubeKeyConfig] hosts[0].internalAddress: got "192.168.0.2", expected a node address outside podsCidr 192.168.0.0/16',
    ],
    [
      'overlapping CIDRs',
      { podsCidr: '10.0.0.0/8', serviceCidr: '10.96.0.0/12' },
      '[KubeKeyConfig] serviceCidr: got "10.96.0.0/12", expected a CIDR that does not overlap podsCidr 10.0.0.0/8',
    ],
    [
      'a CIDR with host bits',
      { podsCidr: '10.16.0.1/16' },
      '[KubeKeyConfig] podsCidr: got "10.16.0.1/16", expected a CIDR whose host bits are zero (a network address)',
    ],
    ['an IPv6 service CIDR', { serviceCidr: 'fd00::/108' }, '[KubeKeyConfig] serviceCidr: got "fd00::/108", expected an IPv4 CIDR'],
    [
      'haproxy with an address',
      { controlPlaneEndpoint: { internalLoadbalancer: 'haproxy', address: '10.0.0.10' } },
      '[KubeKeyConfig] controlPlaneEndpoint.address: got "10.0.0.10", expected no address together with internalLoadbalancer haproxy (kk stops without installing)',
    ],
    [
      'kube-vip without a VIP',
      { controlPlaneEndpoint: { internalLoadbalancer: 'kube-vip' } },
      '[KubeKeyConfig] controlPlaneEndpoint.address: got undefined, expected the virtual IP for kube-vip',
    ],
    [
      'three control-plane hosts without an endpoint',
      {
        hosts: [
          { name: 'c1', role: 'control-plane', internalAddress: '10.0.0.1' },
          { name: 'c2', role: 'control-plane', internalAddress: '10.0.0.2' },
          { name: 'c3', role: 'control-plane', internalAddress: '10.0.0.3' },
          { name: 'w1', role: 'worker', internalAddress: '10.0.0.4' },
        ],
      },
      /^\[KubeKeyConfig\] controlPlaneEndpoint: got \{\}, expected an address \(a load balancer in front of the 3 control-plane hosts\) or internalLoadbalancer haproxy or kube-vip/,
    ],
    [
      'a bad endpoint domain',
      { controlPlaneEndpoint: { domain: 'LB_1' } },
      '[KubeKeyConfig] controlPlaneEndpoint.domain: got "LB_1", expected a DNS name',
    ],
    [
      'a kubelet flag with a space',
      { kubeletArgs: ['--node-labels=a b'] },
      /kubeletArgs\[0\]: got "--node-labels=a b", expected one kubelet flag with a leading "--"/,
    ],
    ['a kubelet flag without dashes', { kubeletArgs: ['max-pods=10'] }, /kubeletArgs\[0\]: got "max-pods=10", expected one kubelet flag/],
    [
      'a second cloud-provider flag',
      { kubeletArgs: ['--cloud-provider=vsphere'] },
      '[KubeKeyConfig] kubeletArgs[0]: got "--cloud-provider=vsphere", expected no --cloud-provider flag (it is always --cloud-provider=external for the vSphere CCM)',
    ],
    [
      'a node-ip flag',
      { kubeletArgs: ['--node-ip=1.2.3.4'] },
      '[KubeKeyConfig] kubeletArgs[0]: got "--node-ip=1.2.3.4", expected no --node-ip flag (kk sets it from the host)',
    ],
    [
      'a flag twice',
      { kubeletArgs: ['--max-pods=10', '--max-pods=20'] },
      '[KubeKeyConfig] kubeletArgs[1]: got "--max-pods=20", expected --max-pods given once',
    ],
    [
      'an unknown etcd host',
      { etcdHosts: ['etcd-1'] },
      '[KubeKeyConfig] etcdHosts[0]: got "etcd-1", expected the name of a host in hosts (master, node1)',
    ],
    [
      'an unknown runtime',
      { containerManager: 'crio' as never },
      '[KubeKeyConfig] containerManager: got "crio", expected one of containerd, docker (kk has install steps for no other runtime)',
    ],
    [
      'an unpinned Antrea chart',
      { antrea: { chartVersion: '' } },
      '[KubeKeyConfig] antrea.chartVersion: got "", expected a pinned chart version such as 2.7.0 (without a pin KubeKey installs the latest)',
    ],
    [
      'a bad Helm value key',
      { antrea: { values: { 'a b': 1 } } },
      '[KubeKeyConfig] antrea.values["a b"]: got the key "a b", expected a Helm value path such as featureGates.Egress',
    ],
    [
      'a repo-qualified chart name',
      {
        cloudControllerAddon: {
          name: 'cpi',
          chart: 'vsphere/vsphere-cpi',
          repo: 'https://kubernetes.github.io/cloud-provider-vsphere',
          version: '1.27.0',
        },
      },
      '[KubeKeyConfig] cloudControllerAddon.chart: got "vsphere/vsphere-cpi", expected a chart name as listed in the repository index (e.g. "antrea", not "antrea/antrea")',
    ],
    [
      'a repo that is no URL',
      { extraAddons: [{ name: 'x', chart: 'x', repo: 'charts.example', version: '1.0.0' }] },
      '[KubeKeyConfig] extraAddons[0].repo: got "charts.example", expected an http(s) chart repository URL',
    ],
    [
      'two addons named antrea',
      { extraAddons: [{ name: 'antrea', chart: 'antrea', repo: 'https://charts.antrea.io', version: '2.7.0' }] },
      '[KubeKeyConfig] extraAddons[0].name: got "antrea", expected an addon name not already used by antrea',
    ],
    [
      'a bad private registry',
      { registry: { privateRegistry: 'https://harbor' } },
      /registry\.privateRegistry: got "https:\/\/harbor", expected a registry host\[:port\]\[\/path\]/,
    ],
    ['an SSH user with a space', { ssh: { user: 'a b' } }, '[KubeKeyConfig] ssh.user: got "a b", expected a non-empty user name'],
    ['an empty key path', { ssh: { privateKeyPath: '' } }, '[KubeKeyConfig] ssh.privateKeyPath: got "", expected a non-empty path'],
    [
      'a password that is no SecretValue',
      { ssh: { password: 'pw' as never } },
      '[KubeKeyConfig] ssh.password: got a value that is not a SecretValue, expected a SecretValue',
    ],
    [
      'a host password that is no SecretValue',
      { hosts: [{ ...SPEC.hosts[0], password: 'pw' as never }, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0].password: got a value that is not a SecretValue, expected a SecretValue',
    ],
    [
      'a host that is no object',
      { hosts: [null as never, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0]: got null, expected a host description',
    ],
    [
      'a bad host port',
      { hosts: [{ ...SPEC.hosts[0], port: 70000 }, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0].port: got 70000, expected a port from 1 to 65535',
    ],
    [
      'a host user with a space',
      { hosts: [{ ...SPEC.hosts[0], user: 'a b' }, SPEC.hosts[1]] },
      '[KubeKeyConfig] hosts[0].user: got "a b", expected a non-empty user name',
    ],
    [
      'a bad dual-stack address',
      { hosts: [{ ...SPEC.hosts[0], internalAddress: '10.0.0.1,10.0.0.2' }, SPEC.hosts[1]] },
      /hosts\[0\]\.internalAddress: got "10\.0\.0\.1,10\.0\.0\.2", expected an IPv4 address, or "<IPv4>,<IPv6>"/,
    ],
    [
      'a bad node label key',
      { hosts: [{ ...SPEC.hosts[0], labels: { 'a/b/c': 'x' } }, SPEC.hosts[1]] },
      /hosts\[0\]\.labels\["a\/b\/c"\]: got the key "a\/b\/c", expected a key of the form/,
    ],
    [
      'schedulableControlPlane that is no boolean',
      { schedulableControlPlane: 'yes' as never },
      '[KubeKeyConfig] schedulableControlPlane: got "yes", expected true or false',
    ],
    ['an empty etcd list', { etcdHosts: [] }, '[KubeKeyConfig] etcdHosts: got [], expected a list of at least one host name'],
    [
      'an etcd host twice',
      { etcdHosts: ['master', 'master'] },
      '[KubeKeyConfig] etcdHosts[1]: got "master", expected host names listed once',
    ],
    [
      'a bad endpoint port',
      { controlPlaneEndpoint: { port: 0 } },
      '[KubeKeyConfig] controlPlaneEndpoint.port: got 0, expected a port from 1 to 65535',
    ],
    [
      'an endpoint address that is no IP',
      { controlPlaneEndpoint: { address: 'lb.example' } },
      '[KubeKeyConfig] controlPlaneEndpoint.address: got "lb.example", expected an IP address',
    ],
    [
      'an unknown load balancer',
      { controlPlaneEndpoint: { internalLoadbalancer: 'nginx' as never } },
      '[KubeKeyConfig] controlPlaneEndpoint.internalLoadbalancer: got "nginx", expected one of haproxy, kube-vip',
    ],
    ['autoRenewCerts that is no boolean', { autoRenewCerts: 1 as never }, '[KubeKeyConfig] autoRenewCerts: got 1, expected true or false'],
    [
      'a bad addon name',
      { extraAddons: [{ name: 'My Addon', chart: 'x', repo: 'https://c.example', version: '1.0.0' }] },
      '[KubeKeyConfig] extraAddons[0].name: got "My Addon", expected a Helm release name (a DNS-1123 label)',
    ],
    [
      'a bad addon namespace',
      { extraAddons: [{ name: 'x', namespace: 'Kube_System', chart: 'x', repo: 'https://c.example', version: '1.0.0' }] },
      '[KubeKeyConfig] extraAddons[0].namespace: got "Kube_System", expected a namespace name (a DNS-1123 label)',
    ],
    [
      'an empty values file',
      { antrea: { valuesFile: '' } },
      '[KubeKeyConfig] antrea.valuesFile: got "", expected a values file path or URL',
    ],
    [
      'a non-finite value',
      { antrea: { values: { x: Infinity } } },
      '[KubeKeyConfig] antrea.values.x: got Infinity, expected a string, a finite number or a boolean',
    ],
    [
      'an object value',
      { antrea: { values: { x: {} as never } } },
      '[KubeKeyConfig] antrea.values.x: got {}, expected a string, a number or a boolean',
    ],
    [
      'mirrors that are no list',
      { registry: { registryMirrors: 'https://m' as never } },
      '[KubeKeyConfig] registry.registryMirrors: got "https://m", expected a list of registry addresses',
    ],
    [
      'a mirror with a space',
      { registry: { insecureRegistries: ['a b'] } },
      '[KubeKeyConfig] registry.insecureRegistries[0]: got "a b", expected a registry address without spaces',
    ],
  ];
  test.each(cases)('should throw for %s', (_name, over, expected) => {
    expect(() => renderKubeKeyConfig(with_(over))).toThrow(expected);
  });
});

describe('KubeKeyClusterConfig', () => {
  test('emits kubekey/cluster.yaml as an extra file, never as a manifest', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'kk-')) });
    const chart = new Chart(app, 'cluster');
    const kk = new KubeKeyClusterConfig(chart, 'KubeKey', SPEC);
    expect(kk.path).toBe('kubekey/cluster.yaml');
    expect(kk.content).toBe(renderKubeKeyConfig(SPEC));
    expect(kk.sensitive).toBe(false);
    expect(Testing.synth(chart)).toEqual([]);
    const files = ExtraFile.collect(chart);
    expect(files.map((f) => [f.path, f.sensitive])).toEqual([['kubekey/cluster.yaml', false]]);
    const out = synthesize(app, { manifestsDir: path.join(app.outdir, 'manifests') });
    expect(out.extraFiles).toEqual([path.join(app.outdir, 'extra', 'kubekey', 'cluster.yaml')]);
    expect(readFileSync(out.extraFiles[0], 'utf8')).toBe(kk.content);
    expect(readdirSync(path.join(app.outdir, 'manifests')).join()).not.toMatch(/kubekey/);
  });

  test('a plaintext SSH password makes the file sensitive (mode 0600) and warns', () => {
    const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'kk-')) });
    const chart = new Chart(app, 'cluster');
    new KubeKeyClusterConfig(chart, 'KubeKey', {
      ...with_({ ssh: { user: 'ubuntu', password: SecretValue.unsafePlainText('Testing123') } }),
      path: 'kk/config.yaml',
    });
    expect(warningsOf(chart)).toEqual([
      '[cluster/KubeKey] a plaintext SSH password is written into the KubeKey config; the file is marked sensitive',
    ]);
    const out = synthesize(app, { manifestsDir: path.join(app.outdir, 'manifests') });
    expect(out.extraFiles).toEqual([path.join(app.outdir, 'extra', 'kk', 'config.yaml')]);
    expect(statSync(out.extraFiles[0]).mode & 0o777).toBe(0o600);
  });

  test('an even number of etcd members warns', () => {
    const chart = Testing.chart();
    new KubeKeyClusterConfig(
      chart,
      'KubeKey',
      with_({
        hosts: [
          { name: 'c1', role: 'control-plane', internalAddress: '10.0.0.1' },
          { name: 'c2', role: 'control-plane', internalAddress: '10.0.0.2' },
          { name: 'w1', role: 'worker', internalAddress: '10.0.0.3' },
        ],
        controlPlaneEndpoint: { internalLoadbalancer: 'haproxy' },
      }),
    );
    expect(warningsOf(chart)).toEqual(['[test/KubeKey] 2 etcd members tolerate no more failures than 1: use an odd number']);
  });

  test('errors name the construct path', () => {
    expect(() => new KubeKeyClusterConfig(Testing.chart(), 'KubeKey', with_({ kubernetesVersion: 'v1.28' }))).toThrow(
      /^\[test\/KubeKey\] kubernetesVersion: got "v1\.28"/,
    );
  });
});

describe('kubeKeySpecFromConfig', () => {
  test('the default solution config gives a cluster kk can install', () => {
    const cfg = defaultSolutionConfig();
    const doc = parse(renderKubeKeyConfig(kubeKeySpecFromConfig(cfg)));
    expect(doc.metadata.name).toBe('demo');
    expect(doc.spec.hosts.map((h: { name: string; internalAddress: string; user: string }) => [h.name, h.internalAddress, h.user])).toEqual(
      [
        ['control-plane-1', '172.16.0.11', 'ubuntu'],
        ['worker-1', '172.16.0.21', 'ubuntu'],
        ['worker-2', '172.16.0.22', 'ubuntu'],
      ],
    );
    expect(doc.spec.roleGroups).toEqual({
      etcd: ['control-plane-1'],
      'control-plane': ['control-plane-1'],
      worker: ['worker-1', 'worker-2'],
    });
    expect(doc.spec.kubernetes.kubeletArgs).toEqual(['--cloud-provider=external']);
    expect(doc.spec.addons[0].sources.chart.values).toEqual([
      'nodePortLocal.enable=true',
      'nodePortLocal.portRange=61000-62000',
      'trafficEncapMode=encap',
      'trafficEncryptionMode=none',
    ]);
  });

  test('Antrea feature gates and settings become Helm values; DHCP pools take addresses later', () => {
    const cfg = parseSolutionConfig(
      [
        'antrea: {featureGates: {Egress: true, Multicluster: true}, nodePortLocal: {enable: true}}',
        'nodePools:',
        '  - {name: cp, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}',
        '  - {name: wk, role: worker, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}',
      ].join('\n'),
      'config.yaml',
      { env: {} },
    );
    const spec = kubeKeySpecFromConfig(cfg);
    expect(spec.antrea?.values).toEqual({
      'featureGates.Egress': true,
      'featureGates.Multicluster': true,
      trafficEncapMode: 'encap',
      trafficEncryptionMode: 'none',
      'nodePortLocal.enable': true,
      'nodePortLocal.portRange': '61000-62000',
    });
    expect(() => renderKubeKeyConfig(spec)).toThrow(
      '[KubeKeyConfig] hosts[0].internalAddress: got undefined, expected the node IPv4 address',
    );
    const later = parse(renderKubeKeyConfig(kubeKeySpecFromConfig(cfg, { 'cp-1': '10.1.0.5', 'wk-1': '10.1.0.6' })));
    expect(later.spec.hosts.map((h: { name: string; internalAddress: string }) => [h.name, h.internalAddress])).toEqual([
      ['cp-1', '10.1.0.5'],
      ['wk-1', '10.1.0.6'],
    ]);
  });
});

test('every rendered document is a mapping with quoted string leaves (sanity of the walker)', () => {
  const doc = parseDocument(renderKubeKeyConfig(SPEC));
  expect(isMap(doc.contents)).toBe(true);
  expect(isSeq(doc.getIn(['spec', 'hosts']))).toBe(true);
  expect(() => assertQuoting('a: plain\n')).toThrow();
});
