import { preflight, PreflightFinding } from '../../../lib/core/preflight';
import { J } from './fixtures';

function crds(objects: J[], prerequisiteCrds: { crd: string; providedBy: string }[] = []): PreflightFinding[] {
  return preflight(objects, { cluster: { prerequisiteCrds }, skip: ['pod-security', 'scheduling', 'files', 'references'] });
}

const tier: J = { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Tier', metadata: { name: 'sec' }, spec: { priority: 10 } };
const tierCrd = (versions: J[] = [{ name: 'v1beta1', served: true, storage: true }]): J => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'tiers.crd.antrea.io' },
  spec: { group: 'crd.antrea.io', names: { kind: 'Tier', plural: 'tiers' }, scope: 'Cluster', versions },
});

describe('crds', () => {
  test('built-in groups need no CRD', () => {
    const objs: J[] = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
      { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'a' } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a' } },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'a' } },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', metadata: { name: 'a' } },
    ];
    expect(crds(objs)).toEqual([]);
  });

  test('a custom resource without its CRD: error naming the CRD and both fixes', () => {
    expect(crds([tier])).toEqual([
      {
        severity: 'error',
        check: 'crds',
        object: 'crd.antrea.io/v1beta1 Tier sec',
        path: '/apiVersion',
        message: expect.stringMatching(
          /no CRD for crd.antrea.io\/Tier .*install the CustomResourceDefinition in the stack.*prerequisiteCrds: \[\{ crd: 'crd.antrea.io\/Tier'/,
        ),
      },
    ]);
  });

  test('the CRD in the stack satisfies it', () => {
    expect(crds([tierCrd(), tier])).toEqual([]);
    // order does not matter
    expect(crds([tier, tierCrd()])).toEqual([]);
  });

  test('a CRD that does not serve the version: error with the served versions', () => {
    const found = crds([
      tierCrd([
        { name: 'v1beta1', served: false, storage: false },
        { name: 'v1', served: true, storage: true },
      ]),
      tier,
    ]);
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(
          /CRD tiers.crd.antrea.io in the stack does not serve version "v1beta1" \(versions: v1beta1 \(not served\), v1\)/,
        ),
      }),
    ]);
  });

  test('a declared prerequisite satisfies it; a whole group can be declared with <group>/*', () => {
    expect(crds([tier], [{ crd: 'crd.antrea.io/Tier', providedBy: 'the Antrea manifest' }])).toEqual([]);
    expect(crds([tier], [{ crd: 'crd.antrea.io/*', providedBy: 'the Antrea manifest' }])).toEqual([]);
    expect(crds([tier], [{ crd: 'crd.antrea.io/ClusterNetworkPolicy', providedBy: 'x' }])).toHaveLength(1);
  });

  test('a CRD of another kind in the same group does not count', () => {
    const other = tierCrd();
    other.spec.names = { kind: 'Traceflow', plural: 'traceflows' };
    expect(crds([other, tier])).toHaveLength(1);
  });
});
