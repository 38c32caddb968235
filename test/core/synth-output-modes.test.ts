/**
 * Issue 16 #3: one documented place for the extra files (KubeKey config, create-secrets.sh, Helm values) in every cdk8s
 * output mode, and a warning when cdk8s' own `app.synth()` is used on an App of this library. The cdk8s CLI modes are
 * simulated through the `CDK8S_OUTDIR` each one hands the app (node_modules/cdk8s-cli/lib/cli/cmds/synth.js):
 * plain `cdk8s synth` = the `output:` folder, `--stdout` = a fresh `<tmp>/cdk8s-XXXXXX` it deletes afterwards,
 * `--format helm` = `<output>/templates` with `Chart.yaml` beside it. One test runs the real CLI with `--stdout`.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { directSynthWarning, resetDirectSynthWarning } from '../../lib/core/direct-synth';
import { ExtraFile } from '../../lib/core/extra-file';
import { EXTRAS_DIR_ENV, outputModeOf, resolveExtrasDir, synthesize, SYNTH_RECORD_FILE } from '../../lib/core/synth';
import { VsphereStorageClass } from '../../lib/vsphere';

const ROOT = path.resolve(__dirname, '..', '..');
const saved = { cwd: process.cwd(), outdir: process.env.CDK8S_OUTDIR, extras: process.env[EXTRAS_DIR_ENV] };
const dirs: string[] = [];
let stderr: string[] = [];
let spy: jest.SpyInstance;

beforeEach(() => {
  delete process.env.CDK8S_OUTDIR;
  delete process.env[EXTRAS_DIR_ENV];
  delete process.env.VSPHERE_K8S_SILENCE_WARNINGS;
  stderr = [];
  spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  spy.mockRestore();
  process.chdir(saved.cwd);
  for (const [k, v] of [
    ['CDK8S_OUTDIR', saved.outdir],
    [EXTRAS_DIR_ENV, saved.extras],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh project folder, made the current directory. */
function project(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'modes-project-'));
  dirs.push(d);
  process.chdir(d);
  return d;
}

/** Files below `dir`, relative, sorted (dotfiles included). */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** An App (outdir from `CDK8S_OUTDIR` or cdk8s' default `dist`, as in a user's main.ts) with one chart and extras. */
function userApp(extras: string[] = ['kubekey/cluster.yaml', 'vsphere/create-secrets.sh'], props?: { outdir: string }): App {
  const app = new App(props);
  const chart = new Chart(app, 'storage', { disableResourceNameHashes: true });
  new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } });
  for (const x of extras) new ExtraFile(app, `x-${x}`, { path: x, content: `${x}\n`, sensitive: x.endsWith('.sh') });
  return app;
}

describe('resolveExtrasDir(): the extras folder of every output mode', () => {
  test.each([
    ['reference app / cdk8s.yaml output: dist/manifests', 'dist/manifests', 'dist/extra'],
    ['an explicit manifests folder elsewhere', 'out/prod/manifests', 'out/prod/extra'],
    ['default new App() (outdir dist)', 'dist', 'dist/extra'],
    ['cdk8s synth --stdout (temp folder)', path.join(tmpdir(), 'cdk8s-AbC123'), 'dist/extra'],
    ['cdk8s synth --format helm (chart templates)', 'dist/manifests/templates', 'dist/extra'],
    ['cdk8s synth with the default output (dist)', 'dist', 'dist/extra'],
  ])('%s', (_name, manifestsDir, expected) => {
    expect(resolveExtrasDir(manifestsDir, {}, {})).toBe(expected);
  });

  test('the extrasDir option wins over VSPHERE_K8S_EXTRAS_DIR, which wins over the default', () => {
    expect(resolveExtrasDir('dist/manifests', { extrasDir: 'a' }, { [EXTRAS_DIR_ENV]: 'b' })).toBe('a');
    expect(resolveExtrasDir('dist/manifests', {}, { [EXTRAS_DIR_ENV]: 'b' })).toBe('b');
    expect(resolveExtrasDir('dist/manifests', {}, { [EXTRAS_DIR_ENV]: '' })).toBe('dist/extra');
  });

  test('outputModeOf() tells the temporary --stdout folder and a Helm templates folder from a plain folder', () => {
    const temp = mkdtempSync(path.join(tmpdir(), 'cdk8s-'));
    dirs.push(temp);
    const p = project();
    mkdirSync(path.join(p, 'chart', 'templates'), { recursive: true });
    writeFileSync(path.join(p, 'chart', 'Chart.yaml'), 'apiVersion: v2\n');
    expect(outputModeOf(temp)).toBe('temporary');
    expect(outputModeOf('chart/templates')).toBe('helm-templates');
    expect(outputModeOf('dist/manifests')).toBe('folder');
    expect(outputModeOf('templates')).toBe('folder'); // no Chart.yaml beside it
  });
});

describe('synthesize() in each cdk8s output mode', () => {
  test('default new App() (no CDK8S_OUTDIR): manifests in dist/, extras in dist/extra/, no note', () => {
    const p = project();
    const r = synthesize(userApp());
    expect(r.manifestsDir).toBe('dist');
    expect(r.extrasDir).toBe(path.join('dist', 'extra'));
    expect(files(path.join(p, 'dist'))).toEqual([
      SYNTH_RECORD_FILE,
      '0000-storage.k8s.yaml',
      `extra/${SYNTH_RECORD_FILE}`,
      'extra/kubekey/cluster.yaml',
      'extra/vsphere/create-secrets.sh',
    ]);
    expect(existsSync(path.join(p, 'dist-extra'))).toBe(false);
    expect(stderr.join('')).toBe('');
  });

  test('cdk8s synth (output: dist/manifests): extras in the sibling dist/extra/', () => {
    const p = project();
    process.env.CDK8S_OUTDIR = path.join('dist', 'manifests');
    synthesize(userApp());
    expect(files(path.join(p, 'dist'))).toEqual([
      `extra/${SYNTH_RECORD_FILE}`,
      'extra/kubekey/cluster.yaml',
      'extra/vsphere/create-secrets.sh',
      `manifests/${SYNTH_RECORD_FILE}`,
      'manifests/0000-storage.k8s.yaml',
    ]);
    expect(stderr.join('')).toBe('');
  });

  test('cdk8s synth --stdout: only manifests in the temporary folder the CLI prints, extras kept in dist/extra/ and said on stderr', () => {
    const p = project();
    const temp = mkdtempSync(path.join(tmpdir(), 'cdk8s-'));
    dirs.push(temp);
    process.env.CDK8S_OUTDIR = temp;
    const r = synthesize(userApp());
    // the CLI streams every *.yaml file below the folder (findManifests is recursive): no extra file may be among them
    expect(files(temp).filter((f) => f.endsWith('.yaml'))).toEqual(['0000-storage.k8s.yaml']);
    expect(files(path.join(p, 'dist', 'extra'))).toEqual([SYNTH_RECORD_FILE, 'kubekey/cluster.yaml', 'vsphere/create-secrets.sh']);
    expect(statSync(path.join(p, 'dist', 'extra', 'vsphere', 'create-secrets.sh')).mode & 0o777).toBe(0o600);
    expect(r.extraFiles.map((f) => path.resolve(f))).toEqual([
      path.join(p, 'dist', 'extra', 'kubekey', 'cluster.yaml'),
      path.join(p, 'dist', 'extra', 'vsphere', 'create-secrets.sh'),
    ]);
    const note = stderr.join('');
    expect(note).toContain(`were written to ${path.join(p, 'dist', 'extra')}/`);
    expect(note).toContain('a temporary folder (cdk8s synth --stdout deletes it)');
    expect(note).toContain('kubekey/cluster.yaml, vsphere/create-secrets.sh');
  });

  test('cdk8s synth --format helm: extras stay out of the chart, in dist/extra/, and said on stderr', () => {
    const p = project();
    mkdirSync(path.join(p, 'dist', 'manifests', 'templates'), { recursive: true });
    writeFileSync(path.join(p, 'dist', 'manifests', 'Chart.yaml'), 'apiVersion: v2\nname: x\nversion: 1.0.0\n');
    process.env.CDK8S_OUTDIR = path.join('dist', 'manifests', 'templates');
    synthesize(userApp());
    expect(files(path.join(p, 'dist', 'manifests'))).toEqual([
      'Chart.yaml',
      `templates/${SYNTH_RECORD_FILE}`,
      'templates/0000-storage.k8s.yaml',
    ]);
    expect(files(path.join(p, 'dist', 'extra'))).toEqual([SYNTH_RECORD_FILE, 'kubekey/cluster.yaml', 'vsphere/create-secrets.sh']);
    expect(stderr.join('')).toContain("a Helm chart's templates folder (cdk8s synth --format helm); they stay out of the chart");
  });

  test('VSPHERE_K8S_EXTRAS_DIR names the folder in every mode; VSPHERE_K8S_SILENCE_WARNINGS hides the note', () => {
    const p = project();
    const temp = mkdtempSync(path.join(tmpdir(), 'cdk8s-'));
    dirs.push(temp);
    process.env.CDK8S_OUTDIR = temp;
    process.env[EXTRAS_DIR_ENV] = path.join('out', 'not-applied');
    process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
    const r = synthesize(userApp());
    expect(r.extrasDir).toBe(path.join('out', 'not-applied'));
    expect(files(path.join(p, 'out', 'not-applied'))).toEqual([SYNTH_RECORD_FILE, 'kubekey/cluster.yaml', 'vsphere/create-secrets.sh']);
    expect(stderr.join('')).toBe('');
  });

  test('the extras folder may not be the manifests folder', () => {
    project();
    expect(() => synthesize(userApp(), { manifestsDir: 'out', extrasDir: 'out/' })).toThrow(
      /extrasDir: got "out\/", expected a folder other than the manifests folder/,
    );
  });

  test('stale extra files are removed even though cdk8s synth emptied the manifests folder (and its record) in between', () => {
    const p = project();
    process.env.CDK8S_OUTDIR = path.join('dist', 'manifests');
    synthesize(userApp(['kubekey/cluster.yaml', 'vsphere/create-secrets.sh']));
    writeFileSync(path.join(p, 'dist', 'extra', 'kubekey', 'notes.md'), 'mine');
    rmSync(path.join(p, 'dist', 'manifests'), { recursive: true }); // what the CLI does before it runs the app
    const r = synthesize(userApp(['vsphere/create-secrets.sh']));
    expect(r.removedFiles).toEqual([path.join('dist', 'extra', 'kubekey', 'cluster.yaml')]);
    expect(files(path.join(p, 'dist', 'extra'))).toEqual([SYNTH_RECORD_FILE, 'kubekey/notes.md', 'vsphere/create-secrets.sh']);
    // with no extra file left, the extras record goes too (the folder and the user's file stay)
    rmSync(path.join(p, 'dist', 'manifests'), { recursive: true });
    synthesize(userApp([]));
    expect(files(path.join(p, 'dist', 'extra'))).toEqual(['kubekey/notes.md']);
  });

  test('a record in the extras folder never removes files outside it', () => {
    const p = project();
    writeFileSync(path.join(p, 'precious.txt'), 'data');
    mkdirSync(path.join(p, 'dist', 'extra'), { recursive: true });
    writeFileSync(
      path.join(p, 'dist', 'extra', SYNTH_RECORD_FILE),
      JSON.stringify({ tool: 'vsphere-k8s-constructs', files: ['../../precious.txt'] }),
    );
    process.env.CDK8S_OUTDIR = path.join('dist', 'manifests');
    expect(synthesize(userApp()).removedFiles).toEqual([]);
    expect(readFileSync(path.join(p, 'precious.txt'), 'utf8')).toBe('data');
  });

  test('the real cdk8s CLI: `cdk8s synth --stdout` prints only manifests and create-secrets.sh lands in dist/extra/', () => {
    const p = project();
    writeFileSync(path.join(p, 'cdk8s.yaml'), readFileSync(path.join(ROOT, 'cdk8s.yaml')));
    // unquoted: yargs strips the quotes around an -a value that starts and ends with one
    const app = [process.execPath, '-r', path.join(ROOT, 'test', 'support', 'ts-register.js'), path.join(ROOT, 'bin', 'main.ts')].join(' ');
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--stdout', '-a', app],
      {
        cwd: p,
        encoding: 'utf8',
        env: Object.assign({}, process.env, { CDK8S_CHECK_UPGRADE: 'false', VSPHERE_K8S_SILENCE_WARNINGS: '0' }),
      },
    );
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(/^kind: CustomResourceDefinition$/m);
    expect(run.stdout).not.toMatch(/kubekey\.kubesphere\.io/); // the KubeKey Cluster config is not a manifest
    expect(files(path.join(p, 'dist', 'extra'))).toEqual([
      SYNTH_RECORD_FILE,
      'antrea/values.yaml',
      'kubekey/cluster.yaml',
      'review/README.md', // the review report of the reference synth (bin/main.ts), beside the other extra files
      'review/solution.dot',
      'review/solution.svg',
      'vsphere/create-secrets.sh',
      'vsphere/csi-vsphere.conf.template',
    ]);
    expect(run.stderr).toContain(`were written to ${path.join(p, 'dist', 'extra')}/`);
    expect(existsSync(path.join(p, 'dist', 'manifests'))).toBe(false);
  }, 60_000);
});

describe('app.synth() on an App of this library warns once', () => {
  beforeEach(() => resetDirectSynthWarning());

  test('with ExtraFiles: the warning names what app.synth() skips and the files it does not write', () => {
    const p = project();
    const app = userApp(['kubekey/cluster.yaml'], { outdir: 'out' });
    app.synth();
    app.synth();
    expect(stderr).toEqual([directSynthWarning(app, 'synth')]);
    expect(stderr[0]).toContain('[WARNING] app.synth() writes out without the strict schema validation and the preflight');
    expect(stderr[0]).toContain('the 1 extra file(s) that are not applied (kubekey/cluster.yaml), which only synthesize() writes');
    expect(files(path.join(p, 'out'))).toEqual(['storage.k8s.yaml']); // cdk8s wrote its file, and no extras
  });

  test('with library constructs only (no extras): synthYaml() warns too', () => {
    const app = Testing.app();
    VsphereStorageClass.block(new Chart(app, 'sc'), 'Gold', { storagePolicyName: 'Gold' });
    expect(app.synthYaml()).toContain('kind: StorageClass');
    expect(stderr.join('')).toMatch(
      /^\[WARNING\] app\.synthYaml\(\) returns the YAML without the strict schema validation and the preflight\. Call synthesize\(app\)/,
    );
  });

  test('synthesize(), Testing.synth() and Apps without library constructs do not warn; the env switch silences it', () => {
    project();
    const app = userApp(['kubekey/cluster.yaml'], { outdir: path.join('dist', 'manifests') });
    synthesize(app);
    Testing.synth(app.node.findChild('storage') as Chart);
    const plain = new App({ outdir: 'plain' });
    new ApiObject(new Chart(plain, 'c'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(plain.synth).toBe(App.prototype.synth);
    plain.synth();
    expect(stderr.join('')).toBe('');
    process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
    userApp([], { outdir: 'silenced' }).synth();
    expect(stderr.join('')).toBe('');
  });
});
