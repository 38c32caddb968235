import * as pulumi from '@pulumi/pulumi';
import { valueOf } from './program-mocks';
import { NodePool, NodePoolArgs } from '../../lib/pulumi/node-pool';
import { NodeVm } from '../../lib/pulumi/node-vm';
import { VSPHERE_INVOKE_TOKENS, VsphereProvider } from '../../lib/pulumi/vsphere';

const VM_TOKEN = 'vsphere:index/virtualMachine:VirtualMachine';
const resources: pulumi.runtime.MockResourceArgs[] = [];
const calls: pulumi.runtime.MockCallArgs[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push(args);
        if (args.type === VM_TOKEN) {
          const uuid = `uuid-${args.inputs.name}`;
          const ip = args.inputs.clone?.customize?.networkInterfaces?.[0]?.ipv4Address ?? `dhcp-${args.inputs.name}`;
          return {
            id: uuid,
            state: { ...args.inputs, uuid, moid: `moid-${args.inputs.name}`, defaultIpAddress: ip, guestIpAddresses: [ip] },
          };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => {
        calls.push(args);
        switch (args.token) {
          case VSPHERE_INVOKE_TOKENS.getDatacenter:
            return { id: `datacenter-${args.inputs.name}` };
          case VSPHERE_INVOKE_TOKENS.getDatastore:
            return { id: `datastore-${args.inputs.name}` };
          case VSPHERE_INVOKE_TOKENS.getComputeCluster:
            return { id: `domain-${args.inputs.name}`, resourcePoolId: `resgroup-${args.inputs.name}` };
          case VSPHERE_INVOKE_TOKENS.getNetwork:
            return { id: `network-${args.inputs.name}`, type: 'Network' };
          case VSPHERE_INVOKE_TOKENS.getVirtualMachine:
            return {
              id: `tmpl-${args.inputs.name}`,
              guestId: 'ubuntu64Guest',
              scsiType: 'pvscsi',
              firmware: 'bios',
              hardwareVersion: 19,
              disks: [],
              networkInterfaceTypes: [],
            };
          default:
            throw new Error(`unexpected invoke ${args.token}`);
        }
      },
    },
    'vsphere-k8s',
    'test',
    false,
  );
});

const placement = { datacenter: 'dc1', datastore: 'ds1', computeCluster: 'cl1', network: 'k8s-net', template: 'tmpl-a' };

describe('NodePool', () => {
  it('creates N NodeVms with pattern names and consecutive static IPs, sharing one set of lookups', async () => {
    const pool = new NodePool('prod-workers', {
      clusterName: 'prod',
      role: 'worker',
      count: 3,
      ipv4StartAddress: '10.0.0.21',
      ipv4Gateway: '10.0.0.1',
      hardwareVersion: 19,
      memoryMiB: 16384,
      placement,
    });
    await valueOf(pulumi.all([pool.urn, pool.providerIds]));

    expect(resources.length).toBeGreaterThan(0);
    const component = resources.find((r) => r.type === 'vsphere-k8s:vsphere:NodePool' && r.name === 'prod-workers');
    expect(component?.custom).toBe(false);
    expect(resources.filter((r) => r.type === NodeVm.TYPE).map((r) => r.name)).toEqual(['prod-worker-1', 'prod-worker-2', 'prod-worker-3']);
    const vms = resources.filter((r) => r.type === VM_TOKEN);
    expect(
      vms.map((v) => [v.name, v.inputs.name, v.inputs.clone.customize.linuxOptions.hostName, v.inputs.clone.customize.networkInterfaces]),
    ).toEqual([
      ['prod-worker-1', 'prod-worker-1', 'worker-1', [{ ipv4Address: '10.0.0.21', ipv4Netmask: 24 }]],
      ['prod-worker-2', 'prod-worker-2', 'worker-2', [{ ipv4Address: '10.0.0.22', ipv4Netmask: 24 }]],
      ['prod-worker-3', 'prod-worker-3', 'worker-3', [{ ipv4Address: '10.0.0.23', ipv4Netmask: 24 }]],
    ]);
    for (const v of vms) {
      expect(v.inputs).not.toHaveProperty('extraConfig'); // enableDiskUuid sets disk.EnableUUID
      expect(v.inputs.waitForGuestNetRoutable).toBe(true);
      expect(v.inputs).toMatchObject({
        scsiType: 'pvscsi',
        enableDiskUuid: true,
        hardwareVersion: 19,
        memory: 16384,
        resourcePoolId: 'resgroup-cl1',
        clone: { templateUuid: 'tmpl-tmpl-a', customize: { ipv4Gateway: '10.0.0.1' } },
        // the template reports no disks: a new thin boot disk (eagerlyScrub left to the provider default, false)
        disks: [{ label: 'disk0', size: 100, unitNumber: 0, thinProvisioned: true }],
        networkInterfaces: [{ networkId: 'network-k8s-net', adapterType: 'vmxnet3' }],
      });
    }
    // One invoke per data source for the whole pool.
    const poolCalls = calls.filter(
      (c) => c.inputs.name === 'tmpl-a' || c.inputs.datacenterId === 'datacenter-dc1' || c.inputs.name === 'dc1',
    );
    expect(poolCalls.map((c) => c.token).sort()).toEqual(
      [
        VSPHERE_INVOKE_TOKENS.getComputeCluster,
        VSPHERE_INVOKE_TOKENS.getDatacenter,
        VSPHERE_INVOKE_TOKENS.getDatastore,
        VSPHERE_INVOKE_TOKENS.getNetwork,
        VSPHERE_INVOKE_TOKENS.getVirtualMachine,
      ].sort(),
    );

    expect(pool.role).toBe('worker');
    expect(pool.vmNames).toEqual(['prod-worker-1', 'prod-worker-2', 'prod-worker-3']);
    expect(pool.nodes).toHaveLength(3);
    expect(
      pool.specs.map((s) => ({
        name: s.name,
        hostname: s.hostname,
        role: s.role,
        cpu: s.cpu,
        memoryMiB: s.memoryMiB,
        diskGiB: s.diskGiB,
        ipv4Address: s.ipv4Address,
      })),
    ).toEqual([
      { name: 'prod-worker-1', hostname: 'worker-1', role: 'worker', cpu: 4, memoryMiB: 16384, diskGiB: 100, ipv4Address: '10.0.0.21' },
      { name: 'prod-worker-2', hostname: 'worker-2', role: 'worker', cpu: 4, memoryMiB: 16384, diskGiB: 100, ipv4Address: '10.0.0.22' },
      { name: 'prod-worker-3', hostname: 'worker-3', role: 'worker', cpu: 4, memoryMiB: 16384, diskGiB: 100, ipv4Address: '10.0.0.23' },
    ]);
    pool.specs.pop();
    expect(pool.specs).toHaveLength(3);
    expect(await valueOf(pool.defaultIpAddresses)).toEqual(['10.0.0.21', '10.0.0.22', '10.0.0.23']);
    expect(await valueOf(pool.guestIpAddresses)).toEqual([['10.0.0.21'], ['10.0.0.22'], ['10.0.0.23']]);
    expect(await valueOf(pool.uuids)).toEqual(['uuid-prod-worker-1', 'uuid-prod-worker-2', 'uuid-prod-worker-3']);
    expect(await valueOf(pool.moids)).toEqual(['moid-prod-worker-1', 'moid-prod-worker-2', 'moid-prod-worker-3']);
    expect(await valueOf(pool.providerIds)).toEqual([
      'vsphere://uuid-prod-worker-1',
      'vsphere://uuid-prod-worker-2',
      'vsphere://uuid-prod-worker-3',
    ]);
  });

  it('takes control-plane addresses from a list, uses DHCP otherwise, and passes the provider to every VM', async () => {
    const provider = new VsphereProvider('vc-pool', { user: 'u', password: 'p', vsphereServer: 'vc' });
    const cp = new NodePool(
      'stage-cp',
      {
        clusterName: 'stage',
        role: 'control-plane',
        count: 2,
        namePattern: 'master-{index}',
        ipv4Addresses: ['192.168.10.12', '192.168.10.11'],
        placement: { ...placement, template: 'tmpl-b' },
      },
      { provider },
    );
    const dhcp = new NodePool('stage-w', {
      clusterName: 'stage',
      role: 'worker',
      count: 2,
      placement: { ...placement, template: 'tmpl-c' },
    });
    await valueOf(pulumi.all([cp.providerIds, dhcp.providerIds, provider.urn]));

    const providerRef = `${await valueOf(provider.urn)}::vc-pool-id`;
    const cpVms = resources.filter((r) => r.type === VM_TOKEN && r.inputs.name.startsWith('stage-master-'));
    expect(cpVms.map((v) => [v.inputs.name, v.provider, v.inputs.clone.customize.networkInterfaces[0].ipv4Address])).toEqual([
      ['stage-master-1', providerRef, '192.168.10.12'],
      ['stage-master-2', providerRef, '192.168.10.11'],
    ]);
    expect(calls.filter((c) => c.inputs.name === 'tmpl-b').map((c) => c.provider)).toEqual([providerRef]);
    expect(cp.specs.map((s) => s.role)).toEqual(['control-plane', 'control-plane']);
    expect(await valueOf(dhcp.defaultIpAddresses)).toEqual(['dhcp-stage-worker-1', 'dhcp-stage-worker-2']);
    const dhcpVms = resources.filter((r) => r.type === VM_TOKEN && r.inputs.name.startsWith('stage-worker-'));
    expect(dhcpVms.map((v) => [v.provider, v.inputs.clone.customize.networkInterfaces])).toEqual([
      ['', [{}]],
      ['', [{}]],
    ]);
    // hardwareVersion unset: every VM gets the template's version (19), never a downgrade to 15
    expect([...cpVms, ...dhcpVms].map((v) => v.inputs.hardwareVersion)).toEqual([19, 19, 19, 19]);
  });

  const refusals: Array<[string, Partial<NodePoolArgs>, RegExp]> = [
    ['count is 0', { count: 0 }, /\[NodePool bad\] count: got 0, expected an integer from 1 to 1000/],
    [
      'the name pattern has no {index}',
      { namePattern: 'worker' },
      /\[NodePool bad\] namePattern: got "worker", expected a pattern containing "\{index\}"/,
    ],
    [
      'the address list does not match count',
      { ipv4Addresses: ['10.0.0.5'] },
      /\[NodePool bad\] ipv4Addresses: got \["10.0.0.5"\], expected exactly 2 addresses \(one per node\)/,
    ],
    [
      'an address is listed twice',
      { ipv4Addresses: ['10.0.0.5', '10.0.0.5'] },
      /\[NodePool bad\] ipv4Addresses\[1\]: got "10.0.0.5", expected an address not already used by ipv4Addresses\[0\]/,
    ],
    [
      'a listed address is bad',
      { ipv4Addresses: ['10.0.0.5', '10.0.0.999'] },
      /\[NodePool bad\] ipv4Addresses\[1\]: got "10.0.0.999", expected an IPv4 address/,
    ],
    [
      'the start address overflows the subnet',
      { ipv4StartAddress: '10.0.0.254' },
      /\[NodePool bad\] ipv4StartAddress: got "10.0.0.254", expected a start address that leaves 2 consecutive host addresses inside 10.0.0.0\/24/,
    ],
    [
      'hardwareVersion is 16',
      { hardwareVersion: 16 },
      /\[NodePool bad\] hardwareVersion: got 16, expected one of 15, 17, 18, 19, 20, 21, 22/,
    ],
    ['scsiType is lsilogic', { scsiType: 'lsilogic' }, /\[NodePool bad\] scsiType: got "lsilogic", expected "pvscsi"/],
    ['diskGiB is 40', { diskGiB: 40 }, /\[NodePool bad\] diskGiB: got 40, expected an integer greater than 40/],
    [
      'the placement has no network',
      { placement: { ...placement, network: '' } },
      /\[NodePool bad\] placement.network: got "", expected a non-empty vSphere inventory name/,
    ],
  ];
  it.each(refusals)('should throw if %s', (_title, override, message) => {
    const before = resources.length;
    expect(() => new NodePool('bad', { clusterName: 'prod', role: 'worker', count: 2, placement, ...override })).toThrow(message);
    expect(resources.length).toBe(before);
  });
});
