import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { clusterScoped } from '../core/cluster-scoped';
import { AntreaPolicyBase, AntreaPolicyBaseProps, AntreaPolicyKind } from './policy-base';

/** Props of {@link ClusterNetworkPolicy}. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a Props struct per construct, even when empty
export interface ClusterNetworkPolicyProps extends AntreaPolicyBaseProps {}

/**
 * An Antrea ClusterNetworkPolicy (ACNP, `crd.antrea.io/v1beta1`, cluster-scoped).
 *
 * Rules are added with `addIngressRule` / `addEgressRule` (or `allowFrom`, `allowTo`, `dropFrom`, `dropTo`). Every
 * rule of the Antrea admission webhook is checked at synth, and fields the CRD would prune cannot be expressed or are
 * errors.
 */
export class ClusterNetworkPolicy extends AntreaPolicyBase {
  public constructor(scope: Construct, id: string, props: ClusterNetworkPolicyProps) {
    super(scope, id, AntreaPolicyKind.CLUSTER, props);
    clusterScoped(
      new ApiObject(this, 'Resource', {
        apiVersion: ANTREA_GVK.ClusterNetworkPolicy.apiVersion,
        kind: ANTREA_GVK.ClusterNetworkPolicy.kind,
        metadata: { name: this.name },
        spec: Lazy.any({ produce: () => this._toSpec() }),
      }),
    );
  }
}
