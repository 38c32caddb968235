/**
 * Policies by tier, in Antrea's evaluation order, read straight from the synthesized objects: Antrea-native policies
 * (ClusterNetworkPolicy, NetworkPolicy of `crd.antrea.io`) of every non-Baseline tier by (tier priority, policy
 * priority), then the Kubernetes NetworkPolicies, then the Baseline tier, then "default allow"
 * (../shared/reference/facts/policy-semantics.md §1).
 */
import { code, compareStrings, table } from './markdown';
import { Json, peersText, peerText, portsText } from './selectors';

/** The static Tiers antrea-controller creates, with their priorities. */
export const STATIC_TIERS: Readonly<Record<string, number>> = {
  emergency: 50,
  securityops: 100,
  networkops: 150,
  platform: 200,
  application: 250,
  baseline: 253,
};

/** The priority of the Baseline tier. */
export const BASELINE_TIER_PRIORITY = 253;

/** Where Kubernetes NetworkPolicies sit between the Application (250) and Baseline (253) tiers, for sorting only. */
const K8S_NP_LAYER = 251;

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

/** One policy in evaluation order. */
export interface OrderedPolicy {
  /** The tier name (`(k8s NetworkPolicy)` for the Kubernetes layer). */
  readonly tier: string;
  /** The tier priority (251 stands for the Kubernetes layer, which sits between Application and Baseline). */
  readonly tierPriority: number;
  /** `ClusterNetworkPolicy`, `NetworkPolicy` (Antrea) or `K8sNetworkPolicy`. */
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

const isAntreaPolicy = (o: Json): boolean =>
  typeof o.apiVersion === 'string' &&
  o.apiVersion.startsWith('crd.antrea.io/') &&
  (o.kind === 'ClusterNetworkPolicy' || o.kind === 'NetworkPolicy');
const isK8sPolicy = (o: Json): boolean => o.apiVersion === 'networking.k8s.io/v1' && o.kind === 'NetworkPolicy';

/** Tier name → priority: the static tiers plus the `Tier` objects among `objects`. */
export function tierPriorities(objects: readonly unknown[]): Map<string, number> {
  const out = new Map(Object.entries(STATIC_TIERS));
  for (const o of objects as Json[]) {
    if (o?.kind === 'Tier' && String(o.apiVersion).startsWith('crd.antrea.io/') && typeof o.spec?.priority === 'number') {
      out.set(String(o.metadata?.name), o.spec.priority);
    }
  }
  return out;
}

function antreaRules(spec: Json): PolicyRuleRow[] {
  const rows: PolicyRuleRow[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    ((spec[direction] ?? []) as Json[]).forEach((r, index) => {
      const extra: string[] = [];
      if (r.toServices) extra.push(`services ${(r.toServices as Json[]).map((s) => `${s.namespace ?? ''}/${s.name}`).join(', ')}`);
      if (r.protocols) extra.push(`protocols ${(r.protocols as Json[]).map((p) => Object.keys(p).join('+')).join(', ')}`);
      if (r.l7Protocols) extra.push(`L7 ${(r.l7Protocols as Json[]).map((p) => Object.keys(p).join('+')).join(', ')}`);
      if (r.appliedTo) extra.push(`appliedTo ${(r.appliedTo as Json[]).map(peerText).join('; ')}`);
      const ports = r.ports || (!r.toServices && !r.protocols) ? portsText(r.ports) : '';
      rows.push({
        direction,
        index,
        name: r.name,
        action: String(r.action),
        peers: peersText(direction === 'ingress' ? r.from : r.to),
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

/** The policies among `objects` in evaluation order (ties by kind, namespace, name: see the report's note). */
export function orderPolicies(objects: readonly unknown[]): OrderedPolicy[] {
  const tiers = tierPriorities(objects);
  const out: OrderedPolicy[] = [];
  for (const o of objects as Json[]) {
    if (!o || typeof o !== 'object') continue;
    const namespace: string | undefined = o.metadata?.namespace;
    if (isAntreaPolicy(o)) {
      const tier = String(o.spec?.tier ?? 'application').toLowerCase();
      const applied = (o.spec?.appliedTo ?? []) as Json[];
      out.push({
        tier,
        tierPriority: tiers.get(tier) ?? Number.NaN,
        kind: String(o.kind),
        namespace,
        name: String(o.metadata?.name),
        priority: o.spec?.priority,
        appliedTo:
          (applied.length > 0 ? applied.map(peerText).join('; ') : 'per rule') +
          (o.kind === 'NetworkPolicy' && namespace ? ` in ${namespace}` : ''),
        rules: antreaRules(o.spec ?? {}),
      });
    } else if (isK8sPolicy(o)) {
      out.push({
        tier: '(k8s NetworkPolicy)',
        tierPriority: K8S_NP_LAYER,
        kind: 'K8sNetworkPolicy',
        namespace,
        name: String(o.metadata?.name),
        appliedTo: `pods{${peerText({ podSelector: o.spec?.podSelector }).replace(/^pods\{|\}$/g, '')}} in ${namespace}`,
        rules: k8sRules(o.spec ?? {}),
      });
    }
  }
  const rank = (p: OrderedPolicy): number => (Number.isNaN(p.tierPriority) ? 1000 : p.tierPriority);
  return out.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compareStrings(a.tier, b.tier) ||
      (a.priority ?? 0) - (b.priority ?? 0) ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.namespace ?? '', b.namespace ?? '') ||
      compareStrings(a.name, b.name),
  );
}

function policyId(p: OrderedPolicy): string {
  const kind = p.kind === 'K8sNetworkPolicy' ? 'NetworkPolicy (k8s)' : p.kind === 'NetworkPolicy' ? 'NetworkPolicy (Antrea)' : p.kind;
  return `${kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

/** The "Policies by tier" section: a table of every rule in evaluation order, and the notes a reviewer needs. */
export function renderPolicyTable(objects: readonly unknown[]): string {
  const policies = orderPolicies(objects);
  const rows: string[][] = [];
  let n = 0;
  for (const p of policies) {
    const tier = Number.isNaN(p.tierPriority)
      ? `${p.tier} (unknown tier)`
      : p.kind === 'K8sNetworkPolicy'
        ? 'Kubernetes NetworkPolicy'
        : `${p.tier} (${p.tierPriority})`;
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
      '_No network policies: all traffic is allowed._',
    ) +
    `\n${notes.map((x) => `- ${x}`).join('\n')}\n`
  );
}
