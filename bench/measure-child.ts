/**
 * One measurement in a fresh process (spawned by bench/run.ts). Prints one JSON line on stdout.
 *
 * Usage: `node build/bench/measure-child.js <mode> <objects> <outDir>`
 * - `lib`: build the synthetic stack with the library's constructs, then `synthesize()` (strict validation on) to YAML.
 * - `raw`: build the same objects as plain cdk8s ApiObjects, then the same writer (`synthesize()`) without validation.
 * - `raw-validated`: the same raw objects through `synthesize()` with its strict validation on (the library's default).
 * - `lib-phases` / `raw-phases`: the same work, timed phase by phase (construct build, synth checks and dependency order,
 *   objects to JSON, `validateManifests`, YAML stringify, file write).
 * - `pulumi`: the reference program `pulumi/program.ts` (`runProgram()`, platform phase: node VMs and every Kubernetes
 *   object through `Cdk8sDeployment`) under `pulumi.runtime.setMocks`; while it does not exist, `Cdk8sDeployment` over
 *   the generated stack of `objects` objects.
 * - `ref-phases`: the reference app (`buildReferenceApp` from build/bin/main.js), timed phase by phase.
 * - `ref-json` (objects ignored, outDir = a file): writes the reference app's charts as JSON, for `ref-raw`.
 * - `ref-raw`: the same objects as plain ApiObjects (read from `$VKC_BENCH_REF_JSON`), the same writer, no validation.
 * - `lib-chain-<k>`: the library stack split into k charts, each depending on the one before, through `synthesize()`
 *   (reports the ApiObject dependency edges: linear, none across charts).
 * - `pulumi-stack` / `pulumi-chain-<k>`: `Cdk8sDeployment` over the generated stack (one chart / k chained charts).
 * - `pulumi-stack-cg` / `pulumi-chain-cg-<k>`: the same with `registration: RegistrationMode.PER_CHART` (one ConfigGroup per chart).
 *
 * Peak RSS is this process's own (`process.resourceUsage().maxRSS`), so every run reports its own peak.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { ManifestObject } from '../lib/core/validation';

const LOADED_AT = performance.now();

interface ChildResult {
  readonly mode: string;
  readonly objects: number;
  /** Wall time of the measured work in ms (module loading excluded, see requireMs). */
  readonly wallMs: number;
  /** CPU time (user + system, all threads) of the measured work in ms: less sensitive to other load than wall time. */
  readonly cpuMs: number;
  /** Time to load the modules the work needs, in ms. */
  readonly requireMs: number;
  /** Peak RSS of the process in MB. */
  readonly maxRssMB: number;
  /** Per-phase times in ms (phase modes). */
  readonly phases?: Record<string, number>;
  /** Free-form facts (resource counts, program used). */
  readonly info?: Record<string, unknown>;
}

function maxRssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

function timed<T>(phases: Record<string, number>, name: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  phases[name] = (phases[name] ?? 0) + performance.now() - t0;
  return r;
}

/** Dependency edges of the App's ApiObjects after synthesis: all, and those across charts. */
function edgeCounts(app: import('cdk8s').App): { edges: number; crossChartEdges: number } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ApiObject, Chart } = require('cdk8s') as typeof import('cdk8s');
  /* eslint-enable @typescript-eslint/no-require-imports */
  let edges = 0;
  let crossChartEdges = 0;
  for (const c of app.node.findAll()) {
    if (!ApiObject.isApiObject(c)) continue;
    for (const d of c.node.dependencies) {
      edges++;
      if (Chart.of(d) !== Chart.of(c)) crossChartEdges++;
    }
  }
  return { edges, crossChartEdges };
}

/** `lib-chain-<k>`: the library stack split into k charts, each depending on the one before, through `synthesize()`. */
function chainMode(charts: number, objects: number, outDir: string): ChildResult {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { synthesize } = require('../lib/core/synth') as typeof import('../lib/core/synth');
  const { buildChainedLibraryStack } = require('./generate') as typeof import('./generate');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const app = new App({ outdir: outDir });
  const stack = buildChainedLibraryStack(app, objects, charts);
  const result = synthesize(app, { manifestsDir: outDir, extrasDir: `${outDir}-extra` });
  const t2 = performance.now();
  const cpuMs = cpuMsSince(cpu);
  if (result.objectCount !== stack.objects) throw new Error(`wrote ${result.objectCount} objects, expected ${stack.objects}`);
  return {
    mode: `lib-chain-${charts}`,
    objects: stack.objects,
    wallMs: t2 - t1,
    cpuMs,
    requireMs: t1 - LOADED_AT,
    maxRssMB: maxRssMB(),
    info: Object.assign({ charts, files: result.manifestFiles.length }, edgeCounts(app)),
  };
}

function synthMode(mode: 'lib' | 'raw' | 'raw-validated', objects: number, outDir: string): ChildResult {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { synthesize } = require('../lib/core/synth') as typeof import('../lib/core/synth');
  const build =
    mode === 'lib'
      ? (require('./generate') as typeof import('./generate')).buildLibraryStack
      : (require('./raw') as typeof import('./raw')).buildRawStack;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const app = new App({ outdir: outDir });
  const stack = build(app, objects);
  // The raw stacks declare no cluster facts (Antrea CRDs), so the preflight is off for them: they measure the floor.
  const result = synthesize(app, {
    manifestsDir: outDir,
    extrasDir: `${outDir}-extra`,
    validate: mode !== 'raw',
    preflight: { enabled: mode === 'lib' },
  });
  const t2 = performance.now();
  const cpuMs = cpuMsSince(cpu);
  if (result.objectCount !== stack.objects) throw new Error(`wrote ${result.objectCount} objects, expected ${stack.objects}`);
  return { mode, objects: stack.objects, wallMs: t2 - t1, cpuMs, requireMs: t1 - LOADED_AT, maxRssMB: maxRssMB() };
}

/** The reference app's builder: `buildReferenceApp(outdir)` exported by build/bin/main.js. */
type ReferenceBuilder = (outdir: string, env?: NodeJS.ProcessEnv) => import('cdk8s').App;

function phaseMode(mode: 'lib' | 'raw' | 'ref', objects: number, outDir: string): ChildResult {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { orderCharts } = require('../lib/core/synth-order') as typeof import('../lib/core/synth-order');
  const { toYaml, validationOptionsFor } = require('../lib/core/synth') as typeof import('../lib/core/synth');
  const { runPreflight } = require('../lib/core/preflight-run') as typeof import('../lib/core/preflight-run');
  const { assertValidManifests } = require('../lib/core/validation') as typeof import('../lib/core/validation');
  const build: (app: import('cdk8s').App, objects: number) => { chart?: import('cdk8s').Chart } =
    mode === 'lib'
      ? (require('./generate') as typeof import('./generate')).buildLibraryStack
      : mode === 'raw'
        ? (require('./raw') as typeof import('./raw')).buildRawStack
        : () => ({});
  const buildReference = mode === 'ref' ? (require('../bin/main') as { buildReferenceApp: ReferenceBuilder }).buildReferenceApp : undefined;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const phases: Record<string, number> = {};
  let app = new App({ outdir: outDir });
  timed(phases, 'build', () => {
    if (buildReference) app = buildReference(outDir);
    else build(app, objects);
  });
  // What synthesize() does before serializing: every construct validation (addSynthCheck / node.addValidation), the
  // cdk8s dependency resolution and the chart and object order (lib/core/synth-order.ts).
  const ordered = timed(phases, 'order', () => orderCharts(app));
  const json = timed(phases, 'toJson', () => ordered.flatMap((c) => c.apiObjects.map((o) => o.toJson() as ManifestObject)));
  if (mode !== 'raw') {
    timed(phases, 'validateManifests', () => assertValidManifests(json, validationOptionsFor(app)));
    // the deploy checks synthesize() runs after validation (Pod Security, scheduling, CRDs, mounted files)
    timed(phases, 'preflight', () => runPreflight(app, json));
  }
  const text = timed(phases, 'yamlStringify', () => toYaml(json));
  timed(phases, 'write', () => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, '0000-bench.k8s.yaml'), text);
  });
  const t2 = performance.now();
  return {
    mode: `${mode}-phases`,
    objects: json.length,
    wallMs: t2 - t1,
    cpuMs: cpuMsSince(cpu),
    requireMs: t1 - LOADED_AT,
    maxRssMB: maxRssMB(),
    phases,
    info: { yamlBytes: Buffer.byteLength(text), constructs: app.node.findAll().length },
  };
}

/** `ref-json`: writes the reference app's charts (path and JSON objects, in order) to `file`, for `ref-raw`. Not timed. */
function refJsonMode(file: string): ChildResult {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { synthCharts } = require('../lib/core/synth') as typeof import('../lib/core/synth');
  const { buildReferenceApp } = require('../bin/main') as { buildReferenceApp: ReferenceBuilder };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const charts = synthCharts(buildReferenceApp(path.join(os.tmpdir(), 'vkc-bench-ref-json-unused')));
  writeFileSync(file, JSON.stringify(charts.map((c) => ({ id: c.chart.node.id, objects: c.objects }))));
  const objects = charts.reduce((n, c) => n + c.objects.length, 0);
  return { mode: 'ref-json', objects, wallMs: 0, cpuMs: 0, requireMs: 0, maxRssMB: maxRssMB() };
}

/**
 * `ref-raw`: the raw cdk8s floor of the reference app: the same objects (read from the `ref-json` file) as plain
 * ApiObjects in the same charts, written by the same writer without validation or preflight. The whole process is what
 * run.ts compares with `node build/bin/main.js`.
 */
function refRawMode(file: string, outDir: string): ChildResult {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ApiObject, App, Chart } = require('cdk8s') as typeof import('cdk8s');
  const { synthesize } = require('../lib/core/synth') as typeof import('../lib/core/synth');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const charts = JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string; objects: ManifestObject[] }>;
  const app = new App({ outdir: outDir });
  for (const c of charts) {
    const chart = new Chart(app, c.id);
    c.objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as import('cdk8s').ApiObjectProps));
  }
  const result = synthesize(app, { manifestsDir: outDir, extrasDir: `${outDir}-extra`, validate: false, preflight: { enabled: false } });
  const t2 = performance.now();
  return {
    mode: 'ref-raw',
    objects: result.objectCount,
    wallMs: t2 - t1,
    cpuMs: cpuMsSince(cpu),
    requireMs: t1 - LOADED_AT,
    maxRssMB: maxRssMB(),
  };
}

/** A fake kubeconfig: with `kubeconfig` set, the reference program runs its platform phase (the Kubernetes objects). */
const FAKE_KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n';

/** The default node pools of the solution config, placed in a compute cluster (the defaults name none). */
const BENCH_NODE_POOLS = (() => {
  const node = {
    cpu: 4,
    memoryMiB: 8192,
    diskGiB: 100,
    template: 'ubuntu-2204-kube-template',
    network: 'VM Network',
    datastore: 'vsanDatastore',
    ipv4Gateway: '172.16.0.1',
  };
  return JSON.stringify([
    { name: 'control-plane', role: 'control-plane', count: 1, ipAddresses: ['172.16.0.11'], ...node, computeCluster: 'Cluster01' },
    {
      name: 'worker',
      role: 'worker',
      count: 2,
      ipAddresses: ['172.16.0.21', '172.16.0.22'],
      ...node,
      memoryMiB: 16384,
      computeCluster: 'Cluster01',
      // the nodes that host the Egress IPs of the default egress pool (its nodeSelector)
      labels: { 'network-role': 'egress-gateway' },
    },
  ]);
})();

/** Mock answers for the vSphere data sources the node pools look up. */
function vsphereInvoke(token: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const fn = token.slice(token.lastIndexOf(':') + 1);
  const name = String(inputs.name ?? inputs.path ?? 'x');
  switch (fn) {
    case 'getComputeCluster':
      return { id: `domain-${name}`, resourcePoolId: `resgroup-${name}` };
    case 'getNetwork':
      return { id: `network-${name}`, type: 'Network' };
    case 'getVirtualMachine':
      return {
        id: `tmpl-${name}`,
        guestId: 'ubuntu64Guest',
        scsiType: 'pvscsi',
        firmware: 'bios',
        hardwareVersion: 19,
        disks: [],
        networkInterfaceTypes: [],
      };
    default:
      return { id: `${fn}-${name}` };
  }
}

/**
 * `pulumi-stack` / `pulumi-chain-<k>`: `Cdk8sDeployment` over the generated stack (one chart, or k chained charts)
 * under mocks, until every registration has drained. The whole process is what a `pulumi preview` of that stack pays
 * in the program (module load included, see requireMs). `pulumi-stack-cg` / `pulumi-chain-cg-<k>`: the same with
 * `registration: RegistrationMode.PER_CHART` (one yaml/v2 ConfigGroup per chart; the provider, which does not run
 * under mocks, would register the objects: this measures the program's side only). The objects sent in the groups'
 * `yaml` text are counted and must be all of them.
 */
async function pulumiStackMode(charts: number, objects: number, perChart = false): Promise<ChildResult> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const pulumi = require('@pulumi/pulumi') as typeof import('@pulumi/pulumi');
  let registered = 0;
  let sent = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered++;
        if (args.type === 'kubernetes:yaml/v2:ConfigGroup') {
          // One JSON document per line (a Pulumi secret when a Secret is among them).
          // (Per object, the chart barriers are ConfigGroups without objects.)
          const yaml = args.inputs.yaml as string | { value: string } | undefined;
          if (yaml !== undefined) sent += (typeof yaml === 'string' ? yaml : yaml.value).split('\n').length;
          // A component's state is its outputs (the provider's ConfigGroup answers with `resources`), not its inputs.
          return { id: `${args.name}-id`, state: {} };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    'bench',
    'bench',
    false,
  );
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { Cdk8sDeployment, RegistrationMode } = require('../lib/pulumi') as typeof import('../lib/pulumi');
  const { buildChainedLibraryStack, buildLibraryStack } = require('./generate') as typeof import('./generate');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  const app = new App({ outdir: path.join(os.tmpdir(), 'vkc-bench-pulumi-unused') });
  const count = charts === 1 ? buildLibraryStack(app, objects).objects : buildChainedLibraryStack(app, objects, charts).objects;
  const registration = perChart ? RegistrationMode.PER_CHART : RegistrationMode.PER_OBJECT;
  const deployment = new Cdk8sDeployment('bench', { source: app, registration });
  await pulumi.runtime.disconnect();
  const t2 = performance.now();
  if (perChart) {
    const groups = Object.keys(deployment.chartGroups).length;
    if (registered !== groups + 1 || sent !== count)
      throw new Error(`the Pulumi mock saw ${registered} resources and ${sent} objects, expected ${groups + 1} and ${count}`);
  } else if (registered < count) throw new Error(`the Pulumi mock saw ${registered} resources, expected at least ${count}`);
  return {
    mode: perChart
      ? charts === 1
        ? 'pulumi-stack-cg'
        : `pulumi-chain-cg-${charts}`
      : charts === 1
        ? 'pulumi-stack'
        : `pulumi-chain-${charts}`,
    objects: count,
    wallMs: t2 - t1,
    cpuMs: cpuMsSince(cpu),
    requireMs: t1 - LOADED_AT,
    maxRssMB: maxRssMB(),
    info: { resources: registered, charts, planned: deployment.resourceNames.length, sent, registration },
  };
}

async function pulumiMode(objects: number): Promise<ChildResult> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const pulumi = require('@pulumi/pulumi') as typeof import('@pulumi/pulumi');
  const registered: string[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(args.type);
        if (args.type.startsWith('vsphere:') && args.type.endsWith(':VirtualMachine')) {
          const nics = (args.inputs.clone?.customize?.networkInterfaces ?? []) as Array<{ ipv4Address?: string }>;
          const ip = nics[0]?.ipv4Address ?? `10.255.0.${registered.length % 250}`;
          const uuid = `uuid-${String(args.inputs.name)}`;
          return {
            id: uuid,
            state: { ...args.inputs, uuid, moid: `moid-${String(args.inputs.name)}`, defaultIpAddress: ip, guestIpAddresses: [ip] },
          };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => (args.token === 'kubernetes:yaml:decode' ? { result: [] } : vsphereInvoke(args.token, args.inputs)),
    },
    'bench',
    'bench',
    false,
  );
  const programPath = path.resolve(__dirname, '..', 'pulumi', 'program.js');
  const { App } = require('cdk8s') as typeof import('cdk8s');
  const { Cdk8sDeployment } = require('../lib/pulumi') as typeof import('../lib/pulumi');
  const { buildLibraryStack } = require('./generate') as typeof import('./generate');
  const program = existsSync(programPath)
    ? (require(programPath) as { runProgram?: (o: { env: NodeJS.ProcessEnv }) => { kubernetesResources: string[] } }).runProgram
    : undefined;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const t1 = performance.now();
  const cpu = process.cpuUsage();
  let what: string;
  let count: number;
  if (program) {
    pulumi.runtime.setAllConfig(
      {
        'bench:kubeconfig': FAKE_KUBECONFIG,
        'bench:nodePools': BENCH_NODE_POOLS,
        'bench:vsphereUsername': 'bench@vsphere.local',
        'bench:vspherePassword': 'bench-password',
      },
      ['bench:kubeconfig', 'bench:vsphereUsername', 'bench:vspherePassword'],
    );
    const out = program({ env: {} });
    count = out.kubernetesResources.length;
    what = `reference program pulumi/program.ts runProgram(), platform phase: ${out.kubernetesResources.length} Kubernetes objects + node VMs`;
  } else {
    const app = new App({ outdir: path.join(os.tmpdir(), 'vkc-bench-pulumi-unused') });
    count = buildLibraryStack(app, objects).objects;
    new Cdk8sDeployment('bench', { source: app });
    what = `Cdk8sDeployment over the generated ${count}-object stack (pulumi/program.ts not built)`;
  }
  await pulumi.runtime.disconnect();
  const t2 = performance.now();
  if (registered.length === 0) throw new Error('the Pulumi mock saw no resources');
  return {
    mode: 'pulumi',
    objects: count,
    wallMs: t2 - t1,
    cpuMs: cpuMsSince(cpu),
    requireMs: t1 - LOADED_AT,
    maxRssMB: maxRssMB(),
    info: { program: what, resources: registered.length },
  };
}

async function main(): Promise<void> {
  const [mode, objectsText, outDir] = process.argv.slice(2);
  const objects = Number(objectsText);
  const dir = outDir ?? path.join(os.tmpdir(), `vkc-bench-${process.pid}`);
  let result: ChildResult;
  if (mode === 'lib' || mode === 'raw' || mode === 'raw-validated') result = synthMode(mode, objects, dir);
  else if (mode === 'lib-phases') result = phaseMode('lib', objects, dir);
  else if (mode === 'raw-phases') result = phaseMode('raw', objects, dir);
  else if (mode === 'ref-phases') result = phaseMode('ref', objects, dir);
  else if (mode === 'ref-json') result = refJsonMode(outDir);
  else if (mode === 'ref-raw') result = refRawMode(process.env.VKC_BENCH_REF_JSON ?? '', dir);
  else if (mode === 'pulumi') result = await pulumiMode(objects);
  else if (mode === 'pulumi-stack') result = await pulumiStackMode(1, objects);
  else if (mode === 'pulumi-stack-cg') result = await pulumiStackMode(1, objects, true);
  else if (/^pulumi-chain-cg-[1-9][0-9]*$/.test(mode))
    result = await pulumiStackMode(Number(mode.slice('pulumi-chain-cg-'.length)), objects, true);
  else if (/^pulumi-chain-[1-9][0-9]*$/.test(mode)) result = await pulumiStackMode(Number(mode.slice('pulumi-chain-'.length)), objects);
  else if (/^lib-chain-[1-9][0-9]*$/.test(mode)) result = chainMode(Number(mode.slice('lib-chain-'.length)), objects, dir);
  else
    throw new Error(
      `mode: got ${mode}, expected lib, raw, raw-validated, lib-phases, raw-phases, ref-phases, ref-json, ref-raw, pulumi, pulumi-stack, pulumi-chain-<k>, pulumi-stack-cg, pulumi-chain-cg-<k> or lib-chain-<k>`,
    );
  if (!outDir) rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
