import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildReviewReport, readManifestFiles } from '../../lib/review';
import { defaultSolutionConfig } from '../../lib/stacks/config';

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
