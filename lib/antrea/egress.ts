import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck, fail } from '../core/errors';
import { IpFamily, IpRange, rangeContainsIp, requireIp, specialAddress } from '../core/ip';
import { validateSubdomainName } from '../core/names';
import { constructReporter, failerAt, FieldPath, parseFieldPath, Reporter } from '../core/reader';
import { AntreaConfig } from './antrea-config';
import { EgressSelector, ExternalIPPool, IExternalIPPool, renderAnySelector } from './external-ip-pool';
import { objectNameFromId } from './selectors';

/** The Pods an Egress applies to (a single entry; both selectors together = AND). */
export interface EgressAppliedTo {
  /**
   * Pods by label (a `LabelSelector`; the plain `{ matchLabels, matchExpressions }` form is deprecated).
   * @default - all Pods in the selected Namespaces
   */
  readonly podSelector?: EgressSelector;
  /**
   * Namespaces by label (a `LabelSelector`; the plain form is deprecated).
   * @default - all Namespaces
   */
  readonly namespaceSelector?: EgressSelector;
}

/** Egress traffic shaping (needs the agent gate `EgressTrafficShaping`). */
export interface EgressBandwidth {
  /** Rate as a Kubernetes quantity in bits per second, e.g. `800M`. */
  readonly rate: string;
  /** Burst size as a Kubernetes quantity in bits, e.g. `2G`. */
  readonly burst: string;
}

/** Props of {@link Egress}. */
export interface EgressProps {
  /**
   * `metadata.name` (cluster-scoped).
   * @default - derived from the construct id (kebab-case, lowercase)
   */
  readonly name?: string;
  /** The Pods whose outgoing traffic is SNATed to the Egress IP. At least one selector is required. */
  readonly appliedTo: EgressAppliedTo;
  /**
   * The SNAT IP: a unicast address (not unspecified, loopback, multicast or broadcast). With `externalIPPool` it must
   * lie inside the pool.
   * @default - allocated from `externalIPPool` by antrea-controller (which then writes `spec.egressIP`)
   */
  readonly egressIP?: string;
  /**
   * The pool the IP is taken from (gives failover between the pool's Nodes).
   * @default - none: `egressIP` must be set and configured on a Node by hand
   */
  readonly externalIPPool?: IExternalIPPool;
  /**
   * Bandwidth limit of the Egress.
   * @default - unlimited
   */
  readonly bandwidth?: EgressBandwidth;
}

const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)([KMGTPE]i|[numkMGTPE]|[eE][+]?\d+)?$/;

/** True when `text` is a positive Kubernetes resource quantity. @internal */
export function isPositiveQuantity(text: unknown): boolean {
  if (typeof text !== 'string' || !QUANTITY.test(text)) return false;
  return /[1-9]/.test(text.replace(/[eE][+]?\d+$/, ''));
}

/** The ranges of the pool an Egress takes its IP from, as {@link readEgressProps} checks the IP against them. @internal */
export interface EgressPoolRanges {
  /** The pool's `metadata.name`. */
  readonly name: string;
  /** The pool's ranges (all of one family). */
  readonly ranges: readonly IpRange[];
}

/** Why `ip` cannot be the Egress IP of `pool` (wrong family, outside its ranges), or undefined. */
function egressIpPoolProblem(ip: { family: IpFamily; value: bigint }, pool: EgressPoolRanges): string | undefined {
  const family = pool.ranges[0]?.family;
  if (family === undefined) return undefined;
  if (family !== ip.family) return `an ${family} address (ExternalIPPool "${pool.name}" is ${family})`;
  if (!pool.ranges.some((r) => rangeContainsIp(r, ip)))
    return `an IP inside ExternalIPPool "${pool.name}" (${pool.ranges.map((r) => r.text).join(', ')})`;
  return undefined;
}

/** An Egress's props as read by {@link readEgressProps}. @internal */
export interface ReadEgressResult {
  readonly name: string;
  /** The Egress IP as given. @default - none (allocated from the pool) */
  readonly egressIP?: string;
  /** The parsed `egressIP`. @default - none (no egressIP) */
  readonly ip?: { family: IpFamily; value: bigint };
}

/**
 * The props reader of {@link Egress}: the name (a DNS-1123 subdomain) and the Egress IP (an address, unicast, and,
 * when the pool's ranges are known, of the pool's family and inside one of its ranges). The construct learns its pool's
 * ranges at synth (ranges can be added later) and checks the pool there with the same rule; the config loader
 * (`antrea.egresses[i]`) knows the pool now.
 * @internal
 */
export function readEgressProps(
  r: Reporter,
  path: FieldPath,
  props: { readonly name?: unknown; readonly egressIP?: unknown },
  pool?: EgressPoolRanges,
): ReadEgressResult {
  const at = failerAt(r, (field) => [...path, ...parseFieldPath(field)]);
  validateSubdomainName(at, 'name', props.name as string);
  const name = props.name as string;
  if (props.egressIP === undefined) return { name };
  const text = props.egressIP as string;
  const ip = requireIp(at, 'egressIP', text);
  const special = specialAddress(ip);
  if (special)
    r.fail([...path, 'egressIP'], text, `a unicast address (not ${special.kind}, ${special.block}): the SNAT source of the selected Pods`);
  const problem = pool ? egressIpPoolProblem(ip, pool) : undefined;
  if (problem) r.fail([...path, 'egressIP'], text, problem);
  return { name, egressIP: text, ip };
}

/**
 * The Egress feature-gate rule, for `Egress`'s synth check and the config loader: what `featureGates.Egress` must be
 * while an Egress exists (`where` names the AntreaConfig, or the config file's condition). @internal
 */
export function egressGateAllowed(where: string): string {
  return `true ${where} (an Egress needs the Egress feature gate)`;
}

/**
 * Antrea Egress (`crd.antrea.io/v1beta1`, cluster-scoped): the SNAT IP for traffic of selected Pods leaving the cluster.
 * The plural `egressIPs` / `externalIPPools` are rejected (Antrea's webhook rejects them).
 */
export class Egress extends Construct {
  /** `metadata.name`. */
  public readonly name: string;
  /** The SNAT IP, if given. */
  public readonly egressIP?: string;
  /** The pool, if given. */
  public readonly externalIPPool?: IExternalIPPool;
  /** The bandwidth limit, if given. */
  public readonly bandwidth?: EgressBandwidth;

  private readonly appliedTo: Record<string, unknown>;
  private readonly ip?: { family: IpFamily; value: bigint };

  public constructor(scope: Construct, id: string, props: EgressProps) {
    super(scope, id);
    const raw = props as unknown as Record<string, unknown>;
    if (raw.egressIPs !== undefined) fail(this, 'egressIPs', raw.egressIPs, 'no egressIPs (not supported by Antrea; use egressIP)');
    if (raw.externalIPPools !== undefined)
      fail(this, 'externalIPPools', raw.externalIPPools, 'no externalIPPools (not supported by Antrea; use externalIPPool)');
    if (raw.spec !== undefined) fail(this, 'spec', raw.spec, 'no raw spec (use the typed props)');
    const read = readEgressProps(constructReporter(this), [], { name: props.name ?? objectNameFromId(this, id), egressIP: props.egressIP });
    this.name = read.name;

    const at = props.appliedTo;
    if (!at || typeof at !== 'object') fail(this, 'appliedTo', at, 'an object with podSelector and/or namespaceSelector');
    for (const key of Object.keys(at)) {
      if (key !== 'podSelector' && key !== 'namespaceSelector')
        fail(this, `appliedTo.${key}`, (at as any)[key], 'no such field (only podSelector and namespaceSelector)');
    }
    if (at.podSelector === undefined && at.namespaceSelector === undefined) {
      fail(this, 'appliedTo', at, 'at least one of podSelector and namespaceSelector (an empty appliedTo selects no Pods)');
    }
    this.appliedTo = {};
    if (at.podSelector !== undefined) this.appliedTo.podSelector = renderAnySelector(this, 'appliedTo.podSelector', at.podSelector);
    if (at.namespaceSelector !== undefined)
      this.appliedTo.namespaceSelector = renderAnySelector(this, 'appliedTo.namespaceSelector', at.namespaceSelector);

    if (props.egressIP === undefined && props.externalIPPool === undefined) {
      fail(this, 'egressIP', undefined, 'an IP address, or an externalIPPool to allocate it from (at least one of the two)');
    }
    this.ip = read.ip;
    this.egressIP = props.egressIP;
    this.externalIPPool = props.externalIPPool;

    if (props.bandwidth !== undefined) {
      const bw = props.bandwidth;
      if (!isPositiveQuantity(bw.rate))
        fail(this, 'bandwidth.rate', bw.rate, 'a positive Kubernetes quantity such as "800M" (bits per second)');
      if (!isPositiveQuantity(bw.burst)) fail(this, 'bandwidth.burst', bw.burst, 'a positive Kubernetes quantity such as "2G" (bits)');
      this.bandwidth = { rate: bw.rate, burst: bw.burst };
    }

    const obj = new ApiObject(this, 'Resource', {
      apiVersion: ANTREA_GVK.Egress.apiVersion,
      kind: ANTREA_GVK.Egress.kind,
      metadata: { name: this.name },
      // every field of the spec is final here (readonly props), so no Lazy for cdk8s to resolve at synth
      spec: this._toSpec(),
    });
    clusterScoped(obj);
    if (props.externalIPPool instanceof ExternalIPPool) this.node.addDependency(props.externalIPPool);

    addSynthCheck(this, () => this.crossCheck());
  }

  private crossCheck(): Array<{ field: string; value: unknown; allowed: string }> {
    const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
    const pool = this.externalIPPool;
    // The pool rule of the props reader, now that the pool's ranges are final.
    const problem =
      this.ip && pool instanceof ExternalIPPool ? egressIpPoolProblem(this.ip, { name: pool.name, ranges: pool.ranges() }) : undefined;
    if (problem) errors.push({ field: 'egressIP', value: this.egressIP, allowed: problem });
    const config = AntreaConfig.of(this);
    if (config) {
      if (!config.featureGateEnabled('Egress')) {
        errors.push({
          field: 'featureGates.Egress',
          value: false,
          allowed: egressGateAllowed(`in AntreaConfig ${config.node.path}`),
        });
      }
      if (this.bandwidth && !config.featureGateEnabled('EgressTrafficShaping')) {
        errors.push({
          field: 'bandwidth',
          value: this.bandwidth,
          allowed: `no bandwidth while the EgressTrafficShaping feature gate is off in AntreaConfig ${config.node.path}`,
        });
      }
    }
    return errors;
  }

  private _toSpec(): Record<string, unknown> {
    const spec: Record<string, unknown> = { appliedTo: this.appliedTo };
    if (this.egressIP !== undefined) spec.egressIP = this.egressIP;
    if (this.externalIPPool !== undefined) spec.externalIPPool = this.externalIPPool.name;
    if (this.bandwidth) spec.bandwidth = { rate: this.bandwidth.rate, burst: this.bandwidth.burst };
    return spec;
  }
}
