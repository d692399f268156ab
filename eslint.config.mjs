// Lint rules for the whole repository (`npm run lint`, part of `npm test`). typescript-eslint's
// recommended type-free set, plus the rules this codebase relies on: no silent catch (a caught
// error is handled by name or reported), no floating promise left unmarked, and imports that
// keep the architecture's layers (the architecture test checks the layers themselves).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'catalogs/**', 'test/e2e/workspace/**', 'test/e2e/workspace-trust/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A catch block says what it expects or reports what it got: an empty one hides failures.
      'no-empty': ['error', { allowEmptyCatch: false }],
      // node:test's describe/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: true,
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Control characters are what hostile-input code and its tests are about.
      'no-control-regex': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': 'error',
    },
  },
  {
    // What ships: a catch names the error it expects and handles that, rethrowing or reporting the rest.
    files: ['server/**/*.ts', 'client/**/*.ts', 'protocol/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CatchClause[param=null]',
          message: 'Bind the error: handle what you expect by name, rethrow or report the rest (see ARCHITECTURE.md, Errors).',
        },
      ],
    },
  },
  {
    // The start of dist/cli.js runs before any bundle is loaded: it takes Node's modules with require().
    files: ['server/src/cli/compileCacheLoader.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
);
