/**
 * Public types of the offline Antrea policy evaluator (lib/antrea/evaluate). Pure data: JSON objects in, verdicts out.
 */

/** A protocol of the traffic asked about. */
export type TrafficProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP';

/** A container port of a modelled Pod. */
export interface WorkloadPort {
  /** The port name (for named-port rules). @default - unnamed */
  readonly name?: string;
  /** The port number. */
  readonly port: number;
  /** The protocol. @default 'TCP' */
  readonly protocol?: TrafficProtocol;
}

/** A Namespace of the workload model. */
export interface WorkloadNamespace {
  /** The Namespace name. */
  readonly name: string;
  /** Its labels; `kubernetes.io/metadata.name` is added by the evaluator as the API server does. @default - none */
  readonly labels?: Record<string, string>;
}

/** A Pod of the workload model (one representative Pod per workload is enough). */
export interface WorkloadPod {
  /** The Namespace of the Pod. */
  readonly namespace: string;
  /** The Pod (or workload) name; the Pod is referred to as `<namespace>/<name>`. */
  readonly name: string;
  /** The Pod labels. @default - none */
  readonly labels?: Record<string, string>;
  /** The Pod IP (ipBlock peers match Pod IPs). @default - unknown: ipBlock peers never match this Pod */
  readonly ip?: string;
  /** The Node the Pod runs on (for host-local traffic). @default - unknown */
  readonly node?: string;
  /** The container ports (for named ports). @default - none */
  readonly ports?: WorkloadPort[];
  /** `spec.serviceAccountName` (serviceAccount peers). @default 'default' */
  readonly serviceAccountName?: string;
  /** `spec.hostNetwork`: such a Pod's traffic is its Node's traffic, and no Pod policy applies to it. @default false */
  readonly hostNetwork?: boolean;
}

/** A Node of the workload model. */
export interface WorkloadNode {
  /** The Node name. */
  readonly name: string;
  /** The Node labels (nodeSelector peers); `kubernetes.io/hostname` is added. @default - none */
  readonly labels?: Record<string, string>;
  /** The Node IP (ipBlock peers, and `{ ip }` endpoints). @default - unknown */
  readonly ip?: string;
}

/** Namespaces, Pods and Nodes the traffic questions are about. */
export interface WorkloadModel {
  /** The Namespaces (Namespaces that only Pods mention are added with no labels but the name label). */
  namespaces: WorkloadNamespace[];
  /** The Pods. */
  pods: WorkloadPod[];
  /** The Nodes (for nodeSelector peers and host-local traffic). @default - none */
  nodes?: WorkloadNode[];
}

/**
 * One end of a connection: a modelled Pod as `'namespace/pod'`, an address (`{ ip }`: a Pod's or Node's IP is that
 * Pod or Node, any other address is outside the cluster), a Node's host network (`{ node }`), an external name
 * (`{ fqdn }`, optionally with the address it resolved to) or a Service (`{ service: 'namespace/name' }`, `to` only: the
 * connection goes through the Service's virtual IP to each of its endpoints).
 */
export type EndpointRef = string | { ip: string } | { node: string } | { fqdn: string; ip?: string } | { service: string };

/** A connection to evaluate (a new connection from `from` to `to`; replies are never evaluated by Antrea). */
export interface TrafficQuery {
  /** The client. */
  from: EndpointRef;
  /** The server. */
  to: EndpointRef;
  /**
   * The destination port: a number, or a port name resolved against the destination Pod's container ports (for a
   * Service destination: the Service port, by number or name). Required for TCP, UDP and SCTP.
   */
  port?: number | string;
  /** The protocol. @default 'TCP' */
  protocol?: TrafficProtocol;
  /** The client's source port (rules with `sourcePort`). @default - unknown: a sourcePort rule is undecidable */
  sourcePort?: number;
  /** ICMP type and code (protocol ICMP). @default - echo request (type 8, code 0) */
  icmp?: { type: number; code?: number };
}

/** One rule of one policy, as the evaluator reports it. */
export interface RuleRef {
  /** `AntreaClusterNetworkPolicy`, `AntreaNetworkPolicy` or `K8sNetworkPolicy` (Traceflow's names). */
  kind: string;
  /** The policy Namespace (namespaced kinds). */
  namespace?: string;
  /** The policy name. */
  name: string;
  /** The Tier name (Antrea-native policies). */
  tier?: string;
  /** The direction of the rule. */
  direction: 'ingress' | 'egress';
  /** The rule's index in its `ingress` or `egress` list. */
  ruleIndex: number;
  /** The rule's `name`. */
  ruleName?: string;
  /** Allow, Drop, Reject or Pass. */
  action?: string;
}

/** What one direction (egress of the client, ingress of the server) decided. */
export interface DirectionVerdict {
  /** The outcome of the direction. */
  result: 'allowed' | 'denied' | 'undecidable';
  /** What decided: an Antrea rule (Baseline included), K8s NetworkPolicy allow/isolation, or default allow. */
  decidedBy: 'antrea-rule' | 'k8s-allow' | 'k8s-isolation' | 'default-allow';
  /** The deciding rule (antrea-rule, k8s-allow). */
  rule?: RuleRef;
  /** Why, in words: bypasses, undecidable matches, ties. */
  note?: string;
  /** `Drop` or `Reject` for a denial (Reject: the client gets a TCP RST or ICMP unreachable). */
  action?: 'Allow' | 'Drop' | 'Reject';
  /** The Pass rules met on the way (each skips to the K8s NetworkPolicy stage). */
  passes?: RuleRef[];
  /** The K8s NetworkPolicies that isolate the Pod in this direction (`namespace/name`). */
  isolatedBy?: string[];
  /** The rule allows at L4 and hands the connection to the L7 engine. */
  l7Filtered?: boolean;
}

/** The verdict for one connection. */
export interface TrafficVerdict {
  /** allowed only when both directions allow; denied when either denies. */
  result: 'allowed' | 'denied' | 'undecidable';
  /** The client's egress side. */
  egress: DirectionVerdict;
  /** The server's ingress side. */
  ingress: DirectionVerdict;
  /** Allowed at L4 by a rule with `l7Protocols`: the L7 engine filters it further. */
  l7Filtered?: boolean;
  /** Allow, Drop or Reject (undefined when undecidable). */
  action?: 'Allow' | 'Drop' | 'Reject';
  /** One line naming the deciding rule. */
  summary: string;
  /** For a Service destination: the verdict per endpoint Pod (`namespace/pod`). */
  perEndpoint?: { endpoint: string; verdict: TrafficVerdict }[];
}

/** A policy in evaluation order, for reports. */
export interface OrderedPolicy {
  /** The Tier name; `K8sNetworkPolicy` for Kubernetes NetworkPolicies. */
  tier: string;
  /**
   * The Tier priority; Kubernetes NetworkPolicies, which have no Tier, are listed with 252 (after Application 250,
   * before Baseline 253, where Antrea evaluates them).
   */
  tierPriority: number;
  /** `AntreaClusterNetworkPolicy`, `AntreaNetworkPolicy` or `K8sNetworkPolicy`. */
  kind: string;
  /** The Namespace (namespaced kinds). */
  namespace?: string;
  /** The policy name. */
  name: string;
  /** `spec.priority` (Antrea-native). */
  priority?: number;
  /** The rules in their order. */
  rules: { direction: 'ingress' | 'egress'; index: number; name?: string; action: string }[];
}
