import type { TrafficProtocol, WorkloadModel, WorkloadPod, WorkloadPort } from './types';

/** The label the API server puts on every Namespace. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const WORKLOAD_KINDS: Readonly<Record<string, 'template' | 'pod'>> = {
  Deployment: 'template',
  StatefulSet: 'template',
  DaemonSet: 'template',
  ReplicaSet: 'template',
  Job: 'template',
  Pod: 'pod',
};

interface AnyObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
}

function portsOf(podSpec: any): WorkloadPort[] {
  const out: WorkloadPort[] = [];
  for (const c of (podSpec?.containers ?? []) as any[]) {
    for (const p of (c?.ports ?? []) as any[]) {
      if (typeof p?.containerPort !== 'number') continue;
      const port: { name?: string; port: number; protocol?: TrafficProtocol } = {
        port: p.containerPort,
        protocol: (p.protocol ?? 'TCP') as TrafficProtocol,
      };
      if (typeof p.name === 'string') port.name = p.name;
      out.push(port);
    }
  }
  return out;
}

/**
 * Namespaces from Namespace objects (with kubernetes.io/metadata.name added), one representative pod per
 * Deployment/StatefulSet/DaemonSet/ReplicaSet/Job/Pod (name = workload name, labels = template labels, ports from
 * containers, serviceAccountName and hostNetwork from the Pod spec). Namespaces that workloads use without a Namespace
 * object (such as `default`) are added with the name label only.
 */
export function workloadModelFromObjects(objects: readonly unknown[]): WorkloadModel {
  const namespaces = new Map<string, Record<string, string>>();
  const pods: WorkloadPod[] = [];
  for (const raw of flattenLists(objects)) {
    const o = raw as AnyObject;
    if (!o || typeof o !== 'object' || typeof o.kind !== 'string') continue;
    if (o.kind === 'Namespace' && o.apiVersion === 'v1' && o.metadata?.name) {
      namespaces.set(o.metadata.name, Object.assign({}, o.metadata.labels, { [NAMESPACE_NAME_LABEL]: o.metadata.name }));
      continue;
    }
    const shape = WORKLOAD_KINDS[o.kind];
    if (!shape || !o.metadata?.name || (o.apiVersion !== 'v1' && o.apiVersion !== 'apps/v1' && o.apiVersion !== 'batch/v1')) continue;
    const namespace = o.metadata.namespace ?? 'default';
    const podSpec = shape === 'pod' ? o.spec : o.spec?.template?.spec;
    const labels = shape === 'pod' ? o.metadata.labels : o.spec?.template?.metadata?.labels;
    const pod: { -readonly [K in keyof WorkloadPod]: WorkloadPod[K] } = {
      namespace,
      name: o.metadata.name,
      labels: { ...(labels ?? {}) },
      ports: portsOf(podSpec),
    };
    if (typeof podSpec?.serviceAccountName === 'string') pod.serviceAccountName = podSpec.serviceAccountName;
    if (podSpec?.hostNetwork === true) pod.hostNetwork = true;
    if (typeof podSpec?.nodeName === 'string') pod.node = podSpec.nodeName;
    pods.push(pod);
  }
  for (const p of pods) if (!namespaces.has(p.namespace)) namespaces.set(p.namespace, { [NAMESPACE_NAME_LABEL]: p.namespace });
  return {
    namespaces: [...namespaces.entries()].map(([name, labels]) => ({ name, labels })),
    pods,
  };
}

/** The objects with every `kind: List` / `<Kind>List` (as `kubectl get -o yaml` writes) replaced by its items. */
export function flattenLists(objects: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (o: unknown): void => {
    const x = o as { kind?: unknown; items?: unknown };
    if (x && typeof x === 'object' && typeof x.kind === 'string' && x.kind.endsWith('List') && Array.isArray(x.items))
      x.items.forEach(visit);
    else out.push(o);
  };
  objects.forEach(visit);
  return out;
}
