// The KubeKey cluster spec: the KubeKey release followed, the Kubernetes versions it installs, and the typed input of
// the renderer (render.ts).
import { NodeRole } from '../core/node-role';
import { SecretValue } from '../core/secret-value';

/** The KubeKey release whose `Cluster` format and supported Kubernetes versions this generator follows. @internal */
export const KUBEKEY_VERSION = 'v3.1.12';

/** The lowest Kubernetes version accepted: the Antrea Helm chart needs `kubeVersion >= 1.23.0`. @internal */
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
 * @internal
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
  readonly role: NodeRole;
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
