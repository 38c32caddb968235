/**
 * Benchmark of the review report's connectivity matrix (issue 13: "evaluating the full matrix of a 1k-object stack
 * within 2 s"). Not a timed test: it prints the figures.
 *
 * The stack is the synthetic stack of bench/generate.ts (namespaces with quota, limits and default-deny
 * NetworkPolicies, ClusterGroups, ClusterNetworkPolicies with 3 to 5 rules in two tiers, Egress pools, StorageClasses)
 * plus, per tenant block, a web Deployment (port 8080) and a postgres Deployment (port 5432) with a Service each, so
 * that the policies select real workloads. About 1,000 objects by default.
 *
 *   npm run build && node build/bench/review-matrix.js [objects=1000] [runs=5]
 *   node -r ./test/support/ts-register.js bench/review-matrix.ts      # without a build (slower module load only)
 */
import { App } from 'cdk8s';
import { buildLibraryStack } from './generate';
import { OBJECTS_PER_BLOCK, stackPlan } from './plan';
import { PolicyEvaluator } from '../lib/antrea/evaluate';
import { synthCharts } from '../lib/core/synth';
import { ManifestObject } from '../lib/core/validation';
import { buildReviewReport, connectivityMatrix, reviewWorkloadModel } from '../lib/review';

/** Kubernetes objects added per block: 2 Deployments and 2 Services. */
export const WORKLOAD_OBJECTS_PER_BLOCK = 4;

function deployment(namespace: string, app: string, port: number): ManifestObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: {
          containers: [{ name: app, image: `registry.example/${app}:1`, ports: [{ name: 'main', containerPort: port, protocol: 'TCP' }] }],
        },
      },
    },
  };
}

function service(namespace: string, app: string, port: number): ManifestObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, namespace },
    spec: { selector: { app }, ports: [{ name: 'main', port, targetPort: 'main', protocol: 'TCP' }] },
  };
}

/** The objects of a stack of about `objects` Kubernetes objects (policies from bench/generate.ts plus workloads). */
export function reviewBenchObjects(objects: number): ManifestObject[] {
  const blocks = Math.max(1, Math.round(objects / (OBJECTS_PER_BLOCK + WORKLOAD_OBJECTS_PER_BLOCK)));
  const app = new App({ outdir: 'unused' });
  buildLibraryStack(app, blocks * OBJECTS_PER_BLOCK);
  const out = synthCharts(app).flatMap((c) => c.objects);
  for (const p of stackPlan(blocks * OBJECTS_PER_BLOCK)) {
    out.push(deployment(p.webNamespace, 'web', 8080), service(p.webNamespace, 'web', 8080));
    out.push(deployment(p.dbNamespace, 'postgres', 5432), service(p.dbNamespace, 'postgres', 5432));
  }
  return out;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): void {
  const size = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 5);
  const objects = reviewBenchObjects(size);
  const times = { evaluator: [] as number[], matrix: [] as number[], report: [] as number[] };
  let cells = 0;
  let denied = 0;
  let sources = 0;
  let targets = 0;
  for (let i = 0; i <= runs; i++) {
    let t = process.hrtime.bigint();
    const ev = new PolicyEvaluator(objects, reviewWorkloadModel(objects));
    const tEval = ms(t);
    t = process.hrtime.bigint();
    const m = connectivityMatrix(objects, ev);
    const tMatrix = ms(t);
    t = process.hrtime.bigint();
    buildReviewReport(objects);
    const tReport = ms(t);
    if (i === 0) continue; // warm-up
    times.evaluator.push(tEval);
    times.matrix.push(tMatrix);
    times.report.push(tReport);
    cells = m.cells.length;
    denied = m.cells.filter((c) => c.verdict.result === 'denied').length;
    sources = m.sources.length;
    targets = m.targets.length;
  }
  process.stdout.write(
    `review matrix bench: ${objects.length} objects, ${sources} sources x ${targets} targets = ${cells} connections (${denied} denied); ` +
      `median of ${runs} runs after 1 warm-up, node ${process.version}\n` +
      `  PolicyEvaluator construction:        ${median(times.evaluator).toFixed(0)} ms\n` +
      `  connectivity matrix (all ${cells}):  ${median(times.matrix).toFixed(0)} ms\n` +
      `  whole report (markdown + dot, no SVG): ${median(times.report).toFixed(0)} ms\n`,
  );
}

if (require.main === module) main();
