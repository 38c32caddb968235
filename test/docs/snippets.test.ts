/**
 * Every ```ts block of docs/*.md is real code: this test extracts the blocks into a temporary folder inside the repo,
 * type-checks them all with the TypeScript compiler API (strict, noEmit) against the library, then runs each one
 * (Pulumi snippets under mocks) and validates every cdk8s App a snippet built with synth-time checks plus strict
 * schema validation (`validateManifests`).
 *
 * Snippets import the package paths `vsphere-k8s-constructs` and `vsphere-k8s-constructs/pulumi`; they map to
 * `lib/index.ts` and `lib/pulumi/index.ts` (tsconfig `paths` for the type-check, virtual jest mocks for the run).
 *
 * A doc may also hold ```yaml file=<name> blocks: they are written into the snippets' working directory before its
 * snippets run, so that examples reading a file (e.g. a SolutionConfig) use the very YAML the doc shows.
 *
 * The other blocks that are configs or commands are checked too (see 'the config and command blocks of the docs'):
 * every ```yaml block parses, the `# cdk8s.yaml` block is the repo's cdk8s.yaml, the `run:` scripts of the workflow
 * examples and every ```sh block pass `bash -n`, the ```ini block parses as gcfg the way the vSphere components read
 * it, and every `file=` block is read by a snippet. No ```ts block may escape the run (a test lists them all).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { Chart, Testing } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import * as ts from 'typescript';
import * as YAML from 'yaml';
import { formatProblems, ManifestObject, validateManifests } from '../../lib/core/validation';
import { parseGcfg } from '../vsphere/gcfg-parser';

jest.mock('vsphere-k8s-constructs', () => jest.requireActual('../../lib/index'), { virtual: true });
jest.mock('vsphere-k8s-constructs/pulumi', () => jest.requireActual('../../lib/pulumi/index'), { virtual: true });
jest.mock('vsphere-k8s-constructs/testing', () => jest.requireActual('../../lib/testing/index'), { virtual: true });
jest.mock('vsphere-k8s-constructs/code-cache', () => jest.requireActual('../../lib/code-cache'), { virtual: true });

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS = path.join(ROOT, 'docs');
const WORK = path.join(__dirname, `.snippets-${process.pid}`);
const PACKAGE_PATHS: Record<string, string> = {
  'vsphere-k8s-constructs': path.join(ROOT, 'lib', 'index.ts'),
  'vsphere-k8s-constructs/pulumi': path.join(ROOT, 'lib', 'pulumi', 'index.ts'),
  'vsphere-k8s-constructs/testing': path.join(ROOT, 'lib', 'testing', 'index.ts'),
  'vsphere-k8s-constructs/code-cache': path.join(ROOT, 'lib', 'code-cache.ts'),
};

/** Pulumi config values the snippets read (`<project>:<key>`); the project name is the one given to setMocks. */
const PULUMI_PROJECT = 'docs';
const PULUMI_CONFIG: Record<string, string> = {
  vsphereServer: 'vcenter.example.internal',
  // the keys pulumi/program.ts reads (`vsphereUser` is deliberately absent: a doc using it fails here)
  vsphereUsername: 'administrator@vsphere.local',
  vspherePassword: 'not-a-real-password',
  kubeconfig: 'apiVersion: v1\nkind: Config\n',
};

interface Snippet {
  readonly doc: string;
  /** 1-based line of the opening fence in the doc. */
  readonly line: number;
  readonly code: string;
  readonly file: string;
  readonly usesPulumi: boolean;
  /** A jest test file shown in the docs (it calls test()/describe()): it is loaded as a suite of this file. */
  readonly isJestSuite: boolean;
}

interface DocFile {
  readonly name: string;
  readonly path: string;
  readonly content: string;
}

/** A fenced code block of a doc, any language (fences may be indented, e.g. inside a list item). */
interface DocBlock {
  readonly doc: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** The info string's first word, e.g. `ts`, `yaml`, `sh` (as written). */
  readonly lang: string;
  readonly attrs: string;
  /** The body, with the fence's indentation removed. */
  readonly body: string;
}

function blocksOf(doc: string): DocBlock[] {
  const text = fs.readFileSync(path.join(DOCS, doc), 'utf8');
  const lines = text.split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\S*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    let j = i + 1;
    while (j < lines.length && !/^ *```\s*$/.test(lines[j])) j++;
    if (j >= lines.length) throw new Error(`${docPath(doc)}:${i + 1}: unterminated code block`);
    const body = lines
      .slice(i + 1, j)
      .map((l) => (l.slice(0, indent).trim() === '' ? l.slice(indent) : l))
      .join('\n');
    blocks.push({ doc, line: i + 1, lang: open[2], attrs: open[3], body });
    i = j;
  }
  return blocks;
}

/** The languages whose blocks are run as snippets. */
const SNIPPET_LANGS = new Set(['ts', 'typescript']);

function extract(doc: string): { snippets: Array<{ line: number; code: string }>; files: DocFile[]; blocks: DocBlock[] } {
  const blocks = blocksOf(doc);
  const snippets: Array<{ line: number; code: string }> = [];
  const files: DocFile[] = [];
  for (const b of blocks) {
    if (SNIPPET_LANGS.has(b.lang)) snippets.push({ line: b.line, code: b.body });
    const fileAttr = /\bfile=(\S+)/.exec(b.attrs);
    if ((b.lang === 'yaml' || b.lang === 'json') && fileAttr) files.push({ name: doc, path: fileAttr[1], content: `${b.body}\n` });
  }
  return { snippets, files, blocks };
}

/** `docs/x.md` or `README.md`. */
function docPath(doc: string): string {
  return path.posix.normalize(`docs/${doc}`);
}

// docs/*.md, and the README's snippets too (as `../README.md`, relative to docs/)
const docNames = [
  ...fs
    .readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .sort(),
  '../README.md',
];
const snippets: Snippet[] = [];
const docFiles: DocFile[] = [];
const allBlocks: DocBlock[] = [];
for (const doc of docNames) {
  const { snippets: found, files, blocks } = extract(doc);
  allBlocks.push(...blocks);
  found.forEach((s, i) => {
    snippets.push({
      doc,
      line: s.line,
      code: s.code,
      file: path.join(WORK, `${doc.replace(/^\.\.\//, '').replace(/\.md$/, '')}-${String(i + 1).padStart(2, '0')}.ts`),
      usesPulumi: /from '(@pulumi\/|vsphere-k8s-constructs\/pulumi)/.test(s.code),
      isJestSuite: /^(test|it|describe)\(/m.test(s.code),
    });
  });
  docFiles.push(...files);
}

function where(s: Snippet | DocBlock): string {
  return `${docPath(s.doc)}:${s.line}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Apps built by a snippet: every Chart added to a construct tree is recorded with its root.

const roots = new Set<IConstruct>();
const nodeProto = Node.prototype as unknown as { addChild(child: IConstruct, name: string): void };
const originalAddChild = nodeProto.addChild;

/** True while the process that owns a `.snippets-<pid>` folder runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Folders left behind by a run that was killed (they would break `tsc -p tsconfig.dev.json` and lint) are removed.
for (const d of fs.readdirSync(__dirname)) {
  const m = /^\.snippets-(\d+)$/.exec(d);
  if (m && (Number(m[1]) === process.pid || !alive(Number(m[1])))) fs.rmSync(path.join(__dirname, d), { recursive: true, force: true });
}
// written at collection time: the jest suites shown in the docs are loaded while this file's tests are collected
fs.mkdirSync(WORK, { recursive: true });
for (const s of snippets) fs.writeFileSync(s.file, `${s.code}\n`);

beforeAll(async () => {
  nodeProto.addChild = function (this: Node, child: IConstruct, name: string): void {
    originalAddChild.call(this, child, name);
    if (Chart.isChart(child)) roots.add(child.node.root);
  };
  process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs } }),
      // NodeVm checks the template it clones: answer getVirtualMachine with a template that fits (pvscsi, version 15)
      call: (args) =>
        args.token === 'vsphere:index/getVirtualMachine:getVirtualMachine'
          ? { id: 'template-uuid', scsiType: 'pvscsi', hardwareVersion: 15, disks: [], networkInterfaceTypes: ['vmxnet3'] }
          : {},
    },
    PULUMI_PROJECT,
    'dev',
    false,
  );
  for (const [k, v] of Object.entries(PULUMI_CONFIG)) pulumi.runtime.setConfig(`${PULUMI_PROJECT}:${k}`, v);
});

const silenced = process.env.VSPHERE_K8S_SILENCE_WARNINGS;

afterAll(() => {
  nodeProto.addChild = originalAddChild;
  if (silenced === undefined) delete process.env.VSPHERE_K8S_SILENCE_WARNINGS;
  else process.env.VSPHERE_K8S_SILENCE_WARNINGS = silenced;
  fs.rmSync(WORK, { recursive: true, force: true });
});

test('the docs contain snippets and every snippet imports the package by its public paths', () => {
  expect(snippets.length).toBeGreaterThan(20);
  for (const s of snippets) {
    const bad = [...s.code.matchAll(/from '(\.{1,2}\/[^']*|[^']*\/lib\/[^']*)'/g)].map((m) => m[1]);
    expect({ where: where(s), relativeImports: bad }).toEqual({ where: where(s), relativeImports: [] });
  }
});

test('every snippet type-checks (strict) against the library', () => {
  for (const target of Object.values(PACKAGE_PATHS)) {
    if (!fs.existsSync(target)) throw new Error(`${path.relative(ROOT, target)} does not exist: the package entry point is missing`);
  }
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2021,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: ['node', 'jest'],
    esModuleInterop: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    isolatedModules: true,
    noImplicitReturns: true,
    useDefineForClassFields: false,
    baseUrl: ROOT,
    paths: Object.fromEntries(Object.entries(PACKAGE_PATHS).map(([k, v]) => [k, [path.relative(ROOT, v)]])),
  };
  const program = ts.createProgram(
    snippets.map((s) => s.file),
    options,
  );
  const byFile = new Map(snippets.map((s) => [path.resolve(s.file), s]));
  const problems: string[] = [];
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const s of snippets) {
    const sf = program.getSourceFile(s.file);
    if (!sf) {
      problems.push(`${where(s)}: not compiled`);
      continue;
    }
    diagnostics.push(...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf));
  }
  for (const d of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.file && d.start !== undefined) {
      const s = byFile.get(path.resolve(d.file.fileName));
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      // the snippet's first code line is the line after the opening fence
      problems.push(`${s ? `${docPath(s.doc)}:${s.line + 1 + line}` : d.file.fileName}: TS${d.code}: ${message}`);
    } else {
      problems.push(`TS${d.code}: ${message}`);
    }
  }
  expect(problems).toEqual([]);
}, 300_000);

describe('every snippet runs and its Apps synthesize valid manifests', () => {
  const cwd = process.cwd();
  const outdir = process.env.CDK8S_OUTDIR;
  beforeAll(() => {
    const work = path.join(WORK, 'cwd');
    fs.mkdirSync(work, { recursive: true });
    for (const f of docFiles) {
      const target = path.join(work, f.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.content);
    }
    process.chdir(work);
    process.env.CDK8S_OUTDIR = path.join(work, 'dist', 'manifests');
  });
  afterAll(() => {
    process.chdir(cwd);
    if (outdir === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = outdir;
  });

  test.each(snippets.filter((s) => !s.isJestSuite).map((s) => [where(s), s] as const))('%s', async (_name, s) => {
    roots.clear();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- runs the snippet through jest's module system
      require(s.file);
    } finally {
      log.mockRestore();
    }
    if (s.usesPulumi) await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    for (const root of roots) {
      const charts = root.node.children.filter((c): c is Chart => Chart.isChart(c));
      const objects: ManifestObject[] = charts.flatMap((c) => Testing.synth(c) as ManifestObject[]);
      const r = validateManifests(objects);
      if (!r.valid) throw new Error(`${where(s)}: strict validation failed:\n${formatProblems(r.problems)}`);
    }
  });
});

// The jest test files shown in the docs run as suites of this file (after the snippets above).
for (const s of snippets.filter((x) => x.isJestSuite)) {
  describe(`${where(s)} (a jest suite from the docs)`, () => {
    let loadError: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- its test() calls must register while collecting
      require(s.file);
    } catch (e) {
      loadError = e;
    }
    if (loadError !== undefined) {
      test('loads', () => {
        throw loadError;
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage: no TypeScript block of a doc escapes the checks above.

describe('every ```ts block of README.md and docs/*.md is a tested snippet', () => {
  test('README.md and every docs/*.md are read', () => {
    const expected = [...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')), '../README.md'].sort();
    expect([...docNames].sort()).toEqual(expected);
    expect(snippets.some((s) => s.doc === '../README.md')).toBe(true);
  });

  test('no TypeScript-looking block is skipped (other language tags, indented fences): each one is compiled and run', () => {
    const collected = new Set(snippets.map((s) => `${s.doc}:${s.line}`));
    const skipped = allBlocks
      .filter((b) => /^(ts|typescript|tsx|mts|cts|js|javascript|jsx)$/i.test(b.lang))
      .filter((b) => !SNIPPET_LANGS.has(b.lang) || !collected.has(`${b.doc}:${b.line}`))
      .map((b) => `${where(b)} (\`\`\`${b.lang})`);
    expect(skipped).toEqual([]);
    // every collected snippet is either run by the test.each above or loaded as a jest suite
    expect(snippets.filter((s) => !fs.existsSync(s.file)).map(where)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Config and command blocks.

describe('the config and command blocks of the docs', () => {
  const yamlBlocks = allBlocks.filter((b) => b.lang === 'yaml');
  const workflows = yamlBlocks.filter((b) => /^# \.github\/workflows\//.test(b.body));

  test('every ```yaml block parses as YAML', () => {
    expect(yamlBlocks.length).toBeGreaterThan(5);
    const problems = yamlBlocks.flatMap((b) =>
      YAML.parseAllDocuments(b.body).flatMap((d) => d.errors.map((e) => `${where(b)}: ${e.message.split('\n')[0]}`)),
    );
    expect(problems).toEqual([]);
  });

  test('the cdk8s.yaml shown is the repo’s cdk8s.yaml', () => {
    const shown = yamlBlocks.filter((b) => /^# cdk8s\.yaml\b/.test(b.body));
    expect(shown.length).toBeGreaterThan(0);
    const actual = YAML.parse(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8'));
    for (const b of shown) expect({ where: where(b), config: YAML.parse(b.body) }).toEqual({ where: where(b), config: actual });
  });

  test('every ```sh block and every `run:` script of the workflow examples passes bash -n', () => {
    const scripts: Array<{ where: string; script: string }> = allBlocks
      .filter((b) => b.lang === 'sh' || b.lang === 'bash')
      .map((b) => ({ where: where(b), script: b.body }));
    expect(workflows.length).toBeGreaterThan(0);
    for (const w of workflows) {
      const wf = YAML.parse(w.body) as { jobs: Record<string, { steps: Array<{ run?: string }> }> };
      for (const job of Object.values(wf.jobs)) {
        for (const step of job.steps)
          if (typeof step.run === 'string') scripts.push({ where: `${where(w)} (run: of a step)`, script: step.run });
      }
    }
    expect(scripts.length).toBeGreaterThan(15);
    const problems = scripts.flatMap((s) => {
      const r = spawnSync('bash', ['-n'], { input: s.script, encoding: 'utf8' });
      return r.status === 0 ? [] : [`${s.where}: ${r.stderr.trim()}`];
    });
    expect(problems).toEqual([]);
  });

  test('the ```ini block (csi-vsphere.conf) parses as gcfg, as the CSI driver reads it', () => {
    const ini = allBlocks.filter((b) => b.lang === 'ini');
    expect(ini.length).toBeGreaterThan(0);
    for (const b of ini) expect(() => parseGcfg(b.body)).not.toThrow();
  });

  test('every ```yaml file= block is read by a snippet', () => {
    expect(docFiles.length).toBeGreaterThan(0);
    const unread = docFiles
      .filter((f) => !snippets.some((s) => s.code.includes(`'${f.path}'`)))
      .map((f) => `${docPath(f.name)}: ${f.path}`);
    expect(unread).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The README's diagrams name what the reference stack really writes.

test('the README diagrams name the reference output: first and last manifest file, workloads and their namespaces', () => {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded here only, not by the snippets */
  const { buildReferenceApp } = require('../../bin/main') as typeof import('../../bin/main');
  const { chartFileName, synthCharts } = require('../../lib/core/synth') as typeof import('../../lib/core/synth');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const diagrams = allBlocks
    .filter((b) => b.doc === '../README.md' && b.lang === 'mermaid')
    .map((b) => b.body)
    .join('\n');
  expect(diagrams).not.toBe('');
  const charts = synthCharts(buildReferenceApp(path.join(WORK, 'reference-manifests')));
  const files = charts.map((c, i) => `${String(i).padStart(4, '0')}-${chartFileName(c.chart)}`);
  expect(diagrams).toContain(files[0]);
  expect(diagrams).toContain(files[files.length - 1]);
  const workloads = charts
    .flatMap((c) => c.objects)
    .filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet')
    .map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`);
  const missing = workloads.filter((w) => {
    const [ns, name] = w.split('/');
    return !diagrams.includes(`namespace ${ns}`) || !diagrams.includes(name);
  });
  expect(missing).toEqual([]);
});
