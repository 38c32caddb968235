import {
  checkNodeSpecsUnique,
  NODE_VM_DEFAULTS,
  nodeVmName,
  resolveNodePoolSpecs,
  resolveNodeVmSpec,
  vsphereProviderId,
} from '../../lib/vsphere/node-vm-spec';

const base = { clusterName: 'prod', hostname: 'cp-1' };

describe('resolveNodeVmSpec', () => {
  it('applies the documented defaults', () => {
    expect(resolveNodeVmSpec('NodeVm x', base)).toEqual({
      name: 'prod-cp-1',
      hostname: 'cp-1',
      clusterName: 'prod',
      role: 'worker',
      cpu: 4,
      coresPerSocket: 1,
      memoryMiB: 8192,
      diskGiB: 100,
      dataDisksGiB: [],
      hardwareVersion: 15,
      scsiType: 'pvscsi',
      enableDiskUuid: true,
      ipv4Address: undefined,
      ipv4PrefixLength: undefined,
      ipv4Gateway: undefined,
      dnsServers: [],
      dnsSuffixes: [],
      domain: 'localdomain',
      extraConfig: { 'disk.EnableUUID': 'TRUE' },
      waitForGuestNetTimeoutMinutes: 5,
      waitForGuestIpTimeoutMinutes: 5,
    });
    expect(NODE_VM_DEFAULTS.hardwareVersion).toBe(15);
  });

  it('accepts the smallest sizes above the minimums and a static address', () => {
    const s = resolveNodeVmSpec('NodeVm x', {
      ...base,
      role: 'control-plane',
      cpu: 3,
      memoryMiB: 4097,
      diskGiB: 41,
      hardwareVersion: 19,
      ipv4Address: '10.0.0.11',
      ipv4PrefixLength: 24,
      ipv4Gateway: '10.0.0.1',
      dnsServers: ['10.0.0.2', 'fd00::53'],
      dnsSuffixes: ['example.com'],
      extraConfig: { 'guestinfo.a': '1', 'disk.EnableUUID': 'TRUE' },
    });
    expect(s).toMatchObject({ cpu: 3, memoryMiB: 4097, diskGiB: 41, hardwareVersion: 19, role: 'control-plane' });
    expect(s.ipv4Address).toBe('10.0.0.11');
    expect(s.ipv4PrefixLength).toBe(24);
    expect(s.extraConfig).toEqual({ 'disk.EnableUUID': 'TRUE', 'guestinfo.a': '1' });
    expect(Object.keys(s.extraConfig)).toEqual(['disk.EnableUUID', 'guestinfo.a']);
  });

  it('accepts every allowed hardware version', () => {
    for (const v of [15, 17, 18, 19, 20, 21, 22])
      expect(resolveNodeVmSpec('NodeVm x', { ...base, hardwareVersion: v }).hardwareVersion).toBe(v);
  });

  it('derives the VM name and providerID', () => {
    expect(nodeVmName('prod', 'worker-3')).toBe('prod-worker-3');
    expect(vsphereProviderId('4213abcd-0000-1111-2222-333344445555')).toBe('vsphere://4213abcd-0000-1111-2222-333344445555');
  });

  const refusals: Array<[string, object, RegExp]> = [
    ['hardwareVersion is 14', { hardwareVersion: 14 }, /\[NodeVm x\] hardwareVersion: got 14, expected 15 or later \(15, 17-22\)/],
    [
      'hardwareVersion is 16',
      { hardwareVersion: 16 },
      /\[NodeVm x\] hardwareVersion: got 16, expected one of 15, 17, 18, 19, 20, 21, 22 .*there is no 16/,
    ],
    ['hardwareVersion is 23', { hardwareVersion: 23 }, /\[NodeVm x\] hardwareVersion: got 23, expected one of 15, 17/],
    ['scsiType is lsilogic', { scsiType: 'lsilogic' }, /\[NodeVm x\] scsiType: got "lsilogic", expected "pvscsi"/],
    ['enableDiskUuid is false', { enableDiskUuid: false }, /\[NodeVm x\] enableDiskUuid: got false, expected true/],
    ['cpu is 2', { cpu: 2 }, /\[NodeVm x\] cpu: got 2, expected an integer greater than 2/],
    ['cpu is fractional', { cpu: 3.5 }, /\[NodeVm x\] cpu: got 3.5, expected an integer greater than 2/],
    ['memoryMiB is 4096', { memoryMiB: 4096 }, /\[NodeVm x\] memoryMiB: got 4096, expected an integer greater than 4096/],
    ['diskGiB is 40', { diskGiB: 40 }, /\[NodeVm x\] diskGiB: got 40, expected an integer greater than 40/],
    [
      'coresPerSocket does not divide cpu',
      { cpu: 6, coresPerSocket: 4 },
      /\[NodeVm x\] coresPerSocket: got 4, expected a positive integer that divides cpu \(6\)/,
    ],
    ['a data disk is 0 GiB', { dataDisksGiB: [10, 0] }, /\[NodeVm x\] dataDisksGiB\[1\]: got 0, expected an integer of at least 1/],
    [
      'there are 14 data disks',
      { dataDisksGiB: new Array(14).fill(1) },
      /\[NodeVm x\] dataDisksGiB: got .*, expected a list of at most 13/,
    ],
    ['the IP is not an address', { ipv4Address: '10.0.0.300' }, /\[NodeVm x\] ipv4Address: got "10.0.0.300", expected an IPv4 address/],
    ['the IP is IPv6', { ipv4Address: 'fd00::1' }, /\[NodeVm x\] ipv4Address: got "fd00::1", expected an IPv4 address/],
    [
      'the IP is the network address',
      { ipv4Address: '10.0.0.0' },
      /\[NodeVm x\] ipv4Address: got "10.0.0.0", expected a host address of 10.0.0.0\/24/,
    ],
    [
      'the IP is the broadcast address',
      { ipv4Address: '10.0.0.255' },
      /\[NodeVm x\] ipv4Address: got "10.0.0.255", expected a host address of 10.0.0.0\/24/,
    ],
    [
      'the prefix length is 33',
      { ipv4Address: '10.0.0.5', ipv4PrefixLength: 33 },
      /\[NodeVm x\] ipv4PrefixLength: got 33, expected an integer from 1 to 32/,
    ],
    [
      'the gateway is outside the subnet',
      { ipv4Address: '10.0.0.5', ipv4Gateway: '10.0.1.1' },
      /\[NodeVm x\] ipv4Gateway: got "10.0.1.1", expected an address inside the node subnet 10.0.0.0\/24/,
    ],
    [
      'the gateway is the node address',
      { ipv4Address: '10.0.0.5', ipv4Gateway: '10.0.0.5' },
      /\[NodeVm x\] ipv4Gateway: got "10.0.0.5", expected an address other than the node's own/,
    ],
    [
      'a gateway is given with DHCP',
      { ipv4Gateway: '10.0.0.1' },
      /\[NodeVm x\] ipv4Gateway: got "10.0.0.1", expected no gateway when ipv4Address is unset \(DHCP\)/,
    ],
    [
      'a prefix length is given with DHCP',
      { ipv4PrefixLength: 24 },
      /\[NodeVm x\] ipv4PrefixLength: got 24, expected no prefix length when ipv4Address is unset/,
    ],
    [
      'a DNS server is not an address',
      { dnsServers: ['dns.local'] },
      /\[NodeVm x\] dnsServers\[0\]: got "dns.local", expected an IPv4 or IPv6 address/,
    ],
    [
      'a DNS suffix is invalid',
      { dnsSuffixes: ['Bad_Suffix'] },
      /\[NodeVm x\] dnsSuffixes\[0\]: got "Bad_Suffix", expected a DNS-1123 subdomain/,
    ],
    ['the domain is invalid', { domain: 'a..b' }, /\[NodeVm x\] domain: got "a..b", expected a DNS-1123 subdomain/],
    [
      'extraConfig turns disk.EnableUUID off',
      { extraConfig: { 'disk.EnableUUID': 'FALSE' } },
      /\[NodeVm x\] extraConfig\["disk.EnableUUID"\]: got "FALSE", expected "TRUE"/,
    ],
    [
      'extraConfig turns disk.enableuuid off in another case',
      { extraConfig: { 'disk.enableuuid': '0' } },
      /\[NodeVm x\] extraConfig\["disk.enableuuid"\]: got "0", expected "TRUE"/,
    ],
    ['the hostname is not a DNS label', { hostname: 'CP_1' }, /\[NodeVm x\] hostname: got "CP_1", expected a DNS-1123 label/],
    ['the cluster name is not a DNS label', { clusterName: 'Prod.1' }, /\[NodeVm x\] clusterName: got "Prod.1", expected a DNS-1123 label/],
    ['the role is unknown', { role: 'master' }, /\[NodeVm x\] role: got "master", expected one of "control-plane", "worker"/],
    [
      'a wait timeout is negative',
      { waitForGuestIpTimeoutMinutes: -1 },
      /\[NodeVm x\] waitForGuestIpTimeoutMinutes: got -1, expected an integer from 0 to 1440/,
    ],
    [
      'the VM name is longer than 80 characters',
      { clusterName: 'c'.repeat(30), hostname: 'h'.repeat(60) },
      /\[NodeVm x\] hostname: got "h{60}", expected a host name that keeps the VM name "<clusterName>-<hostname>" within 80 characters/,
    ],
  ];
  it.each(refusals)('should throw if %s', (_title, override, message) => {
    expect(() => resolveNodeVmSpec('NodeVm x', { ...base, ...override } as never)).toThrow(message);
  });
});

describe('resolveNodePoolSpecs', () => {
  const pool = { clusterName: 'prod', role: 'worker' as const, count: 3 };

  it('names nodes by pattern and assigns consecutive addresses from a start address', () => {
    const specs = resolveNodePoolSpecs('NodePool w', { ...pool, ipv4StartAddress: '10.0.0.21', ipv4Gateway: '10.0.0.1', cpu: 8 });
    expect(specs.map((s) => [s.name, s.hostname, s.role, s.ipv4Address, s.ipv4Gateway, s.cpu])).toEqual([
      ['prod-worker-1', 'worker-1', 'worker', '10.0.0.21', '10.0.0.1', 8],
      ['prod-worker-2', 'worker-2', 'worker', '10.0.0.22', '10.0.0.1', 8],
      ['prod-worker-3', 'worker-3', 'worker', '10.0.0.23', '10.0.0.1', 8],
    ]);
  });

  it('takes addresses from a list, a custom pattern and start index, and DHCP by default', () => {
    const listed = resolveNodePoolSpecs('NodePool cp', {
      ...pool,
      role: 'control-plane',
      namePattern: 'master{index}',
      startIndex: 0,
      ipv4Addresses: ['192.168.1.5', '192.168.1.9', '192.168.1.7'],
    });
    expect(listed.map((s) => [s.hostname, s.ipv4Address, s.role])).toEqual([
      ['master0', '192.168.1.5', 'control-plane'],
      ['master1', '192.168.1.9', 'control-plane'],
      ['master2', '192.168.1.7', 'control-plane'],
    ]);
    const dhcp = resolveNodePoolSpecs('NodePool w', pool);
    expect(dhcp.map((s) => s.ipv4Address)).toEqual([undefined, undefined, undefined]);
    expect(resolveNodePoolSpecs('NodePool one', { ...pool, count: 1, namePattern: 'lonely' })[0].hostname).toBe('lonely');
  });

  const refusals: Array<[string, object, RegExp]> = [
    ['count is 0', { count: 0 }, /\[NodePool w\] count: got 0, expected an integer from 1 to 1000/],
    [
      'the pattern lacks {index}',
      { namePattern: 'worker' },
      /\[NodePool w\] namePattern: got "worker", expected a pattern containing "\{index\}"/,
    ],
    [
      'the pattern makes invalid host names',
      { namePattern: 'Worker-{index}' },
      /\[NodePool w\] namePattern: got "Worker-\{index\}", expected a pattern whose host names \(e.g. "Worker-1"\) are DNS-1123 labels/,
    ],
    [
      'the address list is too short',
      { ipv4Addresses: ['10.0.0.5'] },
      /\[NodePool w\] ipv4Addresses: got \["10.0.0.5"\], expected exactly 3 addresses/,
    ],
    [
      'an address is listed twice',
      { ipv4Addresses: ['10.0.0.5', '10.0.0.6', '10.0.0.5'] },
      /\[NodePool w\] ipv4Addresses\[2\]: got "10.0.0.5", expected an address not already used by ipv4Addresses\[0\]/,
    ],
    [
      'a listed address is bad',
      { ipv4Addresses: ['10.0.0.5', 'x', '10.0.0.7'] },
      /\[NodePool w\] ipv4Addresses\[1\]: got "x", expected an IPv4 address/,
    ],
    [
      'both a list and a start address are given',
      { ipv4Addresses: ['10.0.0.5', '10.0.0.6', '10.0.0.7'], ipv4StartAddress: '10.0.0.5' },
      /\[NodePool w\] ipv4StartAddress: got "10.0.0.5", expected no start address when ipv4Addresses is given/,
    ],
    [
      'the start address runs past the subnet',
      { ipv4StartAddress: '10.0.0.253' },
      /\[NodePool w\] ipv4StartAddress: got "10.0.0.253", expected a start address that leaves 3 consecutive host addresses inside 10.0.0.0\/24/,
    ],
    ['the start address is bad', { ipv4StartAddress: '10.0.0' }, /\[NodePool w\] ipv4StartAddress: got "10.0.0", expected an IPv4 address/],
    [
      'a gateway is given with DHCP',
      { ipv4Gateway: '10.0.0.1' },
      /\[NodePool w\] ipv4Gateway: got "10.0.0.1", expected no gateway when the pool uses DHCP/,
    ],
    [
      'the gateway is one of the node addresses',
      { ipv4StartAddress: '10.0.0.1', ipv4Gateway: '10.0.0.2' },
      /\[NodePool w\] ipv4Gateway: got "10.0.0.2", expected an address other than the node's own \(10.0.0.2\)/,
    ],
    ['the pool cpu is 2', { cpu: 2 }, /\[NodePool w\] cpu: got 2, expected an integer greater than 2/],
    ['the pool role is unknown', { role: 'etcd' }, /\[NodePool w\] role: got "etcd", expected one of "control-plane", "worker"/],
  ];
  it.each(refusals)('should throw if %s', (_title, override, message) => {
    expect(() => resolveNodePoolSpecs('NodePool w', { ...pool, ...override } as never)).toThrow(message);
  });
});

describe('checkNodeSpecsUnique', () => {
  it('accepts distinct nodes of several pools', () => {
    const cp = resolveNodePoolSpecs('p', { clusterName: 'prod', role: 'control-plane', count: 3, ipv4StartAddress: '10.0.0.11' });
    const w = resolveNodePoolSpecs('p', { clusterName: 'prod', role: 'worker', count: 3, ipv4StartAddress: '10.0.0.21' });
    expect(() => checkNodeSpecsUnique('Cluster prod', [...cp, ...w])).not.toThrow();
  });

  it('should throw if two pools share a host name or an address', () => {
    const a = resolveNodePoolSpecs('p', { clusterName: 'prod', role: 'worker', count: 2, ipv4StartAddress: '10.0.0.21' });
    const b = resolveNodePoolSpecs('p', {
      clusterName: 'prod',
      role: 'worker',
      count: 2,
      namePattern: 'w-{index}',
      ipv4StartAddress: '10.0.0.22',
    });
    expect(() => checkNodeSpecsUnique('Cluster prod', [...a, ...a])).toThrow(
      /\[Cluster prod\] nodes\[2\].name: got "prod-worker-1", expected a VM name not already used by nodes\[0\]/,
    );
    expect(() => checkNodeSpecsUnique('Cluster prod', [...a, ...b])).toThrow(
      /\[Cluster prod\] nodes\[2\].ipv4Address: got "10.0.0.22", expected an address not already used by nodes\[1\]/,
    );
  });
});

describe('static addressing edge cases', () => {
  it('accepts both addresses of a /31 (no network or broadcast address) and a loopback DNS server', () => {
    const s = resolveNodeVmSpec('NodeVm x', {
      ...base,
      ipv4Address: '10.0.0.0',
      ipv4PrefixLength: 31,
      ipv4Gateway: '10.0.0.1',
      dnsServers: ['127.0.0.53'],
    });
    expect(s).toMatchObject({ ipv4Address: '10.0.0.0', ipv4PrefixLength: 31, ipv4Gateway: '10.0.0.1', dnsServers: ['127.0.0.53'] });
  });

  it('keeps extraConfig keys as written and adds disk.EnableUUID once', () => {
    const s = resolveNodeVmSpec('NodeVm x', { ...base, extraConfig: { 'guestinfo.Role': 'cp', 'disk.EnableUUID': 'TRUE' } });
    expect(s.extraConfig).toEqual({ 'disk.EnableUUID': 'TRUE', 'guestinfo.Role': 'cp' });
  });
});
