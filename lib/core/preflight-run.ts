import { IConstruct } from 'constructs';
import { ClusterModel } from './cluster-model';
import { formatFindings, preflight } from './preflight';
import { PreflightCheck, PreflightFinding } from './preflight/types';
import { ManifestObject } from './validation';

/** Options of the preflight that `synthesize()` and `Cdk8sDeployment` run after schema validation. */
export interface PreflightSettings {
  /**
   * Run the preflight (Pod Security admission, scheduling on the declared nodes, CRDs, mounted files).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Checks to skip, e.g. `['scheduling']` when the nodes are managed elsewhere.
   * @default - none
   */
  readonly skip?: PreflightCheck[];
}

/**
 * Runs the preflight over the objects of `scope`'s App with the facts of its {@link ClusterModel}: throws an Error
 * listing every error finding, writes warnings to stderr (unless `VSPHERE_K8S_SILENCE_WARNINGS=1`), returns all.
 */
export function runPreflight(scope: IConstruct, objects: readonly ManifestObject[], settings: PreflightSettings = {}): PreflightFinding[] {
  if (settings.enabled === false) return [];
  const model = ClusterModel.find(scope);
  const findings = preflight(objects, { cluster: model?.facts(), files: model?.fileRequirements(), skip: settings.skip });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `preflight: ${errors.length} problem(s) the cluster would refuse (see docs/troubleshooting.md#preflight):\n${formatFindings(errors)}`,
    );
  }
  const warnings = findings.filter((f) => f.severity === 'warning');
  if (warnings.length > 0 && process.env.VSPHERE_K8S_SILENCE_WARNINGS !== '1') process.stderr.write(`${formatFindings(warnings)}\n`);
  return findings;
}
