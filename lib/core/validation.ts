import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { flushCodeCache, requireWithCodeCache } from './code-cache';
import { ValidationError } from './errors';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isPathSegmentName, labelValueProblem, qualifiedNameProblem } from './names';

/** A Kubernetes object as plain JSON (what `Chart.toJson()` or a YAML parser returns). */
export interface ManifestObject {
  /** `apiVersion`. @default - absent (reported as a problem by {@link validateManifests}) */
  readonly apiVersion?: unknown;
  /** `kind`. @default - absent (reported as a problem by {@link validateManifests}) */
  readonly kind?: unknown;
  /** `metadata`. @default - absent */
  readonly metadata?: { readonly name?: unknown; readonly namespace?: unknown; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One problem found by {@link validateManifests}. */
export interface ManifestProblem {
  /** Which object: `<apiVersion> <kind> <namespace>/<name>` (or its position when it has no name). */
  readonly object: string;
  /** JSON path inside the object, e.g. `/spec/ingress/0/action`; `` for the object itself. */
  readonly path: string;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/** The result of {@link validateManifests}. */
export interface ManifestValidationResult {
  readonly valid: boolean;
  readonly problems: ManifestProblem[];
  /** How many objects were checked. */
  readonly checked: number;
}

/** Options of {@link validateManifests} (and the `validation` option of `synthesize()` and `Cdk8sDeployment`). */
export interface ValidateManifestsOptions {
  /**
   * The Kubernetes version of the target cluster: its minor picks the schema the objects are checked against.
   * Accepted forms: `v1.33.4`, `1.33.4`, `v1.34`, `1.35`. A minor without a shipped schema is an error that lists the
   * shipped minors ({@link schemaKubernetesMinors}: 1.33, 1.34 and 1.35, the minors this library supports).
   * @default - the default minor, 1.33 (the library's default cluster is v1.33.4)
   */
  readonly kubernetesVersion?: string;
  /**
   * CustomResourceDefinitions (`apiextensions.k8s.io/v1`, parsed YAML or JSON) whose objects are validated against
   * the `openAPIV3Schema` of every served version, made strict exactly as the bundled CRDs are (an unknown field is
   * an error unless the schema preserves unknown fields). They take precedence over the bundled CRDs and over a CRD of
   * the same kind among the validated objects (which is registered for the other objects automatically).
   * @default - none: only the bundled Kubernetes kinds and pinned CRDs, plus the CRDs among the validated objects
   */
  readonly crds?: readonly object[];
  /**
   * Kinds (`<apiVersion>/<kind>`, e.g. `example.com/v1/Widget`) that have no schema and may pass unchecked (their
   * names, labels and duplicates are still checked).
   * @default - none: an object of a kind without a schema is an error
   */
  readonly allowUnknownKinds?: readonly string[];
}

interface KindInfo {
  /** Definition name in schemas/definitions.json. @default - none (a CRD kind) */
  readonly ref?: string;
  readonly namespaced: boolean;
  /** The CRD version is deprecated. @default false */
  readonly deprecated?: boolean;
  /** `<module>#<export>` in schemas/validators/. @default - none (compiled at run time) */
  readonly validator?: string;
}

interface SchemaIndex {
  readonly defaultMinor: string;
  readonly minors: Record<string, { readonly kubernetesVersion: string; readonly kinds: Record<string, KindInfo> }>;
  readonly crds: Record<string, KindInfo & { readonly crdName: string; readonly schemaSha256: string }>;
}

interface SchemaDefinitions {
  readonly definitions: Record<string, object>;
  readonly crds: Record<string, object>;
}

/** schemas/strict-schema.cjs: the strict transform shared with scripts/build-schemas.mjs. */
interface StrictSchemaModule {
  readonly AJV_OPTIONS: Options;
  crdKindSchemas(crd: unknown): Array<[string, { schema: object; namespaced: boolean; deprecated: boolean; crdName: string }]>;
}

/** A kind registered at run time from a CustomResourceDefinition. */
interface CustomKind {
  readonly schema: object;
  readonly namespaced: boolean;
  readonly deprecated: boolean;
}

let schemasDir: string | undefined;
let schemaIndex: SchemaIndex | undefined;
let defs: SchemaDefinitions | undefined;
let strictModule: StrictSchemaModule | undefined;
let ajv: Ajv | undefined;
const modules = new Map<string, Record<string, ValidateFunction> | undefined>();
/** Validators of the bundled kinds, by `<module>#<export>` (shared between minors) or `crd:<key>` / `k8s:<ref>`. */
const compiled = new Map<string, ValidateFunction>();
/** Validators compiled from run-time CRDs, by their schema's JSON (a synth run again with the same CRDs compiles nothing). */
const compiledCustom = new Map<string, ValidateFunction>();
const MAX_CUSTOM = 256;

function findSchemasDir(): string {
  if (schemasDir) return schemasDir;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'schemas');
    if (existsSync(path.join(candidate, 'bundle.json'))) return (schemasDir = candidate);
    dir = path.dirname(dir);
  }
  throw new Error(`schemas/bundle.json not found above ${__dirname}; run "npm run schemas"`);
}

function loadIndex(): SchemaIndex {
  if (!schemaIndex) schemaIndex = JSON.parse(readFileSync(path.join(findSchemasDir(), 'bundle.json'), 'utf8')) as SchemaIndex;
  return schemaIndex;
}

function loadDefinitions(): SchemaDefinitions {
  if (!defs) defs = JSON.parse(readFileSync(path.join(findSchemasDir(), 'definitions.json'), 'utf8')) as SchemaDefinitions;
  return defs;
}

function strictSchema(): StrictSchemaModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (!strictModule) strictModule = require(path.join(findSchemasDir(), 'strict-schema.cjs')) as StrictSchemaModule;
  return strictModule;
}

/** A precompiled validator (`<module>#<export>` in schemas/validators/), or undefined when its module is missing. */
function loadPrecompiled(ref: string): ValidateFunction | undefined {
  const [file, name] = ref.split('#');
  if (!modules.has(file)) {
    const full = path.join(findSchemasDir(), 'validators', file);
    modules.set(file, existsSync(full) ? (requireWithCodeCache(full) as Record<string, ValidateFunction>) : undefined);
  }
  return modules.get(file)?.[name];
}

/** The precompiled validator modules this process has loaded so far (file names), for tests. @internal */
export function loadedValidatorModules(): string[] {
  return [...modules].filter(([, m]) => m !== undefined).map(([file]) => file);
}

/** The run-time ajv instance (same options as the precompiled validators), with the shared Kubernetes definitions. */
function getAjv(): Ajv {
  if (ajv) return ajv;
  // Loaded on first use only: the precompiled validators need just ajv's small runtime helpers, so a synth whose
  // kinds are all precompiled never loads the compiler (about 60 modules).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const AjvClass = (require('ajv') as typeof import('ajv')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const a = new AjvClass(strictSchema().AJV_OPTIONS);
  addFormats(a);
  a.addSchema({ $id: 'k8s', definitions: loadDefinitions().definitions });
  ajv = a;
  return a;
}

/** The shipped schema minors (`1.33`, …), the default first. */
export function schemaKubernetesMinors(): string[] {
  const idx = loadIndex();
  return [idx.defaultMinor, ...Object.keys(idx.minors).filter((m) => m !== idx.defaultMinor)];
}

/**
 * The shipped schema minor for a Kubernetes version (`v1.33.4`, `1.33.4`, `v1.34`, `1.35`), or the default minor
 * when `kubernetesVersion` is undefined. Throws a {@link ValidationError} for another form or a minor without a schema.
 * @internal
 */
export function schemaMinorFor(kubernetesVersion?: string): string {
  const idx = loadIndex();
  if (kubernetesVersion === undefined) return idx.defaultMinor;
  const shipped = schemaKubernetesMinors();
  const list = `${shipped.slice(0, -1).join(', ')} or ${shipped[shipped.length - 1]}`;
  const m =
    typeof kubernetesVersion === 'string' ? /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.+-]*)?$/.exec(kubernetesVersion.trim()) : null;
  if (!m) {
    throw new ValidationError(
      'validation',
      'kubernetesVersion',
      kubernetesVersion,
      `a Kubernetes version such as "v1.33.4", "1.33" or "v1.34" (schemas ship for ${list})`,
    );
  }
  const minor = `${Number(m[1])}.${Number(m[2])}`;
  if (!idx.minors[minor]) {
    throw new ValidationError(
      'validation',
      'kubernetesVersion',
      kubernetesVersion,
      `a Kubernetes minor with a shipped schema: ${list} (Kubernetes ${minor} has none; the library supports ${list})`,
    );
  }
  return minor;
}

function validatorForBundled(key: string, minor: string): ValidateFunction | undefined {
  const idx = loadIndex();
  const kind = idx.minors[minor].kinds[key];
  const crd = kind ? undefined : idx.crds[key];
  const info = kind ?? crd;
  if (!info) return undefined;
  const cacheKey = info.validator ?? (kind ? `k8s:${kind.ref}` : `crd:${key}`);
  let fn = compiled.get(cacheKey);
  if (fn) return fn;
  fn = info.validator ? loadPrecompiled(info.validator) : undefined;
  if (!fn) fn = getAjv().compile(kind ? { $ref: `k8s#/definitions/${kind.ref}` } : loadDefinitions().crds[key]);
  compiled.set(cacheKey, fn);
  return fn;
}

/**
 * A run-time CRD kind, or undefined when the bundle already has a pinned CRD of that kind with the very same strict
 * schema, scope and deprecation (then its precompiled validator is used and nothing is compiled).
 */
function customKind(key: string, k: { schema: object; namespaced: boolean; deprecated: boolean }): CustomKind | undefined {
  const pinned = loadIndex().crds[key];
  if (pinned && pinned.namespaced === k.namespaced && (pinned.deprecated ?? false) === k.deprecated) {
    if (createHash('sha256').update(JSON.stringify(k.schema)).digest('hex') === pinned.schemaSha256) return undefined;
  }
  return { schema: k.schema, namespaced: k.namespaced, deprecated: k.deprecated };
}

function validatorForCustom(kind: CustomKind): ValidateFunction {
  const text = JSON.stringify(kind.schema);
  let fn = compiledCustom.get(text);
  if (!fn) {
    fn = getAjv().compile(kind.schema);
    if (compiledCustom.size >= MAX_CUSTOM) compiledCustom.clear();
    compiledCustom.set(text, fn);
  }
  return fn;
}

/** The kinds registered by `options.crds` (which throw on a bad CRD): `validation.crds[i]` wins over everything else. */
function optionCrds(crds: readonly object[]): Map<string, CustomKind | null> {
  const out = new Map<string, CustomKind | null>();
  crds.forEach((crd, i) => {
    let kinds: ReturnType<StrictSchemaModule['crdKindSchemas']>;
    try {
      kinds = strictSchema().crdKindSchemas(crd);
    } catch (e) {
      throw new ValidationError('validation', `crds[${i}]`, (crd as ManifestObject)?.metadata?.name ?? crd, (e as Error).message);
    }
    for (const [key, k] of kinds) {
      const custom = customKind(key, k);
      try {
        if (custom) validatorForCustom(custom);
      } catch (e) {
        throw new ValidationError(
          'validation',
          `crds[${i}]`,
          k.crdName,
          `a CRD whose openAPIV3Schema compiles (${key}: ${(e as Error).message})`,
        );
      }
      out.set(key, custom ?? null); // null: the pinned CRD's precompiled validator
    }
  });
  return out;
}

function describe(obj: ManifestObject, index: number): string {
  const name = typeof obj?.metadata?.name === 'string' ? obj.metadata.name : `#${index}`;
  const ns = typeof obj?.metadata?.namespace === 'string' ? `${obj.metadata.namespace}/` : '';
  return `${String(obj?.apiVersion)} ${String(obj?.kind)} ${ns}${name}`;
}

function explain(e: ErrorObject): { path: string; message: string } {
  const p = e.instancePath;
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return { path: `${p}/${extra}`, message: `unknown field "${extra}" (the API server would prune it)` };
    }
    case 'enum':
      return { path: p, message: `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` };
    case 'required':
      return { path: p, message: `missing required field "${(e.params as { missingProperty: string }).missingProperty}"` };
    default:
      return { path: p, message: e.message ?? e.keyword };
  }
}

function nameProblem(kind: string, name: string): string | undefined {
  if (kind === 'Namespace') return isDns1123Label(name) ? undefined : 'a DNS-1123 label (at most 63 lowercase alphanumerics or "-")';
  if (kind === 'Service')
    return isDns1035Label(name) ? undefined : 'a DNS-1035 label (a lowercase letter first, at most 63 lowercase alphanumerics or "-")';
  if (/^(Cluster)?Role(Binding)?$/.test(kind))
    return isPathSegmentName(name) ? undefined : 'a path segment name (not "." or "..", no "/" or "%")';
  return isDns1123Subdomain(name) ? undefined : 'a DNS-1123 subdomain (at most 253 lowercase alphanumerics, "-" or ".")';
}

/** The API group of an apiVersion (`''` for the core group). @internal */
export function apiGroupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';

/** What to say about a kind without a schema: where it does exist, and how to make it pass. */
function unknownKindMessage(key: string, kind: string, apiVersion: string, minor: string, custom: Map<string, CustomKind | null>): string {
  const idx = loadIndex();
  const group = apiGroupOf(apiVersion);
  const others = new Set<string>();
  for (const k of [...Object.keys(idx.minors[minor].kinds), ...Object.keys(idx.crds), ...custom.keys()]) {
    const slash = k.lastIndexOf('/');
    if (k.slice(slash + 1) === kind && apiGroupOf(k.slice(0, slash)) === group) others.add(k.slice(0, slash));
  }
  const inMinors = Object.keys(idx.minors).filter((m) => m !== minor && idx.minors[m].kinds[key]);
  const hints: string[] = [];
  if (others.size > 0) hints.push(`known versions of ${kind}: ${[...others].sort().join(', ')}`);
  if (inMinors.length > 0)
    hints.push(`it exists in Kubernetes ${inMinors.join(', ')}: set validation.kubernetesVersion to the cluster's version`);
  return (
    `no schema for ${key} in Kubernetes ${minor} or the pinned CRDs${hints.length > 0 ? ` (${hints.join('; ')})` : ''}: ` +
    `register its CustomResourceDefinition with validation.crds (or include the CRD among the objects), or let the kind pass ` +
    `unchecked with validation.allowUnknownKinds: ['${key}']`
  );
}

/**
 * Validates Kubernetes objects the way the API server would, without a server:
 * - each object against the schema of its kind in strict mode (an unknown field is an error, because the API server
 *   would prune it silently): the Kubernetes schema of the cluster's minor (`options.kubernetesVersion`; 1.33, 1.34
 *   or 1.35, default 1.33), the pinned CRDs (Antrea, snapshot, Prometheus Operator, Multus), the CRDs given in
 *   `options.crds`, and the CRDs among the objects themselves (for the other objects of the set);
 * - cluster-scoped kinds carry no `metadata.namespace`;
 * - names follow the kind's name rule (DNS-1123 subdomain, label, DNS-1035 for Services, RBAC path segments);
 * - label keys and values, and annotation keys, follow the Kubernetes rules;
 * - no two objects have the same group, kind, namespace and name.
 *
 * An object of a kind without a schema is a problem unless its `<apiVersion>/<kind>` is in `options.allowUnknownKinds`.
 * Throws a {@link ValidationError} for bad options (an unsupported `kubernetesVersion`, a `crds` entry that is not a
 * usable CRD).
 */
export function validateManifests(objects: readonly ManifestObject[], options: ValidateManifestsOptions = {}): ManifestValidationResult {
  const idx = loadIndex();
  const minor = schemaMinorFor(options.kubernetesVersion);
  const kinds = idx.minors[minor].kinds;
  const allowUnknown = new Set(options.allowUnknownKinds ?? []);
  const problems: ManifestProblem[] = [];

  // Run-time kinds: the CRDs among the objects first, then options.crds over them.
  const custom = new Map<string, CustomKind | null>();
  const crdProblems = new Map<number, Array<{ path: string; message: string }>>();
  objects.forEach((obj, index) => {
    if (!obj || obj.kind !== 'CustomResourceDefinition' || obj.apiVersion !== CRD_API_VERSION) return;
    let entries: ReturnType<StrictSchemaModule['crdKindSchemas']> = [];
    try {
      entries = strictSchema().crdKindSchemas(obj);
    } catch (e) {
      // The CRD's own schema check reports what is missing; say why its kinds are not registered.
      crdProblems.set(index, [{ path: '/spec', message: `its schema cannot be used for its custom objects: ${(e as Error).message}` }]);
    }
    for (const [key, k] of entries) {
      const kind = customKind(key, k);
      try {
        if (kind) validatorForCustom(kind);
        custom.set(key, kind ?? null); // null: the pinned CRD's precompiled validator
      } catch (e) {
        const list = crdProblems.get(index) ?? [];
        list.push({ path: '/spec/versions', message: `the openAPIV3Schema of ${key} does not compile: ${(e as Error).message}` });
        crdProblems.set(index, list);
      }
    }
  });
  for (const [key, kind] of optionCrds(options.crds ?? [])) custom.set(key, kind);
  // Label and annotation keys (and most label values) repeat from object to object: check each distinct one once.
  const keyProblems = new Map<string, string | undefined>();
  const valueProblems = new Map<unknown, string | undefined>();
  const keyProblem = (k: string): string | undefined => {
    if (!keyProblems.has(k)) keyProblems.set(k, qualifiedNameProblem(k));
    return keyProblems.get(k);
  };
  const valueProblem = (v: unknown): string | undefined => {
    if (!valueProblems.has(v)) valueProblems.set(v, labelValueProblem(v as string));
    return valueProblems.get(v);
  };

  // What each kind resolves to (validator, scope, API group), looked up once per kind rather than once per object.
  const kindOf = new Map<
    string,
    { fn: ValidateFunction | undefined; own: CustomKind | null | undefined; info: KindInfo | undefined; group: string }
  >();
  const seenAt = new Map<string, number>();
  const add = (obj: ManifestObject, index: number, p: string, message: string): void => {
    problems.push({ object: describe(obj, index), path: p, message });
  };
  for (let index = 0; index < objects.length; index++) {
    const obj = objects[index];
    if (!obj || typeof obj !== 'object') {
      add(obj, index, '', 'is not an object');
      continue;
    }
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      add(obj, index, '', 'missing apiVersion or kind');
      continue;
    }
    const key = `${obj.apiVersion}/${obj.kind}`;
    let k = kindOf.get(key);
    if (!k) {
      const own = custom.get(key);
      const fn = own ? validatorForCustom(own) : validatorForBundled(key, minor);
      k = { fn, own, info: own ?? kinds[key] ?? idx.crds[key], group: apiGroupOf(obj.apiVersion) };
      kindOf.set(key, k);
    }
    const { fn, info } = k;
    if (!fn) {
      if (!allowUnknown.has(key)) add(obj, index, '', unknownKindMessage(key, obj.kind, obj.apiVersion, minor, custom));
    } else if (!fn(obj)) {
      for (const e of fn.errors ?? []) {
        const x = explain(e);
        add(obj, index, x.path, x.message);
      }
    }
    const crdProblemList = crdProblems.get(index);
    if (crdProblemList) for (const p of crdProblemList) add(obj, index, p.path, p.message);
    const meta = obj.metadata ?? {};
    if (info && !info.namespaced && meta.namespace !== undefined) {
      add(
        obj,
        index,
        '/metadata/namespace',
        `${obj.kind} is cluster-scoped and must not carry a namespace (got ${JSON.stringify(meta.namespace)})`,
      );
    }
    if (info?.deprecated) add(obj, index, '/apiVersion', `${obj.apiVersion} is deprecated for ${obj.kind}; use the current version`);
    if (typeof meta.name !== 'string') {
      if (typeof meta.generateName !== 'string') add(obj, index, '/metadata/name', 'missing metadata.name');
    } else {
      const np = nameProblem(obj.kind, meta.name);
      if (np) add(obj, index, '/metadata/name', `invalid name ${JSON.stringify(meta.name)}: expected ${np}`);
    }
    if (typeof meta.namespace === 'string' && !isDns1123Label(meta.namespace)) {
      add(obj, index, '/metadata/namespace', `invalid namespace ${JSON.stringify(meta.namespace)}: expected a DNS-1123 label`);
    }
    const labels = meta.labels as Record<string, unknown> | undefined;
    if (labels) {
      for (const l of Object.keys(labels)) {
        const kp = keyProblem(l);
        if (kp) add(obj, index, `/metadata/labels/${l}`, `invalid label key: expected ${kp}`);
        const vp = valueProblem(labels[l]);
        if (vp) add(obj, index, `/metadata/labels/${l}`, `invalid label value ${JSON.stringify(labels[l])}: expected ${vp}`);
      }
    }
    const annotations = meta.annotations as Record<string, unknown> | undefined;
    if (annotations) {
      for (const a of Object.keys(annotations)) {
        const kp = keyProblem(a);
        if (kp) add(obj, index, `/metadata/annotations/${a}`, `invalid annotation key: expected ${kp}`);
      }
    }
    if (typeof meta.name === 'string') {
      const ns = info && !info.namespaced ? '' : String(meta.namespace ?? '');
      const dupKey = `${k.group}|${obj.kind}|${ns}|${meta.name}`;
      const prev = seenAt.get(dupKey);
      if (prev !== undefined) add(obj, index, '', `duplicate object: the same group, kind, namespace and name as object #${prev}`);
      else seenAt.set(dupKey, index);
    }
  }
  // The validator modules loaded without a code cache write one now, with the functions this validation compiled.
  flushCodeCache();
  return { valid: problems.length === 0, problems, checked: objects.length };
}

/** Formats problems one per line: `<object> <path>: <message>`. */
export function formatProblems(problems: readonly ManifestProblem[]): string {
  return problems.map((p) => `${p.object} ${p.path || '/'}: ${p.message}`).join('\n');
}

/** Like {@link validateManifests}, but throws an Error listing every problem. */
export function assertValidManifests(objects: readonly ManifestObject[], options: ValidateManifestsOptions = {}): void {
  const r = validateManifests(objects, options);
  if (!r.valid) throw new Error(`${r.problems.length} manifest problem(s):\n${formatProblems(r.problems)}`);
}
