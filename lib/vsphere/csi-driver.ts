import { kubeObject } from '../core/kube-object';
import { VsphereConnectionProps } from './connection';
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck, fail } from '../core/errors';
import { ExtraFile } from '../core/extra-file';
import { warn } from '../core/secret-value';
import { ICloudControllerManager } from './cloud-controller-manager';
import { parseKubernetesVersion } from './cpi-versions';
import { CSI_CONFIG_TEMPLATE_PATH, CreateSecretsScript, VsphereCredentials } from './credentials';
import { checkCsiCompatibility, DEFAULT_CSI_VERSION, requireVsphereFeature } from './csi-compatibility';
import {
  ClusterId,
  CsiConfig,
  CsiConfigCredentialsRendering,
  CsiSnapshotProps,
  NetPermission,
  renderCsiConfig,
  validateCsiConfig,
  WELL_KNOWN_DEFAULT_CLUSTER_ID,
} from './csi-config';
import { CsiDriverManifest } from './csi-driver-manifest';
import { ResolvedVCenter, VCenterProps, warnSystemPoolOnly } from './vcenter';
import { ClusterModel } from '../core/cluster-model';

/** Props of {@link CsiDriver}. */
export interface CsiDriverProps extends VsphereConnectionProps {
  /** The vCenters (at most 5; more than one needs `topologyCategories`). One `[VirtualCenter "<server>"]` section each. */
  readonly vcenters: VCenterProps[];
  /**
   * The CNS cluster id. Required and explicit: the same cluster-id on two clusters of one vCenter corrupts volumes.
   * Use `ClusterId.of('<unique per vCenter>')` or `ClusterId.generatedByDriver()`.
   */
  readonly clusterId: ClusterId;
  /** The cluster's Kubernetes version (`1.33`, `1.33.2` or `v1.33.2`); checked against the driver's window. */
  readonly kubernetesVersion: string;
  /**
   * The driver release.
   * @default DEFAULT_CSI_VERSION
   */
  readonly version?: string;
  /**
   * The vCenter version (`8.0u2`, `7.0U3`, `7.0.3`), checked against the CNS minimum and the features used
   * (snapshot limits need 7.0U3, NetPermissions for file volumes need 7.0).
   * @default - not checked
   */
  readonly vsphereVersion?: string;
  /**
   * vSphere tag categories for topology (`[Labels] topology-categories`, at most 5); also turns on the provisioner's
   * topology flags. Node labels become `topology.csi.vmware.com/<category>`.
   * @default - no topology
   */
  readonly topologyCategories?: string[];
  /**
   * Deprecated zone tag category (`[Labels] zone`); cannot be combined with `topologyCategories`.
   * @default - none
   * @deprecated use topologyCategories
   */
  readonly zoneCategory?: string;
  /**
   * Deprecated region tag category (`[Labels] region`); cannot be combined with `topologyCategories`.
   * @default - none
   * @deprecated use topologyCategories
   */
  readonly regionCategory?: string;
  /**
   * File-volume (vSAN File Services) client permissions, one `[NetPermissions "<name>"]` section each (sorted by name).
   * @default - none: the driver allows `*` READ_WRITE without root squash
   */
  readonly netPermissions?: NetPermission[];
  /**
   * Snapshot limits (`[Snapshot]`).
   * @default - the driver's defaults
   */
  readonly snapshot?: CsiSnapshotProps;
  /**
   * `[Global] cluster-distribution` (free text, at most 128 characters).
   * @default - none
   */
  readonly clusterDistribution?: string;
  /**
   * Also deploy the Windows node DaemonSet.
   * @default false
   */
  readonly windows?: boolean;
  /**
   * Controller Deployment replicas.
   * @default 3
   */
  readonly controllerReplicas?: number;
  /**
   * The cloud-controller-manager of the cluster. The CSI objects are ordered after it (the driver needs the
   * `spec.providerID` the CCM sets), and its Kubernetes minor must match.
   * @default - no ordering
   */
  readonly cloudControllerManager?: ICloudControllerManager;
}

const NAMESPACE = 'vmware-system-csi';
const CONFIG_SECRET = 'vsphere-config-secret';
const CONFIG_KEY = 'csi-vsphere.conf';

/** All CsiDrivers per App root, for the cluster-id uniqueness check (one index per synth, O(n)). */
const DRIVERS = new WeakMap<IConstruct, { drivers: CsiDriver[]; index?: { size: number; byKey: Map<string, CsiDriver> } }>();

function clusterIdIndex(root: IConstruct): Map<string, CsiDriver> {
  const reg = DRIVERS.get(root)!;
  if (!reg.index || reg.index.size !== reg.drivers.length) {
    const byKey = new Map<string, CsiDriver>();
    for (const d of reg.drivers) {
      if (d.clusterId.value === undefined) continue;
      for (const v of d.vcenters) {
        const key = `${v.server.toLowerCase()}\u0000${d.clusterId.value}`;
        if (!byKey.has(key)) byKey.set(key, d);
      }
    }
    reg.index = { size: reg.drivers.length, byKey };
  }
  return reg.index.byKey;
}

/**
 * The vSphere CSI driver (CNS block and file volumes) with its configuration: Namespace `vmware-system-csi`,
 * the `csi-vsphere.conf` Secret `vsphere-config-secret` (gcfg INI) and the upstream driver objects
 * ({@link CsiDriverManifest}).
 *
 * Mirrors the driver's start-up checks: the user is `user@domain` or `DOMAIN\user`; at most 5 vCenters, and more than
 * one needs topology categories; cluster-id at most 64 characters; topology categories not combined with the
 * deprecated zone/region; NetPermissions permissions READ_WRITE, READ_ONLY or NO_ACCESS. Two CsiDrivers of one App
 * with the same explicit cluster-id on the same vCenter are an error at synth.
 *
 * Credentials: with {@link VsphereCredentials.fromExistingSecret} (default) the Secret is not in the manifests;
 * `vsphere/csi-vsphere.conf.template` and `vsphere/create-secrets.sh` are emitted instead (not applied).
 */
export class CsiDriver extends Construct {
  /** The namespace of the driver (`vmware-system-csi`). */
  public readonly namespace: string = NAMESPACE;
  /** The config Secret (`vsphere-config-secret`, key `csi-vsphere.conf`). */
  public readonly configSecretName: string = CONFIG_SECRET;
  /** The driver release (`3.7.3`). */
  public readonly version: string;
  /** The cluster id. */
  public readonly clusterId: ClusterId;
  /** The credentials. */
  public readonly credentials: VsphereCredentials;
  /** The upstream driver objects. */
  public readonly manifest: CsiDriverManifest;
  /**
   * The rendered `csi-vsphere.conf`: with rendered credentials, the Secret's content (placeholders or plaintext);
   * with {@link VsphereCredentials.fromExistingSecret}, the template with the user/password markers.
   */
  public readonly configFile: string;
  private readonly config: CsiConfig;

  public constructor(scope: Construct, id: string, props: CsiDriverProps) {
    super(scope, id);
    if (props === null || typeof props !== 'object')
      fail(this, 'props', props, 'CsiDriverProps { vcenters, clusterId, kubernetesVersion }');
    this.credentials = props.credentials ?? VsphereCredentials.fromExistingSecret();
    if (!(this.credentials instanceof VsphereCredentials)) {
      fail(this, 'credentials', props.credentials, 'a VsphereCredentials (fromExistingSecret, fromDeployTimeSecrets or unsafePlainText)');
    }
    this.config = validateCsiConfig(this, Object.assign({}, props, { credentials: this.credentials }));
    this.clusterId = props.clusterId;
    this.version = props.version ?? DEFAULT_CSI_VERSION;
    checkCsiCompatibility(this, this.version, props.kubernetesVersion, props.vsphereVersion, { csiVersion: 'version' });
    if (props.vsphereVersion !== undefined) {
      if ((props.netPermissions ?? []).length > 0) requireVsphereFeature(this, 'vsphereVersion', 'file-volumes', props.vsphereVersion);
      if (props.snapshot !== undefined) requireVsphereFeature(this, 'vsphereVersion', 'volume-snapshots', props.vsphereVersion);
    }
    const ccm = props.cloudControllerManager;
    if (ccm !== undefined) {
      const ours = parseKubernetesVersion(this, 'kubernetesVersion', props.kubernetesVersion);
      const theirs = parseKubernetesVersion(ccm, 'kubernetesVersion', ccm.kubernetesVersion);
      if (ours.text !== theirs.text) {
        fail(
          this,
          'kubernetesVersion',
          props.kubernetesVersion,
          `the Kubernetes minor of the cloud-controller-manager ${ccm.node.path} (${theirs.text})`,
        );
      }
    }
    if (this.clusterId.value === WELL_KNOWN_DEFAULT_CLUSTER_ID) {
      warn(
        this,
        `clusterId "${WELL_KNOWN_DEFAULT_CLUSTER_ID}" is the well-known example value; the same cluster-id on two clusters of one vCenter corrupts volumes: use a unique id or ClusterId.generatedByDriver()`,
      );
    }

    // The node plugin is privileged (hostPath, SYS_ADMIN, hostNetwork): admitted only by Pod Security privileged, which
    // this label requests explicitly so that a cluster whose admission default is baseline or restricted admits it too.
    const ns = clusterScoped(
      kubeObject(this, 'Namespace', 'Namespace', {
        metadata: { name: NAMESPACE, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
      }),
    );

    warnSystemPoolOnly(this, this.config.vcenters);
    // Each vCenter CA certificate is a further key of the config Secret, which is mounted at /etc/cloud.
    const cas = this.config.vcenters.flatMap((v) => (v.caCertificate ? [v.caCertificate] : []));
    let secret: ApiObject | undefined;
    if (this.credentials.rendersSecrets) {
      this.configFile = renderCsiConfig(this, this.config, CsiConfigCredentialsRendering.VALUES);
      const stringData: Record<string, string> = { [CONFIG_KEY]: this.configFile };
      for (const ca of cas) stringData[ca.key] = ca.pem;
      secret = kubeObject(this, 'ConfigSecret', 'Secret', {
        metadata: { name: CONFIG_SECRET, namespace: NAMESPACE },
        type: 'Opaque',
        stringData,
      });
      secret.addDependency(ns);
      this.credentials.warnIfPlainText(this, `Secret ${NAMESPACE}/${CONFIG_SECRET}`);
    } else {
      this.configFile = renderCsiConfig(this, this.config, CsiConfigCredentialsRendering.TEMPLATE_MARKERS);
      new ExtraFile(this, 'ConfigTemplate', { path: CSI_CONFIG_TEMPLATE_PATH, content: this.configFile });
      for (const ca of cas) new ExtraFile(this, `CaCertificate-${ca.key}`, { path: `vsphere/${ca.key}`, content: ca.pem });
      CreateSecretsScript.of(this).addCsiConfigSecret(
        CONFIG_SECRET,
        NAMESPACE,
        CONFIG_KEY,
        cas.map((ca) => ca.key),
      );
      ClusterModel.of(this).addExternalObject({
        apiVersion: 'v1',
        kind: 'Secret',
        namespace: NAMESPACE,
        name: CONFIG_SECRET,
        keys: [CONFIG_KEY, ...cas.map((ca) => ca.key)],
        providedBy: 'vsphere/create-secrets.sh (extras folder)',
      });
    }

    this.manifest = new CsiDriverManifest(this, 'Driver', {
      version: this.version,
      namespace: NAMESPACE,
      windows: props.windows,
      topology: this.config.topologyCategories.length > 0,
      configSecretName: CONFIG_SECRET,
      controllerReplicas: props.controllerReplicas,
    });
    this.manifest.node.addDependency(ns);
    if (secret) this.manifest.node.addDependency(secret);
    const model = ClusterModel.of(this);
    const controller = { kind: 'Deployment', namespace: NAMESPACE, name: 'vsphere-csi-controller' };
    for (const container of ['vsphere-csi-controller', 'vsphere-syncer']) {
      model.requireFile({ workload: controller, container, path: `/etc/cloud/${CONFIG_KEY}`, reason: 'VSPHERE_CSI_CONFIG' });
      for (const v of this.config.vcenters) {
        if (v.caFile !== undefined) {
          model.requireFile({
            workload: controller,
            container,
            path: v.caFile,
            reason: `csi-vsphere.conf [VirtualCenter "${v.server}"] ca-file`,
          });
        }
      }
    }
    if (ccm !== undefined) this.node.addDependency(ccm);

    const root = this.node.root;
    if (!DRIVERS.has(root)) DRIVERS.set(root, { drivers: [] });
    DRIVERS.get(root)!.drivers.push(this);
    addSynthCheck(this, () => {
      if (this.clusterId.value === undefined) return [];
      const index = clusterIdIndex(root);
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      for (const v of this.config.vcenters) {
        const first = index.get(`${v.server.toLowerCase()}\u0000${this.clusterId.value}`);
        if (first !== undefined && first !== this) {
          errors.push({
            field: 'clusterId',
            value: this.clusterId.value,
            allowed: `a cluster id not used by ${first.node.path} on the same vCenter ${v.server} (the same cluster-id on two clusters of one vCenter corrupts volumes)`,
          });
        }
      }
      return errors;
    });
  }

  /** The validated vCenters (a copy). */
  public get vcenters(): ResolvedVCenter[] {
    return this.config.vcenters.map((v) => Object.assign({}, v, { datacenters: [...v.datacenters] }));
  }

  /** The topology categories (a copy). */
  public get topologyCategories(): string[] {
    return [...this.config.topologyCategories];
  }
}
