import { App, Chart, Testing } from 'cdk8s';
import {
  AntreaConfig,
  AntreaConfigProps,
  AntreaNetworkPolicy,
  AppliedTo,
  ClusterNetworkPolicy,
  ExternalIPPool,
  LabelSelector,
  Peer,
  Protocol,
  RuleAction,
  TrafficEncapMode,
} from '../../lib/antrea';
import { parse } from 'yaml';
import { warningsOf } from '../../lib/core/secret-value';
import { synthValid } from '../helpers';

const all = LabelSelector.all();

/** One App with an AntreaConfig and the policy built by `build`; returns the App. */
function appWith(config: AntreaConfigProps, build: (chart: Chart) => void): App {
  const app = Testing.app();
  const chart = new Chart(app, 'test');
  new AntreaConfig(chart, 'Antrea', config);
  build(chart);
  return app;
}

const nodePolicy = (c: Chart) =>
  new ClusterNetworkPolicy(c, 'Node', {
    priority: 1,
    appliedTo: [AppliedTo.nodes(LabelSelector.matchLabels({ role: 'edge' }))],
    ingress: [{ action: RuleAction.DROP, from: [Peer.ipBlock('10.0.0.0/8')] }],
  });
const eePolicy = (c: Chart) =>
  new AntreaNetworkPolicy(c, 'Ee', {
    priority: 1,
    namespace: 'vms',
    appliedTo: [AppliedTo.externalEntities(LabelSelector.matchLabels({ app: 'db' }))],
    ingress: [{ action: RuleAction.ALLOW }],
  });
const servicePolicy = (c: Chart) =>
  new ClusterNetworkPolicy(c, 'Svc', {
    priority: 1,
    appliedTo: [AppliedTo.service('web', 'prod')],
    ingress: [{ action: RuleAction.DROP, from: [Peer.ipBlock('0.0.0.0/0')] }],
  });
const ruleServicePolicy = (c: Chart) =>
  new ClusterNetworkPolicy(c, 'RuleSvc', {
    priority: 1,
    ingress: [{ action: RuleAction.DROP, appliedTo: [AppliedTo.service('web', 'prod')], from: [Peer.ipBlock('0.0.0.0/0')] }],
  });
const igmpPolicy = (c: Chart) =>
  new ClusterNetworkPolicy(c, 'Igmp', {
    priority: 1,
    appliedTo: [AppliedTo.pods(all)],
    ingress: [{ action: RuleAction.DROP, protocols: [Protocol.igmp({ igmpType: 17 })] }],
  });
const subnetPool = (c: Chart) =>
  new ExternalIPPool(c, 'Pool', { ipRanges: ['10.10.0.2-10.10.0.3'], subnetInfo: { gateway: '10.10.0.1', prefixLength: 24, vlan: 10 } });

describe('feature-gate cross-checks of the v2.7.0 feature-gates doc', () => {
  test.each([
    [
      'Node NetworkPolicy needs NodeNetworkPolicy',
      nodePolicy,
      { featureGates: { NodeNetworkPolicy: true } },
      /\[test\/Node\] appliedTo: got "nodeSelector", expected featureGates.NodeNetworkPolicy: true in AntreaConfig test\/Antrea \(a Node NetworkPolicy needs the NodeNetworkPolicy agent feature gate\)/,
    ],
    [
      'ExternalEntity appliedTo needs ExternalNode',
      eePolicy,
      { featureGates: { ExternalNode: true } },
      /\[test\/Ee\] appliedTo: got "externalEntitySelector", expected featureGates.ExternalNode: true in AntreaConfig test\/Antrea/,
    ],
    [
      'Service appliedTo needs antreaProxy.proxyAll',
      servicePolicy,
      { antreaProxy: { proxyAll: true } },
      /\[test\/Svc\] appliedTo: got "service", expected antreaProxy.proxyAll: true in AntreaConfig test\/Antrea \(a policy applied to a NodePort Service needs AntreaProxy with proxyAll\)/,
    ],
    [
      'rule-level Service appliedTo needs antreaProxy.proxyAll',
      ruleServicePolicy,
      { antreaProxy: { proxyAll: true } },
      /\[test\/RuleSvc\] ingress\[0\].appliedTo: got "service", expected antreaProxy.proxyAll: true/,
    ],
    [
      'IGMP rules need Multicast',
      igmpPolicy,
      {},
      /\[test\/Igmp\] ingress\[0\]: got "multicast", expected featureGates.Multicast: true in AntreaConfig test\/Antrea/,
      { featureGates: { Multicast: false } },
    ],
    [
      'ExternalIPPool subnetInfo needs EgressSeparateSubnet',
      subnetPool,
      {},
      /\[test\/Pool\] subnetInfo: got \{"gateway":"10.10.0.1","prefixLength":24,"vlan":10\}, expected no subnetInfo, or featureGates.EgressSeparateSubnet: true in AntreaConfig test\/Antrea/,
      { featureGates: { EgressSeparateSubnet: false } },
    ],
  ] as Array<[string, (c: Chart) => unknown, AntreaConfigProps, RegExp, AntreaConfigProps?]>)(
    '%s',
    (_name, build, good, message, bad = {}) => {
      expect(() => appWith(bad, build).synth()).toThrow(message);
      const ok = appWith(good, build);
      for (const chart of ok.charts) synthValid(chart);
    },
  );

  test('every Antrea-native policy needs AntreaPolicy', () => {
    const app = appWith({ featureGates: { AntreaPolicy: false } }, (c) => igmpPolicy(c));
    expect(() => app.synth()).toThrow(
      /\[test\/Igmp\] featureGates.AntreaPolicy: got false, expected true in AntreaConfig test\/Antrea \(Antrea-native policies need the AntreaPolicy feature gate\)/,
    );
  });

  test('antreaProxy.proxyAll is written to the Helm values only when given; a non-boolean is refused', () => {
    const app = Testing.app();
    const c = new AntreaConfig(new Chart(app, 'a'), 'Antrea', { antreaProxy: { proxyAll: true } });
    expect(c.helmValues().antreaProxy).toEqual({ proxyAll: true });
    expect(new AntreaConfig(new Chart(Testing.app(), 'b'), 'Antrea').helmValues().antreaProxy).toBeUndefined();
    expect(() => new AntreaConfig(new Chart(Testing.app(), 'c'), 'Antrea', { antreaProxy: { proxyAll: 'yes' as any } })).toThrow(
      /\[c\/Antrea\] antreaProxy.proxyAll: got "yes", expected true or false/,
    );
  });
});

describe('AntreaConfig nodeIPAM and multicluster.wireGuardPort (written only when given)', () => {
  test('rendered into antrea-controller.conf / antrea-agent.conf and the Helm values', () => {
    const c = new AntreaConfig(new Chart(Testing.app(), 'a'), 'Antrea', {
      nodeIPAM: { enable: true, clusterCIDRs: ['172.100.0.0/16', 'fd00:10::/56'] },
      featureGates: { Multicluster: true },
      multicluster: { enableGateway: true, wireGuardPort: 51821 },
    });
    expect(parse(c.controllerConf()).nodeIPAM).toEqual({ enableNodeIPAM: true, clusterCIDRs: ['172.100.0.0/16', 'fd00:10::/56'] });
    expect(parse(c.agentConf()).multicluster.wireGuard).toEqual({ port: 51821 });
    expect(c.helmValues().nodeIPAM).toEqual({ enable: true, clusterCIDRs: ['172.100.0.0/16', 'fd00:10::/56'] });
    expect(c.helmValues().multicluster.wireGuard).toEqual({ port: 51821 });
    const hostBits = new AntreaConfig(new Chart(Testing.app(), 'h'), 'Antrea', { nodeIPAM: { clusterCIDRs: ['10.0.0.1/16'] } });
    expect(warningsOf(hostBits)).toEqual([
      '[h/Antrea] nodeIPAM.clusterCIDRs[0] "10.0.0.1/16" has host bits set; antrea-controller accepts it and uses its network',
    ]);
    const plain = new AntreaConfig(new Chart(Testing.app(), 'b'), 'Antrea');
    expect(plain.helmValues().nodeIPAM).toBeUndefined();
    expect(parse(plain.controllerConf()).nodeIPAM).toBeUndefined();
  });

  test.each([
    [
      { nodeIPAM: { enable: true } },
      /\[c\/Antrea\] nodeIPAM.clusterCIDRs: got \[\], expected at least one CIDR when nodeIPAM.enable is true/,
    ],
    [
      { nodeIPAM: { clusterCIDRs: ['10.0.0.0/16', '10.1.0.0/16'] } },
      /\[c\/Antrea\] nodeIPAM.clusterCIDRs\[1\]: got "10.1.0.0\/16", expected at most one IPv4 CIDR \(already 10.0.0.0\/16\)/,
    ],
    [
      { nodeIPAM: { clusterCIDRs: ['10.0.0.0/33'] } },
      /\[c\/Antrea\] nodeIPAM.clusterCIDRs\[0\]: got "10.0.0.0\/33", expected a prefix length from 0 to 32/,
    ],
    [
      { nodeIPAM: { enable: true, clusterCIDRs: ['10.0.0.0/16'] }, featureGates: { NodeIPAM: false } },
      /\[c\/Antrea\] nodeIPAM.enable: got true, expected false while the NodeIPAM feature gate is off/,
    ],
    [{ multicluster: { wireGuardPort: 0 } }, /\[c\/Antrea\] multicluster.wireGuardPort: got 0, expected an integer from 1 to 65535/],
  ])('rejects %j', (props, message) => {
    expect(() => new AntreaConfig(new Chart(Testing.app(), 'c'), 'Antrea', props as AntreaConfigProps)).toThrow(message);
  });
});

describe('AntreaConfig podCIDRs (antrea-agent.conf only: the Helm chart does not wire it)', () => {
  test('written into antrea-agent.conf when rendering the ConfigMap; refused for a Helm install; warns outside networkPolicyOnly', () => {
    const c = new AntreaConfig(new Chart(Testing.app(), 'a'), 'Antrea', {
      trafficEncapMode: TrafficEncapMode.NETWORK_POLICY_ONLY,
      podCIDRs: ['10.10.0.0/16', 'fd00::/12'],
      renderConfigMap: true,
    });
    expect(parse(c.agentConf()).podCIDRs).toBe('10.10.0.0/16,fd00::/12');
    expect((c.helmValues() as any).podCIDRs).toBeUndefined();
    expect(warningsOf(c)).toEqual([]);
    expect(() => new AntreaConfig(new Chart(Testing.app(), 'b'), 'Antrea', { podCIDRs: ['10.10.0.0/16'] })).toThrow(
      /\[b\/Antrea\] podCIDRs: got \["10.10.0.0\/16"\], expected no podCIDRs unless renderConfigMap is true \(the Antrea Helm chart does not wire podCIDRs\)/,
    );
    expect(() => new AntreaConfig(new Chart(Testing.app(), 'd'), 'Antrea', { podCIDRs: ['10.10.0.0'], renderConfigMap: true })).toThrow(
      /\[d\/Antrea\] podCIDRs\[0\]: got "10.10.0.0", expected a CIDR/,
    );
    const encap = new AntreaConfig(new Chart(Testing.app(), 'e'), 'Antrea', { podCIDRs: ['10.10.0.0/16'], renderConfigMap: true });
    expect(warningsOf(encap)).toEqual([
      '[e/Antrea] podCIDRs is only read in trafficEncapMode "networkPolicyOnly" (this config uses "encap"); antrea-agent ignores it',
    ]);
  });
});
