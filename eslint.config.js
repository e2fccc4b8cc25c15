import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { readdirSync } from 'node:fs';

// The layers of ../shared/reference/architecture.md, as rules rather than conventions.
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'net', 'tls', 'http', 'https', 'crypto', 'child_process', 'events', 'url', 'util', 'stream'];
const layer = (files, groups, message, ignores = [], inherited = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: [...inherited, { group: groups, message }] }] },
});
// A later layer replaces an earlier one's rule for its files, so the narrower layers repeat the engine's.
const ENGINE_IS_PLAIN_NODE = {
  group: ['electron', '**/desktop/**', '**/headless/**', '**/renderer/**', '**/preload/**'],
  message: 'The engine is plain Node: it never imports electron or a door.',
};

// The engine's capabilities (src/main/engine/capabilities/<name>): each may use the kernel and
// src/shared, never another capability; the kernel and the capabilities never reach up into
// the composition (engine.ts, registry.ts, handlers.ts, the store's migration list).
const CAPABILITIES = readdirSync(new URL('./src/main/engine/capabilities/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const COMPOSITION = ['**/engine.ts', '**/registry.ts', '**/handlers.ts', '**/migrations.ts', '**/store.ts', '**/store-writer-worker.ts'];
const capabilityLayers = CAPABILITIES.map((name) =>
  layer(
    [`src/main/engine/capabilities/${name}/**`],
    [...CAPABILITIES.filter((other) => other !== name).map((other) => `**/${other}/**`), ...COMPOSITION],
    `A capability uses the kernel and src/shared, never another capability's internals nor the engine's composition: move what both need into src/main/engine/kernel.`,
    ['**/*.test.ts'],
    [ENGINE_IS_PLAIN_NODE],
  ),
);

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
  layer(['src/main/engine/**'], ENGINE_IS_PLAIN_NODE.group, ENGINE_IS_PLAIN_NODE.message),
  ...capabilityLayers,
  layer(
    ['src/main/engine/kernel/**'],
    ['**/capabilities/**', ...COMPOSITION],
    'The kernel is what every capability uses: it never imports a capability or the engine composed from them.',
    ['**/*.test.ts', 'src/main/engine/kernel/deployments/deployment-test-engine.ts'],
    [ENGINE_IS_PLAIN_NODE],
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
