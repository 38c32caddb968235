import { EXAMPLE_KEY, SOLUTION_CONFIG_KEYS } from '../../lib/solution/config-keys';
import { checkShape, SHAPE_KEYS, solutionConfigJsonSchema } from '../../lib/solution/config-shape';
import { execFileSync } from 'child_process';
import { defaultSolutionInput } from '../../lib/solution/config';
import { Reporter } from '../../lib/core/reader';

/** A reporter that throws the loader's message, as the loaders do. */
const THROWING: Reporter = {
  fail: (path, value, allowed) => {
    throw new Error(`${path.join('.')}: got ${JSON.stringify(value)}, expected ${allowed}`);
  },
};

describe('the loader reads the shape lazily (issue 15: the reference synth never loads TypeBox)', () => {
  test('config-keys.ts lists the same top-level keys as the TypeBox shape, in the same order', () => {
    expect(SOLUTION_CONFIG_KEYS).toEqual(SHAPE_KEYS);
    expect(Object.keys((solutionConfigJsonSchema().properties as object) ?? {})).toEqual([...SHAPE_KEYS, EXAMPLE_KEY]);
  });

  test('the built-in example config satisfies the shape (it is not shape-checked at run time)', () => {
    expect(() => checkShape(THROWING, defaultSolutionInput())).not.toThrow();
    expect(() => checkShape(THROWING, Object.assign(defaultSolutionInput(), { clusterName: 5 }))).toThrow(
      /^clusterName: got 5, expected a string/,
    );
  });

  test('loading the default config does not load TypeBox; reading a config source does', () => {
    const script = `
      const loaded = () => Object.keys(require.cache).some((k) => k.includes('@sinclair/typebox'));
      const c = require(${JSON.stringify(require.resolve('../../lib/solution/config'))});
      c.loadSolutionConfig(undefined, { env: {} });
      const before = loaded();
      c.parseSolutionConfig('clusterName: demo', 'inline', { env: {} });
      process.stdout.write(JSON.stringify({ before, after: loaded() }));
    `;
    // a fresh process: jest's module registry is not node's require.cache
    const out = execFileSync(process.execPath, ['-r', require.resolve('../support/ts-register.js'), '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ before: false, after: true });
  });
});
