import { Chart, Testing } from 'cdk8s';
import {
  AntreaNetworkPolicy,
  AppliedTo,
  ClusterGroup,
  Group,
  LabelSelector,
  NamespaceMatch,
  Peer,
  PeerScope,
  Port,
  RuleAction,
  Tier,
} from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

const all = LabelSelector.all();

function nsChart(namespace = 'shop'): Chart {
  return new Chart(Testing.app(), 'test', { namespace });
}

describe('AntreaNetworkPolicy', () => {
  test('namespaced v1beta1 NetworkPolicy with Groups, external entities and toServices', () => {
    const chart = nsChart();
    const web = new Group(chart, 'Web', { podSelector: LabelSelector.matchLabels({ app: 'web' }) });
    const p = new AntreaNetworkPolicy(chart, 'WebPolicy', {
      priority: 3,
      tier: Tier.APPLICATION,
      appliedTo: [AppliedTo.group(web), AppliedTo.externalEntities(LabelSelector.matchLabels({ vm: 'legacy' }))],
    });
    p.addIngressRule({
      name: 'in',
      action: RuleAction.ALLOW,
      from: [
        Peer.pods(LabelSelector.matchLabels({ app: 'lb' })),
        Peer.namespaces(LabelSelector.matchLabels({ team: 'ops' }), { scope: PeerScope.CLUSTER }),
        Peer.externalEntities(all, { namespaceSelector: LabelSelector.matchLabels({ vms: 'yes' }) }),
        Peer.nodes(all),
        Peer.group(Group.fromGroupName(chart, 'Same', 'monitoring', 'shop')),
      ],
      ports: [Port.tcp(8080)],
    });
    p.addEgressRule({ name: 'svc', action: RuleAction.ALLOW, toServices: [{ name: 'db' }] });
    p.addEgressRule({ name: 'ext', action: RuleAction.DROP, to: [Peer.ipBlock('0.0.0.0/0'), Peer.fqdn('*.example.com')] });
    const objects = synthValid(chart);
    expect(findObject(objects, 'NetworkPolicy', 'web-policy', 'shop')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web-policy', namespace: 'shop' },
      spec: {
        priority: 3,
        tier: 'application',
        appliedTo: [{ group: 'web' }, { externalEntitySelector: { matchLabels: { vm: 'legacy' } } }],
        ingress: [
          {
            name: 'in',
            action: 'Allow',
            from: [
              { podSelector: { matchLabels: { app: 'lb' } } },
              { namespaceSelector: { matchLabels: { team: 'ops' } }, scope: 'Cluster' },
              { externalEntitySelector: {}, namespaceSelector: { matchLabels: { vms: 'yes' } } },
              { nodeSelector: {} },
              { group: 'monitoring' },
            ],
            ports: [{ protocol: 'TCP', port: 8080 }],
          },
        ],
        egress: [
          { name: 'svc', action: 'Allow', toServices: [{ name: 'db' }] },
          { name: 'ext', action: 'Drop', to: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { fqdn: '*.example.com' }] },
        ],
      },
    });
    expect(p.namespace).toBe('shop');
    expect(p.node.dependencies).toContain(web);
  });

  test('namespace prop overrides the chart; no namespace when neither is set', () => {
    const chart = Testing.chart();
    new AntreaNetworkPolicy(chart, 'A', { priority: 1, namespace: 'other', appliedTo: [AppliedTo.pods(all)] });
    new AntreaNetworkPolicy(chart, 'B', { priority: 1, appliedTo: [AppliedTo.pods(all)], ingress: [{ action: RuleAction.DROP }] });
    const objects = synthValid(chart);
    expect(findObject(objects, 'NetworkPolicy', 'a').metadata).toEqual({ name: 'a', namespace: 'other' });
    expect(findObject(objects, 'NetworkPolicy', 'b').metadata).toEqual({ name: 'b' });
    expect(() => new AntreaNetworkPolicy(chart, 'C', { priority: 1, namespace: 'Bad', appliedTo: [AppliedTo.pods(all)] })).toThrow(
      /\[test\/C\] namespace: got "Bad", expected a DNS-1123 label/,
    );
  });

  test('per-rule appliedTo with pods and Groups', () => {
    const chart = nsChart();
    const p = new AntreaNetworkPolicy(chart, 'P', { priority: 1 });
    p.addIngressRule({
      action: RuleAction.ALLOW,
      appliedTo: [AppliedTo.pods(LabelSelector.matchLabels({ app: 'a' }))],
      from: [Peer.pods(all)],
    });
    p.addEgressRule({ action: RuleAction.DROP, appliedTo: [AppliedTo.group(Group.fromGroupName(chart, 'G', 'g'))] });
    expect(findObject(synthValid(chart), 'NetworkPolicy', 'p').spec).toEqual({
      priority: 1,
      ingress: [{ action: 'Allow', appliedTo: [{ podSelector: { matchLabels: { app: 'a' } } }], from: [{ podSelector: {} }] }],
      egress: [{ action: 'Drop', appliedTo: [{ group: 'g' }] }],
    });
  });

  describe('fields the ANNP CRD would prune are errors', () => {
    test.each([
      ['namespaceSelector in appliedTo', () => AppliedTo.pods(all, { namespaceSelector: all }), 'namespaceSelector'],
      ['namespaces appliedTo', () => AppliedTo.namespaces(all), 'namespaceSelector'],
      ['serviceAccount appliedTo', () => AppliedTo.serviceAccount('sa', 'shop'), 'serviceAccount'],
      ['service appliedTo', () => AppliedTo.service('web', 'shop'), 'service'],
      ['nodeSelector appliedTo', () => AppliedTo.nodes(all), 'nodeSelector'],
    ])('%s', (_label, make, key) => {
      const chart = nsChart();
      expect(() => new AntreaNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [make()] })).toThrow(
        new RegExp(
          `\\[test/P\\] appliedTo\\[0\\]: got "${key}", expected podSelector, externalEntitySelector or group \\(the CRD has no ${key} at ANNP spec\\.appliedTo; the API server would silently prune it\\)`,
        ),
      );
    });

    test('externalEntitySelector only in policy-level appliedTo', () => {
      const chart = nsChart();
      expect(
        () =>
          new AntreaNetworkPolicy(chart, 'P', {
            priority: 1,
            ingress: [{ action: RuleAction.DROP, appliedTo: [AppliedTo.externalEntities(all)] }],
          }),
      ).toThrow(
        /\[test\/P\] ingress\[0\]\.appliedTo\[0\]: got "externalEntitySelector", expected podSelector or group \(the CRD has no externalEntitySelector at ANNP spec\.<ingress\|egress>\[\]\.appliedTo/,
      );
    });

    test('namespaces and serviceAccount peers do not exist in ANNP', () => {
      const chart = nsChart();
      const p = new AntreaNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
      expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.pods(all, { namespaces: NamespaceMatch.SELF })] })).toThrow(
        /\[test\/P\] ingress\[0\]\.from\[0\]: got "namespaces", expected .*\(the CRD has no namespaces at ANNP spec\.ingress\[\]\.from/,
      );
      expect(() => p.addEgressRule({ action: RuleAction.ALLOW, to: [Peer.serviceAccount('sa', 'shop')] })).toThrow(
        /\[test\/P\] egress\[0\]\.to\[0\]: got "serviceAccount", expected .*\(the CRD has no serviceAccount at ANNP spec\.egress\[\]\.to/,
      );
    });

    test('ClusterGroups cannot be referenced', () => {
      const chart = nsChart();
      const cg = ClusterGroup.fromClusterGroupName(chart, 'Cg', 'cg');
      const p = new AntreaNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
      expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.clusterGroup(cg)] })).toThrow(
        /\[test\/P\] ingress\[0\]\.from\[0\]: got "ClusterGroup", expected a Group in the same Namespace \(an Antrea NetworkPolicy cannot reference a ClusterGroup\)/,
      );
    });
  });

  test('a Group from another Namespace is rejected', () => {
    const chart = nsChart();
    const far = Group.fromGroupName(chart, 'Far', 'far', 'elsewhere');
    expect(() => new AntreaNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.group(far)] })).toThrow(
      /\[test\/P\] appliedTo\[0\]: got "elsewhere\/far", expected a Group in the policy's Namespace "shop"/,
    );
    const p = new AntreaNetworkPolicy(chart, 'Q', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, to: [Peer.group(far)] })).toThrow(
      /\[test\/Q\] egress\[0\]\.to\[0\]: got "elsewhere\/far", expected a Group in the policy's Namespace "shop"/,
    );
  });

  test('Baseline Tier: allowed for ANNP, but not with Pass', () => {
    const chart = nsChart();
    const p = new AntreaNetworkPolicy(chart, 'P', { priority: 1, tier: Tier.BASELINE, appliedTo: [AppliedTo.pods(all)] });
    p.addIngressRule({ action: RuleAction.DROP });
    expect(findObject(synthValid(chart), 'NetworkPolicy', 'p').spec.tier).toBe('baseline');
    expect(() => p.addEgressRule({ action: RuleAction.PASS })).toThrow(
      /\[test\/P\] egress\[0\]\.action: got "Pass", expected Allow, Drop or Reject \(`Pass` action should not be set for Baseline Tier policy rules\)/,
    );
  });
});
