import * as pulumi from '@pulumi/pulumi';
import { valueOf } from './program-mocks';
import { unhandledRejectionsOf } from './unhandled-rejections';
import { NodePool } from '../../lib/pulumi/node-pool';
import { NodeVm, NodeVmArgs } from '../../lib/pulumi/node-vm';
import { VSPHERE_INVOKE_TOKENS } from '../../lib/pulumi/vsphere';

/**
 * NodeVm checked against the template it clones, under mocks whose getVirtualMachine returns the template's facts
 * (the provider 4.17.0 data source outputs): the checks run once the template is looked up, as at `pulumi preview`.
 */
const VM_TOKEN = 'vsphere:index/virtualMachine:VirtualMachine';
const resources: pulumi.runtime.MockResourceArgs[] = [];

const DISK40 = { label: 'Hard disk 1', size: 40, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false };
/** Template facts by template name (on top of a pvscsi, hardware version 15 template with one thin 40 GiB disk). */
const TEMPLATES: Record<string, Record<string, unknown>> = {
  'ubuntu-hw19': { hardwareVersion: 19 },
  'ubuntu-hw13': { hardwareVersion: 13 },
  'ubuntu-lsilogic': { scsiType: 'lsilogic' },
  'ubuntu-60g': { disks: [{ ...DISK40, size: 60, thinProvisioned: false, eagerlyScrub: true }] },
  'ubuntu-pcnet': { networkInterfaceTypes: ['pcnet32'] },
  'ubuntu-e1000e': { networkInterfaceTypes: ['e1000e'] },
};

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push(args);
        if (args.type === VM_TOKEN) {
          const uuid = `4215-${args.name}`;
          return { id: uuid, state: { ...args.inputs, uuid, moid: `vm-${args.name}`, defaultIpAddress: '10.0.0.9', guestIpAddresses: [] } };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => {
        const name = String(args.inputs.name);
        if (args.token === VSPHERE_INVOKE_TOKENS.getVirtualMachine) {
          return {
            id: `template-uuid-${name}`,
            guestId: 'ubuntu64Guest',
            scsiType: 'pvscsi',
            firmware: 'efi',
            hardwareVersion: 15,
            disks: [DISK40],
            networkInterfaceTypes: ['vmxnet3'],
            ...TEMPLATES[name],
          };
        }
        if (args.token === VSPHERE_INVOKE_TOKENS.getComputeCluster) return { id: `domain-${name}`, resourcePoolId: `resgroup-${name}` };
        return { id: `${args.token.split(':').pop()}-${name}` };
      },
    },
    'vsphere-k8s',
    'test',
    false,
  );
});

const placement = { datacenter: 'dc1', datastore: 'ds1', computeCluster: 'cl1', network: 'k8s-net', template: 'ubuntu' };
const args = (name: string, template: string, over: Partial<NodeVmArgs> = {}): NodeVmArgs => ({
  clusterName: 'prod',
  hostname: name,
  placement: { ...placement, template },
  ...over,
});
const vmInputs = (hostname: string): Record<string, any> => {
  const hits = resources.filter((r) => r.type === VM_TOKEN && r.inputs.name === `prod-${hostname}`);
  if (hits.length !== 1) throw new Error(`expected one VM prod-${hostname}, saw ${hits.length}`);
  return hits[0].inputs;
};

describe('NodeVm against its template', () => {
  it('clones a template at hardware version 19 at 19 when hardwareVersion is unset (was: 15, refused by the provider after the clone)', async () => {
    const node = new NodeVm('hw19', args('hw19', 'ubuntu-hw19'));
    await valueOf(node.vm.urn);
    expect(vmInputs('hw19').hardwareVersion).toBe(19);
    expect((await valueOf(node.clone)).hardwareVersion).toBe(19);
  });

  it('upgrades a template below 15 to 15, and upgrades to a higher hardwareVersion when asked', async () => {
    const older = new NodeVm('hw13', args('hw13', 'ubuntu-hw13'));
    const upgraded = new NodeVm('hw21', args('hw21', 'ubuntu-hw19', { hardwareVersion: 21 }));
    await valueOf(pulumi.all([older.vm.urn, upgraded.vm.urn]));
    expect(vmInputs('hw13').hardwareVersion).toBe(15);
    expect(vmInputs('hw21').hardwareVersion).toBe(21);
  });

  it('keeps the template disk provisioning and adapter type, and sends no extraConfig (enableDiskUuid sets disk.EnableUUID)', async () => {
    const node = new NodeVm('big', args('big', 'ubuntu-60g', { diskGiB: 80 }));
    const nic = new NodeVm('nic', args('nic', 'ubuntu-e1000e'));
    await valueOf(pulumi.all([node.vm.urn, nic.vm.urn]));
    expect(vmInputs('big').disks).toEqual([{ label: 'disk0', size: 80, unitNumber: 0, thinProvisioned: false, eagerlyScrub: true }]);
    expect(vmInputs('big').enableDiskUuid).toBe(true);
    expect(vmInputs('big')).not.toHaveProperty('extraConfig');
    expect(vmInputs('nic').networkInterfaces).toEqual([{ networkId: 'getNetwork-k8s-net', adapterType: 'e1000e' }]);
  });

  it('sets waitForGuestNetRoutable false for a static address without a gateway, and warns that the routable wait is off', async () => {
    const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue(undefined);
    try {
      const noGateway = new NodeVm('static', args('static', 'ubuntu', { ipv4Address: '10.0.0.21' }));
      const withGateway = new NodeVm('routed', args('routed', 'ubuntu', { ipv4Address: '10.0.0.22', ipv4Gateway: '10.0.0.1' }));
      const dhcp = new NodeVm('dhcp', args('dhcp', 'ubuntu'));
      await valueOf(pulumi.all([noGateway.vm.urn, withGateway.vm.urn, dhcp.vm.urn]));
      expect(vmInputs('static').waitForGuestNetRoutable).toBe(false);
      expect(vmInputs('routed').waitForGuestNetRoutable).toBe(true);
      expect(vmInputs('dhcp').waitForGuestNetRoutable).toBe(true);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(
        '[NodeVm static] ipv4Gateway: not set for the static address 10.0.0.21, so the guest has no default route: ' +
          'waitForGuestNetRoutable is false (Pulumi waits for the address only, not for a routable one). ' +
          'Set ipv4Gateway if the node needs a default route (Kubernetes components usually do).',
        noGateway,
      );
    } finally {
      warn.mockRestore();
    }
  });

  const failures: Array<[string, () => unknown, string, RegExp]> = [
    [
      'hardwareVersion 15 on a template at 19 (the provider never downgrades)',
      () => new NodeVm('down', args('down', 'ubuntu-hw19', { hardwareVersion: 15 })),
      'prod-down',
      /\[NodeVm down\] hardwareVersion: got 15, expected 19 or later: the template "ubuntu-hw19" is at hardware version 19 and the vSphere provider never downgrades a clone/,
    ],
    [
      'a template with an LSI Logic SCSI controller',
      () => new NodeVm('lsi', args('lsi', 'ubuntu-lsilogic')),
      'prod-lsi',
      /\[NodeVm lsi\] placement.template "ubuntu-lsilogic" scsiType: got "lsilogic", expected "pvscsi": the template's SCSI controller must already be VMware Paravirtual/,
    ],
    [
      'a 50 GiB boot disk from a template with a 60 GiB disk',
      () => new NodeVm('small', args('small', 'ubuntu-60g', { diskGiB: 50 })),
      'prod-small',
      /\[NodeVm small\] diskGiB: got 50, expected at least 60 \(GiB\): Hard disk 1 of the template "ubuntu-60g" is 60 GiB and the provider cannot shrink a disk when cloning/,
    ],
    [
      'a linked clone whose disk size differs from the template disk',
      () => new NodeVm('linked', args('linked', 'ubuntu-60g', { linkedClone: true, diskGiB: 100 })),
      'prod-linked',
      /\[NodeVm linked\] diskGiB: got 100, expected exactly 60 \(GiB\): a linked clone shares the template's disks/,
    ],
    [
      'a template with a pcnet32 adapter and no adapterType',
      () => new NodeVm('pcnet', args('pcnet', 'ubuntu-pcnet')),
      'prod-pcnet',
      /\[NodeVm pcnet\] placement.template "ubuntu-pcnet" networkInterfaceTypes\[0\]: got "pcnet32", expected one of "vmxnet3", "e1000", "e1000e", "sriov", "vrdma"/,
    ],
    [
      'a pool of 2 with hardwareVersion 17 on a template at 19',
      () =>
        new NodePool('pool-down', {
          clusterName: 'prod',
          role: 'worker',
          count: 2,
          namePattern: 'pd-{index}',
          hardwareVersion: 17,
          placement: { ...placement, template: 'ubuntu-hw19' },
        }),
      'prod-pd-1',
      /\[NodeVm prod-pd-[12]\] hardwareVersion: got 17, expected 19 or later/,
    ],
  ];
  it.each(failures)(
    'fails the program once the template is looked up, registering no VM, for %s',
    async (_title, build, vmName, message) => {
      const errors = await unhandledRejectionsOf(() => {
        build();
      });
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.message).toMatch(message);
      expect(resources.filter((r) => r.type === VM_TOKEN && r.inputs?.name === vmName)).toEqual([]);
    },
  );

  it('a template that fits still works after failures (the failures did not leak into other resources)', async () => {
    const node = new NodeVm('after', args('after', 'ubuntu'));
    await valueOf(node.vm.urn);
    expect(vmInputs('after').hardwareVersion).toBe(15);
  });
});
