/**
 * The code cache of lib/core/code-cache.ts for this package's own compiled modules (issue 15): the ~80 modules a
 * synth loads are compiled from V8 cached data instead of being parsed, and the functions that ran in an earlier synth
 * need no lazy compile on their first call.
 *
 * Only applications install it, on purpose: the reference app (`build/bin/main.js`) and the `vsphere-k8s` CLI call
 * {@link enableModuleCodeCache} before they load the library, and an app opts in by importing
 * `vsphere-k8s-constructs/code-cache` first (lib/code-cache.ts); the library's other modules never call it. It
 * replaces `Module.prototype._compile` (what Node's CommonJS loader calls with a module's source) with a function
 * that hands every file outside this package's build folder, every file in a `node_modules` folder below it, every
 * file with a `#!` line and every ES module to the original unchanged; so other packages' modules and the user's own
 * are compiled as Node compiles them. A cached module gets what Node gives a CommonJS module (`exports`, `require`
 * with `resolve`, `resolve.paths`, `main`, `cache`, `module`, `__filename`, `__dirname`, `import()`), with two
 * differences that do not matter for this package's compiled output: no source-map registration
 * (`--enable-source-maps`), and columns on a module's first line in stack traces are shifted by the wrapper.
 * It is not installed under Node's experimental policy manifests, nor where `vm` lacks the default dynamic-import
 * loader (older Node 20 releases), so that integrity checks and `import()` never change.
 *
 * The cache files go to the folder of the validator cache ({@link codeCacheDir}), named `module.<path>.<hash>.v8cache`.
 * They are written when the process exits (a queue of their own, apart from the validators' flush), for the modules
 * that had none (or one V8 rejected), and then hold the functions that ran. `VSPHERE_K8S_CODE_CACHE=0` turns it off
 * like the validator cache.
 * @internal
 */
import * as path from 'path';
import { constants } from 'vm';
import { codeCacheDir, CodeCacheStats, compileWithCodeCache, flushQueue, Pending } from './code-cache';

/** What Node's CommonJS loader passes to `_compile`, and what the wrapper function needs of a module. */
interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string, format?: string): unknown;
}

/** The internals of Node's `Module` class that a `require` function of a module uses (stable since Node 12). */
interface ModuleInternals {
  prototype: CjsModule;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: CjsModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
}

/** Options of {@link enableModuleCodeCache}. @internal */
export interface ModuleCodeCacheOptions {
  /**
   * The folder whose `.js` modules are compiled through the cache.
   * @default - this package's build folder (the folder above `lib/` of this module)
   */
  readonly root?: string;
  /**
   * The environment read for `VSPHERE_K8S_CODE_CACHE` and `VSPHERE_K8S_CODE_CACHE_DIR`.
   * @default process.env
   */
  readonly env?: NodeJS.ProcessEnv;
}

const moduleStats: CodeCacheStats = { hits: 0, misses: 0, rejected: 0, written: 0 };
/** The modules whose cache is written at exit. */
const modulePending: Pending[] = [];
let installed = false;

/**
 * Compiles the modules under `root` that load from now on through the code cache. Returns false (and changes
 * nothing) when the cache is off or has no folder, or when it is already installed. @internal
 */
export function enableModuleCodeCache(options: ModuleCodeCacheOptions = {}): boolean {
  if (installed) return false;
  // `import()` in a cached module must use Node's own loader; policy manifests check what Node compiles itself
  const dynamicImport = (constants as Partial<typeof constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (dynamicImport === undefined || process.execArgv.some((a) => a.startsWith('--experimental-policy'))) return false;
  const root = path.resolve(options.root ?? path.join(__dirname, '..', '..'));
  const dir = codeCacheDir(root, options.env ?? process.env);
  if (dir === undefined) return false;
  // the class itself (an `import * as` namespace copy would not carry its non-enumerable `prototype`)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const M = require('module') as ModuleInternals;
  const original = M.prototype._compile;
  const prefix = root + path.sep;
  installed = true;
  M.prototype._compile = function compile(this: CjsModule, content: string, filename: string, format?: string): unknown {
    const rel = filename.startsWith(prefix) && filename.endsWith('.js') ? filename.slice(prefix.length).split(path.sep) : undefined;
    if (rel === undefined || rel.includes('node_modules') || content.startsWith('#!') || format === 'module') {
      return original.call(this, content, filename, format);
    }
    const name = `module.${rel.join('.')}`;
    const script = compileWithCodeCache(content, filename, dir, name, moduleStats, {
      queue: modulePending,
      importModuleDynamically: dynamicImport,
    });
    const fn = script.runInThisContext({ displayErrors: true }) as (
      exports: unknown,
      require: NodeRequire,
      module: CjsModule,
      filename: string,
      dirname: string,
    ) => unknown;
    return fn.call(this.exports, this.exports, requireOf(M, this), this, filename, path.dirname(filename));
  };
  process.once('exit', () => flushQueue(modulePending));
  return true;
}

/** A module's `require`, as Node's loader makes it (`makeRequireFunction`). */
function requireOf(M: ModuleInternals, mod: CjsModule): NodeRequire {
  const req = ((id: string) => mod.require(id)) as NodeRequire;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  req.resolve = resolve;
  req.main = require.main;
  req.extensions = M._extensions;
  req.cache = M._cache;
  return req;
}

/** What the module cache did in this process (for tests and the bench). @internal */
export function moduleCodeCacheStats(): CodeCacheStats {
  return { ...moduleStats };
}
