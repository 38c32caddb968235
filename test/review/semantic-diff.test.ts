import { formatSemanticDiff, semanticDiff } from '../../lib/review';
import type { ManifestObject } from '../../lib/core/validation';

const acnp = (priority: number, egress: object[]): ManifestObject =>
  ({
    apiVersion: 'crd.antrea.io/v1beta1',
    kind: 'ClusterNetworkPolicy',
    metadata: { name: 'web' },
    spec: { priority, tier: 'application', appliedTo: [{ podSelector: {} }], egress },
  }) as ManifestObject;
const rule = (name: string, action: string, port: number): object => ({
  name,
  action,
  to: [{ ipBlock: { cidr: '10.0.0.0/8' } }],
  ports: [{ protocol: 'TCP', port }],
});
const tier = (priority: number): ManifestObject =>
  ({ apiVersion: 'crd.antrea.io/v1beta1', kind: 'Tier', metadata: { name: 'team' }, spec: { priority } }) as ManifestObject;
const cm = (name: string, data: Record<string, string>): ManifestObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'app' }, data }) as ManifestObject;

describe('semanticDiff', () => {
  test('objects added, removed and changed, per field (key order does not count as a change)', () => {
    const d = semanticDiff([cm('a', { x: '1', y: '2' }), cm('gone', {})], [cm('a', { y: '2', x: '3' }), cm('new', {})]);
    expect(d.objects).toEqual([
      { object: 'ConfigMap app/a', change: 'changed', fields: [{ path: 'data.x', before: '1', after: '3' }], rules: [] },
      { object: 'ConfigMap app/gone', change: 'removed', fields: [], rules: [] },
      { object: 'ConfigMap app/new', change: 'added', fields: [], rules: [] },
    ]);
    expect(semanticDiff([cm('a', { x: '1', y: '2' })], [cm('a', { y: '2', x: '1' })]).objects).toEqual([]);
  });

  test('policy rules are compared per rule by name: changed, moved (order decides in Antrea), added, removed', () => {
    const before = acnp(5, [rule('a', 'Allow', 80), rule('b', 'Drop', 443), rule('c', 'Allow', 22)]);
    const after = acnp(6, [rule('b', 'Drop', 443), rule('a', 'Drop', 80), rule('d', 'Allow', 53)]);
    const [change] = semanticDiff([before], [after]).objects;
    expect(change.fields).toEqual([{ path: 'spec.priority', before: 5, after: 6 }]);
    expect(change.rules).toEqual([
      {
        direction: 'egress',
        rule: 'a',
        change: 'changed',
        before: '#0 Allow to ipBlock 10.0.0.0/8 ports TCP/80',
        after: '#1 Drop to ipBlock 10.0.0.0/8 ports TCP/80',
      },
      {
        direction: 'egress',
        rule: 'b',
        change: 'moved',
        before: '#1 Drop to ipBlock 10.0.0.0/8 ports TCP/443',
        after: '#0 Drop to ipBlock 10.0.0.0/8 ports TCP/443',
      },
      { direction: 'egress', rule: 'c', change: 'removed', before: '#2 Allow to ipBlock 10.0.0.0/8 ports TCP/22' },
      { direction: 'egress', rule: 'd', change: 'added', after: '#2 Allow to ipBlock 10.0.0.0/8 ports TCP/53' },
    ]);
  });

  test('unnamed rules (and Kubernetes NetworkPolicy rules) are compared by index', () => {
    const np = (port: number): ManifestObject =>
      ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'np', namespace: 'app' },
        spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }], ports: [{ port }] }] },
      }) as ManifestObject;
    expect(semanticDiff([np(80)], [np(8080)]).objects[0].rules).toEqual([
      {
        direction: 'ingress',
        rule: '#0',
        change: 'changed',
        before: '#0 Allow from pods{*} ports TCP/80',
        after: '#0 Allow from pods{*} ports TCP/8080',
      },
    ]);
  });

  test('Secret values are never shown, only which key changed', () => {
    const secret = (v: string): ManifestObject =>
      ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'app' }, stringData: { password: v } }) as ManifestObject;
    const d = semanticDiff([secret('old-secret-value')], [secret('new-secret-value')]);
    expect(d.objects[0].fields).toEqual([{ path: 'stringData.password', before: '(hidden)', after: '(hidden)' }]);
    expect(formatSemanticDiff(d)).not.toMatch(/secret-value/);
  });

  test('includes the upgrade-safety findings, and the text format names each change', () => {
    const d = semanticDiff([tier(120), acnp(5, [rule('a', 'Allow', 80)])], [tier(130), acnp(5, [rule('a', 'Drop', 80)])]);
    expect(d.upgrade).toEqual([
      {
        object: 'Tier team',
        field: 'spec.priority',
        before: 120,
        after: 130,
        severity: 'error',
        risk: 'Antrea rejects updates of a Tier priority; create a new Tier and move the policies to it',
      },
    ]);
    expect(formatSemanticDiff(d)).toBe(
      [
        'objects: 0 added, 0 removed, 2 changed',
        '~ ClusterNetworkPolicy web',
        '    egress rule a changed: #0 Allow to ipBlock 10.0.0.0/8 ports TCP/80  =>  #0 Drop to ipBlock 10.0.0.0/8 ports TCP/80',
        '~ Tier team',
        '    spec.priority: 120 -> 130',
        'connectivity: 0 connection(s) changed verdict',
        'upgrade safety: 1 finding(s), 1 error(s)',
        '  [error] Tier team spec.priority: 120 -> 130: Antrea rejects updates of a Tier priority; create a new Tier and move the policies to it',
        '',
      ].join('\n'),
    );
  });

  test('lists the connections whose verdict a policy change changed, with the deciding rule', () => {
    const deploy = (name: string, port?: number): ManifestObject =>
      ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace: 'shop' },
        spec: {
          selector: { matchLabels: { app: name } },
          template: {
            metadata: { labels: { app: name } },
            spec: { containers: [{ name, image: 'x', ports: port ? [{ containerPort: port }] : undefined }] },
          },
        },
      }) as ManifestObject;
    const dbPolicy = (action: string): ManifestObject =>
      ({
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'ClusterNetworkPolicy',
        metadata: { name: 'db' },
        spec: {
          priority: 1,
          appliedTo: [{ podSelector: { matchLabels: { app: 'db' } } }],
          ingress: [{ name: 'web', action, from: [{ podSelector: { matchLabels: { app: 'web' } } }] }],
        },
      }) as ManifestObject;
    const d = semanticDiff([deploy('web'), deploy('db', 5432), dbPolicy('Allow')], [deploy('web'), deploy('db', 5432), dbPolicy('Drop')]);
    expect(d.connectivity).toEqual([
      {
        from: 'shop/web',
        to: 'shop/db TCP/5432',
        before: 'allowed',
        after: 'denied',
        why: expect.stringMatching(/^denied: .*db.*web/),
      },
    ]);
    expect(formatSemanticDiff(d)).toContain(
      'connectivity: 1 connection(s) changed verdict\n  shop/web -> shop/db TCP/5432: allowed -> denied (denied: ',
    );
  });

  test('two objects that differ only in API group are told apart', () => {
    const k8sNp = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'a' },
      spec: { podSelector: {} },
    };
    const annp = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'a' },
      spec: { priority: 1, appliedTo: [{ podSelector: {} }] },
    };
    expect(semanticDiff([k8sNp as ManifestObject], [annp as ManifestObject]).objects.map((o) => `${o.change} ${o.object}`)).toEqual([
      'added NetworkPolicy a/p (crd.antrea.io)',
      'removed NetworkPolicy a/p (networking.k8s.io)',
    ]);
  });
});
