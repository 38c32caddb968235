import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ANTREA_GVK } from './gvk';
import { addSynthCheck, fail } from '../core/errors';
import { validateLabelName, validateSubdomainName } from '../core/names';
import { GroupCriteria, renderGroupCriteria } from './cluster-group';
import { objectNameFromId } from './selectors';

/** A namespaced Group that Antrea NetworkPolicies (in the same Namespace) and other Groups can reference. */
export interface IGroup extends IConstruct {
  /** The Group name. */
  readonly name: string;
  /**
   * The Group Namespace, when known (undefined = the Namespace of whatever references it).
   * @default - unknown: the Namespace of whatever references it
   */
  readonly namespace?: string;
}

/** Props of {@link Group}. At most one criterion, except `namespaceSelector` with `podSelector` or `externalEntitySelector`. */
export interface GroupProps extends GroupCriteria {
  /**
   * The Group name (`metadata.name`).
   * @default - the construct id in kebab-case
   */
  readonly name?: string;
  /**
   * The Namespace of the Group.
   * @default - the chart's namespace (none: the namespace kubectl applies to)
   */
  readonly namespace?: string;
  /**
   * Child Groups in the same Namespace (one nesting level only); more can be added with `addChildGroup`.
   * @default - no children
   */
  readonly childGroups?: IGroup[];
}

class ImportedGroup extends Construct implements IGroup {
  public readonly namespace?: string;
  public constructor(
    scope: Construct,
    id: string,
    public readonly name: string,
    namespace: string | undefined,
  ) {
    super(scope, id);
    this.namespace = namespace;
  }
}

interface GroupRegistry {
  readonly byKey: Map<string, Group>;
  readonly parentCount: Map<string, number>;
}

const REGISTRIES = new WeakMap<IConstruct, GroupRegistry>();

function registryOf(scope: IConstruct): GroupRegistry {
  const root = scope.node.root;
  let r = REGISTRIES.get(root);
  if (!r) {
    r = { byKey: new Map(), parentCount: new Map() };
    REGISTRIES.set(root, r);
  }
  return r;
}

/**
 * An Antrea Group (`crd.antrea.io/v1beta1`, namespaced): a named set of Pods, ExternalEntities, IP blocks, Service
 * backends or child Groups, usable by Antrea NetworkPolicies in the same Namespace.
 */
export class Group extends Construct implements IGroup {
  /**
   * References an existing Group by name.
   * @param namespace the Group's Namespace when known (checked against the policies that use it)
   */
  public static fromGroupName(scope: Construct, id: string, name: string, namespace?: string): IGroup {
    validateSubdomainName(`${scope.node.path}/${id}`, 'name', name);
    if (namespace !== undefined) validateLabelName(`${scope.node.path}/${id}`, 'namespace', namespace);
    return new ImportedGroup(scope, id, name, namespace);
  }

  /** The Group name. */
  public readonly name: string;
  /** The Group Namespace (undefined when neither the prop nor the chart sets one). */
  public readonly namespace?: string;
  private readonly criteria: GroupCriteria;
  private readonly children: string[] = [];
  /** The rendered spec, kept current by the constructor and addChildGroup (both validate by rendering). */
  private renderedSpec: Record<string, unknown>;
  private readonly childSet = new Set<string>();
  private readonly registry: GroupRegistry;
  private readonly key: string;

  public constructor(scope: Construct, id: string, props: GroupProps = {}) {
    super(scope, id);
    this.name = props.name ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'name', this.name);
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    if (this.namespace !== undefined) validateLabelName(this, 'namespace', this.namespace);
    this.criteria = {
      podSelector: props.podSelector,
      namespaceSelector: props.namespaceSelector,
      externalEntitySelector: props.externalEntitySelector,
      ipBlocks: props.ipBlocks ? [...props.ipBlocks] : undefined,
      serviceReference: props.serviceReference,
    };
    this.renderedSpec = renderGroupCriteria(this, 'Group', this.criteria, []);
    this.registry = registryOf(this);
    this.key = `${this.namespace ?? ''}/${this.name}`;
    if (!this.registry.byKey.has(this.key)) this.registry.byKey.set(this.key, this);
    for (const child of props.childGroups ?? []) this.addChildGroup(child);

    new ApiObject(this, 'Resource', {
      apiVersion: ANTREA_GVK.Group.apiVersion,
      kind: ANTREA_GVK.Group.kind,
      metadata: { name: this.name, ...(this.namespace !== undefined ? { namespace: this.namespace } : {}) },
      spec: Lazy.any({ produce: () => this.renderedSpec }),
    });

    addSynthCheck(this, () => {
      const errors: Array<{ field: string; value: unknown; allowed: string }> = [];
      const owner = this.registry.byKey.get(this.key);
      if (owner !== this) {
        errors.push({
          field: 'name',
          value: this.name,
          allowed: `a name no other Group in this Namespace uses (also used by ${owner!.node.path})`,
        });
      }
      if (this.children.length === 0) return errors;
      const parents = this.registry.parentCount.get(this.key) ?? 0;
      const ns = this.namespace ?? '';
      const shown = (name: string) => (this.namespace !== undefined ? `${this.namespace}/${name}` : name);
      if (parents > 0) {
        errors.push({
          field: 'childGroups',
          value: [...this.children],
          allowed: `no childGroups, because this Group is itself a child (cannot set childGroups for Group ${shown(this.name)}, who has ${parents} parents)`,
        });
      }
      this.children.forEach((name, i) => {
        const child = this.registry.byKey.get(`${ns}/${name}`);
        if (child && child.children.length > 0) {
          errors.push({
            field: `childGroups[${i}]`,
            value: name,
            allowed: `a Group without childGroups (cannot set Group ${shown(name)} as childGroup, who has ${child.children.length} childGroups itself)`,
          });
        }
      });
      return errors;
    });
  }

  /** Adds a child Group (same Namespace): its members become members of this Group. Children may be created later. */
  public addChildGroup(group: IGroup): void {
    const name = group.name;
    const field = `childGroups[${this.children.length}]`;
    if (group === (this as IGroup) || name === this.name)
      fail(this, field, name, 'a Group other than this one (a group cannot be its own child)');
    if (group.namespace !== undefined && this.namespace !== undefined && group.namespace !== this.namespace) {
      fail(
        this,
        field,
        `${group.namespace}/${name}`,
        `a Group in Namespace "${this.namespace}" (childGroups resolve in the Group's own Namespace)`,
      );
    }
    if (this.childSet.has(name)) fail(this, field, name, 'a Group not already listed in childGroups');
    this.renderedSpec = renderGroupCriteria(this, 'Group', this.criteria, [...this.children, name]);
    this.children.push(name);
    this.childSet.add(name);
    const childKey = `${this.namespace ?? ''}/${name}`;
    this.registry.parentCount.set(childKey, (this.registry.parentCount.get(childKey) ?? 0) + 1);
  }

  /** The names of the child Groups (a copy). */
  public get childGroups(): string[] {
    return [...this.children];
  }
}
