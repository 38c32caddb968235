import * as pulumi from '@pulumi/pulumi';
import { settle } from './program-mocks';
import { unhandledRejectionsOf } from './unhandled-rejections';
import { NodeVm } from '../../lib/pulumi/node-vm';
import { VSPHERE_INVOKE_TOKENS } from '../../lib/pulumi/vsphere';

/** The template checks at `pulumi preview` (mocks with preview = true): data sources are read, so they run. */
const VM_TOKEN = 'vsphere:index/virtualMachine:VirtualMachine';
const resources: pulumi.runtime.MockResourceArgs[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push(args);
        return { id: undefined, state: {} };
      },
      call: (args) =>
        args.token === VSPHERE_INVOKE_TOKENS.getVirtualMachine
          ? {
              id: `template-uuid-${args.inputs.name}`,
              guestId: 'ubuntu64Guest',
              scsiType: 'pvscsi',
              firmware: 'efi',
              hardwareVersion: 20,
              disks: [{ label: 'Hard disk 1', size: 40, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false }],
              networkInterfaceTypes: ['vmxnet3'],
            }
          : { id: `${args.token.split(':').pop()}-${args.inputs.name}`, resourcePoolId: 'resgroup-1' },
    },
    'vsphere-k8s',
    'preview',
    true,
  );
});

const placement = { datacenter: 'dc1', datastore: 'ds1', computeCluster: 'cl1', network: 'k8s-net', template: 'ubuntu-vsphere8' };

describe('NodeVm at pulumi preview', () => {
  it('plans the clone at the template hardware version (20)', async () => {
    new NodeVm('ok', { clusterName: 'prod', hostname: 'ok', placement });
    await settle();
    const vm = resources.find((r) => r.type === VM_TOKEN && r.inputs.name === 'prod-ok');
    expect(vm?.inputs.hardwareVersion).toBe(20);
  });

  it('fails the preview, planning no VM, when hardwareVersion is below the template version', async () => {
    const errors = await unhandledRejectionsOf(() => {
      new NodeVm('old', { clusterName: 'prod', hostname: 'old', placement, hardwareVersion: 19 });
    });
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.message).toMatch(
        /\[NodeVm old\] hardwareVersion: got 19, expected 20 or later: the template "ubuntu-vsphere8" is at hardware version 20 and the vSphere provider never downgrades a clone/,
      );
    }
    expect(resources.filter((r) => r.type === VM_TOKEN && r.inputs.name === 'prod-old')).toEqual([]);
  });
});
