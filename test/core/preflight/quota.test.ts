import { preflight, PreflightFinding } from '../../../lib/core/preflight';
import { deployment, J, namespace } from './fixtures';

function quota(objects: J[]): PreflightFinding[] {
  return preflight(objects, { skip: ['pod-security', 'scheduling', 'crds', 'files', 'references'] });
}

const rq = (hard: Record<string, string>): J => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'q', namespace: 'apps' },
  spec: { hard },
});
const lr = (limit: J): J => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'lr', namespace: 'apps' },
  spec: { limits: [Object.assign({ type: 'Container' }, limit)] },
});
const web = (resources?: J, init = false): J =>
  deployment('web', 'apps', {
    [init ? 'initContainers' : 'containers']: [{ name: 'app', image: 'x', resources }],
    ...(init ? { containers: [{ name: 'main', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] } : {}),
  });

describe('quota: a ResourceQuota on CPU/memory needs every container to state them (or a LimitRange default)', () => {
  test('limits.cpu tracked, no limit, no LimitRange: error naming the container, the quota and the field', () => {
    const f = quota([namespace('apps'), rq({ 'limits.cpu': '4' }), web({ requests: { cpu: '100m' } })]);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'error', check: 'quota', path: '/spec/template/spec/containers/0/resources' });
    expect(f[0].message).toMatch(/container "app" sets no limits\.cpu, which ResourceQuota apps\/q tracks, .*"must specify limits\.cpu"/);
  });

  test('stated, or defaulted by a LimitRange: no finding', () => {
    expect(quota([rq({ 'limits.cpu': '4' }), web({ limits: { cpu: '500m' } })])).toEqual([]);
    expect(quota([rq({ 'limits.cpu': '4' }), lr({ default: { cpu: '500m' } }), web()])).toEqual([]);
  });

  test('requests: a limit alone satisfies it (the request defaults to the limit); defaultRequest or default gives it', () => {
    expect(quota([rq({ 'requests.memory': '8Gi' }), web({ limits: { memory: '1Gi' } })])).toEqual([]);
    expect(quota([rq({ memory: '8Gi' }), lr({ defaultRequest: { memory: '64Mi' } }), web()])).toEqual([]);
    expect(quota([rq({ 'requests.memory': '8Gi' }), web()])).toHaveLength(1);
  });

  test('init containers count; a quota in another namespace or on other resources does not', () => {
    expect(quota([rq({ 'limits.memory': '8Gi' }), web(undefined, true)]).map((x) => x.path)).toEqual([
      '/spec/template/spec/initContainers/0/resources',
    ]);
    expect(quota([rq({ pods: '10' }), web()])).toEqual([]);
    const elsewhere = Object.assign({}, rq({ 'limits.cpu': '4' }), { metadata: { name: 'q', namespace: 'other' } });
    expect(quota([elsewhere, web()])).toEqual([]);
  });
});
