import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layer rules (see test/unit/layers.test.ts for the same rules as a test):
// - electron/core, host, serve and cli are plain Node: they run in the CLI and `porter serve` too;
// - renderer/ also runs in a plain browser, so no Node builtins and no Electron;
// - only the preload touches ipcRenderer, and exposes one function per contract operation.
const rawIpc = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'Only electron/preload talks to ipcRenderer; use window.porter (the contract bridge).',
};
const noElectron = {
  name: 'electron',
  message: 'This layer also runs outside Electron (CLI, porter serve); Electron code belongs in electron/main.',
};
const nodeBuiltins = builtinModules
  .filter((name) => !name.startsWith('_'))
  .map((name) => ({ name, message: 'The renderer also runs in a plain browser: reach Node through the contract.' }));

export default defineConfig(
  {
    ignores: ['out/', 'node_modules/', 'test/fixtures/', 'release/', 'bench/.work/', 'test-results/', 'playwright-report/',
      // The demo project's own site files are content Porter ships, not Porter's code.
      'demo/assets/', 'demo/*/static/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { paths: [rawIpc] }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='ipcRenderer']", message: rawIpc.message },
      ],
    },
  },
  {
    files: ['electron/core/**', 'electron/host/**', 'electron/serve/**', 'electron/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['renderer/**'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeBuiltins],
          patterns: [{ group: ['node:*'], message: 'The renderer also runs in a plain browser: reach Node through the contract.' }],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**'],
    rules: { 'no-restricted-imports': 'off', 'no-restricted-syntax': 'off' },
  },
);
