/**
 * One rule, one place (issue 14, item 1): every props reader (an exported `read<Kind>Props` function of lib/vsphere,
 * lib/antrea, lib/platform, lib/kubekey or lib/solution) is found by name, the config loader must call it, and a bad value gives the same verdict (value and what
 * is allowed) from the construct and from the config file.
 */
import { readdirSync } from 'fs';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { ValidationError } from '../../lib/core/errors';
import { parseSolutionConfig } from '../../lib/solution/config';
import { isSecretKeyName } from '../../lib/solution/config-schema';
import { ClusterPlatform } from '../../lib/platform';
import { AntreaConfig, TrafficEncapMode, TrafficEncryptionMode } from '../../lib/antrea/antrea-config';
import { Egress } from '../../lib/antrea/egress';
import { ExternalIPPool } from '../../lib/antrea/external-ip-pool';
import { LabelSelector } from '../../lib/antrea/selectors';
import { Tier } from '../../lib/antrea/tier';
import { KubeKeyClusterConfig } from '../../lib/kubekey';
import { CloudControllerManager } from '../../lib/vsphere/cloud-controller-manager';
import { ClusterId } from '../../lib/vsphere/csi-config';
import { CsiDriver } from '../../lib/vsphere/csi-driver';
import { VsphereCredentials } from '../../lib/vsphere/credentials';
import { resolveNodePoolSpecs, resolveNodeVmSpec } from '../../lib/vsphere/node-vm-spec';
import { VolumeType, VsphereStorageClass } from '../../lib/vsphere/storage-class';

const LIB = path.join(__dirname, '..', '..', 'lib');
const PROPS_READER = /^read[A-Z]\w*Props$/;

/** Every exported props reader of lib/vsphere, lib/antrea (not evaluate/), lib/platform, lib/kubekey and lib/solution. */
function propsReaders(): Array<{ module: string; name: string }> {
  const out: Array<{ module: string; name: string }> = [];
  for (const dir of ['vsphere', 'antrea', 'platform', 'kubekey', 'solution']) {
    for (const file of readdirSync(path.join(LIB, dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'index.ts')) {
      const module = path.join(LIB, dir, file.replace(/\.ts$/, ''));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exports = require(module) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exports))
        if (PROPS_READER.test(name) && typeof value === 'function') out.push({ module, name });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A config file that exercises every section the loader reads. */
const FULL_CONFIG = `
example: true
csi:
  topologyCategories: [k8s-zone]
  controllerReplicas: 1
credentials:
  mode: deploy-time
vcenters:
  - server: vc01.corp.example
    datacenters: [DC1]
    label: "tenant:a"
storageClasses:
  - name: gold
    type: block
    storagePolicyName: Gold
    default: true
namespaces:
  - name: team-a
antrea:
  featureGates: {Egress: true}
  egressPools:
    - name: pool-a
      ipRanges: [10.10.0.0/24]
  egresses:
    - name: web
      pool: pool-a
      egressIP: 10.10.0.8
  tiers:
    - name: team
      priority: 120
`;

/** The error a builder throws (a ValidationError: the construct's or the loader's). */
function errorOf(build: () => unknown): ValidationError {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected an error');
}

const load = (text: string) => () => parseSolutionConfig(`example: true\n${text}`, 'cluster.yaml', { env: {} });

/** For each props reader: a bad input given to the construct that uses it and to the config loader. */
const SAME_VERDICT: Record<string, Array<{ what: string; construct: () => unknown; config: () => unknown }>> = {
  readVCenterProps: [
    {
      what: 'a server whose last label is all digits (vc.123)',
      construct: () =>
        new CloudControllerManager(Testing.chart(), 'Ccm', {
          vcenters: [{ server: 'vc.123', datacenters: ['DC1'] }],
          kubernetesVersion: '1.33',
        }),
      config: load('vcenters: [{server: vc.123, datacenters: [DC1]}]\n'),
    },
    {
      what: 'a tenant label with a space',
      construct: () =>
        new CloudControllerManager(Testing.chart(), 'Ccm', {
          vcenters: [{ server: 'vc01', datacenters: ['DC1'], label: 'a b' }],
          kubernetesVersion: '1.33',
        }),
      config: load('vcenters: [{server: vc01, datacenters: [DC1], label: "a b"}]\n'),
    },
  ],
  readCsiControllerReplicasProps: [
    {
      what: 'zero controller replicas',
      construct: () =>
        new CsiDriver(Testing.chart(), 'Csi', {
          vcenters: [{ server: 'vc01', datacenters: ['DC1'] }],
          clusterId: ClusterId.of('demo'),
          kubernetesVersion: '1.33',
          controllerReplicas: 0,
        }),
      config: load('csi: {controllerReplicas: 0}\n'),
    },
  ],
  readCsiTopologyProps: [
    {
      what: 'a tag category with a comma',
      construct: () =>
        new CsiDriver(Testing.chart(), 'Csi', {
          vcenters: [{ server: 'vc01', datacenters: ['DC1'] }],
          clusterId: ClusterId.of('demo'),
          kubernetesVersion: '1.33',
          topologyCategories: ['a,b'],
        }),
      config: load('csi: {topologyCategories: ["a,b"]}\n'),
    },
  ],
  readDeployTimeCredentialsProps: [
    {
      what: 'a deploy-time key with a space',
      construct: () => VsphereCredentials.fromDeployTimeSecrets({ usernameKey: 'a b' }),
      config: load('credentials: {mode: deploy-time, usernameKey: "a b"}\n'),
    },
    {
      what: 'the same key twice',
      construct: () => VsphereCredentials.fromDeployTimeSecrets({ usernameKey: 'k', passwordKey: 'k' }),
      config: load('credentials: {mode: deploy-time, usernameKey: k, passwordKey: k}\n'),
    },
  ],
  readStorageClassProps: [
    {
      what: 'ext4 on a file class',
      construct: () => new VsphereStorageClass(Testing.chart(), 'Sc', { name: 'f', volumeType: VolumeType.FILE, fsType: 'ext4' as any }),
      config: load('storageClasses: [{name: f, type: file, fsType: ext4}]\n'),
    },
  ],
  readNodeVmSizeProps: [
    {
      what: '769 vCPUs (above the vSphere maximum)',
      construct: () => resolveNodeVmSpec('NodeVm demo-cp-1', { clusterName: 'demo', hostname: 'cp-1', cpu: 769 }),
      config: load(
        'nodePools: [{name: cp, role: control-plane, count: 1, cpu: 769, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]\n',
      ),
    },
    {
      what: '40 GiB of disk (not more than the minimum)',
      construct: () => resolveNodeVmSpec('NodeVm demo-cp-1', { clusterName: 'demo', hostname: 'cp-1', diskGiB: 40 }),
      config: load(
        'nodePools: [{name: cp, role: control-plane, count: 1, cpu: 4, memoryMiB: 8192, diskGiB: 40, template: t, network: n, datastore: d}]\n',
      ),
    },
  ],
  readNodePoolProps: [
    {
      what: 'one address for a pool of two',
      construct: () => resolveNodePoolSpecs('NodePool w', { clusterName: 'demo', role: 'worker', count: 2, ipv4Addresses: ['10.0.0.5'] }),
      config: load(
        'nodePools: [{name: w, role: control-plane, count: 2, ipAddresses: [10.0.0.5], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]\n',
      ),
    },
    {
      what: 'a pool of 1001 nodes',
      construct: () => resolveNodePoolSpecs('NodePool w', { clusterName: 'demo', role: 'worker', count: 1001 }),
      config: load(
        'nodePools: [{name: w, role: control-plane, count: 1001, cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]\n',
      ),
    },
    {
      what: 'an IPv6 node address',
      construct: () => resolveNodePoolSpecs('NodePool w', { clusterName: 'demo', role: 'worker', count: 1, ipv4Addresses: ['fd00::10'] }),
      config: load(
        'nodePools: [{name: w, role: control-plane, count: 1, ipAddresses: ["fd00::10"], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d}]\n',
      ),
    },
  ],
  readKubeKeyClusterProps: [
    {
      what: 'a kubelet --node-ip flag',
      construct: () =>
        new KubeKeyClusterConfig(Testing.chart(), 'KK', {
          name: 'demo',
          kubernetesVersion: 'v1.33.4',
          hosts: [
            { name: 'cp-1', role: 'control-plane', internalAddress: '172.16.0.11' },
            { name: 'w-1', role: 'worker', internalAddress: '172.16.0.21' },
          ],
          kubeletArgs: ['--node-ip=10.0.0.5'],
        }),
      config: load('kubekey: {kubeletArgs: ["--node-ip=10.0.0.5"]}\n'),
    },
    {
      what: 'a Pod CIDR without a prefix length',
      construct: () =>
        new KubeKeyClusterConfig(Testing.chart(), 'KK', {
          name: 'demo',
          kubernetesVersion: 'v1.33.4',
          hosts: [{ name: 'cp-1', role: 'control-plane', internalAddress: '172.16.0.11' }],
          schedulableControlPlane: true,
          podsCidr: '10.233.64.0',
        }),
      config: load('kubekey: {podsCidr: 10.233.64.0}\n'),
    },
  ],
  readTierProps: [
    {
      what: 'a reserved priority (251)',
      construct: () => new Tier(Testing.chart(), 'T', { name: 'mine', priority: 251 }),
      config: load('antrea: {tiers: [{name: mine, priority: 251}]}\n'),
    },
    {
      what: 'the priority of a built-in Tier (100)',
      construct: () => new Tier(Testing.chart(), 'T', { name: 'mine', priority: 100 }),
      config: load('antrea: {tiers: [{name: mine, priority: 100}]}\n'),
    },
    {
      what: 'a built-in Tier name',
      construct: () => new Tier(Testing.chart(), 'T', { name: 'application', priority: 10 }),
      config: load('antrea: {tiers: [{name: application, priority: 10}]}\n'),
    },
    {
      what: 'a priority above 255',
      construct: () => new Tier(Testing.chart(), 'T', { name: 'mine', priority: 300 }),
      config: load('antrea: {tiers: [{name: mine, priority: 300}]}\n'),
    },
  ],
  readExternalIPPoolProps: [
    {
      what: 'ranges of two IP families',
      construct: () => new ExternalIPPool(Testing.chart(), 'P', { name: 'p', ipRanges: ['10.0.0.0/24', 'fd00::/120'] }),
      config: load('antrea: {egressPools: [{name: p, ipRanges: [10.0.0.0/24, "fd00::/120"]}]}\n'),
    },
    {
      what: 'a reversed start-end range',
      construct: () => new ExternalIPPool(Testing.chart(), 'P', { name: 'p', ipRanges: ['10.0.0.9-10.0.0.1'] }),
      config: load('antrea: {egressPools: [{name: p, ipRanges: [10.0.0.9-10.0.0.1]}]}\n'),
    },
    {
      what: 'two overlapping ranges in one pool',
      construct: () => new ExternalIPPool(Testing.chart(), 'P', { name: 'p', ipRanges: ['10.0.0.0/24', '10.0.0.5-10.0.0.9'] }),
      config: load('antrea: {egressPools: [{name: p, ipRanges: [10.0.0.0/24, 10.0.0.5-10.0.0.9]}]}\n'),
    },
    {
      what: 'a range with spaces',
      construct: () => new ExternalIPPool(Testing.chart(), 'P', { name: 'p', ipRanges: ['10.0.0.1 - 10.0.0.5'] }),
      config: load('antrea: {egressPools: [{name: p, ipRanges: ["10.0.0.1 - 10.0.0.5"]}]}\n'),
    },
    {
      what: 'an upper-case pool name',
      construct: () => new ExternalIPPool(Testing.chart(), 'P', { name: 'Pool', ipRanges: ['10.0.0.0/24'] }),
      config: load('antrea: {egressPools: [{name: Pool, ipRanges: [10.0.0.0/24]}]}\n'),
    },
  ],
  readEgressProps: [
    {
      what: 'a multicast Egress IP',
      construct: () =>
        new Egress(Testing.chart(), 'E', { name: 'web', egressIP: '224.0.0.5', appliedTo: { podSelector: LabelSelector.all() } }),
      config: load(
        'antrea: {egressPools: [{name: mc, ipRanges: [224.0.0.0/24]}], egresses: [{name: web, pool: mc, egressIP: 224.0.0.5}]}\n',
      ),
    },
    {
      what: 'an Egress IP that is not an address',
      construct: () =>
        new Egress(Testing.chart(), 'E', { name: 'web', egressIP: '10.0.0.256', appliedTo: { podSelector: LabelSelector.all() } }),
      config: load('antrea: {egressPools: [{name: p, ipRanges: [10.0.0.0/24]}], egresses: [{name: web, pool: p, egressIP: 10.0.0.256}]}\n'),
    },
  ],
  readAntreaConfigProps: [
    {
      what: 'a misspelt feature gate',
      construct: () => new AntreaConfig(Testing.chart(), 'A', { featureGates: { Egres: true } }),
      config: load('antrea: {featureGates: {Egres: true}}\n'),
    },
    {
      what: 'the AllAlpha switch',
      construct: () => new AntreaConfig(Testing.chart(), 'A', { featureGates: { AllAlpha: true } }),
      config: load('antrea: {featureGates: {AllAlpha: true}}\n'),
    },
    {
      what: 'a GA-locked gate turned off',
      construct: () => new AntreaConfig(Testing.chart(), 'A', { featureGates: { EndpointSlice: false } }),
      config: load('antrea: {featureGates: {EndpointSlice: false}}\n'),
    },
    {
      what: 'WireGuard without encap',
      construct: () =>
        new AntreaConfig(Testing.chart(), 'A', {
          trafficEncapMode: TrafficEncapMode.HYBRID,
          trafficEncryptionMode: TrafficEncryptionMode.WIREGUARD,
        }),
      config: load('antrea: {trafficEncapMode: hybrid, trafficEncryptionMode: wireGuard}\n'),
    },
    {
      what: 'a reversed NodePortLocal port range',
      construct: () => new AntreaConfig(Testing.chart(), 'A', { nodePortLocal: { portRange: '62000-61000' } }),
      config: load('antrea: {nodePortLocal: {portRange: 62000-61000}}\n'),
    },
    {
      what: 'a NodePortLocal port above 65535',
      construct: () => new AntreaConfig(Testing.chart(), 'A', { nodePortLocal: { portRange: '61000-70000' } }),
      config: load('antrea: {nodePortLocal: {portRange: 61000-70000}}\n'),
    },
  ],
  readApplicationNamespaceProps: [
    {
      what: 'an upper-case namespace name',
      construct: () => new ClusterPlatform(Testing.chart(), 'Platform', { namespaces: [{ name: 'Team-A' }] }),
      config: load('namespaces: [{name: Team-A}]\n'),
    },
  ],
};

describe('props readers: one rule for constructs and the config loader', () => {
  const readers = propsReaders();

  test('the props readers are found by name (read<Kind>Props)', () => {
    expect(readers.map((r) => r.name)).toEqual(expect.arrayContaining(Object.keys(SAME_VERDICT)));
    expect(readers.length).toBeGreaterThanOrEqual(4);
  });

  test('every props reader has a same-verdict case below (a new reader needs one)', () => {
    expect(readers.map((r) => r.name).filter((n) => !(n in SAME_VERDICT))).toEqual([]);
  });

  test('the config loader calls every props reader', () => {
    const spies = readers.map(({ module, name }) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return { name, spy: jest.spyOn(require(module) as Record<string, (...a: any[]) => any>, name) };
    });
    try {
      parseSolutionConfig(FULL_CONFIG, 'cluster.yaml', { env: {} });
      expect(spies.filter((s) => s.spy.mock.calls.length === 0).map((s) => s.name)).toEqual([]);
    } finally {
      for (const s of spies) s.spy.mockRestore();
    }
  });

  for (const [reader, cases] of Object.entries(SAME_VERDICT)) {
    for (const c of cases) {
      test(`${reader}: ${c.what} is refused alike by the construct and the loader`, () => {
        const fromConstruct = errorOf(c.construct);
        const fromConfig = errorOf(c.config);
        // the same key (the last segment of the field) and the same verdict
        // (a node pool's address list is `ipv4Addresses` on the construct and `ipAddresses` in the file)
        expect(fromConfig.field.split('.').pop()).toBe(
          fromConstruct.field
            .split('.')
            .pop()!
            .replace(/^ipv4Addresses/, 'ipAddresses'),
        );
        expect(fromConfig.allowed).toBe(fromConstruct.allowed);
        // the loader never shows values of secret-looking keys (passwordKey); the verdict is still the same
        if (isSecretKeyName(String(fromConfig.field.split('.').pop()))) expect(fromConfig.value).toBe('<hidden>');
        else expect(fromConfig.value).toEqual(fromConstruct.value);
      });
    }
  }

  test('readEgressProps: an Egress IP outside its pool is refused alike (the construct at synth, when the pool is final)', () => {
    const fromConfig = errorOf(
      load('antrea: {egressPools: [{name: p, ipRanges: [10.10.0.0/24]}], egresses: [{name: web, pool: p, egressIP: 10.10.1.5}]}\n'),
    );
    const chart = Testing.chart();
    const pool = new ExternalIPPool(chart, 'P', { name: 'p', ipRanges: ['10.10.0.0/24'] });
    new Egress(chart, 'E', { name: 'web', egressIP: '10.10.1.5', externalIPPool: pool, appliedTo: { podSelector: LabelSelector.all() } });
    expect(fromConfig.allowed).toBe('an IP inside ExternalIPPool "p" (10.10.0.0/24)');
    expect(() => Testing.synth(chart)).toThrow(`[${chart.node.path}/E] egressIP: got "10.10.1.5", expected ${fromConfig.allowed}`);
  });

  test('crossPoolOverlaps: overlapping ranges of two pools are refused alike (the constructs at synth, App-wide)', () => {
    const fromConfig = errorOf(
      load('antrea: {egressPools: [{name: a, ipRanges: [10.10.0.0/24]}, {name: b, ipRanges: [10.10.0.200-10.10.1.10]}]}\n'),
    );
    expect(fromConfig.field).toBe('antrea.egressPools[1].ipRanges[0]');
    expect(fromConfig.allowed).toBe('a range that does not overlap 10.10.0.0/24 of ExternalIPPool "a" (antrea.egressPools[0])');
    const chart = Testing.chart();
    new ExternalIPPool(chart, 'A', { name: 'a', ipRanges: ['10.10.0.0/24'] });
    new ExternalIPPool(chart, 'B', { name: 'b', ipRanges: ['10.10.0.200-10.10.1.10'] });
    // the same verdict; only where the earlier pool is defined differs (a construct path, a config key)
    expect(() => Testing.synth(chart)).toThrow(
      `[${chart.node.path}/B] ipRanges: got "10.10.0.200-10.10.1.10", expected ${fromConfig.allowed.replace('antrea.egressPools[0]', `${chart.node.path}/A`)}`,
    );
  });

  test('readTierProps: 220 with the ClusterNetworkPolicy gate is refused alike (the construct at synth, when the gate is known)', () => {
    const fromConfig = errorOf(load('antrea: {featureGates: {ClusterNetworkPolicy: true}, tiers: [{name: mine, priority: 220}]}\n'));
    const chart = Testing.chart();
    new AntreaConfig(chart, 'A', { featureGates: { ClusterNetworkPolicy: true } });
    new Tier(chart, 'T', { name: 'mine', priority: 220 });
    expect(fromConfig.field).toBe('antrea.tiers[0].priority');
    expect(() => Testing.synth(chart)).toThrow(`[${chart.node.path}/T] priority: got 220, expected ${fromConfig.allowed}`);
  });

  test('L7NetworkPolicy: AntreaConfig asks for disableTXChecksumOffload, the file (which cannot set it) for the gate off', () => {
    expect(errorOf(() => new AntreaConfig(Testing.chart(), 'A', { featureGates: { L7NetworkPolicy: true } })).field).toBe(
      'disableTXChecksumOffload',
    );
    expect(
      () => new AntreaConfig(Testing.chart(), 'A', { featureGates: { L7NetworkPolicy: true }, disableTXChecksumOffload: true }),
    ).not.toThrow();
    expect(errorOf(load('antrea: {featureGates: {L7NetworkPolicy: true}}\n')).field).toBe('antrea.featureGates.L7NetworkPolicy');
  });

  test('tenant:a is a tenant label for both (was refused by the loader only)', () => {
    expect(
      () =>
        new CloudControllerManager(Testing.chart(), 'Ccm', {
          vcenters: [{ server: 'vc01', datacenters: ['DC1'], label: 'tenant:a' }],
          kubernetesVersion: '1.33',
        }),
    ).not.toThrow();
    expect(parseSolutionConfig(FULL_CONFIG, 'cluster.yaml', { env: {} }).vcenters[0].label).toBe('tenant:a');
  });
});
