import * as pulumi from '@pulumi/pulumi';
import { installMocks, programConfig, Recorder, SECRET_PASSWORD, SECRET_USERNAME, settle, valueOf } from './program-mocks';

describe('Pulumi program (pulumi/program.ts) under mocks', () => {
  let rec: Recorder;
  let outputs: import('../../pulumi/program').ProgramOutputs;

  beforeAll(async () => {
    rec = await installMocks(programConfig());
    const { runProgram } = await import('../../pulumi/program');
    outputs = runProgram({ env: {} });
    await valueOf(pulumi.all([outputs.nodeIps, outputs.providerIds, outputs.kubeKeyConfig]));
    await settle();
  });

  test('the mock recorded the provider, the node VMs and the Kubernetes objects', () => {
    const types = rec.resources.map((r) => r.type);
    expect(types.filter((t) => t === 'pulumi:providers:vsphere')).toHaveLength(1);
    expect(types.filter((t) => t === 'vsphere-k8s:vsphere:NodePool')).toHaveLength(2);
    expect(types.filter((t) => t === 'vsphere:index/virtualMachine:VirtualMachine')).toHaveLength(3);
    expect(types.filter((t) => t.startsWith('kubernetes:')).length).toBeGreaterThan(30);
    expect(outputs.phase).toBe('platform');
  });

  test('registers the control-plane and worker VMs with pvscsi, disk UUID, hardware version 15 and a cluster-prefixed name', () => {
    const vms = rec.resources.filter((r) => r.type === 'vsphere:index/virtualMachine:VirtualMachine');
    expect(vms.map((v) => v.inputs.name).sort()).toEqual(['prod-east-control-plane-1', 'prod-east-worker-1', 'prod-east-worker-2']);
    for (const vm of vms) {
      expect(vm.inputs.scsiType).toBe('pvscsi');
      expect(vm.inputs.enableDiskUuid).toBe(true);
      expect(vm.inputs).not.toHaveProperty('extraConfig'); // enableDiskUuid sets disk.EnableUUID; no duplicate VMX key
      expect(vm.inputs.hardwareVersion).toBe(15);
      expect(vm.inputs.clone.templateUuid).toBe('tmpl-ubuntu-2204-kube-template');
      expect(vm.inputs.resourcePoolId).toBe('resgroup-Cluster01');
    }
  });

  test('exports node IPs, providerIDs and a KubeKey config with those IPs; no secret in any output', async () => {
    expect(await valueOf(outputs.nodeIps)).toEqual({
      'control-plane-1': '172.16.0.11',
      'worker-1': '172.16.0.21',
      'worker-2': '172.16.0.22',
    });
    const ids = await valueOf(outputs.providerIds);
    expect(Object.values(ids).every((id) => /^vsphere:\/\/4211\d{4}-0000-0000-0000-000000000000$/.test(id))).toBe(true);
    const kk = await valueOf(outputs.kubeKeyConfig);
    expect(kk).toContain('internalAddress: "172.16.0.21"');
    const all = JSON.stringify([await valueOf(outputs.nodeIps), ids, kk, outputs.kubernetesResources]);
    expect(all).not.toContain(SECRET_PASSWORD);
    expect(all).not.toContain(SECRET_USERNAME);
  });

  test('the vCenter credentials are registered as secrets on the provider and in the Secrets', () => {
    const provider = rec.resources.find((r) => r.type === 'pulumi:providers:vsphere')!;
    for (const key of ['user', 'password'])
      expect(provider.inputs[key][pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
    const secrets = rec.resources.filter((r) => r.type === 'kubernetes:core/v1:Secret');
    expect(secrets.map((s) => s.name).sort()).toEqual([
      'v1:Secret:kube-system/vsphere-cloud-secret',
      'v1:Secret:vmware-system-csi/vsphere-config-secret',
    ]);
    for (const s of secrets) expect(s.inputs.data[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);
    // no resource name, and no non-secret input, holds a credential
    for (const r of rec.resources) {
      expect(r.name).not.toContain(SECRET_PASSWORD);
      const plain = JSON.stringify(r.inputs, (k, v) =>
        v && v[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? '[secret]' : v,
      );
      expect(plain).not.toContain('S3ntinel');
    }
  });

  test('Kubernetes objects go through the cluster provider (which depends on the node VMs) in dependency order', () => {
    const k8sObjects = rec.resources.filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes');
    for (const o of k8sObjects) expect(o.provider).toMatch(/pulumi:providers:kubernetes::cluster::/);
    const names = outputs.kubernetesResources;
    const idx = (n: string) => names.indexOf(n);
    expect(idx('v1:Namespace:vmware-system-csi')).toBeLessThan(idx('v1:Secret:vmware-system-csi/vsphere-config-secret'));
    expect(idx('apps/v1:DaemonSet:kube-system/vsphere-cloud-controller-manager')).toBeLessThan(
      idx('apps/v1:Deployment:vmware-system-csi/vsphere-csi-controller'),
    );
  });
});

describe('Pulumi program, infrastructure phase (no kubeconfig yet)', () => {
  test('creates only the VMs and outputs the KubeKey config', async () => {
    jest.resetModules();
    const cfg = programConfig();
    delete cfg['vsphere-k8s:kubeconfig'];
    const rec = await installMocks(cfg);
    const { runProgram } = await import('../../pulumi/program');
    const outputs = runProgram({ env: {} });
    await valueOf(outputs.kubeKeyConfig);
    await settle();
    expect(outputs.phase).toBe('infrastructure');
    expect(rec.resources.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
    expect(rec.resources.filter((r) => r.type === 'vsphere:index/virtualMachine:VirtualMachine')).toHaveLength(3);
  });
});
