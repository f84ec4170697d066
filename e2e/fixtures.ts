/**
 * Playwright fixtures: the built extension (dist/) loaded in Debian Chromium, talking to a
 * local HTTPS fake pypi.org, fully offline (house-style.md item 9, toolchain.md).
 *
 * - `siteSpec` (option): what the fake index serves; default `sampleprojectSite()`.
 *   Override per file or describe: `test.use({ siteSpec: {...} })`.
 * - `siteLayout` (option): the project pages' layout, `legacy` (default) or `2026`.
 * - `site`: the site directory built from `siteSpec` (a fresh temp dir, removed afterwards).
 *   Override with a ready directory: `test.use({ site: '/path/to/site' })`.
 * - `fakePypi`: the HTTPS server on that site (`port`, `spkiPin`, `requests`).
 * - `context`: a persistent Chromium context with a fresh profile and the extension loaded;
 *   pypi.org and test.pypi.org resolve to the fake, every other host fails to resolve.
 * - `serviceWorker`, `extensionId`: the extension's MV3 worker and its id.
 */
import { test as base, chromium, type BrowserContext, type Worker } from '@playwright/test';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findBrowser } from '../scripts/find-browser.js';
import { repoRoot } from '../test/fixtures.js';
import { startFakePypi, type FakePypi } from './fake-pypi/server.js';
import {
  buildSite,
  removeSite,
  sampleprojectSite,
  type PageLayout,
  type SiteSpec,
} from './site.js';

/** Found by walking up, so this also works bundled into .cache/ (scripts/run-ts.js). */
export const REPO_ROOT = repoRoot();

/** The unpacked extension under test; PYPI_PROVENANCE_EXTENSION_DIR overrides dist/. */
export const EXTENSION_DIR = resolve(
  process.env.PYPI_PROVENANCE_EXTENSION_DIR ?? join(REPO_ROOT, 'dist'),
);

/** Hosts the fake index answers for (one site folder each). */
export const FAKE_HOSTS = ['pypi.org', 'test.pypi.org'] as const;

/**
 * Flags that keep Chromium quiet on a closed network (toolchain.md; without them it floods the
 * network with background requests). playwright.config.ts repeats them for the `browser` fixture.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const WORKER_START_TIMEOUT = 15_000;

/** CHROME_PATH, else /usr/bin/chromium (or another standard location). */
export function chromiumPath(): string {
  const found = findBrowser();
  if (!found.ok) throw new Error(found.message);
  return found.path;
}

export function popupUrl(extensionId: string, tabId?: number): string {
  const query = tabId === undefined ? '' : `?tabId=${tabId}`;
  return `chrome-extension://${extensionId}/src/popup/index.html${query}`;
}

function assertBuilt(): void {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(
      `${join(EXTENSION_DIR, 'manifest.json')} is missing: run npm run build first (npm run e2e does)`,
    );
  }
}

export interface E2EFixtures {
  siteSpec: SiteSpec;
  siteLayout: PageLayout;
  site: string;
  fakePypi: FakePypi;
  serviceWorker: Worker;
  extensionId: string;
}

export const test = base.extend<E2EFixtures>({
  siteSpec: [sampleprojectSite(), { option: true }],
  siteLayout: ['legacy', { option: true }],

  site: async ({ siteSpec, siteLayout }, use) => {
    const dir = buildSite(siteSpec, { layout: siteLayout });
    try {
      await use(dir);
    } finally {
      removeSite(dir);
    }
  },

  fakePypi: async ({ site }, use) => {
    const server = await startFakePypi({ site });
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },

  context: async ({ fakePypi }, use) => {
    assertBuilt();
    const profile = mkdtempSync(join(tmpdir(), 'pypi-provenance-profile-'));
    const target = `127.0.0.1:${fakePypi.port}`;
    // The fake hosts go to the server; every other name (and IP literal) fails to resolve, so
    // nothing leaves the machine even where a network exists. Loopback stays reachable.
    const rules = [
      ...FAKE_HOSTS.map((host) => `MAP ${host} ${target}`),
      'MAP * ~NOTFOUND',
      'EXCLUDE localhost',
      'EXCLUDE 127.0.0.1',
    ].join(', ');
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath(),
        headless: true,
        timeout: 30_000,
        args: [
          ...CHROMIUM_ARGS,
          `--disable-extensions-except=${EXTENSION_DIR}`,
          `--load-extension=${EXTENSION_DIR}`,
          `--host-resolver-rules=${rules}`,
          `--ignore-certificate-errors-spki-list=${fakePypi.spkiPin}`,
        ],
      });
      await use(context);
    } finally {
      await context?.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    }
  },

  serviceWorker: async ({ context }, use) => {
    const isExtension = (w: Worker) => w.url().startsWith('chrome-extension://');
    // Listen before looking, so a worker that starts in between is not missed.
    const started = context.waitForEvent('serviceworker', {
      predicate: isExtension,
      timeout: WORKER_START_TIMEOUT,
    });
    started.catch(() => undefined);
    const worker =
      context.serviceWorkers().find(isExtension) ??
      (await started.catch((err: unknown) => {
        throw new Error(
          `the extension's service worker did not start within ${WORKER_START_TIMEOUT} ms ` +
            `(does ${EXTENSION_DIR}/manifest.json name a worker that loads?)`,
          { cause: err },
        );
      }));
    await use(worker);
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
});

export { expect } from '@playwright/test';
