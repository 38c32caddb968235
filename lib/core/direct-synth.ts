import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ExtraFile } from './extra-file';

/**
 * `app.synth()` / `app.synthYaml()` of cdk8s on an App that holds constructs of this library: it writes the manifests
 * but skips what `synthesize(app)` adds (strict schema validation, the preflight) and never writes the
 * {@link ExtraFile}s (KubeKey config, create-secrets.sh, Helm values). A cdk8s validation cannot tell those calls from
 * `Testing.synth(chart)` or `synthesize()` (all run the same validations), so the App itself is hooked instead: the
 * first library construct added to an App wraps that App's own `synth` and `synthYaml` (an instance property; cdk8s'
 * `App.prototype` is left alone) to print a one-time warning on stderr before cdk8s runs. `synthesize()` never calls
 * them. `VSPHERE_K8S_SILENCE_WARNINGS=1` hides the warning.
 */
const guarded = new WeakSet<object>();
let warned = false;

/** Hooks the App of `scope` (once per App; cheap when already done). Called by the library's constructs. */
export function guardDirectSynth(scope: IConstruct): void {
  const root = scope.node.root;
  if (guarded.has(root)) return;
  guarded.add(root);
  if (!(root instanceof App)) return;
  const app: App = root;
  const synth = app.synth;
  const synthYaml = app.synthYaml;
  app.synth = function synthWithWarning(this: App): void {
    warnDirectSynth(app, 'synth');
    synth.call(this);
  };
  app.synthYaml = function synthYamlWithWarning(this: App): string {
    warnDirectSynth(app, 'synthYaml');
    return synthYaml.call(this);
  };
}

/** The warning `app.synth()` prints (exported for tests). */
export function directSynthWarning(app: App, method: 'synth' | 'synthYaml'): string {
  const extras = app.node
    .findAll()
    .filter((c): c is ExtraFile => c instanceof ExtraFile)
    .map((x) => x.path)
    .sort();
  const where = method === 'synth' ? `writes ${app.outdir}` : 'returns the YAML';
  const lost =
    extras.length > 0
      ? ` and the ${extras.length} extra file(s) that are not applied (${extras.join(', ')}), which only synthesize() writes`
      : '';
  return (
    `[WARNING] app.${method}() ${where} without the strict schema validation and the preflight${lost}. ` +
    `Call synthesize(app) from vsphere-k8s-constructs instead (docs/cdk8s.md#output-folders); ` +
    `VSPHERE_K8S_SILENCE_WARNINGS=1 hides this warning.\n`
  );
}

function warnDirectSynth(app: App, method: 'synth' | 'synthYaml'): void {
  if (warned || process.env.VSPHERE_K8S_SILENCE_WARNINGS === '1') return;
  warned = true;
  process.stderr.write(directSynthWarning(app, method));
}

/** Lets the next direct synth warn again (tests). @internal */
export function resetDirectSynthWarning(): void {
  warned = false;
}
