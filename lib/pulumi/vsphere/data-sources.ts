import * as pulumi from '@pulumi/pulumi';
import { VSPHERE_PROVIDER_VERSION } from './provider';

/** The invoke tokens of the vSphere data sources bound here (provider 4.17.0). */
export const VSPHERE_INVOKE_TOKENS = {
  getDatacenter: 'vsphere:index/getDatacenter:getDatacenter',
  getDatastore: 'vsphere:index/getDatastore:getDatastore',
  getResourcePool: 'vsphere:index/getResourcePool:getResourcePool',
  getComputeCluster: 'vsphere:index/getComputeCluster:getComputeCluster',
  getNetwork: 'vsphere:index/getNetwork:getNetwork',
  getVirtualMachine: 'vsphere:index/getVirtualMachine:getVirtualMachine',
  getFolder: 'vsphere:index/getFolder:getFolder',
  getTagCategory: 'vsphere:index/getTagCategory:getTagCategory',
  getTag: 'vsphere:index/getTag:getTag',
} as const;

/** Invoke options with the plugin version set, like generated SDKs (caller options win). */
export function vsphereInvokeOptions<T extends pulumi.InvokeOptions>(opts: T | undefined): T {
  return pulumi.mergeOptions({ version: VSPHERE_PROVIDER_VERSION }, (opts ?? {}) as pulumi.InvokeOptions) as T;
}

function outputOf<T>(token: string, inputs: pulumi.Inputs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<T> {
  return pulumi.runtime.invokeOutput<T>(token, inputs, vsphereInvokeOptions(opts));
}

function promiseOf<T>(token: string, inputs: pulumi.Inputs, opts?: pulumi.InvokeOptions): Promise<T> {
  return pulumi.runtime.invoke(token, inputs, vsphereInvokeOptions(opts));
}

/** Arguments of `getDatacenter`. */
export interface GetDatacenterArgs {
  /** The datacenter name. @default - the only datacenter (ESXi or single-datacenter vCenter) */
  readonly name?: string;
}
/** Result of `getDatacenter`. */
export interface GetDatacenterResult {
  readonly id: string;
  /** The datacenter name. @default - not reported by the provider */
  readonly name?: string;
  readonly virtualMachines: string[];
}
/** Looks up a datacenter (`vsphere:index/getDatacenter:getDatacenter`). */
export function getDatacenter(args: GetDatacenterArgs = {}, opts?: pulumi.InvokeOptions): Promise<GetDatacenterResult> {
  return promiseOf(VSPHERE_INVOKE_TOKENS.getDatacenter, { name: args.name }, opts);
}
/** Output form of {@link getDatacenter}. */
export function getDatacenterOutput(
  args: { readonly name?: pulumi.Input<string> } = {},
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetDatacenterResult> {
  return outputOf(VSPHERE_INVOKE_TOKENS.getDatacenter, { name: args.name }, opts);
}

/** Arguments of `getDatastore`. */
export interface GetDatastoreArgs {
  /** The datastore name. */
  readonly name: pulumi.Input<string>;
  /** The datacenter ID (required on vCenter). @default - none */
  readonly datacenterId?: pulumi.Input<string>;
}
/** Result of `getDatastore`. */
export interface GetDatastoreResult {
  readonly id: string;
  readonly name: string;
  /** The datacenter ID. @default - not reported by the provider */
  readonly datacenterId?: string;
}
/** Looks up a datastore (`vsphere:index/getDatastore:getDatastore`). */
export function getDatastoreOutput(args: GetDatastoreArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetDatastoreResult> {
  return outputOf(VSPHERE_INVOKE_TOKENS.getDatastore, { name: args.name, datacenterId: args.datacenterId }, opts);
}

/** Arguments of `getResourcePool`. */
export interface GetResourcePoolArgs {
  /** The resource pool name or path (e.g. `cluster1/Resources/k8s`). @default - the default resource pool (ESXi) */
  readonly name?: pulumi.Input<string>;
  /** The datacenter ID. @default - none */
  readonly datacenterId?: pulumi.Input<string>;
  /** The parent resource pool ID (to find a child by name). @default - none */
  readonly parentResourcePoolId?: pulumi.Input<string>;
}
/** Result of `getResourcePool`. */
export interface GetResourcePoolResult {
  readonly id: string;
}
/** Looks up a resource pool (`vsphere:index/getResourcePool:getResourcePool`). */
export function getResourcePoolOutput(args: GetResourcePoolArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetResourcePoolResult> {
  return outputOf(
    VSPHERE_INVOKE_TOKENS.getResourcePool,
    { name: args.name, datacenterId: args.datacenterId, parentResourcePoolId: args.parentResourcePoolId },
    opts,
  );
}

/** Arguments of `getComputeCluster`. */
export interface GetComputeClusterArgs {
  /** The cluster name or path. */
  readonly name: pulumi.Input<string>;
  /** The datacenter ID. @default - none */
  readonly datacenterId?: pulumi.Input<string>;
}
/** Result of `getComputeCluster`. */
export interface GetComputeClusterResult {
  readonly id: string;
  readonly resourcePoolId: string;
}
/** Looks up a compute cluster (`vsphere:index/getComputeCluster:getComputeCluster`). */
export function getComputeClusterOutput(
  args: GetComputeClusterArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetComputeClusterResult> {
  return outputOf(VSPHERE_INVOKE_TOKENS.getComputeCluster, { name: args.name, datacenterId: args.datacenterId }, opts);
}

/** Arguments of `getNetwork`. */
export interface GetNetworkArgs {
  /** The network (port group) name. */
  readonly name: pulumi.Input<string>;
  /** The datacenter ID. @default - none */
  readonly datacenterId?: pulumi.Input<string>;
  /** The distributed switch UUID, to pick one of several same-named port groups. @default - none */
  readonly distributedVirtualSwitchUuid?: pulumi.Input<string>;
}
/** Result of `getNetwork`. */
export interface GetNetworkResult {
  readonly id: string;
  readonly type: string;
}
/** Looks up a network (`vsphere:index/getNetwork:getNetwork`). */
export function getNetworkOutput(args: GetNetworkArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetNetworkResult> {
  return outputOf(
    VSPHERE_INVOKE_TOKENS.getNetwork,
    { name: args.name, datacenterId: args.datacenterId, distributedVirtualSwitchUuid: args.distributedVirtualSwitchUuid },
    opts,
  );
}

/** Arguments of `getVirtualMachine` (give one of name, uuid, moid). */
export interface GetVirtualMachineArgs {
  /** The VM or template name or path. @default - none */
  readonly name?: pulumi.Input<string>;
  /** The VM UUID. @default - none */
  readonly uuid?: pulumi.Input<string>;
  /** The VM managed object ID. @default - none */
  readonly moid?: pulumi.Input<string>;
  /** The datacenter ID. @default - none */
  readonly datacenterId?: pulumi.Input<string>;
}
/** A disk reported by `getVirtualMachine`. */
export interface GetVirtualMachineDisk {
  readonly label: string;
  readonly size: number;
  readonly unitNumber: number;
  readonly thinProvisioned: boolean;
  readonly eagerlyScrub: boolean;
}
/** Result of `getVirtualMachine` (the fields a clone needs). */
export interface GetVirtualMachineResult {
  /** The VM UUID: what `clone.templateUuid` takes. */
  readonly id: string;
  readonly guestId: string;
  readonly scsiType: string;
  /** The SCSI bus sharing mode. @default - not reported by the provider */
  readonly scsiBusSharing?: string;
  readonly firmware: string;
  readonly hardwareVersion: number;
  /** The instance UUID. @default - not reported by the provider */
  readonly instanceUuid?: string;
  readonly disks: GetVirtualMachineDisk[];
  readonly networkInterfaceTypes: string[];
}
/** Looks up a VM or template (`vsphere:index/getVirtualMachine:getVirtualMachine`). */
export function getVirtualMachineOutput(
  args: GetVirtualMachineArgs,
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<GetVirtualMachineResult> {
  return outputOf(
    VSPHERE_INVOKE_TOKENS.getVirtualMachine,
    { name: args.name, uuid: args.uuid, moid: args.moid, datacenterId: args.datacenterId },
    opts,
  );
}

/** Looks up a folder by path (`vsphere:index/getFolder:getFolder`). */
export function getFolderOutput(
  args: { readonly path: pulumi.Input<string> },
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<{ readonly id: string; readonly path: string }> {
  return outputOf(VSPHERE_INVOKE_TOKENS.getFolder, { path: args.path }, opts);
}

/** Looks up a tag category by name (`vsphere:index/getTagCategory:getTagCategory`). */
export function getTagCategoryOutput(
  args: { readonly name: pulumi.Input<string> },
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<{ readonly id: string }> {
  return outputOf(VSPHERE_INVOKE_TOKENS.getTagCategory, { name: args.name }, opts);
}

/** Looks up a tag by name within a category (`vsphere:index/getTag:getTag`). */
export function getTagOutput(
  args: { readonly name: pulumi.Input<string>; readonly categoryId: pulumi.Input<string> },
  opts?: pulumi.InvokeOutputOptions,
): pulumi.Output<{ readonly id: string }> {
  return outputOf(VSPHERE_INVOKE_TOKENS.getTag, { name: args.name, categoryId: args.categoryId }, opts);
}
