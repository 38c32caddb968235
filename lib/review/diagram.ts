/**
 * The solution diagram of the review report: one graph model (node pools, namespaces with their workloads and
 * Services, storage classes with their vSphere storage policies, Egress pools), written as Mermaid (for Markdown
 * viewers) and as Graphviz DOT (rendered to SVG by {@link renderSvg}).
 */
import type { NodePoolConfig } from '../solution/config';
import { compareStrings, labels } from './markdown';
import { Json } from './selectors';
import { storageClasses } from './storage-map';

/** A node of the diagram. */
export interface DiagramNode {
  /** A stable id (letters, digits and `_`). */
  readonly id: string;
  /** The text shown. */
  readonly label: string;
  /** The shape: a box for workloads, rounded for Services, a cylinder for storage. */
  readonly shape: 'box' | 'round' | 'cylinder';
}

/** A box of nodes (a namespace, the storage, the node pools). */
export interface DiagramGroup {
  /** A stable id. */
  readonly id: string;
  /** The title. */
  readonly label: string;
  /** The nodes inside. */
  readonly nodes: DiagramNode[];
}

/** An arrow. */
export interface DiagramEdge {
  /** Node id it starts from. */
  readonly from: string;
  /** Node id it points to. */
  readonly to: string;
  /** Text on the arrow. @default - none */
  readonly label?: string;
  /** Dashed (a reference rather than traffic). @default false */
  readonly dashed?: boolean;
}

/** The diagram's graph. */
export interface DiagramGraph {
  /** The boxes, in drawing order. */
  readonly groups: DiagramGroup[];
  /** The arrows, sorted. */
  readonly edges: DiagramEdge[];
}

const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];

function podLabelsOf(o: Json): Record<string, string> {
  if (o.kind === 'Pod') return o.metadata?.labels ?? {};
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  return o.spec?.template?.metadata?.labels ?? {};
}

function matches(selector: Record<string, string> | undefined, podLabels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => podLabels[k] === v);
}

/** Builds the diagram's graph from the synthesized objects and (optionally) the node pools of the config. */
export function buildDiagram(objects: readonly unknown[], nodePools?: readonly NodePoolConfig[]): DiagramGraph {
  const objs = (objects as Json[]).filter((o) => o && typeof o === 'object' && o.metadata);
  const byKey = (o: Json): string => `${o.metadata.namespace ?? ''}/${o.kind}/${o.metadata.name}`;
  const sorted = [...objs].sort((a, b) => compareStrings(byKey(a), byKey(b)));
  let next = 0;
  const ids = new Map<string, string>();
  const idFor = (key: string): string => {
    let id = ids.get(key);
    if (id === undefined) {
      next += 1;
      id = `n${next}`;
      ids.set(key, id);
    }
    return id;
  };
  const groups: DiagramGroup[] = [];
  const edges: DiagramEdge[] = [];

  if (nodePools && nodePools.length > 0) {
    groups.push({
      id: 'g_nodes',
      label: 'Node pools (vSphere VMs)',
      nodes: nodePools.map((p) => ({
        id: idFor(`pool/${p.name}`),
        label: `${p.name}: ${p.count} x ${p.role}\n${p.cpu} vCPU, ${p.memoryMiB} MiB${p.labels && Object.keys(p.labels).length > 0 ? `\n${labels(p.labels)}` : ''}`,
        shape: 'box',
      })),
    });
  }

  const namespaces = new Set<string>();
  for (const o of sorted) {
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') namespaces.add(o.metadata.name);
    if ((WORKLOAD_KINDS.includes(o.kind) || (o.kind === 'Service' && o.apiVersion === 'v1')) && o.metadata.namespace) {
      namespaces.add(o.metadata.namespace);
    }
  }
  const workloads = sorted.filter((o) => WORKLOAD_KINDS.includes(o.kind) && o.metadata.namespace);
  for (const ns of [...namespaces].sort(compareStrings)) {
    const nodes: DiagramNode[] = [];
    for (const w of workloads.filter((x) => x.metadata.namespace === ns)) {
      nodes.push({ id: idFor(byKey(w)), label: `${w.kind}\n${w.metadata.name}`, shape: 'box' });
    }
    for (const s of sorted.filter((x) => x.kind === 'Service' && x.apiVersion === 'v1' && x.metadata.namespace === ns)) {
      nodes.push({ id: idFor(byKey(s)), label: `Service\n${s.metadata.name}`, shape: 'round' });
      const ports = ((s.spec?.ports ?? []) as Json[])
        .map((p) => `${p.protocol ?? 'TCP'}/${p.port}${p.targetPort !== undefined && p.targetPort !== p.port ? `→${p.targetPort}` : ''}`)
        .join(', ');
      for (const w of workloads.filter((x) => x.metadata.namespace === ns && matches(s.spec?.selector, podLabelsOf(x)))) {
        edges.push({ from: idFor(byKey(s)), to: idFor(byKey(w)), label: ports });
      }
    }
    groups.push({ id: `g_ns_${groups.length}`, label: `namespace ${ns}`, nodes });
  }

  const scs = storageClasses(objects);
  if (scs.length > 0) {
    const storageNodes: DiagramNode[] = [];
    const backends = new Map<string, string>();
    for (const sc of scs) {
      storageNodes.push({
        id: idFor(`sc/${sc.name}`),
        label: `StorageClass\n${sc.name}${sc.isDefault ? ' (default)' : ''}`,
        shape: 'round',
      });
      const backend = sc.datastoreUrl
        ? `datastore ${sc.datastoreUrl}`
        : sc.storagePolicy
          ? `policy ${sc.storagePolicy}`
          : 'vSphere default policy';
      if (!backends.has(backend)) backends.set(backend, idFor(`backend/${backend}`));
      edges.push({ from: idFor(`sc/${sc.name}`), to: backends.get(backend)!, dashed: true });
      for (const user of sc.usedBy) {
        // "StatefulSet ns/name claim x" or "PersistentVolumeClaim ns/name"
        const m = /^(\S+) ([^/]+)\/(\S+)/.exec(user);
        if (m && m[1] === 'StatefulSet')
          edges.push({ from: idFor(`${m[2]}/StatefulSet/${m[3]}`), to: idFor(`sc/${sc.name}`), label: 'volume', dashed: true });
      }
    }
    for (const [backend, id] of [...backends].sort((a, b) => compareStrings(a[0], b[0]))) {
      storageNodes.push({ id, label: `vSphere CNS\n${backend}`, shape: 'cylinder' });
    }
    groups.push({ id: 'g_storage', label: 'Storage (vSphere CSI)', nodes: storageNodes });
  }

  const pools = sorted.filter((o) => o.kind === 'ExternalIPPool' && String(o.apiVersion).startsWith('crd.antrea.io/'));
  const egresses = sorted.filter((o) => o.kind === 'Egress' && String(o.apiVersion).startsWith('crd.antrea.io/'));
  if (pools.length > 0 || egresses.length > 0) {
    const nodes: DiagramNode[] = [];
    for (const p of pools) {
      const ranges = ((p.spec?.ipRanges ?? []) as Json[]).map((r) => r.cidr ?? `${r.start}-${r.end}`).join(', ');
      nodes.push({ id: idFor(byKey(p)), label: `ExternalIPPool\n${p.metadata.name}\n${ranges}`, shape: 'box' });
      // the node pools whose nodes may hold the pool's egress IPs
      for (const np of nodePools ?? []) {
        if (matches(p.spec?.nodeSelector?.matchLabels, np.labels ?? {})) {
          edges.push({ from: idFor(byKey(p)), to: idFor(`pool/${np.name}`), label: 'egress IPs on', dashed: true });
        }
      }
    }
    for (const e of egresses) {
      const applied = e.spec?.appliedTo ?? {};
      nodes.push({
        id: idFor(byKey(e)),
        label: `Egress\n${e.metadata.name}\npods{${labels(applied.podSelector?.matchLabels)}} ns{${labels(applied.namespaceSelector?.matchLabels)}}`,
        shape: 'round',
      });
      const pool = pools.find((p) => p.metadata.name === e.spec?.externalIPPool);
      if (pool) edges.push({ from: idFor(byKey(e)), to: idFor(byKey(pool)), label: e.spec?.egressIP ? `SNAT ${e.spec.egressIP}` : 'SNAT' });
    }
    groups.push({ id: 'g_egress', label: 'Antrea Egress', nodes });
  }

  const edgeKey = (e: DiagramEdge): string => `${e.from.padStart(8, '0')}>${e.to.padStart(8, '0')}:${e.label ?? ''}`;
  return { groups, edges: edges.sort((a, b) => compareStrings(edgeKey(a), edgeKey(b))) };
}

function mermaidText(s: string): string {
  return s.replace(/"/g, '#quot;').replace(/\n/g, '<br/>');
}

/** The graph as a Mermaid flowchart. */
export function toMermaid(g: DiagramGraph): string {
  const lines = ['flowchart LR'];
  for (const grp of g.groups) {
    lines.push(`  subgraph ${grp.id}["${mermaidText(grp.label)}"]`);
    for (const n of grp.nodes) {
      const t = mermaidText(n.label);
      lines.push(`    ${n.id}${n.shape === 'box' ? `["${t}"]` : n.shape === 'round' ? `("${t}")` : `[("${t}")]`}`);
    }
    lines.push('  end');
  }
  for (const e of g.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    lines.push(`  ${e.from} ${arrow}${e.label ? `|"${mermaidText(e.label)}"|` : ''} ${e.to}`);
  }
  return `${lines.join('\n')}\n`;
}

function dotText(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The graph as Graphviz DOT. */
export function toDot(g: DiagramGraph): string {
  const lines = [
    'digraph solution {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const grp of g.groups) {
    lines.push(`  subgraph cluster_${grp.id} {`, `    label=${dotText(grp.label)};`, '    style=rounded;');
    for (const n of grp.nodes) {
      const shape = n.shape === 'box' ? 'box' : n.shape === 'round' ? 'box, style=rounded' : 'cylinder';
      lines.push(`    ${n.id} [label=${dotText(n.label)}, shape=${shape}];`);
    }
    lines.push('  }');
  }
  for (const e of g.edges) {
    const attrs = [e.label ? `label=${dotText(e.label)}` : '', e.dashed ? 'style=dashed' : ''].filter((x) => x !== '');
    lines.push(`  ${e.from} -> ${e.to}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * Renders DOT to SVG with Graphviz compiled to WebAssembly (`@viz-js/viz`): no browser, no native binary, and the
 * same bytes for the same input (the layout does not depend on the machine's fonts).
 */
export async function renderSvg(dot: string): Promise<string> {
  // loaded on demand: the WASM module is only needed for the report
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const viz = await (require('@viz-js/viz') as typeof import('@viz-js/viz')).instance();
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}
