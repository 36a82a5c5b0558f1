// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** DESIGN.md §2: what each package may not import. Enforced here and by project references. */
const boundaries = {
  'packages/model/src/**': {
    patterns: [
      { group: ['node:*'], message: 'model is pure: no node:* or I/O (DESIGN.md §2).' },
      { group: ['@twingraph/*', 'twingraph'], message: 'model imports no other TwinGraph package.' },
    ],
  },
  'packages/core/src/**': {
    patterns: [
      { group: ['@twingraph/store-*', '@twingraph/executor-*', '@twingraph/queue-*', 'twingraph', '@twingraph/testing'], message: 'core must not import adapters (DESIGN.md §2).' },
      { group: ['bullmq', 'better-sqlite3', 'gremlin', 'fastify', 'react', 'pg', 'ioredis'], message: 'core must not import adapter or framework libraries.' },
    ],
  },
  'packages/store-*/src/**': {
    patterns: [{ group: ['@twingraph/store-*', '@twingraph/executor-*', '@twingraph/queue-*', 'twingraph'], message: 'adapters import only core and model.' }],
  },
  'packages/executor-*/src/**': {
    patterns: [{ group: ['@twingraph/store-*', '@twingraph/executor-*', '@twingraph/queue-*', 'twingraph'], message: 'adapters import only core and model.' }],
  },
  'apps/web/src/**': {
    patterns: [
      { group: ['node:*'], message: 'The web app runs in browsers: no node:* (DESIGN.md §2).' },
      { group: ['@twingraph/core', '@twingraph/core/*', '@twingraph/store-*', '@twingraph/executor-*', '@twingraph/queue-*', '@twingraph/server', '@twingraph/testing', 'twingraph', 'twingraph/*'], message: 'apps/web imports only model, protocol and client (DESIGN.md §2).' },
    ],
  },
  'packages/queue-*/src/**': {
    patterns: [{ group: ['@twingraph/store-*', '@twingraph/executor-*', '@twingraph/queue-*', 'twingraph'], message: 'adapters import only core and model.' }],
  },
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'bench/out/**', '**/*.d.ts', 'apps/web/public/**', '*.config.js', '**/*.mjs', '**/*.js', '**/fixtures/syntax-error.fixture.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { project: ['./tsconfig.eslint.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'off',
      // Abort and cancellation reasons are `unknown` by design (AbortSignal.reason).
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // The web app is type-checked with its own tsconfig (DOM lib, JSX, bundler resolution).
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { project: ['./apps/web/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test-support.ts', 'examples/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...Object.entries(boundaries).map(([glob, rule]) => ({ files: [glob], rules: { 'no-restricted-imports': ['error', rule] } })),
);
