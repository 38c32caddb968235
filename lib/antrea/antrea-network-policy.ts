import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { AntreaPolicyBase, AntreaPolicyBaseProps, AntreaPolicyKind } from './policy-base';

/** Props of {@link AntreaNetworkPolicy}. */
export interface AntreaNetworkPolicyProps extends AntreaPolicyBaseProps {
  /**
   * The Namespace of the policy (and of the Groups it references).
   * @default - the chart's namespace (none: the namespace kubectl applies to)
   */
  readonly namespace?: string;
}

/**
 * An Antrea NetworkPolicy (ANNP, `crd.antrea.io/v1beta1` kind `NetworkPolicy`, namespaced). Not to be confused with
 * the Kubernetes `networking.k8s.io` NetworkPolicy.
 *
 * Same rule model as {@link ClusterNetworkPolicy}, with the ANNP schema: no `namespaces`, `serviceAccount`, `service`
 * or `nodeSelector` appliedTo; Groups (not ClusterGroups) in the same Namespace.
 */
export class AntreaNetworkPolicy extends AntreaPolicyBase {
  public constructor(scope: Construct, id: string, props: AntreaNetworkPolicyProps) {
    super(scope, id, AntreaPolicyKind.NAMESPACED, props, props.namespace);
    new ApiObject(this, 'Resource', {
      apiVersion: ANTREA_GVK.NetworkPolicy.apiVersion,
      kind: ANTREA_GVK.NetworkPolicy.kind,
      metadata: { name: this.name, ...(this.namespace !== undefined ? { namespace: this.namespace } : {}) },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
  }
}
