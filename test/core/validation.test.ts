import { Chart, Testing, ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { validateManifests, assertValidManifests } from '../../lib/core/validation';

function obj(extra: Record<string, unknown>): any {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'default' }, data: { a: 'b' }, ...extra };
}

describe('validateManifests', () => {
  test('accepts a cdk8s-plus Deployment and Service', () => {
    const chart = Testing.chart();
    const d = new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });
    d.exposeViaService();
    const r = validateManifests(Testing.synth(chart));
    expect(r.problems).toEqual([]);
    expect(r.checked).toBe(2);
  });

  test('reports an unknown field with its JSON path', () => {
    const r = validateManifests([obj({ spec: { x: 1 } })]);
    expect(r.valid).toBe(false);
    expect(r.problems[0]).toEqual({
      object: 'v1 ConfigMap default/cm',
      path: '/spec',
      message: 'unknown field "spec" (the API server would prune it)',
    });
  });

  test('reports an unknown field deep in a CRD object', () => {
    const acnp = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'p' },
      spec: { priority: 5, appliedTo: [{ podSelector: {} }], ingress: [{ action: 'Allow', from: [{ podSelector: {}, bogus: true }] }] },
    };
    const r = validateManifests([acnp]);
    expect(r.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      '/spec/ingress/0/from/0/bogus: unknown field "bogus" (the API server would prune it)',
    ]);
  });

  test('reports a bad enum with the allowed values', () => {
    const acnp = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'p' },
      spec: { priority: 5, appliedTo: [{ podSelector: {} }], ingress: [{ action: 'Permit' }] },
    };
    const r = validateManifests([acnp]);
    expect(r.problems).toEqual([
      {
        object: 'crd.antrea.io/v1beta1 ClusterNetworkPolicy p',
        path: '/spec/ingress/0/action',
        message: 'must be one of ["Allow","Drop","Reject","Pass"]',
      },
    ]);
  });

  test('reports a namespace on a cluster-scoped object', () => {
    const r = validateManifests([
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'sc', namespace: 'x' }, provisioner: 'p' },
    ]);
    expect(r.problems.map((p) => p.message)).toEqual(['StorageClass is cluster-scoped and must not carry a namespace (got "x")']);
  });

  test('reports a bad name', () => {
    const r = validateManifests([obj({ metadata: { name: 'Bad_Name' } })]);
    expect(r.problems[0].path).toBe('/metadata/name');
    expect(r.problems[0].message).toMatch(/invalid name "Bad_Name": expected a DNS-1123 subdomain/);
  });

  test('reports duplicates (same group, kind, namespace, name) across versions', () => {
    const r = validateManifests([obj({}), obj({})]);
    expect(r.problems).toEqual([
      { object: 'v1 ConfigMap default/cm', path: '', message: 'duplicate object: the same group, kind, namespace and name as object #0' },
    ]);
  });

  test('reports an unknown kind, a wrong type and an int32 overflow', () => {
    const r = validateManifests([
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 'two', selector: {}, template: {} } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 2 ** 31 }] } },
    ]);
    const msgs = r.problems.map((p) => `${p.object} ${p.path}: ${p.message}`);
    expect(msgs).toContain(
      'example.com/v1 Widget w : no schema for example.com/v1/Widget in Kubernetes 1.33 or the pinned CRDs: register its ' +
        'CustomResourceDefinition with validation.crds (or include the CRD among the objects), or let the kind pass unchecked ' +
        "with validation.allowUnknownKinds: ['example.com/v1/Widget']",
    );
    expect(msgs).toContain('apps/v1 Deployment d /spec/replicas: must be integer');
    expect(msgs).toContain('v1 Service s /spec/ports/0/port: must be <= 2147483647');
  });

  test('reports bad label keys and values', () => {
    const r = validateManifests([obj({ metadata: { name: 'cm', labels: { 'a/b/c': 'x', ok: 'not ok!' } } })]);
    expect(r.problems.map((p) => p.path)).toEqual(['/metadata/labels/a/b/c', '/metadata/labels/ok']);
  });

  test('assertValidManifests throws with every problem listed', () => {
    expect(() => assertValidManifests([obj({ spec: 1 }), obj({ metadata: { name: 'X' } })])).toThrow(
      /2 manifest problem\(s\):\nv1 ConfigMap default\/cm \/spec: unknown field "spec"/,
    );
  });

  test('a raw ApiObject with a typo is caught', () => {
    const chart = new Chart(Testing.app(), 'c');
    new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, strinData: { a: 'b' } } as any);
    expect(validateManifests(chart.toJson()).problems.map((p) => p.path)).toEqual(['/strinData']);
  });
});

describe('precompiled validators', () => {
  // The precompiled modules must equal what lib/core/validation.ts compiles at run time from schemas/definitions.json
  // with the shared options (schemas/strict-schema.cjs): same verdict, same errors.
  function runtimeCompile(schema: object): any {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { AJV_OPTIONS } = require('../../schemas/strict-schema.cjs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { definitions } = require('../../schemas/definitions.json');
    const Ajv = (jest.requireActual('ajv') as any).default;
    const addFormats = (jest.requireActual('ajv-formats') as any).default;
    const a = new Ajv(AJV_OPTIONS);
    addFormats(a);
    a.addSchema({ $id: 'k8s', definitions });
    return a.compile(schema);
  }
  function precompiled(validator: string): any {
    const [file, name] = validator.split('#');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(`../../schemas/validators/${file}`)[name];
  }
  const errorKeys = (errors: any[]) => errors.map((e: any) => `${e.instancePath} ${e.keyword}`).sort();

  test('a precompiled CRD validator agrees with a run-time compile of the same schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require('../../schemas/bundle.json');
    const key = 'crd.antrea.io/v1beta1/ClusterNetworkPolicy';
    const pre = precompiled(bundle.crds[key].validator);
    expect(typeof pre).toBe('function');
    const bad = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'p' },
      spec: { priority: 'high', extra: 1 },
    };
    expect(pre(bad)).toBe(false);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fn = runtimeCompile(require('../../schemas/definitions.json').crds[key]);
    expect(fn(bad)).toBe(false);
    expect(errorKeys(pre.errors)).toEqual(errorKeys(fn.errors));
  });

  test.each(['1.33', '1.34', '1.35'])('the precompiled Kubernetes %s Deployment agrees with a run-time compile', (minor) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const info = require('../../schemas/bundle.json').minors[minor].kinds['apps/v1/Deployment'];
    const pre = precompiled(info.validator);
    expect(typeof pre).toBe('function');
    const bad = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', labels: { a: 1 } },
      spec: { replicas: 'two', selector: {}, template: { spec: { containers: [{ name: 'c', portz: [] }] } } },
    };
    expect(pre(bad)).toBe(false);
    const fn = runtimeCompile({ $ref: `k8s#/definitions/${info.ref}` });
    expect(fn(bad)).toBe(false);
    expect(errorKeys(pre.errors)).toEqual(errorKeys(fn.errors));
    expect(errorKeys(pre.errors)).toContain('/spec/template/spec/containers/0 additionalProperties');
  });

  test('the SupportBundleCollection CRD (RE2-style patterns) compiles and validates', () => {
    const r = validateManifests([
      {
        apiVersion: 'crd.antrea.io/v1alpha1',
        kind: 'SupportBundleCollection',
        metadata: { name: 's' },
        spec: {
          fileServer: { url: 'sftp://10.0.0.1:22/upload' },
          authentication: { authType: 'BasicAuthentication', authSecret: { name: 'a', namespace: 'b' } },
          nodes: { nodeNames: ['n1'] },
        },
      },
    ]);
    expect(r.problems.filter((p) => p.path.startsWith('/spec/fileServer'))).toEqual([]);
  });
});
