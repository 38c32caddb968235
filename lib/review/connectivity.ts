/**
 * The connectivity matrix of the review report: every workload of the stack (one representative Pod each, as
 * `workloadModelFromObjects` models it) and one address outside the cluster, against every declared container port of
 * every workload, decided by the offline policy evaluator (lib/antrea/evaluate) with Antrea's semantics.
 */
import { PolicyEvaluator, TrafficProtocol, TrafficVerdict, WorkloadModel, workloadModelFromObjects } from '../antrea/evaluate';
import { code, compareStrings, table } from './markdown';

/** The address standing for "outside the cluster" (TEST-NET-3, RFC 5737: never a real client). */
export const OUTSIDE_ADDRESS = '203.0.113.10';

/** The suffix of the second replica the matrix adds per workload (`#` never occurs in a Kubernetes name). */
const REPLICA = '#2';

/**
 * The workload model of the matrix: `workloadModelFromObjects` plus a second replica of every workload, so that the
 * cell of a workload to itself asks about one replica calling another (a Pod calling itself is loopback traffic,
 * which never reaches Antrea).
 */
export function reviewWorkloadModel(objects: readonly unknown[]): WorkloadModel {
  const base = workloadModelFromObjects(objects);
  // two workloads of different kinds may share a name (a Deployment and a StatefulSet `x`): the second becomes `x~2`
  // (sorted first, so which one is `~2` does not depend on the order of the objects)
  const seen = new Map<string, number>();
  const sorted = base.pods
    .map((p) => ({ p, key: `${p.namespace}/${p.name}\u0000${JSON.stringify(p)}` }))
    .sort((a, b) => compareStrings(a.key, b.key))
    .map((x) => x.p);
  const pods = sorted.map((p) => {
    const k = `${p.namespace}/${p.name}`;
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    return n === 1 ? p : Object.assign({}, p, { name: `${p.name}~${n}` });
  });
  return Object.assign({}, base, { pods: [...pods, ...pods.map((p) => Object.assign({}, p, { name: `${p.name}${REPLICA}` }))] });
}

/** One destination column: a workload's declared port. */
export interface MatrixTarget {
  /** `namespace/workload`. */
  readonly pod: string;
  /** The port number. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: TrafficProtocol;
  /** The container port name. @default - unnamed */
  readonly name?: string;
}

/** One cell of the matrix. */
export interface MatrixCell {
  /** The source: `namespace/workload`, or `outside` for {@link OUTSIDE_ADDRESS}. */
  readonly from: string;
  /** The destination column. */
  readonly to: MatrixTarget;
  /** The verdict. */
  readonly verdict: TrafficVerdict;
}

/** The matrix: sources (rows), targets (columns) and the cells row by row. */
export interface ConnectivityMatrix {
  /** Sources, sorted, with `outside` last. */
  readonly sources: string[];
  /** Targets, sorted by workload, protocol and port. */
  readonly targets: MatrixTarget[];
  /** Cells, row by row. */
  readonly cells: MatrixCell[];
  /** Workloads on the host network (their traffic is their Node's: no Pod policy applies to it). */
  readonly hostNetwork: string[];
  /** The evaluator's warnings about the input (policies it could not evaluate). */
  readonly warnings: string[];
}

/**
 * Evaluates every workload (and an address outside the cluster) against every declared port of every workload. The
 * evaluator, when given, must have been built with {@link reviewWorkloadModel} (the second replicas).
 */
export function connectivityMatrix(objects: readonly unknown[], evaluator?: PolicyEvaluator): ConnectivityMatrix {
  const model = reviewWorkloadModel(objects);
  const ev = evaluator ?? new PolicyEvaluator(objects, model);
  const id = (p: { namespace: string; name: string }): string => `${p.namespace}/${p.name}`;
  const pods = model.pods.filter((p) => !p.name.endsWith(REPLICA)).sort((a, b) => compareStrings(id(a), id(b)));
  const targets: MatrixTarget[] = [];
  for (const p of pods) {
    const seen = new Set<string>();
    for (const port of p.ports ?? []) {
      const protocol = port.protocol ?? 'TCP';
      if (seen.has(`${protocol}/${port.port}`)) continue;
      seen.add(`${protocol}/${port.port}`);
      targets.push(
        port.name === undefined ? { pod: id(p), port: port.port, protocol } : { pod: id(p), port: port.port, protocol, name: port.name },
      );
    }
  }
  targets.sort((a, b) => compareStrings(a.pod, b.pod) || compareStrings(a.protocol, b.protocol) || a.port - b.port);
  const sources = [...pods.map(id), 'outside'];
  const cells: MatrixCell[] = [];
  for (const from of sources) {
    for (const to of targets) {
      const client = from === 'outside' ? { ip: OUTSIDE_ADDRESS } : from === to.pod ? `${from}${REPLICA}` : from;
      const verdict = ev.evaluate({ from: client, to: to.pod, port: to.port, protocol: to.protocol });
      cells.push({ from, to, verdict });
    }
  }
  return { sources, targets, cells, hostNetwork: pods.filter((p) => p.hostNetwork).map(id), warnings: [...ev.warnings] };
}

function mark(v: TrafficVerdict): string {
  if (v.result === 'undecidable') return '?';
  if (v.result === 'denied') return v.action === 'Reject' ? 'REJECT' : 'DROP';
  return v.l7Filtered ? 'allow (L7)' : 'allow';
}

/** How many connections a row of the "Decided by a policy" table names (the count covers all). */
const MAX_NAMED = 5;

const targetText = (t: MatrixTarget): string => `${t.pod} ${t.protocol}/${t.port}${t.name ? ` (${t.name})` : ''}`;

/** The "Connectivity" section: the matrix, then why each connection that a policy decided was decided. */
export function renderConnectivity(m: ConnectivityMatrix): string {
  let out = `## Connectivity\n\n`;
  if (m.targets.length === 0) return `${out}_No workload declares a container port._\n`;
  out +=
    `New connections from each workload (rows; \`outside\` is ${OUTSIDE_ADDRESS}, an address outside the cluster; a ` +
    `workload to itself means one replica to another) to each ` +
    `declared container port (columns), as Antrea decides them: the client's egress and the server's ingress must both ` +
    `allow. \`allow (L7)\`: allowed at L4, an L7 rule filters further; \`?\`: not decidable offline (FQDN, source ports).\n\n`;
  const header = ['from \\ to', ...m.targets.map(targetText)];
  const grid = m.sources.map((s, i) => [s, ...m.cells.slice(i * m.targets.length, (i + 1) * m.targets.length).map((c) => mark(c.verdict))]);
  out += table(header, grid);
  const decided = m.cells.filter((c) => c.verdict.egress.decidedBy !== 'default-allow' || c.verdict.ingress.decidedBy !== 'default-allow');
  // one row per deciding reason, with the connections it decides (the first few named), so a large stack stays readable
  const groups = new Map<string, MatrixCell[]>();
  for (const c of decided) {
    const k = `${mark(c.verdict)}\u0000${c.verdict.summary}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  const rows = [...groups.entries()]
    .sort((a, b) => compareStrings(a[0], b[0]))
    .map(([k, cs]) => {
      const [result, why] = k.split('\u0000');
      const named = cs.slice(0, MAX_NAMED).map((c) => `${c.from} → ${targetText(c.to)}`);
      return [result, why, String(cs.length), named.join('; ') + (cs.length > MAX_NAMED ? `; … ${cs.length - MAX_NAMED} more` : '')];
    });
  out += `\n### Decided by a policy\n\n`;
  out += table(['Result', 'Why', 'Connections', 'Which'], rows, '_No connection is decided by a policy: all are allowed by default._');
  const notes: string[] = [];
  if (m.hostNetwork.length > 0) {
    notes.push(
      `On the host network (their traffic is their Node's; Pod policies do not select them): ${m.hostNetwork.map(code).join(', ')}.`,
    );
  }
  for (const w of m.warnings) notes.push(`Evaluator warning: ${w}.`);
  return notes.length > 0 ? `${out}\n${notes.map((n) => `- ${n}`).join('\n')}\n` : out;
}
