import { ApiObject, App, Chart } from 'cdk8s';
import { planManifests } from '../../lib/pulumi/manifest-plan';

describe('planManifests failing inputs', () => {
  test('should throw if two objects map to the same resource name', () => {
    const app = new App();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new ApiObject(a, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    new ApiObject(b, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    expect(() => planManifests(app)).toThrow(
      '[b/cm] resource name: got "v1:ConfigMap:n/x", expected a name not already used by a/cm (two objects with the same apiVersion, kind, namespace and name)',
    );
  });

  test('should throw if a Namespace depends on an object inside it (a cycle with the implicit Namespace edge)', () => {
    const app = new App();
    const c = new Chart(app, 'c');
    const ns = new ApiObject(c, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    const cm = new ApiObject(c, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    ns.addDependency(cm);
    expect(() => planManifests(app)).toThrow(
      '[planManifests] dependsOn: got ["v1:ConfigMap:n/x","v1:Namespace:n"], expected dependencies without a cycle (a Namespace or CRD must not depend on objects that need it)',
    );
  });

  test('a resource prefix keeps names apart', () => {
    const app = new App();
    new ApiObject(new Chart(app, 'c'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'n' } });
    expect(planManifests(app, 'east:').objects.map((o) => o.resourceName)).toEqual(['east:v1:ConfigMap:n/x']);
  });
});

describe('planManifests direct dependencies', () => {
  function cm(chart: Chart, id: string, ns = 'n'): ApiObject {
    return new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id, namespace: ns } });
  }

  test('drops edges implied by chart dependencies and by other dependencies, and keeps the order', () => {
    const app = new App();
    const base = new Chart(app, 'base');
    const ns = new ApiObject(base, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    const mid = new Chart(app, 'mid');
    mid.addDependency(base);
    cm(mid, 'm1');
    const top = new Chart(app, 'top');
    top.addDependency(mid);
    top.addDependency(base); // implied through mid
    const a = cm(top, 'a');
    const b = cm(top, 'b');
    const c = cm(top, 'c');
    a.addDependency(b);
    b.addDependency(c);
    a.addDependency(c); // implied through b
    void ns;
    const plan = planManifests(app);
    const byName = new Map(plan.objects.map((o) => [o.resourceName, o]));
    expect(plan.objects.map((o) => o.resourceName)).toEqual([
      'v1:Namespace:n',
      'v1:ConfigMap:n/m1',
      'v1:ConfigMap:n/c',
      'v1:ConfigMap:n/b',
      'v1:ConfigMap:n/a',
    ]);
    // each object its Namespace edge; no object edges across charts (the chart edges order those)
    expect(byName.get('v1:ConfigMap:n/a')!.dependsOn).toEqual(['v1:ConfigMap:n/b']);
    // the chart edge (to mid, not base) only on c: a and b wait for mid through c
    expect(byName.get('v1:ConfigMap:n/c')!.chartDependsOn).toEqual([1]);
    expect(byName.get('v1:ConfigMap:n/b')!.chartDependsOn).toEqual([]);
    expect(byName.get('v1:ConfigMap:n/a')!.chartDependsOn).toEqual([]);
    expect(byName.get('v1:ConfigMap:n/c')!.dependsOn).toEqual([]);
    expect(byName.get('v1:ConfigMap:n/m1')!.dependsOn).toEqual([]);
    expect(byName.get('v1:ConfigMap:n/m1')!.chartDependsOn).toEqual([0]);
    // full: a: b, c, ns + 2 charts; b: c, ns + 2; c: ns + 2; m1: ns + 1. listed: a: b; b: c; c: mid; m1: base
    expect(plan.edges).toEqual({ full: 3 + 2 + 2 + 2 + 1 + 2 + 1 + 1, listed: 1 + 1 + 1 + 1 });
  });

  test('orders by chart dependencies without object edges across charts, through an empty chart too', () => {
    const app = new App();
    const top = new Chart(app, 'top'); // declared first: only the chart edges put it last
    const empty = new Chart(app, 'empty');
    const base = new Chart(app, 'base');
    top.addDependency(empty);
    empty.addDependency(base);
    new ApiObject(top, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'late' } });
    cm(base, 'first', 'other');
    const plan = planManifests(app);
    expect(plan.objects.map((o) => o.resourceName)).toEqual(['v1:ConfigMap:other/first', 'v1:Namespace:late']);
    // The empty chart's component has no children (a dependency on it would wait for nothing): the object lists the
    // chart the empty one depends on.
    expect(plan.objects[1].chartDependsOn).toEqual([plan.charts.indexOf('base')]);
    expect(plan.chartDependencies[plan.charts.indexOf('top')]).toEqual([plan.charts.indexOf('empty')]);
    expect(plan.chartDependencies[plan.charts.indexOf('empty')]).toEqual([plan.charts.indexOf('base')]);
  });

  test('keeps an edge to a Namespace of a chart it does not depend on', () => {
    const app = new App();
    const nsChart = new Chart(app, 'ns');
    new ApiObject(nsChart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } });
    cm(new Chart(app, 'other'), 'x');
    const o = planManifests(app).objects.find((p) => p.resourceName === 'v1:ConfigMap:n/x')!;
    expect(o.dependsOn).toEqual(['v1:Namespace:n']);
    expect(o.chartDependsOn).toEqual([]);
  });
});
