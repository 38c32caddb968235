// Child-process entry for the determinism and credential tests: synthesizes the reference stack (or an example) into
// the folder given as argv[2]. argv[3], when given, is the example name (examples/<name>/main.ts exports build()).
import * as path from 'path';
import { App } from 'cdk8s';
import { buildReferenceApp } from '../../bin/main';
import { synthesize } from '../../lib/core/synth';

const out = process.argv[2];
const example = process.argv[3];
let app: App;
if (example) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(__dirname, '..', '..', 'examples', example, 'main.ts')) as { build(app: App): void };
  app = new App({ outdir: path.join(out, 'manifests') });
  mod.build(app);
} else {
  app = buildReferenceApp(path.join(out, 'manifests'));
}
synthesize(app, { manifestsDir: path.join(out, 'manifests'), extrasDir: path.join(out, 'extra') });
