import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import { SNAPSHOT_CRDS } from '../../imports/snapshot-crds';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { RestoredVolumeClaim, VolumeSnapshot, VolumeType, VsphereStorageClass, VsphereVolumeSnapshotClass } from '../../lib/vsphere';
import { findObject, synthValid } from '../helpers';

/** The real VolumeSnapshotClass CRD (the one SnapshotController installs): its schema validates the class objects. */
function snapshotCrd(chart: Chart): ApiObject {
  const crd = SNAPSHOT_CRDS.find((c) => c.metadata.name === 'volumesnapshotclasses.snapshot.storage.k8s.io')!;
  return new ApiObject(chart, 'Crd', crd as never);
}

function kinds(objects: any[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata.name}`);
}

describe('VsphereVolumeSnapshotClass', () => {
  test('defaults', () => {
    const chart = new Chart(Testing.app(), 'ns', { namespace: 'apps' });
    const vsc = new VsphereVolumeSnapshotClass(chart, 'Vsc');
    expect(vsc.name).toBe('vsphere-csi-snapshot-class');
    expect(synthValid(chart)).toEqual([
      {
        apiVersion: 'snapshot.storage.k8s.io/v1',
        kind: 'VolumeSnapshotClass',
        metadata: { name: 'vsphere-csi-snapshot-class' },
        driver: 'csi.vsphere.vmware.com',
        deletionPolicy: 'Delete',
      },
    ]);
  });

  test('Retain, default class, after the CRDs (dependsOn and addDependency)', () => {
    const chart = Testing.chart();
    const vsc = new VsphereVolumeSnapshotClass(chart, 'Vsc', { name: 'keep', deletionPolicy: 'Retain', isDefault: true });
    const crd = snapshotCrd(chart);
    vsc.addDependency(crd);
    const other = new VsphereVolumeSnapshotClass(chart, 'Other', { name: 'other', dependsOn: [crd] });
    expect(other.isDefault).toBe(false);
    const objects = synthValid(chart);
    expect(kinds(objects)).toEqual([
      'CustomResourceDefinition/volumesnapshotclasses.snapshot.storage.k8s.io',
      'VolumeSnapshotClass/keep',
      'VolumeSnapshotClass/other',
    ]);
    expect(findObject(objects, 'VolumeSnapshotClass', 'keep')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'keep', annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
      driver: 'csi.vsphere.vmware.com',
      deletionPolicy: 'Retain',
    });
  });

  test('fromVolumeSnapshotClassName', () => {
    const chart = Testing.chart();
    expect(VsphereVolumeSnapshotClass.fromVolumeSnapshotClassName(chart, 'I', 'existing').name).toBe('existing');
    expect(() => VsphereVolumeSnapshotClass.fromVolumeSnapshotClassName(chart, 'J', 'Bad Name')).toThrow(
      /\[test\/J\] name: got "Bad Name", expected a DNS-1123 subdomain/,
    );
  });

  test('rejects a bad deletionPolicy, a bad name, two defaults, a duplicate name and a dependency in another app', () => {
    const chart = Testing.chart();
    expect(() => new VsphereVolumeSnapshotClass(chart, 'A', { deletionPolicy: 'Keep' as any })).toThrow(
      /\[test\/A\] deletionPolicy: got "Keep", expected one of Delete, Retain/,
    );
    expect(() => new VsphereVolumeSnapshotClass(chart, 'B', { name: '-x' })).toThrow(
      /\[test\/B\] name: got "-x", expected a DNS-1123 subdomain/,
    );
    const foreign = Testing.chart();
    expect(() => new VsphereVolumeSnapshotClass(chart, 'C', { name: 'c', dependsOn: [foreign] })).toThrow(
      /\[test\/C\] dependsOn\[0\]: got "test", expected a construct in the same app/,
    );

    const chart2 = Testing.chart();
    new VsphereVolumeSnapshotClass(chart2, 'D1', { name: 'd1', isDefault: true });
    new VsphereVolumeSnapshotClass(chart2, 'D2', { name: 'd2', isDefault: true });
    new VsphereVolumeSnapshotClass(chart2, 'D3', { name: 'd1' });
    let message = '';
    try {
      Testing.synth(chart2);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(
      /\[test\/D2\] isDefault: got true, expected at most one default VolumeSnapshotClass for csi\.vsphere\.vmware\.com per app \(test\/D1 "d1" is already the default\)/,
    );
    expect(message).toMatch(/\[test\/D3\] name: got "d1", expected a VolumeSnapshotClass name not already used by test\/D1/);
  });
});

describe('VolumeSnapshot and RestoredVolumeClaim', () => {
  test('the source document MySQL flow: claim, snapshot, restore, mount the restored claim', () => {
    const chart = new Chart(Testing.app(), 'mysql', { namespace: 'demo' });
    // created first, so without dependencies its objects would be emitted first
    const restoreScope = new Construct(chart, 'Restore');
    const sc = VsphereStorageClass.block(chart, 'Sc', {
      name: 'example-block-sc',
      isDefault: true,
      storagePolicyName: 'vSAN Default Storage Policy',
    });
    const vsc = new VsphereVolumeSnapshotClass(chart, 'Vsc');
    const data = new kplus.PersistentVolumeClaim(chart, 'Data', {
      metadata: { name: 'mysql-demo' },
      storageClassName: sc.name,
      accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
      storage: Size.gibibytes(8),
    });
    const snap = new VolumeSnapshot(restoreScope, 'Snap', { name: 'mysql-snap', source: data, snapshotClass: vsc });
    const restored = new RestoredVolumeClaim(restoreScope, 'Claim', {
      name: 'mysql-restore',
      snapshot: snap,
      storageClass: sc,
      storage: Size.gibibytes(8),
    });
    expect(snap.sourceStorage).toBe('8Gi');
    expect(snap.namespace).toBe('demo');
    expect(restored.snapshotName).toBe('mysql-snap');

    const deploy = new kplus.Deployment(chart, 'Db', {
      metadata: { name: 'mysql-demo' },
      containers: [{ name: 'mysql', image: 'mysql:8.0', portNumber: 3306, securityContext: { ensureNonRoot: false } }],
    });
    deploy.containers[0].mount('/var/lib/mysql', kplus.Volume.fromPersistentVolumeClaim(chart, 'Vol', restored));

    const objects = synthValid(chart);
    expect(findObject(objects, 'VolumeSnapshot', 'mysql-snap', 'demo')).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'mysql-snap', namespace: 'demo' },
      spec: { source: { persistentVolumeClaimName: 'mysql-demo' }, volumeSnapshotClassName: 'vsphere-csi-snapshot-class' },
    });
    expect(findObject(objects, 'PersistentVolumeClaim', 'mysql-restore', 'demo')).toEqual({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'mysql-restore', namespace: 'demo' },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'example-block-sc',
        volumeMode: 'Filesystem',
        resources: { requests: { storage: '8Gi' } },
        dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'mysql-snap' },
      },
    });
    const pod = findObject(objects, 'Deployment', 'mysql-demo').spec.template.spec;
    expect(pod.volumes).toEqual([{ name: 'pvc-mysql-restore', persistentVolumeClaim: { claimName: 'mysql-restore', readOnly: false } }]);

    const order = kinds(objects);
    const at = (k: string): number => order.indexOf(k);
    expect(at('VolumeSnapshot/mysql-snap')).toBeGreaterThan(at('PersistentVolumeClaim/mysql-demo'));
    expect(at('VolumeSnapshot/mysql-snap')).toBeGreaterThan(at('VolumeSnapshotClass/vsphere-csi-snapshot-class'));
    expect(at('PersistentVolumeClaim/mysql-restore')).toBeGreaterThan(at('VolumeSnapshot/mysql-snap'));
    expect(at('PersistentVolumeClaim/mysql-restore')).toBeGreaterThan(at('StorageClass/example-block-sc'));
  });

  test('snapshot of a claim name in an explicit namespace; the restore defaults to the snapshot namespace', () => {
    const chart = Testing.chart();
    const vsc = VsphereVolumeSnapshotClass.fromVolumeSnapshotClassName(chart, 'Vsc', 'existing-class');
    const snap = new VolumeSnapshot(chart, 'Snap', { source: 'www-web-0', snapshotClass: vsc, namespace: 'web' });
    const sc = VsphereStorageClass.fromStorageClassName(chart, 'Sc', 'gold');
    const claim = new RestoredVolumeClaim(chart, 'Restore', { name: 'www-restore', snapshot: snap, storageClass: sc, storage: '20G' });
    expect(claim.storage).toBe('20G');
    expect(claim.accessModes).toEqual(['ReadWriteOnce']);
    const objects = synthValid(chart);
    expect(kinds(objects)).toEqual(['VolumeSnapshot/www-web-0-snapshot', 'PersistentVolumeClaim/www-restore']);
    expect(objects[0]).toEqual({
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshot',
      metadata: { name: 'www-web-0-snapshot', namespace: 'web' },
      spec: { source: { persistentVolumeClaimName: 'www-web-0' }, volumeSnapshotClassName: 'existing-class' },
    });
    expect(objects[1].metadata).toEqual({ name: 'www-restore', namespace: 'web' });
  });

  test('a restored claim can itself be snapshotted; raw block volume mode is kept', () => {
    const chart = Testing.chart();
    const vsc = new VsphereVolumeSnapshotClass(chart, 'Vsc');
    const sc = VsphereStorageClass.block(chart, 'Sc');
    const first = VolumeSnapshot.fromVolumeSnapshotName(chart, 'First', 'first', { sourceStorage: '1Gi' });
    const claim = new RestoredVolumeClaim(chart, 'R', {
      name: 'raw',
      snapshot: first,
      storageClass: sc,
      storage: '2Gi',
      volumeMode: kplus.PersistentVolumeMode.BLOCK,
    });
    const again = new VolumeSnapshot(chart, 'Again', { source: claim, snapshotClass: vsc });
    expect(again.sourceStorage).toBe('2Gi');
    expect(again.sourceClaimName).toBe('raw');
    const objects = synthValid(chart);
    expect(findObject(objects, 'PersistentVolumeClaim', 'raw').spec.volumeMode).toBe('Block');
    expect(kinds(objects).indexOf('VolumeSnapshot/raw-snapshot')).toBeGreaterThan(kinds(objects).indexOf('PersistentVolumeClaim/raw'));
  });

  test('dependencies across charts of one app order the charts', () => {
    const app = Testing.app();
    const workload = new Chart(app, 'workload', { namespace: 'db' });
    const storage = new Chart(app, 'storage');
    const vsc = new VsphereVolumeSnapshotClass(storage, 'Vsc');
    new VolumeSnapshot(workload, 'Snap', { source: 'data', snapshotClass: vsc });
    expect(kinds(synthValid(workload))).toEqual(['VolumeSnapshot/data-snapshot']);
    expect(app.charts.map((c) => c.node.id)).toEqual(['storage', 'workload']);
  });

  describe('rejects bad input', () => {
    const setup = () => {
      const chart = Testing.chart();
      const vsc = new VsphereVolumeSnapshotClass(chart, 'Vsc');
      const sc = VsphereStorageClass.block(chart, 'Sc');
      return { chart, vsc, sc };
    };

    test('a snapshot of an empty PVC name', () => {
      const { chart, vsc } = setup();
      expect(() => new VolumeSnapshot(chart, 'S', { source: '', snapshotClass: vsc })).toThrow(
        /\[test\/S\] source: got "", expected a DNS-1123 subdomain/,
      );
    });

    test('a snapshot without a class, with a bad name, or in another namespace than its claim', () => {
      const { chart, vsc } = setup();
      expect(() => new VolumeSnapshot(chart, 'A', { source: 'data' } as any)).toThrow(
        /\[test\/A\] snapshotClass: got undefined, expected a VolumeSnapshotClass/,
      );
      expect(() => new VolumeSnapshot(chart, 'B', { source: 'data', snapshotClass: vsc, name: 'Snap!' })).toThrow(
        /\[test\/B\] name: got "Snap!", expected a DNS-1123 subdomain/,
      );
      const pvc = new kplus.PersistentVolumeClaim(chart, 'Pvc', { metadata: { name: 'data', namespace: 'db' } });
      expect(() => new VolumeSnapshot(chart, 'C', { source: pvc, snapshotClass: vsc, namespace: 'other' })).toThrow(
        /\[test\/C\] namespace: got "other", expected the source claim's namespace "db"/,
      );
    });

    test('a snapshot of a ReadWriteMany (file) claim', () => {
      const { chart, vsc } = setup();
      const pvc = new kplus.PersistentVolumeClaim(chart, 'Pvc', { accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY] });
      expect(() => new VolumeSnapshot(chart, 'S', { source: pvc, snapshotClass: vsc })).toThrow(
        /\[test\/S\] source\.accessModes: got \["ReadWriteMany"\], expected a ReadWriteOnce \(block volume\) claim/,
      );
    });

    test('a restore size that is not a quantity', () => {
      const { chart, vsc, sc } = setup();
      const snap = new VolumeSnapshot(chart, 'Snap', { source: 'data', snapshotClass: vsc });
      for (const [i, bad] of ['8 GiB', 'eight', '8GB', '0', '-1Gi', ''].entries()) {
        expect(() => new RestoredVolumeClaim(chart, `R${i}`, { name: `r${i}`, snapshot: snap, storageClass: sc, storage: bad })).toThrow(
          new RegExp(`\\[test/R${i}\\] storage: got "${bad}", expected a positive Kubernetes quantity such as 8Gi or 500M`),
        );
      }
    });

    test('a restore smaller than the snapshotted claim', () => {
      const { chart, vsc, sc } = setup();
      const pvc = new kplus.PersistentVolumeClaim(chart, 'Pvc', { metadata: { name: 'data' }, storage: Size.gibibytes(8) });
      const snap = new VolumeSnapshot(chart, 'Snap', { source: pvc, snapshotClass: vsc });
      expect(() => new RestoredVolumeClaim(chart, 'R', { name: 'r', snapshot: snap, storageClass: sc, storage: '8G' })).toThrow(
        /\[test\/R\] storage: got "8G", expected at least 8Gi, the size of the snapshotted claim/,
      );
      expect(new RestoredVolumeClaim(chart, 'Ok', { name: 'ok', snapshot: snap, storageClass: sc, storage: '9G' }).storage).toBe('9G');
    });

    test('a restore into a file class, with RWX, under a bad name or in another namespace than the snapshot', () => {
      const { chart, vsc, sc } = setup();
      const snap = new VolumeSnapshot(chart, 'Snap', { source: 'data', snapshotClass: vsc, namespace: 'db' });
      const file = VsphereStorageClass.fromStorageClassName(chart, 'File', 'files', VolumeType.FILE);
      expect(() => new RestoredVolumeClaim(chart, 'A', { name: 'a', snapshot: snap, storageClass: file, storage: '1Gi' })).toThrow(
        /\[test\/A\] storageClass: got "files", expected a block volume StorageClass/,
      );
      expect(
        () =>
          new RestoredVolumeClaim(chart, 'B', {
            name: 'b',
            snapshot: snap,
            storageClass: sc,
            storage: '1Gi',
            accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
          }),
      ).toThrow(/\[test\/B\] accessModes: got \["ReadWriteMany"\], expected \[ReadWriteOnce\]/);
      expect(() => new RestoredVolumeClaim(chart, 'C', { name: 'C', snapshot: snap, storageClass: sc, storage: '1Gi' })).toThrow(
        /\[test\/C\] name: got "C", expected a DNS-1123 subdomain/,
      );
      expect(
        () => new RestoredVolumeClaim(chart, 'D', { name: 'd', snapshot: snap, storageClass: sc, storage: '1Gi', namespace: 'web' }),
      ).toThrow(/\[test\/D\] namespace: got "web", expected the snapshot's namespace "db"/);
    });
  });
});
