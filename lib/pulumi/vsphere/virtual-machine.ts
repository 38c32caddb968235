import * as pulumi from '@pulumi/pulumi';
import { vsphereResourceOptions } from './provider';

/** A disk of a {@link VirtualMachine} (provider type `VirtualMachineDisk`; sizes in GB as the provider counts them). */
export interface VirtualMachineDiskArgs {
  /** The disk label (required by the provider; any unique text). */
  readonly label: pulumi.Input<string>;
  /**
   * Size in GB (at least 1). When cloning, at least the template disk's size.
   * @default - not sent to the provider
   */
  readonly size?: pulumi.Input<number>;
  /** The unit number on the controller (0 is the boot disk). @default 0 */
  readonly unitNumber?: pulumi.Input<number>;
  /** Thin provisioning. @default true */
  readonly thinProvisioned?: pulumi.Input<boolean>;
  /** Eagerly zero the disk. @default false */
  readonly eagerlyScrub?: pulumi.Input<boolean>;
  /** The datastore of this disk. @default - the VM's datastore */
  readonly datastoreId?: pulumi.Input<string>;
  /** The storage policy of this disk. @default - none */
  readonly storagePolicyId?: pulumi.Input<string>;
  /** The controller type (`scsi`, `sata`, `nvme`, `ide`). @default 'scsi' */
  readonly controllerType?: pulumi.Input<string>;
  /** Keep the disk when it is removed from the VM. @default false */
  readonly keepOnRemove?: pulumi.Input<boolean>;
}

/** A network interface of a {@link VirtualMachine} (provider type `VirtualMachineNetworkInterface`). */
export interface VirtualMachineNetworkInterfaceArgs {
  /** The network (port group) ID, e.g. from `getNetworkOutput`. */
  readonly networkId: pulumi.Input<string>;
  /** The adapter type (`vmxnet3`, `e1000`, `e1000e`, `sriov`, `vrdma`). @default 'vmxnet3' */
  readonly adapterType?: pulumi.Input<string>;
  /** Use `macAddress` instead of a generated MAC. @default false */
  readonly useStaticMac?: pulumi.Input<boolean>;
  /** The static MAC address (with `useStaticMac`). @default - generated */
  readonly macAddress?: pulumi.Input<string>;
}

/** Linux guest customization (provider type `VirtualMachineCloneCustomizeLinuxOptions`). */
export interface VirtualMachineCloneCustomizeLinuxOptionsArgs {
  /** The host name (required by the provider). */
  readonly hostName: pulumi.Input<string>;
  /** The domain name (required by the provider). */
  readonly domain: pulumi.Input<string>;
  /** The hardware clock is in UTC. @default true */
  readonly hwClockUtc?: pulumi.Input<boolean>;
  /** The time zone, e.g. `Etc/UTC`. @default - unchanged */
  readonly timeZone?: pulumi.Input<string>;
}

/** Per-interface guest customization, matched to `networkInterfaces` by order; an empty object means DHCP. */
export interface VirtualMachineCloneCustomizeNetworkInterfaceArgs {
  /** The static IPv4 address. @default - DHCP */
  readonly ipv4Address?: pulumi.Input<string>;
  /** The IPv4 prefix length (CIDR bits). @default - none */
  readonly ipv4Netmask?: pulumi.Input<number>;
  /** The static IPv6 address. @default - none */
  readonly ipv6Address?: pulumi.Input<string>;
  /** The IPv6 prefix length. @default - none */
  readonly ipv6Netmask?: pulumi.Input<number>;
}

/** Guest customization of a clone (provider type `VirtualMachineCloneCustomize`). */
export interface VirtualMachineCloneCustomizeArgs {
  /** Linux options. @default - no Linux customization */
  readonly linuxOptions?: pulumi.Input<VirtualMachineCloneCustomizeLinuxOptionsArgs>;
  /** One entry per network interface, in order. @default - no per-interface customization */
  readonly networkInterfaces?: pulumi.Input<pulumi.Input<VirtualMachineCloneCustomizeNetworkInterfaceArgs>[]>;
  /** The IPv4 default gateway. @default - none */
  readonly ipv4Gateway?: pulumi.Input<string>;
  /** Global DNS servers (Linux). @default - none */
  readonly dnsServerLists?: pulumi.Input<pulumi.Input<string>[]>;
  /** DNS search suffixes. @default - none */
  readonly dnsSuffixLists?: pulumi.Input<pulumi.Input<string>[]>;
  /** Customization timeout in minutes (<= 0 skips waiting). @default 10 */
  readonly timeout?: pulumi.Input<number>;
}

/** Clone settings (provider type `VirtualMachineClone`). Changing them after creation replaces the VM. */
export interface VirtualMachineCloneArgs {
  /** The UUID of the source template (the `id`/`uuid` of `getVirtualMachine`). */
  readonly templateUuid: pulumi.Input<string>;
  /** Make a linked clone (the source needs exactly one snapshot). @default false */
  readonly linkedClone?: pulumi.Input<boolean>;
  /** Clone timeout in minutes. @default 30 */
  readonly timeout?: pulumi.Input<number>;
  /** Guest customization. @default - none */
  readonly customize?: pulumi.Input<VirtualMachineCloneCustomizeArgs>;
}

/**
 * The inputs of {@link VirtualMachine}: a subset of the provider's 80 inputs, with the provider's own names.
 * Defaults noted are the provider's (terraform-provider-vsphere v2.16.1), not this library's.
 */
export interface VirtualMachineArgs {
  /** The VM name. @default - the Pulumi resource name plus a random suffix */
  readonly name?: pulumi.Input<string>;
  /** The resource pool to place the VM in (e.g. a compute cluster's `resourcePoolId`). */
  readonly resourcePoolId: pulumi.Input<string>;
  /** The datastore. @default - none */
  readonly datastoreId?: pulumi.Input<string>;
  /** The datastore cluster (instead of `datastoreId`). @default - none */
  readonly datastoreClusterId?: pulumi.Input<string>;
  /** The datacenter (needed for OVF deploys). @default - none */
  readonly datacenterId?: pulumi.Input<string>;
  /** The VM folder path, relative to the datacenter's VM folder. @default - the datacenter's VM folder */
  readonly folder?: pulumi.Input<string>;
  /** A host to place the VM on. @default - chosen by vSphere */
  readonly hostSystemId?: pulumi.Input<string>;
  /** The number of vCPUs. @default 1 */
  readonly numCpus?: pulumi.Input<number>;
  /** Cores per socket. @default 1 */
  readonly numCoresPerSocket?: pulumi.Input<number>;
  /** Memory in MB. @default 1024 */
  readonly memory?: pulumi.Input<number>;
  /** The guest OS ID. @default 'otherGuest64' */
  readonly guestId?: pulumi.Input<string>;
  /** `bios` or `efi`. @default 'bios' */
  readonly firmware?: pulumi.Input<string>;
  /** The VM hardware version (allowed 4, 7-11, 13-15, 17-22; never downgraded). @default - computed */
  readonly hardwareVersion?: pulumi.Input<number>;
  /** `pvscsi`, `lsilogic` or `lsilogic-sas`. @default 'pvscsi' */
  readonly scsiType?: pulumi.Input<string>;
  /** SCSI controllers (0-4). @default 1 */
  readonly scsiControllerCount?: pulumi.Input<number>;
  /** Sets the VM flag `disk.EnableUUID`. @default - unchanged */
  readonly enableDiskUuid?: pulumi.Input<boolean>;
  /** Extra VMX settings. @default - none */
  readonly extraConfig?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /** Reboot the VM when `extraConfig` changes. @default true */
  readonly extraConfigRebootRequired?: pulumi.Input<boolean>;
  /** The VM annotation (notes). @default - none */
  readonly annotation?: pulumi.Input<string>;
  /** Tag IDs. @default - none */
  readonly tags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Custom attribute values by attribute ID. @default - none */
  readonly customAttributes?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
  /** The disks. @default - none sent to the provider */
  readonly disks?: pulumi.Input<pulumi.Input<VirtualMachineDiskArgs>[]>;
  /** The network interfaces. @default - none sent to the provider */
  readonly networkInterfaces?: pulumi.Input<pulumi.Input<VirtualMachineNetworkInterfaceArgs>[]>;
  /** Clone settings. @default - no clone */
  readonly clone?: pulumi.Input<VirtualMachineCloneArgs>;
  /** Minutes to wait for a routable guest IP (< 1 disables). @default 5 */
  readonly waitForGuestNetTimeout?: pulumi.Input<number>;
  /** Minutes to wait for any guest IP (0 disables). @default 0 */
  readonly waitForGuestIpTimeout?: pulumi.Input<number>;
  /** Require a default route when waiting for the guest network. @default true */
  readonly waitForGuestNetRoutable?: pulumi.Input<boolean>;
  /** Guest IPs to ignore when waiting. @default - none */
  readonly ignoredGuestIps?: pulumi.Input<pulumi.Input<string>[]>;
  /** Sync the guest clock with the host. @default true */
  readonly syncTimeWithHost?: pulumi.Input<boolean>;
  /** `manual` or `upgradeAtPowerCycle`. @default 'manual' */
  readonly toolsUpgradePolicy?: pulumi.Input<string>;
  /** The storage policy of the VM home. @default - none */
  readonly storagePolicyId?: pulumi.Input<string>;
}

/** Output-only properties of the provider's VirtualMachine (registered as `undefined` inputs, like generated SDKs). */
const OUTPUT_ONLY = [
  'defaultIpAddress',
  'guestIpAddresses',
  'uuid',
  'moid',
  'vmwareToolsStatus',
  'powerState',
  'changeVersion',
  'vmxPath',
  'rebootRequired',
  'imported',
] as const;

/**
 * A vSphere virtual machine of the Pulumi vSphere provider (type token `vsphere:index/virtualMachine:VirtualMachine`,
 * plugin 4.17.0). A minimal typed binding with the provider's real input and output names; swap it for
 * `@pulumi/vsphere`'s `VirtualMachine` where that package can be installed.
 */
export class VirtualMachine extends pulumi.CustomResource {
  /** The provider's type token. */
  public static readonly __pulumiType = 'vsphere:index/virtualMachine:VirtualMachine';

  /** True if `obj` is a VirtualMachine of this type (works across copies of the SDK). */
  public static isInstance(obj: unknown): obj is VirtualMachine {
    return obj !== undefined && obj !== null && (obj as { __pulumiType?: string }).__pulumiType === VirtualMachine.__pulumiType;
  }

  /** The VM name. */
  declare public readonly name: pulumi.Output<string>;
  /** The first IP the guest reports that is reachable (needs VMware Tools). */
  declare public readonly defaultIpAddress: pulumi.Output<string>;
  /** All IPs the guest reports (needs VMware Tools). */
  declare public readonly guestIpAddresses: pulumi.Output<string[]>;
  /** The VM's BIOS UUID (also the resource ID). */
  declare public readonly uuid: pulumi.Output<string>;
  /** The VM's managed object ID (e.g. `vm-123`). */
  declare public readonly moid: pulumi.Output<string>;
  /** The VMware Tools status. */
  declare public readonly vmwareToolsStatus: pulumi.Output<string>;
  /** `on`, `off` or `suspended`. */
  declare public readonly powerState: pulumi.Output<string>;
  /** The applied hardware version. */
  declare public readonly hardwareVersion: pulumi.Output<number>;
  /** The SCSI controller type. */
  declare public readonly scsiType: pulumi.Output<string>;
  /** Whether `disk.EnableUUID` is set. */
  declare public readonly enableDiskUuid: pulumi.Output<boolean>;
  /** The extra VMX settings. */
  declare public readonly extraConfig: pulumi.Output<{ [key: string]: string } | undefined>;

  public constructor(name: string, args: VirtualMachineArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs: pulumi.Inputs = { ...args };
    for (const key of OUTPUT_ONLY) inputs[key] = undefined;
    super(VirtualMachine.__pulumiType, name, inputs, vsphereResourceOptions(opts));
  }
}
