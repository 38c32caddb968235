import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { AppliedTo, ClusterNetworkPolicy, LabelSelector, Peer, Port, RuleAction, Tier } from '../../lib/antrea';
import { connectivityMatrix, renderConnectivity } from '../../lib/review';
import { synthValid } from '../helpers';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

function deployment(
  chart: Chart,
  ns: string,
  name: string,
  ports: Array<{ name?: string; containerPort: number; protocol?: string }>,
): void {
  new k8s.KubeDeployment(chart, `${ns}-${name}`, {
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `example/${name}:1`, ports }] } },
    },
  });
}

/** shop/web → shop/api:8080 allowed by an Antrea rule, api:9090 rejected, db:5432 from web dropped, outside → web allowed. */
function shop(): unknown[] {
  const chart = new Chart(Testing.app(), 'test');
  for (const ns of ['shop', 'ops']) new k8s.KubeNamespace(chart, `ns-${ns}`, { metadata: { name: ns, labels: { team: ns } } });
  deployment(chart, 'shop', 'web', [{ name: 'http', containerPort: 8080 }]);
  deployment(chart, 'shop', 'api', [
    { name: 'http', containerPort: 8080 },
    { name: 'metrics', containerPort: 9090 },
  ]);
  deployment(chart, 'shop', 'db', [{ containerPort: 5432 }]);
  deployment(chart, 'ops', 'batch', []);
  const sel = (app: string): LabelSelector => LabelSelector.matchLabels({ app });
  new ClusterNetworkPolicy(chart, 'Api', {
    name: 'api',
    priority: 1,
    tier: Tier.APPLICATION,
    appliedTo: [AppliedTo.pods(sel('api'))],
    ingress: [
      { name: 'web-http', action: RuleAction.ALLOW, from: [Peer.pods(sel('web'))], ports: [Port.named('http')] },
      { name: 'no-metrics', action: RuleAction.REJECT, from: [Peer.namespaces(LabelSelector.all())], ports: [Port.tcp(9090)] },
    ],
  });
  new ClusterNetworkPolicy(chart, 'Db', {
    name: 'db-only-api',
    priority: 2,
    tier: Tier.SECURITY_OPS,
    appliedTo: [AppliedTo.pods(sel('db'))],
    ingress: [
      { name: 'api', action: RuleAction.ALLOW, from: [Peer.pods(sel('api'))], ports: [Port.tcp(5432)] },
      { name: 'rest', action: RuleAction.DROP, from: [Peer.namespaces(LabelSelector.all()), Peer.ipBlock('0.0.0.0/0')] },
    ],
  });
  return synthValid(chart);
}

describe('connectivity matrix', () => {
  test('every workload and the outside address against every declared port, decided with Antrea semantics', () => {
    const m = connectivityMatrix(shop());
    expect(m.sources).toEqual(['ops/batch', 'shop/api', 'shop/db', 'shop/web', 'outside']);
    expect(m.targets.map((t) => `${t.pod} ${t.protocol}/${t.port} ${t.name ?? ''}`)).toEqual([
      'shop/api TCP/8080 http',
      'shop/api TCP/9090 metrics',
      'shop/db TCP/5432 ',
      'shop/web TCP/8080 http',
    ]);
    const grid = m.sources.map((s) => [
      s,
      ...m.cells.filter((c) => c.from === s).map((c) => c.verdict.result + (c.verdict.action === 'Reject' ? '/reject' : '')),
    ]);
    expect(grid).toEqual([
      ['ops/batch', 'allowed', 'denied/reject', 'denied', 'allowed'],
      ['shop/api', 'allowed', 'denied/reject', 'allowed', 'allowed'],
      ['shop/db', 'allowed', 'denied/reject', 'denied', 'allowed'],
      ['shop/web', 'allowed', 'denied/reject', 'denied', 'allowed'],
      ['outside', 'allowed', 'allowed', 'denied', 'allowed'],
    ]);
    // a workload to itself is one replica to another, not loopback: db → db is dropped by the "rest" rule
    const dbToDb = m.cells.find((c) => c.from === 'shop/db' && c.to.pod === 'shop/db')!;
    expect(dbToDb.verdict.ingress.rule).toMatchObject({ name: 'db-only-api', ruleName: 'rest', action: 'Drop', ruleIndex: 1 });
  });

  test('the section shows the grid and names the deciding rule of every connection a policy decided', () => {
    const md = renderConnectivity(connectivityMatrix(shop()));
    const lines = md.split('\n');
    expect(lines).toContain(
      '| from \\\\ to | shop/api TCP/8080 (http) | shop/api TCP/9090 (metrics) | shop/db TCP/5432 | shop/web TCP/8080 (http) |',
    );
    expect(lines).toContain('| shop/web | allow | REJECT | DROP | allow |');
    expect(lines).toContain('| outside | allow | allow | DROP | allow |');
    // one row per deciding reason: result, the deciding rule, how many connections, which
    const why = lines.filter((l) => /^\| (allow|DROP|REJECT) \| /.test(l));
    expect(why).toHaveLength(4);
    expect(why[0]).toMatch(
      /^\| DROP \| denied: .*db-only-api.*rest.* \| 4 \| ops\/batch → shop\/db TCP\/5432; shop\/db → shop\/db TCP\/5432; shop\/web → shop\/db TCP\/5432; outside → shop\/db TCP\/5432 \|$/,
    );
    expect(why[1]).toMatch(
      /^\| REJECT \| denied: .*no-metrics.* \| 4 \| ops\/batch → shop\/api TCP\/9090 \(metrics\); shop\/api → shop\/api TCP\/9090 \(metrics\); shop\/db → /,
    );
    expect(why[2]).toBe(
      '| allow | allowed: ingress Allow by AntreaClusterNetworkPolicy api ingress[0] "web-http", tier application | 1 | shop/web → shop/api TCP/8080 (http) |',
    );
    expect(why[3]).toMatch(/^\| allow \| allowed: .*db-only-api.*"api".* \| 1 \| shop\/api → shop\/db TCP\/5432 \|$/);
    // web → web is decided by no policy: it is in no row
    expect(why.some((l) => l.includes('→ shop/web '))).toBe(false);
  });

  test('a reason deciding many connections names the first five and counts the rest', () => {
    const chart = new Chart(Testing.app(), 'test');
    for (let i = 0; i < 7; i++) deployment(chart, 'a', `w${i}`, [{ containerPort: 80 + i }]);
    new ClusterNetworkPolicy(chart, 'Deny', {
      name: 'deny-all',
      priority: 1,
      appliedTo: [AppliedTo.pods(LabelSelector.all())],
      ingress: [{ name: 'all', action: RuleAction.DROP, from: [Peer.namespaces(LabelSelector.all())] }],
    });
    const md = renderConnectivity(connectivityMatrix(synthValid(chart)));
    const row = md.split('\n').find((l) => l.startsWith('| DROP |'))!;
    expect(row).toMatch(
      / \| 49 \| a\/w0 → a\/w0 TCP\/80; a\/w0 → a\/w1 TCP\/81; a\/w0 → a\/w2 TCP\/82; a\/w0 → a\/w3 TCP\/83; a\/w0 → a\/w4 TCP\/84; … 44 more \|$/,
    );
  });

  test('a Deployment and a StatefulSet of the same name are two workloads (the second shown as name~2)', () => {
    const chart = new Chart(Testing.app(), 'test');
    deployment(chart, 'a', 'x', [{ containerPort: 80 }]);
    new k8s.KubeStatefulSet(chart, 'sts', {
      metadata: { name: 'x', namespace: 'a' },
      spec: {
        serviceName: 'x',
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: { containers: [{ name: 'x', image: 'example/x:1', ports: [{ containerPort: 81 }] }] },
        },
      },
    });
    const objects = synthValid(chart);
    const m = connectivityMatrix(objects);
    expect(m.sources).toEqual(['a/x', 'a/x~2', 'outside']);
    expect(m.targets.map((t) => `${t.pod}:${t.port}`)).toEqual(['a/x:80', 'a/x~2:81']);
    // whichever comes first among the objects
    expect(connectivityMatrix([...objects].reverse()).targets.map((t) => `${t.pod}:${t.port}`)).toEqual(['a/x:80', 'a/x~2:81']);
  });

  test('without declared ports there is nothing to ask; without policies everything is allowed by default', () => {
    expect(renderConnectivity(connectivityMatrix([]))).toContain('_No workload declares a container port._');
    const chart = new Chart(Testing.app(), 'test');
    deployment(chart, 'a', 'x', [{ containerPort: 80 }]);
    const md = renderConnectivity(connectivityMatrix(synthValid(chart)));
    expect(md).toContain('| a/x | allow |');
    expect(md).toContain('_No connection is decided by a policy: all are allowed by default._');
  });
});
