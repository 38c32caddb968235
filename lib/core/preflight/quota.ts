import type { ManifestObject } from '../validation';
import { arr, Findings, groupOf, nameOf, namespaceOf, obj, PodTemplate, str } from './common';
import type { PreflightFinding } from './types';

/** The container fields a ResourceQuota's hard keys make mandatory (the quota admission plugin's rule). */
const REQUIRED_BY_KEY: ReadonlyArray<readonly [key: string, kind: 'limits' | 'requests', resource: string]> = [
  ['limits.cpu', 'limits', 'cpu'],
  ['limits.memory', 'limits', 'memory'],
  ['requests.cpu', 'requests', 'cpu'],
  ['cpu', 'requests', 'cpu'],
  ['requests.memory', 'requests', 'memory'],
  ['memory', 'requests', 'memory'],
];

interface NamespaceRules {
  /** `<kind>.<resource>` → the quota that needs it. */
  readonly needed: Map<string, string>;
  /** LimitRange defaults: `limits.<resource>` (from `default`) and `requests.<resource>` (from `defaultRequest` or `default`). */
  readonly defaults: Set<string>;
}

/**
 * ResourceQuota admission: in a namespace whose quota tracks CPU or memory requests/limits, every container (init
 * containers too) must state them, unless a LimitRange of the namespace gives a default; otherwise the API server
 * refuses every pod ("must specify limits.cpu …") and the workload never starts.
 */
export function checkQuota(objects: readonly ManifestObject[], templates: readonly PodTemplate[]): PreflightFinding[] {
  const findings = new Findings('quota');
  // every finding is about a pod template: without one there is nothing to check (and no quota to index)
  if (templates.length === 0) return findings.list;
  const byNs = new Map<string, NamespaceRules>();
  const rules = (ns: string): NamespaceRules => {
    let r = byNs.get(ns);
    if (!r) byNs.set(ns, (r = { needed: new Map(), defaults: new Set() }));
    return r;
  };
  for (const o of objects) {
    if (!o || typeof o !== 'object' || groupOf(str(o.apiVersion) ?? '') !== '') continue;
    if (o.kind === 'ResourceQuota') {
      const hard = obj(obj(o.spec)?.hard) ?? {};
      for (const [key, kind, resource] of REQUIRED_BY_KEY) {
        if (hard[key] !== undefined)
          rules(namespaceOf(o)).needed.set(`${kind}.${resource}`, `ResourceQuota ${namespaceOf(o)}/${nameOf(o) ?? '?'}`);
      }
    } else if (o.kind === 'LimitRange') {
      for (const item of arr(obj(o.spec)?.limits)) {
        const l = obj(item) ?? {};
        if (l.type !== 'Container') continue;
        for (const r of Object.keys(obj(l.default) ?? {})) {
          rules(namespaceOf(o)).defaults.add(`limits.${r}`);
          rules(namespaceOf(o)).defaults.add(`requests.${r}`);
        }
        for (const r of Object.keys(obj(l.defaultRequest) ?? {})) rules(namespaceOf(o)).defaults.add(`requests.${r}`);
      }
    }
  }
  if (byNs.size === 0) return findings.list;
  for (const t of templates) {
    const r = byNs.get(t.namespace);
    if (!r || r.needed.size === 0) continue;
    for (const field of ['initContainers', 'containers']) {
      arr(t.spec[field]).forEach((c, i) => {
        const res = obj(obj(c)?.resources) ?? {};
        const limits = obj(res.limits) ?? {};
        const requests = obj(res.requests) ?? {};
        for (const [need, quota] of r.needed) {
          const [kind, resource] = need.split('.');
          // a limit without a request defaults the request to the limit
          const stated =
            kind === 'limits' ? limits[resource] !== undefined : requests[resource] !== undefined || limits[resource] !== undefined;
          if (stated || r.defaults.has(need)) continue;
          findings.add(
            'error',
            t.id,
            `${t.specPath}/${field}/${i}/resources`,
            `container ${JSON.stringify(str(obj(c)?.name) ?? `#${i}`)} sets no ${need}, which ${quota} tracks, and no LimitRange of namespace ${t.namespace} gives a default: admission refuses the pods ("must specify ${need}"). Set resources.${need}, or add a LimitRange default`,
          );
        }
      });
    }
  }
  return findings.list;
}
