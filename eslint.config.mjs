// Lint: typescript-eslint recommended rules (no type information, to stay fast), formatting by Prettier.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'build/**', 'dist/**', 'imports/**', 'docs/api/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'log'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.test.ts'],
    rules: {
      'no-console': 'error',
      // Performance: on Node 20 (V8 11.3) an object literal with anything after a spread (`{ ...a, b }`) takes the
      // slow path, about 1-2 µs per call against 0.1 µs for Object.assign (bench/README.md). The library's
      // per-object code runs tens of thousands of times per synth, so it writes Object.assign({}, a, { b }).
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement ~ *',
          message: 'Write Object.assign({}, a, { b }) instead of { ...a, b }: a property after a spread is slow in V8 (see eslint.config.mjs).',
        },
      ],
    },
  },
);
