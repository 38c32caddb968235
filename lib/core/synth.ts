import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
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
   * Folder for files that are not applied to the cluster ({@link ExtraFile}: KubeKey config, create-secrets.sh, Helm
   * values). Never the manifests folder itself. See {@link resolveExtrasDir} for the default.
   * @default - `$VSPHERE_K8S_EXTRAS_DIR` if set; else the sibling `extra` folder when the manifests folder is called
   * `manifests` (`dist/manifests` → `dist/extra`); else `dist/extra` in the current directory (the default App's
   * `dist`, the temporary folder of `cdk8s synth --stdout`, the `templates` folder of `cdk8s synth --format helm`)
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
  /** The manifests folder (as given or the App's outdir). */
  readonly manifestsDir: string;
  /** The extras folder the {@link ExtraFile}s were written to (see {@link resolveExtrasDir}). */
  readonly extrasDir: string;
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

/**
 * The record of the files a synth wrote, kept in the manifests folder so that the next run removes only those. A copy
 * listing the extra files is kept in the extras folder too, because `cdk8s synth` empties (or, with `--stdout`,
 * replaces) the manifests folder before every run: stale extra files are still removed then.
 */
export const SYNTH_RECORD_FILE = '.vsphere-k8s-synth.json';

/** Environment variable naming the extras folder (relative to the current directory), when no `extrasDir` is given. @internal */
export const EXTRAS_DIR_ENV = 'VSPHERE_K8S_EXTRAS_DIR';

/** The extras folder when neither `extrasDir` nor `VSPHERE_K8S_EXTRAS_DIR` names one and the manifests folder is not called `manifests`. @internal */
export const DEFAULT_EXTRAS_DIR = path.join('dist', 'extra');

/**
 * The folder {@link synthesize} writes the {@link ExtraFile}s to, for every cdk8s output mode:
 *
 * 1. `options.extrasDir`, if given;
 * 2. else `$VSPHERE_K8S_EXTRAS_DIR`, if set and not empty;
 * 3. else, when the manifests folder is called `manifests`, its sibling `extra` (`dist/manifests` → `dist/extra`: the
 *    reference app, `cdk8s.yaml` with `output: dist/manifests`);
 * 4. else `dist/extra` in the current directory: a default `new App()` (outdir `dist`, so the extras are in a subfolder
 *    of the manifests folder, which `kubectl apply -f dist/` without `-R` skips), `cdk8s synth --stdout` (the
 *    manifests folder is a temporary folder the CLI deletes) and `cdk8s synth --format helm` (the manifests folder is
 *    the chart's `templates`: the extras stay out of the chart).
 *
 * A relative result is relative to the current directory.
 */
export function resolveExtrasDir(manifestsDir: string, options: { extrasDir?: string } = {}, env: NodeJS.ProcessEnv = process.env): string {
  if (options.extrasDir !== undefined) return options.extrasDir;
  const fromEnv = env[EXTRAS_DIR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (path.basename(path.resolve(manifestsDir)) === 'manifests') return path.join(path.dirname(manifestsDir), 'extra');
  return DEFAULT_EXTRAS_DIR;
}

/** How cdk8s asked for the manifests, as far as the manifests folder tells. @internal */
export type OutputMode = 'folder' | 'temporary' | 'helm-templates';

/**
 * `helm-templates` when the manifests folder is the `templates` folder of a Helm chart (`cdk8s synth --format helm`
 * writes `Chart.yaml` beside it before it runs the app); `temporary` when it is a folder directly in the OS temp folder
 * (`cdk8s synth --stdout` runs the app with `CDK8S_OUTDIR=<tmp>/cdk8s-XXXXXX`, prints the YAML files it finds there, then
 * deletes the folder; cdk8s' `Testing.app()` outdirs are such folders too); else `folder`.
 * @internal
 */
export function outputModeOf(manifestsDir: string, tempDir: string = tmpdir()): OutputMode {
  const dir = realOrResolved(manifestsDir);
  if (path.basename(dir) === 'templates' && existsSync(path.join(path.dirname(dir), 'Chart.yaml'))) return 'helm-templates';
  if (path.dirname(dir) === realOrResolved(tempDir)) return 'temporary';
  return 'folder';
}

function realOrResolved(p: string): string {
  const abs = path.resolve(p);
  // the folder itself may not exist yet: resolve the symlinks of its closest existing parent (e.g. /tmp → /private/tmp)
  let existing = abs;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  try {
    return path.join(realpathSync(existing), path.relative(existing, abs));
  } catch {
    return abs;
  }
}
const RECORD_TOOL = 'vsphere-k8s-constructs';

/** Reads the files listed by an earlier run's record in `dir` (absolute paths), or none when there is no valid record. */
function readSynthRecord(dir: string): string[] {
  const file = path.join(dir, SYNTH_RECORD_FILE);
  if (!existsSync(file)) return [];
  try {
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { tool?: unknown; files?: unknown };
    if (rec.tool !== RECORD_TOOL || !Array.isArray(rec.files)) return [];
    return rec.files.filter((f): f is string => typeof f === 'string').map((f) => path.resolve(dir, f));
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
 * @internal
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

/** A chart's file name: its construct path, lowercased, with every run of other characters replaced by `-`. @internal */
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
 * dependency order), after validating every object strictly, and writes {@link ExtraFile}s to a separate folder
 * ({@link resolveExtrasDir}). Files that an earlier run wrote (listed in its record, {@link SYNTH_RECORD_FILE} in the
 * manifests folder, and in the extras folder for the extra files) and this run does not write again are removed, so the
 * output always equals this run's; no other file or folder is ever removed. When the manifests folder is temporary
 * (`cdk8s synth --stdout`) or a Helm chart's `templates` (`--format helm`), a note on stderr says where the extra files
 * went (unless `VSPHERE_K8S_SILENCE_WARNINGS=1`).
 */
export function synthesize(app: App, options: SynthesizeOptions = {}): SynthesizeResult {
  const manifestsDir = options.manifestsDir ?? app.outdir;
  const extrasDir = resolveExtrasDir(manifestsDir, options);
  if (path.resolve(extrasDir) === path.resolve(manifestsDir)) {
    throw new Error(
      `extrasDir: got "${extrasDir}", expected a folder other than the manifests folder (the extra files are not applied to the cluster)`,
    );
  }
  const charts = synthCharts(app);
  const all = charts.flatMap((c) => c.objects);
  if (options.validate ?? true) assertValidManifests(all, validationOptionsFor(app, options.validation));
  const preflightFindings = runPreflight(app, all, options.preflight);
  mkdirSync(manifestsDir, { recursive: true });
  // Only files this library wrote are ever removed: those listed in the previous run's records and not written again.
  const extrasRecord = path.join(extrasDir, SYNTH_RECORD_FILE);
  const previous = [...new Set([...readSynthRecord(manifestsDir), ...readSynthRecord(extrasDir).filter((f) => isInside(extrasDir, f))])];
  const manifestFiles: string[] = [];
  let objectCount = 0;
  charts.forEach(({ chart, objects }, i) => {
    const file = path.join(manifestsDir, `${String(i).padStart(4, '0')}-${chartFileName(chart)}.k8s.yaml`);
    // A chart holding a Secret with data (VsphereCredentials.unsafePlainText) is written owner-only, like sensitive extras.
    const sensitive = objects.some(
      (o) => o.kind === 'Secret' && o.apiVersion === 'v1' && (o.data !== undefined || o.stringData !== undefined),
    );
    writeFileSync(file, objects.length > 0 ? toYaml(objects) : '', sensitive ? { mode: 0o600 } : undefined);
    if (sensitive) chmodSync(file, 0o600);
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
  writeSynthRecord(manifestsDir, [...written]);
  if (extraFiles.length > 0) writeSynthRecord(extrasDir, extraFiles);
  else if (existsSync(extrasRecord)) removeOwnRecord(extrasRecord);
  if (extraFiles.length > 0 && process.env.VSPHERE_K8S_SILENCE_WARNINGS !== '1') {
    const mode = outputModeOf(manifestsDir);
    if (mode !== 'folder') {
      const why =
        mode === 'temporary'
          ? 'a temporary folder (cdk8s synth --stdout deletes it)'
          : "a Helm chart's templates folder (cdk8s synth --format helm); they stay out of the chart";
      process.stderr.write(
        `[NOTE] ${extraFiles.length} extra file(s) that are not applied (${extras.map((x) => x.path).join(', ')}) ` +
          `were written to ${path.resolve(extrasDir)}/, not beside the manifests in ${manifestsDir}, which is ${why}. ` +
          `Set ${EXTRAS_DIR_ENV} or synthesize(app, { extrasDir }) to choose another folder.\n`,
      );
    }
  }
  return { manifestsDir, extrasDir, manifestFiles, extraFiles, objectCount, preflightFindings, removedFiles, strayManifestFiles };
}

function writeSynthRecord(dir: string, files: string[]): void {
  const record = {
    tool: RECORD_TOOL,
    note: 'Files written by the last synth; the next synth removes those it does not write again, and nothing else.',
    files: files.map((f) => path.relative(path.resolve(dir), path.resolve(f)).split(path.sep).join('/')).sort(),
  };
  writeFileSync(path.join(dir, SYNTH_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** Removes a record file of this library (never a file of that name written by something else). */
function removeOwnRecord(file: string): void {
  try {
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { tool?: unknown };
    if (rec.tool === RECORD_TOOL) rmSync(file);
  } catch {
    // not ours, or unreadable: left alone
  }
}

/** The validation options with the Kubernetes version of the App's {@link ClusterModel} when none is given. */
export function validationOptionsFor(scope: IConstruct, options: ValidateManifestsOptions = {}): ValidateManifestsOptions {
  const version = ClusterModel.find(scope)?.kubernetesVersion;
  if (options.kubernetesVersion !== undefined || version === undefined) return options;
  return Object.assign({}, options, { kubernetesVersion: version });
}
