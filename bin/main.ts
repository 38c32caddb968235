/**
 * The cdk8s app of the reference solution (`npm run synth`, `cdk8s synth`): Kubernetes on vSphere with CNS storage
 * and Antrea networking, built from a SolutionConfig.
 *
 * Config: the file named by `VSPHERE_K8S_CONFIG` (YAML or JSON), else the built-in defaults (no vCenter needed);
 * `VSPHERE_SERVER` / `VSPHERE_USERNAME` / `VSPHERE_PASSWORD` override as documented in docs/stacks.md.
 * Upgrade safety: with `VSPHERE_K8S_PREVIOUS_MANIFESTS=<folder of a previous synth>` the changes that upstream treats as
 * immutable or dangerous are reported on stderr (exit code 2 with `VSPHERE_K8S_UPGRADE_STRICT=1` when one is an error).
 * Output: `$CDK8S_OUTDIR` (default `dist/manifests`) for the manifests to apply; the files that are not applied (KubeKey
 * config, the create-secrets script, Helm values) go where `synthesize()` puts them (`resolveExtrasDir` in
 * lib/core/synth.ts): `$VSPHERE_K8S_EXTRAS_DIR` if set, else the `extra` folder beside a manifests folder named
 * `manifests` (so `dist/extra` by default), else `dist/extra` (`cdk8s synth --stdout`, `--format helm`), as
 * docs/cdk8s.md#output-folders lists. The review report (lib/review: policies by tier, connectivity, storage, node
 * pools, diagram) is written to `<extras folder>/review/` (`dist/extra/review` by default); `VSPHERE_K8S_REVIEW=0` skips it.
 */
import { enableModuleCodeCache } from '../lib/core/module-code-cache';
// Run as the app (not imported by a test or the bench): the library modules below load through the code cache
// (lib/core/module-code-cache.ts, issue 15), so this comes before the other imports, which TypeScript emits in order.
if (require.main === module) enableModuleCodeCache();
import * as path from 'path';
import { App } from 'cdk8s';
import { synthesize } from '../lib/core/synth';
import { loadSolutionConfig, SolutionConfig } from '../lib/solution/config';
import { KubernetesOnVsphere } from '../lib/solution/kubernetes-on-vsphere';

// The review report (with the policy evaluator) and the upgrade check are loaded only when they run: a synth with
// VSPHERE_K8S_REVIEW=0 and no previous manifests does not pay for their 15 modules (issue 15).
type ReviewModule = typeof import('../lib/review');
type UpgradeSafetyModule = typeof import('../lib/solution/upgrade-safety');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reviewModule = (): ReviewModule => require('../lib/review') as ReviewModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const upgradeSafetyModule = (): UpgradeSafetyModule => require('../lib/solution/upgrade-safety') as UpgradeSafetyModule;

/** Builds the reference app from the config file (or the defaults) and the environment. */
export function buildReferenceApp(outdir: string, env: NodeJS.ProcessEnv = process.env, config?: SolutionConfig): App {
  const cfg = config ?? loadSolutionConfig(env.VSPHERE_K8S_CONFIG || undefined, { env });
  const app = new App({ outdir });
  new KubernetesOnVsphere(app, cfg.clusterName, { config: cfg });
  return app;
}

/** The `npm run synth` entry; `env` is the environment it reads (the process's by default). */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const manifestsDir = env.CDK8S_OUTDIR ?? path.join('dist', 'manifests');
  const config = loadSolutionConfig(env.VSPHERE_K8S_CONFIG || undefined, { env });
  const app = buildReferenceApp(manifestsDir, env, config);
  // Upgrade safety: compare with a previous synth output (read before this run replaces the folder).
  const previousDir = env.VSPHERE_K8S_PREVIOUS_MANIFESTS;
  const upgrade = previousDir ? upgradeSafetyModule() : undefined;
  const previous = previousDir ? upgrade?.readManifestsDir(previousDir) : undefined;
  const result = synthesize(app, { manifestsDir });
  if (upgrade && previous) {
    const findings = upgrade.checkUpgradeSafety(previous, upgrade.readManifestsDir(manifestsDir));
    process.stderr.write(
      findings.length === 0
        ? `upgrade check against ${previousDir}: no immutable or dangerous changes\n`
        : `upgrade check against ${previousDir}: ${findings.length} finding(s)\n${upgrade.formatUpgradeFindings(findings)}\n`,
    );
    if (findings.some((f) => f.severity === 'error') && env.VSPHERE_K8S_UPGRADE_STRICT === '1') process.exitCode = 2;
  }
  for (const f of result.strayManifestFiles) {
    process.stderr.write(
      `[WARNING] ${f} was not written by this synth and is left alone; kubectl apply -f on the folder would apply it too\n`,
    );
  }
  let review: string[] = [];
  if (env.VSPHERE_K8S_REVIEW !== '0') {
    const { readManifestFiles, writeReviewReport } = reviewModule();
    review = await writeReviewReport(path.join(result.extrasDir, 'review'), readManifestFiles(result.manifestFiles), { config });
  }
  process.stdout.write(
    `synthesized ${result.objectCount} objects into ${result.manifestFiles.length} files in ${manifestsDir}/ (apply in file order)\n` +
      `wrote ${result.extraFiles.length} files that are not applied to ${result.extrasDir}/:\n` +
      result.extraFiles.map((f) => `  ${f}\n`).join('') +
      (review.length > 0 ? `wrote the review report to ${path.dirname(review[0])}/ (README.md, solution.svg)\n` : '') +
      (result.removedFiles.length > 0 ? `removed ${result.removedFiles.length} file(s) an earlier synth wrote and this one did not\n` : ''),
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
