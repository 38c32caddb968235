import { Testing } from 'cdk8s';
import { AppliedTo, ClusterNetworkPolicyExport, LabelSelector, NamespaceMatch, Peer, RuleAction, Tier } from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

describe('ClusterNetworkPolicyExport (ResourceExport of kind AntreaClusterNetworkPolicy)', () => {
  test('the strict Namespace isolation of the multicluster user guide', () => {
    const chart = Testing.chart();
    const exp = new ClusterNetworkPolicyExport(chart, 'Isolation', {
      name: 'strict-namespace-isolation',
      clusterSetId: 'test-clusterset',
      priority: 1,
      tier: Tier.SECURITY_OPS,
      appliedTo: [AppliedTo.namespaces(LabelSelector.all())],
      ingress: [
        {
          action: RuleAction.PASS,
          from: [Peer.namespaceMatch(NamespaceMatch.SELF), Peer.pods(LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' }))],
        },
        { action: RuleAction.DROP, from: [Peer.namespaces(LabelSelector.all())] },
      ],
    });
    expect(exp.importedPolicyName).toBe('antrea-mc-strict-namespace-isolation');
    expect(
      findObject(synthValid(chart), 'ResourceExport', 'strict-namespace-isolation-for-test-clusterset', 'antrea-multicluster'),
    ).toEqual({
      apiVersion: 'multicluster.crd.antrea.io/v1alpha1',
      kind: 'ResourceExport',
      metadata: { name: 'strict-namespace-isolation-for-test-clusterset', namespace: 'antrea-multicluster' },
      spec: {
        kind: 'AntreaClusterNetworkPolicy',
        name: 'strict-namespace-isolation',
        clusterNetworkPolicy: {
          priority: 1,
          tier: 'securityops',
          appliedTo: [{ namespaceSelector: {} }],
          ingress: [
            { action: 'Pass', from: [{ namespaces: { match: 'Self' } }, { podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] },
            { action: 'Drop', from: [{ namespaceSelector: {} }] },
          ],
        },
      },
    });
  });

  test('the webhook rules of a ClusterNetworkPolicy apply, and names are checked', () => {
    const chart = Testing.chart();
    const exp = new ClusterNetworkPolicyExport(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(LabelSelector.all())] });
    expect(() => exp.addIngressRule({ action: 'Deny' as RuleAction })).toThrow(
      /\[test\/P\] ingress\[0\]\.action: got "Deny", expected Allow, Drop, Reject or Pass/,
    );
    expect(
      () =>
        new ClusterNetworkPolicyExport(chart, 'Q', { priority: 1, namespace: 'Bad_NS', appliedTo: [AppliedTo.pods(LabelSelector.all())] }),
    ).toThrow(/\[test\/Q\] namespace: got "Bad_NS"/);
    expect(
      () =>
        new ClusterNetworkPolicyExport(chart, 'R', {
          priority: 1,
          name: 'x'.repeat(250),
          appliedTo: [AppliedTo.pods(LabelSelector.all())],
        }),
    ).toThrow(/\[test\/R\] name: got "antrea-mc-x+\.\.\., expected a DNS-1123 subdomain/);
    new ClusterNetworkPolicyExport(chart, 'S', { priority: 1 });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/S\] appliedTo: got \[\], expected appliedTo in the policy or in every rule/);
  });
});
