// An application Namespace with its defaults: Pod Security labels, ResourceQuota, LimitRange, default-deny
// NetworkPolicy and RoleBindings.
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { clusterScoped } from '../core/cluster-scoped';
import { kubeObject } from '../core/kube-object';
import { isDns1123Label, isPathSegmentName, labelValueProblem, qualifiedNameProblem } from '../core/names';
import { warn } from '../core/secret-value';
import {
  constructReporter,
  FieldPath,
  formatPath,
  isPlainObject,
  parseQuantity,
  readArray,
  readBool,
  readEnum,
  readObject,
  readQuantity,
  readString,
  ReadStringOptions,
  readStringMap,
  Reporter,
} from '../core/reader';

import type { PodSecurityLevel } from '../core/preflight/types';

/** A Pod Security Standards level (one type with the preflight's). */
export type { PodSecurityLevel };

/** The Pod Security Standards levels, least to most restrictive. @internal */
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];

/**
 * Pod Security Admission labels of a namespace (`pod-security.kubernetes.io/<mode>` and `<mode>-version`).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export interface PodSecurityOptions {
  /**
   * Level enforced: Pods that violate it are rejected.
   * @default 'restricted'
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Level audited: violations are recorded in the audit log.
   * @default - the enforce level
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Level warned about: violations return a warning to the client.
   * @default - the enforce level
   */
  readonly warn?: PodSecurityLevel;
  /**
   * Policy version for all three modes: `latest` or a Kubernetes minor such as `v1.27`.
   * @default 'latest'
   */
  readonly version?: string;
  /** Version of the enforce mode. @default - `version` */
  readonly enforceVersion?: string;
  /** Version of the audit mode. @default - `version` */
  readonly auditVersion?: string;
  /** Version of the warn mode. @default - `version` */
  readonly warnVersion?: string;
}

/**
 * A ResourceQuota for a namespace. Quantities are Kubernetes quantity strings (`"500m"`, `"2"`, `"8Gi"`).
 * Only the fields given are rendered.
 */
export interface NamespaceQuota {
  /** `requests.cpu`. @default - not limited */
  readonly requestsCpu?: string;
  /** `limits.cpu`. @default - not limited */
  readonly limitsCpu?: string;
  /** `requests.memory`. @default - not limited */
  readonly requestsMemory?: string;
  /** `limits.memory`. @default - not limited */
  readonly limitsMemory?: string;
  /** `requests.storage` (sum of PVC requests). @default - not limited */
  readonly requestsStorage?: string;
  /** `pods`. @default - not limited */
  readonly pods?: number;
  /** `persistentvolumeclaims`. @default - not limited */
  readonly persistentVolumeClaims?: number;
  /** `services`. @default - not limited */
  readonly services?: number;
  /** `services.loadbalancers`. @default - not limited */
  readonly servicesLoadBalancers?: number;
  /** `services.nodeports`. @default - not limited */
  readonly servicesNodePorts?: number;
  /**
   * Further `spec.hard` entries by resource name, e.g. `{ 'vsphere-block.storageclass.storage.k8s.io/requests.storage': '100Gi' }`.
   * @default - none
   */
  readonly additional?: Record<string, string>;
}

/** Container defaults and bounds of a namespace's LimitRange (type `Container`). Quantities as strings. */
export interface ContainerLimitRange {
  /** Default CPU limit. @default - none */
  readonly defaultCpu?: string;
  /** Default memory limit. @default - none */
  readonly defaultMemory?: string;
  /** Default CPU request. @default - none (Kubernetes then uses the default limit) */
  readonly defaultRequestCpu?: string;
  /** Default memory request. @default - none (Kubernetes then uses the default limit) */
  readonly defaultRequestMemory?: string;
  /** Maximum CPU per container. @default - none */
  readonly maxCpu?: string;
  /** Maximum memory per container. @default - none */
  readonly maxMemory?: string;
  /** Minimum CPU per container. @default - none */
  readonly minCpu?: string;
  /** Minimum memory per container. @default - none */
  readonly minMemory?: string;
}

/** The role kind a binding refers to. */
export type RoleKind = 'ClusterRole' | 'Role';

/** Binds directory groups (e.g. `sso:app01-devs@corp.local`) to a role inside one namespace (a RoleBinding). */
export interface NamespaceRoleBinding {
  /** Group names as the authenticator reports them (subjects of kind Group). */
  readonly groups: string[];
  /** The role: the built-in ClusterRoles `admin`, `edit`, `view`, or a custom role name. */
  readonly role: string;
  /**
   * Whether `role` names a ClusterRole or a Role in the namespace.
   * @default 'ClusterRole'
   */
  readonly roleKind?: RoleKind;
  /**
   * The RoleBinding name.
   * @default - `<role>-groups`
   */
  readonly name?: string;
}

/** Options shared by all namespaces of a {@link ClusterPlatform} (each namespace may override them). */
export interface NamespaceDefaults {
  /**
   * Pod Security Standards labels.
   * @default - enforce, audit and warn `restricted`, version `latest`
   */
  readonly podSecurity?: PodSecurityOptions;
  /**
   * ResourceQuota; `false` for none.
   * @default - {@link DEFAULT_NAMESPACE_QUOTA}
   */
  readonly quota?: NamespaceQuota | false;
  /**
   * LimitRange for containers; `false` for none.
   * @default - {@link DEFAULT_CONTAINER_LIMIT_RANGE}
   */
  readonly limitRange?: ContainerLimitRange | false;
  /**
   * Add a NetworkPolicy `default-deny-ingress` (empty podSelector, policyTypes [Ingress]): no inbound traffic unless
   * another policy allows it.
   * @default true
   */
  readonly defaultDenyIngress?: boolean;
}

/** Props of {@link ApplicationNamespace}. */
export interface ApplicationNamespaceProps extends NamespaceDefaults {
  /** The namespace name (a DNS-1123 label; not `default` and not `kube-*`). */
  readonly name: string;
  /**
   * Extra labels (not `pod-security.kubernetes.io/*`: use `podSecurity`).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Group-to-role bindings (one RoleBinding each).
   * @default - none
   */
  readonly roleBindings?: NamespaceRoleBinding[];
}

/** The quota used when a namespace gives none. */
export const DEFAULT_NAMESPACE_QUOTA: NamespaceQuota = {
  requestsCpu: '4',
  limitsCpu: '8',
  requestsMemory: '8Gi',
  limitsMemory: '16Gi',
  pods: 50,
  persistentVolumeClaims: 10,
};

/** The LimitRange used when a namespace gives none: every container gets requests and limits, so the quota admits it. */
export const DEFAULT_CONTAINER_LIMIT_RANGE: ContainerLimitRange = {
  defaultRequestCpu: '100m',
  defaultRequestMemory: '128Mi',
  defaultCpu: '500m',
  defaultMemory: '512Mi',
};

const PSA_PREFIX = 'pod-security.kubernetes.io/';
const PSA_VERSION = /^(latest|v1\.(0|[1-9][0-9]*))$/;
const PSA_VERSION_ALLOWED = 'latest or a Kubernetes minor version such as v1.27';

const QUOTA_KEYS: Array<[keyof NamespaceQuota, string, 'quantity' | 'count']> = [
  ['requestsCpu', 'requests.cpu', 'quantity'],
  ['limitsCpu', 'limits.cpu', 'quantity'],
  ['requestsMemory', 'requests.memory', 'quantity'],
  ['limitsMemory', 'limits.memory', 'quantity'],
  ['requestsStorage', 'requests.storage', 'quantity'],
  ['pods', 'pods', 'count'],
  ['persistentVolumeClaims', 'persistentvolumeclaims', 'count'],
  ['services', 'services', 'count'],
  ['servicesLoadBalancers', 'services.loadbalancers', 'count'],
  ['servicesNodePorts', 'services.nodeports', 'count'],
];
const LIMIT_KEYS: Array<keyof ContainerLimitRange> = [
  'defaultCpu',
  'defaultMemory',
  'defaultRequestCpu',
  'defaultRequestMemory',
  'maxCpu',
  'maxMemory',
  'minCpu',
  'minMemory',
];
const POD_SECURITY_KEYS: Array<keyof PodSecurityOptions> = [
  'enforce',
  'audit',
  'warn',
  'version',
  'enforceVersion',
  'auditVersion',
  'warnVersion',
];
const DEFAULTS_KEYS = ['podSecurity', 'quota', 'limitRange', 'defaultDenyIngress'];
const NAMESPACE_KEYS = ['name', 'labels', 'annotations', ...DEFAULTS_KEYS, 'roleBindings'];
const NAMESPACE_NAME: ReadStringOptions = {
  test: (s) => isDns1123Label(s) && s !== 'default' && !s.startsWith('kube-'),
  allowed: 'a DNS-1123 label (at most 63 lowercase alphanumerics or "-") that is not "default" and does not start with "kube-"',
};

function readPodSecurity(r: Reporter, path: FieldPath, v: unknown): PodSecurityOptions {
  const o = readObject(r, path, v, POD_SECURITY_KEYS);
  const out: Record<string, string> = {};
  for (const key of POD_SECURITY_KEYS) {
    if (o[key] === undefined) continue;
    out[key] = key.toLowerCase().endsWith('version')
      ? readString(r, [...path, key], o[key], { pattern: PSA_VERSION, allowed: PSA_VERSION_ALLOWED })
      : readEnum(r, [...path, key], o[key], POD_SECURITY_LEVELS);
  }
  return out as PodSecurityOptions;
}

/** The keys of a {@link NamespaceQuota}, and each resource name with its typed field (built once, not per namespace). */
const QUOTA_PROP_KEYS: readonly string[] = [...QUOTA_KEYS.map((k) => k[0]), 'additional'];
const QUOTA_FIELD_BY_RESOURCE = new Map<string, keyof NamespaceQuota>(QUOTA_KEYS.map((k) => [k[1], k[0]]));

function readQuota(r: Reporter, path: FieldPath, v: unknown): NamespaceQuota | false {
  if (v === false) return false;
  const o = readObject(r, path, v, QUOTA_PROP_KEYS);
  const out: Record<string, unknown> = {};
  for (const [key, , kind] of QUOTA_KEYS) {
    if (o[key] === undefined) continue;
    out[key] =
      kind === 'count'
        ? (() => {
            const n = o[key];
            if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) r.fail([...path, key], n, 'a non-negative integer');
            return n;
          })()
        : readQuantity(r, [...path, key], o[key]);
  }
  if (o.additional !== undefined) {
    const add = readStringMap(r, [...path, 'additional'], o.additional);
    for (const [name, q] of Object.entries(add)) {
      const problem = qualifiedNameProblem(name);
      if (problem) r.fail([...path, 'additional', name], name, `a resource name: ${problem}`);
      const field = QUOTA_FIELD_BY_RESOURCE.get(name);
      if (field !== undefined) {
        r.fail([...path, 'additional', name], name, `a resource name not covered by a typed field (use ${formatPath([...path, field])})`);
      }
      readQuantity(r, [...path, 'additional', name], q);
    }
    out.additional = add;
  }
  if (Object.keys(out).length === 0) r.fail(path, v, 'at least one quota entry, or false for no ResourceQuota');
  return out as NamespaceQuota;
}

function readLimitRange(r: Reporter, path: FieldPath, v: unknown): ContainerLimitRange | false {
  if (v === false) return false;
  const o = readObject(r, path, v, LIMIT_KEYS);
  const out: Record<string, string> = {};
  for (const key of LIMIT_KEYS) if (o[key] !== undefined) out[key] = readQuantity(r, [...path, key], o[key]);
  if (Object.keys(out).length === 0) r.fail(path, v, 'at least one limit, or false for no LimitRange');
  // The API server's rule: min <= defaultRequest <= default <= max, for each resource.
  for (const res of ['Cpu', 'Memory'] as const) {
    const chain: Array<keyof ContainerLimitRange> = [`min${res}`, `defaultRequest${res}`, `default${res}`, `max${res}`];
    const given = chain.filter((k) => out[k] !== undefined);
    for (let i = 0; i < given.length; i++) {
      for (let j = i + 1; j < given.length; j++) {
        const a = parseQuantity(out[given[i]])!;
        const b = parseQuantity(out[given[j]])!;
        if (a > b)
          r.fail(
            [...path, given[j]],
            out[given[j]],
            `a quantity of at least ${given[i]} (${out[given[i]]}): min <= defaultRequest <= default <= max`,
          );
      }
    }
  }
  return out as ContainerLimitRange;
}

function readRoleBinding(r: Reporter, path: FieldPath, v: unknown): NamespaceRoleBinding {
  const o = readObject(r, path, v, ['groups', 'role', 'roleKind', 'name']);
  const groups = readArray(r, [...path, 'groups'], o.groups, 1, Number.MAX_SAFE_INTEGER, 'group names').map((g, i) =>
    readString(r, [...path, 'groups', i], g, { allowed: 'a non-empty group name' }),
  );
  const seen = new Set<string>();
  groups.forEach((g, i) => {
    if (seen.has(g)) r.fail([...path, 'groups', i], g, 'group names listed once');
    seen.add(g);
  });
  const role = readString(r, [...path, 'role'], o.role, {
    test: isPathSegmentName,
    allowed: 'admin, edit, view or a custom role name (not "." or "..", no "/" or "%")',
  });
  const out: { groups: string[]; role: string; roleKind?: RoleKind; name?: string } = { groups, role };
  if (o.roleKind !== undefined) out.roleKind = readEnum(r, [...path, 'roleKind'], o.roleKind, ['ClusterRole', 'Role'] as const);
  if (o.name !== undefined) {
    out.name = readString(r, [...path, 'name'], o.name, {
      test: isPathSegmentName,
      allowed: 'a RoleBinding name (not "." or "..", no "/" or "%")',
    });
  }
  return out;
}

function readMetadataMap(r: Reporter, path: FieldPath, v: unknown, labels: boolean): Record<string, string> {
  const m = readStringMap(r, path, v);
  for (const [key, value] of Object.entries(m)) {
    const kp = qualifiedNameProblem(key);
    if (kp) r.fail([...path, key], key, kp, `the key ${JSON.stringify(key)}`);
    if (labels) {
      const vp = labelValueProblem(value);
      if (vp) r.fail([...path, key], value, vp);
      if (key.startsWith(PSA_PREFIX)) r.fail([...path, key], value, 'no pod-security.kubernetes.io/* label here (set podSecurity instead)');
    }
  }
  return m;
}

/** Validates and normalises namespace defaults (used for config files and construct props alike). @internal */
export function readNamespaceDefaults(
  r: Reporter,
  path: FieldPath,
  v: unknown,
  keys: readonly string[] = DEFAULTS_KEYS,
): NamespaceDefaults {
  const o = readObject(r, path, v, keys);
  const out: { -readonly [K in keyof NamespaceDefaults]: NamespaceDefaults[K] } = {};
  if (o.podSecurity !== undefined) out.podSecurity = readPodSecurity(r, [...path, 'podSecurity'], o.podSecurity);
  if (o.quota !== undefined) out.quota = readQuota(r, [...path, 'quota'], o.quota);
  if (o.limitRange !== undefined) out.limitRange = readLimitRange(r, [...path, 'limitRange'], o.limitRange);
  if (o.defaultDenyIngress !== undefined) out.defaultDenyIngress = readBool(r, [...path, 'defaultDenyIngress'], o.defaultDenyIngress);
  return out;
}

/**
 * Validates and normalises an application namespace description (quantities become strings). Every rule reports the
 * field path through `r`, so config files get `config.yaml: namespaces[0].quota.limitsCpu: ...` and constructs get
 * `[path] quota.limitsCpu: ...`.
 */
export function readApplicationNamespaceProps(r: Reporter, path: FieldPath, v: unknown): ApplicationNamespaceProps {
  if (!isPlainObject(v)) r.fail(path, v, 'a namespace description with at least a name');
  const o = readObject(r, path, v, NAMESPACE_KEYS);
  const name = readString(r, [...path, 'name'], o.name, NAMESPACE_NAME);
  // the defaults' keys of the same object (its other keys are already known to be namespace keys)
  const defaults = readNamespaceDefaults(r, path, o, NAMESPACE_KEYS);
  const out: { -readonly [K in keyof ApplicationNamespaceProps]: ApplicationNamespaceProps[K] } = { name, ...defaults };
  if (o.labels !== undefined) out.labels = readMetadataMap(r, [...path, 'labels'], o.labels, true);
  if (o.annotations !== undefined) out.annotations = readMetadataMap(r, [...path, 'annotations'], o.annotations, false);
  if (o.roleBindings !== undefined) {
    out.roleBindings = readArray(r, [...path, 'roleBindings'], o.roleBindings, 0, Number.MAX_SAFE_INTEGER, 'role bindings').map((b, i) =>
      readRoleBinding(r, [...path, 'roleBindings', i], b),
    );
    const names = new Map<string, number>();
    out.roleBindings.forEach((b, i) => {
      const n = roleBindingName(b);
      const prev = names.get(n);
      if (prev !== undefined) {
        r.fail(
          [...path, 'roleBindings', i, 'name'],
          n,
          `a RoleBinding name not already used by ${formatPath([...path, 'roleBindings', prev])} (set name)`,
        );
      }
      names.set(n, i);
    });
  }
  return out;
}

function roleBindingName(b: NamespaceRoleBinding): string {
  return b.name ?? `${b.role}-groups`;
}

/** Props objects produced by readApplicationNamespaceProps inside ClusterPlatform.addNamespace (never exposed to callers). */
/** @internal props objects already read by ClusterPlatform.addNamespace (not read twice). */
export const VALIDATED_NAMESPACE_PROPS = new WeakSet<ApplicationNamespaceProps>();

/** Names of the objects every application namespace gets. @internal */
export const APPLICATION_NAMESPACE_OBJECT_NAMES = {
  resourceQuota: 'default-quota',
  limitRange: 'default-limits',
  defaultDenyIngress: 'default-deny-ingress',
} as const;

/** A resolved Pod Security setting (all six labels). */
export interface ResolvedPodSecurity {
  readonly enforce: PodSecurityLevel;
  readonly enforceVersion: string;
  readonly audit: PodSecurityLevel;
  readonly auditVersion: string;
  readonly warn: PodSecurityLevel;
  readonly warnVersion: string;
}

/**
 * An application namespace: the Namespace with Pod Security Standards labels, a ResourceQuota `default-quota`, a
 * LimitRange `default-limits`, a NetworkPolicy `default-deny-ingress` and RoleBindings of directory groups to roles.
 * Every namespaced object depends on the Namespace, so it is applied first.
 */
export class ApplicationNamespace extends Construct {
  /** The namespace name. */
  public readonly name: string;
  /** The resolved Pod Security Standards labels. */
  public readonly podSecurity: ResolvedPodSecurity;
  /** The ResourceQuota hard limits (resource name to quantity), or undefined when there is none. */
  public readonly quota: Readonly<Record<string, string>> | undefined;
  /** The container LimitRange, or undefined when there is none. */
  public readonly limitRange: ContainerLimitRange | undefined;
  /** Whether the `default-deny-ingress` NetworkPolicy is created. */
  public readonly defaultDenyIngress: boolean;
  /** The Namespace object (for dependencies). */
  public readonly apiObject: ApiObject;
  private readonly _roleBindings = new Map<string, NamespaceRoleBinding>();

  public constructor(scope: Construct, id: string, props: ApplicationNamespaceProps, defaults: NamespaceDefaults = {}) {
    super(scope, id);
    // ClusterPlatform.addNamespace has already validated (and reported with its own field path) the props it passes.
    const p = VALIDATED_NAMESPACE_PROPS.has(props) ? props : readApplicationNamespaceProps(constructReporter(this), [], props);
    this.name = p.name;
    const ps: PodSecurityOptions = Object.assign({}, defaults.podSecurity, p.podSecurity);
    const enforce = ps.enforce ?? 'restricted';
    const version = ps.version ?? 'latest';
    this.podSecurity = {
      enforce,
      enforceVersion: ps.enforceVersion ?? version,
      audit: ps.audit ?? enforce,
      auditVersion: ps.auditVersion ?? version,
      warn: ps.warn ?? enforce,
      warnVersion: ps.warnVersion ?? version,
    };
    const quota = p.quota ?? defaults.quota ?? DEFAULT_NAMESPACE_QUOTA;
    const limits = p.limitRange ?? defaults.limitRange ?? DEFAULT_CONTAINER_LIMIT_RANGE;
    this.limitRange = limits === false ? undefined : limits;
    this.defaultDenyIngress = p.defaultDenyIngress ?? defaults.defaultDenyIngress ?? true;

    // One literal with the six Pod Security labels, copied after the user's labels. Not `{ ...labels }` and then a key
    // at a time: on Node 20, adding keys to an object made by a spread costs about 10 µs per namespace (bench/README.md).
    const labels: Record<string, string> = Object.assign({}, p.labels, {
      'pod-security.kubernetes.io/enforce': this.podSecurity.enforce,
      'pod-security.kubernetes.io/enforce-version': this.podSecurity.enforceVersion,
      'pod-security.kubernetes.io/audit': this.podSecurity.audit,
      'pod-security.kubernetes.io/audit-version': this.podSecurity.auditVersion,
      'pod-security.kubernetes.io/warn': this.podSecurity.warn,
      'pod-security.kubernetes.io/warn-version': this.podSecurity.warnVersion,
    });
    this.apiObject = clusterScoped(
      kubeObject(this, 'Resource', 'Namespace', {
        metadata: {
          name: this.name,
          labels,
          ...(p.annotations && Object.keys(p.annotations).length > 0 ? { annotations: p.annotations } : {}),
        },
      }),
    );

    if (quota !== false) {
      const hard: Record<string, string> = {};
      for (const [key, resource] of QUOTA_KEYS) if (quota[key] !== undefined) hard[resource] = String(quota[key]);
      Object.assign(hard, quota.additional ?? {});
      this.quota = hard;
      const obj = kubeObject(this, 'ResourceQuota', 'ResourceQuota', {
        metadata: { name: APPLICATION_NAMESPACE_OBJECT_NAMES.resourceQuota, namespace: this.name },
        spec: { hard: { ...hard } },
      });
      obj.node.addDependency(this.apiObject);
      this.warnOnUnadmittablePods(hard, this.limitRange);
    } else {
      this.quota = undefined;
    }

    if (this.limitRange) {
      const l = this.limitRange;
      const pick = (cpu?: string, memory?: string): Record<string, string> | undefined => {
        const out: Record<string, string> = {};
        if (cpu !== undefined) out.cpu = cpu;
        if (memory !== undefined) out.memory = memory;
        return Object.keys(out).length > 0 ? out : undefined;
      };
      const obj = kubeObject(this, 'LimitRange', 'LimitRange', {
        metadata: { name: APPLICATION_NAMESPACE_OBJECT_NAMES.limitRange, namespace: this.name },
        spec: {
          limits: [
            {
              type: 'Container',
              default: pick(l.defaultCpu, l.defaultMemory),
              defaultRequest: pick(l.defaultRequestCpu, l.defaultRequestMemory),
              max: pick(l.maxCpu, l.maxMemory),
              min: pick(l.minCpu, l.minMemory),
            },
          ],
        },
      });
      obj.node.addDependency(this.apiObject);
    }

    if (this.defaultDenyIngress) {
      const obj = kubeObject(this, 'DefaultDenyIngress', 'NetworkPolicy', {
        metadata: { name: APPLICATION_NAMESPACE_OBJECT_NAMES.defaultDenyIngress, namespace: this.name },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      });
      obj.node.addDependency(this.apiObject);
    }

    // p is readApplicationNamespaceProps' output: its role bindings are already read
    for (const b of p.roleBindings ?? []) this.addReadRoleBinding(b);
  }

  /** The role bindings, in the order added. */
  public get roleBindings(): NamespaceRoleBinding[] {
    return [...this._roleBindings.values()].map((b) => Object.assign({}, b, { groups: [...b.groups] }));
  }

  /** Adds a RoleBinding of directory groups to a role in this namespace. The name must be unique in the namespace. */
  public addRoleBinding(binding: NamespaceRoleBinding): void {
    this.addReadRoleBinding(readRoleBinding(constructReporter(this, ['roleBindings']), [this._roleBindings.size], binding));
  }

  /** Adds a binding that `readRoleBinding` has returned. */
  private addReadRoleBinding(b: NamespaceRoleBinding): void {
    const name = roleBindingName(b);
    if (this._roleBindings.has(name)) {
      constructReporter(this).fail(
        ['roleBindings', this._roleBindings.size, 'name'],
        name,
        'a RoleBinding name not already used in this namespace (set name)',
      );
    }
    this._roleBindings.set(name, b);
    const obj = kubeObject(this, `RoleBinding-${name}`, 'RoleBinding', {
      metadata: { name, namespace: this.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: b.roleKind ?? 'ClusterRole', name: b.role },
      subjects: b.groups.map((g) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: g })),
    });
    obj.node.addDependency(this.apiObject);
  }

  private warnOnUnadmittablePods(hard: Record<string, string>, limits: ContainerLimitRange | undefined): void {
    // With a compute quota, Pods must state the quota's resources; a LimitRange default fills them in.
    const missing: string[] = [];
    const req = (cpuOrMem: 'Cpu' | 'Memory') => limits?.[`defaultRequest${cpuOrMem}`] ?? limits?.[`default${cpuOrMem}`];
    if (hard['requests.cpu'] !== undefined && req('Cpu') === undefined) missing.push('requests.cpu');
    if (hard['requests.memory'] !== undefined && req('Memory') === undefined) missing.push('requests.memory');
    if (hard['limits.cpu'] !== undefined && limits?.defaultCpu === undefined) missing.push('limits.cpu');
    if (hard['limits.memory'] !== undefined && limits?.defaultMemory === undefined) missing.push('limits.memory');
    if (missing.length > 0) {
      warn(
        this,
        `the ResourceQuota limits ${missing.join(', ')} but the LimitRange gives no default for it: Pods that do not set it are rejected`,
      );
    }
  }
}
