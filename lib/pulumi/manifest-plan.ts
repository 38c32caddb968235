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
  /**
   * Resource names of the objects in this plan that this object depends on directly (sorted): its cdk8s
   * `addDependency` edges, its Namespace and its CRD, without the edges that others imply (an object of a chart in
   * {@link chartDependsOn}, or one reached through another listed dependency). Waiting for these (and for the charts)
   * waits for every object the full cdk8s dependency graph names.
   */
  readonly dependsOn: string[];
  /**
   * Chart indexes this object's chart depends on directly (cdk8s chart dependencies, including nested charts), without
   * those reached through another listed chart, and without those the object already waits for through one of its
   * {@link dependsOn} (only the objects that reach the chart in no other way list it; the adapter waits for a listed
   * chart through the chart's "done" barrier, which waits for every object of the chart).
   */
  readonly chartDependsOn: number[];
}

/** A deployment plan: objects in a deterministic order (Namespaces, then CRDs, then the rest in chart order). */
export interface ManifestPlan {
  readonly charts: string[];
  readonly objects: PlannedObject[];
  /**
   * How many dependency edges the plan lists (`dependsOn` plus `chartDependsOn` over all objects), and how many the
   * graph it orders by has before the reduction: every object's edges inside its chart (and those the app added
   * across charts), its Namespace and CRD edges, and its chart's dependencies. A chart dependency is one edge per
   * object, not cdk8s' edge from every object of one chart to every object of the other, so both counts are linear.
   */
  readonly edges: { readonly listed: number; readonly full: number };
  /**
   * Per chart (same index as {@link charts}): the indexes of the charts it depends on directly (cdk8s chart
   * dependencies within the plan, nested charts included), sorted. Unlike an object's `chartDependsOn`, an empty chart
   * has its dependencies here too, so that waiting for it waits for what it depends on.
   */
  readonly chartDependencies: number[][];
}

/** The charts of an App (in dependency order, as `synthesize()` writes them), or the given charts in the given order. @internal */
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
 *
 * The order respects the full graph; the listed edges are only the direct ones (see {@link PlannedObject.dependsOn}),
 * so that a preview does not show every transitive dependency of every object.
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
  // The order is computed on the full graph (the same order as before the reduction, which keeps reachability).
  const chartDeps = charts.map((c, i) => {
    const out = new Set<number>();
    for (const d of c.node.dependencies) {
      const j = chartIndexOf.get(d);
      if (j !== undefined && j !== i) out.add(j);
    }
    return [...out].sort((a, b) => a - b);
  });
  const sorted = topologicalOrder(objects, chartDeps);
  let full = 0;
  for (const o of sorted) full += o.dependsOn.length + o.chartDependsOn.length;
  const reduced = reduceEdges(sorted, chartDeps);
  let listed = 0;
  for (const o of reduced) listed += o.dependsOn.length + o.chartDependsOn.length;
  return { charts: charts.map((c) => c.node.path), objects: reduced, edges: { listed, full }, chartDependencies: chartDeps };
}

/**
 * Drops the edges that others imply, keeping the order: chart dependencies reached through another dependency of the
 * same chart or through one of the object's kept dependencies (an empty chart is replaced by the charts it depends on:
 * nothing in it to wait for); object edges into a chart the object's chart depends on (directly or not: the chart edge
 * covers them, as waiting for a chart waits for every object of it); and object edges to an object reached through another
 * dependency (a transitive reduction over the kept edges, one marked depth-first walk per object with two or more
 * dependencies). `objects` is in topological order.
 */
function reduceEdges(objects: PlannedObject[], direct: readonly number[][]): PlannedObject[] {
  // Chart closure: charts are few.
  const chartCount = direct.length;
  const closure: Array<Set<number> | undefined> = new Array(chartCount);
  const closureOf = (c: number, path: Set<number>): Set<number> => {
    const known = closure[c];
    if (known) return known;
    const out = new Set<number>();
    path.add(c);
    for (const d of direct[c]) {
      if (path.has(d)) continue; // cdk8s refuses chart cycles before this point; never loop here
      out.add(d);
      for (const x of closureOf(d, path)) out.add(x);
    }
    path.delete(c);
    closure[c] = out;
    return out;
  };
  // An empty chart has no objects, so waiting for it alone would wait for nothing: list the charts it depends on
  // instead (through further empty charts too).
  const hasObjects = new Array<boolean>(chartCount).fill(false);
  for (const o of objects) hasObjects[o.chartIndex] = true;
  const effective = (c: number, path: Set<number>): number[] => {
    if (hasObjects[c]) return [c];
    path.add(c);
    const out = direct[c].filter((d) => !path.has(d)).flatMap((d) => effective(d, path));
    path.delete(c);
    return out;
  };
  const reducedCharts = direct.map((deps, c) => {
    closureOf(c, new Set());
    const listed = [...new Set(deps.flatMap((d) => effective(d, new Set([c]))))];
    return listed.filter((d) => !listed.some((other) => other !== d && closureOf(other, new Set()).has(d))).sort((a, b) => a - b);
  });

  const index = new Map<string, number>();
  objects.forEach((o, i) => index.set(o.resourceName, i));
  const kept: number[][] = new Array(objects.length);
  /** The charts each object waits for (its own chart's dependencies, listed or reached through its dependencies). */
  const waits: Array<ReadonlySet<number>> = new Array(objects.length);
  const mark = new Int32Array(objects.length).fill(-1);
  const stack: number[] = [];
  return objects.map((o, i) => {
    const covered = closure[o.chartIndex]!;
    const deps: number[] = [];
    for (const name of o.dependsOn) {
      const j = index.get(name)!;
      if (!covered.has(objects[j].chartIndex)) deps.push(j);
    }
    let keep = deps;
    if (deps.length > 1) {
      // A dependency reached from another one comes earlier in the topological order: walk the later ones first.
      deps.sort((a, b) => b - a);
      keep = [];
      for (const d of deps) {
        if (mark[d] === i) continue;
        keep.push(d);
        stack.push(d);
        while (stack.length > 0) {
          const x = stack.pop()!;
          for (const y of kept[x]) {
            if (mark[y] === i) continue;
            mark[y] = i;
            stack.push(y);
          }
        }
      }
    }
    kept[i] = keep;
    // The charts this object waits for through a kept dependency need no edge of their own: the chart is listed only
    // on the objects that reach it through no other dependency (the chart's first objects, typically its Namespaces).
    const chartDeps = reducedCharts[o.chartIndex];
    let chartDependsOn = chartDeps;
    if (keep.length === 0) waits[i] = closure[o.chartIndex]!;
    else {
      let inherited = waits[keep[0]];
      if (keep.length > 1) {
        const union = new Set(inherited);
        for (let k = 1; k < keep.length; k++) for (const c of waits[keep[k]]) union.add(c);
        inherited = union;
      }
      chartDependsOn = chartDeps.filter((c) => !inherited.has(c));
      if (chartDependsOn.length === 0) waits[i] = inherited;
      else {
        const all = new Set(inherited);
        for (const c of chartDependsOn) {
          all.add(c);
          for (const x of closure[c]!) all.add(x);
        }
        waits[i] = all;
      }
    }
    const names = keep.map((j) => objects[j].resourceName).sort();
    return {
      resourceName: o.resourceName,
      manifest: o.manifest,
      chartIndex: o.chartIndex,
      dependsOn: names,
      chartDependsOn,
    };
  });
}

/**
 * Orders objects so that every object comes after its dependencies and after every object of the charts its chart
 * depends on (directly or not); among the objects that are ready, Namespaces
 * come first, then CRDs, then the rest in chart order (Kahn's algorithm with a binary heap: O(n log n + edges)).
 */
function topologicalOrder(objects: PlannedObject[], chartDeps: readonly number[][]): PlannedObject[] {
  const rank = (i: number): [number, number] => [chartOrder(objects[i].manifest), i];
  const less = (a: number, b: number): boolean => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] < rb[0] || (ra[0] === rb[0] && ra[1] < rb[1]);
  };
  const index = new Map(objects.map((o, i) => [o.resourceName, i]));
  // An object waits for its dependencies and for the charts its chart depends on; a chart is done once its objects
  // and the charts it depends on are (so an empty chart passes its dependencies on). Linear in the chart edges.
  const pending = objects.map((o) => o.dependsOn.length + chartDeps[o.chartIndex].length);
  const dependants: number[][] = objects.map(() => []);
  objects.forEach((o, i) => o.dependsOn.forEach((d) => dependants[index.get(d)!].push(i)));
  const objectsOf: number[][] = chartDeps.map(() => []);
  objects.forEach((o, i) => objectsOf[o.chartIndex].push(i));
  const chartPending = chartDeps.map((deps, c) => deps.length + objectsOf[c].length);
  const chartDependants: number[][] = chartDeps.map(() => []);
  chartDeps.forEach((deps, c) => deps.forEach((d) => chartDependants[d].push(c)));
  const chartDone = (c: number): void => {
    for (const dependant of chartDependants[c]) {
      for (const i of objectsOf[dependant]) if (--pending[i] === 0) push(i);
      if (--chartPending[dependant] === 0) chartDone(dependant);
    }
  };
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
  chartPending.forEach((n, c) => n === 0 && chartDone(c));
  const out: PlannedObject[] = [];
  while (heap.length > 0) {
    const i = pop();
    out.push(objects[i]);
    for (const d of dependants[i]) if (--pending[d] === 0) push(d);
    if (--chartPending[objects[i].chartIndex] === 0) chartDone(objects[i].chartIndex);
  }
  if (out.length !== objects.length) {
    const stuck = objects.filter((_, i) => pending[i] > 0).map((o) => o.resourceName);
    fail('planManifests', 'dependsOn', stuck, 'dependencies without a cycle (a Namespace or CRD must not depend on objects that need it)');
  }
  return out;
}
