import { Chart, Testing, ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { validateManifests, assertValidManifests } from '../lib/core/validation';

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
      'example.com/v1 Widget w : no schema for example.com/v1/Widget in the bundle (Kubernetes 1.27.0 and the pinned CRDs)',
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
  test('schemas/validators/<kind>.js exists and agrees with a run-time compile of the same schema', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundle = require('../schemas/bundle.json');
    const info = bundle.crds['crd.antrea.io/v1beta1/ClusterNetworkPolicy'];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pre = { [info.validator]: require(`../schemas/validators/${info.validator}`).validate };
    expect(typeof pre[info.validator]).toBe('function');
    const bad = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'p' },
      spec: { priority: 'high', extra: 1 },
    };
    expect(pre[info.validator](bad)).toBe(false);
    const Ajv = (jest.requireActual('ajv') as any).default;
    const addFormats = (jest.requireActual('ajv-formats') as any).default;
    const a = new Ajv({
      allErrors: true,
      strict: false,
      logger: false,
      unicodeRegExp: false,
      inlineRefs: false,
      code: { optimize: false },
    });
    addFormats(a);
    a.addSchema({ $id: 'k8s', definitions: bundle.definitions });
    const fn = a.compile(info.schema);
    expect(fn(bad)).toBe(false);
    const key = (e: any) => `${e.instancePath} ${e.keyword}`;
    expect(pre[info.validator].errors.map(key).sort()).toEqual(fn.errors.map(key).sort());
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
