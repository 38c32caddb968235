/**
 * The V8 code cache of the precompiled validators (lib/core/code-cache.ts): written after a load without one, used on
 * the next load, ignored when damaged or unwritable, keyed on the module's source, and never touching files it did not
 * write.
 */
import { execFileSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { codeCacheDir, codeCacheStats, flushCodeCache, requireWithCodeCache } from '../../lib/core/code-cache';

const ROOT = path.resolve(__dirname, '..', '..');
const CORE = path.join(ROOT, 'schemas', 'validators', 'kubernetes-core.js');

type Validators = Record<string, ((o: unknown) => boolean) & { errors?: unknown[] | null }>;

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' }, data: { k: 'v' } };

describe('code cache of the precompiled validators', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'code-cache-'));
    env = { VSPHERE_K8S_CODE_CACHE_DIR: path.join(dir, 'cache') };
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  function load(file = CORE): Validators {
    return requireWithCodeCache(file, env) as Validators;
  }

  test('the first load writes a cache after the flush (not before); loaded again, the module validates the same', () => {
    const before = codeCacheStats();
    const first = load();
    expect(readdirSync(dir)).toEqual([]); // nothing before the flush
    expect(first.io_k8s_api_core_v1_ConfigMap(CONFIG_MAP)).toBe(true);
    flushCodeCache();
    const files = readdirSync(path.join(dir, 'cache'));
    expect(files).toEqual([expect.stringMatching(/^kubernetes-core\.js\.[0-9a-f]{16}\.v8cache$/)]);
    const second = load();
    const after = codeCacheStats();
    expect(after.misses - before.misses).toBe(1);
    expect(after.hits - before.hits).toBe(1);
    expect(after.written - before.written).toBe(1);
    const bad = { ...CONFIG_MAP, data: { k: 1 } };
    expect(second.io_k8s_api_core_v1_ConfigMap(CONFIG_MAP)).toBe(true);
    expect(second.io_k8s_api_core_v1_ConfigMap(bad)).toBe(false);
    expect(first.io_k8s_api_core_v1_ConfigMap(bad)).toBe(false);
    expect(second.io_k8s_api_core_v1_ConfigMap.errors).toEqual(first.io_k8s_api_core_v1_ConfigMap.errors);
  });

  test('across processes: the second run uses the cache; a damaged cache is rejected by V8, the module still works, and the cache is rewritten', () => {
    // Fresh processes: within one process V8 reuses a compiled script by its source and never reads the cached data.
    const run = (): { stats: ReturnType<typeof codeCacheStats>; valid: boolean } => {
      const script = `
        const c = require(${JSON.stringify(require.resolve('../../lib/core/code-cache'))});
        const m = c.requireWithCodeCache(${JSON.stringify(CORE)});
        const valid = m.io_k8s_api_core_v1_ConfigMap(${JSON.stringify(CONFIG_MAP)});
        c.flushCodeCache();
        process.stdout.write(JSON.stringify({ stats: c.codeCacheStats(), valid }));
      `;
      const out = execFileSync(process.execPath, ['-r', require.resolve('../support/ts-register.js'), '-e', script], {
        encoding: 'utf8',
        env: { ...process.env, ...env },
      });
      return JSON.parse(out) as { stats: ReturnType<typeof codeCacheStats>; valid: boolean };
    };
    expect(run()).toEqual({ stats: { hits: 0, misses: 1, rejected: 0, written: 1 }, valid: true });
    expect(run()).toEqual({ stats: { hits: 1, misses: 0, rejected: 0, written: 0 }, valid: true });
    const [file] = readdirSync(path.join(dir, 'cache'));
    const full = path.join(dir, 'cache', file);
    const damaged = readFileSync(full);
    damaged.fill(7, 0, 64);
    writeFileSync(full, damaged);
    expect(run()).toEqual({ stats: { hits: 0, misses: 1, rejected: 1, written: 1 }, valid: true });
    expect(readFileSync(full).subarray(0, 64).equals(damaged.subarray(0, 64))).toBe(false);
    expect(run()).toEqual({ stats: { hits: 1, misses: 0, rejected: 0, written: 0 }, valid: true });
  });

  test('a changed module gets a cache of its own; the old cache of that module goes, other files stay', () => {
    const mod = path.join(dir, 'mod', 'kubernetes-core.js');
    mkdirSync(path.dirname(mod));
    writeFileSync(mod, 'exports.answer = () => 41;\n');
    mkdirSync(path.join(dir, 'cache'));
    writeFileSync(path.join(dir, 'cache', 'notes.txt'), 'not a file the cache wrote');
    writeFileSync(path.join(dir, 'cache', 'kubernetes-networking.k8s.io.js.0123456789abcdef.v8cache'), 'another module');
    expect((load(mod) as unknown as { answer(): number }).answer()).toBe(41);
    flushCodeCache();
    const firstFiles = readdirSync(path.join(dir, 'cache')).filter((f) => f.startsWith('kubernetes-core.js.'));
    expect(firstFiles).toHaveLength(1);
    // Same length, other content: V8 alone would accept the old cache (it checks the source length), the key does not.
    writeFileSync(mod, 'exports.answer = () => 42;\n');
    const before = codeCacheStats();
    expect((load(mod) as unknown as { answer(): number }).answer()).toBe(42);
    expect(codeCacheStats().misses - before.misses).toBe(1);
    flushCodeCache();
    const files = readdirSync(path.join(dir, 'cache')).sort();
    const own = files.filter((f) => f.startsWith('kubernetes-core.js.'));
    expect(own).toHaveLength(1);
    expect(own[0]).not.toBe(firstFiles[0]);
    expect(files).toContain('notes.txt');
    expect(files).toContain('kubernetes-networking.k8s.io.js.0123456789abcdef.v8cache');
  });

  test('VSPHERE_K8S_CODE_CACHE=0 turns it off: nothing is written', () => {
    env = { ...env, VSPHERE_K8S_CODE_CACHE: '0' };
    expect(codeCacheDir(path.dirname(CORE), env)).toBeUndefined();
    const before = codeCacheStats();
    expect(load().io_k8s_api_core_v1_ConfigMap(CONFIG_MAP)).toBe(true);
    flushCodeCache();
    expect(codeCacheStats().written).toBe(before.written);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('an unwritable cache folder is no error: the module loads and validates, nothing is written', () => {
    if (process.getuid?.() === 0) {
      // root writes anyway; a file where the folder should be makes the write fail the same way
      writeFileSync(path.join(dir, 'cache'), 'a file, not a folder');
    } else {
      chmodSync(dir, 0o555);
    }
    const before = codeCacheStats();
    expect(load().io_k8s_api_core_v1_ConfigMap(CONFIG_MAP)).toBe(true);
    expect(() => flushCodeCache()).not.toThrow();
    expect(codeCacheStats().written).toBe(before.written);
  });

  test('the default place is node_modules/.cache/vsphere-k8s-constructs of the install, or of the repository', () => {
    expect(codeCacheDir('/p/node_modules/vsphere-k8s-constructs/schemas/validators', {})).toBe(
      '/p/node_modules/.cache/vsphere-k8s-constructs',
    );
    expect(codeCacheDir(path.join(ROOT, 'schemas', 'validators'), {})).toBe(
      path.join(ROOT, 'node_modules', '.cache', 'vsphere-k8s-constructs'),
    );
    expect(codeCacheDir('/p/schemas/validators', { VSPHERE_K8S_CODE_CACHE_DIR: 'rel/dir' })).toBe(path.resolve('rel/dir'));
  });
});
