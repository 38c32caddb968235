import { Construct, IConstruct } from 'constructs';
import { addSynthCheck, ErrorScope, fail } from '../core/errors';
import { clusterScoped } from '../core/cluster-scoped';
import { kubeObject } from '../core/kube-object';
import { labelValueProblem, qualifiedNameProblem, validateSubdomainName } from '../core/names';

/** The CSI driver name of the vSphere CSI driver (StorageClass `provisioner`, VolumeSnapshotClass `driver`). */
const VSPHERE_CSI_DRIVER = 'csi.vsphere.vmware.com';

/** The node label prefix the vSphere CSI driver uses for topology categories (`[Labels] topology-categories`). */
const VSPHERE_TOPOLOGY_LABEL_PREFIX = 'topology.csi.vmware.com/';

const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** The kind of CNS volume a StorageClass provisions. */
export enum VolumeType {
  /** A block volume (a VMDK attached to one node): ReadWriteOnce, expandable, can be snapshotted. */
  BLOCK = 'Block',
  /** A file volume (an NFSv4.1 share from vSAN File Services): ReadWriteMany/ReadOnlyMany, not expandable, no snapshots. */
  FILE = 'File',
}

/** File systems a block volume can be formatted with (`ntfs` only for Windows nodes). */
export type BlockFsType = 'ext4' | 'ext3' | 'xfs' | 'ntfs';

/** File system type of a file volume. This library allows only `nfs4` (the driver would also map `nfs`/`ext4` to NFS). */
export type FileFsType = 'nfs4';

/** What happens to a dynamically provisioned PersistentVolume when its claim is deleted. */
export type StorageReclaimPolicy = 'Delete' | 'Retain';

/** When a volume is provisioned and bound. */
export type StorageBindingMode = 'Immediate' | 'WaitForFirstConsumer';

/** Filesystems of block volume classes (`ntfs` for Windows nodes). @internal */
export const BLOCK_FS_TYPES: readonly string[] = ['ext4', 'ext3', 'xfs', 'ntfs'];
/** Filesystems of file volume classes (vSAN File Services). @internal */
export const FILE_FS_TYPES: readonly string[] = ['nfs4'];
const RECLAIM_POLICIES: readonly string[] = ['Delete', 'Retain'];
const VOLUME_TYPES: readonly string[] = Object.values(VolumeType);
const BINDING_MODES: readonly string[] = ['Immediate', 'WaitForFirstConsumer'];

/**
 * A topology restriction: volumes may only be placed where the vSphere tag of `category` is one of `values`.
 * Rendered as `allowedTopologies[].matchLabelExpressions[{ key: topology.csi.vmware.com/<category>, values }]`.
 */
export interface TopologyRequirement {
  /** The vSphere tag category, as listed in csi-vsphere.conf `[Labels] topology-categories`, e.g. `k8s-zone`. */
  readonly category: string;
  /** The allowed tag names of that category, e.g. `['zone-a', 'zone-b']`. At least one. */
  readonly values: string[];
}

/** Options common to block and file StorageClasses. */
export interface VsphereStorageClassOptions {
  /**
   * The StorageClass name.
   * @default - `vsphere-csi-block` for block classes, `vsphere-csi-file` for file classes
   */
  readonly name?: string;
  /**
   * The SPBM storage policy name (parameter `storagepolicyname`), e.g. `vSAN Default Storage Policy`.
   * @default - no policy: the driver picks a compatible datastore
   */
  readonly storagePolicyName?: string;
  /**
   * The datastore URL (parameter `datastoreurl`), e.g. `ds:///vmfs/volumes/vsan:52cd.../`, as vCenter shows it
   * (it starts with `ds:///` and ends with `/`).
   * @default - no datastore: the driver picks one
   */
  readonly datastoreUrl?: string;
  /**
   * Marks this class as the cluster default (annotation `storageclass.kubernetes.io/is-default-class: "true"`).
   * At most one StorageClass per app may be the default (checked at synth).
   * @default false
   */
  readonly isDefault?: boolean;
  /**
   * What happens to a provisioned volume when its claim is deleted.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: StorageReclaimPolicy;
  /**
   * When volumes are provisioned.
   * @default - `WaitForFirstConsumer` when `topology` is given (so the scheduler picks the zone), else `Immediate`
   */
  readonly volumeBindingMode?: StorageBindingMode;
  /**
   * Topology restrictions (AND-ed, one term). Needs a topology-aware CSI setup (`[Labels] topology-categories`).
   * @default - no restriction
   */
  readonly topology?: TopologyRequirement[];
}

/** Options of a block StorageClass ({@link VsphereStorageClass.block}). */
export interface BlockStorageClassOptions extends VsphereStorageClassOptions {
  /**
   * The file system (parameter `csi.storage.k8s.io/fstype`).
   * @default 'ext4'
   */
  readonly fsType?: BlockFsType;
  /**
   * Whether claims may be expanded (online expansion needs vCenter 7.0U2 or newer; volumes with snapshots cannot be expanded).
   * @default true
   */
  readonly allowVolumeExpansion?: boolean;
}

/** Options of a file StorageClass ({@link VsphereStorageClass.file}). Expansion is not supported for file volumes. */
export interface FileStorageClassOptions extends VsphereStorageClassOptions {
  /**
   * The file system (parameter `csi.storage.k8s.io/fstype`).
   * @default 'nfs4'
   */
  readonly fsType?: FileFsType;
}

/** Props of {@link VsphereStorageClass}. */
export interface VsphereStorageClassProps extends VsphereStorageClassOptions {
  /**
   * Block (RWO) or file (RWX, vSAN File Services) volumes.
   * @default VolumeType.BLOCK
   */
  readonly volumeType?: VolumeType;
  /**
   * The file system (parameter `csi.storage.k8s.io/fstype`): `ext4`, `ext3`, `xfs` or `ntfs` for block, `nfs4` for file.
   * @default - `ext4` for block, `nfs4` for file
   */
  readonly fsType?: BlockFsType | FileFsType;
  /**
   * Whether claims may be expanded. Only block classes may allow it.
   * @default - true for block, false for file
   */
  readonly allowVolumeExpansion?: boolean;
}

/** A reference to a StorageClass served by the vSphere CSI driver. */
export interface IVsphereStorageClass extends IConstruct {
  /** The StorageClass name (use it as a claim's `storageClassName`). */
  readonly name: string;
  /**
   * The volume type, when known.
   * @default - unknown (a class imported by name without a volume type)
   */
  readonly volumeType?: VolumeType;
}

class ImportedStorageClass extends Construct implements IVsphereStorageClass {
  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    public readonly volumeType: VolumeType | undefined,
  ) {
    super(scope, id);
  }
}

/** Per-app bookkeeping for the synth checks (filled in constructors, so each check is O(1)). */
interface AppRegistry {
  firstDefault?: VsphereStorageClass;
  readonly byName: Map<string, VsphereStorageClass>;
}
const REGISTRIES = new WeakMap<IConstruct, AppRegistry>();

function registryOf(scope: IConstruct): AppRegistry {
  const root = scope.node.root;
  let r = REGISTRIES.get(root);
  if (!r) {
    r = { byName: new Map() };
    REGISTRIES.set(root, r);
  }
  return r;
}

/** The StorageClass settings {@link readStorageClassProps} resolves. */
export interface StorageClassSettings {
  readonly volumeType: VolumeType;
  readonly name: string;
  readonly fsType: BlockFsType | FileFsType;
  readonly allowVolumeExpansion: boolean;
  /** @default - the datastore's default policy */
  readonly storagePolicyName?: string;
  /** @default - any datastore that matches the policy */
  readonly datastoreUrl?: string;
  readonly isDefault: boolean;
  readonly reclaimPolicy: StorageReclaimPolicy;
}

/**
 * The props reader of a vSphere CSI StorageClass (everything but topology): the rules of {@link VsphereStorageClass}
 * and of the config loader's `storageClasses[]`, which calls it with a FieldFailer that maps `volumeType` to `type`
 * and `isDefault` to `default`. Resolves the defaults.
 */
export function readStorageClassProps(where: ErrorScope, props: VsphereStorageClassProps): StorageClassSettings {
  const volumeType = props.volumeType ?? VolumeType.BLOCK;
  if (!VOLUME_TYPES.includes(volumeType)) {
    fail(where, 'volumeType', volumeType, `one of ${VOLUME_TYPES.join(', ')}`);
  }
  const isBlock = volumeType === VolumeType.BLOCK;
  const name = props.name ?? (isBlock ? 'vsphere-csi-block' : 'vsphere-csi-file');
  validateSubdomainName(where, 'name', name);
  const fsType: BlockFsType | FileFsType = props.fsType ?? (isBlock ? 'ext4' : 'nfs4');
  if (isBlock && !BLOCK_FS_TYPES.includes(fsType)) {
    fail(where, 'fsType', fsType, `one of ${BLOCK_FS_TYPES.join(', ')} for a block volume class (nfs4 is for file volumes)`);
  }
  if (!isBlock && !FILE_FS_TYPES.includes(fsType)) {
    fail(where, 'fsType', fsType, 'nfs4 for a file volume class (vSAN File Services shares are NFS v4.1)');
  }
  if (props.allowVolumeExpansion !== undefined && typeof props.allowVolumeExpansion !== 'boolean') {
    fail(where, 'allowVolumeExpansion', props.allowVolumeExpansion, 'a boolean');
  }
  if (!isBlock && props.allowVolumeExpansion === true) {
    fail(where, 'allowVolumeExpansion', true, 'false or unset for a file volume class (the vSphere CSI driver expands block volumes only)');
  }
  const p = props.storagePolicyName;
  if (p !== undefined && (typeof p !== 'string' || p.trim().length === 0 || p.trim() !== p || /[\u0000-\u001f\u007f]/.test(p))) {
    fail(where, 'storagePolicyName', p, 'a non-empty SPBM storage policy name without leading or trailing spaces or control characters');
  }
  const u = props.datastoreUrl;
  if (u !== undefined && (typeof u !== 'string' || !/^ds:\/\/\/\S+\/$/.test(u) || /[\u0000-\u001f\u007f]/.test(u))) {
    fail(where, 'datastoreUrl', u, 'a datastore URL of the form ds:///<path>/ (e.g. ds:///vmfs/volumes/<uuid>/), as shown in vCenter');
  }
  if (props.isDefault !== undefined && typeof props.isDefault !== 'boolean') fail(where, 'isDefault', props.isDefault, 'a boolean');
  const reclaimPolicy = props.reclaimPolicy ?? 'Delete';
  if (!RECLAIM_POLICIES.includes(reclaimPolicy)) fail(where, 'reclaimPolicy', reclaimPolicy, 'one of Delete, Retain');
  const out: { -readonly [K in keyof StorageClassSettings]: StorageClassSettings[K] } = {
    volumeType,
    name,
    fsType,
    allowVolumeExpansion: props.allowVolumeExpansion ?? isBlock,
    isDefault: props.isDefault ?? false,
    reclaimPolicy,
  };
  if (p !== undefined) out.storagePolicyName = p;
  if (u !== undefined) out.datastoreUrl = u;
  return out;
}

/**
 * A StorageClass for the vSphere CSI driver (`csi.vsphere.vmware.com`): block volumes (ReadWriteOnce) or file
 * volumes (ReadWriteMany, vSAN File Services).
 *
 * Use its `storageClassName` in a cdk8s-plus `PersistentVolumeClaim` (`storageClassName: sc.storageClassName`).
 */
export class VsphereStorageClass extends Construct implements IVsphereStorageClass {
  /** A block-volume class (ReadWriteOnce; ext4/ext3/xfs/ntfs; expandable by default). */
  public static block(scope: Construct, id: string, options: BlockStorageClassOptions = {}): VsphereStorageClass {
    return new VsphereStorageClass(scope, id, Object.assign({}, options, { volumeType: VolumeType.BLOCK }));
  }

  /** A file-volume class (ReadWriteMany via vSAN File Services; nfs4; not expandable). */
  public static file(scope: Construct, id: string, options: FileStorageClassOptions = {}): VsphereStorageClass {
    return new VsphereStorageClass(scope, id, Object.assign({}, options, { volumeType: VolumeType.FILE }));
  }

  /** References an existing StorageClass by name (optionally stating its volume type, so dependants can check it). */
  public static fromStorageClassName(scope: Construct, id: string, name: string, volumeType?: VolumeType): IVsphereStorageClass {
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    validateSubdomainName(path, 'name', name);
    if (volumeType !== undefined && !Object.values(VolumeType).includes(volumeType)) {
      fail(path, 'volumeType', volumeType, `one of ${Object.values(VolumeType).join(', ')}`);
    }
    return new ImportedStorageClass(scope, id, name, volumeType);
  }

  /** The StorageClass name. */
  public readonly name: string;
  /** Block or file volumes. */
  public readonly volumeType: VolumeType;
  /** The resolved `csi.storage.k8s.io/fstype`. */
  public readonly fsType: BlockFsType | FileFsType;
  /** Whether this is the cluster's default StorageClass. */
  public readonly isDefault: boolean;
  /** The resolved reclaim policy. */
  public readonly reclaimPolicy: StorageReclaimPolicy;
  /** Whether claims may be expanded. */
  public readonly allowVolumeExpansion: boolean;
  /** The resolved volume binding mode. */
  public readonly volumeBindingMode: StorageBindingMode;
  /** The SPBM storage policy name, if any. */
  public readonly storagePolicyName?: string;
  /** The datastore URL, if any. */
  public readonly datastoreUrl?: string;
  private readonly _topology: TopologyRequirement[];

  public constructor(scope: Construct, id: string, props: VsphereStorageClassProps = {}) {
    super(scope, id);

    const read = readStorageClassProps(this, props);
    this.volumeType = read.volumeType;
    this.name = read.name;
    this.fsType = read.fsType;
    this.allowVolumeExpansion = read.allowVolumeExpansion;
    this.storagePolicyName = read.storagePolicyName;
    this.datastoreUrl = read.datastoreUrl;
    this.isDefault = read.isDefault;
    this.reclaimPolicy = read.reclaimPolicy;

    this._topology = this.validateTopology(props.topology ?? []);
    this.volumeBindingMode = props.volumeBindingMode ?? (this._topology.length > 0 ? 'WaitForFirstConsumer' : 'Immediate');
    if (!BINDING_MODES.includes(this.volumeBindingMode)) {
      fail(this, 'volumeBindingMode', this.volumeBindingMode, 'one of Immediate, WaitForFirstConsumer');
    }

    const parameters: Record<string, string> = {};
    if (this.storagePolicyName !== undefined) parameters.storagepolicyname = this.storagePolicyName;
    if (this.datastoreUrl !== undefined) parameters.datastoreurl = this.datastoreUrl;
    parameters['csi.storage.k8s.io/fstype'] = this.fsType;

    const resource = kubeObject(this, 'Resource', 'StorageClass', {
      metadata: {
        name: this.name,
        annotations: this.isDefault ? { [DEFAULT_CLASS_ANNOTATION]: 'true' } : undefined,
      },
      provisioner: VSPHERE_CSI_DRIVER,
      parameters,
      reclaimPolicy: this.reclaimPolicy,
      allowVolumeExpansion: this.allowVolumeExpansion,
      volumeBindingMode: this.volumeBindingMode,
      allowedTopologies:
        this._topology.length > 0
          ? [
              {
                matchLabelExpressions: this._topology.map((t) => ({
                  key: `${VSPHERE_TOPOLOGY_LABEL_PREFIX}${t.category}`,
                  values: [...t.values],
                })),
              },
            ]
          : undefined,
    });
    clusterScoped(resource);

    // App-wide rules: at most one default class, unique names. Bookkeeping here keeps each check O(1).
    const registry = registryOf(this);
    if (this.isDefault && registry.firstDefault === undefined) registry.firstDefault = this;
    if (!registry.byName.has(this.name)) registry.byName.set(this.name, this);
    addSynthCheck(this, () => {
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      const first = registry.firstDefault;
      if (this.isDefault && first !== undefined && first !== this) {
        errors.push({
          field: 'isDefault',
          value: true,
          allowed: `at most one default StorageClass per app (${first.node.path} "${first.name}" is already the default)`,
        });
      }
      const sameName = registry.byName.get(this.name);
      if (sameName !== undefined && sameName !== this) {
        errors.push({
          field: 'name',
          value: this.name,
          allowed: `a StorageClass name not already used by ${sameName.node.path}`,
        });
      }
      return errors;
    });
  }

  /** The topology restrictions (a copy). */
  public get topology(): TopologyRequirement[] {
    return this._topology.map((t) => ({ category: t.category, values: [...t.values] }));
  }

  private validateTopology(topology: TopologyRequirement[]): TopologyRequirement[] {
    if (!Array.isArray(topology)) fail(this, 'topology', topology, 'a list of { category, values }');
    const seen = new Set<string>();
    return topology.map((t, i) => {
      const field = `topology[${i}]`;
      const category = t?.category;
      const keyProblem =
        typeof category === 'string' && category.length > 0 ? qualifiedNameProblem(`${VSPHERE_TOPOLOGY_LABEL_PREFIX}${category}`) : 'x';
      if (keyProblem) {
        fail(
          this,
          `${field}.category`,
          category,
          'a vSphere tag category usable in the label key topology.csi.vmware.com/<category>: at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
        );
      }
      if (seen.has(category)) fail(this, `${field}.category`, category, 'a category not already listed in topology');
      seen.add(category);
      const values = t.values;
      if (!Array.isArray(values) || values.length === 0) {
        fail(this, `${field}.values`, values, `at least one tag name of category "${category}" (e.g. a zone name)`);
      }
      const seenValues = new Set<string>();
      values.forEach((v, j) => {
        if (typeof v !== 'string' || v.length === 0 || labelValueProblem(v)) {
          fail(
            this,
            `${field}.values[${j}]`,
            v,
            'a non-empty tag name that is a valid label value (at most 63 alphanumerics, "-", "_" or ".")',
          );
        }
        if (seenValues.has(v)) fail(this, `${field}.values[${j}]`, v, 'a tag name not already listed for this category');
        seenValues.add(v);
      });
      return { category, values: [...values] };
    });
  }
}
