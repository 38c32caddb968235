/**
 * The golden copy of the reference synth output (issue 14, item 5): `bin/main.ts`'s app with the built-in example
 * config, synthesized by `synthesize()`, compared byte for byte with the reviewed files below
 * test/golden/reference/ (manifests/ and extra/). Any change to what the reference solution emits fails here and
 * shows up as a reviewable diff of those files.
 *
 * To accept an intended change: `UPDATE_GOLDEN=1 npx jest test/golden`, then review `git diff test/golden` before
 * committing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildReferenceApp } from '../../bin/main';
import { synthesize, SYNTH_RECORD_FILE } from '../../lib/core/synth';

const GOLDEN = path.join(__dirname, 'reference');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HOW = 'If the change is intended: UPDATE_GOLDEN=1 npx jest test/golden, then review and commit git diff test/golden.';

/** Relative paths of the files below `dir` (sorted, `/` separators), without synth records. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== SYNTH_RECORD_FILE) out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

describe('golden copy of the reference synth output', () => {
  let work: string;
  let actual: Record<string, Buffer>;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'golden-'));
    const app = buildReferenceApp(path.join(work, 'manifests'), {});
    synthesize(app, { manifestsDir: path.join(work, 'manifests'), extrasDir: path.join(work, 'extra') });
    actual = Object.fromEntries(listFiles(work).map((f) => [f, readFileSync(path.join(work, f))]));
    if (UPDATE) {
      rmSync(GOLDEN, { recursive: true, force: true });
      for (const [f, bytes] of Object.entries(actual)) {
        mkdirSync(path.dirname(path.join(GOLDEN, f)), { recursive: true });
        writeFileSync(path.join(GOLDEN, f), bytes);
      }
    }
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the same files', () => {
    const expected = listFiles(GOLDEN);
    if (JSON.stringify(Object.keys(actual)) !== JSON.stringify(expected)) {
      throw new Error(
        `the reference output files changed.\n${HOW}\nexpected: ${expected.join(', ')}\nactual:   ${Object.keys(actual).join(', ')}`,
      );
    }
    expect(expected.length).toBeGreaterThan(5);
  });

  test('every file byte for byte', () => {
    const differing = listFiles(GOLDEN).filter((f) => !actual[f] || !actual[f].equals(readFileSync(path.join(GOLDEN, f))));
    if (differing.length > 0) {
      const f = differing[0];
      const want = readFileSync(path.join(GOLDEN, f), 'utf8').split('\n');
      const got = (actual[f]?.toString('utf8') ?? '').split('\n');
      const line = want.findIndex((l, i) => l !== got[i]);
      throw new Error(
        `${differing.length} reference output file(s) differ from test/golden/reference: ${differing.join(', ')}.\n` +
          `first difference: ${f} line ${line + 1}\n  golden: ${JSON.stringify(want[line])}\n  actual: ${JSON.stringify(got[line])}\n${HOW}`,
      );
    }
  });
});
