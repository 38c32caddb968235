import { App, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AntreaNetworkPolicy,
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  LabelSelector,
  Peer,
  Port,
  RuleAction,
  Tier,
} from '../../../lib/antrea';
import { PolicyEvaluator, workloadModelFromObjects } from '../../../lib/antrea/evaluate';
import { ClusterPlatform } from '../../../lib';
import { checkTraffic, trafficMatchers, trafficPort } from '../../../lib/testing';
import { synthValid } from '../../helpers';
import { acnp, clusterGroup, Obj, pn, sel, tcp, xyz } from './fixture';

expect.extend(trafficMatchers);

/**
 * The evaluator on what the library emits (constructs → strictly validated objects → verdicts), the workload model it
 * derives from workloads, its reports and errors, and the jest matchers users get from `vsphere-k8s-constructs/testing`.
 */

function deployment(chart: Chart, id: string, namespace: string, app: string, port: { name: string; number: number }): void {
  new kplus.Deployment(chart, id, {
    metadata: { name: app, namespace },
    podMetadata: { labels: { app } },
    containers: [
      {
        name: app,
        image: 'registry.example.com/app:1.0',
        ports: [port],
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
        },
      },
    ],
  });
}

/** A shop: Namespaces shop and db (default-deny ingress from ClusterPlatform), web/batch in shop, mysql in db. */
function shopChart(app: App = Testing.app()): Chart {
  const chart = new Chart(app, 'shop');
  const platform = new ClusterPlatform(chart, 'Platform');
  platform.addNamespace({ name: 'shop', labels: { team: 'shop' } });
  platform.addNamespace({ name: 'db', labels: { team: 'db' } });
  deployment(chart, 'Web', 'shop', 'web', { name: 'http', number: 8080 });
  deployment(chart, 'Batch', 'shop', 'batch', { name: 'http', number: 8080 });
  deployment(chart, 'Mysql', 'db', 'mysql', { name: 'mysql', number: 3306 });
  const team = new Tier(chart, 'SecurityTeam', { priority: 90 });
  const dbPods = new ClusterGroup(chart, 'DbPods', { name: 'db-pods', namespaceSelector: LabelSelector.matchLabels({ team: 'db' }) });
  new ClusterNetworkPolicy(chart, 'DbIsolation', {
    name: 'db-isolation',
    priority: 10,
    tier: team,
    appliedTo: [AppliedTo.clusterGroup(dbPods)],
    ingress: [
      {
        name: 'web-to-mysql',
        action: RuleAction.ALLOW,
        from: [Peer.pods(LabelSelector.matchLabels({ app: 'web' }), { namespaceSelector: LabelSelector.matchLabels({ team: 'shop' }) })],
        ports: [Port.named('mysql')],
      },
      { name: 'drop-rest', action: RuleAction.DROP },
    ],
  });
  new AntreaNetworkPolicy(chart, 'ShopEgress', {
    name: 'shop-egress',
    namespace: 'shop',
    priority: 5,
    appliedTo: [AppliedTo.pods(LabelSelector.matchLabels({ app: 'batch' }))],
    egress: [{ name: 'no-internal-net', action: RuleAction.REJECT, to: [Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16'])] }],
  });
  return chart;
}

describe('objects the library emits', () => {
  let chart: Chart;
  beforeAll(() => {
    chart = shopChart();
    synthValid(chart);
  });

  test('web reaches mysql on the named port, through the custom Tier rule', () => {
    expect(chart).toAllowTraffic('shop/web', 'db/mysql', 3306);
    const v = checkTraffic(chart, 'shop/web', 'db/mysql', 3306);
    expect(v.ingress.rule).toEqual({
      kind: 'AntreaClusterNetworkPolicy',
      name: 'db-isolation',
      tier: 'security-team',
      direction: 'ingress',
      ruleIndex: 0,
      ruleName: 'web-to-mysql',
      action: 'Allow',
    });
  });

  test('batch does not: drop-rest decides before the Namespace default-deny', () => {
    expect(chart).toDenyTraffic('shop/batch', 'db/mysql', 3306);
    expect(checkTraffic(chart, 'shop/batch', 'db/mysql', 3306).ingress.rule?.ruleName).toBe('drop-rest');
  });

  test("ClusterPlatform's default-deny isolates shop: mysql cannot reach web", () => {
    const v = checkTraffic(chart, 'db/mysql', 'shop/web', 8080);
    expect(v).toMatchObject({
      result: 'denied',
      action: 'Drop',
      ingress: { decidedBy: 'k8s-isolation', isolatedBy: ['shop/default-deny-ingress'] },
    });
  });

  test('the ANNP rejects batch to 10.0.0.0/8 except 10.1.0.0/16', () => {
    expect(checkTraffic(chart, 'shop/batch', { ip: '10.2.3.4' }, 443)).toMatchObject({ result: 'denied', action: 'Reject' });
    expect(chart).toAllowTraffic('shop/batch', { ip: '10.1.3.4' }, 443);
    expect(chart).toAllowTraffic('shop/web', { ip: '10.2.3.4' }, 443);
  });

  test('workloadModelFromObjects: Namespaces with the name label, one Pod per Deployment with template labels and ports', () => {
    const model = workloadModelFromObjects(chart.toJson());
    expect(model.namespaces.map((n) => [n.name, n.labels?.team, n.labels?.['kubernetes.io/metadata.name']])).toEqual([
      ['shop', 'shop', 'shop'],
      ['db', 'db', 'db'],
    ]);
    expect(model.pods.find((p) => p.name === 'mysql')).toEqual({
      namespace: 'db',
      name: 'mysql',
      labels: expect.objectContaining({ app: 'mysql' }),
      ports: [{ name: 'mysql', port: 3306, protocol: 'TCP' }],
    });
    expect(model.pods.map((p) => `${p.namespace}/${p.name}`).sort()).toEqual(['db/mysql', 'shop/batch', 'shop/web']);
  });

  test('orderedPolicies: the custom Tier (90), application ANNP, K8s NetworkPolicies, in evaluation order', () => {
    const order = new PolicyEvaluator(chart.toJson()).orderedPolicies();
    expect(order.map((p) => [p.tier, p.tierPriority, p.kind, p.namespace, p.name, p.priority])).toEqual([
      ['security-team', 90, 'AntreaClusterNetworkPolicy', undefined, 'db-isolation', 10],
      ['application', 250, 'AntreaNetworkPolicy', 'shop', 'shop-egress', 5],
      ['K8sNetworkPolicy', 252, 'K8sNetworkPolicy', 'db', 'default-deny-ingress', undefined],
      ['K8sNetworkPolicy', 252, 'K8sNetworkPolicy', 'shop', 'default-deny-ingress', undefined],
    ]);
    expect(order[0].rules).toEqual([
      { direction: 'ingress', index: 0, name: 'web-to-mysql', action: 'Allow' },
      { direction: 'ingress', index: 1, name: 'drop-rest', action: 'Drop' },
    ]);
  });
});

describe('evaluator reports and inputs', () => {
  test('Baseline policies come after the K8s NetworkPolicies in orderedPolicies', () => {
    const objs = [
      acnp('base', 1, { tier: 'baseline', appliedTo: [pn('a')], ingress: [{ action: 'Drop' }] }),
      acnp('emerg', 3, { tier: 'Emergency', appliedTo: [pn('a')], ingress: [{ action: 'Drop' }] }),
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'x' }, spec: { podSelector: {} } },
    ];
    expect(new PolicyEvaluator(objs, xyz()).orderedPolicies().map((p) => `${p.tier}:${p.name}`)).toEqual([
      'emergency:emerg',
      'K8sNetworkPolicy:np',
      'baseline:base',
    ]);
  });

  test('an L7 rule allows at L4 and marks the verdict l7Filtered', () => {
    const objs = [
      acnp('l7', 1, {
        appliedTo: [pn('a', 'x')],
        ingress: [{ action: 'Allow', from: [pn('b')], l7Protocols: [{ http: { path: '/api/*' } }] }, { action: 'Drop' }],
      }),
    ];
    const v = new PolicyEvaluator(objs, xyz()).evaluate({ from: 'y/b', to: 'x/a', port: 80 });
    expect(v).toMatchObject({ result: 'allowed', l7Filtered: true, ingress: { l7Filtered: true, rule: { name: 'l7', ruleIndex: 0 } } });
    expect(v.summary).toContain('the L7 rule filters it further');
  });

  test('a policy naming an unknown Tier is not evaluated, with a warning', () => {
    const e = new PolicyEvaluator([acnp('lost', 1, { tier: 'no-such-tier', appliedTo: [pn('a')], ingress: [{ action: 'Drop' }] })], xyz());
    expect(e.warnings).toEqual([expect.stringContaining('AntreaClusterNetworkPolicy lost: spec.tier "no-such-tier" names no Tier')]);
    expect(e.evaluate({ from: 'x/b', to: 'x/a', port: 80 }).result).toBe('allowed');
  });

  test('over-nested childGroups and missing groups have no members, with warnings', () => {
    const objs: Obj[] = [
      clusterGroup('leaf', { podSelector: sel({ pod: 'b' }) }),
      clusterGroup('mid', { childGroups: ['leaf'] }),
      clusterGroup('top', { childGroups: ['mid'] }),
      acnp('p', 1, {
        appliedTo: [pn('a')],
        ingress: [
          { action: 'Drop', from: [{ group: 'top' }] },
          { action: 'Reject', from: [{ group: 'ghost' }] },
          { action: 'Drop', from: [{ group: 'mid' }], ports: [tcp(81)] },
        ],
      }),
    ];
    const e = new PolicyEvaluator(objs, xyz());
    expect(e.warnings).toEqual(
      expect.arrayContaining([
        expect.stringContaining('ClusterGroup top: a child group has child groups itself'),
        expect.stringContaining('ClusterGroup ghost is referenced but not among the objects'),
      ]),
    );
    expect(e.evaluate({ from: 'x/b', to: 'x/a', port: 80 }).result).toBe('allowed');
    expect(e.evaluate({ from: 'x/b', to: 'x/a', port: 81 })).toMatchObject({ result: 'denied', ingress: { rule: { ruleIndex: 2 } } });
  });

  test('Pass in the Baseline Tier and a rule without any appliedTo never decide, with warnings', () => {
    const objs = [
      acnp('base-pass', 1, { tier: 'baseline', appliedTo: [pn('a')], ingress: [{ action: 'Pass' }, { action: 'Drop', ports: [tcp(81)] }] }),
      acnp('nowhere', 1, { ingress: [{ action: 'Drop' }] }),
    ];
    const e = new PolicyEvaluator(objs, xyz());
    expect(e.warnings).toEqual([
      'AntreaClusterNetworkPolicy base-pass spec.ingress[0].action: got "Pass", expected Allow, Drop or Reject in the Baseline Tier (the webhook refuses it); the rule never decides',
      "AntreaClusterNetworkPolicy nowhere spec.ingress[0]: no appliedTo (neither spec.appliedTo nor the rule's), expected one of them (the webhook refuses it); the rule applies to nothing",
    ]);
    expect(e.evaluate({ from: 'x/b', to: 'x/a', port: 80 }).result).toBe('allowed');
    expect(e.evaluate({ from: 'x/b', to: 'x/a', port: 81 })).toMatchObject({
      result: 'denied',
      ingress: { rule: { name: 'base-pass', ruleIndex: 1 } },
    });
  });

  test('a K8s NetworkPolicy with egress rules but only Ingress in policyTypes: the rules are ignored, with a warning', () => {
    const np = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'odd', namespace: 'x' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], egress: [{ to: [pn('a', 'y')] }] },
    };
    const e = new PolicyEvaluator([np], xyz());
    expect(e.warnings).toEqual([
      expect.stringContaining('K8sNetworkPolicy x/odd: spec.egress has rules but spec.policyTypes does not list Egress'),
    ]);
    expect(e.evaluate({ from: 'x/a', to: 'y/b', port: 80 }).result).toBe('allowed');
  });

  test('bad queries fail with the field, the value and what is expected', () => {
    const e = new PolicyEvaluator([], xyz());
    expect(() => e.evaluate({ from: 'x/nope', to: 'x/a', port: 80 })).toThrow(
      /^from: unknown Pod "x\/nope", expected "<namespace>\/<pod>" of the workload model \(x\/a, x\/b/,
    );
    expect(() => e.evaluate({ from: 'x/a', to: 'x/b' })).toThrow(
      'port: got undefined, expected a port number from 1 to 65535 or a port name (protocol TCP)',
    );
    expect(() => e.evaluate({ from: 'x/a', to: 'x/b', port: 'nope' })).toThrow(
      /port "nope": Pod x\/b declares no TCP port of that name \(it has: serve-80, serve-81/,
    );
    expect(() => e.evaluate({ from: 'x/a', to: { service: 'x/none' }, port: 80 })).toThrow('to: unknown Service "x/none"');
    expect(() => e.evaluate({ from: 'x/a', to: { ip: '300.1.1.1' }, port: 80 })).toThrow(
      'to.ip: got "300.1.1.1", expected an IPv4 or IPv6 address',
    );
    expect(() => e.evaluate({ from: { node: 'ghost' }, to: 'x/a', port: 80 })).toThrow('from: unknown Node "ghost"');
  });

  test('a Service whose endpoints disagree is undecidable and lists each endpoint', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'x' },
      spec: { selector: { app: 'a' }, ports: [{ port: 80 }] },
    };
    const model = xyz([{ namespace: 'x', name: 'a2', labels: { app: 'a', pod: 'a2' }, ports: [{ port: 80 }] }]);
    const e = new PolicyEvaluator(
      [svc, acnp('p', 1, { appliedTo: [{ podSelector: sel({ pod: 'a2' }) }], ingress: [{ action: 'Drop' }] })],
      model,
    );
    const v = e.evaluate({ from: 'y/a', to: { service: 'x/s' }, port: 80 });
    expect(v.result).toBe('undecidable');
    expect(v.perEndpoint?.map((p) => [p.endpoint, p.verdict.result])).toEqual([
      ['x/a', 'allowed'],
      ['x/a2', 'denied'],
    ]);
  });
});

describe('jest matchers', () => {
  const objects = [
    acnp('deny-z', 1, {
      appliedTo: [pn(undefined, 'x')],
      ingress: [{ name: 'from-z', action: 'Drop', from: [pn(undefined, 'z')], ports: [tcp(80)] }],
    }),
  ];
  const model = xyz();

  test('accept an array of objects with a model, a PolicyEvaluator, a Chart and an App', () => {
    expect(objects).toDenyTraffic('z/a', 'x/a', 80, { model });
    expect(objects).not.toAllowTraffic('z/a', 'x/a', 80, { model });
    expect(objects).toAllowTraffic('z/a', 'x/a', 'UDP/80', { model });
    const e = new PolicyEvaluator(objects, model);
    expect(e).toAllowTraffic('y/a', 'x/a', 'TCP/serve-80');
    expect(() => expect(e).toAllowTraffic('y/a', 'x/a', 80, { model })).toThrow(
      'options.model: got a model, expected none with a PolicyEvaluator subject',
    );
    const app = new App();
    const chart = shopChart(app);
    expect(chart).toAllowTraffic('shop/web', 'db/mysql', 'TCP/3306');
    expect(app).toDenyTraffic('shop/batch', 'db/mysql', 3306);
  });

  test('the failure message names the traffic and the deciding rule', () => {
    expect(() => expect(objects).toAllowTraffic('z/a', 'x/a', 80, { model })).toThrow(
      /expected z\/a -> x\/a TCP\/80 to be allowed, but it is denied \(Drop\)\ndenied: ingress Drop by AntreaClusterNetworkPolicy deny-z ingress\[0\] "from-z", tier application/,
    );
    expect(() => expect(objects).toDenyTraffic('y/a', 'x/a', 80, { model })).toThrow(
      /expected y\/a -> x\/a TCP\/80 to be denied \(Drop or Reject\), but it is allowed\nallowed: ingress allowed by default/,
    );
    expect(() => expect(objects).not.toDenyTraffic('z/a', 'x/a', 80, { model })).toThrow(/expected z\/a -> x\/a TCP\/80 not to be denied/);
  });

  test('trafficPort parses numbers, PROTOCOL/port, PROTOCOL/name, ICMP and names; a bad protocol is an error', () => {
    expect(trafficPort(5432)).toEqual({ port: 5432 });
    expect(trafficPort('UDP/53')).toEqual({ protocol: 'UDP', port: 53 });
    expect(trafficPort('tcp/http')).toEqual({ protocol: 'TCP', port: 'http' });
    expect(trafficPort('ICMP')).toEqual({ protocol: 'ICMP' });
    expect(trafficPort('mysql')).toEqual({ port: 'mysql' });
    expect(() => trafficPort('FOO/80')).toThrow(
      'port: got "FOO/80", expected "<TCP|UDP|SCTP>/<port or name>", "ICMP", a number or a port name',
    );
  });
});
