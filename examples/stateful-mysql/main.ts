/**
 * Example: the source document's MySQL snapshot-and-restore flow, with a cdk8s-plus-27 StatefulSet.
 *
 * Three charts, one manifest file each, so they can be applied one step at a time:
 * 1. `mysql`: Namespace `demo`, MySQL StatefulSet `mysql` on PVC `mysql-data` (8Gi, vSphere block StorageClass).
 * 2. `mysql-snapshot`: VolumeSnapshot `mysql-snap` of `mysql-data` (a CNS snapshot of the block volume).
 * 3. `mysql-restore`: PVC `mysql-restore` restored from `mysql-snap`, and StatefulSet `mysql-restored` that runs MySQL
 *    on the restored data.
 *
 * The StorageClass `example-block-sc` and the VolumeSnapshotClass `vsphere-csi-snapshot-class` are referenced, not
 * created: the storage-only example (or your platform) creates them. The MySQL root password is read from the Secret
 * `mysql-root` (key `password`), created out of band, so no password is in the manifests:
 *
 *   kubectl -n demo create secret generic mysql-root --from-literal=password="$MYSQL_ROOT_PASSWORD"
 *
 * Run: `npm run build && node build/examples/stateful-mysql/main.js` (writes dist/examples/stateful-mysql/).
 */
import { ApiObject, App, Chart, ChartProps, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClusterModel, clusterScoped, kubeadmNodeGroup, synthesize } from '../../lib/core';
import {
  IVolumeSnapshotClass,
  IVsphereStorageClass,
  RestoredVolumeClaim,
  VolumeSnapshot,
  VolumeType,
  VsphereStorageClass,
  VsphereVolumeSnapshotClass,
  declareSnapshotCrdsInstalled,
} from '../../lib/vsphere';

/** The namespace of every object of this example. */
export const NAMESPACE = 'demo';
/** The MySQL image. */
export const MYSQL_IMAGE = 'mysql:8.4';
/** The Secret (created out of band) that holds the MySQL root password under the key `password`. */
export const ROOT_PASSWORD_SECRET = 'mysql-root';
/** The `mysql` user and group of the official image. */
const MYSQL_UID = 999;

/** Props of {@link MysqlStatefulSet}. */
export interface MysqlStatefulSetProps {
  /** Name of the StatefulSet and of its headless Service. */
  readonly name: string;
  /** The claim that holds the data directory (ReadWriteOnce, so one replica). */
  readonly claim: kplus.IPersistentVolumeClaim;
}

/**
 * A single-replica MySQL StatefulSet on one claim, with its headless Service. It runs as the image's `mysql` user with
 * a read-only root filesystem (the socket directory and /tmp are emptyDir volumes). The data directory is `data/` on the
 * volume: a fresh ext4 volume has `lost+found` at its root, and `mysqld --initialize` refuses a non-empty directory.
 */
export class MysqlStatefulSet extends Construct {
  public readonly statefulSet: kplus.StatefulSet;
  public readonly service: kplus.Service;

  public constructor(scope: Construct, id: string, props: MysqlStatefulSetProps) {
    super(scope, id);
    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: props.name },
      clusterIP: 'None',
      ports: [{ name: 'mysql', port: 3306, targetPort: 3306 }],
    });
    this.statefulSet = new kplus.StatefulSet(this, 'Resource', {
      metadata: { name: props.name },
      service: this.service,
      replicas: 1,
      podMetadata: { labels: { app: props.name } },
      // the volume root becomes group-writable for the mysql group; checked only at its root, so a restore of a large
      // volume does not walk every file
      securityContext: {
        ensureNonRoot: true,
        user: MYSQL_UID,
        group: MYSQL_UID,
        fsGroup: MYSQL_UID,
        fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
      },
      containers: [
        {
          name: 'mysql',
          image: MYSQL_IMAGE,
          args: ['--datadir=/var/lib/mysql/data'],
          ports: [{ name: 'mysql', number: 3306 }],
          envVariables: {
            MYSQL_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({
              secret: kplus.Secret.fromSecretName(this, 'RootPassword', ROOT_PASSWORD_SECRET),
              key: 'password',
            }),
          },
          resources: {
            cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
            memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
          },
          // `mysqladmin ping` succeeds as soon as the server answers, even without credentials
          readiness: kplus.Probe.fromCommand(['mysqladmin', 'ping', '-h', '127.0.0.1']),
          liveness: kplus.Probe.fromTcpSocket({ port: 3306, initialDelaySeconds: Duration.seconds(60) }),
        },
      ],
    });
    const mysql = this.statefulSet.containers[0];
    mysql.mount('/var/lib/mysql', kplus.Volume.fromPersistentVolumeClaim(this, 'Data', props.claim));
    mysql.mount('/var/run/mysqld', kplus.Volume.fromEmptyDir(this, 'Run', 'run'));
    mysql.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'Tmp', 'tmp'));
  }
}

/** Step 1: the Namespace, the data claim and the MySQL StatefulSet. */
export class MysqlChart extends Chart {
  /** The block StorageClass (CNS snapshots exist for block volumes only), created by the storage-only example. */
  public readonly storageClass: IVsphereStorageClass;
  /** The VolumeSnapshotClass, created by the storage-only example. */
  public readonly snapshotClass: IVolumeSnapshotClass;
  public readonly data: kplus.PersistentVolumeClaim;
  public readonly mysql: MysqlStatefulSet;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: NAMESPACE, ...props });
    this.storageClass = VsphereStorageClass.fromStorageClassName(this, 'BlockClass', 'example-block-sc', VolumeType.BLOCK);
    this.snapshotClass = VsphereVolumeSnapshotClass.fromVolumeSnapshotClassName(this, 'SnapshotClass', 'vsphere-csi-snapshot-class');
    const ns = new kplus.Namespace(this, 'Namespace', { metadata: { name: NAMESPACE } });
    clusterScoped(ApiObject.of(ns));
    this.data = new kplus.PersistentVolumeClaim(this, 'Data', {
      metadata: { name: 'mysql-data' },
      storageClassName: this.storageClass.name,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      storage: Size.gibibytes(8),
    });
    this.mysql = new MysqlStatefulSet(this, 'Mysql', { name: 'mysql', claim: this.data });
    this.mysql.node.addDependency(this.data);
    for (const child of this.node.children) if (child !== ns) child.node.addDependency(ns);
  }
}

/** Props of {@link MysqlRestoreChart}. */
export interface MysqlRestoreChartProps extends ChartProps {
  /** The snapshot to restore. */
  readonly snapshot: VolumeSnapshot;
  /** The block StorageClass of the restored volume. */
  readonly storageClass: IVsphereStorageClass;
}

/** Step 3: a claim restored from the snapshot and a second MySQL on it. */
export class MysqlRestoreChart extends Chart {
  public readonly restored: RestoredVolumeClaim;

  public constructor(scope: Construct, id: string, props: MysqlRestoreChartProps) {
    super(scope, id, { namespace: NAMESPACE, ...props });
    this.restored = new RestoredVolumeClaim(this, 'Restored', {
      name: 'mysql-restore',
      snapshot: props.snapshot,
      storageClass: props.storageClass,
      // at least the size of the snapshotted claim (checked)
      storage: Size.gibibytes(8),
    });
    new MysqlStatefulSet(this, 'Mysql', { name: 'mysql-restored', claim: this.restored }).node.addDependency(this.restored);
  }
}

/** Adds the example's three charts to `app`, in apply order. */
export function build(app: App): void {
  // The cluster: 1 control-plane node and 2 workers (the MySQL pods run on a worker).
  ClusterModel.of(app).addNodeGroup(kubeadmNodeGroup({ name: 'control-plane', controlPlane: true, count: 1 }));
  ClusterModel.of(app).addNodeGroup(kubeadmNodeGroup({ name: 'workers', controlPlane: false, count: 2 }));
  // The snapshot CRDs come with the storage-only example's SnapshotController, applied first.
  declareSnapshotCrdsInstalled(app, 'the storage-only example (SnapshotController)');
  ClusterModel.of(app).addExternalObject({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: NAMESPACE,
    name: ROOT_PASSWORD_SECRET,
    keys: ['password'],
    providedBy: 'kubectl -n demo create secret generic mysql-root (see the header of this file)',
  });
  const mysql = new MysqlChart(app, 'mysql');

  const snapshotChart = new Chart(app, 'mysql-snapshot', { namespace: NAMESPACE });
  const snapshot = new VolumeSnapshot(snapshotChart, 'Snapshot', {
    name: 'mysql-snap',
    source: mysql.data,
    snapshotClass: mysql.snapshotClass,
  });
  snapshotChart.addDependency(mysql);

  const restore = new MysqlRestoreChart(app, 'mysql-restore', { snapshot, storageClass: mysql.storageClass });
  restore.addDependency(snapshotChart);
}

if (require.main === module) {
  const app = new App({ outdir: 'dist/examples/stateful-mysql/manifests' });
  build(app);
  const result = synthesize(app);
  for (const f of [...result.manifestFiles, ...result.extraFiles]) console.log(f);
  console.log(`${result.objectCount} objects`);
}
