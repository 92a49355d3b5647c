// ESLint (flat config, typescript-eslint with type information), run by `npm test` (scripts/test.mjs).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      // git-ignored work folders: tool installs, toolchain builds of quick-fix snapshots, bench data
      '.tools/**',
      '.cache/**',
      '.bench/**',
      '**/node_modules/**',
      '**/out/**',
      'test/fixtures/**',
      'test/e2e/workspace/**',
      'test/toolchains/**',
      'test/runtime/**',
      'scripts/**',
      'bench/**',
      '.tools/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // promises: every one awaited, returned, or marked `void` on purpose
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, properties: false } },
      ],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // the code base uses `require()` on purpose to load heavy modules on first use
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-control-regex': 'off',
      // V8's linear-time engine (`--enable-experimental-regexp-engine`) takes the `l` flag
      'no-invalid-regexp': ['error', { allowConstructorFlags: ['l'] }],
      // request and notification types are namespaces, as in vscode-languageserver-protocol
      '@typescript-eslint/no-namespace': 'off',
    },
  },
);
