import type { ManifestObject } from '../validation';

export type { ManifestObject };

/** A Pod Security Standards level, as in the `pod-security.kubernetes.io/enforce` namespace label. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** A node taint. */
export interface Taint {
  /** Taint key. */
  readonly key: string;
  /** Taint value. @default - none (the empty value) */
  readonly value?: string;
  /** Effect. Only `NoSchedule` and `NoExecute` keep pods away; `PreferNoSchedule` is a hint and never blocks scheduling. */
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** A group of identical nodes (e.g. a node pool). */
export interface NodeGroupFacts {
  /** Name of the group, for messages. */
  readonly name: string;
  /** How many nodes the group has. */
  readonly count: number;
  /**
   * Labels every node of the group carries (kubelet/installer defaults included, e.g. `kubernetes.io/os=linux`,
   * `node-role.kubernetes.io/control-plane=""`). `kubernetes.io/hostname` is distinct per node and is implied.
   */
  readonly labels: Readonly<Record<string, string>>;
  /** Steady-state taints (not transient ones such as `node.cloudprovider.kubernetes.io/uninitialized`). */
  readonly taints: readonly Taint[];
}

/** An object that exists in the cluster but is not created by the stack. */
export interface ExternalObjectFacts {
  /** e.g. `v1`. */
  readonly apiVersion: string;
  /** e.g. `Secret`. */
  readonly kind: string;
  /** Namespace. @default - cluster-scoped */
  readonly namespace?: string;
  /** `metadata.name`. */
  readonly name: string;
  /** Keys of a Secret/ConfigMap created outside the stack (e.g. by a script). @default - unknown: every key is assumed present */
  readonly keys?: readonly string[];
  /**
   * Labels of the object, used for a Namespace created outside the stack (its `pod-security.kubernetes.io/enforce`
   * and `enforce-version` labels).
   * @default - none: a Namespace without labels gets the cluster default Pod Security level
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** Who creates it, for messages. */
  readonly providedBy: string;
}

/** A CRD installed outside the stack. */
export interface PrerequisiteCrd {
  /** `<group>/<Kind>`, e.g. `monitoring.coreos.com/ServiceMonitor`. */
  readonly crd: string;
  /** Who installs it, for messages. */
  readonly providedBy: string;
}

/** What the preflight knows about the target cluster. Every field is optional; a missing fact skips what needs it. */
export interface ClusterFacts {
  /** e.g. `v1.33.4`. @default - unknown */
  readonly kubernetesVersion?: string;
  /** The cluster's nodes. @default - unknown: scheduling checks are skipped (reported once as an `info` finding) */
  readonly nodeGroups?: readonly NodeGroupFacts[];
  /** CRDs installed outside the stack, as `<group>/<Kind>` (e.g. `monitoring.coreos.com/ServiceMonitor`), each with who installs it. @default - none */
  readonly prerequisiteCrds?: readonly PrerequisiteCrd[];
  /**
   * Objects that exist but are not in the object list (e.g. Secrets created by a script). The built-in namespaces
   * (default, kube-system, kube-public, kube-node-lease) are implied.
   * @default - none
   */
  readonly externalObjects?: readonly ExternalObjectFacts[];
  /** Pod Security level enforced on namespaces without an enforce label (the cluster's AdmissionConfiguration default). @default 'privileged' */
  readonly defaultPodSecurity?: PodSecurityLevel;
  /**
   * Namespaces the cluster's AdmissionConfiguration exempts from Pod Security (`exemptions.namespaces`), e.g.
   * `kube-system` when the default level is stricter than privileged. System namespaces are not exempt by themselves.
   * @default - none
   */
  readonly podSecurityExemptNamespaces?: readonly string[];
}

/** A workload reference: kind (Deployment, DaemonSet, StatefulSet, Pod, Job, CronJob, ReplicaSet), namespace and name. */
export interface WorkloadRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** A file a component reads, declared by the construct that configures it. */
export interface FileRequirement {
  /** The workload: kind (Deployment, DaemonSet, StatefulSet, Pod, Job, CronJob, ReplicaSet), namespace and name. */
  readonly workload: WorkloadRef;
  /** The name of the container (or init container) that opens the file. */
  readonly container: string;
  /** Absolute path the component opens. */
  readonly path: string;
  /** Why, for the message, e.g. `vsphere.conf global.caFile`. */
  readonly reason: string;
}

/** The checks {@link preflight} runs. */
export type PreflightCheck = 'pod-security' | 'scheduling' | 'crds' | 'files' | 'references' | 'quota';

/** One finding of {@link preflight}. */
export interface PreflightFinding {
  /** `error`: the API server refuses it or it never starts; `warning`: probably wrong; `info`: a check was skipped or assumed. */
  readonly severity: 'error' | 'warning' | 'info';
  /** Which check found it. */
  readonly check: PreflightCheck;
  /** `<apiVersion> <kind> <namespace>/<name>` as validation.ts describes objects (`''` for a cluster-wide finding). */
  readonly object: string;
  /** JSON path in the object, e.g. `/spec/template/spec/containers/0/securityContext/runAsNonRoot` (`''` for the object itself). */
  readonly path: string;
  /** What is wrong, the bad value and what is allowed/how to fix. */
  readonly message: string;
}

/** Options of {@link preflight}. */
export interface PreflightOptions {
  /** The model of the cluster. @default - nothing known: scheduling is skipped, no prerequisite CRDs or external objects */
  readonly cluster?: ClusterFacts;
  /** Files components read. @default - none */
  readonly files?: readonly FileRequirement[];
  /** Checks to skip. @default - none */
  readonly skip?: readonly PreflightCheck[];
}
