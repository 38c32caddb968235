/**
 * A semantic diff of two synth outputs: objects added, removed and changed (per field), network policy rules per
 * rule (added, removed, changed, moved: order decides in Antrea), the connections of the review report's connectivity
 * matrix whose verdict changed (what the policy changes mean), and the upgrade-safety findings of
 * `checkUpgradeSafety` (lib/solution/upgrade-safety.ts). Secret values are never printed.
 */
import type { ManifestObject } from '../core/validation';
import { checkUpgradeSafety, UpgradeFinding } from '../solution/upgrade-safety';
import { connectivityMatrix, ConnectivityMatrix } from './connectivity';
import { compareStrings } from './markdown';
import { Json, peersText, portsText } from './selectors';

/** A field that changed. */
export interface FieldChange {
  /** JSON path, e.g. `spec.replicas` or `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** The previous value (undefined when added). */
  readonly before: unknown;
  /** The new value (undefined when removed). */
  readonly after: unknown;
}

/** A network policy rule that changed. */
export interface RuleChange {
  /** `ingress` or `egress`. */
  readonly direction: 'ingress' | 'egress';
  /** The rule name, or `#<index>` for an unnamed rule. */
  readonly rule: string;
  /** What happened to it. */
  readonly change: 'added' | 'removed' | 'changed' | 'moved';
  /** The rule before, as text (`#index action peers ports`). @default - none (added) */
  readonly before?: string;
  /** The rule after, as text. @default - none (removed) */
  readonly after?: string;
}

/** One object that differs. */
export interface ObjectChange {
  /** `<kind> [<namespace>/]<name>` (with the API group when two objects would share it). */
  readonly object: string;
  /** Added, removed or changed. */
  readonly change: 'added' | 'removed' | 'changed';
  /** The fields that changed (policy rules are in `rules` instead). */
  readonly fields: FieldChange[];
  /** The policy rules that changed. */
  readonly rules: RuleChange[];
}

/** A connection of the connectivity matrix whose verdict changed. */
export interface ConnectivityChange {
  /** The client: `namespace/workload`, or `outside`. */
  readonly from: string;
  /** The server and port: `namespace/workload PROTOCOL/port`. */
  readonly to: string;
  /** The verdict before (`allowed`, `denied`, `undecidable`; `absent` when the connection was not in the matrix). */
  readonly before: string;
  /** The verdict after. */
  readonly after: string;
  /** Why, now: the summary of the deciding rule (or of the old one when the connection is gone). */
  readonly why: string;
}

/** The semantic diff of two outputs. */
export interface SemanticDiff {
  /** Objects that differ, sorted by object. */
  readonly objects: ObjectChange[];
  /** Connections (workload × declared port, as in the review report) whose verdict changed. */
  readonly connectivity: ConnectivityChange[];
  /** The upgrade-safety findings (immutable or dangerous changes). */
  readonly upgrade: UpgradeFinding[];
}

const groupOf = (o: Json): string => (String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/')[0] : 'core');
const idOf = (o: Json): string =>
  `${String(o.kind)} ${o.metadata?.namespace ? `${String(o.metadata.namespace)}/` : ''}${String(o.metadata?.name)}`;
const keyOf = (o: Json): string => `${groupOf(o)}|${idOf(o)}`;

const isPolicy = (o: Json): boolean =>
  ((o.kind === 'ClusterNetworkPolicy' || o.kind === 'NetworkPolicy') && String(o.apiVersion).startsWith('crd.antrea.io/')) ||
  (o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1');

const isSecret = (o: Json): boolean => o.kind === 'Secret' && o.apiVersion === 'v1';

function stable(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, x[k]]),
        )
      : x,
  );
}

function diffValues(path: string, a: unknown, b: unknown, out: FieldChange[]): void {
  if (stable(a) === stable(b)) return;
  const objA = a !== null && typeof a === 'object' && !Array.isArray(a);
  const objB = b !== null && typeof b === 'object' && !Array.isArray(b);
  if (objA && objB) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort(compareStrings);
    for (const k of keys) {
      const p = /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}${path ? '.' : ''}${k}` : `${path}[${JSON.stringify(k)}]`;
      diffValues(p, (a as Json)[k], (b as Json)[k], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffValues(`${path}[${i}]`, x, b[i], out));
    return;
  }
  out.push({ path, before: a, after: b });
}

function ruleText(direction: 'ingress' | 'egress', r: Json, index: number, k8s: boolean): string {
  const action = k8s ? 'Allow' : String(r.action);
  return `#${index} ${action} ${direction === 'ingress' ? 'from' : 'to'} ${peersText(direction === 'ingress' ? r.from : r.to)} ports ${portsText(r.ports)}${
    r.toServices ? ` services ${stable(r.toServices)}` : ''
  }${r.l7Protocols ? ` L7 ${stable(r.l7Protocols)}` : ''}`;
}

function diffRules(before: Json, after: Json, k8s: boolean): RuleChange[] {
  const out: RuleChange[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const a = (before.spec?.[direction] ?? []) as Json[];
    const b = (after.spec?.[direction] ?? []) as Json[];
    const named = !k8s && [...a, ...b].every((r) => typeof r.name === 'string');
    const keyA = a.map((r, i) => (named ? String(r.name) : `#${i}`));
    const keyB = b.map((r, i) => (named ? String(r.name) : `#${i}`));
    const text = (r: Json, i: number): string => ruleText(direction, r, i, k8s);
    for (const [i, k] of keyA.entries()) {
      const j = keyB.indexOf(k);
      if (j < 0) out.push({ direction, rule: k, change: 'removed', before: text(a[i], i) });
      else if (stable(a[i]) !== stable(b[j]))
        out.push({ direction, rule: k, change: 'changed', before: text(a[i], i), after: text(b[j], j) });
      else if (i !== j) out.push({ direction, rule: k, change: 'moved', before: text(a[i], i), after: text(b[j], j) });
    }
    for (const [j, k] of keyB.entries()) {
      if (!keyA.includes(k)) out.push({ direction, rule: k, change: 'added', after: text(b[j], j) });
    }
  }
  return out;
}

/** Compares a previous output with the current one (both as synthesized JSON objects). */
export function semanticDiff(previous: readonly ManifestObject[], current: readonly ManifestObject[]): SemanticDiff {
  const prev = new Map((previous as Json[]).filter((o) => o && typeof o === 'object').map((o) => [keyOf(o), o]));
  const now = new Map((current as Json[]).filter((o) => o && typeof o === 'object').map((o) => [keyOf(o), o]));
  const ids = new Map<string, number>();
  for (const k of new Set([...prev.keys(), ...now.keys()])) ids.set(k.split('|')[1], (ids.get(k.split('|')[1]) ?? 0) + 1);
  const label = (k: string): string => {
    const [group, id] = k.split('|');
    return (ids.get(id) ?? 0) > 1 ? `${id} (${group})` : id;
  };
  const objects: ObjectChange[] = [];
  for (const k of [...new Set([...prev.keys(), ...now.keys()])].sort(compareStrings)) {
    const a = prev.get(k);
    const b = now.get(k);
    if (!a) objects.push({ object: label(k), change: 'added', fields: [], rules: [] });
    else if (!b) objects.push({ object: label(k), change: 'removed', fields: [], rules: [] });
    else if (stable(a) !== stable(b)) {
      const fields: FieldChange[] = [];
      const policy = isPolicy(a);
      const strip = (o: Json): Json =>
        policy ? Object.assign({}, o, { spec: Object.assign({}, o.spec, { ingress: undefined, egress: undefined }) }) : o;
      diffValues('', strip(a), strip(b), fields);
      // never print a secret value: the path says which key changed
      const masked = isSecret(a)
        ? fields.map((f) =>
            /^(data|stringData)\b/.test(f.path)
              ? {
                  path: f.path,
                  before: f.before === undefined ? undefined : '(hidden)',
                  after: f.after === undefined ? undefined : '(hidden)',
                }
              : f,
          )
        : fields;
      objects.push({
        object: label(k),
        change: 'changed',
        fields: masked,
        rules: policy ? diffRules(a, b, a.apiVersion === 'networking.k8s.io/v1') : [],
      });
    }
  }
  return {
    objects,
    connectivity: connectivityChanges(connectivityMatrix(previous), connectivityMatrix(current)),
    upgrade: checkUpgradeSafety(previous, current),
  };
}

function verdicts(m: ConnectivityMatrix): Map<string, { from: string; to: string; result: string; why: string }> {
  return new Map(
    m.cells.map((c) => {
      const to = `${c.to.pod} ${c.to.protocol}/${c.to.port}`;
      const result = c.verdict.result === 'denied' && c.verdict.action === 'Reject' ? 'denied (Reject)' : c.verdict.result;
      return [`${c.from}|${to}`, { from: c.from, to, result, why: c.verdict.summary }];
    }),
  );
}

/** The connections whose verdict differs; a connection only one side has counts when it is not allowed there. */
function connectivityChanges(before: ConnectivityMatrix, after: ConnectivityMatrix): ConnectivityChange[] {
  const a = verdicts(before);
  const b = verdicts(after);
  const out: ConnectivityChange[] = [];
  for (const k of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    const x = a.get(k);
    const y = b.get(k);
    if (x && y && x.result !== y.result) out.push({ from: y.from, to: y.to, before: x.result, after: y.result, why: y.why });
    else if (!x && y && y.result !== 'allowed') out.push({ from: y.from, to: y.to, before: 'absent', after: y.result, why: y.why });
    else if (x && !y && x.result !== 'allowed') out.push({ from: x.from, to: x.to, before: x.result, after: 'absent', why: x.why });
  }
  return out;
}

function short(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** The diff as text: one block per object, then the upgrade-safety findings. */
export function formatSemanticDiff(d: SemanticDiff): string {
  const lines: string[] = [];
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const o of d.objects) counts[o.change] += 1;
  lines.push(`objects: ${counts.added} added, ${counts.removed} removed, ${counts.changed} changed`);
  for (const o of d.objects) {
    lines.push(`${o.change === 'added' ? '+' : o.change === 'removed' ? '-' : '~'} ${o.object}`);
    for (const f of o.fields) lines.push(`    ${f.path}: ${short(f.before)} -> ${short(f.after)}`);
    for (const r of o.rules) {
      const what = r.change === 'added' ? `+ ${r.after}` : r.change === 'removed' ? `- ${r.before}` : `${r.before}  =>  ${r.after}`;
      lines.push(`    ${r.direction} rule ${r.rule} ${r.change}: ${what}`);
    }
  }
  lines.push(`connectivity: ${d.connectivity.length} connection(s) changed verdict`);
  for (const c of d.connectivity) lines.push(`  ${c.from} -> ${c.to}: ${c.before} -> ${c.after} (${c.why})`);
  const errors = d.upgrade.filter((f) => f.severity === 'error').length;
  lines.push(`upgrade safety: ${d.upgrade.length} finding(s), ${errors} error(s)`);
  for (const f of d.upgrade) lines.push(`  [${f.severity}] ${f.object} ${f.field}: ${short(f.before)} -> ${short(f.after)}: ${f.risk}`);
  return `${lines.join('\n')}\n`;
}
