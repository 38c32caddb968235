/** Which Antrea component reads a feature gate. @internal */
export enum AntreaComponent {
  /** antrea-agent (`antrea-agent.conf`). */
  AGENT = 'agent',
  /** antrea-controller (`antrea-controller.conf`). */
  CONTROLLER = 'controller',
}

/** Facts about one Antrea feature gate at Antrea v2.7.0. */
export interface FeatureGateInfo {
  /** Gate name, e.g. `Egress`. */
  readonly name: string;
  /** Default value at v2.7.0. */
  readonly default: boolean;
  /** Maturity stage. */
  readonly stage: 'Alpha' | 'Beta' | 'GA' | 'Deprecated';
  /** Whether the gate line exists in the Helm `antrea-agent.conf` template. */
  readonly inAgentConf: boolean;
  /** Whether the gate line exists in the Helm `antrea-controller.conf` template. */
  readonly inControllerConf: boolean;
  /** Locked gates cannot be changed from their default. @default false */
  readonly locked?: boolean;
}

function gate(
  name: string,
  def: boolean,
  stage: FeatureGateInfo['stage'],
  inAgentConf: boolean,
  inControllerConf: boolean,
  locked = false,
): FeatureGateInfo {
  return { name, default: def, stage, inAgentConf, inControllerConf, locked };
}

const GATES: readonly FeatureGateInfo[] = [
  gate('AntreaPolicy', true, 'Beta', true, true),
  gate('AntreaProxy', true, 'GA', false, false),
  gate('EndpointSlice', true, 'GA', false, false, true),
  gate('TopologyAwareHints', true, 'GA', false, false, true),
  gate('ServiceTrafficDistribution', true, 'GA', false, false, true),
  gate('PreferSameTrafficDistribution', false, 'Alpha', true, false),
  gate('CleanupStaleUDPSvcConntrack', true, 'Beta', true, false),
  gate('Traceflow', true, 'Beta', true, true),
  gate('PacketCapture', false, 'Alpha', true, false),
  gate('FlowExporter', false, 'Alpha', true, false),
  gate('NetworkPolicyStats', true, 'Beta', true, true),
  gate('NodePortLocal', true, 'GA', false, false),
  gate('Egress', true, 'Beta', true, true),
  gate('NodeIPAM', true, 'Beta', false, true),
  gate('AntreaIPAM', false, 'Alpha', true, true),
  gate('Multicast', true, 'Beta', true, true),
  gate('Multicluster', false, 'Alpha', true, true),
  gate('SecondaryNetwork', false, 'Alpha', true, false),
  gate('ServiceExternalIP', true, 'Beta', true, true),
  gate('TrafficControl', false, 'Alpha', true, false),
  gate('IPsecCertAuth', false, 'Alpha', true, true),
  gate('ExternalNode', false, 'Alpha', false, true),
  gate('SupportBundleCollection', false, 'Alpha', true, true),
  gate('L7NetworkPolicy', false, 'Alpha', true, true),
  gate('LoadBalancerModeDSR', false, 'Alpha', true, false),
  gate('AdminNetworkPolicy', false, 'Deprecated', false, true),
  gate('ClusterNetworkPolicy', false, 'Alpha', false, true),
  gate('EgressTrafficShaping', false, 'Alpha', true, false),
  gate('EgressSeparateSubnet', true, 'Beta', true, false),
  gate('NodeNetworkPolicy', false, 'Alpha', true, false),
  gate('NodeLatencyMonitor', false, 'Alpha', true, false),
  gate('BGPPolicy', false, 'Alpha', true, false),
  gate('NFTablesHostNetworkMode', false, 'Alpha', true, false),
  gate('AntreaNodeConfig', true, 'Beta', true, false),
];

const BY_NAME = new Map(GATES.map((g) => [g.name, g]));

/** The Antrea v2.7.0 feature gates (pkg/features/antrea_features.go), with defaults and Helm template presence. */
export class AntreaFeatureGates {
  /** Every known gate, sorted by name. */
  public static all(): FeatureGateInfo[] {
    return [...GATES].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The facts about `name`, or undefined for an unknown gate (names are case-sensitive). */
  public static lookup(name: string): FeatureGateInfo | undefined {
    return BY_NAME.get(name);
  }

  /** The v2.7.0 default of a known gate; undefined for an unknown gate. */
  public static defaultOf(name: string): boolean | undefined {
    return BY_NAME.get(name)?.default;
  }

  private constructor() {}
}
