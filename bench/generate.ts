import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  Egress,
  ExternalIPPool,
  LabelSelector,
  NamespaceMatch,
  Peer,
  Port,
  RuleAction,
  Tier,
  declareAntreaInstalled,
} from '../lib/antrea';
import { ClusterPlatform } from '../lib';
import { VsphereStorageClass } from '../lib/vsphere';
import { checkNodeSpecsUnique, NodeVmSpec, resolveNodePoolSpecs } from '../lib/vsphere/node-vm-spec';
import { BENCH_CLUSTER_NAME, BlockPlan, NODES_PER_BLOCK, OBJECTS_PER_BLOCK, stackPlan } from './plan';

/** What {@link buildLibraryStack} built. */
export interface LibraryStack {
  /** The chart holding every object. */
  readonly chart: Chart;
  /** Kubernetes objects in the chart. */
  readonly objects: number;
  /** The resolved node VM specs (not Kubernetes objects). */
  readonly nodes: NodeVmSpec[];
}

const NS_LABEL = 'kubernetes.io/metadata.name';

/**
 * Builds the synthetic stack of (about) `objects` Kubernetes objects with the library's constructs, validation on:
 * `ClusterPlatform` namespaces (quota, limits, default-deny, role bindings), Antrea ClusterGroups,
 * ClusterNetworkPolicies, ExternalIPPools and Egresses, vSphere StorageClasses, and node VM specs.
 */
export function buildLibraryStack(app: App, objects: number, chartId = 'bench'): LibraryStack {
  const plans = stackPlan(objects);
  // a cluster that runs Antrea: the preflight's CRD check needs to know (synthesize() runs it)
  declareAntreaInstalled(app, 'Antrea (bench cluster)');
  const chart = new Chart(app, chartId);
  const platform = new ClusterPlatform(chart, 'Platform');
  const nodes: NodeVmSpec[] = [];
  for (const p of plans) {
    buildBlock(chart, platform, p);
    nodes.push(
      ...resolveNodePoolSpecs(`NodePool ${p.tenant}`, {
        clusterName: BENCH_CLUSTER_NAME,
        role: 'worker',
        count: NODES_PER_BLOCK,
        namePattern: `${p.tenant}-w{index}`,
        ipv4StartAddress: p.nodeStartAddress,
        ipv4PrefixLength: 24,
        ipv4Gateway: p.nodeGateway,
        dnsServers: ['10.0.0.53'],
        dataDisksGiB: [50],
      }),
    );
  }
  checkNodeSpecsUnique(`Cluster ${BENCH_CLUSTER_NAME}`, nodes);
  return { chart, objects: plans.length * OBJECTS_PER_BLOCK, nodes };
}

/** What {@link buildChainedLibraryStack} built. */
export interface ChainedLibraryStack {
  /** The charts, each depending on the one before. */
  readonly charts: Chart[];
  /** Kubernetes objects in all charts. */
  readonly objects: number;
}

/**
 * The synthetic stack of {@link buildLibraryStack} split into `chartCount` charts (`bench-0`, `bench-1`, …, the tenant
 * blocks dealt out in order), each chart depending on the one before: the case where cdk8s' dependency resolution adds
 * an edge from every object of a chart to every object of the chart it depends on.
 */
export function buildChainedLibraryStack(app: App, objects: number, chartCount: number): ChainedLibraryStack {
  const plans = stackPlan(objects);
  if (!Number.isInteger(chartCount) || chartCount < 1 || chartCount > plans.length) {
    throw new Error(`chartCount: got ${chartCount}, expected an integer from 1 to ${plans.length} (one tenant block per chart at least)`);
  }
  declareAntreaInstalled(app, 'Antrea (bench cluster)');
  const charts: Chart[] = [];
  const perChart = Math.ceil(plans.length / chartCount);
  for (let c = 0; c < chartCount; c++) {
    const chart = new Chart(app, `bench-${c}`);
    if (c > 0) chart.addDependency(charts[c - 1]);
    charts.push(chart);
    const platform = new ClusterPlatform(chart, 'Platform');
    for (const p of plans.slice(c * perChart, (c + 1) * perChart)) buildBlock(chart, platform, p);
  }
  return { charts, objects: plans.length * OBJECTS_PER_BLOCK };
}

function buildBlock(chart: Chart, platform: ClusterPlatform, p: BlockPlan): void {
  const t = p.tenant;
  platform.addNamespace({
    name: p.webNamespace,
    labels: { tenant: t, tier: 'web' },
    roleBindings: [{ groups: [p.group], role: 'edit' }],
  });
  platform.addNamespace({
    name: p.dbNamespace,
    labels: { tenant: t, tier: 'db' },
    quota: {
      requestsCpu: '8',
      limitsCpu: '16',
      requestsMemory: '32Gi',
      limitsMemory: '64Gi',
      pods: 20,
      persistentVolumeClaims: 20,
      additional: { [`${p.storageClassName}.storageclass.storage.k8s.io/requests.storage`]: '200Gi' },
    },
    roleBindings: [{ groups: [p.group], role: 'view' }],
  });

  const scope = new Construct(chart, t);
  const webPods = new ClusterGroup(scope, 'WebPods', {
    name: `${t}-web-pods`,
    podSelector: LabelSelector.matchLabels({ app: 'web' }),
    namespaceSelector: LabelSelector.matchLabels({ [NS_LABEL]: p.webNamespace }),
  });
  const dbPods = new ClusterGroup(scope, 'DbPods', {
    name: `${t}-db-pods`,
    podSelector: LabelSelector.matchLabels({ app: 'postgres' }),
    namespaceSelector: LabelSelector.matchLabels({ [NS_LABEL]: p.dbNamespace }),
  });
  const admin = new ClusterGroup(scope, 'AdminNets', { name: `${t}-admin-nets`, ipBlocks: [{ cidr: p.adminCidr }] });

  const web = new ClusterNetworkPolicy(scope, 'Web', {
    name: `${t}-web`,
    priority: p.priorities.web,
    appliedTo: [AppliedTo.clusterGroup(webPods)],
  });
  web.allowFrom(Peer.ipBlock('0.0.0.0/0', ['10.0.0.0/8']), [Port.tcp(443)], { name: 'allow-https' });
  web.allowFrom(Peer.clusterGroup(admin), [Port.tcp(22)], { name: 'allow-ssh-admin', enableLogging: true, logLabel: `${t}-ssh` });
  web.dropFrom(Peer.namespaces(LabelSelector.all()), [], { name: 'drop-other-namespaces' });
  web.allowTo(Peer.clusterGroup(dbPods), [Port.tcp(5432)], { name: 'allow-db' });
  web.allowTo(
    Peer.pods(LabelSelector.matchLabels({ 'k8s-app': 'kube-dns' }), {
      namespaceSelector: LabelSelector.matchLabels({ [NS_LABEL]: 'kube-system' }),
    }),
    [Port.udp(53), Port.tcp(53)],
    { name: 'allow-dns' },
  );

  const db = new ClusterNetworkPolicy(scope, 'Db', {
    name: `${t}-db`,
    priority: p.priorities.db,
    appliedTo: [AppliedTo.clusterGroup(dbPods)],
  });
  db.allowFrom(Peer.clusterGroup(webPods), [Port.tcp(5432)], { name: 'allow-web' });
  db.allowFrom(Peer.clusterGroup(admin), [Port.tcpRange(5432, 5433)], { name: 'allow-admin' });
  db.dropFrom(Peer.namespaces(LabelSelector.all()), [], { name: 'drop-other-namespaces' });
  db.dropTo(Peer.ipBlock('0.0.0.0/0'), [], { name: 'drop-internet' });

  const isolation = new ClusterNetworkPolicy(scope, 'Isolation', {
    name: `${t}-isolation`,
    priority: p.priorities.isolation,
    tier: Tier.SECURITY_OPS,
    appliedTo: [AppliedTo.namespaces(LabelSelector.matchLabels({ tenant: t }))],
  });
  isolation.addIngressRule({
    name: 'allow-same-tenant',
    action: RuleAction.ALLOW,
    from: [Peer.namespaces(LabelSelector.matchLabels({ tenant: t }))],
  });
  isolation.addIngressRule({ name: 'pass-rest', action: RuleAction.PASS });
  isolation.addEgressRule({ name: 'allow-same-namespace', action: RuleAction.ALLOW, to: [Peer.namespaceMatch(NamespaceMatch.SELF)] });

  const pool = new ExternalIPPool(scope, 'EgressPool', {
    name: `${t}-egress-pool`,
    ipRanges: [p.poolRange],
    nodeSelector: { matchLabels: { 'network-role': 'egress' } },
  });
  new Egress(scope, 'WebEgress', {
    name: `${t}-web`,
    appliedTo: { namespaceSelector: { matchLabels: { [NS_LABEL]: p.webNamespace } } },
    egressIP: p.egressIP,
    externalIPPool: pool,
  });
  new Egress(scope, 'DbEgress', {
    name: `${t}-db`,
    appliedTo: { namespaceSelector: { matchLabels: { [NS_LABEL]: p.dbNamespace } }, podSelector: { matchLabels: { app: 'postgres' } } },
    externalIPPool: pool,
  });

  VsphereStorageClass.block(scope, 'StorageClass', {
    name: p.storageClassName,
    storagePolicyName: p.storagePolicyName,
    fsType: p.fsType,
    isDefault: p.isDefaultStorageClass,
    topology: p.zones.length > 0 ? [{ category: 'k8s-zone', values: p.zones }] : undefined,
  });
}
