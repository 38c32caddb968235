import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The npm package as published: what `npm pack` puts in the tarball (LICENSE, CHANGELOG, docs), that every relative
 * link of the shipped docs resolves inside the tarball (or to a folder the README declares source-only), that
 * `typesVersions` mirrors `exports` (node10 resolution, the `cdk8s init` tsconfig), and that the versions the install
 * docs pin are the ones CI tests with. The packed package itself is built and used by scripts/consumer-test.sh (CI).
 */

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** Folders that live in the source repository only; the README's Install section says so. */
const SOURCE_ONLY = ['bench/', 'examples/'];

let packed: Set<string>;

beforeAll(() => {
  // --ignore-scripts: no prepack build; the file list does not depend on it (build/ is checked by the consumer test)
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [info] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  packed = new Set(info.files.map((f) => f.path));
});

function readme(): string {
  return fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
}

/** The shipped Markdown files: README.md and docs/*.md (package.json `files`). */
function shippedDocs(): string[] {
  return [
    'README.md',
    ...fs
      .readdirSync(path.join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
}

/** Relative link targets of a Markdown file, resolved against the repo root, without anchors; code blocks skipped. */
function relativeLinks(doc: string): Array<{ line: number; target: string }> {
  const lines = fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n');
  const out: Array<{ line: number; target: string }> = [];
  let inCode = false;
  lines.forEach((text, i) => {
    if (/^\s*```/.test(text)) inCode = !inCode;
    if (inCode) return;
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const href = m[1];
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) continue;
      const file = href.split('#')[0];
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(doc), file));
      out.push({ line: i + 1, target });
    }
  });
  return out;
}

test('the tarball holds LICENSE, CHANGELOG.md, README.md, package.json and the docs', () => {
  for (const f of ['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json', 'docs/install.md']) expect([...packed]).toContain(f);
  for (const doc of shippedDocs()) expect([...packed]).toContain(doc);
});

test('LICENSE is the Apache License 2.0 that package.json declares, and CHANGELOG.md has the current version', () => {
  expect(pkg.license).toBe('Apache-2.0');
  const license = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
  expect(license).toContain('Apache License');
  expect(license).toContain('Version 2.0, January 2004');
  expect(license).toContain('END OF TERMS AND CONDITIONS');
  const changelog = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  expect(changelog).toMatch(new RegExp(`^## \\[?${pkg.version.replace(/\./g, '\\.')}\\]?`, 'm'));
});

test('every relative link of README.md and docs/*.md points into the tarball, or to a source-only folder', () => {
  const broken: string[] = [];
  for (const doc of shippedDocs()) {
    for (const { line, target } of relativeLinks(doc)) {
      const exists = fs.existsSync(path.join(ROOT, target));
      const inTarball = packed.has(target) || [...packed].some((f) => f.startsWith(`${target.replace(/\/$/, '')}/`));
      const sourceOnly = SOURCE_ONLY.some((dir) => `${target}/`.startsWith(dir));
      if (!exists || !(inTarball || sourceOnly))
        broken.push(`${doc}:${line}: ${target}${exists ? ' (not in the npm package)' : ' (missing)'}`);
    }
  }
  expect(broken).toEqual([]);
});

test('the README says which linked folders are not part of the npm package', () => {
  const install = /^## Install\n([\s\S]*?)^## /m.exec(readme());
  expect(install).not.toBeNull();
  for (const dir of SOURCE_ONLY) expect(install![1]).toContain(`${dir}`);
  expect(install![1]).toMatch(/not part of the npm package/);
});

test('typesVersions mirrors every exported subpath (node10 resolution: the cdk8s init tsconfig)', () => {
  const fromExports: Record<string, string[]> = {};
  for (const [subpath, target] of Object.entries(pkg.exports as Record<string, string | { types?: string }>)) {
    if (subpath === '.' || typeof target === 'string' || !target.types) continue;
    fromExports[subpath.replace(/^\.\//, '')] = [target.types.replace(/^\.\//, '')];
  }
  expect(Object.keys(fromExports).length).toBeGreaterThan(0);
  expect(pkg.typesVersions).toEqual({ '*': fromExports });
  // the declaration file is tsc's output of an existing source file (build/ itself may not exist when jest runs)
  for (const [file] of Object.values(fromExports))
    expect(fs.existsSync(path.join(ROOT, file.replace(/^build\//, '').replace(/\.d\.ts$/, '.ts')))).toBe(true);
});

test('the install docs and the consumer test pin the versions CI tests with (devDependencies)', () => {
  const pinned = ['cdk8s', 'cdk8s-plus-27', 'constructs', '@pulumi/pulumi', '@pulumi/kubernetes', 'typescript'];
  const texts: Record<string, string> = {
    'docs/install.md': fs.readFileSync(path.join(ROOT, 'docs', 'install.md'), 'utf8'),
    'README.md': /^## Install\n([\s\S]*?)^## /m.exec(readme())![1],
    'scripts/consumer-test.sh': fs.readFileSync(path.join(ROOT, 'scripts', 'consumer-test.sh'), 'utf8'),
  };
  const problems: string[] = [];
  for (const [file, text] of Object.entries(texts)) {
    for (const name of pinned) {
      const esc = name.replace(/[/.]/g, (c) => `\\${c}`);
      const versions = [...text.matchAll(new RegExp(`(?<![\\w@/-])${esc}@([0-9][^\\s\`'")]*)`, 'g'))].map((m) => m[1]);
      if (file !== 'README.md' && versions.length === 0) problems.push(`${file}: no ${name}@<version>`);
      for (const v of versions)
        if (v !== pkg.devDependencies[name]) problems.push(`${file}: ${name}@${v}, CI tests ${pkg.devDependencies[name]}`);
    }
    const typesNode = [...text.matchAll(/@types\/node@([0-9][^\s`'")]*)/g)].map((m) => m[1]);
    for (const v of typesNode) if (!pkg.devDependencies['@types/node'].startsWith(v)) problems.push(`${file}: @types/node@${v}`);
  }
  expect(problems).toEqual([]);
});
