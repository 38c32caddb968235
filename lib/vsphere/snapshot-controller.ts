import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { SNAPSHOT_CRDS } from '../../imports/snapshot-crds';
import { ClusterModel } from '../core/cluster-model';
import { clusterScoped } from '../core/cluster-scoped';
import { fail } from '../core/errors';

/** The snapshot-controller release the vSphere CSI driver 3.7.3 qualifies (its `deploy-csi-snapshot-components.sh`). */
export const DEFAULT_SNAPSHOT_CONTROLLER_VERSION = 'v8.2.0';
const NS = 'kube-system';
const NAME = 'snapshot-controller';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/** Props of {@link SnapshotController}. */
export interface SnapshotControllerProps {
  /**
   * Install the `snapshot.storage.k8s.io` CRDs (VolumeSnapshot, VolumeSnapshotContent, VolumeSnapshotClass; external-snapshotter
   * v8.6.0 files, identical to v8.2.0's). Set false when the cluster already has them (then declare them as a prerequisite).
   * @default true
   */
  readonly installCrds?: boolean;
  /**
   * Controller replicas (leader election: one is active).
   * @default 2 (upstream)
   */
  readonly replicas?: number;
  /**
   * The snapshot-controller image tag.
   * @default DEFAULT_SNAPSHOT_CONTROLLER_VERSION
   */
  readonly version?: string;
  /**
   * Run on control-plane nodes only (node selector and toleration), as the vSphere CSI driver's deploy script does.
   * @default true
   */
  readonly controlPlaneOnly?: boolean;
}

/**
 * The CSI snapshot CRDs and the snapshot-controller (kubernetes-csi/external-snapshotter), which every VolumeSnapshot,
 * VolumeSnapshotClass and restore needs and which is not part of the vSphere CSI driver manifest. Objects as upstream's
 * `deploy/kubernetes/snapshot-controller` (ServiceAccount, ClusterRole `snapshot-controller-runner`, leader-election
 * Role, bindings, Deployment in kube-system), the image pinned to {@link DEFAULT_SNAPSHOT_CONTROLLER_VERSION}.
 */
export class SnapshotController extends Construct {
  /** The installed CRD objects (empty when `installCrds` is false). */
  public readonly crds: ApiObject[];
  /** The controller Deployment. */
  public readonly deployment: ApiObject;
  /** The image the Deployment runs. */
  public readonly image: string;

  public constructor(scope: Construct, id: string, props: SnapshotControllerProps = {}) {
    super(scope, id);
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 10) fail(this, 'replicas', replicas, 'an integer from 1 to 10');
    const version = props.version ?? DEFAULT_SNAPSHOT_CONTROLLER_VERSION;
    if (typeof version !== 'string' || !/^v8\.\d+\.\d+$/.test(version)) {
      fail(
        this,
        'version',
        version,
        'a snapshot-controller v8 release tag such as v8.2.0 (the installed CRDs are snapshot.storage.k8s.io/v1)',
      );
    }
    this.image = `registry.k8s.io/sig-storage/snapshot-controller:${version}`;
    // `status` of the upstream files is server-owned (the API server fills it): not part of what is applied.
    const crdObject = (crd: Record<string, any>): ApiObject =>
      clusterScoped(
        new ApiObject(this, crd.spec.names.kind, { apiVersion: crd.apiVersion, kind: crd.kind, metadata: crd.metadata, spec: crd.spec }),
      );
    this.crds = (props.installCrds ?? true) ? SNAPSHOT_CRDS.map(crdObject) : [];
    const sa = new ApiObject(this, 'ServiceAccount', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: NAME, namespace: NS } });
    const role = clusterScoped(
      new ApiObject(this, 'ClusterRole', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'snapshot-controller-runner' },
        rules: [
          { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
          { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch', 'create', 'update', 'patch'] },
          { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses'], verbs: ['get', 'list', 'watch'] },
          {
            apiGroups: ['snapshot.storage.k8s.io'],
            resources: ['volumesnapshotcontents'],
            verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'],
          },
          { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['patch'] },
          {
            apiGroups: ['snapshot.storage.k8s.io'],
            resources: ['volumesnapshots'],
            verbs: ['create', 'get', 'list', 'watch', 'update', 'patch', 'delete'],
          },
          { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots/status'], verbs: ['update', 'patch'] },
          { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotclasses'], verbs: ['get', 'list', 'watch'] },
          {
            apiGroups: ['groupsnapshot.storage.k8s.io'],
            resources: ['volumegroupsnapshotcontents'],
            verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'],
          },
          { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotcontents/status'], verbs: ['patch'] },
          {
            apiGroups: ['groupsnapshot.storage.k8s.io'],
            resources: ['volumegroupsnapshots'],
            verbs: ['get', 'list', 'watch', 'update', 'patch'],
          },
          { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshots/status'], verbs: ['update', 'patch'] },
        ],
      }),
    );
    const binding = clusterScoped(
      new ApiObject(this, 'ClusterRoleBinding', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'snapshot-controller-role' },
        subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NS }],
        roleRef: { kind: 'ClusterRole', name: 'snapshot-controller-runner', apiGroup: 'rbac.authorization.k8s.io' },
      }),
    );
    const leRole = new ApiObject(this, 'LeaderElectionRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'snapshot-controller-leaderelection', namespace: NS },
      rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'watch', 'list', 'delete', 'update', 'create'] }],
    });
    const leBinding = new ApiObject(this, 'LeaderElectionRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'snapshot-controller-leaderelection', namespace: NS },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NS }],
      roleRef: { kind: 'Role', name: 'snapshot-controller-leaderelection', apiGroup: 'rbac.authorization.k8s.io' },
    });
    const labels = { 'app.kubernetes.io/name': NAME };
    const podSpec: Record<string, unknown> = {
      serviceAccountName: NAME,
      containers: [{ name: NAME, image: this.image, args: ['--v=5', '--leader-election=true'], imagePullPolicy: 'IfNotPresent' }],
    };
    if (props.controlPlaneOnly ?? true) {
      podSpec.nodeSelector = { [CONTROL_PLANE]: '' };
      podSpec.tolerations = [{ key: CONTROL_PLANE, operator: 'Exists', effect: 'NoSchedule' }];
    }
    this.deployment = new ApiObject(this, 'Deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: NAME, namespace: NS },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        // The controller is not ready until the v1 CRDs are served (--retry-crd-interval-max, 30 s by default).
        minReadySeconds: 35,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        template: { metadata: { labels }, spec: podSpec },
      },
    });
    for (const o of [sa, role, binding, leRole, leBinding]) this.deployment.addDependency(o);
    for (const crd of this.crds) this.deployment.addDependency(crd);
  }
}

/**
 * Declares that the cluster already has the `snapshot.storage.k8s.io` CRDs (and a snapshot-controller), for the
 * preflight's CRD check, when this App does not install them with a {@link SnapshotController}.
 * @param providedBy who installs them, for messages
 */
export function declareSnapshotCrdsInstalled(scope: IConstruct, providedBy: string): void {
  const model = ClusterModel.of(scope);
  for (const crd of SNAPSHOT_CRDS) model.addPrerequisiteCrd(`${crd.spec.group}/${crd.spec.names.kind}`, providedBy);
}
