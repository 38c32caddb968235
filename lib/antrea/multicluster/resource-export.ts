import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ResourceExport } from '../../../imports/multicluster.crd.antrea.io';
import { validateLabelName, validateSubdomainName } from '../../core/names';
import { AntreaPolicyBase, AntreaPolicyBaseProps, AntreaPolicyKind } from '../policy-base';

/** The `spec.kind` of a ResourceExport that replicates a ClusterNetworkPolicy. @internal */
export const ACNP_RESOURCE_EXPORT_KIND = 'AntreaClusterNetworkPolicy';
/** The prefix of the ClusterNetworkPolicy that every member cluster creates from a replicated policy. @internal */
export const MULTICLUSTER_ACNP_PREFIX = 'antrea-mc-';

/** Props of {@link ClusterNetworkPolicyExport}. */
export interface ClusterNetworkPolicyExportProps extends AntreaPolicyBaseProps {
  /**
   * `metadata.name` of the ResourceExport.
   * @default - `<name>-for-<clusterSetId>` when `clusterSetId` is given, else the policy name
   */
  readonly exportName?: string;
  /**
   * The ClusterSet ID, used only for the default `exportName` (as in the Antrea docs: `<policy>-for-<clusterset>`).
   * @default - none
   */
  readonly clusterSetId?: string;
  /**
   * The Namespace of the leader's Multi-cluster Controller, where the ResourceExport lives.
   * @default "antrea-multicluster"
   */
  readonly namespace?: string;
}

/**
 * A ClusterNetworkPolicy replicated to every member cluster of a ClusterSet: an Antrea Multi-cluster `ResourceExport`
 * (`multicluster.crd.antrea.io/v1alpha1`, namespaced, created in the leader cluster) of kind
 * `AntreaClusterNetworkPolicy`. Each member creates the ACNP `antrea-mc-<name>` from `spec.clusterNetworkPolicy`.
 *
 * The rules are written with the same model as {@link ClusterNetworkPolicy} and checked the same way (the members'
 * webhooks validate the imported ACNP). The Tier and ClusterGroups it references must exist in every member cluster.
 */
export class ClusterNetworkPolicyExport extends AntreaPolicyBase {
  /** `metadata.name` of the ResourceExport. */
  public readonly exportName: string;
  /** Namespace of the ResourceExport (the leader's Multi-cluster Controller Namespace). */
  public readonly exportNamespace: string;
  /** The name of the ACNP that member clusters create (`antrea-mc-<name>`). */
  public readonly importedPolicyName: string;

  public constructor(scope: Construct, id: string, props: ClusterNetworkPolicyExportProps) {
    super(scope, id, AntreaPolicyKind.CLUSTER, props);
    if (props.clusterSetId !== undefined) validateSubdomainName(this, 'clusterSetId', props.clusterSetId);
    this.exportName = props.exportName ?? (props.clusterSetId !== undefined ? `${this.name}-for-${props.clusterSetId}` : this.name);
    validateSubdomainName(this, 'exportName', this.exportName);
    this.exportNamespace = props.namespace ?? 'antrea-multicluster';
    validateLabelName(this, 'namespace', this.exportNamespace);
    this.importedPolicyName = `${MULTICLUSTER_ACNP_PREFIX}${this.name}`;
    validateSubdomainName(this, 'name', this.importedPolicyName);
    new ApiObject(this, 'Resource', {
      apiVersion: ResourceExport.GVK.apiVersion,
      kind: ResourceExport.GVK.kind,
      metadata: { name: this.exportName, namespace: this.exportNamespace },
      spec: Lazy.any({
        produce: () => ({ kind: ACNP_RESOURCE_EXPORT_KIND, name: this.name, clusterNetworkPolicy: this._toSpec() }),
      }),
    });
  }
}
