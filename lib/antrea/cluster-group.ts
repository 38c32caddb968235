import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { clusterScoped } from '../core/cluster-scoped';
import { addSynthCheck, fail } from '../core/errors';
import { isDns1035Label, isDns1123Label, validateSubdomainName } from '../core/names';
import { IpBlock, renderIpBlock } from './peer';
import { LabelSelector, objectNameFromId } from './selectors';

/** A ClusterGroup that ClusterNetworkPolicies (and other ClusterGroups, as a child) can reference. */
export interface IClusterGroup extends IConstruct {
  /** The ClusterGroup name. */
  readonly name: string;
}

/** A Service whose backend Pods (by the Service selector) are the members of a group. */
export interface GroupServiceReference {
  /** The Service name. */
  readonly name: string;
  /**
   * The Service Namespace (required for a ClusterGroup).
   * @default - Group: the Group's Namespace
   */
  readonly namespace?: string;
}

/** The membership criteria shared by {@link ClusterGroupProps} and `GroupProps`. */
export interface GroupCriteria {
  /**
   * Pods selected by labels (may be combined with `namespaceSelector` only).
   * @default - no pod selector
   */
  readonly podSelector?: LabelSelector;
  /**
   * Namespaces selected by labels (alone, or with `podSelector` or `externalEntitySelector`).
   * @default - no namespace selector
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * ExternalEntities selected by labels (may be combined with `namespaceSelector` only).
   * @default - no external entity selector
   */
  readonly externalEntitySelector?: LabelSelector;
  /**
   * IP blocks (all unicast or all multicast).
   * @default - no IP blocks
   */
  readonly ipBlocks?: IpBlock[];
  /**
   * A Service whose backend Pods are the members.
   * @default - no Service
   */
  readonly serviceReference?: GroupServiceReference;
}

/** Props of {@link ClusterGroup}. At most one criterion, except `namespaceSelector` with `podSelector` or `externalEntitySelector`. */
export interface ClusterGroupProps extends GroupCriteria {
  /**
   * The ClusterGroup name (`metadata.name`).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * Nodes selected by labels (a group for Node NetworkPolicies).
   * @default - no node selector
   */
  readonly nodeSelector?: LabelSelector;
  /**
   * Child ClusterGroups (one nesting level only); more can be added with `addChildGroup`.
   * @default - no children
   */
  readonly childGroups?: IClusterGroup[];
}

/** A criterion value as stored by a group construct. */
interface Criteria {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  nodeSelector?: LabelSelector;
  externalEntitySelector?: LabelSelector;
  ipBlocks?: IpBlock[];
  serviceReference?: GroupServiceReference;
}

/**
 * Validates the criteria of a group (mutual exclusion, selectors, IP blocks, Service) and renders them, in CRD order.
 * @internal
 */
export function renderGroupCriteria(
  scope: IConstruct,
  kind: 'ClusterGroup' | 'Group',
  c: Criteria,
  childGroups: string[],
): Record<string, unknown> {
  const set: string[] = [];
  if (c.podSelector) set.push('podSelector');
  if (c.namespaceSelector) set.push('namespaceSelector');
  if (c.nodeSelector) set.push('nodeSelector');
  if (c.externalEntitySelector) set.push('externalEntitySelector');
  if (c.ipBlocks && c.ipBlocks.length > 0) set.push('ipBlocks');
  if (c.serviceReference) set.push('serviceReference');
  if (childGroups.length > 0) set.push('childGroups');
  const pairOk =
    set.length === 2 && c.namespaceSelector !== undefined && (c.podSelector !== undefined || c.externalEntitySelector !== undefined);
  if (set.length > 2 || (set.length === 2 && !pairOk)) {
    const list =
      kind === 'ClusterGroup'
        ? 'podSelector, externalEntitySelector, serviceReference, ipBlock, ipBlocks or childGroups'
        : 'podSelector, externalEntitySelector, serviceReference, ipBlocks or childGroups';
    fail(
      scope,
      set[set.length - 1],
      set,
      `a single criterion, or namespaceSelector with podSelector or externalEntitySelector (At most one of ${list} can be set for a ${kind})`,
    );
  }
  const out: Record<string, unknown> = {};
  if (c.podSelector) out.podSelector = c.podSelector._render(scope, 'podSelector');
  if (c.namespaceSelector) out.namespaceSelector = c.namespaceSelector._render(scope, 'namespaceSelector');
  if (c.nodeSelector) out.nodeSelector = c.nodeSelector._render(scope, 'nodeSelector');
  if (c.externalEntitySelector) out.externalEntitySelector = c.externalEntitySelector._render(scope, 'externalEntitySelector');
  if (c.ipBlocks && c.ipBlocks.length > 0) {
    const blocks = c.ipBlocks.map((b, i) => renderIpBlock(scope, `ipBlocks[${i}]`, b));
    const firstMulticast = blocks.findIndex((b) => b.multicast);
    const firstUnicast = blocks.findIndex((b) => !b.multicast);
    if (firstMulticast >= 0 && firstUnicast >= 0) {
      const i = Math.max(firstMulticast, firstUnicast);
      fail(
        scope,
        `ipBlocks[${i}].cidr`,
        c.ipBlocks[i].cidr,
        `${blocks[i].multicast ? 'a unicast' : 'a multicast'} CIDR like the other ipBlocks (can not set multicast groupAddress together with unicast ip address)`,
      );
    }
    out.ipBlocks = blocks.map((b) => b.json);
  }
  if (c.serviceReference) {
    const ref = c.serviceReference;
    if (!isDns1035Label(ref.name)) fail(scope, 'serviceReference.name', ref.name, 'a Service name (DNS-1035 label)');
    if (ref.namespace === undefined && kind === 'ClusterGroup') {
      fail(
        scope,
        'serviceReference.namespace',
        ref.namespace,
        'the Service Namespace (a ClusterGroup cannot resolve a Service without it)',
      );
    }
    if (ref.namespace !== undefined && !isDns1123Label(ref.namespace)) {
      fail(scope, 'serviceReference.namespace', ref.namespace, 'a Namespace name (DNS-1123 label)');
    }
    out.serviceReference = ref.namespace !== undefined ? { name: ref.name, namespace: ref.namespace } : { name: ref.name };
  }
  if (childGroups.length > 0) out.childGroups = [...childGroups];
  return out;
}

/** Per-App index of group constructs, for O(1) child/parent checks at synth. */
interface GroupRegistry<T> {
  readonly byKey: Map<string, T>;
  readonly parentCount: Map<string, number>;
}

const CG_REGISTRIES = new WeakMap<IConstruct, GroupRegistry<ClusterGroup>>();

function cgRegistry(scope: IConstruct): GroupRegistry<ClusterGroup> {
  const root = scope.node.root;
  let r = CG_REGISTRIES.get(root);
  if (!r) {
    r = { byKey: new Map(), parentCount: new Map() };
    CG_REGISTRIES.set(root, r);
  }
  return r;
}

class ImportedClusterGroup extends Construct implements IClusterGroup {
  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
  ) {
    super(scope, id);
  }
}

/**
 * An Antrea ClusterGroup (`crd.antrea.io/v1beta1`, cluster-scoped): a named set of Pods, Namespaces, Nodes,
 * ExternalEntities, IP blocks, Service backends or child ClusterGroups, usable by ClusterNetworkPolicies.
 */
export class ClusterGroup extends Construct implements IClusterGroup {
  /** References an existing ClusterGroup by name. */
  public static fromClusterGroupName(scope: Construct, id: string, name: string): IClusterGroup {
    validateSubdomainName(`${scope.node.path}/${id}`, 'name', name);
    return new ImportedClusterGroup(scope, id, name);
  }

  /** The ClusterGroup name. */
  public readonly name: string;
  private readonly criteria: Criteria;
  private readonly children: string[] = [];
  /** The rendered spec, kept current by the constructor and addChildGroup (both validate by rendering). */
  private renderedSpec: Record<string, unknown>;
  private readonly childSet = new Set<string>();
  private readonly registry: GroupRegistry<ClusterGroup>;

  public constructor(scope: Construct, id: string, props: ClusterGroupProps = {}) {
    super(scope, id);
    this.name = props.name ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'name', this.name);
    this.criteria = {
      podSelector: props.podSelector,
      namespaceSelector: props.namespaceSelector,
      nodeSelector: props.nodeSelector,
      externalEntitySelector: props.externalEntitySelector,
      ipBlocks: props.ipBlocks ? [...props.ipBlocks] : undefined,
      serviceReference: props.serviceReference,
    };
    this.registry = cgRegistry(this);
    if (!this.registry.byKey.has(this.name)) this.registry.byKey.set(this.name, this);
    this.renderedSpec = renderGroupCriteria(this, 'ClusterGroup', this.criteria, []);
    for (const child of props.childGroups ?? []) this.addChildGroup(child);

    clusterScoped(
      new ApiObject(this, 'Resource', {
        apiVersion: ANTREA_GVK.ClusterGroup.apiVersion,
        kind: ANTREA_GVK.ClusterGroup.kind,
        metadata: { name: this.name },
        spec: Lazy.any({ produce: () => this.renderedSpec }),
      }),
    );

    addSynthCheck(this, () => {
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      const owner = this.registry.byKey.get(this.name);
      if (owner !== this) {
        errors.push({
          field: 'name',
          value: this.name,
          allowed: `a name no other ClusterGroup of the App uses (also used by ${owner!.node.path})`,
        });
      }
      if (this.children.length === 0) return errors;
      const parents = this.registry.parentCount.get(this.name) ?? 0;
      if (parents > 0) {
        errors.push({
          field: 'childGroups',
          value: [...this.children],
          allowed: `no childGroups, because this ClusterGroup is itself a child (cannot set childGroups for ClusterGroup ${this.name}, who has ${parents} parents)`,
        });
      }
      this.children.forEach((name, i) => {
        const child = this.registry.byKey.get(name);
        if (child && child.children.length > 0) {
          errors.push({
            field: `childGroups[${i}]`,
            value: name,
            allowed: `a ClusterGroup without childGroups (cannot set ClusterGroup ${name} as childGroup, who has ${child.children.length} childGroups itself)`,
          });
        }
      });
      return errors;
    });
  }

  /** Adds a child ClusterGroup: the members of the child become members of this group. Children may be created later. */
  public addChildGroup(group: IClusterGroup): void {
    const name = group.name;
    const field = `childGroups[${this.children.length}]`;
    if (group === (this as IClusterGroup) || name === this.name)
      fail(this, field, name, 'a ClusterGroup other than this one (a group cannot be its own child)');
    if (this.childSet.has(name)) fail(this, field, name, 'a ClusterGroup not already listed in childGroups');
    this.renderedSpec = renderGroupCriteria(this, 'ClusterGroup', this.criteria, [...this.children, name]);
    this.children.push(name);
    this.childSet.add(name);
    this.registry.parentCount.set(name, (this.registry.parentCount.get(name) ?? 0) + 1);
  }

  /** The names of the child ClusterGroups (a copy). */
  public get childGroups(): string[] {
    return [...this.children];
  }
}
