import { App, Chart, Testing } from 'cdk8s';
import { ExtraFile } from '../../lib/core/extra-file';
import { nonTlsWarnings } from '../helpers';
import { ManifestObject } from '../../lib/core/validation';
import { CloudControllerManager } from '../../lib/vsphere/cloud-controller-manager';
import { VsphereCredentials } from '../../lib/vsphere/credentials';
import { ClusterId, NetPermissionAccess } from '../../lib/vsphere/csi-config';
import { CsiDriver, CsiDriverProps } from '../../lib/vsphere/csi-driver';
import { findObject, synthValid } from '../helpers';
import { gcfgValue, parseGcfg } from './gcfg-parser';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

const VC = { server: 'vc.example.com', datacenters: ['dc1'] };
const NS = 'vmware-system-csi';

function base(p: Partial<CsiDriverProps> = {}): CsiDriverProps {
  return { vcenters: [VC], clusterId: ClusterId.of('prod-east'), kubernetesVersion: '1.33', ...p };
}

function synth(p: Partial<CsiDriverProps> = {}): { chart: Chart; csi: CsiDriver; objects: ManifestObject[] } {
  const chart = Testing.chart();
  const csi = new CsiDriver(chart, 'Csi', base(p));
  return { chart, csi, objects: synthValid(chart) };
}

function make(p: Partial<CsiDriverProps>): () => CsiDriver {
  return () => new CsiDriver(Testing.chart(), 'Csi', base(p));
}

describe('CsiDriver objects', () => {
  test('Namespace first, then the config Secret, then the driver objects (composed CsiDriverManifest)', () => {
    const { objects, csi } = synth({ credentials: VsphereCredentials.fromDeployTimeSecrets() });
    expect(objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });
    const secretAt = objects.findIndex((o) => o.kind === 'Secret');
    expect(secretAt).toBe(1);
    const secret = objects[secretAt] as any;
    expect(secret.metadata).toEqual({ name: 'vsphere-config-secret', namespace: NS });
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.stringData)).toEqual(['csi-vsphere.conf']);
    expect(secret.stringData['csi-vsphere.conf']).toBe(csi.configFile);
    // B's objects, all after the Namespace and the Secret
    const controller = findObject(objects, 'Deployment', 'vsphere-csi-controller', NS);
    expect(controller.spec.template.spec.volumes).toContainEqual({
      name: 'vsphere-config-volume',
      secret: { secretName: 'vsphere-config-secret' },
    });
    findObject(objects, 'DaemonSet', 'vsphere-csi-node', NS);
    findObject(objects, 'CSIDriver', 'csi.vsphere.vmware.com');
    expect(objects.filter((o) => o.kind === 'DaemonSet').map((o) => o.metadata!.name)).toEqual(['vsphere-csi-node']);
    expect(csi.version).toBe('3.7.3');
    expect(csi.manifest.namespace).toBe(NS);
  });

  test('the config Secret holds the exact INI', () => {
    const { objects } = synth({
      credentials: VsphereCredentials.fromDeployTimeSecrets(),
      netPermissions: [{ name: 'clients', ips: '10.0.0.0/24', permissions: NetPermissionAccess.READ_WRITE }],
      snapshot: { globalMaxSnapshotsPerBlockVolume: 4 },
    });
    expect(findObject(objects, 'Secret', 'vsphere-config-secret', NS).stringData['csi-vsphere.conf']).toBe(
      [
        '[Global]',
        'cluster-id = "prod-east"',
        '',
        '[VirtualCenter "vc.example.com"]',
        'insecure-flag = "false"',
        'user = "${secret:vsphere-username:gcfg}"',
        'password = "${secret:vsphere-password:gcfg}"',
        'port = "443"',
        'datacenters = "dc1"',
        '',
        '[NetPermissions "clients"]',
        'ips = "10.0.0.0/24"',
        'permissions = "READ_WRITE"',
        'rootsquash = "false"',
        '',
        '[Snapshot]',
        'global-max-snapshots-per-block-volume = "4"',
        '',
      ].join('\n'),
    );
  });

  test('topology categories turn on the provisioner topology flags; windows adds the Windows DaemonSet', () => {
    const { objects } = synth({
      vcenters: [VC, { server: '10.0.0.2', datacenters: ['dc2'] }],
      topologyCategories: ['k8s-region', 'k8s-zone'],
      windows: true,
      controllerReplicas: 2,
      credentials: VsphereCredentials.fromDeployTimeSecrets(),
    });
    const controller = findObject(objects, 'Deployment', 'vsphere-csi-controller', NS);
    expect(controller.spec.replicas).toBe(2);
    const provisioner = controller.spec.template.spec.containers.find((c: any) => c.name === 'csi-provisioner');
    expect(provisioner.args).toEqual(expect.arrayContaining(['--feature-gates=Topology=true', '--strict-topology']));
    findObject(objects, 'DaemonSet', 'vsphere-csi-node-windows', NS);
    const conf = parseGcfg(findObject(objects, 'Secret', 'vsphere-config-secret', NS).stringData['csi-vsphere.conf']);
    expect(gcfgValue(conf, 'Labels', '', 'topology-categories')).toBe('k8s-region,k8s-zone');
    expect([...conf.get('virtualcenter')!.keys()]).toEqual(['vc.example.com', '10.0.0.2']);
  });

  test('form (a): no Secret object; the template is an extra file and the Namespace still comes first', () => {
    const { objects, chart, csi } = synth();
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(objects[0].kind).toBe('Namespace');
    const files = ExtraFile.collect(chart.node.root as App);
    expect(files.map((f) => f.path)).toEqual(['vsphere/create-secrets.sh', 'vsphere/csi-vsphere.conf.template']);
    expect(files[1].content).toBe(csi.configFile);
  });

  test('depends on the cloud-controller-manager: every CCM object comes before every CSI object', () => {
    const chart = Testing.chart();
    const ccm = new CloudControllerManager(chart, 'Ccm', {
      vcenters: [VC],
      kubernetesVersion: 'v1.33.2',
      credentials: VsphereCredentials.fromDeployTimeSecrets(),
    });
    const csi = new CsiDriver(chart, 'Csi', base({ credentials: VsphereCredentials.fromDeployTimeSecrets(), cloudControllerManager: ccm }));
    expect(csi.node.dependencies).toEqual([ccm]);
    const objects = synthValid(chart);
    const isCcm = (o: ManifestObject): boolean =>
      o.metadata?.namespace === 'kube-system' || String(o.metadata?.name).includes('cloud-controller-manager');
    const lastCcm = Math.max(...objects.map((o, i) => (isCcm(o) ? i : -1)));
    expect(objects.filter(isCcm)).toHaveLength(7);
    expect(objects[lastCcm + 1]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } },
    });
    expect(objects.slice(lastCcm + 1).some(isCcm)).toBe(false);
  });

  test('a CCM in another chart makes the CSI chart depend on the CCM chart', () => {
    const app = Testing.app();
    const infra = new Chart(app, 'infra');
    const storage = new Chart(app, 'storage');
    const ccm = new CloudControllerManager(infra, 'Ccm', { vcenters: [VC], kubernetesVersion: '1.33' });
    new CsiDriver(storage, 'Csi', base({ cloudControllerManager: ccm }));
    app.synthYaml();
    expect(storage.node.dependencies).toContain(infra);
  });

  test('a plaintext password is rendered only with unsafePlainText, and warns', () => {
    const { chart, objects } = synth({
      credentials: VsphereCredentials.unsafePlainText({ username: 'k8s@vsphere.local', password: 'p;w#"x\\' }),
    });
    const conf = parseGcfg(findObject(objects, 'Secret', 'vsphere-config-secret', NS).stringData['csi-vsphere.conf']);
    expect(gcfgValue(conf, 'VirtualCenter', 'vc.example.com', 'password')).toBe('p;w#"x\\');
    expect(nonTlsWarnings(chart)).toHaveLength(1);
  });
});

describe('CsiDriver cluster-id safety', () => {
  test('the well-known default cluster id warns', () => {
    const { chart } = synth({ clusterId: ClusterId.of('kubernetes-cluster-id') });
    expect(nonTlsWarnings(chart)).toEqual([
      '[test/Csi] clusterId "kubernetes-cluster-id" is the well-known example value; the same cluster-id on two clusters of one vCenter corrupts volumes: use a unique id or ClusterId.generatedByDriver()',
    ]);
  });

  test('the same cluster id on the same vCenter twice in one App fails at synth', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new CsiDriver(a, 'Csi', base({ credentials: VsphereCredentials.fromDeployTimeSecrets() }));
    new CsiDriver(
      b,
      'Csi',
      base({ vcenters: [{ server: 'VC.example.com', datacenters: ['x'] }], credentials: VsphereCredentials.fromDeployTimeSecrets() }),
    );
    expect(() => app.synthYaml()).toThrow(
      /Validation failed with the following errors:\n {2}\[b\/Csi\] clusterId: got "prod-east", expected a cluster id not used by a\/Csi on the same vCenter VC\.example\.com \(the same cluster-id on two clusters of one vCenter corrupts volumes\)/,
    );
  });

  test('the same cluster id on different vCenters, or generated ids, are fine', () => {
    const app = Testing.app();
    new CsiDriver(new Chart(app, 'a'), 'Csi', base({ credentials: VsphereCredentials.fromDeployTimeSecrets() }));
    new CsiDriver(
      new Chart(app, 'b'),
      'Csi',
      base({ vcenters: [{ server: 'vc2.example.com', datacenters: ['x'] }], credentials: VsphereCredentials.fromDeployTimeSecrets() }),
    );
    new CsiDriver(
      new Chart(app, 'c'),
      'Csi',
      base({ clusterId: ClusterId.generatedByDriver(), credentials: VsphereCredentials.fromDeployTimeSecrets() }),
    );
    new CsiDriver(
      new Chart(app, 'd'),
      'Csi',
      base({ clusterId: ClusterId.generatedByDriver(), credentials: VsphereCredentials.fromDeployTimeSecrets() }),
    );
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('CsiDriver validation', () => {
  test('empty datacenters fail', () => {
    expect(make({ vcenters: [{ server: 'vc.example.com', datacenters: [] }] })).toThrow(
      /\[test\/Csi\] vcenters\[0\]\.datacenters: got \[\], expected a non-empty list of datacenter names/,
    );
  });

  test('a server that is not a host name or IP fails', () => {
    expect(make({ vcenters: [{ server: 'https://vc', datacenters: ['dc'] }] })).toThrow(
      /\[test\/Csi\] vcenters\[0\]\.server: got "https:\/\/vc", expected a vCenter host name \(RFC 1123, e\.g\. vcenter\.example\.internal\) or an IPv4\/IPv6 address, without scheme or port/,
    );
  });

  test('6 vCenters fail', () => {
    const vcenters = Array.from({ length: 6 }, (_, i) => ({ server: `10.0.0.${i + 1}`, datacenters: ['dc'] }));
    expect(make({ vcenters, topologyCategories: ['k8s-zone'] })).toThrow(/\[test\/Csi\] vcenters: got \[.*\], expected at most 5 vCenters/);
  });

  test('2 vCenters without topology categories fail', () => {
    expect(make({ vcenters: [VC, { server: '10.0.0.2', datacenters: ['dc'] }] })).toThrow(
      /\[test\/Csi\] topologyCategories: got undefined, expected at least one tag category when more than one vCenter is configured \(got 2 vCenters\)/,
    );
  });

  test('bad NetPermissions fail', () => {
    expect(make({ netPermissions: [{ name: 'n', permissions: 'RW' as NetPermissionAccess }] })).toThrow(
      /\[test\/Csi\] netPermissions\[0\]\.permissions: got "RW", expected one of READ_WRITE, READ_ONLY, NO_ACCESS/,
    );
  });

  test('bad port fails', () => {
    expect(make({ vcenters: [{ ...VC, port: 70000 }] })).toThrow(
      /\[test\/Csi\] vcenters\[0\]\.port: got 70000, expected an integer from 1 to 65535/,
    );
  });

  test("a Kubernetes version outside the driver window fails (B's compatibility check)", () => {
    expect(make({ kubernetesVersion: '1.24' })).toThrow(
      /\[test\/Csi\] kubernetesVersion: got "1\.24", expected a Kubernetes minor from 1\.\d+ to 1\.\d+ \(supported by vSphere CSI driver 3\.7\.3\)/,
    );
  });

  test('an unknown driver version fails', () => {
    expect(make({ version: '9.9.9' })).toThrow(
      /\[test\/Csi\] version: got "9\.9\.9", expected a vSphere CSI driver version whose manifest this library models/,
    );
  });

  test('a vSphere version too old for snapshots or below the CNS minimum fails', () => {
    expect(make({ vsphereVersion: '6.7u2' })).toThrow(/\[test\/Csi\] vsphereVersion: got "6\.7u2", expected vSphere 6\.7U3 or later/);
    expect(make({ vsphereVersion: '7.0u2', snapshot: { globalMaxSnapshotsPerBlockVolume: 3 } })).toThrow(
      /\[test\/Csi\] vsphereVersion: got "7\.0u2", expected vSphere 7\.0U3 or later \(needed for volume-snapshots\)/,
    );
  });

  test('a CCM of another Kubernetes minor fails', () => {
    const chart = Testing.chart();
    const ccm = new CloudControllerManager(chart, 'Ccm', { vcenters: [VC], kubernetesVersion: '1.34' });
    expect(() => new CsiDriver(chart, 'Csi', base({ cloudControllerManager: ccm }))).toThrow(
      /\[test\/Csi\] kubernetesVersion: got "1\.33", expected the Kubernetes minor of the cloud-controller-manager test\/Ccm \(1\.34\)/,
    );
  });

  test('credentials that are not VsphereCredentials fail', () => {
    expect(make({ credentials: 'admin:secret' as unknown as VsphereCredentials })).toThrow(
      /\[test\/Csi\] credentials: got "admin:secret", expected a VsphereCredentials \(fromExistingSecret, fromDeployTimeSecrets or unsafePlainText\)/,
    );
  });
});

describe('substitution markers in CSI template values (issue 14: create-secrets.sh would replace them)', () => {
  test.each([
    ['a datacenter name', { datacenters: ['DC-${VSPHERE_PASSWORD}'] }, 'datacenters', '"DC-${VSPHERE_PASSWORD}"'],
    [
      'a thumbprint-free vCenter with a CA path holding a marker',
      { caFile: '/etc/${VSPHERE_USERNAME}' },
      'ca-file',
      '"/etc/${VSPHERE_USERNAME}"',
    ],
  ])('%s is refused (only the user and password entries hold markers)', (_, vc, key, shown) => {
    const build = () => {
      const chart = Testing.chart();
      new CsiDriver(chart, 'Csi', base({ vcenters: [Object.assign({ server: 'vc01.example.com', datacenters: ['DC1'] }, vc)] }));
      return Testing.synth(chart);
    };
    expect(build).toThrow(
      `csi-vsphere.conf [VirtualCenter "vc01.example.com"] ${key}: got ${shown}, expected a value without \${VSPHERE_USERNAME}, \${VSPHERE_PASSWORD} or \${secret:...}`,
    );
  });

  test('the markers stay in the user and password entries of the template', () => {
    const { chart } = synth();
    const template = ExtraFile.collect(chart.node.root).find((x) => x.path.endsWith('csi-vsphere.conf.template'))!;
    expect(template.content).toContain('user = "${VSPHERE_USERNAME}"');
    expect(template.content).toContain('password = "${VSPHERE_PASSWORD}"');
  });
});
