/**
 * Example: the Antrea examples of the source document, at `crd.antrea.io/v1beta1` (the v1alpha* versions it shows are
 * no longer served since Antrea v2.0), plus the Antrea configuration that turns on what they need.
 *
 * - ClusterGroup `demo-cluster-group`: the source combines a pod/namespace selector, ipBlocks and a serviceReference in
 *   one group, which the Antrea webhook rejects; here it is a parent of three child groups, one criterion each.
 * - ClusterNetworkPolicy `acnp-demo` (Tier securityops, priority 5) applied to ClusterGroup `test-db`.
 * - Egress `egress-prod-web` with ExternalIPPool `prod-external-ip-pool`.
 * - NodePortLocal: Service `nginx` with `nodeportlocal.antrea.io/enabled: "true"`, and an nginx Deployment it selects.
 * - AntreaConfig: the `antrea-config` ConfigMap with the AntreaPolicy and Egress gates and NodePortLocal enabled; the
 *   equivalent Helm values are written to `extra/antrea/values.yaml`.
 *
 * Run: `npm run build && node build/examples/network-policies/main.js` (writes dist/examples/network-policies/).
 */
import { App, Chart, ChartProps, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AntreaConfig,
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  Egress,
  ExternalIPPool,
  LabelSelector,
  NodePortLocalProtocol,
  NodePortLocalService,
  Peer,
  Port,
  RuleAction,
  Tier,
  declareAntreaInstalled,
} from '../../lib/antrea';
import { ClusterModel, kubeadmNodeGroup, synthesize } from '../../lib/core';

/** The Antrea configuration (one per App): the features the policies, the Egress and NodePortLocal need. */
export class AntreaConfigChart extends Chart {
  public readonly config: AntreaConfig;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    this.config = new AntreaConfig(this, 'AntreaConfig', {
      // both are on by default in Antrea v2.7; set explicitly because these examples depend on them
      featureGates: { AntreaPolicy: true, Egress: true },
      // NodePortLocal is GA: its gate is always on, but the agent only runs it when nodePortLocal.enable is true
      nodePortLocal: { enable: true, portRange: '61000-62000' },
      // this example installs Antrea from its release manifest and manages antrea-config here; when Antrea comes from
      // its Helm chart (as with KubeKey), leave this off and use the Helm values file instead
      renderConfigMap: true,
    });
  }
}

/** ClusterGroups, the acnp-demo ClusterNetworkPolicy, the Egress and the NodePortLocal Service. */
export class NetworkPoliciesChart extends Chart {
  public readonly policy: ClusterNetworkPolicy;
  public readonly egress: Egress;

  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    // demo-cluster-group: one criterion per child group (the webhook allows a single criterion per ClusterGroup)
    const selected = new ClusterGroup(this, 'TestCgSel', {
      name: 'test-cg-sel',
      podSelector: LabelSelector.matchLabels({ role: 'db' }),
      namespaceSelector: LabelSelector.matchLabels({ env: 'prod' }),
    });
    const ipBlocks = new ClusterGroup(this, 'TestCgIpBlocks', { name: 'test-cg-ip-blocks', ipBlocks: [{ cidr: '10.0.10.0/24' }] });
    const serviceRef = new ClusterGroup(this, 'TestCgSvcRef', {
      name: 'test-cg-svc-ref',
      serviceReference: { name: 'test-service', namespace: 'default' },
    });
    new ClusterGroup(this, 'DemoClusterGroup', { name: 'demo-cluster-group', childGroups: [selected, ipBlocks, serviceRef] });

    // acnp-demo applies to the ClusterGroup test-db: the database Pods
    const testDb = new ClusterGroup(this, 'TestDb', { name: 'test-db', podSelector: LabelSelector.matchLabels({ role: 'db' }) });
    this.policy = new ClusterNetworkPolicy(this, 'AcnpDemo', {
      name: 'acnp-demo',
      priority: 5,
      tier: Tier.SECURITY_OPS,
      appliedTo: [AppliedTo.clusterGroup(testDb)],
    });
    this.policy.addIngressRule({
      name: 'AllowFromFrontend',
      action: RuleAction.ALLOW,
      from: [Peer.pods(LabelSelector.matchLabels({ role: 'frontend' }))],
      ports: [Port.tcpRange(8080, 9000)],
      enableLogging: false,
    });
    this.policy.addEgressRule({
      name: 'DropToThirdParty',
      action: RuleAction.DROP,
      to: [Peer.ipBlock('10.0.10.0/24')],
      ports: [Port.tcp(5978)],
      enableLogging: true,
    });

    // Egress: traffic of the web Pods in prod Namespaces leaves the cluster from 10.10.0.8, hosted on a Node
    // labelled network-role=egress-gateway (another such Node takes over the IP when that Node fails)
    const pool = new ExternalIPPool(this, 'ProdExternalIpPool', {
      name: 'prod-external-ip-pool',
      ipRanges: ['10.10.0.2-10.10.0.20'],
      subnetInfo: { gateway: '10.10.0.1', prefixLength: 24 },
      nodeSelector: { matchLabels: { 'network-role': 'egress-gateway' } },
    });
    this.egress = new Egress(this, 'EgressProdWeb', {
      name: 'egress-prod-web',
      appliedTo: { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { role: 'web' } } },
      egressIP: '10.10.0.8',
      externalIPPool: pool,
    });

    // NodePortLocal: each nginx Pod port 80 is reachable at <NodeIP>:<port from 61000-62000>; Antrea writes the
    // mapping into the Pod annotation nodeportlocal.antrea.io
    new kplus.Deployment(this, 'Nginx', {
      metadata: { name: 'nginx', namespace: 'default' },
      podMetadata: { labels: { app: 'nginx' } },
      replicas: 2,
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          ports: [{ name: 'web', number: 80 }],
          resources: {
            cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
            memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
          },
          // the stock nginx image starts as root and writes its cache and pid below /var
          securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false },
        },
      ],
    });
    new NodePortLocalService(this, 'NginxService', {
      name: 'nginx',
      namespace: 'default',
      selector: { app: 'nginx' },
      ports: [{ name: 'web', port: 80, protocol: NodePortLocalProtocol.TCP, targetPort: 80 }],
    });
  }
}

/** Adds the example's charts to `app`: the Antrea configuration first, then the objects that need it. */
export function build(app: App): void {
  // The policies need a cluster that runs Antrea (its CRDs); the preflight refuses custom objects without their CRD.
  declareAntreaInstalled(app, 'Antrea v2.7.0 (installed with the cluster)');
  // The cluster: 1 control-plane node and 2 workers that host the Egress IPs (the pool's nodeSelector label).
  const cluster = ClusterModel.of(app);
  cluster.addNodeGroup(kubeadmNodeGroup({ name: 'control-plane', controlPlane: true, count: 1 }));
  cluster.addNodeGroup(kubeadmNodeGroup({ name: 'workers', controlPlane: false, count: 2, labels: { 'network-role': 'egress-gateway' } }));
  const config = new AntreaConfigChart(app, 'antrea-config');
  const policies = new NetworkPoliciesChart(app, 'network-policies');
  policies.addDependency(config);
}

if (require.main === module) {
  const app = new App({ outdir: 'dist/examples/network-policies/manifests' });
  build(app);
  const result = synthesize(app);
  for (const f of [...result.manifestFiles, ...result.extraFiles]) console.log(f);
  console.log(`${result.objectCount} objects`);
}
