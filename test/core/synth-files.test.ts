import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ExtraFile } from '../../lib/core/extra-file';
import { synthesize, SYNTH_RECORD_FILE } from '../../lib/core/synth';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'synth-files-'));
  dirs.push(d);
  return d;
}

/** An App with the given charts (one ConfigMap each) and extra files. */
function app(charts: string[], extras: string[]): App {
  const a = new App({ outdir: 'unused' });
  for (const c of charts) {
    const chart = new Chart(a, c, { disableResourceNameHashes: true });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: c, namespace: 'default' } });
  }
  for (const x of extras) new ExtraFile(a, `x-${x}`, { path: x, content: `${x}\n` });
  return a;
}

describe('synthesize() removes only files it wrote (issue 11 #9: no data loss)', () => {
  test('files of the user beside and inside the output folders survive, including the extras folder itself', () => {
    const root = tmp();
    const manifestsDir = path.join(root, 'dist', 'manifests');
    const extrasDir = path.join(root, 'dist', 'extra');
    mkdirSync(path.join(extrasDir, 'notes'), { recursive: true });
    mkdirSync(manifestsDir, { recursive: true });
    writeFileSync(path.join(extrasDir, 'notes', 'runbook.md'), 'mine');
    writeFileSync(path.join(extrasDir, 'kubeconfig'), 'mine too');
    writeFileSync(path.join(manifestsDir, 'README.md'), 'hand-written');
    synthesize(app(['a'], ['kubekey/cluster.yaml']), { manifestsDir, extrasDir });
    synthesize(app(['a'], []), { manifestsDir, extrasDir });
    expect(readFileSync(path.join(extrasDir, 'notes', 'runbook.md'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(extrasDir, 'kubeconfig'), 'utf8')).toBe('mine too');
    expect(readFileSync(path.join(manifestsDir, 'README.md'), 'utf8')).toBe('hand-written');
  });

  test('a file an earlier run wrote and this run does not is removed, with folders it leaves empty', () => {
    const root = tmp();
    const manifestsDir = path.join(root, 'manifests');
    const extrasDir = path.join(root, 'extra');
    const first = synthesize(app(['a', 'b'], ['kubekey/cluster.yaml', 'vsphere/create-secrets.sh']), { manifestsDir, extrasDir });
    expect(first.removedFiles).toEqual([]);
    const second = synthesize(app(['a'], ['vsphere/create-secrets.sh']), { manifestsDir, extrasDir });
    expect(second.removedFiles.map((f) => path.relative(root, path.resolve(f))).sort()).toEqual([
      'extra/kubekey/cluster.yaml',
      'manifests/0001-b.k8s.yaml',
    ]);
    expect(existsSync(path.join(manifestsDir, '0001-b.k8s.yaml'))).toBe(false);
    expect(existsSync(path.join(extrasDir, 'kubekey'))).toBe(false); // emptied by the removal, and created by the library
    expect(existsSync(path.join(extrasDir, 'vsphere', 'create-secrets.sh'))).toBe(true);
    expect(existsSync(path.join(manifestsDir, '0000-a.k8s.yaml'))).toBe(true);
  });

  test('a folder that still holds a user file is kept when the library file in it goes away', () => {
    const root = tmp();
    const manifestsDir = path.join(root, 'manifests');
    const extrasDir = path.join(root, 'extra');
    synthesize(app(['a'], ['kubekey/cluster.yaml']), { manifestsDir, extrasDir });
    writeFileSync(path.join(extrasDir, 'kubekey', 'my-notes.txt'), 'keep');
    synthesize(app(['a'], []), { manifestsDir, extrasDir });
    expect(existsSync(path.join(extrasDir, 'kubekey', 'cluster.yaml'))).toBe(false);
    expect(readFileSync(path.join(extrasDir, 'kubekey', 'my-notes.txt'), 'utf8')).toBe('keep');
  });

  test('*.k8s.yaml files the library did not write are left alone and reported as stray', () => {
    const root = tmp();
    const manifestsDir = path.join(root, 'manifests');
    mkdirSync(manifestsDir, { recursive: true });
    writeFileSync(path.join(manifestsDir, '9999-mine.k8s.yaml'), 'kind: ConfigMap\n');
    const r = synthesize(app(['a'], []), { manifestsDir, extrasDir: path.join(root, 'extra') });
    expect(readFileSync(path.join(manifestsDir, '9999-mine.k8s.yaml'), 'utf8')).toBe('kind: ConfigMap\n');
    expect(r.strayManifestFiles).toEqual([path.join(manifestsDir, '9999-mine.k8s.yaml')]);
  });

  test('a record that names files outside the output folders removes nothing there', () => {
    const root = tmp();
    const manifestsDir = path.join(root, 'manifests');
    const victim = path.join(root, 'precious.txt');
    writeFileSync(victim, 'data');
    mkdirSync(manifestsDir, { recursive: true });
    writeFileSync(
      path.join(manifestsDir, SYNTH_RECORD_FILE),
      JSON.stringify({ tool: 'vsphere-k8s-constructs', files: ['../precious.txt', '/etc/hostname'] }),
    );
    const r = synthesize(app(['a'], []), { manifestsDir, extrasDir: path.join(root, 'extra') });
    expect(r.removedFiles).toEqual([]);
    expect(readFileSync(victim, 'utf8')).toBe('data');
  });

  test('the record lists exactly the files of the run, relative to the manifests folder', () => {
    const root = tmp();
    const manifestsDir = path.join(root, 'manifests');
    synthesize(app(['a'], ['antrea/values.yaml']), { manifestsDir, extrasDir: path.join(root, 'extra') });
    const rec = JSON.parse(readFileSync(path.join(manifestsDir, SYNTH_RECORD_FILE), 'utf8'));
    expect(rec.files).toEqual(['../extra/antrea/values.yaml', '0000-a.k8s.yaml']);
  });
});
