#!/usr/bin/env node
// Generates the cdk8s L1 classes in imports/ from the upstream CRD files in ../shared/reference.
// The CRD files themselves are not copied into the repo. One group = one import run, because
// `cdk8s import` writes one file per API group and would overwrite a group imported file by file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ref = resolve(process.env.REFERENCE_DIR ?? join(root, '..', 'shared', 'reference'));
const antrea = join(ref, 'antrea', 'crds');
const other = join(ref, 'crds');

// Multicluster: ClusterClaim was removed in Antrea v1.13 and MultiClusterConfig is a config-file kind,
// not an installed CRD (see ../shared/reference/antrea/SOURCE.md), so neither is imported.
const skip = new Set([
  'multicluster.crd.antrea.io_clusterclaims.yaml',
  'multicluster.crd.antrea.io_multiclusterconfigs.yaml',
]);

const groups = {
  'crd.antrea.io': readdirSync(antrea).filter((f) => !f.startsWith('multicluster.')).map((f) => join(antrea, f)),
  'multicluster.crd.antrea.io': readdirSync(antrea)
    .filter((f) => f.startsWith('multicluster.crd.antrea.io_') && !skip.has(f))
    .map((f) => join(antrea, f)),
  'multicluster.x-k8s.io': readdirSync(antrea).filter((f) => f.startsWith('multicluster.x-k8s.io_')).map((f) => join(antrea, f)),
  'snapshot.storage.k8s.io': readdirSync(other).filter((f) => f.startsWith('snapshot.')).map((f) => join(other, f)),
  'monitoring.coreos.com': readdirSync(other).filter((f) => f.startsWith('monitoring.')).map((f) => join(other, f)),
};

const cli = join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
const tmp = mkdtempSync(join(tmpdir(), 'vk8s-import-'));
try {
  for (const [group, files] of Object.entries(groups)) {
    files.sort();
    const combined = join(tmp, `${group}.yaml`);
    writeFileSync(combined, files.map((f) => readFileSync(f, 'utf8').replace(/^---\s*\n/, '')).join('\n---\n'));
    execFileSync(process.execPath, [cli, 'import', combined, '-l', 'typescript', '-o', join(root, 'imports'), '--no-save', '--no-check-upgrade'], {
      stdio: 'inherit',
      cwd: root,
    });
    console.log(`imported ${group}: ${files.length} CRD files`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
