import { App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { guardDirectSynth } from './direct-synth';
import { fail } from './errors';
import {
  ClusterFacts,
  ExternalObjectFacts,
  FileRequirement,
  NodeGroupFacts,
  PodSecurityLevel as PreflightPodSecurityLevel,
} from './preflight/types';

/** Props of {@link ClusterModel}. */
export interface ClusterModelProps {
  /**
   * The cluster's Kubernetes version (`v1.33.4`): objects are validated against the schema of its minor.
   * @default - unknown: the default schema version
   */
  readonly kubernetesVersion?: string;
  /**
   * The cluster's nodes, with the labels and taints they carry once installed. Scheduling checks need them.
   * @default - none known: scheduling is not checked
   */
  readonly nodeGroups?: NodeGroupFacts[];
  /**
   * Pod Security level enforced on namespaces that carry no enforce label (the API server's admission default).
   * @default 'privileged' (the Kubernetes default)
   */
  readonly defaultPodSecurity?: PreflightPodSecurityLevel;
  /**
   * Namespaces the AdmissionConfiguration exempts from Pod Security (e.g. `kube-system` with a stricter default).
   * @default - none
   */
  readonly podSecurityExemptNamespaces?: string[];
}

const MODEL_ID = 'ClusterModel';
const CRD_REF = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/([A-Z][A-Za-z0-9]*|\*)$/;

/** What a prerequisite CRD reference may be (for messages). @internal */
export const PREREQUISITE_CRD_ALLOWED =
  'a CRD as <group>/<Kind> (or <group>/* for a whole group), e.g. monitoring.coreos.com/ServiceMonitor';

/** True for a prerequisite CRD reference: `<group>/<Kind>`, or `<group>/*` for every kind of a group. @internal */
export function isPrerequisiteCrd(crd: unknown): crd is string {
  return typeof crd === 'string' && CRD_REF.test(crd);
}

/**
 * What the stack knows about the cluster its objects are applied to: Kubernetes version, nodes (labels and taints),
 * CRDs and objects that exist outside the stack, and the files components read. `synthesize()` and the Pulumi adapter
 * hand it to the preflight (lib/core/preflight), which refuses what the API server's admission, the scheduler or the
 * components would refuse. One per App, at its root: constructs find it with {@link ClusterModel.of}.
 */
export class ClusterModel extends Construct {
  /** The App's model, if one was created. */
  public static find(scope: IConstruct): ClusterModel | undefined {
    const root = scope.node.root;
    return root.node.tryFindChild(MODEL_ID) as ClusterModel | undefined;
  }

  /** The App's model, created (with nothing known) on first use. */
  public static of(scope: IConstruct): ClusterModel {
    const found = ClusterModel.find(scope);
    if (found) return found;
    const root = scope.node.root;
    if (!(root instanceof App) && !(root instanceof Construct)) fail(scope, 'scope', scope.node.path, 'a construct inside an App');
    return new ClusterModel(root as Construct, MODEL_ID);
  }

  private kubernetesVersionValue?: string;
  private readonly nodeGroups: NodeGroupFacts[] = [];
  private nodesKnown = false;
  private readonly crds = new Map<string, string>();
  private readonly externals: ExternalObjectFacts[] = [];
  private readonly files: FileRequirement[] = [];
  private defaultPodSecurity?: PreflightPodSecurityLevel;
  private exemptNamespaces: string[] = [];

  /** Use {@link ClusterModel.of}; creating one directly works only at the App root with the id `ClusterModel`. */
  public constructor(scope: Construct, id: string, props: ClusterModelProps = {}) {
    super(scope, id);
    guardDirectSynth(this);
    if (scope.node.scope !== undefined || id !== MODEL_ID)
      fail(this, 'id', id, `"${MODEL_ID}" directly under the App (use ClusterModel.of(scope))`);
    if (props.kubernetesVersion !== undefined) this.setKubernetesVersion(props.kubernetesVersion);
    for (const g of props.nodeGroups ?? []) this.addNodeGroup(g);
    if (props.defaultPodSecurity !== undefined) this.defaultPodSecurity = props.defaultPodSecurity;
    this.exemptNamespaces = [...(props.podSecurityExemptNamespaces ?? [])];
  }

  /** The cluster's Kubernetes version, if known. */
  public get kubernetesVersion(): string | undefined {
    return this.kubernetesVersionValue;
  }

  /** Records the cluster's Kubernetes version. Two different versions in one App are an error. */
  public setKubernetesVersion(version: string): void {
    if (this.kubernetesVersionValue !== undefined && this.kubernetesVersionValue !== version) {
      fail(
        this,
        'kubernetesVersion',
        version,
        `${this.kubernetesVersionValue}, the version already recorded for this App (one cluster per App)`,
      );
    }
    this.kubernetesVersionValue = version;
  }

  /** Adds a group of identical nodes (a node pool). Once one is added, scheduling is checked against the groups. */
  public addNodeGroup(group: NodeGroupFacts): void {
    if (!Number.isInteger(group.count) || group.count < 0)
      fail(this, `nodeGroups.${group.name}.count`, group.count, 'an integer of at least 0');
    if (this.nodeGroups.some((g) => g.name === group.name)) fail(this, 'nodeGroups', group.name, 'a node group name not already added');
    this.nodeGroups.push(group);
    this.nodesKnown = true;
  }

  /**
   * Declares a CRD (`<group>/<Kind>`, e.g. `monitoring.coreos.com/ServiceMonitor`, or `<group>/*`) that something outside
   * the stack installs.
   */
  public addPrerequisiteCrd(crd: string, providedBy: string): void {
    if (!isPrerequisiteCrd(crd)) fail(this, 'prerequisiteCrds', crd, PREREQUISITE_CRD_ALLOWED);
    if (!this.crds.has(crd)) this.crds.set(crd, providedBy);
  }

  /** Declares an object that exists in the cluster but is not in the stack's output (e.g. a Secret a script creates). */
  public addExternalObject(obj: ExternalObjectFacts): void {
    this.externals.push(obj);
  }

  /** Declares a file a component opens, so that the preflight checks it is mounted from an object that holds it. */
  public requireFile(req: FileRequirement): void {
    this.files.push(req);
  }

  /** The facts handed to the preflight. */
  public facts(): ClusterFacts {
    return {
      kubernetesVersion: this.kubernetesVersionValue,
      nodeGroups: this.nodesKnown ? [...this.nodeGroups] : undefined,
      prerequisiteCrds: [...this.crds].map(([crd, providedBy]) => ({ crd, providedBy })),
      externalObjects: [...this.externals],
      defaultPodSecurity: this.defaultPodSecurity,
      podSecurityExemptNamespaces: [...this.exemptNamespaces],
    };
  }

  /** The declared file requirements. */
  public fileRequirements(): FileRequirement[] {
    return [...this.files];
  }
}

const CONTROL_PLANE_ROLE = 'node-role.kubernetes.io/control-plane';

/** Props of {@link kubeadmNodeGroup}. */
export interface KubeadmNodeGroupProps {
  /** Group name (e.g. the node pool's). */
  readonly name: string;
  /** Whether the nodes are control-plane nodes. */
  readonly controlPlane: boolean;
  /** Number of nodes. */
  readonly count: number;
  /**
   * Further node labels (e.g. applied by KubeKey after install).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Control-plane nodes also run workloads (no control-plane taint, also labelled worker).
   * @default false
   */
  readonly schedulable?: boolean;
}

/**
 * A node group as kubeadm (and KubeKey, which uses it) installs it: every node `kubernetes.io/os=linux`,
 * control-plane nodes labelled `node-role.kubernetes.io/control-plane` and tainted NoSchedule (unless schedulable),
 * workers labelled `node-role.kubernetes.io/worker` (KubeKey does). The transient
 * `node.cloudprovider.kubernetes.io/uninitialized` taint, removed by the cloud-controller-manager, is not modelled.
 */
export function kubeadmNodeGroup(props: KubeadmNodeGroupProps): NodeGroupFacts {
  const labels: Record<string, string> = Object.assign({}, props.labels, { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' });
  if (props.controlPlane) labels[CONTROL_PLANE_ROLE] = '';
  if (!props.controlPlane || props.schedulable) labels['node-role.kubernetes.io/worker'] = '';
  const taints = props.controlPlane && !props.schedulable ? [{ key: CONTROL_PLANE_ROLE, effect: 'NoSchedule' as const }] : [];
  return { name: props.name, count: props.count, labels, taints };
}
