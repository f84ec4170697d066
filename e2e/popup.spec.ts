/**
 * The popup, opened as a page for the pypi.org tab (`?tabId=N`, product.md "Test contract"):
 * the release file by file, the selected file's signer with its links, the Rekor link, and
 * accessibility (axe-core, light and dark).
 */
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { axeViolations, formatViolations } from './a11y.js';
import { openRelease } from './page-readers.js';
import { fileRow, openPopup, openSignerDetails, popupStates, tabIdOf } from './popup-readers.js';
import { screenshot } from './screenshots.js';
import { SAMPLEPROJECT, SEARCH_PAGE, writePage } from './site.js';
import { safeHref } from '../src/shared/links.js';

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
/** The commit pypa/sampleproject 4.0.0 was built from (its signing certificate). */
const COMMIT = '621e4974ca25ce531773def586ba3ed8e736b3fc';
const REKOR_URL = 'https://search.sigstore.dev/?logIndex=147137139';
const VERIFY_SDIST =
  'pypi-attestations verify pypi --repository https://github.com/pypa/sampleproject pypi:sampleproject-4.0.0.tar.gz';

/** Opens the release in a tab, waits for it to verify, and opens the popup for that tab. */
async function popupForRelease(
  page: Page,
  context: BrowserContext,
  extensionId: string,
  serviceWorker: Worker,
): Promise<Page> {
  expect(await openRelease(page, RELEASE_URL)).toBe('verified');
  const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, RELEASE_URL));
  expect(await popupStates(popup)).toEqual({
    [sdist.filename]: 'verified',
    [wheel.filename]: 'verified',
  });
  return popup;
}

async function expectSdistSigner(popup: Page): Promise<void> {
  await expect(popup.getByTestId('publisher-kind')).toHaveText('GitHub');
  await expect(popup.getByTestId('publisher-repository')).toHaveText('pypa/sampleproject');
  const workflow = popup.getByTestId('workflow-link');
  await expect(workflow).toContainText('release.yml');
  await expect(workflow).toHaveAttribute(
    'href',
    `https://github.com/pypa/sampleproject/blob/${COMMIT}/.github/workflows/release.yml`,
  );
  await expect(popup.getByTestId('commit-link')).toHaveAttribute(
    'href',
    `https://github.com/pypa/sampleproject/commit/${COMMIT}`,
  );
  await expect(popup.getByTestId('rekor-link')).toHaveAttribute('href', REKOR_URL);
  await expect(popup.getByTestId('verify-command')).toHaveText(VERIFY_SDIST);
  // Every link the popup renders passes the allow-list unchanged.
  const hrefs = await popup
    .locator('a[href]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(3);
  for (const href of hrefs) expect(safeHref(href), href).toBe(href);
}

test.describe('popup for sampleproject 4.0.0', () => {
  test('lists verified files; selecting the sdist by click shows its signer', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const popup = await popupForRelease(page, context, extensionId, serviceWorker);
    await fileRow(popup, sdist.filename).click();
    await expect(fileRow(popup, sdist.filename)).toHaveAttribute('aria-selected', 'true');
    await expectSdistSigner(popup);
    await screenshot(fileRow(popup, sdist.filename), 'popup-file-row');
    await screenshot(popup, 'popup');
  });

  test('selecting a file with the keyboard (focus + Enter) shows its signer', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const popup = await popupForRelease(page, context, extensionId, serviceWorker);
    // First the wheel, so that the keyboard selection visibly changes the details.
    await fileRow(popup, wheel.filename).focus();
    await popup.keyboard.press('Enter');
    await expect(popup.getByTestId('verify-command')).toHaveText(
      /pypi:sampleproject-4\.0\.0-py3-none-any\.whl$/,
    );
    await expect(popup.getByTestId('rekor-link')).toHaveAttribute(
      'href',
      'https://search.sigstore.dev/?logIndex=147137144',
    );

    await fileRow(popup, sdist.filename).focus();
    await popup.keyboard.press('Enter');
    await expect(fileRow(popup, sdist.filename)).toHaveAttribute('aria-selected', 'true');
    await expectSdistSigner(popup);
  });

  test('the Rekor link opens search.sigstore.dev for the entry', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const popup = await popupForRelease(page, context, extensionId, serviceWorker);
    await fileRow(popup, sdist.filename).click();
    await openSignerDetails(popup);
    const link = popup.getByTestId('rekor-link');
    await expect(link).toHaveAttribute('target', '_blank');
    // search.sigstore.dev does not resolve on the closed network (Chromium would show its
    // error page, chrome-error://chromewebdata/): record the navigation and answer it here.
    const requested: string[] = [];
    await context.route('https://search.sigstore.dev/**', (route) => {
      requested.push(route.request().url());
      return route.fulfill({ contentType: 'text/html', body: '<title>Rekor search</title>' });
    });
    const opened = context.waitForEvent('page', { timeout: 10_000 });
    await link.click();
    const tab = await opened;
    await tab.waitForLoadState('domcontentloaded', { timeout: 10_000 });
    expect(tab.url()).toBe(REKOR_URL);
    expect(requested).toEqual([REKOR_URL]);
    // A new tab: the popup stays where it was.
    expect(popup.url()).toContain('/src/popup/index.html?tabId=');
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`has no axe-core violations (${scheme})`, async ({
      page,
      context,
      extensionId,
      serviceWorker,
    }) => {
      const popup = await popupForRelease(page, context, extensionId, serviceWorker);
      await popup.emulateMedia({ colorScheme: scheme });
      await fileRow(popup, sdist.filename).click();
      await expectSdistSigner(popup);
      const violations = await axeViolations(popup);
      expect(violations, formatViolations(violations)).toEqual([]);
      if (scheme === 'dark') await screenshot(popup, 'popup-dark');
    });
  }
});

test.describe('popup accessibility in the other states', () => {
  test.use({
    siteSpec: {
      'pypi.org': {
        sampleproject: {
          '4.0.0': [
            {
              filename: sdist.filename,
              sha256: sdist.sha256,
              provenanceFile:
                'attestations/negative/neg03-publisher-repository-mismatch.sampleproject-4.0.0.tar.gz.provenance',
            },
            { filename: wheel.filename, sha256: wheel.sha256, provenanceStatus: 500 },
          ],
        },
      },
    },
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`a failed file, a file that could not be checked, and the welcome page (${scheme})`, async ({
      page,
      site,
      context,
      extensionId,
      serviceWorker,
    }) => {
      expect(await openRelease(page, RELEASE_URL)).toBe('failed');
      const popup = await openPopup(
        context,
        extensionId,
        await tabIdOf(serviceWorker, RELEASE_URL),
      );
      await popup.emulateMedia({ colorScheme: scheme });
      expect(await popupStates(popup)).toEqual({
        [sdist.filename]: 'failed',
        [wheel.filename]: 'error',
      });
      for (const filename of [sdist.filename, wheel.filename]) {
        await fileRow(popup, filename).click();
        await expect(popup.getByTestId('file-details')).toHaveAttribute('data-filename', filename);
        const violations = await axeViolations(popup);
        expect(violations, `${filename}:\n${formatViolations(violations)}`).toEqual([]);
      }
      await screenshot(popup, `popup-failed-${scheme}`);

      writePage(site, 'pypi.org', '/search/', SEARCH_PAGE);
      const other = await context.newPage();
      await other.goto('https://pypi.org/search/?q=x');
      const welcome = await openPopup(
        context,
        extensionId,
        await tabIdOf(serviceWorker, 'https://pypi.org/search/?q=x'),
      );
      await welcome.emulateMedia({ colorScheme: scheme });
      await expect(welcome.getByTestId('welcome')).toBeVisible();
      const violations = await axeViolations(welcome);
      expect(violations, formatViolations(violations)).toEqual([]);
    });
  }
});
