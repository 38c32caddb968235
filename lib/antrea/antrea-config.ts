import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { stringify } from 'yaml';
import { fail } from '../core/errors';
import { ExtraFile } from '../core/extra-file';
import { validateLabelName, validateSubdomainName } from '../core/names';
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
   * Feature gate overrides (gate name → enabled). Unknown gates, GA gates without a template line
   * (`AntreaProxy`, `NodePortLocal`) and locked gates are rejected.
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
   * Multicluster settings (need the `Multicluster` gate when anything is enabled).
   * @default - all off
   */
  readonly multicluster?: MulticlusterSettings;
  /**
   * Path of the Helm values ExtraFile.
   * @default "antrea/values.yaml"
   */
  readonly helmValuesPath?: string;
}

const REGISTRY = new WeakMap<IConstruct, AntreaConfig>();

const ENCAP_MODES = Object.values(TrafficEncapMode) as string[];
const ENCRYPTION_MODES = Object.values(TrafficEncryptionMode) as string[];
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

/**
 * The Antrea configuration of a cluster (one per App): feature gates and the agent/controller settings this library
 * cross-checks against (Egress, NodePortLocal, Multicluster, Traceflow, FlowExporter, L7NetworkPolicy, AntreaIPAM,
 * traffic encap/encryption). Renders the `antrea-config` ConfigMap (`antrea-agent.conf`, `antrea-controller.conf`)
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
  /** Resolved multicluster settings. */
  public readonly multicluster: Required<MulticlusterSettings>;
  /** Path of the Helm values ExtraFile. */
  public readonly helmValuesPath: string;

  private readonly gateOverrides: Map<string, boolean>;

  public constructor(scope: Construct, id: string, props: AntreaConfigProps = {}) {
    super(scope, id);
    const existing = REGISTRY.get(this.node.root);
    if (existing) fail(this, 'AntreaConfig', this.node.path, `at most one AntreaConfig per App (already defined at ${existing.node.path})`);

    this.name = props.name ?? 'antrea-config';
    validateSubdomainName(this, 'name', this.name);
    this.namespace = props.namespace ?? 'kube-system';
    validateLabelName(this, 'namespace', this.namespace);

    this.gateOverrides = new Map();
    for (const gateName of Object.keys(props.featureGates ?? {}).sort()) {
      const value = props.featureGates![gateName];
      const info = AntreaFeatureGates.lookup(gateName);
      if (!info)
        fail(
          this,
          'featureGates',
          gateName,
          'an Antrea v2.7.0 feature gate name (case-sensitive), e.g. Egress, L7NetworkPolicy, AntreaIPAM',
        );
      if (typeof value !== 'boolean') fail(this, `featureGates.${gateName}`, value, 'true or false');
      if (info.locked && value !== info.default)
        fail(this, `featureGates.${gateName}`, value, `${info.default} (the gate is GA and locked)`);
      if (!info.inAgentConf && !info.inControllerConf) {
        const hint = gateName === 'NodePortLocal' ? '; use nodePortLocal.enable' : '';
        fail(this, 'featureGates', gateName, `a gate the Antrea Helm conf templates render (${gateName} is GA${hint})`);
      }
      this.gateOverrides.set(gateName, value);
    }

    const encap = props.trafficEncapMode ?? TrafficEncapMode.ENCAP;
    if (!ENCAP_MODES.includes(encap)) fail(this, 'trafficEncapMode', encap, `one of ${ENCAP_MODES.join(', ')}`);
    this.trafficEncapMode = encap;
    const encryption = props.trafficEncryptionMode ?? TrafficEncryptionMode.NONE;
    if (!ENCRYPTION_MODES.includes(encryption)) fail(this, 'trafficEncryptionMode', encryption, `one of ${ENCRYPTION_MODES.join(', ')}`);
    if (encryption !== TrafficEncryptionMode.NONE && encap !== TrafficEncapMode.ENCAP) {
      fail(
        this,
        'trafficEncryptionMode',
        encryption,
        `"none" when trafficEncapMode is "${encap}" (encryption needs trafficEncapMode "encap")`,
      );
    }
    this.trafficEncryptionMode = encryption;
    this.noSNAT = props.noSNAT ?? false;
    this.enableBridgingMode = props.enableBridgingMode ?? false;
    this.disableTXChecksumOffload = props.disableTXChecksumOffload ?? false;

    this.nodePortLocalEnabled = props.nodePortLocal?.enable ?? false;
    this.nodePortLocalPortRange = props.nodePortLocal?.portRange ?? '61000-62000';
    const prProblem = portRangeProblem(this.nodePortLocalPortRange);
    if (prProblem) fail(this, 'nodePortLocal.portRange', this.nodePortLocalPortRange, prProblem);

    this.flowExporterEnabled = props.flowExporter?.enable ?? false;
    this.flowCollectorAddr = props.flowExporter?.flowCollectorAddr ?? 'flow-aggregator/flow-aggregator:14739:grpc';
    if (this.flowExporterEnabled && !this.featureGateEnabled('FlowExporter')) {
      fail(this, 'flowExporter.enable', true, 'false while the FlowExporter feature gate is off (set featureGates.FlowExporter: true)');
    }
    if (
      !/^[^\s:]+:\d{1,5}(:(grpc|tcp|udp|tls))?$/.test(this.flowCollectorAddr) &&
      !/^\[[0-9a-fA-F:]+\]:\d{1,5}(:(grpc|tcp|udp|tls))?$/.test(this.flowCollectorAddr)
    ) {
      fail(this, 'flowExporter.flowCollectorAddr', this.flowCollectorAddr, 'an address "<host>:<port>[:grpc|tcp|udp|tls]"');
    }

    const mc = props.multicluster ?? {};
    this.multicluster = {
      enableGateway: mc.enableGateway ?? false,
      namespace: mc.namespace ?? '',
      enableStretchedNetworkPolicy: mc.enableStretchedNetworkPolicy ?? false,
      enablePodToPodConnectivity: mc.enablePodToPodConnectivity ?? false,
      trafficEncryptionMode: mc.trafficEncryptionMode ?? MulticlusterTrafficEncryptionMode.NONE,
    };
    if (this.multicluster.namespace !== '') validateLabelName(this, 'multicluster.namespace', this.multicluster.namespace);
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
    if (this.featureGateEnabled('L7NetworkPolicy') && !this.disableTXChecksumOffload) {
      fail(this, 'disableTXChecksumOffload', this.disableTXChecksumOffload, 'true when the L7NetworkPolicy feature gate is on');
    }

    this.helmValuesPath = props.helmValuesPath ?? 'antrea/values.yaml';

    REGISTRY.set(this.node.root, this);

    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace, labels: { app: 'antrea' } },
      data: {
        'antrea-agent.conf': this.agentConf(),
        'antrea-controller.conf': this.controllerConf(),
      },
    });
    new ExtraFile(this, 'HelmValues', { path: this.helmValuesPath, content: this.helmValues() });
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
    return stringify({
      featureGates: gates,
      trafficEncapMode: this.trafficEncapMode,
      trafficEncryptionMode: this.trafficEncryptionMode,
      noSNAT: this.noSNAT,
      enableBridgingMode: this.enableBridgingMode,
      disableTXChecksumOffload: this.disableTXChecksumOffload,
      nodePortLocal: { enable: this.nodePortLocalEnabled, portRange: this.nodePortLocalPortRange },
      flowExporter: { enable: this.flowExporterEnabled, flowCollectorAddr: this.flowCollectorAddr },
      multicluster: {
        enableGateway: this.multicluster.enableGateway,
        namespace: this.multicluster.namespace,
        enableStretchedNetworkPolicy: this.multicluster.enableStretchedNetworkPolicy,
        enablePodToPodConnectivity: this.multicluster.enablePodToPodConnectivity,
        trafficEncryptionMode: this.multicluster.trafficEncryptionMode,
      },
    });
  }

  /** The content of `antrea-controller.conf`. */
  public controllerConf(): string {
    const gates: Record<string, boolean> = {};
    for (const g of AntreaFeatureGates.all()) if (g.inControllerConf) gates[g.name] = this.featureGateEnabled(g.name);
    return stringify({
      featureGates: gates,
      multicluster: { enableStretchedNetworkPolicy: this.multicluster.enableStretchedNetworkPolicy },
    });
  }

  /** The Helm values (`antrea/antrea` chart) equivalent to this configuration, as YAML. */
  public helmValues(): string {
    const gates: Record<string, boolean> = {};
    for (const g of AntreaFeatureGates.all()) if (g.inAgentConf || g.inControllerConf) gates[g.name] = this.featureGateEnabled(g.name);
    return stringify({
      featureGates: gates,
      trafficEncapMode: this.trafficEncapMode,
      trafficEncryptionMode: this.trafficEncryptionMode,
      noSNAT: this.noSNAT,
      enableBridgingMode: this.enableBridgingMode,
      disableTXChecksumOffload: this.disableTXChecksumOffload,
      nodePortLocal: { enable: this.nodePortLocalEnabled, portRange: this.nodePortLocalPortRange },
      flowExporter: { enable: this.flowExporterEnabled, flowCollectorAddr: this.flowCollectorAddr },
      multicluster: {
        enableGateway: this.multicluster.enableGateway,
        namespace: this.multicluster.namespace,
        enableStretchedNetworkPolicy: this.multicluster.enableStretchedNetworkPolicy,
        enablePodToPodConnectivity: this.multicluster.enablePodToPodConnectivity,
        trafficEncryptionMode: this.multicluster.trafficEncryptionMode,
      },
    });
  }
}
