import { Construct, IConstruct } from 'constructs';
import { ANTREA_CHART_VERSION, ANTREA_HELM_REPO } from '../antrea/antrea-helm';
import { Document } from 'yaml';
import { ExtraFile } from '../core/extra-file';
import { Cidr, parseCidr, parseIp, rangeContainsIp } from '../core/ip';
import { isDns1123Label, isDns1123Subdomain, labelValueProblem, qualifiedNameProblem } from '../core/names';
import { SecretValue, warn } from '../core/secret-value';
import { constructReporter, failerAt, formatPath, Reporter } from './config-schema';
import type { SolutionConfig } from './config';

/** The KubeKey release whose `Cluster` format and supported Kubernetes versions this generator follows. */
export const KUBEKEY_VERSION = 'v3.1.12';

/** The lowest Kubernetes version accepted: the Antrea Helm chart needs `kubeVersion >= 1.23.0`. */
export const KUBEKEY_MIN_KUBERNETES_VERSION = 'v1.23.0';

// Supported Kubernetes patch versions of KubeKey v3.1.12 (version/components.json), per minor: [minor, patches].
const SUPPORTED: Array<[number, number[]]> = [
  [19, [0, 8, 9, 15]],
  [20, [4, 6, 10]],
  [21, range(0, 14)],
  [22, range(0, 17)],
  [23, range(0, 17)],
  [24, range(0, 17)],
  [25, range(0, 16)],
  [26, range(0, 15)],
  [27, range(0, 16)],
  [28, range(0, 15)],
  [29, [...range(0, 12), 14, 15]],
  [30, range(0, 14)],
  [31, range(0, 12)],
  [32, range(0, 8)],
  [33, range(0, 4)],
];

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Every Kubernetes version KubeKey v3.1.12 can install (`kk version --show-supported-k8s`), oldest first. */
export const KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS: readonly string[] = SUPPORTED.flatMap(([minor, patches]) =>
  patches.map((p) => `v1.${minor}.${p}`),
);

const SUPPORTED_SET = new Set(KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS);

/**
 * Why `version` cannot be given to KubeKey, or undefined when it can. KubeKey needs a full `vX.Y.Z` from its list:
 * anything else is silently replaced by its default (v1.23.17), so it is refused here.
 */
export function kubeKeyVersionProblem(version: string): string | undefined {
  const allowed = `a full version vX.Y.Z that KubeKey ${KUBEKEY_VERSION} supports, from ${KUBEKEY_MIN_KUBERNETES_VERSION} (the Antrea chart's minimum) to ${KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS[KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS.length - 1]}`;
  if (typeof version !== 'string' || !/^v1\.\d+\.\d+$/.test(version)) return `${allowed} (KubeKey silently replaces any other form)`;
  const minor = Number(version.split('.')[1]);
  if (minor < 23) return allowed;
  if (!SUPPORTED_SET.has(version)) {
    const patches = SUPPORTED.find(([m]) => m === minor)?.[1];
    return patches ? `${allowed}; for 1.${minor}: ${patches.map((p) => `v1.${minor}.${p}`).join(', ')}` : allowed;
  }
  return undefined;
}

/** A node role in the KubeKey config. Control-plane hosts also run etcd unless `etcdHosts` says otherwise. */
export type KubeKeyNodeRole = 'control-plane' | 'worker';

/** A CPU architecture KubeKey can install. */
export type KubeKeyArch = 'amd64' | 'arm64';

/** SSH settings for hosts (set once on the spec, overridable per host). */
export interface KubeKeySshSettings {
  /**
   * SSH user.
   * @default 'root' (KubeKey's default)
   */
  readonly user?: string;
  /**
   * SSH port.
   * @default 22
   */
  readonly port?: number;
  /**
   * Path of the SSH private key on the machine that runs `kk`.
   * @default '~/.ssh/id_rsa' when no password is given (KubeKey's default)
   */
  readonly privateKeyPath?: string;
  /**
   * SSH password. A deploy-time value renders a `${secret:<key>:gcfg}` placeholder (substitute it with
   * `substituteSecretPlaceholders` before running kk; the encoding escapes `\` and `"` for the double-quoted YAML
   * string); a plaintext value marks the file sensitive and warns.
   * @default - none (key authentication)
   */
  readonly password?: SecretValue;
}

/** One machine of the cluster. */
export interface KubeKeyHost extends KubeKeySshSettings {
  /** Host name: becomes the hostname of the machine and the Kubernetes node name (a lowercase DNS-1123 label). */
  readonly name: string;
  /** The node's role. */
  readonly role: KubeKeyNodeRole;
  /**
   * Node IP (kubelet `--node-ip`); IPv4, or `"<IPv4>,<IPv6>"` for dual stack. Required to render; on the Pulumi path
   * pass it once the VM addresses are known.
   * @default - none (rendering fails until given)
   */
  readonly internalAddress?: string;
  /**
   * SSH address.
   * @default - the IPv4 part of internalAddress
   */
  readonly address?: string;
  /**
   * CPU architecture.
   * @default 'amd64'
   */
  readonly arch?: KubeKeyArch;
  /**
   * Node labels KubeKey applies after install.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** The API server endpoint. */
export interface KubeKeyControlPlaneEndpoint {
  /**
   * KubeKey's internal load balancer for several control-plane hosts: `haproxy` (on every worker, no VIP) or `kube-vip`
   * (needs `address` as the VIP).
   * @default - none
   */
  readonly internalLoadbalancer?: 'haproxy' | 'kube-vip';
  /**
   * The endpoint's DNS name (written to /etc/hosts by kk).
   * @default 'lb.kubesphere.local'
   */
  readonly domain?: string;
  /**
   * The endpoint address (an external load balancer or the kube-vip VIP).
   * @default - the first control-plane host's address (only allowed with one control-plane host or haproxy)
   */
  readonly address?: string;
  /**
   * API server port.
   * @default 6443
   */
  readonly port?: number;
}

/** A Helm chart addon that KubeKey installs (from the machine running kk) after the cluster is up. */
export interface KubeKeyHelmAddon {
  /** Helm release name (also the name for `kk create phase addons <name>`). */
  readonly name: string;
  /**
   * Namespace.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /** Chart name in the repository index (e.g. `antrea`, not `antrea/antrea`). */
  readonly chart: string;
  /** Chart repository URL. */
  readonly repo: string;
  /** Pinned chart version (without a pin KubeKey installs the latest). */
  readonly version: string;
  /**
   * Helm `--set` values (rendered as sorted `key=value` strings, commas escaped).
   * @default - none
   */
  readonly values?: Record<string, string | number | boolean>;
  /**
   * One values file path or URL (Helm `-f`), as seen from the machine running kk.
   * @default - none
   */
  readonly valuesFile?: string;
}

/** The Antrea addon (the CNI: `network.plugin` is `none`). */
export interface KubeKeyAntreaAddon {
  /**
   * Antrea chart version.
   * @default '2.7.0'
   */
  readonly chartVersion?: string;
  /**
   * Chart repository.
   * @default 'https://charts.antrea.io'
   */
  readonly repo?: string;
  /**
   * Helm `--set` values, e.g. `{ 'featureGates.Egress': true }`.
   * @default - none
   */
  readonly values?: Record<string, string | number | boolean>;
  /**
   * One values file path or URL.
   * @default - none
   */
  readonly valuesFile?: string;
}

/** Private registry settings. */
export interface KubeKeyRegistry {
  /** Registry that images are pulled from instead of the public ones. @default - none */
  readonly privateRegistry?: string;
  /** Registry mirrors (URLs). @default - none */
  readonly registryMirrors?: string[];
  /** Registries reached over plain HTTP. @default - none */
  readonly insecureRegistries?: string[];
}

/** What {@link renderKubeKeyConfig} needs: the `kubekey.kubesphere.io/v1alpha2` `Cluster` for `kk create cluster -f`. */
export interface KubeKeyClusterSpec {
  /** `metadata.name`: a lowercase DNS-1123 label (kk names its kubeconfig `config-<name>`). */
  readonly name: string;
  /** Kubernetes version, a full `vX.Y.Z` from {@link KUBEKEY_SUPPORTED_KUBERNETES_VERSIONS}, at least v1.23.0. */
  readonly kubernetesVersion: string;
  /** The machines. At least one control-plane host. */
  readonly hosts: KubeKeyHost[];
  /**
   * SSH settings for every host (a host's own settings win).
   * @default - user root, port 22, key ~/.ssh/id_rsa
   */
  readonly ssh?: KubeKeySshSettings;
  /**
   * Host names of the etcd members.
   * @default - the control-plane hosts (stacked etcd)
   */
  readonly etcdHosts?: string[];
  /**
   * Also put control-plane hosts into the worker group (for clusters too small for dedicated workers).
   * @default false
   */
  readonly schedulableControlPlane?: boolean;
  /**
   * The API server endpoint.
   * @default - domain lb.kubesphere.local, port 6443, the first control-plane host's address
   */
  readonly controlPlaneEndpoint?: KubeKeyControlPlaneEndpoint;
  /**
   * Container runtime.
   * @default 'containerd'
   */
  readonly containerManager?: 'containerd' | 'docker';
  /**
   * Let kk renew the control-plane certificates.
   * @default true
   */
  readonly autoRenewCerts?: boolean;
  /**
   * Further kubelet flags, each one token with a leading `--` (e.g. `--max-pods=200`). `--cloud-provider=external` is always set.
   * @default - none
   */
  readonly kubeletArgs?: string[];
  /**
   * Pod CIDR (node podCIDRs are allocated from it; Antrea's NodeIPAM mode uses them).
   * @default '10.233.64.0/18'
   */
  readonly podsCidr?: string;
  /**
   * Service CIDR.
   * @default '10.233.0.0/18'
   */
  readonly serviceCidr?: string;
  /**
   * The Antrea addon.
   * @default - chart antrea 2.7.0 from https://charts.antrea.io into kube-system
   */
  readonly antrea?: KubeKeyAntreaAddon;
  /**
   * An addon installed before Antrea, typically the vSphere CPI chart (`vsphere-cpi` from
   * https://kubernetes.github.io/cloud-provider-vsphere). Leave it out when the library's CloudControllerManager
   * manifests are applied after `kk create cluster`.
   * @default - none
   */
  readonly cloudControllerAddon?: KubeKeyHelmAddon;
  /**
   * Addons installed after Antrea, in order.
   * @default - none
   */
  readonly extraAddons?: KubeKeyHelmAddon[];
  /**
   * Registry settings.
   * @default - none
   */
  readonly registry?: KubeKeyRegistry;
}

/** The rendered config plus facts the caller may need. */
export interface KubeKeyRenderResult {
  /** The YAML text. */
  readonly content: string;
  /** True when a plaintext password is in the text (write it with mode 0600, keep it out of review). */
  readonly sensitive: boolean;
  /** Warnings (e.g. an even number of etcd members). */
  readonly warnings: string[];
}

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
function buildCluster(r: Reporter, spec: KubeKeyClusterSpec): { cluster: Record<string, unknown>; sensitive: boolean; warnings: string[] } {
  const warnings: string[] = [];
  let sensitive = false;
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

  // Hosts.
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

  // Addons: the CCM (when kk installs it) first, so nodes lose the uninitialized taint; then Antrea; then the rest.
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

/** Like {@link renderKubeKeyConfig}, also returning whether the text holds a plaintext password, and warnings. */
export function renderKubeKeyConfigWithInfo(spec: KubeKeyClusterSpec, where: IConstruct | string = 'KubeKeyConfig'): KubeKeyRenderResult {
  const { cluster, sensitive, warnings } = buildCluster(constructReporter(where), spec);
  const doc = new Document(cluster, { aliasDuplicateObjects: false });
  doc.commentBefore = HEADER;
  const content = doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
  return { content, sensitive, warnings };
}

/** Props of {@link KubeKeyClusterConfig}. */
export interface KubeKeyClusterConfigProps extends KubeKeyClusterSpec {
  /**
   * Path of the file below the extras folder.
   * @default 'kubekey/cluster.yaml'
   */
  readonly path?: string;
}

/**
 * The KubeKey cluster config as a file that is written next to (never into) the manifests: `kubekey/cluster.yaml`.
 * Validation runs in the constructor.
 */
export class KubeKeyClusterConfig extends Construct {
  /** The file path below the extras folder. */
  public readonly path: string;
  /** The rendered YAML. */
  public readonly content: string;
  /** True when the file holds a plaintext SSH password (then it is written with mode 0600). */
  public readonly sensitive: boolean;

  public constructor(scope: Construct, id: string, props: KubeKeyClusterConfigProps) {
    super(scope, id);
    const { path, ...spec } = props;
    const result = renderKubeKeyConfigWithInfo(spec, this);
    this.path = path ?? 'kubekey/cluster.yaml';
    this.content = result.content;
    this.sensitive = result.sensitive;
    for (const w of result.warnings) warn(this, w);
    if (result.sensitive) warn(this, 'a plaintext SSH password is written into the KubeKey config; the file is marked sensitive');
    new ExtraFile(this, 'File', { path: this.path, content: this.content, sensitive: this.sensitive });
  }
}

/** The node facts the generator needs (structurally what NodeVmSpec/NodePool outputs provide). */
export interface KubeKeyNodeLike {
  /** The node hostname (the Kubernetes node name). */
  readonly hostname: string;
  /** The node role. */
  readonly role: KubeKeyNodeRole;
  /** The node IPv4 address, once known. @default - unknown: it must come from `addresses` of {@link kubeKeyHostsFromNodes} */
  readonly ipv4Address?: string;
  /** Node labels KubeKey applies after install. @default - none */
  readonly labels?: Record<string, string>;
}

/** Hosts for the KubeKey config from node descriptions; `addresses` (hostname to IP) fills in addresses known later. */
export function kubeKeyHostsFromNodes(nodes: readonly KubeKeyNodeLike[], addresses: Record<string, string> = {}): KubeKeyHost[] {
  return nodes.map((n) => {
    const host: { -readonly [K in keyof KubeKeyHost]: KubeKeyHost[K] } = {
      name: n.hostname,
      role: n.role,
      internalAddress: addresses[n.hostname] ?? n.ipv4Address,
    };
    if (n.labels !== undefined && Object.keys(n.labels).length > 0) host.labels = n.labels;
    return host;
  });
}

/**
 * The KubeKey spec for a solution config: one host per node of every pool (hostnames and IPs from the pools, or from
 * `addresses` for IPs known only at deploy time), the config's KubeKey settings, and Antrea's feature gates and
 * settings as Helm values.
 */
export function kubeKeySpecFromConfig(config: SolutionConfig, addresses: Record<string, string> = {}): KubeKeyClusterSpec {
  const nodes: KubeKeyNodeLike[] = config.nodePools.flatMap((pool) =>
    pool.hostnames.map((hostname, i) => ({ hostname, role: pool.role, ipv4Address: pool.ipAddresses?.[i], labels: pool.labels })),
  );
  const k = config.kubekey;
  const values: Record<string, string | number | boolean> = {};
  for (const gate of Object.keys(config.antrea.featureGates).sort()) values[`featureGates.${gate}`] = config.antrea.featureGates[gate];
  values.trafficEncapMode = config.antrea.trafficEncapMode;
  values.trafficEncryptionMode = config.antrea.trafficEncryptionMode;
  values['nodePortLocal.enable'] = config.antrea.nodePortLocal.enable;
  values['nodePortLocal.portRange'] = config.antrea.nodePortLocal.portRange;
  return {
    name: config.clusterName,
    kubernetesVersion: config.kubernetesVersion,
    hosts: kubeKeyHostsFromNodes(nodes, addresses),
    ssh: { user: k.ssh.user, port: k.ssh.port, privateKeyPath: k.ssh.privateKeyPath },
    controlPlaneEndpoint: k.controlPlaneEndpoint,
    containerManager: k.containerManager,
    autoRenewCerts: k.autoRenewCerts,
    kubeletArgs: k.kubeletArgs,
    podsCidr: k.podsCidr,
    serviceCidr: k.serviceCidr,
    schedulableControlPlane: k.schedulableControlPlane,
    antrea: { chartVersion: config.antrea.chartVersion, values },
  };
}
