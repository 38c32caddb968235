/**
 * The code cache of the package's own modules (lib/core/module-code-cache.ts): modules under the root load through it
 * with everything `require` gives them, the second process compiles from the cache, and modules outside the root, in a
 * `node_modules` folder below it or with a `#!` line are left to Node.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const HOOK = require.resolve('../../lib/core/module-code-cache');
const REGISTER = require.resolve('../support/ts-register.js');

interface RunResult {
  readonly installed: boolean;
  readonly again: boolean;
  readonly stats: { hits: number; misses: number; rejected: number; written: number };
  readonly a: {
    filename: string;
    dirname: string;
    resolved: string;
    b: number;
    sameB: boolean;
    lazy: number;
    stack: string;
    isModule: boolean;
    main: boolean;
    paths: boolean;
    cache: boolean;
    thisIsExports: boolean;
  };
  readonly dynamic: string;
  readonly writtenByValidatorFlush: number;
  readonly shebang: string;
  readonly dep: string;
  readonly outside: string;
  readonly cached: string[];
}

describe('code cache of the package modules', () => {
  let dir: string;
  let root: string;
  let cacheDir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'module-code-cache-'));
    root = path.join(dir, 'build');
    cacheDir = path.join(dir, 'cache');
    mkdirSync(path.join(root, 'lib'), { recursive: true });
    mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(
      path.join(root, 'lib', 'a.js'),
      `const b = require('./b');
const self = this;
exports.facts = () => ({
  filename: __filename,
  dirname: __dirname,
  resolved: require.resolve('./b'),
  b: b.value,
  sameB: require('./b') === b,
  lazy: exports.later(20),
  stack: new Error('here').stack.split('\\n')[1],
  isModule: module.exports === exports,
  main: require.main === process.mainModule,
  paths: Array.isArray(require.resolve.paths('x')),
  cache: require.cache === require('module')._cache,
  thisIsExports: self === module.exports,
});
exports.later = (n) => n + 22;
exports.dynamic = () => import('path').then((m) => typeof m.join);
`,
    );
    writeFileSync(path.join(root, 'lib', 'b.js'), 'exports.value = 7;\n');
    writeFileSync(path.join(root, 'lib', 'tool.js'), "#!/usr/bin/env node\nexports.kind = 'shebang';\n");
    writeFileSync(path.join(root, 'node_modules', 'dep', 'index.js'), "exports.kind = 'dependency';\n");
    writeFileSync(path.join(dir, 'outside.js'), "exports.kind = 'outside';\n");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(env: NodeJS.ProcessEnv = {}): RunResult {
    // The result is printed at exit, after the hook's own exit handler (registered first) has written the cache.
    const script = `
      const m = require(${JSON.stringify(HOOK)});
      const fs = require('fs');
      const opts = { root: ${JSON.stringify(root)}, env: process.env };
      const installed = m.enableModuleCodeCache(opts);
      const again = m.enableModuleCodeCache(opts);
      const aModule = require(${JSON.stringify(path.join(root, 'lib', 'a.js'))});
      const a = aModule.facts();
      let dynamic;
      aModule.dynamic().then((t) => { dynamic = t; }, (e) => { dynamic = String(e); });
      // the validators' flush (after a validation) leaves the module caches to the exit
      require(${JSON.stringify(require.resolve('../../lib/core/code-cache'))}).flushCodeCache();
      const writtenByValidatorFlush = m.moduleCodeCacheStats().written;
      const shebang = require(${JSON.stringify(path.join(root, 'lib', 'tool.js'))}).kind;
      const dep = require(${JSON.stringify(path.join(root, 'node_modules', 'dep'))}).kind;
      const outside = require(${JSON.stringify(path.join(dir, 'outside.js'))}).kind;
      process.on('exit', () => {
        const cached = fs.existsSync(${JSON.stringify(cacheDir)}) ? fs.readdirSync(${JSON.stringify(cacheDir)}).sort() : [];
        const stats = m.moduleCodeCacheStats();
        process.stdout.write(JSON.stringify({ installed, again, stats, a, shebang, dep, outside, cached, dynamic, writtenByValidatorFlush }));
      });
    `;
    const out = execFileSync(process.execPath, ['-r', REGISTER, '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, VSPHERE_K8S_CODE_CACHE_DIR: cacheDir, ...env },
    });
    return JSON.parse(out) as RunResult;
  }

  test('modules under the root get what require gives them; the cache is written at exit and used by the next process', () => {
    const first = run();
    expect(first.installed).toBe(true);
    expect(first.again).toBe(false); // installed once per process
    const a = path.join(root, 'lib', 'a.js');
    expect(first.a).toEqual({
      filename: a,
      dirname: path.dirname(a),
      resolved: path.join(root, 'lib', 'b.js'),
      b: 7,
      sameB: true, // Node's module cache still applies
      lazy: 42,
      stack: expect.stringContaining(`${a}:10:`), // the line of \`new Error\` in a.js
      isModule: true,
      main: true,
      paths: true,
      cache: true,
      thisIsExports: true,
    });
    expect(first.dynamic).toBe('function'); // import() works in a cached module
    expect(first.writtenByValidatorFlush).toBe(0);
    expect([first.shebang, first.dep, first.outside]).toEqual(['shebang', 'dependency', 'outside']);
    // a.js and b.js only: not the file with a #! line, not node_modules below the root, not outside it
    expect(first.stats).toEqual({ hits: 0, misses: 2, rejected: 0, written: 2 });
    expect(first.cached).toEqual([
      expect.stringMatching(/^module\.lib\.a\.js\.[0-9a-f]{16}\.v8cache$/),
      expect.stringMatching(/^module\.lib\.b\.js\.[0-9a-f]{16}\.v8cache$/),
    ]);

    const second = run();
    expect(second.stats).toEqual({ hits: 2, misses: 0, rejected: 0, written: 0 });
    expect(second.a).toEqual(first.a);
    expect(second.cached).toEqual(first.cached);
  });

  test('a damaged cache file is rejected by V8 and rewritten; the module works', () => {
    run();
    const file = path.join(
      cacheDir,
      readdirSync(cacheDir).find((f) => f.startsWith('module.lib.a.js.'))!,
    );
    const damaged = readFileSync(file);
    damaged.fill(7, 0, 64);
    writeFileSync(file, damaged);
    const r = run();
    expect(r.stats).toEqual({ hits: 1, misses: 1, rejected: 1, written: 1 });
    expect(r.a.lazy).toBe(42);
    expect(run().stats).toEqual({ hits: 2, misses: 0, rejected: 0, written: 0 });
  });

  test('a changed module compiles from its new source and replaces its old cache file; other files stay', () => {
    run();
    writeFileSync(path.join(cacheDir, 'notes.txt'), 'not written by the cache');
    // the cache of a module whose name only starts like b.js's (lib/b.js.extra.js)
    const lookalike = 'module.lib.b.js.extra.js.0123456789abcdef.v8cache';
    writeFileSync(path.join(cacheDir, lookalike), 'another module');
    writeFileSync(path.join(root, 'lib', 'b.js'), 'exports.value = 8;\n'); // same length
    const r = run();
    expect(r.a.b).toBe(8);
    expect(r.stats).toEqual({ hits: 1, misses: 1, rejected: 0, written: 1 });
    expect(r.cached.filter((f) => /^module\.lib\.b\.js\.[0-9a-f]{16}\.v8cache$/.test(f))).toHaveLength(1);
    expect(r.cached).toContain('notes.txt');
    expect(r.cached).toContain(lookalike);
  });

  test('VSPHERE_K8S_CODE_CACHE=0: not installed, modules load as usual, nothing is written', () => {
    const r = run({ VSPHERE_K8S_CODE_CACHE: '0' });
    expect(r.installed).toBe(false);
    expect(r.a.b).toBe(7);
    expect(r.stats).toEqual({ hits: 0, misses: 0, rejected: 0, written: 0 });
    expect(r.cached).toEqual([]);
  });
});
