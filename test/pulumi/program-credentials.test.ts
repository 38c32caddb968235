import * as pulumi from '@pulumi/pulumi';
import { installMocks, PROJECT, programConfig, Recorder, SECRET_PASSWORD, settle, valueOf } from './program-mocks';

/** The vSphere provider the reference program registers: credentials and TLS verification. */
type RunProgram = typeof import('../../pulumi/program').runProgram;

async function program(config: Record<string, string>): Promise<{ rec: Recorder; runProgram: RunProgram }> {
  jest.resetModules();
  const rec = await installMocks(config);
  const { runProgram } = await import('../../pulumi/program');
  return { rec, runProgram };
}

/** Infrastructure phase (no kubeconfig), with `drop` keys removed and `extra` keys set. */
function infraConfig(drop: string[] = [], extra: Record<string, string> = {}): Record<string, string> {
  const cfg = programConfig(extra);
  for (const key of ['kubeconfig', ...drop]) delete cfg[`${PROJECT}:${key}`];
  return cfg;
}

async function providerInputs(rec: Recorder, outputs: ReturnType<RunProgram>): Promise<Record<string, any>> {
  await valueOf(outputs.kubeKeyConfig);
  await settle();
  const providers = rec.resources.filter((r) => r.type === 'pulumi:providers:vsphere');
  expect(providers).toHaveLength(1);
  return providers[0].inputs;
}

const secret = (value: string) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });

describe('the program refuses to register the vSphere provider with an empty credential', () => {
  test('no vspherePassword and no VSPHERE_PASSWORD: fails naming the config key (was: registered with password "")', async () => {
    const { rec, runProgram } = await program(infraConfig(['vspherePassword']));
    expect(() => runProgram({ env: {} })).toThrow(
      'pulumi config: vsphere-k8s:vspherePassword: got undefined, expected the vCenter password for the vSphere provider: ' +
        'set it with `pulumi config set --secret vspherePassword <password>` or in the environment variable VSPHERE_PASSWORD',
    );
    await settle();
    expect(rec.resources.filter((r) => r.type.startsWith('vsphere'))).toEqual([]);
  });

  test('an empty VSPHERE_PASSWORD counts as unset', async () => {
    const { runProgram } = await program(infraConfig(['vspherePassword']));
    expect(() => runProgram({ env: { VSPHERE_PASSWORD: '' } })).toThrow(/vsphere-k8s:vspherePassword: got undefined/);
  });

  test('vspherePassword set to "": fails naming the config key', async () => {
    const { runProgram } = await program(infraConfig([], { [`${PROJECT}:vspherePassword`]: '' }));
    expect(() => runProgram({ env: { VSPHERE_PASSWORD: 'from-env' } })).toThrow(
      'pulumi config: vsphere-k8s:vspherePassword: got "", expected the vCenter password for the vSphere provider: ' +
        'set it with `pulumi config set --secret vspherePassword <password>` (it is set but empty)',
    );
  });

  test('no vsphereUsername and no VSPHERE_USERNAME: fails naming the config key', async () => {
    const { runProgram } = await program(infraConfig(['vsphereUsername']));
    expect(() => runProgram({ env: {} })).toThrow(
      /^pulumi config: vsphere-k8s:vsphereUsername: got undefined, expected the vCenter user name for the vSphere provider: set it with `pulumi config set --secret vsphereUsername <user>` or in the environment variable VSPHERE_USERNAME$/,
    );
  });

  test('takes the password from VSPHERE_PASSWORD (as a secret) when the config has none', async () => {
    const { rec, runProgram } = await program(infraConfig(['vspherePassword']));
    const inputs = await providerInputs(rec, runProgram({ env: { VSPHERE_PASSWORD: 'env-S3cret' } }));
    expect(inputs.password).toEqual(secret('env-S3cret'));
  });

  test('the config secret wins over VSPHERE_PASSWORD', async () => {
    const { rec, runProgram } = await program(infraConfig());
    const inputs = await providerInputs(rec, runProgram({ env: { VSPHERE_PASSWORD: 'env-S3cret' } }));
    expect(inputs.password).toEqual(secret(SECRET_PASSWORD));
  });
});

describe('VSPHERE_ALLOW_UNVERIFIED_SSL, read as the provider reads it', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string>, string]> = [
    ['unset: TLS is verified', {}, {}, 'false'],
    ['"true" with no insecure in the config (was: ignored, always false)', { VSPHERE_ALLOW_UNVERIFIED_SSL: 'true' }, {}, 'true'],
    ['"1" (a Go boolean)', { VSPHERE_ALLOW_UNVERIFIED_SSL: '1' }, {}, 'true'],
    ['"F" (a Go boolean)', { VSPHERE_ALLOW_UNVERIFIED_SSL: 'F' }, {}, 'false'],
    [
      '"true" but the config sets vcenters[0].insecure: false (the explicit setting wins, as in the provider SDK)',
      { VSPHERE_ALLOW_UNVERIFIED_SSL: 'true' },
      { [`${PROJECT}:vcenters`]: JSON.stringify([{ server: 'vc.example.internal', datacenters: ['Datacenter01'], insecure: false }]) },
      'false',
    ],
    [
      'unset but the config sets vcenters[0].insecure: true',
      {},
      { [`${PROJECT}:vcenters`]: JSON.stringify([{ server: 'vc.example.internal', datacenters: ['Datacenter01'], insecure: true }]) },
      'true',
    ],
  ];
  test.each(cases)('%s', async (_title, env, extra, expected) => {
    const { rec, runProgram } = await program(infraConfig([], extra));
    const inputs = await providerInputs(rec, runProgram({ env }));
    expect(inputs.allowUnverifiedSsl).toBe(expected);
  });

  test('a value Go cannot parse as a boolean ("yes") fails naming the variable and the accepted values', async () => {
    const { runProgram } = await program(infraConfig());
    expect(() => runProgram({ env: { VSPHERE_ALLOW_UNVERIFIED_SSL: 'yes' } })).toThrow(
      '[pulumi program] environment variable VSPHERE_ALLOW_UNVERIFIED_SSL: got "yes", expected a boolean as the provider parses it ' +
        '(Go strconv.ParseBool): one of 1, t, T, true, TRUE, True, 0, f, F, false, FALSE, False; or unset it',
    );
  });
});

describe('node pool hardwareVersion from the stack config', () => {
  test('is passed to the node VMs', async () => {
    const pools = [
      { name: 'control-plane', role: 'control-plane', ipAddresses: ['172.16.0.11'], hardwareVersion: 19 },
      { name: 'worker', role: 'worker', ipAddresses: ['172.16.0.21'] },
    ].map((p) => ({
      ...p,
      count: 1,
      cpu: 4,
      memoryMiB: 8192,
      diskGiB: 100,
      ipv4Gateway: '172.16.0.1',
      template: 'ubuntu-2204-kube-template',
      network: 'k8s',
      datastore: 'ds1',
      computeCluster: 'Cluster01',
    }));
    const { rec, runProgram } = await program(infraConfig([], { [`${PROJECT}:nodePools`]: JSON.stringify(pools) }));
    const outputs = runProgram({ env: {} });
    await valueOf(outputs.kubeKeyConfig);
    await settle();
    const vms = rec.resources.filter((r) => r.type === 'vsphere:index/virtualMachine:VirtualMachine');
    expect(vms.map((v) => [v.inputs.name, v.inputs.hardwareVersion])).toEqual([
      ['prod-east-control-plane-1', 19],
      ['prod-east-worker-1', 15],
    ]);
  });
});
