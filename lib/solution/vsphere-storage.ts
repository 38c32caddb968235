import { Construct } from 'constructs';
import { CloudControllerManager, CloudControllerManagerNodesProps } from '../vsphere/cloud-controller-manager';
import { VsphereCredentials } from '../vsphere/credentials';
import { ClusterId, NetPermission } from '../vsphere/csi-config';
import { CsiDriver } from '../vsphere/csi-driver';
import { CsiMetricsMonitor } from '../vsphere/csi-metrics-monitor';
import {
  VsphereStorageClass,
  VolumeType,
  BlockFsType,
  FileFsType,
  StorageReclaimPolicy,
  TopologyRequirement,
} from '../vsphere/storage-class';
import { VCenterProps } from '../vsphere/vcenter';
import { SnapshotController } from '../vsphere/snapshot-controller';
import { VsphereVolumeSnapshotClass } from '../vsphere/volume-snapshot-class';

/** One StorageClass of a {@link VsphereStorage} stack. */
export interface VsphereStorageClassSpec {
  /** The StorageClass name. */
  readonly name: string;
  /**
   * Block (RWO) or file (RWX, vSAN File Services).
   * @default VolumeType.BLOCK
   */
  readonly volumeType?: VolumeType;
  /**
   * SPBM storage policy name.
   * @default - the datastore's default policy
   */
  readonly storagePolicyName?: string;
  /**
   * Datastore URL (`ds:///vmfs/volumes/.../`).
   * @default - any datastore that matches the policy
   */
  readonly datastoreUrl?: string;
  /**
   * Filesystem (ext4/ext3/xfs for block, nfs4 for file).
   * @default - ext4 for block, nfs4 for file
   */
  readonly fsType?: string;
  /**
   * The cluster default StorageClass (at most one in the app).
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Reclaim policy.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: StorageReclaimPolicy;
  /**
   * Allow volume expansion (block only).
   * @default - true for block, false for file
   */
  readonly allowVolumeExpansion?: boolean;
  /**
   * Topology restrictions.
   * @default - none
   */
  readonly topology?: TopologyRequirement[];
}

/** Props of {@link VsphereStorage}. */
export interface VsphereStorageProps {
  /** The vCenters that hold the node VMs (the CCM and the CSI driver read the same list). */
  readonly vcenters: VCenterProps[];
  /** The cluster's Kubernetes version (`v1.33.4`): picks the CCM image and is checked against the CSI window. */
  readonly kubernetesVersion: string;
  /** The CNS cluster id: unique per vCenter (`ClusterId.of(...)` or `ClusterId.generatedByDriver()`). */
  readonly clusterId: ClusterId;
  /**
   * vCenter credentials, shared by the CCM and the CSI driver.
   * @default VsphereCredentials.fromExistingSecret()
   */
  readonly credentials?: VsphereCredentials;
  /**
   * The CSI driver release.
   * @default - DEFAULT_CSI_VERSION
   */
  readonly csiVersion?: string;
  /**
   * vSphere tag categories for topology (CSI `topology-categories`; the CCM gets the first two as region and zone).
   * @default - no topology
   */
  readonly topologyCategories?: string[];
  /**
   * vSAN File Services permissions for file volumes.
   * @default - the driver's default (`*` READ_WRITE)
   */
  readonly netPermissions?: NetPermission[];
  /**
   * CCM node address selection (`nodes` section of vsphere.conf).
   * @default - CCM defaults
   */
  readonly ccmNodes?: CloudControllerManagerNodesProps;
  /**
   * StorageClasses to create.
   * @default - one default block class `vsphere-csi-block`
   */
  readonly storageClasses?: VsphereStorageClassSpec[];
  /**
   * CSI controller Deployment replicas: at most the number of control-plane nodes (the pods repel each other per node
   * and run on control-plane nodes only).
   * @default 3 (upstream)
   */
  readonly csiControllerReplicas?: number;
  /**
   * Create a VolumeSnapshotClass (`vsphere-csi-snapshot-class`). It needs the snapshot CRDs and snapshot-controller:
   * pass `snapshotController` (a {@link SnapshotController} in an earlier chart) or declare the CRDs as prerequisites
   * (`ClusterModel.of(scope).addPrerequisiteCrd(...)`); the preflight refuses a snapshot class without its CRD.
   * @default false
   */
  readonly snapshotClass?: boolean;
  /**
   * The snapshot-controller installation the snapshot class is applied after.
   * @default - none
   */
  readonly snapshotController?: SnapshotController;
  /**
   * Create a ServiceMonitor for the CSI controller metrics (ports 2112 `ctlr` and 2113 `syncer`). It needs the
   * prometheus-operator CRDs, which this library does not install: declare `monitoring.coreos.com/ServiceMonitor` as a
   * prerequisite (`ClusterModel.of(scope).addPrerequisiteCrd(...)`), or the preflight refuses it.
   * @default false
   */
  readonly metricsMonitor?: boolean;
}

/**
 * L3: vSphere storage for a cluster: the cloud-controller-manager, the CSI driver, StorageClasses, a
 * VolumeSnapshotClass and CSI metrics monitoring, with the CCM ordered before the CSI driver (the driver needs the
 * ProviderID the CCM sets on each node).
 */
export class VsphereStorage extends Construct {
  public readonly cloudControllerManager: CloudControllerManager;
  public readonly csiDriver: CsiDriver;
  public readonly storageClasses: VsphereStorageClass[];
  public readonly snapshotClass?: VsphereVolumeSnapshotClass;
  public readonly metricsMonitor?: CsiMetricsMonitor;

  public constructor(scope: Construct, id: string, props: VsphereStorageProps) {
    super(scope, id);
    const credentials = props.credentials ?? VsphereCredentials.fromExistingSecret();
    const categories = props.topologyCategories ?? [];
    this.cloudControllerManager = new CloudControllerManager(this, 'CloudControllerManager', {
      vcenters: props.vcenters,
      kubernetesVersion: props.kubernetesVersion,
      credentials,
      regionCategory: categories.length >= 2 ? categories[0] : undefined,
      zoneCategory: categories.length >= 2 ? categories[1] : categories[0],
      nodes: props.ccmNodes,
    });
    this.csiDriver = new CsiDriver(this, 'CsiDriver', {
      vcenters: props.vcenters,
      kubernetesVersion: props.kubernetesVersion,
      clusterId: props.clusterId,
      credentials,
      version: props.csiVersion,
      topologyCategories: categories.length > 0 ? categories : undefined,
      netPermissions: props.netPermissions,
      cloudControllerManager: this.cloudControllerManager,
      controllerReplicas: props.csiControllerReplicas,
    });
    const specs = props.storageClasses ?? [{ name: 'vsphere-csi-block', isDefault: true }];
    this.storageClasses = specs.map((s, i) => {
      const sc = new VsphereStorageClass(this, `StorageClass${i}`, {
        name: s.name,
        volumeType: s.volumeType,
        storagePolicyName: s.storagePolicyName,
        datastoreUrl: s.datastoreUrl,
        fsType: s.fsType as BlockFsType | FileFsType | undefined,
        isDefault: s.isDefault,
        reclaimPolicy: s.reclaimPolicy,
        allowVolumeExpansion: s.allowVolumeExpansion,
        topology: s.topology,
      });
      sc.node.addDependency(this.csiDriver);
      return sc;
    });
    if (props.snapshotClass ?? false) {
      const deps: Construct[] = [this.csiDriver];
      if (props.snapshotController) deps.push(props.snapshotController);
      this.snapshotClass = new VsphereVolumeSnapshotClass(this, 'SnapshotClass', { dependsOn: deps });
    }
    if (props.metricsMonitor ?? false) {
      this.metricsMonitor = new CsiMetricsMonitor(this, 'CsiMetricsMonitor', { dependsOn: [this.csiDriver] });
    }
  }
}
