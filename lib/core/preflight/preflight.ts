import type { ManifestObject } from '../validation';
import { describeObject, podTemplateOf, PodTemplate } from './common';
import { checkCrds } from './crds';
import { checkFiles } from './files';
import { checkQuota } from './quota';
import { checkReferencedObjects } from './references';
import { checkPodSecurity } from './pod-security';
import { checkEgressPools, checkScheduling } from './scheduling';
import type { PreflightCheck, PreflightFinding, PreflightOptions } from './types';

const SEVERITY_RANK: Readonly<Record<PreflightFinding['severity'], number>> = { error: 0, warning: 1, info: 2 };

/**
 * An offline preflight of the objects a stack synthesizes against a model of the cluster: reports what the API
 * server's admission would refuse, or what would never start. Pure (plain JSON in, findings out; no cdk8s) and linear
 * in the number of objects: namespaces, ConfigMaps, Secrets, CRDs and workloads are indexed once.
 *
 * Checks (each can be skipped with `options.skip`):
 * - `pod-security`: the Pod Security Standards (baseline, restricted) of each pod template against its namespace's
 *   `pod-security.kubernetes.io/enforce` (+ `enforce-version`) label, or the cluster default;
 * - `scheduling`: nodeSelector, required node affinity and tolerations against the modelled node groups; replicas
 *   against self pod anti-affinity and DoNotSchedule topology spread (skipped with one `info` when no node groups);
 *   Antrea ExternalIPPool nodeSelectors against the node groups (the nodes that host Egress IPs);
 * - `crds`: every custom resource has its CRD (serving its version) in the list or declared as a prerequisite;
 * - `files`: each declared file is mounted from an emitted (or external) ConfigMap/Secret key; ConfigMap/Secret
 *   references of every pod template (volumes, projected sources, env, envFrom) point at existing objects and keys;
 * - `references`: the namespace of every namespaced object, and the ServiceAccount, PriorityClass,
 *   PersistentVolumeClaims and image pull Secrets of every pod template exist (emitted, external or built in);
 * - `quota`: in a namespace whose ResourceQuota tracks CPU/memory requests or limits, every container states them or
 *   a LimitRange gives a default (else admission refuses the pods).
 *
 * @param objects the synthesized objects (plain JSON), e.g. from `Chart.toJson()` or a YAML parser
 * @param options the cluster model, file requirements and checks to skip
 * @returns the findings: errors first, then warnings, then info; within a severity in check and object order
 */
export function preflight(objects: readonly ManifestObject[], options: PreflightOptions = {}): PreflightFinding[] {
  const skip = new Set<PreflightCheck>(options.skip ?? []);
  const cluster = options.cluster ?? {};
  const ids = new Map<number, string>();
  const id = (i: number): string => {
    let s = ids.get(i);
    if (s === undefined) {
      s = describeObject(objects[i], i);
      ids.set(i, s);
    }
    return s;
  };
  const needTemplates = ['pod-security', 'scheduling', 'files', 'references', 'quota'].some((c) => !skip.has(c as PreflightCheck));
  const templates: PodTemplate[] = [];
  if (needTemplates) {
    for (let i = 0; i < objects.length; i++) {
      const t = podTemplateOf(objects[i], i, undefined);
      if (t) templates.push(t);
    }
  }
  const parts: PreflightFinding[][] = [];
  if (!skip.has('pod-security')) parts.push(checkPodSecurity(objects, cluster, id, templates));
  if (!skip.has('scheduling')) {
    parts.push(checkScheduling(templates, cluster.nodeGroups));
    parts.push(checkEgressPools(objects, cluster.nodeGroups, id));
  }
  if (!skip.has('crds')) parts.push(checkCrds(objects, cluster, id));
  if (!skip.has('files')) parts.push(checkFiles(objects, cluster, templates, options.files ?? []));
  if (!skip.has('references')) parts.push(checkReferencedObjects(objects, cluster, templates, id));
  if (!skip.has('quota')) parts.push(checkQuota(objects, templates));
  const out = ([] as PreflightFinding[]).concat(...parts);
  // Array.prototype.sort is stable: keeps the check and object order within a severity.
  return out.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/** One finding per line: `<severity> [<check>] <object> <path>: <message>`. */
export function formatFindings(findings: readonly PreflightFinding[]): string {
  return findings.map((f) => `${f.severity} [${f.check}] ${f.object} ${f.path}: ${f.message}`).join('\n');
}
