// Jest globalTeardown: removes the private temp folder jest-global-setup.js gave the test run (with the
// `cdk8s.outdir.*` folders of `Testing.app()` and whatever else tests left in it) and restores TMPDIR/TMP/TEMP.
// `VSPHERE_K8S_KEEP_TEST_TMP=1` keeps the folder (its path is printed) to look at what a run left behind.
const fs = require('fs');

module.exports = async function globalTeardown() {
  const state = globalThis.__VSPHERE_K8S_TEST_TMP__;
  if (!state) return;
  for (const [k, v] of Object.entries(state.previous)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  if (process.env.VSPHERE_K8S_KEEP_TEST_TMP === '1') {
    process.stderr.write(`test temp folder kept: ${state.dir} (${fs.readdirSync(state.dir).length} entries)\n`);
    return;
  }
  fs.rmSync(state.dir, { recursive: true, force: true });
};
