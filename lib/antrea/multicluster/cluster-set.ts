import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSetV1Alpha2 } from '../../../imports/multicluster.crd.antrea.io';
import { fail } from '../../core/errors';
import { validateLabelName, validateSubdomainName } from '../../core/names';
import { objectNameFromId } from '../selectors';

/** Options of {@link ClusterSetRole.member}. */
export interface ClusterSetMemberOptions {
  /** ClusterID of the leader cluster. */
  readonly leaderClusterId: string;
  /** HTTPS URL of the leader cluster's API server, e.g. `https://192.168.100.3:6443`. */
  readonly server: string;
  /** Name of the Secret (in the member's Namespace) holding the member token for the leader. */
  readonly secret: string;
  /**
   * Namespace of the ClusterSet in the leader cluster.
   * @default "antrea-multicluster"
   */
  readonly leaderNamespace?: string;
}

/** Whether the ClusterSet object is the leader's or a member's. */
export class ClusterSetRole {
  /** This cluster is the leader (its own clusterID is the leader). */
  public static leader(): ClusterSetRole {
    return new ClusterSetRole('leader');
  }

  /**
   * This cluster is a member that joins the given leader. The leader may be the cluster itself (a dual-role cluster:
   * a leader ClusterSet in the leader Namespace plus this member ClusterSet in the member Namespace).
   */
  public static member(options: ClusterSetMemberOptions): ClusterSetRole {
    return new ClusterSetRole('member', options);
  }

  private constructor(
    /** `leader` or `member`. */
    public readonly kind: 'leader' | 'member',
    /** @internal */ public readonly _member?: ClusterSetMemberOptions,
  ) {}
}

/** Props of {@link ClusterSet}. */
export interface ClusterSetProps {
  /**
   * The ClusterSet ID (= `metadata.name`).
   * @default - derived from the construct id (kebab-case, lowercase)
   */
  readonly clusterSetId?: string;
  /** The ID of the local cluster (`spec.clusterID`, immutable). */
  readonly clusterId: string;
  /** Leader or member. */
  readonly role: ClusterSetRole;
  /**
   * Namespace of the ClusterSet object (the antrea-mc-controller Namespace).
   * @default - "antrea-multicluster" for a leader, "kube-system" for a member
   */
  readonly namespace?: string;
}

const PER_CHART = new WeakMap<Chart, Map<string, ClusterSet>>();

function validateClusterId(scope: Construct, field: string, id: string): void {
  validateSubdomainName(scope, field, id);
}

/**
 * Antrea Multi-cluster ClusterSet (`multicluster.crd.antrea.io/v1alpha2`, namespaced). At most one ClusterSet per
 * Namespace (per Chart, i.e. per cluster).
 */
export class ClusterSet extends Construct {
  /** ClusterSet ID. */
  public readonly clusterSetId: string;
  /** Local cluster ID. */
  public readonly clusterId: string;
  /** Namespace. */
  public readonly namespace: string;
  /** Whether this is the leader's ClusterSet. */
  public readonly isLeader: boolean;

  public constructor(scope: Construct, id: string, props: ClusterSetProps) {
    super(scope, id);
    this.clusterSetId = props.clusterSetId ?? objectNameFromId(this, id);
    validateSubdomainName(this, 'clusterSetId', this.clusterSetId);
    validateClusterId(this, 'clusterId', props.clusterId);
    this.clusterId = props.clusterId;
    if (!(props.role instanceof ClusterSetRole)) fail(this, 'role', props.role, 'ClusterSetRole.leader() or ClusterSetRole.member({...})');
    this.isLeader = props.role.kind === 'leader';
    this.namespace = props.namespace ?? (this.isLeader ? 'antrea-multicluster' : 'kube-system');
    validateLabelName(this, 'namespace', this.namespace);

    const chart = Chart.of(this);
    let byNs = PER_CHART.get(chart);
    if (!byNs) PER_CHART.set(chart, (byNs = new Map()));
    const other = byNs.get(this.namespace);
    if (other)
      fail(
        this,
        'namespace',
        this.namespace,
        `a Namespace without another ClusterSet (${other.node.path} is there; one ClusterSet per Namespace)`,
      );
    byNs.set(this.namespace, this);

    const spec: Record<string, unknown> = { clusterID: this.clusterId };
    const m = props.role._member;
    if (m) {
      validateClusterId(this, 'role.leaderClusterId', m.leaderClusterId);
      // A dual-role cluster (the leader also joins as a member, docs/multicluster/user-guide.md) has a member ClusterSet
      // whose leader is itself; its member controller runs in another Namespace than the leader controller.
      const leaderNsOfMember = m.leaderNamespace ?? 'antrea-multicluster';
      if (m.leaderClusterId === this.clusterId && this.namespace === leaderNsOfMember)
        fail(
          this,
          'namespace',
          this.namespace,
          `a Namespace other than the leader Namespace "${leaderNsOfMember}" (a dual-role cluster's member ClusterSet, whose leader is the cluster itself, lives with the member controller, e.g. kube-system)`,
        );
      let url: URL | undefined;
      try {
        url = new URL(m.server);
      } catch {
        url = undefined;
      }
      if (!url || url.protocol !== 'https:' || url.pathname.length > 1 || url.search || url.hash) {
        fail(this, 'role.server', m.server, 'an https URL of the leader API server such as "https://192.168.100.3:6443"');
      }
      validateSubdomainName(this, 'role.secret', m.secret);
      const leaderNs = m.leaderNamespace ?? 'antrea-multicluster';
      validateLabelName(this, 'role.leaderNamespace', leaderNs);
      spec.leaders = [{ clusterID: m.leaderClusterId, secret: m.secret, server: m.server }];
      spec.namespace = leaderNs;
    } else {
      spec.leaders = [{ clusterID: this.clusterId }];
    }
    new ApiObject(this, 'Resource', {
      apiVersion: ClusterSetV1Alpha2.GVK.apiVersion,
      kind: ClusterSetV1Alpha2.GVK.kind,
      metadata: { name: this.clusterSetId, namespace: this.namespace },
      spec,
    });
  }
}
