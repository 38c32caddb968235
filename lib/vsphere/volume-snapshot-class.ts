import { Construct, IConstruct } from 'constructs';
import * as snap from '../../imports/snapshot.storage.k8s.io';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck, fail } from '../core/errors';
import { validateSubdomainName } from '../core/names';

/** The vSphere CSI driver name. */
const VSPHERE_CSI_DRIVER = 'csi.vsphere.vmware.com';
const DEFAULT_SNAPSHOT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

/** What happens to the snapshot content (and the CNS snapshot) when its VolumeSnapshot is deleted. */
export type SnapshotDeletionPolicy = 'Delete' | 'Retain';

/** Props of {@link VsphereVolumeSnapshotClass}. */
export interface VsphereVolumeSnapshotClassProps {
  /**
   * The VolumeSnapshotClass name.
   * @default 'vsphere-csi-snapshot-class'
   */
  readonly name?: string;
  /**
   * Whether the VolumeSnapshotContent and the CNS snapshot are deleted with the VolumeSnapshot.
   * @default 'Delete'
   */
  readonly deletionPolicy?: SnapshotDeletionPolicy;
  /**
   * Marks this class as the default for the vSphere driver (annotation
   * `snapshot.storage.kubernetes.io/is-default-class: "true"`). At most one per app (checked at synth).
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * Constructs this object must be applied after, e.g. the construct that installs the snapshot CRDs and
   * snapshot-controller. More can be added with {@link VsphereVolumeSnapshotClass.addDependency}.
   * @default - none
   */
  readonly dependsOn?: IConstruct[];
}

/** A reference to a VolumeSnapshotClass. */
export interface IVolumeSnapshotClass extends IConstruct {
  /** The VolumeSnapshotClass name. */
  readonly name: string;
}

class ImportedVolumeSnapshotClass extends Construct implements IVolumeSnapshotClass {
  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
  ) {
    super(scope, id);
  }
}

const FIRST_DEFAULT = new WeakMap<IConstruct, VsphereVolumeSnapshotClass>();
const BY_NAME = new WeakMap<IConstruct, Map<string, VsphereVolumeSnapshotClass>>();

/**
 * A VolumeSnapshotClass (`snapshot.storage.k8s.io/v1`) for the vSphere CSI driver. The vanilla driver reads no
 * snapshot parameters, so there are none. CNS snapshots need vCenter 7.0U3+, work for block volumes only, and need
 * the snapshot CRDs and snapshot-controller installed first (use `dependsOn`).
 */
export class VsphereVolumeSnapshotClass extends Construct implements IVolumeSnapshotClass {
  /** References an existing VolumeSnapshotClass by name. */
  public static fromVolumeSnapshotClassName(scope: Construct, id: string, name: string): IVolumeSnapshotClass {
    validateSubdomainName(scope.node.path ? `${scope.node.path}/${id}` : id, 'name', name);
    return new ImportedVolumeSnapshotClass(scope, id, name);
  }

  /** The VolumeSnapshotClass name. */
  public readonly name: string;
  /** The resolved deletion policy. */
  public readonly deletionPolicy: SnapshotDeletionPolicy;
  /** Whether this is the default class for the vSphere driver. */
  public readonly isDefault: boolean;
  private readonly resource: snap.VolumeSnapshotClass;

  public constructor(scope: Construct, id: string, props: VsphereVolumeSnapshotClassProps = {}) {
    super(scope, id);
    this.name = props.name ?? 'vsphere-csi-snapshot-class';
    validateSubdomainName(this, 'name', this.name);
    this.deletionPolicy = props.deletionPolicy ?? 'Delete';
    if (this.deletionPolicy !== 'Delete' && this.deletionPolicy !== 'Retain') {
      fail(this, 'deletionPolicy', this.deletionPolicy, 'one of Delete, Retain');
    }
    if (props.isDefault !== undefined && typeof props.isDefault !== 'boolean') fail(this, 'isDefault', props.isDefault, 'a boolean');
    this.isDefault = props.isDefault ?? false;

    this.resource = new snap.VolumeSnapshotClass(this, 'Resource', {
      metadata: {
        name: this.name,
        annotations: this.isDefault ? { [DEFAULT_SNAPSHOT_CLASS_ANNOTATION]: 'true' } : undefined,
      },
      driver: VSPHERE_CSI_DRIVER,
      deletionPolicy:
        this.deletionPolicy === 'Retain' ? snap.VolumeSnapshotClassDeletionPolicy.RETAIN : snap.VolumeSnapshotClassDeletionPolicy.DELETE,
    });
    clusterScoped(this.resource);
    this.addDependency(...(props.dependsOn ?? []));

    // App-wide rules, with bookkeeping done here so each check is O(1).
    const root = this.node.root;
    if (this.isDefault && !FIRST_DEFAULT.has(root)) FIRST_DEFAULT.set(root, this);
    let byName = BY_NAME.get(root);
    if (!byName) BY_NAME.set(root, (byName = new Map()));
    if (!byName.has(this.name)) byName.set(this.name, this);
    const names = byName;
    addSynthCheck(this, () => {
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      const first = FIRST_DEFAULT.get(root);
      if (this.isDefault && first !== undefined && first !== this) {
        errors.push({
          field: 'isDefault',
          value: true,
          allowed: `at most one default VolumeSnapshotClass for ${VSPHERE_CSI_DRIVER} per app (${first.node.path} "${first.name}" is already the default)`,
        });
      }
      const sameName = names.get(this.name);
      if (sameName !== undefined && sameName !== this) {
        errors.push({
          field: 'name',
          value: this.name,
          allowed: `a VolumeSnapshotClass name not already used by ${sameName.node.path}`,
        });
      }
      return errors;
    });
  }

  /** Makes this object be applied after `deps` (e.g. the snapshot CRDs). Dependencies in other apps are an error. */
  public addDependency(...deps: IConstruct[]): void {
    deps.forEach((d, i) => {
      if (!d || d.node.root !== this.node.root) fail(this, `dependsOn[${i}]`, d?.node?.path ?? d, 'a construct in the same app');
      this.resource.addDependency(d);
    });
  }
}
