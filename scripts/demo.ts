/**
 * `npm run demo`: the built extension against the local fake pypi.org (real recorded
 * provenance), offline, on project pages dressed to look like pypi.org (scripts/demo/). With
 * a display it opens Chromium on the sampleproject page; with `--screenshot DIR` it runs
 * headless and saves every picture the README shows, each cropped to its content:
 *
 * - a verified release: summary.png, files.png, details-card.png, popup.png, popup-dark.png;
 * - a publisher change (sampleproject 3.0.0 signed by a Google publisher, 4.0.0 by GitHub
 *   Actions: real attestations): page-warning.png, popup-warning.png, popup-timeline.png;
 * - a failed file (a real provenance naming another repository): page-failed.png,
 *   popup-failed.png.
 */
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, EXTENSION_DIR, chromiumPath, popupUrl } from '../e2e/fixtures.js';
import { startFakePypi } from '../e2e/fake-pypi/server.js';
import {
  SAMPLEPROJECT,
  buildSite,
  provenanceFromAttestation,
  removeSite,
  sampleprojectSite,
  type SiteFile,
  type SiteSpec,
} from '../e2e/site.js';
import { NEGATIVE_CASES, VALID_CASES, type FixtureCase } from '../test/cases.js';
import { dressSite } from './demo/dress.js';

// Inside the extension's service worker (worker.evaluate).
declare const chrome: {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
};

const { values } = parseArgs({
  options: {
    screenshot: { type: 'string' },
    project: { type: 'string', default: 'sampleproject' },
    version: { type: 'string', default: '4.0.0' },
    'color-scheme': { type: 'string', default: 'light' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (!existsSync(join(EXTENSION_DIR, 'manifest.json')))
  fail('dist/ is missing: run `npm run build` first.');
let executablePath: string;
try {
  executablePath = chromiumPath();
} catch (err) {
  fail((err as Error).message);
}
const headless = values.screenshot !== undefined;
if (
  !headless &&
  process.platform === 'linux' &&
  !process.env.DISPLAY &&
  !process.env.WAYLAND_DISPLAY
) {
  fail(
    'No display: run `npm run demo -- --screenshot DIR` to render screenshots headless instead.',
  );
}

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';

function fixtureCase(list: FixtureCase[], name: string): FixtureCase {
  const found = list.find((c) => c.name.startsWith(name));
  if (!found) throw new Error(`test/cases.ts has no case named ${name}`);
  return found;
}

/** A site file serving a fixture case's provenance (wrapping a single attestation). */
function caseFile(c: FixtureCase): SiteFile {
  return c.publisher
    ? {
        filename: c.filename,
        sha256: c.sha256,
        provenance: provenanceFromAttestation(c.file, c.publisher),
      }
    : { filename: c.filename, sha256: c.sha256, provenanceFile: c.file };
}

const verifiedRelease = (): SiteFile[] =>
  sampleprojectSite()['pypi.org']?.sampleproject?.['4.0.0'] ?? [];

/** sampleproject 3.0.0 (Google publisher) then 4.0.0 (GitHub Actions): a publisher change. */
const publisherChange = (): SiteSpec => ({
  'pypi.org': {
    sampleproject: {
      '3.0.0': [caseFile(fixtureCase(VALID_CASES, 'Google publisher'))],
      '4.0.0': verifiedRelease(),
    },
  },
});

/** The sdist's provenance names another repository than PyPI's publisher: FAILED. */
const failedRelease = (): SiteSpec => ({
  'pypi.org': {
    sampleproject: {
      '4.0.0': [
        caseFile(fixtureCase(NEGATIVE_CASES, 'neg03')),
        ...verifiedRelease().filter((f) => f.filename === wheel.filename),
      ],
    },
  },
});

interface Session {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  page: Page;
}

/** Chromium with the extension against the fake index serving `spec`, its pages dressed. */
async function withSession(
  spec: SiteSpec,
  run: (s: Session) => Promise<void>,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<void> {
  const site = buildSite(spec, { layout: '2026' });
  dressSite(site);
  const server = await startFakePypi({ site });
  const profile = mkdtempSync(join(tmpdir(), 'pypi-provenance-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless,
    colorScheme,
    viewport: { width: 1100, height: 800 },
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      `--host-resolver-rules=MAP pypi.org 127.0.0.1:${server.port}, MAP test.pypi.org 127.0.0.1:${server.port}, MAP * ~NOTFOUND, EXCLUDE localhost`,
      `--ignore-certificate-errors-spki-list=${server.spkiPin}`,
    ],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const page = context.pages()[0] ?? (await context.newPage());
    await run({ context, worker, extensionId, page });
  } finally {
    await context.close().catch(() => undefined);
    await server.close();
    removeSite(site);
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Opens a release page and waits for its summary to settle; returns the state. With `expected`,
 * another state stops the demo (no picture of the wrong thing).
 */
async function openRelease(page: Page, url: string, expected?: string): Promise<string> {
  await page.goto(url);
  const summary = page.locator('[data-provenance-summary]');
  await summary.waitFor();
  await page.waitForFunction(
    () =>
      document
        .querySelector('[data-provenance-summary]')
        ?.getAttribute('data-provenance-summary') !== 'pending',
    undefined,
    { timeout: 30_000 },
  );
  const state = (await summary.getAttribute('data-provenance-summary')) ?? '';
  console.log(`${url}: ${state}`);
  if (expected !== undefined && state !== expected) {
    throw new Error(`${url} is ${state}, not ${expected}: no screenshots taken of it`);
  }
  return state;
}

/** The popup for the tab showing `url`, as a 400 px wide page (a popup's width). */
async function openPopup(s: Session, url: string): Promise<Page> {
  const tabId = await s.worker.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url?.split('#')[0] === u)?.id ?? tabs[0]?.id;
  }, url);
  const popup = await s.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(popupUrl(s.extensionId, tabId));
  await popup.locator('[data-testid="file-row"]').first().waitFor();
  await popup.waitForFunction(
    () => !document.querySelector('[data-testid="file-row"][data-state="pending"]'),
  );
  return popup;
}

/** A region of the page around `selectors` with a 16 px margin. */
async function clipAround(page: Page, ...selectors: string[]) {
  const boxes = [];
  for (const s of selectors) {
    const b = await page.locator(s).first().boundingBox();
    if (b) boxes.push(b);
  }
  if (boxes.length === 0) throw new Error(`nothing to show: ${selectors.join(', ')}`);
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 16);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 16);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + 16;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 16;
  const width = page.viewportSize()?.width ?? 1100;
  return { x, y, width: Math.min(width, right) - x, height: bottom - y };
}

/** The whole popup, cropped to its body (no page margin beside it). */
async function popupShot(popup: Page, path: string): Promise<void> {
  const size = await popup.evaluate(() => ({
    width: Math.ceil(document.body.getBoundingClientRect().width),
    height: Math.ceil(document.documentElement.scrollHeight),
  }));
  await popup.screenshot({
    path,
    fullPage: true,
    animations: 'disabled',
    clip: { x: 0, y: 0, ...size },
  });
}

/** Waits until a details card has been built (cards are built once on screen). */
async function cardBuilt(page: Page, filename: string) {
  const card = page.locator(`[data-provenance-card="${filename}"]`);
  await card.scrollIntoViewIfNeeded();
  await card.evaluate(
    (el) =>
      new Promise<void>((done) => {
        const check = () =>
          el.getBoundingClientRect().height > 40 ? done() : requestAnimationFrame(check);
        check();
      }),
  );
  return card;
}

async function screenshots(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const out = (name: string) => join(dir, name);

  await withSession(sampleprojectSite(), async (s) => {
    const { page } = s;
    await openRelease(page, RELEASE_URL, 'verified');
    // With pypi.org's header above it, as users see it.
    await page.screenshot({
      path: out('summary.png'),
      clip: await clipAround(page, '.site-header', 'h1', '[data-provenance-summary]'),
    });
    await page.goto(`${RELEASE_URL}#files`);
    await page.screenshot({ path: out('files.png'), clip: await clipAround(page, '#files') });
    await page.goto(`${RELEASE_URL}#${sdist.filename}`);
    const card = await cardBuilt(page, sdist.filename);
    await card.screenshot({ path: out('details-card.png') });

    const popup = await openPopup(s, RELEASE_URL);
    await popup.locator(`[data-testid="file-row"][data-filename="${sdist.filename}"]`).click();
    await popup.getByTestId('file-details').waitFor();
    await popupShot(popup, out('popup.png'));
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popupShot(popup, out('popup-dark.png'));
  });

  await withSession(publisherChange(), async (s) => {
    const { page } = s;
    await openRelease(page, RELEASE_URL, 'verified');
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-provenance-summary]')
          ?.getAttribute('data-provenance-alert')
          ?.includes('publisher-changed'),
      undefined,
      { timeout: 30_000 },
    );
    await page.locator('[data-provenance-warnings]').waitFor();
    await page.screenshot({
      path: out('page-warning.png'),
      clip: await clipAround(page, 'h1', '[data-provenance-summary]', '[data-provenance-warnings]'),
    });
    const popup = await openPopup(s, RELEASE_URL);
    const warning = popup.getByTestId('warning').first();
    await warning.waitFor();
    await warning.screenshot({ path: out('popup-warning.png') });
    await popup.getByTestId('timeline-toggle').click();
    const timeline = popup.getByTestId('timeline');
    await popup.locator('[data-testid="timeline"][data-status="ready"]').waitFor();
    await timeline.screenshot({ path: out('popup-timeline.png') });
  });

  await withSession(failedRelease(), async (s) => {
    const { page } = s;
    await openRelease(page, RELEASE_URL, 'failed');
    await page.screenshot({
      path: out('page-failed.png'),
      clip: await clipAround(page, 'h1', '[data-provenance-summary]'),
    });
    const popup = await openPopup(s, RELEASE_URL);
    await popup.locator(`[data-testid="file-row"][data-filename="${sdist.filename}"]`).click();
    await popup.getByTestId('file-details').waitFor();
    await popupShot(popup, out('popup-failed.png'));
  });
  console.log(`screenshots in ${dir}`);
}

if (headless) {
  await screenshots(resolve(values.screenshot as string));
} else {
  const scheme = values['color-scheme'] === 'dark' ? 'dark' : 'light';
  await withSession(
    sampleprojectSite(),
    async (s) => {
      await openRelease(s.page, `https://pypi.org/project/${values.project}/${values.version}/`);
      console.log('Chromium is open with the extension; close it to end the demo.');
      await new Promise<void>((done) => s.context.once('close', () => done()));
    },
    scheme,
  );
}
