import { Chart, Testing } from 'cdk8s';
import { SnapshotController } from '../../lib/vsphere/snapshot-controller';
import { VsphereVolumeSnapshotClass } from '../../lib/vsphere/volume-snapshot-class';
import { findObject, synthValid } from '../helpers';

function chart(): Chart {
  return new Chart(Testing.app(), 'snap', { disableResourceNameHashes: true });
}

describe('SnapshotController (issue 11 #3: the snapshot CRDs and controller are installed)', () => {
  test('installs the three snapshot.storage.k8s.io CRDs, RBAC and the controller, pinned, on control-plane nodes', () => {
    const c = chart();
    new SnapshotController(c, 'Snap');
    const objs = synthValid(c);
    const crds = objs.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata?.name);
    expect(crds.sort()).toEqual([
      'volumesnapshotclasses.snapshot.storage.k8s.io',
      'volumesnapshotcontents.snapshot.storage.k8s.io',
      'volumesnapshots.snapshot.storage.k8s.io',
    ]);
    for (const crd of objs.filter((o) => o.kind === 'CustomResourceDefinition') as any[]) {
      expect(crd.metadata.namespace).toBeUndefined();
      const served = crd.spec.versions.filter((v: any) => v.served).map((v: any) => v.name);
      expect(served).toEqual(['v1']);
    }
    const d = findObject(objs, 'Deployment', 'snapshot-controller', 'kube-system');
    expect(d.spec.template.spec.containers[0].image).toBe('registry.k8s.io/sig-storage/snapshot-controller:v8.2.0');
    expect(d.spec.template.spec.containers[0].args).toEqual(['--v=5', '--leader-election=true']);
    expect(d.spec.template.spec.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(d.spec.template.spec.tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(findObject(objs, 'ClusterRoleBinding', 'snapshot-controller-role').roleRef.name).toBe('snapshot-controller-runner');
    const runner = findObject(objs, 'ClusterRole', 'snapshot-controller-runner');
    expect(runner.rules).toContainEqual({
      apiGroups: ['snapshot.storage.k8s.io'],
      resources: ['volumesnapshotcontents'],
      verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'],
    });
    findObject(objs, 'RoleBinding', 'snapshot-controller-leaderelection', 'kube-system');
    // CRDs and RBAC before the controller
    const order = objs.map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(order.indexOf('Deployment/snapshot-controller')).toBe(order.length - 1);
  });

  test('installCrds: false leaves the CRDs out; a snapshot class can be ordered after the controller', () => {
    const c = chart();
    const sc = new SnapshotController(c, 'Snap', { installCrds: false, controlPlaneOnly: false, replicas: 1 });
    new VsphereVolumeSnapshotClass(c, 'Class', { dependsOn: [sc] });
    const objs = synthValid(c);
    expect(objs.filter((o) => o.kind === 'CustomResourceDefinition')).toEqual([]);
    const d = findObject(objs, 'Deployment', 'snapshot-controller', 'kube-system');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.nodeSelector).toBeUndefined();
  });

  test.each([
    [{ replicas: 0 }, '[snap/S] replicas: got 0, expected an integer from 1 to 10'],
    [{ version: 'v7.0.1' }, '[snap/S] version: got "v7.0.1", expected a snapshot-controller v8 release tag such as v8.2.0'],
  ])('refuses %j', (props, message) => {
    expect(() => new SnapshotController(chart(), 'S', props)).toThrow(message);
  });
});
