/**
 * Policies by tier, in Antrea's evaluation order (`PolicyEvaluator.orderedPolicies()`: Antrea-native policies of every
 * non-Baseline tier by tier priority and policy priority, then the Kubernetes NetworkPolicies, then the Baseline tier),
 * each rule with its peers and ports read from the synthesized objects.
 */
import { PolicyEvaluator } from '../antrea/evaluate';
import { code, table } from './markdown';
import { Json, peersText, peerText, portsText } from './selectors';

/** One rule of a policy as the report lists it. */
export interface PolicyRuleRow {
  /** `ingress` or `egress`. */
  readonly direction: 'ingress' | 'egress';
  /** Index in its own ingress or egress list. */
  readonly index: number;
  /** The rule name. @default - none */
  readonly name?: string;
  /** Allow, Drop, Reject, Pass; `Allow` for a Kubernetes NetworkPolicy rule, `Isolate` for its default deny. */
  readonly action: string;
  /** The peers (`from` / `to`), as text. */
  readonly peers: string;
  /** Ports, protocols and services, as text. */
  readonly ports: string;
}

/** One policy of the table, in evaluation order. */
export interface PolicyTableEntry {
  /** The tier name (`K8sNetworkPolicy` for the Kubernetes layer). */
  readonly tier: string;
  /** The tier priority (the evaluator lists the Kubernetes layer between Application 250 and Baseline 253). */
  readonly tierPriority: number;
  /** `AntreaClusterNetworkPolicy`, `AntreaNetworkPolicy` or `K8sNetworkPolicy`. */
  readonly kind: string;
  /** The namespace of a namespaced policy. @default - cluster-scoped */
  readonly namespace?: string;
  /** The policy name. */
  readonly name: string;
  /** `spec.priority` of an Antrea policy. @default - none (Kubernetes NetworkPolicy) */
  readonly priority?: number;
  /** What the policy applies to, as text. */
  readonly appliedTo: string;
  /** The rules: ingress first, then egress, each in list order. */
  readonly rules: PolicyRuleRow[];
}

const OBJECT_KIND: Record<string, { apiVersion: (v: string) => boolean; kind: string }> = {
  AntreaClusterNetworkPolicy: { apiVersion: (v) => v.startsWith('crd.antrea.io/'), kind: 'ClusterNetworkPolicy' },
  AntreaNetworkPolicy: { apiVersion: (v) => v.startsWith('crd.antrea.io/'), kind: 'NetworkPolicy' },
  K8sNetworkPolicy: { apiVersion: (v) => v === 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
};

function antreaRules(spec: Json): PolicyRuleRow[] {
  const rows: PolicyRuleRow[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    ((spec[direction] ?? []) as Json[]).forEach((r, index) => {
      const extra: string[] = [];
      const services = r.toServices
        ? `services ${(r.toServices as Json[]).map((x) => `${x.namespace ?? ''}/${x.name}`).join(', ')}`
        : undefined;
      if (r.protocols) extra.push(`protocols ${(r.protocols as Json[]).map((p) => Object.keys(p).join('+')).join(', ')}`);
      if (r.l7Protocols) extra.push(`L7 ${(r.l7Protocols as Json[]).map((p) => Object.keys(p).join('+')).join(', ')}`);
      if (r.appliedTo) extra.push(`appliedTo ${(r.appliedTo as Json[]).map(peerText).join('; ')}`);
      const ports = r.ports || (!r.toServices && !r.protocols) ? portsText(r.ports) : '';
      const peers = peersText(direction === 'ingress' ? r.from : r.to);
      rows.push({
        direction,
        index,
        name: r.name,
        action: String(r.action),
        // a toServices rule has no `to`: the Services are its peers
        peers: services === undefined ? peers : r.to === undefined ? services : `${peers}; ${services}`,
        ports: [ports, ...extra].filter((x) => x !== '').join('; '),
      });
    });
  }
  return rows;
}

function k8sRules(spec: Json): PolicyRuleRow[] {
  const types: string[] = spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  const rows: PolicyRuleRow[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!types.includes(direction === 'ingress' ? 'Ingress' : 'Egress')) continue;
    ((spec[direction] ?? []) as Json[]).forEach((r, index) => {
      rows.push({
        direction,
        index,
        action: 'Allow',
        peers: peersText(direction === 'ingress' ? r.from : r.to),
        ports: portsText(r.ports),
      });
    });
    rows.push({ direction, index: -1, action: 'Isolate', peers: 'everything not allowed above', ports: 'any' });
  }
  return rows;
}

/**
 * The policies among `objects` in evaluation order, as the evaluator orders them (policies it cannot evaluate, such as
 * one naming an unknown Tier, are left out and named in `evaluator.warnings`).
 */
export function policyTableEntries(
  objects: readonly unknown[],
  evaluator: PolicyEvaluator = new PolicyEvaluator(objects),
): PolicyTableEntry[] {
  const byKey = new Map<string, Json>();
  for (const o of objects as Json[]) {
    if (!o || typeof o !== 'object') continue;
    for (const [kind, match] of Object.entries(OBJECT_KIND)) {
      if (o.kind === match.kind && typeof o.apiVersion === 'string' && match.apiVersion(o.apiVersion)) {
        const ns = kind === 'AntreaClusterNetworkPolicy' ? '' : (o.metadata?.namespace ?? 'default');
        byKey.set(`${kind}|${ns}|${o.metadata?.name}`, o);
      }
    }
  }
  return evaluator.orderedPolicies().map((p) => {
    const o = byKey.get(`${p.kind}|${p.namespace ?? ''}|${p.name}`) ?? {};
    const spec = (o.spec ?? {}) as Json;
    const common = { tier: p.tier, tierPriority: p.tierPriority, kind: p.kind, namespace: p.namespace, name: p.name };
    if (p.kind === 'K8sNetworkPolicy') {
      return Object.assign(common, {
        appliedTo: `${peerText({ podSelector: spec.podSelector ?? {} })} in ${p.namespace}`,
        rules: k8sRules(spec),
      });
    }
    const applied = (spec.appliedTo ?? []) as Json[];
    return Object.assign(common, {
      priority: p.priority,
      appliedTo: (applied.length > 0 ? applied.map(peerText).join('; ') : 'per rule') + (p.namespace ? ` in ${p.namespace}` : ''),
      rules: antreaRules(spec),
    });
  });
}

function policyId(p: PolicyTableEntry): string {
  const kind =
    p.kind === 'K8sNetworkPolicy'
      ? 'NetworkPolicy (k8s)'
      : p.kind === 'AntreaNetworkPolicy'
        ? 'NetworkPolicy (Antrea)'
        : 'ClusterNetworkPolicy';
  return `${kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

/** The "Policies by tier" section: a table of every rule in evaluation order, and the notes a reviewer needs. */
export function renderPolicyTable(objects: readonly unknown[], evaluator: PolicyEvaluator = new PolicyEvaluator(objects)): string {
  const policies = policyTableEntries(objects, evaluator);
  const rows: string[][] = [];
  let n = 0;
  for (const p of policies) {
    const tier = p.kind === 'K8sNetworkPolicy' ? 'Kubernetes NetworkPolicy' : `${p.tier} (${p.tierPriority})`;
    for (const r of p.rules) {
      n += 1;
      rows.push([
        String(n),
        tier,
        policyId(p),
        p.priority === undefined ? '' : String(p.priority),
        p.appliedTo,
        r.direction,
        r.index < 0 ? '(default)' : `${r.index}${r.name ? ` ${code(r.name)}` : ''}`,
        r.action,
        r.peers,
        r.ports,
      ]);
    }
  }
  const ties = new Set<string>();
  for (let i = 1; i < policies.length; i++) {
    const a = policies[i - 1];
    const b = policies[i];
    if (a.kind !== 'K8sNetworkPolicy' && a.tier === b.tier && a.priority === b.priority && b.kind !== 'K8sNetworkPolicy') {
      ties.add(`${a.tier} priority ${a.priority}: ${policyId(a)}, ${policyId(b)}`);
    }
  }
  const notes = [
    'Rules are evaluated top to bottom, separately for the egress of the source and the ingress of the destination; ' +
      'both must allow. In each direction the first matching Antrea rule decides (Allow, Drop, Reject; Pass skips ' +
      'to the Kubernetes NetworkPolicies). Kubernetes NetworkPolicies allow the union of their rules for the pods ' +
      'they select and isolate those pods for the listed directions; the Baseline tier applies only to pods no ' +
      'Kubernetes NetworkPolicy isolates; anything left is allowed.',
  ];
  for (const w of evaluator.warnings) notes.push(`Evaluator warning: ${w}.`);
  if (ties.size > 0) {
    notes.push(
      `Policies with the same tier and priority interleave by rule index (rule 0 of each before rule 1 of either): ${[...ties].join('; ')}.`,
    );
  }
  return (
    `## Policies by tier (evaluation order)\n\n` +
    table(
      ['#', 'Tier (priority)', 'Policy', 'Priority', 'Applied to', 'Direction', 'Rule', 'Action', 'Peers', 'Ports'],
      rows,
      '_No network policy that Antrea would evaluate: all traffic is allowed._',
    ) +
    `\n${notes.map((x) => `- ${x}`).join('\n')}\n`
  );
}
