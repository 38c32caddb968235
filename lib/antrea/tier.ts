import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck } from '../core/errors';
import { isDns1123Subdomain, validateSubdomainName } from '../core/names';
import { constructReporter, FieldPath, Reporter } from '../core/reader';
import { AntreaConfig } from './antrea-config';
import { objectNameFromId } from './selectors';

/** A Tier that policies can be placed in: a built-in Tier, a {@link Tier} of this App, or an imported one. */
export interface ITier extends IConstruct {
  /** The name written to `spec.tier` of a policy. */
  readonly name: string;
  /** The Tier priority (lower = evaluated first), when known. @default - unknown (an imported Tier that is not built in) */
  readonly priority?: number;
}

/** Props of {@link Tier}. */
export interface TierProps {
  /**
   * The Tier object name (`metadata.name`).
   * @default - the construct id in kebab-case (e.g. `SecurityTeam` → `security-team`)
   */
  readonly name?: string;
  /**
   * The priority: an integer from 0 to 255, lower = evaluated first. Must not be reserved (251, 252, 254, 255; 220 when
   * the upstream `ClusterNetworkPolicy` feature gate is on), nor used by a built-in Tier (50, 100, 150, 200, 250, 253) or
   * by another Tier of the App.
   */
  readonly priority: number;
  /**
   * A description.
   * @default - no description
   */
  readonly description?: string;
}

/** The built-in (static) Tiers that antrea-controller creates, by CR name. */
const BUILTIN_TIERS: ReadonlyArray<[string, string, number]> = [
  ['emergency', 'Emergency', 50],
  ['securityops', 'SecurityOps', 100],
  ['networkops', 'NetworkOps', 150],
  ['platform', 'Platform', 200],
  ['application', 'Application', 250],
  ['baseline', 'Baseline', 253],
];
const BUILTIN_BY_PRIORITY = new Map(BUILTIN_TIERS.map(([name, , p]) => [p, name]));
const BUILTIN_NAMES = new Map<string, number>(
  BUILTIN_TIERS.flatMap(([name, legacy, p]) => [[name, p] as [string, number], [legacy, p] as [string, number]]),
);
const RESERVED_PRIORITIES = new Set([251, 252, 254, 255]);
/** Priority reserved for the upstream ClusterNetworkPolicy admin tier when that feature gate is on. */
const CNP_ADMIN_TIER_PRIORITY = 220;
/** `maxSupportedTiers` of the Antrea Tier webhook (built-in Tiers included). */
export const MAX_SUPPORTED_TIERS = 20;
/** How many Tiers an App (or a config file) may add to the 6 built-in ones. @internal */
export const MAX_CUSTOM_TIERS = MAX_SUPPORTED_TIERS - BUILTIN_TIERS.length;

/** What a Tier priority may be while the ClusterNetworkPolicy gate is on (220 is reserved then). */
function cnpReservedAllowed(name: string, p: number): string {
  return `a priority other than ${CNP_ADMIN_TIER_PRIORITY} while the ClusterNetworkPolicy feature gate is on (tier ${name} priority ${p} is reserved)`;
}

/** Options of {@link readTierProps}. @internal */
export interface ReadTierOptions {
  /**
   * Whether the upstream `ClusterNetworkPolicy` feature gate is known to be on (then 220 is reserved). A Tier construct
   * learns it only at synth (from the App's AntreaConfig), a config file knows it from its own `featureGates`.
   * @default false
   */
  readonly clusterNetworkPolicyGate?: boolean;
}

/** A Tier's props as read by {@link readTierProps}: the name resolved. @internal */
export interface ReadTierResult {
  readonly name: string;
  readonly priority: number;
  /** The description. @default - none */
  readonly description?: string;
}

/**
 * The props reader of {@link Tier}: the rules of one Tier (name a DNS-1123 subdomain and not a built-in Tier's,
 * priority an integer from 0 to 255 that is neither reserved nor a built-in Tier's, description a string). `Tier`'s
 * constructor and the config loader (`antrea.tiers[i]`) both call it.
 * @internal
 */
export function readTierProps(
  r: Reporter,
  path: FieldPath,
  props: { readonly name?: unknown; readonly priority?: unknown; readonly description?: unknown },
  options: ReadTierOptions = {},
): ReadTierResult {
  const name = props.name;
  if (typeof name !== 'string' || !isDns1123Subdomain(name)) {
    r.fail(
      [...path, 'name'],
      name,
      'a DNS-1123 subdomain: at most 253 lowercase alphanumerics, "-" or ".", starting and ending with an alphanumeric',
    );
  }
  if (BUILTIN_NAMES.has(name)) {
    r.fail(
      [...path, 'name'],
      name,
      'a name other than the built-in Tier names (emergency, securityops, networkops, platform, application, baseline)',
    );
  }
  const p = props.priority;
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 255) r.fail([...path, 'priority'], p, 'an integer from 0 to 255');
  if (RESERVED_PRIORITIES.has(p)) {
    r.fail([...path, 'priority'], p, `a priority other than 251, 252, 254 and 255 (tier ${name} priority ${p} is reserved)`);
  }
  const builtin = BUILTIN_BY_PRIORITY.get(p);
  if (builtin) {
    r.fail(
      [...path, 'priority'],
      p,
      `a priority not used by the built-in Tier "${builtin}" (tier ${name} priority ${p} overlaps with existing Tier)`,
    );
  }
  if (options.clusterNetworkPolicyGate && p === CNP_ADMIN_TIER_PRIORITY) r.fail([...path, 'priority'], p, cnpReservedAllowed(name, p));
  if (props.description !== undefined && typeof props.description !== 'string')
    r.fail([...path, 'description'], props.description, 'a string');
  return props.description === undefined ? { name, priority: p } : { name, priority: p, description: props.description };
}

/** A Tier that is not part of this App (built-in or imported). */
class ExternalTier extends Construct implements ITier {
  public constructor(
    scope: Construct | undefined,
    id: string,
    public readonly name: string,
    public readonly priority: number | undefined,
  ) {
    super(scope as Construct, id);
  }
}

interface TierRegistry {
  readonly tiers: Tier[];
  readonly byPriority: Map<number, Tier[]>;
  readonly byName: Map<string, Tier[]>;
}

const REGISTRIES = new WeakMap<IConstruct, TierRegistry>();

function registryOf(scope: IConstruct): TierRegistry {
  const root = scope.node.root;
  let r = REGISTRIES.get(root);
  if (!r) {
    r = { tiers: [], byPriority: new Map(), byName: new Map() };
    REGISTRIES.set(root, r);
  }
  return r;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * An Antrea Tier (`crd.antrea.io/v1beta1`, cluster-scoped): a group of policies evaluated by priority.
 *
 * Built-in Tiers are available as constants (`Tier.EMERGENCY` … `Tier.BASELINE`). App-wide checks at synth: no two
 * Tiers share a priority or a name, and at most {@link MAX_SUPPORTED_TIERS} Tiers exist including the 6 built-in ones.
 */
export class Tier extends Construct implements ITier {
  /** The built-in Tier `emergency` (priority 50). */
  public static readonly EMERGENCY: ITier = new ExternalTier(undefined, 'emergency', 'emergency', 50);
  /** The built-in Tier `securityops` (priority 100). */
  public static readonly SECURITY_OPS: ITier = new ExternalTier(undefined, 'securityops', 'securityops', 100);
  /** The built-in Tier `networkops` (priority 150). */
  public static readonly NETWORK_OPS: ITier = new ExternalTier(undefined, 'networkops', 'networkops', 150);
  /** The built-in Tier `platform` (priority 200). */
  public static readonly PLATFORM: ITier = new ExternalTier(undefined, 'platform', 'platform', 200);
  /** The built-in Tier `application` (priority 250), the default Tier of policies. */
  public static readonly APPLICATION: ITier = new ExternalTier(undefined, 'application', 'application', 250);
  /** The built-in Tier `baseline` (priority 253), evaluated after Kubernetes NetworkPolicies; no Pass rules. */
  public static readonly BASELINE: ITier = new ExternalTier(undefined, 'baseline', 'baseline', 253);

  /**
   * References an existing Tier by name (it must exist in the cluster before the policies that use it). The legacy
   * static names `Emergency`, `SecurityOps`, `NetworkOps`, `Platform`, `Application` and `Baseline` are accepted too.
   */
  public static fromTierName(scope: Construct, id: string, name: string): ITier {
    const builtin = BUILTIN_NAMES.get(name);
    if (builtin === undefined) validateSubdomainName(`${scope.node.path}/${id}`, 'name', name);
    return new ExternalTier(scope, id, name, builtin);
  }

  /** True when `tier` is one of the built-in Tiers (by name, legacy names included). */
  public static isBuiltin(tier: ITier): boolean {
    return BUILTIN_NAMES.has(tier.name);
  }

  /** The Tier object name. */
  public readonly name: string;
  /** The priority. */
  public readonly priority: number;
  /** The description, if any. */
  public readonly description?: string;

  public constructor(scope: Construct, id: string, props: TierProps) {
    super(scope, id);
    const read = readTierProps(constructReporter(this), [], {
      name: props.name ?? objectNameFromId(this, id),
      priority: props.priority,
      description: props.description,
    });
    this.name = read.name;
    const p = read.priority;
    this.priority = p;
    this.description = read.description;

    const registry = registryOf(this);
    const index = registry.tiers.length;
    registry.tiers.push(this);
    push(registry.byPriority, p, this);
    push(registry.byName, this.name, this);

    clusterScoped(
      new ApiObject(this, 'Resource', {
        apiVersion: ANTREA_GVK.Tier.apiVersion,
        kind: ANTREA_GVK.Tier.kind,
        metadata: { name: this.name },
        spec: { priority: p, ...(this.description !== undefined ? { description: this.description } : {}) },
      }),
    );

    addSynthCheck(this, () => {
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      const samePriority = registry.byPriority.get(p)!;
      if (samePriority.length > 1) {
        const others = samePriority.filter((t) => t !== this).map((t) => t.node.path);
        errors.push({
          field: 'priority',
          value: p,
          allowed: `a priority no other Tier of the App uses (also used by ${others.join(', ')}; tier ${this.name} priority ${p} overlaps with existing Tier)`,
        });
      }
      const sameName = registry.byName.get(this.name)!;
      if (sameName.length > 1) {
        const others = sameName.filter((t) => t !== this).map((t) => t.node.path);
        errors.push({
          field: 'name',
          value: this.name,
          allowed: `a Tier name no other Tier of the App uses (also used by ${others.join(', ')})`,
        });
      }
      const maxCustom = MAX_CUSTOM_TIERS;
      if (index >= maxCustom) {
        errors.push({
          field: 'tiers',
          value: registry.tiers.length,
          allowed: `at most ${maxCustom} custom Tiers in the App, this is number ${index + 1} (${BUILTIN_TIERS.length} built-in + ${maxCustom} custom; maximum number of Tiers supported: ${MAX_SUPPORTED_TIERS})`,
        });
      }
      if (p === CNP_ADMIN_TIER_PRIORITY && AntreaConfig.of(this)?.featureGateEnabled('ClusterNetworkPolicy')) {
        errors.push({
          field: 'priority',
          value: p,
          allowed: cnpReservedAllowed(this.name, p),
        });
      }
      return errors;
    });
  }
}
