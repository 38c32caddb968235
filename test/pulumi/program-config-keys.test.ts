import { installMocks, PROJECT, programConfig, settle } from './program-mocks';

/** The reference program checks `pulumi.runtime.allConfig()` against the keys it reads (issue 14, item 6). */
type RunProgram = typeof import('../../pulumi/program').runProgram;

async function program(config: Record<string, string>): Promise<RunProgram> {
  jest.resetModules();
  await installMocks(config);
  return (await import('../../pulumi/program')).runProgram;
}

describe('Pulumi program: top-level config typos', () => {
  test('a misspelt solution key fails before anything is registered (was: the default cluster name)', async () => {
    const runProgram = await program(programConfig({ [`${PROJECT}:clustername`]: 'prod-west' }));
    expect(() => runProgram({ env: {} })).toThrow(
      /^pulumi config: \["vsphere-k8s:clustername"\]: got the unknown key "vsphere-k8s:clustername", expected one of the keys vsphere-k8s:clusterName, .*vsphere-k8s:skipAwaitServices \(did you mean "vsphere-k8s:clusterName"\?\)$/,
    );
    await settle();
  });

  test('a misspelt program key (skipAwaitService) is refused too', async () => {
    const runProgram = await program(programConfig({ [`${PROJECT}:skipAwaitService`]: 'true' }));
    expect(() => runProgram({ env: {} })).toThrow(
      /got the unknown key "vsphere-k8s:skipAwaitService", .*\(did you mean "vsphere-k8s:skipAwaitServices"\?\)$/,
    );
    await settle();
  });

  test('provider namespaces are not checked; the known keys pass', async () => {
    const runProgram = await program(programConfig({ 'vsphere:allowUnverifiedSsl': 'true', [`${PROJECT}:skipAwaitServices`]: 'true' }));
    expect(runProgram({ env: {} }).phase).toBe('platform');
    await settle();
  });
});
