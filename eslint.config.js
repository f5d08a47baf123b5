import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const serverTypesOnly = { group: ['**/server/**'], allowTypeImports: true, message: 'The console imports server types only' };

export default tseslint.config(
  { ignores: ['client/demo-public/', 'dist/', 'dist-demo/', 'node_modules/', 'data/', 'e2e/output/', 'server/store/migrations/'] },
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
    files: ['client/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // The console reaches the server only through types (the AppRouter), never its code.
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [serverTypesOnly] }],
    },
  },
  {
    // Imports flow one way: ui/ and lib/ → features/ → app/. A feature never reaches another one.
    files: ['client/features/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [serverTypesOnly, { regex: '^\\.\\./([^.]|\\.\\./app/)', message: 'A feature imports only ui/, lib/, shared/ and its own files' }] },
      ],
    },
  },
  {
    files: ['client/ui/**', 'client/lib/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [serverTypesOnly, { group: ['../features/**', '../app/**'], message: 'ui/ and lib/ are shared by every feature and import none' }] },
      ],
    },
  },
);
