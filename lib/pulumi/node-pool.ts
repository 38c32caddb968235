import * as pulumi from '@pulumi/pulumi';
import { fail } from '../core/errors';
import { NodeRole } from '../core/node-role';
import { NodePoolSpecProps, NodeVmSpec, resolveNodePoolSpecs } from '../vsphere/node-vm-spec';
import { NodeVm, NodeVmCloneOptions, resolveNodeVmPlacement, validateNodeVmPlacement } from './node-vm';
import { vsphereProviderOf } from './vsphere';

/** The arguments of {@link NodePool}. */
export interface NodePoolArgs extends NodePoolSpecProps, NodeVmCloneOptions {}

/**
 * A pool of identical Kubernetes node VMs of one role (type token `vsphere-k8s:vsphere:NodePool`): `count`
 * {@link NodeVm}s named by `namePattern` (`{index}` from `startIndex`), with static IPv4 addresses from a list or
 * consecutive from a start address, or DHCP. The placement is looked up once and shared by all nodes.
 *
 * `specs` gives the Pulumi-free spec of every node (host name, role, sizes, address) for the KubeKey generator;
 * the output arrays are in the same order.
 */
export class NodePool extends pulumi.ComponentResource {
  /** The component's type token. */
  public static readonly TYPE = 'vsphere-k8s:vsphere:NodePool';

  /** The role of every node. */
  public readonly role: NodeRole;
  /** The node VMs, in index order. */
  public readonly nodes: NodeVm[];
  /** The VM names, in index order. */
  public readonly vmNames: string[];
  /** The IP VMware Tools reports for each node. */
  public readonly defaultIpAddresses: pulumi.Output<string[]>;
  /** All guest IPs of each node. */
  public readonly guestIpAddresses: pulumi.Output<string[][]>;
  /** The BIOS UUID of each node. */
  public readonly uuids: pulumi.Output<string[]>;
  /** The managed object ID of each node. */
  public readonly moids: pulumi.Output<string[]>;
  /** The Kubernetes `spec.providerID` of each node (`vsphere://<uuid>`). */
  public readonly providerIds: pulumi.Output<string[]>;

  private readonly _specs: NodeVmSpec[];

  public constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    const where = `NodePool ${name}`;
    if (args === undefined || args === null) fail(where, 'args', args, 'the node pool arguments (clusterName, role, count, placement)');
    const specs = resolveNodePoolSpecs(where, args);
    validateNodeVmPlacement(where, args.placement);
    super(NodePool.TYPE, name, {}, opts);
    this._specs = specs;
    this.role = args.role;

    const provider = vsphereProviderOf(opts?.provider);
    const resolvedPlacement = args.resolvedPlacement ?? resolveNodeVmPlacement(where, args.placement, { parent: this, provider });
    this.nodes = specs.map(
      (spec) =>
        new NodeVm(
          spec.name,
          {
            clusterName: spec.clusterName,
            hostname: spec.hostname,
            role: spec.role,
            cpu: spec.cpu,
            coresPerSocket: spec.coresPerSocket,
            memoryMiB: spec.memoryMiB,
            diskGiB: spec.diskGiB,
            dataDisksGiB: [...spec.dataDisksGiB],
            hardwareVersion: spec.hardwareVersion,
            scsiType: spec.scsiType,
            enableDiskUuid: spec.enableDiskUuid,
            ipv4Address: spec.ipv4Address,
            ipv4PrefixLength: spec.ipv4PrefixLength,
            ipv4Gateway: spec.ipv4Gateway,
            dnsServers: [...spec.dnsServers],
            dnsSuffixes: [...spec.dnsSuffixes],
            domain: spec.domain,
            extraConfig: { ...spec.extraConfig },
            waitForGuestNetTimeoutMinutes: spec.waitForGuestNetTimeoutMinutes,
            waitForGuestIpTimeoutMinutes: spec.waitForGuestIpTimeoutMinutes,
            placement: args.placement,
            resolvedPlacement,
            tagIds: args.tagIds,
            tags: args.tags,
            linkedClone: args.linkedClone,
            thinProvisioned: args.thinProvisioned,
            adapterType: args.adapterType,
            annotation: args.annotation,
          },
          { parent: this, provider },
        ),
    );
    this.vmNames = this.nodes.map((n) => n.vmName);
    this.defaultIpAddresses = pulumi.all(this.nodes.map((n) => n.defaultIpAddress));
    this.guestIpAddresses = pulumi.all(this.nodes.map((n) => n.guestIpAddresses));
    this.uuids = pulumi.all(this.nodes.map((n) => n.uuid));
    this.moids = pulumi.all(this.nodes.map((n) => n.moid));
    this.providerIds = pulumi.all(this.nodes.map((n) => n.providerId));

    this.registerOutputs({
      vmNames: this.vmNames,
      defaultIpAddresses: this.defaultIpAddresses,
      guestIpAddresses: this.guestIpAddresses,
      uuids: this.uuids,
      moids: this.moids,
      providerIds: this.providerIds,
    });
  }

  /** The spec of every node, in index order (a copy). */
  public get specs(): NodeVmSpec[] {
    return [...this._specs];
  }
}
