/// <reference types="vitest/config" />
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { FIREFOX_MIN_VERSION } from './scripts/find-firefox.js';
import { slimSigstore } from './scripts/slim-sigstore.js';

const shim = (file: string): string =>
  fileURLToPath(new URL(`./src/shims/${file}`, import.meta.url));

/**
 * The extension build. sigstore-js calls Node's synchronous crypto, `util` and the global
 * `Buffer` (src/core imports `buffer`); in the service worker those resolve to small audited
 * shims, crypto built on @noble (see src/shims and docs in the README). Vitest runs sigstore with Node's real crypto, so
 * the shims are tested separately and the built bundle is tested end to end.
 */
/** Ships every state icon (the toolbar icon changes with the release state). */
function stateIcons(): Plugin {
  return {
    name: 'state-icons',
    generateBundle() {
      for (const file of readdirSync('icons').filter((f) => f.endsWith('.png'))) {
        this.emitFile({
          type: 'asset',
          fileName: `icons/${file}`,
          source: readFileSync(`icons/${file}`),
        });
      }
    },
  };
}

/**
 * Firefox MV3 wants background scripts (no service worker yet), an add-on id, and a statement
 * of what data the add-on collects: none.
 */
function firefoxManifest(): typeof manifest {
  const { background, ...rest } = manifest;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      gecko: {
        id: 'pypi-provenance@pypi-provenance.github.io',
        // scripts/find-firefox.js: CI and the Firefox e2e suite check the browser against it.
        strict_min_version: FIREFOX_MIN_VERSION,
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as unknown as typeof manifest;
}

/**
 * TEST builds only (scripts/build-test-extension.js): PYPI_PROVENANCE_TRUSTED_ROOT names a
 * trusted_root.json (e.g. a test Sigstore instance's, test/sigstore-instance) bundled in place
 * of the Sigstore production root. Such a build trusts whoever holds that root's keys: it is
 * never to be shipped. Unset (every normal build), nothing below changes the build.
 */
const testTrustedRoot = process.env.PYPI_PROVENANCE_TRUSTED_ROOT
  ? resolvePath(process.env.PYPI_PROVENANCE_TRUSTED_ROOT)
  : undefined;
/**
 * TEST builds only, with PYPI_PROVENANCE_TRUSTED_ROOT: PYPI_PROVENANCE_TUF_ROOT names a TUF
 * root.json bundled in place of Sigstore's as the start of the optional trust-root refresh
 * (a TUF repository signed with test keys, test/tuf-repo).
 */
const testTufRoot =
  testTrustedRoot && process.env.PYPI_PROVENANCE_TUF_ROOT
    ? resolvePath(process.env.PYPI_PROVENANCE_TUF_ROOT)
    : undefined;

/** Shouts that this is a TEST build, at its start and end, and marks the output folder. */
function testBuildWarning(root: string): Plugin {
  const banner = [
    '',
    '!'.repeat(78),
    '!!  TEST BUILD: the bundled Sigstore trusted root is NOT the production root.',
    `!!  PYPI_PROVENANCE_TRUSTED_ROOT=${root}`,
    '!!  Attestations signed with that root verify. NEVER ship or publish this build.',
    '!'.repeat(78),
    '',
  ].join('\n');
  return {
    name: 'test-build-warning',
    buildStart() {
      console.warn(banner);
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'TEST-BUILD-DO-NOT-SHIP.txt',
        source: `${banner.trim()}\n`,
      });
    },
    closeBundle() {
      console.warn(banner);
    },
  };
}

export default defineConfig(({ mode }) => ({
  plugins: [
    ...(testTrustedRoot ? [testBuildWarning(testTrustedRoot)] : []),
    // Like the crypto/util aliases below: the extension build only (vitest keeps the package).
    ...(process.env.VITEST ? [] : [slimSigstore()]),
    stateIcons(),
    preact(),
    crx({
      manifest: mode === 'firefox' ? firefoxManifest() : manifest,
      browser: mode === 'firefox' ? 'firefox' : 'chrome',
      // A self-contained content script: no loader chunk in web_accessible_resources that
      // pypi.org pages could probe to detect the extension.
      contentScripts: { standaloneFiles: ['src/content/main.ts'] },
    }),
  ],
  resolve: {
    // Only for the extension build: under vitest, Node code (CLI, tests) keeps Node's modules.
    alias: [
      ...(process.env.VITEST
        ? []
        : [
            { find: /^(node:)?crypto$/, replacement: shim('crypto.ts') },
            { find: /^(node:)?util$/, replacement: shim('util.ts') },
            { find: /^(node:)?buffer$/, replacement: shim('buffer.ts') },
          ]),
      // TEST builds only: see testTrustedRoot above. The whole specifier is replaced
      // (`$` escaped for String.replace).
      ...(testTrustedRoot
        ? [
            {
              find: /^.*\/generated\/trusted-root\.json$/,
              replacement: testTrustedRoot.replaceAll('$', '$$$$'),
            },
          ]
        : []),
      ...(testTufRoot
        ? [
            {
              find: /^.*\/generated\/tuf-root\.json$/,
              replacement: testTufRoot.replaceAll('$', '$$$$'),
            },
          ]
        : []),
    ],
  },
  build: {
    target: 'chrome123',
    cssTarget: 'chrome123',
    outDir: mode === 'firefox' ? 'dist-firefox' : 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      // The verification code (core, sigstore-js, shims) is its own entry, which the worker
      // imports statically (service workers cannot import() lazily) and which tests load in
      // Node with its real export names: the code users run is the code tested.
      // The check page is opened from the popup and options page, not named by the manifest.
      input: { verifier: 'src/background/verifier.ts', check: 'src/check/index.html' },
      output: {
        // Stable names: tests load the built verifier chunk directly (the code users run is
        // the code tested), and extensions need no cache-busting hashes.
        chunkFileNames: 'assets/[name].js',
        entryFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    reporters: ['default'],
  },
}));
