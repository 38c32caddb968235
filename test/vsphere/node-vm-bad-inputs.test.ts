import { NodePool, NodePoolArgs } from '../../lib/pulumi/node-pool';
import { NodeVm, NodeVmArgs, NodeVmPlacement } from '../../lib/pulumi/node-vm';
import { VsphereProvider } from '../../lib/pulumi/vsphere';
import { NodeRole } from '../../lib/core/node-role';
import { BadInput, distinct, err } from '../fixtures/bad-inputs/rows';

const PLACEMENT: NodeVmPlacement = {
  datacenter: 'dc1',
  datastore: 'vsanDatastore',
  computeCluster: 'cluster1',
  network: 'VM Network',
  template: 'ubuntu-2204',
};
const VM = 'NodeVm cp-1';
const POOL = 'NodePool workers';

/** A node VM `cp-1` of cluster `prod` with `args` on top of a valid base. */
function vm(args: Partial<NodeVmArgs>): () => NodeVm {
  return () => new NodeVm('cp-1', { clusterName: 'prod', hostname: 'cp-1', role: 'control-plane', placement: PLACEMENT, ...args });
}

/** A pool `workers` of 3 nodes with `args` on top of a valid base. */
function pool(args: Partial<NodePoolArgs>): () => NodePool {
  return () => new NodePool('workers', { clusterName: 'prod', role: 'worker', count: 3, placement: PLACEMENT, ...args });
}

const rows: BadInput[] = distinct([
  // sizes (the documented minimums are strict: more than 2 vCPUs, more than 4 GB, more than 40 GB)
  ['2 vCPUs', vm({ cpu: 2 }), err(VM, 'cpu', '2', 'an integer greater than 2 (a Kubernetes node needs more than 2 vCPUs)')],
  ['4.5 vCPUs', vm({ cpu: 4.5 }), err(VM, 'cpu', '4.5', 'an integer greater than 2')],
  [
    '4096 MiB of memory',
    vm({ memoryMiB: 4096 }),
    err(VM, 'memoryMiB', '4096', 'an integer greater than 4096 (a Kubernetes node needs more than 4 GB of memory)'),
  ],
  [
    'a 40 GiB boot disk',
    vm({ diskGiB: 40 }),
    err(VM, 'diskGiB', '40', 'an integer greater than 40 (a Kubernetes node needs a disk of more than 40 GB)'),
  ],
  [
    '3 cores per socket for 4 vCPUs',
    vm({ cpu: 4, coresPerSocket: 3 }),
    err(VM, 'coresPerSocket', '3', 'a positive integer that divides cpu (4)'),
  ],
  [
    '14 data disks',
    vm({ dataDisksGiB: Array(14).fill(10) }),
    err(VM, 'dataDisksGiB', JSON.stringify(Array(14).fill(10)), 'a list of at most 13 disk sizes (one SCSI controller)'),
  ],
  ['a data disk of 0 GiB', vm({ dataDisksGiB: [50, 0] }), err(VM, 'dataDisksGiB[1]', '0', 'an integer of at least 1 (GiB)')],
  // vSphere CSI prerequisites
  [
    'hardware version 14',
    vm({ hardwareVersion: 14 }),
    err(VM, 'hardwareVersion', '14', '15 or later (15, 17-22): the vSphere CSI driver needs VM hardware version 15 or higher'),
  ],
  [
    'hardware version 16 (does not exist)',
    vm({ hardwareVersion: 16 }),
    err(
      VM,
      'hardwareVersion',
      '16',
      'one of 15, 17, 18, 19, 20, 21, 22 (the vSphere provider accepts 4, 7-11, 13-15, 17-22; there is no 16)',
    ),
  ],
  ['hardware version 23', vm({ hardwareVersion: 23 }), err(VM, 'hardwareVersion', '23', 'one of 15, 17, 18, 19, 20, 21, 22')],
  [
    'LSI Logic SCSI controller',
    vm({ scsiType: 'lsilogic' }),
    err(VM, 'scsiType', '"lsilogic"', '"pvscsi" (a VMware Paravirtual SCSI controller is a vSphere CSI prerequisite)'),
  ],
  [
    'disk UUIDs turned off',
    vm({ enableDiskUuid: false }),
    err(VM, 'enableDiskUuid', 'false', 'true (disk.EnableUUID=TRUE is a vSphere CSI prerequisite)'),
  ],
  [
    'extraConfig disk.EnableUUID=TRUE (enableDiskUuid already sets it; the duplicate key risks perpetual diffs)',
    vm({ extraConfig: { 'disk.EnableUUID': 'TRUE' } }),
    err(
      VM,
      'extraConfig key',
      '"disk.EnableUUID"',
      'a key other than "disk.EnableUUID": enableDiskUuid (always true) already sets it, and the same VMX key in extraConfig as well risks a perpetual diff and a reboot on every update; remove it from extraConfig',
    ),
  ],
  [
    'extraConfig disk.EnableUUID=FALSE',
    vm({ extraConfig: { 'disk.EnableUUID': 'FALSE' } }),
    err(VM, 'extraConfig key', '"disk.EnableUUID"', 'a key other than "disk.EnableUUID": enableDiskUuid (always true) already sets it'),
  ],
  [
    'extraConfig disk.enableuuid=TRUE (another spelling of the key)',
    vm({ extraConfig: { 'disk.enableuuid': 'TRUE' } }),
    err(VM, 'extraConfig key', '"disk.enableuuid"', 'a key other than "disk.EnableUUID"'),
  ],
  [
    'pool extraConfig with disk.EnableUUID',
    pool({ extraConfig: { 'disk.EnableUUID': 'TRUE' } }),
    err(POOL, 'extraConfig key', '"disk.EnableUUID"', 'a key other than "disk.EnableUUID"'),
  ],
  [
    'extraConfig keys that differ only in case',
    vm({ extraConfig: { 'guestinfo.role': 'cp', 'GuestInfo.Role': 'worker' } }),
    err(
      VM,
      'extraConfig key',
      '"GuestInfo.Role"',
      'a key unique ignoring letter case (VMX keys are case-insensitive; "guestinfo.role" is already given)',
    ),
  ],
  ['extraConfig with an empty key', vm({ extraConfig: { '': 'x' } }), err(VM, 'extraConfig key', '""', 'a non-empty VMX key')],
  // names
  [
    'cluster name in uppercase',
    vm({ clusterName: 'Prod' }),
    err(VM, 'clusterName', '"Prod"', 'a DNS-1123 label: at most 63 lowercase alphanumerics or "-"'),
  ],
  [
    'host name with "_"',
    vm({ hostname: 'cp_1' }),
    err(VM, 'hostname', '"cp_1"', 'a DNS-1123 label: at most 63 lowercase alphanumerics or "-"'),
  ],
  [
    'VM name longer than 80 characters',
    vm({ clusterName: 'c'.repeat(60), hostname: 'control-plane-node-01' }),
    err(VM, 'hostname', '"control-plane-node-01"', 'a host name that keeps the VM name "<clusterName>-<hostname>" within 80 characters'),
  ],
  ['role "master"', vm({ role: 'master' as NodeRole }), err(VM, 'role', '"master"', 'one of "control-plane", "worker"')],
  ['guest domain with "_"', vm({ domain: 'corp_local' }), err(VM, 'domain', '"corp_local"', 'a DNS-1123 subdomain, e.g. "example.com"')],
  [
    'DNS suffix in uppercase',
    vm({ dnsSuffixes: ['Example.COM'] }),
    err(VM, 'dnsSuffixes[0]', '"Example.COM"', 'a DNS-1123 subdomain, e.g. "example.com"'),
  ],
  // guest network
  [
    'DNS server given as a name',
    vm({ dnsServers: ['10.0.0.53', 'dns.example.com'] }),
    err(VM, 'dnsServers[1]', '"dns.example.com"', 'an IPv4 or IPv6 address'),
  ],
  [
    'static address that is the network address',
    vm({ ipv4Address: '10.0.0.0' }),
    err(VM, 'ipv4Address', '"10.0.0.0"', 'a host address of 10.0.0.0/24 (not its network or broadcast address)'),
  ],
  [
    'static address that is the broadcast address of a /26',
    vm({ ipv4Address: '10.0.0.63', ipv4PrefixLength: 26 }),
    err(VM, 'ipv4Address', '"10.0.0.63"', 'a host address of 10.0.0.0/26 (not its network or broadcast address)'),
  ],
  [
    'multicast static address',
    vm({ ipv4Address: '224.0.0.10', ipv4PrefixLength: 24 }),
    err(VM, 'ipv4Address', '"224.0.0.10"', 'a unicast IPv4 host address (not multicast, 224.0.0.0/4)'),
  ],
  [
    'loopback static address',
    vm({ ipv4Address: '127.0.0.2' }),
    err(VM, 'ipv4Address', '"127.0.0.2"', 'a unicast IPv4 host address (not loopback, 127.0.0.0/8)'),
  ],
  [
    'unspecified static address',
    vm({ ipv4Address: '0.0.0.0', ipv4PrefixLength: 32 }),
    err(VM, 'ipv4Address', '"0.0.0.0"', 'a unicast IPv4 host address (not unspecified, 0.0.0.0/8)'),
  ],
  [
    'limited-broadcast static address',
    vm({ ipv4Address: '255.255.255.255', ipv4PrefixLength: 32 }),
    err(VM, 'ipv4Address', '"255.255.255.255"', 'a unicast IPv4 host address (not broadcast, 255.255.255.255)'),
  ],
  [
    'gateway that is the network address',
    vm({ ipv4Address: '10.0.0.10', ipv4Gateway: '10.0.0.0' }),
    err(VM, 'ipv4Gateway', '"10.0.0.0"', 'a host address of 10.0.0.0/24 (not its network or broadcast address)'),
  ],
  [
    'gateway that is the broadcast address of a /26',
    vm({ ipv4Address: '10.0.0.10', ipv4PrefixLength: 26, ipv4Gateway: '10.0.0.63' }),
    err(VM, 'ipv4Gateway', '"10.0.0.63"', 'a host address of 10.0.0.0/26 (not its network or broadcast address)'),
  ],
  ['DNS server ::', vm({ dnsServers: ['::'] }), err(VM, 'dnsServers[0]', '"::"', "a DNS server's unicast address (not unspecified, ::)")],
  [
    'DNS server 0.0.0.0',
    vm({ dnsServers: ['10.0.0.53', '0.0.0.0'] }),
    err(VM, 'dnsServers[1]', '"0.0.0.0"', "a DNS server's unicast address (not unspecified, 0.0.0.0/8)"),
  ],
  [
    'DNS server that is multicast',
    vm({ dnsServers: ['224.0.0.251'] }),
    err(VM, 'dnsServers[0]', '"224.0.0.251"', "a DNS server's unicast address (not multicast, 224.0.0.0/4)"),
  ],
  ['static IPv6 address', vm({ ipv4Address: 'fd00::10' }), err(VM, 'ipv4Address', '"fd00::10"', 'an IPv4 address')],
  [
    'gateway outside the node subnet',
    vm({ ipv4Address: '10.0.0.10', ipv4Gateway: '10.0.1.1' }),
    err(VM, 'ipv4Gateway', '"10.0.1.1"', 'an address inside the node subnet 10.0.0.0/24'),
  ],
  [
    'gateway equal to the node address',
    vm({ ipv4Address: '10.0.0.10', ipv4Gateway: '10.0.0.10' }),
    err(VM, 'ipv4Gateway', '"10.0.0.10"', "an address other than the node's own (10.0.0.10)"),
  ],
  [
    'gateway with DHCP',
    vm({ ipv4Gateway: '10.0.0.1' }),
    err(VM, 'ipv4Gateway', '"10.0.0.1"', 'no gateway when ipv4Address is unset (DHCP)'),
  ],
  [
    'prefix length with DHCP',
    vm({ ipv4PrefixLength: 24 }),
    err(VM, 'ipv4PrefixLength', '24', 'no prefix length when ipv4Address is unset (DHCP)'),
  ],
  [
    'prefix length 33',
    vm({ ipv4Address: '10.0.0.10', ipv4PrefixLength: 33 }),
    err(VM, 'ipv4PrefixLength', '33', 'an integer from 1 to 32'),
  ],
  [
    'guest-net timeout of 1441 minutes',
    vm({ waitForGuestNetTimeoutMinutes: 1441 }),
    err(VM, 'waitForGuestNetTimeoutMinutes', '1441', 'an integer from 0 to 1440'),
  ],
  [
    'negative guest-IP timeout',
    vm({ waitForGuestIpTimeoutMinutes: -1 }),
    err(VM, 'waitForGuestIpTimeoutMinutes', '-1', 'an integer from 0 to 1440'),
  ],
  // placement and clone options
  [
    'both compute cluster and resource pool',
    vm({ placement: { ...PLACEMENT, resourcePool: 'cluster1/Resources/k8s' } }),
    err(VM, 'placement.computeCluster', '"cluster1"', 'exactly one of placement.computeCluster and placement.resourcePool'),
  ],
  [
    'neither compute cluster nor resource pool',
    vm({ placement: { ...PLACEMENT, computeCluster: undefined } }),
    err(VM, 'placement.computeCluster', 'undefined', 'exactly one of placement.computeCluster and placement.resourcePool'),
  ],
  [
    'blank datastore name',
    vm({ placement: { ...PLACEMENT, datastore: '  ' } }),
    err(VM, 'placement.datastore', '"  "', 'a non-empty vSphere inventory name'),
  ],
  [
    'network adapter "vmxnet2"',
    vm({ adapterType: 'vmxnet2' }),
    err(VM, 'adapterType', '"vmxnet2"', 'one of "vmxnet3", "e1000", "e1000e", "sriov", "vrdma"'),
  ],
  [
    'tag without a category',
    vm({ tags: [{ category: '', name: 'zone-a' }] }),
    err(VM, 'tags[0].category', '""', 'a non-empty vSphere inventory name'),
  ],
  // the vSphere provider
  [
    'vSphere provider with an empty password',
    () => new VsphereProvider('vc', { user: 'administrator@vsphere.local', password: '', vsphereServer: 'vc.example.com' }),
    err('VsphereProvider vc', 'password', '""', 'a non-empty vCenter password'),
  ],
  [
    'vSphere provider with an empty user',
    () => new VsphereProvider('vc', { user: '', password: 'p', vsphereServer: 'vc.example.com' }),
    err('VsphereProvider vc', 'user', '""', 'a non-empty vCenter user name'),
  ],
  // pools
  ['pool of 0 nodes', pool({ count: 0 }), err(POOL, 'count', '0', 'an integer from 1 to 1000')],
  ['pool of 1001 nodes', pool({ count: 1001 }), err(POOL, 'count', '1001', 'an integer from 1 to 1000')],
  [
    'pool name pattern without {index}',
    pool({ namePattern: 'worker' }),
    err(POOL, 'namePattern', '"worker"', 'a pattern containing "{index}" (the pool has more than one node)'),
  ],
  [
    'pool name pattern in uppercase',
    pool({ namePattern: 'Worker-{index}' }),
    err(
      POOL,
      'namePattern',
      '"Worker-{index}"',
      'a pattern whose host names (e.g. "Worker-1") are DNS-1123 labels: lowercase alphanumerics or "-", at most 63',
    ),
  ],
  ['negative start index', pool({ startIndex: -1 }), err(POOL, 'startIndex', '-1', 'an integer from 0 to 1000000')],
  [
    'two addresses for three nodes',
    pool({ ipv4Addresses: ['10.0.0.21', '10.0.0.22'] }),
    err(POOL, 'ipv4Addresses', '["10.0.0.21","10.0.0.22"]', 'exactly 3 addresses (one per node)'),
  ],
  [
    'the same address for two nodes of a pool',
    pool({ ipv4Addresses: ['10.0.0.21', '10.0.0.22', '10.0.0.21'] }),
    err(POOL, 'ipv4Addresses[2]', '"10.0.0.21"', 'an address not already used by ipv4Addresses[0]'),
  ],
  [
    'both an address list and a start address',
    pool({ ipv4Addresses: ['10.0.0.21', '10.0.0.22', '10.0.0.23'], ipv4StartAddress: '10.0.0.21' }),
    err(POOL, 'ipv4StartAddress', '"10.0.0.21"', 'no start address when ipv4Addresses is given (use one of them)'),
  ],
  [
    'start address too close to the end of the subnet',
    pool({ ipv4StartAddress: '10.0.0.253', ipv4Gateway: '10.0.0.1' }),
    err(POOL, 'ipv4StartAddress', '"10.0.0.253"', 'a start address that leaves 3 consecutive host addresses inside 10.0.0.0/24'),
  ],
  [
    'pool start address in the loopback block',
    pool({ ipv4StartAddress: '127.0.0.10' }),
    err(POOL, 'ipv4StartAddress', '"127.0.0.10"', 'a unicast IPv4 host address (not loopback, 127.0.0.0/8)'),
  ],
]);

describe('bad node VM and node pool specs', () => {
  test.each(rows)('%s', (_description, build, expected) => {
    expect(build).toThrow(expected);
  });
});
