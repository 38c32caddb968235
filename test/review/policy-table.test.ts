import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { AntreaNetworkPolicy, AppliedTo, ClusterNetworkPolicy, LabelSelector, Peer, Port, RuleAction, Tier } from '../../lib/antrea';
import { policyTableEntries, renderPolicyTable } from '../../lib/review';
import { formatProblems, validateManifests } from '../../lib/core/validation';
import { synthValid } from '../helpers';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

const all = LabelSelector.all();
const web = LabelSelector.matchLabels({ app: 'web' });

/** Policies in every layer, declared in an order unlike the evaluation order. */
function policyObjects(): unknown[] {
  const chart = new Chart(Testing.app(), 'test');
  new ClusterNetworkPolicy(chart, 'Baseline', {
    name: 'z-baseline',
    priority: 1,
    tier: Tier.BASELINE,
    appliedTo: [AppliedTo.namespaces(all)],
    ingress: [{ name: 'drop-all', action: RuleAction.DROP, from: [Peer.namespaces(all)] }],
  });
  new ClusterNetworkPolicy(chart, 'AppLow', {
    name: 'app-low',
    priority: 20,
    appliedTo: [AppliedTo.pods(web)],
    egress: [{ name: 'to-db', action: RuleAction.ALLOW, to: [Peer.ipBlock('10.0.0.0/8', ['10.1.0.0/16'])], ports: [Port.tcp(5432)] }],
  });
  const team = new Tier(chart, 'Team', { name: 'team', priority: 120 });
  new ClusterNetworkPolicy(chart, 'TeamDrop', {
    name: 'team-drop',
    priority: 5,
    tier: team,
    appliedTo: [AppliedTo.namespaces(LabelSelector.matchLabels({ env: 'prod' }))],
    ingress: [
      { name: 'pass-web', action: RuleAction.PASS, from: [Peer.pods(web)] },
      { name: 'drop-rest', action: RuleAction.DROP, from: [Peer.namespaces(all)] },
    ],
  });
  new AntreaNetworkPolicy(chart, 'Annp', {
    name: 'annp',
    namespace: 'shop',
    priority: 3,
    appliedTo: [AppliedTo.pods(all)],
    ingress: [{ name: 'reject-web', action: RuleAction.REJECT, from: [Peer.pods(web)], ports: [Port.tcpRange(8000, 8080)] }],
  });
  new k8s.KubeNetworkPolicy(chart, 'Np', {
    metadata: { name: 'api-ingress', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: 'api' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }], ports: [{ port: k8s.IntOrString.fromNumber(8080) }] }],
    },
  });
  new ClusterNetworkPolicy(chart, 'Emergency', {
    name: 'emergency',
    priority: 100,
    tier: Tier.EMERGENCY,
    appliedTo: [AppliedTo.pods(all)],
    egress: [{ name: 'block', action: RuleAction.DROP, to: [Peer.ipBlock('192.0.2.0/24')] }],
  });
  return synthValid(chart);
}

describe('policies by tier', () => {
  test('are listed in evaluation order: tier priority (custom tiers by theirs), policy priority, K8s NetworkPolicies, Baseline', () => {
    const order = policyTableEntries(policyObjects()).map((p) => [p.tier, p.tierPriority, p.kind, p.namespace ?? '', p.name, p.priority]);
    expect(order).toEqual([
      ['emergency', 50, 'AntreaClusterNetworkPolicy', '', 'emergency', 100],
      ['team', 120, 'AntreaClusterNetworkPolicy', '', 'team-drop', 5],
      ['application', 250, 'AntreaNetworkPolicy', 'shop', 'annp', 3],
      ['application', 250, 'AntreaClusterNetworkPolicy', '', 'app-low', 20],
      ['K8sNetworkPolicy', 252, 'K8sNetworkPolicy', 'shop', 'api-ingress', undefined],
      ['baseline', 253, 'AntreaClusterNetworkPolicy', '', 'z-baseline', 1],
    ]);
  });

  test('the table has one row per rule with its action, peers and ports, and the isolation of a K8s NetworkPolicy', () => {
    const md = renderPolicyTable(policyObjects());
    const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toEqual([
      '| 1 | emergency (50) | ClusterNetworkPolicy emergency | 100 | pods{*} | egress | 0 `block` | Drop | ipBlock 192.0.2.0/24 | any |',
      '| 2 | team (120) | ClusterNetworkPolicy team-drop | 5 | ns{env=prod} | ingress | 0 `pass-web` | Pass | pods{app=web} | any |',
      '| 3 | team (120) | ClusterNetworkPolicy team-drop | 5 | ns{env=prod} | ingress | 1 `drop-rest` | Drop | ns{*} | any |',
      '| 4 | application (250) | NetworkPolicy (Antrea) shop/annp | 3 | pods{*} in shop | ingress | 0 `reject-web` | Reject | pods{app=web} | TCP/8000-8080 |',
      '| 5 | application (250) | ClusterNetworkPolicy app-low | 20 | pods{app=web} | egress | 0 `to-db` | Allow | ipBlock 10.0.0.0/8 except 10.1.0.0/16 | TCP/5432 |',
      '| 6 | Kubernetes NetworkPolicy | NetworkPolicy (k8s) shop/api-ingress |  | pods{app=api} in shop | ingress | 0 | Allow | pods{*} | TCP/8080 |',
      '| 7 | Kubernetes NetworkPolicy | NetworkPolicy (k8s) shop/api-ingress |  | pods{app=api} in shop | ingress | (default) | Isolate | everything not allowed above | any |',
      '| 8 | baseline (253) | ClusterNetworkPolicy z-baseline | 1 | ns{*} | ingress | 0 `drop-all` | Drop | ns{*} | any |',
    ]);
    expect(md).not.toContain('interleave');
  });

  test('policies with the same tier and priority are flagged: their rules interleave by index', () => {
    const chart = new Chart(Testing.app(), 'test');
    for (const name of ['b-second', 'a-first']) {
      new ClusterNetworkPolicy(chart, name, {
        name,
        priority: 5,
        appliedTo: [AppliedTo.pods(all)],
        ingress: [{ action: RuleAction.DROP, from: [Peer.pods(web)] }],
      });
    }
    const md = renderPolicyTable(synthValid(chart));
    expect(policyTableEntries(synthValid(chart)).map((p) => p.name)).toEqual(['a-first', 'b-second']);
    expect(md).toContain(
      'Policies with the same tier and priority interleave by rule index (rule 0 of each before rule 1 of either): ' +
        'application priority 5: ClusterNetworkPolicy a-first, ClusterNetworkPolicy b-second.',
    );
  });

  test('a policy naming an unknown tier is not evaluated (Antrea refuses it) and the report says so; no policies: all allowed', () => {
    const unknownTier = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'orphan' },
      spec: { tier: 'missing', priority: 1, appliedTo: [{ podSelector: {} }], ingress: [{ action: 'Drop', from: [{ podSelector: {} }] }] },
    };
    const md = renderPolicyTable([unknownTier]);
    expect(md).not.toMatch(/^\| 1 \|/m);
    expect(md).toContain(
      '- Evaluator warning: AntreaClusterNetworkPolicy orphan: spec.tier "missing" names no Tier (static: emergency, securityops, ' +
        'networkops, platform, application, baseline; custom: none); Antrea refuses the policy, so it is not evaluated.',
    );
    expect(renderPolicyTable([])).toContain('_No network policy that Antrea would evaluate: all traffic is allowed._');
    expect(renderPolicyTable([])).not.toContain('Evaluator warning');
  });

  test('a pipe in a value is escaped so the table keeps its columns', () => {
    const np = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'p' },
      spec: {
        priority: 1,
        appliedTo: [{ podSelector: { matchLabels: { a: 'x|y' } } }],
        egress: [{ action: 'Allow', to: [{ fqdn: '*.example.com' }] }],
      },
    };
    const row = renderPolicyTable([np])
      .split('\n')
      .find((l) => l.startsWith('| 1 |'))!;
    expect(row).toContain('pods{a=x\\|y}');
    expect(row).toContain('fqdn *.example.com');
    expect(row.split(/(?<!\\)\|/).length).toBe(12);
  });

  test('services, ICMP, L7 and per-rule appliedTo are named in the row', () => {
    const acnp = {
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'ClusterNetworkPolicy',
      metadata: { name: 'mixed' },
      spec: {
        priority: 2,
        tier: 'platform',
        egress: [
          {
            action: 'Allow',
            appliedTo: [{ podSelector: { matchLabels: { app: 'web' } } }],
            toServices: [{ name: 'api', namespace: 'shop' }],
          },
          {
            action: 'Drop',
            appliedTo: [{ podSelector: {} }],
            to: [{ ipBlock: { cidr: '0.0.0.0/0' } }],
            protocols: [{ icmp: { icmpType: 8 } }],
          },
        ],
        ingress: [
          {
            action: 'Allow',
            appliedTo: [{ podSelector: { matchLabels: { app: 'api' } } }],
            from: [{ podSelector: {} }],
            ports: [{ protocol: 'TCP', port: 8080 }],
            l7Protocols: [{ http: { method: 'GET', path: '/api/*' } }],
          },
        ],
      },
    };
    const r = validateManifests([acnp]);
    if (!r.valid) throw new Error(formatProblems(r.problems));
    const rows = renderPolicyTable([acnp])
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l));
    expect(rows).toEqual([
      '| 1 | platform (200) | ClusterNetworkPolicy mixed | 2 | per rule | ingress | 0 | Allow | pods{*} | TCP/8080; L7 http; appliedTo pods{app=api} |',
      '| 2 | platform (200) | ClusterNetworkPolicy mixed | 2 | per rule | egress | 0 | Allow | services shop/api | appliedTo pods{app=web} |',
      '| 3 | platform (200) | ClusterNetworkPolicy mixed | 2 | per rule | egress | 1 | Drop | ipBlock 0.0.0.0/0 | protocols icmp; appliedTo pods{*} |',
    ]);
  });
});
