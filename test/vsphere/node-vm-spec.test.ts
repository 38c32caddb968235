import {
  checkNodeSpecsUnique,
  NODE_VM_DEFAULTS,
  NodeVmCloneChoices,
  NodeVmSpecProps,
  NodeVmTemplateFacts,
  nodeVmName,
  resolveNodePoolSpecs,
  resolveNodeVmClone,
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
      hardwareVersion: undefined,
      scsiType: 'pvscsi',
      enableDiskUuid: true,
      ipv4Address: undefined,
      ipv4PrefixLength: undefined,
      ipv4Gateway: undefined,
      dnsServers: [],
      dnsSuffixes: [],
      domain: 'localdomain',
      extraConfig: {},
      waitForGuestNetTimeoutMinutes: 5,
      waitForGuestIpTimeoutMinutes: 5,
      waitForGuestNetRoutable: true,
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
      extraConfig: { 'guestinfo.b': '2', 'guestinfo.a': '1' },
    });
    expect(s).toMatchObject({ cpu: 3, memoryMiB: 4097, diskGiB: 41, hardwareVersion: 19, role: 'control-plane' });
    expect(s.ipv4Address).toBe('10.0.0.11');
    expect(s.ipv4PrefixLength).toBe(24);
    expect(s.extraConfig).toEqual({ 'guestinfo.a': '1', 'guestinfo.b': '2' });
    expect(Object.keys(s.extraConfig)).toEqual(['guestinfo.a', 'guestinfo.b']);
    expect(s.waitForGuestNetRoutable).toBe(true);
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
      'extraConfig sets disk.EnableUUID=TRUE (enableDiskUuid already sets it; the duplicate risks perpetual diffs)',
      { extraConfig: { 'disk.EnableUUID': 'TRUE' } },
      /\[NodeVm x\] extraConfig key: got "disk.EnableUUID", expected a key other than "disk.EnableUUID": enableDiskUuid \(always true\) already sets it, and the same VMX key in extraConfig as well risks a perpetual diff and a reboot on every update; remove it from extraConfig/,
    ],
    [
      'extraConfig turns disk.EnableUUID off',
      { extraConfig: { 'disk.EnableUUID': 'FALSE' } },
      /\[NodeVm x\] extraConfig key: got "disk.EnableUUID", expected a key other than "disk.EnableUUID": enableDiskUuid/,
    ],
    [
      'extraConfig sets disk.enableuuid in another case',
      { extraConfig: { 'disk.enableuuid': '0' } },
      /\[NodeVm x\] extraConfig key: got "disk.enableuuid", expected a key other than "disk.EnableUUID"/,
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

  it('keeps extraConfig keys as written and never adds disk.EnableUUID (enableDiskUuid sets it)', () => {
    const s = resolveNodeVmSpec('NodeVm x', { ...base, extraConfig: { 'guestinfo.Role': 'cp' } });
    expect(s.extraConfig).toEqual({ 'guestinfo.Role': 'cp' });
    expect(s.enableDiskUuid).toBe(true);
  });

  it('turns off waiting for a routable address for a static address without a gateway, and only then', () => {
    expect(resolveNodeVmSpec('NodeVm x', { ...base, ipv4Address: '10.0.0.11' }).waitForGuestNetRoutable).toBe(false);
    expect(resolveNodeVmSpec('NodeVm x', { ...base, ipv4Address: '10.0.0.11', ipv4Gateway: '10.0.0.1' }).waitForGuestNetRoutable).toBe(
      true,
    );
    expect(resolveNodeVmSpec('NodeVm x', base).waitForGuestNetRoutable).toBe(true);
    const pool = resolveNodePoolSpecs('NodePool w', { clusterName: 'prod', role: 'worker', count: 2, ipv4StartAddress: '10.0.0.21' });
    expect(pool.map((p) => p.waitForGuestNetRoutable)).toEqual([false, false]);
  });
});

describe('resolveNodeVmClone (the spec checked against the template, as the provider 4.17.0 would)', () => {
  const template = (over: Partial<NodeVmTemplateFacts> = {}): NodeVmTemplateFacts => ({
    hardwareVersion: 15,
    scsiType: 'pvscsi',
    disks: [{ label: 'Hard disk 1', size: 60, unitNumber: 0, thinProvisioned: false, eagerlyScrub: true }],
    networkInterfaceTypes: ['vmxnet3'],
    ...over,
  });
  const full: NodeVmCloneChoices = { templateName: 'ubuntu-2204', linkedClone: false };
  const linked: NodeVmCloneChoices = { templateName: 'ubuntu-2204', linkedClone: true };
  const clone = (props: Partial<NodeVmSpecProps>, t: NodeVmTemplateFacts, choices: NodeVmCloneChoices = full) =>
    resolveNodeVmClone('NodeVm x', resolveNodeVmSpec('NodeVm x', { ...base, ...props }), t, choices);

  it('uses the template hardware version when it is above 15 and hardwareVersion is unset (was: 15, which the provider cannot downgrade to)', () => {
    expect(clone({}, template({ hardwareVersion: 19 })).hardwareVersion).toBe(19);
    expect(clone({}, template({ hardwareVersion: 22 })).hardwareVersion).toBe(22);
  });

  it('clones a template at hardware version 16 (which the provider does not accept) at 17', () => {
    expect(clone({}, template({ hardwareVersion: 16 })).hardwareVersion).toBe(17);
  });

  it('upgrades an older template to 15, and to a higher hardwareVersion when asked', () => {
    expect(clone({}, template({ hardwareVersion: 13 })).hardwareVersion).toBe(15);
    expect(clone({ hardwareVersion: 19 }, template({ hardwareVersion: 15 })).hardwareVersion).toBe(19);
    expect(clone({ hardwareVersion: 19 }, template({ hardwareVersion: 19 })).hardwareVersion).toBe(19);
  });

  it('keeps the template disk provisioning, grows a full clone disk, and adds new disks thin like the first template disk', () => {
    expect(clone({ diskGiB: 100, dataDisksGiB: [20, 30] }, template()).disks).toEqual([
      { label: 'disk0', size: 100, unitNumber: 0, thinProvisioned: false, eagerlyScrub: true },
      { label: 'disk1', size: 20, unitNumber: 1, thinProvisioned: false },
      { label: 'disk2', size: 30, unitNumber: 2, thinProvisioned: false },
    ]);
    // a thin disk asked for is never eagerly zeroed
    expect(clone({}, template(), { ...full, thinProvisioned: true }).disks[0]).toEqual({
      label: 'disk0',
      size: 100,
      unitNumber: 0,
      thinProvisioned: true,
      eagerlyScrub: false,
    });
    // a template that reports no disks
    expect(clone({}, template({ disks: [] })).disks).toEqual([{ label: 'disk0', size: 100, unitNumber: 0, thinProvisioned: true }]);
  });

  it('pairs template disks with the boot and data disks in bus order', () => {
    const t = template({
      disks: [
        { label: 'Hard disk 2', size: 20, unitNumber: 1, thinProvisioned: true, eagerlyScrub: false },
        { label: 'Hard disk 1', size: 50, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false },
      ],
    });
    expect(clone({ diskGiB: 50, dataDisksGiB: [20] }, t, linked).disks.map((d) => d.size)).toEqual([50, 20]);
  });

  it('accepts a linked clone whose disks equal the template disks', () => {
    expect(clone({ diskGiB: 60 }, template(), linked).disks).toEqual([
      { label: 'disk0', size: 60, unitNumber: 0, thinProvisioned: false, eagerlyScrub: true },
    ]);
  });

  it('takes the adapter type from the template (vmxnet3 when it has none), or the one asked for', () => {
    expect(clone({}, template({ networkInterfaceTypes: ['e1000e'] })).adapterType).toBe('e1000e');
    expect(clone({}, template({ networkInterfaceTypes: [] })).adapterType).toBe('vmxnet3');
    expect(clone({}, template({ networkInterfaceTypes: ['pcnet32'] }), { ...full, adapterType: 'vmxnet3' }).adapterType).toBe('vmxnet3');
  });

  const refusals: Array<[string, Partial<NodeVmSpecProps>, NodeVmTemplateFacts, NodeVmCloneChoices, RegExp]> = [
    [
      'hardwareVersion is below the template version (the provider never downgrades)',
      { hardwareVersion: 15 },
      template({ hardwareVersion: 19 }),
      full,
      /^\[NodeVm x\] hardwareVersion: got 15, expected 19 or later: the template "ubuntu-2204" is at hardware version 19 and the vSphere provider never downgrades a clone \(leave hardwareVersion unset to use the template's version, or choose a higher one to upgrade\)$/,
    ],
    [
      'the template is at a hardware version the provider does not accept',
      {},
      template({ hardwareVersion: 23 }),
      full,
      /^\[NodeVm x\] placement.template "ubuntu-2204" hardwareVersion: got 23, expected a hardware version from 1 to 22 \(the highest the vSphere provider 4.17.0 accepts; it cannot downgrade a clone below the template's version\)$/,
    ],
    [
      'the template SCSI controller is LSI Logic',
      {},
      template({ scsiType: 'lsilogic' }),
      full,
      /^\[NodeVm x\] placement.template "ubuntu-2204" scsiType: got "lsilogic", expected "pvscsi": the template's SCSI controller must already be VMware Paravirtual \(a vSphere CSI prerequisite\)\. Changing the boot disk controller while cloning can leave the guest unbootable, so it is not done here: convert the template first .*govc device\.ls -vm <template>/,
    ],
    [
      'the template has mixed SCSI controllers',
      {},
      template({ scsiType: 'mixed' }),
      full,
      /^\[NodeVm x\] placement.template "ubuntu-2204" scsiType: got "mixed", expected "pvscsi"/,
    ],
    [
      'the boot disk is smaller than the template disk (full clone)',
      { diskGiB: 50 },
      template(),
      full,
      /^\[NodeVm x\] diskGiB: got 50, expected at least 60 \(GiB\): Hard disk 1 of the template "ubuntu-2204" is 60 GiB and the provider cannot shrink a disk when cloning$/,
    ],
    [
      'a data disk is smaller than the matching template disk (full clone)',
      { diskGiB: 60, dataDisksGiB: [10] },
      template({
        disks: [
          { label: 'Hard disk 1', size: 60, unitNumber: 0 },
          { label: 'Hard disk 2', size: 20, unitNumber: 1 },
        ],
      }),
      full,
      /^\[NodeVm x\] dataDisksGiB\[0\]: got 10, expected at least 20 \(GiB\): Hard disk 2 of the template "ubuntu-2204" is 20 GiB/,
    ],
    [
      'the template has more disks than the spec',
      {},
      template({
        disks: [
          { label: 'Hard disk 1', size: 60, unitNumber: 0 },
          { label: 'Hard disk 2', size: 20, unitNumber: 1 },
        ],
      }),
      full,
      /^\[NodeVm x\] dataDisksGiB: got \[\], expected at least 1 data disks: the template "ubuntu-2204" has 2 disks \(60 GiB, 20 GiB\) and the provider needs one disk per template disk$/,
    ],
    [
      'a linked clone asks for a bigger disk than the template disk',
      { diskGiB: 100 },
      template(),
      linked,
      /^\[NodeVm x\] diskGiB: got 100, expected exactly 60 \(GiB\): a linked clone shares the template's disks, so Hard disk 1 of the template "ubuntu-2204" keeps its size of 60 GiB$/,
    ],
    [
      'a linked clone asks for thin disks from a thick template',
      { diskGiB: 60 },
      template(),
      { ...linked, thinProvisioned: true },
      /^\[NodeVm x\] thinProvisioned: got true, expected false \(as Hard disk 1 of the template "ubuntu-2204"\): a linked clone keeps the template's disk provisioning; leave thinProvisioned unset$/,
    ],
    [
      'the template adapter type is one the provider does not accept (pcnet32)',
      {},
      template({ networkInterfaceTypes: ['pcnet32'] }),
      full,
      /^\[NodeVm x\] placement.template "ubuntu-2204" networkInterfaceTypes\[0\]: got "pcnet32", expected one of "vmxnet3", "e1000", "e1000e", "sriov", "vrdma" \(the adapter types the provider's VirtualMachine accepts\); set adapterType to choose the clone's adapter \(e\.g\. "vmxnet3"\)$/,
    ],
    [
      'the template adapter type is vmxnet3vrdma (reported by the data source, not accepted by the resource)',
      {},
      template({ networkInterfaceTypes: ['vmxnet3vrdma'] }),
      full,
      /^\[NodeVm x\] placement.template "ubuntu-2204" networkInterfaceTypes\[0\]: got "vmxnet3vrdma", expected one of "vmxnet3"/,
    ],
  ];
  it.each(refusals)('should throw if %s', (_title, props, t, choices, message) => {
    expect(() => clone(props, t, choices)).toThrow(message);
  });
});
