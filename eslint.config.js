import js from '@eslint/js';
import { readdirSync } from 'node:fs';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const serverTypesOnly = { group: ['**/server/**'], allowTypeImports: true, message: 'The console imports server types only' };
const tests = ['**/*.test.ts', '**/*.test.tsx'];
const layeredTests = ['{shared,server,client}/**/*.test.{ts,tsx}'];

/**
 * Which folder may import which (paths from the repository root). Imports flow one way: shared/
 * → server/ and client/; in the console ui/ and lib/ → features/ → app/, and a feature never
 * reaches another one. `forTests` loosens two things for test files only: a feature's tests use
 * the test harness in client/test/, and the verifier's tests plug in both hosts' HMAC adapters to
 * show that it answers alike on the server and in the browser (docs/decisions/0005).
 */
function layerZones({ forTests }) {
  const hostAdapters = forTests ? { server: ['./token/hmac.ts'], client: ['./lib/hmac-webcrypto.ts'] } : { server: [], client: [] };
  const shared = 'shared/ is pure and runs on every host: it imports nothing from server/, client/, e2e/ or tests/.';
  const features = readdirSync(`${root}/client/features`, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return [
    { target: './shared', from: './server', except: hostAdapters.server, message: shared },
    { target: './shared', from: './client', except: hostAdapters.client, message: shared },
    { target: './shared', from: ['./e2e', './tests'], message: shared },
    { target: './server', from: './client', except: hostAdapters.client, message: 'The server never imports the console.' },
    ...features.map(({ name }) => ({
      target: `./client/features/${name}`,
      from: './client/features',
      except: [`./${name}`],
      message: 'A feature never imports another feature; move what both need to ui/ or lib/.',
    })),
    {
      target: './client/features',
      from: ['./client/app', './client/demo', ...(forTests ? [] : ['./client/test'])],
      message: 'A feature imports only ui/, lib/, shared/ and its own files.',
    },
    {
      target: ['./client/ui', './client/lib'],
      from: ['./client/features', './client/app'],
      message: 'ui/ and lib/ are shared by every feature and import none.',
    },
  ];
}

export default tseslint.config(
  { ignores: ['client/demo-public/', 'dist/', 'dist-demo/', 'node_modules/', 'data/', 'e2e/output/', 'server/store/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // Typed rules: a promise nobody awaits loses its error; a switch over a union names every member.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // Configuration is read once, in server/env.ts.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through server/env.ts' }],
    },
  },
  {
    // Plain JavaScript (the widget script, this file) is in no tsconfig: no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['server/env.ts', 'server/main.ts', 'tests/**', 'e2e/**', 'examples/**', 'scripts/start.mjs', 'bench/**', '*.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['shared/**/*.{ts,tsx}', 'server/**/*.{ts,tsx}', 'client/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // The repository imports with explicit .ts extensions, and #platform/crypto through package.json `imports`.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'], conditionNames: ['import', 'default'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones({ forTests: false }) }],
    },
  },
  {
    files: layeredTests,
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones({ forTests: true }) }] },
  },
  {
    files: ['client/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The console reaches the server only through types (the AppRouter), never its code. Demo
    // mode and the component tests are hosts of the server's own code (its router, services and
    // store factories over PGlite), so they are not the console.
    files: ['client/**'],
    ignores: ['client/demo/**', 'client/test/**', ...tests],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [serverTypesOnly] }] },
  },
);
