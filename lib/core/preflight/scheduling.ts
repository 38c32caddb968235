import { compileSelector } from '../label-selector';
import { arr, Findings, Json, obj, PodTemplate, str } from './common';
import type { NodeGroupFacts, PreflightFinding, Taint } from './types';

/** Three-valued match: a fact the model cannot decide (a node's hostname, matchFields) is `unknown`. */
export type Tri = 'yes' | 'no' | 'unknown';

const HOSTNAME = 'kubernetes.io/hostname';

function and(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'yes';
}

function or(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'no';
}

/** The value of a node label: a string, undefined (absent) or null (present, per-node value unknown: the hostname). */
function labelOf(group: NodeGroupFacts, key: string): string | undefined | null {
  if (Object.prototype.hasOwnProperty.call(group.labels, key)) return group.labels[key];
  return key === HOSTNAME ? null : undefined;
}

function parseInt64(s: unknown): number | undefined {
  return typeof s === 'string' && /^-?\d+$/.test(s) ? Number(s) : undefined;
}

/** Evaluates one node selector requirement (`matchExpressions` item) against a node group. */
export function matchNodeRequirement(group: NodeGroupFacts, req: Json): Tri {
  const key = str(req.key) ?? '';
  const op = str(req.operator);
  const values = arr(req.values).map(String);
  const value = labelOf(group, key);
  const exists = value !== undefined;
  switch (op) {
    case 'Exists':
      return exists ? 'yes' : 'no';
    case 'DoesNotExist':
      return exists ? 'no' : 'yes';
    case 'In':
      if (!exists) return 'no';
      if (value === null) return 'unknown';
      return values.includes(value) ? 'yes' : 'no';
    case 'NotIn':
      if (!exists) return 'yes';
      if (value === null) return 'unknown';
      return values.includes(value) ? 'no' : 'yes';
    case 'Gt':
    case 'Lt': {
      if (!exists) return 'no';
      if (value === null) return 'unknown';
      const n = parseInt64(value);
      const bound = parseInt64(values[0]);
      if (n === undefined || bound === undefined) return 'no';
      return (op === 'Gt' ? n > bound : n < bound) ? 'yes' : 'no';
    }
    default:
      return 'no';
  }
}

/** Evaluates required node affinity `nodeSelectorTerms` (terms OR'ed, expressions AND'ed; matchFields = unknown). */
export function matchNodeSelectorTerms(group: NodeGroupFacts, terms: readonly unknown[]): Tri {
  let result: Tri = 'no';
  for (const t of terms) {
    const term = obj(t) ?? {};
    const exprs = arr(term.matchExpressions);
    const fields = arr(term.matchFields);
    if (exprs.length === 0 && fields.length === 0) continue; // an empty term matches nothing
    let r: Tri = fields.length > 0 ? 'unknown' : 'yes';
    for (const e of exprs) r = and(r, matchNodeRequirement(group, obj(e) ?? {}));
    result = or(result, r);
    if (result === 'yes') break;
  }
  return result;
}

/** Whether a toleration tolerates a taint (the scheduler's rule). */
export function tolerates(toleration: Json, taint: Taint): boolean {
  const effect = str(toleration.effect) ?? '';
  if (effect !== '' && effect !== taint.effect) return false;
  const key = str(toleration.key) ?? '';
  const op = str(toleration.operator) ?? 'Equal';
  if (key === '') return op === 'Exists';
  if (key !== taint.key) return false;
  if (op === 'Exists') return true;
  return op === 'Equal' && (str(toleration.value) ?? '') === (taint.value ?? '');
}

/** Tolerations the DaemonSet controller adds to every DaemonSet pod. */
const DAEMONSET_TOLERATIONS: readonly Json[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];
const HOST_NETWORK_TOLERATION: Json = { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' };

/** How a pod template fits one node group. */
export interface GroupFit {
  readonly group: NodeGroupFacts;
  /** nodeSelector and required node affinity. */
  readonly affinity: Tri;
  /** Every NoSchedule/NoExecute taint tolerated. */
  readonly tolerated: boolean;
  /** Why not, for messages. */
  readonly reasons: string[];
}

/** Evaluates where a pod spec may run. */
export function fitGroups(spec: Json, groups: readonly NodeGroupFacts[], daemonSet = false): GroupFit[] {
  const nodeSelector = obj(spec.nodeSelector) ?? {};
  const required = obj(obj(obj(spec.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  const terms = required ? arr(required.nodeSelectorTerms) : undefined;
  const tolerations: Json[] = arr(spec.tolerations).map((t) => obj(t) ?? {});
  if (daemonSet) {
    tolerations.push(...DAEMONSET_TOLERATIONS);
    if (spec.hostNetwork === true) tolerations.push(HOST_NETWORK_TOLERATION);
  }
  const out: GroupFit[] = [];
  for (const group of groups) {
    const reasons: string[] = [];
    let affinity: Tri = 'yes';
    for (const [k, v] of Object.entries(nodeSelector)) {
      const actual = labelOf(group, k);
      let r: Tri;
      if (actual === null) r = 'unknown';
      else r = actual === String(v) ? 'yes' : 'no';
      if (r === 'no')
        reasons.push(`nodeSelector ${k}=${String(v)} does not match (${actual === undefined ? 'no such label' : `${k}=${actual}`})`);
      affinity = and(affinity, r);
    }
    if (terms) {
      const r = matchNodeSelectorTerms(group, terms);
      if (r === 'no') reasons.push('required nodeAffinity matches none of its labels');
      affinity = and(affinity, r);
    }
    let tolerated = true;
    for (const taint of group.taints) {
      if (taint.effect === 'PreferNoSchedule') continue;
      if (!tolerations.some((t) => tolerates(t, taint))) {
        tolerated = false;
        reasons.push(`taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect} not tolerated`);
      }
    }
    out.push({ group, affinity, tolerated, reasons });
  }
  return out;
}

/** Whether a label selector (matchLabels/matchExpressions) selects the given labels; null/absent selects nothing. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, unknown>>): boolean {
  return obj(selector) !== undefined && compileSelector(selector)(labels);
}

function replicasOf(t: PodTemplate): number {
  const spec = obj(t.object.spec) ?? {};
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
  switch (t.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'ReplicationController':
      return num(spec.replicas, 1);
    case 'Job':
    case 'CronJob': {
      const job = t.kind === 'Job' ? spec : (obj(obj(spec.jobTemplate)?.spec) ?? {});
      const parallelism = num(job.parallelism, 1);
      const completions = job.completions;
      return typeof completions === 'number' ? Math.min(parallelism, completions) : parallelism;
    }
    default:
      return 1;
  }
}

function describeGroups(fits: readonly GroupFit[]): string {
  return fits.map((f) => `${f.group.name} (${f.group.count}): ${f.reasons.join('; ') || 'ok'}`).join(' | ');
}

/** How many of the workload's pods the self anti-affinity term lets run (Infinity when unbounded). */
function domainCapacity(key: string, fits: readonly GroupFit[]): number {
  if (key === HOSTNAME) return fits.reduce((n, f) => n + f.group.count, 0);
  const values = new Set<string>();
  for (const f of fits) {
    const v = f.group.labels[key];
    if (v === undefined) return Infinity; // nodes without the key are outside every domain: no conflict there
    values.add(v);
  }
  return values.size;
}

function selectsOwnNamespace(term: Json, namespace: string): boolean {
  const namespaces = arr(term.namespaces);
  const nsSelector = obj(term.namespaceSelector);
  if (nsSelector && Object.keys(nsSelector).length === 0) return true; // {} = every namespace
  if (namespaces.length > 0) return namespaces.includes(namespace);
  return nsSelector === undefined;
}

/** The scheduling check for one pod template. */
function checkTemplate(t: PodTemplate, groups: readonly NodeGroupFacts[], findings: Findings): void {
  const spec = t.spec;
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') return; // bypasses the scheduler
  const daemonSet = t.kind === 'DaemonSet';
  const replicas = daemonSet ? 1 : replicasOf(t);
  if (replicas <= 0) return;
  const fits = fitGroups(spec, groups, daemonSet).filter((f) => f.group.count > 0);
  const eligible = fits.filter((f) => f.affinity === 'yes' && f.tolerated);
  const unknown = fits.some((f) => f.affinity === 'unknown' && f.tolerated);
  if (eligible.length === 0) {
    if (unknown) return;
    if (daemonSet)
      findings.add(
        'warning',
        t.id,
        t.specPath,
        `the DaemonSet matches no node, so it runs no pod: ${describeGroups(fits)}. Fix the nodeSelector/affinity or add tolerations if it should run somewhere`,
      );
    else
      findings.add(
        'error',
        t.id,
        t.specPath,
        `no node can run its pods (they would stay Pending): ${describeGroups(fits)}. Fix the nodeSelector/affinity or add tolerations`,
      );
    return;
  }
  if (daemonSet || unknown) return;
  const labels = obj(t.metadata.labels) ?? {};
  const eligibleNodes = eligible.reduce((n, f) => n + f.group.count, 0);

  // Required pod anti-affinity that selects the workload's own pods.
  const anti = arr(obj(obj(spec.affinity)?.podAntiAffinity)?.requiredDuringSchedulingIgnoredDuringExecution);
  for (let i = 0; i < anti.length; i++) {
    const term = obj(anti[i]) ?? {};
    const key = str(term.topologyKey) ?? '';
    if (!selectorMatches(term.labelSelector, labels) || !selectsOwnNamespace(term, t.namespace)) continue;
    const capacity = domainCapacity(key, eligible);
    if (replicas > capacity)
      findings.add(
        'error',
        t.id,
        `${t.specPath}/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/${i}`,
        `${replicas} replicas but the required pod anti-affinity on ${key} (selecting its own pods) allows at most ${capacity} (${key === HOSTNAME ? `${eligibleNodes} eligible nodes` : `distinct ${key} values`} in ${eligible.map((f) => f.group.name).join(', ')}): ${replicas - capacity} pod(s) would stay Pending. Lower the replicas, add nodes, or use preferredDuringScheduling`,
      );
  }

  // Host ports: one pod per node and (hostIP, hostPort, protocol), like a self anti-affinity on the hostname. With
  // hostNetwork every declared container port is a host port (the API server defaults hostPort to containerPort).
  const hostPorts = arr(spec.containers).flatMap((c, ci) =>
    arr(obj(c)?.ports).flatMap((p, pi) =>
      typeof obj(p)?.hostPort === 'number' || (spec.hostNetwork === true && typeof obj(p)?.containerPort === 'number')
        ? [`${t.specPath}/containers/${ci}/ports/${pi}`]
        : [],
    ),
  );
  if (hostPorts.length > 0 && replicas > eligibleNodes) {
    findings.add(
      'error',
      t.id,
      hostPorts[0],
      `${replicas} replicas but a host port allows one pod per node and there are ${eligibleNodes} eligible nodes (${eligible.map((f) => f.group.name).join(', ')}): ${replicas - eligibleNodes} pod(s) would stay Pending. Lower the replicas, add nodes, or use a Service instead of a host port`,
    );
  }

  // Topology spread constraints with DoNotSchedule.
  const tsc = arr(spec.topologySpreadConstraints);
  for (let i = 0; i < tsc.length; i++) {
    const c = obj(tsc[i]) ?? {};
    if (c.whenUnsatisfiable !== 'DoNotSchedule' || !selectorMatches(c.labelSelector, labels)) continue;
    const key = str(c.topologyKey) ?? '';
    const maxSkew = typeof c.maxSkew === 'number' && c.maxSkew > 0 ? c.maxSkew : 1;
    const honorAffinity = c.nodeAffinityPolicy !== 'Ignore';
    const honorTaints = c.nodeTaintsPolicy === 'Honor';
    // Domains: nodes that pass the policies and carry the key; placeable: the pod may actually go there.
    const domains = new Map<string, boolean>();
    let undecided = false;
    for (const f of fits) {
      if (honorAffinity && f.affinity !== 'yes') {
        if (f.affinity === 'unknown') undecided = true;
        continue;
      }
      if (honorTaints && !f.tolerated) continue;
      const placeable = f.affinity === 'yes' && f.tolerated;
      if (key === HOSTNAME) {
        for (let n = 0; n < f.group.count; n++) domains.set(`${f.group.name}#${n}`, placeable);
      } else {
        const v = f.group.labels[key];
        if (v === undefined) continue;
        domains.set(v, (domains.get(v) ?? false) || placeable);
      }
    }
    if (undecided || domains.size === 0) continue;
    const placeableDomains = [...domains.values()].filter(Boolean).length;
    const blocked = domains.size - placeableDomains;
    const minDomains = typeof c.minDomains === 'number' ? c.minDomains : 1;
    let capacity = Infinity;
    let why = '';
    if (blocked > 0) {
      capacity = maxSkew * placeableDomains;
      why = `${blocked} ${key} domain(s) count for the skew but can never get a pod (${honorTaints ? 'node affinity' : 'tainted nodes count unless nodeTaintsPolicy: Honor'}), so the global minimum stays 0`;
    } else if (domains.size < minDomains) {
      capacity = maxSkew * domains.size;
      why = `only ${domains.size} ${key} domain(s) for minDomains ${minDomains}, so the global minimum is taken as 0`;
    }
    if (replicas > capacity)
      findings.add(
        'error',
        t.id,
        `${t.specPath}/topologySpreadConstraints/${i}`,
        `${replicas} replicas but the topology spread constraint on ${key} (maxSkew ${maxSkew}, DoNotSchedule) allows at most ${capacity}: ${why}; ${replicas - capacity} pod(s) would stay Pending. Use nodeTaintsPolicy: Honor, restrict the domains with node affinity, raise maxSkew or use ScheduleAnyway`,
      );
  }
}

/** The scheduling check. */
export function checkScheduling(templates: readonly PodTemplate[], groups: readonly NodeGroupFacts[] | undefined): PreflightFinding[] {
  const findings = new Findings('scheduling');
  if (groups === undefined) {
    findings.add('info', '', '', 'scheduling not checked: no node groups modelled (set cluster.nodeGroups)');
    return findings.list;
  }
  for (const t of templates) checkTemplate(t, groups, findings);
  return findings.list;
}

/**
 * Antrea ExternalIPPools: the Nodes their `spec.nodeSelector` picks host the Egress IPs of the pool. When no modelled
 * node group matches, Antrea can assign none of them and every Egress of the pool stays without an IP ("no Node
 * available"). A selector on the per-node hostname label is not decidable here and passes.
 */
export function checkEgressPools(
  objects: readonly { readonly [k: string]: unknown }[],
  groups: readonly NodeGroupFacts[] | undefined,
  id: (i: number) => string,
): PreflightFinding[] {
  const findings = new Findings('scheduling');
  if (groups === undefined) return findings.list;
  objects.forEach((o, i) => {
    if (!o || typeof o !== 'object' || o.kind !== 'ExternalIPPool' || !String(o.apiVersion).startsWith('crd.antrea.io/')) return;
    const selector = obj(obj(o.spec)?.nodeSelector);
    if (!selector || JSON.stringify(selector).includes(HOSTNAME)) return;
    if (groups.some((g) => g.count > 0 && selectorMatches(selector, g.labels))) return;
    findings.add(
      'error',
      id(i),
      '/spec/nodeSelector',
      `no node group matches the nodeSelector ${JSON.stringify(selector)} (node groups: ${groups.map((g) => g.name).join(', ') || 'none'}), so Antrea can assign none of the pool's IPs and every Egress of the pool stays without an IP ("no Node available"): label the nodes that should host Egress IPs (nodePools[].labels) or change the selector`,
    );
  });
  return findings.list;
}
