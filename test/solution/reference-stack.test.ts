import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parse } from 'yaml';
import { synthCharts, synthesize } from '../../lib/core/synth';
import { validateManifests } from '../../lib/core/validation';
import { defaultSolutionConfig, parseSolutionConfig } from '../../lib/solution/config';
import { KubernetesOnVsphere } from '../../lib/solution/kubernetes-on-vsphere';

function build(): { app: App; objects: any[]; byChart: Record<string, any[]> } {
  const app = new App({ outdir: path.join(tmpdir(), 'unused') });
  new KubernetesOnVsphere(app, 'demo', { config: defaultSolutionConfig() });
  const charts = synthCharts(app);
  return {
    app,
    objects: charts.flatMap((c) => c.objects),
    byChart: Object.fromEntries(charts.map((c) => [c.chart.node.id, c.objects])),
  };
}

const ids = (objs: any[]) => objs.map((o) => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);

describe('the reference stack (KubernetesOnVsphere with the default config)', () => {
  const { objects, byChart } = build();

  test('every object passes strict validation', () => {
    expect(validateManifests(objects).problems).toEqual([]);
  });

  test('charts in apply order: snapshot controller, storage, networking, platform, demo workload', () => {
    expect(Object.keys(byChart)).toEqual([
      'snapshot-controller',
      'vsphere-storage',
      'antrea-networking',
      'cluster-platform',
      'demo-workload',
    ]);
  });

  test('installs the snapshot CRDs and controller before the VolumeSnapshotClass (issue 11 #3); no ServiceMonitor by default', () => {
    expect(ids(byChart['snapshot-controller'])).toEqual(
      expect.arrayContaining([
        'CustomResourceDefinition/volumesnapshotclasses.snapshot.storage.k8s.io',
        'CustomResourceDefinition/volumesnapshots.snapshot.storage.k8s.io',
        'CustomResourceDefinition/volumesnapshotcontents.snapshot.storage.k8s.io',
        'Deployment/kube-system/snapshot-controller',
      ]),
    );
    expect(objects.filter((o: any) => o.kind === 'ServiceMonitor')).toEqual([]);
  });

  test('CSI controller replicas follow the control-plane node count (issue 11 #2: 1 node, so 1 replica)', () => {
    const d = byChart['vsphere-storage'].find((o) => o.kind === 'Deployment' && o.metadata.name === 'vsphere-csi-controller');
    expect(d.spec.replicas).toBe(1);
  });

  test('holds the CCM, CSI, StorageClass and VolumeSnapshotClass under their upstream names, CCM before CSI', () => {
    const storage = ids(byChart['vsphere-storage']);
    for (const id of [
      'ConfigMap/kube-system/vsphere-cloud-config',
      'ServiceAccount/kube-system/cloud-controller-manager',
      'ClusterRole/system:cloud-controller-manager',
      'DaemonSet/kube-system/vsphere-cloud-controller-manager',
      'Namespace/vmware-system-csi',
      'CSIDriver/csi.vsphere.vmware.com',
      'Deployment/vmware-system-csi/vsphere-csi-controller',
      'DaemonSet/vmware-system-csi/vsphere-csi-node',
      'Service/vmware-system-csi/vsphere-csi-controller',
      'ConfigMap/vmware-system-csi/internal-feature-states.csi.vsphere.vmware.com',
      'StorageClass/vsphere-block',
      'VolumeSnapshotClass/vsphere-csi-snapshot-class',
    ]) {
      expect(storage).toContain(id);
    }
    expect(storage.indexOf('DaemonSet/kube-system/vsphere-cloud-controller-manager')).toBeLessThan(
      storage.indexOf('Namespace/vmware-system-csi'),
    );
    expect(storage.indexOf('Namespace/vmware-system-csi')).toBeLessThan(
      storage.indexOf('Deployment/vmware-system-csi/vsphere-csi-controller'),
    );
    // existing-secret mode: no credential Secret in the reviewed manifests
    expect(storage.filter((i) => i.startsWith('Secret/'))).toEqual([]);
    const cm = byChart['vsphere-storage'].find((o) => o.metadata.name === 'vsphere-cloud-config');
    expect(parse(cm.data['vsphere.conf'])).toEqual(
      expect.objectContaining({
        global: expect.objectContaining({ secretName: 'vsphere-cloud-secret', secretNamespace: 'kube-system', port: 443 }),
      }),
    );
    const ccm = byChart['vsphere-storage'].find((o) => o.kind === 'DaemonSet' && o.metadata.name === 'vsphere-cloud-controller-manager');
    expect(ccm.spec.template.spec.containers[0].image).toBe('registry.k8s.io/cloud-pv-vsphere/cloud-provider-vsphere:v1.33.1');
  });

  test('holds tier references, a ClusterGroup, ClusterNetworkPolicies, an Egress with its ExternalIPPool and a NodePortLocal Service', () => {
    const net = byChart['antrea-networking'];
    const cnps = net.filter((o) => o.kind === 'ClusterNetworkPolicy');
    expect(cnps.map((c) => [c.metadata.name, c.spec.tier])).toEqual([
      ['allow-kube-dns', 'securityops'],
      ['baseline-namespace-isolation', 'baseline'],
    ]);
    expect(ids(net)).toEqual(
      expect.arrayContaining(['ClusterGroup/kube-dns', 'ExternalIPPool/prod-external-ip-pool', 'Egress/egress-prod-web']),
    );
    // Antrea is installed by KubeKey's Helm addon, which owns antrea-config: the stack emits the Helm values instead
    expect(ids(net)).not.toContain('ConfigMap/kube-system/antrea-config');
    expect(net.find((o) => o.kind === 'Egress').spec).toEqual({
      appliedTo: { podSelector: { matchLabels: { role: 'web' } }, namespaceSelector: { matchLabels: { env: 'prod' } } },
      egressIP: '10.10.0.8',
      externalIPPool: 'prod-external-ip-pool',
    });
    for (const o of net) expect(o.apiVersion === 'v1' || o.apiVersion === 'crd.antrea.io/v1beta1').toBe(true);
    const svc = byChart['demo-workload'].find((o) => o.kind === 'Service');
    expect(svc.metadata.annotations).toEqual({ 'nodeportlocal.antrea.io/enabled': 'true' });
    expect(svc.spec.type).toBe('ClusterIP');
  });

  test('the platform: namespace with Pod Security labels and the baseline isolation label, quota, limits, default deny', () => {
    const plat = byChart['cluster-platform'];
    const ns = plat.find((o) => o.kind === 'Namespace');
    expect(ns.metadata.labels).toEqual(
      expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted', 'networking.vsphere-k8s.io/isolation': 'baseline' }),
    );
    expect(ids(plat)).toEqual(
      expect.arrayContaining([
        'ResourceQuota/demo-apps/default-quota',
        'LimitRange/demo-apps/default-limits',
        'NetworkPolicy/demo-apps/default-deny-ingress',
      ]),
    );
  });

  test('writes the KubeKey config outside the manifests folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ref-'));
    try {
      const { app } = build();
      const r = synthesize(app, { manifestsDir: path.join(dir, 'manifests'), extrasDir: path.join(dir, 'extra') });
      expect(r.manifestFiles.every((f) => f.startsWith(path.join(dir, 'manifests')))).toBe(true);
      const kk = parse(readFileSync(path.join(dir, 'extra', 'kubekey', 'cluster.yaml'), 'utf8'));
      expect(kk.apiVersion).toBe('kubekey.kubesphere.io/v1alpha2');
      expect(kk.kind).toBe('Cluster');
      expect(kk.spec.network.plugin).toBe('none');
      expect(kk.spec.kubernetes.version).toBe('v1.33.4');
      expect(kk.spec.kubernetes.kubeletArgs).toEqual(['--cloud-provider=external']);
      expect(kk.spec.roleGroups).toEqual({
        etcd: ['control-plane-1'],
        'control-plane': ['control-plane-1'],
        worker: ['worker-1', 'worker-2'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the reference stack with NodePortLocal off', () => {
  test('the demo Service is a plain ClusterIP Service and synthesis succeeds', () => {
    const app = new App();
    new KubernetesOnVsphere(app, 'demo', {
      config: parseSolutionConfig('antrea:\n  nodePortLocal:\n    enable: false\n', 'config.yaml', { env: {} }),
    });
    const objs = synthCharts(app).flatMap((c) => c.objects);
    const svc = objs.find((o: any) => o.kind === 'Service' && o.metadata.name === 'nginx') as any;
    expect(svc.metadata.annotations).toBeUndefined();
    expect(validateManifests(objs).problems).toEqual([]);
  });
});
