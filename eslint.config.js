import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layers of ../shared/reference/architecture.md, as rules rather than conventions.
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'net', 'tls', 'http', 'https', 'crypto', 'child_process', 'events', 'url', 'util', 'stream'];
const layer = (files, groups, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Type-aware checks that catch lifecycle bugs: a dropped promise is a silent failure.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  { files: ['eslint.config.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  layer(
    ['src/shared/**'],
    ['electron', 'react', 'react-dom', ...NODE_BUILTINS, '**/main/**', '**/renderer/**', '**/preload/**'],
    'src/shared is the contract and domain types: it imports nothing platform-specific.',
  ),
  layer(
    ['src/renderer/**'],
    ['electron', ...NODE_BUILTINS, '**/main/**', '**/preload/**'],
    'The renderer talks only to the injected Api; it never imports main, preload or Node.',
  ),
  layer(
    ['src/main/engine/**'],
    ['electron', '**/desktop/**', '**/headless/**', '**/renderer/**', '**/preload/**'],
    'The engine is plain Node: it never imports electron or a door.',
  ),
  layer(
    ['src/main/headless/**'],
    ['electron', '**/desktop/**', '**/renderer/**', '**/preload/**'],
    'The headless door never imports electron or the desktop door.',
  ),
  layer(
    ['src/main/desktop/**'],
    ['**/headless/**', '**/renderer/**', '**/preload/**'],
    'The desktop door binds the engine to Electron; it does not reach into the other door.',
  ),
  layer(
    ['src/preload/**'],
    ['**/main/**', '**/renderer/**', ...NODE_BUILTINS],
    'The preload exposes the contract and nothing else.',
  ),
  layer(
    ['test/**', 'scripts/**', '*.config.ts'],
    ['electron'],
    'Only src/main/desktop and src/preload import electron.',
  ),
  {
    // A focused test skips every other test in its file and still reports green.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name=/^(describe|it|test|suite|bench)$/][property.name='only']",
          message: 'Focused tests (.only) skip the rest of the suite; remove it before committing.',
        },
        {
          selector: "MemberExpression[object.type='MemberExpression'][object.object.name=/^(describe|it|test)$/][property.name='only']",
          message: 'Focused tests (.only) skip the rest of the suite; remove it before committing.',
        },
      ],
    },
  },
  {
    files: ['scripts/**', 'test/harness/**'],
    rules: { 'no-console': 'off' },
  },
);
