// The cluster-wide platform: application namespaces built from shared defaults.
import { Construct } from 'constructs';
import { constructReporter, readArray } from '../core/reader';
import {
  ApplicationNamespace,
  ApplicationNamespaceProps,
  NamespaceDefaults,
  readApplicationNamespaceProps,
  readNamespaceDefaults,
  VALIDATED_NAMESPACE_PROPS,
} from './application-namespace';

/** Props of {@link ClusterPlatform}. */
export interface ClusterPlatformProps {
  /**
   * Application namespaces.
   * @default - none (add them with addNamespace)
   */
  readonly namespaces?: ApplicationNamespaceProps[];
  /**
   * Defaults for every namespace (Pod Security, quota, LimitRange, default-deny ingress); a namespace's own setting wins.
   * @default - restricted Pod Security, {@link DEFAULT_NAMESPACE_QUOTA}, {@link DEFAULT_CONTAINER_LIMIT_RANGE}, default-deny ingress
   */
  readonly namespaceDefaults?: NamespaceDefaults;
}

/**
 * The platform layer of a cluster: application namespaces, each with Pod Security Standards labels, a ResourceQuota,
 * a LimitRange, a default-deny ingress NetworkPolicy and RoleBindings of directory groups to roles.
 */
export class ClusterPlatform extends Construct {
  /** The resolved namespace defaults. */
  public readonly namespaceDefaults: NamespaceDefaults;
  private readonly _namespaces = new Map<string, ApplicationNamespace>();

  public constructor(scope: Construct, id: string, props: ClusterPlatformProps = {}) {
    super(scope, id);
    const r = constructReporter(this);
    this.namespaceDefaults =
      props.namespaceDefaults === undefined ? {} : readNamespaceDefaults(r, ['namespaceDefaults'], props.namespaceDefaults);
    if (props.namespaces !== undefined) {
      const list = readArray(r, ['namespaces'], props.namespaces, 0, Number.MAX_SAFE_INTEGER, 'namespaces') as ApplicationNamespaceProps[];
      for (const ns of list) this.addNamespace(ns);
    }
  }

  /** Adds an application namespace. Names must be unique within the platform. */
  public addNamespace(props: ApplicationNamespaceProps): ApplicationNamespace {
    const index = this._namespaces.size;
    const r = constructReporter(this);
    const p = readApplicationNamespaceProps(r, ['namespaces', index], props);
    if (this._namespaces.has(p.name)) r.fail(['namespaces', index, 'name'], p.name, 'a namespace name not already used in this platform');
    VALIDATED_NAMESPACE_PROPS.add(p);
    const ns = new ApplicationNamespace(this, p.name, p, this.namespaceDefaults);
    this._namespaces.set(ns.name, ns);
    return ns;
  }

  /** The namespaces, in the order added. */
  public get namespaces(): ApplicationNamespace[] {
    return [...this._namespaces.values()];
  }

  /** The namespace with this name, or undefined. */
  public namespace(name: string): ApplicationNamespace | undefined {
    return this._namespaces.get(name);
  }
}
