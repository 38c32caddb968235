import * as pulumi from '@pulumi/pulumi';
import { valueOf } from './program-mocks';
import { NodeVm, NodeVmArgs } from '../../lib/pulumi/node-vm';
import {
  VirtualMachine,
  VSPHERE_INVOKE_TOKENS,
  VSPHERE_PROVIDER_VERSION,
  vsphereInvokeOptions,
  VsphereProvider,
  vsphereResourceOptions,
} from '../../lib/pulumi/vsphere';

const VM_TOKEN = 'vsphere:index/virtualMachine:VirtualMachine';
const resources: pulumi.runtime.MockResourceArgs[] = [];
const calls: pulumi.runtime.MockCallArgs[] = [];

/** The recorded registration of a resource by type and name (fails unless exactly one). */
function recorded(type: string, name: string): pulumi.runtime.MockResourceArgs {
  const hits = resources.filter((r) => r.type === type && r.name === name);
  if (hits.length !== 1) throw new Error(`expected one ${type} ${name}, saw ${resources.map((r) => `${r.type}::${r.name}`).join(', ')}`);
  return hits[0];
}

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        resources.push(args);
        if (args.type === VM_TOKEN) {
          const uuid = `4213${args.name.length.toString(16).padStart(4, '0')}-aaaa-bbbb-cccc-${args.name.padEnd(12, '0').slice(0, 12)}`;
          const ip = args.inputs.clone?.customize?.networkInterfaces?.[0]?.ipv4Address ?? '10.9.9.9';
          return {
            id: uuid,
            state: { ...args.inputs, uuid, moid: `vm-${args.name}`, defaultIpAddress: ip, guestIpAddresses: [ip, 'fe80::1'] },
          };
        }
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => {
        calls.push(args);
        switch (args.token) {
          case VSPHERE_INVOKE_TOKENS.getDatacenter:
            return { id: `datacenter-${args.inputs.name}`, name: args.inputs.name };
          case VSPHERE_INVOKE_TOKENS.getDatastore:
            return { id: `datastore-${args.inputs.name}` };
          case VSPHERE_INVOKE_TOKENS.getComputeCluster:
            return { id: `domain-c-${args.inputs.name}`, resourcePoolId: `resgroup-${args.inputs.name}` };
          case VSPHERE_INVOKE_TOKENS.getResourcePool:
            return { id: `resgroup-pool-${args.inputs.name}` };
          case VSPHERE_INVOKE_TOKENS.getNetwork:
            return { id: `dvportgroup-${args.inputs.name}`, type: 'DistributedVirtualPortgroup' };
          case VSPHERE_INVOKE_TOKENS.getVirtualMachine:
            return {
              id: `template-uuid-${args.inputs.name}`,
              guestId: 'ubuntu64Guest',
              scsiType: 'pvscsi',
              firmware: 'efi',
              hardwareVersion: 15,
              // a linked clone needs disks equal to the template's: this template has the default 100 GiB disk
              disks:
                args.inputs.name === 'ubuntu-dhcp'
                  ? [{ label: 'disk0', size: 100, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false }]
                  : [{ label: 'disk0', size: 40, unitNumber: 0, thinProvisioned: false, eagerlyScrub: false }],
              networkInterfaceTypes: ['vmxnet3'],
            };
          case VSPHERE_INVOKE_TOKENS.getTagCategory:
            return { id: `urn:vmomi:InventoryServiceCategory:${args.inputs.name}` };
          case VSPHERE_INVOKE_TOKENS.getTag:
            return { id: `urn:vmomi:InventoryServiceTag:${args.inputs.name}` };
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

const placement = { datacenter: 'dc1', datastore: 'ds1', computeCluster: 'cl1', network: 'k8s-net', template: 'ubuntu-2204' };
const base: NodeVmArgs = { clusterName: 'prod', hostname: 'cp-1', role: 'control-plane', placement };

async function registered(node: NodeVm): Promise<void> {
  await valueOf(pulumi.all([node.urn, node.vm.urn, node.vm.id, node.providerId]));
}

describe('NodeVm', () => {
  it('registers a pvscsi, disk-UUID, hardware-version-15 clone of the looked-up template with a static IP, without disk.EnableUUID in extraConfig', async () => {
    const node = new NodeVm('prod-cp-1', {
      ...base,
      cpu: 4,
      memoryMiB: 8192,
      diskGiB: 80,
      dataDisksGiB: [20, 30, 40, 50, 60, 70, 80],
      ipv4Address: '10.0.0.11',
      ipv4Gateway: '10.0.0.1',
      dnsServers: ['10.0.0.2'],
      dnsSuffixes: ['example.com'],
      domain: 'example.com',
      placement: { ...placement, folder: 'k8s/prod' },
      tagIds: ['urn:vmomi:InventoryServiceTag:given'],
      tags: [
        { category: 'k8s-zone', name: 'zone-a' },
        { category: 'k8s-zone', name: 'zone-b' },
      ],
      extraConfig: { 'guestinfo.role': 'cp' },
    });
    await registered(node);

    expect(resources.length).toBeGreaterThanOrEqual(2);
    const component = recorded(NodeVm.TYPE, 'prod-cp-1');
    expect(component.type).toBe('vsphere-k8s:vsphere:NodeVm');
    expect(component.custom).toBe(false);
    const vm = recorded(VM_TOKEN, 'prod-cp-1');
    expect(vm.custom).toBe(true);
    expect(vm.provider).toBe('');
    expect(vm.inputs).toEqual({
      name: 'prod-cp-1',
      resourcePoolId: 'resgroup-cl1',
      datastoreId: 'datastore-ds1',
      folder: 'k8s/prod',
      numCpus: 4,
      numCoresPerSocket: 1,
      memory: 8192,
      guestId: 'ubuntu64Guest',
      firmware: 'efi',
      hardwareVersion: 15,
      scsiType: 'pvscsi',
      enableDiskUuid: true,
      extraConfig: { 'guestinfo.role': 'cp' },
      annotation: 'Kubernetes control-plane node cp-1 of cluster prod',
      tags: ['urn:vmomi:InventoryServiceTag:given', 'urn:vmomi:InventoryServiceTag:zone-a', 'urn:vmomi:InventoryServiceTag:zone-b'],
      disks: [
        { label: 'disk0', size: 80, unitNumber: 0, thinProvisioned: false, eagerlyScrub: false },
        { label: 'disk1', size: 20, unitNumber: 1, thinProvisioned: false },
        { label: 'disk2', size: 30, unitNumber: 2, thinProvisioned: false },
        { label: 'disk3', size: 40, unitNumber: 3, thinProvisioned: false },
        { label: 'disk4', size: 50, unitNumber: 4, thinProvisioned: false },
        { label: 'disk5', size: 60, unitNumber: 5, thinProvisioned: false },
        { label: 'disk6', size: 70, unitNumber: 6, thinProvisioned: false },
        { label: 'disk7', size: 80, unitNumber: 8, thinProvisioned: false },
      ],
      networkInterfaces: [{ networkId: 'dvportgroup-k8s-net', adapterType: 'vmxnet3' }],
      clone: {
        templateUuid: 'template-uuid-ubuntu-2204',
        linkedClone: false,
        customize: {
          linuxOptions: { hostName: 'cp-1', domain: 'example.com' },
          networkInterfaces: [{ ipv4Address: '10.0.0.11', ipv4Netmask: 24 }],
          ipv4Gateway: '10.0.0.1',
          dnsServerLists: ['10.0.0.2'],
          dnsSuffixLists: ['example.com'],
        },
      },
      waitForGuestNetTimeout: 5,
      waitForGuestIpTimeout: 5,
      waitForGuestNetRoutable: true,
    });

    // The data-source invokes, with the datacenter ID threaded through.
    const seen = calls.filter(
      (c) => c.inputs.name === 'ubuntu-2204' || c.inputs.datacenterId === 'datacenter-dc1' || c.inputs.name === 'dc1',
    );
    const tokens = new Set(seen.map((c) => c.token));
    expect([...tokens].sort()).toEqual(
      [
        'vsphere:index/getComputeCluster:getComputeCluster',
        'vsphere:index/getDatacenter:getDatacenter',
        'vsphere:index/getDatastore:getDatastore',
        'vsphere:index/getNetwork:getNetwork',
        'vsphere:index/getVirtualMachine:getVirtualMachine',
      ].sort(),
    );
    expect(calls).toContainEqual(
      expect.objectContaining({
        token: 'vsphere:index/getVirtualMachine:getVirtualMachine',
        inputs: { name: 'ubuntu-2204', datacenterId: 'datacenter-dc1' },
      }),
    );
    // Tag categories are looked up once per category.
    expect(calls.filter((c) => c.token === 'vsphere:index/getTagCategory:getTagCategory' && c.inputs.name === 'k8s-zone')).toHaveLength(1);
    expect(calls).toContainEqual(
      expect.objectContaining({
        token: 'vsphere:index/getTag:getTag',
        inputs: { name: 'zone-b', categoryId: 'urn:vmomi:InventoryServiceCategory:k8s-zone' },
      }),
    );

    expect(node.vmName).toBe('prod-cp-1');
    expect(node.spec).toMatchObject({ name: 'prod-cp-1', hostname: 'cp-1', role: 'control-plane', ipv4Address: '10.0.0.11', diskGiB: 80 });
    const uuid = await valueOf(node.uuid);
    expect(uuid).toMatch(/^4213/);
    expect(await valueOf(node.providerId)).toBe(`vsphere://${uuid}`);
    expect(await valueOf(node.moid)).toBe('vm-prod-cp-1');
    expect(await valueOf(node.defaultIpAddress)).toBe('10.0.0.11');
    expect(await valueOf(node.guestIpAddresses)).toEqual(['10.0.0.11', 'fe80::1']);
    expect(await valueOf(node.vm.hardwareVersion)).toBe(15);
    expect(await valueOf(node.vm.extraConfig)).toEqual({ 'guestinfo.role': 'cp' });
  });

  it('customizes DHCP when no address is given, and uses a resource pool when asked', async () => {
    const node = new NodeVm('prod-w-1', {
      clusterName: 'prod',
      hostname: 'w-1',
      placement: { datacenter: 'dc1', datastore: 'ds1', resourcePool: 'cl1/Resources/k8s', network: 'k8s-net', template: 'ubuntu-dhcp' },
      hardwareVersion: 19,
      thinProvisioned: true,
      adapterType: 'e1000e',
      linkedClone: true,
    });
    await registered(node);
    const vm = recorded(VM_TOKEN, 'prod-w-1');
    expect(vm.inputs.clone).toEqual({
      templateUuid: 'template-uuid-ubuntu-dhcp',
      linkedClone: true,
      customize: { linuxOptions: { hostName: 'w-1', domain: 'localdomain' }, networkInterfaces: [{}] },
    });
    expect(vm.inputs.resourcePoolId).toBe('resgroup-pool-cl1/Resources/k8s');
    expect(vm.inputs.hardwareVersion).toBe(19);
    expect(vm.inputs.numCpus).toBe(4);
    expect(vm.inputs.memory).toBe(8192);
    expect(vm.inputs.disks).toEqual([{ label: 'disk0', size: 100, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false }]);
    expect(vm.inputs.networkInterfaces).toEqual([{ networkId: 'dvportgroup-k8s-net', adapterType: 'e1000e' }]);
    expect(vm.inputs.annotation).toBe('Kubernetes worker node w-1 of cluster prod');
    expect(vm.inputs).not.toHaveProperty('tags');
    expect(vm.inputs).not.toHaveProperty('folder');
    expect(vm.inputs).not.toHaveProperty('extraConfig');
    expect(vm.inputs.enableDiskUuid).toBe(true);
    expect(calls).toContainEqual(
      expect.objectContaining({
        token: 'vsphere:index/getResourcePool:getResourcePool',
        inputs: { name: 'cl1/Resources/k8s', datacenterId: 'datacenter-dc1' },
      }),
    );
    expect(await valueOf(node.defaultIpAddress)).toBe('10.9.9.9');
  });

  it('registers the explicit provider with user and password as secrets and routes the VM and invokes through it', async () => {
    const provider = new VsphereProvider('vc', {
      user: 'administrator@vsphere.local',
      password: 's3cr3t!',
      vsphereServer: 'vc.example.com',
      allowUnverifiedSsl: true,
    });
    const node = new NodeVm(
      'prod-cp-9',
      { ...base, hostname: 'cp-9', placement: { ...placement, template: 'ubuntu-with-provider' } },
      { provider },
    );
    await registered(node);
    await valueOf(provider.id);

    const p = recorded('pulumi:providers:vsphere', 'vc');
    const secret = (value: string) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });
    expect(p.inputs.password).toEqual(secret('s3cr3t!'));
    expect(p.inputs.user).toEqual(secret('administrator@vsphere.local'));
    expect(p.inputs.vsphereServer).toBe('vc.example.com');
    expect(p.inputs.allowUnverifiedSsl).toBe('true');
    expect(JSON.stringify(p.inputs.vsphereServer)).not.toContain(pulumi.runtime.specialSecretSig);

    const providerRef = `${await valueOf(provider.urn)}::vc-id`;
    expect(recorded(VM_TOKEN, 'prod-cp-9').provider).toBe(providerRef);
    const invokes = calls.filter((c) => c.inputs.name === 'ubuntu-with-provider');
    expect(invokes).toHaveLength(1);
    expect(invokes[0].provider).toBe(providerRef);
  });

  it('sets the plugin version 4.17.0 on the VM resource like generated SDKs', async () => {
    const node = new NodeVm('prod-cp-8', { ...base, hostname: 'cp-8' });
    await registered(node);
    expect(VSPHERE_PROVIDER_VERSION).toBe('4.17.0');
    // `__version` is the SDK's record of the `version` resource option (sent to the engine with the registration).
    expect((node.vm as unknown as { __version?: string }).__version).toBe('4.17.0');
    expect(VirtualMachine.isInstance(node.vm)).toBe(true);
    // Data-source invokes and resources of the binding get the same version; caller options are kept.
    expect(vsphereInvokeOptions({ parent: node })).toEqual({ version: '4.17.0', parent: node });
    expect(vsphereResourceOptions({ protect: true })).toEqual({ version: '4.17.0', protect: true });
  });

  const refusals: Array<[string, Partial<NodeVmArgs>, RegExp]> = [
    [
      'hardwareVersion is 14',
      { hardwareVersion: 14 },
      /\[NodeVm bad\] hardwareVersion: got 14, expected 15 or later \(15, 17-22\): the vSphere CSI driver needs VM hardware version 15 or higher/,
    ],
    [
      'hardwareVersion is 16',
      { hardwareVersion: 16 },
      /\[NodeVm bad\] hardwareVersion: got 16, expected one of 15, 17, 18, 19, 20, 21, 22 \(the vSphere provider accepts 4, 7-11, 13-15, 17-22; there is no 16\)/,
    ],
    [
      'scsiType is lsilogic',
      { scsiType: 'lsilogic' },
      /\[NodeVm bad\] scsiType: got "lsilogic", expected "pvscsi" \(a VMware Paravirtual SCSI controller is a vSphere CSI prerequisite\)/,
    ],
    [
      'enableDiskUuid is false',
      { enableDiskUuid: false },
      /\[NodeVm bad\] enableDiskUuid: got false, expected true \(disk.EnableUUID=TRUE is a vSphere CSI prerequisite\)/,
    ],
    ['cpu is 2', { cpu: 2 }, /\[NodeVm bad\] cpu: got 2, expected an integer greater than 2 \(a Kubernetes node needs more than 2 vCPUs\)/],
    [
      'memoryMiB is 4096',
      { memoryMiB: 4096 },
      /\[NodeVm bad\] memoryMiB: got 4096, expected an integer greater than 4096 \(a Kubernetes node needs more than 4 GB of memory\)/,
    ],
    [
      'diskGiB is 40',
      { diskGiB: 40 },
      /\[NodeVm bad\] diskGiB: got 40, expected an integer greater than 40 \(a Kubernetes node needs a disk of more than 40 GB\)/,
    ],
    ['the IP is bad', { ipv4Address: '10.0.0.256' }, /\[NodeVm bad\] ipv4Address: got "10.0.0.256", expected an IPv4 address/],
    [
      'both computeCluster and resourcePool are given',
      { placement: { ...placement, resourcePool: 'rp' } },
      /\[NodeVm bad\] placement.computeCluster: got "cl1", expected exactly one of placement.computeCluster and placement.resourcePool/,
    ],
    [
      'the template name is empty',
      { placement: { ...placement, template: ' ' } },
      /\[NodeVm bad\] placement.template: got " ", expected a non-empty vSphere inventory name/,
    ],
    [
      'a tag has no category',
      { tags: [{ category: '', name: 'zone-a' }] },
      /\[NodeVm bad\] tags\[0\].category: got "", expected a non-empty vSphere inventory name/,
    ],
    [
      'the adapter type is unknown',
      { adapterType: 'pcnet32' },
      /\[NodeVm bad\] adapterType: got "pcnet32", expected one of "vmxnet3", "e1000", "e1000e", "sriov", "vrdma"/,
    ],
  ];
  it.each(refusals)('should throw if %s', (_title, override, message) => {
    const before = resources.length;
    expect(() => new NodeVm('bad', { ...base, ...override })).toThrow(message);
    expect(resources.filter((r) => r.name === 'bad')).toHaveLength(0);
    expect(resources.length).toBe(before);
  });
});
