/**
 * Credentials never leak into synthesized output: every example and the reference stack are synthesized in fresh
 * processes with sentinel credentials in the environment (VSPHERE_USERNAME / VSPHERE_PASSWORD) and in config files;
 * every written file is scanned. Only the explicit plaintext opt-in writes them, and it warns.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const REGISTER = path.join(__dirname, 'support', 'ts-register.js');
const ENTRY = path.join(__dirname, 'support', 'synth-reference.ts');
const USER = 'sentinel-admin@corp.example';
const PASSWORD = 'SeNtInEl-pw-7f3a;#"\\';
const SENTINELS = [USER, PASSWORD, 'SeNtInEl', 'sentinel-admin'];

function filesBelow(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function hits(dir: string): string[] {
  return filesBelow(dir).flatMap((f) => {
    const text = readFileSync(f, 'utf8');
    return SENTINELS.filter((s) => text.includes(s)).map((s) => `${path.relative(dir, f)}: ${s}`);
  });
}

const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

function synth(args: string[], env: Record<string, string>): { out: string; stderr: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'scan-'));
  tmp.push(dir);
  const out = path.join(dir, 'out');
  const r = spawnSync(process.execPath, ['-r', REGISTER, ENTRY, out, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', VSPHERE_USERNAME: USER, VSPHERE_PASSWORD: PASSWORD, ...env },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`synth failed: ${r.stderr}`);
  return { out, stderr: r.stderr };
}

function configFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scan-cfg-'));
  tmp.push(dir);
  const f = path.join(dir, 'config.yaml');
  writeFileSync(f, text);
  return f;
}

const examples = readdirSync(path.join(ROOT, 'examples'))
  .filter((d) => statSync(path.join(ROOT, 'examples', d)).isDirectory())
  .sort();

describe('sentinel credential scan (default modes): zero hits', () => {
  test.each(examples)(
    'example %s',
    (name) => {
      const { out } = synth([name], {});
      expect(filesBelow(out).length).toBeGreaterThan(0);
      expect(hits(out)).toEqual([]);
    },
    120000,
  );

  test('the reference stack with its built-in defaults (existing-secret mode)', () => {
    const { out } = synth([], {});
    expect(filesBelow(out).map((f) => path.relative(out, f))).toContain('extra/vsphere/create-secrets.sh');
    expect(hits(out)).toEqual([]);
  }, 120000);

  test('the reference stack in deploy-time mode: placeholders only', () => {
    const cfg = configFile('credentials:\n  mode: deploy-time\n  usernameKey: vsphere-username\n  passwordKey: vsphere-password\n');
    const { out } = synth([], { VSPHERE_K8S_CONFIG: cfg });
    expect(hits(out)).toEqual([]);
    const storage = readFileSync(path.join(out, 'manifests', '0001-vsphere-storage.k8s.yaml'), 'utf8');
    expect(storage).toContain('${secret:vsphere-password:gcfg}');
    expect(storage).toContain('${secret:vsphere-password:raw}');
  }, 120000);
});

describe('explicit plaintext opt-in', () => {
  test('emits the credentials into the Secrets and warns', () => {
    const cfg = configFile('credentials:\n  mode: plaintext\n  username: someone@vsphere.local\n  password: from-file\n');
    const { out, stderr } = synth([], { VSPHERE_K8S_CONFIG: cfg });
    const storage = readFileSync(path.join(out, 'manifests', '0001-vsphere-storage.k8s.yaml'), 'utf8');
    expect(storage).toContain(USER);
    expect(storage).toContain('SeNtInEl-pw-7f3a;#');
    expect(stderr).toMatch(/\[WARNING\] .*plain ?text/i);
  }, 120000);

  test('the CLI entry refuses nothing silently: a bad config file fails with file, key and reason', () => {
    const cfg = configFile('vcenters:\n  - server: ""\n    datacenters: [dc1]\n');
    const r = spawnSync(process.execPath, ['-r', REGISTER, path.join(ROOT, 'bin', 'main.ts')], {
      cwd: mkdtempSync(path.join(tmpdir(), 'scan-cwd-')),
      env: { PATH: process.env.PATH ?? '', VSPHERE_K8S_CONFIG: cfg },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /config\.yaml: vcenters\[0\]\.server: got "", expected a vCenter host name \(RFC 1123, e\.g\. vcenter\.example\.internal\) or an IPv4\/IPv6 address/,
    );
  }, 60000);
});
