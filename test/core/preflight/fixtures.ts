import type { ManifestObject } from '../../../lib/core/validation';
import type { NodeGroupFacts, Taint } from '../../../lib/core/preflight';

export type J = Record<string, any>;

/** A deep copy, so each test mutates its own object. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function namespace(name: string, labels: Record<string, string> = {}): ManifestObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function restrictedNamespace(name = 'app', version?: string): ManifestObject {
  const labels: Record<string, string> = { 'pod-security.kubernetes.io/enforce': 'restricted' };
  if (version) labels['pod-security.kubernetes.io/enforce-version'] = version;
  return namespace(name, labels);
}

export function baselineNamespace(name = 'app', version?: string): ManifestObject {
  const labels: Record<string, string> = { 'pod-security.kubernetes.io/enforce': 'baseline' };
  if (version) labels['pod-security.kubernetes.io/enforce-version'] = version;
  return namespace(name, labels);
}

/** A container that passes Pod Security restricted. */
export function restrictedContainer(name = 'app'): J {
  return {
    name,
    image: 'nginx',
    securityContext: {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** A pod spec that passes Pod Security restricted. */
export function restrictedPodSpec(): J {
  return { containers: [restrictedContainer()] };
}

export interface WorkloadOptions {
  readonly replicas?: number;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export function deployment(name: string, ns: string, spec: J, o: WorkloadOptions = {}): J {
  const labels = o.labels ?? { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels, annotations: o.annotations }, spec },
    },
  };
}

export function statefulSet(name: string, ns: string, spec: J, o: WorkloadOptions = {}): J {
  const d = deployment(name, ns, spec, o);
  d.kind = 'StatefulSet';
  d.spec.serviceName = name;
  return d;
}

export function daemonSet(name: string, ns: string, spec: J, o: WorkloadOptions = {}): J {
  const d = deployment(name, ns, spec, o);
  d.kind = 'DaemonSet';
  delete d.spec.replicas;
  return d;
}

export function pod(name: string, ns: string, spec: J, o: WorkloadOptions = {}): J {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: o.labels, annotations: o.annotations }, spec };
}

export function job(name: string, ns: string, spec: J, parallelism?: number): J {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: ns }, spec: { parallelism, template: { spec } } };
}

export function cronJob(name: string, ns: string, spec: J): J {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: ns },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec } } } },
  };
}

export function configMap(name: string, ns: string, data: Record<string, string>): J {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

export function secret(name: string, ns: string, stringData: Record<string, string>): J {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns }, stringData };
}

export function group(name: string, count: number, labels: Record<string, string> = {}, taints: Taint[] = []): NodeGroupFacts {
  return { name, count, labels: Object.assign({ 'kubernetes.io/os': 'linux' }, labels), taints };
}

export const CONTROL_PLANE_TAINT: Taint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' };

/** Three tainted control-plane nodes and `workers` workers. */
export function cluster(workers = 3): NodeGroupFacts[] {
  return [
    group('control-plane', 3, { 'node-role.kubernetes.io/control-plane': '' }, [CONTROL_PLANE_TAINT]),
    group('workers', workers, { 'node-role.kubernetes.io/worker': '' }),
  ];
}
