import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  BlockFsType,
  FileFsType,
  RestoredVolumeClaim,
  VolumeSnapshot,
  VolumeType,
  VsphereStorageClass,
  VsphereVolumeSnapshotClass,
} from '../../lib/vsphere';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const TOPOLOGY_CATEGORY =
  'a vSphere tag category usable in the label key topology.csi.vmware.com/<category>: at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
const TAG = 'a non-empty tag name that is a valid label value (at most 63 alphanumerics, "-", "_" or ".")';

/** A snapshot of an 8Gi RWO claim `data` in namespace `shop`, and its class. */
function snapshotOf(c: Chart): VolumeSnapshot {
  const pvc = new kplus.PersistentVolumeClaim(c, 'Pvc', {
    metadata: { name: 'data', namespace: 'shop' },
    storage: Size.gibibytes(8),
    accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
  });
  return new VolumeSnapshot(c, 'Snap', { source: pvc, snapshotClass: new VsphereVolumeSnapshotClass(c, 'VSC') });
}

const rows: BadInput[] = distinct([
  // StorageClass
  [
    'file class with xfs',
    inChart((c) => VsphereStorageClass.file(c, 'SC', { fsType: 'xfs' as FileFsType })),
    err('test/SC', 'fsType', '"xfs"', 'nfs4 for a file volume class (vSAN File Services shares are NFS v4.1)'),
  ],
  [
    'block class with nfs4',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { fsType: 'nfs4' as BlockFsType })),
    err('test/SC', 'fsType', '"nfs4"', 'one of ext4, ext3, xfs, ntfs for a block volume class (nfs4 is for file volumes)'),
  ],
  [
    'block class with btrfs',
    inChart((c) => new VsphereStorageClass(c, 'SC', { volumeType: VolumeType.BLOCK, fsType: 'btrfs' as BlockFsType })),
    err('test/SC', 'fsType', '"btrfs"', 'one of ext4, ext3, xfs, ntfs for a block volume class'),
  ],
  [
    'expandable file class',
    inChart((c) => new VsphereStorageClass(c, 'SC', { volumeType: VolumeType.FILE, allowVolumeExpansion: true })),
    err(
      'test/SC',
      'allowVolumeExpansion',
      'true',
      'false or unset for a file volume class (the vSphere CSI driver expands block volumes only)',
    ),
  ],
  [
    'allowVolumeExpansion "true" as a string',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { allowVolumeExpansion: 'true' as unknown as boolean })),
    err('test/SC', 'allowVolumeExpansion', '"true"', 'a boolean'),
  ],
  [
    'isDefault "yes"',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { isDefault: 'yes' as unknown as boolean })),
    err('test/SC', 'isDefault', '"yes"', 'a boolean'),
  ],
  [
    'storage policy name with a leading space',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { storagePolicyName: ' vSAN Default Storage Policy' })),
    err(
      'test/SC',
      'storagePolicyName',
      '" vSAN Default Storage Policy"',
      'a non-empty SPBM storage policy name without leading or trailing spaces',
    ),
  ],
  [
    'storage policy name with a line break',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { storagePolicyName: 'gold\nsilver' })),
    err(
      'test/SC',
      'storagePolicyName',
      '"gold\\nsilver"',
      'a non-empty SPBM storage policy name without leading or trailing spaces or control characters',
    ),
  ],
  [
    'storage policy name with a NUL character',
    inChart((c) => VsphereStorageClass.file(c, 'SC', { storagePolicyName: 'gold\u0000' })),
    err(
      'test/SC',
      'storagePolicyName',
      '"gold\\u0000"',
      'a non-empty SPBM storage policy name without leading or trailing spaces or control',
    ),
  ],
  [
    'datastore URL with a control character',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { datastoreUrl: 'ds:///vmfs/volumes/\u0007ds1/' })),
    err('test/SC', 'datastoreUrl', '"ds:///vmfs/volumes/\\u0007ds1/"', 'a datastore URL of the form ds:///<path>/'),
  ],
  [
    'blank storage policy name',
    inChart((c) => VsphereStorageClass.file(c, 'SC', { storagePolicyName: '   ' })),
    err('test/SC', 'storagePolicyName', '"   "', 'a non-empty SPBM storage policy name'),
  ],
  [
    'datastore URL without the trailing "/"',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { datastoreUrl: 'ds:///vmfs/volumes/vsan:52cd' })),
    err(
      'test/SC',
      'datastoreUrl',
      '"ds:///vmfs/volumes/vsan:52cd"',
      'a datastore URL of the form ds:///<path>/ (e.g. ds:///vmfs/volumes/<uuid>/), as shown in vCenter',
    ),
  ],
  [
    'datastore URL with https',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { datastoreUrl: 'https://vc/folder/ds1/' })),
    err('test/SC', 'datastoreUrl', '"https://vc/folder/ds1/"', 'a datastore URL of the form ds:///<path>/'),
  ],
  [
    'topology with an empty category',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { topology: [{ category: '', values: ['zone-a'] }] })),
    err('test/SC', 'topology[0].category', '""', TOPOLOGY_CATEGORY),
  ],
  [
    'topology category with "/"',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { topology: [{ category: 'k8s/zone', values: ['zone-a'] }] })),
    err('test/SC', 'topology[0].category', '"k8s/zone"', TOPOLOGY_CATEGORY),
  ],
  [
    'topology category listed twice',
    inChart((c) =>
      VsphereStorageClass.block(c, 'SC', {
        topology: [
          { category: 'k8s-zone', values: ['zone-a'] },
          { category: 'k8s-zone', values: ['zone-b'] },
        ],
      }),
    ),
    err('test/SC', 'topology[1].category', '"k8s-zone"', 'a category not already listed in topology'),
  ],
  [
    'topology without tag values',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { topology: [{ category: 'k8s-zone', values: [] }] })),
    err('test/SC', 'topology[0].values', '[]', 'at least one tag name of category "k8s-zone" (e.g. a zone name)'),
  ],
  [
    'topology tag value with a space',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { topology: [{ category: 'k8s-zone', values: ['zone a'] }] })),
    err('test/SC', 'topology[0].values[0]', '"zone a"', TAG),
  ],
  [
    'empty topology tag value',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { topology: [{ category: 'k8s-region', values: [''] }] })),
    err('test/SC', 'topology[0].values[0]', '""', TAG),
  ],
  [
    'topology tag value listed twice',
    inChart((c) => VsphereStorageClass.block(c, 'SC', { topology: [{ category: 'k8s-zone', values: ['zone-a', 'zone-a'] }] })),
    err('test/SC', 'topology[0].values[1]', '"zone-a"', 'a tag name not already listed for this category'),
  ],
  [
    'imported class with an unknown volume type',
    inChart((c) => VsphereStorageClass.fromStorageClassName(c, 'Imp', 'gold', 'Object' as VolumeType)),
    err('test/Imp', 'volumeType', '"Object"', 'one of Block, File'),
  ],
  // snapshots
  [
    'snapshot class deletion policy "Keep"',
    inChart((c) => new VsphereVolumeSnapshotClass(c, 'VSC', { deletionPolicy: 'Keep' as 'Delete' })),
    err('test/VSC', 'deletionPolicy', '"Keep"', 'one of Delete, Retain'),
  ],
  [
    'snapshot of a claim name with uppercase',
    inChart((c) => new VolumeSnapshot(c, 'Snap', { source: 'Data', snapshotClass: new VsphereVolumeSnapshotClass(c, 'VSC') })),
    err('test/Snap', 'source', '"Data"', 'a DNS-1123 subdomain'),
  ],
  [
    'snapshot of a ReadWriteMany claim',
    inChart((c) => {
      const pvc = new kplus.PersistentVolumeClaim(c, 'Pvc', {
        storage: Size.gibibytes(1),
        accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
      });
      new VolumeSnapshot(c, 'Snap', { source: pvc, snapshotClass: new VsphereVolumeSnapshotClass(c, 'VSC') });
    }),
    err(
      'test/Snap',
      'source.accessModes',
      '["ReadWriteMany"]',
      'a ReadWriteOnce (block volume) claim: vSphere CNS snapshots exist for block volumes only',
    ),
  ],
  [
    'snapshot in another namespace than its claim',
    inChart((c) => {
      const pvc = new kplus.PersistentVolumeClaim(c, 'Pvc', { metadata: { namespace: 'shop' }, storage: Size.gibibytes(1) });
      new VolumeSnapshot(c, 'Snap', { source: pvc, snapshotClass: new VsphereVolumeSnapshotClass(c, 'VSC'), namespace: 'backup' });
    }),
    err('test/Snap', 'namespace', '"backup"', 'the source claim\'s namespace "shop" (a snapshot is taken in its claim\'s namespace)'),
  ],
  // restored claims
  [
    'restored claim smaller than the snapshotted claim',
    inChart(
      (c) =>
        new RestoredVolumeClaim(c, 'R', {
          name: 'restored',
          snapshot: snapshotOf(c),
          storageClass: VsphereStorageClass.block(c, 'SC'),
          storage: '4Gi',
        }),
    ),
    err('test/R', 'storage', '"4Gi"', 'at least 8Gi, the size of the snapshotted claim'),
  ],
  [
    'restored claim of size 0',
    inChart(
      (c) =>
        new RestoredVolumeClaim(c, 'R', {
          name: 'restored',
          snapshot: snapshotOf(c),
          storageClass: VsphereStorageClass.block(c, 'SC'),
          storage: '0',
        }),
    ),
    err('test/R', 'storage', '"0"', 'a positive Kubernetes quantity such as 8Gi or 500M (or a cdk8s Size)'),
  ],
  [
    'restored claim size "8 GB"',
    inChart(
      (c) =>
        new RestoredVolumeClaim(c, 'R', {
          name: 'restored',
          snapshot: snapshotOf(c),
          storageClass: VsphereStorageClass.block(c, 'SC'),
          storage: '8 GB',
        }),
    ),
    err('test/R', 'storage', '"8 GB"', 'a positive Kubernetes quantity'),
  ],
  [
    'restored claim on a file StorageClass',
    inChart(
      (c) =>
        new RestoredVolumeClaim(c, 'R', {
          name: 'restored',
          snapshot: snapshotOf(c),
          storageClass: VsphereStorageClass.file(c, 'SC'),
          storage: '8Gi',
        }),
    ),
    err('test/R', 'storageClass', '"vsphere-csi-file"', 'a block volume StorageClass (vSphere CNS snapshots exist for block volumes only)'),
  ],
  [
    'restored claim with ReadWriteMany',
    inChart(
      (c) =>
        new RestoredVolumeClaim(c, 'R', {
          name: 'restored',
          snapshot: snapshotOf(c),
          storageClass: VsphereStorageClass.block(c, 'SC'),
          storage: '8Gi',
          accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_MANY],
        }),
    ),
    err('test/R', 'accessModes', '["ReadWriteMany"]', '[ReadWriteOnce] (a restored vSphere block volume attaches to one node)'),
  ],
  [
    'restored claim in another namespace than the snapshot',
    inChart(
      (c) =>
        new RestoredVolumeClaim(c, 'R', {
          name: 'restored',
          snapshot: snapshotOf(c),
          storageClass: VsphereStorageClass.block(c, 'SC'),
          storage: '8Gi',
          namespace: 'restore',
        }),
    ),
    err(
      'test/R',
      'namespace',
      '"restore"',
      'the snapshot\'s namespace "shop" (dataSource refers to a VolumeSnapshot in the claim\'s namespace)',
    ),
  ],
]);

describe('bad StorageClasses, snapshots and restored claims', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
