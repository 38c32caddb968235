/**
 * Preloaded with `node -r build/bench/preload.js <app>` by bench/run.ts to measure an app in-process: the time from
 * this preload (after Node's own start-up) to process exit, and the process's peak RSS. Writes one JSON object to the
 * file named by `VKC_BENCH_RESULT`.
 */
import { writeFileSync } from 'fs';
import { performance } from 'perf_hooks';

const startedAt = performance.now();
const resultFile = process.env.VKC_BENCH_RESULT;

if (resultFile) {
  process.on('exit', (code) => {
    const result = { wallMs: performance.now() - startedAt, maxRssMB: process.resourceUsage().maxRSS / 1024, exitCode: code };
    writeFileSync(resultFile, JSON.stringify(result));
  });
}
