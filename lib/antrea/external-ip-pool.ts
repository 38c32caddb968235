import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck, ErrorScope, fail } from '../core/errors';
import { findOverlaps, formatIp, IpFamily, IpRange, parseIpRange, rangeContainsIp, requireIp, specialAddress } from '../core/ip';
import { labelValueProblem, qualifiedNameProblem, validateLabels, validateSubdomainName } from '../core/names';
import { constructReporter, failerAt, FieldPath, parseFieldPath, Reporter } from '../core/reader';
import { AntreaConfig } from './antrea-config';
import { LabelSelector, LabelSelectorOperator, objectNameFromId } from './selectors';

/**
 * Operator of a label selector requirement: the same enum as {@link LabelSelectorOperator}.
 * @deprecated use `LabelSelector` with `LabelExpression` (one selector model for policies, groups, Egress and pools).
 */
export const SelectorOperator = LabelSelectorOperator;
/** @deprecated use `LabelSelectorOperator`. */
export type SelectorOperator = LabelSelectorOperator;

/**
 * One requirement of a {@link SelectorSpec}.
 * @deprecated use `LabelExpression`.
 */
export interface SelectorRequirementSpec {
  /** Label key. */
  readonly key: string;
  /** Operator. */
  readonly operator: SelectorOperator;
  /**
   * Values (required and non-empty for In/NotIn, absent for Exists/DoesNotExist).
   * @default - none
   */
  readonly values?: string[];
}

/**
 * The plain-object form of a label selector that Egress and ExternalIPPool took before they accepted
 * {@link LabelSelector}; still accepted. `{}` selects everything.
 * @deprecated use `LabelSelector` (`LabelSelector.matchLabels({...})`, `LabelSelector.of({ labels, expressions })`).
 */
export interface SelectorSpec {
  /**
   * Labels that must match exactly.
   * @default - none
   */
  readonly matchLabels?: { readonly [key: string]: string };
  /**
   * Set-based requirements.
   * @default - none
   */
  readonly matchExpressions?: SelectorRequirementSpec[];
}

/** A selector prop of Egress or ExternalIPPool: a {@link LabelSelector}, or the deprecated plain {@link SelectorSpec}. */
export type EgressSelector = LabelSelector | SelectorSpec;

/**
 * Validates and renders a {@link LabelSelector} (or the deprecated {@link SelectorSpec}) for `field`.
 * @internal
 */
export function renderAnySelector(scope: IConstruct, field: string, sel: EgressSelector): Record<string, unknown> {
  if (sel instanceof LabelSelector) return sel._render(scope, field);
  return renderSelector(scope, field, sel);
}

const SELECTOR_OPERATORS: readonly string[] = Object.values(SelectorOperator);

/** Validates a plain selector and returns its manifest form (keys sorted by insertion, empty parts left out). @internal */
export function renderSelector(scope: IConstruct, field: string, sel: SelectorSpec): Record<string, unknown> {
  if (sel === null || typeof sel !== 'object') fail(scope, field, sel, 'a label selector { matchLabels?, matchExpressions? }');
  for (const key of Object.keys(sel)) {
    if (key !== 'matchLabels' && key !== 'matchExpressions')
      fail(scope, `${field}.${key}`, (sel as any)[key], 'no such field (only matchLabels and matchExpressions)');
  }
  validateLabels(scope, `${field}.matchLabels`, sel.matchLabels as Record<string, string> | undefined);
  const out: Record<string, unknown> = {};
  if (sel.matchLabels && Object.keys(sel.matchLabels).length > 0) out.matchLabels = { ...sel.matchLabels };
  const exprs = sel.matchExpressions ?? [];
  const ops = SELECTOR_OPERATORS;
  exprs.forEach((e, i) => {
    const f = `${field}.matchExpressions[${i}]`;
    const kp = qualifiedNameProblem(e.key);
    if (kp) fail(scope, `${f}.key`, e.key, kp);
    if (!ops.includes(e.operator)) fail(scope, `${f}.operator`, e.operator, `one of ${ops.join(', ')}`);
    const needsValues = e.operator === SelectorOperator.IN || e.operator === SelectorOperator.NOT_IN;
    if (needsValues && (!e.values || e.values.length === 0))
      fail(scope, `${f}.values`, e.values, `a non-empty list for operator ${e.operator}`);
    if (!needsValues && e.values && e.values.length > 0) fail(scope, `${f}.values`, e.values, `no values for operator ${e.operator}`);
    (e.values ?? []).forEach((v, j) => {
      const vp = labelValueProblem(v);
      if (vp) fail(scope, `${f}.values[${j}]`, v, vp);
    });
  });
  if (exprs.length > 0)
    out.matchExpressions = exprs.map((e) =>
      e.values ? { key: e.key, operator: e.operator, values: [...e.values] } : { key: e.key, operator: e.operator },
    );
  return out;
}

/** Subnet of the IPs of a pool (`subnetInfo`). */
export interface PoolSubnetInfo {
  /**
   * Gateway IP of the subnet: a host address of it (not the network address, nor the IPv4 broadcast address).
   * An ExternalIPPool's ranges must not contain it (its allocator reserves no gateway). An IPPool's CIDR ranges may
   * (the AntreaIPAM allocator reserves the gateway in CIDR ranges, e.g. the usual pool CIDR = subnet), its
   * `start-end` ranges must not (nothing is reserved in them).
   */
  readonly gateway: string;
  /** Prefix length of the subnet: 1..31 for IPv4, 1..127 for IPv6. */
  readonly prefixLength: number;
  /**
   * VLAN ID, 0 = untagged.
   * @default - untagged (field omitted)
   */
  readonly vlan?: number;
}

/** Parsed pool contents shared by ExternalIPPool and IPPool. @internal */
export interface ParsedPoolRange extends IpRange {
  /** Manifest form. */
  readonly manifest: { cidr: string } | { start: string; end: string };
}

/**
 * Parses one pool range given as a CIDR or `start-end`. Only the exact forms are accepted: whitespace (e.g.
 * `"10.0.0.1 - 10.0.0.5"`) is refused, never trimmed, because the text is written to the manifest as given.
 * @internal
 */
export function parsePoolRange(scope: ErrorScope, field: string, text: string): ParsedPoolRange {
  const r = parseIpRange(scope, field, text);
  if (text.includes('/')) return Object.assign({}, r, { manifest: { cidr: text } });
  const [start, end] = text.split('-');
  return Object.assign({}, r, { manifest: { start, end } });
}

/** The subnetInfo gateway of each pool construct, so that {@link checkPoolRanges} can keep it out of the ranges. */
const SUBNET_GATEWAYS = new WeakMap<IConstruct, { family: IpFamily; value: bigint; text: string; field: string }>();

/** Validates `subnetInfo`; returns the numeric subnet range and the manifest form. @internal */
export function parseSubnetInfo(
  scope: IConstruct,
  field: string,
  info: PoolSubnetInfo,
): { range: IpRange; manifest: Record<string, unknown> } {
  if (info === null || typeof info !== 'object') fail(scope, field, info, 'a subnetInfo { gateway, prefixLength, vlan? }');
  const gw = requireIp(scope, `${field}.gateway`, info.gateway);
  const max = gw.family === 'IPv4' ? 31 : 127;
  if (!Number.isInteger(info.prefixLength) || info.prefixLength < 1 || info.prefixLength > max) {
    fail(scope, `${field}.prefixLength`, info.prefixLength, `an integer from 1 to ${max} (the gateway is ${gw.family})`);
  }
  if (info.vlan !== undefined && (!Number.isInteger(info.vlan) || info.vlan < 0 || info.vlan > 4094)) {
    fail(scope, `${field}.vlan`, info.vlan, 'an integer from 0 to 4094');
  }
  const special = specialAddress(gw);
  if (special) fail(scope, `${field}.gateway`, info.gateway, `a unicast gateway address (not ${special.kind}, ${special.block})`);
  const bits = gw.family === 'IPv4' ? 32 : 128;
  const size = 1n << BigInt(bits - info.prefixLength);
  const first = gw.value - (gw.value % size);
  const subnet = `${formatIp(gw.family, first)}/${info.prefixLength}`;
  // IPv4 /31 and IPv6 /127 point-to-point subnets have no network (or broadcast) address.
  if (gw.value === first && info.prefixLength < bits - 1) {
    fail(scope, `${field}.gateway`, info.gateway, `a host address of ${subnet} (not its network address)`);
  }
  if (gw.family === 'IPv4' && gw.value === first + size - 1n && info.prefixLength < 31) {
    fail(scope, `${field}.gateway`, info.gateway, `a host address of ${subnet} (not its broadcast address)`);
  }
  SUBNET_GATEWAYS.set(scope, Object.assign({}, gw, { text: info.gateway, field: `${field}.gateway` }));
  const manifest: Record<string, unknown> = { gateway: info.gateway, prefixLength: info.prefixLength };
  if (info.vlan !== undefined) manifest.vlan = info.vlan;
  return {
    range: { family: gw.family, first, last: first + size - 1n, text: subnet },
    manifest,
  };
}

/** Something that owns IP ranges and takes part in an App-wide overlap check. */
interface RangeOwner extends IConstruct {
  readonly name: string;
  ranges(): IpRange[];
}

interface OverlapRegistry {
  owners: RangeOwner[];
  generation: number;
  computedFor: number;
  problems: Map<RangeOwner, Array<{ field: string; value: unknown; allowed: string }>>;
}

const OVERLAP_REGISTRIES = new WeakMap<IConstruct, Map<string, OverlapRegistry>>();

/**
 * Registers `owner` for the App-wide "pools must not overlap" check of `category`. The overlap computation runs
 * once per synth (O(n log n) over all ranges of all owners) and each owner reports its own overlaps.
 * Call `touchPoolOverlapCheck` when an owner's ranges change.
 * @internal
 */
export function registerPoolOverlapCheck(category: string, owner: RangeOwner): void {
  const root = owner.node.root;
  let byCat = OVERLAP_REGISTRIES.get(root);
  if (!byCat) OVERLAP_REGISTRIES.set(root, (byCat = new Map()));
  let reg = byCat.get(category);
  if (!reg) byCat.set(category, (reg = { owners: [], generation: 0, computedFor: -1, problems: new Map() }));
  reg.owners.push(owner);
  reg.generation++;
  const r = reg;
  addSynthCheck(owner, () => {
    if (r.computedFor !== r.generation) {
      r.problems = computeOverlaps(category, r.owners);
      r.computedFor = r.generation;
    }
    return r.problems.get(owner) ?? [];
  });
}

/** Marks the overlap result of `owner`'s category stale after its ranges changed. @internal */
export function touchPoolOverlapCheck(category: string, owner: IConstruct): void {
  const reg = OVERLAP_REGISTRIES.get(owner.node.root)?.get(category);
  if (reg) reg.generation++;
}

/** A pool as {@link crossPoolOverlaps} sees it: its name, where it is defined (for the message) and its ranges. @internal */
export interface PoolRanges {
  readonly name: string;
  /** Where the pool is defined: a construct path, or a config key such as `antrea.egressPools[0]`. */
  readonly where: string;
  readonly ranges: readonly IpRange[];
}

/**
 * The "pools of one kind must not overlap" rule, in O(n log n) over all ranges: for each pair of overlapping ranges of
 * two different pools, the pool and range reported (the one that starts later) and what is allowed. Overlaps inside
 * one pool are {@link checkPoolRanges}'s. The App-wide synth check of ExternalIPPool and IPPool and the config loader
 * (`antrea.egressPools`) both use it.
 * @internal
 */
export function crossPoolOverlaps(
  category: string,
  pools: readonly PoolRanges[],
): Array<{ pool: number; range: number; value: string; allowed: string }> {
  const all: IpRange[] = [];
  const at: Array<[number, number]> = [];
  pools.forEach((p, i) =>
    p.ranges.forEach((r, j) => {
      all.push(r);
      at.push([i, j]);
    }),
  );
  const out: Array<{ pool: number; range: number; value: string; allowed: string }> = [];
  for (const [a, b] of findOverlaps(all)) {
    const [pa] = at[a];
    const [pb, rb] = at[b];
    if (pa === pb) continue; // within one pool: checked eagerly
    out.push({
      pool: pb,
      range: rb,
      value: all[b].text,
      allowed: `a range that does not overlap ${all[a].text} of ${category} "${pools[pa].name}" (${pools[pa].where})`,
    });
  }
  return out;
}

function computeOverlaps(
  category: string,
  owners: RangeOwner[],
): Map<RangeOwner, Array<{ field: string; value: unknown; allowed: string }>> {
  const out = new Map<RangeOwner, Array<{ field: string; value: unknown; allowed: string }>>();
  const pools = owners.map((o) => ({ name: o.name, where: o.node.path, ranges: o.ranges() }));
  for (const o of crossPoolOverlaps(category, pools)) {
    const later = owners[o.pool];
    const list = out.get(later) ?? [];
    list.push({ field: 'ipRanges', value: o.value, allowed: o.allowed });
    out.set(later, list);
  }
  return out;
}

/** Which allocator hands out the IPs of a pool: they reserve different addresses. @internal */
export enum PoolAllocator {
  /**
   * antrea-controller's ExternalIPPool allocator: CIDR ranges skip the network and IPv4 broadcast addresses, nothing
   * else is reserved (not the subnetInfo gateway).
   */
  EXTERNAL_IP_POOL = 'ExternalIPPool',
  /**
   * The AntreaIPAM IPPool allocator (pkg/ipam/poolallocator): CIDR ranges skip the network address and reserve the
   * subnetInfo gateway (and the IPv4 broadcast when the range is the whole subnet); `start-end` ranges reserve nothing.
   */
  IP_POOL = 'IPPool',
}

/**
 * Checks that ranges of one pool are of one family, do not overlap each other (O(n log n)) and do not hand out the
 * pool's `subnetInfo.gateway`: an ExternalIPPool range must not contain it (that allocator reserves no gateway); an
 * IPPool `start-end` range must not contain it (nothing is reserved there), while an IPPool CIDR range may (the
 * IPPool allocator reserves the gateway in CIDR ranges).
 * @internal
 */
export function checkPoolRanges(
  scope: ErrorScope,
  ranges: ParsedPoolRange[],
  allocator: PoolAllocator = PoolAllocator.EXTERNAL_IP_POOL,
): void {
  const fam = ranges[0]?.family;
  const gw = typeof scope === 'object' ? SUBNET_GATEWAYS.get(scope as IConstruct) : undefined;
  ranges.forEach((r, i) => {
    if (r.family !== fam) fail(scope, `ipRanges[${i}]`, r.text, `an ${fam} range (all ranges of a pool must be of one IP family)`);
    if (!gw || !rangeContainsIp(r, gw)) return;
    const isCidr = 'cidr' in r.manifest;
    if (allocator === PoolAllocator.IP_POOL && isCidr) return; // reserved by the IPPool allocator
    fail(
      scope,
      `ipRanges[${i}]`,
      r.text,
      allocator === PoolAllocator.IP_POOL
        ? `a start-end range that does not contain ${gw.field} ${gw.text}, or a CIDR range (the IPPool allocator reserves the gateway only in CIDR ranges, so this range would hand it out to a Pod)`
        : `a range that does not contain ${gw.field} ${gw.text} (the ExternalIPPool allocator does not reserve the gateway, so it would be handed out as an external IP)`,
    );
  });
  const ov = findOverlaps(ranges);
  if (ov.length > 0) {
    const [a, b] = ov[0];
    fail(scope, 'ipRanges', ranges[b].text, `a range that does not overlap ${ranges[a].text} in the same pool`);
  }
}

/** What a pool without ranges is missing (an ExternalIPPool needs at least one range). */
const NO_RANGES_ALLOWED = 'at least one IP range';

/** Options of {@link readExternalIPPoolProps}. @internal */
export interface ReadExternalIPPoolOptions {
  /**
   * The ranges are complete (a config file: no `addIpRange` later), so an empty list is an error now rather than at
   * synth.
   * @default false
   */
  readonly complete?: boolean;
}

/** An ExternalIPPool's props as read by {@link readExternalIPPoolProps}. @internal */
export interface ReadExternalIPPoolResult {
  readonly name: string;
  readonly ranges: ParsedPoolRange[];
}

/**
 * The props reader of {@link ExternalIPPool}: the name (a DNS-1123 subdomain) and the ranges (each a CIDR or
 * `start-end` without spaces, all of one IP family, not overlapping each other). The construct adds its subnetInfo
 * rules; the config loader (`antrea.egressPools[i]`) calls it with `complete: true`.
 * @internal
 */
export function readExternalIPPoolProps(
  r: Reporter,
  path: FieldPath,
  props: { readonly name?: unknown; readonly ipRanges?: unknown },
  options: ReadExternalIPPoolOptions = {},
): ReadExternalIPPoolResult {
  const at = failerAt(r, (field) => [...path, ...parseFieldPath(field)]);
  validateSubdomainName(at, 'name', props.name as string);
  const list = props.ipRanges ?? [];
  if (!Array.isArray(list)) r.fail([...path, 'ipRanges'], list, 'a list of IP ranges (CIDR or "<start IP>-<end IP>")');
  if (options.complete && list.length === 0) r.fail([...path, 'ipRanges'], list, NO_RANGES_ALLOWED);
  const ranges = list.map((t, i) => parsePoolRange(at, `ipRanges[${i}]`, t as string));
  checkPoolRanges(at, ranges);
  return { name: props.name as string, ranges };
}

/** A reference to an Antrea ExternalIPPool. */
export interface IExternalIPPool extends IConstruct {
  /** The ExternalIPPool's `metadata.name`. */
  readonly name: string;
}

/** Props of {@link ExternalIPPool}. */
export interface ExternalIPPoolProps {
  /**
   * `metadata.name` of the pool (cluster-scoped).
   * @default - derived from the construct id (kebab-case, lowercase)
   */
  readonly name?: string;
  /**
   * IP ranges, each a CIDR (`10.10.0.0/24`) or `start-end` (`10.10.0.2-10.10.0.20`, exactly this form: no spaces).
   * All of one IP family, not overlapping each other nor the ranges of any other ExternalIPPool in the App, and not
   * containing `subnetInfo.gateway`. More via `addIpRange`.
   * @default - none; at least one range is required at synth
   */
  readonly ipRanges?: string[];
  /**
   * Subnet of the IPs (enables the VLAN sub-interface `antrea-ext.<vlan>`); every range must lie inside it.
   * @default - the IPs are in the Node subnet
   */
  readonly subnetInfo?: PoolSubnetInfo;
  /**
   * Nodes that can host the IPs (a `LabelSelector`; the plain `{ matchLabels, matchExpressions }` form is deprecated).
   * @default LabelSelector.all() (all Nodes)
   */
  readonly nodeSelector?: EgressSelector;
}

/**
 * Antrea ExternalIPPool (`crd.antrea.io/v1beta1`, cluster-scoped): IPs for Egress and ServiceExternalIP.
 */
export class ExternalIPPool extends Construct implements IExternalIPPool {
  /** References an ExternalIPPool that is defined elsewhere. */
  public static fromExternalIPPoolName(scope: Construct, id: string, name: string): IExternalIPPool {
    const c = new Construct(scope, id);
    validateSubdomainName(c, 'name', name);
    return Object.assign(c, { name }) as IExternalIPPool;
  }

  /** `metadata.name`. */
  public readonly name: string;
  /** The IP family of the pool (from the first range), undefined while the pool has no ranges. */
  public get family(): IpFamily | undefined {
    return this._ranges[0]?.family;
  }

  private readonly _ranges: ParsedPoolRange[] = [];
  private readonly subnet?: { range: IpRange; manifest: Record<string, unknown> };
  private readonly nodeSelector: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: ExternalIPPoolProps = {}) {
    super(scope, id);
    for (const key of ['ipRange', 'spec'] as const) {
      if ((props as any)[key] !== undefined) fail(this, key, (props as any)[key], 'no such prop (use ipRanges)');
    }
    // The props reader (name, ranges: form, one family, no overlap); then the subnetInfo rules of the construct.
    const read = readExternalIPPoolProps(constructReporter(this), [], {
      name: props.name ?? objectNameFromId(this, id),
      ipRanges: props.ipRanges,
    });
    this.name = read.name;
    if (props.subnetInfo !== undefined) this.subnet = parseSubnetInfo(this, 'subnetInfo', props.subnetInfo);
    this.nodeSelector = renderAnySelector(this, 'nodeSelector', props.nodeSelector ?? LabelSelector.all());
    const parsed = read.ranges;
    parsed.forEach((r, i) => this.checkInSubnet(r, i));
    // the reader has checked the family and the overlaps; the gateway rule needs the subnetInfo read above
    if (this.subnet) checkPoolRanges(this, parsed);
    this._ranges.push(...parsed);

    const obj = new ApiObject(this, 'Resource', {
      apiVersion: ANTREA_GVK.ExternalIPPool.apiVersion,
      kind: ANTREA_GVK.ExternalIPPool.kind,
      metadata: { name: this.name },
      spec: Lazy.any({ produce: () => this._toSpec() }),
    });
    clusterScoped(obj);
    addSynthCheck(this, () => (this._ranges.length === 0 ? [{ field: 'ipRanges', value: [], allowed: NO_RANGES_ALLOWED }] : []));
    if (this.subnet) {
      addSynthCheck(this, () => {
        const c = AntreaConfig.of(this);
        if (!c || c.featureGateEnabled('EgressSeparateSubnet')) return [];
        return [
          {
            field: 'subnetInfo',
            value: this.subnet!.manifest,
            allowed: `no subnetInfo, or featureGates.EgressSeparateSubnet: true in AntreaConfig ${c.node.path} (IPs in a separate subnet need the EgressSeparateSubnet agent feature gate)`,
          },
        ];
      });
    }
    registerPoolOverlapCheck('ExternalIPPool', this);
  }

  /** Adds an IP range (CIDR or `start-end`). */
  public addIpRange(range: string): void {
    const r = parsePoolRange(this, `ipRanges[${this._ranges.length}]`, range);
    this.checkInSubnet(r, this._ranges.length);
    checkPoolRanges(this, [...this._ranges, r]);
    this._ranges.push(r);
    touchPoolOverlapCheck('ExternalIPPool', this);
  }

  /** The ranges of the pool (copies). */
  public ranges(): IpRange[] {
    return this._ranges.map((r) => ({ family: r.family, first: r.first, last: r.last, text: r.text }));
  }

  /** The ranges as given (copy). */
  public get ipRanges(): string[] {
    return this._ranges.map((r) => r.text);
  }

  private checkInSubnet(r: ParsedPoolRange, index: number): void {
    if (!this.subnet) return;
    const s = this.subnet.range;
    if (r.family !== s.family || r.first < s.first || r.last > s.last) {
      fail(this, `ipRanges[${index}]`, r.text, `a range inside the subnet ${s.text} of subnetInfo`);
    }
  }

  private _toSpec(): Record<string, unknown> {
    const spec: Record<string, unknown> = { ipRanges: this._ranges.map((r) => ({ ...r.manifest })) };
    if (this.subnet) spec.subnetInfo = { ...this.subnet.manifest };
    spec.nodeSelector = { ...this.nodeSelector };
    return spec;
  }
}
