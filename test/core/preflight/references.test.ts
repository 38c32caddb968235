import { preflight, PreflightFinding } from '../../../lib/core/preflight';
import { deployment, J, namespace, secret } from './fixtures';

function refs(objects: J[], externalObjects: NonNullable<Parameters<typeof preflight>[1]>['cluster'] = {}): PreflightFinding[] {
  return preflight(objects, { cluster: externalObjects, skip: ['pod-security', 'scheduling', 'crds', 'files'] });
}

const container = { name: 'app', image: 'registry.example/app:1' };
const web = (spec: J = {}): J => deployment('web', 'apps', Object.assign({ containers: [container] }, spec));

describe('references: objects a deploy needs exist (emitted, external or built in)', () => {
  test('the namespace of a namespaced object must exist', () => {
    const f = refs([web()]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', check: 'references', path: '/metadata/namespace' });
    expect(f[0].message).toMatch(
      /Namespace apps is neither emitted by the stack nor declared in cluster.externalObjects; the API server answers 'namespaces "apps" not found'/,
    );
    expect(refs([namespace('apps'), web()])).toEqual([]);
    expect(refs([web()], { externalObjects: [{ apiVersion: 'v1', kind: 'Namespace', name: 'apps', providedBy: 'GitOps' }] })).toEqual([]);
    expect(refs([deployment('d', 'kube-system', { containers: [container] })])).toEqual([]);
  });

  test('serviceAccountName must exist in the namespace (default always does)', () => {
    const f = refs([namespace('apps'), web({ serviceAccountName: 'web-sa' })]);
    expect(f.map((x) => [x.path, x.severity])).toEqual([['/spec/template/spec/serviceAccountName', 'error']]);
    expect(f[0].message).toMatch(/ServiceAccount apps\/web-sa is neither emitted .*"serviceaccount not found"/);
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web-sa', namespace: 'apps' } };
    expect(refs([namespace('apps'), sa, web({ serviceAccountName: 'web-sa' })])).toEqual([]);
    expect(refs([namespace('apps'), web({ serviceAccountName: 'default' })])).toEqual([]);
    // a ServiceAccount of the same name in another namespace does not count
    const other = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web-sa', namespace: 'default' } };
    expect(refs([namespace('apps'), other, web({ serviceAccountName: 'web-sa' })])).toHaveLength(1);
  });

  test('priorityClassName must be built in or exist', () => {
    expect(refs([namespace('apps'), web({ priorityClassName: 'system-cluster-critical' })])).toEqual([]);
    const f = refs([namespace('apps'), web({ priorityClassName: 'gold' })]);
    expect(f.map((x) => x.path)).toEqual(['/spec/template/spec/priorityClassName']);
    expect(f[0].message).toMatch(/PriorityClass gold is neither emitted .*no PriorityClass with name gold was found/);
    const gold = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'gold' }, value: 1000 };
    expect(refs([namespace('apps'), gold, web({ priorityClassName: 'gold' })])).toEqual([]);
  });

  test('a PersistentVolumeClaim a volume names must exist in the namespace', () => {
    const vol = { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] };
    const f = refs([namespace('apps'), web(vol)]);
    expect(f.map((x) => x.path)).toEqual(['/spec/template/spec/volumes/0/persistentVolumeClaim/claimName']);
    expect(f[0].message).toMatch(/PersistentVolumeClaim apps\/data .*the pods stay Pending/);
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'apps' }, spec: {} };
    expect(refs([namespace('apps'), pvc, web(vol)])).toEqual([]);
  });

  test('a missing image pull Secret is a warning', () => {
    const spec = { imagePullSecrets: [{ name: 'regcred' }] };
    const f = refs([namespace('apps'), web(spec)]);
    expect(f.map((x) => [x.severity, x.path])).toEqual([['warning', '/spec/template/spec/imagePullSecrets/0/name']]);
    expect(refs([namespace('apps'), secret('regcred', 'apps', {}), web(spec)])).toEqual([]);
  });
});
