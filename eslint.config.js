import js from '@eslint/js';
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
);
