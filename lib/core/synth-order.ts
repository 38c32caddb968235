import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The ApiObjects of one chart, in apply order. */
export interface OrderedChart {
  readonly chart: Chart;
  /** The chart's own ApiObjects (not those of nested charts), dependencies first. */
  readonly apiObjects: ApiObject[];
}

/**
 * The construct tree of an App in pre-order (the order of `node.findAll()`), with each construct's subtree as a
 * contiguous range, its closest Chart and its kind, so that every question cdk8s' synthesis asks is answered by an
 * index instead of a tree walk or an `instanceof` check.
 */
class TreeIndex {
  /** Every construct, pre-order. */
  public readonly all: IConstruct[] = [];
  /** Position of a construct in `all`. */
  public readonly pos = new Map<IConstruct, number>();
  /** One past the last position of each construct's subtree. */
  public readonly end: number[] = [];
  /** The position of the closest Chart of each construct (itself when it is a Chart), -1 when there is none. */
  public readonly chartPos: number[] = [];
  /** 1 for ApiObjects. */
  public readonly isApiObject: Uint8Array;

  public constructor(root: IConstruct) {
    const apiObjects: number[] = [];
    const visit = (c: IConstruct, chart: number): void => {
      const i = this.all.length;
      const own = Chart.isChart(c) ? i : chart;
      if (ApiObject.isApiObject(c)) apiObjects.push(i);
      this.all.push(c);
      this.pos.set(c, i);
      this.chartPos.push(own);
      this.end.push(0);
      for (const child of c.node.children) visit(child, own);
      this.end[i] = this.all.length;
    };
    visit(root, -1);
    this.isApiObject = new Uint8Array(this.all.length);
    for (const i of apiObjects) this.isApiObject[i] = 1;
  }

  /** The closest Chart of `c`, also for constructs outside this tree. */
  public chart(c: IConstruct): Chart {
    const i = this.pos.get(c);
    return i === undefined ? Chart.of(c) : this.chartAt(i);
  }

  /** The closest Chart of the construct at position `i`. */
  public chartAt(i: number): Chart {
    if (this.chartPos[i] < 0) return Chart.of(this.all[i]); // throws cdk8s' own error when there is none
    return this.all[this.chartPos[i]] as Chart;
  }

  /** True for an ApiObject with no constructs below it (its subtree's only ApiObject is itself). */
  public isLeafApiObject(i: number): boolean {
    return this.isApiObject[i] === 1 && this.end[i] === i + 1;
  }

  /** The ApiObjects in the subtree of `c` (pre-order) whose closest Chart is `chart`. */
  public apiObjectsUnder(c: IConstruct, chart: Chart): ApiObject[] {
    const i = this.pos.get(c);
    if (i === undefined) return c.node.findAll().filter((x): x is ApiObject => ApiObject.isApiObject(x) && Chart.of(x) === chart);
    const out: ApiObject[] = [];
    const chartAt = this.pos.get(chart);
    for (let j = i; j < this.end[i]; j++) if (this.isApiObject[j] === 1 && this.chartPos[j] === chartAt) out.push(this.all[j] as ApiObject);
    return out;
  }
}

/** cdk8s' construct validation: every `node.addValidation` check of the App, all errors reported together. */
function runValidations(index: TreeIndex): void {
  const errors: string[] = [];
  for (const c of index.all) for (const e of c.node.validate()) errors.push(`[${c.node.path}] ${e}`);
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Adds the dependency edges of cdk8s' `resolveDependencies` (app.ts), in the same order, except the quadratic ones: a
 * chart depends on its nested charts; a construct dependency across charts becomes a chart dependency; and a
 * construct dependency inside one chart becomes a dependency of each ApiObject under the source on each ApiObject
 * under the target.
 *
 * cdk8s also expands a dependency across charts (a chart dependency included) into an edge from every ApiObject of
 * the source's chart to every ApiObject of the target's chart: two dependent charts of 4,000 objects each get 16
 * million edges. Those edges never change an order: a chart's objects are ordered by the edges inside the chart
 * (`topology` ignores the others), and the chart order comes from the chart edges, which are kept. So they are not
 * added: the number of edges is linear in the construct dependencies for any chart graph. `synthCharts` still writes
 * exactly what cdk8s writes (test/core/synth-order.test.ts), and Pulumi waits for a whole chart through the chart's
 * "done" barrier (`planManifests`, `Cdk8sDeployment`).
 *
 * Returns each construct's dependencies after the resolution, by position (`node.dependencies` builds a new array on
 * every read, so each construct is asked again only if it has gained an edge here).
 */
function resolveDependencies(index: TreeIndex): IConstruct[][] {
  const isChart = (i: number): boolean => index.chartPos[i] === i;
  for (let i = 0; i < index.all.length; i++) {
    if (!isChart(i)) continue;
    const parent = index.all[i];
    for (const child of parent.node.children) if (Chart.isChart(child)) parent.node.addDependency(child);
  }
  // Each construct's dependencies, by position: what cdk8s' `buildDependencies` lists, in the same order.
  const before = index.all.map((c) => c.node.dependencies);
  for (let i = 0; i < before.length; i++) {
    if (before[i].length === 0) continue;
    const sourceChart = index.chartAt(i);
    for (const target of before[i]) {
      const targetChart = index.chart(target);
      if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
    }
  }
  // cdk8s lists the dependencies again here; only charts have gained some since.
  const after = before.map((deps, i) => (isChart(i) ? index.all[i].node.dependencies : deps));
  const gained = new Set<ApiObject>();
  for (let i = 0; i < after.length; i++) {
    const deps = after[i];
    if (deps.length === 0) continue;
    const source = index.all[i];
    const sourceChart = index.chartAt(i);
    let sources: ApiObject[] | undefined;
    for (const target of deps) {
      const j = index.pos.get(target);
      const targetChart = j === undefined ? index.chart(target) : index.chartAt(j);
      if (targetChart !== sourceChart) continue; // ordered by the chart edge (see above)
      // an ApiObject's dependency on an ApiObject, neither with constructs below it, is already its own edge (most
      // edges of a large App): it would add nothing
      if (j !== undefined && index.isLeafApiObject(i) && index.isLeafApiObject(j)) continue;
      sources ??= index.apiObjectsUnder(source, sourceChart);
      const targets = index.apiObjectsUnder(target, targetChart);
      for (const t of targets) {
        for (const s of sources) {
          if (t === s) continue;
          s.node.addDependency(t);
          gained.add(s);
        }
      }
    }
  }
  for (const s of gained) {
    const i = index.pos.get(s);
    if (i !== undefined) after[i] = s.node.dependencies;
  }
  return after;
}

/** The edges of a construct without dependencies (shared, never written). */
const NO_EDGES: readonly number[] = [];

/** True for the property keys JavaScript orders first (array indexes), which cdk8s' path-keyed vertex map does too. */
function isArrayIndex(key: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * The topological order of the subtree `[start, end)` of the index, exactly as cdk8s' `DependencyGraph.topology()`:
 * vertices are the subtree's constructs, edges the dependencies inside it; the roots (constructs nothing inside
 * depends on) are visited in the order of cdk8s' vertex map (array-index paths first, then pre-order), each
 * dependency before its dependant (depth first, in the order the dependencies were added).
 */
function topology(index: TreeIndex, edges: readonly (readonly number[])[], start: number, end: number): number[] {
  const n = end - start;
  const outbound: (readonly number[])[] = new Array(n);
  const hasInbound = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const deps = edges[start + i];
    if (deps.length === 0) {
      outbound[i] = NO_EDGES; // most constructs: no array each
      continue;
    }
    const out: number[] = [];
    for (const j of deps) {
      if (j < start || j >= end) continue; // node.dependencies holds each construct once
      out.push(j - start);
      hasInbound[j - start] = 1;
    }
    outbound[i] = out;
  }
  // cdk8s keys its vertices by path in a plain object, so array-index paths (only possible for a top-level construct
  // with an id like "0") come first, in numeric order.
  // Only a child of the root has a path without "/" (its id); `node.path` walks every scope, so it is not asked.
  const order: number[] = [];
  const indexed: number[] = [];
  for (let i = 0; i < n; i++) {
    const node = index.all[start + i].node;
    if (node.scope !== undefined && node.scope.node.scope === undefined && isArrayIndex(node.id)) indexed.push(i);
    else order.push(i);
  }
  if (indexed.length > 0) {
    indexed.sort((a, b) => Number(index.all[start + a].node.path) - Number(index.all[start + b].node.path));
    order.unshift(...indexed);
  }

  const state = new Uint8Array(n); // 0 new, 1 on the current path, 2 done
  const onPath: number[] = [];
  const result: number[] = [];
  const visit = (v: number): void => {
    if (state[v] === 2) return;
    if (state[v] === 1) {
      const cycle = [...onPath.slice(onPath.indexOf(v)), v].map((x) => index.all[start + x].node.path);
      throw new Error(`Dependency cycle detected: ${cycle.join(' => ')}`);
    }
    state[v] = 1;
    onPath.push(v);
    for (const d of outbound[v]) visit(d);
    onPath.pop();
    state[v] = 2;
    result.push(start + v);
  };
  for (const v of order) if (hasInbound[v] === 0) visit(v);
  // Whatever is left is on or behind a cycle that no root reaches (cdk8s refuses those too); visit it to name the cycle.
  if (result.length < n) for (let v = 0; v < n; v++) visit(v);
  return result;
}

/**
 * What cdk8s' `app.synth()` computes before it serializes anything, with indexes instead of repeated tree walks:
 * runs every construct validation, resolves dependencies (adding the same ApiObject edges cdk8s adds), orders the
 * charts and, in each chart, its ApiObjects. The result equals `app.charts` and `chart.toJson()`'s object order after
 * cdk8s' own dependency resolution (test/core/synth-order.test.ts compares both on the reference app, the examples
 * and generated apps).
 *
 * cdk8s recomputes the dependency resolution and validation for every chart and builds each graph with a cycle
 * search per edge; on a 20,000-object app that is most of `chart.toJson()`'s time (see bench/README.md).
 */
export function orderCharts(app: App): OrderedChart[] {
  // Validations and dependency resolution do not add constructs, so one index serves all three steps.
  const index = new TreeIndex(app);
  runValidations(index);
  const dependencies = resolveDependencies(index);
  // Each construct's dependencies inside the tree, by position, for the App's graph and every chart's.
  const edges = dependencies.map((deps) => {
    if (deps.length === 0) return NO_EDGES;
    const out: number[] = [];
    for (const d of deps) {
      const j = index.pos.get(d);
      if (j !== undefined) out.push(j);
    }
    return out;
  });
  const charts = topology(index, edges, 0, index.all.length).filter((i) => index.chartPos[i] === i);
  return charts.map((start) => {
    const apiObjects = topology(index, edges, start, index.end[start])
      .filter((i) => index.isApiObject[i] === 1 && index.chartPos[i] === start)
      .map((i) => index.all[i] as ApiObject);
    return { chart: index.all[start] as Chart, apiObjects };
  });
}
