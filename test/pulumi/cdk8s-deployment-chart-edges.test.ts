/**
 * Per-object registration with dependent charts: a chart dependency waits on the depended-on chart's "done" barrier
 * (an empty yaml/v2 ConfigGroup, a remote component), so the dependencies Pulumi expands stay linear. Waiting on the
 * chart's own component instead makes Pulumi add one dependency per object of that chart to every dependent object
 * (issue 15: 22 s and 2.6 GB for two dependent charts of 2,500 objects each).
 */
import * as pulumi from '@pulumi/pulumi';
import { ApiObject, App, Chart } from 'cdk8s';
import { valueOf } from './program-mocks';

// Pulumi's own expansion of a dependsOn list (internal, so not in its declarations): components become their custom
// and remote descendants, which is what the engine is sent.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getAllTransitivelyReferencedResources } = require('@pulumi/pulumi/runtime/dependsOn') as {
  getAllTransitivelyReferencedResources(resources: Set<pulumi.Resource>, exclude: Set<pulumi.Resource>): Promise<pulumi.Resource[]>;
};

const deps = new Map<string, pulumi.Resource[]>();
const types = new Map<string, string>();
const resources = new Map<string, pulumi.Resource>();

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        types.set(args.name, args.type);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'proj',
    'stack',
    false,
  );
});

/** k charts in a chain, each with `perChart` cluster-scoped objects that need nothing inside their chart. */
function chainApp(k: number, perChart: number): App {
  const app = new App();
  let previous: Chart | undefined;
  for (let c = 0; c < k; c++) {
    const chart = new Chart(app, `c${c}`);
    for (let i = 0; i < perChart; i++) {
      new ApiObject(chart, `r${i}`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: `c${c}-role-${i}` },
        rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
      });
    }
    if (previous) chart.addDependency(previous);
    previous = chart;
  }
  return app;
}

/** How many dependencies Pulumi sends for all resources of the deployment, after expanding components. */
async function expandedEdges(prefix: string): Promise<number> {
  let total = 0;
  for (const [name, list] of deps) {
    if (!name.startsWith(prefix) || list.length === 0) continue;
    const self = resources.get(name);
    const expanded = await getAllTransitivelyReferencedResources(new Set(list), new Set(self ? [self] : []));
    total += expanded.length;
  }
  return total;
}

describe.each([
  [2, 200],
  [10, 40],
])('%i chained charts of %i objects each, registered per object', (k, perChart) => {
  const prefix = `chain${k}`;
  beforeAll(async () => {
    const { Cdk8sDeployment } = await import('../../lib/pulumi/cdk8s-deployment');
    const d = new Cdk8sDeployment(
      prefix,
      { source: chainApp(k, perChart), resourcePrefix: `${prefix}/` },
      {
        transformations: [
          (a) => {
            deps.set(a.name, (a.opts.dependsOn as pulumi.Resource[] | undefined) ?? []);
            return undefined;
          },
        ],
      },
    );
    for (const [n, r] of Object.entries(d.resources)) resources.set(n, r);
    await valueOf(pulumi.all(Object.values(d.resources).map((r) => r.urn)));
  });

  test("every object of a later chart waits on the previous chart's barrier, and each barrier on its own chart", () => {
    for (let c = 1; c < k; c++) {
      for (let i = 0; i < perChart; i += Math.max(1, Math.floor(perChart / 7))) {
        const names = (deps.get(`${prefix}/rbac.authorization.k8s.io/v1:ClusterRole:c${c}-role-${i}`) ?? []).map((r) => (r as any).__name);
        expect(names).toEqual([`${prefix}:c${c - 1}:done`]);
      }
    }
    for (let c = 0; c < k - 1; c++) {
      const barrier = `${prefix}:c${c}:done`;
      expect(types.get(barrier)).toBe('kubernetes:yaml/v2:ConfigGroup');
      const names = (deps.get(barrier) ?? []).map((r) => (r as any).__name as string);
      expect(names).toHaveLength(perChart);
      expect(names.every((n) => n.includes(`:ClusterRole:c${c}-role-`))).toBe(true);
    }
    // the last chart has no dependants: no barrier
    expect(types.has(`${prefix}:c${k - 1}:done`)).toBe(false);
  });

  test('the dependencies Pulumi expands are linear in the objects', async () => {
    const objects = k * perChart;
    const edges = await expandedEdges(prefix);
    // one per object of a later chart (the barrier) plus one per object of an earlier chart (its barrier's list)
    expect(edges).toBe(2 * (k - 1) * perChart);
    // waiting on the chart component instead would have been (k - 1) * perChart * perChart
    expect(edges).toBeLessThan(3 * objects);
  });
});
