import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { addSynthCheck, fail } from '../core/errors';
import { isDns1035Label, isDns1123Label, validateLabelName, validateSubdomainName } from '../core/names';
import { warn } from '../core/secret-value';
import { ClusterGroup } from './cluster-group';
import { Group } from './group';
import { AppliedTo, Peer, PeerPosition, PeerScope, RenderedPeer, ServiceReference } from './peer';
import { L7Protocol, Port, PortProtocol, Protocol, RuleDirection } from './port';
import { objectNameFromId } from './selectors';
import { ITier, Tier } from './tier';
import { policyWebhookErrors, StoredRule } from './webhook-rules';

/** What a rule does with matching traffic. */
export enum RuleAction {
  /** Allow the traffic (no lower-priority rule is evaluated). */
  ALLOW = 'Allow',
  /** Drop the traffic silently. */
  DROP = 'Drop',
  /** Reject the traffic (TCP RST / ICMP unreachable). */
  REJECT = 'Reject',
  /** Skip the remaining Antrea policies and let Kubernetes NetworkPolicies (then Baseline) decide. Not in the Baseline Tier. */
  PASS = 'Pass',
}

/** Options shared by ingress and egress rules. */
export interface PolicyRuleOptions {
  /** The action. */
  readonly action: RuleAction;
  /**
   * The rule name, unique within the policy.
   * @default - none; the Antrea mutating webhook then generates one (`<direction>-<action>-<hash>`), which shows as drift
   */
  readonly name?: string;
  /**
   * Destination ports (TCP, UDP or SCTP; optionally source ports).
   * @default - all ports (unless `protocols` restricts them)
   */
  readonly ports?: Port[];
  /**
   * Non-port protocols (ICMP or IGMP).
   * @default - all protocols (unless `ports` restricts them)
   */
  readonly protocols?: Protocol[];
  /**
   * Layer-7 protocols (HTTP or TLS). Needs the `L7NetworkPolicy` feature gate (declared by an `AntreaConfig` in the App)
   * and action Allow.
   * @default - no layer-7 matching
   */
  readonly l7Protocols?: L7Protocol[];
  /**
   * What this rule applies to. Either every rule of a policy has appliedTo, or the policy has it and no rule does.
   * @default - the policy's appliedTo
   */
  readonly appliedTo?: AppliedTo[];
  /**
   * Log matching connections to `/var/log/antrea/networkpolicy/np.log`.
   * @default - false (not written)
   */
  readonly enableLogging?: boolean;
  /**
   * A label for the log entries (at most 63 characters: alphanumerics, "-", "_" or ".", alphanumeric at both ends).
   * @default - no label
   */
  readonly logLabel?: string;
}

/** Options of an ingress rule. */
export interface IngressRuleOptions extends PolicyRuleOptions {
  /**
   * The sources.
   * @default - every source
   */
  readonly from?: Peer[];
}

/** Options of an egress rule. */
export interface EgressRuleOptions extends PolicyRuleOptions {
  /**
   * The destinations.
   * @default - every destination
   */
  readonly to?: Peer[];
  /**
   * Destination Services (cannot be combined with `to`, `ports` or `protocols`).
   * @default - no Services
   */
  readonly toServices?: ServiceReference[];
}

/** Options of the connection helpers (`allowFrom`, `allowTo`, `dropFrom`, `dropTo`). */
export interface RuleHelperOptions {
  /**
   * The rule name.
   * @default - none (see `PolicyRuleOptions.name`)
   */
  readonly name?: string;
  /**
   * What this rule applies to.
   * @default - the policy's appliedTo
   */
  readonly appliedTo?: AppliedTo[];
  /**
   * Log matching connections.
   * @default false
   */
  readonly enableLogging?: boolean;
  /**
   * A label for the log entries.
   * @default - no label
   */
  readonly logLabel?: string;
}

/** Base props of the two policy kinds. */
export interface AntreaPolicyBaseProps {
  /**
   * The object name (`metadata.name`).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /** The priority within the Tier: a number from 1 to 10000 (fractions allowed), lower = evaluated first. */
  readonly priority: number;
  /**
   * The Tier. Leave it unset to write no `spec.tier`, as the Antrea docs do: the policy is then in the Application
   * Tier (the mutating webhook writes `tier: application`). Pass `Tier.APPLICATION` to write it explicitly.
   * @default - no `spec.tier` (the Application Tier)
   */
  readonly tier?: ITier;
  /**
   * What the policy applies to. Either this or `appliedTo` in every rule (never both, never neither).
   * @default - per-rule appliedTo
   */
  readonly appliedTo?: AppliedTo[];
  /**
   * Ingress rules (more can be added with `addIngressRule`).
   * @default - none
   */
  readonly ingress?: IngressRuleOptions[];
  /**
   * Egress rules (more can be added with `addEgressRule`).
   * @default - none
   */
  readonly egress?: EgressRuleOptions[];
}

/** The kind of policy a base instance renders. */
export enum AntreaPolicyKind {
  /** Antrea ClusterNetworkPolicy (cluster-scoped). */
  CLUSTER = 'ClusterNetworkPolicy',
  /** Antrea NetworkPolicy (namespaced). */
  NAMESPACED = 'NetworkPolicy',
}

const ACTIONS = Object.values(RuleAction) as string[];
const LOG_LABEL = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
/** Node policies truncate longer log labels in the kernel log (webhook warning). */
const NODE_POLICY_LOG_LABEL_MAX = 12;

/**
 * Shared implementation of ClusterNetworkPolicy and Antrea NetworkPolicy: the rule model, rendering and the
 * synth-time mirror of the Antrea admission webhook (`validatePolicy`).
 */
export abstract class AntreaPolicyBase extends Construct {
  /** The object name. */
  public readonly name: string;
  /** The priority within the Tier. */
  public readonly priority: number;
  /** The Tier (Application when the `tier` prop is unset). */
  public readonly tier: ITier;
  /** Whether `spec.tier` is written (the `tier` prop was given). */
  public readonly tierWritten: boolean;
  /** The Namespace of an Antrea NetworkPolicy (undefined for a ClusterNetworkPolicy, or when neither prop nor chart sets one). */
  public readonly namespace?: string;

  private readonly kind: AntreaPolicyKind;
  private readonly specAppliedTo: RenderedPeer[];
  private readonly ingressRules: StoredRule[] = [];
  private readonly egressRules: StoredRule[] = [];
  private readonly ruleNames = new Set<string>();
  /** Signatures of the unnamed rules (created with the first one: most policies name every rule). */
  private unnamedRules?: Map<string, string>;
  private readonly isNodePolicy: boolean;

  protected constructor(scope: Construct, id: string, kind: AntreaPolicyKind, props: AntreaPolicyBaseProps, namespace?: string) {
    super(scope, id);
    this.kind = kind;
    this.name = props.name ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'name', this.name);
    if (kind === AntreaPolicyKind.NAMESPACED) {
      this.namespace = namespace ?? Chart.of(this).namespace;
      if (this.namespace !== undefined) validateLabelName(this, 'namespace', this.namespace);
    }
    const p = props.priority;
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 1 || p > 10000) {
      fail(this, 'priority', p, 'a number from 1 to 10000 (lower = evaluated first within the Tier)');
    }
    this.priority = p;
    this.tier = props.tier ?? Tier.APPLICATION;
    this.tierWritten = props.tier !== undefined;
    if (this.tier instanceof Tier) {
      if (this.tier.node.root !== this.node.root) {
        fail(
          this,
          'tier',
          this.tier.name,
          `a built-in Tier, an imported Tier or a Tier of this App (tier ${this.tier.name} does not exist)`,
        );
      }
      this.node.addDependency(this.tier);
    }
    const specPosition = kind === AntreaPolicyKind.CLUSTER ? PeerPosition.ACNP_SPEC_APPLIED_TO : PeerPosition.ANNP_SPEC_APPLIED_TO;
    this.specAppliedTo = this.renderAppliedTo('appliedTo', props.appliedTo ?? [], specPosition);
    this.isNodePolicy = this.specAppliedTo.some((a) => a.isNodes);
    for (const rule of props.ingress ?? []) this.addIngressRule(rule);
    for (const rule of props.egress ?? []) this.addEgressRule(rule);

    addSynthCheck(this, () =>
      policyWebhookErrors(this, {
        specAppliedTo: this.specAppliedTo,
        rules: [...this.ingressRules, ...this.egressRules],
        isNodePolicy: this.isNodePolicy,
      }),
    );
  }

  /** Adds an ingress rule (rules are evaluated in order; the first match wins). */
  public addIngressRule(rule: IngressRuleOptions): void {
    this.addRule(RuleDirection.INGRESS, rule, rule.from ?? [], undefined);
  }

  /** Adds an egress rule (rules are evaluated in order; the first match wins). */
  public addEgressRule(rule: EgressRuleOptions): void {
    this.addRule(RuleDirection.EGRESS, rule, rule.to ?? [], rule.toServices);
  }

  /** Adds an ingress rule that allows traffic from `peer` (on `ports`, or all ports). */
  public allowFrom(peer: Peer, ports: Port[] = [], options: RuleHelperOptions = {}): void {
    this.addIngressRule(
      Object.assign({}, options, { action: RuleAction.ALLOW, from: [peer], ports: ports.length > 0 ? ports : undefined }),
    );
  }

  /** Adds an egress rule that allows traffic to `peer` (on `ports`, or all ports). */
  public allowTo(peer: Peer, ports: Port[] = [], options: RuleHelperOptions = {}): void {
    this.addEgressRule(Object.assign({}, options, { action: RuleAction.ALLOW, to: [peer], ports: ports.length > 0 ? ports : undefined }));
  }

  /** Adds an ingress rule that drops traffic from `peer` (on `ports`, or all ports). */
  public dropFrom(peer: Peer, ports: Port[] = [], options: RuleHelperOptions = {}): void {
    this.addIngressRule(Object.assign({}, options, { action: RuleAction.DROP, from: [peer], ports: ports.length > 0 ? ports : undefined }));
  }

  /** Adds an egress rule that drops traffic to `peer` (on `ports`, or all ports). */
  public dropTo(peer: Peer, ports: Port[] = [], options: RuleHelperOptions = {}): void {
    this.addEgressRule(Object.assign({}, options, { action: RuleAction.DROP, to: [peer], ports: ports.length > 0 ? ports : undefined }));
  }

  /** The number of ingress rules. */
  public get ingressRuleCount(): number {
    return this.ingressRules.length;
  }

  /** The number of egress rules. */
  public get egressRuleCount(): number {
    return this.egressRules.length;
  }

  /**
   * The rendered spec.
   * @internal
   */
  protected _toSpec(): Record<string, unknown> {
    const spec: Record<string, unknown> = { priority: this.priority };
    if (this.tierWritten) spec.tier = this.tier.name;
    if (this.specAppliedTo.length > 0) spec.appliedTo = this.specAppliedTo.map((a) => a.json);
    if (this.ingressRules.length > 0) spec.ingress = this.ingressRules.map((r) => r.json);
    if (this.egressRules.length > 0) spec.egress = this.egressRules.map((r) => r.json);
    return spec;
  }

  private get isCluster(): boolean {
    return this.kind === AntreaPolicyKind.CLUSTER;
  }

  private renderAppliedTo(field: string, entries: AppliedTo[], position: PeerPosition): RenderedPeer[] {
    const rendered = entries.map((a, i) => a._render(this, `${field}[${i}]`, position));
    const services = rendered.filter((r) => r.isService).length;
    if (services > 0 && services < rendered.length) {
      const i = rendered.findIndex((r) => r.isService !== rendered[0].isService);
      fail(
        this,
        `${field}[${i}]`,
        rendered[i].keys.join('+'),
        `${rendered[0].isService ? 'a service' : 'no service'} entry like ${field}[0] (a rule/policy cannot be applied to Services and other peers at the same time)`,
      );
    }
    for (let i = 0; i < rendered.length; i++) this.checkGroupRef(field, i, rendered[i]);
    return rendered;
  }

  /** The dependency on a referenced (Cluster)Group of this App, and the Group's Namespace; `list[index]` names the peer. */
  private checkGroupRef(list: string, index: number, r: RenderedPeer): void {
    if (r.clusterGroup instanceof ClusterGroup && r.clusterGroup.node.root === this.node.root) this.node.addDependency(r.clusterGroup);
    if (r.group) {
      const ns = this.namespace;
      if (r.group.namespace !== undefined && ns !== undefined && r.group.namespace !== ns) {
        fail(this, `${list}[${index}]`, `${r.group.namespace}/${r.group.name}`, `a Group in the policy's Namespace "${ns}"`);
      }
      if (r.group instanceof Group && r.group.node.root === this.node.root) this.node.addDependency(r.group);
    }
  }

  private addRule(direction: RuleDirection, rule: PolicyRuleOptions, peers: Peer[], toServices: ServiceReference[] | undefined): void {
    const list = direction === RuleDirection.INGRESS ? this.ingressRules : this.egressRules;
    const index = list.length;
    const field = `${direction}[${index}]`;
    const isIngress = direction === RuleDirection.INGRESS;
    if (!rule || typeof rule !== 'object') fail(this, field, rule, 'rule options');

    // action (CRD enum) and the Baseline/Pass webhook rule
    const action = rule.action;
    if (!ACTIONS.includes(action)) {
      fail(
        this,
        `${field}.action`,
        action,
        `Allow, Drop, Reject or Pass${String(action) === 'Deny' ? ' (Deny is not an Antrea action; use Drop or Reject)' : ''}`,
      );
    }
    if (action === RuleAction.PASS && this.tier.name.toLowerCase() === 'baseline') {
      fail(this, `${field}.action`, action, 'Allow, Drop or Reject (`Pass` action should not be set for Baseline Tier policy rules)');
    }

    // rule name uniqueness (ingress + egress)
    if (rule.name !== undefined) {
      if (typeof rule.name !== 'string' || rule.name.length === 0) fail(this, `${field}.name`, rule.name, 'a non-empty string');
      if (this.ruleNames.has(rule.name)) {
        fail(
          this,
          `${field}.name`,
          rule.name,
          'a rule name not used by another rule of this policy (rules names must be unique within the policy)',
        );
      }
    }

    // appliedTo placement
    const hasAppliedTo = (rule.appliedTo ?? []).length > 0;
    if (hasAppliedTo && this.specAppliedTo.length > 0) {
      fail(
        this,
        `${field}.appliedTo`,
        'appliedTo',
        'no rule appliedTo, because the policy sets appliedTo (appliedTo should not be set in both spec and rules)',
      );
    }
    const firstRule = this.ingressRules[0] ?? this.egressRules[0];
    if (firstRule !== undefined && firstRule.hasAppliedTo !== hasAppliedTo) {
      fail(
        this,
        `${field}.appliedTo`,
        hasAppliedTo ? 'appliedTo' : 'none',
        `${firstRule.hasAppliedTo ? 'an appliedTo, like the other rules' : 'no appliedTo, like the other rules'} (appliedTo field should either be set in all rules or in none of them)`,
      );
    }
    let ruleAppliedTo: RenderedPeer[] = [];
    if (hasAppliedTo) {
      const position = this.isCluster
        ? isIngress
          ? PeerPosition.ACNP_INGRESS_APPLIED_TO
          : PeerPosition.ACNP_EGRESS_APPLIED_TO
        : PeerPosition.ANNP_RULE_APPLIED_TO;
      ruleAppliedTo = this.renderAppliedTo(`${field}.appliedTo`, rule.appliedTo!, position);
    }
    // renderAppliedTo has checked that either every appliedTo entry is a Service or none is
    const specAppliedToService = this.specAppliedTo[0]?.isService ?? false;
    if (!isIngress && specAppliedToService) {
      fail(this, field, 'egress rule', 'no egress rules in a policy applied to Services (egress rule cannot be applied to Services)');
    }

    // peers
    const peerField = `${field}.${isIngress ? 'from' : 'to'}`;
    const peerPosition = this.isCluster
      ? isIngress
        ? PeerPosition.ACNP_FROM
        : PeerPosition.ACNP_TO
      : isIngress
        ? PeerPosition.ANNP_FROM
        : PeerPosition.ANNP_TO;
    // Plain loops here and below: this runs for every rule of every policy, and callbacks cost in cold code.
    const renderedPeers: RenderedPeer[] = [];
    for (let i = 0; i < peers.length; i++) renderedPeers.push(peers[i]._render(this, `${peerField}[${i}]`, peerPosition));
    for (let i = 0; i < renderedPeers.length; i++) this.checkGroupRef(peerField, i, renderedPeers[i]);
    const appliedToService = specAppliedToService || (ruleAppliedTo[0]?.isService ?? false);
    if (isIngress && appliedToService) {
      for (let i = 0; i < renderedPeers.length; i++) {
        if (!renderedPeers[i].ipBlock) {
          fail(
            this,
            `${peerField}[${i}]`,
            renderedPeers[i].keys.join('+'),
            'an ipBlock peer (a rule/policy that is applied to Services can only use ipBlock to select workloads)',
          );
        }
      }
    }

    // egress multicast
    let multicastPeers = false;
    let unicastPeers = false;
    for (let i = 0; i < renderedPeers.length; i++) {
      const block = renderedPeers[i].ipBlock;
      if (!block) continue;
      if (block.multicast) multicastPeers = true;
      else unicastPeers = true;
      if (isIngress) continue;
      if (multicastPeers && (action === RuleAction.PASS || action === RuleAction.REJECT)) {
        fail(this, `${field}.action`, action, 'Allow or Drop for multicast traffic (multicast does not support action Pass or Reject)');
      }
      if (multicastPeers && unicastPeers) {
        fail(
          this,
          `${peerField}[${i}].ipBlock.cidr`,
          block.json.cidr,
          `${block.multicast ? 'a unicast' : 'a multicast'} CIDR like the other ipBlocks of this rule (can not set multicast groupAddress and unicast ip address at the same time)`,
        );
      }
    }

    // toServices
    let servicesJson: Array<Record<string, unknown>> | undefined;
    if (toServices !== undefined && toServices.length > 0) {
      if (peers.length > 0 || rule.ports !== undefined || rule.protocols !== undefined) {
        fail(
          this,
          `${field}.toServices`,
          toServices.map((s) => s.name),
          'no to, ports or protocols in the same rule (`toServices` cannot be used with `to`, `ports` or `protocols`)',
        );
      }
      servicesJson = toServices.map((s, i) => this.renderToService(`${field}.toServices[${i}]`, s));
    }

    // ports, protocols, layer 7
    const rulePorts = rule.ports ?? [];
    const ports: Array<{ port: Port; json: Record<string, unknown> }> = [];
    for (let i = 0; i < rulePorts.length; i++) ports.push({ port: rulePorts[i], json: rulePorts[i]._render(this, `${field}.ports[${i}]`) });
    const ruleProtocols = rule.protocols ?? [];
    const protocols: Array<{ protocol: Protocol; json: Record<string, unknown> }> = [];
    let hasIgmp = false;
    let hasIcmp = false;
    for (let i = 0; i < ruleProtocols.length; i++) {
      const protocol = ruleProtocols[i];
      protocols.push({ protocol, json: protocol._render(this, `${field}.protocols[${i}]`, direction) });
      if (protocol.kind === 'igmp') hasIgmp = true;
      if (protocol.kind === 'icmp') hasIcmp = true;
    }
    if (hasIgmp) {
      if (action === RuleAction.PASS || action === RuleAction.REJECT) {
        fail(this, `${field}.action`, action, 'Allow or Drop for an IGMP rule (protocol IGMP does not support Pass or Reject)');
      }
      const extras: string[] = [];
      if (ports.length > 0) extras.push('ports');
      if ((toServices ?? []).length > 0) extras.push('toServices');
      if (peers.length > 0) extras.push(isIngress ? 'from' : 'to');
      if (hasIcmp) extras.push('icmp');
      if (extras.length > 0) {
        fail(
          this,
          field,
          extras,
          'an IGMP rule without ports, toServices, from, to or ICMP (protocol IGMP can not be used with other protocols or other properties like from, to)',
        );
      }
    }
    const l7 = (rule.l7Protocols ?? []).map((p, i) => ({ protocol: p, json: p._render(this, `${field}.l7Protocols[${i}]`) }));
    if (l7.length > 0) {
      if (action !== RuleAction.ALLOW)
        fail(this, `${field}.action`, action, 'Allow in a layer-7 rule (layer 7 protocols only support Allow)');
      if ((toServices ?? []).length > 0) {
        fail(
          this,
          `${field}.toServices`,
          toServices!.map((s) => s.name),
          'no toServices in a layer-7 rule (layer 7 protocols can not be used with toServices)',
        );
      }
      if (l7.some((p) => p.protocol.isHttp)) {
        ports.forEach((p, i) => {
          if (p.port.protocol !== PortProtocol.TCP) {
            fail(
              this,
              `${field}.ports[${i}].protocol`,
              p.port.protocol,
              'TCP in a rule with HTTP (HTTP protocol can only be used when layer 4 protocol is TCP or unset)',
            );
          }
        });
        if (protocols.length > 0) {
          fail(
            this,
            `${field}.protocols`,
            protocols.map((p) => p.protocol.kind),
            'no ICMP or IGMP in a rule with HTTP (HTTP protocol can not be used with protocol IGMP or ICMP)',
          );
        }
      }
    }

    // logging
    if (rule.enableLogging !== undefined && typeof rule.enableLogging !== 'boolean')
      fail(this, `${field}.enableLogging`, rule.enableLogging, 'true or false');
    if (rule.logLabel !== undefined) {
      if (typeof rule.logLabel !== 'string' || !LOG_LABEL.test(rule.logLabel)) {
        fail(
          this,
          `${field}.logLabel`,
          rule.logLabel,
          'at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
        );
      }
      if (this.isNodePolicy && rule.enableLogging && rule.logLabel.length > NODE_POLICY_LOG_LABEL_MAX) {
        warn(
          this,
          `${field}.logLabel "${rule.logLabel}" is longer than ${NODE_POLICY_LOG_LABEL_MAX} characters; Node NetworkPolicy logs truncate it in the kernel log`,
        );
      }
    }

    const json: Record<string, unknown> = {};
    if (rule.name !== undefined) json.name = rule.name;
    json.action = action;
    if (ruleAppliedTo.length > 0) json.appliedTo = ruleAppliedTo.map((a) => a.json);
    // `map` for the arrays the rule keeps: it allocates the exact length (an array grown by `push` from empty keeps
    // room for 17 elements, about 120 bytes more per array)
    if (renderedPeers.length > 0) json[isIngress ? 'from' : 'to'] = renderedPeers.map((r) => r.json);
    if (servicesJson) json.toServices = servicesJson;
    if (ports.length > 0) json.ports = ports.map((p) => p.json);
    if (protocols.length > 0) json.protocols = protocols.map((p) => p.json);
    if (l7.length > 0) json.l7Protocols = l7.map((p) => p.json);
    if (rule.enableLogging !== undefined) json.enableLogging = rule.enableLogging;
    if (rule.logLabel !== undefined) json.logLabel = rule.logLabel;

    // unnamed identical rules get the same generated name from the mutating webhook
    if (rule.name === undefined) {
      const signature = `${direction}:${JSON.stringify(json)}`;
      this.unnamedRules ??= new Map<string, string>();
      const twin = this.unnamedRules.get(signature);
      if (twin) {
        fail(
          this,
          field,
          'an unnamed rule identical to ' + twin,
          'a rule name, or a rule that differs from the others (the webhook would give both the same generated name: rules names must be unique within the policy)',
        );
      }
      this.unnamedRules.set(signature, field);
    } else {
      this.ruleNames.add(rule.name);
    }

    let clusterSetPeers = false;
    for (const r of renderedPeers) if (r.clusterSet) clusterSetPeers = true;
    for (const s of toServices ?? []) if (s.scope === PeerScope.CLUSTER_SET) clusterSetPeers = true;
    list.push({
      direction,
      index,
      json,
      hasAppliedTo,
      hasIgmp,
      hasIcmp,
      hasPortsOrPeers: ports.length > 0 || peers.length > 0 || (toServices ?? []).length > 0,
      hasL7: l7.length > 0,
      appliedToService: ruleAppliedTo[0]?.isService ?? false, // one kind for all entries (renderAppliedTo)
      multicast: hasIgmp || multicastPeers,
      clusterSetPeers,
    });
  }

  /**
   * The CRD (and the webhook) accept any string as a toServices name or namespace; one that cannot be a Service or
   * Namespace name matches nothing, which is warned about, not refused (Antrea accepts it).
   */
  private renderToService(field: string, s: ServiceReference): Record<string, unknown> {
    if (typeof s.name !== 'string' || s.name.length === 0)
      fail(this, `${field}.name`, s.name, 'a non-empty Service name (required by the CRD)');
    if (!isDns1035Label(s.name)) {
      warn(
        this,
        `${field}.name "${s.name}" is not a DNS-1035 label, so no Service can have this name: Antrea accepts the rule, but it matches no Service`,
      );
    }
    if (s.namespace === undefined && this.isCluster) {
      fail(this, `${field}.namespace`, s.namespace, 'the Service Namespace (required in a ClusterNetworkPolicy)');
    }
    if (s.namespace !== undefined) {
      if (typeof s.namespace !== 'string' || (s.namespace.length === 0 && this.isCluster))
        fail(this, `${field}.namespace`, s.namespace, 'a Namespace name');
      if (s.namespace.length > 0 && !isDns1123Label(s.namespace)) {
        warn(
          this,
          `${field}.namespace "${s.namespace}" is not a DNS-1123 label, so no Namespace can have this name: Antrea accepts the rule, but it matches no Service`,
        );
      }
    }
    if (s.scope !== undefined && s.scope !== PeerScope.CLUSTER && s.scope !== PeerScope.CLUSTER_SET)
      fail(this, `${field}.scope`, s.scope, 'Cluster or ClusterSet');
    const out: Record<string, unknown> = { name: s.name };
    if (s.namespace !== undefined) out.namespace = s.namespace;
    if (s.scope !== undefined) out.scope = s.scope;
    return out;
  }
}
