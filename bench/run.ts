/**
 * `npm run bench` (after `npm run build`): measures synthesis of the synthetic stack (library vs raw cdk8s), the
 * reference app (`build/bin/main.js`, in-process and end to end through the cdk8s CLI) and the Pulumi mock run, and
 * writes the table into bench/README.md.
 *
 * Options:
 * - `--quick`: small sizes, one run, no warm-up, README left alone. Proves every path still works (CI); asserts nothing.
 * - `--runs <n>`: measured runs per figure (default 5; each after one warm-up run).
 * - `--sizes <a,b,c>`: object counts for the overhead table (default 1000,5000,20000).
 * - `--no-readme`: print the table only.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

const ROOT = path.resolve(__dirname, '..', '..');
const CHILD = path.join(__dirname, 'measure-child.js');
const PRELOAD = path.join(__dirname, 'preload.js');
const REFERENCE_APP = path.join(ROOT, 'build', 'bin', 'main.js');
const CDK8S_CLI = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const GNU_TIME = '/usr/bin/time';
const README = path.join(ROOT, 'bench', 'README.md');
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

interface Options {
  readonly quick: boolean;
  readonly runs: number;
  readonly warmups: number;
  readonly sizes: number[];
  readonly pulumiObjects: number;
  readonly readme: boolean;
}

interface ChildResult {
  readonly mode: string;
  readonly objects: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly requireMs: number;
  readonly maxRssMB: number;
  readonly phases?: Record<string, number>;
  readonly info?: Record<string, unknown>;
}

/** One timed process: its wall time seen from here, and what it reported (or what GNU time saw). */
interface ProcessSample {
  readonly processMs: number;
  readonly child?: ChildResult;
  readonly maxRssMB?: number;
  readonly inProcessMs?: number;
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(value('--runs') ?? (quick ? 1 : 5));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: got ${value('--runs')}, expected a positive integer`);
  const sizes = (value('--sizes') ?? (quick ? '100,200' : '1000,5000,20000')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: got ${value('--sizes')}, expected positive integers`);
  return { quick, runs, warmups: quick ? 0 : 1, sizes, pulumiObjects: quick ? 100 : 1000, readme: !quick && !argv.includes('--no-readme') };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function runChild(mode: string, objects: number, outArg?: string, env: NodeJS.ProcessEnv = {}): ProcessSample {
  const t0 = performance.now();
  const args = [CHILD, mode, String(objects), ...(outArg === undefined ? [] : [outArg])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 << 20, env: { ...process.env, ...env } });
  const processMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`measure-child ${mode} ${objects} failed (exit ${r.status}):\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return { processMs, child: JSON.parse(line) as ChildResult };
}

const hasGnuTime = existsSync(GNU_TIME);

/** Runs a command end to end; peak RSS from GNU time (`%M`, the largest of the process and its waited-for children). */
function runCommand(args: string[], env: NodeJS.ProcessEnv, inProcess: boolean): ProcessSample {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vkc-bench-cmd-'));
  const timeFile = path.join(tmp, 'time.txt');
  const resultFile = path.join(tmp, 'result.json');
  const nodeArgs = inProcess ? ['-r', PRELOAD, ...args] : args;
  const cmd = hasGnuTime ? GNU_TIME : process.execPath;
  const cmdArgs = hasGnuTime ? ['-f', '%M', '-o', timeFile, process.execPath, ...nodeArgs] : nodeArgs;
  const t0 = performance.now();
  const r = spawnSync(cmd, cmdArgs, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env, VKC_BENCH_RESULT: resultFile },
    maxBuffer: 64 << 20,
  });
  const processMs = performance.now() - t0;
  try {
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
    const maxRssMB = hasGnuTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : undefined;
    if (inProcess) {
      const res = JSON.parse(readFileSync(resultFile, 'utf8')) as { wallMs: number; maxRssMB: number };
      return { processMs, maxRssMB: res.maxRssMB, inProcessMs: res.wallMs };
    }
    return { processMs, maxRssMB };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `npm run --silent synth` end to end (wall time of the npm process: npm, the incremental build check and the app). */
function runNpmSynth(outDir: string): ProcessSample {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vkc-bench-npm-'));
  const timeFile = path.join(tmp, 'time.txt');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const cmd = hasGnuTime ? GNU_TIME : npm;
  const args = hasGnuTime ? ['-f', '%M', '-o', timeFile, npm, 'run', '--silent', 'synth'] : ['run', '--silent', 'synth'];
  const env = { ...process.env, CDK8S_OUTDIR: path.join(outDir, 'manifests'), VSPHERE_K8S_EXTRAS_DIR: path.join(outDir, 'extra') };
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env, maxBuffer: 64 << 20 });
  const processMs = performance.now() - t0;
  try {
    if (r.status !== 0) throw new Error(`npm run synth failed (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
    return { processMs, maxRssMB: hasGnuTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : undefined };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Every measured sample, dumped to `<tmpdir>/vkc-bench-samples.json` for a closer look. */
const allSamples: Array<{ label: string; samples: unknown }> = [];

/** Warm-up runs (discarded), then `runs` measured rounds; each round runs every job once (side by side). */
function measure<K extends string>(opts: Options, jobs: Record<K, () => ProcessSample>, label: string): Record<K, ProcessSample[]> {
  const keys = Object.keys(jobs) as K[];
  for (let w = 0; w < opts.warmups; w++) for (const k of keys) jobs[k]();
  const out = Object.fromEntries(keys.map((k) => [k, [] as ProcessSample[]])) as unknown as Record<K, ProcessSample[]>;
  for (let i = 0; i < opts.runs; i++) {
    for (const k of keys) out[k].push(jobs[k]());
    log(`${label}: run ${i + 1}/${opts.runs}`);
  }
  allSamples.push({ label, samples: out });
  writeFileSync(path.join(os.tmpdir(), 'vkc-bench-samples.json'), JSON.stringify(allSamples, null, 1));
  return out;
}

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function fmtMB(mb: number | undefined): string {
  return mb === undefined ? 'n/a (no /usr/bin/time)' : `${mb.toFixed(0)} MB`;
}

function mark(met: boolean | undefined): string {
  return met === undefined ? 'not measured' : met ? '**met**' : '**not met**';
}

interface Report {
  readonly lines: string[];
}

function main(): void {
  const opts = parseOptions(process.argv.slice(2));
  const started = new Date();
  const load0 = os.loadavg();
  const lines: string[] = [];
  const report: Report = { lines };
  const cpus = os.cpus();

  lines.push(
    `Measured ${started.toISOString().replace(/\.\d+Z$/, 'Z')}${opts.quick ? ' (**--quick**: small sizes, 1 run, no warm-up; not for comparison)' : ''}.`,
  );
  lines.push('');
  lines.push('| machine | |');
  lines.push('| --- | --- |');
  lines.push(`| CPU | ${cpus[0]?.model ?? 'unknown'} (nproc ${os.availableParallelism?.() ?? cpus.length}) |`);
  lines.push(`| memory | ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB |`);
  lines.push(`| OS | ${os.type()} ${os.release()} |`);
  lines.push(
    `| versions | node ${process.version}, cdk8s ${version('cdk8s')}, cdk8s-cli ${version('cdk8s-cli')}, constructs ${version('constructs')}, @pulumi/pulumi ${version('@pulumi/pulumi')}, @pulumi/kubernetes ${version('@pulumi/kubernetes')}, vsphere-k8s-constructs ${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version} |`,
  );
  lines.push(
    `| method | ${opts.warmups} warm-up run(s), then the **median of ${opts.runs} run(s)**; every run is a fresh \`node\` process |`,
  );

  // 1. Library vs raw cdk8s, side by side, per size.
  const libBySize = new Map<number, ProcessSample[]>();
  const overheadRows: string[] = [];
  const phaseRows: string[] = [];
  let rss20k: number | undefined;
  let overheadMet = true;
  for (const n of opts.sizes) {
    const r = measure(
      opts,
      { lib: () => runChild('lib', n), raw: () => runChild('raw', n), rawv: () => runChild('raw-validated', n) },
      `synth ${n}`,
    );
    libBySize.set(n, r.lib);
    const libMs = median(r.lib.map((s) => s.child!.wallMs));
    const rawMs = median(r.raw.map((s) => s.child!.wallMs));
    const rawvMs = median(r.rawv.map((s) => s.child!.wallMs));
    const libRss = median(r.lib.map((s) => s.child!.maxRssMB));
    const rawRss = median(r.raw.map((s) => s.child!.maxRssMB));
    const libProc = median(r.lib.map((s) => s.processMs));
    const rawProc = median(r.raw.map((s) => s.processMs));
    const ratio = libMs / rawMs;
    const cpuRatio = median(r.lib.map((s) => s.child!.cpuMs)) / median(r.raw.map((s) => s.child!.cpuMs));
    overheadMet = overheadMet && ratio <= 1.2;
    if (n === 20000) rss20k = libRss;
    const objects = r.lib[0].child!.objects;
    overheadRows.push(
      `| ${objects} | ${fmtMs(libMs)} | ${fmtMs(rawMs)} | **${ratio.toFixed(2)}×** | ${cpuRatio.toFixed(2)}× | ${fmtMs(libProc)} / ${fmtMs(rawProc)} (${(libProc / rawProc).toFixed(2)}×) | ${fmtMB(libRss)} / ${fmtMB(rawRss)} | ≤ 1.2× | ${mark(ratio <= 1.2)} | ${fmtMs(rawvMs)} | ${(libMs / rawvMs).toFixed(2)}× |`,
    );

    const ph = measure(opts, { lib: () => runChild('lib-phases', n), raw: () => runChild('raw-phases', n) }, `phases ${n}`);
    const phase = (samples: ProcessSample[], name: string): number | undefined =>
      samples[0].child!.phases![name] === undefined ? undefined : median(samples.map((s) => s.child!.phases![name]));
    const cell = (samples: ProcessSample[], name: string): string => {
      const v = phase(samples, name);
      return v === undefined ? '—' : fmtMs(v);
    };
    for (const [side, samples] of [
      ['library', ph.lib],
      ['raw', ph.raw],
    ] as const) {
      phaseRows.push(
        `| ${objects} | ${side} | ${cell(samples, 'build')} | ${cell(samples, 'order')} | ${cell(samples, 'toJson')} | ${cell(samples, 'validateManifests')} | ${cell(samples, 'preflight')} | ${cell(samples, 'yamlStringify')} | ${cell(samples, 'write')} | ${fmtMs(median(samples.map((s) => s.child!.requireMs)))} | ${samples[0].child!.info!.constructs} |`,
      );
    }
  }

  lines.push('');
  lines.push('### Library vs raw cdk8s (identical objects, identical YAML)');
  lines.push('');
  lines.push(
    '| objects | library synth | raw cdk8s synth | overhead (wall) | overhead (CPU time) | whole process (library / raw) | peak RSS (library / raw) | target | | raw + the same `validateManifests` | library / that |',
  );
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |');
  lines.push(...overheadRows);
  lines.push('');
  lines.push(
    'The last two columns (for information; the target is against the raw floor): the raw objects written by `synthesize()` with its strict validation on, and the library against that, which separates the cost of the constructs from the cost of validation.',
  );

  // 2. Scaling and memory at 20k.
  const first = opts.sizes[0];
  const last = opts.sizes[opts.sizes.length - 1];
  const scaling = median(libBySize.get(last)!.map((s) => s.child!.wallMs)) / median(libBySize.get(first)!.map((s) => s.child!.wallMs));
  lines.push('');
  lines.push('### Targets');
  lines.push('');
  lines.push('| figure | value | target | |');
  lines.push('| --- | ---: | --- | --- |');
  lines.push(
    `| overhead library / raw cdk8s (every size above) | ${overheadMet ? 'all ≤ 1.2×' : 'see table above'} | ≤ 1.2× | ${mark(overheadMet)} |`,
  );
  const scalingMet = first === 1000 && last === 20000 ? scaling <= 25 : undefined;
  lines.push(
    `| scaling: library time(${last}) / time(${first}) | ${scaling.toFixed(1)} (${(last / first).toFixed(0)}× the objects) | ≤ 25 (20k / 1k) | ${mark(scalingMet)} |`,
  );
  lines.push(
    `| peak RSS, library, 20k objects | ${rss20k === undefined ? 'not measured' : fmtMB(rss20k)} | ≤ 400 MB | ${mark(rss20k === undefined ? undefined : rss20k <= 400)} |`,
  );

  // 3. Reference app.
  const failures: string[] = [];
  const refRows: string[] = [];
  let refPhases: ProcessSample[] | undefined;
  if (existsSync(REFERENCE_APP)) {
    try {
      const outDir = mkdtempSync(path.join(os.tmpdir(), 'vkc-bench-ref-'));
      const refJson = path.join(outDir, 'reference.json');
      runChild('ref-json', 0, refJson);
      try {
        const r = measure(
          opts,
          {
            npmSynth: () => runNpmSynth(path.join(outDir, 'npm')),
            refRaw: () => runChild('ref-raw', 0, undefined, { VKC_BENCH_REF_JSON: refJson }),
            cli: () => runCommand([CDK8S_CLI, 'synth', '--no-check-upgrade'], {}, false),
            cliStart: () => runCommand([CDK8S_CLI, '--version'], {}, false),
            // like for like with the raw floor: the same objects and files, without the review report (an extra output)
            app: () => runCommand([REFERENCE_APP], { CDK8S_OUTDIR: path.join(outDir, 'manifests'), VSPHERE_K8S_REVIEW: '0' }, false),
            inProcess: () => runCommand([REFERENCE_APP], { CDK8S_OUTDIR: path.join(outDir, 'manifests'), VSPHERE_K8S_REVIEW: '0' }, true),
            // the first synth after an install: an empty code-cache folder of its own for every run
            appCold: () => {
              const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'vkc-bench-code-cache-'));
              try {
                const env = { CDK8S_OUTDIR: path.join(outDir, 'manifests'), VSPHERE_K8S_REVIEW: '0', VSPHERE_K8S_CODE_CACHE_DIR: cacheDir };
                return runCommand([REFERENCE_APP], env, false);
              } finally {
                rmSync(cacheDir, { recursive: true, force: true });
              }
            },
            phases: () => runChild('ref-phases', 0),
          },
          'reference app',
        );
        const cliMs = median(r.cli.map((s) => s.processMs));
        const appMs = median(r.app.map((s) => s.processMs));
        const rss = (xs: ProcessSample[]): number | undefined =>
          xs[0].maxRssMB === undefined ? undefined : median(xs.map((s) => s.maxRssMB!));
        // `npm run synth` is `tsc -b tsconfig.json && node build/bin/main.js`: the npm script itself, run again with nothing
        // changed (the incremental build finds everything up to date), end to end.
        const npmMs = median(r.npmSynth.map((s) => s.processMs));
        lines.push(
          `| reference \`npm run synth\` end to end, second run (the npm script: npm, \`tsc -b\` up-to-date check, \`node build/bin/main.js\`) | ${fmtMs(npmMs)}, ${fmtMB(rss(r.npmSynth))} | ≤ 1.5 s | ${mark(npmMs <= 1500)} |`,
        );
        const rawMs = median(r.refRaw.map((s) => s.processMs));
        lines.push(
          `| reference app / raw cdk8s, whole process (\`node build/bin/main.js\` without the review report ${fmtMs(appMs)}; the same ${r.refRaw[0].child!.objects} objects as plain ApiObjects through the same writer ${fmtMs(rawMs)}) | ${(appMs / rawMs).toFixed(2)}× | ≤ 1.5× | ${mark(appMs / rawMs <= 1.5)} |`,
        );
        lines.push(
          `| the same app through the cdk8s CLI (\`cdk8s synth --no-check-upgrade\`, for users who prefer the CLI) | ${fmtMs(cliMs)}, ${fmtMB(rss(r.cli))} | (≤ 1.5 s) | ${mark(cliMs <= 1500)} |`,
        );
        refRows.push(`| \`cdk8s synth --no-check-upgrade\` (CLI + app), end to end | ${fmtMs(cliMs)} | ${fmtMB(rss(r.cli))} |`);
        refRows.push(
          `| \`cdk8s --version\` (CLI start-up alone: it loads every command module, jsii-pacmak and TypeScript included) | ${fmtMs(median(r.cliStart.map((s) => s.processMs)))} | ${fmtMB(rss(r.cliStart))} |`,
        );
        refRows.push(`| \`npm run synth\`, second run (nothing changed), end to end | ${fmtMs(npmMs)} | ${fmtMB(rss(r.npmSynth))} |`);
        refRows.push(`| \`node build/bin/main.js\`, end to end | ${fmtMs(median(r.app.map((s) => s.processMs)))} | ${fmtMB(rss(r.app))} |`);
        const coldMs = median(r.appCold.map((s) => s.processMs));
        refRows.push(
          `| \`node build/bin/main.js\`, end to end, empty code cache (the first synth after an install; ${(coldMs / rawMs).toFixed(2)}× the raw floor) | ${fmtMs(coldMs)} | ${fmtMB(rss(r.appCold))} |`,
        );
        refRows.push(
          `| raw cdk8s floor: the same objects as plain ApiObjects, same writer, no validation (\`measure-child.js ref-raw\`), end to end | ${fmtMs(rawMs)} | ${fmtMB(median(r.refRaw.map((s) => s.child!.maxRssMB)))} |`,
        );
        refRows.push(
          `| \`node build/bin/main.js\`, in-process (modules + synth, Node start-up excluded) | ${fmtMs(median(r.inProcess.map((s) => s.inProcessMs!)))} | ${fmtMB(median(r.inProcess.map((s) => s.maxRssMB!)))} |`,
        );
        refPhases = r.phases;
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    } catch (e) {
      failures.push(`reference app: ${(e as Error).message}`);
      lines.push(`| reference \`npm run synth\` end to end | **failed**: ${firstLine(e)} | ≤ 1.5 s | not measured |`);
    }
  } else {
    lines.push('| reference `npm run synth` end to end | not measured: build/bin/main.js does not exist | ≤ 1.5 s | not measured |');
  }

  // 4. Pulumi mock run.
  try {
    const pr = measure(opts, { pulumi: () => runChild('pulumi', opts.pulumiObjects) }, 'pulumi');
    const pInfo = pr.pulumi[0].child!.info!;
    const pProc = median(pr.pulumi.map((s) => s.processMs));
    const pIn = median(pr.pulumi.map((s) => s.child!.wallMs));
    lines.push(
      `| Pulumi mock run (${String(pInfo.program)}; ${String(pInfo.resources)} Pulumi resources): whole process / program + registrations only | ${fmtMs(pProc)} / ${fmtMs(pIn)}, ${fmtMB(median(pr.pulumi.map((s) => s.child!.maxRssMB)))} | ≤ 5 s (whole process) | ${mark(pProc <= 5000)} |`,
    );
  } catch (e) {
    failures.push(`pulumi: ${(e as Error).message}`);
    lines.push(`| Pulumi mock run | **failed**: ${firstLine(e)} | ≤ 5 s | not measured |`);
  }

  // 5. Dependent charts: the same stack in 1, 2 and 10 charts, each depending on the one before.
  const chainRows: string[] = [];
  const chainObjects = opts.quick ? 200 : 8000;
  try {
    const chainOpts = Object.assign({}, opts, { runs: Math.min(opts.runs, 3) });
    const r = measure(
      chainOpts,
      {
        one: () => runChild('lib-chain-1', chainObjects),
        two: () => runChild('lib-chain-2', chainObjects),
        ten: () => runChild('lib-chain-10', chainObjects),
      },
      'dependent charts',
    );
    for (const [k, samples] of [
      [1, r.one],
      [2, r.two],
      [10, r.ten],
    ] as const) {
      const info = samples[0].child!.info!;
      chainRows.push(
        `| ${samples[0].child!.objects} | ${k} | ${fmtMs(median(samples.map((s) => s.child!.wallMs)))} | ${fmtMB(median(samples.map((s) => s.child!.maxRssMB)))} | ${String(info.edges)} | ${String(info.crossChartEdges)} |`,
      );
    }
  } catch (e) {
    failures.push(`dependent charts: ${(e as Error).message}`);
    chainRows.push(`| ${chainObjects} | | **failed**: ${firstLine(e)} | | | |`);
  }

  // 6. The Pulumi adapter over the generated stack (one chart, and two dependent charts), in both registration modes
  // (per object; per chart: one yaml/v2 ConfigGroup per chart), and per chart over ten chained charts.
  const pulumiRows: string[] = [];
  const pulumiObjects = opts.quick ? 200 : 5000;
  try {
    const pOpts = Object.assign({}, opts, { runs: Math.min(opts.runs, 3) });
    const r = measure(
      pOpts,
      {
        one: () => runChild('pulumi-stack', pulumiObjects),
        two: () => runChild('pulumi-chain-2', pulumiObjects),
        oneCg: () => runChild('pulumi-stack-cg', pulumiObjects),
        twoCg: () => runChild('pulumi-chain-cg-2', pulumiObjects),
        tenCg: () => runChild('pulumi-chain-cg-10', pulumiObjects),
      },
      'pulumi adapter',
    );
    for (const [label, samples] of [
      ['1 chart, per object', r.one],
      ['2 dependent charts, per object', r.two],
      ['1 chart, per chart (ConfigGroup)', r.oneCg],
      ['2 dependent charts, per chart (ConfigGroup)', r.twoCg],
      ['10 chained charts, per chart (ConfigGroup)', r.tenCg],
    ] as const) {
      const proc = median(samples.map((s) => s.processMs));
      const rss = median(samples.map((s) => s.child!.maxRssMB));
      pulumiRows.push(
        `| ${samples[0].child!.objects} | ${label} | ${fmtMs(proc)} | ${fmtMs(median(samples.map((s) => s.child!.wallMs)))} | ${fmtMs(median(samples.map((s) => s.child!.cpuMs)))} | ${fmtMB(rss)} | ≤ 3 s, ≤ 400 MB | ${mark(proc <= 3000 && rss <= 400)} |`,
      );
    }
  } catch (e) {
    failures.push(`pulumi adapter: ${(e as Error).message}`);
    pulumiRows.push(`| ${pulumiObjects} | | **failed**: ${firstLine(e)} | | | | | |`);
  }

  lines.push('');
  lines.push('### Dependent charts (library `synthesize()`, the stack split into k charts, each depending on the one before)');
  lines.push('');
  lines.push('| objects | charts | library synth | peak RSS | ApiObject dependency edges | of them across charts |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
  lines.push(...chainRows);
  lines.push('');
  lines.push('### Pulumi adapter (`Cdk8sDeployment` over the generated stack, under mocks)');
  lines.push('');
  lines.push(
    '`registration`: per object (the default) or `RegistrationMode.PER_CHART` (one yaml/v2 ConfigGroup per chart; the provider registers the objects, and it does not run under mocks: the per-chart rows are the program side only).',
  );
  lines.push('');
  lines.push('| objects | charts | whole process | program + registrations | CPU time (same span) | peak RSS | target | |');
  lines.push('| ---: | --- | ---: | ---: | ---: | ---: | --- | --- |');
  lines.push(...pulumiRows);

  if (refRows.length > 0) {
    lines.push('');
    lines.push('### Reference app (`build/bin/main.js`)');
    lines.push('');
    lines.push('| command | wall | peak RSS |');
    lines.push('| --- | ---: | ---: |');
    lines.push(...refRows);
  }

  lines.push('');
  lines.push('### Where the time goes (in-process phases, median)');
  lines.push('');
  lines.push(
    '| objects | side | construct build | synth checks + dependency order | objects to JSON | `validateManifests` | preflight | YAML stringify | write | module load | constructs |',
  );
  lines.push('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  lines.push(...phaseRows);
  if (refPhases) {
    const c = refPhases[0].child!;
    const cell = (name: string): string => fmtMs(median(refPhases!.map((s) => s.child!.phases![name])));
    lines.push(
      `| ${c.objects} (reference app) | library | ${cell('build')} | ${cell('order')} | ${cell('toJson')} | ${cell('validateManifests')} | ${cell('preflight')} | ${cell('yamlStringify')} | ${cell('write')} | ${fmtMs(median(refPhases.map((s) => s.child!.requireMs)))} | ${String(c.info!.constructs)} |`,
    );
  }
  const load1 = os.loadavg();
  lines.push('');
  lines.push(
    `Load average (1 min) at start / end: ${load0[0].toFixed(2)} / ${load1[0].toFixed(2)}. Total bench time ${fmtMs(Date.now() - started.getTime())}.`,
  );

  const table = report.lines.join('\n');
  process.stdout.write(`${table}\n`);
  if (opts.readme) {
    const text = readFileSync(README, 'utf8');
    const a = text.indexOf(START);
    const b = text.indexOf(END);
    if (a < 0 || b < a) throw new Error(`${README} has no ${START} ... ${END} section`);
    writeFileSync(README, `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`);
    log(`wrote the table into ${path.relative(ROOT, README)}`);
  }
  if (failures.length > 0) {
    process.stderr.write(`\n${failures.join('\n\n')}\n`);
    process.exit(1);
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n').find((l) => /Error|error/.test(l)) ?? String(e).split('\n')[0];
}

try {
  main();
} catch (e) {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
}
