import type { TrafficEncapMode, TrafficEncryptionMode } from '../antrea/antrea-config';
import type { NodeRole } from '../core/node-role';
import { ApplicationNamespaceProps } from '../platform';
import type { VolumeType } from '../vsphere/storage-class';
import type { VsphereCredentialsMode } from '../vsphere/credentials';
import { VCenterSettings } from '../vsphere/vcenter';

/*
 * The types of a resolved solution config (every default applied): what the loaders return and the stacks read.
 * The shape of the input (keys, JSON types, closed sets) is lib/solution/config-shape.ts.
 */

/** How vCenter credentials reach the cluster. */
export type CredentialsMode = `${VsphereCredentialsMode}`;

/**
 * vCenter credentials.
 * - `existing-secret` (default): nothing secret is synthesized; the Secrets are created out of band (the generated
 *   script reads `VSPHERE_USERNAME`/`VSPHERE_PASSWORD` when it runs). The config never holds the values.
 * - `deploy-time`: manifests carry `${secret:<key>:...}` placeholders that the Pulumi path fills from Pulumi secrets.
 * - `plaintext`: the values are written into the synthesized YAML (explicit opt-in; constructs warn).
 */
export type CredentialsConfig =
  | { readonly mode: 'existing-secret' }
  | { readonly mode: 'deploy-time'; readonly usernameKey: string; readonly passwordKey: string }
  | { readonly mode: 'plaintext'; readonly username: string; readonly password: string };

/**
 * One vCenter: the same fields and rules as the constructs' `VCenterProps` (one props reader, `readVCenterProps`), with
 * `port` (443) and `insecure` (false) resolved.
 */
export type VCenterConfig = VCenterSettings;

/** vSphere CSI settings. */
export interface CsiSettingsConfig {
  /** `cluster-id` in csi-vsphere.conf: unique per vCenter (at most 64 characters). Default: the cluster name. */
  readonly clusterId: string;
  /** vSphere tag categories for topology (`[Labels] topology-categories`); required with more than one vCenter. */
  readonly topologyCategories: string[];
  /**
   * CSI controller replicas. They repel each other per node and run on control-plane nodes only, so at most the number
   * of control-plane nodes.
   * @default - the number of control-plane nodes, capped at 3 (upstream's replica count)
   */
  readonly controllerReplicas?: number;
  /**
   * Create the VolumeSnapshotClass, and install the snapshot CRDs and snapshot-controller it needs (default true).
   */
  readonly snapshots: boolean;
  /**
   * Install the snapshot CRDs and snapshot-controller with the stack (default true). Set false when the cluster already
   * has them: they are then declared as prerequisites.
   */
  readonly installSnapshotController: boolean;
  /**
   * Create a ServiceMonitor for the CSI metrics (default false). It needs prometheus-operator's CRDs, which this stack
   * does not install: list `monitoring.coreos.com/ServiceMonitor` under `prerequisites.crds` when you enable it.
   */
  readonly metricsMonitor: boolean;
}

/** What the cluster has before the stack is applied. */
export interface PrerequisitesConfig {
  /**
   * CRDs installed by something else (`<group>/<Kind>`, e.g. `monitoring.coreos.com/ServiceMonitor` from
   * prometheus-operator or KubeSphere monitoring). Custom objects of other kinds need their CRD in the stack.
   */
  readonly crds: string[];
}

/** A vSphere CSI StorageClass. */
export interface StorageClassConfig {
  /** The StorageClass name. */
  readonly name: string;
  /** `block` (ReadWriteOnce disks) or `file` (ReadWriteMany, vSAN File Services). */
  readonly type: Lowercase<`${VolumeType}`>;
  /** SPBM storage policy name. @default - the datastore's default policy */
  readonly storagePolicyName?: string;
  /** Datastore URL (`ds:///vmfs/volumes/...`). @default - any datastore that matches the policy */
  readonly datastoreUrl?: string;
  /** Filesystem: ext4/ext3/xfs/ntfs for block (default ext4), nfs4 for file (default nfs4). */
  readonly fsType: string;
  /** Whether this is the default StorageClass (at most one). */
  readonly default: boolean;
  /** Reclaim policy (default Delete). */
  readonly reclaimPolicy: 'Delete' | 'Retain';
  /** Allow volume expansion (block only; default true for block, false for file). */
  readonly allowVolumeExpansion: boolean;
}

/** An Antrea ExternalIPPool for Egress. */
export interface EgressPoolConfig {
  /** Pool name. */
  readonly name: string;
  /** Ranges as CIDRs or `start-end`. */
  readonly ipRanges: string[];
  /** Nodes that may hold the egress IPs (empty = all nodes). */
  readonly nodeSelector: Record<string, string>;
}

/** An Antrea Egress: pods selected by labels leave the cluster with an IP from a pool. */
export interface EgressConfig {
  /** Egress name. */
  readonly name: string;
  /** The pool name (one of `antrea.egressPools`). */
  readonly pool: string;
  /** A fixed egress IP inside the pool (default: allocated by Antrea). @default - allocated by Antrea from the pool */
  readonly egressIP?: string;
  /** Pod labels to select (default: all pods of the selected namespaces). */
  readonly podLabels: Record<string, string>;
  /** Namespace labels to select (default: all namespaces). */
  readonly namespaceLabels: Record<string, string>;
}

/** A custom Antrea Tier. */
export interface TierConfig {
  /** Tier name. */
  readonly name: string;
  /** Priority 0-255 (Antrea's Tier rule): not reserved (251, 252, 254, 255; 220 with the ClusterNetworkPolicy gate), not a built-in tier's (50, 100, 150, 200, 250, 253), not another tier's. */
  readonly priority: number;
  /** Description. @default - no description */
  readonly description?: string;
}

/** Antrea settings. */
export interface AntreaSettingsConfig {
  /** Antrea Helm chart version installed by KubeKey (default 2.7.0). */
  readonly chartVersion: string;
  /** Feature gates that differ from Antrea's defaults (known gate names only). */
  readonly featureGates: Record<string, boolean>;
  /** Traffic encapsulation mode (default encap). */
  readonly trafficEncapMode: `${TrafficEncapMode}`;
  /** Traffic encryption (default none; only with encap). */
  readonly trafficEncryptionMode: `${TrafficEncryptionMode}`;
  /** NodePortLocal (default off, ports 61000-62000). */
  readonly nodePortLocal: { readonly enable: boolean; readonly portRange: string };
  /** Egress IP pools. Default: one example pool `prod-external-ip-pool` (10.10.0.2-10.10.0.20). */
  readonly egressPools: EgressPoolConfig[];
  /**
   * Egresses, each using one of `egressPools` by name. Default: the example Egress `egress-prod-web` on the example
   * pool; but when a config file (or Pulumi config) sets `antrea.egressPools` without `antrea.egresses`, the default
   * is `[]`, because the example Egress would refer to a pool that is no longer there.
   */
  readonly egresses: EgressConfig[];
  /** Custom tiers. */
  readonly tiers: TierConfig[];
}

/** A pool of identical node VMs. */
export interface NodePoolConfig {
  /** Pool name (a DNS-1123 label). */
  readonly name: string;
  /** Node role. */
  readonly role: NodeRole;
  /** Number of nodes (at least 1). */
  readonly count: number;
  /** vCPUs per node (more than 2). */
  readonly cpu: number;
  /** Memory per node in MiB (more than 4096). */
  readonly memoryMiB: number;
  /** System disk per node in GiB (more than 40). */
  readonly diskGiB: number;
  /** Node hostnames (default `<pool name>-<n>`, n from 1). */
  readonly hostnames: string[];
  /**
   * Static IPv4 addresses, one per node (omit for DHCP: then IPs are known only after the VMs exist).
   * @default - DHCP
   */
  readonly ipAddresses?: string[];
  /** IPv4 gateway for static addresses. @default - none */
  readonly ipv4Gateway?: string;
  /** IPv4 prefix length for static addresses. @default - 24 for static addresses (the node VM default) */
  readonly ipv4PrefixLength?: number;
  /** DNS servers for static addresses. @default - none (DHCP or the template's settings) */
  readonly dnsServers?: string[];
  /**
   * VM hardware version: 15 or 17-22 (no 16). The provider never downgrades a clone, so a version below the
   * template's is refused at `pulumi preview`; a higher one upgrades the clone.
   * @default - max(15, the template's hardware version)
   */
  readonly hardwareVersion?: number;
  /**
   * Node labels KubeKey applies after install (e.g. `network-role: egress-gateway` for the nodes an ExternalIPPool's
   * nodeSelector picks). The preflight schedules against them.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /** VM template to clone. */
  readonly template: string;
  /** Port group / network name. */
  readonly network: string;
  /** Datastore name. */
  readonly datastore: string;
  /**
   * Compute cluster whose root resource pool holds the VMs (the Pulumi path needs computeCluster or resourcePool).
   * @default - none: `resourcePool` is used
   */
  readonly computeCluster?: string;
  /** Resource pool path (default: the compute cluster's root pool). @default - the compute cluster's root pool */
  readonly resourcePool?: string;
  /** VM folder. @default - the datacenter's VM folder */
  readonly folder?: string;
}

/** KubeKey settings (SSH keys only: the config never holds an SSH password). */
export interface KubeKeySettingsConfig {
  /** Generate `kubekey/cluster.yaml` (default true). When true, kubernetesVersion must be one KubeKey supports. */
  readonly enabled: boolean;
  /** SSH access from the machine running kk. */
  readonly ssh: { readonly user: string; readonly port: number; readonly privateKeyPath: string };
  /** Container runtime (default containerd). */
  readonly containerManager: 'containerd' | 'docker';
  /** API endpoint. */
  readonly controlPlaneEndpoint: {
    readonly domain: string;
    readonly port: number;
    readonly address?: string;
    readonly internalLoadbalancer?: 'haproxy' | 'kube-vip';
  };
  /** Pod CIDR (default 10.233.64.0/18). */
  readonly podsCidr: string;
  /** Service CIDR (default 10.233.0.0/18). */
  readonly serviceCidr: string;
  /** kk renews certificates (default true). */
  readonly autoRenewCerts: boolean;
  /** Extra kubelet flags (`--cloud-provider=external` is always set). */
  readonly kubeletArgs: string[];
  /** Control-plane nodes also run workloads (default false). */
  readonly schedulableControlPlane: boolean;
}

/** The whole solution's configuration, with every default resolved. */
export interface SolutionConfig {
  /** Cluster name (a DNS-1123 label): KubeKey metadata.name and the default CSI cluster-id. */
  readonly clusterName: string;
  /** Kubernetes version, `vX.Y.Z`. */
  readonly kubernetesVersion: string;
  /** vCenters (1 to 5). */
  readonly vcenters: VCenterConfig[];
  /** How credentials reach the cluster. */
  readonly credentials: CredentialsConfig;
  /** vSphere CSI. */
  readonly csi: CsiSettingsConfig;
  /** StorageClasses. */
  readonly storageClasses: StorageClassConfig[];
  /** Antrea. */
  readonly antrea: AntreaSettingsConfig;
  /** Application namespaces (the ClusterPlatform's input). */
  readonly namespaces: ApplicationNamespaceProps[];
  /** Node pools. */
  readonly nodePools: NodePoolConfig[];
  /** KubeKey. */
  readonly kubekey: KubeKeySettingsConfig;
  /** What the cluster has before the stack is applied. */
  readonly prerequisites: PrerequisitesConfig;
}
