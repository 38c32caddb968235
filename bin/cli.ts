#!/usr/bin/env node
/**
 * `vsphere-k8s`: the command line of the reference solution (docs/cli.md).
 *
 *   vsphere-k8s synth  [--config FILE] [--out DIR] [--extras DIR] [--no-report]
 *   vsphere-k8s check  [--config FILE] [--skip CHECK]...
 *   vsphere-k8s report [--config FILE | --manifests DIR] [--out DIR]
 *   vsphere-k8s diff   --previous DIR [--config FILE | --current DIR] [--json]
 *
 * Results go to stdout, progress and timing to stderr (`--quiet` drops them). Exit codes: 0 success; 1 failure
 * (config, schema validation, preflight, file access); 2 `diff` found an upgrade-safety error; 64 usage error.
 */
import { enableModuleCodeCache } from '../lib/core/module-code-cache';
// Run as the command (not imported by a test): the library modules below load through the code cache
// (lib/core/module-code-cache.ts, issue 15), so this comes before the other imports, which TypeScript emits in order.
if (require.main === module) enableModuleCodeCache();
import * as path from 'path';
import { parseArgs, ParseArgsConfig } from 'util';
import { App } from 'cdk8s';
import { ValidationError } from '../lib/core/errors';
import { PreflightCheck } from '../lib/core/preflight/types';
import { runPreflight } from '../lib/core/preflight-run';
import { synthCharts, synthesize, validationOptionsFor } from '../lib/core/synth';
import { assertValidManifests, ManifestObject } from '../lib/core/validation';
import { formatSemanticDiff, readManifestFiles, semanticDiff, writeReviewReport } from '../lib/review';
import { loadSolutionConfig, SolutionConfig } from '../lib/solution/config';
import { KubernetesOnVsphere } from '../lib/solution/kubernetes-on-vsphere';
import { readManifestsDir } from '../lib/solution/upgrade-safety';

/** Exit codes of the CLI (docs/cli.md#exit-codes). */
export const EXIT = {
  /** The command did what it was asked. */
  OK: 0,
  /** Config, schema validation, preflight or file access failed. */
  FAILED: 1,
  /** `diff`: a change the API server or a component refuses or breaks on (an upgrade-safety error). */
  UPGRADE_UNSAFE: 2,
  /** Unknown command or option, missing or bad argument (sysexits EX_USAGE). */
  USAGE: 64,
} as const;

/** Where the CLI writes and what it reads from the environment (injectable for tests). */
export interface CliIo {
  /** Results. */
  readonly stdout: (text: string) => void;
  /** Progress, timing, warnings and errors. */
  readonly stderr: (text: string) => void;
  /** Environment (`VSPHERE_K8S_CONFIG`, `VSPHERE_*` overrides). */
  readonly env: NodeJS.ProcessEnv;
}

const PREFLIGHT_CHECKS: PreflightCheck[] = ['pod-security', 'scheduling', 'crds', 'files', 'references', 'quota'];

const COMMON_HELP = `  --config FILE   solution config (YAML or JSON); default: $VSPHERE_K8S_CONFIG, else the built-in defaults
  --quiet         no progress or timing on stderr
  -h, --help      this help`;

const HELP: Record<string, string> = {
  '': `Usage: vsphere-k8s <command> [options]

Kubernetes on vSphere (CNS storage, Antrea networking) from one solution config.

Commands:
  synth    validate, preflight and write the manifests, the extra files and the review report
  check    validate and preflight without writing anything
  report   write the review report (policies by tier, connectivity, storage, node pools, diagram)
  diff     compare with a previous output: objects, fields, policy rules and upgrade-safety findings

Run 'vsphere-k8s <command> --help' for the options of a command.
Exit codes: 0 success, 1 failure (config, validation, preflight, files), 2 diff found an upgrade-safety error,
64 usage error. Progress and timing go to stderr; results to stdout.
`,
  synth: `Usage: vsphere-k8s synth [--config FILE] [--out DIR] [--extras DIR] [--no-report]

Builds the solution, validates every object strictly, runs the preflight and writes one YAML file per chart.
  --out DIR       manifests folder (default dist/manifests)
  --extras DIR    folder for the files that are not applied (default: 'extra' beside a 'manifests' folder)
  --no-report     do not write the review report to <extras>/review
${COMMON_HELP}
Exit codes: 0 written, 1 config/validation/preflight error (nothing written), 64 usage error.
`,
  check: `Usage: vsphere-k8s check [--config FILE] [--skip CHECK]...

Builds the solution, validates every object strictly and runs the preflight; writes no file.
  --skip CHECK    skip a preflight check (${PREFLIGHT_CHECKS.join(', ')}); repeatable
${COMMON_HELP}
Exit codes: 0 valid (warnings are printed), 1 invalid, 64 usage error.
`,
  report: `Usage: vsphere-k8s report [--config FILE | --manifests DIR] [--out DIR]

Writes the review report (README.md, solution.dot, solution.svg).
  --manifests DIR  report on an existing synth output instead of building from the config
                   (the node pools then come from --config only when it is given)
  --out DIR        report folder (default dist/extra/review)
${COMMON_HELP}
Exit codes: 0 written, 1 config/validation/read error, 64 usage error.
`,
  diff: `Usage: vsphere-k8s diff --previous DIR [--config FILE | --current DIR] [--json]

Compares a previous synth output with the current one (built from the config, or read from --current): objects
added, removed and changed (per field; Secret values hidden), network policy rules (added, removed, changed, moved)
and the upgrade-safety findings (Tier priority, StorageClass parameters, IP pool ranges, CSI cluster-id, versions).
  --previous DIR  manifests folder of the previous output (required)
  --current DIR   manifests folder of the current output (default: build from the config)
  --json          print the diff as JSON
${COMMON_HELP}
Exit codes: 0 no upgrade-safety error, 1 config/validation/read error, 2 an upgrade-safety error, 64 usage error.
`,
};

const OPTIONS: Record<string, NonNullable<ParseArgsConfig['options']>> = {
  synth: { out: { type: 'string' }, extras: { type: 'string' }, 'no-report': { type: 'boolean' } },
  check: { skip: { type: 'string', multiple: true } },
  report: { manifests: { type: 'string' }, out: { type: 'string' } },
  diff: { previous: { type: 'string' }, current: { type: 'string' }, json: { type: 'boolean' } },
};

/** A bad command-line argument: `[vsphere-k8s <command>] --<option>: got <value>, expected <what is allowed>`. */
class UsageError extends ValidationError {
  public constructor(command: string, option: string, value: unknown, allowed: string) {
    super(`vsphere-k8s ${command}`, option, value, allowed);
  }
}

/** Times the steps of a command on stderr. */
class Progress {
  private readonly start = process.hrtime.bigint();
  public constructor(
    private readonly io: CliIo,
    public readonly command: string,
    private readonly quiet: boolean,
  ) {}

  public step<T>(what: string, fn: () => T): T {
    const t = process.hrtime.bigint();
    const result = fn();
    this.note(`${what} (${Number((process.hrtime.bigint() - t) / 1000000n)} ms)`);
    return result;
  }

  public async stepAsync<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const t = process.hrtime.bigint();
    const result = await fn();
    this.note(`${what} (${Number((process.hrtime.bigint() - t) / 1000000n)} ms)`);
    return result;
  }

  public done(): void {
    this.note(`done in ${Number((process.hrtime.bigint() - this.start) / 1000000n)} ms`);
  }

  private note(text: string): void {
    if (!this.quiet) this.io.stderr(`vsphere-k8s ${this.command}: ${text}\n`);
  }
}

function loadConfig(p: Progress, file: string | undefined, env: NodeJS.ProcessEnv): SolutionConfig {
  const source = file ?? (env.VSPHERE_K8S_CONFIG || undefined);
  return p.step(`config ${source ?? '(defaults)'} loaded`, () => loadSolutionConfig(source, { env }));
}

function buildApp(config: SolutionConfig, outdir: string): App {
  const app = new App({ outdir });
  new KubernetesOnVsphere(app, config.clusterName, { config });
  return app;
}

/** Builds, validates and preflights in memory: the objects in apply order. */
function checkedObjects(p: Progress, config: SolutionConfig, skip: PreflightCheck[] = []): { objects: ManifestObject[]; warnings: number } {
  const app = p.step('constructs built', () => buildApp(config, path.join('dist', 'manifests')));
  const objects = p.step('objects synthesized', () => synthCharts(app).flatMap((c) => c.objects));
  p.step(`${objects.length} objects valid against the schemas`, () => assertValidManifests(objects, validationOptionsFor(app)));
  const findings = p.step('preflight passed', () => runPreflight(app, objects, { skip }));
  return { objects, warnings: findings.filter((f) => f.severity === 'warning').length };
}

function readDir(p: Progress, dir: string, what: string): ManifestObject[] {
  return p.step(`${what} ${dir} read`, () => {
    const objects = readManifestsDir(dir);
    if (objects.length === 0) throw new UsageError(p.command, `--${what}`, dir, 'a folder of synthesized *.yaml manifests');
    return objects;
  });
}

async function synth(io: CliIo, p: Progress, v: Record<string, any>): Promise<number> {
  const config = loadConfig(p, v.config, io.env);
  const manifestsDir: string = v.out ?? path.join('dist', 'manifests');
  const app = p.step('constructs built', () => buildApp(config, manifestsDir));
  const result = p.step('validated, preflighted and written', () => synthesize(app, { manifestsDir, extrasDir: v.extras }));
  let report: string[] = [];
  if (!v['no-report']) {
    const dir = path.join(result.extrasDir, 'review');
    report = await p.stepAsync(`review report written to ${dir}`, () =>
      writeReviewReport(dir, readManifestFiles(result.manifestFiles), { config }),
    );
  }
  io.stdout(
    `synthesized ${result.objectCount} objects into ${result.manifestFiles.length} files in ${manifestsDir}/ (apply in file order)\n` +
      [...result.manifestFiles, ...result.extraFiles, ...report].map((f) => `  ${f}\n`).join(''),
  );
  for (const f of result.strayManifestFiles)
    io.stderr(`[WARNING] ${f} was not written by this synth; kubectl apply -f on the folder would apply it too\n`);
  return EXIT.OK;
}

function check(io: CliIo, p: Progress, v: Record<string, any>): number {
  const skip = (v.skip ?? []) as string[];
  for (const s of skip) {
    if (!PREFLIGHT_CHECKS.includes(s as PreflightCheck))
      throw new UsageError('check', '--skip', s, `one of ${PREFLIGHT_CHECKS.join(', ')}`);
  }
  const config = loadConfig(p, v.config, io.env);
  const { objects, warnings } = checkedObjects(p, config, skip as PreflightCheck[]);
  io.stdout(`ok: ${objects.length} objects valid, preflight passed with ${warnings} warning(s)\n`);
  return EXIT.OK;
}

async function report(io: CliIo, p: Progress, v: Record<string, any>): Promise<number> {
  const config = v.manifests === undefined || v.config !== undefined ? loadConfig(p, v.config, io.env) : undefined;
  const objects = v.manifests !== undefined ? readDir(p, v.manifests, 'manifests') : checkedObjects(p, config!).objects;
  const dir: string = v.out ?? path.join('dist', 'extra', 'review');
  const files = await p.stepAsync(`report rendered and written`, () => writeReviewReport(dir, objects, { config }));
  io.stdout(`review report of ${objects.length} objects written to ${dir}/:\n${files.map((f) => `  ${f}\n`).join('')}`);
  return EXIT.OK;
}

function diff(io: CliIo, p: Progress, v: Record<string, any>): number {
  if (v.previous === undefined) throw new UsageError('diff', '--previous', undefined, 'the manifests folder of the previous output');
  if (v.current !== undefined && v.config !== undefined) {
    throw new UsageError(
      'diff',
      '--current',
      v.current,
      'no --current together with --config (compare with an output folder or with the config, not both)',
    );
  }
  const previous = readDir(p, v.previous, 'previous');
  const current = v.current !== undefined ? readDir(p, v.current, 'current') : checkedObjects(p, loadConfig(p, v.config, io.env)).objects;
  const d = p.step('compared', () => semanticDiff(previous, current));
  io.stdout(v.json ? `${JSON.stringify(d, null, 2)}\n` : formatSemanticDiff(d));
  return d.upgrade.some((f) => f.severity === 'error') ? EXIT.UPGRADE_UNSAFE : EXIT.OK;
}

/** Runs the CLI with `argv` (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP['']);
    return command === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (!(command in OPTIONS)) {
    io.stderr(`${new ValidationError('vsphere-k8s', 'command', command, 'one of synth, check, report, diff').message}\n\n${HELP['']}`);
    return EXIT.USAGE;
  }
  let values: Record<string, any>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: Object.assign({}, OPTIONS[command], {
        config: { type: 'string' as const },
        quiet: { type: 'boolean' as const },
        help: { type: 'boolean' as const, short: 'h' },
      }),
      allowPositionals: false,
      strict: true,
    }));
  } catch (e) {
    io.stderr(`vsphere-k8s ${command}: ${(e as Error).message}\n\n${HELP[command]}`);
    return EXIT.USAGE;
  }
  if (values.help) {
    io.stdout(HELP[command]);
    return EXIT.OK;
  }
  const p = new Progress(io, command, values.quiet === true);
  try {
    const code =
      command === 'synth'
        ? await synth(io, p, values)
        : command === 'check'
          ? check(io, p, values)
          : command === 'report'
            ? await report(io, p, values)
            : diff(io, p, values);
    p.done();
    return code;
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n\n${HELP[command]}`);
      return EXIT.USAGE;
    }
    io.stderr(`vsphere-k8s ${command}: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.FAILED;
  }
}

if (require.main === module) {
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env };
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
