import { ApplicationNamespaceProps, ClusterPlatform } from '../../lib';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

/** A platform `P` with one namespace `shop` plus `props`. */
function ns(props: Record<string, unknown>): () => unknown {
  return inChart((c) => new ClusterPlatform(c, 'P', { namespaces: [{ name: 'shop', ...props } as ApplicationNamespaceProps] }));
}

const rows: BadInput[] = distinct([
  ['negative Pod count quota', ns({ quota: { pods: -1 } }), err('test/P', 'namespaces[0].quota.pods', '-1', 'a non-negative integer')],
  [
    'empty quota object',
    ns({ quota: {} }),
    err('test/P', 'namespaces[0].quota', '{}', 'at least one quota entry, or false for no ResourceQuota'),
  ],
  [
    'memory quota "8 GB"',
    ns({ quota: { limitsMemory: '8 GB' } }),
    err('test/P', 'namespaces[0].quota.limitsMemory', '"8 GB"', 'a non-negative Kubernetes quantity such as "500m", "2", "8Gi"'),
  ],
  [
    'additional quota for a resource with a typed field',
    ns({ quota: { additional: { 'requests.cpu': '1' } } }),
    err(
      'test/P',
      'namespaces[0].quota.additional["requests.cpu"]',
      '"requests.cpu"',
      'a resource name not covered by a typed field (use namespaces[0].quota.requestsCpu)',
    ),
  ],
  [
    'additional quota that is not a quantity',
    ns({ quota: { additional: { 'count/jobs.batch': 'many' } } }),
    err('test/P', 'namespaces[0].quota.additional["count/jobs.batch"]', '"many"', 'a non-negative Kubernetes quantity'),
  ],
  [
    'Pod Security level "strict"',
    ns({ podSecurity: { enforce: 'strict' } }),
    err('test/P', 'namespaces[0].podSecurity.enforce', '"strict"', 'one of privileged, baseline, restricted'),
  ],
  [
    'Pod Security version without "v"',
    ns({ podSecurity: { version: '1.27' } }),
    err('test/P', 'namespaces[0].podSecurity.version', '"1.27"', 'latest or a Kubernetes minor version such as v1.27'),
  ],
  [
    'LimitRange default above max',
    ns({ limitRange: { defaultCpu: '2', maxCpu: '1' } }),
    err(
      'test/P',
      'namespaces[0].limitRange.maxCpu',
      '"1"',
      'a quantity of at least defaultCpu (2): min <= defaultRequest <= default <= max',
    ),
  ],
  [
    'RoleBinding without groups',
    ns({ roleBindings: [{ groups: [], role: 'edit' }] }),
    err('test/P', 'namespaces[0].roleBindings[0].groups', '[]', 'a list of at least 1 group names'),
  ],
  [
    'RoleBinding with a group listed twice',
    ns({ roleBindings: [{ groups: ['devs', 'devs'], role: 'edit' }] }),
    err('test/P', 'namespaces[0].roleBindings[0].groups[1]', '"devs"', 'group names listed once'),
  ],
  [
    'two RoleBindings that get one default name',
    ns({
      roleBindings: [
        { groups: ['devs'], role: 'edit' },
        { groups: ['ops'], role: 'edit' },
      ],
    }),
    err(
      'test/P',
      'namespaces[0].roleBindings[1].name',
      '"edit-groups"',
      'a RoleBinding name not already used by namespaces[0].roleBindings[0] (set name)',
    ),
  ],
  [
    'the same namespace added twice',
    inChart((c) => {
      const p = new ClusterPlatform(c, 'P');
      p.addNamespace({ name: 'shop' });
      p.addNamespace({ name: 'shop' });
    }),
    err('test/P', 'namespaces[1].name', '"shop"', 'a namespace name not already used in this platform'),
  ],
]);

describe('bad application namespaces (ClusterPlatform)', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
