/**
 * A V8 code cache for the precompiled schema validators (schemas/validators/*.js, about 1.4 MB of generated code for
 * a typical synth). Parsing them and compiling the functions a synth calls is most of the first `validateManifests`
 * call (issue 15: 60 ms of the reference app's 340 ms); with the cache it is about a third of that.
 *
 * How it works: a validator module is compiled with `vm.Script` and the cached data from an earlier run, if any. After
 * a validation, the modules that had no usable cache write one (`flushCodeCache`), which then also holds the functions
 * that validation compiled. V8 itself rejects cached data made by another V8 version or with other flags; the file name
 * holds a hash of the module's source and of the Node version, so a regenerated module never meets a stale cache.
 *
 * Where: `$VSPHERE_K8S_CODE_CACHE_DIR` if set, else `node_modules/.cache/vsphere-k8s-constructs/` of the project
 * (the usual tool-cache place): the `node_modules` folder the package is installed in, or the one beside the package
 * in its own repository. No `node_modules` folder: no cache. `VSPHERE_K8S_CODE_CACHE=0` turns it off. The cache is
 * only an optimisation: any error reading or writing it is ignored, and the module is then compiled as usual.
 * The only files it ever removes are its own older caches of the same module (`<name>.<16 hex digits>.v8cache`, in
 * its own folder). The package's own modules use the same compile and flush (`compileWithCodeCache`, `flushQueue`)
 * through lib/core/module-code-cache.ts, with a queue of their own.
 * @internal
 */
import { isAscii } from 'buffer';
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'fs';
import { createRequire, wrap } from 'module';
import * as path from 'path';
import { constants, Script } from 'vm';

const CACHE_FOLDER = 'vsphere-k8s-constructs';
const SUFFIX = '.v8cache';

/** A compiled script whose cache is still to be written. @internal */
export interface Pending {
  readonly script: Script;
  readonly file: string;
  readonly prefix: string;
  readonly counters: CodeCacheStats;
}

/** What the cache did in this process (for tests and the bench). @internal */
export interface CodeCacheStats {
  /** Modules compiled from a cache file V8 accepted. */
  hits: number;
  /** Modules without a cache file (or with one V8 rejected). */
  misses: number;
  /** Of the misses, cache files V8 rejected (another V8, other flags, a damaged file). */
  rejected: number;
  /** Cache files written. */
  written: number;
}

const stats: CodeCacheStats = { hits: 0, misses: 0, rejected: 0, written: 0 };
const pending: Pending[] = [];

/** The cache folder for modules under `moduleDir`, or undefined when caching is off or there is no place for it. @internal */
export function codeCacheDir(moduleDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.VSPHERE_K8S_CODE_CACHE === '0') return undefined;
  if (env.VSPHERE_K8S_CODE_CACHE_DIR) return path.resolve(env.VSPHERE_K8S_CODE_CACHE_DIR);
  const parts = moduleDir.split(path.sep);
  const i = parts.lastIndexOf('node_modules');
  if (i > 0) return path.join(parts.slice(0, i + 1).join(path.sep), '.cache', CACHE_FOLDER);
  // In the package's own repository: <repo>/schemas/validators -> <repo>/node_modules, if it is there.
  let dir = moduleDir;
  for (let up = 0; up < 4; up++) {
    dir = path.dirname(dir);
    if (existsSync(path.join(dir, 'package.json'))) {
      return existsSync(path.join(dir, 'node_modules')) ? path.join(dir, 'node_modules', '.cache', CACHE_FOLDER) : undefined;
    }
  }
  return undefined;
}

/**
 * Loads a CommonJS module the way `require` does (its own `module`, `exports` and `require`), through the code cache.
 * The module is not put into `require.cache`; the caller keeps what it returns.
 * @internal
 */
export function requireWithCodeCache(file: string, env: NodeJS.ProcessEnv = process.env): unknown {
  const bytes = readFileSync(file);
  // The generated validators are ASCII: read as latin1 (the same string) V8 makes a one-byte string without decoding
  // UTF-8, about 1 ms less per 500 KB.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const dir = codeCacheDir(path.dirname(file), env);
  const script = compileWithCodeCache(source, file, dir, path.basename(file), stats, { utf8: bytes });
  const mod = { exports: {} as unknown };
  const fn = script.runInThisContext() as (e: unknown, r: NodeRequire, m: unknown, f: string, d: string) => void;
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}

/** Options of {@link compileWithCodeCache}. @internal */
export interface CompileOptions {
  /**
   * The source's UTF-8 bytes when the caller has them (hashing them saves encoding the string again).
   * @default - the source string is hashed
   */
  readonly utf8?: Buffer;
  /** Where the script waits for its cache to be written. @default - the validators' queue ({@link flushCodeCache}) */
  readonly queue?: Pending[];
  /** `vm.Script`'s `importModuleDynamically`, for modules that may call `import()`. @default - none */
  readonly importModuleDynamically?: typeof constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
}

/**
 * Compiles `source` (a CommonJS module body, wrapped here) with the cached data of an earlier run from `dir`, if V8
 * accepts it; else compiles it as usual and queues it for a flush ({@link flushCodeCache}). `name` is the cache file's
 * prefix (unique in `dir`); the file name adds a hash of the source and of the Node version. Counts into `counters`.
 * @internal
 */
export function compileWithCodeCache(
  source: string,
  filename: string,
  dir: string | undefined,
  name: string,
  counters: CodeCacheStats,
  options: CompileOptions = {},
): Script {
  const utf8 = options.utf8;
  const key = createHash('sha256')
    .update(`${process.version}\0${process.arch}\0`)
    .update(utf8 ?? source)
    .digest('hex')
    .slice(0, 16);
  const cacheFile = dir ? path.join(dir, `${name}.${key}${SUFFIX}`) : undefined;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new Script(wrap(source), { filename, cachedData, importModuleDynamically: options.importModuleDynamically });
  if (cachedData && !script.cachedDataRejected) {
    counters.hits++;
  } else {
    counters.misses++;
    if (cachedData) counters.rejected++;
    if (cacheFile) (options.queue ?? pending).push({ script, file: cacheFile, prefix: `${name}.`, counters });
  }
  return script;
}

/**
 * Writes the cache of every validator module loaded without one since the last flush (after a validation, so that it
 * holds the functions that ran). Removes older caches of the same modules from the cache folder. Never throws.
 * @internal
 */
export function flushCodeCache(): void {
  flushQueue(pending);
}

/** Writes the caches waiting in `queue` (see {@link flushCodeCache}). Never throws. @internal */
export function flushQueue(queue: Pending[]): void {
  // each folder is listed once per flush (not once per file: the first run writes ~80 module caches at exit)
  const listings = new Map<string, string[]>();
  while (queue.length > 0) {
    const p = queue.shift() as Pending;
    try {
      const dir = path.dirname(p.file);
      let listing = listings.get(dir);
      if (listing === undefined) {
        mkdirSync(dir, { recursive: true });
        listing = readdirSync(dir);
        listings.set(dir, listing);
      }
      const tmp = `${p.file}.${process.pid}.tmp`;
      writeFileSync(tmp, p.script.createCachedData());
      renameSync(tmp, p.file);
      p.counters.written++;
      const own = path.basename(p.file);
      for (const f of listing) {
        // An older cache of this module (another source or Node version), written by this function: exactly
        // `<prefix><16 hex digits>.v8cache`, so a module whose name merely starts like this one's is left alone.
        if (f !== own && isCacheFileOf(f, p.prefix)) unlinkSync(path.join(dir, f));
      }
    } catch {
      // A read-only or missing folder: the next run compiles as usual.
    }
  }
}

/** True for `<prefix><16 hex digits>.v8cache`. */
function isCacheFileOf(file: string, prefix: string): boolean {
  return (
    file.length === prefix.length + 16 + SUFFIX.length &&
    file.startsWith(prefix) &&
    file.endsWith(SUFFIX) &&
    /^[0-9a-f]{16}$/.test(file.slice(prefix.length, prefix.length + 16))
  );
}

/** A copy of the counters. @internal */
export function codeCacheStats(): CodeCacheStats {
  return { ...stats };
}
