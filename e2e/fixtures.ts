/**
 * Playwright fixtures: the built extension (dist/) loaded in Debian Chromium, talking to a
 * local HTTPS fake pypi.org, fully offline (house-style.md item 9, toolchain.md).
 *
 * - `siteSpec` (option): what the fake index serves; default `sampleprojectSite()`.
 *   Override per file or describe: `test.use({ siteSpec: {...} })`.
 * - `siteLayout` (option): the project pages' layout, `legacy` (default) or `2026`.
 * - `siteProjectTabs` (option): the project pages carry warehouse's tab behaviour (only one
 *   panel shown, as on pypi.org once its script has run: e2e/site.ts `withProjectTabs`);
 *   default false, every panel shown.
 * - `site`: the site directory built from `siteSpec` (a fresh temp dir, removed afterwards).
 *   Override with a ready directory: `test.use({ site: '/path/to/site' })`.
 * - `fakePypi`: the HTTPS server on that site (`port`, `spkiPin`, `requests`).
 * - `context`: a persistent Chromium context with a fresh profile and the extension loaded;
 *   pypi.org and test.pypi.org resolve to the fake, every other host fails to resolve.
 * - `serviceWorker`, `extensionId`: the extension's MV3 worker and its id.
 * - `extensionBuild` (option): which build the context loads: `dist` (default, the production
 *   build), `test-root` (a TEST build whose trusted root is the test Sigstore instance's, see
 *   test/sigstore-instance) or `stale-root` (the production root, taken > 180 days ago).
 *   The extra builds are made on first use, once per run (shared by the workers, see
 *   e2e/global-setup.ts), into a temp dir.
 * - `testInstance` (worker): the test Sigstore instance the `test-root` build trusts.
 */
import { test as base, chromium, type BrowserContext, type Worker } from '@playwright/test';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { findBrowser } from '../scripts/find-browser.js';
import { repoRoot } from '../test/fixtures.js';
import {
  createTestInstance,
  loadInstance,
  saveInstance,
  TRUSTED_ROOT_FILE,
  type TestInstance,
} from '../test/sigstore-instance/index.js';
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

// ---------------------------------------------------------------------------------------------
// Extra builds (issue 4): the TEST build with the test Sigstore instance's root, and a build
// whose trust root was taken more than 180 days ago. Made on first use, once per run.

/** Which extension the context loads (see the header). */
export type ExtensionBuild = 'dist' | 'test-root' | 'stale-root';

/** The seed of the test Sigstore instance the `test-root` build trusts. */
export const E2E_SEED = 'pypi-provenance e2e';

/** Days before now that the `stale-root` build says its trust root was taken (> 180). */
export const STALE_ROOT_AGE_DAYS = 200;

/** The worker's import of the trust root's date (src/background/verifier.ts). */
const TRUST_INFO_IMPORT = /^.*\/generated\/trust-info\.json$/;

/** Set by e2e/global-setup.ts: a temp dir the workers share for the extra builds. */
export const BUILDS_ENV = 'PYPI_PROVENANCE_E2E_BUILDS';

const BUILD_TIMEOUT = 180_000;
const run = promisify(execFile);

let ownBuildsDir: string | undefined;

/** The shared builds dir, or (no global setup, e.g. another config) one for this worker. */
function buildsDir(): string {
  const shared = process.env[BUILDS_ENV];
  if (shared) return shared;
  if (ownBuildsDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'pypi-provenance-e2e-builds-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    ownBuildsDir = dir;
  }
  return ownBuildsDir;
}

/** Node for the build scripts, without Playwright's loader hooks (NODE_OPTIONS). */
function buildEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  return env;
}

async function node(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(process.execPath, args, {
      cwd: REPO_ROOT,
      env,
      timeout: BUILD_TIMEOUT,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(
      `node ${args.join(' ')} failed: ${e.message}\n${e.stderr ?? ''}${e.stdout ?? ''}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Runs `make(dir)` once across the run's workers: the first caller takes `<name>.lock`
 * (mkdir is atomic), builds into `<name>/` and marks `<name>.done`; the others wait for it.
 */
async function once(name: string, make: (dir: string) => Promise<void>): Promise<string> {
  const root = buildsDir();
  const dir = join(root, name);
  const done = `${dir}.done`;
  const failed = `${dir}.failed`;
  if (existsSync(done)) return dir;
  let mine = false;
  try {
    mkdirSync(`${dir}.lock`);
    mine = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (mine) {
    try {
      await make(dir);
      writeFileSync(done, '');
      return dir;
    } catch (err) {
      writeFileSync(failed, String(err instanceof Error ? err.message : err));
      throw err;
    }
  }
  const deadline = Date.now() + BUILD_TIMEOUT;
  while (Date.now() < deadline) {
    if (existsSync(done)) return dir;
    if (existsSync(failed)) {
      throw new Error(`${name} (built by another worker) failed:\n${readFileSync(failed, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not built within ${BUILD_TIMEOUT} ms (by another worker)`);
}

/** The test Sigstore instance, saved (trusted_root.json, instance.json) in the builds dir. */
export function testInstanceDir(): Promise<string> {
  return once('test-instance', async (dir) => {
    saveInstance(createTestInstance({ seed: E2E_SEED }), dir);
  });
}

/** Builds (once) and returns the unpacked extension for `kind`. */
export async function extensionBuildDir(kind: ExtensionBuild): Promise<string> {
  if (kind === 'dist') {
    assertBuilt();
    return EXTENSION_DIR;
  }
  if (kind === 'test-root') {
    const instance = await testInstanceDir();
    return once('test-root-extension', async (dir) => {
      await node(
        [
          join(REPO_ROOT, 'scripts', 'build-test-extension.js'),
          join(instance, TRUSTED_ROOT_FILE),
          dir,
          '--logLevel',
          'error',
        ],
        buildEnv(),
      );
    });
  }
  return once('stale-root-extension', async (dir) => {
    // scripts/build-trust-root.js writes src/generated/ beside itself: run a copy of it in a
    // scratch tree (its node_modules linked) with SOURCE_DATE_EPOCH, so the repository's own
    // src/generated/ (which every other build uses) is never touched.
    const scratch = `${dir}-trust`;
    mkdirSync(join(scratch, 'scripts'), { recursive: true });
    copyFileSync(
      join(REPO_ROOT, 'scripts', 'build-trust-root.js'),
      join(scratch, 'scripts', 'build-trust-root.js'),
    );
    if (!existsSync(join(scratch, 'node_modules'))) {
      symlinkSync(join(REPO_ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    }
    const epoch = Math.floor(Date.now() / 1000) - STALE_ROOT_AGE_DAYS * 24 * 60 * 60;
    await node(
      [join(scratch, 'scripts', 'build-trust-root.js')],
      buildEnv({ SOURCE_DATE_EPOCH: String(epoch) }),
    );
    const trustInfo = join(scratch, 'src', 'generated', 'trust-info.json');
    // A build that old bundled a TUF root whose signing period has long begun: Sigstore's newer
    // root is out (src/ui/freshness.ts). Today's seeds say "due" only months from now, so the
    // build's date is moved back as an old build's would be.
    const info = JSON.parse(readFileSync(trustInfo, 'utf8')) as Record<string, unknown>;
    info.newerRootDueAt = new Date(
      Date.now() - (STALE_ROOT_AGE_DAYS - 180) * 24 * 60 * 60 * 1000,
    ).toISOString();
    writeFileSync(trustInfo, JSON.stringify(info, null, 2));
    // The normal build, with that trust-info.json in place of src/generated's.
    const script = `
      import { build } from 'vite';
      await build({
        configFile: ${JSON.stringify(join(REPO_ROOT, 'vite.config.ts'))},
        root: ${JSON.stringify(REPO_ROOT)},
        logLevel: 'error',
        build: { outDir: ${JSON.stringify(dir)}, emptyOutDir: true },
        resolve: {
          alias: [{ find: new RegExp(${JSON.stringify(TRUST_INFO_IMPORT.source)}), replacement: ${JSON.stringify(trustInfo)} }],
        },
      });`;
    await node(['--input-type=module', '-e', script], buildEnv());
    const takenAt = (JSON.parse(readFileSync(trustInfo, 'utf8')) as { takenAt: string }).takenAt;
    const assets = join(dir, 'assets');
    if (!readdirSync(assets).some((f) => readFileSync(join(assets, f), 'utf8').includes(takenAt))) {
      throw new Error(`the stale trust-info.json (takenAt ${takenAt}) was not bundled into ${dir}`);
    }
  });
}

export interface E2EFixtures {
  siteSpec: SiteSpec;
  siteLayout: PageLayout;
  siteProjectTabs: boolean;
  site: string;
  fakePypi: FakePypi;
  serviceWorker: Worker;
  extensionId: string;
  extensionBuild: ExtensionBuild;
  /** The unpacked extension the context loads (from `extensionBuild`). */
  extensionDir: string;
}

export interface E2EWorkerFixtures {
  /** The test Sigstore instance the `test-root` build trusts (signs any identity). */
  testInstance: TestInstance;
}

export const test = base.extend<E2EFixtures, E2EWorkerFixtures>({
  siteSpec: [sampleprojectSite(), { option: true }],
  siteLayout: ['legacy', { option: true }],
  siteProjectTabs: [false, { option: true }],
  extensionBuild: ['dist', { option: true }],

  extensionDir: async ({ extensionBuild }, use) => {
    await use(await extensionBuildDir(extensionBuild));
  },

  testInstance: [
    // Playwright reads a fixture's dependencies from its first parameter's pattern.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use(loadInstance(await testInstanceDir()));
    },
    { scope: 'worker' },
  ],

  site: async ({ siteSpec, siteLayout, siteProjectTabs }, use) => {
    const dir = buildSite(siteSpec, { layout: siteLayout, projectTabs: siteProjectTabs });
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

  context: async ({ fakePypi, extensionDir }, use) => {
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
          `--disable-extensions-except=${extensionDir}`,
          `--load-extension=${extensionDir}`,
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

  serviceWorker: async ({ context, extensionDir }, use) => {
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
            `(does ${extensionDir}/manifest.json name a worker that loads?)`,
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
