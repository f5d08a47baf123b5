import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-demo/', 'node_modules/', 'data/', 'e2e/output/', 'server/store/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Configuration is read once, in server/env.ts.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through server/env.ts' }],
    },
  },
  {
    files: ['server/env.ts', 'server/main.ts', 'tests/**', 'e2e/**', 'examples/**', '*.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The console reaches the server only through types (the AppRouter), never its code.
    files: ['client/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**'], allowTypeImports: true, message: 'The console imports server types only' }] },
      ],
    },
  },
);
