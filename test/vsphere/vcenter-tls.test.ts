import { App, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ClusterModel } from '../../lib/core/cluster-model';
import { ExtraFile } from '../../lib/core/extra-file';
import { warningsOf } from '../../lib/core/secret-value';
import { CloudControllerManager } from '../../lib/vsphere/cloud-controller-manager';
import { VsphereCredentials } from '../../lib/vsphere/credentials';
import { ClusterId } from '../../lib/vsphere/csi-config';
import { CsiDriver } from '../../lib/vsphere/csi-driver';
import { findObject, synthValid } from '../helpers';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBszCCAVmgAwIBAgIUAbCdEf0123456789abcdefABCDEFGHIJ',
  'KLMNOPQRSTUVWXYZ+/=',
  '-----END CERTIFICATE-----',
].join('\n');

function stack(vc: Record<string, unknown>, credentials = VsphereCredentials.fromExistingSecret()): { app: App; chart: Chart } {
  const app = Testing.app();
  const chart = new Chart(app, 'storage', { disableResourceNameHashes: true });
  const vcenters = [Object.assign({ server: 'vc.example.internal', datacenters: ['dc1'] }, vc)];
  const ccm = new CloudControllerManager(chart, 'Ccm', { vcenters, kubernetesVersion: 'v1.33.4', credentials });
  new CsiDriver(chart, 'Csi', {
    vcenters,
    kubernetesVersion: 'v1.33.4',
    clusterId: ClusterId.of('prod'),
    credentials,
    cloudControllerManager: ccm,
  });
  return { app, chart };
}

describe('vCenter CA certificate (issue 11 #4: the CA file a config names is shipped where it is mounted)', () => {
  test('the CCM ConfigMap mounted at /etc/cloud carries the PEM, and vsphere.conf points at it', () => {
    const { chart } = stack({ caCertificate: PEM });
    const objs = synthValid(chart);
    const cm = findObject(objs, 'ConfigMap', 'vsphere-cloud-config', 'kube-system');
    expect(cm.data['vcenter-0-ca.pem']).toBe(`${PEM}\n`);
    expect(parse(cm.data['vsphere.conf']).vcenter['vc.example.internal'].caFile).toBe('/etc/cloud/vcenter-0-ca.pem');
    const ds = findObject(objs, 'DaemonSet', 'vsphere-cloud-controller-manager', 'kube-system');
    expect(ds.spec.template.spec.volumes).toEqual([{ name: expect.any(String), configMap: { name: 'vsphere-cloud-config' } }]);
    expect(ds.spec.template.spec.containers[0].volumeMounts[0].mountPath).toBe('/etc/cloud');
  });

  test('existing-secret mode: create-secrets.sh adds the PEM (an extra file next to it) to the CSI config Secret', () => {
    const { app } = stack({ caCertificate: PEM });
    const extras = new Map(ExtraFile.collect(app).map((f) => [f.path, f.content]));
    expect(extras.get('vsphere/vcenter-0-ca.pem')).toBe(`${PEM}\n`);
    expect(extras.get('vsphere/create-secrets.sh')).toContain(`--from-file='vcenter-0-ca.pem'="$here/vcenter-0-ca.pem"`);
    expect(extras.get('vsphere/csi-vsphere.conf.template')).toMatch(/ca-file\s*=\s*"?\/etc\/cloud\/vcenter-0-ca\.pem"?/);
    // the preflight knows the Secret (made by the script) holds both keys
    const secret = ClusterModel.find(app)!
      .facts()
      .externalObjects!.find((o) => o.kind === 'Secret' && o.name === 'vsphere-config-secret');
    expect(secret?.keys).toEqual(['csi-vsphere.conf', 'vcenter-0-ca.pem']);
  });

  test('deploy-time mode: the CSI config Secret object holds the PEM under the key ca-file names', () => {
    const { chart } = stack({ caCertificate: PEM }, VsphereCredentials.fromDeployTimeSecrets());
    const secret = findObject(synthValid(chart), 'Secret', 'vsphere-config-secret', 'vmware-system-csi');
    expect(secret.stringData['vcenter-0-ca.pem']).toBe(`${PEM}\n`);
    expect(secret.stringData['csi-vsphere.conf']).toMatch(/ca-file\s*=\s*"?\/etc\/cloud\/vcenter-0-ca\.pem"?/);
  });

  test('the CCM and the CSI controller declare the files they open, for the preflight', () => {
    const { app } = stack({ caCertificate: PEM });
    const files = ClusterModel.find(app)!
      .fileRequirements()
      .map((f) => `${f.workload.kind}/${f.workload.name}:${f.container}:${f.path}`);
    expect(files).toEqual([
      'DaemonSet/vsphere-cloud-controller-manager:vsphere-cloud-controller-manager:/etc/cloud/vsphere.conf',
      'DaemonSet/vsphere-cloud-controller-manager:vsphere-cloud-controller-manager:/etc/cloud/vcenter-0-ca.pem',
      'Deployment/vsphere-csi-controller:vsphere-csi-controller:/etc/cloud/csi-vsphere.conf',
      'Deployment/vsphere-csi-controller:vsphere-csi-controller:/etc/cloud/vcenter-0-ca.pem',
      'Deployment/vsphere-csi-controller:vsphere-syncer:/etc/cloud/csi-vsphere.conf',
      'Deployment/vsphere-csi-controller:vsphere-syncer:/etc/cloud/vcenter-0-ca.pem',
    ]);
  });

  test.each([
    [{ caCertificate: 'not a pem' }, /vcenters\[0\]\.caCertificate: got "not a pem", expected PEM text of one or more certificates/],
    [
      { caCertificate: PEM, caFile: '/etc/cloud/x.pem' },
      /vcenters\[0\]\.caFile: got "\/etc\/cloud\/x.pem", expected no caFile when caCertificate is set/,
    ],
    [
      { caCertificate: PEM, insecure: true },
      /vcenters\[0\]\.insecure: got true, expected false when thumbprint, caCertificate or caFile is set/,
    ],
    [
      { caCertificate: PEM, thumbprint: Array(20).fill('0a').join(':') },
      /vcenters\[0\]\.thumbprint: got "0a(:0a){19}", expected either thumbprint or caCertificate, not both/,
    ],
  ])('refuses %j', (vc, message) => {
    expect(() => stack(vc)).toThrow(message);
  });
});

describe('vCenter TLS default (issue 11 #5: verifying against the system pool only is warned about)', () => {
  test('no CA, thumbprint or insecure: one warning per vCenter naming the three options', () => {
    const { app } = stack({});
    const w = warningsOf(app).filter((x) => x.includes('system CA pool'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('vCenter vc.example.internal');
    expect(w[0]).toContain('Set caCertificate (the VMCA root PEM, recommended), thumbprint, or insecure: true (lab only)');
  });

  test.each([[{ caCertificate: PEM }], [{ thumbprint: Array(20).fill('0a').join(':') }], [{ insecure: true }]])(
    'no warning with %j',
    (vc) => {
      const { app } = stack(vc);
      expect(warningsOf(app).filter((x) => x.includes('system CA pool'))).toEqual([]);
    },
  );
});
