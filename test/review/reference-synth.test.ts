import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { main } from '../../bin/main';
import { buildReviewReport, readManifestFiles } from '../../lib/review';
import { defaultSolutionConfig } from '../../lib/solution/config';

const ROOT = path.resolve(__dirname, '..', '..');

// `npm run synth` runs bin/main.ts (compiled); here the source runs in a fresh process, in a folder of its own.
test('the reference synth writes the review report to dist/extra/review, the same bytes as the library builds', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'ref-synth-'));
  try {
    const r = spawnSync(process.execPath, ['-r', path.join(ROOT, 'test', 'support', 'ts-register.js'), path.join(ROOT, 'bin', 'main.ts')], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', VSPHERE_K8S_SILENCE_WARNINGS: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('wrote the review report to dist/extra/review/ (README.md, solution.svg)\n');
    const review = path.join(cwd, 'dist', 'extra', 'review');
    expect(readdirSync(review).sort()).toEqual(['README.md', 'solution.dot', 'solution.svg']);
    const manifests = path.join(cwd, 'dist', 'manifests');
    const files = readdirSync(manifests)
      .filter((f) => f.endsWith('.k8s.yaml'))
      .sort()
      .map((f) => path.join(manifests, f));
    const expected = buildReviewReport(readManifestFiles(files), { config: defaultSolutionConfig() });
    for (const f of expected) expect(readFileSync(path.join(review, f.path), 'utf8')).toBe(f.content);
    expect(readFileSync(path.join(review, 'solution.svg'), 'utf8')).toMatch(/^<\?xml[\s\S]*<\/svg>\n$/);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}, 120000);

test('VSPHERE_K8S_REVIEW=0 skips the report (the manifests and extra files are written as always)', async () => {
  process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';
  const dir = mkdtempSync(path.join(tmpdir(), 'ref-synth-'));
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await main({ CDK8S_OUTDIR: path.join(dir, 'manifests'), VSPHERE_K8S_REVIEW: '0' });
    expect(out.mock.calls.map((c) => String(c[0])).join('')).not.toContain('review report');
    expect(readdirSync(path.join(dir, 'extra')).sort()).toEqual(['.vsphere-k8s-synth.json', 'antrea', 'kubekey', 'vsphere']);
    out.mockClear();
    await main({ CDK8S_OUTDIR: path.join(dir, 'manifests') });
    expect(out.mock.calls.map((c) => String(c[0])).join('')).toContain(`wrote the review report to ${path.join(dir, 'extra', 'review')}/`);
    expect(readdirSync(path.join(dir, 'extra', 'review')).sort()).toEqual(['README.md', 'solution.dot', 'solution.svg']);
  } finally {
    out.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
});
