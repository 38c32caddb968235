/**
 * The package ships precompiled validators only for the CRD kinds the library's constructs emit
 * (PRECOMPILED_CRDS in scripts/build-schemas.mjs); every other pinned CRD kind is compiled at run time on first use.
 * This test keeps the list honest: a construct that starts emitting a new kind fails here until the kind is added.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { validateManifests } from '../../lib/core/validation';

const ROOT = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** `<apiVersion>/<kind>` of every custom kind lib/ emits: generated L1 classes it imports, and literal apiVersion/kind pairs. */
function emittedCustomKinds(): Set<string> {
  const out = new Set<string>();
  for (const file of tsFiles(path.join(ROOT, 'lib'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/import \{([^}]+)\} from '((?:\.\.\/)+imports\/([^']+))'/g)) {
      if (m[3] === 'snapshot-crds') continue; // the CRD objects themselves (apiextensions, built in)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(ROOT, 'imports', m[3])) as Record<string, { GVK?: { apiVersion: string; kind: string } }>;
      for (const part of m[1].split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        const gvk = mod[name]?.GVK;
        if (gvk) out.add(`${gvk.apiVersion}/${gvk.kind}`);
      }
    }
    for (const m of text.matchAll(/import \* as (\w+) from '(?:\.\.\/)+imports\/([^']+)'/g)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(ROOT, 'imports', m[2])) as Record<string, { GVK?: { apiVersion: string; kind: string } }>;
      for (const used of text.matchAll(new RegExp(`\\b${m[1]}\\.([A-Z]\\w*)\\(`, 'g'))) {
        const gvk = mod[used[1]]?.GVK;
        if (gvk) out.add(`${gvk.apiVersion}/${gvk.kind}`);
      }
    }
    for (const m of text.matchAll(/apiVersion: '([a-z0-9.-]+\.[a-z]+\/v[0-9a-z]+)',\s*kind: '([A-Z]\w*)'/g)) out.add(`${m[1]}/${m[2]}`);
  }
  return out;
}

describe('precompiled CRD validators', () => {
  const bundle = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'bundle.json'), 'utf8')) as {
    crds: Record<string, { validator?: string }>;
  };

  test('every custom kind the constructs emit has a precompiled validator', () => {
    const emitted = [...emittedCustomKinds()].filter((k) => bundle.crds[k] !== undefined).sort();
    expect(emitted.length).toBeGreaterThanOrEqual(14);
    expect(emitted.filter((k) => !bundle.crds[k].validator)).toEqual([]);
  });

  test('a kind without a precompiled module is still validated strictly (compiled at run time)', () => {
    expect(bundle.crds['multicluster.crd.antrea.io/v1alpha1/ResourceImport'].validator).toBeUndefined();
    const r = validateManifests([
      {
        apiVersion: 'multicluster.crd.antrea.io/v1alpha1',
        kind: 'ResourceImport',
        metadata: { name: 'x', namespace: 'antrea-multicluster' },
        spec: { kind: 'AntreaClusterNetworkPolicy', name: 'x', namespace: 'antrea-multicluster', bogus: true },
      },
    ]);
    expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toContain(
      '/spec/bogus: unknown field "bogus" (the API server would prune it)',
    );
  });
});

describe('precompiled Kubernetes validators: one module per API group', () => {
  const bundle = JSON.parse(readFileSync(path.join(ROOT, 'schemas', 'bundle.json'), 'utf8')) as {
    minors: Record<string, { kinds: Record<string, { validator: string }> }>;
  };
  const validatorsDir = path.join(ROOT, 'schemas', 'validators');

  test('every kind of every minor names an existing module and export', () => {
    let checked = 0;
    for (const [minor, { kinds }] of Object.entries(bundle.minors)) {
      for (const [key, { validator }] of Object.entries(kinds)) {
        const [file, name] = validator.split('#');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod = require(path.join(validatorsDir, file)) as Record<string, unknown>;
        expect([minor, key, typeof mod[name]]).toEqual([minor, key, 'function']);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(270);
  });

  test('the Pod-template kinds share the workloads module; other kinds go by API group and minor', () => {
    const k133 = bundle.minors['1.33'].kinds;
    const file = (key: string, minor = '1.33'): string => bundle.minors[minor].kinds[key].validator.split('#')[0];
    for (const key of ['v1/Pod', 'v1/PodTemplate', 'apps/v1/Deployment', 'apps/v1/DaemonSet', 'batch/v1/CronJob']) {
      expect([key, file(key)]).toEqual([key, 'kubernetes-workloads.js']);
    }
    expect(file('v1/ConfigMap')).toBe('kubernetes-core.js');
    expect(file('rbac.authorization.k8s.io/v1/Role')).toBe('kubernetes-rbac.authorization.k8s.io.js');
    expect(file('apps/v1/ControllerRevision')).toBe('kubernetes-apps.js');
    // PodSpec changed in 1.34: its workloads live in that minor's module, and 1.33 never loads them.
    expect(file('apps/v1/Deployment', '1.34')).toBe('kubernetes-workloads-1.34.js');
    expect(Object.values(k133).some((k) => /-1\.3[45]\.js#/.test(k.validator))).toBe(false);
  });

  test('validating a ConfigMap loads the core module only, not the workloads or another group', () => {
    jest.isolateModules(() => {
      // A fresh module registry: this file's other tests have loaded modules already.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const v = require('../../lib/core/validation') as typeof import('../../lib/core/validation');
      const r = v.validateManifests([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' }, data: { k: 'v' } }]);
      expect(r.problems).toEqual([]);
      expect(v.loadedValidatorModules()).toEqual(['kubernetes-core.js']);
      v.validateManifests([{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'b' } }]);
      expect(v.loadedValidatorModules()).toEqual(['kubernetes-core.js', 'kubernetes-workloads.js']);
    });
  });
});
