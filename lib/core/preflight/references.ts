import type { ManifestObject } from '../validation';
import { arr, Findings, groupOf, nameOf, obj, PodTemplate, str } from './common';
import type { ClusterFacts, PreflightFinding } from './types';

/** Namespaces every cluster has. */
const BUILT_IN_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
/** PriorityClasses every cluster has. */
const BUILT_IN_PRIORITY_CLASSES: ReadonlySet<string> = new Set(['system-cluster-critical', 'system-node-critical']);

/** The kinds a pod template or an object can refer to by name. */
const REF_KIND_LIST = ['Namespace', 'ServiceAccount', 'PriorityClass', 'PersistentVolumeClaim', 'Secret'] as const;
type RefKind = (typeof REF_KIND_LIST)[number];
const REF_KINDS: ReadonlySet<string> = new Set(REF_KIND_LIST);

/** Names of the objects of a core kind that exist: in the list, external, or built in. `<ns>/<name>` for namespaced kinds. */
class ObjectIndex {
  private readonly known = new Map<RefKind, Map<string, string>>();

  constructor(objects: readonly ManifestObject[], cluster: ClusterFacts) {
    const add = (kind: string, key: string, from: string): void => {
      if (!REF_KINDS.has(kind)) return;
      let m = this.known.get(kind as RefKind);
      if (!m) this.known.set(kind as RefKind, (m = new Map()));
      if (!m.has(key)) m.set(key, from);
    };
    for (const e of cluster.externalObjects ?? []) {
      const group = groupOf(e.apiVersion);
      if (group !== '' && group !== 'scheduling.k8s.io') continue;
      const clusterScoped = e.kind === 'Namespace' || e.kind === 'PriorityClass';
      add(e.kind, clusterScoped ? e.name : `${e.namespace ?? 'default'}/${e.name}`, e.providedBy);
    }
    for (const o of objects) {
      if (!o || typeof o !== 'object') continue;
      const kind = str(o.kind);
      if (kind === undefined || !REF_KINDS.has(kind)) continue; // most objects: no key to build
      const name = nameOf(o);
      if (name === undefined) continue;
      const group = groupOf(str(o.apiVersion) ?? '');
      if (group !== '' && !(kind === 'PriorityClass' && group === 'scheduling.k8s.io')) continue;
      const ns = str(obj(o.metadata)?.namespace);
      add(kind, kind === 'Namespace' || kind === 'PriorityClass' ? name : `${ns ?? 'default'}/${name}`, 'the stack');
    }
  }

  has(kind: RefKind, key: string): boolean {
    return this.known.get(kind)?.has(key) ?? false;
  }
}

function missing(kind: string, name: string): string {
  return `${kind} ${name} is neither emitted by the stack nor declared in cluster.externalObjects`;
}

/**
 * References that stop a deploy when their target does not exist: the namespace of every namespaced object ("namespaces
 * not found"), and per pod template the ServiceAccount (the ReplicaSet can never create pods), the PriorityClass
 * (admission refuses the pods), PersistentVolumeClaims (pods stay Pending) and image pull Secrets (a warning: the
 * kubelet pulls without them).
 */
export function checkReferencedObjects(
  objects: readonly ManifestObject[],
  cluster: ClusterFacts,
  templates: readonly PodTemplate[],
  id: (i: number) => string,
): PreflightFinding[] {
  const findings = new Findings('references');
  const index = new ObjectIndex(objects, cluster);
  objects.forEach((o, i) => {
    if (!o || typeof o !== 'object') return;
    const ns = str(obj(o.metadata)?.namespace);
    if (ns === undefined || BUILT_IN_NAMESPACES.has(ns) || index.has('Namespace', ns)) return;
    findings.add(
      'error',
      id(i),
      '/metadata/namespace',
      `${missing('Namespace', ns)}; the API server answers 'namespaces "${ns}" not found'. Emit the Namespace, or declare it as an external object`,
    );
  });
  for (const t of templates) {
    const spec = t.spec;
    const ns = t.namespace;
    const sa = str(spec.serviceAccountName) ?? str(spec.serviceAccount);
    if (sa !== undefined && sa !== 'default' && !index.has('ServiceAccount', `${ns}/${sa}`)) {
      findings.add(
        'error',
        t.id,
        `${t.specPath}/serviceAccountName`,
        `${missing('ServiceAccount', `${ns}/${sa}`)}; the controller can never create the pods ("serviceaccount not found"). Emit it, or declare it as an external object`,
      );
    }
    const pc = str(spec.priorityClassName);
    if (pc !== undefined && !BUILT_IN_PRIORITY_CLASSES.has(pc) && !index.has('PriorityClass', pc)) {
      findings.add(
        'error',
        t.id,
        `${t.specPath}/priorityClassName`,
        `${missing('PriorityClass', pc)}; admission refuses the pods ("no PriorityClass with name ${pc} was found"). Emit it, use system-cluster-critical or system-node-critical, or declare it as an external object`,
      );
    }
    arr(spec.volumes).forEach((v, j) => {
      const claim = str(obj(obj(v)?.persistentVolumeClaim)?.claimName);
      if (claim === undefined || index.has('PersistentVolumeClaim', `${ns}/${claim}`)) return;
      findings.add(
        'error',
        t.id,
        `${t.specPath}/volumes/${j}/persistentVolumeClaim/claimName`,
        `${missing('PersistentVolumeClaim', `${ns}/${claim}`)}; the pods stay Pending ('persistentvolumeclaim "${claim}" not found'). Emit it, or declare it as an external object`,
      );
    });
    arr(spec.imagePullSecrets).forEach((s, j) => {
      const name = str(obj(s)?.name);
      if (name === undefined || index.has('Secret', `${ns}/${name}`)) return;
      findings.add(
        'warning',
        t.id,
        `${t.specPath}/imagePullSecrets/${j}/name`,
        `${missing('Secret', `${ns}/${name}`)}; the kubelet pulls without it, so a private image fails with ErrImagePull. Emit it, or declare it as an external object`,
      );
    });
  }
  return findings.list;
}
