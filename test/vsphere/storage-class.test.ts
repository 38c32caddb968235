import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { VolumeType, VsphereStorageClass } from '../../lib/vsphere';
import { findObject, synthValid } from '../helpers';

describe('VsphereStorageClass', () => {
  test('block class with defaults', () => {
    const chart = Testing.chart();
    new VsphereStorageClass(chart, 'Sc');
    const objects = synthValid(chart);
    expect(objects).toEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'vsphere-csi-block' },
        provisioner: 'csi.vsphere.vmware.com',
        parameters: { 'csi.storage.k8s.io/fstype': 'ext4' },
        reclaimPolicy: 'Delete',
        allowVolumeExpansion: true,
        volumeBindingMode: 'Immediate',
      },
    ]);
  });

  test('the source document block class (default, vSAN Default Storage Policy)', () => {
    const chart = Testing.chart();
    const sc = VsphereStorageClass.block(chart, 'Sc', {
      name: 'example-block-sc',
      isDefault: true,
      storagePolicyName: 'vSAN Default Storage Policy',
    });
    expect(sc.volumeType).toBe(VolumeType.BLOCK);
    expect(sc.name).toBe('example-block-sc');
    const obj = findObject(synthValid(chart), 'StorageClass', 'example-block-sc');
    expect(obj.metadata).toEqual({ name: 'example-block-sc', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } });
    expect(obj.parameters).toEqual({ storagepolicyname: 'vSAN Default Storage Policy', 'csi.storage.k8s.io/fstype': 'ext4' });
  });

  test('block class with datastore, xfs, Retain, no expansion and zone topology', () => {
    const chart = Testing.chart();
    const sc = VsphereStorageClass.block(chart, 'Sc', {
      name: 'zonal-xfs',
      datastoreUrl: 'ds:///vmfs/volumes/vsan:52cdfa80721ff516-ea1e993113acfc77/',
      fsType: 'xfs',
      reclaimPolicy: 'Retain',
      allowVolumeExpansion: false,
      topology: [
        { category: 'k8s-region', values: ['region-1'] },
        { category: 'k8s-zone', values: ['zone-a', 'zone-b'] },
      ],
    });
    expect(sc.volumeBindingMode).toBe('WaitForFirstConsumer');
    expect(sc.topology).toEqual([
      { category: 'k8s-region', values: ['region-1'] },
      { category: 'k8s-zone', values: ['zone-a', 'zone-b'] },
    ]);
    expect(synthValid(chart)).toEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'zonal-xfs' },
        provisioner: 'csi.vsphere.vmware.com',
        parameters: { datastoreurl: 'ds:///vmfs/volumes/vsan:52cdfa80721ff516-ea1e993113acfc77/', 'csi.storage.k8s.io/fstype': 'xfs' },
        reclaimPolicy: 'Retain',
        allowVolumeExpansion: false,
        volumeBindingMode: 'WaitForFirstConsumer',
        allowedTopologies: [
          {
            matchLabelExpressions: [
              { key: 'topology.csi.vmware.com/k8s-region', values: ['region-1'] },
              { key: 'topology.csi.vmware.com/k8s-zone', values: ['zone-a', 'zone-b'] },
            ],
          },
        ],
      },
    ]);
  });

  test('topology keeps an explicit Immediate binding mode', () => {
    const chart = Testing.chart();
    new VsphereStorageClass(chart, 'Sc', { topology: [{ category: 'k8s-zone', values: ['zone-a'] }], volumeBindingMode: 'Immediate' });
    expect(synthValid(chart)[0].volumeBindingMode).toBe('Immediate');
  });

  test('file class (vSAN File Services): nfs4, no expansion', () => {
    const chart = Testing.chart();
    const sc = VsphereStorageClass.file(chart, 'Sc', { storagePolicyName: 'vSAN File Policy' });
    expect(sc.allowVolumeExpansion).toBe(false);
    expect(synthValid(chart)).toEqual([
      {
        apiVersion: 'storage.k8s.io/v1',
        kind: 'StorageClass',
        metadata: { name: 'vsphere-csi-file' },
        provisioner: 'csi.vsphere.vmware.com',
        parameters: { storagepolicyname: 'vSAN File Policy', 'csi.storage.k8s.io/fstype': 'nfs4' },
        reclaimPolicy: 'Delete',
        allowVolumeExpansion: false,
        volumeBindingMode: 'Immediate',
      },
    ]);
  });

  test('is cluster-scoped: a chart namespace is not stamped on it', () => {
    const chart = new Chart(Testing.app(), 'ns', { namespace: 'apps' });
    new VsphereStorageClass(chart, 'Sc');
    const obj = findObject(synthValid(chart), 'StorageClass', 'vsphere-csi-block');
    expect(obj.metadata.namespace).toBeUndefined();
  });

  test('one default per app is fine, also when other apps have their own default', () => {
    const chart1 = Testing.chart();
    VsphereStorageClass.block(chart1, 'A', { isDefault: true });
    VsphereStorageClass.file(chart1, 'B');
    const chart2 = Testing.chart();
    VsphereStorageClass.block(chart2, 'A', { isDefault: true });
    expect(synthValid(chart1)).toHaveLength(2);
    expect(synthValid(chart2)).toHaveLength(1);
  });

  test('fromStorageClassName references an existing class', () => {
    const chart = Testing.chart();
    const sc = VsphereStorageClass.fromStorageClassName(chart, 'Existing', 'gold', VolumeType.BLOCK);
    expect(sc.name).toBe('gold');
    expect(sc.volumeType).toBe(VolumeType.BLOCK);
    expect(synthValid(chart)).toEqual([]);
  });

  describe('with cdk8s-plus-27', () => {
    test('a kplus PersistentVolumeClaim uses the class', () => {
      const chart = Testing.chart();
      const sc = VsphereStorageClass.block(chart, 'Sc', { name: 'example-block-sc' });
      new kplus.PersistentVolumeClaim(chart, 'Pvc', {
        metadata: { name: 'mysql-demo' },
        storageClassName: sc.name,
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
        storage: Size.gibibytes(8),
      });
      const pvc = findObject(synthValid(chart), 'PersistentVolumeClaim', 'mysql-demo');
      expect(pvc.spec).toEqual({
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'example-block-sc',
        resources: { requests: { storage: '8Gi' } },
        volumeMode: 'Filesystem',
      });
    });

    test('a kplus StatefulSet: claim mounted as a volume, or volumeClaimTemplates through the escape hatch', () => {
      // cdk8s-plus-27 2.9.5 has no volume claim templates on StatefulSet. Supported path: a kplus PVC mounted with
      // Volume.fromPersistentVolumeClaim; per-replica claims need a JSON patch on the StatefulSet's ApiObject (the
      // storage request must be a k8s.Quantity there: the L1 toJson drops plain strings in resources.requests).
      const chart = Testing.chart();
      const sc = VsphereStorageClass.block(chart, 'Sc', { name: 'example-block-sc' });
      const pvc = new kplus.PersistentVolumeClaim(chart, 'Pvc', {
        metadata: { name: 'shared-config' },
        storageClassName: sc.name,
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
        storage: Size.gibibytes(1),
      });
      const sts = new kplus.StatefulSet(chart, 'Db', {
        metadata: { name: 'mysql' },
        replicas: 1,
        containers: [{ name: 'mysql', image: 'mysql:8.0', portNumber: 3306, securityContext: { ensureNonRoot: false } }],
      });
      sts.containers[0].mount('/config', kplus.Volume.fromPersistentVolumeClaim(chart, 'ConfigVol', pvc));
      ApiObject.of(sts).addJsonPatch(
        JsonPatch.add('/spec/volumeClaimTemplates', [
          {
            metadata: { name: 'data' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: sc.name,
              resources: { requests: { storage: kplus.k8s.Quantity.fromString('8Gi') } },
            },
          },
        ]),
        JsonPatch.add('/spec/template/spec/containers/0/volumeMounts/-', { name: 'data', mountPath: '/var/lib/mysql' }),
      );
      const objects = synthValid(chart);
      const set = findObject(objects, 'StatefulSet', 'mysql');
      expect(set.spec.volumeClaimTemplates).toEqual([
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'example-block-sc', resources: { requests: { storage: '8Gi' } } },
        },
      ]);
      expect(set.spec.template.spec.volumes).toEqual([
        { name: 'pvc-shared-config', persistentVolumeClaim: { claimName: 'shared-config', readOnly: false } },
      ]);
      expect(set.spec.template.spec.containers[0].volumeMounts).toEqual([
        { mountPath: '/config', name: 'pvc-shared-config' },
        { name: 'data', mountPath: '/var/lib/mysql' },
      ]);
      expect(findObject(objects, 'PersistentVolumeClaim', 'shared-config').spec.storageClassName).toBe('example-block-sc');
    });
  });

  describe('rejects bad input', () => {
    test('two default StorageClasses in one app (across charts)', () => {
      const app = Testing.app();
      const c1 = new Chart(app, 'one');
      const c2 = new Chart(app, 'two');
      VsphereStorageClass.block(c1, 'A', { name: 'a', isDefault: true });
      VsphereStorageClass.block(c2, 'B', { name: 'b', isDefault: true });
      expect(() => Testing.synth(c1)).toThrow(
        /Validation failed with the following errors:\n {2}\[two\/B\] isDefault: got true, expected at most one default StorageClass per app \(one\/A "a" is already the default\)/,
      );
    });

    test('three defaults: every extra one is reported, the first is not', () => {
      const chart = Testing.chart();
      VsphereStorageClass.block(chart, 'A', { name: 'a', isDefault: true });
      VsphereStorageClass.block(chart, 'B', { name: 'b', isDefault: true });
      VsphereStorageClass.file(chart, 'C', { name: 'c', isDefault: true });
      let message = '';
      try {
        Testing.synth(chart);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/\[test\/B\] isDefault: got true, expected at most one default StorageClass per app \(test\/A "a"/);
      expect(message).toMatch(/\[test\/C\] isDefault: got true/);
      expect(message).not.toMatch(/\[test\/A\]/);
    });

    test('two classes with the same name', () => {
      const chart = Testing.chart();
      VsphereStorageClass.block(chart, 'A');
      VsphereStorageClass.block(chart, 'B');
      expect(() => Testing.synth(chart)).toThrow(
        /\[test\/B\] name: got "vsphere-csi-block", expected a StorageClass name not already used by test\/A/,
      );
    });

    test('nfs4 on a block class', () => {
      const chart = Testing.chart();
      expect(() => new VsphereStorageClass(chart, 'Sc', { fsType: 'nfs4' })).toThrow(
        /\[test\/Sc\] fsType: got "nfs4", expected one of ext4, ext3, xfs, ntfs for a block volume class/,
      );
    });

    test('ext4 on a file class (file classes allow nfs4 only)', () => {
      const chart = Testing.chart();
      expect(() => new VsphereStorageClass(chart, 'Sc', { volumeType: VolumeType.FILE, fsType: 'ext4' })).toThrow(
        /\[test\/Sc\] fsType: got "ext4", expected nfs4 for a file volume class/,
      );
    });

    test('expansion on a file class', () => {
      const chart = Testing.chart();
      expect(() => new VsphereStorageClass(chart, 'Sc', { volumeType: VolumeType.FILE, allowVolumeExpansion: true })).toThrow(
        /\[test\/Sc\] allowVolumeExpansion: got true, expected false or unset for a file volume class/,
      );
    });

    test('zone topology without values', () => {
      const chart = Testing.chart();
      expect(() => VsphereStorageClass.block(chart, 'Sc', { topology: [{ category: 'k8s-zone', values: [] }] })).toThrow(
        /\[test\/Sc\] topology\[0\]\.values: got \[\], expected at least one tag name of category "k8s-zone"/,
      );
      expect(() => VsphereStorageClass.block(chart, 'Sc2', { topology: [{ category: 'k8s-zone' } as any] })).toThrow(
        /\[test\/Sc2\] topology\[0\]\.values: got undefined, expected at least one tag name/,
      );
    });

    test('a topology value that is not a label value', () => {
      const chart = Testing.chart();
      expect(() => VsphereStorageClass.block(chart, 'Sc', { topology: [{ category: 'k8s-zone', values: ['zone a'] }] })).toThrow(
        /\[test\/Sc\] topology\[0\]\.values\[0\]: got "zone a", expected a non-empty tag name that is a valid label value/,
      );
    });

    test('bad topology category names', () => {
      const chart = Testing.chart();
      expect(() => VsphereStorageClass.block(chart, 'A', { topology: [{ category: 'k8s zone', values: ['z'] }] })).toThrow(
        /\[test\/A\] topology\[0\]\.category: got "k8s zone", expected a vSphere tag category usable in the label key topology\.csi\.vmware\.com\/<category>/,
      );
      expect(() => VsphereStorageClass.block(chart, 'B', { topology: [{ category: 'zone/x', values: ['z'] }] })).toThrow(
        /\[test\/B\] topology\[0\]\.category: got "zone\/x", expected a vSphere tag category/,
      );
      expect(() => VsphereStorageClass.block(chart, 'C', { topology: [{ category: '', values: ['z'] }] })).toThrow(
        /\[test\/C\] topology\[0\]\.category: got "", expected a vSphere tag category/,
      );
      expect(() =>
        VsphereStorageClass.block(chart, 'D', {
          topology: [
            { category: 'k8s-zone', values: ['a'] },
            { category: 'k8s-zone', values: ['b'] },
          ],
        }),
      ).toThrow(/\[test\/D\] topology\[1\]\.category: got "k8s-zone", expected a category not already listed in topology/);
    });

    test('empty storage policy name', () => {
      const chart = Testing.chart();
      expect(() => VsphereStorageClass.block(chart, 'Sc', { storagePolicyName: '' })).toThrow(
        /\[test\/Sc\] storagePolicyName: got "", expected a non-empty SPBM storage policy name/,
      );
      expect(() => VsphereStorageClass.block(chart, 'Sc2', { storagePolicyName: '  ' })).toThrow(
        /\[test\/Sc2\] storagePolicyName: got " {2}"/,
      );
    });

    test('datastoreurl not of the form ds:///.../', () => {
      const chart = Testing.chart();
      for (const [i, url] of ['/vmfs/volumes/abc/', 'ds://vmfs/volumes/abc/', 'ds:///vmfs/volumes/abc', 'ds:///'].entries()) {
        expect(() => VsphereStorageClass.block(chart, `Sc${i}`, { datastoreUrl: url })).toThrow(
          new RegExp(`\\[test/Sc${i}\\] datastoreUrl: got "${url}", expected a datastore URL of the form ds:///<path>/`),
        );
      }
    });

    test('bad reclaimPolicy, volumeBindingMode, volumeType and name', () => {
      const chart = Testing.chart();
      expect(() => VsphereStorageClass.block(chart, 'A', { reclaimPolicy: 'Recycle' as any })).toThrow(
        /\[test\/A\] reclaimPolicy: got "Recycle", expected one of Delete, Retain/,
      );
      expect(() => VsphereStorageClass.block(chart, 'B', { volumeBindingMode: 'Later' as any })).toThrow(
        /\[test\/B\] volumeBindingMode: got "Later", expected one of Immediate, WaitForFirstConsumer/,
      );
      expect(() => new VsphereStorageClass(chart, 'C', { volumeType: 'Object' as any })).toThrow(
        /\[test\/C\] volumeType: got "Object", expected one of Block, File/,
      );
      expect(() => VsphereStorageClass.block(chart, 'D', { name: 'Gold_Class' })).toThrow(
        /\[test\/D\] name: got "Gold_Class", expected a DNS-1123 subdomain/,
      );
      expect(() => VsphereStorageClass.fromStorageClassName(chart, 'E', '')).toThrow(
        /\[test\/E\] name: got "", expected a DNS-1123 subdomain/,
      );
    });
  });
});
