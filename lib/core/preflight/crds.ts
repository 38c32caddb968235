import type { ManifestObject } from '../validation';
import { arr, Findings, groupOf, obj, str, versionOf } from './common';
import type { ClusterFacts, PreflightFinding } from './types';

/** API groups served by the Kubernetes API server itself (no CRD needed). */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '',
  'apps',
  'batch',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'networking.k8s.io',
  'policy',
  'autoscaling',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'certificates.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'resource.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'storagemigration.k8s.io',
  'internal.apiserver.k8s.io',
]);

interface CrdInfo {
  readonly name: string;
  /** Served versions. */
  readonly served: ReadonlySet<string>;
  readonly all: readonly string[];
}

/** The crds check: every custom resource has its CRD in the list or declared as a prerequisite. */
export function checkCrds(objects: readonly ManifestObject[], cluster: ClusterFacts, ids: (i: number) => string): PreflightFinding[] {
  const findings = new Findings('crds');
  const crds = new Map<string, CrdInfo>();
  for (const o of objects) {
    if (o?.kind !== 'CustomResourceDefinition' || groupOf(str(o.apiVersion) ?? '') !== 'apiextensions.k8s.io') continue;
    const spec = obj(o.spec);
    const group = str(spec?.group);
    const names = obj(spec?.names);
    const kind = str(names?.kind);
    if (group === undefined || kind === undefined) continue;
    const served = new Set<string>();
    const all: string[] = [];
    for (const v of arr(spec?.versions)) {
      const name = str(obj(v)?.name);
      if (name === undefined) continue;
      all.push(name);
      if (obj(v)?.served !== false) served.add(name);
    }
    // apiextensions.k8s.io/v1beta1 style: spec.version
    const single = str(spec?.version);
    if (single !== undefined && !all.includes(single)) {
      all.push(single);
      served.add(single);
    }
    const plural = str(names?.plural);
    crds.set(`${group}/${kind}`, { name: plural ? `${plural}.${group}` : `${group}/${kind}`, served, all });
  }
  const prerequisites = new Map<string, string>();
  for (const p of cluster.prerequisiteCrds ?? []) prerequisites.set(p.crd, p.providedBy);

  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    const apiVersion = str(o?.apiVersion);
    const kind = str(o?.kind);
    if (apiVersion === undefined || kind === undefined) continue;
    const group = groupOf(apiVersion);
    if (BUILT_IN_GROUPS.has(group)) continue;
    const key = `${group}/${kind}`;
    const crd = crds.get(key);
    if (crd) {
      const version = versionOf(apiVersion);
      if (!crd.served.has(version))
        findings.add(
          'error',
          ids(i),
          '/apiVersion',
          `CRD ${crd.name} in the stack does not serve version ${JSON.stringify(version)} (${crd.all.length ? `versions: ${crd.all.map((v) => (crd.served.has(v) ? v : `${v} (not served)`)).join(', ')}` : 'no versions'}); use a served version or update the CRD`,
        );
      continue;
    }
    if (prerequisites.has(key) || prerequisites.has(`${group}/*`)) continue;
    findings.add(
      'error',
      ids(i),
      '/apiVersion',
      `no CRD for ${key} (kind ${kind} of group ${group}): the API server would answer "no matches for kind". Either install the CustomResourceDefinition in the stack, or declare it as a prerequisite: cluster.prerequisiteCrds: [{ crd: '${key}', providedBy: '<who installs it>' }]`,
    );
  }
  return findings.list;
}
