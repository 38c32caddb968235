import { Chart, Testing } from 'cdk8s';
import {
  AntreaNetworkPolicy,
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  EgressRuleOptions,
  Group,
  IngressRuleOptions,
  L7Protocol,
  LabelSelector,
  NamespaceMatch,
  Peer,
  Port,
  Protocol,
  RuleAction,
  Tier,
} from '../../lib/antrea';
import { BadInput, distinct, err, inChart } from '../fixtures/bad-inputs/rows';

const ALL = LabelSelector.all();
const WEB = LabelSelector.matchLabels({ app: 'web' });

/** An ACNP `P` (policy-level appliedTo: all Pods) with the given rules. */
function acnp(
  c: Chart,
  rules: { ingress?: IngressRuleOptions[]; egress?: EgressRuleOptions[] },
  appliedTo: AppliedTo[] = [AppliedTo.pods(ALL)],
): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(c, 'P', { priority: 5, appliedTo, ...rules });
}

/** An Antrea NetworkPolicy `P` in namespace `shop` with the given rules. */
function annp(c: Chart, rules: { ingress?: IngressRuleOptions[]; egress?: EgressRuleOptions[] }): AntreaNetworkPolicy {
  return new AntreaNetworkPolicy(c, 'P', { priority: 5, namespace: 'shop', appliedTo: [AppliedTo.pods(ALL)], ...rules });
}

const rows: BadInput[] = distinct([
  // appliedTo placement
  [
    'rule appliedTo although the policy sets appliedTo',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, appliedTo: [AppliedTo.pods(WEB)] }] })),
    err(
      'test/P',
      'ingress[0].appliedTo',
      '"appliedTo"',
      'no rule appliedTo, because the policy sets appliedTo (appliedTo should not be set in both spec and rules)',
    ),
  ],
  [
    'one rule with appliedTo and one without',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, appliedTo: [AppliedTo.pods(WEB)] }, { action: RuleAction.DROP }] }, [])),
    err(
      'test/P',
      'ingress[1].appliedTo',
      '"none"',
      'an appliedTo, like the other rules (appliedTo field should either be set in all rules or in none of them)',
    ),
  ],
  [
    'Node selector in a rule-level appliedTo',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, appliedTo: [AppliedTo.nodes(ALL)] }] }, [])),
    err(
      'test/P',
      'ingress[0].appliedTo[0]',
      '"nodeSelector"',
      'podSelector, namespaceSelector, group, serviceAccount or service (the CRD has no nodeSelector at ACNP spec.ingress[].appliedTo; the API server would silently prune it)',
    ),
  ],
  [
    'Service in an egress rule appliedTo',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.DROP, appliedTo: [AppliedTo.service('web', 'shop')] }] }, [])),
    err(
      'test/P',
      'egress[0].appliedTo[0]',
      '"service"',
      'podSelector, namespaceSelector, group or serviceAccount (egress rule cannot be applied to Services)',
    ),
  ],
  [
    'Services and Pods in one appliedTo',
    inChart((c) => acnp(c, {}, [AppliedTo.service('web', 'shop'), AppliedTo.pods(WEB)])),
    err(
      'test/P',
      'appliedTo[1]',
      '"podSelector"',
      'a service entry like appliedTo[0] (a rule/policy cannot be applied to Services and other peers at the same time)',
    ),
  ],
  [
    'egress rule in a policy applied to a Service',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.DROP }] }, [AppliedTo.service('web', 'shop')])),
    err(
      'test/P',
      'egress[0]',
      '"egress rule"',
      'no egress rules in a policy applied to Services (egress rule cannot be applied to Services)',
    ),
  ],
  [
    'Pod peer in a policy applied to a Service',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, from: [Peer.pods(WEB)] }] }, [AppliedTo.service('web', 'shop')])),
    err(
      'test/P',
      'ingress[0].from[0]',
      '"podSelector"',
      'an ipBlock peer (a rule/policy that is applied to Services can only use ipBlock to select workloads)',
    ),
  ],
  // peers at the wrong position
  [
    'ClusterGroup peer in an Antrea NetworkPolicy',
    inChart((c) =>
      annp(c, { ingress: [{ action: RuleAction.ALLOW, from: [Peer.clusterGroup(ClusterGroup.fromClusterGroupName(c, 'CG', 'db'))] }] }),
    ),
    err(
      'test/P',
      'ingress[0].from[0]',
      '"ClusterGroup"',
      'a Group in the same Namespace (an Antrea NetworkPolicy cannot reference a ClusterGroup)',
    ),
  ],
  [
    'namespaced Group peer in a ClusterNetworkPolicy',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, from: [Peer.group(Group.fromGroupName(c, 'G', 'db', 'shop'))] }] })),
    err('test/P', 'ingress[0].from[0]', '"Group"', 'a ClusterGroup (a ClusterNetworkPolicy cannot reference a namespaced Group)'),
  ],
  [
    'FQDN peer in an ingress rule',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, from: [Peer.fqdn('example.com')] }] })),
    err(
      'test/P',
      'ingress[0].from[0]',
      '"fqdn"',
      'podSelector, namespaceSelector, namespaces, ipBlock, group, serviceAccount, nodeSelector or scope (the CRD has no fqdn at ACNP spec.ingress[].from',
    ),
  ],
  [
    'ExternalEntity peer in a ClusterNetworkPolicy',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.DROP, to: [Peer.externalEntities(WEB)] }] })),
    err(
      'test/P',
      'egress[0].to[0]',
      '"externalEntitySelector"',
      'podSelector, namespaceSelector, namespaces, ipBlock, group, fqdn, serviceAccount or nodeSelector (the CRD has no externalEntitySelector at ACNP spec.egress[].to',
    ),
  ],
  [
    'namespaces and namespaceSelector in one peer',
    inChart((c) =>
      acnp(c, {
        ingress: [{ action: RuleAction.ALLOW, from: [Peer.pods(WEB, { namespaceSelector: ALL, namespaces: NamespaceMatch.SELF })] }],
      }),
    ),
    err(
      'test/P',
      'ingress[0].from[0].namespaces',
      '"namespaces"',
      'either namespaces or namespaceSelector (namespaces and namespaceSelector cannot be set at the same time for a single NetworkPolicyPeer)',
    ),
  ],
  [
    'sameLabels without keys',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, from: [Peer.namespaceMatch(NamespaceMatch.sameLabels([]))] }] })),
    err('test/P', 'ingress[0].from[0].namespaces.sameLabels', '[]', 'at least one label key'),
  ],
  [
    'sameLabels key with a space',
    inChart((c) =>
      acnp(c, { ingress: [{ action: RuleAction.ALLOW, from: [Peer.namespaceMatch(NamespaceMatch.sameLabels(['team name']))] }] }),
    ),
    err('test/P', 'ingress[0].from[0].namespaces.sameLabels[0]', '"team name"', 'a label key: a key name of at most 63 characters'),
  ],
  [
    'FQDN with "_"',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.ALLOW, to: [Peer.fqdn('db_1.example.com')] }] })),
    err(
      'test/P',
      'egress[0].to[0].fqdn',
      '"db_1.example.com"',
      'a DNS name of letters, digits, "-", "." and "*" (invalid characters in egress rule fqdn field: db_1.example.com)',
    ),
  ],
  // multicast, IGMP, toServices
  [
    'Reject towards a multicast group',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.REJECT, to: [Peer.ipBlock('239.1.1.0/24')] }] })),
    err('test/P', 'egress[0].action', '"Reject"', 'Allow or Drop for multicast traffic (multicast does not support action Pass or Reject)'),
  ],
  [
    'multicast and unicast ipBlocks in one rule',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.DROP, to: [Peer.ipBlock('239.1.1.0/24'), Peer.ipBlock('10.0.0.0/8')] }] })),
    err('test/P', 'egress[0].to[1].ipBlock.cidr', '"10.0.0.0/8"', 'a multicast CIDR like the other ipBlocks of this rule'),
  ],
  [
    'IGMP rule with Pass',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.PASS, protocols: [Protocol.igmp()] }] })),
    err('test/P', 'ingress[0].action', '"Pass"', 'Allow or Drop for an IGMP rule (protocol IGMP does not support Pass or Reject)'),
  ],
  [
    'IGMP rule with ports',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.DROP, protocols: [Protocol.igmp()], ports: [Port.udp(5353)] }] })),
    err('test/P', 'ingress[0]', '["ports"]', 'an IGMP rule without ports, toServices, from, to or ICMP'),
  ],
  [
    'toServices together with to',
    inChart((c) =>
      acnp(c, { egress: [{ action: RuleAction.ALLOW, to: [Peer.pods(WEB)], toServices: [{ name: 'db', namespace: 'shop' }] }] }),
    ),
    err(
      'test/P',
      'egress[0].toServices',
      '["db"]',
      'no to, ports or protocols in the same rule (`toServices` cannot be used with `to`, `ports` or `protocols`)',
    ),
  ],
  [
    'toServices with an empty name (a name that is no DNS-1035 label is only warned about: the CRD accepts it)',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.ALLOW, toServices: [{ name: '', namespace: 'shop' }] }] })),
    err('test/P', 'egress[0].toServices[0].name', '""', 'a non-empty Service name (required by the CRD)'),
  ],
  [
    'toServices without a namespace in a ClusterNetworkPolicy',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.ALLOW, toServices: [{ name: 'db' }] }] })),
    err('test/P', 'egress[0].toServices[0].namespace', 'undefined', 'the Service Namespace (required in a ClusterNetworkPolicy)'),
  ],
  // layer 7
  [
    'layer-7 rule with Drop',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.DROP, l7Protocols: [L7Protocol.http()] }] })),
    err('test/P', 'ingress[0].action', '"Drop"', 'Allow in a layer-7 rule (layer 7 protocols only support Allow)'),
  ],
  [
    'HTTP rule on a UDP port',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, ports: [Port.udp(8080)], l7Protocols: [L7Protocol.http()] }] })),
    err(
      'test/P',
      'ingress[0].ports[0].protocol',
      '"UDP"',
      'TCP in a rule with HTTP (HTTP protocol can only be used when layer 4 protocol is TCP or unset)',
    ),
  ],
  [
    'HTTP rule with ICMP',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, protocols: [Protocol.icmp()], l7Protocols: [L7Protocol.http()] }] })),
    err(
      'test/P',
      'ingress[0].protocols',
      '["icmp"]',
      'no ICMP or IGMP in a rule with HTTP (HTTP protocol can not be used with protocol IGMP or ICMP)',
    ),
  ],
  [
    'layer-7 rule with toServices',
    inChart((c) =>
      acnp(c, {
        egress: [{ action: RuleAction.ALLOW, toServices: [{ name: 'api', namespace: 'shop' }], l7Protocols: [L7Protocol.tls()] }],
      }),
    ),
    err('test/P', 'egress[0].toServices', '["api"]', 'no toServices in a layer-7 rule (layer 7 protocols can not be used with toServices)'),
  ],
  [
    'HTTP host with a port',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http({ host: 'shop.example.com:8080' })] }] })),
    err(
      'test/P',
      'ingress[0].l7Protocols[0].http.host',
      '"shop.example.com:8080"',
      'a host name without a port (letters, digits, "-", "." and "*" wildcards)',
    ),
  ],
  [
    'HTTP path without a leading "/"',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http({ path: 'api/v2/*' })] }] })),
    err('test/P', 'ingress[0].l7Protocols[0].http.path', '"api/v2/*"', 'a URI path starting with "/" without spaces (e.g. /api/v2/*)'),
  ],
  [
    'TLS SNI with a space',
    inChart((c) => acnp(c, { egress: [{ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.tls({ sni: 'shop example.com' })] }] })),
    err('test/P', 'egress[0].l7Protocols[0].tls.sni', '"shop example.com"', 'a host name (letters, digits, "-", "." and "*" wildcards)'),
  ],
  // logging and rule names
  [
    'log label of 64 characters',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.DROP, enableLogging: true, logLabel: 'l'.repeat(64) }] })),
    err(
      'test/P',
      'ingress[0].logLabel',
      `"${'l'.repeat(64)}"`,
      'at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric',
    ),
  ],
  [
    'enableLogging "yes"',
    inChart((c) => acnp(c, { ingress: [{ action: RuleAction.DROP, enableLogging: 'yes' as unknown as boolean }] })),
    err('test/P', 'ingress[0].enableLogging', '"yes"', 'true or false'),
  ],
  [
    'two rules with one name (ingress and egress)',
    inChart((c) => acnp(c, { ingress: [{ name: 'r1', action: RuleAction.DROP }], egress: [{ name: 'r1', action: RuleAction.DROP }] })),
    err(
      'test/P',
      'egress[0].name',
      '"r1"',
      'a rule name not used by another rule of this policy (rules names must be unique within the policy)',
    ),
  ],
  [
    'empty rule name',
    inChart((c) => acnp(c, { ingress: [{ name: '', action: RuleAction.DROP }] })),
    err('test/P', 'ingress[0].name', '""', 'a non-empty string'),
  ],
  [
    'two identical unnamed rules',
    inChart((c) =>
      acnp(c, {
        ingress: [
          { action: RuleAction.DROP, ports: [Port.tcp(22)] },
          { action: RuleAction.DROP, ports: [Port.tcp(22)] },
        ],
      }),
    ),
    err('test/P', 'ingress[1]', '"an unnamed rule identical to ingress[0]"', 'a rule name, or a rule that differs from the others'),
  ],
  // Tiers and Groups
  [
    'Tier of another App',
    inChart(
      (c) =>
        new ClusterNetworkPolicy(c, 'P', {
          priority: 5,
          tier: new Tier(Testing.chart(), 'Other', { priority: 120 }),
          appliedTo: [AppliedTo.pods(ALL)],
        }),
    ),
    err('test/P', 'tier', '"other"', 'a built-in Tier, an imported Tier or a Tier of this App (tier other does not exist)'),
  ],
  [
    'Group of another namespace in an Antrea NetworkPolicy',
    inChart((c) => annp(c, { egress: [{ action: RuleAction.ALLOW, to: [Peer.group(Group.fromGroupName(c, 'G', 'db', 'billing'))] }] })),
    err('test/P', 'egress[0].to[0]', '"billing/db"', 'a Group in the policy\'s Namespace "shop"'),
  ],
  [
    'ClusterGroup with a pod and a node selector',
    inChart((c) => new ClusterGroup(c, 'G', { podSelector: WEB, nodeSelector: ALL })),
    err(
      'test/G',
      'nodeSelector',
      '["podSelector","nodeSelector"]',
      'a single criterion, or namespaceSelector with podSelector or externalEntitySelector',
    ),
  ],
  [
    'ClusterGroup Service reference without a namespace',
    inChart((c) => new ClusterGroup(c, 'G', { serviceReference: { name: 'web' } })),
    err('test/G', 'serviceReference.namespace', 'undefined', 'the Service Namespace (a ClusterGroup cannot resolve a Service without it)'),
  ],
  [
    'ClusterGroup that is its own child',
    inChart((c) => new ClusterGroup(c, 'G', { name: 'all-dbs', childGroups: [ClusterGroup.fromClusterGroupName(c, 'Self', 'all-dbs')] })),
    err('test/G', 'childGroups[0]', '"all-dbs"', 'a ClusterGroup other than this one (a group cannot be its own child)'),
  ],
  [
    'Group child listed twice',
    inChart((c) => {
      const child = Group.fromGroupName(c, 'Child', 'db', 'shop');
      new Group(c, 'G', { namespace: 'shop', childGroups: [child, child] });
    }),
    err('test/G', 'childGroups[1]', '"db"', 'a Group not already listed in childGroups'),
  ],
]);

describe('bad Antrea policies and groups', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
