import { execFileSync, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { CliIo, EXIT, runCli } from '../../bin/cli';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'support', 'ts-register.js');
const CLI = path.join(ROOT, 'bin', 'cli.ts');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'config');

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

/** Runs the CLI in this process with captured output. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: Object.assign({ VSPHERE_K8S_SILENCE_WARNINGS: '1' }, env),
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('help and usage errors', () => {
  test.each(['synth', 'check', 'report', 'diff'])('%s --help prints its usage, options and exit codes on stdout, exit 0', async (cmd) => {
    const r = await run([cmd, '--help']);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toMatch(new RegExp(`^Usage: vsphere-k8s ${cmd} `));
    expect(r.out).toContain('--config FILE');
    expect(r.out).toMatch(/Exit codes: 0 .*64 usage error/);
    expect(r.err).toBe('');
  });

  test('no command prints the overview and exits 64; --help exits 0', async () => {
    const none = await run([]);
    expect(none.code).toBe(EXIT.USAGE);
    expect(none.out).toContain('Commands:\n  synth ');
    expect((await run(['--help'])).code).toBe(EXIT.OK);
  });

  test('an unknown command, an unknown option and a bad --skip value exit 64 naming the bad value and what is allowed', async () => {
    const cmd = await run(['deploy']);
    expect(cmd.code).toBe(EXIT.USAGE);
    expect(cmd.err).toContain('[vsphere-k8s] command: got "deploy", expected one of synth, check, report, diff\n');
    const opt = await run(['check', '--outdir', 'x']);
    expect(opt.code).toBe(EXIT.USAGE);
    expect(opt.err).toMatch(/^vsphere-k8s check: Unknown option '--outdir'/);
    expect(opt.err).toContain('Usage: vsphere-k8s check');
    const skip = await run(['check', '--skip', 'dns']);
    expect(skip.code).toBe(EXIT.USAGE);
    expect(skip.err).toContain(
      '[vsphere-k8s check] --skip: got "dns", expected one of pod-security, scheduling, crds, files, references, quota\n',
    );
  });

  test('diff without --previous, with both --current and --config, or diff/report with an empty folder exits 64', async () => {
    expect((await run(['diff'])).err).toContain(
      '[vsphere-k8s diff] --previous: got undefined, expected the manifests folder of the previous output\n',
    );
    const both = await run(['diff', '--previous', work, '--current', work, '--config', 'x.yaml']);
    expect(both.code).toBe(EXIT.USAGE);
    expect(both.err).toContain(
      `[vsphere-k8s diff] --current: got "${work}", expected no --current together with --config (compare with an output folder or with the config, not both)`,
    );
    const empty = await run(['diff', '--previous', path.join(work, 'nothing-here')]);
    expect(empty.code).toBe(EXIT.USAGE);
    expect(empty.err).toContain(
      `[vsphere-k8s diff] --previous: got "${path.join(work, 'nothing-here')}", expected a folder of synthesized *.yaml manifests`,
    );
    const noManifests = await run(['report', '--manifests', path.join(work, 'nothing-here')]);
    expect(noManifests.code).toBe(EXIT.USAGE);
    expect(noManifests.err).toContain(
      `--manifests: got "${path.join(work, 'nothing-here')}", expected a folder of synthesized *.yaml manifests`,
    );
  });
});

describe('check', () => {
  test('validates and preflights the default solution without writing anything; progress and timing on stderr', async () => {
    const before = existsSync(path.join(process.cwd(), 'dist'));
    const r = await run(['check']);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toMatch(/^ok: 43 objects valid, preflight passed with \d+ warning\(s\)\n$/);
    expect(r.err).toMatch(/vsphere-k8s check: config \(defaults\) loaded \(\d+ ms\)/);
    expect(r.err).toMatch(/vsphere-k8s check: 43 objects valid against the schemas \(\d+ ms\)/);
    expect(r.err).toMatch(/vsphere-k8s check: done in \d+ ms\n$/);
    expect(existsSync(path.join(process.cwd(), 'dist'))).toBe(before);
    expect((await run(['check', '--quiet'])).err).toBe('');
  });

  test('a config error exits 1 with the file, key, bad value and what is allowed', async () => {
    const r = await run(['check', '--config', path.join(FIXTURES, 'typo.yaml')]);
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.err).toContain('vcenters[0].datacentres: got the unknown key "datacentres"');
    expect(r.err).toContain('(did you mean "datacenters"?)');
    expect(r.out).toBe('');
  });

  test('the config file comes from --config, else VSPHERE_K8S_CONFIG', async () => {
    const r = await run(['check'], { VSPHERE_K8S_CONFIG: path.join(FIXTURES, 'typo.yaml') });
    expect(r.code).toBe(EXIT.FAILED);
    expect(r.err).toContain('typo.yaml');
  });
});

describe('report and diff', () => {
  test('report writes README.md, solution.dot and solution.svg for the solution, or for an existing output', async () => {
    const out = path.join(work, 'review');
    const r = await run(['report', '--out', out]);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toBe(
      `review report of 43 objects written to ${out}/:\n${['README.md', 'solution.dot', 'solution.svg'].map((f) => `  ${path.join(out, f)}\n`).join('')}`,
    );
    const md = readFileSync(path.join(out, 'README.md'), 'utf8');
    expect(md).toContain('# Review: demo');
    expect(md).toContain('| `worker` | worker | 2 |');
    // from a manifests folder without a config: the node pools are unknown
    const manifests = path.join(work, 'm');
    const s = await run(['synth', '--out', path.join(manifests, 'manifests'), '--no-report', '--quiet']);
    expect(s.code).toBe(EXIT.OK);
    const out2 = path.join(work, 'review2');
    expect((await run(['report', '--manifests', path.join(manifests, 'manifests'), '--out', out2, '--quiet'])).code).toBe(EXIT.OK);
    const md2 = readFileSync(path.join(out2, 'README.md'), 'utf8');
    expect(md2).toContain('_No solution config given: node pools unknown._');
    expect(md2.split('## Policies by tier')[1].split('## Node pools')[0]).toBe(
      md.split('## Policies by tier')[1].split('## Node pools')[0],
    );
  });

  test('diff --json of an output against itself has no change; a Tier priority change is an upgrade-safety error (exit 2)', async () => {
    const prev = path.join(work, 'prev');
    expect((await run(['synth', '--out', path.join(prev, 'manifests'), '--no-report', '--quiet'])).code).toBe(EXIT.OK);
    const same = await run(['diff', '--previous', path.join(prev, 'manifests'), '--json', '--quiet']);
    expect(same.code).toBe(EXIT.OK);
    expect(JSON.parse(same.out)).toEqual({ objects: [], connectivity: [], upgrade: [] });
    // the previous output had the allow-kube-dns policy at priority 2 and a custom tier at 120; now 1 and 130
    const cur = path.join(work, 'cur');
    cpSync(path.join(prev, 'manifests'), cur, { recursive: true });
    const tierYaml = 'apiVersion: crd.antrea.io/v1beta1\nkind: Tier\nmetadata:\n  name: team\nspec:\n  priority: 120\n';
    writeFileSync(path.join(prev, 'manifests', '9999-tier.k8s.yaml'), tierYaml);
    writeFileSync(path.join(cur, '9999-tier.k8s.yaml'), tierYaml.replace('120', '130'));
    const f = path.join(prev, 'manifests', '0002-antrea-networking.k8s.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace(/priority: 1\n/, 'priority: 2\n'));
    const d = await run(['diff', '--previous', path.join(prev, 'manifests'), '--current', cur]);
    expect(d.code).toBe(EXIT.UPGRADE_UNSAFE);
    expect(d.out).toBe(
      [
        'objects: 0 added, 0 removed, 2 changed',
        '~ ClusterNetworkPolicy allow-kube-dns',
        '    spec.priority: 2 -> 1',
        '~ Tier team',
        '    spec.priority: 120 -> 130',
        'connectivity: 0 connection(s) changed verdict',
        'upgrade safety: 1 finding(s), 1 error(s)',
        '  [error] Tier team spec.priority: 120 -> 130: Antrea rejects updates of a Tier priority; create a new Tier and move the policies to it',
        '',
      ].join('\n'),
    );
    expect(d.err).toMatch(/vsphere-k8s diff: compared \(\d+ ms\)/);
  });
});

describe('end to end (a separate node process, as `vsphere-k8s` runs)', () => {
  function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ['-r', REGISTER, CLI, ...args], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', VSPHERE_K8S_SILENCE_WARNINGS: '1' },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('synth writes the manifests, the extra files and the review report; a second synth is byte-identical', () => {
    const cwd = mkdtempSync(path.join(work, 'e2e-'));
    const r = cli(['synth', '--config', path.join(FIXTURES, 'minimal.json')], cwd);
    expect(r.stderr).toMatch(/vsphere-k8s synth: review report written to dist\/extra\/review \(\d+ ms\)/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^synthesized \d+ objects into \d+ files in dist\/manifests\/ \(apply in file order\)\n/);
    expect(r.stdout).toContain('  dist/extra/review/README.md\n  dist/extra/review/solution.dot\n  dist/extra/review/solution.svg\n');
    const first = ['README.md', 'solution.dot', 'solution.svg'].map((f) =>
      readFileSync(path.join(cwd, 'dist', 'extra', 'review', f), 'utf8'),
    );
    expect(cli(['synth', '--config', path.join(FIXTURES, 'minimal.json'), '--quiet'], cwd).status).toBe(0);
    const second = ['README.md', 'solution.dot', 'solution.svg'].map((f) =>
      readFileSync(path.join(cwd, 'dist', 'extra', 'review', f), 'utf8'),
    );
    expect(second).toEqual(first);
  }, 180000);

  test('a config error exits 1 and writes nothing', () => {
    const cwd = mkdtempSync(path.join(work, 'e2e-'));
    const bad = cli(['synth', '--config', path.join(FIXTURES, 'typo.yaml')], cwd);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('datacentres');
    expect(existsSync(path.join(cwd, 'dist'))).toBe(false);
  }, 180000);

  test('the bin entry: a shebang, compiled by tsc to the file package.json names and ships', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'vsphere-k8s': 'build/bin/cli.js' });
    expect(pkg.files).toContain('build/bin/cli.js');
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const tsconfig = execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT, '--showConfig'],
      {
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(tsconfig).files).toContain('./bin/cli.ts');
  });
});
