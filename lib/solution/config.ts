import { readFileSync } from 'fs';
import { AntreaFeatureGates } from '../antrea/feature-gates';
import { readCsiControllerReplicasProps } from '../vsphere/csi-driver-manifest';
import { egressGateAllowed, readEgressProps } from '../antrea/egress';
import { crossPoolOverlaps, readExternalIPPoolProps } from '../antrea/external-ip-pool';
import { MAX_CUSTOM_TIERS, MAX_SUPPORTED_TIERS, readTierProps } from '../antrea/tier';
import { readAntreaConfigProps } from '../antrea/antrea-config';
import { isPrerequisiteCrd, PREREQUISITE_CRD_ALLOWED } from '../core/cluster-model';
import { IpRange, parseCidr, parseIp, rangeContainsIp } from '../core/ip';
import { firstDuplicate } from '../core/reader';
import { ClusterId, readCsiTopologyProps } from '../vsphere/csi-config';
import { readNodePoolProps, resolveNodeVmSpec, validateHardwareVersion, readNodeVmSizeProps } from '../vsphere/node-vm-spec';
import { NodeRole } from '../core/node-role';
import { readDeployTimeCredentialsProps, vspherePasswordProblem, vsphereUsernameProblem } from '../vsphere/credentials';
import { readStorageClassProps, VolumeType, VsphereStorageClassProps } from '../vsphere/storage-class';
import { isVCenterServer, readVCenterProps, VCENTER_SERVER_ALLOWED } from '../vsphere/vcenter';
import { isDns1123Label, labelValueProblem, qualifiedNameProblem } from '../core/names';
import { readApplicationNamespaceProps } from '../platform';
import {
  failerAt,
  parseFieldPath,
  within,
  FieldPath,
  formatPath,
  isPlainObject,
  readArray,
  readBool,
  readEnum,
  readInt,
  readString,
  readStringMap,
  Reporter,
  requireUnique,
  SolutionConfigError,
  SourceReporter,
} from './config-schema';
import { EXAMPLE_KEY, SOLUTION_CONFIG_KEYS } from './config-keys';
import type * as Shape from './config-shape';
import {
  AntreaSettingsConfig,
  CredentialsConfig,
  CredentialsMode,
  CsiSettingsConfig,
  EgressConfig,
  KubeKeySettingsConfig,
  NodePoolConfig,
  PrerequisitesConfig,
  SolutionConfig,
  StorageClassConfig,
} from './config-types';
import { checkRawConfig, decodeConfigBytes, parseConfigText } from './config-source';
import { KubeKeyClusterPropsInput, kubeKeyVersionProblem, readKubeKeyClusterProps } from '../kubekey';

const TOP_KEYS = SOLUTION_CONFIG_KEYS;

/**
 * Known Antrea v2.7.0 feature gates, sorted: the names of the gate table that `AntreaConfig` uses
 * (`AntreaFeatureGates`). Whether a gate may be set, and to what, is decided by the same table (`featureGateProblem`):
 * `AllAlpha`/`AllBeta`, GA gates the Helm templates do not render and locked gates set off are refused.
 * @internal
 */
export const ANTREA_FEATURE_GATES: readonly string[] = AntreaFeatureGates.all().map((g) => g.name);

/**
 * The configuration the embedded example runs with: no vCenter needed, nothing secret. Server
 * `vcenter.example.internal`, credentials `existing-secret`, one control-plane and two worker nodes with example IPs.
 */
export function defaultSolutionConfig(): SolutionConfig {
  return validateSolutionConfig(defaultSolutionInput(), new SourceReporter('defaults'));
}

/** The built-in example config as raw input. @internal */
export function defaultSolutionInput(): Record<string, unknown> {
  const node = {
    cpu: 4,
    memoryMiB: 8192,
    diskGiB: 100,
    template: 'ubuntu-2204-kube-template',
    network: 'VM Network',
    datastore: 'vsanDatastore',
    computeCluster: 'Cluster01',
    // nodes need a default route (image pulls, vCenter): without it the VMs would not wait for a routable address
    ipv4Gateway: '172.16.0.1',
  };
  return {
    clusterName: 'demo',
    kubernetesVersion: 'v1.33.4',
    vcenters: [{ server: 'vcenter.example.internal', datacenters: ['Datacenter01'] }],
    credentials: { mode: 'existing-secret' },
    csi: {},
    storageClasses: [{ name: 'vsphere-block', type: 'block', storagePolicyName: 'vSAN Default Storage Policy', default: true }],
    antrea: {
      nodePortLocal: { enable: true },
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
    },
    namespaces: [{ name: 'demo-apps' }],
    nodePools: [
      { name: 'control-plane', role: 'control-plane', count: 1, ipAddresses: ['172.16.0.11'], ...node },
      // the workers host the Egress IPs of prod-external-ip-pool (its nodeSelector)
      Object.assign({ name: 'worker', role: 'worker', count: 2, ipAddresses: ['172.16.0.21', '172.16.0.22'] }, node, {
        memoryMiB: 16384,
        labels: { 'network-role': 'egress-gateway' },
      }),
    ],
    kubekey: {},
  };
}

/** Deep merge: plain objects merge key by key, everything else (arrays included) is replaced. `null` means "not given". */
function merge(base: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = merge(base[k], v);
    return out;
  }
  return over;
}

/**
 * Merges user input over the defaults, keeping the defaults coherent: the built-in Egress uses the built-in pool, so
 * when the input sets `antrea.egressPools` but not `antrea.egresses`, the default egresses are `[]` (not the built-in
 * Egress, whose pool would no longer exist).
 */
function mergeWithDefaults(input: unknown): unknown {
  const base = defaultSolutionInput();
  const antrea = isPlainObject(input) ? input.antrea : undefined;
  if (isPlainObject(antrea) && antrea.egressPools !== undefined && antrea.egresses === undefined) {
    base.antrea = Object.assign({}, base.antrea as Record<string, unknown>, { egresses: [] });
  }
  return merge(base, input);
}

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (isPlainObject(v))
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, dropNulls(x)]),
    );
  return v;
}

function opt<T>(o: Record<string, unknown>, key: string, fallback: T, read: (v: unknown) => T): T {
  return o[key] === undefined ? fallback : read(o[key]);
}

function hiddenText(s: string): string {
  return `a hidden value of ${s.length} characters${/[\r\n]/.test(s) ? ' with a line break' : ''}`;
}

/** VsphereCredentials.unsafePlainText's password rule; the value is never shown. */
function readPassword(r: Reporter, p: FieldPath, v: unknown): string {
  const problem = vspherePasswordProblem(v);
  if (problem) r.fail(p, typeof v === 'string' ? '<hidden>' : v, problem, typeof v === 'string' ? hiddenText(v) : undefined);
  return v as string;
}

/** VsphereCredentials.unsafePlainText's user name rule. */
function readUsername(r: Reporter, p: FieldPath, v: unknown): string {
  const problem = vsphereUsernameProblem(v);
  if (problem) r.fail(p, v, problem);
  return v as string;
}

function readCredentials(r: Reporter, p: FieldPath, v: unknown): CredentialsConfig {
  const o = v as Record<string, unknown>;
  const mode = opt(o, 'mode', 'existing-secret' as CredentialsMode, (x) =>
    readEnum(r, [...p, 'mode'], x, ['existing-secret', 'deploy-time', 'plaintext'] as const),
  );
  const only = (keys: string[], modeName: CredentialsMode): void => {
    for (const k of keys) {
      if (o[k] !== undefined && mode !== modeName) {
        const shown = k === 'password' ? '<hidden>' : o[k];
        r.fail([...p, k], shown, `no ${k} unless mode is ${modeName} (mode is ${mode})`, k === 'password' ? 'a password' : undefined);
      }
    }
  };
  only(['usernameKey', 'passwordKey'], 'deploy-time');
  only(['username', 'password'], 'plaintext');
  if (mode === 'deploy-time') {
    // VsphereCredentials.fromDeployTimeSecrets's props reader: the same key rules and defaults.
    const keys = readDeployTimeCredentialsProps(
      failerAt(r, (field) => [...p, field]),
      o as { usernameKey?: string; passwordKey?: string },
    );
    return { mode, usernameKey: keys.usernameKey, passwordKey: keys.passwordKey };
  }
  if (mode === 'plaintext') {
    // Values may come from the environment later; check what the file gives now.
    const username = o.username === undefined ? '' : readUsername(r, [...p, 'username'], o.username);
    const password = o.password === undefined ? '' : readPassword(r, [...p, 'password'], o.password);
    return { mode, username, password };
  }
  return { mode: 'existing-secret' };
}

/** config key of a StorageClass prop: the file says `type` and `default` where the construct says `volumeType` and `isDefault`. */
const STORAGE_CLASS_KEYS: Record<string, string> = { volumeType: 'type', isDefault: 'default' };

function readStorageClass(r: Reporter, p: FieldPath, v: unknown): StorageClassConfig {
  const o = v as Record<string, unknown>;
  // VsphereStorageClass's props reader: one set of rules for the construct and the file.
  const read = readStorageClassProps(
    failerAt(r, (field) => [...p, STORAGE_CLASS_KEYS[field] ?? field]),
    Object.assign({}, o, {
      volumeType: o.type === 'file' ? VolumeType.FILE : VolumeType.BLOCK,
      isDefault: o.default,
    }) as VsphereStorageClassProps,
  );
  const out: { -readonly [K in keyof StorageClassConfig]: StorageClassConfig[K] } = {
    name: read.name,
    type: read.volumeType === VolumeType.FILE ? 'file' : 'block',
    fsType: read.fsType,
    default: read.isDefault,
    reclaimPolicy: read.reclaimPolicy,
    allowVolumeExpansion: read.allowVolumeExpansion,
  };
  if (read.storagePolicyName !== undefined) out.storagePolicyName = read.storagePolicyName;
  if (read.datastoreUrl !== undefined) out.datastoreUrl = read.datastoreUrl;
  return out;
}

function readAntrea(r: Reporter, p: FieldPath, v: unknown): AntreaSettingsConfig {
  const o = v as Record<string, unknown>;
  const chartVersion = opt(o, 'chartVersion', '2.7.0', (x) =>
    readString(r, [...p, 'chartVersion'], x, { pattern: /^\d+\.\d+\.\d+$/, allowed: 'a chart version X.Y.Z' }),
  );
  // AntreaConfig's props reader: gates (typos, locked and unrendered gates), encap/encryption, L7NetworkPolicy (which
  // needs disableTXChecksumOffload, a setting this file cannot give) and NodePortLocal.
  const a = readAntreaConfigProps(r, p, o, { withoutDisableTXChecksumOffload: true });
  const featureGates = a.featureGates;
  const trafficEncapMode = a.trafficEncapMode;
  const trafficEncryptionMode = a.trafficEncryptionMode;
  const nodePortLocal = { enable: a.nodePortLocal.enable, portRange: a.nodePortLocal.portRange };
  const pools = opt(o, 'egressPools', [] as unknown[], (x) => readArray(r, [...p, 'egressPools'], x, 0, Number.MAX_SAFE_INTEGER, 'pools'));
  const poolRanges: IpRange[][] = [];
  const egressPools = pools.map((pool, i) => {
    const pp = [...p, 'egressPools', i];
    const po = pool as Record<string, unknown>;
    // ExternalIPPool's props reader: name, range forms, one family, no overlap inside the pool.
    const read = readExternalIPPoolProps(r, pp, po, { complete: true });
    poolRanges.push(read.ranges);
    const nodeSelector = po.nodeSelector === undefined ? {} : readLabels(r, [...pp, 'nodeSelector'], po.nodeSelector);
    return { name: read.name, ipRanges: read.ranges.map((x) => x.text), nodeSelector };
  });
  requireUnique(r, [...p, 'egressPools'], egressPools, (x) => x.name, 'name', 'pool name');
  // Across pools: ExternalIPPool's App-wide rule (the construct checks it at synth), the pools named by config key.
  const overlap = crossPoolOverlaps(
    'ExternalIPPool',
    egressPools.map((x, i) => ({ name: x.name, where: formatPath([...p, 'egressPools', i]), ranges: poolRanges[i] })),
  )[0];
  if (overlap) r.fail([...p, 'egressPools', overlap.pool, 'ipRanges', overlap.range], overlap.value, overlap.allowed);
  const egressList = opt(o, 'egresses', [] as unknown[], (x) =>
    readArray(r, [...p, 'egresses'], x, 0, Number.MAX_SAFE_INTEGER, 'egresses'),
  );
  const poolByName = new Map(egressPools.map((x, i) => [x.name, i]));
  const egresses = egressList.map((e, i) => {
    const ep = [...p, 'egresses', i];
    const eo = e as Record<string, unknown>;
    const pool = readString(r, [...ep, 'pool'], eo.pool, {
      test: (x) => poolByName.has(x),
      allowed: `the name of one of antrea.egressPools (${egressPools.map((x) => `"${x.name}"`).join(', ') || 'none defined'})`,
    });
    // Egress's props reader: name, a unicast egressIP inside the pool.
    const read = readEgressProps(r, ep, eo, { name: pool, ranges: poolRanges[poolByName.get(pool)!] });
    const out: { -readonly [K in keyof EgressConfig]: EgressConfig[K] } = {
      name: read.name,
      pool,
      podLabels: eo.podLabels === undefined ? {} : readLabels(r, [...ep, 'podLabels'], eo.podLabels),
      namespaceLabels: eo.namespaceLabels === undefined ? {} : readLabels(r, [...ep, 'namespaceLabels'], eo.namespaceLabels),
    };
    if (read.egressIP !== undefined) out.egressIP = read.egressIP;
    return out;
  });
  requireUnique(r, [...p, 'egresses'], egresses, (x) => x.name, 'name', 'egress name');
  if (egresses.length > 0 && featureGates.Egress === false) {
    r.fail(
      [...p, 'featureGates', 'Egress'],
      false,
      egressGateAllowed(
        `while antrea.egresses lists ${egresses.map((e) => `"${e.name}"`).join(', ')} (or set antrea.egresses: [] to turn Egress off)`,
      ),
    );
  }
  const tierList = opt(o, 'tiers', [] as unknown[], (x) =>
    readArray(
      r,
      [...p, 'tiers'],
      x,
      0,
      MAX_CUSTOM_TIERS,
      `custom tiers (Antrea allows ${MAX_SUPPORTED_TIERS} tiers including the ${MAX_SUPPORTED_TIERS - MAX_CUSTOM_TIERS} built-in ones)`,
    ),
  );
  // Tier's props reader: name, priority (range, reserved, built-in; 220 with the ClusterNetworkPolicy gate), description.
  const tiers = tierList.map((t, i) =>
    readTierProps(r, [...p, 'tiers', i], t as Record<string, unknown>, {
      clusterNetworkPolicyGate: featureGates.ClusterNetworkPolicy === true,
    }),
  );
  requireUnique(r, [...p, 'tiers'], tiers, (x) => x.name, 'name', 'tier name');
  requireUnique(r, [...p, 'tiers'], tiers, (x) => String(x.priority), 'priority', 'priority', { shown: (x) => x.priority });
  return { chartVersion, featureGates, trafficEncapMode, trafficEncryptionMode, nodePortLocal, egressPools, egresses, tiers };
}

function readLabels(r: Reporter, p: FieldPath, v: unknown): Record<string, string> {
  const m = readStringMap(r, p, v);
  for (const [k, val] of Object.entries(m)) {
    const kp = qualifiedNameProblem(k);
    if (kp) r.fail([...p, k], k, kp, `the key ${JSON.stringify(k)}`);
    const vp = labelValueProblem(val);
    if (vp) r.fail([...p, k], val, vp);
  }
  return m;
}

function readIpv4(r: Reporter, p: FieldPath, v: unknown): string {
  return readString(r, p, v, { test: (s) => parseIp(s)?.family === 'IPv4', allowed: 'an IPv4 address' });
}

function readNodePool(r: Reporter, p: FieldPath, v: unknown): NodePoolConfig {
  const o = v as Record<string, unknown>;
  const name = readString(r, [...p, 'name'], o.name, {
    test: isDns1123Label,
    allowed: 'a DNS-1123 label (lowercase alphanumerics and "-")',
  });
  // The node pool's props reader (NodePool): count, role, one IPv4 address per node without duplicates, and no
  // gateway or prefix length for a DHCP pool.
  const addresses = readNodePoolProps(
    failerAt(r, (field) => [...p, ...parseFieldPath(field)]),
    {
      count: o.count as number,
      role: o.role as NodeRole,
      ipv4Addresses: o.ipAddresses as string[] | undefined,
      ipv4Gateway: o.ipv4Gateway as string | undefined,
      ipv4PrefixLength: o.ipv4PrefixLength as number | undefined,
    },
    { addressesKey: 'ipAddresses' },
  );
  const role = o.role as NodeRole;
  const count = o.count as number;
  // The node VM size rule (minimums and vSphere maximums), required here: a config file has no size default.
  readNodeVmSizeProps(
    failerAt(r, (field) => [...p, field]),
    o,
    true,
  );
  const { cpu, memoryMiB, diskGiB } = o as { cpu: number; memoryMiB: number; diskGiB: number };
  const hostnames = opt(
    o,
    'hostnames',
    Array.from({ length: count }, (_, i) => `${name}-${i + 1}`),
    (x) =>
      readArray(r, [...p, 'hostnames'], x, count, count, `hostnames (one per node: count is ${count})`).map((h, i) =>
        readString(r, [...p, 'hostnames', i], h, {
          test: isDns1123Label,
          allowed: 'a lowercase DNS-1123 label (it becomes the node name)',
        }),
      ),
  );
  const out: { -readonly [K in keyof NodePoolConfig]: NodePoolConfig[K] } = {
    name,
    role,
    count,
    cpu,
    memoryMiB,
    diskGiB,
    hostnames,
    template: readString(r, [...p, 'template'], o.template, { allowed: 'the name of the VM template to clone' }),
    network: readString(r, [...p, 'network'], o.network, { allowed: 'a network (port group) name' }),
    datastore: readString(r, [...p, 'datastore'], o.datastore, { allowed: 'a datastore name' }),
  };
  if (o.ipAddresses !== undefined) out.ipAddresses = addresses as string[];
  if (o.ipv4Gateway !== undefined) out.ipv4Gateway = readIpv4(r, [...p, 'ipv4Gateway'], o.ipv4Gateway);
  if (o.ipv4PrefixLength !== undefined) out.ipv4PrefixLength = readInt(r, [...p, 'ipv4PrefixLength'], o.ipv4PrefixLength, 1, 32);
  if (o.hardwareVersion !== undefined) {
    validateHardwareVersion(
      failerAt(r, () => [...p, 'hardwareVersion']),
      'hardwareVersion',
      o.hardwareVersion as number,
    );
    out.hardwareVersion = o.hardwareVersion as number;
  }
  if (o.labels !== undefined) out.labels = readLabels(r, [...p, 'labels'], o.labels);
  if (o.dnsServers !== undefined) {
    out.dnsServers = readArray(r, [...p, 'dnsServers'], o.dnsServers, 1, 3, 'DNS server addresses').map((a, i) =>
      readString(r, [...p, 'dnsServers', i], a, { test: (s) => parseIp(s) !== undefined, allowed: 'an IP address' }),
    );
  }
  for (const k of ['computeCluster', 'resourcePool', 'folder'] as const)
    if (o[k] !== undefined) out[k] = readString(r, [...p, k], o[k], { allowed: 'a non-empty path' });
  return out;
}

function readKubeKey(r: Reporter, p: FieldPath, v: unknown, controlPlaneNodes: number): KubeKeySettingsConfig {
  const o = v as Record<string, unknown>;
  const enabled = opt(o, 'enabled', true, (x) => readBool(r, [...p, 'enabled'], x));
  const so = (o.ssh ?? {}) as Record<string, unknown>;
  const ssh = {
    user: opt(so, 'user', 'ubuntu', (x) =>
      readString(r, [...p, 'ssh', 'user'], x, { pattern: /^\S+$/, allowed: 'a user name without spaces' }),
    ),
    port: opt(so, 'port', 22, (x) => readInt(r, [...p, 'ssh', 'port'], x, 1, 65535, 'a port from 1 to 65535')),
    privateKeyPath: opt(so, 'privateKeyPath', '~/.ssh/id_rsa', (x) =>
      readString(r, [...p, 'ssh', 'privateKeyPath'], x, { allowed: 'a non-empty path' }),
    ),
  };
  // KubeKeyClusterConfig's props reader: endpoint, runtime, kubelet flags and CIDRs (the endpoint needs an address or
  // a load balancer for more than one control-plane node only when the KubeKey config is generated).
  const k = readKubeKeyClusterProps(within(r, p), o as KubeKeyClusterPropsInput, enabled ? controlPlaneNodes : 0);
  return {
    enabled,
    ssh,
    containerManager: k.containerManager,
    controlPlaneEndpoint: k.controlPlaneEndpoint,
    podsCidr: k.podsCidr,
    serviceCidr: k.serviceCidr,
    autoRenewCerts: k.autoRenewCerts,
    kubeletArgs: k.kubeletArgs,
    schedulableControlPlane: opt(o, 'schedulableControlPlane', false, (x) => readBool(r, [...p, 'schedulableControlPlane'], x)),
  };
}

/**
 * Checks a source's raw config against the TypeBox shape. The shape module (TypeBox and an ajv compile, ~0.1 s) is
 * loaded on the first check only: the built-in example config is code, not input, and is never shape-checked at run
 * time (test/solution/config-keys.test.ts checks it once).
 */
function checkShape(r: Reporter, value: unknown, options: { file?: boolean } = {}): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./config-shape') as typeof Shape).checkShape(r, value, options);
}

/**
 * Validates a complete raw configuration object (defaults already merged in; a source's own keys already shape-checked
 * by {@link resolveSolutionInput}) and resolves per-item defaults.
 * Every error names the source, the key and the reason.
 * @internal
 */
export function validateSolutionConfig(raw: unknown, r: Reporter): SolutionConfig {
  const o = raw as Record<string, unknown>;
  const clusterName = readString(r, ['clusterName'], o.clusterName, {
    test: isDns1123Label,
    allowed: 'a DNS-1123 label (at most 63 lowercase alphanumerics or "-")',
  });
  const kubernetesVersion = readString(r, ['kubernetesVersion'], o.kubernetesVersion, {
    pattern: /^v\d+\.\d+\.\d+$/,
    allowed: 'a full Kubernetes version vX.Y.Z such as v1.27.16',
  });
  const vcenters = readArray(r, ['vcenters'], o.vcenters, 1, 5, 'vCenters (the CSI driver supports at most 5)').map((v, i) =>
    readVCenterProps(r, ['vcenters', i], v),
  );
  requireUnique(r, ['vcenters'], vcenters, (v) => v.server.toLowerCase(), 'server', 'server', {
    shown: (v) => v.server,
    note: (earlier) => `(${JSON.stringify(earlier.server)}; DNS names are compared ignoring case)`,
  });
  // A vCenter without a label is labelled with its server in the CCM config, so compare the effective labels.
  requireUnique(r, ['vcenters'], vcenters, (v) => v.label ?? v.server, 'label', 'label', {
    shown: (v) => v.label ?? v.server,
    note: (earlier) =>
      earlier.label === undefined ? `(it has no label, so its server ${JSON.stringify(earlier.server)} is its label)` : '',
  });
  const credentials = readCredentials(r, ['credentials'], o.credentials ?? {});
  const co = (o.csi ?? {}) as Record<string, unknown>;
  const csi: CsiSettingsConfig = {
    clusterId: opt(co, 'clusterId', clusterName, (x) => {
      const id = readString(r, ['csi', 'clusterId'], x, { allowed: 'a non-empty cluster id of at most 64 characters' });
      // ClusterId.of owns the rule (length in characters, spaces, control characters): it reports at this key.
      ClusterId.of(
        id,
        failerAt(r, () => ['csi', 'clusterId']),
      );
      return id;
    }),
    // CsiDriver's topology props reader (count, names, duplicates, required with more than one vCenter).
    topologyCategories: readCsiTopologyProps(
      failerAt(r, (field) => ['csi', ...parseFieldPath(field)]),
      { topologyCategories: co.topologyCategories as string[] | undefined },
      vcenters.length,
    ),
    // CsiDriverManifest's replicas reader; the bound by the control-plane nodes is checked with the node pools below.
    controllerReplicas: opt(co, 'controllerReplicas', undefined as number | undefined, (x) =>
      readCsiControllerReplicasProps(r, ['csi', 'controllerReplicas'], x),
    ),
    snapshots: opt(co, 'snapshots', true, (x) => readBool(r, ['csi', 'snapshots'], x)),
    installSnapshotController: opt(co, 'installSnapshotController', true, (x) => readBool(r, ['csi', 'installSnapshotController'], x)),
    metricsMonitor: opt(co, 'metricsMonitor', false, (x) => readBool(r, ['csi', 'metricsMonitor'], x)),
  };
  const storageClasses = readArray(r, ['storageClasses'], o.storageClasses ?? []).map((s, i) =>
    readStorageClass(r, ['storageClasses', i], s),
  );
  requireUnique(r, ['storageClasses'], storageClasses, (s) => s.name, 'name', 'StorageClass name');
  const firstDefault = storageClasses.findIndex((s) => s.default);
  storageClasses.forEach((s, i) => {
    if (s.default && i > firstDefault) {
      r.fail(
        ['storageClasses', i, 'default'],
        true,
        `false (storageClasses[${firstDefault}] ${JSON.stringify(storageClasses[firstDefault].name)} is already the default; at most one default StorageClass)`,
      );
    }
  });
  const antrea = readAntrea(r, ['antrea'], o.antrea ?? {});
  const namespaces = readArray(r, ['namespaces'], o.namespaces ?? []).map((n, i) => readApplicationNamespaceProps(r, ['namespaces', i], n));
  requireUnique(r, ['namespaces'], namespaces, (n) => n.name, 'name', 'namespace name');
  const nodePools = readArray(r, ['nodePools'], o.nodePools, 1, Number.MAX_SAFE_INTEGER, 'node pools').map((n, i) =>
    readNodePool(r, ['nodePools', i], n),
  );
  requireUnique(r, ['nodePools'], nodePools, (n) => n.name, 'name', 'pool name');
  if (!nodePools.some((n) => n.role === 'control-plane'))
    r.fail(
      ['nodePools'],
      nodePools.map((n) => `${n.name}:${n.role}`),
      'at least one pool with role control-plane',
    );
  // The uniqueness rule of checkNodeSpecsUnique (firstDuplicate), over the config's keys: every pool's hostnames, then
  // every static address, reported at the key that holds the second one.
  const nodes = nodePools.flatMap((pool, i) => pool.hostnames.map((h, j) => ({ hostname: h, ip: pool.ipAddresses?.[j], i, j })));
  const hostPath = (n: { i: number; j: number }): FieldPath =>
    o.nodePools && (o.nodePools as Array<Record<string, unknown>>)[n.i]?.hostnames
      ? ['nodePools', n.i, 'hostnames', n.j]
      : ['nodePools', n.i, 'name'];
  const hostDup = firstDuplicate(nodes, (n) => n.hostname);
  if (hostDup) {
    const [k, prev] = hostDup;
    r.fail(
      hostPath(nodes[k]),
      nodes[k].hostname,
      `a hostname not already used by ${formatPath(['nodePools', nodes[prev].i, 'hostnames', nodes[prev].j])}`,
    );
  }
  const ipDup = firstDuplicate(nodes, (n) => (n.ip === undefined ? undefined : (parseIp(n.ip)?.value ?? n.ip)));
  if (ipDup) {
    const [k, prev] = ipDup;
    r.fail(
      ['nodePools', nodes[k].i, 'ipAddresses', nodes[k].j],
      nodes[k].ip,
      `an address not already used by ${formatPath(['nodePools', nodes[prev].i, 'ipAddresses', nodes[prev].j])}`,
    );
  }
  checkNodeSpecs(r, clusterName, nodePools, o.nodePools);
  const controlPlaneCount = nodePools.filter((n) => n.role === 'control-plane').reduce((sum, n) => sum + n.count, 0);
  const kubekey = readKubeKey(r, ['kubekey'], o.kubekey ?? {}, controlPlaneCount);
  if (kubekey.enabled) {
    const problem = kubeKeyVersionProblem(kubernetesVersion);
    if (problem) r.fail(['kubernetesVersion'], kubernetesVersion, `${problem} (or set kubekey.enabled: false)`);
    checkKubeKeyNodes(r, nodePools, kubekey);
  }
  const controlPlaneNodes = nodePools.filter((n) => n.role === 'control-plane').reduce((sum, n) => sum + n.count, 0);
  if (csi.controllerReplicas !== undefined && csi.controllerReplicas > controlPlaneNodes) {
    r.fail(
      ['csi', 'controllerReplicas'],
      csi.controllerReplicas,
      `at most ${controlPlaneNodes}, the number of control-plane nodes (the CSI controller pods repel each other per node and run on control-plane nodes only; more would stay Pending)`,
    );
  }
  const po = (o.prerequisites ?? {}) as Record<string, unknown>;
  const prerequisites: PrerequisitesConfig = {
    crds: opt(po, 'crds', [] as string[], (x) =>
      readArray(r, ['prerequisites', 'crds'], x).map((c, i) =>
        readString(r, ['prerequisites', 'crds', i], c, {
          test: isPrerequisiteCrd,
          allowed: PREREQUISITE_CRD_ALLOWED,
        }),
      ),
    ),
  };
  if (csi.metricsMonitor && !prerequisites.crds.includes('monitoring.coreos.com/ServiceMonitor')) {
    r.fail(
      ['csi', 'metricsMonitor'],
      true,
      'false, or monitoring.coreos.com/ServiceMonitor listed under prerequisites.crds (the ServiceMonitor needs prometheus-operator, which this stack does not install; KubeSphere monitoring or kube-prometheus-stack provides it)',
    );
  }
  return {
    clusterName,
    kubernetesVersion,
    vcenters,
    credentials,
    csi,
    storageClasses,
    antrea,
    namespaces,
    nodePools,
    kubekey,
    prerequisites,
  };
}

/**
 * Checks every node of every pool with the rules of the node VM spec (`resolveNodeVmSpec`, used by `NodeVm` and
 * `NodePool`): static addresses that are host addresses of their subnet, a gateway inside it, usable DNS servers, the
 * VM name length. Errors are reported at the config key.
 */
function checkNodeSpecs(r: Reporter, clusterName: string, pools: NodePoolConfig[], rawPools: unknown): void {
  pools.forEach((pool, i) => {
    const given = Array.isArray(rawPools) && isPlainObject(rawPools[i]) && (rawPools[i] as Record<string, unknown>).hostnames !== undefined;
    pool.hostnames.forEach((hostname, j) => {
      const keyOf = (field: string): FieldPath => {
        const m = /^([A-Za-z0-9]+)(?:\[(\d+)\])?/.exec(field);
        const name = m?.[1];
        if (name === 'ipv4Address') return ['nodePools', i, 'ipAddresses', j];
        if (name === 'hostname') return given ? ['nodePools', i, 'hostnames', j] : ['nodePools', i, 'name'];
        if (name === 'clusterName') return ['clusterName'];
        if (name && m?.[2] !== undefined) return ['nodePools', i, name, Number(m[2])];
        return name ? ['nodePools', i, name] : ['nodePools', i];
      };
      const address = pool.ipAddresses?.[j];
      // The node VM rules report at the config key (the pool-level value, e.g. the gateway, or the node's own).
      resolveNodeVmSpec(
        failerAt(r, (field) => keyOf(field)),
        {
          clusterName,
          hostname,
          role: pool.role,
          cpu: pool.cpu,
          memoryMiB: pool.memoryMiB,
          diskGiB: pool.diskGiB,
          hardwareVersion: pool.hardwareVersion,
          ipv4Address: address,
          ipv4PrefixLength: address !== undefined ? pool.ipv4PrefixLength : undefined,
          ipv4Gateway: address !== undefined ? pool.ipv4Gateway : undefined,
          dnsServers: pool.dnsServers,
        },
      );
    });
  });
}

/** What KubeKeyClusterConfig requires of the hosts that the node pools become (checked only with kubekey.enabled). */
function checkKubeKeyNodes(r: Reporter, pools: NodePoolConfig[], kubekey: KubeKeySettingsConfig): void {
  const poolList = pools.map((n) => `${n.name}:${n.role}`);
  if (!pools.some((n) => n.role === 'worker') && !kubekey.schedulableControlPlane) {
    r.fail(
      ['nodePools'],
      poolList,
      'at least one pool with role worker, or kubekey.schedulableControlPlane: true (KubeKey needs a host for workloads; or set kubekey.enabled: false)',
    );
  }
  const cidrs = [
    ['podsCidr', parseCidr('config', 'podsCidr', kubekey.podsCidr)],
    ['serviceCidr', parseCidr('config', 'serviceCidr', kubekey.serviceCidr)],
  ] as const;
  pools.forEach((pool, i) =>
    (pool.ipAddresses ?? []).forEach((a, j) => {
      for (const [key, c] of cidrs) {
        if (rangeContainsIp(c, parseIp(a)!))
          r.fail(['nodePools', i, 'ipAddresses', j], a, `a node address outside kubekey.${key} ${c.text}`);
      }
    }),
  );
}

/** Environment variables read by the loaders (any object of strings; default `process.env`). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Applies `VSPHERE_SERVER` (replaces the first vCenter's server) and, in `plaintext` mode only, `VSPHERE_USERNAME` and
 * `VSPHERE_PASSWORD` (they win over the file). In `existing-secret` and `deploy-time` modes the credentials variables
 * are never embedded (the out-of-band script and the Pulumi path read them themselves).
 * @internal
 */
export function applyEnvironment(config: SolutionConfig, env: Environment, sourceLabel = 'config'): SolutionConfig {
  const r = new SourceReporter('environment');
  let vcenters = config.vcenters;
  const server = env.VSPHERE_SERVER;
  if (server !== undefined && server !== '') {
    if (!isVCenterServer(server)) r.fail(['VSPHERE_SERVER'], server, VCENTER_SERVER_ALLOWED);
    vcenters = [Object.assign({}, config.vcenters[0], { server }), ...config.vcenters.slice(1)];
    requireUnique(
      new SourceReporter('environment'),
      ['vcenters'],
      vcenters,
      (v) => v.server.toLowerCase(),
      'server',
      'server (VSPHERE_SERVER replaces vcenters[0].server)',
      { shown: (v) => v.server },
    );
  }
  let credentials = config.credentials;
  if (credentials.mode === 'plaintext') {
    const username = env.VSPHERE_USERNAME ? readUsername(r, ['VSPHERE_USERNAME'], env.VSPHERE_USERNAME) : credentials.username;
    const password = env.VSPHERE_PASSWORD ? readPassword(r, ['VSPHERE_PASSWORD'], env.VSPHERE_PASSWORD) : credentials.password;
    const missing = new SourceReporter(sourceLabel);
    if (username === '')
      missing.fail(['credentials', 'username'], undefined, 'a vCenter user in the config or in VSPHERE_USERNAME (mode plaintext)');
    if (password === '')
      missing.fail(['credentials', 'password'], undefined, 'a password in the config or in VSPHERE_PASSWORD (mode plaintext)');
    credentials = { mode: 'plaintext', username, password };
  }
  return Object.assign({}, config, { vcenters, credentials });
}

/** Options of {@link loadSolutionConfig} and {@link parseSolutionConfig}. */
export interface LoadSolutionConfigOptions {
  /**
   * Environment for the `VSPHERE_*` overrides.
   * @default process.env
   */
  readonly env?: Environment;
}

/**
 * Parses YAML or JSON text as a solution config over the defaults ({@link defaultSolutionConfig}): objects merge key by
 * key, lists replace the default list, `null` means "use the default". Setting `antrea.egressPools` without
 * `antrea.egresses` makes the default egresses `[]` (see {@link AntreaSettingsConfig.egresses}). Unknown keys are errors. `label` names the
 * source in error messages (`<label>: <key>: got ..., expected ... (line N)`).
 */
export function parseSolutionConfig(text: string, label: string, options: LoadSolutionConfigOptions = {}): SolutionConfig {
  const parsed = parseConfigText(text, label);
  const raw = parsed.value;
  const r: SourceReporter = parsed.reporter;
  if (raw === undefined || raw === null) {
    // An empty file is more likely a mistake (a truncated copy, the wrong path) than a request for the demo cluster.
    r.fail(
      [],
      raw,
      `a mapping with the keys ${TOP_KEYS.join(', ')}; or "example: true" to use the built-in example config on purpose`,
      raw === undefined ? 'a file without content (empty or comments only)' : 'null',
    );
  }
  if (!isPlainObject(raw)) r.fail([], raw, `a mapping with the keys ${TOP_KEYS.join(', ')}`);
  return resolveSolutionInput(r, raw, label, options.env ?? process.env, { file: true });
}

/**
 * The pipeline every source goes through (files and Pulumi config): refuse `__proto__` keys and substitution markers,
 * drop nulls ("use the default"), check the shape, merge over the built-in example, read every section with the
 * props readers, apply the environment.
 * @internal
 */
export function resolveSolutionInput(
  r: Reporter,
  raw: Record<string, unknown>,
  label: string,
  env: Environment,
  options: { file?: boolean } = {},
): SolutionConfig {
  checkRawConfig(r, raw);
  const given = dropNulls(raw) as Record<string, unknown>;
  checkShape(r, given, options);
  const merged = mergeWithDefaults(options.file ? withoutExampleKey(r, given) : given);
  return applyEnvironment(validateSolutionConfig(merged, r), env, label);
}

/** The top-level keys of a solution config (the Pulumi loader reads one config key per entry). @internal */
export const SOLUTION_TOP_KEYS: readonly string[] = SOLUTION_CONFIG_KEYS;

function withoutExampleKey(r: Reporter, raw: Record<string, unknown>): Record<string, unknown> {
  if (raw[EXAMPLE_KEY] === undefined) return raw;
  if (raw[EXAMPLE_KEY] !== true) {
    r.fail([EXAMPLE_KEY], raw[EXAMPLE_KEY], 'true (start from the built-in example config), or leave the key out');
  }
  const rest: Record<string, unknown> = {};
  for (const k of Object.keys(raw)) if (k !== EXAMPLE_KEY) rest[k] = raw[k];
  return rest;
}

/**
 * Loads the solution config from a YAML or JSON file (see {@link parseSolutionConfig}), then applies the `VSPHERE_*`
 * environment overrides. Without a file, the defaults plus the environment.
 */
export function loadSolutionConfig(file?: string, options: LoadSolutionConfigOptions = {}): SolutionConfig {
  if (file === undefined) return applyEnvironment(defaultSolutionConfig(), options.env ?? process.env, 'defaults');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SolutionConfigError(file, '', undefined, 'a readable YAML or JSON file', {
      got: `an unreadable file (${(e as Error).message})`,
    });
  }
  return parseSolutionConfig(decodeConfigBytes(bytes, file), file, options);
}

// The resolved-config types live in config-types.ts (re-exported); the Pulumi half is lib/pulumi/solution-config.ts.
export * from './config-types';
