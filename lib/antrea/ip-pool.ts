import { ApiObject, Lazy } from 'cdk8s';
import { cdk8sPlus } from '../core/cdk8s-plus';
import { Construct, IConstruct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck, fail } from '../core/errors';
import { IpFamily, IpRange, requireIp } from '../core/ip';
import { validateSubdomainName } from '../core/names';
import { AntreaConfig, TrafficEncapMode } from './antrea-config';
import {
  checkPoolRanges,
  parsePoolRange,
  ParsedPoolRange,
  parseSubnetInfo,
  PoolAllocator,
  PoolSubnetInfo,
  registerPoolOverlapCheck,
  touchPoolOverlapCheck,
} from './external-ip-pool';
import { objectNameFromId } from './selectors';

/** The annotation that assigns AntreaIPAM IPPools to a Namespace, Pod or Pod template. @internal */
export const IPPOOL_ANNOTATION = 'ipam.antrea.io/ippools';
/** The annotation that gives a Pod (or the Pod template of a one-replica workload) fixed AntreaIPAM IPs. @internal */
export const POD_IPS_ANNOTATION = 'ipam.antrea.io/pod-ips';

/** A reference to an AntreaIPAM IPPool. */
export interface IIPPool extends IConstruct {
  /** `metadata.name` of the IPPool. */
  readonly name: string;
  /** IP family when known (pools defined in this App), else undefined. @default - unknown (an imported pool without a family) */
  readonly family?: IpFamily;
}

/** Props of {@link IPPool}. */
export interface IPPoolProps {
  /**
   * `metadata.name` (cluster-scoped).
   * @default - derived from the construct id (kebab-case, lowercase)
   */
  readonly name?: string;
  /**
   * IP ranges, each a CIDR or `start-end`, inside the subnet of `subnetInfo`; more via `addIpRange`. A CIDR range may
   * contain the gateway (even be the whole subnet, as in the Antrea docs: the allocator reserves the gateway, and the
   * broadcast address when the range is the whole IPv4 subnet); a `start-end` range may not.
   * @default - none; at least one range is required at synth
   */
  readonly ipRanges?: string[];
  /** Subnet of the pool: gateway, prefix length, VLAN. */
  readonly subnetInfo: PoolSubnetInfo;
}

/**
 * AntreaIPAM IPPool (`crd.antrea.io/v1beta1`, cluster-scoped; feature gate `AntreaIPAM`).
 * Pools may not overlap each other in one App (Antrea leaves overlapping pools undefined).
 */
export class IPPool extends Construct implements IIPPool {
  /** References an IPPool defined elsewhere. */
  public static fromIPPoolName(scope: Construct, id: string, name: string, family?: IpFamily): IIPPool {
    const c = new Construct(scope, id);
    validateSubdomainName(c, 'name', name);
    if (family !== undefined && family !== 'IPv4' && family !== 'IPv6') fail(c, 'family', family, 'IPv4 or IPv6');
    return Object.assign(c, { name, family }) as IIPPool;
  }

  /**
   * Assigns pools to a Namespace (exactly one pool), a Pod or the Pod template of a workload (at most one pool per IP
   * family) via the annotation `ipam.antrea.io/ippools`. Accepts cdk8s-plus `Namespace`, `Pod`, workloads
   * (Deployment, StatefulSet, ...) and `v1/Namespace` / `v1/Pod` ApiObjects. At synth, the App's AntreaConfig (when
   * present) must enable `AntreaIPAM` and the primary-network requirements (noEncap, bridging mode, noSNAT).
   */
  public static assign(target: IConstruct, pools: IIPPool[]): void {
    if (!Array.isArray(pools) || pools.length === 0) fail(target, 'pools', pools, 'at least one IPPool');
    let metadata: { addAnnotation(key: string, value: string): void };
    let isNamespace = false;
    // ApiObjects first: a cdk8s-plus construct is not one, and cdk8s-plus is loaded only for the other targets
    const kplus = target instanceof ApiObject ? undefined : cdk8sPlus();
    if (target instanceof ApiObject && target.apiVersion === 'v1' && (target.kind === 'Namespace' || target.kind === 'Pod')) {
      metadata = target.metadata;
      isNamespace = target.kind === 'Namespace';
    } else if (kplus && target instanceof kplus.Namespace) {
      metadata = target.metadata;
      isNamespace = true;
    } else if (kplus && target instanceof kplus.Pod) {
      metadata = target.metadata;
    } else if (kplus && target instanceof kplus.Workload) {
      metadata = target.podMetadata;
    } else {
      return fail(target, 'target', target.node.path, 'a Namespace, a Pod or a workload with a Pod template');
    }
    if (isNamespace && pools.length !== 1)
      fail(
        target,
        'pools',
        pools.map((p) => p.name),
        'exactly one IPPool for a Namespace',
      );
    const seenFamily = new Map<string, string>();
    const seenName = new Set<string>();
    for (const p of pools) {
      if (seenName.has(p.name)) fail(target, 'pools', p.name, 'each IPPool once');
      seenName.add(p.name);
      if (p.family === undefined) continue;
      const other = seenFamily.get(p.family);
      if (other) fail(target, 'pools', p.name, `at most one ${p.family} IPPool (already ${other})`);
      seenFamily.set(p.family, p.name);
    }
    metadata.addAnnotation(IPPOOL_ANNOTATION, pools.map((p) => p.name).join(','));
    for (const p of pools) if (p instanceof IPPool) target.node.addDependency(p);
    addSynthCheck(target, () => {
      const config = AntreaConfig.of(target);
      if (!config) return [];
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      const at = `in AntreaConfig ${config.node.path} (${target.node.path} has the ${IPPOOL_ANNOTATION} annotation)`;
      if (!config.featureGateEnabled('AntreaIPAM')) errors.push({ field: 'featureGates.AntreaIPAM', value: false, allowed: `true ${at}` });
      if (config.trafficEncapMode !== TrafficEncapMode.NO_ENCAP)
        errors.push({ field: 'trafficEncapMode', value: config.trafficEncapMode, allowed: `"noEncap" ${at}` });
      if (!config.enableBridgingMode) errors.push({ field: 'enableBridgingMode', value: false, allowed: `true ${at}` });
      if (!config.noSNAT) errors.push({ field: 'noSNAT', value: false, allowed: `true ${at}` });
      return errors;
    });
  }

  /**
   * Gives a Pod, or the Pod template of a workload with one replica, fixed IPs from its AntreaIPAM pool (the
   * annotation `ipam.antrea.io/pod-ips`, comma-separated): at most one IPv4 and one IPv6 address. The IPs must lie
   * in the pool the Pod gets (its `ipam.antrea.io/ippools` annotation, or its Namespace's), which Antrea checks when
   * the Pod is created. A workload with more than one replica is refused (all replicas would ask for the same IP).
   */
  public static assignIPs(target: IConstruct, ips: string[]): void {
    let metadata: { addAnnotation(key: string, value: string): void };
    let replicas: number | undefined;
    const kplus = target instanceof ApiObject ? undefined : cdk8sPlus();
    if (target instanceof ApiObject && target.apiVersion === 'v1' && target.kind === 'Pod') {
      metadata = target.metadata;
    } else if (kplus && target instanceof kplus.Pod) {
      metadata = target.metadata;
    } else if (kplus && (target instanceof kplus.Deployment || target instanceof kplus.StatefulSet)) {
      metadata = target.podMetadata;
      replicas = target.replicas ?? 1;
    } else {
      return fail(target, 'target', target.node.path, 'a Pod, or a Deployment or StatefulSet with one replica');
    }
    if (replicas !== undefined && replicas !== 1)
      fail(target, 'replicas', replicas, `1 for a Pod template with ${POD_IPS_ANNOTATION} (every replica would ask for the same IP)`);
    if (!Array.isArray(ips) || ips.length === 0) fail(target, 'ips', ips, 'at least one IP address');
    const families = new Map<string, string>();
    ips.forEach((ip, i) => {
      const family = requireIp(target, `ips[${i}]`, ip).family;
      const other = families.get(family);
      if (other !== undefined) fail(target, `ips[${i}]`, ip, `at most one ${family} address (already ${other})`);
      families.set(family, ip);
    });
    metadata.addAnnotation(POD_IPS_ANNOTATION, ips.join(','));
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** IP family (from the gateway). */
  public readonly family: IpFamily;

  private readonly _ranges: ParsedPoolRange[] = [];
  private readonly subnet: { range: IpRange; manifest: Record<string, unknown> };

  public constructor(scope: Construct, id: string, props: IPPoolProps) {
    super(scope, id);
    this.name = props.name ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'name', this.name);
    if (props.subnetInfo === undefined)
      fail(this, 'subnetInfo', undefined, 'a subnetInfo { gateway, prefixLength, vlan? } (required by IPPool v1beta1)');
    if ((props as any).ipVersion !== undefined)
      fail(this, 'ipVersion', (props as any).ipVersion, 'no ipVersion (v1alpha2 only; v1beta1 derives it from subnetInfo.gateway)');
    this.subnet = parseSubnetInfo(this, 'subnetInfo', props.subnetInfo);
    this.family = this.subnet.range.family;
    const parsed = (props.ipRanges ?? []).map((t, i) => parsePoolRange(this, `ipRanges[${i}]`, t));
    parsed.forEach((r, i) => this.checkInSubnet(r, i));
    checkPoolRanges(this, parsed, PoolAllocator.IP_POOL);
    this._ranges.push(...parsed);
    const obj = new ApiObject(this, 'Resource', {
      apiVersion: ANTREA_GVK.IPPool.apiVersion,
      kind: ANTREA_GVK.IPPool.kind,
      metadata: { name: this.name },
      spec: Lazy.any({
        produce: () => ({ ipRanges: this._ranges.map((r) => ({ ...r.manifest })), subnetInfo: { ...this.subnet.manifest } }),
      }),
    });
    clusterScoped(obj);
    addSynthCheck(this, () => (this._ranges.length === 0 ? [{ field: 'ipRanges', value: [], allowed: 'at least one IP range' }] : []));
    registerPoolOverlapCheck('IPPool', this);
  }

  /** Adds an IP range (CIDR or `start-end`) inside the subnet. */
  public addIpRange(range: string): void {
    const r = parsePoolRange(this, `ipRanges[${this._ranges.length}]`, range);
    this.checkInSubnet(r, this._ranges.length);
    checkPoolRanges(this, [...this._ranges, r], PoolAllocator.IP_POOL);
    this._ranges.push(r);
    touchPoolOverlapCheck('IPPool', this);
  }

  /** The ranges (copies). */
  public ranges(): IpRange[] {
    return this._ranges.map((r) => ({ family: r.family, first: r.first, last: r.last, text: r.text }));
  }

  private checkInSubnet(r: ParsedPoolRange, index: number): void {
    const s = this.subnet.range;
    if (r.family !== s.family) fail(this, `ipRanges[${index}]`, r.text, `an ${s.family} range (subnetInfo.gateway is ${s.family})`);
    if (r.first < s.first || r.last > s.last) fail(this, `ipRanges[${index}]`, r.text, `a range inside the subnet ${s.text} of subnetInfo`);
  }
}
