import { IConstruct } from 'constructs';
import { fail, FieldFailer, ValidationError } from './errors';

/*
 * The reader toolkit: one set of value readers for construct props and configuration sources. A reader takes a
 * Reporter, so the same rule gives `[<construct path>] <field>: ...` errors for props and `<file>: <key>: ...`
 * errors for config files.
 */

/** A location inside a configuration object: keys and array indexes, e.g. `['vcenters', 0, 'server']`. */
export type FieldPath = ReadonlyArray<string | number>;

/** Formats a field path the way error messages show it: `vcenters[0].server`, `labels["app.kubernetes.io/name"]`. @internal */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) out += out.length === 0 ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Reports a bad value at a field path. Readers below take a Reporter so that the same rules give
 * `config.yaml: <key>: ...` errors for config files and `[<construct path>] <field>: ...` errors for construct props.
 */
export interface Reporter {
  /**
   * Throws for the value at `path`.
   * @param got overrides how the bad value is shown (e.g. for hidden passwords or unknown keys)
   */
  fail(path: FieldPath, value: unknown, allowed: string, got?: string): never;
}

/** A Reporter that throws `ValidationError`s (`[<path>] <field>: got ..., expected ...`) for a construct or a name. @internal */
export function constructReporter(scope: IConstruct | string, prefix: FieldPath = []): Reporter {
  return {
    fail(path, value, allowed, got) {
      const field = formatPath([...prefix, ...path]);
      if (got === undefined) fail(scope, field, value, allowed);
      const e = new ValidationError(typeof scope === 'string' ? scope : scope.node.path || '<root>', field, value, allowed);
      e.message = `[${e.path}] ${field}: got ${got}, expected ${allowed}`;
      throw e;
    },
  };
}

/**
 * A Reporter for props readers called with a field given as text (e.g. `vcenters[0]`): reports
 * `[<construct path>] vcenters[0].server: ...` for the path `['server']`.
 * @internal
 */
export function fieldReporter(scope: IConstruct | string, field: string): Reporter {
  return {
    fail(path, value, allowed, got) {
      const tail = formatPath(['_', ...path]).slice(1);
      const name = field.length === 0 ? tail.replace(/^\./, '') : `${field}${tail}`;
      if (got === undefined) fail(scope, name, value, allowed);
      const e = new ValidationError(typeof scope === 'string' ? scope : scope.node.path || '<root>', name, value, allowed);
      e.message = `[${e.path}] ${name}: got ${got}, expected ${allowed}`;
      throw e;
    },
  };
}

/** The inverse of {@link formatPath} for the simple fields rules name: `topologyCategories[2]` → `['topologyCategories', 2]`. @internal */
export function parseFieldPath(field: string): FieldPath {
  const out: Array<string | number> = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

/**
 * A {@link FieldFailer} that reports a props reader's field (as the rule names it, e.g. `cpu` or `dnsServers[1]`)
 * through `r` at the path `map(field)`: how the config loader calls construct rules without a copy of them.
 */
export function failerAt(r: Reporter, map: (field: string) => FieldPath): FieldFailer {
  return { fail: (field, value, allowed) => r.fail(map(field), value, allowed) };
}

/** Prefixes every path reported through `reporter`. @internal */
export function within(reporter: Reporter, prefix: FieldPath): Reporter {
  return { fail: (path, value, allowed, got) => reporter.fail([...prefix, ...path], value, allowed, got) };
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The known key closest to `key` (case-insensitive match or at most 2 edits), for "did you mean" hints. @internal */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** True for a plain object (not an array, not null). @internal */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reports `key` at `path` as unknown: the known keys and the closest one (typo detection). One wording for the
 * readers and the config shape. @internal
 */
export function failUnknownKey(r: Reporter, path: FieldPath, key: string, known: readonly string[]): never {
  const hint = closestKey(key, known);
  return r.fail(
    [...path, key],
    key,
    `one of the keys ${known.join(', ')}${hint ? ` (did you mean "${hint}"?)` : ''}`,
    `the unknown key ${JSON.stringify(key)}`,
  );
}

/**
 * Reads an object with a closed set of keys. A key not in `known` is an error naming the key, the known keys and
 * the closest match (typo detection). Keys whose value is undefined are treated as absent.
 * @internal
 */
export function readObject(r: Reporter, path: FieldPath, v: unknown, known: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(v)) r.fail(path, v, `an object with the keys ${known.join(', ')}`);
  for (const key of Object.keys(v)) {
    if (v[key] === undefined || known.includes(key)) continue;
    failUnknownKey(r, path, key, known);
  }
  return v;
}

/** Options of `readString`. */
export interface ReadStringOptions {
  /** The rule the value must match. @default - no pattern check */
  readonly pattern?: RegExp;
  /** A custom check; returns true when the value is fine. @default - no custom check */
  readonly test?: (s: string) => boolean;
  /** What is allowed, for the message. @default 'a non-empty string' */
  readonly allowed?: string;
  /** Allow the empty string. @default false */
  readonly allowEmpty?: boolean;
  /** Maximum length. @default - no limit */
  readonly maxLength?: number;
}

/** Reads a string; empty strings are errors unless allowed. @internal */
export function readString(r: Reporter, path: FieldPath, v: unknown, o: ReadStringOptions = {}): string {
  const allowed = o.allowed ?? 'a non-empty string';
  if (typeof v !== 'string') r.fail(path, v, allowed);
  if (v.length === 0 && !o.allowEmpty) r.fail(path, v, allowed);
  if (o.maxLength !== undefined && v.length > o.maxLength) r.fail(path, v, allowed);
  if (o.pattern && !o.pattern.test(v)) r.fail(path, v, allowed);
  if (o.test && !o.test(v)) r.fail(path, v, allowed);
  return v;
}

/** Reads an integer in [min, max]. @internal */
export function readInt(r: Reporter, path: FieldPath, v: unknown, min: number, max: number, allowed?: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    r.fail(path, v, allowed ?? (max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`));
  }
  return v;
}

/** Reads a boolean (YAML `true`/`false` only; `yes`, `"true"` and 1 are errors). @internal */
export function readBool(r: Reporter, path: FieldPath, v: unknown): boolean {
  if (typeof v !== 'boolean') r.fail(path, v, 'true or false');
  return v;
}

/** Reads one of a closed set of strings. @internal */
export function readEnum<T extends string>(r: Reporter, path: FieldPath, v: unknown, values: readonly T[]): T {
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) r.fail(path, v, `one of ${values.join(', ')}`);
  return v as T;
}

/** Reads an array with a length in [min, max]. @internal */
export function readArray(r: Reporter, path: FieldPath, v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER, what = 'items'): unknown[] {
  if (!Array.isArray(v)) r.fail(path, v, `a list of ${what}`);
  if (v.length < min || v.length > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : min === max ? `exactly ${min}` : `${min} to ${max}`;
    r.fail(path, v, `a list of ${range} ${what}`);
  }
  return v;
}

/** Reads a string-to-string map (labels, node selectors). Values must be strings. @internal */
export function readStringMap(r: Reporter, path: FieldPath, v: unknown): Record<string, string> {
  if (!isPlainObject(v)) r.fail(path, v, 'a map of string keys to string values');
  const out: Record<string, string> = {};
  for (const key of Object.keys(v).sort()) {
    const val = v[key];
    if (typeof val !== 'string') r.fail([...path, key], val, 'a string value (quote numbers and booleans)');
    out[key] = val;
  }
  return out;
}

/** Options of {@link requireUnique}. */
export interface RequireUniqueOptions<T> {
  /**
   * The value shown in the message, as the user wrote it (e.g. the server before lower-casing, a number as a number).
   * @default - the comparison key
   */
  readonly shown?: (t: T) => unknown;
  /**
   * Text appended to the message, given the earlier item, e.g. its value and how values are compared.
   * @default - none
   */
  readonly note?: (earlier: T) => string;
}

/**
 * The uniqueness rule, once for every list the library checks (config lists, node specs): the first item whose key an
 * earlier item has, as `[index, earlier index]`, in O(n). Items whose key is undefined are skipped. @internal
 */
export function firstDuplicate<T>(items: readonly T[], keyOf: (t: T) => string | bigint | undefined): [number, number] | undefined {
  const seen = new Map<string | bigint, number>();
  for (let i = 0; i < items.length; i++) {
    const key = keyOf(items[i]);
    if (key === undefined) continue;
    const prev = seen.get(key);
    if (prev !== undefined) return [i, prev];
    seen.set(key, i);
  }
  return undefined;
}

/**
 * Finds the first duplicate of `keyOf(item)` in O(n) and reports it at `[...path, index, field]`. The message shows
 * the value as written (`options.shown`), not the normalised comparison key.
 */
export function requireUnique<T>(
  r: Reporter,
  path: FieldPath,
  items: readonly T[],
  keyOf: (t: T) => string | undefined,
  field: string,
  what: string,
  options: RequireUniqueOptions<T> = {},
): void {
  const dup = firstDuplicate(items, keyOf);
  if (dup === undefined) return;
  const [i, prev] = dup;
  const value = options.shown ? options.shown(items[i]) : keyOf(items[i]);
  r.fail(
    [...path, i, field],
    value,
    `a ${what} not already used by ${formatPath([...path, prev])}${options.note ? ` ${options.note(items[prev])}` : ''}`,
  );
}

const QUANTITY = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const SUFFIX: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Parses a non-negative Kubernetes quantity (`500m`, `2`, `1.5Gi`, `1e3`) to a number; undefined when invalid. @internal */
export function parseQuantity(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const num = Number(m[1]);
  const suffix = m[3] ?? '';
  if (/^[eE]/.test(suffix)) return num * 10 ** Number(suffix.slice(1));
  return num * SUFFIX[suffix];
}

/** Reads a quantity given as a string (`"500m"`, `"8Gi"`) or a non-negative number; returns the text form. @internal */
export function readQuantity(r: Reporter, path: FieldPath, v: unknown): string {
  const text = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? String(v) : v;
  if (typeof text !== 'string' || parseQuantity(text) === undefined) {
    r.fail(path, v, 'a non-negative Kubernetes quantity such as "500m", "2", "8Gi"');
  }
  return text;
}
