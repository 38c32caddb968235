import { Construct } from 'constructs';
import { fail } from '../core/errors';
import { AntreaConfig, AntreaConfigProps } from '../antrea/antrea-config';
import { ClusterGroup } from '../antrea/cluster-group';
import { ClusterNetworkPolicy } from '../antrea/cluster-network-policy';
import { Egress } from '../antrea/egress';
import { ExternalIPPool } from '../antrea/external-ip-pool';
import { AppliedTo, Peer, NamespaceMatch } from '../antrea/peer';
import { RuleAction } from '../antrea/policy-base';
import { Port } from '../antrea/port';
import { LabelSelector } from '../antrea/selectors';
import { Tier } from '../antrea/tier';

/** The label that opts a namespace into the baseline namespace isolation of {@link AntreaNetworking}. */
export const BASELINE_ISOLATION_LABEL = 'networking.vsphere-k8s.io/isolation';

/** A custom Antrea Tier of an {@link AntreaNetworking} stack. */
export interface AntreaTierSpec {
  /** Tier name. */
  readonly name: string;
  /** Priority (0-255, not a built-in tier's). */
  readonly priority: number;
  /**
   * Description.
   * @default - none
   */
  readonly description?: string;
}

/** An ExternalIPPool for Egress. */
export interface EgressPoolSpec {
  /** Pool name. */
  readonly name: string;
  /** CIDRs or `start-end` ranges. */
  readonly ipRanges: string[];
  /**
   * Nodes that may hold the egress IPs.
   * @default - all nodes
   */
  readonly nodeSelector?: Record<string, string>;
}

/** An Egress of an {@link AntreaNetworking} stack. */
export interface EgressSpec {
  /** Egress name. */
  readonly name: string;
  /** The pool (one of `egressPools` by name). */
  readonly pool: string;
  /**
   * A fixed egress IP inside the pool.
   * @default - Antrea allocates one from the pool
   */
  readonly egressIP?: string;
  /**
   * Pods selected by label.
   * @default - all pods of the selected namespaces
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Namespaces selected by label.
   * @default - all namespaces
   */
  readonly namespaceLabels?: Record<string, string>;
}

/** Props of {@link AntreaNetworking}. */
export interface AntreaNetworkingProps {
  /**
   * Antrea's own configuration (`antrea-config` ConfigMap and Helm values); the other objects are cross-checked
   * against its feature gates.
   * @default - Antrea v2.7.0 defaults with NodePortLocal enabled
   */
  readonly config?: AntreaConfigProps;
  /**
   * Custom tiers.
   * @default - none (the built-in tiers are always there)
   */
  readonly tiers?: AntreaTierSpec[];
  /**
   * Create the baseline cluster policies: `allow-kube-dns` (SecurityOps tier: every pod may reach the ClusterGroup
   * `kube-dns` on port 53, so
   * default-deny policies never break DNS) and `baseline-namespace-isolation` (Baseline tier: pods in namespaces labelled
   * `networking.vsphere-k8s.io/isolation: baseline` accept traffic only from their own namespace unless a Kubernetes
   * NetworkPolicy allows more).
   * @default true
   */
  readonly baselinePolicies?: boolean;
  /**
   * ExternalIPPools for Egress (must not overlap).
   * @default - none
   */
  readonly egressPools?: EgressPoolSpec[];
  /**
   * Egresses, each using one of `egressPools`.
   * @default - none
   */
  readonly egresses?: EgressSpec[];
}

function selector(labels: Record<string, string> | undefined): LabelSelector {
  return labels && Object.keys(labels).length > 0 ? LabelSelector.matchLabels(labels) : LabelSelector.all();
}

/**
 * L3: Antrea networking for a cluster: Antrea's configuration, custom tiers, baseline cluster policies, Egress with
 * ExternalIPPools, and NodePortLocal on by default (expose Services with `NodePortLocal.enable(service)` or
 * `NodePortLocalService`).
 */
export class AntreaNetworking extends Construct {
  public readonly config: AntreaConfig;
  public readonly tiers: Tier[];
  public readonly baselinePolicies: ClusterNetworkPolicy[] = [];
  public readonly clusterGroups: ClusterGroup[] = [];
  public readonly egressPools: ExternalIPPool[];
  public readonly egresses: Egress[];

  public constructor(scope: Construct, id: string, props: AntreaNetworkingProps = {}) {
    super(scope, id);
    this.config = new AntreaConfig(
      this,
      'Config',
      Object.assign({}, props.config, { nodePortLocal: props.config?.nodePortLocal ?? { enable: true } }),
    );
    this.tiers = (props.tiers ?? []).map(
      (t, i) => new Tier(this, `Tier${i}`, { name: t.name, priority: t.priority, description: t.description }),
    );

    if (props.baselinePolicies ?? true) {
      const kubeDns = new ClusterGroup(this, 'KubeDnsGroup', {
        name: 'kube-dns',
        podSelector: LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' }),
        namespaceSelector: LabelSelector.matchLabels({ 'kubernetes.io/metadata.name': 'kube-system' }),
      });
      this.clusterGroups.push(kubeDns);
      const dns = new ClusterNetworkPolicy(this, 'AllowKubeDns', {
        name: 'allow-kube-dns',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(LabelSelector.all())],
      });
      dns.addEgressRule({
        action: RuleAction.ALLOW,
        name: 'allow-dns',
        to: [Peer.clusterGroup(kubeDns)],
        ports: [Port.udp(53), Port.tcp(53)],
      });
      const isolation = new ClusterNetworkPolicy(this, 'BaselineNamespaceIsolation', {
        name: 'baseline-namespace-isolation',
        priority: 10,
        tier: Tier.BASELINE,
        appliedTo: [AppliedTo.namespaces(LabelSelector.matchLabels({ [BASELINE_ISOLATION_LABEL]: 'baseline' }))],
      });
      isolation.addIngressRule({
        action: RuleAction.ALLOW,
        name: 'allow-same-namespace',
        from: [Peer.namespaceMatch(NamespaceMatch.SELF)],
      });
      isolation.addIngressRule({ action: RuleAction.DROP, name: 'drop-other-namespaces', from: [Peer.namespaces(LabelSelector.all())] });
      this.baselinePolicies.push(dns, isolation);
    }

    const pools = new Map<string, ExternalIPPool>();
    this.egressPools = (props.egressPools ?? []).map((p, i) => {
      const pool = new ExternalIPPool(this, `EgressPool${i}`, {
        name: p.name,
        ipRanges: p.ipRanges,
        nodeSelector: selector(p.nodeSelector),
      });
      if (pools.has(p.name)) fail(this, `egressPools[${i}].name`, p.name, 'a pool name not used by another pool');
      pools.set(p.name, pool);
      return pool;
    });
    this.egresses = (props.egresses ?? []).map((e, i) => {
      const pool = pools.get(e.pool);
      if (!pool)
        fail(
          this,
          `egresses[${i}].pool`,
          e.pool,
          `one of the egressPools: ${[...pools.keys()].map((n) => `"${n}"`).join(', ') || 'none defined'}`,
        );
      return new Egress(this, `Egress${i}`, {
        name: e.name,
        externalIPPool: pool,
        egressIP: e.egressIP,
        appliedTo: { podSelector: selector(e.podLabels), namespaceSelector: selector(e.namespaceLabels) },
      });
    });
  }
}
