import { ApiObject, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { validateLabelName, validateSubdomainName } from '../core/names';
import { IVsphereStorageClass, VolumeType, VsphereStorageClass } from './storage-class';
import type { IVolumeSnapshot } from './volume-snapshot';

/** Props of {@link RestoredVolumeClaim}. */
export interface RestoredVolumeClaimProps {
  /** The PersistentVolumeClaim name. */
  readonly name: string;
  /** The VolumeSnapshot to restore (`spec.dataSource`); it must be in the claim's namespace. */
  readonly snapshot: IVolumeSnapshot;
  /** The StorageClass of the new volume: a block class (CNS snapshots exist for block volumes only). */
  readonly storageClass: IVsphereStorageClass;
  /**
   * The requested size: a cdk8s `Size` or a Kubernetes quantity such as `8Gi`. It must be at least the snapshot's
   * source claim size when that is known.
   */
  readonly storage: Size | string;
  /**
   * Access modes. A restored vSphere block volume supports ReadWriteOnce only.
   * @default [ReadWriteOnce]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
  /**
   * Filesystem or raw block volume (must match the snapshotted volume).
   * @default PersistentVolumeMode.FILE_SYSTEM
   */
  readonly volumeMode?: kplus.PersistentVolumeMode;
  /**
   * The namespace.
   * @default - the snapshot's namespace when known, else the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Constructs this claim must be applied after. The snapshot and the StorageClass are added automatically when
   * they are in the same app.
   * @default - none
   */
  readonly dependsOn?: IConstruct[];
}

const QUANTITY = /^\+?(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|m|k|M|G|T|P|E)?$/;
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The number of bytes a Kubernetes quantity stands for, or undefined when `q` is not a quantity. */
function quantityBytes(q: string): number | undefined {
  const m = typeof q === 'string' ? QUANTITY.exec(q) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix === '') return n;
  if (BINARY[suffix] !== undefined) return n * BINARY[suffix];
  if (DECIMAL[suffix] !== undefined) return n * DECIMAL[suffix];
  return n * 10 ** Number(suffix.slice(1));
}

/**
 * A PersistentVolumeClaim whose volume is restored from a VolumeSnapshot (`spec.dataSource`), as in restoring a
 * MySQL volume from its snapshot. It is a cdk8s-plus claim, so it can be mounted with
 * `kplus.Volume.fromPersistentVolumeClaim(...)`, and it is applied after its snapshot and StorageClass.
 */
export class RestoredVolumeClaim extends kplus.Resource implements kplus.IPersistentVolumeClaim {
  /** The API resource type (for RBAC grants). */
  public readonly resourceType = 'persistentvolumeclaims';
  /** The requested size as a quantity, e.g. `8Gi`. */
  public readonly storage: string;
  /** The VolumeSnapshot the volume is restored from. */
  public readonly snapshotName: string;
  /** The StorageClass name. */
  public readonly storageClassName: string;
  /** Filesystem or Block. */
  public readonly volumeMode: kplus.PersistentVolumeMode;
  protected readonly apiObject: ApiObject;
  private readonly _accessModes: kplus.PersistentVolumeAccessMode[];

  public constructor(scope: Construct, id: string, props: RestoredVolumeClaimProps) {
    super(scope, id);
    validateSubdomainName(this, 'name', props.name);

    const snapshot = props.snapshot;
    if (!snapshot || typeof snapshot.name !== 'string') fail(this, 'snapshot', snapshot, 'a VolumeSnapshot');
    this.snapshotName = snapshot.name;

    const storageClass = props.storageClass;
    if (!storageClass || typeof storageClass.name !== 'string') fail(this, 'storageClass', storageClass, 'a vSphere StorageClass');
    if (storageClass.volumeType === VolumeType.FILE) {
      fail(this, 'storageClass', storageClass.name, 'a block volume StorageClass (vSphere CNS snapshots exist for block volumes only)');
    }
    this.storageClassName = storageClass.name;

    const storage = props.storage instanceof Size ? props.storage.asString() : props.storage;
    const bytes = quantityBytes(storage);
    if (bytes === undefined || !(bytes > 0)) {
      fail(this, 'storage', storage, 'a positive Kubernetes quantity such as 8Gi or 500M (or a cdk8s Size)');
    }
    const sourceBytes = snapshot.sourceStorage !== undefined ? quantityBytes(snapshot.sourceStorage) : undefined;
    if (sourceBytes !== undefined && bytes < sourceBytes) {
      fail(this, 'storage', storage, `at least ${snapshot.sourceStorage}, the size of the snapshotted claim`);
    }
    this.storage = storage;

    const accessModes = props.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE];
    if (!Array.isArray(accessModes) || accessModes.length !== 1 || accessModes[0] !== kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE) {
      fail(this, 'accessModes', accessModes, '[ReadWriteOnce] (a restored vSphere block volume attaches to one node)');
    }
    this._accessModes = [...accessModes];

    this.volumeMode = props.volumeMode ?? kplus.PersistentVolumeMode.FILE_SYSTEM;
    if (!Object.values(kplus.PersistentVolumeMode).includes(this.volumeMode)) {
      fail(this, 'volumeMode', this.volumeMode, `one of ${Object.values(kplus.PersistentVolumeMode).join(', ')}`);
    }

    if (props.namespace !== undefined) {
      validateLabelName(this, 'namespace', props.namespace);
      if (snapshot.namespace !== undefined && snapshot.namespace !== props.namespace) {
        fail(
          this,
          'namespace',
          props.namespace,
          `the snapshot's namespace "${snapshot.namespace}" (dataSource refers to a VolumeSnapshot in the claim's namespace)`,
        );
      }
    }
    const namespace = props.namespace ?? snapshot.namespace ?? Chart.of(this).namespace;

    this.apiObject = new kplus.k8s.KubePersistentVolumeClaim(this, 'Resource', {
      metadata: { name: props.name, namespace },
      spec: {
        accessModes: [...this._accessModes],
        storageClassName: this.storageClassName,
        volumeMode: this.volumeMode,
        resources: { requests: { storage: kplus.k8s.Quantity.fromString(this.storage) } },
        dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: this.snapshotName },
      },
    });

    if (snapshot.node.root === this.node.root) this.apiObject.addDependency(snapshot);
    if (storageClass instanceof VsphereStorageClass && storageClass.node.root === this.node.root)
      this.apiObject.addDependency(storageClass);
    this.addDependency(...(props.dependsOn ?? []));
  }

  /** The access modes (a copy). */
  public get accessModes(): kplus.PersistentVolumeAccessMode[] {
    return [...this._accessModes];
  }

  /** Makes this claim be applied after `deps`. Dependencies in other apps are an error. */
  public addDependency(...deps: IConstruct[]): void {
    deps.forEach((d, i) => {
      if (!d || d.node.root !== this.node.root) fail(this, `dependsOn[${i}]`, d?.node?.path ?? d, 'a construct in the same app');
      this.apiObject.addDependency(d);
    });
  }
}
