import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, Options, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
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

/** Options of {@link validateManifests}. */
export interface ValidateManifestsOptions {
  /**
   * Kinds (`<apiVersion>/<kind>`) that have no schema in the bundle and may pass unchecked.
   * @default - none: an object of an unknown kind is an error
   */
  readonly allowUnknownKinds?: string[];
}

interface SchemaBundle {
  readonly kubernetesVersion: string;
  readonly kinds: Record<string, { ref: string; namespaced: boolean; validator?: string }>;
  readonly crds: Record<string, { schema: object; namespaced: boolean; deprecated: boolean; crdName: string; validator?: string }>;
  readonly definitions: Record<string, object>;
}

/** Must equal AJV_OPTIONS in scripts/build-schemas.mjs (which precompiles the same schemas into schemas/validators/). */
const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: false,
  logger: false,
  unicodeRegExp: false,
};

let bundle: SchemaBundle | undefined;
const precompiled = new Map<string, ValidateFunction | undefined>();
let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function findBundle(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'schemas', 'bundle.json');
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`schemas/bundle.json not found above ${__dirname}; run "npm run schemas"`);
}

function loadBundle(): SchemaBundle {
  if (!bundle) bundle = JSON.parse(readFileSync(findBundle(), 'utf8')) as SchemaBundle;
  return bundle;
}

/** The precompiled validator module of a kind (schemas/validators/<file>), or undefined when it is missing. */
function loadPrecompiled(file: string): ValidateFunction | undefined {
  if (!precompiled.has(file)) {
    const full = path.join(path.dirname(findBundle()), 'validators', file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    precompiled.set(file, existsSync(full) ? (require(full) as { validate: ValidateFunction }).validate : undefined);
  }
  return precompiled.get(file);
}

function getAjv(): Ajv {
  if (ajv) return ajv;
  const a = new Ajv(AJV_OPTIONS);
  addFormats(a);
  a.addSchema({ $id: 'k8s', definitions: loadBundle().definitions });
  ajv = a;
  return a;
}

function validatorFor(key: string): ValidateFunction | undefined {
  const hit = compiled.get(key);
  if (hit) return hit;
  const b = loadBundle();
  let fn: ValidateFunction | undefined;
  const name = (b.kinds[key] ?? b.crds[key])?.validator;
  const pre = name ? loadPrecompiled(name) : undefined;
  if (pre) fn = pre;
  else if (b.kinds[key]) fn = getAjv().compile({ $ref: `k8s#/definitions/${b.kinds[key].ref}` });
  else if (b.crds[key]) fn = getAjv().compile(b.crds[key].schema);
  if (fn) compiled.set(key, fn);
  return fn;
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

/** The API group of an apiVersion (`''` for the core group). */
export function apiGroupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * Validates Kubernetes objects the way the API server would, without a server:
 * - each object against the Kubernetes 1.27 JSON schema, or against its CRD's `openAPIV3Schema`, in strict mode
 *   (an unknown field is an error, because the API server would prune it silently);
 * - cluster-scoped kinds carry no `metadata.namespace`;
 * - names follow the kind's name rule (DNS-1123 subdomain, label, DNS-1035 for Services, RBAC path segments);
 * - label keys and values, and annotation keys, follow the Kubernetes rules;
 * - no two objects have the same group, kind, namespace and name.
 */
export function validateManifests(objects: readonly ManifestObject[], options: ValidateManifestsOptions = {}): ManifestValidationResult {
  const b = loadBundle();
  const allowUnknown = new Set(options.allowUnknownKinds ?? []);
  const problems: ManifestProblem[] = [];
  const seen = new Map<string, string>();
  objects.forEach((obj, index) => {
    const id = describe(obj, index);
    const add = (p: string, message: string): void => {
      problems.push({ object: id, path: p, message });
    };
    if (!obj || typeof obj !== 'object') {
      add('', 'is not an object');
      return;
    }
    if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      add('', 'missing apiVersion or kind');
      return;
    }
    const key = `${obj.apiVersion}/${obj.kind}`;
    const fn = validatorFor(key);
    if (!fn) {
      if (!allowUnknown.has(key)) add('', `no schema for ${key} in the bundle (Kubernetes ${b.kubernetesVersion} and the pinned CRDs)`);
    } else if (!fn(obj)) {
      for (const e of fn.errors ?? []) {
        const x = explain(e);
        add(x.path, x.message);
      }
    }
    const info = b.kinds[key] ?? b.crds[key];
    const meta = obj.metadata ?? {};
    if (info && !info.namespaced && meta.namespace !== undefined) {
      add('/metadata/namespace', `${obj.kind} is cluster-scoped and must not carry a namespace (got ${JSON.stringify(meta.namespace)})`);
    }
    if (b.crds[key]?.deprecated) add('/apiVersion', `${obj.apiVersion} is deprecated for ${obj.kind}; use the current version`);
    if (typeof meta.name !== 'string') {
      if (typeof meta.generateName !== 'string') add('/metadata/name', 'missing metadata.name');
    } else {
      const np = nameProblem(obj.kind, meta.name);
      if (np) add('/metadata/name', `invalid name ${JSON.stringify(meta.name)}: expected ${np}`);
    }
    if (typeof meta.namespace === 'string' && !isDns1123Label(meta.namespace)) {
      add('/metadata/namespace', `invalid namespace ${JSON.stringify(meta.namespace)}: expected a DNS-1123 label`);
    }
    for (const [k, v] of Object.entries((meta.labels as Record<string, unknown>) ?? {})) {
      const kp = qualifiedNameProblem(k);
      if (kp) add(`/metadata/labels/${k}`, `invalid label key: expected ${kp}`);
      const vp = labelValueProblem(v as string);
      if (vp) add(`/metadata/labels/${k}`, `invalid label value ${JSON.stringify(v)}: expected ${vp}`);
    }
    for (const k of Object.keys((meta.annotations as Record<string, unknown>) ?? {})) {
      const kp = qualifiedNameProblem(k);
      if (kp) add(`/metadata/annotations/${k}`, `invalid annotation key: expected ${kp}`);
    }
    if (typeof meta.name === 'string') {
      const ns = info && !info.namespaced ? '' : String(meta.namespace ?? '');
      const dupKey = `${apiGroupOf(obj.apiVersion)}|${obj.kind}|${ns}|${meta.name}`;
      const prev = seen.get(dupKey);
      if (prev !== undefined) add('', `duplicate object: the same group, kind, namespace and name as object ${prev}`);
      else seen.set(dupKey, `#${index}`);
    }
  });
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
