/**
 * Benchmark of the offline policy evaluator (lib/antrea/evaluate): the full connectivity matrix of the synthetic stack
 * of bench/generate.ts (default 1,000 objects: 50 tenant blocks, 150 ClusterNetworkPolicies, 150 ClusterGroups, 100
 * K8s NetworkPolicies).
 *
 * The workload model has one Pod per Namespace (`web` in `<t>-web` serving TCP 443 and 22, `postgres` in `<t>-db`
 * serving TCP 5432 and 5433) plus `kube-system/kube-dns` (UDP and TCP 53). The matrix evaluates every ordered pair of
 * Pods on every port the destination declares. Reported: evaluator construction (compiling every policy), the matrix,
 * and the two together, each the median of `--runs` runs after one warm-up, each run with a fresh evaluator (no cache
 * carried over).
 *
 * Run: `npm run build && node build/bench/evaluate.js [--objects 1000] [--runs 5]`.
 */
import { App } from 'cdk8s';
import { performance } from 'perf_hooks';
import { buildLibraryStack } from './generate';
import { stackPlan } from './plan';
import { PolicyEvaluator, TrafficVerdict, WorkloadModel, WorkloadPod } from '../lib/antrea/evaluate';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function modelFor(objects: number): WorkloadModel {
  const pods: WorkloadPod[] = [
    {
      namespace: 'kube-system',
      name: 'kube-dns',
      labels: { 'k8s-app': 'kube-dns' },
      ip: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
    },
  ];
  const namespaces = [{ name: 'kube-system' }];
  stackPlan(objects).forEach((p, i) => {
    const third = `${100 + Math.floor(i / 250)}.${i % 250}`;
    namespaces.push({ name: p.webNamespace }, { name: p.dbNamespace });
    pods.push({
      namespace: p.webNamespace,
      name: 'web',
      labels: { app: 'web' },
      ip: `10.${third}.10`,
      ports: [
        { name: 'https', port: 443 },
        { name: 'ssh', port: 22 },
      ],
    });
    pods.push({
      namespace: p.dbNamespace,
      name: 'postgres',
      labels: { app: 'postgres' },
      ip: `10.${third}.20`,
      ports: [
        { name: 'postgres', port: 5432 },
        { name: 'admin', port: 5433 },
      ],
    });
  });
  // the tenant labels the stack puts on its Namespaces (the evaluator adds kubernetes.io/metadata.name itself)
  const labels = new Map<string, Record<string, string>>();
  for (const p of stackPlan(objects)) {
    labels.set(p.webNamespace, { tenant: p.tenant, tier: 'web' });
    labels.set(p.dbNamespace, { tenant: p.tenant, tier: 'db' });
  }
  return { namespaces: namespaces.map((n) => ({ name: n.name, labels: labels.get(n.name) ?? {} })), pods };
}

function matrix(e: PolicyEvaluator, model: WorkloadModel): { queries: number; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  let queries = 0;
  for (const from of model.pods) {
    for (const to of model.pods) {
      for (const port of to.ports ?? []) {
        const v: TrafficVerdict = e.evaluate({
          from: `${from.namespace}/${from.name}`,
          to: `${to.namespace}/${to.name}`,
          port: port.port,
          protocol: port.protocol ?? 'TCP',
        });
        const k = v.action ?? v.result;
        counts[k] = (counts[k] ?? 0) + 1;
        queries++;
      }
    }
  }
  return { queries, counts };
}

function main(): void {
  const objectsWanted = arg('objects', 1000);
  const runs = arg('runs', 5);
  const built = buildLibraryStack(new App(), objectsWanted);
  const objects = built.chart.toJson();
  const model = modelFor(objectsWanted);
  const policies = objects.filter((o) => /NetworkPolicy$/.test(o.kind)).length;
  const rules = objects
    .filter((o) => o.kind === 'ClusterNetworkPolicy')
    .reduce((n, o) => n + (o.spec.ingress?.length ?? 0) + (o.spec.egress?.length ?? 0), 0);

  const build: number[] = [];
  const eval_: number[] = [];
  let last = { queries: 0, counts: {} as Record<string, number> };
  for (let r = 0; r <= runs; r++) {
    const t0 = performance.now();
    const e = new PolicyEvaluator(objects, model);
    const t1 = performance.now();
    last = matrix(e, model);
    const t2 = performance.now();
    if (r === 0) continue; // warm-up
    build.push(t1 - t0);
    eval_.push(t2 - t1);
  }
  const total = build.map((b, i) => b + eval_[i]);
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  console.log(
    `objects: ${objects.length} (${policies} policies, ${rules} Antrea rules); Pods: ${model.pods.length}; Namespaces: ${model.namespaces.length}`,
  );
  console.log(`matrix: ${last.queries} queries (every ordered Pod pair x every port the destination declares)`);
  console.log(`verdicts: ${JSON.stringify(last.counts)}`);
  console.log(
    `median of ${runs} runs after 1 warm-up: construct ${ms(median(build))}, matrix ${ms(median(eval_))}, total ${ms(median(total))}; ${((median(eval_) * 1000) / last.queries).toFixed(2)} µs per query`,
  );
  console.log(`all runs (total): ${total.map((t) => t.toFixed(0)).join(', ')} ms`);
}

main();
