import { kubeObject } from '../core/kube-object';
import { Construct, IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { fail } from '../core/errors';
import { ExtraFile } from '../core/extra-file';
import { cidrProblem, parseCidr, parseIp } from '../core/ip';
import { warn } from '../core/secret-value';
import { isDns1123Label, isDns1123Subdomain, validateLabelName, validateSubdomainName } from '../core/names';
import { constructReporter, FieldPath, isPlainObject, readBool, readEnum, readObject, Reporter } from '../core/reader';
import { AntreaFeatureGates } from './feature-gates';

/** How Antrea forwards Pod traffic between Nodes (`trafficEncapMode`). */
export enum TrafficEncapMode {
  /** Tunnel all inter-Node Pod traffic (default). */
  ENCAP = 'encap',
  /** Route Pod traffic natively, no tunnel. */
  NO_ENCAP = 'noEncap',
  /** Tunnel only between Nodes in different subnets. */
  HYBRID = 'hybrid',
  /** Antrea only enforces NetworkPolicies; another CNI routes. */
  NETWORK_POLICY_ONLY = 'networkPolicyOnly',
}

/** How Antrea encrypts inter-Node Pod traffic (`trafficEncryptionMode`). */
export enum TrafficEncryptionMode {
  /** No encryption (default). */
  NONE = 'none',
  /** IPsec ESP in the tunnel (encap mode only). */
  IPSEC = 'ipsec',
  /** WireGuard (encap mode only). */
  WIREGUARD = 'wireGuard',
}

/** Multicluster traffic encryption between gateways (`multicluster.trafficEncryptionMode`). */
export enum MulticlusterTrafficEncryptionMode {
  /** No encryption (default). */
  NONE = 'none',
  /** WireGuard between gateways (needs `enableGateway`). */
  WIREGUARD = 'wireGuard',
}

/** NodePortLocal settings of antrea-agent (`nodePortLocal.*`). */
export interface NodePortLocalSettings {
  /**
   * Whether NodePortLocal runs (the `NodePortLocal` gate is GA and always on; this flag is what matters).
   * @default false
   */
  readonly enable?: boolean;
  /**
   * Node port range NPL allocates from, `"<start>-<end>"`.
   * @default "61000-62000"
   */
  readonly portRange?: string;
}

/** FlowExporter settings of antrea-agent (`flowExporter.*`). */
export interface FlowExporterSettings {
  /**
   * Whether the flow exporter runs (also needs the `FlowExporter` gate).
   * @default false
   */
  readonly enable?: boolean;
  /**
   * Flow collector address `<host>:<port>:<proto>`.
   * @default "flow-aggregator/flow-aggregator:14739:grpc"
   */
  readonly flowCollectorAddr?: string;
}

/** AntreaProxy settings of antrea-agent (`antreaProxy.*`). */
export interface AntreaProxySettings {
  /**
   * Whether AntreaProxy proxies all Service traffic, NodePort and LoadBalancer included (needed by policies applied
   * to NodePort Services, `AppliedTo.service`).
   * @default false
   */
  readonly proxyAll?: boolean;
}

/** The Node IPAM controller of antrea-controller (Helm `nodeIPAM.*`, conf `nodeIPAM.enableNodeIPAM` ...). */
export interface NodeIpamSettings {
  /**
   * Whether antrea-controller allocates the Nodes' Pod CIDRs (instead of kube-controller-manager).
   * @default false
   */
  readonly enable?: boolean;
  /**
   * Pod CIDRs of the cluster: at most one per IP family; at least one when `enable` is true.
   * @default - none
   */
  readonly clusterCIDRs?: string[];
}

/** Multicluster settings of antrea-agent and antrea-controller (`multicluster.*`). */
export interface MulticlusterSettings {
  /**
   * Whether this cluster's Nodes can act as multicluster gateways.
   * @default false
   */
  readonly enableGateway?: boolean;
  /**
   * Namespace of the antrea-mc-controller (member) in this cluster.
   * @default "" (Antrea's default: the Namespace of antrea-agent)
   */
  readonly namespace?: string;
  /**
   * Whether stretched (ClusterSet-scope) NetworkPolicies are enabled.
   * @default false
   */
  readonly enableStretchedNetworkPolicy?: boolean;
  /**
   * Whether Pod-to-Pod connectivity across clusters is enabled.
   * @default false
   */
  readonly enablePodToPodConnectivity?: boolean;
  /**
   * Encryption between gateways.
   * @default MulticlusterTrafficEncryptionMode.NONE
   */
  readonly trafficEncryptionMode?: MulticlusterTrafficEncryptionMode;
  /**
   * UDP port of the WireGuard tunnels between gateways (`multicluster.wireGuard.port`).
   * @default - not written (Antrea's default, 51821)
   */
  readonly wireGuardPort?: number;
}

/**
 * The values of the Antrea Helm chart (`antrea` from https://charts.antrea.io) that {@link AntreaConfig} sets: the
 * feature gates the chart's conf templates render and the agent settings this library cross-checks. Every other
 * value keeps the chart's default. The same object is written to `antrea/values.yaml` (the KubeKey addon's values)
 * and passed by `antreaHelmProps()` (cdk8s `Helm`) and `antreaChart()` (Pulumi `helm.v4.Chart`).
 */
export interface AntreaHelmValues {
  /** Every gate rendered by the chart's agent or controller conf template, by name (overrides and v2.7.0 defaults). */
  readonly featureGates: { readonly [gate: string]: boolean };
  readonly trafficEncapMode: TrafficEncapMode;
  readonly trafficEncryptionMode: TrafficEncryptionMode;
  readonly noSNAT: boolean;
  readonly enableBridgingMode: boolean;
  readonly disableTXChecksumOffload: boolean;
  readonly nodePortLocal: { readonly enable: boolean; readonly portRange: string };
  readonly flowExporter: { readonly enable: boolean; readonly flowCollectorAddr: string };
  /**
   * AntreaProxy settings.
   * @default - not written (the `antreaProxy` prop is unset; the chart's defaults apply)
   */
  readonly antreaProxy?: { readonly proxyAll: boolean };
  /**
   * Node IPAM settings.
   * @default - not written (the `nodeIPAM` prop is unset; the chart's defaults apply)
   */
  readonly nodeIPAM?: { readonly enable: boolean; readonly clusterCIDRs: string[] };
  readonly multicluster: {
    readonly enableGateway: boolean;
    readonly namespace: string;
    readonly enableStretchedNetworkPolicy: boolean;
    readonly enablePodToPodConnectivity: boolean;
    readonly trafficEncryptionMode: MulticlusterTrafficEncryptionMode;
    /**
     * WireGuard between gateways.
     * @default - not written (`multicluster.wireGuardPort` is unset; Antrea's default port 51821)
     */
    readonly wireGuard?: { readonly port: number };
  };
}

/** Props of {@link AntreaConfig}. */
export interface AntreaConfigProps {
  /**
   * Name of the ConfigMap.
   * @default "antrea-config"
   */
  readonly name?: string;
  /**
   * Namespace of the ConfigMap (Antrea's release Namespace).
   * @default "kube-system"
   */
  readonly namespace?: string;
  /**
   * Feature gate overrides (gate name → enabled). Unknown gates (also `AllAlpha`/`AllBeta`), GA gates without a
   * template line (`AntreaProxy`, `NodePortLocal`) and locked gates are rejected (see `featureGateProblem`).
   * @default - all gates at their Antrea v2.7.0 defaults
   */
  readonly featureGates?: { readonly [gate: string]: boolean };
  /**
   * Traffic encapsulation mode.
   * @default TrafficEncapMode.ENCAP
   */
  readonly trafficEncapMode?: TrafficEncapMode;
  /**
   * Traffic encryption mode (only with `TrafficEncapMode.ENCAP`).
   * @default TrafficEncryptionMode.NONE
   */
  readonly trafficEncryptionMode?: TrafficEncryptionMode;
  /**
   * Whether Antrea does not SNAT Pod traffic leaving the Node (needed by AntreaIPAM on the primary network).
   * @default false
   */
  readonly noSNAT?: boolean;
  /**
   * Whether bridging mode is on (needed by AntreaIPAM on the primary network).
   * @default false
   */
  readonly enableBridgingMode?: boolean;
  /**
   * Whether TX checksum offload is disabled (needed by L7NetworkPolicy).
   * @default false
   */
  readonly disableTXChecksumOffload?: boolean;
  /**
   * NodePortLocal settings.
   * @default - NodePortLocal disabled, port range 61000-62000
   */
  readonly nodePortLocal?: NodePortLocalSettings;
  /**
   * FlowExporter settings.
   * @default - disabled
   */
  readonly flowExporter?: FlowExporterSettings;
  /**
   * AntreaProxy settings.
   * @default - the chart's defaults (proxyAll off); nothing is written
   */
  readonly antreaProxy?: AntreaProxySettings;
  /**
   * The aggregated cluster-wide Pod CIDRs for `antrea-agent.conf` `podCIDRs` (networkPolicyOnly mode; Traceflow needs
   * them for inter-Node traffic). The Helm chart does not wire this value (its template writes `podCIDRs: ""`), so it
   * needs `renderConfigMap: true`.
   * @default - not written (the agent reads the Pod CIDRs from kube-proxy's or kubeadm's ConfigMap)
   */
  readonly podCIDRs?: string[];
  /**
   * Node IPAM of antrea-controller (gate `NodeIPAM`, on by default).
   * @default - the chart's defaults (off); nothing is written
   */
  readonly nodeIPAM?: NodeIpamSettings;
  /**
   * Multicluster settings (need the `Multicluster` gate when anything is enabled).
   * @default - all off
   */
  readonly multicluster?: MulticlusterSettings;
  /**
   * Path of the Helm values ExtraFile.
   * @default "antrea/values.yaml"
   */
  readonly helmValuesPath?: string;
  /**
   * Also emit the `antrea-config` ConfigMap (`antrea-agent.conf`, `antrea-controller.conf`). Leave it off when Antrea is
   * installed with its Helm chart (as KubeKey does): the chart owns that ConfigMap, and applying a second version of
   * it would replace the chart's settings (and conflict with Helm's field manager). Turn it on only when you install
   * Antrea from plain manifests and manage its configuration here; the agents read the file at start, so restart them.
   * @default false
   */
  readonly renderConfigMap?: boolean;
}

/** The props of AntreaConfig that {@link readAntreaConfigProps} reads. @internal */
export interface AntreaConfigPropsInput {
  /** Feature gates by name. @default - none (the v2.7.0 defaults) */
  readonly featureGates?: unknown;
  /** Traffic encapsulation mode. @default TrafficEncapMode.ENCAP */
  readonly trafficEncapMode?: unknown;
  /** Traffic encryption mode. @default TrafficEncryptionMode.NONE */
  readonly trafficEncryptionMode?: unknown;
  /** Whether TX checksum offload is disabled. @default false */
  readonly disableTXChecksumOffload?: unknown;
  /** NodePortLocal settings (`enable`, `portRange`). @default - off, port range 61000-62000 */
  readonly nodePortLocal?: unknown;
}

/** What {@link readAntreaConfigProps} returns: the gates as given, the modes and NodePortLocal with defaults. @internal */
export interface ReadAntreaConfigResult {
  readonly featureGates: Record<string, boolean>;
  readonly trafficEncapMode: TrafficEncapMode;
  readonly trafficEncryptionMode: TrafficEncryptionMode;
  readonly disableTXChecksumOffload: boolean;
  readonly nodePortLocal: { readonly enable: boolean; readonly portRange: string };
}

/** Options of {@link readAntreaConfigProps}. @internal */
export interface ReadAntreaConfigOptions {
  /**
   * The source cannot set `disableTXChecksumOffload` (the solution config file): the L7NetworkPolicy rule is then
   * reported at the gate, naming the reason, instead of at `disableTXChecksumOffload`.
   * @default false
   */
  readonly withoutDisableTXChecksumOffload?: boolean;
}

/**
 * The props reader of {@link AntreaConfig} for the settings a config file shares with it: `featureGates` (known
 * gates, typo hints, GA-locked and unrendered gates, `AllAlpha`/`AllBeta` refused; see {@link featureGateProblem}),
 * `trafficEncapMode`, `trafficEncryptionMode` (encryption only with encap), `disableTXChecksumOffload` (required by
 * the L7NetworkPolicy gate) and `nodePortLocal` (`enable`, `portRange`). `AntreaConfig`'s constructor and the config
 * loader (`antrea.*`) both call it.
 * @internal
 */
export function readAntreaConfigProps(
  r: Reporter,
  path: FieldPath,
  props: AntreaConfigPropsInput,
  options: ReadAntreaConfigOptions = {},
): ReadAntreaConfigResult {
  const featureGates: Record<string, boolean> = {};
  if (props.featureGates !== undefined) {
    const fgPath = [...path, 'featureGates'];
    if (isPlainObject(props.featureGates)) {
      for (const k of ['AllAlpha', 'AllBeta']) {
        // Antrea's own all-gates switches: not in the gate table, refused with the reason (not as a typo).
        if (props.featureGates[k] !== undefined) r.fail([...fgPath, k], k, featureGateProblem(k, undefined)!.allowed, `the gate "${k}"`);
      }
    }
    const fg = readObject(r, fgPath, props.featureGates, KNOWN_GATES);
    for (const k of Object.keys(fg).sort()) {
      if (fg[k] === undefined) continue;
      const value = readBool(r, [...fgPath, k], fg[k]);
      const problem = featureGateProblem(k, value);
      if (problem?.about === 'name') r.fail([...fgPath, k], k, problem.allowed, `the gate ${JSON.stringify(k)}`);
      if (problem) r.fail([...fgPath, k], value, problem.allowed);
      featureGates[k] = value;
    }
  }
  const trafficEncapMode =
    props.trafficEncapMode === undefined
      ? TrafficEncapMode.ENCAP
      : readEnum(r, [...path, 'trafficEncapMode'], props.trafficEncapMode, Object.values(TrafficEncapMode));
  const trafficEncryptionMode =
    props.trafficEncryptionMode === undefined
      ? TrafficEncryptionMode.NONE
      : readEnum(r, [...path, 'trafficEncryptionMode'], props.trafficEncryptionMode, Object.values(TrafficEncryptionMode));
  if (trafficEncryptionMode !== TrafficEncryptionMode.NONE && trafficEncapMode !== TrafficEncapMode.ENCAP) {
    r.fail(
      [...path, 'trafficEncryptionMode'],
      trafficEncryptionMode,
      `"none" when trafficEncapMode is "${trafficEncapMode}" (encryption needs trafficEncapMode "encap")`,
    );
  }
  const disableTXChecksumOffload =
    props.disableTXChecksumOffload === undefined
      ? false
      : readBool(r, [...path, 'disableTXChecksumOffload'], props.disableTXChecksumOffload);
  const l7 = featureGates.L7NetworkPolicy ?? AntreaFeatureGates.lookup('L7NetworkPolicy')?.default === true;
  if (l7 && !disableTXChecksumOffload) {
    if (options.withoutDisableTXChecksumOffload)
      r.fail(
        [...path, 'featureGates', 'L7NetworkPolicy'],
        true,
        'false (L7NetworkPolicy needs disableTXChecksumOffload: true, which this config file cannot set; use AntreaConfig directly)',
      );
    r.fail([...path, 'disableTXChecksumOffload'], disableTXChecksumOffload, 'true when the L7NetworkPolicy feature gate is on');
  }
  const npl = props.nodePortLocal ?? {};
  if (!isPlainObject(npl)) r.fail([...path, 'nodePortLocal'], npl, 'an object');
  const enable = npl.enable === undefined ? false : readBool(r, [...path, 'nodePortLocal', 'enable'], npl.enable);
  const portRange = npl.portRange === undefined ? '61000-62000' : npl.portRange;
  const prProblem = portRangeProblem(portRange);
  if (prProblem) r.fail([...path, 'nodePortLocal', 'portRange'], portRange, prProblem);
  return {
    featureGates,
    trafficEncapMode,
    trafficEncryptionMode,
    disableTXChecksumOffload,
    nodePortLocal: { enable, portRange: portRange as string },
  };
}

/** The gate names AntreaConfig knows (the gate table), for typo hints. */
const KNOWN_GATES: readonly string[] = AntreaFeatureGates.all().map((g) => g.name);

const REGISTRY = new WeakMap<IConstruct, AntreaConfig>();

const MC_ENCRYPTION_MODES = Object.values(MulticlusterTrafficEncryptionMode) as string[];

/** Parses `"<start>-<end>"` port ranges; returns the problem or undefined. */
function portRangeProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'a port range "<start>-<end>" such as "61000-62000"';
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  if (!m) return 'a port range "<start>-<end>" such as "61000-62000"';
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start < 1 || end > 65535) return 'a port range with both ends from 1 to 65535';
  if (start >= end) return 'a port range whose start is lower than its end';
  return undefined;
}

/** A boolean prop (default false); anything but true/false (e.g. "yes", "on", 1) is refused, never coerced. */
function bool(scope: IConstruct, field: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(scope, field, value, 'true or false');
  return value;
}

const FLOW_PROTOCOLS = ['grpc', 'tcp', 'udp', 'tls'];
const FLOW_ADDR = 'an address "<host>:<port>[:grpc|tcp|udp|tls]"';

/**
 * Why `text` is not a flow collector address `<host>:<port>[:<proto>]`, or undefined when it is. The host is an IPv4
 * address, a DNS name, a Service as `<namespace>/<name>`, or an IPv6 address in brackets; the port is 1-65535 and the
 * protocol one of grpc, tcp, udp, tls.
 * @internal
 */
export function flowCollectorAddrProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return `${FLOW_ADDR}, e.g. "flow-aggregator/flow-aggregator:14739:grpc"`;
  const m = /^(\[[^\]]*\]|[^\s:[\]]+):(\d{1,5})(?::([a-z]+))?$/.exec(text);
  if (!m) return `${FLOW_ADDR}, e.g. "flow-aggregator/flow-aggregator:14739:grpc"`;
  const [, host, port, proto] = m;
  if (host.startsWith('[')) {
    if (parseIp(host.slice(1, -1))?.family !== 'IPv6') return `${FLOW_ADDR} whose bracketed host is an IPv6 address`;
  } else if (host.includes('/')) {
    const [ns, name, ...rest] = host.split('/');
    if (rest.length > 0 || !isDns1123Label(ns) || !isDns1123Label(name))
      return `${FLOW_ADDR} whose Service host is "<namespace>/<name>" (two DNS-1123 labels)`;
  } else if (!parseIp(host) && (!isDns1123Subdomain(host.toLowerCase()) || /^[0-9.]+$/.test(host))) {
    return `${FLOW_ADDR} whose host is an IPv4 address, a DNS name, "<namespace>/<name>" or "[<IPv6>]"`;
  }
  if (Number(port) < 1 || Number(port) > 65535) return `${FLOW_ADDR} whose port is from 1 to 65535`;
  if (proto !== undefined && !FLOW_PROTOCOLS.includes(proto)) return `${FLOW_ADDR} whose protocol is one of ${FLOW_PROTOCOLS.join(', ')}`;
  return undefined;
}

/**
 * Why {@link AntreaConfig} refuses `featureGates[gate] = value`, or undefined when it accepts it. `about` says whether
 * the gate name (unknown, or a gate the Helm conf templates do not render) or the value is the problem. Uses the gate
 * table of {@link AntreaFeatureGates}; the solution config loader calls it too, so both refuse the same gates.
 * @internal
 */
export function featureGateProblem(gate: string, value: unknown): { about: 'name' | 'value'; allowed: string } | undefined {
  const info = AntreaFeatureGates.lookup(gate);
  if (!info) {
    const all =
      gate === 'AllAlpha' || gate === 'AllBeta'
        ? ` (${gate} is not supported here: enable the gates one by one so that the cross-checks see them)`
        : '';
    return {
      about: 'name',
      allowed: `an Antrea v2.7.0 feature gate name (case-sensitive), e.g. Egress, L7NetworkPolicy, AntreaIPAM${all}`,
    };
  }
  if (typeof value !== 'boolean') return { about: 'value', allowed: 'true or false' };
  if (info.locked && value !== info.default) return { about: 'value', allowed: `${info.default} (the gate is GA and locked)` };
  if (!info.inAgentConf && !info.inControllerConf) {
    const hint = gate === 'NodePortLocal' ? '; use nodePortLocal.enable' : '';
    return { about: 'name', allowed: `a gate the Antrea Helm conf templates render (${gate} is GA${hint})` };
  }
  return undefined;
}

/**
 * The Antrea configuration of a cluster (one per App): feature gates and the agent/controller settings this library
 * cross-checks against (Egress, NodePortLocal, Multicluster, Traceflow, FlowExporter, L7NetworkPolicy, AntreaIPAM,
 * traffic encap/encryption). Renders the Helm values (and, with `renderConfigMap`, the `antrea-config` ConfigMap with `antrea-agent.conf` and `antrea-controller.conf`)
 * and the Helm values as an ExtraFile.
 */
export class AntreaConfig extends Construct {
  /** The AntreaConfig of the App that `scope` belongs to, or undefined when there is none. */
  public static of(scope: IConstruct): AntreaConfig | undefined {
    return REGISTRY.get(scope.node.root);
  }

  /** ConfigMap name. */
  public readonly name: string;
  /** ConfigMap namespace. */
  public readonly namespace: string;
  /** Traffic encapsulation mode. */
  public readonly trafficEncapMode: TrafficEncapMode;
  /** Traffic encryption mode. */
  public readonly trafficEncryptionMode: TrafficEncryptionMode;
  /** noSNAT. */
  public readonly noSNAT: boolean;
  /** enableBridgingMode. */
  public readonly enableBridgingMode: boolean;
  /** disableTXChecksumOffload. */
  public readonly disableTXChecksumOffload: boolean;
  /** `nodePortLocal.enable`. */
  public readonly nodePortLocalEnabled: boolean;
  /** `nodePortLocal.portRange`. */
  public readonly nodePortLocalPortRange: string;
  /** `flowExporter.enable`. */
  public readonly flowExporterEnabled: boolean;
  /** `flowExporter.flowCollectorAddr`. */
  public readonly flowCollectorAddr: string;
  /** `antreaProxy.proxyAll`. */
  public readonly antreaProxyAll: boolean;
  /** Resolved multicluster settings. */
  public readonly multicluster: Required<Omit<MulticlusterSettings, 'wireGuardPort'>>;
  /** Path of the Helm values ExtraFile. */
  public readonly helmValuesPath: string;

  private readonly gateOverrides: Map<string, boolean>;
  private readonly antreaProxyGiven: boolean;
  private readonly nodeIpam?: { enable: boolean; clusterCIDRs: string[] };
  private readonly mcWireGuardPort?: number;
  private readonly podCIDRs?: string[];

  public constructor(scope: Construct, id: string, props: AntreaConfigProps = {}) {
    super(scope, id);
    const existing = REGISTRY.get(this.node.root);
    if (existing) fail(this, 'AntreaConfig', this.node.path, `at most one AntreaConfig per App (already defined at ${existing.node.path})`);

    this.name = props.name ?? 'antrea-config';
    validateSubdomainName(this, 'name', this.name);
    this.namespace = props.namespace ?? 'kube-system';
    validateLabelName(this, 'namespace', this.namespace);

    // The props reader shared with the config loader: gates, encap/encryption, TX checksum offload, NodePortLocal.
    for (const key of ['nodePortLocal', 'flowExporter', 'antreaProxy', 'nodeIPAM', 'multicluster'] as const) {
      const v = props[key];
      if (v !== undefined && (v === null || typeof v !== 'object' || Array.isArray(v))) fail(this, key, v, 'an object');
    }
    const read = readAntreaConfigProps(constructReporter(this), [], props);
    this.gateOverrides = new Map(Object.entries(read.featureGates));
    this.trafficEncapMode = read.trafficEncapMode;
    this.trafficEncryptionMode = read.trafficEncryptionMode;
    this.noSNAT = bool(this, 'noSNAT', props.noSNAT);
    this.enableBridgingMode = bool(this, 'enableBridgingMode', props.enableBridgingMode);
    this.disableTXChecksumOffload = read.disableTXChecksumOffload;
    this.nodePortLocalEnabled = read.nodePortLocal.enable;
    this.nodePortLocalPortRange = read.nodePortLocal.portRange;

    this.flowExporterEnabled = bool(this, 'flowExporter.enable', props.flowExporter?.enable);
    this.flowCollectorAddr = props.flowExporter?.flowCollectorAddr ?? 'flow-aggregator/flow-aggregator:14739:grpc';
    if (this.flowExporterEnabled && !this.featureGateEnabled('FlowExporter')) {
      fail(this, 'flowExporter.enable', true, 'false while the FlowExporter feature gate is off (set featureGates.FlowExporter: true)');
    }
    const addrProblem = flowCollectorAddrProblem(this.flowCollectorAddr);
    if (addrProblem) fail(this, 'flowExporter.flowCollectorAddr', this.flowCollectorAddr, addrProblem);

    this.antreaProxyGiven = props.antreaProxy !== undefined;
    this.antreaProxyAll = bool(this, 'antreaProxy.proxyAll', props.antreaProxy?.proxyAll);
    if (props.nodeIPAM !== undefined) {
      const enable = bool(this, 'nodeIPAM.enable', props.nodeIPAM.enable);
      const cidrs = props.nodeIPAM.clusterCIDRs ?? [];
      if (!Array.isArray(cidrs)) fail(this, 'nodeIPAM.clusterCIDRs', cidrs, 'a list of CIDRs');
      const families = new Map<string, string>();
      cidrs.forEach((c, i) => {
        // antrea-controller parses them with net.ParseCIDR, which accepts host bits: a warning, not an error
        const problem = cidrProblem(c);
        const hostBits = problem !== undefined && problem.includes('host bits');
        if (hostBits) warn(this, `nodeIPAM.clusterCIDRs[${i}] "${c}" has host bits set; antrea-controller accepts it and uses its network`);
        const family = hostBits ? parseIp(c.split('/')[0])!.family : parseCidr(this, `nodeIPAM.clusterCIDRs[${i}]`, c).family;
        const other = families.get(family);
        if (other !== undefined) fail(this, `nodeIPAM.clusterCIDRs[${i}]`, c, `at most one ${family} CIDR (already ${other})`);
        families.set(family, c);
      });
      if (enable && cidrs.length === 0) fail(this, 'nodeIPAM.clusterCIDRs', cidrs, 'at least one CIDR when nodeIPAM.enable is true');
      if (enable && !this.featureGateEnabled('NodeIPAM'))
        fail(this, 'nodeIPAM.enable', true, 'false while the NodeIPAM feature gate is off (set featureGates.NodeIPAM: true)');
      this.nodeIpam = { enable, clusterCIDRs: [...cidrs] };
    }

    const mc = props.multicluster ?? {};
    this.multicluster = {
      enableGateway: bool(this, 'multicluster.enableGateway', mc.enableGateway),
      namespace: mc.namespace ?? '',
      enableStretchedNetworkPolicy: bool(this, 'multicluster.enableStretchedNetworkPolicy', mc.enableStretchedNetworkPolicy),
      enablePodToPodConnectivity: bool(this, 'multicluster.enablePodToPodConnectivity', mc.enablePodToPodConnectivity),
      trafficEncryptionMode: mc.trafficEncryptionMode ?? MulticlusterTrafficEncryptionMode.NONE,
    };
    if (this.multicluster.namespace !== '') validateLabelName(this, 'multicluster.namespace', this.multicluster.namespace);
    if (mc.wireGuardPort !== undefined) {
      if (!Number.isInteger(mc.wireGuardPort) || mc.wireGuardPort < 1 || mc.wireGuardPort > 65535)
        fail(this, 'multicluster.wireGuardPort', mc.wireGuardPort, 'an integer from 1 to 65535');
      this.mcWireGuardPort = mc.wireGuardPort;
    }
    if (!MC_ENCRYPTION_MODES.includes(this.multicluster.trafficEncryptionMode)) {
      fail(this, 'multicluster.trafficEncryptionMode', this.multicluster.trafficEncryptionMode, `one of ${MC_ENCRYPTION_MODES.join(', ')}`);
    }
    if (this.multicluster.trafficEncryptionMode !== MulticlusterTrafficEncryptionMode.NONE && !this.multicluster.enableGateway) {
      fail(
        this,
        'multicluster.trafficEncryptionMode',
        this.multicluster.trafficEncryptionMode,
        '"none" unless multicluster.enableGateway is true',
      );
    }
    const mcOn =
      this.multicluster.enableGateway || this.multicluster.enableStretchedNetworkPolicy || this.multicluster.enablePodToPodConnectivity;
    if (mcOn && !this.featureGateEnabled('Multicluster')) {
      const which = this.multicluster.enableGateway
        ? 'enableGateway'
        : this.multicluster.enableStretchedNetworkPolicy
          ? 'enableStretchedNetworkPolicy'
          : 'enablePodToPodConnectivity';
      fail(this, `multicluster.${which}`, true, 'false while the Multicluster feature gate is off (set featureGates.Multicluster: true)');
    }
    if (this.multicluster.enablePodToPodConnectivity && !this.multicluster.enableGateway) {
      fail(this, 'multicluster.enablePodToPodConnectivity', true, 'false unless multicluster.enableGateway is true');
    }

    if (props.podCIDRs !== undefined) {
      if (!Array.isArray(props.podCIDRs) || props.podCIDRs.length === 0)
        fail(this, 'podCIDRs', props.podCIDRs, 'a non-empty list of CIDRs, e.g. ["10.10.0.0/16", "fd00::/12"]');
      props.podCIDRs.forEach((c, i) => {
        const problem = cidrProblem(c);
        if (problem !== undefined && problem.includes('host bits'))
          warn(this, `podCIDRs[${i}] "${c}" has host bits set; antrea-agent accepts it and uses its network`);
        else parseCidr(this, `podCIDRs[${i}]`, c);
      });
      if (props.renderConfigMap !== true)
        fail(this, 'podCIDRs', props.podCIDRs, 'no podCIDRs unless renderConfigMap is true (the Antrea Helm chart does not wire podCIDRs)');
      if (this.trafficEncapMode !== TrafficEncapMode.NETWORK_POLICY_ONLY)
        warn(
          this,
          `podCIDRs is only read in trafficEncapMode "networkPolicyOnly" (this config uses "${this.trafficEncapMode}"); antrea-agent ignores it`,
        );
      this.podCIDRs = [...props.podCIDRs];
    }

    this.helmValuesPath = props.helmValuesPath ?? 'antrea/values.yaml';

    REGISTRY.set(this.node.root, this);

    if (props.renderConfigMap !== undefined && typeof props.renderConfigMap !== 'boolean') {
      fail(this, 'renderConfigMap', props.renderConfigMap, 'true or false');
    }
    if (props.renderConfigMap === true) {
      kubeObject(this, 'Resource', 'ConfigMap', {
        metadata: { name: this.name, namespace: this.namespace, labels: { app: 'antrea' } },
        data: {
          'antrea-agent.conf': this.agentConf(),
          'antrea-controller.conf': this.controllerConf(),
        },
      });
    }
    new ExtraFile(this, 'HelmValues', { path: this.helmValuesPath, content: this.helmValuesYaml() });
  }

  /**
   * Whether `gate` is enabled: the override given in `featureGates`, else the Antrea v2.7.0 default.
   * Throws for an unknown gate name.
   */
  public featureGateEnabled(gate: string): boolean {
    const override = this.gateOverrides.get(gate);
    if (override !== undefined) return override;
    const def = AntreaFeatureGates.defaultOf(gate);
    if (def === undefined) fail(this, 'gate', gate, 'an Antrea v2.7.0 feature gate name (case-sensitive)');
    return def;
  }

  /** Whether NodePortLocal is effectively on (`nodePortLocal.enable` and the GA gate). */
  public get nodePortLocalActive(): boolean {
    return this.nodePortLocalEnabled && this.featureGateEnabled('NodePortLocal');
  }

  /** Feature gates explicitly overridden, sorted by name. */
  public get featureGateOverrides(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const [k, v] of this.gateOverrides) out[k] = v;
    return out;
  }

  /** The content of `antrea-agent.conf`. */
  public agentConf(): string {
    const gates: Record<string, boolean> = {};
    for (const g of AntreaFeatureGates.all()) if (g.inAgentConf) gates[g.name] = this.featureGateEnabled(g.name);
    return stringify(
      Object.assign({ featureGates: gates }, this.agentSettings(), this.podCIDRs ? { podCIDRs: this.podCIDRs.join(',') } : {}),
    );
  }

  /** The agent settings shared by `antrea-agent.conf` and the Helm values (same keys, same order). */
  private agentSettings(): Omit<AntreaHelmValues, 'featureGates'> {
    return Object.assign(
      {
        trafficEncapMode: this.trafficEncapMode,
        trafficEncryptionMode: this.trafficEncryptionMode,
        noSNAT: this.noSNAT,
        enableBridgingMode: this.enableBridgingMode,
        disableTXChecksumOffload: this.disableTXChecksumOffload,
        nodePortLocal: { enable: this.nodePortLocalEnabled, portRange: this.nodePortLocalPortRange },
        flowExporter: { enable: this.flowExporterEnabled, flowCollectorAddr: this.flowCollectorAddr },
      },
      this.antreaProxyGiven ? { antreaProxy: { proxyAll: this.antreaProxyAll } } : {},
      {
        multicluster: Object.assign(
          {
            enableGateway: this.multicluster.enableGateway,
            namespace: this.multicluster.namespace,
            enableStretchedNetworkPolicy: this.multicluster.enableStretchedNetworkPolicy,
            enablePodToPodConnectivity: this.multicluster.enablePodToPodConnectivity,
            trafficEncryptionMode: this.multicluster.trafficEncryptionMode,
          },
          this.mcWireGuardPort !== undefined ? { wireGuard: { port: this.mcWireGuardPort } } : {},
        ),
      },
    );
  }

  /** The content of `antrea-controller.conf`. */
  public controllerConf(): string {
    const gates: Record<string, boolean> = {};
    for (const g of AntreaFeatureGates.all()) if (g.inControllerConf) gates[g.name] = this.featureGateEnabled(g.name);
    return stringify(
      Object.assign(
        { featureGates: gates, multicluster: { enableStretchedNetworkPolicy: this.multicluster.enableStretchedNetworkPolicy } },
        this.nodeIpam ? { nodeIPAM: { enableNodeIPAM: this.nodeIpam.enable, clusterCIDRs: [...this.nodeIpam.clusterCIDRs] } } : {},
      ),
    );
  }

  /**
   * The Helm values (`antrea` chart) equivalent to this configuration, as a new object on every call: what
   * `antrea/values.yaml` holds ({@link helmValuesYaml}), for cdk8s' `Helm` (`antreaHelmProps`) and Pulumi's
   * `helm.v4.Chart` (`antreaChart`).
   */
  public helmValues(): AntreaHelmValues {
    const gates: Record<string, boolean> = {};
    for (const g of AntreaFeatureGates.all()) if (g.inAgentConf || g.inControllerConf) gates[g.name] = this.featureGateEnabled(g.name);
    return Object.assign(
      { featureGates: gates },
      this.agentSettings(),
      this.nodeIpam ? { nodeIPAM: { enable: this.nodeIpam.enable, clusterCIDRs: [...this.nodeIpam.clusterCIDRs] } } : {},
    );
  }

  /** {@link helmValues} as YAML: the content of the `antrea/values.yaml` ExtraFile. */
  public helmValuesYaml(): string {
    return stringify(this.helmValues());
  }
}
