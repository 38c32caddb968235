/**
 * Example: vSphere storage for an existing Kubernetes v1.33.4 cluster, built from the L2 constructs.
 *
 * - the vSphere cloud-controller-manager (sets each node's ProviderID, which the CSI driver needs),
 * - the vSphere CSI driver v3.7.3 (supports Kubernetes 1.33 to 1.35),
 * - a default block StorageClass (`example-block-sc`, as in the source document) and a file StorageClass
 *   (`example-file-sc`, vSAN File Services, ReadWriteMany),
 * - a VolumeSnapshotClass and a ServiceMonitor for the CSI controller metrics.
 *
 * Credentials come from Secrets created out of band (`VsphereCredentials.fromExistingSecret()`): no credentials are in
 * the manifests; `extra/vsphere/create-secrets.sh` creates the Secrets from `VSPHERE_USERNAME` / `VSPHERE_PASSWORD`.
 *
 * Run: `npm run build && node build/examples/storage-only/main.js` (writes dist/examples/storage-only/).
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterModel, kubeadmNodeGroup, synthesize } from '../../lib/core';
import {
  CloudControllerManager,
  ClusterId,
  CsiDriver,
  CsiMetricsMonitor,
  NetPermissionAccess,
  VCenterProps,
  VsphereCredentials,
  VsphereStorageClass,
  SnapshotController,
  VsphereVolumeSnapshotClass,
} from '../../lib/vsphere';

/** The cluster's Kubernetes version: picks the CCM image (v1.33.x) and is checked against the CSI driver's window. */
export const KUBERNETES_VERSION = 'v1.33.4';

/** The vCenter that holds the node VMs. The CCM and the CSI driver read this one list. */
export const VCENTERS: VCenterProps[] = [
  {
    server: 'vcenter.example.internal',
    datacenters: ['Datacenter01'],
  },
];

/** Everything vSphere storage needs, in one chart (objects are ordered by their dependencies). */
export class VsphereStorageChart extends Chart {
  public readonly cloudControllerManager: CloudControllerManager;
  public readonly csiDriver: CsiDriver;
  public readonly blockClass: VsphereStorageClass;
  public readonly fileClass: VsphereStorageClass;
  public readonly snapshotClass: VsphereVolumeSnapshotClass;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // One set of credentials for the CCM and the CSI driver; the Secrets are created by extra/vsphere/create-secrets.sh.
    const credentials = VsphereCredentials.fromExistingSecret();

    this.cloudControllerManager = new CloudControllerManager(this, 'CloudControllerManager', {
      vcenters: VCENTERS,
      kubernetesVersion: KUBERNETES_VERSION,
      credentials,
    });

    this.csiDriver = new CsiDriver(this, 'CsiDriver', {
      vcenters: VCENTERS,
      kubernetesVersion: KUBERNETES_VERSION,
      // unique per vCenter: two clusters with the same cluster-id on one vCenter corrupt each other's volumes
      clusterId: ClusterId.of('example-cluster-01'),
      credentials,
      vsphereVersion: '8.0u3',
      // only the node network may mount file volumes (vSAN File Services)
      netPermissions: [{ name: 'node-network', ips: '192.168.100.0/24', permissions: NetPermissionAccess.READ_WRITE }],
      // the CSI objects are applied after the CCM, and the Kubernetes minors must match
      cloudControllerManager: this.cloudControllerManager,
    });

    this.blockClass = VsphereStorageClass.block(this, 'BlockClass', {
      name: 'example-block-sc',
      storagePolicyName: 'vSAN Default Storage Policy',
      isDefault: true,
    });
    this.fileClass = VsphereStorageClass.file(this, 'FileClass', {
      name: 'example-file-sc',
      storagePolicyName: 'vSAN Default Storage Policy',
    });
    for (const sc of [this.blockClass, this.fileClass]) sc.node.addDependency(this.csiDriver);

    // needs the snapshot CRDs and the snapshot-controller (external-snapshotter) in the cluster
    this.snapshotClass = new VsphereVolumeSnapshotClass(this, 'SnapshotClass', { dependsOn: [this.csiDriver] });
    // (the snapshot-controller chart is applied before this one: see build())

    // needs the prometheus-operator CRDs; `release: prometheus` is what a kube-prometheus-stack release selects
    new CsiMetricsMonitor(this, 'CsiMetrics', { labels: { release: 'prometheus' }, interval: '30s', dependsOn: [this.csiDriver] });
  }
}

/** Adds the example's chart to `app`. */
export function build(app: App): void {
  // The cluster this example targets: 3 control-plane nodes (one CSI controller replica each, the upstream count) and
  // 3 workers, installed with kubeadm/KubeKey. The preflight schedules every pod against them.
  const cluster = ClusterModel.of(app);
  cluster.setKubernetesVersion(KUBERNETES_VERSION);
  cluster.addNodeGroup(kubeadmNodeGroup({ name: 'control-plane', controlPlane: true, count: 3 }));
  cluster.addNodeGroup(kubeadmNodeGroup({ name: 'workers', controlPlane: false, count: 3 }));
  // The snapshot CRDs and controller, in a chart applied before the one that uses them.
  const snapshots = new Chart(app, 'snapshot-controller', { disableResourceNameHashes: true });
  new SnapshotController(snapshots, 'SnapshotController');
  const storage = new VsphereStorageChart(app, 'vsphere-storage');
  storage.addDependency(snapshots);
  // The ServiceMonitor needs prometheus-operator's CRDs, which this example does not install: declare who does.
  ClusterModel.of(app).addPrerequisiteCrd('monitoring.coreos.com/ServiceMonitor', 'kube-prometheus-stack (release "prometheus")');
}

if (require.main === module) {
  const app = new App({ outdir: 'dist/examples/storage-only/manifests' });
  build(app);
  const result = synthesize(app);
  for (const f of [...result.manifestFiles, ...result.extraFiles]) console.log(f);
  console.log(`${result.objectCount} objects`);
}
