import { App, Chart, Testing } from 'cdk8s';
import { ClusterGroup, Group, LabelExpression, LabelSelector } from '../../lib/antrea';
import { findObject, synthValid } from '../helpers';

describe('ClusterGroup', () => {
  test('each criterion renders as v1beta1, with no namespace in a namespaced chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'team-a' });
    new ClusterGroup(chart, 'Sel', {
      podSelector: LabelSelector.of({
        labels: { role: 'db' },
        expressions: [LabelExpression.in('tier', ['a', 'b']), LabelExpression.exists('app')],
      }),
      namespaceSelector: LabelSelector.matchLabels({ env: 'prod' }),
    });
    new ClusterGroup(chart, 'Nodes', { nodeSelector: LabelSelector.of({ expressions: [LabelExpression.doesNotExist('edge')] }) });
    new ClusterGroup(chart, 'Ee', {
      namespaceSelector: LabelSelector.all(),
      externalEntitySelector: LabelSelector.of({ expressions: [LabelExpression.notIn('vm', ['x'])] }),
    });
    new ClusterGroup(chart, 'Ips', { ipBlocks: [{ cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] }, { cidr: 'fd00::/64' }] });
    new ClusterGroup(chart, 'Mcast', { ipBlocks: [{ cidr: '225.1.2.3/32' }, { cidr: 'ff05::/16' }] });
    new ClusterGroup(chart, 'Svc', { serviceReference: { name: 'web', namespace: 'default' } });
    const objects = synthValid(chart);
    expect(
      objects.every((o) => o.apiVersion === 'crd.antrea.io/v1beta1' && o.kind === 'ClusterGroup' && o.metadata?.namespace === undefined),
    ).toBe(true);
    expect(findObject(objects, 'ClusterGroup', 'sel').spec).toEqual({
      podSelector: {
        matchLabels: { role: 'db' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'app', operator: 'Exists' },
        ],
      },
      namespaceSelector: { matchLabels: { env: 'prod' } },
    });
    expect(findObject(objects, 'ClusterGroup', 'nodes').spec).toEqual({
      nodeSelector: { matchExpressions: [{ key: 'edge', operator: 'DoesNotExist' }] },
    });
    expect(findObject(objects, 'ClusterGroup', 'ee').spec).toEqual({
      namespaceSelector: {},
      externalEntitySelector: { matchExpressions: [{ key: 'vm', operator: 'NotIn', values: ['x'] }] },
    });
    expect(findObject(objects, 'ClusterGroup', 'ips').spec).toEqual({
      ipBlocks: [{ cidr: '10.0.0.0/16', except: ['10.0.1.0/24'] }, { cidr: 'fd00::/64' }],
    });
    expect(findObject(objects, 'ClusterGroup', 'mcast').spec).toEqual({ ipBlocks: [{ cidr: '225.1.2.3/32' }, { cidr: 'ff05::/16' }] });
    expect(findObject(objects, 'ClusterGroup', 'svc').spec).toEqual({ serviceReference: { name: 'web', namespace: 'default' } });
  });

  test('childGroups from props and addChildGroup, imported or not', () => {
    const chart = Testing.chart();
    const a = new ClusterGroup(chart, 'A', { podSelector: LabelSelector.matchLabels({ app: 'a' }) });
    const parent = new ClusterGroup(chart, 'Parent', { childGroups: [a] });
    parent.addChildGroup(ClusterGroup.fromClusterGroupName(chart, 'Later', 'created-later'));
    expect(parent.childGroups).toEqual(['a', 'created-later']);
    expect(findObject(synthValid(chart), 'ClusterGroup', 'parent').spec).toEqual({ childGroups: ['a', 'created-later'] });
  });

  test.each([
    [{ podSelector: LabelSelector.all(), ipBlocks: [{ cidr: '10.0.0.0/8' }] }, 'ipBlocks', '\\["podSelector","ipBlocks"\\]'],
    [{ podSelector: LabelSelector.all(), nodeSelector: LabelSelector.all() }, 'nodeSelector', '\\["podSelector","nodeSelector"\\]'],
    [
      { podSelector: LabelSelector.all(), externalEntitySelector: LabelSelector.all() },
      'externalEntitySelector',
      '\\["podSelector","externalEntitySelector"\\]',
    ],
    [
      { podSelector: LabelSelector.all(), namespaceSelector: LabelSelector.all(), serviceReference: { name: 's', namespace: 'n' } },
      'serviceReference',
      '\\["podSelector","namespaceSelector","serviceReference"\\]',
    ],
  ])('mutually exclusive criteria are rejected (%#)', (props, field, value) => {
    const chart = Testing.chart();
    expect(() => new ClusterGroup(chart, 'G', props)).toThrow(
      new RegExp(
        `\\[test/G\\] ${field}: got ${value}, expected a single criterion, or namespaceSelector with podSelector or externalEntitySelector \\(At most one of podSelector, externalEntitySelector, serviceReference, ipBlock, ipBlocks or childGroups can be set for a ClusterGroup\\)`,
      ),
    );
  });

  test('childGroups cannot be combined with a selector', () => {
    const chart = Testing.chart();
    const g = new ClusterGroup(chart, 'G', { podSelector: LabelSelector.all() });
    expect(() => g.addChildGroup(ClusterGroup.fromClusterGroupName(chart, 'C', 'c'))).toThrow(
      /\[test\/G\] childGroups: got \["podSelector","childGroups"\], expected a single criterion/,
    );
  });

  test('ipBlocks are validated', () => {
    const chart = Testing.chart();
    expect(() => new ClusterGroup(chart, 'A', { ipBlocks: [{ cidr: '10.0.0.0' }] })).toThrow(
      /\[test\/A\] ipBlocks\[0\]\.cidr: got "10.0.0.0", expected a CIDR/,
    );
    expect(() => new ClusterGroup(chart, 'B', { ipBlocks: [{ cidr: '10.0.0.1/24' }] })).toThrow(
      /\[test\/B\] ipBlocks\[0\]\.cidr: got "10.0.0.1\/24", expected a CIDR whose host bits are zero/,
    );
    expect(() => new ClusterGroup(chart, 'C', { ipBlocks: [{ cidr: '10.0.0.0/24', except: ['10.0.0.0/24'] }] })).toThrow(
      /\[test\/C\] ipBlocks\[0\]\.except\[0\]: got "10.0.0.0\/24", expected a strict subset of 10.0.0.0\/24 \(except CIDR 10.0.0.0\/24 is not a strict subset of CIDR 10.0.0.0\/24\)/,
    );
    expect(() => new ClusterGroup(chart, 'D', { ipBlocks: [{ cidr: '10.0.0.0/24', except: ['10.0.1.0/25'] }] })).toThrow(
      /\[test\/D\] ipBlocks\[0\]\.except\[0\]: got "10.0.1.0\/25", expected a strict subset of 10.0.0.0\/24/,
    );
    expect(() => new ClusterGroup(chart, 'E', { ipBlocks: [{ cidr: '10.0.0.0/24' }, { cidr: '224.0.0.0/4' }] })).toThrow(
      /\[test\/E\] ipBlocks\[1\]\.cidr: got "224.0.0.0\/4", expected a unicast CIDR like the other ipBlocks \(can not set multicast groupAddress together with unicast ip address\)/,
    );
  });

  test('serviceReference needs a Namespace and valid names', () => {
    const chart = Testing.chart();
    expect(() => new ClusterGroup(chart, 'A', { serviceReference: { name: 'web' } })).toThrow(
      /\[test\/A\] serviceReference\.namespace: got undefined, expected the Service Namespace/,
    );
    expect(() => new ClusterGroup(chart, 'B', { serviceReference: { name: '1web', namespace: 'default' } })).toThrow(
      /\[test\/B\] serviceReference\.name: got "1web", expected a Service name \(DNS-1035 label\)/,
    );
    expect(() => new ClusterGroup(chart, 'C', { serviceReference: { name: 'web', namespace: 'Default' } })).toThrow(
      /\[test\/C\] serviceReference\.namespace: got "Default", expected a Namespace name/,
    );
  });

  test('selectors are validated (webhook label checks and CRD pattern)', () => {
    const chart = Testing.chart();
    expect(() => new ClusterGroup(chart, 'A', { podSelector: LabelSelector.matchLabels({ 'bad key!': 'x' }) })).toThrow(
      /\[test\/A\] podSelector\.matchLabels: got "bad key!", expected a valid label key: .*\(Invalid label key\)/,
    );
    expect(() => new ClusterGroup(chart, 'B', { namespaceSelector: LabelSelector.matchLabels({ env: '-prod' }) })).toThrow(
      /\[test\/B\] namespaceSelector\.matchLabels\["env"\]: got "-prod", expected a label value of at most 63 characters.*\(Invalid label value\)/,
    );
    expect(() => new ClusterGroup(chart, 'C', { podSelector: LabelSelector.matchLabels({ env: 'x'.repeat(64) }) })).toThrow(
      /\[test\/C\] podSelector\.matchLabels\["env"\]: got "x{64}", expected a label value of at most 63 characters/,
    );
    expect(
      () => new ClusterGroup(chart, 'D', { podSelector: LabelSelector.of({ expressions: [LabelExpression.in('tier', [])] }) }),
    ).toThrow(/\[test\/D\] podSelector\.matchExpressions\[0\]\.values: got \[\], expected at least one value for operator In/);
    expect(
      () => new ClusterGroup(chart, 'E', { podSelector: LabelSelector.of({ expressions: [LabelExpression.notIn('tier', ['a b'])] }) }),
    ).toThrow(/\[test\/E\] podSelector\.matchExpressions\[0\]\.values\[0\]: got "a b", expected a label value/);
    expect(() => new ClusterGroup(chart, 'F', { podSelector: LabelSelector.of({ expressions: [LabelExpression.exists('')] }) })).toThrow(
      /\[test\/F\] podSelector\.matchExpressions\[0\]\.key: got "", expected a valid label key/,
    );
  });

  test('childGroups: not itself, no duplicates', () => {
    const chart = Testing.chart();
    const g = new ClusterGroup(chart, 'G');
    expect(() => g.addChildGroup(g)).toThrow(/\[test\/G\] childGroups\[0\]: got "g", expected a ClusterGroup other than this one/);
    g.addChildGroup(ClusterGroup.fromClusterGroupName(chart, 'C', 'c'));
    expect(() => g.addChildGroup(ClusterGroup.fromClusterGroupName(chart, 'C2', 'c'))).toThrow(
      /\[test\/G\] childGroups\[1\]: got "c", expected a ClusterGroup not already listed in childGroups/,
    );
  });

  test('one nesting level only: a child with children, and a parent that is a child, fail at synth', () => {
    const chart = Testing.chart();
    const leaf = new ClusterGroup(chart, 'Leaf', { podSelector: LabelSelector.all() });
    const middle = new ClusterGroup(chart, 'Middle', { childGroups: [leaf] });
    new ClusterGroup(chart, 'Top', { childGroups: [middle] });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Middle\] childGroups: got \["leaf"\], expected no childGroups, because this ClusterGroup is itself a child \(cannot set childGroups for ClusterGroup middle, who has 1 parents\)/,
    );
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Top\] childGroups\[0\]: got "middle", expected a ClusterGroup without childGroups \(cannot set ClusterGroup middle as childGroup, who has 1 childGroups itself\)/,
    );
  });

  test('ClusterGroup names are unique App-wide', () => {
    const app = new App();
    const a = new Chart(app, 'a');
    new ClusterGroup(a, 'One', { name: 'same' });
    new ClusterGroup(new Chart(app, 'b'), 'Two', { name: 'same' });
    expect(() => Testing.synth(a)).toThrow(
      /\[b\/Two\] name: got "same", expected a name no other ClusterGroup of the App uses \(also used by a\/One\)/,
    );
  });

  test('fromClusterGroupName validates the name', () => {
    const chart = Testing.chart();
    expect(ClusterGroup.fromClusterGroupName(chart, 'X', 'test-db').name).toBe('test-db');
    expect(() => ClusterGroup.fromClusterGroupName(chart, 'Y', 'Test_DB')).toThrow(
      /\[test\/Y\] name: got "Test_DB", expected a DNS-1123 subdomain/,
    );
  });
});

describe('Group', () => {
  test('namespaced Group takes the chart namespace or the namespace prop', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'team-a' });
    new Group(chart, 'Web', { podSelector: LabelSelector.matchLabels({ app: 'web' }) });
    new Group(chart, 'Other', { namespace: 'team-b', ipBlocks: [{ cidr: '192.168.0.0/24' }] });
    new Group(chart, 'Ee', { namespaceSelector: LabelSelector.all(), externalEntitySelector: LabelSelector.all() });
    new Group(chart, 'Svc', { serviceReference: { name: 'web' } });
    const objects = synthValid(chart);
    expect(findObject(objects, 'Group', 'web', 'team-a')).toEqual({
      apiVersion: 'crd.antrea.io/v1beta1',
      kind: 'Group',
      metadata: { name: 'web', namespace: 'team-a' },
      spec: { podSelector: { matchLabels: { app: 'web' } } },
    });
    expect(findObject(objects, 'Group', 'other', 'team-b').spec).toEqual({ ipBlocks: [{ cidr: '192.168.0.0/24' }] });
    expect(findObject(objects, 'Group', 'ee', 'team-a').spec).toEqual({ namespaceSelector: {}, externalEntitySelector: {} });
    expect(findObject(objects, 'Group', 'svc', 'team-a').spec).toEqual({ serviceReference: { name: 'web' } });
  });

  test('children in the same Namespace; other Namespaces rejected', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test', { namespace: 'team-a' });
    const child = new Group(chart, 'Child', { podSelector: LabelSelector.all() });
    const parent = new Group(chart, 'Parent', { childGroups: [child, Group.fromGroupName(chart, 'Imp', 'imported')] });
    expect(findObject(synthValid(chart), 'Group', 'parent').spec).toEqual({ childGroups: ['child', 'imported'] });
    expect(() => parent.addChildGroup(Group.fromGroupName(chart, 'Far', 'far', 'team-b'))).toThrow(
      /\[test\/Parent\] childGroups\[2\]: got "team-b\/far", expected a Group in Namespace "team-a" \(childGroups resolve in the Group's own Namespace\)/,
    );
    expect(() => parent.addChildGroup(parent)).toThrow(
      /\[test\/Parent\] childGroups\[2\]: got "parent", expected a Group other than this one/,
    );
  });

  test('mutual exclusion uses the Group wording', () => {
    const chart = Testing.chart();
    expect(() => new Group(chart, 'G', { podSelector: LabelSelector.all(), serviceReference: { name: 'web' } })).toThrow(
      /\[test\/G\] serviceReference: got \["podSelector","serviceReference"\], expected .*\(At most one of podSelector, externalEntitySelector, serviceReference, ipBlocks or childGroups can be set for a Group\)/,
    );
  });

  test('one nesting level only (synth)', () => {
    const chart = Testing.chart();
    const leaf = new Group(chart, 'Leaf');
    const middle = new Group(chart, 'Middle', { childGroups: [leaf] });
    new Group(chart, 'Top', { childGroups: [middle] });
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Middle\] childGroups: got \["leaf"\], expected no childGroups, because this Group is itself a child/,
    );
    expect(() => Testing.synth(chart)).toThrow(
      /\[test\/Top\] childGroups\[0\]: got "middle", expected a Group without childGroups \(cannot set Group middle as childGroup/,
    );
  });

  test('bad namespace and names', () => {
    const chart = Testing.chart();
    expect(() => new Group(chart, 'G', { namespace: 'Team_A' })).toThrow(/\[test\/G\] namespace: got "Team_A", expected a DNS-1123 label/);
    expect(() => Group.fromGroupName(chart, 'I', 'x', 'Bad Ns')).toThrow(/\[test\/I\] namespace: got "Bad Ns", expected a DNS-1123 label/);
    expect(() => new Group(chart, 'H', { serviceReference: { name: 'web', namespace: 'A' } })).toThrow(
      /\[test\/H\] serviceReference\.namespace: got "A"/,
    );
  });
});
