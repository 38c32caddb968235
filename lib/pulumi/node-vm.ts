import * as pulumi from '@pulumi/pulumi';
import { fail } from '../core/errors';
import {
  NODE_VM_ADAPTER_TYPES,
  NodeVmCloneSettings,
  NodeVmSpec,
  NodeVmSpecProps,
  resolveNodeVmClone,
  resolveNodeVmSpec,
  vsphereProviderId,
} from '../vsphere/node-vm-spec';
import {
  getComputeClusterOutput,
  getDatacenterOutput,
  getDatastoreOutput,
  getNetworkOutput,
  getResourcePoolOutput,
  getTagCategoryOutput,
  getTagOutput,
  getVirtualMachineOutput,
  GetVirtualMachineResult,
  VirtualMachine,
  VirtualMachineCloneCustomizeNetworkInterfaceArgs,
  vsphereProviderOf,
} from './vsphere';

/**
 * Where node VMs are cloned: vSphere inventory names, looked up with the provider's data sources.
 * Give exactly one of `computeCluster` and `resourcePool`.
 */
export interface NodeVmPlacement {
  /** The datacenter name. */
  readonly datacenter: string;
  /** The datastore for the VM and its disks. */
  readonly datastore: string;
  /**
   * The compute cluster whose root resource pool receives the VM. Not with `resourcePool`.
   * @default - `resourcePool` is used
   */
  readonly computeCluster?: string;
  /**
   * The resource pool name or path (e.g. `cluster1/Resources/k8s`). Not with `computeCluster`.
   * @default - `computeCluster` is used
   */
  readonly resourcePool?: string;
  /** The network (port group) name of the node's one network interface. */
  readonly network: string;
  /** The template (or VM) to clone. It should have VMware Tools, a PVSCSI controller and cloud-init/guest customization support. */
  readonly template: string;
  /**
   * The VM folder path, relative to the datacenter's VM folder (e.g. `k8s/prod`).
   * @default - the datacenter's VM folder
   */
  readonly folder?: string;
}

/** Placement resolved to IDs, so that many node VMs share one set of lookups (see {@link resolveNodeVmPlacement}). */
export interface ResolvedNodeVmPlacement {
  /** The datacenter ID. */
  readonly datacenterId: pulumi.Output<string>;
  /** The datastore ID. */
  readonly datastoreId: pulumi.Output<string>;
  /** The resource pool ID. */
  readonly resourcePoolId: pulumi.Output<string>;
  /** The network ID. */
  readonly networkId: pulumi.Output<string>;
  /** The template as `getVirtualMachine` reports it (its `id` is the UUID to clone from). */
  readonly template: pulumi.Output<GetVirtualMachineResult>;
  /** The folder path. @default - the datacenter's VM folder */
  readonly folder?: string;
}

/** A vSphere tag by category and name, looked up with `getTagCategory` / `getTag`. */
export interface NodeVmTag {
  /** The tag category name. */
  readonly category: string;
  /** The tag name. */
  readonly name: string;
}

/** Settings of the cloned VM shared by {@link NodeVm} and {@link NodePool}. */
export interface NodeVmCloneOptions {
  /** Where to clone the VM. */
  readonly placement: NodeVmPlacement;
  /**
   * Placement already resolved (by {@link resolveNodeVmPlacement}), to share lookups between VMs.
   * @default - looked up from `placement` by this component
   */
  readonly resolvedPlacement?: ResolvedNodeVmPlacement;
  /**
   * Tag IDs to attach.
   * @default - none
   */
  readonly tagIds?: pulumi.Input<string>[];
  /**
   * Tags to attach, by category and name (looked up; each category once).
   * @default - none
   */
  readonly tags?: NodeVmTag[];
  /**
   * Make a linked clone (the template needs exactly one snapshot). The disks must then have exactly the sizes and
   * provisioning of the template's disks (checked when the template is looked up).
   * @default false
   */
  readonly linkedClone?: boolean;
  /**
   * Thin-provision the disks.
   * @default - as each template disk; added disks as the template's first disk (true if it reports none)
   */
  readonly thinProvisioned?: boolean;
  /**
   * The network adapter type: one of `vmxnet3`, `e1000`, `e1000e`, `sriov`, `vrdma`.
   * @default - as the template's first adapter ('vmxnet3' if it has none); a type the provider does not accept
   * (e.g. `pcnet32`) is refused when the template is looked up
   */
  readonly adapterType?: string;
  /**
   * The VM annotation (notes).
   * @default - "Kubernetes <role> node <hostname> of cluster <clusterName>"
   */
  readonly annotation?: string;
}

/** The arguments of {@link NodeVm}. */
export interface NodeVmArgs extends NodeVmSpecProps, NodeVmCloneOptions {}

function requireName(where: string, field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim().length === 0) fail(where, field, value, 'a non-empty vSphere inventory name');
}

/** Validates a placement (names non-empty; exactly one of computeCluster and resourcePool). @internal */
export function validateNodeVmPlacement(where: string, placement: NodeVmPlacement): void {
  if (placement === undefined || placement === null)
    fail(where, 'placement', placement, 'a placement (datacenter, datastore, network, template, and computeCluster or resourcePool)');
  requireName(where, 'placement.datacenter', placement.datacenter);
  requireName(where, 'placement.datastore', placement.datastore);
  requireName(where, 'placement.network', placement.network);
  requireName(where, 'placement.template', placement.template);
  if ((placement.computeCluster === undefined) === (placement.resourcePool === undefined)) {
    fail(where, 'placement.computeCluster', placement.computeCluster, 'exactly one of placement.computeCluster and placement.resourcePool');
  }
  if (placement.computeCluster !== undefined) requireName(where, 'placement.computeCluster', placement.computeCluster);
  if (placement.resourcePool !== undefined) requireName(where, 'placement.resourcePool', placement.resourcePool);
  if (placement.folder !== undefined) requireName(where, 'placement.folder', placement.folder);
}

/**
 * Looks up the inventory objects of a placement with the vSphere data sources (`getDatacenter`, `getDatastore`,
 * `getComputeCluster` or `getResourcePool`, `getNetwork`, `getVirtualMachine`).
 *
 * @param opts invoke options; pass `{ parent }` so the parent's vSphere provider is used
 */
export function resolveNodeVmPlacement(
  where: string,
  placement: NodeVmPlacement,
  opts: pulumi.InvokeOutputOptions,
): ResolvedNodeVmPlacement {
  validateNodeVmPlacement(where, placement);
  const dc = getDatacenterOutput({ name: placement.datacenter }, opts);
  const datacenterId = dc.id;
  const resourcePoolId =
    placement.computeCluster !== undefined
      ? getComputeClusterOutput({ name: placement.computeCluster, datacenterId }, opts).resourcePoolId
      : getResourcePoolOutput({ name: placement.resourcePool, datacenterId }, opts).id;
  return {
    datacenterId,
    datastoreId: getDatastoreOutput({ name: placement.datastore, datacenterId }, opts).id,
    resourcePoolId,
    networkId: getNetworkOutput({ name: placement.network, datacenterId }, opts).id,
    template: getVirtualMachineOutput({ name: placement.template, datacenterId }, opts),
    folder: placement.folder,
  };
}

/**
 * A Kubernetes node VM on vSphere (type token `vsphere-k8s:vsphere:NodeVm`): a clone of a template with the
 * node prerequisites of the vSphere CSI driver enforced — PVSCSI controller, `disk.EnableUUID=TRUE` (the VM flag
 * `enableDiskUuid`), hardware version 15 or later — and sizes above the documented node minimums
 * (more than 2 vCPUs, more than 4 GB memory, a disk of more than 40 GB). Guest customization sets the host name and
 * a static IPv4 address, or DHCP. The VM name is `<clusterName>-<hostname>`. Pulumi waits for VMware Tools to report
 * the guest IP (any IP, not a routable one, for a static address without a gateway: a warning says so).
 *
 * Outputs: `defaultIpAddress`, `guestIpAddresses`, `uuid`, `moid` and the Kubernetes `providerId` (`vsphere://<uuid>`).
 * Invalid input throws at construction, e.g. `[NodeVm cp-1] hardwareVersion: got 16, expected ...`. What depends on
 * the template (its hardware version, SCSI controller, disks and adapter type; see `resolveNodeVmClone`) is checked
 * once the template is looked up, so `pulumi preview` fails with the same kind of message before anything is cloned.
 */
export class NodeVm extends pulumi.ComponentResource {
  /** The component's type token. */
  public static readonly TYPE = 'vsphere-k8s:vsphere:NodeVm';

  /** The resolved spec (Pulumi-free; for the KubeKey generator). */
  public readonly spec: NodeVmSpec;
  /** The vSphere VM name: `<clusterName>-<hostname>`. */
  public readonly vmName: string;
  /** The VM resource. */
  public readonly vm: VirtualMachine;
  /** The IP VMware Tools reports as the guest's default. */
  public readonly defaultIpAddress: pulumi.Output<string>;
  /** All IPs VMware Tools reports. */
  public readonly guestIpAddresses: pulumi.Output<string[]>;
  /** The VM's BIOS UUID. */
  public readonly uuid: pulumi.Output<string>;
  /** The VM's managed object ID. */
  public readonly moid: pulumi.Output<string>;
  /** The node's Kubernetes `spec.providerID`: `vsphere://<uuid>`. */
  public readonly providerId: pulumi.Output<string>;
  /** The template-dependent clone settings, checked against the template (fails if the template does not fit). */
  public readonly clone: pulumi.Output<NodeVmCloneSettings>;

  public constructor(name: string, args: NodeVmArgs, opts?: pulumi.ComponentResourceOptions) {
    const where = `NodeVm ${name}`;
    if (args === undefined || args === null) fail(where, 'args', args, 'the node VM arguments (clusterName, hostname, placement)');
    const spec = resolveNodeVmSpec(where, args);
    validateNodeVmPlacement(where, args.placement);
    (args.tags ?? []).forEach((t, i) => {
      requireName(where, `tags[${i}].category`, t?.category);
      requireName(where, `tags[${i}].name`, t?.name);
    });
    if (args.adapterType !== undefined && !NODE_VM_ADAPTER_TYPES.includes(args.adapterType)) {
      fail(where, 'adapterType', args.adapterType, `one of ${NODE_VM_ADAPTER_TYPES.map((t) => `"${t}"`).join(', ')}`);
    }
    super(NodeVm.TYPE, name, {}, opts);
    this.spec = spec;
    this.vmName = spec.name;

    const provider = vsphereProviderOf(opts?.provider);
    const invokeOpts: pulumi.InvokeOutputOptions = { parent: this, provider };
    const placement = args.resolvedPlacement ?? resolveNodeVmPlacement(where, args.placement, invokeOpts);
    const template = placement.template;
    const linkedClone = args.linkedClone ?? false;
    // Runs once the template is looked up (also at preview): a template that does not fit fails the program here,
    // and the VM, whose inputs depend on it, is never registered.
    this.clone = template.apply((t) =>
      resolveNodeVmClone(where, spec, t, {
        templateName: args.placement.template,
        linkedClone,
        thinProvisioned: args.thinProvisioned,
        adapterType: args.adapterType,
      }),
    );
    if (!spec.waitForGuestNetRoutable) {
      void pulumi.log.warn(
        `[${where}] ipv4Gateway: not set for the static address ${spec.ipv4Address}, so the guest has no default route: ` +
          'waitForGuestNetRoutable is false (Pulumi waits for the address only, not for a routable one). ' +
          'Set ipv4Gateway if the node needs a default route (Kubernetes components usually do).',
        this,
      );
    }
    const customizeNic: VirtualMachineCloneCustomizeNetworkInterfaceArgs =
      spec.ipv4Address !== undefined ? { ipv4Address: spec.ipv4Address, ipv4Netmask: spec.ipv4PrefixLength } : {};

    this.vm = new VirtualMachine(
      name,
      {
        name: spec.name,
        resourcePoolId: placement.resourcePoolId,
        datastoreId: placement.datastoreId,
        folder: placement.folder,
        numCpus: spec.cpu,
        numCoresPerSocket: spec.coresPerSocket,
        memory: spec.memoryMiB,
        guestId: template.guestId,
        firmware: template.firmware,
        hardwareVersion: this.clone.hardwareVersion,
        scsiType: spec.scsiType,
        enableDiskUuid: spec.enableDiskUuid,
        extraConfig: Object.keys(spec.extraConfig).length > 0 ? { ...spec.extraConfig } : undefined,
        annotation: args.annotation ?? `Kubernetes ${spec.role} node ${spec.hostname} of cluster ${spec.clusterName}`,
        tags: this.tagIds(args, invokeOpts),
        disks: this.clone.disks.apply((ds) => [...ds]),
        networkInterfaces: [{ networkId: placement.networkId, adapterType: this.clone.adapterType }],
        clone: {
          templateUuid: template.id,
          linkedClone,
          customize: {
            linuxOptions: { hostName: spec.hostname, domain: spec.domain },
            networkInterfaces: [customizeNic],
            ipv4Gateway: spec.ipv4Gateway,
            dnsServerLists: spec.dnsServers.length > 0 ? [...spec.dnsServers] : undefined,
            dnsSuffixLists: spec.dnsSuffixes.length > 0 ? [...spec.dnsSuffixes] : undefined,
          },
        },
        waitForGuestNetTimeout: spec.waitForGuestNetTimeoutMinutes,
        waitForGuestIpTimeout: spec.waitForGuestIpTimeoutMinutes,
        waitForGuestNetRoutable: spec.waitForGuestNetRoutable,
      },
      { parent: this, provider },
    );

    this.defaultIpAddress = this.vm.defaultIpAddress;
    this.guestIpAddresses = this.vm.guestIpAddresses;
    this.uuid = this.vm.uuid;
    this.moid = this.vm.moid;
    this.providerId = this.vm.uuid.apply((u) => vsphereProviderId(u));

    this.registerOutputs({
      vmName: this.vmName,
      defaultIpAddress: this.defaultIpAddress,
      guestIpAddresses: this.guestIpAddresses,
      uuid: this.uuid,
      moid: this.moid,
      providerId: this.providerId,
    });
  }

  private tagIds(args: NodeVmArgs, opts: pulumi.InvokeOutputOptions): pulumi.Input<pulumi.Input<string>[]> | undefined {
    const ids: pulumi.Input<string>[] = [...(args.tagIds ?? [])];
    const categories = new Map<string, pulumi.Output<string>>();
    for (const t of args.tags ?? []) {
      let categoryId = categories.get(t.category);
      if (!categoryId) {
        categoryId = getTagCategoryOutput({ name: t.category }, opts).id;
        categories.set(t.category, categoryId);
      }
      ids.push(getTagOutput({ name: t.name, categoryId }, opts).id);
    }
    return ids.length > 0 ? ids : undefined;
  }
}
