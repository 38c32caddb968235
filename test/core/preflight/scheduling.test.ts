import { NodeGroupFacts, preflight, PreflightFinding } from '../../../lib/core/preflight';
import { matchNodeRequirement, tolerates } from '../../../lib/core/preflight/scheduling';
import { cluster, CONTROL_PLANE_TAINT, cronJob, daemonSet, deployment, group, J, job, pod, statefulSet } from './fixtures';

function sched(objects: J[], nodeGroups: NodeGroupFacts[] | undefined): PreflightFinding[] {
  return preflight(objects, { cluster: { nodeGroups }, skip: ['pod-security', 'crds', 'files', 'references'] });
}

const c = (): J => ({ containers: [{ name: 'a', image: 'x' }] });
const withSpec = (extra: J): J => Object.assign(c(), extra);
const antiSelf = (app: string, topologyKey = 'kubernetes.io/hostname'): J => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app } }, topologyKey }] },
});
const cpToleration = { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' };

describe('scheduling', () => {
  test('without node groups: one info finding, nothing else', () => {
    expect(sched([deployment('a', 'x', withSpec({ nodeSelector: { nope: 'nope' } }))], undefined)).toEqual([
      { severity: 'info', check: 'scheduling', object: '', path: '', message: expect.stringContaining('cluster.nodeGroups') },
    ]);
  });

  test('a plain workload fits the workers', () => {
    expect(sched([deployment('a', 'x', c(), { replicas: 5 })], cluster())).toEqual([]);
  });

  test('nodeSelector that no node carries: error with each group and why', () => {
    const found = sched([deployment('a', 'x', withSpec({ nodeSelector: { disktype: 'ssd' } }))], cluster());
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        object: 'apps/v1 Deployment x/a',
        path: '/spec/template/spec',
        message: expect.stringMatching(
          /no node can run its pods.*control-plane \(3\): nodeSelector disktype=ssd does not match \(no such label\).*workers \(3\): nodeSelector disktype=ssd/,
        ),
      }),
    ]);
  });

  test('nodeSelector on the control plane without a toleration: error naming the taint; with it: fine', () => {
    const spec = withSpec({ nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } });
    expect(sched([deployment('a', 'x', spec)], cluster())[0].message).toMatch(
      /taint node-role.kubernetes.io\/control-plane:NoSchedule not tolerated/,
    );
    spec.tolerations = [cpToleration];
    expect(sched([deployment('a', 'x', spec)], cluster())).toEqual([]);
  });

  test('PreferNoSchedule taints never block', () => {
    const groups = [group('g', 2, {}, [{ key: 'k', effect: 'PreferNoSchedule' }])];
    expect(sched([deployment('a', 'x', c())], groups)).toEqual([]);
  });

  test('NoExecute taints block like NoSchedule', () => {
    const groups = [group('g', 2, {}, [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }])];
    expect(sched([deployment('a', 'x', c())], groups)).toHaveLength(1);
    expect(
      sched([deployment('a', 'x', withSpec({ tolerations: [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }] }))], groups),
    ).toEqual([]);
    expect(
      sched([deployment('a', 'x', withSpec({ tolerations: [{ key: 'dedicated', value: 'web', effect: 'NoExecute' }] }))], groups),
    ).toHaveLength(1);
  });

  test('required node affinity: terms are OR-ed, expressions AND-ed', () => {
    const affinity = (terms: J[]): J => ({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } },
    });
    const groups = [group('g', 2, { zone: 'a', gen: '5' })];
    const no = [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }];
    const yes = [
      {
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'gen', operator: 'Gt', values: ['4'] },
        ],
      },
    ];
    const andNo = [
      {
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a'] },
          { key: 'gen', operator: 'Lt', values: ['4'] },
        ],
      },
    ];
    expect(sched([deployment('a', 'x', withSpec(affinity(no)))], groups)[0].message).toMatch(/required nodeAffinity matches none/);
    expect(sched([deployment('a', 'x', withSpec(affinity(yes)))], groups)).toEqual([]);
    expect(sched([deployment('a', 'x', withSpec(affinity(andNo)))], groups)).toHaveLength(1);
    expect(sched([deployment('a', 'x', withSpec(affinity([...no, ...yes])))], groups)).toEqual([]);
    // matchFields (metadata.name) is undecidable offline: no error
    expect(
      sched(
        [deployment('a', 'x', withSpec(affinity([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }])))],
        groups,
      ),
    ).toEqual([]);
  });

  test('node requirement operators', () => {
    const g = group('g', 1, { zone: 'a', gen: '5' });
    const m = (key: string, operator: string, values?: string[]): string => matchNodeRequirement(g, { key, operator, values });
    expect([m('zone', 'In', ['a']), m('zone', 'In', ['b']), m('nope', 'In', ['a'])]).toEqual(['yes', 'no', 'no']);
    expect([m('zone', 'NotIn', ['a']), m('zone', 'NotIn', ['b']), m('nope', 'NotIn', ['a'])]).toEqual(['no', 'yes', 'yes']);
    expect([m('zone', 'Exists'), m('nope', 'Exists'), m('zone', 'DoesNotExist'), m('nope', 'DoesNotExist')]).toEqual([
      'yes',
      'no',
      'no',
      'yes',
    ]);
    expect([m('gen', 'Gt', ['4']), m('gen', 'Gt', ['5']), m('gen', 'Lt', ['6']), m('zone', 'Lt', ['6'])]).toEqual([
      'yes',
      'no',
      'yes',
      'no',
    ]);
    // the hostname exists on every node but its value differs per node
    expect([m('kubernetes.io/hostname', 'Exists'), m('kubernetes.io/hostname', 'In', ['n1'])]).toEqual(['yes', 'unknown']);
  });

  test('a nodeSelector on kubernetes.io/hostname is undecidable: no error', () => {
    expect(sched([deployment('a', 'x', withSpec({ nodeSelector: { 'kubernetes.io/hostname': 'worker-1' } }))], cluster())).toEqual([]);
  });

  test('toleration matching rules', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
    expect(tolerates({ operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: '', operator: 'Equal' }, taint)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Exists' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', value: 'v' }, taint)).toBe(true);
    expect(tolerates({ key: 'k', value: 'w' }, taint)).toBe(false);
    expect(tolerates({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    expect(tolerates({ key: 'other', operator: 'Exists' }, taint)).toBe(false);
  });

  test('DaemonSet that matches no node is a warning; the usual node-condition tolerations are implied', () => {
    const found = sched([daemonSet('d', 'x', withSpec({ nodeSelector: { gpu: 'true' } }))], cluster());
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringContaining('matches no node') })]);
    const groups = [group('g', 2, {}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }])];
    expect(sched([daemonSet('d', 'x', c())], groups)).toEqual([]);
    expect(sched([deployment('a', 'x', c())], groups)).toHaveLength(1);
  });

  test('self anti-affinity on the hostname: more replicas than eligible nodes is an error', () => {
    const spec = withSpec({ affinity: antiSelf('a') });
    expect(sched([deployment('a', 'x', spec, { replicas: 3 })], cluster(3))).toEqual([]);
    const found = sched([deployment('a', 'x', spec, { replicas: 4 })], cluster(3));
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'error',
        path: '/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0',
        message: expect.stringMatching(/4 replicas but .* allows at most 3 \(3 eligible nodes.*1 pod\(s\) would stay Pending/),
      }),
    ]);
    // tolerating the control plane adds its 3 nodes
    expect(sched([deployment('a', 'x', Object.assign(spec, { tolerations: [cpToleration] }), { replicas: 6 })], cluster(3))).toEqual([]);
  });

  test('anti-affinity that selects other pods does not limit the replicas', () => {
    expect(sched([deployment('a', 'x', withSpec({ affinity: antiSelf('other') }), { replicas: 9 })], cluster(3))).toEqual([]);
  });

  test('anti-affinity on a zone label: at most one pod per zone value', () => {
    const groups = [group('a', 3, { 'topology.kubernetes.io/zone': 'a' }), group('b', 3, { 'topology.kubernetes.io/zone': 'b' })];
    const spec = withSpec({ affinity: antiSelf('a', 'topology.kubernetes.io/zone') });
    expect(sched([statefulSet('a', 'x', spec, { replicas: 2 })], groups)).toEqual([]);
    expect(sched([statefulSet('a', 'x', spec, { replicas: 3 })], groups)[0].message).toMatch(/allows at most 2/);
  });

  test('topology spread on the hostname with tainted nodes in the domain: capacity is maxSkew × placeable nodes', () => {
    const tsc = (extra: J = {}): J => ({
      topologySpreadConstraints: [
        Object.assign(
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { app: 'a' } },
          },
          extra,
        ),
      ],
    });
    expect(sched([deployment('a', 'x', withSpec(tsc()), { replicas: 3 })], cluster(3))).toEqual([]);
    expect(sched([deployment('a', 'x', withSpec(tsc()), { replicas: 4 })], cluster(3))).toEqual([
      expect.objectContaining({
        path: '/spec/template/spec/topologySpreadConstraints/0',
        message: expect.stringMatching(/allows at most 3: 3 kubernetes.io\/hostname domain/),
      }),
    ]);
    expect(sched([deployment('a', 'x', withSpec(tsc({ maxSkew: 2 })), { replicas: 6 })], cluster(3))).toEqual([]);
    // nodeTaintsPolicy: Honor leaves the control plane out of the domains
    expect(sched([deployment('a', 'x', withSpec(tsc({ nodeTaintsPolicy: 'Honor' })), { replicas: 10 })], cluster(3))).toEqual([]);
    // ScheduleAnyway never blocks
    expect(sched([deployment('a', 'x', withSpec(tsc({ whenUnsatisfiable: 'ScheduleAnyway' })), { replicas: 10 })], cluster(3))).toEqual([]);
    // without tainted nodes the pods spread evenly, no limit
    expect(sched([deployment('a', 'x', withSpec(tsc()), { replicas: 10 })], [group('w', 3)])).toEqual([]);
    // minDomains above the domain count: the global minimum is 0
    expect(sched([deployment('a', 'x', withSpec(tsc({ minDomains: 5 })), { replicas: 4 })], [group('w', 3)])).toHaveLength(1);
  });

  test('replicas: 0 and nodeName skip the check', () => {
    const bad = { nodeSelector: { nope: 'x' } };
    expect(sched([deployment('a', 'x', withSpec(bad), { replicas: 0 })], cluster())).toEqual([]);
    expect(sched([pod('p', 'x', withSpec(Object.assign({ nodeName: 'n1' }, bad)))], cluster())).toEqual([]);
  });

  test('Jobs count parallelism; CronJobs and Pods are checked', () => {
    const spec = withSpec({ affinity: antiSelf('j') });
    const j = job('j', 'x', spec, 4);
    j.spec.template.metadata = { labels: { app: 'j' } };
    expect(sched([j], cluster(3))).toHaveLength(1);
    expect(sched([cronJob('c', 'x', withSpec({ nodeSelector: { nope: 'x' } }))], cluster())[0].path).toBe(
      '/spec/jobTemplate/spec/template/spec',
    );
    expect(sched([pod('p', 'x', withSpec({ nodeSelector: { nope: 'x' } }))], cluster())[0].path).toBe('/spec');
  });

  test('property: adding a toleration never makes a workload less schedulable', () => {
    const taints = [
      CONTROL_PLANE_TAINT,
      { key: 'a', value: '1', effect: 'NoSchedule' as const },
      { key: 'b', effect: 'NoExecute' as const },
    ];
    const tolerations: J[] = [
      cpToleration,
      { key: 'a', operator: 'Equal', value: '1' },
      { key: 'a', value: '2' },
      { key: 'b', operator: 'Exists', effect: 'NoExecute' },
      { operator: 'Exists' },
    ];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const groups = [0, 1, 2].map((i) =>
        group(
          `g${i}`,
          1 + rnd(3),
          rnd(2) ? { role: `r${rnd(2)}` } : {},
          taints.filter(() => rnd(2) === 1),
        ),
      );
      const base = tolerations.filter(() => rnd(3) === 0);
      const extra = tolerations[rnd(tolerations.length)];
      const spec = (tols: J[]): J => withSpec({ tolerations: tols, affinity: antiSelf('a'), nodeSelector: rnd(2) ? { role: 'r1' } : {} });
      const replicas = 1 + rnd(6);
      const s1 = spec(base);
      const s2 = Object.assign({}, s1, { tolerations: [...base, extra] });
      const before = sched([deployment('a', 'x', s1, { replicas })], groups).filter((f) => f.severity === 'error').length;
      const after = sched([deployment('a', 'x', s2, { replicas })], groups).filter((f) => f.severity === 'error').length;
      expect(after).toBeLessThanOrEqual(before);
    }
  });

  test('property: adding nodes to the eligible group never adds errors', () => {
    const spec = withSpec({ affinity: antiSelf('a') });
    for (let workers = 0; workers < 6; workers++) {
      for (let replicas = 1; replicas < 8; replicas++) {
        const before = sched([deployment('a', 'x', spec, { replicas })], cluster(workers)).length;
        const after = sched([deployment('a', 'x', spec, { replicas })], cluster(workers + 1)).length;
        expect(after).toBeLessThanOrEqual(before);
      }
    }
  });
});

describe('Antrea ExternalIPPool nodeSelector against the node groups', () => {
  const pool = (nodeSelector: unknown) => ({
    apiVersion: 'crd.antrea.io/v1beta1',
    kind: 'ExternalIPPool',
    metadata: { name: 'egress-pool' },
    spec: { ipRanges: [{ start: '10.0.0.2', end: '10.0.0.9' }], nodeSelector },
  });
  const groups: NodeGroupFacts[] = [
    { name: 'cp', count: 1, labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [] },
    { name: 'workers', count: 2, labels: { 'network-role': 'egress-gateway' }, taints: [] },
  ];
  const run = (nodeSelector: unknown, g = groups) =>
    preflight([pool(nodeSelector)] as never, { cluster: { nodeGroups: g }, skip: ['crds', 'references'] }).filter(
      (f) => f.severity === 'error',
    );

  test('a selector no node group matches is an error naming the selector and the groups', () => {
    const e = run({ matchLabels: { 'network-role': 'egress' } });
    expect(e).toHaveLength(1);
    expect(e[0].path).toBe('/spec/nodeSelector');
    expect(e[0].message).toMatch(
      /no node group matches the nodeSelector \{"matchLabels":\{"network-role":"egress"\}\} \(node groups: cp, workers\)/,
    );
  });

  test('a matching selector, the empty selector (all nodes) and a hostname selector pass', () => {
    expect(run({ matchLabels: { 'network-role': 'egress-gateway' } })).toEqual([]);
    expect(run({})).toEqual([]);
    expect(run({ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['w-1'] }] })).toEqual([]);
  });

  test('a group with no nodes does not count', () => {
    expect(run({ matchLabels: { 'network-role': 'egress-gateway' } }, [Object.assign({}, groups[1], { count: 0 })])).toHaveLength(1);
  });
});

describe('host ports', () => {
  const withPorts = (replicas: number, port: Record<string, number>, hostNetwork = false) =>
    deployment('web', 'apps', { hostNetwork, containers: [{ name: 'web', image: 'x', ports: [port] }] }, { replicas });
  const run = (o: unknown) =>
    preflight([o] as never, { cluster: { nodeGroups: cluster(2) }, skip: ['pod-security', 'crds', 'files', 'references'] }).filter(
      (f) => f.severity === 'error',
    );

  test('more replicas than eligible nodes with a hostPort: error on the port', () => {
    const e = run(withPorts(3, { containerPort: 80, hostPort: 80 }));
    expect(e).toHaveLength(1);
    expect(e[0].path).toBe('/spec/template/spec/containers/0/ports/0');
    expect(e[0].message).toMatch(/3 replicas but a host port allows one pod per node and there are 2 eligible nodes \(workers\)/);
  });

  test('with hostNetwork every declared container port is a host port', () => {
    expect(run(withPorts(3, { containerPort: 9100 }, true))).toHaveLength(1);
    expect(run(withPorts(3, { containerPort: 9100 }))).toEqual([]);
  });

  test('as many replicas as eligible nodes is fine', () => {
    expect(run(withPorts(2, { containerPort: 80, hostPort: 80 }))).toEqual([]);
  });
});
