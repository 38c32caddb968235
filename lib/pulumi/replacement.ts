import { apiGroupOf, ManifestObject } from '../core/validation';

/** The replacement options {@link Cdk8sDeployment} sets on one object: fields an update cannot change. */
export interface ReplacementOptions {
  /** Input property paths whose change makes Pulumi replace the object instead of updating it (Pulumi `replaceOnChanges`). */
  readonly replaceOnChanges: string[];
  /** Delete the old object before creating the new one (Pulumi `deleteBeforeReplace`): the name stays the same. */
  readonly deleteBeforeReplace: boolean;
}

/** One row of {@link IMMUTABLE_FIELDS}. */
export interface ImmutableFieldsRule {
  /** API group (`''` for the core group), any version. */
  readonly group: string;
  readonly kind: string;
  /** Input property paths the API server (or the owner's admission webhook) refuses to update. */
  readonly fields: readonly string[];
  /** Who refuses the update, for the docs. */
  readonly why: string;
}

/**
 * The fields that cannot be updated in place, per kind: a change to one of them is a replacement (delete, then create
 * with the same name) instead of an update the cluster refuses in the middle of `pulumi up`. PersistentVolumeClaims are
 * deliberately absent: replacing one deletes its volume (and, with reclaim policy Delete, the data), so their immutable
 * fields stay an update error that a person must resolve.
 */
export const IMMUTABLE_FIELDS: readonly ImmutableFieldsRule[] = [
  {
    group: 'crd.antrea.io',
    kind: 'Tier',
    fields: ['spec.priority'],
    why: "Antrea's Tier webhook: priority is immutable (only antrea-controller may change it)",
  },
  {
    group: 'crd.antrea.io',
    kind: 'IPPool',
    fields: ['spec.subnetInfo.gateway', 'spec.subnetInfo.prefixLength'],
    why: 'CRD validation rules (CEL): gateway and prefixLength are immutable',
  },
  {
    group: 'multicluster.crd.antrea.io',
    kind: 'ClusterSet',
    fields: ['spec.clusterID'],
    why: "Antrea multicluster's ClusterSet webhook: clusterID is immutable",
  },
  {
    group: 'storage.k8s.io',
    kind: 'StorageClass',
    fields: ['provisioner', 'parameters', 'reclaimPolicy', 'volumeBindingMode', 'mountOptions', 'allowedTopologies'],
    why: 'API server: every StorageClass field but allowVolumeExpansion (and metadata) is immutable',
  },
  {
    group: 'storage.k8s.io',
    kind: 'CSIDriver',
    fields: ['spec.attachRequired', 'spec.podInfoOnMount', 'spec.fsGroupPolicy', 'spec.volumeLifecycleModes'],
    why: 'API server: these CSIDriver spec fields are immutable',
  },
  { group: 'batch', kind: 'Job', fields: ['spec.selector', 'spec.template'], why: 'API server: a Job template and selector are immutable' },
  { group: 'apps', kind: 'Deployment', fields: ['spec.selector'], why: 'API server: the selector is immutable in apps/v1' },
  { group: 'apps', kind: 'ReplicaSet', fields: ['spec.selector'], why: 'API server: the selector is immutable in apps/v1' },
  { group: 'apps', kind: 'DaemonSet', fields: ['spec.selector'], why: 'API server: the selector is immutable in apps/v1' },
  {
    group: 'apps',
    kind: 'StatefulSet',
    fields: ['spec.selector', 'spec.serviceName', 'spec.podManagementPolicy', 'spec.volumeClaimTemplates'],
    why: 'API server: only replicas, ordinals, template, updateStrategy, minReadySeconds and the PVC retention policy are mutable',
  },
  { group: '', kind: 'Secret', fields: ['type'], why: 'API server: a Secret type is immutable' },
];

const BY_KIND = new Map(IMMUTABLE_FIELDS.map((r) => [`${r.group}|${r.kind}`, r]));

/**
 * The replacement options for one object, or undefined when every field can be updated in place. ConfigMaps and
 * Secrets marked `immutable: true` also replace on a change of `data` / `binaryData` (`Cdk8sDeployment` sends a
 * Secret's `stringData` as `data`).
 */
export function replacementOptionsFor(m: ManifestObject): ReplacementOptions | undefined {
  const kind = String(m.kind);
  const group = apiGroupOf(String(m.apiVersion));
  const fields = [...(BY_KIND.get(`${group}|${kind}`)?.fields ?? [])];
  if (group === '' && (kind === 'ConfigMap' || kind === 'Secret') && (m as { immutable?: unknown }).immutable === true) {
    fields.push('data', 'binaryData');
  }
  if (fields.length === 0) return undefined;
  // Every object of a cdk8s chart has a fixed metadata.name: the replacement must delete the old one first.
  return { replaceOnChanges: fields, deleteBeforeReplace: true };
}
