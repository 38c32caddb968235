import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { TrafficEncapMode, TrafficEncryptionMode } from '../antrea/antrea-config';
import { VsphereCredentials } from '../vsphere/credentials';
import { ClusterId } from '../vsphere/csi-config';
import { VolumeType } from '../vsphere/storage-class';
import { AntreaNetworking, BASELINE_ISOLATION_LABEL } from './antrea-networking';
import { ClusterPlatform } from './cluster-platform';
import { DemoWorkload } from './demo-workload';
import { SolutionConfig } from './config';
import { KubeKeyClusterConfig, kubeKeySpecFromConfig } from './kubekey';
import { VsphereStorage } from './vsphere-storage';

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
  public readonly storage: VsphereStorage;
  public readonly networking: AntreaNetworking;
  public readonly platform: ClusterPlatform;
  public readonly charts: Chart[];
  public readonly kubeKey?: KubeKeyClusterConfig;

  public constructor(app: App, id: string, props: KubernetesOnVsphereProps) {
    super(app, id);
    const config = props.config;
    const prefix = props.chartPrefix ?? '';
    const storageChart = new Chart(app, `${prefix}vsphere-storage`, { disableResourceNameHashes: true });
    const credentials = credentialsOf(config);
    this.storage = new VsphereStorage(storageChart, 'Storage', {
      vcenters: config.vcenters,
      kubernetesVersion: config.kubernetesVersion,
      clusterId: ClusterId.of(config.csi.clusterId),
      credentials,
      topologyCategories: config.csi.topologyCategories.length > 0 ? config.csi.topologyCategories : undefined,
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
    this.charts = [storageChart, networkingChart, platformChart];

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
