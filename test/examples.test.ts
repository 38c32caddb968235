import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { parse, parseAllDocuments } from 'yaml';
import { nonTlsWarnings } from './helpers';
import type { PreflightFinding } from '../lib/core/preflight';
import { synthesize, SYNTH_RECORD_FILE } from '../lib/core/synth';
import { ManifestObject, validateManifests } from '../lib/core/validation';
import { findObject } from './helpers';

/**
 * Every folder under examples/ with a main.ts is an example: it exports `build(app)`, and run directly it synthesizes
 * into dist/examples/<name>/. Each one is synthesized into a temporary folder, the written YAML is read back and
 * validated strictly, and the output is checked for secrets. Example-specific facts are in FACTS.
 */

const ROOT = path.join(__dirname, '..');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const EXAMPLES = readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(EXAMPLES_DIR, d.name, 'main.ts')))
  .map((d) => d.name)
  .sort();

/** Examples that deliberately put credentials (placeholders or plaintext) into their output. None do. */
const SECRETS_OPT_IN: ReadonlySet<string> = new Set<string>();

interface Synthesized {
  readonly app: App;
  readonly dir: string;
  readonly manifestsDir: string;
  readonly extrasDir: string;
  /** Manifest file names in the order synthesize() returned them. */
  readonly manifestFiles: string[];
  /** Extra files relative to the extras folder, sorted. */
  readonly extraFiles: string[];
  /** Objects read back from the manifest files, per file name. */
  readonly objectsByFile: Map<string, ManifestObject[]>;
  /** All objects read back, in file order. */
  readonly objects: ManifestObject[];
  /** Every written file (manifests and extras) relative to `dir`, with its text. */
  readonly texts: Map<string, string>;
  readonly objectCount: number;
  /** What the preflight reported without stopping the synth. */
  readonly preflightFindings: PreflightFinding[];
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}

function loadBuild(name: string): (app: App) => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(EXAMPLES_DIR, name, 'main'));
  return mod.build;
}

function synthExample(name: string, parent: string): Synthesized {
  const dir = mkdtempSync(path.join(parent, `${name}-`));
  const manifestsDir = path.join(dir, 'manifests');
  const extrasDir = path.join(dir, 'extra');
  const app = new App({ outdir: manifestsDir });
  loadBuild(name)(app);
  const result = synthesize(app, { manifestsDir, extrasDir });
  const objectsByFile = new Map<string, ManifestObject[]>();
  const texts = new Map<string, string>();
  for (const file of result.manifestFiles) {
    const text = readFileSync(file, 'utf8');
    const docs = parseAllDocuments(text);
    for (const d of docs) expect(d.errors).toEqual([]);
    objectsByFile.set(
      path.basename(file),
      docs.map((d) => d.toJS() as ManifestObject).filter((o) => o !== null),
    );
    texts.set(path.relative(dir, file), text);
  }
  for (const file of result.extraFiles) texts.set(path.relative(dir, file), readFileSync(file, 'utf8'));
  return {
    app,
    dir,
    manifestsDir,
    extrasDir,
    manifestFiles: result.manifestFiles.map((f) => path.basename(f)),
    extraFiles: result.extraFiles.map((f) => path.relative(extrasDir, f)).sort(),
    objectsByFile,
    objects: [...objectsByFile.values()].flat(),
    texts,
    objectCount: result.objectCount,
    preflightFindings: result.preflightFindings,
  };
}

/** `password`-like keys assigned a value that is not a `$VAR` / `${VAR}` reference (YAML, INI, shell, --from-literal). */
function plaintextPasswords(text: string): string[] {
  const assignment = /(?<![A-Za-z0-9_])(password|passwd|pwd)["']?[ \t]*[:=][ \t]*("[^"\n]*"|'[^'\n]*'|[^\s"',}]+)?/gi;
  // a shell variable, or a file below a variable's folder (the script passes secrets as files, never as literals)
  const reference = /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?(\/[A-Za-z0-9_.-]+)*$/;
  const found: string[] = [];
  for (const m of text.matchAll(assignment)) {
    const value = (m[2] ?? '').replace(/^["']|["']$/g, '');
    if (value !== '' && !reference.test(value)) found.push(m[0]);
  }
  return found;
}

/** Container env variables named like a credential that carry a literal `value` instead of `valueFrom`. */
function literalCredentialEnv(objects: ManifestObject[]): string[] {
  const found: string[] = [];
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}[${i}]`));
    if (node === null || typeof node !== 'object') return;
    const rec = node as Record<string, unknown>;
    if (typeof rec.name === 'string' && 'value' in rec && /pass|secret|token|credential/i.test(rec.name))
      found.push(`${where}: ${rec.name}`);
    for (const [k, v] of Object.entries(rec)) visit(v, `${where}.${k}`);
  };
  objects.forEach((o) => visit(o, `${String(o.kind)}/${String(o.metadata?.name)}`));
  return found;
}

describe('secret checks used below', () => {
  test('plaintextPasswords flags literal values and accepts variable references', () => {
    expect(plaintextPasswords('password: hunter2\nuser.password=s3cret\npassword = "x y"')).toEqual([
      'password: hunter2',
      'password=s3cret',
      'password = "x y"',
    ]);
    expect(
      plaintextPasswords(
        [
          'password = "${VSPHERE_PASSWORD}"',
          '--from-literal="vc.example.password=$VSPHERE_PASSWORD"',
          ': "${VSPHERE_PASSWORD:?set VSPHERE_PASSWORD}"',
          'key: password',
          'name: MYSQL_ROOT_PASSWORD',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  test('literalCredentialEnv flags env values and accepts valueFrom', () => {
    const pod = (env: object[]): ManifestObject => ({ kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ env }] } });
    expect(literalCredentialEnv([pod([{ name: 'DB_PASSWORD', value: 'x' }])])).toEqual(['Pod/p.spec.containers[0].env[0]: DB_PASSWORD']);
    expect(literalCredentialEnv([pod([{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }])])).toEqual([]);
  });
});

/** Example-specific facts; examples without an entry get the generic checks only. */
const FACTS: Record<string, (s: Synthesized) => void> = {
  'storage-only': (s) => {
    expect(s.manifestFiles).toEqual(['0000-snapshot-controller.k8s.yaml', '0001-vsphere-storage.k8s.yaml']);
    expect(s.extraFiles).toEqual(['vsphere/create-secrets.sh', 'vsphere/csi-vsphere.conf.template']);
    const o = s.objects;
    const ccm = findObject(o, 'DaemonSet', 'vsphere-cloud-controller-manager', 'kube-system');
    expect(ccm.spec.template.spec.containers[0].image).toMatch(/:v1\.33\.\d+$/);
    expect(findObject(o, 'ConfigMap', 'vsphere-cloud-config', 'kube-system').data['vsphere.conf']).toContain('vcenter.example.internal');
    expect(findObject(o, 'Namespace', 'vmware-system-csi').metadata).toEqual({
      name: 'vmware-system-csi',
      labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
    });
    const csi = findObject(o, 'Deployment', 'vsphere-csi-controller', 'vmware-system-csi');
    expect(csi.spec.template.spec.containers.map((c: { image: string }) => c.image)).toContain('registry.k8s.io/csi-vsphere/driver:v3.7.3');
    expect(findObject(o, 'StorageClass', 'example-block-sc')).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'example-block-sc', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: 'csi.vsphere.vmware.com',
      parameters: { 'csi.storage.k8s.io/fstype': 'ext4', storagepolicyname: 'vSAN Default Storage Policy' },
      allowVolumeExpansion: true,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    });
    const file = findObject(o, 'StorageClass', 'example-file-sc');
    expect(file.parameters).toEqual({ 'csi.storage.k8s.io/fstype': 'nfs4', storagepolicyname: 'vSAN Default Storage Policy' });
    expect(file.allowVolumeExpansion).toBe(false);
    expect(file.metadata.annotations).toBeUndefined();
    expect(findObject(o, 'VolumeSnapshotClass', 'vsphere-csi-snapshot-class').driver).toBe('csi.vsphere.vmware.com');
    const monitor = findObject(o, 'ServiceMonitor', 'vsphere-csi-controller', 'vmware-system-csi');
    expect(monitor.metadata.labels).toEqual({ release: 'prometheus' });
    expect(monitor.spec.endpoints.map((e: { port: string }) => e.port)).toEqual(['ctlr', 'syncer']);
    // credentials from an existing Secret: no Secret object at all, the CSI config is a template with markers
    expect(o.filter((x) => x.kind === 'Secret')).toEqual([]);
    const template = s.texts.get('extra/vsphere/csi-vsphere.conf.template')!;
    expect(template).toContain('cluster-id = "example-cluster-01"');
    expect(template).toContain('[VirtualCenter "vcenter.example.internal"]');
    expect(template).toContain('password = "${VSPHERE_PASSWORD}"');
    expect(template).toContain('[NetPermissions "node-network"]');
    // apply order: CCM before the CSI driver, the driver before the classes and the monitor
    const at = (kind: string, name: string): number => o.findIndex((x) => x.kind === kind && x.metadata?.name === name);
    expect(at('DaemonSet', 'vsphere-cloud-controller-manager')).toBeLessThan(at('Namespace', 'vmware-system-csi'));
    for (const [kind, name] of [
      ['StorageClass', 'example-block-sc'],
      ['StorageClass', 'example-file-sc'],
      ['VolumeSnapshotClass', 'vsphere-csi-snapshot-class'],
      ['ServiceMonitor', 'vsphere-csi-controller'],
    ]) {
      expect(at(kind, name)).toBeGreaterThan(at('DaemonSet', 'vsphere-csi-node'));
    }
    expect(nonTlsWarnings(s.app)).toEqual([]);
  },

  'network-policies': (s) => {
    expect(s.manifestFiles).toEqual(['0000-antrea-config.k8s.yaml', '0001-network-policies.k8s.yaml']);
    expect(s.extraFiles).toEqual(['antrea/values.yaml']);
    const config = findObject(s.objectsByFile.get('0000-antrea-config.k8s.yaml')!, 'ConfigMap', 'antrea-config', 'kube-system');
    const agent = parse(config.data['antrea-agent.conf']);
    expect(agent.featureGates).toMatchObject({ AntreaPolicy: true, Egress: true });
    expect(agent.nodePortLocal).toEqual({ enable: true, portRange: '61000-62000' });
    expect(parse(config.data['antrea-controller.conf']).featureGates).toMatchObject({ AntreaPolicy: true, Egress: true });
    expect(parse(s.texts.get('extra/antrea/values.yaml')!).nodePortLocal).toEqual({ enable: true, portRange: '61000-62000' });

    const o = s.objectsByFile.get('0001-network-policies.k8s.yaml')!;
    const antrea = o.filter((x) => String(x.apiVersion).startsWith('crd.antrea.io/'));
    expect(antrea.map((x) => `${x.apiVersion} ${x.kind}/${x.metadata?.name}`)).toEqual([
      'crd.antrea.io/v1beta1 ClusterGroup/test-cg-sel',
      'crd.antrea.io/v1beta1 ClusterGroup/test-cg-ip-blocks',
      'crd.antrea.io/v1beta1 ClusterGroup/test-cg-svc-ref',
      'crd.antrea.io/v1beta1 ClusterGroup/demo-cluster-group',
      'crd.antrea.io/v1beta1 ClusterGroup/test-db',
      'crd.antrea.io/v1beta1 ClusterNetworkPolicy/acnp-demo',
      'crd.antrea.io/v1beta1 ExternalIPPool/prod-external-ip-pool',
      'crd.antrea.io/v1beta1 Egress/egress-prod-web',
    ]);
    for (const x of antrea) expect(x.metadata?.namespace).toBeUndefined();
    expect(findObject(o, 'ClusterGroup', 'demo-cluster-group').spec).toEqual({
      childGroups: ['test-cg-sel', 'test-cg-ip-blocks', 'test-cg-svc-ref'],
    });
    expect(findObject(o, 'ClusterNetworkPolicy', 'acnp-demo').spec).toEqual({
      priority: 5,
      tier: 'securityops',
      appliedTo: [{ group: 'test-db' }],
      ingress: [
        {
          action: 'Allow',
          from: [{ podSelector: { matchLabels: { role: 'frontend' } } }],
          ports: [{ protocol: 'TCP', port: 8080, endPort: 9000 }],
          name: 'AllowFromFrontend',
          enableLogging: false,
        },
      ],
      egress: [
        {
          action: 'Drop',
          to: [{ ipBlock: { cidr: '10.0.10.0/24' } }],
          ports: [{ protocol: 'TCP', port: 5978 }],
          name: 'DropToThirdParty',
          enableLogging: true,
        },
      ],
    });
    expect(findObject(o, 'Egress', 'egress-prod-web').spec).toEqual({
      appliedTo: { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: { matchLabels: { role: 'web' } } },
      egressIP: '10.10.0.8',
      externalIPPool: 'prod-external-ip-pool',
    });
    expect(findObject(o, 'ExternalIPPool', 'prod-external-ip-pool').spec.ipRanges).toEqual([{ start: '10.10.0.2', end: '10.10.0.20' }]);
    const nginx = findObject(o, 'Service', 'nginx', 'default');
    expect(nginx.metadata.annotations).toEqual({ 'nodeportlocal.antrea.io/enabled': 'true' });
    expect(nginx.spec).toEqual({
      selector: { app: 'nginx' }, // no type: NodePortLocalService writes it only when given (ClusterIP by default)
      ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 80 }],
    });
    const deployment = findObject(o, 'Deployment', 'nginx', 'default');
    expect(deployment.spec.template.metadata.labels.app).toBe('nginx');
    expect(deployment.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 80, name: 'web' }]);
    expect(nonTlsWarnings(s.app)).toEqual([]);
  },

  'stateful-mysql': (s) => {
    expect(s.manifestFiles).toEqual(['0000-mysql.k8s.yaml', '0001-mysql-snapshot.k8s.yaml', '0002-mysql-restore.k8s.yaml']);
    expect(s.extraFiles).toEqual([]);
    const kinds = (file: string): string[] => s.objectsByFile.get(file)!.map((x) => `${x.kind}/${x.metadata?.name}`);
    expect(kinds('0000-mysql.k8s.yaml')).toEqual([
      'Namespace/demo',
      'PersistentVolumeClaim/mysql-data',
      'Service/mysql',
      'StatefulSet/mysql',
    ]);
    expect(kinds('0001-mysql-snapshot.k8s.yaml')).toEqual(['VolumeSnapshot/mysql-snap']);
    expect(kinds('0002-mysql-restore.k8s.yaml')).toEqual([
      'PersistentVolumeClaim/mysql-restore',
      'Service/mysql-restored',
      'StatefulSet/mysql-restored',
    ]);
    const o = s.objects;
    expect(findObject(o, 'Namespace', 'demo').metadata).toEqual({ name: 'demo' });
    for (const x of o.filter((y) => y.kind !== 'Namespace')) expect(x.metadata?.namespace).toBe('demo');
    expect(findObject(o, 'PersistentVolumeClaim', 'mysql-data').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'example-block-sc',
      volumeMode: 'Filesystem',
      resources: { requests: { storage: '8Gi' } },
    });
    expect(findObject(o, 'VolumeSnapshot', 'mysql-snap').spec).toEqual({
      source: { persistentVolumeClaimName: 'mysql-data' },
      volumeSnapshotClassName: 'vsphere-csi-snapshot-class',
    });
    expect(findObject(o, 'PersistentVolumeClaim', 'mysql-restore').spec).toEqual({
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'example-block-sc',
      volumeMode: 'Filesystem',
      resources: { requests: { storage: '8Gi' } },
      dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 'mysql-snap' },
    });
    for (const [name, claim] of [
      ['mysql', 'mysql-data'],
      ['mysql-restored', 'mysql-restore'],
    ]) {
      const set = findObject(o, 'StatefulSet', name);
      expect(set.spec.replicas).toBe(1);
      expect(set.spec.serviceName).toBe(name);
      expect(findObject(o, 'Service', name).spec.clusterIP).toBe('None');
      const pod = set.spec.template.spec;
      expect(pod.volumes[0]).toEqual({ name: `pvc-${claim}`, persistentVolumeClaim: { claimName: claim, readOnly: false } });
      const mysql = pod.containers[0];
      expect(mysql.image).toBe('mysql:8.4');
      expect(mysql.volumeMounts[0]).toEqual({ mountPath: '/var/lib/mysql', name: `pvc-${claim}` });
      expect(mysql.env).toEqual([{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-root', key: 'password' } } }]);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, fsGroup: 999 });
    }
    // the classes are referenced, not created (the storage-only example creates them)
    expect(o.filter((x) => x.kind === 'StorageClass' || x.kind === 'VolumeSnapshotClass' || x.kind === 'Secret')).toEqual([]);
    expect(nonTlsWarnings(s.app)).toEqual([]);
  },
};

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vsphere-k8s-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
});

test('the examples folder holds the three helper examples (the full-solution example is picked up when present)', () => {
  for (const name of Object.keys(FACTS)) expect(EXAMPLES).toContain(name);
});

describe.each(EXAMPLES)('examples/%s', (name) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthExample(name, tmp);
  });

  test('main.ts exports build(app)', () => {
    expect(typeof loadBuild(name)).toBe('function');
  });

  test('synthesize() writes numbered manifest files and puts extras beside, never among, the manifests', () => {
    expect(s.manifestFiles.length).toBeGreaterThan(0);
    s.manifestFiles.forEach((f, i) => expect(f).toMatch(new RegExp(`^${String(i).padStart(4, '0')}-[a-z0-9-]+\\.k8s\\.yaml$`)));
    expect(listFiles(s.manifestsDir)).toEqual([SYNTH_RECORD_FILE, ...s.manifestFiles].sort());
    // the extras folder keeps its own record of the files the synth wrote there (cdk8s synth empties the manifests folder)
    expect(listFiles(s.extrasDir)).toEqual(s.extraFiles.length > 0 ? [SYNTH_RECORD_FILE, ...s.extraFiles].sort() : []);
    expect(s.objectCount).toBeGreaterThan(0);
  });

  test('passes the preflight with every check run: the example models its nodes, so scheduling is checked too', () => {
    expect(s.preflightFindings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(s.preflightFindings.filter((f) => f.check === 'scheduling')).toEqual([]);
  });

  test('every written YAML document passes strict validation', () => {
    expect(s.objects).toHaveLength(s.objectCount);
    for (const o of s.objects) expect(o.metadata?.name).toEqual(expect.any(String));
    expect(validateManifests(s.objects).problems).toEqual([]);
    for (const [rel, text] of s.texts) {
      if (rel.endsWith('.yaml') || rel.endsWith('.yml')) expect(parseAllDocuments(text).flatMap((d) => d.errors)).toEqual([]);
    }
  });

  test('no secret placeholders, plaintext passwords or literal credentials in any written file', () => {
    if (SECRETS_OPT_IN.has(name)) return;
    for (const [rel, text] of s.texts) {
      expect([rel, text.includes('${secret:')]).toEqual([rel, false]);
      expect([rel, plaintextPasswords(text)]).toEqual([rel, []]);
    }
    expect(literalCredentialEnv(s.objects)).toEqual([]);
    const secretsWithData = s.objects.filter((o) => o.kind === 'Secret' && (o.data !== undefined || o.stringData !== undefined));
    expect(secretsWithData.map((o) => o.metadata?.name)).toEqual([]);
    expect(nonTlsWarnings(s.app).filter((w) => /plain ?text/i.test(w))).toEqual([]);
  });

  test('synthesis is deterministic: a second App writes identical files', () => {
    const again = synthExample(name, tmp);
    expect([...again.texts.keys()]).toEqual([...s.texts.keys()]);
    for (const [rel, text] of again.texts) expect([rel, text]).toEqual([rel, s.texts.get(rel)]);
  });

  const facts = FACTS[name];
  if (facts) {
    test('example-specific content', () => facts(s));
  }

  test('run directly, it writes dist/examples/<name>/ under the working directory', () => {
    const cwd = mkdtempSync(path.join(tmp, `run-${name}-`));
    // run the TypeScript source as the main module, compiled on the fly (the same code `npm run build` emits)
    const hook = path.join(cwd, 'ts-hook.js');
    writeFileSync(
      hook,
      [
        `const ts = require(${JSON.stringify(require.resolve('typescript'))});`,
        "const fs = require('fs');",
        "require.extensions['.ts'] = (module, filename) => {",
        '  const { outputText } = ts.transpileModule(fs.readFileSync(filename, "utf8"), {',
        '    fileName: filename,',
        '    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021, esModuleInterop: true, useDefineForClassFields: false },',
        '  });',
        '  module._compile(outputText, filename);',
        '};',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['-r', hook, path.join(EXAMPLES_DIR, name, 'main.ts')], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, VSPHERE_K8S_SILENCE_WARNINGS: '1' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = path.join(cwd, 'dist', 'examples', name);
    expect(listFiles(path.join(out, 'manifests'))).toEqual([SYNTH_RECORD_FILE, ...s.manifestFiles].sort());
    expect(listFiles(path.join(out, 'extra'))).toEqual(s.extraFiles.length > 0 ? [SYNTH_RECORD_FILE, ...s.extraFiles].sort() : []);
    for (const f of s.manifestFiles) {
      expect(readFileSync(path.join(out, 'manifests', f), 'utf8')).toBe(s.texts.get(`manifests/${f}`));
    }
  }, 180_000);
});
