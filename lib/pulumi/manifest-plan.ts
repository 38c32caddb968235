import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { fail } from '../core/errors';
import { orderCharts, OrderedChart } from '../core/synth-order';
import { apiGroupOf, ManifestObject } from '../core/validation';

/** One Kubernetes object to deploy, with the names of the objects it must wait for. */
export interface PlannedObject {
  /** Stable resource name: `<apiVersion>:<kind>:[<namespace>/]<name>` (plus the optional prefix). */
  readonly resourceName: string;
  /** The object as cdk8s synthesizes it. */
  readonly manifest: ManifestObject;
  /** Index of the chart (in dependency order) the object belongs to. */
  readonly chartIndex: number;
  /** Resource names of the objects in this plan that this object depends on (sorted). */
  readonly dependsOn: string[];
  /** Chart indexes this object's chart depends on. */
  readonly chartDependsOn: number[];
}

/** A deployment plan: objects in a deterministic order (Namespaces, then CRDs, then the rest in chart order). */
export interface ManifestPlan {
  readonly charts: string[];
  readonly objects: PlannedObject[];
}

/** The charts of an App (in dependency order, as `synthesize()` writes them), or the given charts in the given order. */
export function chartsOf(source: App | Chart | readonly Chart[]): Chart[] {
  return orderedChartsOf(source).map((o) => o.chart);
}

/**
 * {@link chartsOf} with each chart's ApiObjects in apply order (see `orderCharts`). Runs the construct validations
 * and resolves the cdk8s dependencies of the whole App first.
 */
function orderedChartsOf(source: App | Chart | readonly Chart[]): OrderedChart[] {
  if (source instanceof App) return orderCharts(source);
  const wanted = source instanceof Chart ? [source] : [...source];
  const byChart = new Map<Chart, OrderedChart>();
  for (const app of new Set(wanted.map((c) => App.of(c) as App))) for (const o of orderCharts(app)) byChart.set(o.chart, o);
  return wanted.map((chart) => byChart.get(chart)!); // orderCharts lists every chart of its App
}

/** The stable resource name of a manifest. */
export function resourceNameOf(m: ManifestObject, prefix = ''): string {
  const ns = typeof m.metadata?.namespace === 'string' ? `${m.metadata.namespace}/` : '';
  return `${prefix}${String(m.apiVersion)}:${String(m.kind)}:${ns}${String(m.metadata?.name)}`;
}

function chartOrder(m: ManifestObject): number {
  if (m.kind === 'Namespace' && m.apiVersion === 'v1') return 0;
  if (m.kind === 'CustomResourceDefinition') return 1;
  return 2;
}

/**
 * Builds the deployment plan for cdk8s charts: one entry per ApiObject with a stable resource name, and the
 * dependencies that both outputs must respect:
 * - cdk8s `addDependency` edges between ApiObjects (and between constructs, which cdk8s turns into object edges);
 * - chart-level dependencies (reported as `chartDependsOn`);
 * - every namespaced object depends on its Namespace, and every custom object on its CRD, when they are in the plan.
 */
export function planManifests(source: App | Chart | readonly Chart[], prefix = ''): ManifestPlan {
  const ordered = orderedChartsOf(source);
  const charts = ordered.map((o) => o.chart);
  const entries: Array<{ obj: ApiObject; manifest: ManifestObject; chartIndex: number; seq: number }> = [];
  const chartIndexOf = new Map<IConstruct, number>();
  charts.forEach((c, i) => chartIndexOf.set(c, i));
  ordered.forEach(({ apiObjects }, chartIndex) => {
    for (const obj of apiObjects) entries.push({ obj, manifest: obj.toJson() as ManifestObject, chartIndex, seq: entries.length });
  });

  const nameOf = new Map<ApiObject, string>();
  const seen = new Map<string, string>();
  for (const e of entries) {
    const name = resourceNameOf(e.manifest, prefix);
    const prev = seen.get(name);
    if (prev !== undefined)
      fail(
        e.obj,
        'resource name',
        name,
        `a name not already used by ${prev} (two objects with the same apiVersion, kind, namespace and name)`,
      );
    seen.set(name, e.obj.node.path);
    nameOf.set(e.obj, name);
  }
  const namespaces = new Map<string, string>();
  const crds = new Map<string, string>();
  for (const e of entries) {
    const m = e.manifest;
    if (m.apiVersion === 'v1' && m.kind === 'Namespace') namespaces.set(String(m.metadata?.name), nameOf.get(e.obj)!);
    if (m.kind === 'CustomResourceDefinition') {
      const spec = (m as { spec?: { group?: string; names?: { kind?: string } } }).spec;
      crds.set(`${spec?.group}|${spec?.names?.kind}`, nameOf.get(e.obj)!);
    }
  }

  const objects: PlannedObject[] = entries.map((e) => {
    const deps = new Set<string>();
    for (const d of e.obj.node.dependencies) {
      if (d instanceof ApiObject && nameOf.has(d)) deps.add(nameOf.get(d)!);
    }
    const ns = e.manifest.metadata?.namespace;
    if (typeof ns === 'string' && namespaces.has(ns)) deps.add(namespaces.get(ns)!);
    const crd = crds.get(`${apiGroupOf(String(e.manifest.apiVersion))}|${String(e.manifest.kind)}`);
    if (crd) deps.add(crd);
    const self = nameOf.get(e.obj)!;
    deps.delete(self);
    const chart = charts[e.chartIndex];
    const chartDeps = new Set<number>();
    for (const d of chart.node.dependencies) {
      const i = chartIndexOf.get(d);
      if (i !== undefined && i !== e.chartIndex) chartDeps.add(i);
    }
    return {
      resourceName: self,
      manifest: e.manifest,
      chartIndex: e.chartIndex,
      dependsOn: [...deps].sort(),
      chartDependsOn: [...chartDeps].sort((a, b) => a - b),
    };
  });
  return { charts: charts.map((c) => c.node.path), objects: topologicalOrder(objects) };
}

/**
 * Orders objects so that every object comes after its dependencies; among the objects that are ready, Namespaces
 * come first, then CRDs, then the rest in chart order (Kahn's algorithm with a binary heap: O(n log n + edges)).
 */
function topologicalOrder(objects: PlannedObject[]): PlannedObject[] {
  const rank = (i: number): [number, number] => [chartOrder(objects[i].manifest), i];
  const less = (a: number, b: number): boolean => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] < rb[0] || (ra[0] === rb[0] && ra[1] < rb[1]);
  };
  const index = new Map(objects.map((o, i) => [o.resourceName, i]));
  const pending = objects.map((o) => o.dependsOn.length);
  const dependants: number[][] = objects.map(() => []);
  objects.forEach((o, i) => o.dependsOn.forEach((d) => dependants[index.get(d)!].push(i)));
  const heap: number[] = [];
  const push = (x: number): void => {
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l], heap[m])) m = l;
        if (r < heap.length && less(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  pending.forEach((n, i) => n === 0 && push(i));
  const out: PlannedObject[] = [];
  while (heap.length > 0) {
    const i = pop();
    out.push(objects[i]);
    for (const d of dependants[i]) if (--pending[d] === 0) push(d);
  }
  if (out.length !== objects.length) {
    const stuck = objects.filter((_, i) => pending[i] > 0).map((o) => o.resourceName);
    fail('planManifests', 'dependsOn', stuck, 'dependencies without a cycle (a Namespace or CRD must not depend on objects that need it)');
  }
  return out;
}
