import { App, Chart, Testing } from 'cdk8s';
import {
  AntreaConfig,
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  Group,
  HttpMethod,
  IgmpType,
  L7Protocol,
  LabelSelector,
  NamespaceMatch,
  Peer,
  PeerScope,
  Port,
  PortProtocol,
  Protocol,
  RuleAction,
  Tier,
} from '../../lib/antrea';
import { warningsOf } from '../../lib/core/secret-value';
import { findObject, synthValid } from '../helpers';

function appWithConfig(props: ConstructorParameters<typeof AntreaConfig>[2]): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  new AntreaConfig(new Chart(app, 'config'), 'Antrea', props);
  return { app, chart };
}

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
const all = LabelSelector.all();

describe('ClusterNetworkPolicy', () => {
  test('a policy using every peer, port and protocol form renders exactly and validates', () => {
    const { chart } = appWithConfig({
      featureGates: { L7NetworkPolicy: true, Multicluster: true },
      disableTXChecksumOffload: true,
      multicluster: { enableStretchedNetworkPolicy: true },
    });
    const cg = new ClusterGroup(chart, 'Db', { podSelector: LabelSelector.matchLabels({ role: 'db' }) });
    const tier = new Tier(chart, 'Team', { priority: 120 });
    const p = new ClusterNetworkPolicy(chart, 'Full', { priority: 2.5, tier });
    p.addIngressRule({
      name: 'from-everything',
      action: RuleAction.ALLOW,
      appliedTo: [AppliedTo.clusterGroup(cg), AppliedTo.serviceAccount('api', 'prod')],
      from: [
        Peer.pods(LabelSelector.matchLabels({ app: 'web' }), { namespaceSelector: LabelSelector.matchLabels({ env: 'prod' }) }),
        Peer.pods(all, { namespaces: NamespaceMatch.SELF }),
        Peer.namespaceMatch(NamespaceMatch.sameLabels(['team', 'env'])),
        Peer.namespaces(LabelSelector.matchLabels({ env: 'dev' }), { scope: PeerScope.CLUSTER_SET }),
        Peer.ipBlock('10.0.0.0/16', ['10.0.5.0/24']),
        Peer.clusterGroup(ClusterGroup.fromClusterGroupName(chart, 'Imp', 'imported')),
        Peer.serviceAccount('client', 'prod'),
        Peer.nodes(LabelSelector.matchLabels({ 'node-role.kubernetes.io/control-plane': '' })),
      ],
      ports: [
        Port.named('http'),
        Port.of({ protocol: PortProtocol.TCP, port: 443, sourcePort: 32768, sourceEndPort: 60999 }),
        Port.allTcp(),
      ],
      l7Protocols: [L7Protocol.http({ host: '*.example.com', method: HttpMethod.GET, path: '/api/v2/*' })],
      enableLogging: true,
      logLabel: 'full-in',
    });
    p.addEgressRule({
      name: 'dns-and-tls',
      action: RuleAction.ALLOW,
      appliedTo: [AppliedTo.namespaces(LabelSelector.matchLabels({ env: 'prod' }))],
      to: [Peer.fqdn('*.example.com'), Peer.pods(all, { namespaces: NamespaceMatch.SELF })],
      ports: [Port.udp(53), Port.tcpRange(8000, 8100), Port.sctp(9999)],
      l7Protocols: [L7Protocol.tls({ sni: 'api.example.com' })],
    });
    p.addEgressRule({
      name: 'to-svc',
      action: RuleAction.DROP,
      appliedTo: [AppliedTo.pods(LabelSelector.matchLabels({ app: 'web' }), { namespaceSelector: all })],
      toServices: [
        { name: 'backend', namespace: 'prod' },
        { name: 'global', namespace: 'prod', scope: PeerScope.CLUSTER_SET },
      ],
    });
    p.addIngressRule({
      name: 'ping',
      action: RuleAction.REJECT,
      appliedTo: [AppliedTo.pods(all)],
      from: [Peer.ipBlock('fd00::/64')],
      protocols: [Protocol.icmp({ icmpType: 8, icmpCode: 0 }), Protocol.icmp()],
    });
    const spec = findObject(synthValid(chart), 'ClusterNetworkPolicy', 'full').spec;
    expect(spec).toEqual({
      priority: 2.5,
      tier: 'team',
      ingress: [
        {
          name: 'from-everything',
          action: 'Allow',
          appliedTo: [{ group: 'db' }, { serviceAccount: { name: 'api', namespace: 'prod' } }],
          from: [
            { podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchLabels: { env: 'prod' } } },
            { podSelector: {}, namespaces: { match: 'Self' } },
            { namespaces: { sameLabels: ['team', 'env'] } },
            { namespaceSelector: { matchLabels: { env: 'dev' } }, scope: 'ClusterSet' },
            { ipBlock: { cidr: '10.0.0.0/16', except: ['10.0.5.0/24'] } },
            { group: 'imported' },
            { serviceAccount: { name: 'client', namespace: 'prod' } },
            { nodeSelector: { matchLabels: { 'node-role.kubernetes.io/control-plane': '' } } },
          ],
          ports: [
            { protocol: 'TCP', port: 'http' },
            { protocol: 'TCP', port: 443, sourcePort: 32768, sourceEndPort: 60999 },
            { protocol: 'TCP' },
          ],
          l7Protocols: [{ http: { host: '*.example.com', method: 'GET', path: '/api/v2/*' } }],
          enableLogging: true,
          logLabel: 'full-in',
        },
        {
          name: 'ping',
          action: 'Reject',
          appliedTo: [{ podSelector: {} }],
          from: [{ ipBlock: { cidr: 'fd00::/64' } }],
          protocols: [{ icmp: { icmpType: 8, icmpCode: 0 } }, { icmp: {} }],
        },
      ],
      egress: [
        {
          name: 'dns-and-tls',
          action: 'Allow',
          appliedTo: [{ namespaceSelector: { matchLabels: { env: 'prod' } } }],
          to: [{ fqdn: '*.example.com' }, { podSelector: {}, namespaces: { match: 'Self' } }],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 8000, endPort: 8100 },
            { protocol: 'SCTP', port: 9999 },
          ],
          l7Protocols: [{ tls: { sni: 'api.example.com' } }],
        },
        {
          name: 'to-svc',
          action: 'Drop',
          appliedTo: [{ podSelector: { matchLabels: { app: 'web' } }, namespaceSelector: {} }],
          toServices: [
            { name: 'backend', namespace: 'prod' },
            { name: 'global', namespace: 'prod', scope: 'ClusterSet' },
          ],
        },
      ],
    });
    expect(p.node.dependencies).toEqual(expect.arrayContaining([tier, cg]));
    expect(p.ingressRuleCount).toBe(2);
    expect(p.egressRuleCount).toBe(2);
  });

  test('defaults: no spec.tier (the Application Tier, as the Antrea docs write it), name from id, cluster-scoped in a namespaced chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'ns1' });
    new ClusterNetworkPolicy(chart, 'DenyAll', {
      priority: 100,
      appliedTo: [AppliedTo.pods(all)],
      ingress: [{ action: RuleAction.DROP }],
      egress: [{ action: RuleAction.DROP }],
    });
    expect(synthValid(chart)).toEqual([
      {
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'ClusterNetworkPolicy',
        metadata: { name: 'deny-all' },
        spec: {
          priority: 100,
          appliedTo: [{ podSelector: {} }],
          ingress: [{ action: 'Drop' }],
          egress: [{ action: 'Drop' }],
        },
      },
    ]);
    const explicit = new ClusterNetworkPolicy(chart, 'Explicit', { priority: 1, tier: Tier.APPLICATION, appliedTo: [AppliedTo.pods(all)] });
    expect(explicit.tierWritten).toBe(true);
    expect(findObject(synthValid(chart), 'ClusterNetworkPolicy', 'explicit').spec.tier).toBe('application');
  });

  test('Node NetworkPolicy: nodeSelector in policy appliedTo; a long logLabel warns', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'Node', {
      priority: 5,
      tier: Tier.SECURITY_OPS,
      appliedTo: [AppliedTo.nodes(LabelSelector.matchLabels({ role: 'edge' }))],
    });
    p.addIngressRule({
      name: 'ssh',
      action: RuleAction.ALLOW,
      from: [Peer.ipBlock('192.168.0.0/24')],
      ports: [Port.tcp(22)],
      enableLogging: true,
      logLabel: 'ssh-from-admin-net',
    });
    const spec = findObject(synthValid(chart), 'ClusterNetworkPolicy', 'node').spec;
    expect(spec.appliedTo).toEqual([{ nodeSelector: { matchLabels: { role: 'edge' } } }]);
    expect(p.node.metadata.filter((m) => m.type === 'warning').map((m) => m.data)).toEqual([
      'ingress[0].logLabel "ssh-from-admin-net" is longer than 12 characters; Node NetworkPolicy logs truncate it in the kernel log',
    ]);
  });

  test('connection helpers add Allow/Drop rules', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'P', { priority: 10, appliedTo: [AppliedTo.pods(LabelSelector.matchLabels({ app: 'db' }))] });
    p.allowFrom(Peer.pods(LabelSelector.matchLabels({ app: 'api' })), [Port.tcp(5432)], { name: 'api-in' });
    p.dropFrom(Peer.pods(all), [], { name: 'rest-in', enableLogging: true, logLabel: 'db-drop' });
    p.allowTo(Peer.fqdn('backup.example.com'), [Port.tcp(443)]);
    p.dropTo(Peer.ipBlock('0.0.0.0/0'));
    expect(findObject(synthValid(chart), 'ClusterNetworkPolicy', 'p').spec).toEqual({
      priority: 10,
      appliedTo: [{ podSelector: { matchLabels: { app: 'db' } } }],
      ingress: [
        {
          name: 'api-in',
          action: 'Allow',
          from: [{ podSelector: { matchLabels: { app: 'api' } } }],
          ports: [{ protocol: 'TCP', port: 5432 }],
        },
        { name: 'rest-in', action: 'Drop', from: [{ podSelector: {} }], enableLogging: true, logLabel: 'db-drop' },
      ],
      egress: [
        { action: 'Allow', to: [{ fqdn: 'backup.example.com' }], ports: [{ protocol: 'TCP', port: 443 }] },
        { action: 'Drop', to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] },
      ],
    });
  });

  test('policy-level appliedTo Service (NodePort) with ipBlock ingress', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'Np', {
      priority: 1,
      appliedTo: [AppliedTo.service('web', 'prod'), AppliedTo.service('api', 'prod')],
    });
    p.addIngressRule({ action: RuleAction.DROP, from: [Peer.ipBlock('203.0.113.0/24')] });
    expect(findObject(synthValid(chart), 'ClusterNetworkPolicy', 'np').spec.appliedTo).toEqual([
      { service: { name: 'web', namespace: 'prod' } },
      { service: { name: 'api', namespace: 'prod' } },
    ]);
  });

  test('IGMP and multicast rules', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'M', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
    p.addEgressRule({ name: 'mcast', action: RuleAction.DROP, to: [Peer.ipBlock('225.1.2.3/32')] });
    p.addEgressRule({
      name: 'reports',
      action: RuleAction.ALLOW,
      protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_REPORT_V3, groupAddress: '225.1.2.3' })],
    });
    expect(findObject(synthValid(chart), 'ClusterNetworkPolicy', 'm').spec.egress).toEqual([
      { name: 'mcast', action: 'Drop', to: [{ ipBlock: { cidr: '225.1.2.3/32' } }] },
      { name: 'reports', action: 'Allow', protocols: [{ igmp: { igmpType: 34, groupAddress: '225.1.2.3' } }] },
    ]);
    const q = new ClusterNetworkPolicy(chart, 'Q', { priority: 2, appliedTo: [AppliedTo.pods(all)] });
    q.addIngressRule({
      action: RuleAction.DROP,
      protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_QUERY, groupAddress: '224.0.0.1' })],
    });
    expect(findObject(synthValid(chart), 'ClusterNetworkPolicy', 'q').spec.ingress).toEqual([
      { action: 'Drop', protocols: [{ igmp: { igmpType: 17, groupAddress: '224.0.0.1' } }] },
    ]);
  });

  describe('fields the CRD would prune are errors', () => {
    test('nodeSelector only in policy-level appliedTo', () => {
      const chart = Testing.chart();
      expect(
        () =>
          new ClusterNetworkPolicy(chart, 'P', {
            priority: 1,
            ingress: [{ action: RuleAction.DROP, appliedTo: [AppliedTo.nodes(all)] }],
          }),
      ).toThrow(
        /\[test\/P\] ingress\[0\]\.appliedTo\[0\]: got "nodeSelector", expected podSelector, namespaceSelector, group, serviceAccount or service \(the CRD has no nodeSelector at ACNP spec\.ingress\[\]\.appliedTo; the API server would silently prune it\)/,
      );
    });

    test('fqdn only in egress to', () => {
      const chart = Testing.chart();
      const p = new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
      expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.fqdn('example.com')] })).toThrow(
        /\[test\/P\] ingress\[0\]\.from\[0\]: got "fqdn", expected .* \(the CRD has no fqdn at ACNP spec\.ingress\[\]\.from; the API server would silently prune it\)/,
      );
    });

    test('scope only in ingress from', () => {
      const chart = Testing.chart();
      const p = new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
      expect(() => p.addEgressRule({ action: RuleAction.ALLOW, to: [Peer.namespaces(all, { scope: PeerScope.CLUSTER_SET })] })).toThrow(
        /\[test\/P\] egress\[0\]\.to\[0\]: got "scope", expected .*\(the CRD has no scope at ACNP spec\.egress\[\]\.to; the API server would silently prune it\)/,
      );
    });

    test('externalEntitySelector is not in the ACNP schema', () => {
      const chart = Testing.chart();
      expect(() => new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.externalEntities(all)] })).toThrow(
        /\[test\/P\] appliedTo\[0\]: got "externalEntitySelector", expected podSelector, namespaceSelector, group, serviceAccount, service or nodeSelector \(the CRD has no externalEntitySelector at ACNP spec\.appliedTo/,
      );
      const p = new ClusterNetworkPolicy(chart, 'Q', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
      expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.externalEntities(all)] })).toThrow(
        /\[test\/Q\] ingress\[0\]\.from\[0\]: got "externalEntitySelector", expected/,
      );
    });

    test('a namespaced Group cannot be referenced', () => {
      const chart = Testing.chart();
      const g = Group.fromGroupName(chart, 'G', 'grp');
      expect(() => new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.group(g)] })).toThrow(
        /\[test\/P\] appliedTo\[0\]: got "Group", expected a ClusterGroup \(a ClusterNetworkPolicy cannot reference a namespaced Group\)/,
      );
    });
  });

  test.each([0, 0.5, 10001, Number.NaN, Number.POSITIVE_INFINITY])('priority %p is rejected', (priority) => {
    const chart = Testing.chart();
    expect(() => new ClusterNetworkPolicy(chart, 'P', { priority, appliedTo: [AppliedTo.pods(all)] })).toThrow(
      /\[test\/P\] priority: got \S+, expected a number from 1 to 10000 \(lower = evaluated first within the Tier\)/,
    );
  });

  test('priority bounds 1 and 10000 are accepted', () => {
    const chart = Testing.chart();
    new ClusterNetworkPolicy(chart, 'Lo', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
    new ClusterNetworkPolicy(chart, 'Hi', { priority: 10000, appliedTo: [AppliedTo.pods(all)] });
    expect(synthValid(chart).map((o) => (o.spec as any).priority)).toEqual([1, 10000]);
  });

  test('rule options are validated: action, logLabel, name, serviceAccount, toServices', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
    expect(() => p.addIngressRule({ action: 'Deny' as RuleAction })).toThrow(
      /\[test\/P\] ingress\[0\]\.action: got "Deny", expected Allow, Drop, Reject or Pass \(Deny is not an Antrea action; use Drop or Reject\)/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, logLabel: '-bad' })).toThrow(
      /\[test\/P\] ingress\[0\]\.logLabel: got "-bad", expected at most 63 alphanumerics/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, logLabel: 'a'.repeat(64) })).toThrow(
      /\[test\/P\] ingress\[0\]\.logLabel: got "a{64}"/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, name: '' })).toThrow(
      /\[test\/P\] ingress\[0\]\.name: got "", expected a non-empty string/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.serviceAccount('Bad_SA', 'prod')] })).toThrow(
      /\[test\/P\] ingress\[0\]\.from\[0\]\.serviceAccount\.name: got "Bad_SA", expected a ServiceAccount name/,
    );
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, toServices: [{ name: 'backend' }] })).toThrow(
      /\[test\/P\] egress\[0\]\.toServices\[0\]\.namespace: got undefined, expected the Service Namespace \(required in a ClusterNetworkPolicy\)/,
    );
    // The CRD and the webhook accept any toServices name/namespace: one that no Service can have is a warning, not an error.
    p.addEgressRule({ name: 'odd', action: RuleAction.ALLOW, toServices: [{ name: 'Backend', namespace: 'Prod_1' }] });
    expect(warningsOf(p)).toEqual([
      '[test/P] egress[0].toServices[0].name "Backend" is not a DNS-1035 label, so no Service can have this name: Antrea accepts the rule, but it matches no Service',
      '[test/P] egress[0].toServices[0].namespace "Prod_1" is not a DNS-1123 label, so no Namespace can have this name: Antrea accepts the rule, but it matches no Service',
    ]);
    expect(findObject(synthValid(chart), 'ClusterNetworkPolicy', 'p').spec.egress[0].toServices).toEqual([
      { name: 'Backend', namespace: 'Prod_1' },
    ]);
    expect(() => new ClusterNetworkPolicy(chart, 'Q', { priority: 1, appliedTo: [AppliedTo.service('web', 'Prod')] })).toThrow(
      /\[test\/Q\] appliedTo\[0\]\.service\.namespace: got "Prod", expected a Namespace name/,
    );
    expect(
      () => new ClusterNetworkPolicy(chart, 'R', { priority: 1, appliedTo: [AppliedTo.pods(LabelSelector.matchLabels({ app: 'a b' }))] }),
    ).toThrow(/\[test\/R\] appliedTo\[0\]\.podSelector\.matchLabels\["app"\]: got "a b", expected a label value .*\(Invalid label value\)/);
  });

  test('L7 and port/protocol values are validated', () => {
    const { chart } = appWithConfig({ featureGates: { L7NetworkPolicy: true }, disableTXChecksumOffload: true });
    const p = new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http({ host: 'example.com:8080' })] })).toThrow(
      /\[test\/P\] ingress\[0\]\.l7Protocols\[0\]\.http\.host: got "example.com:8080", expected a host name without a port/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http({ path: 'api' })] })).toThrow(
      /\[test\/P\] ingress\[0\]\.l7Protocols\[0\]\.http\.path: got "api", expected a URI path starting with "\/"/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http({ method: 'FETCH' as HttpMethod })] })).toThrow(
      /\[test\/P\] ingress\[0\]\.l7Protocols\[0\]\.http\.method: got "FETCH", expected one of GET, POST/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.tls({ sni: 'a b' })] })).toThrow(
      /\[test\/P\] ingress\[0\]\.l7Protocols\[0\]\.tls\.sni: got "a b", expected a host name/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, protocols: [Protocol.icmp({ icmpType: 256 })] })).toThrow(
      /\[test\/P\] ingress\[0\]\.protocols\[0\]\.icmp\.icmpType: got 256, expected an integer from 0 to 255/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, protocols: [Protocol.icmp({ icmpCode: -1 })] })).toThrow(
      /\[test\/P\] ingress\[0\]\.protocols\[0\]\.icmp\.icmpCode: got -1, expected an integer from 0 to 255/,
    );
  });
});

describe('ClusterSet scope', () => {
  test('needs Multicluster and enableStretchedNetworkPolicy when an AntreaConfig is declared (synth)', () => {
    const { chart } = appWithConfig({ featureGates: { Multicluster: true } });
    const p = new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
    p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.pods(all, { scope: PeerScope.CLUSTER_SET })] });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/P\] ingress\[0\]: got "scope ClusterSet", expected an AntreaConfig with featureGates\.Multicluster: true and multicluster\.enableStretchedNetworkPolicy: true/,
    );
  });
});
