import { execFileSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const REGISTER = path.join(__dirname, 'support', 'ts-register.js');
const ENTRY = path.join(__dirname, 'support', 'synth-reference.ts');

/** Every file below `dir` (relative path, sorted), with its bytes. */
function snapshot(dir: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d).sort()) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push([path.relative(dir, p), readFileSync(p).toString('base64')]);
    }
  };
  walk(dir);
  return out;
}

function synthInChild(out: string, cwd: string, env: NodeJS.ProcessEnv): void {
  execFileSync(process.execPath, ['-r', REGISTER, ENTRY, out], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

describe('determinism', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('two synths in fresh processes, with a different environment order and working directory, are byte-identical', () => {
    const a = mkdtempSync(path.join(tmpdir(), 'det-a-'));
    const b = mkdtempSync(path.join(tmpdir(), 'det-b-'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'det-cwd-'));
    dirs.push(a, b, elsewhere);
    const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', VSPHERE_K8S_SILENCE_WARNINGS: '1' };
    const reversed = Object.fromEntries(
      Object.entries({ ...process.env, ...base, LANG: 'C', TZ: 'Pacific/Kiritimati', EXTRA_NOISE: 'x' }).reverse(),
    );
    synthInChild(path.join(a, 'out'), ROOT, base);
    synthInChild(path.join(b, 'out'), elsewhere, reversed);
    const first = snapshot(path.join(a, 'out'));
    const second = snapshot(path.join(b, 'out'));
    expect(first.map(([f]) => f)).toEqual([
      'extra/.vsphere-k8s-synth.json',
      'extra/antrea/values.yaml',
      'extra/kubekey/cluster.yaml',
      'extra/vsphere/create-secrets.sh',
      'extra/vsphere/csi-vsphere.conf.template',
      'manifests/.vsphere-k8s-synth.json',
      'manifests/0000-snapshot-controller.k8s.yaml',
      'manifests/0001-vsphere-storage.k8s.yaml',
      'manifests/0002-antrea-networking.k8s.yaml',
      'manifests/0003-cluster-platform.k8s.yaml',
      'manifests/0004-demo-workload.k8s.yaml',
    ]);
    expect(second).toEqual(first);
  }, 120000);
});
