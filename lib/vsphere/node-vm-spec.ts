import { ErrorScope, fail } from '../core/errors';
import { firstDuplicate } from '../core/reader';
import { formatIp, parseIp, requireIp, specialAddress } from '../core/ip';
import { isDns1123Label, isDns1123Subdomain, validateLabelName } from '../core/names';
import { NODE_ROLES, NodeRole } from '../core/node-role';

/**
 * The smallest sizes a Kubernetes node VM may have. The source document's hardware table for the platform's nodes
 * states "CPU > 2 vCPUs", "RAM > 4 GB" and "Disks > 40 GB": every bound is **strictly greater than**, so 2 vCPUs,
 * 4096 MiB and 40 GiB are refused and 3 vCPUs, 4097 MiB and 41 GiB are the smallest accepted values. GB is read as
 * the binary unit vSphere uses (the provider's `memory` is in MB = MiB and disk `size` in GB = GiB).
 */
export const NODE_VM_MINIMUMS = {
  /** The vCPU count must be greater than this. */
  cpuGreaterThan: 2,
  /** Memory in MiB must be greater than this (4 GB). */
  memoryMiBGreaterThan: 4096,
  /** The boot disk in GiB must be greater than this. */
  diskGiBGreaterThan: 40,
} as const;

/**
 * The largest node VM vSphere 8 configures (its configuration maximums per VM): 768 vCPUs, 24 TiB of memory, a 62 TiB
 * virtual disk.
 */
export const NODE_VM_MAXIMUMS = {
  /** vCPUs per VM. */
  cpu: 768,
  /** Memory per VM in MiB (24 TiB). */
  memoryMiB: 24 * 1024 * 1024,
  /** Virtual disk size in GiB (62 TiB). */
  diskGiB: 62 * 1024,
} as const;

/**
 * The VM hardware versions a node VM may use: at least 15 (a vSphere CSI / CNS prerequisite) and one the vSphere
 * provider accepts (it allows 4, 7-11, 13-15 and 17-22; there is no hardware version 16).
 * @internal
 */
export const NODE_VM_HARDWARE_VERSIONS: readonly number[] = [15, 17, 18, 19, 20, 21, 22];

/** The defaults {@link resolveNodeVmSpec} applies. @internal */
export const NODE_VM_DEFAULTS = {
  role: 'worker' as NodeRole,
  cpu: 4,
  coresPerSocket: 1,
  memoryMiB: 8192,
  diskGiB: 100,
  /**
   * The lowest hardware version a node VM gets: 15 = the minimum the vSphere CSI driver requires, and the only
   * version every host that CNS supports (vSphere 6.7U3 and later) can run. When `hardwareVersion` is not set, a
   * clone gets max(15, the template's version) (see {@link resolveNodeVmClone}): the provider upgrades a template
   * below 15 but never downgrades one.
   */
  hardwareVersion: 15,
  scsiType: 'pvscsi' as const,
  enableDiskUuid: true as const,
  ipv4PrefixLength: 24,
  domain: 'localdomain',
  waitForGuestNetTimeoutMinutes: 5,
  waitForGuestIpTimeoutMinutes: 5,
} as const;

/**
 * The VMX key that makes VMDKs present stable UUIDs (`/dev/disk/by-id/wwn-0x<uuid>`) to the guest. The provider's
 * `enableDiskUuid` sets it (the VM flag `diskUuidEnabled` is this key), so the key is never written to `extraConfig`,
 * and `extraConfig` may not hold it.
 * @internal
 */
export const DISK_ENABLE_UUID_KEY = 'disk.EnableUUID';

/**
 * The network adapter types the provider's `VirtualMachine` accepts (`networkInterfaces[].adapterType`). The
 * `getVirtualMachine` data source can report others for a template (`pcnet32`, `vmxnet2`, `vmxnet3vrdma`).
 * @internal
 */
export const NODE_VM_ADAPTER_TYPES: readonly string[] = ['vmxnet3', 'e1000', 'e1000e', 'sriov', 'vrdma'];

/** The highest VM hardware version the vSphere provider 4.17.0 accepts. @internal */
export const MAX_PROVIDER_HARDWARE_VERSION = 22;

/** The longest VM name vSphere accepts. @internal */
export const MAX_VM_NAME_LENGTH = 80;

/** The most data disks a node gets on its one SCSI controller (units 1-15 without 7, which the controller holds). @internal */
export const MAX_DATA_DISKS = 13;

/** The sizing, disk, guest-network and VMX settings shared by a single node and a pool of nodes. */
export interface NodeVmSettings {
  /**
   * The name of the Kubernetes cluster. It prefixes every VM name (`<clusterName>-<hostname>`) so that clusters
   * sharing a datacenter never clash. A DNS-1123 label.
   */
  readonly clusterName: string;
  /**
   * The number of vCPUs. More than 2 (the documented minimum for a Kubernetes node is "> 2 vCPUs").
   * @default 4
   */
  readonly cpu?: number;
  /**
   * Cores per virtual socket; must divide `cpu`.
   * @default 1
   */
  readonly coresPerSocket?: number;
  /**
   * Memory in MiB. More than 4096 (the documented minimum is "> 4 GB").
   * @default 8192
   */
  readonly memoryMiB?: number;
  /**
   * The boot disk in GiB. More than 40 (the documented minimum is "> 40 GB"). When cloning it must be at least
   * the template disk's size (the provider does not shrink disks), and exactly that size for a linked clone.
   * @default 100
   */
  readonly diskGiB?: number;
  /**
   * Extra data disks in GiB (each at least 1), on SCSI units 1, 2, ... (skipping 7). At most 13.
   * @default - none
   */
  readonly dataDisksGiB?: number[];
  /**
   * The VM hardware version: 15 or 17-22. Versions below 15 are refused (vSphere CSI prerequisite) and 16 does not
   * exist. The provider upgrades a clone but never downgrades it, so a version below the template's is refused when
   * the template is looked up (at `pulumi preview`); a higher one upgrades the clone.
   * @default - max(15, the template's hardware version)
   */
  readonly hardwareVersion?: number;
  /**
   * The SCSI controller type. Only `pvscsi` (VMware Paravirtual) is accepted: a vSphere CSI prerequisite.
   * @default 'pvscsi'
   */
  readonly scsiType?: string;
  /**
   * Sets `disk.EnableUUID=TRUE`. Only `true` is accepted: the vSphere CSI node plugin finds disks by UUID.
   * @default true
   */
  readonly enableDiskUuid?: boolean;
  /**
   * The IPv4 prefix length of a static address (8-30 are usual; 1-32 accepted). Only with a static address.
   * @default 24
   */
  readonly ipv4PrefixLength?: number;
  /**
   * The IPv4 default gateway of a static address; must lie in the node's subnet. Only with a static address.
   * @default - none
   */
  readonly ipv4Gateway?: string;
  /**
   * DNS servers written by guest customization (IPv4 or IPv6 addresses; not unspecified, multicast or broadcast).
   * @default - none (DHCP or the template's settings)
   */
  readonly dnsServers?: string[];
  /**
   * DNS search suffixes written by guest customization (DNS-1123 subdomains).
   * @default - none
   */
  readonly dnsSuffixes?: string[];
  /**
   * The guest's domain name (guest customization `linuxOptions.domain`, which the provider requires).
   * @default 'localdomain'
   */
  readonly domain?: string;
  /**
   * Extra VMX settings (`extraConfig`), written as given. Keys must be unique ignoring letter case (VMX keys are
   * case-insensitive). `disk.EnableUUID` (in any spelling) is refused: `enableDiskUuid` already sets it, and the
   * same key in `extraConfig` as well risks a perpetual diff (and a reboot on every update).
   * @default - none
   */
  readonly extraConfig?: Record<string, string>;
  /**
   * Minutes to wait for VMware Tools to report a routable guest IP (provider `waitForGuestNetTimeout`). 0 disables.
   * @default 5
   */
  readonly waitForGuestNetTimeoutMinutes?: number;
  /**
   * Minutes to wait for VMware Tools to report any guest IP (provider `waitForGuestIpTimeout`). 0 disables.
   * @default 5
   */
  readonly waitForGuestIpTimeoutMinutes?: number;
}

/** The props of one node VM's spec. */
export interface NodeVmSpecProps extends NodeVmSettings {
  /** The node's host name (and Kubernetes node name): a DNS-1123 label. */
  readonly hostname: string;
  /**
   * The node's Kubernetes role.
   * @default 'worker'
   */
  readonly role?: NodeRole;
  /**
   * A static IPv4 address for the node's network interface: a host address of its subnet (not the network or
   * broadcast address, nor an unspecified, loopback, multicast or broadcast address).
   * @default - DHCP
   */
  readonly ipv4Address?: string;
}

/**
 * A fully resolved and validated node VM spec: Pulumi-free, so the KubeKey generator (hosts, roleGroups) and the
 * Pulumi `NodeVm` component share it.
 */
export interface NodeVmSpec {
  /** The vSphere VM name: `<clusterName>-<hostname>`. */
  readonly name: string;
  /** The node's host name (the Kubernetes node name). */
  readonly hostname: string;
  /** The cluster name (VM name prefix). */
  readonly clusterName: string;
  /** The node's Kubernetes role. */
  readonly role: NodeRole;
  /** vCPUs. */
  readonly cpu: number;
  /** Cores per socket. */
  readonly coresPerSocket: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
  /** Boot disk in GiB. */
  readonly diskGiB: number;
  /** Data disks in GiB (SCSI units 1, 2, ... skipping 7). */
  readonly dataDisksGiB: readonly number[];
  /**
   * The VM hardware version asked for; checked against the template's when it is looked up
   * ({@link resolveNodeVmClone}).
   * @default - max(15, the template's hardware version)
   */
  readonly hardwareVersion?: number;
  /** Always `pvscsi`. */
  readonly scsiType: 'pvscsi';
  /** Always true. */
  readonly enableDiskUuid: true;
  /** The static IPv4 address; undefined means DHCP. @default - DHCP */
  readonly ipv4Address?: string;
  /** The prefix length of the static address (undefined with DHCP). @default - DHCP: no prefix length */
  readonly ipv4PrefixLength?: number;
  /** The default gateway (static addressing only). @default - no gateway */
  readonly ipv4Gateway?: string;
  /** DNS servers. */
  readonly dnsServers: readonly string[];
  /** DNS search suffixes. */
  readonly dnsSuffixes: readonly string[];
  /** The guest domain. */
  readonly domain: string;
  /** The user's VMX settings, keys sorted (never `disk.EnableUUID`: `enableDiskUuid` sets it). */
  readonly extraConfig: Readonly<Record<string, string>>;
  /** Minutes to wait for a routable guest IP. */
  readonly waitForGuestNetTimeoutMinutes: number;
  /**
   * Whether the provider waits for a *routable* guest address (provider `waitForGuestNetRoutable`, default true):
   * false for a static address without a gateway, since such a guest has no default route and the wait would
   * always time out.
   */
  readonly waitForGuestNetRoutable: boolean;
  /** Minutes to wait for any guest IP. */
  readonly waitForGuestIpTimeoutMinutes: number;
}

/** The Kubernetes `spec.providerID` of a node VM with the given BIOS UUID: `vsphere://<uuid>`. @internal */
export function vsphereProviderId(uuid: string): string {
  return `vsphere://${uuid}`;
}

/** The VM name of a node: `<clusterName>-<hostname>`. @internal */
export function nodeVmName(clusterName: string, hostname: string): string {
  return `${clusterName}-${hostname}`;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function requireIntAbove(where: ErrorScope, field: string, value: number, above: number, why: string, max: number): void {
  if (!isInt(value) || value <= above) fail(where, field, value, `an integer greater than ${above} (${why})`);
  if (value > max) fail(where, field, value, `an integer of at most ${max} (the vSphere 8 maximum per VM)`);
}

/** The size of a node VM, as {@link readNodeVmSizeProps} reads it. */
export interface NodeVmSize {
  /** vCPUs. @default - not checked (the caller's default) */
  readonly cpu?: number;
  /** Memory in MiB. @default - not checked (the caller's default) */
  readonly memoryMiB?: number;
  /** System disk in GiB. @default - not checked (the caller's default) */
  readonly diskGiB?: number;
}

/**
 * The node size rule (props reader of `cpu`, `memoryMiB`, `diskGiB` for NodeVm, NodePool and the config loader): more
 * than the source document's minimums ({@link NODE_VM_MINIMUMS}) and at most vSphere's per-VM maximums
 * ({@link NODE_VM_MAXIMUMS}). With `required`, a missing value is an error too (the config file has no size default).
 */
export function readNodeVmSizeProps(where: ErrorScope, s: NodeVmSize, required = false): void {
  const check = (field: keyof NodeVmSize, above: number, why: string): void => {
    if (s[field] !== undefined || required) requireIntAbove(where, field, s[field] as number, above, why, NODE_VM_MAXIMUMS[field]);
  };
  check('cpu', NODE_VM_MINIMUMS.cpuGreaterThan, 'a Kubernetes node needs more than 2 vCPUs');
  check('memoryMiB', NODE_VM_MINIMUMS.memoryMiBGreaterThan, 'a Kubernetes node needs more than 4 GB of memory');
  check('diskGiB', NODE_VM_MINIMUMS.diskGiBGreaterThan, 'a Kubernetes node needs a disk of more than 40 GB');
}

function requireIntRange(where: ErrorScope, field: string, value: number, min: number, max: number): void {
  if (!isInt(value) || value < min || value > max) fail(where, field, value, `an integer from ${min} to ${max}`);
}

/** Validates a hardware version: 15 or 17-22. @internal */
export function validateHardwareVersion(where: ErrorScope, field: string, value: number): void {
  if (isInt(value) && value < 15) {
    fail(where, field, value, '15 or later (15, 17-22): the vSphere CSI driver needs VM hardware version 15 or higher');
  }
  if (!NODE_VM_HARDWARE_VERSIONS.includes(value)) {
    fail(where, field, value, 'one of 15, 17, 18, 19, 20, 21, 22 (the vSphere provider accepts 4, 7-11, 13-15, 17-22; there is no 16)');
  }
}

function validateSettings(where: ErrorScope, s: NodeVmSettings): void {
  validateLabelName(where, 'clusterName', s.clusterName);
  if (s.scsiType !== undefined && s.scsiType !== 'pvscsi') {
    fail(where, 'scsiType', s.scsiType, '"pvscsi" (a VMware Paravirtual SCSI controller is a vSphere CSI prerequisite)');
  }
  if (s.enableDiskUuid !== undefined && s.enableDiskUuid !== true) {
    fail(where, 'enableDiskUuid', s.enableDiskUuid, 'true (disk.EnableUUID=TRUE is a vSphere CSI prerequisite)');
  }
  if (s.hardwareVersion !== undefined) validateHardwareVersion(where, 'hardwareVersion', s.hardwareVersion);
  readNodeVmSizeProps(where, s);
  if (s.coresPerSocket !== undefined) {
    const cpu = s.cpu ?? NODE_VM_DEFAULTS.cpu;
    if (!isInt(s.coresPerSocket) || s.coresPerSocket < 1 || cpu % s.coresPerSocket !== 0) {
      fail(where, 'coresPerSocket', s.coresPerSocket, `a positive integer that divides cpu (${cpu})`);
    }
  }
  const data = s.dataDisksGiB ?? [];
  if (!Array.isArray(data) || data.length > MAX_DATA_DISKS) {
    fail(where, 'dataDisksGiB', data, `a list of at most ${MAX_DATA_DISKS} disk sizes (one SCSI controller)`);
  }
  data.forEach((size, i) => {
    if (!isInt(size) || size < 1) fail(where, `dataDisksGiB[${i}]`, size, 'an integer of at least 1 (GiB)');
  });
  if (s.ipv4PrefixLength !== undefined) requireIntRange(where, 'ipv4PrefixLength', s.ipv4PrefixLength, 1, 32);
  (s.dnsServers ?? []).forEach((d, i) => {
    const special = specialAddress(requireIp(where, `dnsServers[${i}]`, d));
    if (special && special.kind !== 'loopback') {
      fail(where, `dnsServers[${i}]`, d, `a DNS server's unicast address (not ${special.kind}, ${special.block})`);
    }
  });
  (s.dnsSuffixes ?? []).forEach((d, i) => {
    if (!isDns1123Subdomain(d)) fail(where, `dnsSuffixes[${i}]`, d, 'a DNS-1123 subdomain, e.g. "example.com"');
  });
  if (s.domain !== undefined && !isDns1123Subdomain(s.domain)) fail(where, 'domain', s.domain, 'a DNS-1123 subdomain, e.g. "example.com"');
  // VMX keys are case-insensitive: two keys that differ only in case would silently collapse into one setting.
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(s.extraConfig ?? {})) {
    if (key.length === 0) fail(where, 'extraConfig key', key, 'a non-empty VMX key');
    if (typeof value !== 'string') fail(where, `extraConfig["${key}"]`, value, 'a string value');
    const lower = key.toLowerCase();
    if (lower === DISK_ENABLE_UUID_KEY.toLowerCase()) {
      fail(
        where,
        'extraConfig key',
        key,
        `a key other than "${DISK_ENABLE_UUID_KEY}": enableDiskUuid (always true) already sets it, and the same VMX key in extraConfig as well risks a perpetual diff and a reboot on every update; remove it from extraConfig`,
      );
    }
    const prev = keys.get(lower);
    if (prev !== undefined) {
      fail(where, 'extraConfig key', key, `a key unique ignoring letter case (VMX keys are case-insensitive; "${prev}" is already given)`);
    }
    keys.set(lower, key);
  }
  if (s.waitForGuestNetTimeoutMinutes !== undefined)
    requireIntRange(where, 'waitForGuestNetTimeoutMinutes', s.waitForGuestNetTimeoutMinutes, 0, 1440);
  if (s.waitForGuestIpTimeoutMinutes !== undefined)
    requireIntRange(where, 'waitForGuestIpTimeoutMinutes', s.waitForGuestIpTimeoutMinutes, 0, 1440);
}

function validateStaticIpv4(where: ErrorScope, field: string, address: string, prefixLength: number, gateway: string | undefined): void {
  const ip = requireIp(where, field, address, 'IPv4');
  const special = specialAddress(ip);
  if (special) fail(where, field, address, `a unicast IPv4 host address (not ${special.kind}, ${special.block})`);
  const hostBits = BigInt(32 - prefixLength);
  const network = (ip.value >> hostBits) << hostBits;
  const broadcast = network + (1n << hostBits) - 1n;
  const subnet = (): string => `${formatIp('IPv4', network)}/${prefixLength}`; // for messages only
  if (prefixLength <= 30 && (ip.value === network || ip.value === broadcast)) {
    fail(where, field, address, `a host address of ${subnet()} (not its network or broadcast address)`);
  }
  if (gateway !== undefined) {
    const gw = requireIp(where, 'ipv4Gateway', gateway, 'IPv4');
    if (gw.value < network || gw.value > broadcast) fail(where, 'ipv4Gateway', gateway, `an address inside the node subnet ${subnet()}`);
    if (prefixLength <= 30 && (gw.value === network || gw.value === broadcast)) {
      fail(where, 'ipv4Gateway', gateway, `a host address of ${subnet()} (not its network or broadcast address)`);
    }
    if (gw.value === ip.value) fail(where, 'ipv4Gateway', gateway, `an address other than the node's own (${address})`);
  }
}

/**
 * Validates `props` and applies the defaults. Throws a ValidationError `[<where>] <field>: got <value>, expected ...`
 * for every bad input.
 *
 * @param where the name used in error messages, e.g. `NodeVm k8s-cp-1`
 * @internal
 */
export function resolveNodeVmSpec(where: ErrorScope, props: NodeVmSpecProps): NodeVmSpec {
  return resolveSpec(where, 'ipv4Address', props);
}

/** `settingsValidated`: the caller has run `validateSettings` on the same settings (a pool does it once for its nodes). */
function resolveSpec(where: ErrorScope, ipField: string, props: NodeVmSpecProps, settingsValidated = false): NodeVmSpec {
  if (!settingsValidated) validateSettings(where, props);
  validateLabelName(where, 'hostname', props.hostname);
  const role = props.role ?? NODE_VM_DEFAULTS.role;
  if (!NODE_ROLES.includes(role)) fail(where, 'role', role, `one of ${NODE_ROLES.map((r) => `"${r}"`).join(', ')}`);
  const name = nodeVmName(props.clusterName, props.hostname);
  if (name.length > MAX_VM_NAME_LENGTH) {
    fail(
      where,
      'hostname',
      props.hostname,
      `a host name that keeps the VM name "<clusterName>-<hostname>" within ${MAX_VM_NAME_LENGTH} characters`,
    );
  }
  let ipv4PrefixLength: number | undefined;
  if (props.ipv4Address !== undefined) {
    ipv4PrefixLength = props.ipv4PrefixLength ?? NODE_VM_DEFAULTS.ipv4PrefixLength;
    validateStaticIpv4(where, ipField, props.ipv4Address, ipv4PrefixLength, props.ipv4Gateway);
  } else {
    if (props.ipv4Gateway !== undefined) fail(where, 'ipv4Gateway', props.ipv4Gateway, 'no gateway when ipv4Address is unset (DHCP)');
    if (props.ipv4PrefixLength !== undefined)
      fail(where, 'ipv4PrefixLength', props.ipv4PrefixLength, 'no prefix length when ipv4Address is unset (DHCP)');
  }
  const extraConfig = props.extraConfig ?? {};
  const sortedExtraConfig: Record<string, string> = {};
  for (const key of Object.keys(extraConfig).sort()) sortedExtraConfig[key] = extraConfig[key];
  return {
    name,
    hostname: props.hostname,
    clusterName: props.clusterName,
    role,
    cpu: props.cpu ?? NODE_VM_DEFAULTS.cpu,
    coresPerSocket: props.coresPerSocket ?? NODE_VM_DEFAULTS.coresPerSocket,
    memoryMiB: props.memoryMiB ?? NODE_VM_DEFAULTS.memoryMiB,
    diskGiB: props.diskGiB ?? NODE_VM_DEFAULTS.diskGiB,
    dataDisksGiB: [...(props.dataDisksGiB ?? [])],
    hardwareVersion: props.hardwareVersion,
    scsiType: 'pvscsi',
    enableDiskUuid: true,
    ipv4Address: props.ipv4Address,
    ipv4PrefixLength,
    ipv4Gateway: props.ipv4Gateway,
    dnsServers: [...(props.dnsServers ?? [])],
    dnsSuffixes: [...(props.dnsSuffixes ?? [])],
    domain: props.domain ?? NODE_VM_DEFAULTS.domain,
    extraConfig: sortedExtraConfig,
    waitForGuestNetTimeoutMinutes: props.waitForGuestNetTimeoutMinutes ?? NODE_VM_DEFAULTS.waitForGuestNetTimeoutMinutes,
    waitForGuestIpTimeoutMinutes: props.waitForGuestIpTimeoutMinutes ?? NODE_VM_DEFAULTS.waitForGuestIpTimeoutMinutes,
    waitForGuestNetRoutable: props.ipv4Address === undefined || props.ipv4Gateway !== undefined,
  };
}

/** The props of a pool of identical node VMs. */
export interface NodePoolSpecProps extends NodeVmSettings {
  /** The role of every node in the pool. */
  readonly role: NodeRole;
  /** The number of nodes (1-1000). */
  readonly count: number;
  /**
   * The host name pattern; `{index}` is replaced by the node's index (from `startIndex`). It must contain `{index}`
   * when `count` is more than 1, and every result must be a DNS-1123 label.
   * @default '<role>-{index}', e.g. 'worker-{index}'
   */
  readonly namePattern?: string;
  /**
   * The index of the first node.
   * @default 1
   */
  readonly startIndex?: number;
  /**
   * One static IPv4 address per node, in order (exactly `count`, no duplicates). Not with `ipv4StartAddress`.
   * @default - DHCP, unless `ipv4StartAddress` is given
   */
  readonly ipv4Addresses?: string[];
  /**
   * The first of `count` consecutive static IPv4 addresses, all inside the node subnet. Not with `ipv4Addresses`.
   * @default - DHCP, unless `ipv4Addresses` is given
   */
  readonly ipv4StartAddress?: string;
}

/** The maximum number of nodes in one pool. @internal */
export const MAX_POOL_SIZE = 1000;

/** Options of {@link readNodePoolProps}. @internal */
export interface ReadNodePoolOptions {
  /**
   * The name of the address list in the source, used in fields and messages (the config file says `ipAddresses`).
   * @default 'ipv4Addresses'
   */
  readonly addressesKey?: string;
}

/**
 * The props reader of a node pool ({@link resolveNodePoolSpecs}, used by `NodePool`, and the config loader's
 * `nodePools[i]`): the count (1 to {@link MAX_POOL_SIZE}), the role, and the addressing: exactly one IPv4 address per
 * node without duplicates, or `count` consecutive host addresses from `ipv4StartAddress`, or DHCP (then no gateway and
 * no prefix length). Returns the node addresses (undefined for DHCP).
 * @internal
 */
export function readNodePoolProps(
  where: ErrorScope,
  props: {
    readonly count: number;
    readonly role: NodeRole;
    readonly ipv4Addresses?: string[];
    readonly ipv4StartAddress?: string;
    readonly ipv4Gateway?: string;
    readonly ipv4PrefixLength?: number;
  },
  options: ReadNodePoolOptions = {},
): Array<string | undefined> {
  const key = options.addressesKey ?? 'ipv4Addresses';
  const { count } = props;
  requireIntRange(where, 'count', count, 1, MAX_POOL_SIZE);
  if (!NODE_ROLES.includes(props.role)) fail(where, 'role', props.role, `one of ${NODE_ROLES.map((r) => `"${r}"`).join(', ')}`);
  if (props.ipv4Addresses !== undefined && props.ipv4StartAddress !== undefined) {
    fail(where, 'ipv4StartAddress', props.ipv4StartAddress, `no start address when ${key} is given (use one of them)`);
  }
  let addresses: Array<string | undefined> = new Array<string | undefined>(count).fill(undefined);
  if (props.ipv4Addresses !== undefined) {
    if (!Array.isArray(props.ipv4Addresses) || props.ipv4Addresses.length !== count) {
      fail(where, key, props.ipv4Addresses, `exactly ${count} addresses (one per node)`);
    }
    const seen = new Map<bigint, number>();
    props.ipv4Addresses.forEach((a, i) => {
      const ip = requireIp(where, `${key}[${i}]`, a, 'IPv4');
      const prev = seen.get(ip.value);
      if (prev !== undefined) fail(where, `${key}[${i}]`, a, `an address not already used by ${key}[${prev}]`);
      seen.set(ip.value, i);
    });
    addresses = [...props.ipv4Addresses];
  } else if (props.ipv4StartAddress !== undefined) {
    const start = requireIp(where, 'ipv4StartAddress', props.ipv4StartAddress, 'IPv4');
    const prefix = props.ipv4PrefixLength ?? NODE_VM_DEFAULTS.ipv4PrefixLength;
    requireIntRange(where, 'ipv4PrefixLength', prefix, 1, 32);
    const hostBits = BigInt(32 - prefix);
    const network = (start.value >> hostBits) << hostBits;
    const lastUsable = prefix <= 30 ? network + (1n << hostBits) - 2n : network + (1n << hostBits) - 1n;
    const last = start.value + BigInt(count - 1);
    if (last > lastUsable) {
      const subnet = `${formatIp('IPv4', network)}/${prefix}`;
      fail(
        where,
        'ipv4StartAddress',
        props.ipv4StartAddress,
        `a start address that leaves ${count} consecutive host addresses inside ${subnet}`,
      );
    }
    addresses = Array.from({ length: count }, (_, i) => formatIp('IPv4', start.value + BigInt(i)));
  }
  if (addresses[0] === undefined) {
    const dhcp = options.addressesKey === undefined ? 'no ipv4Addresses or ipv4StartAddress' : `no ${key}`;
    if (props.ipv4Gateway !== undefined) fail(where, 'ipv4Gateway', props.ipv4Gateway, `no gateway when the pool uses DHCP (${dhcp})`);
    if (props.ipv4PrefixLength !== undefined) {
      fail(where, 'ipv4PrefixLength', props.ipv4PrefixLength, `no prefix length when the pool uses DHCP (${dhcp})`);
    }
  }
  return addresses;
}

/**
 * Validates a pool and returns the spec of each node, in index order. Pulumi-free: the KubeKey generator can use it.
 *
 * @param where the name used in error messages, e.g. `NodePool workers`
 */
export function resolveNodePoolSpecs(where: string, props: NodePoolSpecProps): NodeVmSpec[] {
  // The props reader: count, role, addressing (shared with the config loader's nodePools).
  const addresses = readNodePoolProps(where, props);
  const { count } = props;
  const startIndex = props.startIndex ?? 1;
  requireIntRange(where, 'startIndex', startIndex, 0, 1_000_000);
  const pattern = props.namePattern ?? `${props.role}-{index}`;
  if (typeof pattern !== 'string' || (count > 1 && !pattern.includes('{index}'))) {
    fail(where, 'namePattern', pattern, 'a pattern containing "{index}" (the pool has more than one node)');
  }
  const patternParts = pattern.split('{index}');
  const hostnameOf = (index: number): string => patternParts.join(String(index));
  for (const index of [startIndex, startIndex + count - 1]) {
    if (!isDns1123Label(hostnameOf(index))) {
      fail(
        where,
        'namePattern',
        pattern,
        `a pattern whose host names (e.g. "${hostnameOf(index)}") are DNS-1123 labels: lowercase alphanumerics or "-", at most 63`,
      );
    }
  }
  // The settings are the same for every node of the pool: validated once here, as the first node would.
  validateSettings(where, props);
  const specs: NodeVmSpec[] = [];
  for (let i = 0; i < count; i++) {
    const ipField = props.ipv4Addresses !== undefined ? `ipv4Addresses[${i}]` : 'ipv4StartAddress';
    specs.push(
      resolveSpec(
        where,
        ipField,
        Object.assign(settingsOf(props), {
          hostname: hostnameOf(startIndex + i),
          role: props.role,
          ipv4Address: addresses[i],
          ipv4PrefixLength: addresses[i] !== undefined ? props.ipv4PrefixLength : undefined,
          ipv4Gateway: addresses[i] !== undefined ? props.ipv4Gateway : undefined,
        }),
        true,
      ),
    );
  }
  return specs;
}

function settingsOf(s: NodeVmSettings): NodeVmSettings {
  return {
    clusterName: s.clusterName,
    cpu: s.cpu,
    coresPerSocket: s.coresPerSocket,
    memoryMiB: s.memoryMiB,
    diskGiB: s.diskGiB,
    dataDisksGiB: s.dataDisksGiB,
    hardwareVersion: s.hardwareVersion,
    scsiType: s.scsiType,
    enableDiskUuid: s.enableDiskUuid,
    dnsServers: s.dnsServers,
    dnsSuffixes: s.dnsSuffixes,
    domain: s.domain,
    extraConfig: s.extraConfig,
    waitForGuestNetTimeoutMinutes: s.waitForGuestNetTimeoutMinutes,
    waitForGuestIpTimeoutMinutes: s.waitForGuestIpTimeoutMinutes,
  };
}

/**
 * Checks that node specs (e.g. of all pools of one cluster) have unique VM names, host names and static addresses.
 * O(n) with Maps. Throws for the first duplicate.
 * @internal
 */
export function checkNodeSpecsUnique(where: ErrorScope, specs: readonly NodeVmSpec[]): void {
  // the first duplicate in node order; for one node, its VM name before its host name before its address
  const found = [
    { dup: firstDuplicate(specs, (s) => s.name), field: 'name', what: 'a VM name' },
    { dup: firstDuplicate(specs, (s) => s.hostname), field: 'hostname', what: 'a host name' },
    {
      dup: firstDuplicate(specs, (s) => (s.ipv4Address === undefined ? undefined : parseIp(s.ipv4Address)!.value)),
      field: 'ipv4Address',
      what: 'an address',
    },
  ].filter((f) => f.dup !== undefined);
  if (found.length === 0) return;
  const first = found.reduce((a, b) => (b.dup![0] < a.dup![0] ? b : a));
  const [i, prev] = first.dup!;
  const value = (specs[i] as unknown as Record<string, unknown>)[first.field];
  fail(where, `nodes[${i}].${first.field}`, value, `${first.what} not already used by nodes[${prev}]`);
}

/** A disk of the template, as the provider's `getVirtualMachine` data source reports it. */
export interface NodeVmTemplateDisk {
  /** The disk label. @default - not reported */
  readonly label?: string;
  /** The size in GiB. */
  readonly size: number;
  /** The unit number on its bus. @default - not reported: bus order */
  readonly unitNumber?: number;
  /** Thin provisioned. @default - not reported: true */
  readonly thinProvisioned?: boolean;
  /** Eagerly zeroed. @default - not reported: false */
  readonly eagerlyScrub?: boolean;
}

/**
 * What the clone checks need to know about the template: the fields of the provider's `getVirtualMachine` data
 * source (`hardwareVersion`, `scsiType`, `disks`, `networkInterfaceTypes`).
 */
export interface NodeVmTemplateFacts {
  /** The template's VM hardware version. */
  readonly hardwareVersion: number;
  /** The type of the template's SCSI controllers (`pvscsi`, `lsilogic`, `lsilogic-sas`, `buslogic`, `mixed`). */
  readonly scsiType: string;
  /** The template's disks, in bus order. @default - none */
  readonly disks?: readonly NodeVmTemplateDisk[];
  /** The template's network adapter types, in bus order. @default - none */
  readonly networkInterfaceTypes?: readonly string[];
}

/** The clone options that the template checks depend on. */
export interface NodeVmCloneChoices {
  /** The template name, for messages. */
  readonly templateName: string;
  /** A linked clone (disks must equal the template's). */
  readonly linkedClone: boolean;
  /** Thin provisioning asked for. @default - as each template disk (new disks: as the template's first disk) */
  readonly thinProvisioned?: boolean;
  /** The adapter type asked for. @default - the template's first adapter type ('vmxnet3' if it has none) */
  readonly adapterType?: string;
}

/** A disk of the clone, with the provider's field names. */
export interface NodeVmCloneDisk {
  /** `disk0`, `disk1`, ... */
  readonly label: string;
  /** Size in GiB. */
  readonly size: number;
  /** SCSI unit number (0 is the boot disk; 7 is skipped). */
  readonly unitNumber: number;
  /** Thin provisioning. */
  readonly thinProvisioned: boolean;
  /** Eagerly zeroed (sent for disks the template has). @default - not sent: the provider's false */
  readonly eagerlyScrub?: boolean;
}

/** The clone settings that depend on the template, checked by {@link resolveNodeVmClone}. */
export interface NodeVmCloneSettings {
  /** max(15, the template's version) unless the spec asks for a higher one. */
  readonly hardwareVersion: number;
  /** The network adapter type. */
  readonly adapterType: string;
  /** The disks: the boot disk, then the data disks. */
  readonly disks: readonly NodeVmCloneDisk[];
}

/** SCSI unit numbers for data disks: 1, 2, ... skipping 7 (the controller's own unit). */
function dataDiskUnit(i: number): number {
  const unit = i + 1;
  return unit >= 7 ? unit + 1 : unit;
}

function sizeField(i: number): string {
  return i === 0 ? 'diskGiB' : `dataDisksGiB[${i - 1}]`;
}

/**
 * Checks a node VM's spec against the template it is cloned from, with the rules of the vSphere provider 4.17.0
 * (terraform-provider-vsphere v2.16.1), and returns the template-dependent clone settings. Runs when the template
 * has been looked up, so its errors appear at `pulumi preview`, before any VM is cloned:
 * - hardware version: the provider upgrades a clone but never downgrades it; unset means max(15, template's);
 *   the template's version must be one the provider accepts (at most 22);
 * - SCSI controller: the template's must be `pvscsi` (the provider would swap the boot disk's controller type,
 *   which can leave the guest without a driver for its boot disk);
 * - disks: at least as many as the template has; each at least the template disk's size (exactly it, with the
 *   same provisioning, for a linked clone);
 * - network adapter: the template's type must be one the provider accepts unless `adapterType` is given.
 *
 * @param where the name used in error messages, e.g. `NodeVm k8s-cp-1`
 */
export function resolveNodeVmClone(
  where: string,
  spec: NodeVmSpec,
  template: NodeVmTemplateFacts,
  choices: NodeVmCloneChoices,
): NodeVmCloneSettings {
  const tmpl = `placement.template "${choices.templateName}"`;
  if (template.scsiType !== spec.scsiType) {
    fail(
      where,
      `${tmpl} scsiType`,
      template.scsiType,
      `"${spec.scsiType}": the template's SCSI controller must already be VMware Paravirtual (a vSphere CSI prerequisite). ` +
        'Changing the boot disk controller while cloning can leave the guest unbootable, so it is not done here: convert ' +
        'the template first (load the vmw_pvscsi driver in its initramfs, then vSphere Client: Edit Settings > SCSI controller 0 > ' +
        'Change Type > VMware Paravirtual; check with `govc device.ls -vm <template>`)',
    );
  }

  const templateVersion = template.hardwareVersion;
  if (!isInt(templateVersion) || templateVersion < 1 || templateVersion > MAX_PROVIDER_HARDWARE_VERSION) {
    fail(
      where,
      `${tmpl} hardwareVersion`,
      templateVersion,
      `a hardware version from 1 to ${MAX_PROVIDER_HARDWARE_VERSION} (the highest the vSphere provider 4.17.0 accepts; it cannot downgrade a clone below the template's version)`,
    );
  }
  // The provider accepts no hardware version 16: a template at 16 is cloned at 17 (an upgrade; never a downgrade).
  let hardwareVersion = Math.max(NODE_VM_DEFAULTS.hardwareVersion, templateVersion === 16 ? 17 : templateVersion);
  if (spec.hardwareVersion !== undefined) {
    if (spec.hardwareVersion < templateVersion) {
      fail(
        where,
        'hardwareVersion',
        spec.hardwareVersion,
        `${templateVersion} or later: the template "${choices.templateName}" is at hardware version ${templateVersion} and the vSphere provider ` +
          "never downgrades a clone (leave hardwareVersion unset to use the template's version, or choose a higher one to upgrade)",
      );
    }
    hardwareVersion = spec.hardwareVersion;
  }

  // The provider pairs the template's disks with the configured ones in bus order.
  const templateDisks = [...(template.disks ?? [])].sort((a, b) => (a.unitNumber ?? 0) - (b.unitNumber ?? 0));
  const sizes = [spec.diskGiB, ...spec.dataDisksGiB];
  if (templateDisks.length > sizes.length) {
    fail(
      where,
      'dataDisksGiB',
      [...spec.dataDisksGiB],
      `at least ${templateDisks.length - 1} data disks: the template "${choices.templateName}" has ${templateDisks.length} disks ` +
        `(${templateDisks.map((d) => `${d.size} GiB`).join(', ')}) and the provider needs one disk per template disk`,
    );
  }
  const firstThin = templateDisks[0]?.thinProvisioned ?? true;
  const disks: NodeVmCloneDisk[] = sizes.map((size, i) => {
    const source = templateDisks[i];
    const label = `disk${i}`;
    const unitNumber = i === 0 ? 0 : dataDiskUnit(i - 1);
    if (source === undefined) return { label, size, unitNumber, thinProvisioned: choices.thinProvisioned ?? firstThin };
    const sourceName = `${source.label ?? label} of the template "${choices.templateName}"`;
    const sourceThin = source.thinProvisioned ?? true;
    const sourceEager = source.eagerlyScrub ?? false;
    if (choices.linkedClone) {
      if (size !== source.size) {
        fail(
          where,
          sizeField(i),
          size,
          `exactly ${source.size} (GiB): a linked clone shares the template's disks, so ${sourceName} keeps its size of ${source.size} GiB`,
        );
      }
      if (choices.thinProvisioned !== undefined && choices.thinProvisioned !== sourceThin) {
        fail(
          where,
          'thinProvisioned',
          choices.thinProvisioned,
          `${sourceThin} (as ${sourceName}): a linked clone keeps the template's disk provisioning; leave thinProvisioned unset`,
        );
      }
    } else if (size < source.size) {
      fail(
        where,
        sizeField(i),
        size,
        `at least ${source.size} (GiB): ${sourceName} is ${source.size} GiB and the provider cannot shrink a disk when cloning`,
      );
    }
    const thinProvisioned = choices.thinProvisioned ?? sourceThin;
    // A thin disk is never eagerly zeroed; a thick one keeps the template disk's zeroing.
    return { label, size, unitNumber, thinProvisioned, eagerlyScrub: thinProvisioned ? false : sourceEager };
  });

  let adapterType = choices.adapterType;
  if (adapterType === undefined) {
    const fromTemplate = (template.networkInterfaceTypes ?? [])[0];
    if (fromTemplate !== undefined && !NODE_VM_ADAPTER_TYPES.includes(fromTemplate)) {
      fail(
        where,
        `${tmpl} networkInterfaceTypes[0]`,
        fromTemplate,
        `one of ${NODE_VM_ADAPTER_TYPES.map((t) => `"${t}"`).join(', ')} (the adapter types the provider's VirtualMachine accepts); ` +
          'set adapterType to choose the clone\'s adapter (e.g. "vmxnet3")',
      );
    }
    adapterType = fromTemplate ?? 'vmxnet3';
  }
  return { hardwareVersion, adapterType, disks };
}
