import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { ClusterModel } from './cluster-model';
import { ExtraFile } from './extra-file';
import { PreflightSettings, runPreflight } from './preflight-run';
import { PreflightFinding } from './preflight/types';
import { orderCharts } from './synth-order';
import { assertValidManifests, ManifestObject, ValidateManifestsOptions } from './validation';

/** Options of {@link synthesize}. */
export interface SynthesizeOptions {
  /**
   * Folder for the manifests that are applied to the cluster (one YAML file per chart).
   * @default - the App's outdir (`CDK8S_OUTDIR` when run by `cdk8s synth`)
   */
  readonly manifestsDir?: string;
  /**
   * Folder for files that are not applied to the cluster ({@link ExtraFile}: KubeKey config, secret templates).
   * @default - `<manifestsDir>/../extra` when manifestsDir ends in `manifests`, else `<manifestsDir>-extra`
   */
  readonly extrasDir?: string;
  /**
   * Validate every object strictly against the bundled schemas before writing anything.
   * @default true
   */
  readonly validate?: boolean;
  /** Options passed to the validator. @default - strict, no unknown kinds, the schema of the ClusterModel's version */
  readonly validation?: ValidateManifestsOptions;
  /**
   * The preflight run after validation (lib/core/preflight): what admission, the scheduler or a component would refuse.
   * @default - on, all checks
   */
  readonly preflight?: PreflightSettings;
}

/** What {@link synthesize} wrote. */
export interface SynthesizeResult {
  /** Manifest files, in apply order, relative to the current directory. */
  readonly manifestFiles: string[];
  /** Extra files (not applied), relative to the current directory. */
  readonly extraFiles: string[];
  /** Number of Kubernetes objects written. */
  readonly objectCount: number;
  /** Preflight findings that did not stop the synth (warnings and notes). */
  readonly preflightFindings: PreflightFinding[];
  /** Files of an earlier run (listed in its record) that this run did not write again, and so removed. */
  readonly removedFiles: string[];
  /**
   * `*.k8s.yaml` files in the manifests folder that neither this run nor a recorded earlier run wrote. They are left
   * alone (the library never deletes a file it did not write) and reported, since `kubectl apply -f <folder>` would
   * apply them too.
   */
  readonly strayManifestFiles: string[];
}

/** The record of the files a synth wrote, kept in the manifests folder so that the next run removes only those. */
export const SYNTH_RECORD_FILE = '.vsphere-k8s-synth.json';
const RECORD_TOOL = 'vsphere-k8s-constructs';

/** Reads the files listed by an earlier run's record (absolute paths), or none when there is no valid record. */
function readSynthRecord(manifestsDir: string): string[] {
  const file = path.join(manifestsDir, SYNTH_RECORD_FILE);
  if (!existsSync(file)) return [];
  try {
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { tool?: unknown; files?: unknown };
    if (rec.tool !== RECORD_TOOL || !Array.isArray(rec.files)) return [];
    return rec.files.filter((f): f is string => typeof f === 'string').map((f) => path.resolve(manifestsDir, f));
  } catch {
    return [];
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Removes `dir` and its parents up to (not including) `root` while they are empty. */
function removeEmptyDirs(dir: string, root: string): void {
  let d = dir;
  while (isInside(root, d) && existsSync(d) && readdirSync(d).length === 0) {
    rmdirSync(d);
    d = path.dirname(d);
  }
}

// The options cdk8s' own Yaml.stringify uses, so the output is the same as `cdk8s synth` writes.
const YAML_OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** A string the yaml library would write as a block scalar it cannot read back (whitespace-only lines, e.g. " \n"). */
function unsafeBlockScalar(v: string): boolean {
  return v.includes('\n') && /^[ \t\n]*$/.test(v) && /[ \t]/.test(v);
}

function hasUnsafeBlockScalar(node: unknown): boolean {
  if (typeof node === 'string') return unsafeBlockScalar(node);
  if (Array.isArray(node)) return node.some(hasUnsafeBlockScalar);
  if (node !== null && typeof node === 'object') return Object.values(node).some(hasUnsafeBlockScalar);
  return false;
}

/**
 * Serializes objects as a multi-document YAML stream, like cdk8s' `Yaml.stringify`, except that strings the yaml
 * library cannot round-trip as block scalars (whitespace-only multi-line values such as `" \n"`) are written
 * double-quoted, so every value reads back unchanged.
 */
export function toYaml(objects: readonly unknown[]): string {
  return objects
    .map((o) => {
      if (!hasUnsafeBlockScalar(o)) return YAML.stringify(o, YAML_OPTIONS);
      const doc = new YAML.Document(o, YAML_OPTIONS);
      YAML.visit(doc, {
        Scalar(_key, node) {
          if (typeof node.value === 'string' && unsafeBlockScalar(node.value)) node.type = 'QUOTE_DOUBLE';
        },
      });
      return doc.toString(YAML_OPTIONS);
    })
    .join('---\n');
}

/** A chart's file name: its construct path, lowercased, with every run of other characters replaced by `-`. */
export function chartFileName(chart: Chart): string {
  return (
    chart.node.path
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart'
  );
}

/**
 * The JSON objects of every chart of `app`, in apply order (charts topologically, objects by dependency): the same
 * charts, objects and order as cdk8s' `app.synth()`, computed once for the whole App (`orderCharts` in lib/core/synth-order.ts).
 */
export function synthCharts(app: App): Array<{ chart: Chart; objects: ManifestObject[] }> {
  return orderCharts(app).map(({ chart, apiObjects }) => ({ chart, objects: apiObjects.map((o) => o.toJson() as ManifestObject) }));
}

/**
 * Deterministic synthesis: writes one `NNNN-<chart>.k8s.yaml` file per chart (NNNN is the chart's position in
 * dependency order), after validating every object strictly, and writes {@link ExtraFile}s to a separate folder.
 * Files that an earlier run wrote (listed in its record, {@link SYNTH_RECORD_FILE} in the manifests folder) and this run
 * does not write again are removed, so the output always equals this run's; no other file or folder is ever removed.
 */
export function synthesize(app: App, options: SynthesizeOptions = {}): SynthesizeResult {
  const manifestsDir = options.manifestsDir ?? app.outdir;
  const extrasDir =
    options.extrasDir ??
    (path.basename(manifestsDir) === 'manifests' ? path.join(path.dirname(manifestsDir), 'extra') : `${manifestsDir}-extra`);
  const charts = synthCharts(app);
  const all = charts.flatMap((c) => c.objects);
  if (options.validate ?? true) assertValidManifests(all, validationOptionsFor(app, options.validation));
  const preflightFindings = runPreflight(app, all, options.preflight);
  mkdirSync(manifestsDir, { recursive: true });
  // Only files this library wrote are ever removed: those listed in the previous run's record and not written again.
  const previous = readSynthRecord(manifestsDir);
  const manifestFiles: string[] = [];
  let objectCount = 0;
  charts.forEach(({ chart, objects }, i) => {
    const file = path.join(manifestsDir, `${String(i).padStart(4, '0')}-${chartFileName(chart)}.k8s.yaml`);
    writeFileSync(file, objects.length > 0 ? toYaml(objects) : '');
    manifestFiles.push(file);
    objectCount += objects.length;
  });
  const extras = ExtraFile.collect(app);
  const extraFiles: string[] = [];
  for (const x of extras) {
    const file = path.join(extrasDir, x.path);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, x.content, { mode: x.sensitive ? 0o600 : 0o644 });
    if (x.sensitive) chmodSync(file, 0o600);
    extraFiles.push(file);
  }
  const written = new Set([...manifestFiles, ...extraFiles].map((f) => path.resolve(f)));
  const removedFiles: string[] = [];
  for (const old of previous) {
    if (written.has(old) || !(isInside(manifestsDir, old) || isInside(extrasDir, old))) continue;
    if (!existsSync(old) || !statSync(old).isFile()) continue;
    rmSync(old);
    removedFiles.push(path.relative(process.cwd(), old));
    removeEmptyDirs(path.dirname(old), isInside(manifestsDir, old) ? manifestsDir : extrasDir);
  }
  const known = new Set([...written, ...previous]);
  const strayManifestFiles = readdirSync(manifestsDir)
    .filter((f) => f.endsWith('.k8s.yaml') && !known.has(path.resolve(manifestsDir, f)))
    .map((f) => path.join(manifestsDir, f));
  const record = {
    tool: RECORD_TOOL,
    note: 'Files written by the last synth; the next synth removes those it does not write again, and nothing else.',
    files: [...written].map((f) => path.relative(path.resolve(manifestsDir), f).split(path.sep).join('/')).sort(),
  };
  writeFileSync(path.join(manifestsDir, SYNTH_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return { manifestFiles, extraFiles, objectCount, preflightFindings, removedFiles, strayManifestFiles };
}

/** The validation options with the Kubernetes version of the App's {@link ClusterModel} when none is given. */
export function validationOptionsFor(scope: IConstruct, options: ValidateManifestsOptions = {}): ValidateManifestsOptions {
  const version = ClusterModel.find(scope)?.kubernetesVersion;
  if (options.kubernetesVersion !== undefined || version === undefined) return options;
  return Object.assign({}, options, { kubernetesVersion: version });
}
