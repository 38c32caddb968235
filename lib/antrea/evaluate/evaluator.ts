import { parseIp } from '../../core/ip';
import { compileSelector, LabelMatcher } from '../../core/label-selector';
import { flattenLists, NAMESPACE_NAME_LABEL, workloadModelFromObjects } from './model';
import type {
  DirectionVerdict,
  EndpointRef,
  OrderedPolicy,
  RuleRef,
  TrafficProtocol,
  TrafficQuery,
  TrafficVerdict,
  WorkloadModel,
} from './types';

// Antrea v2.7.0 semantics: ../shared/reference/facts/policy-semantics.md (section numbers below refer to it).

/** The static Tiers antrea-controller creates (§1.3), with the legacy capitalised names lower-cased. */
const STATIC_TIERS: Readonly<Record<string, number>> = {
  emergency: 50,
  securityops: 100,
  networkops: 150,
  platform: 200,
  application: 250,
  baseline: 253,
};
const BASELINE_PRIORITY = 253;
const K8S_NP_TIER = 'K8sNetworkPolicy';
const K8S_NP_TIER_PRIORITY = 252;

const ACNP = 'AntreaClusterNetworkPolicy';
const ANNP = 'AntreaNetworkPolicy';
const KNP = 'K8sNetworkPolicy';

/** A three-valued match: no, yes, or not decidable offline. */
const NO = 0;
const YES = 1;
const MAYBE = 2;
type Match = 0 | 1 | 2;

function and(a: Match, b: Match): Match {
  if (a === NO || b === NO) return NO;
  return a === MAYBE || b === MAYBE ? MAYBE : YES;
}

type Ip = { family: 'IPv4' | 'IPv6'; value: bigint };

interface NsInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

interface PortInfo {
  /** The container port name. @default - unnamed */
  readonly name?: string;
  readonly port: number;
  readonly protocol: TrafficProtocol;
}

interface PodInfo {
  readonly key: string;
  readonly name: string;
  readonly ns: NsInfo;
  readonly labels: Readonly<Record<string, string>>;
  /** The Pod IP. @default - unknown: ipBlock peers never match the Pod */
  readonly ip?: Ip;
  /** The Node of the Pod. @default - unknown: no host-local bypass */
  readonly node?: string;
  readonly ports: readonly PortInfo[];
  readonly serviceAccount: string;
  readonly hostNetwork: boolean;
}

interface NodeInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ips: readonly Ip[];
}

type Endpoint =
  | { readonly kind: 'pod'; readonly pod: PodInfo }
  | { readonly kind: 'node'; readonly node: NodeInfo; readonly hostPod?: PodInfo }
  | { readonly kind: 'external'; readonly ip?: Ip; readonly text: string; readonly fqdn?: string };

interface ServiceInfo {
  readonly key: string;
  readonly ns: string;
  readonly name: string;
  /** The Service's Pod selector. @default - none: no endpoints */
  readonly selector?: LabelMatcher;
  readonly ports: ReadonlyArray<{ name?: string; port: number; nodePort?: number; protocol: TrafficProtocol; targetPort: number | string }>;
}

/** What one connection looks like to a rule. */
interface Ctx {
  readonly protocol: TrafficProtocol;
  /** The destination port. @default - none (ICMP) */
  readonly port?: number;
  /** The client's source port. @default - unknown */
  readonly sourcePort?: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  /** The Service the connection goes through. @default - a direct connection */
  readonly viaService?: ServiceInfo;
}

/** A peer matcher: does `peer` match, for a rule applied to `subject`? */
type PeerMatcher = (peer: Endpoint, subject: PodInfo) => Match;

interface PortMatcher {
  readonly protocol: string;
  /** The first destination port. @default - every port of the protocol */
  readonly port?: number;
  /** The last destination port. @default - `port` only */
  readonly endPort?: number;
  /** A named destination port. @default - a number or every port */
  readonly portName?: string;
  /** The first source port. @default - every source port */
  readonly sourcePort?: number;
  /** The last source port. @default - `sourcePort` only */
  readonly sourceEndPort?: number;
  /** The ICMP type. @default - every type */
  readonly icmpType?: number;
  /** The ICMP code. @default - every code */
  readonly icmpCode?: number;
}

interface AppliedToMatcher {
  readonly pods: (pod: PodInfo) => boolean;
  /** NodePort Services (`appliedTo.service`), `namespace/name`. */
  readonly services: ReadonlySet<string>;
}

interface CompiledPolicy {
  readonly kind: string;
  /** The Namespace of a namespaced policy. @default - cluster-scoped */
  readonly namespace?: string;
  readonly name: string;
  readonly tier: string;
  readonly tierPriority: number;
  readonly priority: number;
  readonly rules: CompiledRule[];
  /** K8s NetworkPolicy: the selected Pods and the defaulted policyTypes. @default - an Antrea-native policy */
  readonly k8s?: { readonly podSelector: LabelMatcher; readonly ingress: boolean; readonly egress: boolean };
}

interface CompiledRule {
  readonly policy: CompiledPolicy;
  readonly direction: 'ingress' | 'egress';
  readonly index: number;
  /** The rule name. @default - unnamed */
  readonly name?: string;
  readonly action: 'Allow' | 'Drop' | 'Reject' | 'Pass';
  readonly appliedTo: AppliedToMatcher;
  /** The peers. @default - every address (§3.9) */
  readonly peers?: readonly PeerMatcher[];
  /** `toServices`, as `namespace/name`. @default - not a toServices rule */
  readonly toServices?: ReadonlySet<string>;
  /** The ports and protocols. @default - every protocol and port */
  readonly ports?: readonly PortMatcher[];
  readonly l7: boolean;
  /** Why a match of this rule cannot be decided offline. @default - always decidable */
  readonly maybeNote?: string;
  readonly ref: RuleRef;
}

interface GroupDef {
  /** The Namespace of a Group. @default - a ClusterGroup */
  readonly namespace?: string;
  readonly name: string;
  readonly spec: any;
}

function key(ns: string | undefined, name: string): string {
  return ns === undefined ? name : `${ns}/${name}`;
}

function ruleText(r: RuleRef): string {
  const policy = `${r.kind} ${key(r.namespace, r.name)}`;
  const tier = r.tier ? `, tier ${r.tier}` : '';
  const rname = r.ruleName ? ` "${r.ruleName}"` : '';
  return `${r.action ?? 'Allow'} by ${policy} ${r.direction}[${r.ruleIndex}]${rname}${tier}`;
}

/** Parses a CIDR leniently (host bits are masked, as Go's net.ParseCIDR does); undefined when invalid. */
function parseCidrRange(text: unknown): { family: Ip['family']; first: bigint; last: bigint } | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = text.split('/');
  if (parts.length !== 2 || !/^\d{1,3}$/.test(parts[1])) return undefined;
  const ip = parseIp(parts[0]);
  if (!ip) return undefined;
  const bits = ip.family === 'IPv4' ? 32 : 128;
  const len = Number(parts[1]);
  if (len > bits) return undefined;
  const size = 1n << BigInt(bits - len);
  const first = ip.value & ~(size - 1n);
  return { family: ip.family, first, last: first + size - 1n };
}

function inRange(r: { family: string; first: bigint; last: bigint }, ip: Ip): boolean {
  return r.family === ip.family && r.first <= ip.value && ip.value <= r.last;
}

function endpointIps(ep: Endpoint): readonly Ip[] | undefined {
  if (ep.kind === 'pod') return ep.pod.ip ? [ep.pod.ip] : [];
  if (ep.kind === 'node') return ep.node.ips;
  return ep.ip ? [ep.ip] : undefined;
}

/** Turns an FQDN pattern into Antrea's anchored, case-insensitive regex (fqdn.go toRegex, §3.7). */
function fqdnRegex(pattern: string): RegExp {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const body = p
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

const ALL_PODS = (): boolean => true;
const NO_PODS = (): boolean => false;

/**
 * An offline evaluator of Antrea-native policies (crd.antrea.io/v1beta1 ClusterNetworkPolicy, NetworkPolicy, Tier,
 * ClusterGroup, Group) and Kubernetes NetworkPolicies, with Antrea v2.7.0's semantics: Tier order, policy priority,
 * rule order (rules of equal Tier and priority interleave by index), Allow/Drop/Reject/Pass, the K8s NetworkPolicy stage
 * (isolation per direction, union of allows), the Baseline Tier after it, default allow, and both directions (the
 * client's egress and the server's ingress must both allow).
 *
 * Everything is compiled once in the constructor; {@link evaluate} only walks the rules that apply to the endpoints.
 */
export class PolicyEvaluator {
  /** Problems with the input that change what is evaluated (unknown Tiers, unrealizable groups, unsupported fields). */
  public readonly warnings: string[] = [];

  private readonly namespaces = new Map<string, NsInfo>();
  private readonly pods = new Map<string, PodInfo>();
  private readonly podList: PodInfo[] = [];
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly podsByIp = new Map<string, PodInfo>();
  private readonly nodesByIp = new Map<string, NodeInfo>();
  private readonly services = new Map<string, ServiceInfo>();
  private readonly tiers = new Map<string, number>();
  private readonly clusterGroups = new Map<string, GroupDef>();
  private readonly groups = new Map<string, GroupDef>();
  private readonly groupMatchers = new Map<string, { pods: (pod: PodInfo) => boolean; peer: PeerMatcher }>();
  private readonly antreaPolicies: CompiledPolicy[] = [];
  private readonly k8sPolicies: CompiledPolicy[] = [];
  /** Antrea rules (non-Baseline), sorted by (tier priority, policy priority, rule index, kind, namespace, name). */
  private readonly tieredRules: { ingress: CompiledRule[]; egress: CompiledRule[] } = { ingress: [], egress: [] };
  private readonly baselineRules: { ingress: CompiledRule[]; egress: CompiledRule[] } = { ingress: [], egress: [] };
  private readonly candidateCache = new Map<string, CompiledRule[]>();
  private readonly isolationCache = new Map<string, CompiledPolicy[]>();

  public constructor(input: readonly unknown[], model: WorkloadModel = workloadModelFromObjects(input)) {
    const objects = flattenLists(input);
    this.loadModel(model);
    for (const raw of objects) this.indexObject(raw as any);
    for (const raw of objects) this.compilePolicy(raw as any);
    this.k8sPolicies.sort(comparePolicyNames);
    for (const p of this.antreaPolicies) {
      const target = p.tierPriority === BASELINE_PRIORITY ? this.baselineRules : this.tieredRules;
      for (const r of p.rules) target[r.direction].push(r);
    }
    for (const list of [this.tieredRules.ingress, this.tieredRules.egress, this.baselineRules.ingress, this.baselineRules.egress]) {
      list.sort(compareRules);
    }
  }

  /** Policies in evaluation order: Tier priority, policy priority, then K8s NetworkPolicies, then the Baseline Tier. */
  public orderedPolicies(): OrderedPolicy[] {
    const describe = (p: CompiledPolicy): OrderedPolicy => {
      const out: OrderedPolicy = {
        tier: p.tier,
        tierPriority: p.tierPriority,
        kind: p.kind,
        name: p.name,
        rules: p.rules.map((r) =>
          r.name === undefined
            ? { direction: r.direction, index: r.index, action: r.action }
            : { direction: r.direction, index: r.index, name: r.name, action: r.action },
        ),
      };
      if (p.namespace !== undefined) out.namespace = p.namespace;
      if (p.kind !== KNP) out.priority = p.priority;
      return out;
    };
    const antrea = [...this.antreaPolicies].sort(
      (a, b) => a.tierPriority - b.tierPriority || a.priority - b.priority || comparePolicyNames(a, b),
    );
    const k8s = [...this.k8sPolicies].sort(comparePolicyNames);
    return [
      ...antrea.filter((p) => p.tierPriority !== BASELINE_PRIORITY),
      ...k8s,
      ...antrea.filter((p) => p.tierPriority === BASELINE_PRIORITY),
    ].map(describe);
  }

  /** Is the connection allowed, and by which rule? */
  public evaluate(query: TrafficQuery): TrafficVerdict {
    const protocol = query.protocol ?? 'TCP';
    if (typeof query.to === 'object' && 'service' in query.to) return this.evaluateService(query, protocol, query.to.service);
    const from = this.resolve(query.from, 'from');
    const to = this.resolve(query.to, 'to');
    let port: number | undefined;
    if (typeof query.port === 'string') {
      if (to.kind !== 'pod')
        throw new Error(`port ${JSON.stringify(query.port)}: a named port needs a Pod destination, got ${JSON.stringify(query.to)}`);
      const named = to.pod.ports.find((p) => p.name === query.port && p.protocol === protocol);
      if (!named) {
        throw new Error(
          `port ${JSON.stringify(query.port)}: Pod ${to.pod.key} declares no ${protocol} port of that name (it has: ${to.pod.ports.map((p) => p.name ?? p.port).join(', ') || 'none'})`,
        );
      }
      port = named.port;
    } else port = query.port;
    return this.evaluateOne(from, to, this.ctx(query, protocol, port));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // evaluation

  private ctx(query: TrafficQuery, protocol: TrafficProtocol, port: number | undefined, viaService?: ServiceInfo): Ctx {
    if (protocol !== 'ICMP' && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new Error(
        `port: got ${JSON.stringify(query.port)}, expected a port number from 1 to 65535 or a port name (protocol ${protocol})`,
      );
    }
    const c: { -readonly [K in keyof Ctx]: Ctx[K] } = { protocol, icmpType: query.icmp?.type ?? 8, icmpCode: query.icmp?.code ?? 0 };
    if (protocol !== 'ICMP') c.port = port;
    if (query.sourcePort !== undefined) c.sourcePort = query.sourcePort;
    if (viaService) c.viaService = viaService;
    return c;
  }

  private evaluateService(query: TrafficQuery, protocol: TrafficProtocol, ref: string): TrafficVerdict {
    const svc = this.services.get(ref);
    if (!svc) throw new Error(`to: unknown Service ${JSON.stringify(ref)} (no Service object with that namespace/name among the objects)`);
    const sp = svc.ports.find(
      (p) =>
        p.protocol === protocol &&
        (p.port === query.port || p.name === query.port || (p.nodePort !== undefined && p.nodePort === query.port)),
    );
    if (!sp)
      throw new Error(
        `port: Service ${ref} has no ${protocol} port ${JSON.stringify(query.port)} (it has: ${svc.ports.map((p) => `${p.protocol}/${p.port}`).join(', ') || 'none'})`,
      );
    const from = this.resolve(query.from, 'from');
    const endpoints = svc.selector ? this.podList.filter((p) => !p.hostNetwork && p.ns.name === svc.ns && svc.selector!(p.labels)) : [];
    if (endpoints.length === 0) {
      const note = `Service ${ref} has no endpoint Pod in the workload model (Antrea answers such connections with a reset)`;
      const d: DirectionVerdict = { result: 'undecidable', decidedBy: 'default-allow', note };
      return { result: 'undecidable', egress: d, ingress: d, summary: `undecidable: ${note}`, perEndpoint: [] };
    }
    const perEndpoint = endpoints.map((pod) => {
      let target: number | undefined;
      if (typeof sp.targetPort === 'number') target = sp.targetPort;
      else target = pod.ports.find((p) => p.name === sp.targetPort && p.protocol === protocol)?.port;
      if (target === undefined) {
        const note = `Pod ${pod.key} declares no ${protocol} port named ${JSON.stringify(sp.targetPort)} (the Service's targetPort)`;
        const d: DirectionVerdict = { result: 'undecidable', decidedBy: 'default-allow', note };
        return {
          endpoint: pod.key,
          verdict: { result: 'undecidable', egress: d, ingress: d, summary: `undecidable: ${note}` } as TrafficVerdict,
        };
      }
      const ctx = this.ctx(Object.assign({}, query, { port: target }), protocol, protocol === 'ICMP' ? undefined : target, svc);
      return { endpoint: pod.key, verdict: this.evaluateOne(from, { kind: 'pod', pod }, ctx) };
    });
    const first = perEndpoint[0].verdict;
    const same = perEndpoint.every((e) => e.verdict.result === first.result && e.verdict.action === first.action);
    if (same)
      return Object.assign({}, first, { summary: `${first.summary} (via Service ${ref}, ${perEndpoint.length} endpoint(s))`, perEndpoint });
    const list = perEndpoint.map((e) => `${e.endpoint}: ${e.verdict.result}`).join('; ');
    const note = `the endpoints of Service ${ref} get different verdicts: ${list}`;
    return { result: 'undecidable', egress: first.egress, ingress: first.ingress, summary: `undecidable: ${note}`, perEndpoint };
  }

  private evaluateOne(from: Endpoint, to: Endpoint, ctx: Ctx): TrafficVerdict {
    if (from.kind === 'pod' && to.kind === 'pod' && from.pod === to.pod && !ctx.viaService) {
      const d: DirectionVerdict = {
        result: 'allowed',
        decidedBy: 'default-allow',
        action: 'Allow',
        note: 'same Pod: loopback traffic never reaches Antrea',
      };
      return { result: 'allowed', action: 'Allow', egress: d, ingress: d, summary: `allowed: ${d.note}` };
    }
    let egress: DirectionVerdict;
    if (from.kind === 'pod') egress = this.direction('egress', from.pod, to, ctx);
    else
      egress = {
        result: 'allowed',
        decidedBy: 'default-allow',
        action: 'Allow',
        note: 'the client is not a Pod: no Pod egress policy applies (Node NetworkPolicy is not evaluated)',
      };
    let ingress: DirectionVerdict;
    if (to.kind !== 'pod') {
      ingress = {
        result: 'allowed',
        decidedBy: 'default-allow',
        action: 'Allow',
        note: 'the server is not a Pod: no Pod ingress policy applies (Node NetworkPolicy is not evaluated)',
      };
    } else if (from.kind === 'node' && to.pod.node !== undefined && from.node.name === to.pod.node && !ctx.viaService) {
      ingress = {
        result: 'allowed',
        decidedBy: 'default-allow',
        action: 'Allow',
        note: `host-local traffic from Node ${from.node.name} to its own Pod bypasses ingress policy`,
      };
    } else if (ctx.viaService && from.kind === 'pod' && from.pod === to.pod) {
      ingress = {
        result: 'allowed',
        decidedBy: 'default-allow',
        action: 'Allow',
        note: 'hairpin Service traffic (a Pod to itself through a Service) bypasses ingress policy',
      };
    } else {
      ingress = this.direction('ingress', to.pod, from, ctx);
    }
    return combine(egress, ingress);
  }

  /** One direction: tiered Antrea rules, then K8s NetworkPolicies, then the Baseline Tier, then allow (§0). */
  private direction(dir: 'ingress' | 'egress', subject: PodInfo, peer: Endpoint, ctx: Ctx): DirectionVerdict {
    const passes: RuleRef[] = [];
    const tiered = this.walk(this.candidates(dir, subject, false), false, subject, peer, ctx);
    if (tiered) {
      if (tiered.result !== 'pass') return tiered.verdict;
      passes.push(tiered.pass);
    }
    const withPasses = (v: DirectionVerdict): DirectionVerdict => (passes.length ? Object.assign({}, v, { passes }) : v);
    // K8s NetworkPolicy stage
    const isolating = this.isolating(dir, subject);
    if (isolating.length > 0) {
      let maybe: CompiledRule | undefined;
      for (const p of isolating) {
        for (const r of p.rules) {
          if (r.direction !== dir) continue;
          const m = this.matchRule(r, subject, peer, ctx);
          if (m === YES) return withPasses({ result: 'allowed', decidedBy: 'k8s-allow', action: 'Allow', rule: r.ref });
          if (m === MAYBE && !maybe) maybe = r;
        }
      }
      if (maybe) return withPasses({ result: 'undecidable', decidedBy: 'k8s-allow', rule: maybe.ref, note: maybe.maybeNote });
      const isolatedBy = isolating.map((p) => key(p.namespace, p.name));
      return withPasses({
        result: 'denied',
        decidedBy: 'k8s-isolation',
        action: 'Drop',
        isolatedBy,
        note: `${dir} isolation by K8s NetworkPolicy ${isolatedBy.join(', ')}: no rule allows it`,
      });
    }
    const baseline = this.walk(this.candidates(dir, subject, true), true, subject, peer, ctx);
    if (baseline && baseline.result !== 'pass') return withPasses(baseline.verdict);
    if (passes.length)
      return {
        result: 'allowed',
        decidedBy: 'default-allow',
        action: 'Allow',
        passes,
        note: 'passed; no K8s NetworkPolicy or Baseline rule decides',
      };
    return { result: 'allowed', decidedBy: 'default-allow', action: 'Allow' };
  }

  /** Walks sorted rules, deciding at the first group of equal (tier, priority, index) that matches. */
  private walk(
    rules: readonly CompiledRule[],
    baseline: boolean,
    subject: PodInfo,
    peer: Endpoint,
    ctx: Ctx,
  ): { result: 'verdict'; verdict: DirectionVerdict } | { result: 'pass'; pass: RuleRef } | undefined {
    let i = 0;
    while (i < rules.length) {
      let j = i + 1;
      while (j < rules.length && compareKeys(rules[i], rules[j]) === 0) j++;
      const hits: CompiledRule[] = [];
      let maybe: CompiledRule | undefined;
      for (let k = i; k < j; k++) {
        const r = rules[k];
        if (!this.applies(r, subject, ctx) || (baseline && r.action === 'Pass')) continue;
        const m = this.matchRule(r, subject, peer, ctx);
        if (m === YES) hits.push(r);
        else if (m === MAYBE && !maybe) maybe = r;
      }
      if (maybe && (hits.length === 0 || hits.some((h) => h.action !== maybe!.action))) {
        return { result: 'verdict', verdict: { result: 'undecidable', decidedBy: 'antrea-rule', rule: maybe.ref, note: maybe.maybeNote } };
      }
      if (hits.length > 0) {
        const actions = new Set(hits.map((h) => h.action));
        if (actions.size > 1) {
          const note = `ambiguous: rules with the same Tier, priority and index match with different actions, and Antrea's order between them is undefined: ${hits.map((h) => ruleText(h.ref)).join('; ')}`;
          return { result: 'verdict', verdict: { result: 'undecidable', decidedBy: 'antrea-rule', rule: hits[0].ref, note } };
        }
        const r = hits[0];
        if (r.action === 'Pass') return { result: 'pass', pass: r.ref };
        const v: DirectionVerdict = {
          result: r.action === 'Allow' ? 'allowed' : 'denied',
          decidedBy: 'antrea-rule',
          action: r.action,
          rule: r.ref,
        };
        if (r.l7) v.l7Filtered = true;
        return { result: 'verdict', verdict: v };
      }
      i = j;
    }
    return undefined;
  }

  private applies(r: CompiledRule, subject: PodInfo, ctx: Ctx): boolean {
    if (r.appliedTo.pods(subject)) return true;
    return ctx.viaService !== undefined && r.direction === 'ingress' && r.appliedTo.services.has(ctx.viaService.key);
  }

  /** The rules that may apply to the subject (by Pod appliedTo, or because they apply to a Service), cached per Pod. */
  private candidates(dir: 'ingress' | 'egress', subject: PodInfo, baseline: boolean): CompiledRule[] {
    const k = `${baseline ? 'b' : 't'}${dir}\u0000${subject.key}`;
    let out = this.candidateCache.get(k);
    if (!out) {
      const all = (baseline ? this.baselineRules : this.tieredRules)[dir];
      out = all.filter((r) => r.appliedTo.services.size > 0 || r.appliedTo.pods(subject));
      this.candidateCache.set(k, out);
    }
    return out;
  }

  /** The K8s NetworkPolicies that isolate the subject in this direction, cached per Pod. */
  private isolating(dir: 'ingress' | 'egress', subject: PodInfo): CompiledPolicy[] {
    const k = `${dir}\u0000${subject.key}`;
    let out = this.isolationCache.get(k);
    if (!out) {
      out = this.k8sPolicies.filter((p) => p.namespace === subject.ns.name && p.k8s![dir] && p.k8s!.podSelector(subject.labels));
      this.isolationCache.set(k, out);
    }
    return out;
  }

  private matchRule(r: CompiledRule, subject: PodInfo, peer: Endpoint, ctx: Ctx): Match {
    const dst = r.direction === 'ingress' ? subject : peer.kind === 'pod' ? peer.pod : undefined;
    let m: Match = YES;
    if (r.toServices) {
      // toServices: only connections load-balanced through the Service's virtual IP (§3.8)
      if (!ctx.viaService || !r.toServices.has(ctx.viaService.key)) return NO;
    } else if (r.ports) {
      m = NO;
      for (const p of r.ports) {
        const pm = matchPort(p, ctx, dst);
        if (pm === YES) {
          m = YES;
          break;
        }
        if (pm === MAYBE) m = MAYBE;
      }
      if (m === NO) return NO;
    }
    if (r.peers === undefined || r.toServices) return m;
    let pm: Match = NO;
    for (const p of r.peers) {
      const x = p(peer, subject);
      if (x === YES) {
        pm = YES;
        break;
      }
      if (x === MAYBE) pm = MAYBE;
    }
    return and(m, pm);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // inputs

  private resolve(ref: EndpointRef, field: 'from' | 'to'): Endpoint {
    if (typeof ref === 'string') {
      const pod = this.pods.get(ref);
      if (!pod) {
        const known = this.podList.slice(0, 12).map((p) => p.key);
        throw new Error(
          `${field}: unknown Pod ${JSON.stringify(ref)}, expected "<namespace>/<pod>" of the workload model (${known.join(', ')}${this.podList.length > 12 ? ', …' : ''})`,
        );
      }
      return this.podEndpoint(pod);
    }
    if ('node' in ref) {
      const node = this.nodes.get(ref.node);
      if (!node)
        throw new Error(
          `${field}: unknown Node ${JSON.stringify(ref.node)}, expected one of the model's Nodes (${[...this.nodes.keys()].join(', ') || 'none'})`,
        );
      return { kind: 'node', node };
    }
    if ('service' in ref) throw new Error(`${field}: a Service can only be the destination of a connection, got ${JSON.stringify(ref)}`);
    const fqdn = 'fqdn' in ref ? ref.fqdn : undefined;
    if (ref.ip === undefined) return { kind: 'external', text: fqdn!, fqdn: fqdn!.toLowerCase().replace(/\.$/, '') };
    const ip = parseIp(ref.ip);
    if (!ip) throw new Error(`${field}.ip: got ${JSON.stringify(ref.ip)}, expected an IPv4 or IPv6 address`);
    const canonical = `${ip.family}:${ip.value}`;
    const pod = this.podsByIp.get(canonical);
    if (pod && fqdn === undefined) return this.podEndpoint(pod);
    const node = this.nodesByIp.get(canonical);
    if (node && fqdn === undefined) return { kind: 'node', node };
    const out: { kind: 'external'; ip: Ip; text: string; fqdn?: string } = { kind: 'external', ip, text: ref.ip };
    if (fqdn !== undefined) out.fqdn = fqdn.toLowerCase().replace(/\.$/, '');
    return out;
  }

  private podEndpoint(pod: PodInfo): Endpoint {
    if (!pod.hostNetwork) return { kind: 'pod', pod };
    const node = (pod.node !== undefined && this.nodes.get(pod.node)) || {
      name: pod.node ?? `(node of ${pod.key})`,
      labels: {},
      ips: pod.ip ? [pod.ip] : [],
    };
    return { kind: 'node', node, hostPod: pod };
  }

  private loadModel(model: WorkloadModel): void {
    for (const n of model.namespaces)
      this.namespaces.set(n.name, { name: n.name, labels: Object.assign({}, n.labels, { [NAMESPACE_NAME_LABEL]: n.name }) });
    for (const n of model.nodes ?? []) {
      const ip = n.ip !== undefined ? parseIp(n.ip) : undefined;
      if (n.ip !== undefined && !ip)
        throw new Error(`model.nodes[${n.name}].ip: got ${JSON.stringify(n.ip)}, expected an IPv4 or IPv6 address`);
      const info: NodeInfo = { name: n.name, labels: { 'kubernetes.io/hostname': n.name, ...(n.labels ?? {}) }, ips: ip ? [ip] : [] };
      this.nodes.set(n.name, info);
      if (ip) this.nodesByIp.set(`${ip.family}:${ip.value}`, info);
    }
    for (const p of model.pods) {
      let ns = this.namespaces.get(p.namespace);
      if (!ns) {
        ns = { name: p.namespace, labels: { [NAMESPACE_NAME_LABEL]: p.namespace } };
        this.namespaces.set(p.namespace, ns);
      }
      const ip = p.ip !== undefined ? parseIp(p.ip) : undefined;
      if (p.ip !== undefined && !ip)
        throw new Error(`model.pods[${p.namespace}/${p.name}].ip: got ${JSON.stringify(p.ip)}, expected an IPv4 or IPv6 address`);
      const k = `${p.namespace}/${p.name}`;
      if (this.pods.has(k)) throw new Error(`model.pods: Pod ${k} is listed twice, expected unique "<namespace>/<name>"`);
      const info: PodInfo = {
        key: k,
        name: p.name,
        ns,
        labels: { ...(p.labels ?? {}) },
        ip,
        node: p.node,
        ports: (p.ports ?? []).map((x) => ({ name: x.name, port: x.port, protocol: x.protocol ?? 'TCP' })),
        serviceAccount: p.serviceAccountName ?? 'default',
        hostNetwork: p.hostNetwork === true,
      };
      this.pods.set(k, info);
      this.podList.push(info);
      if (ip && !info.hostNetwork) this.podsByIp.set(`${ip.family}:${ip.value}`, info);
    }
  }

  private indexObject(o: any): void {
    if (!o || typeof o !== 'object' || typeof o.apiVersion !== 'string') return;
    const name = o.metadata?.name;
    if (typeof name !== 'string') return;
    if (o.apiVersion.startsWith('crd.antrea.io/')) {
      if (o.kind === 'Tier' && typeof o.spec?.priority === 'number') this.tiers.set(name, o.spec.priority);
      else if (o.kind === 'ClusterGroup') this.clusterGroups.set(name, { name, spec: o.spec ?? {} });
      else if (o.kind === 'Group') {
        const ns = o.metadata.namespace ?? 'default';
        this.groups.set(key(ns, name), { namespace: ns, name, spec: o.spec ?? {} });
      }
    } else if (o.apiVersion === 'v1' && o.kind === 'Service') {
      const ns = o.metadata.namespace ?? 'default';
      const sel = o.spec?.selector;
      const info: ServiceInfo = {
        key: key(ns, name),
        ns,
        name,
        selector: sel && Object.keys(sel).length > 0 ? compileSelector({ matchLabels: sel }) : undefined,
        ports: ((o.spec?.ports ?? []) as any[]).map((p) => ({
          name: p.name,
          port: p.port,
          nodePort: p.nodePort,
          protocol: (p.protocol ?? 'TCP') as TrafficProtocol,
          targetPort: p.targetPort ?? p.port,
        })),
      };
      this.services.set(info.key, info);
    }
  }

  private tierPriority(tier: unknown, where: string): number | undefined {
    if (tier === undefined || tier === '') return STATIC_TIERS.application;
    if (typeof tier !== 'string') return undefined;
    const custom = this.tiers.get(tier);
    if (custom !== undefined) return custom;
    const stat = STATIC_TIERS[tier.toLowerCase()];
    if (stat !== undefined) return stat;
    this.warnings.push(
      `${where}: spec.tier ${JSON.stringify(tier)} names no Tier (static: ${Object.keys(STATIC_TIERS).join(', ')}; custom: ${[...this.tiers.keys()].join(', ') || 'none'}); Antrea refuses the policy, so it is not evaluated`,
    );
    return undefined;
  }

  private compilePolicy(o: any): void {
    if (!o || typeof o !== 'object' || typeof o.metadata?.name !== 'string') return;
    const name: string = o.metadata.name;
    if (o.apiVersion === 'networking.k8s.io/v1' && o.kind === 'NetworkPolicy') return this.compileK8s(o, name);
    if (typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('crd.antrea.io/')) return;
    if (o.kind !== 'ClusterNetworkPolicy' && o.kind !== 'NetworkPolicy') return;
    const namespaced = o.kind === 'NetworkPolicy';
    const namespace: string | undefined = namespaced ? (o.metadata.namespace ?? 'default') : undefined;
    const kind = namespaced ? ANNP : ACNP;
    const where = `${kind} ${key(namespace, name)}`;
    const spec = o.spec ?? {};
    if (typeof spec.priority !== 'number') {
      this.warnings.push(
        `${where}: spec.priority: got ${JSON.stringify(spec.priority)}, expected a number from 1 to 10000 (the CRD requires it); the policy is not evaluated`,
      );
      return;
    }
    const tierPriority = this.tierPriority(spec.tier, where);
    if (tierPriority === undefined) return;
    const tier =
      typeof spec.tier === 'string' && spec.tier !== '' ? (this.tiers.has(spec.tier) ? spec.tier : spec.tier.toLowerCase()) : 'application';
    const policy: CompiledPolicy = { kind, namespace, name, tier, tierPriority, priority: spec.priority, rules: [] };
    const policyAppliedTo =
      Array.isArray(spec.appliedTo) && spec.appliedTo.length > 0
        ? this.compileAppliedTo(spec.appliedTo, namespace, `${where} spec.appliedTo`)
        : undefined;
    for (const dir of ['ingress', 'egress'] as const) {
      ((spec[dir] ?? []) as any[]).forEach((rule, index) => {
        const rwhere = `${where} spec.${dir}[${index}]`;
        const appliedTo =
          Array.isArray(rule.appliedTo) && rule.appliedTo.length > 0
            ? this.compileAppliedTo(rule.appliedTo, namespace, `${rwhere}.appliedTo`)
            : (policyAppliedTo ?? { pods: NO_PODS, services: new Set<string>() });
        const peersRaw = (dir === 'ingress' ? rule.from : rule.to) as any[] | undefined;
        const notes: string[] = [];
        let peers: PeerMatcher[] | undefined;
        if (Array.isArray(peersRaw) && peersRaw.length > 0)
          peers = peersRaw.map((p, i) =>
            this.compilePeer(p, namespace, kind, `${rwhere}.${dir === 'ingress' ? 'from' : 'to'}[${i}]`, notes),
          );
        let toServices: Set<string> | undefined;
        if (dir === 'egress' && Array.isArray(rule.toServices) && rule.toServices.length > 0) {
          toServices = new Set(rule.toServices.map((s: any) => key(s.namespace ?? namespace ?? 'default', s.name)));
        }
        const ports = this.compilePorts(rule.ports, rule.protocols, notes);
        if (rule.action === 'Pass' && tierPriority === BASELINE_PRIORITY) {
          this.warnings.push(
            `${rwhere}.action: got "Pass", expected Allow, Drop or Reject in the Baseline Tier (the webhook refuses it); the rule never decides`,
          );
        }
        if (!policyAppliedTo && !(Array.isArray(rule.appliedTo) && rule.appliedTo.length > 0)) {
          this.warnings.push(
            `${rwhere}: no appliedTo (neither spec.appliedTo nor the rule's), expected one of them (the webhook refuses it); the rule applies to nothing`,
          );
        }
        const ref: RuleRef = { kind, name, tier, direction: dir, ruleIndex: index, action: rule.action };
        if (namespace !== undefined) ref.namespace = namespace;
        if (typeof rule.name === 'string') ref.ruleName = rule.name;
        policy.rules.push({
          policy,
          direction: dir,
          index,
          name: rule.name,
          action: rule.action,
          appliedTo,
          peers,
          toServices,
          ports,
          l7: Array.isArray(rule.l7Protocols) && rule.l7Protocols.length > 0,
          maybeNote: notes.length ? `${ruleText(ref)}: ${notes.join('; ')}` : undefined,
          ref,
        });
      });
    }
    this.antreaPolicies.push(policy);
  }

  private compileK8s(o: any, name: string): void {
    const namespace: string = o.metadata.namespace ?? 'default';
    const spec = o.spec ?? {};
    const types: string[] =
      Array.isArray(spec.policyTypes) && spec.policyTypes.length > 0
        ? spec.policyTypes
        : ['Ingress', ...(Array.isArray(spec.egress) && spec.egress.length > 0 ? ['Egress'] : [])];
    const where = `${KNP} ${namespace}/${name}`;
    const policy: CompiledPolicy = {
      kind: KNP,
      namespace,
      name,
      tier: K8S_NP_TIER,
      tierPriority: K8S_NP_TIER_PRIORITY,
      priority: 0,
      rules: [],
      k8s: { podSelector: compileSelector(spec.podSelector), ingress: types.includes('Ingress'), egress: types.includes('Egress') },
    };
    const all = { pods: ALL_PODS, services: new Set<string>() };
    for (const dir of ['ingress', 'egress'] as const) {
      const listed = dir === 'ingress' ? policy.k8s!.ingress : policy.k8s!.egress;
      const rules = (spec[dir] ?? []) as any[];
      if (!listed && rules.length > 0) {
        this.warnings.push(
          `${where}: spec.${dir} has rules but spec.policyTypes does not list ${dir === 'ingress' ? 'Ingress' : 'Egress'}; they are ignored (Antrea would install them anyway, §4)`,
        );
        continue;
      }
      rules.forEach((rule, index) => {
        const notes: string[] = [];
        const peersRaw = (dir === 'ingress' ? rule.from : rule.to) as any[] | undefined;
        const peers =
          Array.isArray(peersRaw) && peersRaw.length > 0
            ? peersRaw.map((p, i) => this.compilePeer(p, namespace, KNP, `${where} spec.${dir}[${index}][${i}]`, notes))
            : undefined;
        const ref: RuleRef = { kind: KNP, namespace, name, direction: dir, ruleIndex: index, action: 'Allow' };
        policy.rules.push({
          policy,
          direction: dir,
          index,
          action: 'Allow',
          appliedTo: all,
          peers,
          ports: this.compilePorts(rule.ports, undefined, notes),
          l7: false,
          maybeNote: notes.length ? `${ruleText(ref)}: ${notes.join('; ')}` : undefined,
          ref,
        });
      });
    }
    this.k8sPolicies.push(policy);
  }

  private compilePorts(ports: unknown, protocols: unknown, notes: string[]): PortMatcher[] | undefined {
    const out: PortMatcher[] = [];
    for (const p of (Array.isArray(ports) ? ports : []) as any[]) {
      const m: { -readonly [K in keyof PortMatcher]: PortMatcher[K] } = { protocol: p.protocol ?? 'TCP' };
      if (typeof p.port === 'number') m.port = p.port;
      else if (typeof p.port === 'string') {
        if (/^\d+$/.test(p.port)) m.port = Number(p.port);
        else m.portName = p.port;
      }
      if (typeof p.endPort === 'number') m.endPort = p.endPort;
      if (typeof p.sourcePort === 'number') m.sourcePort = p.sourcePort;
      if (typeof p.sourceEndPort === 'number') m.sourceEndPort = p.sourceEndPort;
      if (m.sourcePort !== undefined) notes.push('it matches on the client source port, which the query does not give');
      out.push(m);
    }
    for (const p of (Array.isArray(protocols) ? protocols : []) as any[]) {
      if (p.icmp) out.push({ protocol: 'ICMP', icmpType: p.icmp.icmpType, icmpCode: p.icmp.icmpCode });
      else if (p.igmp) out.push({ protocol: 'IGMP' });
    }
    return out.length > 0 ? out : undefined;
  }

  private compileAppliedTo(entries: any[], namespace: string | undefined, where: string): AppliedToMatcher {
    const pods: Array<(p: PodInfo) => boolean> = [];
    const services = new Set<string>();
    for (const e of entries) {
      if (e.service) services.add(key(e.service.namespace ?? namespace ?? 'default', e.service.name));
      else if (e.nodeSelector)
        this.warnings.push(`${where}: a nodeSelector appliedTo makes a Node NetworkPolicy, which this evaluator does not evaluate`);
      else if (e.group !== undefined) {
        const gm = this.groupMatcher(e.group, namespace);
        pods.push(gm.pods);
      } else if (e.serviceAccount) {
        const ns = e.serviceAccount.namespace;
        const sa = e.serviceAccount.name;
        pods.push((p) => p.ns.name === ns && p.serviceAccount === sa);
      } else if (e.externalEntitySelector) {
        this.warnings.push(`${where}: externalEntitySelector is not evaluated (ExternalEntities are not modelled)`);
      } else {
        const m = selectorPods(e.podSelector, e.namespaceSelector, namespace);
        if (m) pods.push(m);
      }
    }
    const podMatch = (p: PodInfo): boolean => {
      if (p.hostNetwork) return false;
      for (const f of pods) if (f(p)) return true;
      return false;
    };
    return { pods: podMatch, services };
  }

  /** A peer of a rule (`from`/`to` entry), for the policy's Namespace (undefined for ACNP). */
  private compilePeer(e: any, namespace: string | undefined, kind: string, where: string, notes: string[]): PeerMatcher {
    if (!e || typeof e !== 'object') return () => NO;
    if (e.scope === 'ClusterSet') {
      notes.push('a ClusterSet-scoped peer (multicluster) cannot be decided offline');
      return () => MAYBE;
    }
    if (e.ipBlock) return ipBlockMatcher(e.ipBlock, where, this.warnings);
    if (e.group !== undefined) return this.groupMatcher(e.group, namespace).peer;
    if (e.fqdn !== undefined) {
      const re = fqdnRegex(String(e.fqdn));
      notes.push(`FQDN ${JSON.stringify(e.fqdn)} matches the addresses DNS returned for it, which an address alone does not tell`);
      return (peer) => {
        if (peer.kind !== 'external') return NO; // in-cluster addresses: only through headless Service names (§3.7)
        if (peer.fqdn !== undefined) return re.test(peer.fqdn) ? YES : NO;
        return MAYBE;
      };
    }
    if (e.nodeSelector) {
      const sel = compileSelector(e.nodeSelector);
      return (peer) => (peer.kind === 'node' && sel(peer.node.labels) ? YES : NO);
    }
    if (e.serviceAccount) {
      const ns = e.serviceAccount.namespace;
      const sa = e.serviceAccount.name;
      return (peer) => (peer.kind === 'pod' && peer.pod.ns.name === ns && peer.pod.serviceAccount === sa ? YES : NO);
    }
    if (e.namespaces) {
      const podSel = e.podSelector ? compileSelector(e.podSelector) : ALL_PODS;
      if (e.namespaces.match === 'Self') {
        return (peer, subject) => (peer.kind === 'pod' && peer.pod.ns === subject.ns && podSel(peer.pod.labels) ? YES : NO);
      }
      const keys: string[] = Array.isArray(e.namespaces.sameLabels) ? e.namespaces.sameLabels : [];
      if (keys.length > 0) {
        return (peer, subject) => {
          if (peer.kind !== 'pod' || !podSel(peer.pod.labels)) return NO;
          for (const k of keys) {
            const v = subject.ns.labels[k];
            if (v === undefined || peer.pod.ns.labels[k] !== v) return NO;
          }
          return YES;
        };
      }
    }
    if (e.externalEntitySelector) {
      this.warnings.push(`${where}: externalEntitySelector is not evaluated (ExternalEntities are not modelled)`);
      return () => NO;
    }
    if (!e.podSelector && !e.namespaceSelector) {
      // an empty peer: ANNP selects every Pod of its Namespace, ACNP nothing (§3.9)
      if (kind === ANNP && namespace !== undefined) return (peer) => (peer.kind === 'pod' && peer.pod.ns.name === namespace ? YES : NO);
      return () => NO;
    }
    const m = selectorPods(e.podSelector, e.namespaceSelector, namespace)!;
    return (peer) => (peer.kind === 'pod' && m(peer.pod) ? YES : NO);
  }

  /** The members of a ClusterGroup (ACNP) or of a Group in the policy's Namespace (ANNP), §3.4. */
  private groupMatcher(name: string, namespace: string | undefined): { pods: (pod: PodInfo) => boolean; peer: PeerMatcher } {
    const k = namespace === undefined ? `cg\u0000${name}` : `g\u0000${namespace}/${name}`;
    const cached = this.groupMatchers.get(k);
    if (cached) return cached;
    const def = namespace === undefined ? this.clusterGroups.get(name) : this.groups.get(key(namespace, name));
    const what = namespace === undefined ? `ClusterGroup ${name}` : `Group ${namespace}/${name}`;
    let out: { pods: (pod: PodInfo) => boolean; peer: PeerMatcher };
    if (!def) {
      this.warnings.push(`${what} is referenced but not among the objects: it has no members`);
      out = { pods: NO_PODS, peer: () => NO };
    } else {
      const children: string[] = Array.isArray(def.spec.childGroups) ? def.spec.childGroups : [];
      if (children.length > 0) {
        const defs = children.map((c) => (namespace === undefined ? this.clusterGroups.get(c) : this.groups.get(key(namespace, c))));
        if (defs.some((d) => d && Array.isArray(d.spec.childGroups) && d.spec.childGroups.length > 0)) {
          this.warnings.push(
            `${what}: a child group has child groups itself; Antrea allows one nesting level, so the group has no members`,
          );
          out = { pods: NO_PODS, peer: () => NO };
        } else {
          const members = defs.filter((d): d is GroupDef => d !== undefined).map((d) => this.leafGroup(d));
          out = {
            pods: (p) => members.some((m) => m.pods(p)),
            peer: (peer, subject) => {
              let r: Match = NO;
              for (const m of members) {
                const x = m.peer(peer, subject);
                if (x === YES) return YES;
                if (x === MAYBE) r = MAYBE;
              }
              return r;
            },
          };
        }
      } else out = this.leafGroup(def);
    }
    this.groupMatchers.set(k, out);
    return out;
  }

  private leafGroup(def: GroupDef): { pods: (pod: PodInfo) => boolean; peer: PeerMatcher } {
    const s = def.spec;
    const where = `${def.namespace === undefined ? 'ClusterGroup' : 'Group'} ${key(def.namespace, def.name)}`;
    if (s.serviceReference) {
      const svcKey = key(s.serviceReference.namespace ?? def.namespace ?? 'default', s.serviceReference.name);
      const pods = (p: PodInfo): boolean => {
        const svc = this.services.get(svcKey);
        return svc?.selector !== undefined && p.ns.name === svc.ns && svc.selector(p.labels);
      };
      if (!this.services.has(svcKey))
        this.warnings.push(`${where}: serviceReference ${svcKey} is not among the objects: the group has no members`);
      return { pods, peer: (peer) => (peer.kind === 'pod' && pods(peer.pod) ? YES : NO) };
    }
    if (Array.isArray(s.ipBlocks) && s.ipBlocks.length > 0) {
      const ms = s.ipBlocks.map((b: any, i: number) => ipBlockMatcher(b, `${where} spec.ipBlocks[${i}]`, this.warnings));
      return {
        pods: NO_PODS, // a group of ipBlocks in appliedTo has no effect (§3.4)
        peer: (peer, subject) =>
          ms.some((m: PeerMatcher) => m(peer, subject) === YES)
            ? YES
            : ms.some((m: PeerMatcher) => m(peer, subject) === MAYBE)
              ? MAYBE
              : NO,
      };
    }
    if (s.nodeSelector) {
      const sel = compileSelector(s.nodeSelector);
      return { pods: NO_PODS, peer: (peer) => (peer.kind === 'node' && sel(peer.node.labels) ? YES : NO) };
    }
    if (s.podSelector || s.namespaceSelector) {
      const m = selectorPods(s.podSelector, s.namespaceSelector, def.namespace)!;
      return { pods: m, peer: (peer) => (peer.kind === 'pod' && m(peer.pod) ? YES : NO) };
    }
    return { pods: NO_PODS, peer: () => NO };
  }
}

/** The Pods a podSelector/namespaceSelector pair selects (§3): fixed Namespace when namespaced without a namespaceSelector. */
function selectorPods(
  podSelector: unknown,
  namespaceSelector: unknown,
  namespace: string | undefined,
): ((p: PodInfo) => boolean) | undefined {
  const podSel = podSelector ? compileSelector(podSelector) : undefined;
  if (namespaceSelector) {
    const nsSel = compileSelector(namespaceSelector);
    return (p) => !p.hostNetwork && nsSel(p.ns.labels) && (!podSel || podSel(p.labels));
  }
  if (namespace !== undefined) return (p) => !p.hostNetwork && p.ns.name === namespace && (!podSel || podSel(p.labels));
  if (podSel) return (p) => !p.hostNetwork && podSel(p.labels);
  return undefined;
}

function ipBlockMatcher(block: any, where: string, warnings: string[]): PeerMatcher {
  const cidr = parseCidrRange(block?.cidr);
  if (!cidr) {
    warnings.push(`${where}.cidr: got ${JSON.stringify(block?.cidr)}, expected a CIDR; the ipBlock matches nothing`);
    return () => NO;
  }
  const except = ((block.except ?? []) as unknown[])
    .map((e) => parseCidrRange(e))
    .filter((e): e is NonNullable<typeof e> => e !== undefined);
  return (peer) => {
    const ips = endpointIps(peer);
    if (ips === undefined) return MAYBE; // an external name without an address
    for (const ip of ips) if (inRange(cidr, ip) && !except.some((x) => inRange(x, ip))) return YES;
    return NO;
  };
}

function matchPort(p: PortMatcher, ctx: Ctx, dst: PodInfo | undefined): Match {
  if (p.protocol === 'ICMP') {
    if (ctx.protocol !== 'ICMP') return NO;
    if (p.icmpType !== undefined && p.icmpType !== ctx.icmpType) return NO;
    if (p.icmpCode !== undefined && p.icmpCode !== ctx.icmpCode) return NO;
    return YES;
  }
  if (p.protocol !== ctx.protocol) return NO;
  if (p.portName !== undefined) {
    // named port: resolved against the destination Pod's container ports, name and protocol (§3.10)
    const resolved = dst?.ports.find((x) => x.name === p.portName && x.protocol === p.protocol);
    if (!resolved || resolved.port !== ctx.port) return NO;
  } else if (p.port !== undefined) {
    const end = p.endPort ?? p.port;
    if (ctx.port === undefined || ctx.port < p.port || ctx.port > end) return NO;
  }
  if (p.sourcePort !== undefined) {
    if (ctx.sourcePort === undefined) return MAYBE;
    const end = p.sourceEndPort ?? p.sourcePort;
    if (ctx.sourcePort < p.sourcePort || ctx.sourcePort > end) return NO;
  }
  return YES;
}

function comparePolicyNames(a: CompiledPolicy, b: CompiledPolicy): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  const ka = key(a.namespace, a.name);
  const kb = key(b.namespace, b.name);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function compareKeys(a: CompiledRule, b: CompiledRule): number {
  return a.policy.tierPriority - b.policy.tierPriority || a.policy.priority - b.policy.priority || a.index - b.index;
}

function compareRules(a: CompiledRule, b: CompiledRule): number {
  return compareKeys(a, b) || comparePolicyNames(a.policy, b.policy);
}

function combine(egress: DirectionVerdict, ingress: DirectionVerdict): TrafficVerdict {
  const describe = (d: DirectionVerdict, dir: string): string => {
    const passes = d.passes?.length ? ` after Pass (${d.passes.map(ruleText).join('; ')})` : '';
    if (d.decidedBy === 'antrea-rule' || d.decidedBy === 'k8s-allow') {
      return `${dir} ${d.rule ? ruleText(d.rule) : d.decidedBy}${d.result === 'undecidable' && d.note ? ` — ${d.note}` : ''}${passes}`;
    }
    if (d.decidedBy === 'k8s-isolation') return `${dir} Drop by K8s NetworkPolicy isolation (${(d.isolatedBy ?? []).join(', ')})${passes}`;
    return `${dir} allowed by default${d.note ? ` (${d.note})` : ''}${passes}`;
  };
  let result: TrafficVerdict['result'];
  let decider: DirectionVerdict;
  let dir: string;
  if (egress.result === 'denied') [result, decider, dir] = ['denied', egress, 'egress'];
  else if (ingress.result === 'denied') [result, decider, dir] = ['denied', ingress, 'ingress'];
  else if (egress.result === 'undecidable') [result, decider, dir] = ['undecidable', egress, 'egress'];
  else if (ingress.result === 'undecidable') [result, decider, dir] = ['undecidable', ingress, 'ingress'];
  else {
    // allowed: name the more specific of the two decisions (a rule over a default)
    result = 'allowed';
    [decider, dir] =
      ingress.decidedBy === 'default-allow' && egress.decidedBy !== 'default-allow' ? [egress, 'egress'] : [ingress, 'ingress'];
  }
  const v: TrafficVerdict = { result, egress, ingress, summary: `${result}: ${describe(decider, dir)}` };
  if (result === 'allowed') {
    v.action = 'Allow';
    if (egress.l7Filtered || ingress.l7Filtered) {
      v.l7Filtered = true;
      v.summary += ' (allowed at L4; the L7 rule filters it further)';
    }
  } else if (result === 'denied') v.action = decider.action === 'Reject' ? 'Reject' : 'Drop';
  return v;
}
