import { kubeObject } from '../../core/kube-object';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { addSynthCheck, fail } from '../../core/errors';
import { Cidr, cidrProblem, findOverlaps, formatIp, parseCidr, parseIp } from '../../core/ip';
import { validateLabelName } from '../../core/names';
import { warn } from '../../core/secret-value';
import { AntreaConfig } from '../antrea-config';

/** Which Node IP a multicluster gateway advertises (`gatewayIPPrecedence`). */
export enum GatewayIPPrecedence {
  /** Node InternalIP (shipped manifests' value). */
  PRIVATE = 'private',
  /** Node InternalIP (synonym of private). */
  INTERNAL = 'internal',
  /** Node ExternalIP. */
  PUBLIC = 'public',
  /** Node ExternalIP (synonym of public). */
  EXTERNAL = 'external',
}

/** Endpoint type of imported multicluster Services (`endpointIPType`). */
export enum EndpointIPType {
  /** The exporting cluster's Service ClusterIP (default). */
  CLUSTER_IP = 'ClusterIP',
  /** The Pod IPs (needs Pod-to-Pod connectivity). */
  POD_IP = 'PodIP',
}

/** Props of {@link MulticlusterControllerConfig}. */
export interface MulticlusterControllerConfigProps {
  /**
   * Namespace of antrea-mc-controller.
   * @default "kube-system"
   */
  readonly namespace?: string;
  /**
   * Pod CIDRs of this cluster (for Pod-to-Pod connectivity; must not overlap other clusters'). Like antrea-mc-controller
   * (Go `net.ParseCIDR`), a CIDR with host bits set (`10.10.1.1/16`, as in the Antrea docs) is accepted, with a
   * warning naming the network it stands for.
   * @default - none
   */
  readonly podCIDRs?: string[];
  /**
   * Service ClusterIP range, set by hand.
   * @default - auto-discovered from the cluster (field emitted as "")
   */
  readonly serviceCIDR?: string;
  /**
   * Which Node IP gateways advertise.
   * @default GatewayIPPrecedence.PRIVATE
   */
  readonly gatewayIPPrecedence?: GatewayIPPrecedence;
  /**
   * Endpoint type of imported Services.
   * @default EndpointIPType.CLUSTER_IP
   */
  readonly endpointIPType?: EndpointIPType;
  /**
   * Whether stretched NetworkPolicies are enabled (ingress `scope: ClusterSet`).
   * @default false
   */
  readonly enableStretchedNetworkPolicy?: boolean;
  /**
   * Webhook port of the mc-controller.
   * @default 9443
   */
  readonly webhookPort?: number;
  /**
   * Write every setting, defaults included (`health`, `metrics`, `webhook`, `serviceCIDR`, `podCIDRs`,
   * `gatewayIPPrecedence`, `endpointIPType`, `enableStretchedNetworkPolicy`), as the shipped manifests do. `false`
   * writes only `apiVersion`, `kind` and the props that are set, like the excerpts in the Antrea multicluster user
   * guide; antrea-mc-controller fills in the same defaults.
   * @default true
   */
  readonly writeDefaults?: boolean;
}

/**
 * Parses a CIDR the way antrea-mc-controller does (Go `net.ParseCIDR`): host bits may be set. Returns the network
 * and warns when they are, because the controller then uses the network, not the address written.
 */
function parseCidrLikeGo(scope: Construct, field: string, text: string): Cidr {
  const problem = cidrProblem(text);
  if (problem === undefined || typeof text !== 'string' || !problem.includes('host bits')) return parseCidr(scope, field, text);
  const [addr, len] = text.split('/');
  const ip = parseIp(addr)!;
  const bits = ip.family === 'IPv4' ? 32 : 128;
  const size = 1n << BigInt(bits - Number(len));
  const first = ip.value - (ip.value % size);
  const network = `${formatIp(ip.family, first)}/${len}`;
  warn(scope, `${field} "${text}" has host bits set; antrea-mc-controller accepts it and uses the network ${network}`);
  return { family: ip.family, text: network, prefixLength: Number(len), first, last: first + size - 1n };
}

/**
 * The `antrea-mc-controller-config` ConfigMap with its `MultiClusterConfig`
 * (`multicluster.crd.antrea.io/v1alpha1`, key `controller_manager_config.yaml`).
 */
export class MulticlusterControllerConfig extends Construct {
  /** Namespace. */
  public readonly namespace: string;
  /** The `controller_manager_config.yaml` content. */
  public readonly content: string;

  public constructor(scope: Construct, id: string, props: MulticlusterControllerConfigProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? 'kube-system';
    validateLabelName(this, 'namespace', this.namespace);
    const podCIDRs = props.podCIDRs ?? [];
    const cidrs = podCIDRs.map((c, i) => parseCidrLikeGo(this, `podCIDRs[${i}]`, c));
    const ov = findOverlaps(cidrs);
    if (ov.length > 0)
      fail(
        this,
        `podCIDRs[${cidrs.indexOf(cidrs[ov[0][1]])}]`,
        podCIDRs[cidrs.indexOf(cidrs[ov[0][1]])],
        `a CIDR that does not overlap ${podCIDRs[cidrs.indexOf(cidrs[ov[0][0]])]}`,
      );
    if (props.serviceCIDR !== undefined && props.serviceCIDR !== '') parseCidrLikeGo(this, 'serviceCIDR', props.serviceCIDR);
    const writeDefaults = props.writeDefaults ?? true;
    if (typeof writeDefaults !== 'boolean') fail(this, 'writeDefaults', writeDefaults, 'true or false');
    const prec = props.gatewayIPPrecedence ?? GatewayIPPrecedence.PRIVATE;
    const precs = Object.values(GatewayIPPrecedence) as string[];
    if (!precs.includes(prec)) fail(this, 'gatewayIPPrecedence', prec, `one of ${precs.join(', ')}`);
    const ept = props.endpointIPType ?? EndpointIPType.CLUSTER_IP;
    const epts = Object.values(EndpointIPType) as string[];
    if (!epts.includes(ept)) fail(this, 'endpointIPType', ept, `one of ${epts.join(', ')}`);
    const port = props.webhookPort ?? 9443;
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(this, 'webhookPort', port, 'an integer from 1 to 65535');
    const stretched = props.enableStretchedNetworkPolicy ?? false;
    if (typeof stretched !== 'boolean') fail(this, 'enableStretchedNetworkPolicy', stretched, 'true or false');

    const doc: Record<string, unknown> = { apiVersion: 'multicluster.crd.antrea.io/v1alpha1', kind: 'MultiClusterConfig' };
    if (writeDefaults) {
      Object.assign(doc, {
        health: { healthProbeBindAddress: ':8080' },
        metrics: { bindAddress: '0' },
        webhook: { port },
        serviceCIDR: props.serviceCIDR ?? '',
        podCIDRs: [...podCIDRs],
        gatewayIPPrecedence: prec,
        endpointIPType: ept,
        enableStretchedNetworkPolicy: stretched,
      });
    } else {
      if (props.webhookPort !== undefined) doc.webhook = { port };
      if (props.serviceCIDR !== undefined) doc.serviceCIDR = props.serviceCIDR;
      if (props.podCIDRs !== undefined) doc.podCIDRs = [...podCIDRs];
      if (props.gatewayIPPrecedence !== undefined) doc.gatewayIPPrecedence = prec;
      if (props.endpointIPType !== undefined) doc.endpointIPType = ept;
      if (props.enableStretchedNetworkPolicy !== undefined) doc.enableStretchedNetworkPolicy = stretched;
    }
    this.content = stringify(doc);
    kubeObject(this, 'Resource', 'ConfigMap', {
      metadata: { name: 'antrea-mc-controller-config', namespace: this.namespace, labels: { app: 'antrea' } },
      data: { 'controller_manager_config.yaml': this.content },
    });
    addSynthCheck(this, () => {
      const c = AntreaConfig.of(this);
      if (!c) return [];
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      const at = `in AntreaConfig ${c.node.path}`;
      if (!c.featureGateEnabled('Multicluster'))
        errors.push({ field: 'featureGates.Multicluster', value: false, allowed: `true ${at} (a MultiClusterConfig is defined)` });
      if (podCIDRs.length > 0 && !c.multicluster.enablePodToPodConnectivity) {
        errors.push({
          field: 'multicluster.enablePodToPodConnectivity',
          value: false,
          allowed: `true ${at} (podCIDRs are set for Pod-to-Pod connectivity)`,
        });
      }
      if (stretched && !c.multicluster.enableStretchedNetworkPolicy) {
        errors.push({
          field: 'multicluster.enableStretchedNetworkPolicy',
          value: false,
          allowed: `true ${at} (the MultiClusterConfig enables stretched NetworkPolicy)`,
        });
      }
      if (ept === EndpointIPType.POD_IP && !c.multicluster.enablePodToPodConnectivity) {
        errors.push({ field: 'multicluster.enablePodToPodConnectivity', value: false, allowed: `true ${at} (endpointIPType is PodIP)` });
      }
      return errors;
    });
  }
}
