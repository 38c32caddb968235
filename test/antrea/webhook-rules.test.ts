// Every rule of the Antrea policy admission webhook (facts §6), mirrored as a synth-time error.
import { App, Chart, Testing } from 'cdk8s';
import {
  AntreaConfig,
  AppliedTo,
  ClusterNetworkPolicy,
  IgmpType,
  L7Protocol,
  LabelSelector,
  NamespaceMatch,
  Peer,
  Port,
  PortProtocol,
  Protocol,
  RuleAction,
  Tier,
} from '../../lib/antrea';
import { synthValid } from '../helpers';

const all = LabelSelector.all();

function policy(chart: Chart, props: Partial<ConstructorParameters<typeof ClusterNetworkPolicy>[2]> = {}): ClusterNetworkPolicy {
  return new ClusterNetworkPolicy(chart, 'P', { priority: 1, appliedTo: [AppliedTo.pods(all)], ...props });
}

describe('1. tier exists', () => {
  test('a Tier construct of another App does not exist in this cluster', () => {
    const other = new Chart(new App(), 'other');
    const tier = new Tier(other, 'Foreign', { priority: 7 });
    const chart = Testing.chart();
    expect(() => policy(chart, { tier })).toThrow(
      /\[test\/P\] tier: got "foreign", expected a built-in Tier, an imported Tier or a Tier of this App \(tier foreign does not exist\)/,
    );
  });
});

describe('2. Baseline tier + Pass', () => {
  test('Pass is rejected in the Baseline Tier (also under its legacy name)', () => {
    const chart = Testing.chart();
    expect(() => policy(chart, { tier: Tier.BASELINE, ingress: [{ action: RuleAction.PASS }] })).toThrow(
      /\[test\/P\] ingress\[0\]\.action: got "Pass", expected Allow, Drop or Reject \(`Pass` action should not be set for Baseline Tier policy rules\)/,
    );
    const legacy = Tier.fromTierName(chart, 'Legacy', 'Baseline');
    const p = new ClusterNetworkPolicy(chart, 'Q', { priority: 1, tier: legacy, appliedTo: [AppliedTo.pods(all)] });
    expect(() => p.addEgressRule({ action: RuleAction.PASS })).toThrow(
      /\[test\/Q\] egress\[0\]\.action: got "Pass", expected Allow, Drop or Reject/,
    );
  });

  test('Pass is fine in other Tiers', () => {
    const chart = Testing.chart();
    policy(chart, { tier: Tier.SECURITY_OPS, ingress: [{ action: RuleAction.PASS }] });
    expect((synthValid(chart)[0].spec as any).ingress).toEqual([{ action: 'Pass' }]);
  });
});

describe('3. rule names unique within the policy', () => {
  test('a name used in ingress cannot be used in egress', () => {
    const chart = Testing.chart();
    const p = policy(chart, { ingress: [{ name: 'r1', action: RuleAction.ALLOW }] });
    expect(() => p.addEgressRule({ name: 'r1', action: RuleAction.DROP })).toThrow(
      /\[test\/P\] egress\[0\]\.name: got "r1", expected a rule name not used by another rule of this policy \(rules names must be unique within the policy\)/,
    );
  });

  test('identical unnamed rules would get the same generated name', () => {
    const chart = Testing.chart();
    const p = policy(chart, { ingress: [{ action: RuleAction.DROP, from: [Peer.ipBlock('10.0.0.0/8')] }] });
    expect(() => p.addIngressRule({ action: RuleAction.DROP, from: [Peer.ipBlock('10.0.0.0/8')] })).toThrow(
      /\[test\/P\] ingress\[1\]: got "an unnamed rule identical to ingress\[0\]", expected a rule name, or a rule that differs from the others .*rules names must be unique within the policy/,
    );
    p.addEgressRule({ action: RuleAction.DROP, to: [Peer.ipBlock('10.0.0.0/8')] });
    expect(synthValid(chart)).toHaveLength(1);
  });
});

describe('4. appliedTo placement', () => {
  test('not in both spec and rules', () => {
    const chart = Testing.chart();
    expect(() => policy(chart, { ingress: [{ action: RuleAction.ALLOW, appliedTo: [AppliedTo.pods(all)] }] })).toThrow(
      /\[test\/P\] ingress\[0\]\.appliedTo: got "appliedTo", expected no rule appliedTo, because the policy sets appliedTo \(appliedTo should not be set in both spec and rules\)/,
    );
  });

  test('set in either spec or rules (synth)', () => {
    const chart = Testing.chart();
    new ClusterNetworkPolicy(chart, 'P', { priority: 1, ingress: [{ action: RuleAction.ALLOW }] });
    expect(() => Testing.synth(chart)).toThrow(
      /Validation failed with the following errors:\n\s+\[test\/P\] appliedTo: got \[\], expected appliedTo in the policy or in every rule \(appliedTo needs to be set in either spec or rules\)/,
    );
    const empty = Testing.chart();
    new ClusterNetworkPolicy(empty, 'E', { priority: 1 });
    expect(() => Testing.synth(empty)).toThrow(/\[test\/E\] appliedTo: got \[\], expected appliedTo in the policy or in every rule/);
  });

  test('in all rules or in none', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'P', {
      priority: 1,
      ingress: [{ action: RuleAction.ALLOW, appliedTo: [AppliedTo.pods(all)] }],
    });
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW })).toThrow(
      /\[test\/P\] egress\[0\]\.appliedTo: got "none", expected an appliedTo, like the other rules \(appliedTo field should either be set in all rules or in none of them\)/,
    );
    const q = new ClusterNetworkPolicy(chart, 'Q', { priority: 1, ingress: [{ action: RuleAction.ALLOW }] });
    expect(() => q.addIngressRule({ action: RuleAction.ALLOW, appliedTo: [AppliedTo.pods(all)] })).toThrow(
      /\[test\/Q\] ingress\[1\]\.appliedTo: got "appliedTo", expected no appliedTo, like the other rules/,
    );
  });
});

describe('5. appliedTo entries', () => {
  test('Services and other entries cannot be mixed', () => {
    const chart = Testing.chart();
    expect(() => policy(chart, { appliedTo: [AppliedTo.service('web', 'prod'), AppliedTo.pods(all)] })).toThrow(
      /\[test\/P\] appliedTo\[1\]: got "podSelector", expected a service entry like appliedTo\[0\] \(a rule\/policy cannot be applied to Services and other peers at the same time\)/,
    );
  });

  test('egress rules cannot be applied to Services', () => {
    const chart = Testing.chart();
    const p = policy(chart, { appliedTo: [AppliedTo.service('web', 'prod')] });
    expect(() => p.addEgressRule({ action: RuleAction.DROP })).toThrow(
      /\[test\/P\] egress\[0\]: got "egress rule", expected no egress rules in a policy applied to Services \(egress rule cannot be applied to Services\)/,
    );
    const q = new ClusterNetworkPolicy(chart, 'Q', { priority: 1 });
    expect(() => q.addEgressRule({ action: RuleAction.DROP, appliedTo: [AppliedTo.service('web', 'prod')] })).toThrow(
      /\[test\/Q\] egress\[0\]\.appliedTo\[0\]: got "service", expected podSelector, namespaceSelector, group or serviceAccount \(egress rule cannot be applied to Services\)/,
    );
  });

  test('matchLabels keys are validated', () => {
    const chart = Testing.chart();
    expect(() => policy(chart, { appliedTo: [AppliedTo.namespaces(LabelSelector.matchLabels({ '/bad': 'x' }))] })).toThrow(
      /\[test\/P\] appliedTo\[0\]\.namespaceSelector\.matchLabels: got "\/bad", expected a valid label key: .*\(Invalid label key\)/,
    );
  });
});

describe('6. peers', () => {
  test('namespaces and namespaceSelector are mutually exclusive', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() =>
      p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.pods(all, { namespaceSelector: all, namespaces: NamespaceMatch.SELF })] }),
    ).toThrow(
      /\[test\/P\] ingress\[0\]\.from\[0\]\.namespaces: got "namespaces", expected either namespaces or namespaceSelector \(namespaces and namespaceSelector cannot be set at the same time for a single NetworkPolicyPeer\)/,
    );
  });

  test('sameLabels keys must be qualified names, at least one', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() =>
      p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.namespaceMatch(NamespaceMatch.sameLabels(['ok', 'not ok']))] }),
    ).toThrow(
      /\[test\/P\] ingress\[0\]\.from\[0\]\.namespaces\.sameLabels\[1\]: got "not ok", expected a label key: .*\(Invalid label key in sameLabels rule: not ok\)/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.namespaceMatch(NamespaceMatch.sameLabels([]))] })).toThrow(
      /\[test\/P\] ingress\[0\]\.from\[0\]\.namespaces\.sameLabels: got \[\], expected at least one label key/,
    );
  });

  test('ipBlock: cidr parseable, except a strict subset', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.ipBlock('10.0.0.0/33')] })).toThrow(
      /\[test\/P\] ingress\[0\]\.from\[0\]\.ipBlock\.cidr: got "10.0.0.0\/33", expected a prefix length from 0 to 32/,
    );
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, to: [Peer.ipBlock('10.0.0.0/16', ['10.1.0.0/24'])] })).toThrow(
      /\[test\/P\] egress\[0\]\.to\[0\]\.ipBlock\.except\[0\]: got "10.1.0.0\/24", expected a strict subset of 10.0.0.0\/16 \(except CIDR 10.1.0.0\/24 is not a strict subset of CIDR 10.0.0.0\/16\)/,
    );
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, to: [Peer.ipBlock('10.0.0.0/16', ['fd00::/64'])] })).toThrow(
      /\[test\/P\] egress\[0\]\.to\[0\]\.ipBlock\.except\[0\]: got "fd00::\/64", expected a strict subset of 10.0.0.0\/16/,
    );
  });

  test('toServices cannot be used with to, ports or protocols', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    const svc = [{ name: 'db', namespace: 'prod' }];
    const message =
      /\[test\/P\] egress\[0\]\.toServices: got \["db"\], expected no to, ports or protocols in the same rule \(`toServices` cannot be used with `to`, `ports` or `protocols`\)/;
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, toServices: svc, to: [Peer.pods(all)] })).toThrow(message);
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, toServices: svc, ports: [Port.tcp(80)] })).toThrow(message);
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, toServices: svc, protocols: [Protocol.icmp()] })).toThrow(message);
  });
});

describe('7. Service-applied ingress rules use ipBlock peers only', () => {
  test('policy-level Service appliedTo', () => {
    const chart = Testing.chart();
    const p = policy(chart, { appliedTo: [AppliedTo.service('web', 'prod')] });
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, from: [Peer.ipBlock('10.0.0.0/8'), Peer.pods(all)] })).toThrow(
      /\[test\/P\] ingress\[0\]\.from\[1\]: got "podSelector", expected an ipBlock peer \(a rule\/policy that is applied to Services can only use ipBlock to select workloads\)/,
    );
  });

  test('rule-level Service appliedTo', () => {
    const chart = Testing.chart();
    const p = new ClusterNetworkPolicy(chart, 'P', { priority: 1 });
    expect(() =>
      p.addIngressRule({ action: RuleAction.ALLOW, appliedTo: [AppliedTo.service('web', 'prod')], from: [Peer.namespaces(all)] }),
    ).toThrow(/\[test\/P\] ingress\[0\]\.from\[0\]: got "namespaceSelector", expected an ipBlock peer/);
  });
});

describe('8. FQDN characters', () => {
  test.each(['exa mple.com', 'example.com/path', 'ex_ample.com'])('%p is rejected', (fqdn) => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, to: [Peer.fqdn(fqdn)] })).toThrow(
      new RegExp(
        `\\[test/P\\] egress\\[0\\]\\.to\\[0\\]\\.fqdn: got "${fqdn.replace(/[.*/]/g, '\\$&')}", expected .*\\(invalid characters in egress rule fqdn field: `,
      ),
    );
  });
});

describe('9. egress multicast', () => {
  test('multicast and unicast ipBlocks cannot be mixed in one rule', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() => p.addEgressRule({ action: RuleAction.DROP, to: [Peer.ipBlock('10.0.0.0/8'), Peer.ipBlock('225.1.2.3/32')] })).toThrow(
      /\[test\/P\] egress\[0\]\.to\[1\]\.ipBlock\.cidr: got "225.1.2.3\/32", expected a unicast CIDR like the other ipBlocks of this rule \(can not set multicast groupAddress and unicast ip address at the same time\)/,
    );
  });

  test.each([RuleAction.PASS, RuleAction.REJECT])('multicast with %s is rejected', (action) => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() => p.addEgressRule({ action, to: [Peer.ipBlock('ff05::/16')] })).toThrow(
      new RegExp(
        `\\[test/P\\] egress\\[0\\]\\.action: got "${action}", expected Allow or Drop for multicast traffic \\(multicast does not support action Pass or Reject\\)`,
      ),
    );
  });
});

describe('10. IGMP', () => {
  test('groupAddress must be multicast', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, protocols: [Protocol.igmp({ groupAddress: '10.1.2.3' })] })).toThrow(
      /\[test\/P\] egress\[0\]\.protocols\[0\]\.igmp\.groupAddress: got "10.1.2.3", expected a multicast address \(224.0.0.0\/4 or ff00::\/8\) \(groupAddress 10.1.2.3 is not multicast address\)/,
    );
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, protocols: [Protocol.igmp({ groupAddress: 'nope' })] })).toThrow(
      /\[test\/P\] egress\[0\]\.protocols\[0\]\.igmp\.groupAddress: got "nope", expected an IPv4 or IPv6 address/,
    );
  });

  test('igmpType follows the rule direction (CRD enums)', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() =>
      p.addIngressRule({ action: RuleAction.ALLOW, protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_REPORT_V2 })] }),
    ).toThrow(/\[test\/P\] ingress\[0\]\.protocols\[0\]\.igmp\.igmpType: got 22, expected 17 \(membership query\) in an ingress rule/);
    expect(() =>
      p.addEgressRule({ action: RuleAction.ALLOW, protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_QUERY })] }),
    ).toThrow(
      /\[test\/P\] egress\[0\]\.protocols\[0\]\.igmp\.igmpType: got 17, expected 18, 22 or 34 \(membership reports\) in an egress rule/,
    );
  });

  test.each([RuleAction.PASS, RuleAction.REJECT])('IGMP with %s is rejected', (action) => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() => p.addIngressRule({ action, protocols: [Protocol.igmp()] })).toThrow(
      new RegExp(
        `\\[test/P\\] ingress\\[0\\]\\.action: got "${action}", expected Allow or Drop for an IGMP rule \\(protocol IGMP does not support Pass or Reject\\)`,
      ),
    );
  });

  test('an IGMP rule has no ports, peers, toServices or ICMP', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    const msg =
      'expected an IGMP rule without ports, toServices, from, to or ICMP \\(protocol IGMP can not be used with other protocols or other properties like from, to\\)';
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, protocols: [Protocol.igmp()], ports: [Port.udp(5000)] })).toThrow(
      new RegExp(`\\[test/P\\] ingress\\[0\\]: got \\["ports"\\], ${msg}`),
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, protocols: [Protocol.igmp()], from: [Peer.pods(all)] })).toThrow(
      new RegExp(`\\[test/P\\] ingress\\[0\\]: got \\["from"\\], ${msg}`),
    );
    expect(() => p.addEgressRule({ action: RuleAction.ALLOW, protocols: [Protocol.igmp(), Protocol.icmp()] })).toThrow(
      new RegExp(`\\[test/P\\] egress\\[0\\]: got \\["icmp"\\], ${msg}`),
    );
  });

  test('quirk: after an IGMP rule, later rules (ingress first, then egress) cannot have ports or peers (synth)', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    p.addEgressRule({ name: 'web', action: RuleAction.ALLOW, to: [Peer.pods(all)], ports: [Port.tcp(80)] });
    p.addIngressRule({ name: 'igmp', action: RuleAction.ALLOW, protocols: [Protocol.igmp()] });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/P\] egress\[0\]: got "ports\/from\/to\/toServices", expected no ports, from, to, toServices or ICMP in an IGMP rule or any rule after it, nor ICMP in any earlier rule \(ingress rules come before egress rules\)/,
    );
  });

  test('quirk: an IGMP rule after an ICMP rule is rejected (synth)', () => {
    const chart = Testing.chart();
    const p = policy(chart);
    p.addIngressRule({ name: 'ping', action: RuleAction.ALLOW, protocols: [Protocol.icmp()] });
    p.addEgressRule({ name: 'drop-all', action: RuleAction.DROP });
    p.addEgressRule({ name: 'reports', action: RuleAction.ALLOW, protocols: [Protocol.igmp()] });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/P\] egress\[1\]: got "icmp", expected no ports, from, to, toServices or ICMP in an IGMP rule or any rule after it, nor ICMP in any earlier rule/,
    );
  });

  test('quirk: ICMP after an IGMP rule is rejected; IGMP-only policies pass (synth)', () => {
    const ok = Testing.chart();
    const r = policy(ok);
    r.addIngressRule({ name: 'query', action: RuleAction.ALLOW, protocols: [Protocol.igmp()] });
    r.addEgressRule({ name: 'reports', action: RuleAction.DROP, protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_REPORT_V1 })] });
    r.addEgressRule({ name: 'rest', action: RuleAction.DROP });
    expect(synthValid(ok)).toHaveLength(1);
    const chart = Testing.chart();
    const q = new ClusterNetworkPolicy(chart, 'Q', { priority: 1, appliedTo: [AppliedTo.pods(all)] });
    q.addIngressRule({ name: 'igmp', action: RuleAction.ALLOW, protocols: [Protocol.igmp()] });
    q.addEgressRule({ name: 'ping', action: RuleAction.ALLOW, protocols: [Protocol.icmp()] });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Q\] egress\[0\]: got "icmp", expected no ports, from, to, toServices or ICMP in an IGMP rule or any rule after it/,
    );
  });
});

describe('11. layer 7', () => {
  function l7Chart(gate: boolean): Chart {
    const app = Testing.app();
    new AntreaConfig(new Chart(app, 'config'), 'Antrea', { featureGates: { L7NetworkPolicy: gate }, disableTXChecksumOffload: gate });
    return new Chart(app, 'test');
  }

  test('needs an AntreaConfig declaring the L7NetworkPolicy gate (synth)', () => {
    const none = Testing.chart();
    policy(none, { ingress: [{ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http()] }] });
    expect(() => Testing.synth(none)).toThrow(
      /\[test\/P\] ingress\[0\]\.l7Protocols: got \[\{"http":\{\}\}\], expected an AntreaConfig in the App with featureGates\.L7NetworkPolicy: true \(there is no AntreaConfig\) \(layer 7 protocols can only be used when L7NetworkPolicy is enabled\)/,
    );
    const off = l7Chart(false);
    policy(off, { egress: [{ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.tls()] }] });
    expect(() => Testing.synth(off)).toThrow(
      /\[test\/P\] egress\[0\]\.l7Protocols: got \[\{"tls":\{\}\}\], expected an AntreaConfig in the App with featureGates\.L7NetworkPolicy: true \(layer 7 protocols can only be used/,
    );
    const on = l7Chart(true);
    policy(on, { egress: [{ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.tls({ sni: '*.example.com' })], ports: [Port.udp(443)] }] });
    expect((synthValid(on)[0].spec as any).egress).toEqual([
      { action: 'Allow', l7Protocols: [{ tls: { sni: '*.example.com' } }], ports: [{ protocol: 'UDP', port: 443 }] },
    ]);
  });

  test.each([RuleAction.DROP, RuleAction.REJECT, RuleAction.PASS])('action %s is rejected', (action) => {
    const chart = l7Chart(true);
    const p = policy(chart);
    expect(() => p.addIngressRule({ action, l7Protocols: [L7Protocol.http()] })).toThrow(
      new RegExp(
        `\\[test/P\\] ingress\\[0\\]\\.action: got "${action}", expected Allow in a layer-7 rule \\(layer 7 protocols only support Allow\\)`,
      ),
    );
  });

  test('no toServices', () => {
    const chart = l7Chart(true);
    const p = policy(chart);
    expect(() =>
      p.addEgressRule({ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http()], toServices: [{ name: 'web', namespace: 'prod' }] }),
    ).toThrow(
      /\[test\/P\] egress\[0\]\.toServices: got \["web"\], expected no toServices in a layer-7 rule \(layer 7 protocols can not be used with toServices\)/,
    );
  });

  test('HTTP needs TCP ports and no ICMP/IGMP', () => {
    const chart = l7Chart(true);
    const p = policy(chart);
    expect(() =>
      p.addIngressRule({ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http()], ports: [Port.tcp(80), Port.udp(80)] }),
    ).toThrow(
      /\[test\/P\] ingress\[0\]\.ports\[1\]\.protocol: got "UDP", expected TCP in a rule with HTTP \(HTTP protocol can only be used when layer 4 protocol is TCP or unset\)/,
    );
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http()], protocols: [Protocol.icmp()] })).toThrow(
      /\[test\/P\] ingress\[0\]\.protocols: got \["icmp"\], expected no ICMP or IGMP in a rule with HTTP \(HTTP protocol can not be used with protocol IGMP or ICMP\)/,
    );
  });
});

describe('12. ports', () => {
  test.each([
    [
      Port.of({ endPort: 90 }),
      /\[test\/P\] ingress\[0\]\.ports\[0\]\.endPort: got 90, expected no endPort without port \(if `endPort` is specified `port` must be specified\)/,
    ],
    [
      Port.of({ namedPort: 'http', endPort: 90 }),
      /\[test\/P\] ingress\[0\]\.ports\[0\]\.endPort: got 90, expected no endPort with a named port \(if `port` is a string `endPort` cannot be specified\)/,
    ],
    [
      Port.tcpRange(9000, 8080),
      /\[test\/P\] ingress\[0\]\.ports\[0\]\.endPort: got 8080, expected a port >= 9000 \(`endPort` should be greater than or equal to `port`\)/,
    ],
    [
      Port.of({ sourceEndPort: 2000 }),
      /\[test\/P\] ingress\[0\]\.ports\[0\]\.sourceEndPort: got 2000, expected no sourceEndPort without sourcePort \(if `sourceEndPort` is specified `sourcePort` must be specified\)/,
    ],
    [
      Port.of({ sourcePort: 3000, sourceEndPort: 2000 }),
      /\[test\/P\] ingress\[0\]\.ports\[0\]\.sourceEndPort: got 2000, expected a port >= 3000 \(`sourceEndPort` should be greater than or equal to `sourcePort`\)/,
    ],
    [Port.tcp(0), /\[test\/P\] ingress\[0\]\.ports\[0\]\.port: got 0, expected an integer port number from 1 to 65535/],
    [Port.udp(65536), /\[test\/P\] ingress\[0\]\.ports\[0\]\.port: got 65536, expected an integer port number from 1 to 65535/],
    [
      Port.of({ port: 80, namedPort: 'http' }),
      /\[test\/P\] ingress\[0\]\.ports\[0\]\.namedPort: got "http", expected either port or namedPort, not both/,
    ],
    [Port.named('HTTP'), /\[test\/P\] ingress\[0\]\.ports\[0\]\.namedPort: got "HTTP", expected a named port \(IANA service name\)/],
    [
      Port.of({ protocol: 'ICMP' as PortProtocol, port: 1 }),
      /\[test\/P\] ingress\[0\]\.ports\[0\]\.protocol: got "ICMP", expected TCP, UDP or SCTP/,
    ],
  ])('%#', (port, message) => {
    const chart = Testing.chart();
    const p = policy(chart);
    expect(() => p.addIngressRule({ action: RuleAction.ALLOW, ports: [port] })).toThrow(message);
  });

  test('equal start and end ports are fine', () => {
    const chart = Testing.chart();
    policy(chart, {
      ingress: [
        {
          action: RuleAction.ALLOW,
          ports: [Port.tcpRange(80, 80), Port.of({ protocol: PortProtocol.UDP, sourcePort: 5, sourceEndPort: 5 })],
        },
      ],
    });
    expect((synthValid(chart)[0].spec as any).ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 80, endPort: 80 },
      { protocol: 'UDP', sourcePort: 5, sourceEndPort: 5 },
    ]);
  });
});
