import { reviewBenchObjects } from '../../bench/review-matrix';
import { formatProblems, validateManifests } from '../../lib/core/validation';
import { connectivityMatrix } from '../../lib/review';

process.env.VSPHERE_K8S_SILENCE_WARNINGS = '1';

// The stack of the matrix benchmark (bench/review-matrix.ts): real objects, and a matrix the policies decide. No timing.
test('the review matrix benchmark stack is valid, sized as asked, and its policies decide connections', () => {
  const objects = reviewBenchObjects(120); // 5 blocks of 20 + 4 objects
  expect(objects).toHaveLength(120);
  const r = validateManifests(objects);
  if (!r.valid) throw new Error(formatProblems(r.problems));
  const m = connectivityMatrix(objects);
  expect(m.sources).toHaveLength(11); // 10 workloads + outside
  expect(m.targets.map((t) => `${t.pod}:${t.port}`).slice(0, 2)).toEqual(['t00000-db/postgres:5432', 't00000-web/web:8080']);
  const results = new Set(m.cells.map((c) => c.verdict.result));
  expect([...results].sort()).toEqual(['allowed', 'denied']);
});
