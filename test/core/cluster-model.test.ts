import { App, Chart, Testing } from 'cdk8s';
import { ClusterModel, kubeadmNodeGroup } from '../../lib/core/cluster-model';
import { declareSnapshotCrdsInstalled } from '../../lib/vsphere/snapshot-controller';

const group = (name: string, count = 1) => kubeadmNodeGroup({ name, controlPlane: false, count });

describe('ClusterModel', () => {
  test('one model per App, found from any construct of it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    expect(ClusterModel.find(chart)).toBeUndefined();
    const m = ClusterModel.of(chart);
    expect(ClusterModel.of(app)).toBe(m);
    expect(ClusterModel.find(new Chart(app, 'd'))).toBe(m);
    expect(m.facts().nodeGroups).toBeUndefined(); // nothing known: scheduling is not checked
  });

  test('kubeadm node groups: control plane labelled and tainted unless schedulable, workers labelled', () => {
    expect(kubeadmNodeGroup({ name: 'cp', controlPlane: true, count: 3 })).toEqual({
      name: 'cp',
      count: 3,
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node-role.kubernetes.io/control-plane': '' },
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    expect(kubeadmNodeGroup({ name: 'cp', controlPlane: true, count: 1, schedulable: true }).taints).toEqual([]);
    expect(group('w').labels['node-role.kubernetes.io/worker']).toBe('');
  });

  test('declareSnapshotCrdsInstalled declares the three snapshot kinds', () => {
    const app = Testing.app();
    declareSnapshotCrdsInstalled(app, 'the cluster');
    expect(
      ClusterModel.find(app)!
        .facts()
        .prerequisiteCrds!.map((c) => c.crd)
        .sort(),
    ).toEqual([
      'snapshot.storage.k8s.io/VolumeSnapshot',
      'snapshot.storage.k8s.io/VolumeSnapshotClass',
      'snapshot.storage.k8s.io/VolumeSnapshotContent',
    ]);
  });

  test('a whole group can be declared as <group>/*', () => {
    const app = Testing.app();
    ClusterModel.of(app).addPrerequisiteCrd('crd.antrea.io/*', 'Antrea');
    expect(ClusterModel.find(app)!.facts().prerequisiteCrds).toEqual([{ crd: 'crd.antrea.io/*', providedBy: 'Antrea' }]);
  });

  describe('refuses', () => {
    const model = (): ClusterModel => ClusterModel.of(new App({ outdir: 'unused' }));

    test('a CRD reference that is not <group>/<Kind>', () => {
      expect(() => model().addPrerequisiteCrd('servicemonitors.monitoring.coreos.com', 'x')).toThrow(
        '[ClusterModel] prerequisiteCrds: got "servicemonitors.monitoring.coreos.com", expected a CRD as <group>/<Kind> (or <group>/* for a whole group)',
      );
    });

    test('two Kubernetes versions in one App', () => {
      const m = model();
      m.setKubernetesVersion('v1.33.4');
      m.setKubernetesVersion('v1.33.4');
      expect(() => m.setKubernetesVersion('v1.34.1')).toThrow(
        '[ClusterModel] kubernetesVersion: got "v1.34.1", expected v1.33.4, the version already recorded for this App (one cluster per App)',
      );
    });

    test('a node group with a negative or fractional count, and a duplicate group name', () => {
      const m = model();
      expect(() => m.addNodeGroup(group('w', -1))).toThrow('[ClusterModel] nodeGroups.w.count: got -1, expected an integer of at least 0');
      expect(() => m.addNodeGroup(group('w', 1.5))).toThrow(
        '[ClusterModel] nodeGroups.w.count: got 1.5, expected an integer of at least 0',
      );
      m.addNodeGroup(group('w'));
      expect(() => m.addNodeGroup(group('w'))).toThrow('[ClusterModel] nodeGroups: got "w", expected a node group name not already added');
    });

    test('a model created anywhere but at the App root under its own id', () => {
      const app = new App({ outdir: 'unused' });
      expect(() => new ClusterModel(new Chart(app, 'c'), 'ClusterModel')).toThrow(
        '[c/ClusterModel] id: got "ClusterModel", expected "ClusterModel" directly under the App (use ClusterModel.of(scope))',
      );
      expect(() => new ClusterModel(app, 'Other')).toThrow('[Other] id: got "Other", expected "ClusterModel" directly under the App');
    });
  });
});
