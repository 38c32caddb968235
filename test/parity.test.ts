/**
 * Parity: the Kubernetes objects the Pulumi program registers equal what `cdk8s synth` writes for the same config —
 * same objects, same content — apart from secret values (Secrets are compared by their keys; the Pulumi side carries
 * the real values as Pulumi secrets, the YAML side carries deploy-time placeholders).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { substituteSecretPlaceholders } from '../lib/core/secret-value';
import { synthesize } from '../lib/core/synth';
import { KubernetesOnVsphere } from '../lib/solution/kubernetes-on-vsphere';
import { installMocks, programConfig, Recorder, SECRET_PASSWORD, SECRET_USERNAME, settle, valueOf } from './pulumi/program-mocks';
import { solutionConfigFromPulumi } from '../lib/pulumi/solution-config';

type Obj = Record<string, any>;
const keyOf = (o: Obj) => `${o.apiVersion}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name}`;

/** The object as the Pulumi resource's inputs describe it (typed classes add apiVersion/kind themselves). */
function fromInputs(inputs: Obj): Obj {
  return JSON.parse(
    JSON.stringify(inputs, (_k, v) => (v && v[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig ? v.value : v)),
  );
}

function secretKeys(o: Obj): string[] {
  return [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})].sort();
}

function withoutSecretValues(o: Obj): Obj {
  if (!(o.apiVersion === 'v1' && o.kind === 'Secret')) return o;
  const { data: _d, stringData: _s, ...rest } = o;
  return { ...rest, secretKeys: secretKeys(o) };
}

describe('parity: pulumi up registers exactly what cdk8s synth writes', () => {
  let rec: Recorder;
  let yamlObjects: Obj[];
  let pulumiObjects: Obj[];
  let barriers: Recorder['resources'];
  let outdir: string;

  beforeAll(async () => {
    const cfgValues = programConfig();
    rec = await installMocks(cfgValues);
    const { runProgram } = await import('../pulumi/program');
    const outputs = runProgram({ env: {} });
    await valueOf(pulumi.all([outputs.nodeIps, outputs.kubeKeyConfig]));
    await settle();
    // The "done" barriers of the charts other charts depend on are empty ConfigGroups: they deploy nothing.
    barriers = rec.resources.filter((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup');
    pulumiObjects = rec.resources
      .filter((r) => r.type.startsWith('kubernetes:') && r.type !== 'pulumi:providers:kubernetes' && !barriers.includes(r))
      .map((r) => fromInputs(r.inputs));

    // The cdk8s side: the same config values, read through the same loader, synthesized to YAML on disk.
    const cfg = new pulumi.Config();
    const config = solutionConfigFromPulumi(cfg, { env: {} });
    outdir = mkdtempSync(path.join(tmpdir(), 'parity-'));
    const app = new App({ outdir: path.join(outdir, 'manifests') });
    new KubernetesOnVsphere(app, config.clusterName, { config });
    const result = synthesize(app, { manifestsDir: path.join(outdir, 'manifests'), extrasDir: path.join(outdir, 'extra') });
    yamlObjects = result.manifestFiles.flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as Obj));
  });

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('the same set of objects', () => {
    expect(pulumiObjects.length).toBeGreaterThan(30);
    expect(barriers.length).toBeGreaterThan(0);
    for (const b of barriers) expect([b.name, b.inputs]).toEqual([expect.stringMatching(/:done$/), { objs: [] }]);
    expect(pulumiObjects.map(keyOf).sort()).toEqual(yamlObjects.map(keyOf).sort());
  });

  test('the same content, apart from secret values', () => {
    const byKey = new Map(pulumiObjects.map((o) => [keyOf(o), o]));
    for (const y of yamlObjects) {
      expect({ key: keyOf(y), obj: withoutSecretValues(byKey.get(keyOf(y))!) }).toEqual({ key: keyOf(y), obj: withoutSecretValues(y) });
    }
  });

  test('secret values: the YAML holds placeholders only, Pulumi holds exactly the placeholders filled with the secrets', () => {
    const yamlText = readdirSync(path.join(outdir, 'manifests'))
      .map((f) => readFileSync(path.join(outdir, 'manifests', f), 'utf8'))
      .join('\n');
    expect(yamlText).not.toContain(SECRET_PASSWORD);
    expect(yamlText).not.toContain(SECRET_USERNAME);
    const secrets = yamlObjects.filter((o) => o.kind === 'Secret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual(['vsphere-cloud-secret', 'vsphere-config-secret']);
    const values = { 'vsphere-username': SECRET_USERNAME, 'vsphere-password': SECRET_PASSWORD };
    const byKey = new Map(pulumiObjects.map((o) => [keyOf(o), o]));
    for (const s of secrets) {
      const p = byKey.get(keyOf(s))!;
      const decoded = Object.fromEntries(
        Object.entries(p.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      );
      const expected = Object.fromEntries(
        Object.entries(s.stringData as Record<string, string>).map(([k, v]) => [k, substituteSecretPlaceholders(v, values)]),
      );
      expect(decoded).toEqual(expected);
    }
    // and independently of the substitution code: the values as the CCM and the CSI driver must read them
    const ccm = byKey.get('v1|Secret|kube-system|vsphere-cloud-secret')!;
    const plain = (o: Obj, k: string) => Buffer.from(o.data[k], 'base64').toString('utf8');
    expect(plain(ccm, 'vcenter.example.internal.username')).toBe('sentinel-user@vsphere.local');
    expect(plain(ccm, 'vcenter.example.internal.password')).toBe('S3ntinel;#"\\pa ss-ä');
    const csi = byKey.get('v1|Secret|vmware-system-csi|vsphere-config-secret')!;
    expect(plain(csi, 'csi-vsphere.conf')).toContain('password = "S3ntinel;#\\"\\\\pa ss-ä"');
    expect(plain(csi, 'csi-vsphere.conf')).toContain('user = "sentinel-user@vsphere.local"');
  });
});
