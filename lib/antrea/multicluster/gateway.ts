import { ApiObject } from 'cdk8s';
import { fail } from '../../core/errors';
import { requireIp } from '../../core/ip';

/** The Node annotation that makes a Node a multicluster gateway candidate. @internal */
export const MULTICLUSTER_GATEWAY_ANNOTATION = 'multicluster.antrea.io/gateway';
/** The Node annotation that overrides the gateway's tunnel IP (IPv4 only). @internal */
export const MULTICLUSTER_GATEWAY_IP_ANNOTATION = 'multicluster.antrea.io/gateway-ip';

/** Options of the multicluster gateway Node annotations. */
export interface MulticlusterGatewayOptions {
  /**
   * IPv4 address other clusters use to reach this gateway.
   * @default - the Node IP chosen by `gatewayIPPrecedence`
   */
  readonly gatewayIP?: string;
}

/** Multicluster gateway Node annotations (`multicluster.antrea.io/gateway=true`; one candidate becomes active). */
export class MulticlusterGateway {
  /** The annotations that make a Node a gateway candidate (for `kubectl annotate` or a Node patch). */
  public static nodeAnnotations(options: MulticlusterGatewayOptions = {}): Record<string, string> {
    const out: Record<string, string> = { [MULTICLUSTER_GATEWAY_ANNOTATION]: 'true' };
    if (options.gatewayIP !== undefined) {
      requireIp('MulticlusterGateway', 'gatewayIP', options.gatewayIP, 'IPv4');
      out[MULTICLUSTER_GATEWAY_IP_ANNOTATION] = options.gatewayIP;
    }
    return out;
  }

  /** Annotates a `v1/Node` ApiObject as a gateway candidate. */
  public static annotateNode(node: ApiObject, options: MulticlusterGatewayOptions = {}): void {
    if (!(node instanceof ApiObject) || node.apiVersion !== 'v1' || node.kind !== 'Node') {
      fail(node, 'node', node instanceof ApiObject ? `${node.apiVersion}/${node.kind}` : node, 'a v1 Node ApiObject');
    }
    for (const [k, v] of Object.entries(MulticlusterGateway.nodeAnnotations(options))) node.metadata.addAnnotation(k, v);
  }

  private constructor() {}
}
