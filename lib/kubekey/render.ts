// The KubeKey renderer: checks a KubeKeyClusterSpec and writes the `kubekey.kubesphere.io/v1alpha2` Cluster config.
import { IConstruct } from 'constructs';
import { Document } from 'yaml';
import { ANTREA_CHART_VERSION, ANTREA_HELM_REPO } from '../antrea/antrea-helm';
import { Cidr, parseCidr, parseIp, rangeContainsIp } from '../core/ip';
import { isDns1123Label, isDns1123Subdomain, labelValueProblem, qualifiedNameProblem } from '../core/names';
import { constructReporter, failerAt, formatPath, Reporter } from '../core/reader';
import { SecretValue } from '../core/secret-value';
import { KUBEKEY_VERSION, KubeKeyClusterSpec, KubeKeyHelmAddon, KubeKeyRegistry, KubeKeyRenderResult, kubeKeyVersionProblem } from './spec';

const HOST_KEYS = ['name', 'role', 'internalAddress', 'address', 'arch', 'labels', 'user', 'port', 'privateKeyPath', 'password'];
const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*$/;
const KUBELET_ARG = /^--[a-z0-9][a-z0-9-]*(=[^\s"'\\]*)?$/;

const HELM_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.[\]-]*$/;
const CHART_VERSION = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

function isHostOrIp(s: string): boolean {
  return parseIp(s) !== undefined || (HOSTNAME.test(s) && !/^[0-9.]+$/.test(s));
}

function checkInternalAddress(r: Reporter, path: (string | number)[], text: unknown): string {
  const allowed = 'an IPv4 address, or "<IPv4>,<IPv6>" for dual stack';
  if (typeof text !== 'string') r.fail(path, text, allowed);
  const parts = text.split(',');
  if (parts.length > 2) r.fail(path, text, allowed);
  if (parseIp(parts[0])?.family !== 'IPv4') r.fail(path, text, allowed);
  if (parts.length === 2 && parseIp(parts[1])?.family !== 'IPv6') r.fail(path, text, allowed);
  return parts[0];
}

function renderValues(
  r: Reporter,
  path: (string | number)[],
  values: Record<string, string | number | boolean> | undefined,
): string[] | undefined {
  if (values === undefined) return undefined;
  const out: string[] = [];
  for (const key of Object.keys(values).sort()) {
    if (!HELM_KEY.test(key)) r.fail([...path, key], key, 'a Helm value path such as featureGates.Egress', `the key ${JSON.stringify(key)}`);
    const v = values[key];
    if (typeof v === 'number' && !Number.isFinite(v)) r.fail([...path, key], v, 'a string, a finite number or a boolean');
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      r.fail([...path, key], v, 'a string, a number or a boolean');
    // Helm --set syntax: a comma separates assignments, so commas in a value are escaped.
    out.push(`${key}=${String(v).replace(/\\/g, '\\\\').replace(/,/g, '\\,')}`);
  }
  return out;
}

function renderAddon(r: Reporter, path: (string | number)[], a: KubeKeyHelmAddon): Record<string, unknown> {
  if (typeof a?.name !== 'string' || !isDns1123Label(a.name)) r.fail([...path, 'name'], a?.name, 'a Helm release name (a DNS-1123 label)');
  const namespace = a.namespace ?? 'kube-system';
  if (!isDns1123Label(namespace)) r.fail([...path, 'namespace'], namespace, 'a namespace name (a DNS-1123 label)');
  if (typeof a.chart !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(a.chart)) {
    r.fail([...path, 'chart'], a.chart, 'a chart name as listed in the repository index (e.g. "antrea", not "antrea/antrea")');
  }
  if (typeof a.repo !== 'string' || !/^https?:\/\/[^\s]+$/.test(a.repo))
    r.fail([...path, 'repo'], a.repo, 'an http(s) chart repository URL');
  if (typeof a.version !== 'string' || !CHART_VERSION.test(a.version)) {
    r.fail([...path, 'version'], a.version, 'a pinned chart version such as 2.7.0 (without a pin KubeKey installs the latest)');
  }
  if (a.valuesFile !== undefined && (typeof a.valuesFile !== 'string' || a.valuesFile.length === 0)) {
    r.fail([...path, 'valuesFile'], a.valuesFile, 'a values file path or URL');
  }
  const chart: Record<string, unknown> = { name: a.chart, repo: a.repo, version: a.version };
  if (a.valuesFile !== undefined) chart.valuesFile = a.valuesFile;
  const values = renderValues(r, [...path, 'values'], a.values);
  if (values && values.length > 0) chart.values = values;
  return { name: a.name, namespace, sources: { chart } };
}

function requireString(r: Reporter, path: (string | number)[], v: unknown, allowed: string, test: (s: string) => boolean): string {
  if (typeof v !== 'string' || !test(v)) r.fail(path, v, allowed);
  return v;
}

function requirePort(r: Reporter, path: (string | number)[], v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) r.fail(path, v, 'a port from 1 to 65535');
  return v;
}

/** The cluster-wide KubeKey settings {@link readKubeKeyClusterProps} resolves. */
export interface KubeKeyClusterSettings {
  readonly controlPlaneEndpoint: {
    readonly domain: string;
    readonly port: number;
    /** @default - none */
    readonly address?: string;
    /** @default - none */
    readonly internalLoadbalancer?: 'haproxy' | 'kube-vip';
  };
  readonly containerManager: 'containerd' | 'docker';
  readonly autoRenewCerts: boolean;
  /** The user's kubelet flags (`--cloud-provider=external` is added by the renderer). */
  readonly kubeletArgs: string[];
  readonly podsCidr: string;
  readonly serviceCidr: string;
  readonly pods: Cidr;
  readonly services: Cidr;
}

/** The cluster-wide props {@link readKubeKeyClusterProps} reads (a part of {@link KubeKeyClusterSpec}). */
export type KubeKeyClusterPropsInput = Pick<
  KubeKeyClusterSpec,
  'controlPlaneEndpoint' | 'containerManager' | 'autoRenewCerts' | 'kubeletArgs' | 'podsCidr' | 'serviceCidr'
>;

/**
 * The props reader of the cluster-wide KubeKey settings (endpoint, runtime, kubelet flags, Pod and Service CIDRs):
 * the rules of {@link KubeKeyClusterConfig} and of the config loader's `kubekey` section. `controlPlaneHosts` is the
 * number of control-plane hosts (more than one needs an endpoint address or an internal load balancer).
 */
export function readKubeKeyClusterProps(r: Reporter, spec: KubeKeyClusterPropsInput, controlPlaneHosts: number): KubeKeyClusterSettings {
  const ep = spec.controlPlaneEndpoint ?? {};
  const domain = ep.domain ?? 'lb.kubesphere.local';
  requireString(r, ['controlPlaneEndpoint', 'domain'], domain, 'a DNS name', isDns1123Subdomain);
  const port = requirePort(r, ['controlPlaneEndpoint', 'port'], ep.port ?? 6443);
  if (ep.address !== undefined)
    requireString(r, ['controlPlaneEndpoint', 'address'], ep.address, 'an IP address', (s) => parseIp(s) !== undefined);
  const lb = ep.internalLoadbalancer;
  if (lb !== undefined && lb !== 'haproxy' && lb !== 'kube-vip')
    r.fail(['controlPlaneEndpoint', 'internalLoadbalancer'], lb, 'one of haproxy, kube-vip');
  if (lb === 'haproxy' && ep.address !== undefined) {
    r.fail(
      ['controlPlaneEndpoint', 'address'],
      ep.address,
      'no address together with internalLoadbalancer haproxy (kk stops without installing)',
    );
  }
  if (lb === 'kube-vip' && ep.address === undefined) r.fail(['controlPlaneEndpoint', 'address'], undefined, 'the virtual IP for kube-vip');
  if (controlPlaneHosts > 1 && ep.address === undefined && lb === undefined) {
    r.fail(
      ['controlPlaneEndpoint'],
      ep,
      `an address (a load balancer in front of the ${controlPlaneHosts} control-plane hosts) or internalLoadbalancer haproxy or kube-vip; otherwise every node talks to the first control-plane host only`,
    );
  }
  const containerManager = spec.containerManager ?? 'containerd';
  if (containerManager !== 'containerd' && containerManager !== 'docker') {
    r.fail(['containerManager'], containerManager, 'one of containerd, docker (kk has install steps for no other runtime)');
  }
  const autoRenewCerts = spec.autoRenewCerts ?? true;
  if (typeof autoRenewCerts !== 'boolean') r.fail(['autoRenewCerts'], autoRenewCerts, 'true or false');
  const kubeletArgs: string[] = [];
  const flags = new Map<string, number>();
  (spec.kubeletArgs ?? []).forEach((a, i) => {
    if (typeof a !== 'string' || !KUBELET_ARG.test(a)) {
      r.fail(
        ['kubeletArgs', i],
        a,
        'one kubelet flag with a leading "--", e.g. --max-pods=200 (no spaces or quotes: kk writes it into a systemd Environment line)',
      );
    }
    const flag = a.split('=')[0];
    if (flag === '--cloud-provider')
      r.fail(['kubeletArgs', i], a, 'no --cloud-provider flag (it is always --cloud-provider=external for the vSphere CCM)');
    if (flag === '--node-ip' || flag === '--hostname-override') r.fail(['kubeletArgs', i], a, `no ${flag} flag (kk sets it from the host)`);
    const prev = flags.get(flag);
    if (prev !== undefined) r.fail(['kubeletArgs', i], a, `${flag} given once (already in kubeletArgs[${prev}])`);
    flags.set(flag, i);
    kubeletArgs.push(a);
  });
  const podsCidr = spec.podsCidr ?? '10.233.64.0/18';
  const serviceCidr = spec.serviceCidr ?? '10.233.0.0/18';
  const cidr = (field: string, text: string): Cidr => {
    const c = parseCidr(
      failerAt(r, () => [field]),
      field,
      text,
    );
    if (c.family !== 'IPv4') r.fail([field], text, 'an IPv4 CIDR');
    return c;
  };
  const pods = cidr('podsCidr', podsCidr);
  const services = cidr('serviceCidr', serviceCidr);
  if (pods.first <= services.last && services.first <= pods.last) {
    // blame the CIDR that was given (the other one is the default)
    if (spec.serviceCidr === undefined) r.fail(['podsCidr'], podsCidr, `a CIDR that does not overlap serviceCidr ${serviceCidr}`);
    r.fail(['serviceCidr'], serviceCidr, `a CIDR that does not overlap podsCidr ${podsCidr}`);
  }
  return {
    controlPlaneEndpoint: Object.assign(
      { domain, port },
      ep.address !== undefined ? { address: ep.address } : {},
      lb !== undefined ? { internalLoadbalancer: lb } : {},
    ),
    containerManager,
    autoRenewCerts,
    kubeletArgs,
    podsCidr,
    serviceCidr,
    pods,
    services,
  };
}

/** Builds the `Cluster` object (plain JSON) from a spec, validating every field. Errors go through `r`. */
interface RenderedHosts {
  readonly hosts: Array<Record<string, unknown>>;
  /** Host name to its index in spec.hosts. */
  readonly names: Map<string, number>;
  readonly hostIps: Array<{ index: number; ip: { family: 'IPv4' | 'IPv6'; value: bigint } }>;
  /** True when a plaintext SSH password is written. */
  readonly sensitive: boolean;
}

/** The `hosts` list: one entry per host, with the SSH defaults applied and every field checked. */
function renderHosts(r: Reporter, spec: KubeKeyClusterSpec, sshUser: string, sshPort: number): RenderedHosts {
  const ssh = spec.ssh ?? {};
  let sensitive = false;
  if (!Array.isArray(spec.hosts) || spec.hosts.length === 0) r.fail(['hosts'], spec.hosts, 'a list of at least one host');
  const names = new Map<string, number>();
  const addresses = new Map<string, number>();
  const hostIps: Array<{ index: number; ip: { family: 'IPv4' | 'IPv6'; value: bigint } }> = [];
  const hosts = spec.hosts.map((h, i) => {
    const p = ['hosts', i];
    if (typeof h !== 'object' || h === null) r.fail(p, h, 'a host description');
    for (const key of Object.keys(h)) {
      if (!HOST_KEYS.includes(key) && (h as unknown as Record<string, unknown>)[key] !== undefined) {
        r.fail([...p, key], key, `one of the keys ${HOST_KEYS.join(', ')}`, `the unknown key ${JSON.stringify(key)}`);
      }
    }
    requireString(r, [...p, 'name'], h.name, 'a lowercase DNS-1123 label (it becomes the node name and hostname)', isDns1123Label);
    const prev = names.get(h.name);
    if (prev !== undefined) r.fail([...p, 'name'], h.name, `a host name not already used by hosts[${prev}] (kk would silently drop one)`);
    names.set(h.name, i);
    if (h.role !== 'control-plane' && h.role !== 'worker') r.fail([...p, 'role'], h.role, 'one of control-plane, worker');
    if (h.internalAddress === undefined) {
      r.fail([...p, 'internalAddress'], undefined, 'the node IPv4 address (on the Pulumi path, render once the VM addresses are known)');
    }
    const ipv4 = checkInternalAddress(r, [...p, 'internalAddress'], h.internalAddress);
    const prevIp = addresses.get(ipv4);
    if (prevIp !== undefined) r.fail([...p, 'internalAddress'], h.internalAddress, `an address not already used by hosts[${prevIp}]`);
    addresses.set(ipv4, i);
    hostIps.push({ index: i, ip: parseIp(ipv4)! });
    const address = h.address ?? ipv4;
    requireString(r, [...p, 'address'], address, 'an SSH address (an IP address or a DNS name)', isHostOrIp);
    const arch = h.arch ?? 'amd64';
    if (arch !== 'amd64' && arch !== 'arm64') r.fail([...p, 'arch'], arch, 'one of amd64, arm64 (kk installs no other architecture)');
    const user = h.user ?? sshUser;
    requireString(r, [...p, 'user'], user, 'a non-empty user name', (s) => s.length > 0 && !/\s/.test(s));
    const port = h.port === undefined ? sshPort : requirePort(r, [...p, 'port'], h.port);
    const password = h.password ?? ssh.password;
    if (h.password !== undefined && !(h.password instanceof SecretValue))
      r.fail([...p, 'password'], '<hidden>', 'a SecretValue', 'a value that is not a SecretValue');
    const keyPath = h.privateKeyPath ?? ssh.privateKeyPath ?? (password === undefined ? '~/.ssh/id_rsa' : undefined);
    if (keyPath !== undefined) requireString(r, [...p, 'privateKeyPath'], keyPath, 'a non-empty path', (s) => s.length > 0);
    const out: Record<string, unknown> = { name: h.name, address, internalAddress: h.internalAddress, port, user };
    if (password !== undefined) {
      // A deploy-time placeholder sits inside a double-quoted YAML string: its gcfg encoding escapes \\ and " exactly as
      // YAML double quotes need, so substituting the value later keeps the document valid.
      out.password = password.isPlainText ? password.render('raw') : password.render('gcfg');
      if (password.isPlainText) sensitive = true;
    }
    if (keyPath !== undefined) out.privateKeyPath = keyPath;
    out.arch = arch;
    if (h.labels !== undefined) {
      for (const key of Object.keys(h.labels).sort()) {
        const kp = qualifiedNameProblem(key);
        if (kp) r.fail([...p, 'labels', key], key, kp, `the key ${JSON.stringify(key)}`);
        const vp = labelValueProblem(h.labels[key]);
        if (vp) r.fail([...p, 'labels', key], h.labels[key], vp);
      }
      if (Object.keys(h.labels).length > 0)
        out.labels = Object.fromEntries(
          Object.keys(h.labels)
            .sort()
            .map((k) => [k, h.labels![k]]),
        );
    }
    return out;
  });
  return { hosts, names, hostIps, sensitive };
}

interface RoleGroups {
  readonly controlPlane: string[];
  readonly workers: string[];
  readonly etcd: string[];
  readonly schedulable: boolean;
}

/** The role groups: control plane, workers (plus the control plane when it is schedulable) and etcd members. */
function resolveRoleGroups(r: Reporter, spec: KubeKeyClusterSpec, names: Map<string, number>, warnings: string[]): RoleGroups {
  const controlPlane = spec.hosts.filter((h) => h.role === 'control-plane').map((h) => h.name);
  const workers = spec.hosts.filter((h) => h.role === 'worker').map((h) => h.name);
  if (controlPlane.length === 0)
    r.fail(
      ['hosts'],
      spec.hosts.map((h) => `${h.name}:${h.role}`),
      'at least one host with role control-plane',
    );
  const schedulable = spec.schedulableControlPlane ?? false;
  if (typeof schedulable !== 'boolean') r.fail(['schedulableControlPlane'], schedulable, 'true or false');
  if (workers.length === 0 && !schedulable) {
    r.fail(
      ['hosts'],
      spec.hosts.map((h) => `${h.name}:${h.role}`),
      'at least one worker host, or schedulableControlPlane: true',
    );
  }
  let etcd = controlPlane;
  if (spec.etcdHosts !== undefined) {
    if (!Array.isArray(spec.etcdHosts) || spec.etcdHosts.length === 0)
      r.fail(['etcdHosts'], spec.etcdHosts, 'a list of at least one host name');
    const seen = new Set<string>();
    spec.etcdHosts.forEach((n, i) => {
      if (!names.has(n)) r.fail(['etcdHosts', i], n, `the name of a host in hosts (${[...names.keys()].join(', ')})`);
      if (seen.has(n)) r.fail(['etcdHosts', i], n, 'host names listed once');
      seen.add(n);
    });
    etcd = [...spec.etcdHosts];
  }
  if (etcd.length % 2 === 0)
    warnings.push(`${etcd.length} etcd members tolerate no more failures than ${etcd.length - 1}: use an odd number`);

  return { controlPlane, workers, etcd, schedulable };
}

/** The Helm addons: the CCM (when kk installs it) first, so nodes lose the uninitialized taint; then Antrea; then the rest. */
function renderAddons(r: Reporter, spec: KubeKeyClusterSpec): Array<Record<string, unknown>> {
  const addons: Array<Record<string, unknown>> = [];
  if (spec.cloudControllerAddon !== undefined) addons.push(renderAddon(r, ['cloudControllerAddon'], spec.cloudControllerAddon));
  const antrea = spec.antrea ?? {};
  // The Antrea addon is built from KubeKeyAntreaAddon, whose chart version prop is `chartVersion`, not `version`.
  const antreaReporter: Reporter = {
    fail: (path, value, allowed, got) =>
      r.fail(path.length === 2 && path[0] === 'antrea' && path[1] === 'version' ? ['antrea', 'chartVersion'] : path, value, allowed, got),
  };
  const antreaAddon = renderAddon(antreaReporter, ['antrea'], {
    name: 'antrea',
    namespace: 'kube-system',
    chart: 'antrea',
    repo: antrea.repo ?? ANTREA_HELM_REPO,
    version: antrea.chartVersion ?? ANTREA_CHART_VERSION,
    values: antrea.values,
    valuesFile: antrea.valuesFile,
  });
  addons.push(antreaAddon);
  (spec.extraAddons ?? []).forEach((a, i) => addons.push(renderAddon(r, ['extraAddons', i], a)));
  const addonNames = new Map<string, string>();
  const addonPaths = [
    ...(spec.cloudControllerAddon ? [['cloudControllerAddon']] : []),
    ['antrea'],
    ...(spec.extraAddons ?? []).map((_, i) => ['extraAddons', i]),
  ];
  addons.forEach((a, i) => {
    const n = a.name as string;
    const prev = addonNames.get(n);
    if (prev !== undefined) r.fail([...addonPaths[i], 'name'], n, `an addon name not already used by ${prev}`);
    addonNames.set(n, formatPath(addonPaths[i]));
  });

  return addons;
}

function buildCluster(r: Reporter, spec: KubeKeyClusterSpec): { cluster: Record<string, unknown>; sensitive: boolean; warnings: string[] } {
  const warnings: string[] = [];
  requireString(r, ['name'], spec.name, 'a lowercase DNS-1123 label (kk uses it in file names)', isDns1123Label);
  const versionProblem = kubeKeyVersionProblem(spec.kubernetesVersion);
  if (versionProblem) r.fail(['kubernetesVersion'], spec.kubernetesVersion, versionProblem);

  // SSH defaults.
  const ssh = spec.ssh ?? {};
  const sshUser = ssh.user ?? 'root';
  requireString(r, ['ssh', 'user'], sshUser, 'a non-empty user name', (s) => s.length > 0 && !/\s/.test(s));
  const sshPort = requirePort(r, ['ssh', 'port'], ssh.port ?? 22);
  if (ssh.privateKeyPath !== undefined)
    requireString(r, ['ssh', 'privateKeyPath'], ssh.privateKeyPath, 'a non-empty path', (s) => s.length > 0);
  if (ssh.password !== undefined && !(ssh.password instanceof SecretValue))
    r.fail(['ssh', 'password'], '<hidden>', 'a SecretValue', 'a value that is not a SecretValue');

  const { hosts, names, hostIps, sensitive } = renderHosts(r, spec, sshUser, sshPort);
  const { controlPlane, workers, etcd, schedulable } = resolveRoleGroups(r, spec, names, warnings);
  const settings = readKubeKeyClusterProps(r, spec, controlPlane.length);
  const { pods, services } = settings;
  const endpoint: Record<string, unknown> = {};
  if (settings.controlPlaneEndpoint.internalLoadbalancer !== undefined) {
    endpoint.internalLoadbalancer = settings.controlPlaneEndpoint.internalLoadbalancer;
  }
  Object.assign(endpoint, {
    domain: settings.controlPlaneEndpoint.domain,
    address: settings.controlPlaneEndpoint.address ?? '',
    port: settings.controlPlaneEndpoint.port,
  });
  const { containerManager, autoRenewCerts, podsCidr, serviceCidr } = settings;
  const kubeletArgs = ['--cloud-provider=external', ...settings.kubeletArgs];
  for (const { index, ip } of hostIps) {
    for (const [field, c] of [
      ['podsCidr', pods],
      ['serviceCidr', services],
    ] as const) {
      if (rangeContainsIp(c, ip)) {
        r.fail(['hosts', index, 'internalAddress'], spec.hosts[index].internalAddress, `a node address outside ${field} ${c.text}`);
      }
    }
  }

  const addons = renderAddons(r, spec);

  const clusterSpec: Record<string, unknown> = {
    hosts,
    roleGroups: {
      etcd: [...etcd],
      'control-plane': [...controlPlane],
      worker: schedulable ? [...controlPlane, ...workers] : workers,
    },
    controlPlaneEndpoint: endpoint,
    kubernetes: {
      version: spec.kubernetesVersion,
      clusterName: 'cluster.local',
      autoRenewCerts,
      containerManager,
      kubeletArgs,
    },
    etcd: { type: 'kubekey' },
    network: { plugin: 'none', kubePodsCIDR: podsCidr, kubeServiceCIDR: serviceCidr, multusCNI: { enabled: false } },
  };
  if (spec.registry) clusterSpec.registry = renderRegistry(r, spec.registry);
  clusterSpec.addons = addons;
  const cluster: Record<string, unknown> = {
    apiVersion: 'kubekey.kubesphere.io/v1alpha2',
    kind: 'Cluster',
    metadata: { name: spec.name },
    spec: clusterSpec,
  };
  return { cluster, sensitive, warnings };
}

function renderRegistry(r: Reporter, reg: KubeKeyRegistry): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (reg.privateRegistry !== undefined) {
    requireString(r, ['registry', 'privateRegistry'], reg.privateRegistry, 'a registry host[:port][/path]', (s) =>
      /^[A-Za-z0-9.-]+(:\d+)?(\/[^\s]*)?$/.test(s),
    );
    out.privateRegistry = reg.privateRegistry;
  }
  for (const key of ['registryMirrors', 'insecureRegistries'] as const) {
    const list = reg[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) r.fail(['registry', key], list, 'a list of registry addresses');
    list.forEach((m, i) =>
      requireString(r, ['registry', key, i], m, 'a registry address without spaces', (s) => s.length > 0 && !/\s/.test(s)),
    );
    out[key] = [...list];
  }
  return out;
}

const HEADER = [
  ` KubeKey ${KUBEKEY_VERSION} cluster config: kk create cluster -f <this file>`,
  ' Not applied to Kubernetes. Every string is quoted because kk reads YAML 1.1 (yes/no/on/off and digits would change type).',
  ' Nodes start with the taint node.cloudprovider.kubernetes.io/uninitialized (kubelet --cloud-provider=external);',
  ' antrea-controller stays Pending until the vSphere cloud controller manager has initialised the nodes, so apply the',
  ' CCM right after kk finishes (or install it as the first addon).',
].join('\n');

/**
 * Renders the KubeKey `kubekey.kubesphere.io/v1alpha2` `Cluster` config that `kk create cluster -f` takes, with
 * `network.plugin: none`, Antrea as a Helm addon and kubelet `--cloud-provider=external` (through `kubeletArgs`,
 * KubeKey >= v3.0.8). Every string value is double-quoted; keys stay plain. Pure: throws a ValidationError naming
 * `where` and the field for any bad input.
 */
export function renderKubeKeyConfig(spec: KubeKeyClusterSpec, where: IConstruct | string = 'KubeKeyConfig'): string {
  return renderKubeKeyConfigWithInfo(spec, where).content;
}

/** Like {@link renderKubeKeyConfig}, also returning whether the text holds a plaintext password, and warnings. @internal */
export function renderKubeKeyConfigWithInfo(spec: KubeKeyClusterSpec, where: IConstruct | string = 'KubeKeyConfig'): KubeKeyRenderResult {
  const { cluster, sensitive, warnings } = buildCluster(constructReporter(where), spec);
  const doc = new Document(cluster, { aliasDuplicateObjects: false });
  doc.commentBefore = HEADER;
  const content = doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  return { content, sensitive, warnings };
}
