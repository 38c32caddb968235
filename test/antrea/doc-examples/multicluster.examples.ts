import { Chart } from 'cdk8s';
import {
  AntreaNetworkPolicy,
  AppliedTo,
  ClusterNetworkPolicy,
  ClusterNetworkPolicyExport,
  ClusterSet,
  ClusterSetRole,
  LabelSelector,
  MulticlusterControllerConfig,
  NamespaceMatch,
  Peer,
  PeerScope,
  RuleAction,
  ServiceExport,
  Tier,
} from '../../../lib/antrea';
import { InvalidDocExample, ValidDocExample } from './harness';

const GUIDE = 'docs/multicluster/user-guide.md';
const labels = (l: Record<string, string>) => LabelSelector.matchLabels(l);
const member = (c: Chart, clusterId: string, secret: string) =>
  new ClusterSet(c, 'Member', {
    clusterSetId: 'test-clusterset',
    clusterId,
    role: ClusterSetRole.member({ leaderClusterId: 'test-cluster-north', secret, server: 'https://172.18.0.1:6443' }),
  });
const memberYaml = (clusterId: string, secret: string) => `
apiVersion: multicluster.crd.antrea.io/v1alpha2
kind: ClusterSet
metadata:
  name: test-clusterset
  namespace: kube-system
spec:
  clusterID: ${clusterId}
  leaders:
    - clusterID: test-cluster-north
      secret: "${secret}"
      server: "https://172.18.0.1:6443"
  namespace: antrea-multicluster
`;

export const multiclusterExamples: ValidDocExample[] = [
  {
    page: GUIDE,
    title: 'leader ClusterSet',
    build: (c) =>
      new ClusterSet(c, 'Leader', { clusterSetId: 'test-clusterset', clusterId: 'test-cluster-north', role: ClusterSetRole.leader() }),
    expected: `
apiVersion: multicluster.crd.antrea.io/v1alpha2
kind: ClusterSet
metadata:
  name: test-clusterset
  namespace: antrea-multicluster
spec:
  clusterID: test-cluster-north
  leaders:
    - clusterID: test-cluster-north
`,
  },
  {
    page: GUIDE,
    title: 'member ClusterSet of test-cluster-east',
    build: (c) => member(c, 'test-cluster-east', 'member-east-token'),
    expected: memberYaml('test-cluster-east', 'member-east-token'),
  },
  {
    page: GUIDE,
    title: 'member ClusterSet of test-cluster-west',
    build: (c) => member(c, 'test-cluster-west', 'member-west-token'),
    expected: memberYaml('test-cluster-west', 'member-west-token'),
  },
  {
    page: GUIDE,
    title: 'dual-role cluster: the leader test-cluster-north also joins as a member',
    build: (c) => {
      new ClusterSet(c, 'Leader', { clusterSetId: 'test-clusterset', clusterId: 'test-cluster-north', role: ClusterSetRole.leader() });
      member(c, 'test-cluster-north', 'member-north-token');
    },
    expected: memberYaml('test-cluster-north', 'member-north-token'),
  },
  {
    page: 'docs/multicluster/upgrade.md',
    title: 'ClusterSet v1alpha2 of a dual-role cluster after the upgrade to v1.13+',
    build: (c) => member(c, 'test-cluster-north', 'member-north-token'),
    expected: memberYaml('test-cluster-north', 'member-north-token'),
  },
  {
    page: GUIDE,
    title: 'ServiceExport of the nginx Service',
    build: (c) => new ServiceExport(c, 'Export', { serviceName: 'nginx', namespace: 'default' }),
    expected: `
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceExport
metadata:
  name: nginx
  namespace: default
`,
  },
  {
    page: GUIDE,
    title: 'antrea-mc-controller-config with podCIDRs for Pod-to-Pod connectivity (only the settings given)',
    build: (c) => new MulticlusterControllerConfig(c, 'Mc', { podCIDRs: ['10.10.1.1/16'], writeDefaults: false }),
    expected: `
apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    app: antrea
  name: antrea-mc-controller-config
  namespace: kube-system
data:
  controller_manager_config.yaml: |
    apiVersion: multicluster.crd.antrea.io/v1alpha1
    kind: MultiClusterConfig
    podCIDRs:
      - "10.10.1.1/16"
`,
  },
  {
    page: GUIDE,
    title: 'antrea-mc-controller-config enabling stretched NetworkPolicy (the data excerpt, in the ConfigMap of the previous section)',
    build: (c) => new MulticlusterControllerConfig(c, 'Mc', { enableStretchedNetworkPolicy: true, writeDefaults: false }),
    expected: `
apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    app: antrea
  name: antrea-mc-controller-config
  namespace: kube-system
data:
  controller_manager_config.yaml: |
    apiVersion: multicluster.crd.antrea.io/v1alpha1
    kind: MultiClusterConfig
    enableStretchedNetworkPolicy: true
`,
  },
  {
    page: GUIDE,
    title: 'ACNP dropping traffic to a multicluster Service (toServices scope ClusterSet)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-drop-tenant-to-secured-mc-service',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ role: 'tenant' }))],
        egress: [
          { action: RuleAction.DROP, toServices: [{ name: 'secured-service', namespace: 'svcNamespace', scope: PeerScope.CLUSTER_SET }] },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-drop-tenant-to-secured-mc-service
spec:
  priority: 1
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          role: tenant
  egress:
    - action: Drop
      toServices:
        - name: secured-service
          namespace: svcNamespace
          scope: ClusterSet
`,
  },
  {
    page: GUIDE,
    title: 'ClusterNetworkPolicy replication: ResourceExport of kind AntreaClusterNetworkPolicy',
    build: (c) =>
      new ClusterNetworkPolicyExport(c, 'Isolation', {
        name: 'strict-namespace-isolation',
        clusterSetId: 'test-clusterset',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.namespaces(LabelSelector.all())],
        ingress: [
          {
            action: RuleAction.PASS,
            from: [Peer.namespaceMatch(NamespaceMatch.SELF), Peer.pods(labels({ 'k8s-app': 'kube-dns' }))],
          },
          { action: RuleAction.DROP, from: [Peer.namespaces(LabelSelector.all())] },
        ],
      }),
    expected: `
apiVersion: multicluster.crd.antrea.io/v1alpha1
kind: ResourceExport
metadata:
  name: strict-namespace-isolation-for-test-clusterset
  namespace: antrea-multicluster
spec:
  kind: AntreaClusterNetworkPolicy
  name: strict-namespace-isolation
  clusterNetworkPolicy:
    priority: 1
    tier: securityops
    appliedTo:
      - namespaceSelector: {}
    ingress:
      - action: Pass
        from:
          - namespaces:
              match: Self
          - podSelector:
              matchLabels:
                k8s-app: kube-dns
      - action: Drop
        from:
          - namespaceSelector: {}
`,
  },
];

const DENY = 'action: got "Deny", expected Allow, Drop, Reject or Pass \\(Deny is not an Antrea action; use Drop or Reject\\)';

export const invalidMulticlusterExamples: InvalidDocExample[] = [
  {
    page: GUIDE,
    title: 'drop-tenant-access-to-admin-namespace: "action: Deny"',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'drop-tenant-access-to-admin-namespace',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.namespaces(labels({ role: 'admin' }))],
        ingress: [{ action: 'Deny' as RuleAction, from: [Peer.namespaces(labels({ role: 'tenant' }), { scope: PeerScope.CLUSTER_SET })] }],
      }),
    error: new RegExp(`\\[example/P\\] ingress\\[0\\]\\.${DENY}`),
  },
  {
    page: GUIDE,
    title: 'db-svc-allow-ingress-from-client-only: "action: Deny"',
    build: (c) =>
      new AntreaNetworkPolicy(c, 'P', {
        name: 'db-svc-allow-ingress-from-client-only',
        namespace: 'prod-us-west',
        priority: 1,
        tier: Tier.APPLICATION,
        appliedTo: [AppliedTo.pods(labels({ app: 'db' }))],
        ingress: [
          { action: RuleAction.ALLOW, from: [Peer.pods(labels({ app: 'client' }), { scope: PeerScope.CLUSTER_SET })] },
          { action: 'Deny' as RuleAction },
        ],
      }),
    error: new RegExp(`\\[example/P\\] ingress\\[1\\]\\.${DENY}`),
  },
];
