import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { TrafficEncapMode, TrafficEncryptionMode } from '../antrea/antrea-config';
import { VsphereCredentials } from '../vsphere/credentials';
import { ClusterId } from '../vsphere/csi-config';
import { VolumeType } from '../vsphere/storage-class';
import { AntreaNetworking, BASELINE_ISOLATION_LABEL } from './antrea-networking';
import { ClusterPlatform } from '../platform';
import { DemoWorkload } from './demo-workload';
import { SolutionConfig } from './config';
import { KubeKeyClusterConfig } from '../kubekey';
import { kubeKeySpecFromConfig } from './kubekey-spec';
import { VsphereStorage } from './vsphere-storage';
import { ClusterModel, kubeadmNodeGroup } from '../core/cluster-model';
import { NodeGroupFacts } from '../core/preflight/types';
import { declareSnapshotCrdsInstalled, SnapshotController } from '../vsphere/snapshot-controller';
import { declareAntreaInstalled } from '../antrea/antrea-crds';

/** Props of {@link KubernetesOnVsphere}. */
export interface KubernetesOnVsphereProps {
  /** The whole solution's configuration (`loadSolutionConfig()`, `defaultSolutionConfig()` or `solutionConfigFromPulumi()`). */
  readonly config: SolutionConfig;
  /**
   * Node IPs known only at deploy time (hostname to IPv4), for the KubeKey config on the Pulumi path.
   * @default - the static IPs of the config's node pools
   */
  readonly nodeAddresses?: Record<string, string>;
  /**
   * Add a small demo workload ({@link DemoWorkload}: an unprivileged nginx, 2 replicas, admitted by Pod Security
   * `restricted`) exposed through a Service in the first application namespace, with NodePortLocal enabled on it when
   * `antrea.nodePortLocal.enable` is true, as the source document does.
   * @default true
   */
  readonly demoWorkload?: boolean;
  /**
   * A prefix for the chart ids (and so the manifest file names), to put two clusters into one App.
   * @default '' (charts `vsphere-storage`, `antrea-networking`, `cluster-platform`, `demo-workload`)
   */
  readonly chartPrefix?: string;
}

function credentialsOf(config: SolutionConfig): VsphereCredentials {
  const c = config.credentials;
  switch (c.mode) {
    case 'existing-secret':
      return VsphereCredentials.fromExistingSecret();
    case 'deploy-time':
      return VsphereCredentials.fromDeployTimeSecrets({ usernameKey: c.usernameKey, passwordKey: c.passwordKey });
    case 'plaintext':
      return VsphereCredentials.unsafePlainText({ username: c.username, password: c.password });
  }
}

/**
 * The reference solution: Kubernetes on vSphere with vSAN/CNS storage and Antrea networking, the platform the source
 * document ("KubeSphere and VMware Cloud Native Solution") builds by hand. It adds charts to an App, in apply order:
 *
 * 1. `vsphere-storage`: cloud-controller-manager, then the CSI driver, StorageClasses, snapshot class, CSI monitoring;
 * 2. `antrea-networking`: Antrea configuration, tiers, baseline policies, Egress pools;
 * 3. `cluster-platform`: application namespaces (Pod Security Standards, quotas, limit ranges, default-deny, RBAC);
 * 4. `demo-workload` (optional): an nginx Deployment with a NodePortLocal Service;
 *
 * plus the KubeKey `Cluster` config (`dist/extra/kubekey/cluster.yaml`, not applied), which bootstraps the cluster
 * with `--cloud-provider=external` and Antrea as an addon.
 */
export class KubernetesOnVsphere extends Construct {
  /** The snapshot CRDs and controller (chart `snapshot-controller`), unless snapshots are off or the cluster has them. */
  public readonly snapshotController?: SnapshotController;
  public readonly storage: VsphereStorage;
  public readonly networking: AntreaNetworking;
  public readonly platform: ClusterPlatform;
  public readonly charts: Chart[];
  public readonly kubeKey?: KubeKeyClusterConfig;

  public constructor(app: App, id: string, props: KubernetesOnVsphereProps) {
    super(app, id);
    const config = props.config;
    const prefix = props.chartPrefix ?? '';
    declareCluster(ClusterModel.of(app), config);
    let snapshotChart: Chart | undefined;
    if (config.csi.snapshots && config.csi.installSnapshotController) {
      snapshotChart = new Chart(app, `${prefix}snapshot-controller`, { disableResourceNameHashes: true });
      this.snapshotController = new SnapshotController(snapshotChart, 'SnapshotController');
    }
    const storageChart = new Chart(app, `${prefix}vsphere-storage`, { disableResourceNameHashes: true });
    if (snapshotChart) storageChart.addDependency(snapshotChart);
    const credentials = credentialsOf(config);
    this.storage = new VsphereStorage(storageChart, 'Storage', {
      vcenters: config.vcenters,
      kubernetesVersion: config.kubernetesVersion,
      clusterId: ClusterId.of(config.csi.clusterId),
      credentials,
      topologyCategories: config.csi.topologyCategories.length > 0 ? config.csi.topologyCategories : undefined,
      csiControllerReplicas: config.csi.controllerReplicas ?? Math.min(3, controlPlaneCount(config)),
      snapshotClass: config.csi.snapshots,
      snapshotController: this.snapshotController,
      metricsMonitor: config.csi.metricsMonitor,
      storageClasses: config.storageClasses.map((s) => ({
        name: s.name,
        volumeType: s.type === 'file' ? VolumeType.FILE : VolumeType.BLOCK,
        storagePolicyName: s.storagePolicyName,
        datastoreUrl: s.datastoreUrl,
        fsType: s.fsType,
        isDefault: s.default,
        reclaimPolicy: s.reclaimPolicy,
        allowVolumeExpansion: s.type === 'file' ? undefined : s.allowVolumeExpansion,
      })),
    });

    const networkingChart = new Chart(app, `${prefix}antrea-networking`, { disableResourceNameHashes: true });
    // Antrea's policy webhook (antrea-controller) only runs once the CCM has initialized the nodes (it does not tolerate
    // the uninitialized taint), and the webhook refuses policies while it has no endpoint: storage (CCM) goes first.
    networkingChart.addDependency(storageChart);
    const a = config.antrea;
    this.networking = new AntreaNetworking(networkingChart, 'Networking', {
      config: {
        featureGates: a.featureGates,
        trafficEncapMode: a.trafficEncapMode as TrafficEncapMode,
        trafficEncryptionMode: a.trafficEncryptionMode as TrafficEncryptionMode,
        nodePortLocal: { enable: a.nodePortLocal.enable, portRange: a.nodePortLocal.portRange },
      },
      tiers: a.tiers,
      egressPools: a.egressPools,
      egresses: a.egresses,
    });

    const platformChart = new Chart(app, `${prefix}cluster-platform`, { disableResourceNameHashes: true });
    this.platform = new ClusterPlatform(platformChart, 'Platform', {
      namespaces: config.namespaces.map((ns) =>
        Object.assign({}, ns, { labels: { [BASELINE_ISOLATION_LABEL]: 'baseline', ...(ns.labels ?? {}) } }),
      ),
    });
    this.charts = [...(snapshotChart ? [snapshotChart] : []), storageChart, networkingChart, platformChart];

    if ((props.demoWorkload ?? true) && config.namespaces.length > 0) {
      const demoChart = new Chart(app, `${prefix}demo-workload`, { disableResourceNameHashes: true, namespace: config.namespaces[0].name });
      demoChart.addDependency(platformChart);
      // NodePortLocal when Antrea has it on (the default); a plain ClusterIP Service otherwise
      new DemoWorkload(demoChart, 'nginx', { nodePortLocal: a.nodePortLocal.enable });
      this.charts.push(demoChart);
    }

    if (config.kubekey.enabled) {
      this.kubeKey = new KubeKeyClusterConfig(this, 'KubeKey', kubeKeySpecFromConfig(config, props.nodeAddresses));
    }
  }
}

function controlPlaneCount(config: SolutionConfig): number {
  return config.nodePools.filter((p) => p.role === 'control-plane').reduce((sum, p) => sum + p.count, 0);
}

/**
 * The node groups a KubeKey-installed cluster of these pools has once installed: kubeadm labels control-plane nodes
 * `node-role.kubernetes.io/control-plane` and taints them NoSchedule (unless `kubekey.schedulableControlPlane`); KubeKey
 * labels workers `node-role.kubernetes.io/worker`. Every node is linux (kubernetes.io/os). The transient
 * `node.cloudprovider.kubernetes.io/uninitialized` taint (removed by the CCM) is not modelled.
 * @internal
 */
export function nodeGroupsOf(config: SolutionConfig): NodeGroupFacts[] {
  return config.nodePools.map((pool) =>
    kubeadmNodeGroup({
      name: pool.name,
      controlPlane: pool.role === 'control-plane',
      count: pool.count,
      labels: pool.labels,
      schedulable: config.kubekey.schedulableControlPlane,
    }),
  );
}

function declareCluster(model: ClusterModel, config: SolutionConfig): void {
  model.setKubernetesVersion(config.kubernetesVersion);
  for (const g of nodeGroupsOf(config)) model.addNodeGroup(g);
  // Antrea is the cluster's CNI: KubeKey installs it as a Helm addon (or, with kubekey.enabled false, you do).
  declareAntreaInstalled(
    model,
    config.kubekey.enabled ? `Antrea ${config.antrea.chartVersion} (KubeKey addon)` : 'your Antrea installation',
  );
  for (const crd of config.prerequisites.crds) model.addPrerequisiteCrd(crd, 'the cluster (prerequisites.crds in the config)');
  if (config.csi.snapshots && !config.csi.installSnapshotController) {
    declareSnapshotCrdsInstalled(model, 'the cluster (csi.installSnapshotController: false)');
  }
}
