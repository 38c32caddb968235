import { Chart } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import * as snap from '../../imports/snapshot.storage.k8s.io';
import { cdk8sPlus } from '../core/cdk8s-plus';
import { fail } from '../core/errors';
import { validateLabelName, validateSubdomainName } from '../core/names';
import type { RestoredVolumeClaim } from './restored-volume-claim';
import { IVolumeSnapshotClass } from './volume-snapshot-class';

/** Props of {@link VolumeSnapshot}. */
export interface VolumeSnapshotProps {
  /**
   * The VolumeSnapshot name.
   * @default - `<source claim name>-snapshot`
   */
  readonly name?: string;
  /**
   * The claim to snapshot: a cdk8s-plus claim (or {@link RestoredVolumeClaim}), or the name of a claim in the same
   * namespace. vSphere CNS snapshots exist for block (ReadWriteOnce) volumes only.
   */
  readonly source: kplus.IPersistentVolumeClaim | string;
  /** The VolumeSnapshotClass, e.g. a {@link VsphereVolumeSnapshotClass}. */
  readonly snapshotClass: IVolumeSnapshotClass;
  /**
   * The namespace (it must be the source claim's namespace).
   * @default - the source claim's namespace when it is a construct that sets one, else the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Constructs this object must be applied after (e.g. the snapshot CRDs). The source claim and the snapshot class
   * are added automatically when they are in the same app.
   * @default - none
   */
  readonly dependsOn?: IConstruct[];
}

/** Options of {@link VolumeSnapshot.fromVolumeSnapshotName}. */
export interface VolumeSnapshotImportOptions {
  /**
   * The snapshot's namespace.
   * @default - unknown: restored claims use their own namespace
   */
  readonly namespace?: string;
  /**
   * The storage request of the snapshotted claim (a quantity such as `8Gi`), if known; claims restored from the
   * snapshot must request at least this much.
   * @default - unknown: not checked
   */
  readonly sourceStorage?: string;
}

/** A reference to a VolumeSnapshot. */
export interface IVolumeSnapshot extends IConstruct {
  /** The VolumeSnapshot name. */
  readonly name: string;
  /** The namespace, when known. @default - unknown: the default namespace of whoever applies it */
  readonly namespace?: string;
  /** The storage request of the snapshotted claim as a quantity, when known. @default - unknown: not checked */
  readonly sourceStorage?: string;
}

class ImportedVolumeSnapshot extends Construct implements IVolumeSnapshot {
  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    public readonly namespace: string | undefined,
    public readonly sourceStorage: string | undefined,
  ) {
    super(scope, id);
  }
}

/** True for a {@link RestoredVolumeClaim} (its module needs cdk8s-plus, which the caller has loaded already). */
function isRestoredVolumeClaim(x: unknown): x is RestoredVolumeClaim {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require('./restored-volume-claim') as typeof import('./restored-volume-claim');
  return x instanceof m.RestoredVolumeClaim;
}

/** `kplus.PersistentVolumeAccessMode.READ_WRITE_MANY` and `READ_ONLY_MANY` (cdk8s-plus is not loaded for them). */
const MULTI_NODE_MODES: readonly string[] = ['ReadWriteMany', 'ReadOnlyMany'];

/**
 * A VolumeSnapshot (`snapshot.storage.k8s.io/v1`) of a PersistentVolumeClaim: a CNS snapshot of a block volume.
 * It is applied after its source claim and its snapshot class when those are in the same app.
 */
export class VolumeSnapshot extends Construct implements IVolumeSnapshot {
  /** References an existing VolumeSnapshot by name. */
  public static fromVolumeSnapshotName(
    scope: Construct,
    id: string,
    name: string,
    options: VolumeSnapshotImportOptions = {},
  ): IVolumeSnapshot {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    validateSubdomainName(path, 'name', name);
    if (options.namespace !== undefined) validateLabelName(path, 'namespace', options.namespace);
    return new ImportedVolumeSnapshot(scope, id, name, options.namespace, options.sourceStorage);
  }

  /** The VolumeSnapshot name. */
  public readonly name: string;
  /** The resolved namespace (undefined: the default namespace of whoever applies it). */
  public readonly namespace?: string;
  /** The name of the snapshotted claim. */
  public readonly sourceClaimName: string;
  /** The VolumeSnapshotClass name. */
  public readonly snapshotClassName: string;
  /** The source claim's storage request, when the source is a construct that sets one. */
  public readonly sourceStorage?: string;
  private readonly resource: snap.VolumeSnapshot;

  public constructor(scope: Construct, id: string, props: VolumeSnapshotProps) {
    super(scope, id);
    const source = props.source;
    let sourceNamespace: string | undefined;
    if (typeof source === 'string') {
      validateSubdomainName(this, 'source', source);
      this.sourceClaimName = source;
    } else if (source && typeof source === 'object' && typeof source.name === 'string') {
      this.sourceClaimName = source.name;
      // a claim construct comes from cdk8s-plus (RestoredVolumeClaim too), so loading it here costs nothing more
      const kplusModule = cdk8sPlus();
      if (source instanceof kplusModule.Resource) sourceNamespace = source.metadata.namespace;
      if (source instanceof kplusModule.PersistentVolumeClaim) {
        const multi = (source.accessModes ?? []).filter((m) => MULTI_NODE_MODES.includes(m));
        if (multi.length > 0) {
          fail(
            this,
            'source.accessModes',
            source.accessModes,
            'a ReadWriteOnce (block volume) claim: vSphere CNS snapshots exist for block volumes only',
          );
        }
        this.sourceStorage = source.storage?.asString();
      } else if (isRestoredVolumeClaim(source)) {
        this.sourceStorage = source.storage;
      }
    } else {
      fail(this, 'source', source, 'a PersistentVolumeClaim construct or claim name');
    }

    if (!props.snapshotClass || typeof props.snapshotClass.name !== 'string') {
      fail(this, 'snapshotClass', props.snapshotClass, 'a VolumeSnapshotClass (e.g. a VsphereVolumeSnapshotClass)');
    }
    this.snapshotClassName = props.snapshotClass.name;

    this.name = props.name ?? `${this.sourceClaimName}-snapshot`;
    validateSubdomainName(this, 'name', this.name);

    if (props.namespace !== undefined) {
      validateLabelName(this, 'namespace', props.namespace);
      if (sourceNamespace !== undefined && props.namespace !== sourceNamespace) {
        fail(
          this,
          'namespace',
          props.namespace,
          `the source claim's namespace "${sourceNamespace}" (a snapshot is taken in its claim's namespace)`,
        );
      }
    }
    this.namespace = props.namespace ?? sourceNamespace ?? Chart.of(this).namespace;

    this.resource = new snap.VolumeSnapshot(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        volumeSnapshotClassName: this.snapshotClassName,
        source: { persistentVolumeClaimName: this.sourceClaimName },
      },
    });

    if (typeof source !== 'string' && source instanceof cdk8sPlus().Resource && source.node.root === this.node.root)
      this.resource.addDependency(source);
    if (props.snapshotClass.node.root === this.node.root) this.resource.addDependency(props.snapshotClass);
    this.addDependency(...(props.dependsOn ?? []));
  }

  /** Makes this object be applied after `deps` (e.g. the snapshot CRDs). Dependencies in other apps are an error. */
  public addDependency(...deps: IConstruct[]): void {
    deps.forEach((d, i) => {
      if (!d || d.node.root !== this.node.root) fail(this, `dependsOn[${i}]`, d?.node?.path ?? d, 'a construct in the same app');
      this.resource.addDependency(d);
    });
  }
}
