import { PolicyEvaluator, workloadModelFromObjects } from '../../../lib/antrea/evaluate';
import { formatProblems, ManifestObject, validateManifests } from '../../../lib/core/validation';
import { acnp, pn, service, xyz } from './fixture';

/** workloadModelFromObjects on every workload kind, `List` objects, and every input the evaluator refuses. */

const podSpec = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
  Object.assign(
    {
      containers: [
        {
          name: 'c',
          image: 'registry.example.com/c:1',
          ports: [
            { name: 'http', containerPort: 8080 },
            { containerPort: 53, protocol: 'UDP' },
          ],
        },
      ],
    },
    extra,
  );
const template = (labels: Record<string, string>, extra?: Record<string, unknown>): Record<string, unknown> => ({
  metadata: { labels },
  spec: podSpec(extra),
});

const OBJECTS: ManifestObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps', labels: { team: 'a' } } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'apps' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }, { serviceAccountName: 'web-sa' }) },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'apps' },
    spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }) },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }, { hostNetwork: true }) },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'migrate', namespace: 'apps' },
    spec: { template: template({ job: 'migrate' }, { restartPolicy: 'Never' }) },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'debug', namespace: 'apps', labels: { app: 'debug' } },
    spec: podSpec({ nodeName: 'worker-1' }),
  },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'not-a-workload', namespace: 'apps' }, data: {} },
];

describe('workloadModelFromObjects', () => {
  test('the fixture objects are valid', () => {
    const r = validateManifests(OBJECTS);
    if (!r.valid) throw new Error(formatProblems(r.problems));
  });

  test('one Pod per workload kind, Namespaces with the name label, implicit Namespaces added', () => {
    const m = workloadModelFromObjects(OBJECTS);
    expect(m.namespaces).toEqual([
      { name: 'apps', labels: { team: 'a', 'kubernetes.io/metadata.name': 'apps' } },
      { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    ]);
    const ports = [
      { name: 'http', port: 8080, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
    ];
    expect(m.pods).toEqual([
      { namespace: 'apps', name: 'web', labels: { app: 'web' }, ports, serviceAccountName: 'web-sa' },
      { namespace: 'apps', name: 'db', labels: { app: 'db' }, ports },
      { namespace: 'kube-system', name: 'agent', labels: { app: 'agent' }, ports, hostNetwork: true },
      { namespace: 'apps', name: 'migrate', labels: { job: 'migrate' }, ports },
      { namespace: 'apps', name: 'debug', labels: { app: 'debug' }, ports, node: 'worker-1' },
    ]);
  });

  test('List objects (kubectl get -o yaml) are read item by item, by the model and the evaluator', () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        OBJECTS[0],
        OBJECTS[1],
        acnp('deny-web', 1, { appliedTo: [{ podSelector: { matchLabels: { app: 'web' } } }], ingress: [{ action: 'Drop' }] }),
      ],
    };
    expect(workloadModelFromObjects([list]).pods.map((p) => p.name)).toEqual(['web']);
    const e = new PolicyEvaluator([list, OBJECTS[5]]);
    expect(e.evaluate({ from: 'apps/debug', to: 'apps/web', port: 8080 })).toMatchObject({
      result: 'denied',
      ingress: { rule: { name: 'deny-web' } },
    });
  });

  test('a hostNetwork Pod is its Node: Pod policies neither apply to it nor select it', () => {
    const e = new PolicyEvaluator(
      [acnp('deny-all', 1, { appliedTo: [{ namespaceSelector: {} }], ingress: [{ action: 'Drop', from: [{ namespaceSelector: {} }] }] })],
      workloadModelFromObjects(OBJECTS),
    );
    expect(e.evaluate({ from: 'apps/web', to: 'kube-system/agent', port: 8080 }).result).toBe('allowed');
    expect(e.evaluate({ from: 'kube-system/agent', to: 'apps/web', port: 8080 }).result).toBe('allowed');
    expect(e.evaluate({ from: 'apps/db', to: 'apps/web', port: 8080 }).result).toBe('denied');
  });
});

describe('inputs the evaluator refuses', () => {
  const model = xyz();
  const e = new PolicyEvaluator([service('x', 'svc', { pod: 'a' }, [{ port: 80, targetPort: 'serve-80' }])], model);

  test.each([
    [
      'a Pod listed twice',
      () =>
        new PolicyEvaluator([], {
          namespaces: [],
          pods: [
            { namespace: 'x', name: 'a' },
            { namespace: 'x', name: 'a' },
          ],
        }),
      'model.pods: Pod x/a is listed twice, expected unique "<namespace>/<name>"',
    ],
    [
      'a bad Pod IP',
      () => new PolicyEvaluator([], { namespaces: [], pods: [{ namespace: 'x', name: 'a', ip: '10.0.0.300' }] }),
      'model.pods[x/a].ip: got "10.0.0.300", expected an IPv4 or IPv6 address',
    ],
    [
      'a bad Node IP',
      () => new PolicyEvaluator([], { namespaces: [], pods: [], nodes: [{ name: 'n1', ip: 'n1.local' }] }),
      'model.nodes[n1].ip: got "n1.local", expected an IPv4 or IPv6 address',
    ],
    [
      'a Service as the client',
      () => e.evaluate({ from: { service: 'x/svc' }, to: 'x/a', port: 80 }),
      'from: a Service can only be the destination of a connection, got {"service":"x/svc"}',
    ],
    [
      'a Service port it does not have',
      () => e.evaluate({ from: 'y/a', to: { service: 'x/svc' }, port: 81 }),
      'port: Service x/svc has no TCP port 81 (it has: TCP/80)',
    ],
    [
      'a named port on an address',
      () => e.evaluate({ from: 'y/a', to: { ip: '192.0.2.1' }, port: 'http' }),
      'port "http": a named port needs a Pod destination, got {"ip":"192.0.2.1"}',
    ],
    [
      'a port out of range',
      () => e.evaluate({ from: 'y/a', to: 'x/a', port: 70000 }),
      'port: got 70000, expected a port number from 1 to 65535 or a port name (protocol TCP)',
    ],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(message);
  });

  test('a Service with a named targetPort reaches each endpoint on its resolved port', () => {
    const d = new PolicyEvaluator(
      [
        service('x', 'svc', { pod: 'a' }, [{ port: 80, targetPort: 'serve-81' }]),
        acnp('drop-81', 1, { appliedTo: [pn('a')], ingress: [{ action: 'Drop', ports: [{ protocol: 'TCP', port: 81 }] }] }),
      ],
      model,
    );
    expect(d.evaluate({ from: 'y/b', to: { service: 'x/svc' }, port: 80 })).toMatchObject({
      result: 'denied',
      perEndpoint: [{ endpoint: 'x/a' }],
    });
  });
});
