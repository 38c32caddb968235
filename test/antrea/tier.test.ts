import { App, Chart, Testing } from 'cdk8s';
import { AntreaConfig, ClusterNetworkPolicy, AppliedTo, LabelSelector, Tier } from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

describe('Tier', () => {
  test('custom Tier renders v1beta1, cluster-scoped even in a namespaced chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'team-a' });
    const tier = new Tier(chart, 'SecurityTeam', { priority: 120, description: 'between SecurityOps and NetworkOps' });
    const objects = synthValid(chart);
    expect(objects).toEqual([
      {
        apiVersion: 'crd.antrea.io/v1beta1',
        kind: 'Tier',
        metadata: { name: 'security-team' },
        spec: { priority: 120, description: 'between SecurityOps and NetworkOps' },
      },
    ]);
    expect(tier.name).toBe('security-team');
    expect(tier.priority).toBe(120);
  });

  test('explicit name and no description', () => {
    const chart = Testing.chart();
    new Tier(chart, 'T', { name: 'ops-custom', priority: 0 });
    expect(findObject(synthValid(chart), 'Tier', 'ops-custom').spec).toEqual({ priority: 0 });
  });

  test('built-in Tiers are ITier constants with the CR names and priorities', () => {
    const builtins = [Tier.EMERGENCY, Tier.SECURITY_OPS, Tier.NETWORK_OPS, Tier.PLATFORM, Tier.APPLICATION, Tier.BASELINE];
    expect(builtins.map((t) => [t.name, t.priority])).toEqual([
      ['emergency', 50],
      ['securityops', 100],
      ['networkops', 150],
      ['platform', 200],
      ['application', 250],
      ['baseline', 253],
    ]);
    expect(builtins.every((t) => Tier.isBuiltin(t))).toBe(true);
  });

  test('fromTierName accepts CR names and legacy static names', () => {
    const chart = Testing.chart();
    const legacy = Tier.fromTierName(chart, 'Legacy', 'Platform');
    expect(legacy.name).toBe('Platform');
    expect(legacy.priority).toBe(200);
    const custom = Tier.fromTierName(chart, 'Custom', 'team-tier');
    expect(custom.priority).toBeUndefined();
    expect(() => Tier.fromTierName(chart, 'Bad', 'Team_Tier')).toThrow(
      /\[test\/Bad\] name: got "Team_Tier", expected a DNS-1123 subdomain/,
    );
  });

  test.each([
    [300, /\[test\/T\] priority: got 300, expected an integer from 0 to 255/],
    [-1, /\[test\/T\] priority: got -1, expected an integer from 0 to 255/],
    [1.5, /\[test\/T\] priority: got 1.5, expected an integer from 0 to 255/],
    [251, /\[test\/T\] priority: got 251, expected a priority other than 251, 252, 254 and 255 \(tier t priority 251 is reserved\)/],
    [255, /\[test\/T\] priority: got 255, expected a priority other than 251, 252, 254 and 255 \(tier t priority 255 is reserved\)/],
    [
      100,
      /\[test\/T\] priority: got 100, expected a priority not used by the built-in Tier "securityops" \(tier t priority 100 overlaps with existing Tier\)/,
    ],
    [253, /\[test\/T\] priority: got 253, expected a priority not used by the built-in Tier "baseline"/],
  ])('priority %p is rejected', (priority, message) => {
    const chart = Testing.chart();
    expect(() => new Tier(chart, 'T', { priority })).toThrow(message);
  });

  test('a built-in Tier name is rejected', () => {
    const chart = Testing.chart();
    expect(() => new Tier(chart, 'T', { name: 'platform', priority: 10 })).toThrow(
      /\[test\/T\] name: got "platform", expected a name other than the built-in Tier names/,
    );
  });

  test('an id that gives no valid name asks for the name prop', () => {
    const chart = Testing.chart();
    expect(() => new Tier(chart, 'My_Tier', { priority: 10 })).toThrow(
      /\[test\/My_Tier\] name: got "my_tier", expected a DNS-1123 subdomain; .*set the name prop/,
    );
  });

  test('priorities are unique App-wide (across charts), checked at synth', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new Tier(a, 'One', { priority: 120 });
    new Tier(b, 'Two', { priority: 120 });
    expect(() => Testing.synth(a)).toThrow(
      /Validation failed with the following errors:[\s\S]*\[a\/One\] priority: got 120, expected a priority no other Tier of the App uses \(also used by b\/Two; tier one priority 120 overlaps with existing Tier\)/,
    );
  });

  test('names are unique App-wide', () => {
    const chart = Testing.chart();
    new Tier(chart, 'One', { name: 'same', priority: 1 });
    new Tier(chart, 'Two', { name: 'same', priority: 2 });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Two\] name: got "same", expected a Tier name no other Tier of the App uses \(also used by test\/One\)/,
    );
  });

  test('at most 20 Tiers including the 6 built-in ones', () => {
    const chart = Testing.chart();
    for (let i = 0; i < 14; i++) new Tier(chart, `T${i}`, { priority: i });
    expect(synthValid(chart)).toHaveLength(14);
    new Tier(chart, 'T14', { priority: 14 });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/T14\] tiers: got 15, expected at most 14 custom Tiers in the App, this is number 15 \(6 built-in \+ 14 custom; maximum number of Tiers supported: 20\)/,
    );
  });

  test('priority 220 is reserved only while the ClusterNetworkPolicy feature gate is on', () => {
    const ok = Testing.chart();
    new Tier(ok, 'T', { priority: 220 });
    expect(synthValid(ok)).toHaveLength(1);

    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new AntreaConfig(new Chart(app, 'config'), 'Antrea', { featureGates: { ClusterNetworkPolicy: true } });
    new Tier(chart, 'T', { priority: 220 });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/T\] priority: got 220, expected a priority other than 220 while the ClusterNetworkPolicy feature gate is on \(tier t priority 220 is reserved\)/,
    );
  });

  test('a policy depends on the Tier of its App', () => {
    const app = new App();
    const tiers = new Chart(app, 'tiers');
    const policies = new Chart(app, 'policies');
    const tier = new Tier(tiers, 'Team', { priority: 120 });
    const policy = new ClusterNetworkPolicy(policies, 'P', { priority: 1, tier, appliedTo: [AppliedTo.pods(LabelSelector.all())] });
    expect(policy.node.dependencies).toContain(tier);
    expect(findObject(synthValid(policies), 'ClusterNetworkPolicy', 'p').spec.tier).toBe('team');
  });
});
