import { ApiObject } from 'cdk8s';
import { kubeObject } from '../core/kube-object';
import { Construct, IConstruct } from 'constructs';
import { addSynthCheck, fail } from '../core/errors';
import { parseIp } from '../core/ip';
import { isDns1035Label, validateLabelName, validateLabels } from '../core/names';
import { AntreaConfig } from './antrea-config';
import { objectNameFromId } from './selectors';

/** The Service annotation that turns NodePortLocal on (`"true"` is the only value that enables it). @internal */
export const NODE_PORT_LOCAL_ENABLED_ANNOTATION = 'nodeportlocal.antrea.io/enabled';
/** The Pod annotation antrea-agent writes with the port mappings. Never author it. @internal */
export const NODE_PORT_LOCAL_POD_ANNOTATION = 'nodeportlocal.antrea.io';

const ENABLED_REGISTRY = new WeakMap<ApiObject, true>();

function serviceObject(target: IConstruct): ApiObject {
  let obj: ApiObject | undefined;
  if (target instanceof ApiObject) obj = target;
  else {
    try {
      obj = ApiObject.of(target);
    } catch {
      obj = undefined;
    }
  }
  if (!obj || obj.apiVersion !== 'v1' || obj.kind !== 'Service') {
    fail(
      target,
      'service',
      obj ? `${obj.apiVersion}/${obj.kind}` : target.node.path,
      'a v1 Service (a cdk8s-plus Service, a NodePortLocalService or a Service ApiObject)',
    );
  }
  return obj;
}

/** NodePortLocal (NPL): Antrea maps Node ports straight to Pod ports of the backends of annotated Services. */
export class NodePortLocal {
  /**
   * Enables NodePortLocal on a Service (cdk8s-plus `Service`, e.g. from `Deployment.exposeViaService`, a
   * {@link NodePortLocalService}, or a `v1/Service` ApiObject) by setting `nodeportlocal.antrea.io/enabled: "true"`.
   * At synth the Service is checked: type ClusterIP or LoadBalancer, a non-empty selector, only TCP/UDP ports, and
   * `nodePortLocal.enable` in the App's AntreaConfig (when there is one).
   */
  public static enable(service: IConstruct): void {
    const obj = serviceObject(service);
    obj.metadata.addAnnotation(NODE_PORT_LOCAL_ENABLED_ANNOTATION, 'true');
    if (ENABLED_REGISTRY.has(obj)) return;
    ENABLED_REGISTRY.set(obj, true);
    addSynthCheck(obj, () => NodePortLocal.check(obj));
  }

  /** Whether NodePortLocal was enabled on the Service through {@link NodePortLocal.enable}. */
  public static isEnabled(service: IConstruct): boolean {
    try {
      return ENABLED_REGISTRY.has(serviceObject(service));
    } catch {
      return false;
    }
  }

  private static check(obj: ApiObject): Array<{ field: string; value: unknown; allowed: string }> {
    const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
    const json = obj.toJson();
    const spec = json.spec ?? {};
    const annotation = json.metadata?.annotations?.[NODE_PORT_LOCAL_ENABLED_ANNOTATION];
    if (annotation !== 'true') {
      errors.push({
        field: `metadata.annotations["${NODE_PORT_LOCAL_ENABLED_ANNOTATION}"]`,
        value: annotation,
        allowed: '"true" (NodePortLocal.enable was called)',
      });
    }
    const type = spec.type ?? 'ClusterIP';
    if (type !== 'ClusterIP' && type !== 'LoadBalancer') {
      errors.push({
        field: 'spec.type',
        value: type,
        allowed: 'ClusterIP or LoadBalancer for a NodePortLocal Service (Antrea ignores other types)',
      });
    }
    if (!spec.selector || Object.keys(spec.selector).length === 0) {
      errors.push({
        field: 'spec.selector',
        value: spec.selector ?? {},
        allowed: 'a non-empty selector for a NodePortLocal Service (Antrea ignores selector-less Services)',
      });
    }
    ((spec.ports ?? []) as Array<{ protocol?: string }>).forEach((p, i) => {
      const proto = p.protocol ?? 'TCP';
      if (proto !== 'TCP' && proto !== 'UDP')
        errors.push({ field: `spec.ports[${i}].protocol`, value: proto, allowed: 'TCP or UDP for a NodePortLocal Service' });
    });
    const config = AntreaConfig.of(obj);
    if (config && !config.nodePortLocalActive) {
      errors.push({
        field: 'nodePortLocal.enable',
        value: config.nodePortLocalEnabled,
        allowed: `true in AntreaConfig ${config.node.path} (a Service has ${NODE_PORT_LOCAL_ENABLED_ANNOTATION}: "true")`,
      });
    }
    return errors;
  }

  private constructor() {}
}

/** Protocol of a NodePortLocal Service port. */
export enum NodePortLocalProtocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
}

/** Type of a NodePortLocal Service. */
export enum NodePortLocalServiceType {
  /** ClusterIP. */
  CLUSTER_IP = 'ClusterIP',
  /** LoadBalancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

/** A port of a {@link NodePortLocalService}. */
export interface NodePortLocalServicePort {
  /** Service port. */
  readonly port: number;
  /**
   * Pod port (number or named container port) NPL maps a Node port to.
   * @default - same as `port`
   */
  readonly targetPort?: number | string;
  /**
   * Protocol.
   * @default NodePortLocalProtocol.TCP
   */
  readonly protocol?: NodePortLocalProtocol;
  /**
   * Port name (required when the Service has more than one port).
   * @default - none
   */
  readonly name?: string;
}

/** Props of {@link NodePortLocalService}. */
export interface NodePortLocalServiceProps {
  /**
   * `metadata.name` (a DNS-1035 label).
   * @default - derived from the construct id (kebab-case, lowercase)
   */
  readonly name?: string;
  /**
   * Namespace.
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
  /** Pod selector (non-empty). */
  readonly selector: { readonly [key: string]: string };
  /** Ports (at least one). */
  readonly ports: NodePortLocalServicePort[];
  /**
   * Service type. When unset, no `spec.type` is written (Kubernetes defaults it to ClusterIP, as in the Antrea docs'
   * example).
   * @default - ClusterIP, not written
   */
  readonly type?: NodePortLocalServiceType;
}

function isPort(n: unknown): boolean {
  return Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535;
}

/** A v1 Service with NodePortLocal enabled (`nodeportlocal.antrea.io/enabled: "true"`). */
export class NodePortLocalService extends Construct {
  /** `metadata.name`. */
  public readonly name: string;
  /** Service type. */
  public readonly type: NodePortLocalServiceType;

  public constructor(scope: Construct, id: string, props: NodePortLocalServiceProps) {
    super(scope, id);
    this.name = props.name ?? objectNameFromId(this, id);
    if (!isDns1035Label(this.name))
      fail(this, 'name', this.name, 'a DNS-1035 label (lowercase alphanumerics or "-", starting with a letter, at most 63 characters)');
    if (props.namespace !== undefined) validateLabelName(this, 'namespace', props.namespace);
    this.type = props.type ?? NodePortLocalServiceType.CLUSTER_IP;
    const types = Object.values(NodePortLocalServiceType) as string[];
    if (!types.includes(this.type))
      fail(this, 'type', this.type, `${types.join(' or ')} (NodePortLocal ignores NodePort and ExternalName Services)`);
    if (!props.selector || Object.keys(props.selector).length === 0)
      fail(this, 'selector', props.selector, 'a non-empty Pod selector (NodePortLocal ignores selector-less Services)');
    validateLabels(this, 'selector', props.selector as Record<string, string>);
    if (!props.ports || props.ports.length === 0) fail(this, 'ports', props.ports, 'at least one port');
    const names = new Set<string>();
    const ports = props.ports.map((p, i) => {
      if (!isPort(p.port)) fail(this, `ports[${i}].port`, p.port, 'an integer from 1 to 65535');
      if (p.targetPort !== undefined && typeof p.targetPort !== 'string' && !isPort(p.targetPort))
        fail(this, `ports[${i}].targetPort`, p.targetPort, 'an integer from 1 to 65535 or a port name');
      if (typeof p.targetPort === 'string' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.targetPort))
        fail(this, `ports[${i}].targetPort`, p.targetPort, 'a container port name (IANA_SVC_NAME)');
      const proto = p.protocol ?? NodePortLocalProtocol.TCP;
      if (proto !== 'TCP' && proto !== 'UDP')
        fail(this, `ports[${i}].protocol`, proto, 'TCP or UDP (NodePortLocal supports no other protocol)');
      if (props.ports.length > 1 && !p.name)
        fail(this, `ports[${i}].name`, p.name, 'a port name (required when a Service has several ports)');
      if (p.name !== undefined) {
        if (!isDns1035Label(p.name)) fail(this, `ports[${i}].name`, p.name, 'a DNS-1035 label');
        if (names.has(p.name)) fail(this, `ports[${i}].name`, p.name, 'a name not used by another port');
        names.add(p.name);
      }
      return Object.assign(p.name !== undefined ? { name: p.name } : {}, {
        port: p.port,
        protocol: proto,
        targetPort: p.targetPort ?? p.port,
      });
    });
    const svc = kubeObject(this, 'Resource', 'Service', {
      metadata: { name: this.name, ...(props.namespace !== undefined ? { namespace: props.namespace } : {}) },
      spec: Object.assign(props.type !== undefined ? { type: this.type } : {}, { selector: { ...props.selector }, ports }),
    });
    NodePortLocal.enable(svc);
  }
}

/** One NodePortLocal mapping from the Pod annotation `nodeportlocal.antrea.io`. */
export interface NodePortLocalMapping {
  /** Pod port. */
  readonly podPort: number;
  /** Node IP. */
  readonly nodeIP: string;
  /** Node port. */
  readonly nodePort: number;
  /** Protocol, lowercase. */
  readonly protocol: 'tcp' | 'udp';
  /** Legacy (before Antrea 2.0) list of protocols, if present. @default - absent from the annotation */
  readonly protocols?: Array<'tcp' | 'udp'>;
  /** IP family (Antrea 2.6+), if present. @default - absent from the annotation */
  readonly ipFamily?: 'IPv4' | 'IPv6';
}

/**
 * Parses the value of the Pod annotation `nodeportlocal.antrea.io` (written by antrea-agent): a JSON list of
 * `{podPort, nodeIP, nodePort, protocol, protocols?, ipFamily?}`. Throws a ValidationError on anything else.
 */
export function parseNodePortLocalAnnotation(value: string): NodePortLocalMapping[] {
  const where = `annotation ${NODE_PORT_LOCAL_POD_ANNOTATION}`;
  let data: unknown;
  try {
    data = JSON.parse(value);
  } catch {
    fail(where, 'value', value, 'a JSON list of {podPort, nodeIP, nodePort, protocol}');
  }
  if (!Array.isArray(data)) fail(where, 'value', data, 'a JSON list of {podPort, nodeIP, nodePort, protocol}');
  return data.map((e: any, i: number) => {
    const f = `[${i}]`;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) fail(where, f, e, 'an object {podPort, nodeIP, nodePort, protocol}');
    for (const k of Object.keys(e)) {
      if (!['podPort', 'nodeIP', 'nodePort', 'protocol', 'protocols', 'ipFamily'].includes(k))
        fail(where, `${f}.${k}`, e[k], 'no such field (podPort, nodeIP, nodePort, protocol, protocols, ipFamily)');
    }
    if (!isPort(e.podPort)) fail(where, `${f}.podPort`, e.podPort, 'an integer from 1 to 65535');
    if (!isPort(e.nodePort)) fail(where, `${f}.nodePort`, e.nodePort, 'an integer from 1 to 65535');
    const ip = parseIp(e.nodeIP);
    if (!ip) fail(where, `${f}.nodeIP`, e.nodeIP, 'an IPv4 or IPv6 address');
    if (e.protocol !== 'tcp' && e.protocol !== 'udp') fail(where, `${f}.protocol`, e.protocol, '"tcp" or "udp" (lowercase)');
    if (e.protocols !== undefined && (!Array.isArray(e.protocols) || e.protocols.some((p: unknown) => p !== 'tcp' && p !== 'udp'))) {
      fail(where, `${f}.protocols`, e.protocols, 'a list of "tcp" / "udp"');
    }
    if (e.ipFamily !== undefined && e.ipFamily !== 'IPv4' && e.ipFamily !== 'IPv6')
      fail(where, `${f}.ipFamily`, e.ipFamily, '"IPv4" or "IPv6"');
    if (e.ipFamily !== undefined && e.ipFamily !== ip.family)
      fail(where, `${f}.ipFamily`, e.ipFamily, `${ip.family} (the family of nodeIP ${e.nodeIP})`);
    const m: NodePortLocalMapping = Object.assign(
      { podPort: e.podPort, nodeIP: e.nodeIP, nodePort: e.nodePort, protocol: e.protocol },
      e.protocols !== undefined ? { protocols: [...e.protocols] } : {},
      e.ipFamily !== undefined ? { ipFamily: e.ipFamily } : {},
    );
    return m;
  });
}
