/**
 * `npm run demo`: the built extension against the local fake pypi.org (real recorded
 * provenance), offline. With a display it opens Chromium on the sampleproject page; with
 * `--screenshot DIR` it runs headless and saves screenshots of the summary badge, the file
 * rows, a details card and the popup (the README's pictures come from here).
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, EXTENSION_DIR, chromiumPath, popupUrl } from '../e2e/fixtures.js';
import { startFakePypi } from '../e2e/fake-pypi/server.js';
import { buildSite, removeSite, sampleprojectSite } from '../e2e/site.js';

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

const site = buildSite(sampleprojectSite());
const server = await startFakePypi({ site });
const profile = mkdtempSync(join(tmpdir(), 'pypi-provenance-demo-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless,
  colorScheme: values['color-scheme'] === 'dark' ? 'dark' : 'light',
  viewport: { width: 1100, height: 800 },
  args: [
    ...CHROMIUM_ARGS,
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
    `--host-resolver-rules=MAP pypi.org 127.0.0.1:${server.port}, MAP test.pypi.org 127.0.0.1:${server.port}, MAP * ~NOTFOUND, EXCLUDE localhost`,
    `--ignore-certificate-errors-spki-list=${server.spkiPin}`,
  ],
});
const cleanup = async () => {
  await context.close().catch(() => undefined);
  await server.close();
  removeSite(site);
  rmSync(profile, { recursive: true, force: true });
};

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  const url = `https://pypi.org/project/${values.project}/${values.version}/`;
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
  console.log(`${url}: ${await summary.getAttribute('data-provenance-summary')}`);
  if (!headless) {
    console.log('Chromium is open with the extension; close it to end the demo.');
    await new Promise<void>((done) => context.once('close', () => done()));
  } else {
    const dir = resolve(values.screenshot as string);
    mkdirSync(dir, { recursive: true });
    const header = page.locator('h1').first();
    await header.evaluate((el) => el.scrollIntoView());
    await page.screenshot({
      path: join(dir, 'summary.png'),
      clip: await clipAround(page, 'h1', '[data-provenance-summary]'),
    });
    await page.locator('#files').screenshot({ path: join(dir, 'files.png') });
    // Cards are built when first on screen: scroll to it, wait for its content.
    const card = page.locator('[data-provenance-card]').first();
    await card.scrollIntoViewIfNeeded();
    await card.evaluate(
      (el) =>
        new Promise<void>((done) => {
          const check = () =>
            el.getBoundingClientRect().height > 40 ? done() : requestAnimationFrame(check);
          check();
        }),
    );
    await card.screenshot({ path: join(dir, 'details-card.png') });
    const tabId = await worker.evaluate(async (u) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((t) => t.url === u)?.id ?? tabs[0]?.id;
    }, url);
    const popup = await context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(popupUrl(extensionId, tabId));
    await popup.locator('[data-testid="file-row"]').first().waitFor();
    await popup.locator('[data-testid="file-row"]').first().click();
    await popup.screenshot({ path: join(dir, 'popup.png'), fullPage: true });
    console.log(`screenshots in ${dir}`);
  }
} finally {
  await cleanup();
}

async function clipAround(page: Page, ...selectors: string[]) {
  const boxes = [];
  for (const s of selectors) {
    const b = await page.locator(s).first().boundingBox();
    if (b) boxes.push(b);
  }
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 16);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 16);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + 16;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 16;
  return { x, y, width: Math.min(1100, right) - x, height: bottom - y };
}
