import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-cli/',
      'dist-firefox/',
      'packages/',
      '.cache/',
      'node_modules/',
      'src/generated/',
      'test-results/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Network data is rendered as text only: no innerHTML/outerHTML.',
        },
        {
          selector:
            "CallExpression[callee.property.name='insertAdjacentHTML'], CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
          message: 'Network data is rendered as text only.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Network data is rendered as text only.',
        },
      ],
    },
  },
  {
    // The core runs in Node, the worker and the CLI: no browser or Node globals, fetch injected.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'chrome',
        'browser',
        'fetch',
        'localStorage',
        'indexedDB',
        'process',
        'require',
        'Buffer',
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'src/core must not use Node APIs.' },
            {
              group: ['webextension-polyfill', 'preact', 'preact/*'],
              message: 'src/core is UI- and browser-free.',
            },
          ],
        },
      ],
    },
  },
  {
    // The architecture (docs/architecture.md), enforced: no import cycles anywhere in src/, and
    // each part imports only what it may.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these the rules never read a .ts file and no-cycle is silently inert.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              // The core runs in Node, the worker and the CLI: it imports nothing of the
              // extension or the CLI.
              target: 'src/core',
              from: [
                'src/background',
                'src/content',
                'src/popup',
                'src/options',
                'src/check',
                'src/shared',
                'src/ui',
                'src/cli',
                'src/shims',
              ],
              message: 'src/core imports nothing of the extension (docs/architecture.md).',
            },
            {
              // Pages reach the core only through src/shared/domain.ts, never the background.
              target: ['src/popup', 'src/options', 'src/check', 'src/content', 'src/ui'],
              from: ['src/core', 'src/background', 'src/shims', 'src/cli'],
              except: [],
              message:
                'Pages import only src/shared and src/ui (the core through src/shared/domain.ts).',
            },
            {
              // The content script is injected into every project page: shared code only,
              // no Preact UI, and no schemas (valibot) or popup/options code.
              target: 'src/content',
              from: [
                'src/ui',
                'src/popup',
                'src/options',
                'src/check',
                'src/shared/requests.ts',
                'src/shared/domain.ts',
              ],
              message:
                'The content script imports only src/shared: not its schemas, and the core only through domain-lite.ts (≤ 15 kB).',
            },
            {
              target: ['src/popup', 'src/options', 'src/check'],
              from: ['src/content'],
              message: 'Pages do not import the content script.',
            },
            { target: 'src/options', from: ['src/popup'], message: 'Shared UI lives in src/ui.' },
            { target: 'src/popup', from: ['src/options'], message: 'Shared UI lives in src/ui.' },
            {
              target: 'src/check',
              from: ['src/popup', 'src/options'],
              message: 'Shared UI lives in src/ui.',
            },
            {
              target: ['src/popup', 'src/options'],
              from: ['src/check'],
              message: 'Shared UI lives in src/ui.',
            },
            {
              // Page-only core code stays out of the worker's bundle (domain-pages.ts).
              target: ['src/background', 'src/content'],
              from: ['src/shared/domain-pages.ts'],
              message: 'domain-pages.ts is for the extension pages only (worker size budget).',
            },
            {
              // Shared code is used by every context: it imports no context's code.
              target: ['src/shared', 'src/ui'],
              from: [
                'src/background',
                'src/content',
                'src/popup',
                'src/options',
                'src/check',
                'src/cli',
              ],
              message: 'src/shared and src/ui import no context of the extension.',
            },
            {
              target: 'src/shared',
              from: ['src/ui'],
              message: 'src/shared is UI-free (the worker and content script use it).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may reach across (fixtures, the background's wording, the core's helpers).
    files: ['src/**/*.test.{ts,tsx}'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
);
