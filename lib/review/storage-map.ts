/**
 * The storage map of the review report: StorageClasses with their vSphere storage policy (SPBM) or datastore, the
 * claims that use each, and the VolumeSnapshotClasses with the classes whose volumes they can snapshot.
 */
import { code, compareStrings, table } from './markdown';
import { Json } from './selectors';

const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
const DEFAULT_SNAPSHOT_CLASS = 'snapshot.storage.kubernetes.io/is-default-class';
const VSPHERE_CSI = 'csi.vsphere.vmware.com';

/** A StorageClass as the report shows it. */
export interface StorageClassEntry {
  /** The StorageClass name. */
  readonly name: string;
  /** Whether it carries the default-class annotation. */
  readonly isDefault: boolean;
  /** The provisioner. */
  readonly provisioner: string;
  /** `storagepolicyname`. @default - none */
  readonly storagePolicy?: string;
  /** `datastoreurl`. @default - none */
  readonly datastoreUrl?: string;
  /** `csi.storage.k8s.io/fstype`. @default - none */
  readonly fsType?: string;
  /** `Delete` (the API default) or `Retain`. */
  readonly reclaimPolicy: string;
  /** `Immediate` (the API default) or `WaitForFirstConsumer`. */
  readonly volumeBindingMode: string;
  /** Whether volumes can grow. */
  readonly allowVolumeExpansion: boolean;
  /** `<kind> <namespace>/<name>` of each claim (PVC or StatefulSet volumeClaimTemplate) using the class, sorted. */
  readonly usedBy: string[];
}

function isDefault(o: Json, annotation: string): boolean {
  return o.metadata?.annotations?.[annotation] === 'true';
}

/** The StorageClasses among `objects` (sorted by name) with the claims that use each. */
export function storageClasses(objects: readonly unknown[]): StorageClassEntry[] {
  const objs = (objects as Json[]).filter((o) => o && typeof o === 'object');
  const classes = objs.filter((o) => o.kind === 'StorageClass' && String(o.apiVersion).startsWith('storage.k8s.io/'));
  const defaultClass = classes.find((c) => isDefault(c, DEFAULT_CLASS))?.metadata?.name as string | undefined;
  const usedBy = new Map<string, string[]>();
  const use = (cls: string | undefined, who: string): void => {
    const key = cls ?? defaultClass;
    if (key === undefined) return;
    usedBy.set(key, [...(usedBy.get(key) ?? []), who]);
  };
  for (const o of objs) {
    const ns = o.metadata?.namespace ?? 'default';
    if (o.kind === 'PersistentVolumeClaim' && o.apiVersion === 'v1')
      use(o.spec?.storageClassName, `PersistentVolumeClaim ${ns}/${o.metadata?.name}`);
    if (o.kind === 'StatefulSet') {
      for (const t of (o.spec?.volumeClaimTemplates ?? []) as Json[]) {
        use(t.spec?.storageClassName, `StatefulSet ${ns}/${o.metadata?.name} claim ${t.metadata?.name}`);
      }
    }
  }
  return classes
    .map((c) => ({
      name: String(c.metadata?.name),
      isDefault: isDefault(c, DEFAULT_CLASS),
      provisioner: String(c.provisioner),
      storagePolicy: c.parameters?.storagepolicyname,
      datastoreUrl: c.parameters?.datastoreurl,
      fsType: c.parameters?.['csi.storage.k8s.io/fstype'],
      reclaimPolicy: c.reclaimPolicy ?? 'Delete',
      volumeBindingMode: c.volumeBindingMode ?? 'Immediate',
      allowVolumeExpansion: c.allowVolumeExpansion === true,
      usedBy: (usedBy.get(String(c.metadata?.name)) ?? []).sort(compareStrings),
    }))
    .sort((a, b) => compareStrings(a.name, b.name));
}

/** A volume claim (a PersistentVolumeClaim, or a StatefulSet claim template) as the report shows it. */
export interface ClaimEntry {
  /** `PersistentVolumeClaim <namespace>/<name>` or `StatefulSet <namespace>/<name> claim <template>`. */
  readonly claim: string;
  /** The StorageClass asked for; `(cluster default)` when none is named. */
  readonly storageClass: string;
  /** Whether that StorageClass is among the objects (else it must exist in the cluster). */
  readonly inStack: boolean;
  /** The requested size, e.g. `10Gi`. */
  readonly size: string;
  /** Access modes, comma-separated. */
  readonly accessModes: string;
  /** What it is restored or cloned from (`VolumeSnapshot x`, `PersistentVolumeClaim y`). @default - none: an empty volume */
  readonly source?: string;
}

/** Every claim among `objects`, sorted, with the class it asks for (named or the default) and its source. */
export function claims(objects: readonly unknown[]): ClaimEntry[] {
  const objs = (objects as Json[]).filter((o) => o && typeof o === 'object');
  const scs = storageClasses(objects);
  const defaultClass = scs.find((c) => c.isDefault)?.name;
  const entry = (claim: string, spec: Json): ClaimEntry => {
    const named: string | undefined = spec.storageClassName;
    const cls = named ?? defaultClass ?? '(cluster default)';
    const src = spec.dataSourceRef ?? spec.dataSource;
    const out: ClaimEntry = {
      claim,
      storageClass: cls,
      inStack: scs.some((c) => c.name === cls),
      size: String(spec.resources?.requests?.storage ?? ''),
      accessModes: ((spec.accessModes ?? []) as string[]).join(', '),
    };
    return src ? Object.assign(out, { source: `${src.kind} ${src.name}` }) : out;
  };
  const out: ClaimEntry[] = [];
  for (const o of objs) {
    const ns = o.metadata?.namespace ?? 'default';
    if (o.kind === 'PersistentVolumeClaim' && o.apiVersion === 'v1')
      out.push(entry(`PersistentVolumeClaim ${ns}/${o.metadata?.name}`, o.spec ?? {}));
    if (o.kind === 'StatefulSet') {
      for (const t of (o.spec?.volumeClaimTemplates ?? []) as Json[]) {
        out.push(entry(`StatefulSet ${ns}/${o.metadata?.name} claim ${t.metadata?.name}`, t.spec ?? {}));
      }
    }
  }
  return out.sort((a, b) => compareStrings(a.claim, b.claim));
}

/** A VolumeSnapshotClass as the report shows it. */
export interface SnapshotClassEntry {
  /** The class name. */
  readonly name: string;
  /** The CSI driver. */
  readonly driver: string;
  /** `Delete` or `Retain`. */
  readonly deletionPolicy: string;
  /** Whether it carries the default snapshot class annotation. */
  readonly isDefault: boolean;
  /** StorageClasses of the same driver, whose volumes it snapshots (vSphere CSI: block volumes only). */
  readonly storageClasses: string[];
}

/** The VolumeSnapshotClasses among `objects`, sorted by name. */
export function snapshotClasses(objects: readonly unknown[]): SnapshotClassEntry[] {
  const scs = storageClasses(objects);
  return (objects as Json[])
    .filter((o) => o && o.kind === 'VolumeSnapshotClass' && String(o.apiVersion).startsWith('snapshot.storage.k8s.io/'))
    .map((o) => ({
      name: String(o.metadata?.name),
      driver: String(o.driver),
      deletionPolicy: String(o.deletionPolicy),
      isDefault: isDefault(o, DEFAULT_SNAPSHOT_CLASS),
      storageClasses: scs
        .filter((s) => s.provisioner === o.driver && !(o.driver === VSPHERE_CSI && s.fsType === 'nfs4'))
        .map((s) => s.name),
    }))
    .sort((a, b) => compareStrings(a.name, b.name));
}

/** The "Storage" section. */
export function renderStorageMap(objects: readonly unknown[]): string {
  const scs = storageClasses(objects);
  const snaps = snapshotClasses(objects);
  const scRows = scs.map((s) => [
    code(s.name) + (s.isDefault ? ' (default)' : ''),
    s.provisioner,
    s.fsType === 'nfs4' ? 'file' : 'block',
    s.storagePolicy ?? '(datastore default)',
    s.datastoreUrl ?? '(any compatible)',
    s.fsType ?? '',
    s.reclaimPolicy,
    s.volumeBindingMode,
    s.allowVolumeExpansion ? 'yes' : 'no',
    s.usedBy.length > 0 ? s.usedBy.join('; ') : '(none in the stack)',
  ]);
  const snapRows = snaps.map((s) => [
    code(s.name) + (s.isDefault ? ' (default)' : ''),
    s.driver,
    s.deletionPolicy,
    s.storageClasses.length > 0 ? s.storageClasses.join(', ') : '(none)',
  ]);
  return (
    `## Storage\n\n### StorageClasses\n\n` +
    table(
      [
        'StorageClass',
        'Provisioner',
        'Volumes',
        'Storage policy (SPBM)',
        'Datastore',
        'fsType',
        'Reclaim',
        'Binding',
        'Expansion',
        'Used by',
      ],
      scRows,
      '_No StorageClasses in the stack._',
    ) +
    `\n### Claims\n\n` +
    table(
      ['Claim', 'StorageClass', 'Size', 'Access modes', 'Source'],
      claims(objects).map((c) => [
        c.claim,
        c.inStack ? code(c.storageClass) : `${code(c.storageClass)} (not in the stack)`,
        c.size,
        c.accessModes,
        c.source ?? '(new volume)',
      ]),
      '_No volume claims in the stack._',
    ) +
    `\n### VolumeSnapshots\n\n` +
    table(
      ['VolumeSnapshot', 'Of', 'VolumeSnapshotClass'],
      (objects as Json[])
        .filter((o) => o && o.kind === 'VolumeSnapshot' && String(o.apiVersion).startsWith('snapshot.storage.k8s.io/'))
        .map((o) => [
          `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name}`,
          o.spec?.source?.persistentVolumeClaimName
            ? `PersistentVolumeClaim ${o.spec.source.persistentVolumeClaimName}`
            : `VolumeSnapshotContent ${o.spec?.source?.volumeSnapshotContentName}`,
          o.spec?.volumeSnapshotClassName ? code(o.spec.volumeSnapshotClassName) : '(the default class)',
        ])
        .sort((a, b) => compareStrings(a[0], b[0])),
      '_No VolumeSnapshots in the stack._',
    ) +
    `\n### VolumeSnapshotClasses\n\n` +
    table(
      ['VolumeSnapshotClass', 'Driver', 'Deletion policy', 'Snapshots volumes of'],
      snapRows,
      '_No VolumeSnapshotClasses in the stack._',
    )
  );
}
