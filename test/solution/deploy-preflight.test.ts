/**
 * Issue 11 "Deploys for real": the reference stack and the kubesphere example pass the preflight with the facts the
 * stack declares itself, and each concrete defect of the issue is refused by the preflight when reintroduced.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ClusterModel } from '../../lib/core/cluster-model';
import { runPreflight } from '../../lib/core/preflight-run';
import { synthCharts, synthesize, validationOptionsFor } from '../../lib/core/synth';
import { validateManifests } from '../../lib/core/validation';
import { defaultSolutionConfig, parseSolutionConfig } from '../../lib/solution/config';
import { KubernetesOnVsphere, nodeGroupsOf } from '../../lib/solution/kubernetes-on-vsphere';
import { VsphereStorage } from '../../lib/solution/vsphere-storage';
import { ClusterId } from '../../lib/vsphere/csi-config';
import { EXAMPLE_CONFIG } from '../../examples/kubesphere-on-vsphere/main';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'deploy-preflight-'));
  dirs.push(d);
  return d;
}

function findings(app: App) {
  const objects = synthCharts(app).flatMap((c) => c.objects);
  // every object the preflight sees passes the strict schema validation first, as in synthesize()
  expect(validateManifests(objects, validationOptionsFor(app)).problems).toEqual([]);
  return runPreflight(app, objects);
}

describe('the reference stack and the kubesphere example pass the preflight on their own facts', () => {
  test('reference stack (default config): no errors, scheduling checked against its 3 nodes', () => {
    const app = new App({ outdir: tmp() });
    new KubernetesOnVsphere(app, 'demo', { config: defaultSolutionConfig() });
    const f = findings(app);
    expect(f.filter((x) => x.severity === 'error')).toEqual([]);
    // node groups are known, so scheduling was not skipped
    expect(f.filter((x) => x.check === 'scheduling' && x.severity === 'info' && x.object === '')).toEqual([]);
    expect(
      ClusterModel.find(app)!
        .facts()
        .nodeGroups!.map((g) => `${g.name}:${g.count}`),
    ).toEqual(['control-plane:1', 'worker:2']);
  });

  test('kubesphere example config: synthesize() succeeds (validation and preflight)', () => {
    const app = new App({ outdir: tmp() });
    const config = parseSolutionConfig(EXAMPLE_CONFIG, 'example', { env: {} });
    new KubernetesOnVsphere(app, config.clusterName, { config });
    const d = tmp();
    const r = synthesize(app, { manifestsDir: path.join(d, 'manifests'), extrasDir: path.join(d, 'extra') });
    expect(r.preflightFindings.filter((x) => x.severity === 'error')).toEqual([]);
  });

  test('KubeKey nodes: control plane labelled and tainted, workers labelled (schedulableControlPlane drops the taint)', () => {
    const c = defaultSolutionConfig();
    const [cp, worker] = nodeGroupsOf(c);
    expect(cp.labels['node-role.kubernetes.io/control-plane']).toBe('');
    expect(cp.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(worker.labels['node-role.kubernetes.io/worker']).toBe('');
    expect(worker.taints).toEqual([]);
    const s = parseSolutionConfig('kubekey: {schedulableControlPlane: true}', 'x', { env: {} });
    expect(nodeGroupsOf(s)[0].taints).toEqual([]);
  });
});

/** A storage-only App on a cluster with `controlPlane` control-plane nodes and 2 workers. */
function storageApp(props: Record<string, unknown>, controlPlane = 1): App {
  const app = new App({ outdir: tmp() });
  const model = ClusterModel.of(app);
  model.addNodeGroup({
    name: 'cp',
    count: controlPlane,
    labels: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': '' },
    taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
  });
  model.addNodeGroup({ name: 'w', count: 2, labels: { 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/worker': '' }, taints: [] });
  const chart = new Chart(app, 'storage', { disableResourceNameHashes: true });
  new VsphereStorage(
    chart,
    'Storage',
    Object.assign(
      {
        vcenters: [{ server: 'vc.example.internal', datacenters: ['dc1'], insecure: true }],
        kubernetesVersion: 'v1.33.4',
        clusterId: ClusterId.of('t'),
      },
      props,
    ),
  );
  return app;
}

function errorsOf(app: App): string {
  try {
    findings(app);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('each defect of issue 11, reintroduced, is refused by the preflight', () => {
  test('#2: 3 CSI controller replicas with 1 control-plane node (required hostname anti-affinity)', () => {
    expect(errorsOf(storageApp({ csiControllerReplicas: 3 }))).toMatch(
      /error \[scheduling\] apps\/v1 Deployment vmware-system-csi\/vsphere-csi-controller .*3/,
    );
    expect(errorsOf(storageApp({ csiControllerReplicas: 3 }, 3))).toBe('');
    expect(errorsOf(storageApp({ csiControllerReplicas: 1 }))).toBe('');
  });

  test('#3: a ServiceMonitor or a VolumeSnapshotClass without its CRD', () => {
    expect(errorsOf(storageApp({ csiControllerReplicas: 1, metricsMonitor: true }))).toMatch(
      /error \[crds\] monitoring\.coreos\.com\/v1 ServiceMonitor .*no CRD for monitoring\.coreos\.com\/ServiceMonitor/,
    );
    expect(errorsOf(storageApp({ csiControllerReplicas: 1, snapshotClass: true }))).toMatch(
      /error \[crds\] snapshot\.storage\.k8s\.io\/v1 VolumeSnapshotClass .*no CRD for snapshot\.storage\.k8s\.io\/VolumeSnapshotClass/,
    );
    const declared = storageApp({ csiControllerReplicas: 1, metricsMonitor: true });
    ClusterModel.of(declared).addPrerequisiteCrd('monitoring.coreos.com/ServiceMonitor', 'kube-prometheus-stack');
    expect(errorsOf(declared)).toBe('');
  });

  test('#4: a caFile that nothing mounts (the CCM ConfigMap and the CSI Secret lack the key)', () => {
    const app = storageApp({
      csiControllerReplicas: 1,
      vcenters: [{ server: 'vc.example.internal', datacenters: ['dc1'], caFile: '/etc/cloud/vc-ca.pem' }],
    });
    const msg = errorsOf(app);
    expect(msg).toMatch(/error \[files\] apps\/v1 DaemonSet kube-system\/vsphere-cloud-controller-manager .*\/etc\/cloud\/vc-ca\.pem/);
    expect(msg).toMatch(/error \[files\] apps\/v1 Deployment vmware-system-csi\/vsphere-csi-controller .*\/etc\/cloud\/vc-ca\.pem/);
  });

  test('#1: the old demo pod (stock nginx, runAsNonRoot false, no seccomp, no drop ALL) in a restricted namespace', () => {
    const app = new App({ outdir: tmp() });
    const chart = new Chart(app, 'demo', { disableResourceNameHashes: true });
    new ApiObject(chart, 'ns', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'apps', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
    });
    new ApiObject(chart, 'web', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'nginx', namespace: 'apps' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'nginx' } },
        template: {
          metadata: { labels: { app: 'nginx' } },
          spec: {
            containers: [
              {
                name: 'nginx',
                image: 'nginx:1.27',
                ports: [{ containerPort: 80 }],
                securityContext: { runAsNonRoot: false, runAsUser: 101, allowPrivilegeEscalation: false, readOnlyRootFilesystem: false },
              },
            ],
          },
        },
      },
    });
    const msg = errorsOf(app);
    expect(msg).toMatch(/error \[pod-security\] apps\/v1 Deployment apps\/nginx .*runAsNonRoot/);
    expect(msg).toMatch(/seccomp/i);
    expect(msg).toMatch(/capabilities/);
  });
});

describe('Egress pools need nodes that carry their nodeSelector labels', () => {
  const pools = (labels: string) => `
nodePools:
  - {name: control-plane, role: control-plane, count: 1, ipAddresses: [172.16.0.11], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d, computeCluster: c}
  - {name: worker, role: worker, count: 2, ipAddresses: [172.16.0.21, 172.16.0.22], cpu: 4, memoryMiB: 8192, diskGiB: 100, template: t, network: n, datastore: d, computeCluster: c${labels}}
`;

  test('the default config labels its workers for the egress pool; KubeKey applies the labels', () => {
    const c = defaultSolutionConfig();
    expect(c.nodePools[1].labels).toEqual({ 'network-role': 'egress-gateway' });
    const app = new App({ outdir: tmp() });
    const stack = new KubernetesOnVsphere(app, 'demo', { config: c });
    expect(stack.kubeKey!.content.match(/labels:\s*\n\s*network-role: "egress-gateway"/g)).toHaveLength(2);
  });

  test('without the label on any node the reference stack is refused at synth', () => {
    const config = parseSolutionConfig(pools(''), 'config.yaml', { env: {} });
    const app = new App({ outdir: tmp() });
    new KubernetesOnVsphere(app, 'demo', { config });
    expect(errorsOf(app)).toMatch(
      /error \[scheduling\] crd\.antrea\.io\/v1beta1 ExternalIPPool prod-external-ip-pool \/spec\/nodeSelector: no node group matches the nodeSelector/,
    );
    const labelled = parseSolutionConfig(pools(', labels: {network-role: egress-gateway}'), 'config.yaml', { env: {} });
    const ok = new App({ outdir: tmp() });
    new KubernetesOnVsphere(ok, 'demo', { config: labelled });
    expect(errorsOf(ok)).toBe('');
  });

  test('nodePools[].labels must be valid label keys and values', () => {
    expect(() => parseSolutionConfig(pools(', labels: {"bad key": x}'), 'config.yaml', { env: {} })).toThrow(
      /nodePools\[1\]\.labels\["bad key"\]: got the key "bad key", expected a key name of at most 63 characters/,
    );
  });
});
