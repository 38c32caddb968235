import type { TrafficProtocol, TrafficQuery, WorkloadModel, WorkloadPod } from '../../../lib/antrea/evaluate';

/**
 * The fixture of Antrea's e2e policy tests (test/e2e/antreapolicy_test.go `initialize`, k8s_util.go `Bootstrap`):
 * Namespaces x, y, z labelled `ns=<name>`, in each Pods a, b, c labelled `pod=<p>, app=<p>` serving TCP+UDP+SCTP on 80
 * and 81 (the TCP ones named serve-80, serve-81) and TCP 8080-8085. Pods get IPs 10.10.<ns>.<pod> and run on worker-1.
 */

export const NODES = [
  { name: 'control-plane', ip: '192.168.0.10', labels: { 'node-role.kubernetes.io/control-plane': '' } },
  { name: 'worker-1', ip: '192.168.0.11' },
  { name: 'worker-2', ip: '192.168.0.12' },
];

const PORTS: WorkloadPod['ports'] = [
  { name: 'serve-80', port: 80, protocol: 'TCP' },
  { name: 'serve-81', port: 81, protocol: 'TCP' },
  { name: 'serve-80-udp', port: 80, protocol: 'UDP' },
  { name: 'serve-81-udp', port: 81, protocol: 'UDP' },
  { name: 'serve-80-sctp', port: 80, protocol: 'SCTP' },
  { name: 'serve-81-sctp', port: 81, protocol: 'SCTP' },
  ...[8080, 8081, 8082, 8083, 8084, 8085].map((port) => ({ port, protocol: 'TCP' as const })),
];

/** Pods a, b, c in each of the Namespaces (with the given labels). */
export function fixture(namespaces: Record<string, Record<string, string>>, extraPods: WorkloadPod[] = []): WorkloadModel {
  const pods: WorkloadPod[] = [];
  Object.keys(namespaces).forEach((ns, i) => {
    ['a', 'b', 'c'].forEach((p, j) => {
      pods.push({ namespace: ns, name: p, labels: { pod: p, app: p }, ip: podIp(i, j), node: 'worker-1', ports: PORTS });
    });
  });
  return {
    namespaces: Object.entries(namespaces).map(([name, labels]) => ({ name, labels })),
    pods: [...pods, ...extraPods],
    nodes: NODES,
  };
}

function podIp(nsIndex: number, podIndex: number): string {
  return `10.10.${nsIndex + 1}.${podIndex + 1}`;
}

/** The standard x, y, z fixture. */
export function xyz(extraPods: WorkloadPod[] = []): WorkloadModel {
  return fixture({ x: { ns: 'x' }, y: { ns: 'y' }, z: { ns: 'z' } }, extraPods);
}

/** The IP of a fixture Pod of xyz(), e.g. ip('x/a') = 10.10.1.1. */
export function ip(pod: string): string {
  const [ns, p] = pod.split('/');
  return podIp(['x', 'y', 'z'].indexOf(ns), ['a', 'b', 'c'].indexOf(p));
}

/** TestAntreaPolicyExtendedNamespaces: prod1, prod2, dev1, dev2, no-tier. */
export function extended(noTierLabels: Record<string, string> = { purpose: 'test-exclusion' }): WorkloadModel {
  return fixture({
    prod1: { purpose: 'test', tier: 'prod' },
    prod2: { purpose: 'test', tier: 'prod' },
    dev1: { purpose: 'test', tier: 'dev' },
    dev2: { purpose: 'test', tier: 'dev' },
    'no-tier': noTierLabels,
  });
}

// ----- object builders: what users (and the e2e tests) write, at crd.antrea.io/v1beta1 -----

export type Obj = Record<string, any>;

export const sel = (matchLabels: Record<string, string>): Obj => ({ matchLabels });
/** A peer or appliedTo entry selecting Pods `pod=<p>` (omit p: any Pod) in Namespaces `ns=<n>` (omit n: any). */
export const pn = (p?: string, n?: string): Obj => {
  const out: Obj = {};
  if (p !== undefined) out.podSelector = sel({ pod: p });
  if (n !== undefined) out.namespaceSelector = sel({ ns: n });
  return out;
};
export const tcp = (port: number, endPort?: number): Obj =>
  endPort === undefined ? { protocol: 'TCP', port } : { protocol: 'TCP', port, endPort };

export function acnp(name: string, priority: number, spec: Obj): Obj {
  return { apiVersion: 'crd.antrea.io/v1beta1', kind: 'ClusterNetworkPolicy', metadata: { name }, spec: { priority, ...spec } };
}
export function annp(namespace: string, name: string, priority: number, spec: Obj): Obj {
  return { apiVersion: 'crd.antrea.io/v1beta1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec: { priority, ...spec } };
}
export function knp(namespace: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}
export function tier(name: string, priority: number): Obj {
  return { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Tier', metadata: { name }, spec: { priority } };
}
export function clusterGroup(name: string, spec: Obj): Obj {
  return { apiVersion: 'crd.antrea.io/v1beta1', kind: 'ClusterGroup', metadata: { name }, spec };
}
export function group(namespace: string, name: string, spec: Obj): Obj {
  return { apiVersion: 'crd.antrea.io/v1beta1', kind: 'Group', metadata: { name, namespace }, spec };
}
export function service(namespace: string, name: string, selector: Record<string, string>, ports: Obj[], type?: string): Obj {
  const spec: Obj = { selector, ports };
  if (type) spec.type = type;
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

/** KNP-DD: an ingress default-deny K8s NetworkPolicy in each of x, y, z. */
export const KNP_DD: Obj[] = ['x', 'y', 'z'].map((ns) => knp(ns, 'default-deny-namespace', { podSelector: {}, policyTypes: ['Ingress'] }));

/** A traffic check: from, to, port (number = TCP; or the query's port fields), expected action, text of the decider. */
export type Check = [
  from: TrafficQuery['from'],
  to: TrafficQuery['to'],
  port: number | Partial<Pick<TrafficQuery, 'port' | 'protocol' | 'sourcePort' | 'icmp'>>,
  expected: 'Allow' | 'Drop' | 'Reject' | 'undecidable',
  by: string,
];

export function query(c: Check): TrafficQuery {
  const [from, to, port] = c;
  return typeof port === 'number' ? { from, to, port } : { from, to, ...port };
}

export function label(c: Check): string {
  const [from, to, port, expected, by] = c;
  const ep = (e: TrafficQuery['to']): string => (typeof e === 'string' ? e : JSON.stringify(e));
  const p =
    typeof port === 'number'
      ? `TCP/${port}`
      : `${port.protocol ?? 'TCP'}/${port.port ?? ''}${port.sourcePort !== undefined ? ` src ${port.sourcePort}` : ''}`;
  return `${ep(from)} -> ${ep(to)} ${p}: ${expected} (${by})`;
}

export const PROTOCOLS: TrafficProtocol[] = ['TCP', 'UDP', 'SCTP'];
