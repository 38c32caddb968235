// Jest globalSetup: gives the test run a private temp folder and removes it in jest-global-teardown.js.
//
// cdk8s' `Testing.app()` creates an outdir (`<tmp>/cdk8s.outdir.XXXXXX`) on every call and never removes it, and some
// tests make temp folders of their own: one `npm test` used to leave about 3,400 entries in the OS temp folder. Here
// TMPDIR (and TMP/TEMP) point at `<tmp>/vsphere-k8s-jest-<pid>-XXXXXX` before jest starts its workers, so every
// os.tmpdir() of the run (workers, and child processes that inherit the environment) lands in that one folder.
// A folder left by a run that was killed (its pid no longer runs) is removed here.
const fs = require('fs');
const os = require('os');
const path = require('path');

const PREFIX = 'vsphere-k8s-jest-';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

module.exports = async function globalSetup() {
  const base = os.tmpdir();
  for (const name of fs.readdirSync(base)) {
    const m = /^vsphere-k8s-jest-(\d+)-/.exec(name);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
  const dir = fs.mkdtempSync(path.join(base, `${PREFIX}${process.pid}-`));
  globalThis.__VSPHERE_K8S_TEST_TMP__ = { dir, previous: { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP } };
  process.env.TMPDIR = dir;
  process.env.TMP = dir;
  process.env.TEMP = dir;
};
