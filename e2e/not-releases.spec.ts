/**
 * Pages that are not releases (issue 12 §7), built from warehouse's templates (e2e/site.ts):
 * the malware report form under /project/<name>/ (routes.py@6b621571), PyPI's 404 page for a
 * project or release that does not exist, and a project PyPI's admins quarantined (its page
 * still lists the files; the JSON API answers 404, warehouse/legacy/api/json.py@6b621571). None
 * is "Couldn't check": the report form and the 404 page get nothing of ours, the quarantined
 * release a neutral note by its header; the toolbar shows no state and the popup no release.
 */
import { rmSync } from 'node:fs';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { SETTLE_TIMEOUT, shadowText } from './page-readers.js';
import { openPopup, tabIdOf, toolbar } from './popup-readers.js';
import {
  malwareReportPage,
  NOT_FOUND_PAGE,
  NOT_FOUND_STATUS,
  projectPageOf,
  sampleprojectSite,
  sitePath,
  writePage,
  writeStatus,
  type PageLayout,
  type SiteFile,
} from './site.js';

const OURS =
  '[data-provenance-summary],[data-provenance-file],[data-provenance-card],[data-provenance-warnings],[data-provenance-note]';

const QUARANTINED: SiteFile[] = [
  { filename: 'quarantined_project-1.0.tar.gz', sha256: 'a'.repeat(64) },
  { filename: 'quarantined_project-1.0-py3-none-any.whl', sha256: 'b'.repeat(64) },
];

/** What the extension shows for the tab: nothing on the toolbar, the welcome in the popup. */
async function expectNoRelease(
  page: Page,
  context: BrowserContext,
  extensionId: string,
  worker: Worker,
): Promise<void> {
  const tabId = await tabIdOf(worker, page.url());
  const look = await toolbar(worker, tabId);
  expect(look.text).toBe('');
  expect(look.title).not.toMatch(/couldn.t check|FAILED|verified/i);
  const popup = await openPopup(context, extensionId, tabId);
  await expect(popup.getByTestId('welcome')).toBeVisible({ timeout: 5_000 });
  await expect(popup.getByTestId('file-row')).toHaveCount(0);
}

test.describe('the malware report form of a project', () => {
  test('is not a release: nothing is asked of the index, nothing shown', async ({
    page,
    site,
    fakePypi,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const path = '/project/sampleproject/submit-malware-report/';
    writePage(site, 'pypi.org', path, malwareReportPage('sampleproject'));
    const response = await page.goto(`https://pypi.org${path}`);
    expect(response?.status()).toBe(200);
    // Today's main asks at once (the worker as the tab loads, the page at document_start).
    await page.waitForTimeout(1_500);
    expect(fakePypi.requests.filter((r) => r.path.startsWith('/pypi/'))).toEqual([]);
    await expect(page.locator(OURS)).toHaveCount(0);
    await expectNoRelease(page, context, extensionId, serviceWorker);
  });
});

test.describe("PyPI's 404 page", () => {
  for (const [what, path] of [
    ['a project that does not exist', '/project/nosuchproject/'],
    ['a release that does not exist', '/project/sampleproject/9.9.9/'],
  ] as const) {
    test(`for ${what}: nothing of ours, no error`, async ({
      page,
      site,
      fakePypi,
      context,
      extensionId,
      serviceWorker,
    }) => {
      writeStatus(site, 'pypi.org', path, NOT_FOUND_STATUS, NOT_FOUND_PAGE);
      const response = await page.goto(`https://pypi.org${path}`);
      expect(response?.status()).toBe(404);
      // The release was asked for, and the index answered 404.
      const json = path.replace('/project/', '/pypi/') + 'json';
      await expect
        .poll(() => fakePypi.requests.some((r) => r.path === json), { timeout: SETTLE_TIMEOUT })
        .toBe(true);
      await page.waitForTimeout(500);
      await expect(page.locator(OURS)).toHaveCount(0);
      await expectNoRelease(page, context, extensionId, serviceWorker);
    });
  }
});

for (const layout of ['legacy', '2026'] as PageLayout[]) {
  test.describe(`a quarantined project, ${layout} layout`, () => {
    test.use({
      siteSpec: {
        ...sampleprojectSite(),
        'pypi.org': {
          ...sampleprojectSite()['pypi.org'],
          'quarantined-project': { '1.0': QUARANTINED },
        },
      },
      siteLayout: layout,
    });

    for (const path of ['/project/quarantined-project/', '/project/quarantined-project/1.0/']) {
      test(`${path}: a neutral note, no state, no badges`, async ({
        page,
        site,
        fakePypi,
        context,
        extensionId,
        serviceWorker,
      }) => {
        // As PyPI serves it: the page lists the files; the JSON API knows no such project.
        rmSync(sitePath(site, 'pypi.org', '/pypi/quarantined-project'), { recursive: true });
        const html = projectPageOf('pypi.org', 'quarantined-project', '1.0', QUARANTINED, {
          layout,
          quarantined: true,
        });
        writePage(site, 'pypi.org', path, html);
        await page.goto(`https://pypi.org${path}`);
        await expect(page.locator('.file')).toHaveCount(2);
        const note = page.locator('[data-provenance-note]');
        await expect(note).toHaveCount(1, { timeout: SETTLE_TIMEOUT });
        expect(await shadowText(page, 'data-provenance-note')).toContain('nothing to check');
        expect(fakePypi.requests.some((r) => r.path.startsWith('/pypi/quarantined-project/'))).toBe(
          true,
        );
        await page.waitForTimeout(300);
        await expect(page.locator(OURS)).toHaveCount(1);
        // By PyPI's own header, not in the corner.
        expect(
          await note.evaluate((n) =>
            n.previousElementSibling?.matches('h1.package-header__name, h1.project-header__name'),
          ),
        ).toBe(true);
        await expectNoRelease(page, context, extensionId, serviceWorker);
      });
    }
  });
}
