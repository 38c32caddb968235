import { Chart } from 'cdk8s';
import {
  AntreaNetworkPolicy,
  AppliedTo,
  ClusterGroup,
  ClusterNetworkPolicy,
  Group,
  HttpMethod,
  IgmpType,
  L7Protocol,
  LabelExpression,
  LabelSelector,
  NamespaceMatch,
  Peer,
  Port,
  Protocol,
  RuleAction,
  Tier,
} from '../../../lib/antrea';
import { InvalidDocExample, ValidDocExample } from './harness';

const PAGE = 'docs/antrea-network-policy.md';
const labels = (l: Record<string, string>) => LabelSelector.matchLabels(l);
const all = LabelSelector.all();

export const networkPolicyExamples: ValidDocExample[] = [
  {
    page: PAGE,
    title: 'Tier: a custom Tier',
    build: (c) => new Tier(c, 'T', { name: 'mytier', priority: 10, description: 'my custom tier' }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Tier
metadata:
  name: mytier
spec:
  priority: 10
  description: "my custom tier"
`,
  },
  {
    page: PAGE,
    title: 'ACNP with stand-alone selectors',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-with-stand-alone-selectors',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ role: 'db' })), AppliedTo.namespaces(labels({ env: 'prod' }))],
        ingress: [
          {
            action: RuleAction.ALLOW,
            from: [
              Peer.pods(labels({ role: 'frontend' })),
              Peer.pods(labels({ role: 'nondb' }), { namespaceSelector: labels({ role: 'db' }) }),
            ],
            ports: [Port.tcpRange(8080, 9000), Port.tcp(6379)],
            name: 'AllowFromFrontend',
          },
        ],
        egress: [{ action: RuleAction.DROP, to: [Peer.ipBlock('10.0.10.0/24')], ports: [Port.tcp(5978)], name: 'DropToThirdParty' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-with-stand-alone-selectors
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          role: db
    - namespaceSelector:
        matchLabels:
          env: prod
  ingress:
    - action: Allow
      from:
        - podSelector:
            matchLabels:
              role: frontend
        - podSelector:
            matchLabels:
              role: nondb
          namespaceSelector:
            matchLabels:
              role: db
      ports:
        - protocol: TCP
          port: 8080
          endPort: 9000
        - protocol: TCP
          port: 6379
      name: AllowFromFrontend
  egress:
    - action: Drop
      to:
        - ipBlock:
            cidr: 10.0.10.0/24
      ports:
        - protocol: TCP
          port: 5978
      name: DropToThirdParty
`,
  },
  {
    page: PAGE,
    title: 'ACNP with ClusterGroup references',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-with-cluster-groups',
        priority: 8,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.clusterGroup(ClusterGroup.fromClusterGroupName(c, 'Db', 'test-cg-with-db-selector'))],
        ingress: [
          {
            action: RuleAction.ALLOW,
            from: [Peer.clusterGroup(ClusterGroup.fromClusterGroupName(c, 'Fe', 'test-cg-with-frontend-selector'))],
            ports: [Port.tcpRange(8080, 9000), Port.tcp(6379)],
            name: 'AllowFromFrontend',
          },
        ],
        egress: [
          {
            action: RuleAction.DROP,
            to: [Peer.clusterGroup(ClusterGroup.fromClusterGroupName(c, 'Ip', 'test-cg-with-ip-block'))],
            ports: [Port.tcp(5978)],
            name: 'DropToThirdParty',
          },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-with-cluster-groups
spec:
  priority: 8
  tier: securityops
  appliedTo:
    - group: "test-cg-with-db-selector"
  ingress:
    - action: Allow
      from:
        - group: "test-cg-with-frontend-selector"
      ports:
        - protocol: TCP
          port: 8080
          endPort: 9000
        - protocol: TCP
          port: 6379
      name: AllowFromFrontend
  egress:
    - action: Drop
      to:
        - group: "test-cg-with-ip-block"
      ports:
        - protocol: TCP
          port: 5978
      name: DropToThirdParty
`,
  },
  {
    page: PAGE,
    title: 'ACNP isolating all Pods of labelled Namespaces',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'isolate-all-pods-in-namespace',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.namespaces(labels({ app: 'no-network-access-required' }))],
        ingress: [{ action: RuleAction.DROP, name: 'drop-all-ingress' }],
        egress: [{ action: RuleAction.DROP, name: 'drop-all-egress' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: isolate-all-pods-in-namespace
spec:
  priority: 1
  tier: securityops
  appliedTo:
    - namespaceSelector:
        matchLabels:
          app: no-network-access-required
  ingress:
    - action: Drop
      name: drop-all-ingress
  egress:
    - action: Drop
      name: drop-all-egress
`,
  },
  {
    page: PAGE,
    title: 'ACNP strict Namespace isolation (namespaces match Self, Pass)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'strict-ns-isolation',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [
          AppliedTo.namespaces(LabelSelector.of({ expressions: [LabelExpression.notIn('kubernetes.io/metadata.name', ['kube-system'])] })),
        ],
        ingress: [
          { action: RuleAction.PASS, from: [Peer.namespaceMatch(NamespaceMatch.SELF)], name: 'PassFromSameNS' },
          { action: RuleAction.DROP, from: [Peer.namespaces(all)], name: 'DropFromAllOtherNS' },
        ],
        egress: [
          { action: RuleAction.PASS, to: [Peer.namespaceMatch(NamespaceMatch.SELF)], name: 'PassToSameNS' },
          { action: RuleAction.DROP, to: [Peer.namespaces(all)], name: 'DropToAllOtherNS' },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: strict-ns-isolation
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - namespaceSelector:
        matchExpressions:
          - {key:  kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}
  ingress:
    - action: Pass
      from:
        - namespaces:
            match: Self
      name: PassFromSameNS
    - action: Drop
      from:
        - namespaceSelector: {}
      name: DropFromAllOtherNS
  egress:
    - action: Pass
      to:
        - namespaces:
            match: Self
      name: PassToSameNS
    - action: Drop
      to:
        - namespaceSelector: {}
      name: DropToAllOtherNS
`,
  },
  {
    page: PAGE,
    title: 'ACNP default deny in the Baseline Tier',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'default-cluster-deny',
        priority: 1,
        tier: Tier.BASELINE,
        appliedTo: [AppliedTo.namespaces(all)],
        ingress: [{ action: RuleAction.DROP }],
        egress: [{ action: RuleAction.DROP }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: default-cluster-deny
spec:
  priority: 1
  tier: baseline
  appliedTo:
    - namespaceSelector: {}
  ingress:
    - action: Drop
  egress:
    - action: Drop
`,
  },
  {
    page: PAGE,
    title: 'ACNP dropping traffic to Services (toServices)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-drop-to-services',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ role: 'client' }), { namespaceSelector: labels({ env: 'prod' }) })],
        egress: [{ action: RuleAction.DROP, toServices: [{ name: 'svcName', namespace: 'svcNamespace' }], name: 'DropToServices' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-drop-to-services
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          role: client
      namespaceSelector:
        matchLabels:
          env: prod
  egress:
    - action: Drop
      toServices:
        - name: svcName
          namespace: svcNamespace
      name: DropToServices
`,
  },
  {
    page: PAGE,
    title: 'ACNP rejecting ping requests (ICMP)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-reject-ping-request',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ role: 'server' }), { namespaceSelector: labels({ env: 'prod' }) })],
        egress: [{ action: RuleAction.REJECT, protocols: [Protocol.icmp({ icmpType: 8, icmpCode: 0 })], name: 'DropPingRequest' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-reject-ping-request
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          role: server
      namespaceSelector:
        matchLabels:
          env: prod
  egress:
    - action: Reject
      protocols:
        - icmp:
            icmpType: 8
            icmpCode: 0
      name: DropPingRequest
`,
  },
  {
    page: PAGE,
    title: 'ACNP dropping IGMP queries and reports',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-with-igmp-drop',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ app: 'mcjoin6' }))],
        ingress: [
          {
            action: RuleAction.DROP,
            protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_QUERY, groupAddress: '224.0.0.1' })],
            name: 'dropIGMPQuery',
          },
        ],
        egress: [
          {
            action: RuleAction.DROP,
            protocols: [Protocol.igmp({ igmpType: IgmpType.MEMBERSHIP_REPORT_V2, groupAddress: '225.1.2.3' })],
            name: 'dropIGMPReport',
          },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-with-igmp-drop
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          app: mcjoin6
  ingress:
    - action: Drop
      protocols:
        - igmp:
            igmpType: 0x11
            groupAddress: 224.0.0.1
      name: dropIGMPQuery
  egress:
    - action: Drop
      protocols:
        - igmp:
            igmpType: 0x16
            groupAddress: 225.1.2.3
      name: dropIGMPReport
`,
  },
  {
    page: PAGE,
    title: 'ACNP dropping multicast traffic (multicast ipBlock)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-with-multicast-traffic-drop',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ app: 'mcjoin6' }))],
        egress: [{ action: RuleAction.DROP, to: [Peer.ipBlock('225.1.2.3/32')], name: 'dropMcastUDPTraffic' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-with-multicast-traffic-drop
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          app: mcjoin6
  egress:
    - action: Drop
      to:
        - ipBlock:
            cidr: 225.1.2.3/32
      name: dropMcastUDPTraffic
`,
  },
  {
    page: PAGE,
    title: 'Layer-7 ANNP allowing HTTP GET to /api/v2',
    config: { featureGates: { L7NetworkPolicy: true }, disableTXChecksumOffload: true },
    build: (c) =>
      new AntreaNetworkPolicy(c, 'P', {
        name: 'ingress-allow-http-request-to-api-v2',
        priority: 5,
        tier: Tier.APPLICATION,
        appliedTo: [AppliedTo.pods(labels({ app: 'web' }))],
        ingress: [
          {
            name: 'allow-http',
            action: RuleAction.ALLOW,
            from: [Peer.pods(labels({ app: 'client' }))],
            l7Protocols: [L7Protocol.http({ path: '/api/v2/*', host: 'foo.bar.com', method: HttpMethod.GET })],
          },
          { name: 'drop-other', action: RuleAction.DROP },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: NetworkPolicy
metadata:
  name: ingress-allow-http-request-to-api-v2
spec:
  priority: 5
  tier: application
  appliedTo:
    - podSelector:
        matchLabels:
          app: web
  ingress:
    - name: allow-http
      action: Allow
      from:
        - podSelector:
            matchLabels:
              app: client
      l7Protocols:
        - http:
            path: "/api/v2/*"
            host: "foo.bar.com"
            method: "GET"
    - name: drop-other
      action: Drop
`,
  },
  {
    page: PAGE,
    title: 'Layer-7 ACNP allowing web access to an internal domain only',
    config: { featureGates: { L7NetworkPolicy: true }, disableTXChecksumOffload: true },
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'allow-web-access-to-internal-domain',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ 'egress-restriction': 'internal-domain-only' }))],
        egress: [
          { name: 'allow-dns', action: RuleAction.ALLOW, ports: [Port.tcp(53), Port.udp(53)] },
          { name: 'allow-http-only', action: RuleAction.ALLOW, l7Protocols: [L7Protocol.http({ host: '*.bar.com' })] },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: allow-web-access-to-internal-domain
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          egress-restriction: internal-domain-only
  egress:
    - name: allow-dns
      action: Allow
      ports:
        - protocol: TCP
          port: 53
        - protocol: UDP
          port: 53
    - name: allow-http-only
      action: Allow
      l7Protocols:
        - http:
            host: "*.bar.com"
`,
  },
  {
    page: PAGE,
    title: 'Node NetworkPolicy dropping egress HTTP to a CIDR',
    config: { featureGates: { NodeNetworkPolicy: true } },
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-node-egress-traffic-drop',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.nodes(labels({ 'kubernetes.io/os': 'linux' }))],
        egress: [{ action: RuleAction.DROP, to: [Peer.ipBlock('192.168.1.0/24')], ports: [Port.tcp(80)], name: 'dropHTTPTrafficToCIDR' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-node-egress-traffic-drop
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - nodeSelector:
        matchLabels:
          kubernetes.io/os: linux
  egress:
    - action: Drop
      to:
        - ipBlock:
            cidr: 192.168.1.0/24
      ports:
        - protocol: TCP
          port: 80
      name: dropHTTPTrafficToCIDR
`,
  },
  {
    page: PAGE,
    title: 'Node NetworkPolicy dropping ingress SSH from a CIDR',
    config: { featureGates: { NodeNetworkPolicy: true } },
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-node-ingress-traffic-drop',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.nodes(labels({ 'kubernetes.io/os': 'linux' }))],
        ingress: [
          { action: RuleAction.DROP, from: [Peer.ipBlock('192.168.1.0/24')], ports: [Port.tcp(22)], name: 'dropSSHTrafficFromCIDR' },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-node-ingress-traffic-drop
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - nodeSelector:
        matchLabels:
          kubernetes.io/os: linux
  ingress:
    - action: Drop
      from:
        - ipBlock:
            cidr: 192.168.1.0/24
      ports:
        - protocol: TCP
          port: 22
      name: dropSSHTrafficFromCIDR
`,
  },
  {
    page: PAGE,
    title: 'ACNP with logging',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-with-log-setting',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ role: 'db' })), AppliedTo.namespaces(labels({ env: 'prod' }))],
        ingress: [
          {
            action: RuleAction.ALLOW,
            from: [Peer.pods(labels({ role: 'frontend' }), { namespaceSelector: labels({ role: 'db' }) })],
            name: 'AllowFromFrontend',
            enableLogging: true,
            logLabel: 'frontend-allowed',
          },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-with-log-setting
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          role: db
    - namespaceSelector:
        matchLabels:
          env: prod
  ingress:
    - action: Allow
      from:
        - podSelector:
            matchLabels:
              role: frontend
          namespaceSelector:
            matchLabels:
              role: db
      name: AllowFromFrontend
      enableLogging: true
      logLabel: "frontend-allowed"
`,
  },
  {
    page: PAGE,
    title: 'ACNP with appliedTo per rule (no tier)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-appliedto-per-rule',
        priority: 1,
        ingress: [
          {
            action: RuleAction.DROP,
            appliedTo: [AppliedTo.pods(labels({ app: 'db-restricted-west' }))],
            from: [Peer.pods(labels({ app: 'client-east' }))],
          },
          {
            action: RuleAction.DROP,
            appliedTo: [AppliedTo.pods(labels({ app: 'db-restricted-east' }))],
            from: [Peer.pods(labels({ app: 'client-west' }))],
          },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-appliedto-per-rule
spec:
  priority: 1
  ingress:
  - action: Drop
    appliedTo:
    - podSelector:
        matchLabels:
          app: db-restricted-west
    from:
    - podSelector:
       matchLabels:
         app: client-east
  - action: Drop
    appliedTo:
    - podSelector:
        matchLabels:
          app: db-restricted-east
    from:
    - podSelector:
        matchLabels:
          app: client-west
`,
  },
  {
    page: PAGE,
    title: 'Antrea NetworkPolicy',
    build: (c) =>
      new AntreaNetworkPolicy(c, 'P', {
        name: 'test-annp',
        namespace: 'default',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ role: 'db' }))],
        ingress: [
          {
            action: RuleAction.ALLOW,
            from: [
              Peer.pods(labels({ role: 'frontend' })),
              Peer.pods(labels({ role: 'nondb' }), { namespaceSelector: labels({ role: 'db' }) }),
            ],
            ports: [Port.tcpRange(8080, 9000)],
            name: 'AllowFromFrontend',
          },
        ],
        egress: [{ action: RuleAction.DROP, to: [Peer.ipBlock('10.0.10.0/24')], ports: [Port.tcp(5978)], name: 'DropToThirdParty' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: NetworkPolicy
metadata:
  name: test-annp
  namespace: default
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector:
        matchLabels:
          role: db
  ingress:
    - action: Allow
      from:
        - podSelector:
            matchLabels:
              role: frontend
        - podSelector:
            matchLabels:
              role: nondb
          namespaceSelector:
            matchLabels:
              role: db
      ports:
        - protocol: TCP
          port: 8080
          endPort: 9000
      name: AllowFromFrontend
  egress:
    - action: Drop
      to:
        - ipBlock:
            cidr: 10.0.10.0/24
      ports:
        - protocol: TCP
          port: 5978
      name: DropToThirdParty
`,
  },
  {
    page: PAGE,
    title: 'Antrea NetworkPolicy with Group references',
    build: (c) =>
      new AntreaNetworkPolicy(c, 'P', {
        name: 'annp-with-groups',
        namespace: 'default',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.group(Group.fromGroupName(c, 'Db', 'test-grp-with-db-selector', 'default'))],
        ingress: [
          {
            action: RuleAction.ALLOW,
            from: [Peer.group(Group.fromGroupName(c, 'Fe', 'test-grp-with-frontend-selector', 'default'))],
            ports: [Port.tcpRange(8080, 9000)],
            name: 'AllowFromFrontend',
          },
        ],
        egress: [
          {
            action: RuleAction.DROP,
            to: [Peer.group(Group.fromGroupName(c, 'Ip', 'test-grp-with-ip-block', 'default'))],
            ports: [Port.tcp(5978)],
            name: 'DropToThirdParty',
          },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: NetworkPolicy
metadata:
  name: annp-with-groups
  namespace: default
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - group: "test-grp-with-db-selector"
  ingress:
    - action: Allow
      from:
        - group: "test-grp-with-frontend-selector"
      ports:
        - protocol: TCP
          port: 8080
          endPort: 9000
      name: AllowFromFrontend
  egress:
    - action: Drop
      to:
        - group: "test-grp-with-ip-block"
      ports:
        - protocol: TCP
          port: 5978
      name: DropToThirdParty
`,
  },
  {
    page: PAGE,
    title: 'Antrea NetworkPolicy allowing DNS by Namespace name',
    build: (c) =>
      new AntreaNetworkPolicy(c, 'P', {
        name: 'test-annp-by-name',
        namespace: 'default',
        priority: 5,
        tier: Tier.APPLICATION,
        appliedTo: [AppliedTo.pods(all)],
        egress: [
          {
            action: RuleAction.ALLOW,
            to: [
              Peer.pods(labels({ 'k8s-app': 'kube-dns' }), {
                namespaceSelector: labels({ 'kubernetes.io/metadata.name': 'kube-system' }),
              }),
            ],
            ports: [Port.tcp(53), Port.udp(53)],
            name: 'AllowToCoreDNS',
          },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: NetworkPolicy
metadata:
  name: test-annp-by-name
  namespace: default
spec:
  priority: 5
  tier: application
  appliedTo:
    - podSelector: {}
  egress:
    - action: Allow
      to:
        - podSelector:
            matchLabels:
              k8s-app: kube-dns
          namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - protocol: TCP
          port: 53
        - protocol: UDP
          port: 53
      name: AllowToCoreDNS
`,
  },
  {
    page: PAGE,
    title: 'FQDN egress rule with a wildcard',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-fqdn-all-foobar',
        priority: 1,
        appliedTo: [AppliedTo.pods(labels({ app: 'client' }))],
        egress: [{ action: RuleAction.ALLOW, to: [Peer.fqdn('*foobar.com')], ports: [Port.tcp(8080)] }, { action: RuleAction.DROP }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-fqdn-all-foobar
spec:
  priority: 1
  appliedTo:
  - podSelector:
      matchLabels:
        app: client
  egress:
  - action: Allow
    to:
      - fqdn: "*foobar.com"
    ports:
      - protocol: TCP
        port: 8080
  - action: Drop
`,
  },
  {
    page: PAGE,
    title: 'FQDN egress rule to a headless Service name',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-fqdn-headless-service',
        priority: 1,
        appliedTo: [AppliedTo.pods(labels({ app: 'client' }))],
        egress: [{ action: RuleAction.DROP, to: [Peer.fqdn('svcA.default.svc.cluster.local')] }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-fqdn-headless-service
spec:
  priority: 1
  appliedTo:
  - podSelector:
      matchLabels:
        app: client
  egress:
  - action: Drop
    to:
      - fqdn: "svcA.default.svc.cluster.local"
`,
  },
  {
    page: PAGE,
    title: 'nodeSelector peer: drop egress to the control plane',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'egress-control-plane',
        priority: 1,
        appliedTo: [AppliedTo.pods(labels({ app: 'antrea-test-app' }))],
        egress: [
          { action: RuleAction.DROP, to: [Peer.nodes(labels({ 'node-role.kubernetes.io/control-plane': '' }))], ports: [Port.tcp(6443)] },
        ],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: egress-control-plane
spec:
  priority: 1
  appliedTo:
    - podSelector:
        matchLabels:
          app: antrea-test-app
  egress:
    - action: Drop
      to:
        - nodeSelector:
            matchLabels:
              node-role.kubernetes.io/control-plane: ""
      ports:
        - protocol: TCP
          port: 6443
`,
  },
  {
    page: PAGE,
    title: 'serviceAccount in appliedTo and peer',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-service-account',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.serviceAccount('sa-1', 'ns-1')],
        egress: [{ action: RuleAction.DROP, to: [Peer.serviceAccount('sa-2', 'ns-2')], name: 'ServiceAccountEgressRule' }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-service-account
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - serviceAccount:
        name: sa-1
        namespace: ns-1
  egress:
    - action: Drop
      to:
        - serviceAccount:
            name: sa-2
            namespace: ns-2
      name: ServiceAccountEgressRule
`,
  },
  {
    page: PAGE,
    title: 'NodePort Service in appliedTo',
    config: { antreaProxy: { proxyAll: true } },
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'acnp-deny-external-client-nodeport-svc-access',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.service('svc-1', 'ns-1')],
        ingress: [{ action: RuleAction.DROP, from: [Peer.ipBlock('1.1.1.0/24')] }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: acnp-deny-external-client-nodeport-svc-access
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - service:
        name: svc-1
        namespace: ns-1
  ingress:
    - action: Drop
      from:
        - ipBlock:
            cidr: 1.1.1.0/24
`,
  },
  {
    page: PAGE,
    title: 'ClusterGroups: selectors, ipBlocks, serviceReference, childGroups',
    build: (c: Chart) => {
      const sel = new ClusterGroup(c, 'Sel', {
        name: 'test-cg-sel',
        podSelector: labels({ role: 'db' }),
        namespaceSelector: labels({ env: 'prod' }),
      });
      new ClusterGroup(c, 'Ip', { name: 'test-cg-ip-block', ipBlocks: [{ cidr: '10.0.10.0/24' }] });
      const svc = new ClusterGroup(c, 'Svc', { name: 'test-cg-svc-ref', serviceReference: { name: 'test-service', namespace: 'default' } });
      // The docs' child "test-cg-ip-blocks" names no group of the example (Antrea allows a child that does not exist).
      new ClusterGroup(c, 'Nested', {
        name: 'test-cg-nested',
        childGroups: [sel, ClusterGroup.fromClusterGroupName(c, 'Missing', 'test-cg-ip-blocks'), svc],
      });
    },
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterGroup
metadata:
  name: test-cg-sel
spec:
  podSelector:
    matchLabels:
      role: db
  namespaceSelector:
    matchLabels:
      env: prod
---
apiVersion: crd.antrea.io/v1beta1
kind: ClusterGroup
metadata:
  name: test-cg-ip-block
spec:
  ipBlocks:
    - cidr: 10.0.10.0/24
---
apiVersion: crd.antrea.io/v1beta1
kind: ClusterGroup
metadata:
  name: test-cg-svc-ref
spec:
  serviceReference:
    name: test-service
    namespace: default
---
apiVersion: crd.antrea.io/v1beta1
kind: ClusterGroup
metadata:
  name: test-cg-nested
spec:
  childGroups: [test-cg-sel, test-cg-ip-blocks, test-cg-svc-ref]
`,
  },
  {
    page: PAGE,
    title: 'Groups: selectors, ipBlocks, serviceReference, childGroups',
    build: (c: Chart) => {
      const sel = new Group(c, 'Sel', { name: 'test-grp-sel', namespace: 'default', podSelector: labels({ role: 'db' }) });
      new Group(c, 'WithNs', {
        name: 'test-grp-with-namespace',
        podSelector: labels({ role: 'db' }),
        namespaceSelector: labels({ env: 'prod' }),
      });
      new Group(c, 'Ip', { name: 'test-grp-ip-block', ipBlocks: [{ cidr: '10.0.10.0/24' }] });
      const svc = new Group(c, 'Svc', {
        name: 'test-grp-svc-ref',
        serviceReference: { name: 'test-service', namespace: 'default' },
      });
      new Group(c, 'Nested', {
        name: 'test-grp-nested',
        childGroups: [sel, Group.fromGroupName(c, 'Missing', 'test-grp-ip-blocks'), svc],
      });
    },
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Group
metadata:
  name: test-grp-sel
  namespace: default
spec:
  podSelector:
    matchLabels:
      role: db
---
apiVersion: crd.antrea.io/v1beta1
kind: Group
metadata:
  name: test-grp-with-namespace
spec:
  podSelector:
    matchLabels:
      role: db
  namespaceSelector:
    matchLabels:
      env: prod
---
apiVersion: crd.antrea.io/v1beta1
kind: Group
metadata:
  name: test-grp-ip-block
spec:
  ipBlocks:
    - cidr: 10.0.10.0/24
---
apiVersion: crd.antrea.io/v1beta1
kind: Group
metadata:
  name: test-grp-svc-ref
spec:
  serviceReference:
    name: test-service
    namespace: default
---
apiVersion: crd.antrea.io/v1beta1
kind: Group
metadata:
  name: test-grp-nested
spec:
  childGroups: [test-grp-sel, test-grp-ip-blocks, test-grp-svc-ref]
`,
  },
  {
    page: PAGE,
    title: 'Audit logging of an allow rule (allow-core-dns-access)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'allow-core-dns-access',
        priority: 5,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(all)],
        ingress: [{ name: 'allow-dns', enableLogging: true, action: RuleAction.ALLOW, ports: [Port.tcp(53), Port.udp(53)] }],
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ClusterNetworkPolicy
metadata:
  name: allow-core-dns-access
spec:
  priority: 5
  tier: securityops
  appliedTo:
    - podSelector: {}
  ingress:
    - name: allow-dns
      enableLogging: true
      action: Allow
      ports:
        - protocol: TCP
          port: 53
        - protocol: UDP
          port: 53
`,
  },
];

const DENY = /action: got "Deny", expected Allow, Drop, Reject or Pass \(Deny is not an Antrea action; use Drop or Reject\)/;

export const invalidNetworkPolicyExamples: InvalidDocExample[] = [
  {
    page: PAGE,
    title: 'allow-self-ns: "action: Deny" (not an Antrea action)',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'allow-self-ns',
        priority: 1,
        tier: Tier.PLATFORM,
        appliedTo: [AppliedTo.namespaces(all)],
        ingress: [{ action: RuleAction.ALLOW, from: [Peer.namespaceMatch(NamespaceMatch.SELF)] }, { action: 'Deny' as RuleAction }],
        egress: [{ action: RuleAction.ALLOW, to: [Peer.namespaceMatch(NamespaceMatch.SELF)] }, { action: 'Deny' as RuleAction }],
      }),
    error: new RegExp(`\\[example/P\\] ingress\\[1\\]\\.${DENY.source}`),
  },
  {
    page: PAGE,
    title: 'deny-self-ns-a-to-b: "action: Deny"',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'deny-self-ns-a-to-b',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.pods(labels({ app: 'b' }), { namespaceSelector: all })],
        ingress: [{ action: 'Deny' as RuleAction, from: [Peer.pods(labels({ app: 'a' }), { namespaces: NamespaceMatch.SELF })] }],
      }),
    error: new RegExp(`\\[example/P\\] ingress\\[0\\]\\.${DENY.source}`),
  },
  {
    page: PAGE,
    title: 'isolation-based-on-org: "action: Deny"',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'isolation-based-on-org',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.namespaces(LabelSelector.of({ expressions: [LabelExpression.exists('org')] }))],
        ingress: [
          { action: RuleAction.ALLOW, from: [Peer.namespaceMatch(NamespaceMatch.sameLabels(['org']))] },
          { action: 'Deny' as RuleAction },
        ],
      }),
    error: new RegExp(`\\[example/P\\] ingress\\[1\\]\\.${DENY.source}`),
  },
  {
    page: PAGE,
    title: 'isolation-based-on-org-and-env: "action: Deny"',
    build: (c) =>
      new ClusterNetworkPolicy(c, 'P', {
        name: 'isolation-based-on-org-and-env',
        priority: 1,
        tier: Tier.SECURITY_OPS,
        appliedTo: [AppliedTo.namespaces(all)],
        ingress: [
          { action: RuleAction.ALLOW, from: [Peer.namespaceMatch(NamespaceMatch.sameLabels(['org', 'env']))] },
          { action: 'Deny' as RuleAction, from: [Peer.namespaces(all)] },
        ],
      }),
    error: new RegExp(`\\[example/P\\] ingress\\[1\\]\\.${DENY.source}`),
  },
];
