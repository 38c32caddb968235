import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { formatFindings, preflight, PreflightFinding } from '../../../lib/core/preflight';
import { synthCharts } from '../../../lib/core/synth';
import { defaultSolutionConfig } from '../../../lib/solution/config';
import { KubernetesOnVsphere } from '../../../lib/solution/kubernetes-on-vsphere';
import { cluster, configMap, deployment, J, restrictedNamespace, restrictedPodSpec, secret } from './fixtures';

describe('preflight()', () => {
  const bad: J[] = [
    restrictedNamespace('app'),
    deployment('web', 'app', {
      containers: [{ name: 'a', image: 'x' }],
      nodeSelector: { nope: 'x' },
      volumes: [{ name: 'v', configMap: { name: 'missing' } }],
    }),
    { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'app' } },
  ];

  test('runs every check; errors first, then warnings, then info', () => {
    const found = preflight(bad, { cluster: {} });
    const checks = new Set(found.map((f) => f.check));
    expect([...checks].sort()).toEqual(['crds', 'files', 'pod-security', 'scheduling']);
    const ranks = found.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(found[found.length - 1]).toMatchObject({ severity: 'info', check: 'scheduling' });
  });

  test('skip leaves out the named checks', () => {
    const found = preflight(bad, { cluster: { nodeGroups: cluster() }, skip: ['pod-security', 'crds'] });
    expect([...new Set(found.map((f) => f.check))].sort()).toEqual(['files', 'scheduling']);
    expect(preflight(bad, { skip: ['pod-security', 'crds', 'files', 'scheduling', 'references'] })).toEqual([]);
  });

  test('no objects, no options: only the scheduling info', () => {
    expect(preflight([])).toEqual([expect.objectContaining({ severity: 'info', check: 'scheduling' })]);
  });

  test('malformed objects do not throw', () => {
    const junk: any[] = [
      null,
      {},
      { kind: 'Deployment' },
      { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: 'x' } },
      { apiVersion: 'v1', kind: 'Pod', spec: { containers: 'x', volumes: [null] } },
    ];
    expect(() => preflight(junk, { cluster: { nodeGroups: cluster(), defaultPodSecurity: 'restricted' }, files: [] })).not.toThrow();
  });

  test('formatFindings: one line per finding', () => {
    const findings: PreflightFinding[] = [
      { severity: 'error', check: 'crds', object: 'example.com/v1 Widget app/w', path: '/apiVersion', message: 'no CRD' },
      { severity: 'info', check: 'scheduling', object: '', path: '', message: 'skipped' },
    ];
    expect(formatFindings(findings)).toBe('error [crds] example.com/v1 Widget app/w /apiVersion: no CRD\ninfo [scheduling]  : skipped');
    expect(formatFindings([])).toBe('');
  });

  test('linear: 20,000 objects in well under a second', () => {
    const objects: J[] = [restrictedNamespace('app')];
    for (let i = 0; i < 4000; i++) {
      const spec = restrictedPodSpec();
      spec.volumes = [
        { name: 'c', configMap: { name: `cm-${i}` } },
        { name: 's', secret: { secretName: `s-${i}` } },
      ];
      spec.containers[0].volumeMounts = [{ name: 'c', mountPath: '/etc/app' }];
      objects.push(deployment(`web-${i}`, 'app', spec, { replicas: 2 }));
      objects.push(configMap(`cm-${i}`, 'app', { 'app.conf': '' }));
      objects.push(secret(`s-${i}`, 'app', { token: '' }));
      objects.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: `w-${i}`, namespace: 'app' } });
      objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: 'app' } });
    }
    const files = Array.from({ length: 4000 }, (_v, i) => ({
      workload: { kind: 'Deployment', namespace: 'app', name: `web-${i}` },
      container: 'app',
      path: '/etc/app/app.conf',
      reason: 'config',
    }));
    const options = { cluster: { nodeGroups: cluster(3), prerequisiteCrds: [{ crd: 'example.com/Widget', providedBy: 'test' }] }, files };
    preflight(objects, options); // warm-up
    const start = process.hrtime.bigint();
    const found = preflight(objects, options);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(found).toEqual([]);
    expect(ms).toBeLessThan(1000);
    if (process.env.PREFLIGHT_BENCH) console.log(`preflight: ${objects.length} objects in ${ms.toFixed(1)} ms`);
  });
});

describe('the reference stack', () => {
  const app = new App({ outdir: path.join(tmpdir(), 'unused') });
  new KubernetesOnVsphere(app, 'demo', { config: defaultSolutionConfig() });
  const objects = synthCharts(app).flatMap((c) => c.objects);

  test('passes with the facts of its documented install (Antrea CRDs and the vSphere config Secret from outside the stack)', () => {
    // the workers carry the label the default egress pool's nodeSelector picks (network-role: egress-gateway)
    const nodeGroups = cluster(3).map((g) =>
      g.name === 'workers' ? Object.assign({}, g, { labels: Object.assign({ 'network-role': 'egress-gateway' }, g.labels) }) : g,
    );
    const found = preflight(objects, {
      cluster: {
        nodeGroups,
        prerequisiteCrds: [{ crd: 'crd.antrea.io/*', providedBy: 'the Antrea install' }],
        externalObjects: [
          {
            apiVersion: 'v1',
            kind: 'Secret',
            namespace: 'vmware-system-csi',
            name: 'vsphere-config-secret',
            providedBy: 'the secret script',
          },
        ],
      },
    });
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('without those facts, the missing prerequisites are reported', () => {
    const found = preflight(objects, { cluster: { nodeGroups: cluster(3) } });
    expect(found.some((f) => f.check === 'crds' && f.message.includes('crd.antrea.io/'))).toBe(true);
  });
});
