import { Egress, ExternalIPPool, LabelSelector } from '../../../lib/antrea';
import { ValidDocExample } from './harness';

const PAGE = 'docs/egress.md';
const labels = (l: Record<string, string>) => LabelSelector.matchLabels(l);

export const egressExamples: ValidDocExample[] = [
  {
    page: PAGE,
    title: 'Egress with an egressIP from an ExternalIPPool (status left out: Antrea writes it)',
    build: (c) =>
      new Egress(c, 'E', {
        name: 'egress-prod-web',
        appliedTo: { namespaceSelector: labels({ env: 'prod' }), podSelector: labels({ role: 'web' }) },
        egressIP: '10.10.0.8',
        externalIPPool: ExternalIPPool.fromExternalIPPoolName(c, 'Pool', 'prod-external-ip-pool'),
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Egress
metadata:
  name: egress-prod-web
spec:
  appliedTo:
    namespaceSelector:
      matchLabels:
        env: prod
    podSelector:
      matchLabels:
        role: web
  egressIP: 10.10.0.8
  externalIPPool: prod-external-ip-pool
status:
  egressNode: node01
`,
  },
  {
    page: PAGE,
    title: 'Egress with a bandwidth limit',
    config: { featureGates: { EgressTrafficShaping: true } },
    build: (c) =>
      new Egress(c, 'E', {
        name: 'egress-prod-web',
        appliedTo: { namespaceSelector: labels({ env: 'prod' }), podSelector: labels({ role: 'web' }) },
        egressIP: '10.10.0.8',
        bandwidth: { rate: '800M', burst: '2G' },
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Egress
metadata:
  name: egress-prod-web
spec:
  appliedTo:
    namespaceSelector:
      matchLabels:
        env: prod
    podSelector:
      matchLabels:
        role: web
  egressIP: 10.10.0.8
  bandwidth:
    rate: 800M
    burst: 2G
status:
  egressNode: node01
`,
  },
  {
    page: PAGE,
    title: 'ExternalIPPool with a start-end and a CIDR range',
    build: (c) =>
      new ExternalIPPool(c, 'P', {
        name: 'prod-external-ip-pool',
        ipRanges: ['10.10.0.2-10.10.0.10', '10.10.1.0/28'],
        nodeSelector: labels({ 'network-role': 'egress-gateway' }),
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ExternalIPPool
metadata:
  name: prod-external-ip-pool
spec:
  ipRanges:
  - start: 10.10.0.2
    end: 10.10.0.10
  - cidr: 10.10.1.0/28
  nodeSelector:
    matchLabels:
      network-role: egress-gateway
`,
  },
  {
    page: PAGE,
    title: 'ExternalIPPool in a separate subnet (subnetInfo with VLAN)',
    build: (c) =>
      new ExternalIPPool(c, 'P', {
        name: 'prod-external-ip-pool',
        ipRanges: ['10.10.0.2-10.10.0.10'],
        subnetInfo: { gateway: '10.10.0.1', prefixLength: 24, vlan: 10 },
        nodeSelector: labels({ 'network-role': 'egress-gateway' }),
      }),
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ExternalIPPool
metadata:
  name: prod-external-ip-pool
spec:
  ipRanges:
  - start: 10.10.0.2
    end: 10.10.0.10
  subnetInfo:
    gateway: 10.10.0.1
    prefixLength: 24
    vlan: 10
  nodeSelector:
    matchLabels:
      network-role: egress-gateway
`,
  },
  {
    page: PAGE,
    title: 'Egresses allocating IPs from one ExternalIPPool on all Nodes',
    build: (c) => {
      const pool = new ExternalIPPool(c, 'P', {
        name: 'external-ip-pool',
        ipRanges: ['10.10.0.11-10.10.0.20'],
        nodeSelector: LabelSelector.all(),
      });
      for (const env of ['prod', 'staging']) {
        new Egress(c, `E-${env}`, {
          name: `egress-${env}-web`,
          appliedTo: { namespaceSelector: labels({ 'kubernetes.io/metadata.name': env }), podSelector: labels({ app: 'web' }) },
          externalIPPool: pool,
        });
      }
    },
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: ExternalIPPool
metadata:
  name: external-ip-pool
spec:
  ipRanges:
  - start: 10.10.0.11
    end: 10.10.0.20
  nodeSelector: {}
---
apiVersion: crd.antrea.io/v1beta1
kind: Egress
metadata:
  name: egress-prod-web
spec:
  appliedTo:
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: prod
    podSelector:
      matchLabels:
        app: web
  externalIPPool: external-ip-pool
---
apiVersion: crd.antrea.io/v1beta1
kind: Egress
metadata:
  name: egress-staging-web
spec:
  appliedTo:
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: staging
    podSelector:
      matchLabels:
        app: web
  externalIPPool: external-ip-pool
`,
  },
  {
    page: PAGE,
    title: 'Egresses with Node IPs as egressIP (no pool)',
    build: (c) => {
      new Egress(c, 'Prod', {
        name: 'egress-prod',
        appliedTo: { namespaceSelector: labels({ 'kubernetes.io/metadata.name': 'prod' }) },
        egressIP: '10.10.0.104',
      });
      new Egress(c, 'Staging', {
        name: 'egress-staging',
        appliedTo: { namespaceSelector: labels({ 'kubernetes.io/metadata.name': 'staging' }) },
        egressIP: '10.10.0.105',
      });
    },
    expected: `
apiVersion: crd.antrea.io/v1beta1
kind: Egress
metadata:
  name: egress-prod
spec:
  appliedTo:
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: prod
  egressIP: 10.10.0.104
---
apiVersion: crd.antrea.io/v1beta1
kind: Egress
metadata:
  name: egress-staging
spec:
  appliedTo:
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: staging
  egressIP: 10.10.0.105
`,
  },
];
