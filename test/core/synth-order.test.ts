import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { buildLibraryStack } from '../../bench/generate';
import { buildRawStack } from '../../bench/raw';
import { orderCharts } from '../../lib/core/synth-order';
import { synthCharts } from '../../lib/core/synth';
import { ManifestObject, validateManifests } from '../../lib/core/validation';
import { planManifests } from '../../lib/pulumi/manifest-plan';
import { KubernetesOnVsphere } from '../../lib';
import { defaultSolutionConfig } from '../../lib/solution/config';
import { build as buildKubesphere } from '../../examples/kubesphere-on-vsphere/main';
import { build as buildNetworkPolicies } from '../../examples/network-policies/main';
import { build as buildStatefulMysql } from '../../examples/stateful-mysql/main';
import { build as buildStorageOnly } from '../../examples/storage-only/main';

/**
 * `synthCharts` (lib/core/synth-order.ts) replaces cdk8s' per-chart `chart.toJson()` with one indexed pass. These
 * tests build every app twice and compare the result with what cdk8s itself computes: `app.synthYaml()` (validation
 * and dependency resolution, as `app.synth()` does them) followed by `app.charts` and `chart.toJson()`.
 */

interface Outcome {
  readonly charts: string[];
  readonly objects: unknown[][];
  /** Every ApiObject's dependencies after synthesis (paths), in insertion order. */
  readonly edges: Array<[string, string[]]>;
}

function edgesOf(app: App): Array<[string, string[]]> {
  return app.node
    .findAll()
    .filter((c) => c instanceof ApiObject || c instanceof Chart)
    .map((c) => [c.node.path, c.node.dependencies.map((d) => d.node.path)]);
}

function viaCdk8s(app: App): Outcome {
  app.synthYaml();
  const charts = app.charts;
  return { charts: charts.map((c) => c.node.path), objects: charts.map((c) => c.toJson()), edges: edgesOf(app) };
}

function viaLibrary(app: App): Outcome {
  const result = synthCharts(app);
  return { charts: result.map((r) => r.chart.node.path), objects: result.map((r) => r.objects), edges: edgesOf(app) };
}

/**
 * cdk8s' edges without the ones `orderCharts` leaves out on purpose: the edge from every ApiObject of one chart to
 * every ApiObject of a chart it depends on (quadratic; the chart edge orders them). An edge the app itself added
 * (`before`) is kept, across charts too.
 */
function withoutCrossChartFanOut(app: App, edges: Array<[string, string[]]>, before: Array<[string, string[]]>): Array<[string, string[]]> {
  const byPath = new Map(app.node.findAll().map((c) => [c.node.path, c]));
  const own = new Map(before);
  return edges.map(([source, targets]) => {
    const s = byPath.get(source)!;
    if (!(s instanceof ApiObject)) return [source, targets];
    const kept = targets.filter((t) => {
      const target = byPath.get(t)!;
      return !(target instanceof ApiObject) || Chart.of(target) === Chart.of(s) || own.get(source)!.includes(t);
    });
    return [source, kept];
  });
}

function expectSameAsCdk8s(build: (app: App) => void): Outcome {
  const a = new App();
  build(a);
  const b = new App();
  build(b);
  const before = edgesOf(a);
  const expected = viaCdk8s(a);
  const actual = viaLibrary(b);
  expect(actual.charts).toEqual(expected.charts);
  expect(actual.objects).toEqual(expected.objects);
  expect(actual.edges).toEqual(withoutCrossChartFanOut(a, expected.edges, before));
  // Every object these apps synthesize also passes the strict upstream-schema validation.
  expect(validateManifests(actual.objects.flat() as ManifestObject[]).problems).toEqual([]);
  return actual;
}

const obj = (scope: Construct, id: string, name = id.toLowerCase()): ApiObject =>
  new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

describe('synthCharts equals cdk8s synthesis', () => {
  test('the reference stack (default config)', () => {
    const out = expectSameAsCdk8s((app) => new KubernetesOnVsphere(app, 'demo', { config: defaultSolutionConfig() }));
    expect(out.charts).toEqual(['snapshot-controller', 'vsphere-storage', 'antrea-networking', 'cluster-platform', 'demo-workload']);
    expect(out.objects.flat().length).toBeGreaterThan(30);
  });

  test.each([
    ['kubesphere-on-vsphere', buildKubesphere],
    ['network-policies', buildNetworkPolicies],
    ['stateful-mysql', buildStatefulMysql],
    ['storage-only', buildStorageOnly],
  ])('example %s', (_name, build) => {
    const out = expectSameAsCdk8s(build);
    expect(out.objects.flat().length).toBeGreaterThan(0);
  });

  test('the benchmark stacks (library and raw, 200 objects)', () => {
    expect(expectSameAsCdk8s((app) => buildLibraryStack(app, 200)).objects.flat()).toHaveLength(200);
    expect(expectSameAsCdk8s((app) => buildRawStack(app, 200)).objects.flat()).toHaveLength(200);
  });

  test('nested charts, cross-chart construct dependencies and numeric chart ids', () => {
    const out = expectSameAsCdk8s((app) => {
      const late = new Chart(app, 'late');
      const numeric10 = new Chart(app, '10');
      const numeric2 = new Chart(app, '2');
      const outer = new Chart(app, 'outer');
      const inner = new Chart(outer, 'inner');
      const group = new Construct(outer, 'Group');
      const a = obj(group, 'A');
      const b = obj(inner, 'B');
      obj(outer, 'C');
      const d = obj(late, 'D');
      obj(numeric10, 'E');
      obj(numeric2, 'F');
      a.node.addDependency(b); // across a nested chart
      group.node.addDependency(d); // a construct (not an ApiObject) on an object in a later chart
      late.node.addDependency(numeric2);
    });
    // cdk8s visits array-index ids first ("10" has no dependant); dependencies come before their dependants.
    expect(out.charts[0]).toBe('10');
    const at = (p: string): number => out.charts.indexOf(p);
    expect(at('2')).toBeLessThan(at('late'));
    expect(at('late')).toBeLessThan(at('outer'));
    expect(at('outer/inner')).toBeLessThan(at('outer'));
  });

  test('a chart inside a plain construct, and an App without charts', () => {
    const out = expectSameAsCdk8s((app) => {
      const group = new Construct(app, 'Group');
      const inside = new Chart(group, 'inside');
      const top = new Chart(app, 'top');
      obj(top, 'T').node.addDependency(obj(inside, 'I'));
    });
    expect(out.charts).toEqual(['Group/inside', 'top']);
    expect(expectSameAsCdk8s(() => undefined).charts).toEqual([]);
  });

  test('objects depending on each other inside one chart, and an empty chart', () => {
    expectSameAsCdk8s((app) => {
      new Chart(app, 'empty');
      const chart = new Chart(app, 'c', { namespace: 'ns1', labels: { team: 'a' } });
      const z = obj(chart, 'Z');
      const y = obj(chart, 'Y');
      const x = obj(chart, 'X');
      z.node.addDependency(y);
      y.node.addDependency(x);
      z.node.addDependency(x);
    });
  });

  test('random dependency graphs without cycles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        (chartCount, objectCount, pairs) => {
          const build = (app: App): void => {
            const charts = Array.from({ length: chartCount }, (_, i) => new Chart(app, `chart${i}`));
            const objects = Array.from({ length: objectCount }, (_, i) =>
              obj(i % 3 === 2 ? new Construct(charts[i % chartCount], `Wrap${i}`) : charts[i % chartCount], `O${i}`, `o${i}`),
            );
            // Only edges from a later object to an earlier one, and from a later chart to an earlier one: no cycles.
            for (const [p, q] of pairs) {
              const from = p % objectCount;
              const to = q % objectCount;
              if (from > to && from % chartCount >= to % chartCount) objects[from].node.addDependency(objects[to]);
            }
          };
          expectSameAsCdk8s(build);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('dependent charts: linear edges', () => {
  /** `charts` charts of `perChart` ConfigMaps each, every chart depending on the one before; one edge inside each chart. */
  function chained(app: App, charts: number, perChart: number): Chart[] {
    const out: Chart[] = [];
    for (let c = 0; c < charts; c++) {
      const chart = new Chart(app, `c${c}`);
      const objects = Array.from({ length: perChart }, (_, i) => obj(chart, `O${i}`, `c${c}-o${i}`));
      objects[1].node.addDependency(objects[0]);
      if (c > 0) chart.addDependency(out[c - 1]);
      out.push(chart);
    }
    return out;
  }

  function edgeCount(app: App): { objectEdges: number; crossChartObjectEdges: number; chartEdges: number } {
    let objectEdges = 0;
    let crossChartObjectEdges = 0;
    let chartEdges = 0;
    for (const c of app.node.findAll()) {
      if (Chart.isChart(c)) chartEdges += c.node.dependencies.length;
      if (!ApiObject.isApiObject(c)) continue;
      for (const d of c.node.dependencies) {
        objectEdges++;
        if (Chart.of(d) !== Chart.of(c)) crossChartObjectEdges++;
      }
    }
    return { objectEdges, crossChartObjectEdges, chartEdges };
  }

  test.each([2, 10])('%i chained charts: chart edges between charts, object edges only inside a chart', (charts) => {
    const perChart = 50;
    const app = new App();
    chained(app, charts, perChart);
    const out = synthCharts(app);
    // cdk8s would add perChart * perChart edges per chart dependency (here 2,500 each); orderCharts adds none.
    expect(edgeCount(app)).toEqual({ objectEdges: charts, crossChartObjectEdges: 0, chartEdges: charts - 1 });
    expect(out.map((c) => c.chart.node.path)).toEqual(Array.from({ length: charts }, (_, i) => `c${i}`));
    // the order within each chart still puts the dependency first, and matches cdk8s' (with its quadratic edges)
    for (const c of out)
      expect(c.objects.slice(0, 2).map((o) => o.metadata?.name)).toEqual([`${c.chart.node.id}-o0`, `${c.chart.node.id}-o1`]);
    // cdk8s' own synthesis searches every path through its fan-out edges: 10 chained charts of 4 objects take it about
    // a second, of 10 objects longer than any test; 2 objects per chart keep the comparison quick.
    expectSameAsCdk8s((a) => chained(a, charts, charts === 10 ? 2 : 10));
  });

  test('the edge count grows linearly with the objects of dependent charts', () => {
    const counts = [20, 40, 80].map((perChart) => {
      const app = new App();
      chained(app, 10, perChart);
      synthCharts(app);
      return edgeCount(app).objectEdges;
    });
    expect(counts).toEqual([10, 10, 10]);
  });

  test('planManifests of chained charts: the order respects every chart edge, and the plan lists no cross-chart object edge', () => {
    const app = new App();
    chained(app, 10, 30);
    const plan = planManifests(app);
    expect(plan.objects).toHaveLength(300);
    // full: the one edge inside each chart, plus each object's chart edge (every chart but the first); listed: O1 of
    // each chart waits for the previous chart through O0, so its chart edge is left out
    expect(plan.edges).toEqual({ full: 10 + 9 * 30, listed: 10 + 9 * 29 });
    const position = new Map(plan.objects.map((o, i) => [o.resourceName, i]));
    plan.objects.forEach((o, i) => {
      for (const d of o.dependsOn) expect(position.get(d)!).toBeLessThan(i);
      if (o.chartIndex > 0) {
        const lastOfPrevious = Math.max(
          ...plan.objects.filter((p) => p.chartIndex === o.chartIndex - 1).map((p) => position.get(p.resourceName)!),
        );
        expect(lastOfPrevious).toBeLessThan(i);
      }
    });
  });

  test('an object or a plain construct depending on another chart (not on its objects) orders like cdk8s', () => {
    expectSameAsCdk8s((app) => {
      const z = new Chart(app, 'z');
      const b = new Chart(app, 'b');
      const a = new Chart(app, 'a');
      const x = obj(b, 'X');
      obj(b, 'Y');
      obj(a, 'A1');
      obj(z, 'Z1').node.addDependency(x);
      x.node.addDependency(a); // an object on a whole chart
      new Construct(new Chart(app, 'w'), 'Group').node.addDependency(z); // a plain construct on a chart that depends on b
    });
  });
});

describe('synthCharts errors', () => {
  test('a dependency cycle is refused, naming the constructs on it', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const a = obj(chart, 'A');
    const b = obj(chart, 'B');
    a.node.addDependency(b);
    b.node.addDependency(a);
    expect(() => synthCharts(app)).toThrow(/Dependency cycle detected: c\/[AB] => c\/[AB] => c\/[AB]/);
  });

  test('construct validations run first and are all reported, with their paths', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    obj(chart, 'A').node.addValidation({ validate: () => ['first problem'] });
    obj(chart, 'B').node.addValidation({ validate: () => ['second problem'] });
    expect(() => synthCharts(app)).toThrow('Validation failed with the following errors:\n  [c/A] first problem\n  [c/B] second problem');
  });

  test('a dependency on a construct outside any chart fails like cdk8s', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const loose = new Construct(app, 'Loose');
    obj(chart, 'A').node.addDependency(loose);
    expect(() => orderCharts(app)).toThrow(/cannot find a parent chart/);
  });
});

describe('planManifests uses the same order', () => {
  test('objects of the plan follow synthCharts for the reference stack', () => {
    const a = new App();
    new KubernetesOnVsphere(a, 'demo', { config: defaultSolutionConfig() });
    const b = new App();
    new KubernetesOnVsphere(b, 'demo', { config: defaultSolutionConfig() });
    const synthOrder = synthCharts(a).flatMap((c) => c.objects);
    const plan = planManifests(b);
    expect(plan.charts).toEqual(synthCharts(a).map((c) => c.chart.node.path));
    expect([...plan.objects.map((o) => o.manifest)].sort(byName)).toEqual([...synthOrder].sort(byName));
  });

  test('a single chart of an App is planned with the dependencies of the whole App resolved', () => {
    const app = new App();
    const base = new Chart(app, 'base');
    const top = new Chart(app, 'top');
    const ns = new ApiObject(base, 'Ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    obj(top, 'Cm').node.addDependency(ns);
    const plan = planManifests(top);
    expect(plan.charts).toEqual(['top']);
    expect(plan.objects.map((o) => o.resourceName)).toEqual(['v1:ConfigMap:cm']);
    expect(plan.objects[0].chartDependsOn).toEqual([]); // base is not part of this plan
  });
});

function byName(a: unknown, b: unknown): number {
  const key = (o: unknown): string => JSON.stringify(o);
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
