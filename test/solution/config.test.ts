import { readFileSync } from 'fs';
import * as path from 'path';
import { ANTREA_FEATURE_GATES, defaultSolutionConfig, loadSolutionConfig, parseSolutionConfig, SolutionConfigError } from '../../lib';
import { Testing } from 'cdk8s';
import { AntreaFeatureGates } from '../../lib/antrea/feature-gates';
import { ValidationError } from '../../lib/core/errors';
import { KubernetesOnVsphere } from '../../lib/solution/kubernetes-on-vsphere';
import { PulumiConfigReader, pulumiDeployTimeSecrets, solutionConfigFromPulumi } from '../../lib/pulumi/solution-config';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'config');
const fixture = (name: string): string => path.join(FIXTURES, name);
const NO_ENV = {};

/** Parses YAML text labelled `config.yaml` without environment overrides. */
function parse(text: string, env: Record<string, string> = NO_ENV) {
  return parseSolutionConfig(text, 'config.yaml', { env });
}

/** Asserts that parsing `text` fails with a message matching `re`. */
function expectError(text: string, re: RegExp, env: Record<string, string> = NO_ENV): SolutionConfigError {
  let err: unknown;
  try {
    parse(text, env);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SolutionConfigError);
  expect((err as Error).message).toMatch(re);
  return err as SolutionConfigError;
}

describe('defaults', () => {
  test('defaultSolutionConfig runs without a vCenter and holds nothing secret', () => {
    const c = defaultSolutionConfig();
    expect(c.clusterName).toBe('demo');
    // v1.33.4: supported by KubeKey v3.1.12 (up to v1.33.4), inside CSI 3.7.3's window (1.33-1.35), CPI image v1.33.
    expect(c.kubernetesVersion).toBe('v1.33.4');
    expect(c.vcenters).toEqual([{ server: 'vcenter.example.internal', datacenters: ['Datacenter01'], port: 443, insecure: false }]);
    expect(c.credentials).toEqual({ mode: 'existing-secret' });
    expect(c.csi).toEqual({
      clusterId: 'demo',
      topologyCategories: [],
      snapshots: true,
      installSnapshotController: true,
      metricsMonitor: false,
    });
    expect(c.storageClasses).toEqual([
      {
        name: 'vsphere-block',
        type: 'block',
        storagePolicyName: 'vSAN Default Storage Policy',
        fsType: 'ext4',
        default: true,
        reclaimPolicy: 'Delete',
        allowVolumeExpansion: true,
      },
    ]);
    expect(c.antrea).toEqual({
      chartVersion: '2.7.0',
      featureGates: {},
      trafficEncapMode: 'encap',
      trafficEncryptionMode: 'none',
      nodePortLocal: { enable: true, portRange: '61000-62000' },
      egressPools: [
        { name: 'prod-external-ip-pool', ipRanges: ['10.10.0.2-10.10.0.20'], nodeSelector: { 'network-role': 'egress-gateway' } },
      ],
      egresses: [
        {
          name: 'egress-prod-web',
          pool: 'prod-external-ip-pool',
          egressIP: '10.10.0.8',
          podLabels: { role: 'web' },
          namespaceLabels: { env: 'prod' },
        },
      ],
      tiers: [],
    });
    expect(c.namespaces).toEqual([{ name: 'demo-apps' }]);
    expect(c.nodePools.map((p) => [p.name, p.role, p.count, p.hostnames, p.ipAddresses])).toEqual([
      ['control-plane', 'control-plane', 1, ['control-plane-1'], ['172.16.0.11']],
      ['worker', 'worker', 2, ['worker-1', 'worker-2'], ['172.16.0.21', '172.16.0.22']],
    ]);
    expect(c.kubekey).toEqual({
      enabled: true,
      ssh: { user: 'ubuntu', port: 22, privateKeyPath: '~/.ssh/id_rsa' },
      containerManager: 'containerd',
      controlPlaneEndpoint: { domain: 'lb.kubesphere.local', port: 6443 },
      podsCidr: '10.233.64.0/18',
      serviceCidr: '10.233.0.0/18',
      autoRenewCerts: true,
      kubeletArgs: [],
      schedulableControlPlane: false,
    });
  });

  test('loadSolutionConfig without a file gives the defaults plus the environment', () => {
    const c = loadSolutionConfig(undefined, { env: { VSPHERE_SERVER: 'vc99.corp.example' } });
    expect(c.vcenters[0].server).toBe('vc99.corp.example');
    expect(c.clusterName).toBe('demo');
  });

  test('the CSI cluster-id follows the cluster name unless given', () => {
    expect(parse('clusterName: lab').csi.clusterId).toBe('lab');
    expect(parse('clusterName: lab\ncsi: {clusterId: lab-vc01}').csi.clusterId).toBe('lab-vc01');
  });
});

describe('loading files', () => {
  test('a full YAML file resolves every section', () => {
    const c = loadSolutionConfig(fixture('full.yaml'), { env: NO_ENV });
    expect(c.clusterName).toBe('prod-east');
    expect(c.kubernetesVersion).toBe('v1.28.15');
    expect(c.vcenters).toEqual([
      {
        server: 'vc01.corp.example',
        datacenters: ['DC-East'],
        port: 8443,
        insecure: false,
        thumbprint: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01',
        label: 'east',
      },
      { server: '10.0.0.10', datacenters: ['DC-West', 'folder/DC-West2'], port: 443, insecure: true },
    ]);
    expect(c.credentials).toEqual({ mode: 'deploy-time', usernameKey: 'vc-user', passwordKey: 'vc-pass' });
    expect(c.csi).toEqual({
      clusterId: 'prod-east-cluster',
      topologyCategories: ['k8s-region', 'k8s-zone'],
      snapshots: true,
      installSnapshotController: true,
      metricsMonitor: false,
    });
    expect(c.storageClasses[1]).toEqual({
      name: 'vsphere-file',
      type: 'file',
      fsType: 'nfs4',
      default: false,
      reclaimPolicy: 'Retain',
      allowVolumeExpansion: false,
    });
    expect(c.antrea.featureGates).toEqual({ Egress: true, TrafficControl: true });
    expect(c.antrea.trafficEncryptionMode).toBe('wireGuard');
    expect(c.antrea.nodePortLocal).toEqual({ enable: true, portRange: '61000-61999' });
    expect(c.antrea.egressPools).toEqual([
      {
        name: 'prod-external-ip-pool',
        ipRanges: ['10.10.0.2-10.10.0.20', '10.10.1.0/28'],
        nodeSelector: { 'network-role': 'egress-gateway' },
      },
    ]);
    expect(c.antrea.tiers).toEqual([{ name: 'platform-security', priority: 120, description: 'between SecurityOps and NetworkOps' }]);
    expect(c.namespaces).toEqual([
      {
        name: 'app01',
        podSecurity: { enforce: 'baseline', warn: 'restricted', version: 'v1.28' },
        quota: { requestsCpu: '8', limitsMemory: '32Gi', pods: 100 },
        roleBindings: [{ groups: ['sso:app01-team-owner@corp.example'], role: 'admin' }],
      },
    ]);
    expect(c.nodePools[0]).toEqual({
      name: 'cp',
      role: 'control-plane',
      count: 3,
      cpu: 4,
      memoryMiB: 8192,
      diskGiB: 80,
      hostnames: ['cp-1', 'cp-2', 'cp-3'],
      ipAddresses: ['192.168.10.11', '192.168.10.12', '192.168.10.13'],
      ipv4Gateway: '192.168.10.1',
      ipv4PrefixLength: 24,
      dnsServers: ['192.168.10.2'],
      template: 'ubuntu-2204',
      network: 'k8s-nodes',
      datastore: 'vsanDatastore',
      folder: '/DC-East/vm/prod-east',
    });
    expect(c.nodePools[1].hostnames).toEqual(['wk-a', 'wk-b']);
    expect(c.nodePools[1].ipAddresses).toBeUndefined();
    expect(c.kubekey.ssh).toEqual({ user: 'kkadmin', port: 22, privateKeyPath: '~/.ssh/kk' });
    expect(c.kubekey.controlPlaneEndpoint).toEqual({ domain: 'lb.kubesphere.local', port: 6443, internalLoadbalancer: 'haproxy' });
    expect(c.kubekey.kubeletArgs).toEqual(['--max-pods=200']);
  });

  test('a partial JSON file merges over the defaults: objects by key, lists replaced', () => {
    const c = loadSolutionConfig(fixture('minimal.json'), { env: NO_ENV });
    expect(c.clusterName).toBe('lab');
    expect(c.vcenters).toEqual([{ server: 'vc.lab.example', datacenters: ['Lab'], port: 443, insecure: false }]);
    expect(c.antrea.featureGates).toEqual({ Multicluster: true });
    expect(c.antrea.chartVersion).toBe('2.7.0');
    expect(c.kubekey.ssh).toEqual({ user: 'ubuntu', port: 2222, privateKeyPath: '~/.ssh/id_rsa' });
    expect(c.nodePools).toEqual(defaultSolutionConfig().nodePools);
  });

  test('null means "use the default"', () => {
    const c = parse('clusterName: lab\nkubekey:\n  ssh: ~\nnamespaces: null');
    expect(c.kubekey.ssh.user).toBe('ubuntu');
    expect(c.namespaces).toEqual([{ name: 'demo-apps' }]);
  });

  test('"example: true" gives the defaults on purpose (an empty file is an error: test/solution/config-hardening.test.ts)', () => {
    expect(parse('example: true\n')).toEqual(defaultSolutionConfig());
    expect(parse('example: true\nclusterName: other\n').clusterName).toBe('other');
  });

  test('the brief example: an empty server names file, key and reason (and the line)', () => {
    expect(() => loadSolutionConfig(fixture('bad-server.yaml'), { env: NO_ENV })).toThrow(
      `${fixture('bad-server.yaml')}: vcenters[0].server: got "", expected a vCenter host name (RFC 1123, e.g. vcenter.example.internal) or an IPv4/IPv6 address, without scheme or port (line 3)`,
    );
    expect(() => loadSolutionConfig(fixture('bad-server.yaml'), { env: NO_ENV })).toThrow(ValidationError);
  });

  test('an unknown key is an error with the closest known key', () => {
    expect(() => loadSolutionConfig(fixture('typo.yaml'), { env: NO_ENV })).toThrow(
      /typo\.yaml: vcenters\[0\]\.datacentres: got the unknown key "datacentres", expected one of the keys server, datacenters, port, insecure, thumbprint, caCertificate, caFile, label \(did you mean "datacenters"\?\) \(line 4\)/,
    );
  });

  test('an unknown top-level key is an error', () => {
    expectError(
      'vcenter: []',
      /^config\.yaml: vcenter: got the unknown key "vcenter", expected one of the keys clusterName, .* \(did you mean "vcenters"\?\) \(line 1\)$/,
    );
  });

  test('a missing file is an error naming the file', () => {
    expect(() => loadSolutionConfig(fixture('nope.yaml'), { env: NO_ENV })).toThrow(
      /nope\.yaml: got an unreadable file \(ENOENT.*\), expected a readable YAML or JSON file/,
    );
  });

  test('a YAML syntax error names the file and line', () => {
    expectError('clusterName: demo\nvcenters: [\n', /^config\.yaml: got a syntax error \(.+\), expected valid YAML or JSON \(line \d+\)$/);
  });

  test('a duplicate key is an error', () => {
    expectError(
      'clusterName: a\nclusterName: b\n',
      /^config\.yaml: got a syntax error \(Map keys must be unique.*\), expected valid YAML or JSON \(line 2\)$/,
    );
  });

  test('a top level that is not a mapping is an error', () => {
    expectError('- a\n- b\n', /^config\.yaml: got \["a","b"\], expected a mapping with the keys clusterName/);
  });
});

describe('environment overrides', () => {
  test('VSPHERE_SERVER replaces the first vCenter server only', () => {
    const c = loadSolutionConfig(fixture('full.yaml'), { env: { VSPHERE_SERVER: 'vc-new.corp.example' } });
    expect(c.vcenters.map((v) => v.server)).toEqual(['vc-new.corp.example', '10.0.0.10']);
  });

  test('a bad VSPHERE_SERVER is an error naming the variable', () => {
    expect(() => loadSolutionConfig(undefined, { env: { VSPHERE_SERVER: 'not a host' } })).toThrow(
      'environment: VSPHERE_SERVER: got "not a host", expected a vCenter host name (RFC 1123, e.g. vcenter.example.internal) or an IPv4/IPv6 address, without scheme or port',
    );
  });

  test('VSPHERE_SERVER equal to another vCenter is an error', () => {
    expect(() => loadSolutionConfig(fixture('full.yaml'), { env: { VSPHERE_SERVER: '10.0.0.10' } })).toThrow(
      /^environment: vcenters\[1\]\.server: got "10\.0\.0\.10", expected a server \(VSPHERE_SERVER replaces vcenters\[0\]\.server\) not already used by vcenters\[0\]/,
    );
  });

  test('existing-secret mode never embeds VSPHERE_USERNAME/VSPHERE_PASSWORD', () => {
    const c = loadSolutionConfig(undefined, { env: { VSPHERE_USERNAME: 'k8s@vsphere.local', VSPHERE_PASSWORD: 'TopSecret-1' } });
    expect(c.credentials).toEqual({ mode: 'existing-secret' });
    expect(JSON.stringify(c)).not.toContain('TopSecret-1');
  });

  test('deploy-time mode does not embed environment credentials either', () => {
    const c = parse('credentials: {mode: deploy-time}', { VSPHERE_USERNAME: 'k8s@vsphere.local', VSPHERE_PASSWORD: 'TopSecret-1' });
    expect(c.credentials).toEqual({ mode: 'deploy-time', usernameKey: 'vsphere-username', passwordKey: 'vsphere-password' });
    expect(JSON.stringify(c)).not.toContain('TopSecret-1');
  });

  test('plaintext mode takes the file values, and the environment wins over them', () => {
    const fromFile = loadSolutionConfig(fixture('plaintext.yaml'), { env: NO_ENV });
    expect(fromFile.credentials).toEqual({ mode: 'plaintext', username: 'k8s@vsphere.local', password: 's3cret;#"pass' });
    const fromEnv = loadSolutionConfig(fixture('plaintext.yaml'), { env: { VSPHERE_USERNAME: 'CORP\\k8s', VSPHERE_PASSWORD: 'other' } });
    expect(fromEnv.credentials).toEqual({ mode: 'plaintext', username: 'CORP\\k8s', password: 'other' });
  });

  test('plaintext mode without a password anywhere is an error', () => {
    expectError(
      'credentials: {mode: plaintext, username: k8s@vsphere.local}',
      /^config\.yaml: credentials\.password: got undefined, expected a password in the config or in VSPHERE_PASSWORD \(mode plaintext\)$/,
    );
  });

  test('plaintext mode without a username anywhere is an error', () => {
    expectError(
      'credentials: {mode: plaintext}',
      /^config\.yaml: credentials\.username: got undefined, expected a vCenter user in the config or in VSPHERE_USERNAME/,
      { VSPHERE_PASSWORD: 'x' },
    );
  });

  test('a bad VSPHERE_USERNAME is an error naming the variable', () => {
    expectError(
      'credentials: {mode: plaintext, password: x}',
      /^environment: VSPHERE_USERNAME: got "bob", expected a vCenter user with a domain: user@domain \(e\.g\. administrator@vsphere\.local\) or DOMAIN\\user$/,
      {
        VSPHERE_USERNAME: 'bob',
      },
    );
  });

  test('a VSPHERE_PASSWORD with a line break is an error that does not show the password', () => {
    const e = expectError(
      'credentials: {mode: plaintext, username: a@b.c}',
      /^environment: VSPHERE_PASSWORD: got a hidden value of 12 characters with a line break, expected a password without line breaks, other control characters/,
      {
        VSPHERE_PASSWORD: 'Secret\nValue',
      },
    );
    expect(e.message).not.toContain('Secret');
  });
});

describe('validation errors (file, key, reason)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['bad cluster name', 'clusterName: Prod_East', /^config\.yaml: clusterName: got "Prod_East", expected a DNS-1123 label .* \(line 1\)$/],
    [
      'short Kubernetes version',
      'kubernetesVersion: "1.28"',
      /^config\.yaml: kubernetesVersion: got "1\.28", expected a full Kubernetes version vX\.Y\.Z/,
    ],
    [
      'version kk does not know',
      'kubernetesVersion: v1.29.13',
      /^config\.yaml: kubernetesVersion: got "v1\.29\.13", expected a full version vX\.Y\.Z that KubeKey v3\.1\.12 supports.*v1\.29\.12, v1\.29\.14.*\(or set kubekey\.enabled: false\)/,
    ],
    [
      'version below the Antrea chart minimum',
      'kubernetesVersion: v1.22.17',
      /kubernetesVersion: got "v1\.22\.17", expected a full version vX\.Y\.Z that KubeKey v3\.1\.12 supports, from v1\.23\.0/,
    ],
    ['no vCenter', 'vcenters: []', /^config\.yaml: vcenters: got \[\], expected a list of 1 to 5 vCenters/],
    [
      'six vCenters',
      `vcenters: [${[1, 2, 3, 4, 5, 6].map((i) => `{server: vc${i}.example, datacenters: [d]}`).join(', ')}]`,
      /^config\.yaml: vcenters: got .*, expected a list of 1 to 5 vCenters \(the CSI driver supports at most 5\)/,
    ],
    [
      'duplicate vCenter',
      'vcenters: [{server: vc.example, datacenters: [a]}, {server: VC.example, datacenters: [b]}]\ncsi: {topologyCategories: [k8s-zone]}',
      /^config\.yaml: vcenters\[1\]\.server: got "VC\.example", expected a server not already used by vcenters\[0\] \("vc\.example"; DNS names are compared ignoring case\)/,
    ],
    [
      'server that is no host name',
      'vcenters: [{server: "vc_01!", datacenters: [a]}]',
      /vcenters\[0\]\.server: got "vc_01!", expected a vCenter host name \(RFC 1123/,
    ],
    [
      'server like a broken IP',
      'vcenters: [{server: 999.1.1.1, datacenters: [a]}]',
      /vcenters\[0\]\.server: got "999\.1\.1\.1", expected a vCenter host name \(RFC 1123/,
    ],
    [
      'empty datacenters',
      'vcenters: [{server: vc.example, datacenters: []}]',
      /^config\.yaml: vcenters\[0\]\.datacenters: got \[\], expected a non-empty list of datacenter names \(line 1\)$/,
    ],
    [
      'datacenter with a comma',
      'vcenters: [{server: vc.example, datacenters: ["a,b"]}]',
      /vcenters\[0\]\.datacenters\[0\]: got "a,b", expected a datacenter name or folder\/dc path without commas/,
    ],
    [
      'bad port',
      'vcenters: [{server: vc.example, datacenters: [a], port: 70000}]',
      /vcenters\[0\]\.port: got 70000, expected an integer from 1 to 65535/,
    ],
    [
      'YAML 1.1 boolean',
      'vcenters: [{server: vc.example, datacenters: [a], insecure: yes}]',
      /vcenters\[0\]\.insecure: got "yes", expected true or false/,
    ],
    [
      'bad thumbprint',
      'vcenters: [{server: vc.example, datacenters: [a], thumbprint: "AB:CD"}]',
      /vcenters\[0\]\.thumbprint: got "AB:CD", expected a certificate thumbprint of 20 \(SHA-1\) or 32 \(SHA-256\)/,
    ],
    [
      'insecure with thumbprint',
      'vcenters: [{server: vc.example, datacenters: [a], insecure: true, thumbprint: "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01"}]',
      /vcenters\[0\]\.insecure: got true, expected false when thumbprint, caCertificate or caFile is set/,
    ],
    [
      'insecure with caFile',
      'vcenters: [{server: vc.example, datacenters: [a], insecure: true, caFile: /etc/ca.pem}]',
      /vcenters\[0\]\.insecure: got true, expected false when thumbprint, caCertificate or caFile is set \(they are ignored/,
    ],
    [
      'bad label',
      'vcenters: [{server: vc.example, datacenters: [a], label: "my label"}]',
      /vcenters\[0\]\.label: got "my label", expected a tenant label of letters/,
    ],
    [
      'two vCenters without topology',
      'vcenters: [{server: a.example, datacenters: [a]}, {server: b.example, datacenters: [b]}]',
      /^config\.yaml: csi\.topologyCategories: got undefined, expected at least one tag category when more than one vCenter is configured \(got 2 vCenters\)/,
    ],
    [
      '65-character cluster-id',
      `csi: {clusterId: ${'x'.repeat(65)}}`,
      /csi\.clusterId: got "x{65}", expected a cluster id of at most 64 characters/,
    ],
    [
      'bad credentials mode',
      'credentials: {mode: env}',
      /credentials\.mode: got "env", expected one of existing-secret, deploy-time, plaintext/,
    ],
    [
      'usernameKey outside deploy-time',
      'credentials: {mode: plaintext, usernameKey: u}',
      /credentials\.usernameKey: got "u", expected no usernameKey unless mode is deploy-time \(mode is plaintext\)/,
    ],
    [
      'same deploy-time keys',
      'credentials: {mode: deploy-time, usernameKey: k, passwordKey: k}',
      /credentials\.passwordKey: got a hidden value of 1 characters, expected a deploy-time key different from usernameKey/,
    ],
    [
      'bad deploy-time key',
      'credentials: {mode: deploy-time, usernameKey: "a b"}',
      /credentials\.usernameKey: got "a b", expected a deploy-time key of letters/,
    ],
    [
      'user without a domain',
      'credentials: {mode: plaintext, username: admin, password: x}',
      /credentials\.username: got "admin", expected a vCenter user with a domain: user@domain/,
    ],
    [
      'two default StorageClasses',
      'storageClasses: [{name: a, default: true}, {name: b, default: true}]',
      /^config\.yaml: storageClasses\[1\]\.default: got true, expected false \(storageClasses\[0\] "a" is already the default; at most one default StorageClass\)/,
    ],
    [
      'nfs4 on a block class',
      'storageClasses: [{name: a, fsType: nfs4}]',
      /storageClasses\[0\]\.fsType: got "nfs4", expected one of ext4, ext3, xfs/,
    ],
    [
      'ext4 on a file class',
      'storageClasses: [{name: a, type: file, fsType: ext4}]',
      /storageClasses\[0\]\.fsType: got "ext4", expected nfs4 for a file volume class/,
    ],
    [
      'expansion on a file class',
      'storageClasses: [{name: a, type: file, allowVolumeExpansion: true}]',
      /storageClasses\[0\]\.allowVolumeExpansion: got true, expected false or unset for a file volume class/,
    ],
    [
      'bad datastore URL',
      'storageClasses: [{name: a, datastoreUrl: "vsanDatastore"}]',
      /storageClasses\[0\]\.datastoreUrl: got "vsanDatastore", expected a datastore URL/,
    ],
    [
      'duplicate StorageClass',
      'storageClasses: [{name: a}, {name: a}]',
      /storageClasses\[1\]\.name: got "a", expected a StorageClass name not already used by storageClasses\[0\]/,
    ],
    [
      'unknown feature gate',
      'antrea: {featureGates: {Egres: true}}',
      /antrea\.featureGates\.Egres: got the unknown key "Egres", expected one of the keys AdminNetworkPolicy, AntreaIPAM, .* \(did you mean "Egress"\?\)/,
    ],
    [
      'feature gate as a string',
      'antrea: {featureGates: {Egress: "true"}}',
      /antrea\.featureGates\.Egress: got "true", expected true or false/,
    ],
    [
      'encryption without encap',
      'antrea: {trafficEncapMode: noEncap, trafficEncryptionMode: ipsec}',
      /antrea\.trafficEncryptionMode: got "ipsec", expected "none" when trafficEncapMode is "noEncap" \(encryption needs trafficEncapMode "encap"\)/,
    ],
    [
      'bad NodePortLocal range',
      'antrea: {nodePortLocal: {enable: true, portRange: "62000-61000"}}',
      /antrea\.nodePortLocal\.portRange: got "62000-61000", expected a port range/,
    ],
    [
      'overlapping egress pools',
      'antrea: {egressPools: [{name: a, ipRanges: [10.0.0.0/24]}, {name: b, ipRanges: [10.0.0.200-10.0.1.5]}]}',
      /antrea\.egressPools\[1\]\.ipRanges\[0\]: got "10\.0\.0\.200-10\.0\.1\.5", expected a range that does not overlap 10\.0\.0\.0\/24 of ExternalIPPool "a" \(antrea\.egressPools\[0\]\)/,
    ],
    [
      'bad egress range',
      'antrea: {egressPools: [{name: a, ipRanges: [10.0.0.9-10.0.0.1]}]}',
      /antrea\.egressPools\[0\]\.ipRanges\[0\]: got "10\.0\.0\.9-10\.0\.0\.1", expected a range whose start is not after its end/,
    ],
    [
      'tier on a built-in priority',
      'antrea: {tiers: [{name: mine, priority: 100}]}',
      /antrea\.tiers\[0\]\.priority: got 100, expected a priority not used by the built-in Tier "securityops"/,
    ],
    [
      'tier on a reserved priority',
      'antrea: {tiers: [{name: mine, priority: 251}]}',
      /antrea\.tiers\[0\]\.priority: got 251, expected a priority other than 251, 252, 254 and 255/,
    ],
    [
      'tier 220 with the ClusterNetworkPolicy gate',
      'antrea: {featureGates: {ClusterNetworkPolicy: true}, tiers: [{name: mine, priority: 220}]}',
      /antrea\.tiers\[0\]\.priority: got 220, expected a priority other than 220 while the ClusterNetworkPolicy feature gate is on/,
    ],
    [
      'tier named like a built-in',
      'antrea: {tiers: [{name: application, priority: 10}]}',
      /antrea\.tiers\[0\]\.name: got "application", expected a name other than the built-in Tier names/,
    ],
    [
      'duplicate tier priority',
      'antrea: {tiers: [{name: a, priority: 10}, {name: b, priority: 10}]}',
      /antrea\.tiers\[1\]\.priority: got 10, expected a priority not already used by antrea\.tiers\[0\]/,
    ],
    [
      'too many tiers',
      `antrea: {tiers: [${Array.from({ length: 15 }, (_, i) => `{name: t${i}, priority: ${i}}`).join(', ')}]}`,
      /antrea\.tiers: got .*, expected a list of 0 to 14 custom tiers \(Antrea allows 20 tiers including the 6 built-in ones\)/,
    ],
    [
      'bad Pod Security level',
      'namespaces:\n  - name: app01\n    podSecurity:\n      enforce: strict\n',
      /^config\.yaml: namespaces\[0\]\.podSecurity\.enforce: got "strict", expected one of privileged, baseline, restricted \(line 4\)$/,
    ],
    [
      'duplicate namespace',
      'namespaces: [{name: a}, {name: a}]',
      /namespaces\[1\]\.name: got "a", expected a namespace name not already used by namespaces\[0\]/,
    ],
    [
      'no control-plane pool',
      'nodePools: [{name: w, role: worker, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /^config\.yaml: nodePools: got \["w:worker"\], expected at least one pool with role control-plane/,
    ],
    [
      '2 vCPUs',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 2, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.cpu: got 2, expected an integer greater than 2 \(a Kubernetes node needs more than 2 vCPUs\)/,
    ],
    [
      '4096 MiB',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 4096, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.memoryMiB: got 4096, expected an integer greater than 4096 \(a Kubernetes node needs more than 4 GB of memory\)/,
    ],
    [
      '40 GiB',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 40, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.diskGiB: got 40, expected an integer greater than 40 \(a Kubernetes node needs a disk of more than 40 GB\)/,
    ],
    [
      'count 0',
      'nodePools: [{name: c, role: control-plane, count: 0, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.count: got 0, expected an integer from 1 to 1000/,
    ],
    [
      'too few IPs',
      'nodePools: [{name: c, role: control-plane, count: 2, ipAddresses: [10.0.0.1], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.ipAddresses: got \["10\.0\.0\.1"\], expected exactly 2 addresses \(one per node\)/,
    ],
    [
      'bad IP',
      'nodePools: [{name: c, role: control-plane, count: 1, ipAddresses: [10.0.0.256], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.ipAddresses\[0\]: got "10\.0\.0\.256", expected an IPv4 address/,
    ],
    [
      'IP used twice',
      'nodePools:\n  - {name: c, role: control-plane, count: 1, ipAddresses: [10.0.0.1], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}\n  - {name: w, role: worker, count: 1, ipAddresses: [10.0.0.1], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}',
      /nodePools\[1\]\.ipAddresses\[0\]: got "10\.0\.0\.1", expected an address not already used by nodePools\[0\]\.ipAddresses\[0\] \(line 3\)/,
    ],
    [
      'hostname used twice',
      'nodePools:\n  - {name: c, role: control-plane, count: 1, hostnames: [n1], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}\n  - {name: w, role: worker, count: 1, hostnames: [n1], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}',
      /nodePools\[1\]\.hostnames\[0\]: got "n1", expected a hostname not already used by nodePools\[0\]\.hostnames\[0\]/,
    ],
    [
      'gateway without static IPs',
      'nodePools: [{name: c, role: control-plane, count: 1, ipv4Gateway: 10.0.0.1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.ipv4Gateway: got "10\.0\.0\.1", expected no gateway when the pool uses DHCP \(no ipAddresses\)/,
    ],
    [
      'missing template',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, network: n, datastore: d}]',
      /nodePools\[0\]\.template: got undefined, expected a string: VM template to clone \(a required key\)/,
    ],
    [
      'node pool hardware version 16 (does not exist)',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, hardwareVersion: 16, template: t, network: n, datastore: d}]',
      /^config\.yaml: nodePools\[0\]\.hardwareVersion: got 16, expected one of 15, 17, 18, 19, 20, 21, 22 \(the vSphere provider accepts 4, 7-11, 13-15, 17-22; there is no 16\)/,
    ],
    [
      'node pool hardware version 14 (below the vSphere CSI minimum)',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, hardwareVersion: 14, template: t, network: n, datastore: d}]',
      /^config\.yaml: nodePools\[0\]\.hardwareVersion: got 14, expected 15 or later \(15, 17-22\): the vSphere CSI driver needs VM hardware version 15 or higher/,
    ],
    [
      'node pool hardware version given as a string',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, hardwareVersion: "19", template: t, network: n, datastore: d}]',
      /^config\.yaml: nodePools\[0\]\.hardwareVersion: got "19", expected an integer: VM hardware version/,
    ],
    [
      'bad container runtime',
      'kubekey: {containerManager: crio}',
      /kubekey\.containerManager: got "crio", expected one of containerd, docker/,
    ],
    [
      'bad pod CIDR',
      'kubekey: {podsCidr: 10.233.64.0}',
      /kubekey\.podsCidr: got "10\.233\.64\.0", expected a CIDR such as 10\.0\.0\.0\/24 or fd00::\/64 \(the prefix length is missing\)/,
    ],
    [
      'bad kubelet flag',
      'kubekey: {kubeletArgs: ["max-pods=200"]}',
      /kubekey\.kubeletArgs\[0\]: got "max-pods=200", expected one kubelet flag with a leading "--"/,
    ],
    [
      'bad endpoint LB',
      'kubekey: {controlPlaneEndpoint: {internalLoadbalancer: nginx}}',
      /kubekey\.controlPlaneEndpoint\.internalLoadbalancer: got "nginx", expected one of haproxy, kube-vip/,
    ],
    ['bad SSH port', 'kubekey: {ssh: {port: 0}}', /kubekey\.ssh\.port: got 0, expected a port from 1 to 65535/],
    [
      'empty caFile',
      'vcenters: [{server: vc.example, datacenters: [a], caFile: ""}]',
      /vcenters\[0\]\.caFile: got "", expected an absolute path without whitespace or control characters/,
    ],
    [
      'duplicate vCenter label',
      'vcenters: [{server: a.example, datacenters: [a], label: x}, {server: b.example, datacenters: [b], label: x}]\ncsi: {topologyCategories: [z]}',
      /vcenters\[1\]\.label: got "x", expected a label not already used by vcenters\[0\]/,
    ],
    [
      'six topology categories',
      'csi: {topologyCategories: [a, b, c, d, e, f]}',
      /csi\.topologyCategories: got .*, expected at most 5 tag categories/,
    ],
    [
      'topology category with a comma',
      'csi: {topologyCategories: ["a,b"]}',
      /csi\.topologyCategories\[0\]: got "a,b", expected a vSphere tag category name without commas/,
    ],
    ['unknown csi key', 'csi: {clusterID: x}', /csi\.clusterID: got the unknown key "clusterID", .*\(did you mean "clusterId"\?\)/],
    [
      'password in deploy-time mode',
      'credentials: {mode: deploy-time, password: x}',
      /credentials\.password: got a password, expected no password unless mode is plaintext \(mode is deploy-time\)/,
    ],
    [
      'password with a control character',
      'credentials: {mode: plaintext, username: a@b.c, password: "a\\u0007b"}',
      /credentials\.password: got a hidden value of 3 characters, expected a password without line breaks, other control characters \(tab is allowed\) or unpaired surrogates/,
    ],
    [
      'bad StorageClass name',
      'storageClasses: [{name: Fast_SC}]',
      /storageClasses\[0\]\.name: got "Fast_SC", expected a DNS-1123 subdomain/,
    ],
    [
      'bad reclaim policy',
      'storageClasses: [{name: a, reclaimPolicy: Recycle}]',
      /storageClasses\[0\]\.reclaimPolicy: got "Recycle", expected one of Delete, Retain/,
    ],
    [
      'empty storage policy',
      'storageClasses: [{name: a, storagePolicyName: ""}]',
      /storageClasses\[0\]\.storagePolicyName: got "", expected a non-empty SPBM storage policy name/,
    ],
    [
      'bad StorageClass type',
      'storageClasses: [{name: a, type: object}]',
      /storageClasses\[0\]\.type: got "object", expected one of block, file/,
    ],
    ['bad Antrea chart version', 'antrea: {chartVersion: latest}', /antrea\.chartVersion: got "latest", expected a chart version X\.Y\.Z/],
    [
      'bad encap mode',
      'antrea: {trafficEncapMode: vxlan}',
      /antrea\.trafficEncapMode: got "vxlan", expected one of encap, noEncap, hybrid, networkPolicyOnly/,
    ],
    [
      'NodePortLocal enable as a string',
      'antrea: {nodePortLocal: {enable: "true"}}',
      /antrea\.nodePortLocal\.enable: got "true", expected true or false/,
    ],
    [
      'bad egress pool name',
      'antrea: {egressPools: [{name: Pool_1, ipRanges: [10.0.0.0/28]}]}',
      /antrea\.egressPools\[0\]\.name: got "Pool_1", expected a DNS-1123 subdomain/,
    ],
    [
      'duplicate egress pool',
      'antrea: {egressPools: [{name: p, ipRanges: [10.0.0.0/28]}, {name: p, ipRanges: [10.0.1.0/28]}]}',
      /antrea\.egressPools\[1\]\.name: got "p", expected a pool name not already used by antrea\.egressPools\[0\]/,
    ],
    [
      'egress pool without ranges',
      'antrea: {egressPools: [{name: p, ipRanges: []}]}',
      /antrea\.egressPools\[0\]\.ipRanges: got \[\], expected at least one IP range/,
    ],
    [
      'bad egress node selector',
      'antrea: {egressPools: [{name: p, ipRanges: [10.0.0.0/28], nodeSelector: {role: "a b"}}]}',
      /antrea\.egressPools\[0\]\.nodeSelector\.role: got "a b", expected a label value/,
    ],
    [
      'tier description as a number',
      'antrea: {tiers: [{name: t, priority: 5, description: 5}]}',
      /antrea\.tiers\[0\]\.description: got 5, expected a string/,
    ],
    [
      'duplicate tier name',
      'antrea: {tiers: [{name: t, priority: 5}, {name: t, priority: 6}]}',
      /antrea\.tiers\[1\]\.name: got "t", expected a tier name not already used by antrea\.tiers\[0\]/,
    ],
    [
      'bad pool name',
      'nodePools: [{name: CP, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.name: got "CP", expected a DNS-1123 label/,
    ],
    [
      'bad pool role',
      'nodePools: [{name: c, role: master, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.role: got "master", expected one of control-plane, worker/,
    ],
    [
      'duplicate pool name',
      'nodePools:\n  - {name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}\n  - {name: c, role: worker, count: 1, hostnames: [w], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}',
      /nodePools\[1\]\.name: got "c", expected a pool name not already used by nodePools\[0\]/,
    ],
    [
      'hostnames not matching count',
      'nodePools: [{name: c, role: control-plane, count: 2, hostnames: [a], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.hostnames: got \["a"\], expected a list of exactly 2 hostnames \(one per node: count is 2\)/,
    ],
    [
      'bad hostname',
      'nodePools: [{name: c, role: control-plane, count: 1, hostnames: [Node_1], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.hostnames\[0\]: got "Node_1", expected a lowercase DNS-1123 label/,
    ],
    [
      'bad prefix length',
      'nodePools: [{name: c, role: control-plane, count: 1, ipAddresses: [10.0.0.5], ipv4PrefixLength: 33, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.ipv4PrefixLength: got 33, expected an integer from 1 to 32/,
    ],
    [
      'bad DNS server',
      'nodePools: [{name: c, role: control-plane, count: 1, dnsServers: [dns.local], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.dnsServers\[0\]: got "dns\.local", expected an IP address/,
    ],
    [
      'missing network',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, datastore: d}]',
      /nodePools\[0\]\.network: got undefined, expected a string: port group \/ network name \(a required key\)/,
    ],
    [
      'missing datastore',
      'nodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n}]',
      /nodePools\[0\]\.datastore: got undefined, expected a string: datastore name \(a required key\)/,
    ],
    [
      'empty folder',
      'nodePools: [{name: c, role: control-plane, count: 1, folder: "", cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]',
      /nodePools\[0\]\.folder: got "", expected a non-empty path/,
    ],
    ['kubekey.enabled as a string', 'kubekey: {enabled: "no"}', /kubekey\.enabled: got "no", expected true or false/],
    ['SSH user with a space', 'kubekey: {ssh: {user: "a b"}}', /kubekey\.ssh\.user: got "a b", expected a user name without spaces/],
    ['empty key path', 'kubekey: {ssh: {privateKeyPath: ""}}', /kubekey\.ssh\.privateKeyPath: got "", expected a non-empty path/],
    [
      'bad endpoint domain',
      'kubekey: {controlPlaneEndpoint: {domain: "LB_1"}}',
      /kubekey\.controlPlaneEndpoint\.domain: got "LB_1", expected a DNS name/,
    ],
    [
      'bad endpoint address',
      'kubekey: {controlPlaneEndpoint: {address: lb.example}}',
      /kubekey\.controlPlaneEndpoint\.address: got "lb\.example", expected an IP address/,
    ],
    [
      'bad endpoint port',
      'kubekey: {controlPlaneEndpoint: {port: 0}}',
      /kubekey\.controlPlaneEndpoint\.port: got 0, expected a port from 1 to 65535/,
    ],
    ['bad service CIDR', 'kubekey: {serviceCidr: fd00::/108}', /kubekey\.serviceCidr: got "fd00::\/108", expected an IPv4 CIDR/],
    ['autoRenewCerts as a string', 'kubekey: {autoRenewCerts: "true"}', /kubekey\.autoRenewCerts: got "true", expected true or false/],
    [
      'schedulableControlPlane as a number',
      'kubekey: {schedulableControlPlane: 1}',
      /kubekey\.schedulableControlPlane: got 1, expected true or false/,
    ],
    [
      'kubeletArgs not a list',
      'kubekey: {kubeletArgs: "--max-pods=1"}',
      /kubekey\.kubeletArgs: got "--max-pods=1", expected a list of strings: extra kubelet flags/,
    ],
    [
      'namespace quota typo (config path)',
      'namespaces: [{name: a, quota: {limitCpu: 1}}]',
      /^config\.yaml: namespaces\[0\]\.quota\.limitCpu: got the unknown key "limitCpu", .*\(did you mean "limitsCpu"\?\) \(line 1\)$/,
    ],
    [
      'clusterName as a number',
      'clusterName: 42',
      /^config\.yaml: clusterName: got 42, expected a string: cluster name \(a DNS-1123 label\)/,
    ],
  ];
  test.each(cases)('%s', (_name, text, re) => {
    expectError(text, re);
  });

  test('kubekey.enabled: false lifts the KubeKey version list', () => {
    expect(parse('kubernetesVersion: v1.35.0\nkubekey: {enabled: false}').kubernetesVersion).toBe('v1.35.0');
  });

  test('a password outside plaintext mode is an error that does not show it', () => {
    const e = expectError(
      'credentials: {password: "hunter2"}',
      /^config\.yaml: credentials\.password: got a password, expected no password unless mode is plaintext \(mode is existing-secret\)/,
    );
    expect(e.message).not.toContain('hunter2');
  });

  test('errors carry file, field and line as properties', () => {
    const e = expectError('clusterName: demo\nkubekey:\n  ssh:\n    port: 0\n', /ssh\.port/);
    expect(e.file).toBe('config.yaml');
    expect(e.field).toBe('kubekey.ssh.port');
    expect(e.line).toBe(4);
    expect(e.allowed).toBe('a port from 1 to 65535');
  });
});

describe('Pulumi config', () => {
  class FakeConfig implements PulumiConfigReader<string> {
    public readonly secretsRead: string[] = [];
    public constructor(
      private readonly values: Record<string, unknown>,
      private readonly secrets: Record<string, string> = {},
    ) {}
    public get(key: string): string | undefined {
      const v = this.values[key];
      return v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
    }
    public getObject<U>(key: string): U | undefined {
      const v = this.get(key);
      return v === undefined ? undefined : (JSON.parse(v) as U);
    }
    public getSecret(key: string): string | undefined {
      this.secretsRead.push(key);
      return this.secrets[key] === undefined ? undefined : `secret(${this.secrets[key]})`;
    }
    public requireSecret(key: string): string {
      const v = this.getSecret(key);
      if (v === undefined) throw new Error(`missing ${key}`);
      return v;
    }
  }

  test('reads the top-level keys, with defaults and environment overrides', () => {
    const cfg = new FakeConfig({
      clusterName: 'pulumi-lab',
      kubernetesVersion: 'v1.30.14',
      vcenters: [{ server: 'vc.pulumi.example', datacenters: ['DC'] }],
      credentials: { mode: 'deploy-time' },
    });
    const c = solutionConfigFromPulumi(cfg, { env: { VSPHERE_SERVER: 'vc-env.example' } });
    expect(c.clusterName).toBe('pulumi-lab');
    expect(c.kubernetesVersion).toBe('v1.30.14');
    expect(c.vcenters).toEqual([{ server: 'vc-env.example', datacenters: ['DC'], port: 443, insecure: false }]);
    expect(c.credentials).toEqual({ mode: 'deploy-time', usernameKey: 'vsphere-username', passwordKey: 'vsphere-password' });
    expect(c.nodePools).toEqual(defaultSolutionConfig().nodePools);
  });

  test('errors name "pulumi config" and the key', () => {
    const cfg = new FakeConfig({ vcenters: [{ server: 'vc.example', datacenters: ['DC'], sever: 'x' }] });
    expect(() => solutionConfigFromPulumi(cfg, { env: NO_ENV })).toThrow(
      /^pulumi config: vcenters\[0\]\.sever: got the unknown key "sever", expected one of the keys/,
    );
  });

  test('an unparsable structured value is an error', () => {
    const cfg = new FakeConfig({ vcenters: 'not json' });
    expect(() => solutionConfigFromPulumi(cfg, { env: NO_ENV })).toThrow(
      /^pulumi config: vcenters: got an unparsable value \(.*\), expected a structured value/,
    );
  });

  test('egressPools without egresses defaults egresses to [] here too', () => {
    const cfg = new FakeConfig({ antrea: { egressPools: [{ name: 'pool-b', ipRanges: ['10.20.0.0/28'] }] } });
    const c = solutionConfigFromPulumi(cfg, { env: NO_ENV });
    expect(c.antrea.egresses).toEqual([]);
    expect(c.antrea.egressPools.map((p) => p.name)).toEqual(['pool-b']);
  });

  test('deploy-time secrets come from Pulumi secrets keyed by the config keys', () => {
    const cfg = new FakeConfig(
      { credentials: { mode: 'deploy-time', usernameKey: 'u', passwordKey: 'p' } },
      { vsphereUsername: 'k8s@vsphere.local', vspherePassword: 'pw' },
    );
    const c = solutionConfigFromPulumi(cfg, { env: NO_ENV });
    expect(pulumiDeployTimeSecrets(cfg, c, { env: NO_ENV })).toEqual({ u: 'secret(k8s@vsphere.local)', p: 'secret(pw)' });
  });

  test('deploy-time secrets fall back to the environment, wrapped as secrets', () => {
    const cfg = new FakeConfig({ credentials: { mode: 'deploy-time' } });
    const c = solutionConfigFromPulumi(cfg, { env: NO_ENV });
    const wrapped = pulumiDeployTimeSecrets(cfg, c, {
      env: { VSPHERE_USERNAME: 'a@b.c', VSPHERE_PASSWORD: 'pw' },
      secret: (v) => `wrapped(${v})`,
    });
    expect(wrapped).toEqual({ 'vsphere-username': 'wrapped(a@b.c)', 'vsphere-password': 'wrapped(pw)' });
  });

  test('a missing deploy-time secret is an error naming the key and the variable', () => {
    const cfg = new FakeConfig({ credentials: { mode: 'deploy-time' } }, { vsphereUsername: 'a@b.c' });
    const c = solutionConfigFromPulumi(cfg, { env: NO_ENV });
    expect(() => pulumiDeployTimeSecrets(cfg, c, { env: NO_ENV })).toThrow(
      'pulumi config: vspherePassword: got undefined, expected a secret (pulumi config set --secret vspherePassword ...) or the environment variable VSPHERE_PASSWORD',
    );
  });

  test('no deploy-time secrets are read in other modes', () => {
    const cfg = new FakeConfig({});
    const c = solutionConfigFromPulumi(cfg, { env: NO_ENV });
    expect(pulumiDeployTimeSecrets(cfg, c, { env: { VSPHERE_PASSWORD: 'pw' } })).toEqual({});
    expect(cfg.secretsRead).toEqual([]);
  });

  test('the default secret wrapper is pulumi.secret, loaded lazily', async () => {
    const source = readFileSync(path.join(__dirname, '..', '..', 'lib', 'pulumi', 'solution-config.ts'), 'utf8');
    expect(source).not.toMatch(/^import .*@pulumi\/pulumi/m);
    const cfg = new FakeConfig({ credentials: { mode: 'deploy-time' } });
    const c = solutionConfigFromPulumi(cfg, { env: NO_ENV });
    const out = pulumiDeployTimeSecrets<unknown>(cfg as unknown as PulumiConfigReader<unknown>, c, {
      env: { VSPHERE_USERNAME: 'a@b.c', VSPHERE_PASSWORD: 'pw' },
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require('@pulumi/pulumi');
    expect(pulumi.Output.isInstance(out['vsphere-password'])).toBe(true);
    expect(await (out['vsphere-password'] as { isSecret: Promise<boolean> }).isSecret).toBe(true);
  });
});

describe('egresses', () => {
  test('should throw if an egress names a pool that does not exist', () => {
    expect(() => parseSolutionConfig('antrea:\n  egresses:\n    - name: e1\n      pool: nope\n', 'config.yaml', { env: {} })).toThrow(
      /config\.yaml: antrea\.egresses\[0\]\.pool: got "nope", expected the name of one of antrea\.egressPools \("prod-external-ip-pool"\)/,
    );
  });

  test('should throw if an egressIP lies outside its pool', () => {
    expect(() =>
      parseSolutionConfig(
        'antrea:\n  egresses:\n    - name: e1\n      pool: prod-external-ip-pool\n      egressIP: 10.10.1.8\n',
        'config.yaml',
        { env: {} },
      ),
    ).toThrow(
      /config\.yaml: antrea\.egresses\[0\]\.egressIP: got "10\.10\.1\.8", expected an IP inside ExternalIPPool "prod-external-ip-pool" \(10\.10\.0\.2-10\.10\.0\.20\)/,
    );
  });
});

describe('coherent defaults and rules shared with the constructs', () => {
  test('a file that sets antrea.egressPools but not antrea.egresses gets no default Egress', () => {
    const c = parse('antrea:\n  egressPools:\n    - name: pool-b\n      ipRanges: [10.20.0.0/28]\n');
    expect(c.antrea.egressPools).toEqual([{ name: 'pool-b', ipRanges: ['10.20.0.0/28'], nodeSelector: {} }]);
    expect(c.antrea.egresses).toEqual([]);
    // and the stack builds from it (the default Egress used to point at the replaced default pool)
    const app = Testing.app();
    new KubernetesOnVsphere(app, 'demo', { config: c });
    expect(() => app.synth()).not.toThrow();
  });

  test('egressPools: null keeps the default pool and Egress; explicit egresses are kept', () => {
    const d = defaultSolutionConfig();
    expect(parse('antrea:\n  egressPools: null\n').antrea.egresses).toEqual(d.antrea.egresses);
    const c = parse(
      'antrea:\n  egressPools:\n    - name: pool-b\n      ipRanges: [10.20.0.0/28]\n  egresses:\n    - name: web\n      pool: pool-b\n',
    );
    expect(c.antrea.egresses.map((e) => e.name)).toEqual(['web']);
  });

  test('Egress may be turned off together with the egresses', () => {
    expect(parse('antrea:\n  featureGates: {Egress: false}\n  egresses: []\n').antrea.featureGates).toEqual({ Egress: false });
  });

  test('a single control-plane pool is fine when it is schedulable or KubeKey is off', () => {
    const pool =
      'nodePools:\n  - {name: cp, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}\n';
    expect(parse(`${pool}kubekey: {schedulableControlPlane: true}\n`).nodePools).toHaveLength(1);
    expect(parse(`${pool}kubekey: {enabled: false}\n`).kubekey.enabled).toBe(false);
  });

  test('settable feature gates pass; the known gate names come from the AntreaConfig gate table', () => {
    expect(parse('antrea: {featureGates: {Multicluster: true, TrafficControl: true}}').antrea.featureGates).toEqual({
      Multicluster: true,
      TrafficControl: true,
    });
    expect(ANTREA_FEATURE_GATES).toEqual(AntreaFeatureGates.all().map((g) => g.name));
  });
});

describe('node pool hardwareVersion', () => {
  const poolYaml = (extra: string): string =>
    `kubekey: {enabled: false}\nnodePools: [{name: c, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 100, ${extra}template: t, network: n, datastore: d}]`;
  test('is read as given (19), and unset by default (the clone then gets max(15, the template version))', () => {
    expect(parse(poolYaml('hardwareVersion: 19, ')).nodePools[0].hardwareVersion).toBe(19);
    expect(parse(poolYaml('')).nodePools[0]).not.toHaveProperty('hardwareVersion');
  });
});
