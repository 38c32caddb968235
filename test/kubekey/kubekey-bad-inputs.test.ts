import { SecretValue } from '../../lib/core/secret-value';
import { KubeKeyClusterConfig, KubeKeyClusterSpec, KubeKeyHost, renderKubeKeyConfig } from '../../lib';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const KK = 'KubeKeyConfig';
const CP: KubeKeyHost = { name: 'cp-1', role: 'control-plane', internalAddress: '172.16.0.11' };
const W: KubeKeyHost = { name: 'worker-1', role: 'worker', internalAddress: '172.16.0.21' };

/** Renders a KubeKey config for `demo` on v1.27.16 (one control-plane, one worker) with `spec` on top. */
function kk(spec: Partial<KubeKeyClusterSpec>): () => string {
  return () => renderKubeKeyConfig({ name: 'demo', kubernetesVersion: 'v1.27.16', hosts: [CP, W], ...spec });
}

const rows: BadInput[] = distinct([
  ['cluster name with "_"', kk({ name: 'demo_1' }), err(KK, 'name', '"demo_1"', 'a lowercase DNS-1123 label (kk uses it in file names)')],
  [
    'Kubernetes version without "v"',
    kk({ kubernetesVersion: '1.27.16' }),
    err(KK, 'kubernetesVersion', '"1.27.16"', 'a full version vX.Y.Z that KubeKey v3.1.12 supports'),
  ],
  ['no hosts', kk({ hosts: [] }), err(KK, 'hosts', '[]', 'a list of at least one host')],
  [
    'host name in uppercase',
    kk({ hosts: [CP, { ...W, name: 'Worker-1' }] }),
    err(KK, 'hosts[1].name', '"Worker-1"', 'a lowercase DNS-1123 label (it becomes the node name and hostname)'),
  ],
  [
    'two hosts with one name',
    kk({ hosts: [CP, { ...W, name: 'cp-1' }] }),
    err(KK, 'hosts[1].name', '"cp-1"', 'a host name not already used by hosts[0] (kk would silently drop one)'),
  ],
  [
    'host role "master"',
    kk({ hosts: [CP, { ...W, role: 'master' as 'worker' }] }),
    err(KK, 'hosts[1].role', '"master"', 'one of control-plane, worker'),
  ],
  [
    'host without an internal address',
    kk({ hosts: [CP, { ...W, internalAddress: undefined }] }),
    err(KK, 'hosts[1].internalAddress', 'undefined', 'the node IPv4 address'),
  ],
  [
    'IPv6 internal address first',
    kk({ hosts: [CP, { ...W, internalAddress: 'fd00::21' }] }),
    err(KK, 'hosts[1].internalAddress', '"fd00::21"', 'an IPv4 address, or "<IPv4>,<IPv6>" for dual stack'),
  ],
  [
    'two hosts with one address',
    kk({ hosts: [CP, { ...W, internalAddress: '172.16.0.11' }] }),
    err(KK, 'hosts[1].internalAddress', '"172.16.0.11"', 'an address not already used by hosts[0]'),
  ],
  [
    'host architecture s390x',
    kk({ hosts: [CP, { ...W, arch: 's390x' as 'amd64' }] }),
    err(KK, 'hosts[1].arch', '"s390x"', 'one of amd64, arm64 (kk installs no other architecture)'),
  ],
  [
    'SSH password as a plain string',
    kk({ ssh: { password: 'hunter2' as unknown as SecretValue } }),
    err(KK, 'ssh.password', 'a value that is not a SecretValue', 'a SecretValue'),
  ],
  ['no control-plane host', kk({ hosts: [W] }), err(KK, 'hosts', '["worker-1:worker"]', 'at least one host with role control-plane')],
  [
    'no worker and control plane not schedulable',
    kk({ hosts: [CP] }),
    err(KK, 'hosts', '["cp-1:control-plane"]', 'at least one worker host, or schedulableControlPlane: true'),
  ],
  [
    'etcd host that is not a host',
    kk({ etcdHosts: ['etcd-1'] }),
    err(KK, 'etcdHosts[0]', '"etcd-1"', 'the name of a host in hosts (cp-1, worker-1)'),
  ],
  [
    'haproxy together with an address',
    kk({ controlPlaneEndpoint: { internalLoadbalancer: 'haproxy', address: '172.16.0.10' } }),
    err(
      KK,
      'controlPlaneEndpoint.address',
      '"172.16.0.10"',
      'no address together with internalLoadbalancer haproxy (kk stops without installing)',
    ),
  ],
  [
    'kube-vip without a virtual IP',
    kk({ controlPlaneEndpoint: { internalLoadbalancer: 'kube-vip' } }),
    err(KK, 'controlPlaneEndpoint.address', 'undefined', 'the virtual IP for kube-vip'),
  ],
  [
    'three control-plane hosts without a load balancer',
    kk({
      hosts: [CP, { ...CP, name: 'cp-2', internalAddress: '172.16.0.12' }, { ...CP, name: 'cp-3', internalAddress: '172.16.0.13' }, W],
    }),
    err(
      KK,
      'controlPlaneEndpoint',
      '{}',
      'an address (a load balancer in front of the 3 control-plane hosts) or internalLoadbalancer haproxy or kube-vip',
    ),
  ],
  [
    'kubelet --cloud-provider flag',
    kk({ kubeletArgs: ['--cloud-provider=vsphere'] }),
    err(
      KK,
      'kubeletArgs[0]',
      '"--cloud-provider=vsphere"',
      'no --cloud-provider flag (it is always --cloud-provider=external for the vSphere CCM)',
    ),
  ],
  [
    'kubelet --node-ip flag',
    kk({ kubeletArgs: ['--node-ip=172.16.0.21'] }),
    err(KK, 'kubeletArgs[0]', '"--node-ip=172.16.0.21"', 'no --node-ip flag (kk sets it from the host)'),
  ],
  [
    'kubelet flag given twice',
    kk({ kubeletArgs: ['--max-pods=200', '--max-pods=250'] }),
    err(KK, 'kubeletArgs[1]', '"--max-pods=250"', '--max-pods given once'),
  ],
  [
    'pod CIDR with host bits',
    kk({ podsCidr: '10.233.64.1/18' }),
    err(KK, 'podsCidr', '"10.233.64.1/18"', 'a CIDR whose host bits are zero (a network address)'),
  ],
  ['IPv6 Service CIDR', kk({ serviceCidr: 'fd00:10::/108' }), err(KK, 'serviceCidr', '"fd00:10::/108"', 'an IPv4 CIDR')],
  [
    'Service CIDR inside the pod CIDR',
    kk({ podsCidr: '10.233.0.0/16', serviceCidr: '10.233.128.0/18' }),
    err(KK, 'serviceCidr', '"10.233.128.0/18"', 'a CIDR that does not overlap podsCidr 10.233.0.0/16'),
  ],
  [
    'node address inside the pod CIDR',
    kk({ podsCidr: '172.16.0.0/16', serviceCidr: '10.96.0.0/12' }),
    err(KK, 'hosts[0].internalAddress', '"172.16.0.11"', 'a node address outside podsCidr 172.16.0.0/16'),
  ],
  [
    'Antrea chart version "latest"',
    kk({ antrea: { chartVersion: 'latest' } }),
    err(KK, 'antrea.chartVersion', '"latest"', 'a pinned chart version such as 2.7.0'),
  ],
  [
    'Antrea chart version without a patch number',
    kk({ antrea: { chartVersion: '2.7' } }),
    err(KK, 'antrea.chartVersion', '"2.7"', 'a pinned chart version such as 2.7.0 (without a pin KubeKey installs the latest)'),
  ],
  [
    'extra addon without a pinned version',
    kk({
      extraAddons: [
        { name: 'metrics', chart: 'metrics-server', repo: 'https://kubernetes-sigs.github.io/metrics-server/', version: 'latest' },
      ],
    }),
    err(KK, 'extraAddons[0].version', '"latest"', 'a pinned chart version such as 2.7.0 (without a pin KubeKey installs the latest)'),
  ],
  [
    'extra addon repo over ftp',
    kk({ extraAddons: [{ name: 'metrics', chart: 'metrics-server', repo: 'ftp://charts.example.com', version: '3.12.1' }] }),
    err(KK, 'extraAddons[0].repo', '"ftp://charts.example.com"', 'an http(s) chart repository URL'),
  ],
  [
    'private registry with a space',
    kk({ registry: { privateRegistry: 'registry example.com' } }),
    err(KK, 'registry.privateRegistry', '"registry example.com"', 'a registry host[:port][/path]'),
  ],
  [
    'KubeKey construct with a bad SSH port',
    inChart(
      (c) => new KubeKeyClusterConfig(c, 'KK', { name: 'demo', kubernetesVersion: 'v1.27.16', hosts: [CP, W], ssh: { port: 65536 } }),
    ),
    err('test/KK', 'ssh.port', '65536', 'a port from 1 to 65535'),
  ],
]);

describe('bad KubeKey cluster specs', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
