/**
 * When PyPI cannot be asked: 5xx, 429, a timeout, a malformed body, 403 "attestations
 * disabled", a failing JSON API. Each must end in `error` ("couldn't check", with a retry),
 * never `failed` and never `verified`; once the fault is gone, the Retry button in the summary
 * (reached inside its closed shadow root by mouse or keyboard) or a reload must recover,
 * because errors are never cached.
 *
 * The worker retries 5xx/429/network faults twice with backoff (0.5 s, 1 s; Retry-After when
 * given), so each fault here resolves in about 2 s.
 */
import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures.js';
import {
  clickInShadow,
  fileStates,
  focusIsOn,
  settledSummary,
  shadowText,
  summaryBadge,
  summaryHistory,
  tabInto,
  trackSummary,
} from './page-readers.js';
import { openPopup, popupStates, tabIdOf, toolbar } from './popup-readers.js';
import { clearStatus, integrityUrlPath, SAMPLEPROJECT, writeStatus } from './site.js';

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
const SUMMARY = 'data-provenance-summary';
const INTEGRITY_PATHS = [sdist.filename, wheel.filename].map((f) =>
  integrityUrlPath('sampleproject', '4.0.0', f),
);
const BOTH_ERROR = { [sdist.filename]: 'error', [wheel.filename]: 'error' };
const BOTH_VERIFIED = { [sdist.filename]: 'verified', [wheel.filename]: 'verified' };

function faultIntegrity(site: string, status: number | string, body?: string): void {
  for (const path of INTEGRITY_PATHS) writeStatus(site, 'pypi.org', path, status, body);
}

function clearIntegrity(site: string): void {
  for (const path of INTEGRITY_PATHS) clearStatus(site, 'pypi.org', path);
}

/** Loads the release with a fault in place: it must settle on `error`, having been nothing else. */
async function expectError(page: Page): Promise<void> {
  await trackSummary(page);
  expect((await page.goto(RELEASE_URL))?.status()).toBe(200);
  expect(await settledSummary(page)).toBe('error');
  expect(await summaryHistory(page)).toEqual(['pending', 'error']);
  expect(await shadowText(page, SUMMARY)).toContain('Retry');
}

/** After recovery: verified, and never failed on the way. */
async function expectRecovered(page: Page): Promise<void> {
  await expect(summaryBadge(page)).toHaveAttribute(SUMMARY, 'verified', { timeout: 20_000 });
  expect(await fileStates(page)).toEqual(BOTH_VERIFIED);
  expect(await summaryHistory(page)).not.toContain('failed');
}

test.describe('Integrity API faults', () => {
  test('500: error everywhere; Retry (mouse, in the closed shadow root) recovers', async ({
    page,
    site,
    context,
    extensionId,
    serviceWorker,
  }) => {
    faultIntegrity(site, 500);
    await expectError(page);
    expect(await fileStates(page)).toEqual(BOTH_ERROR);

    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    await expect
      .poll(() => toolbar(serviceWorker, tabId))
      .toEqual({ text: '!', title: expect.stringContaining("couldn't check") });
    const popup = await openPopup(context, extensionId, tabId);
    expect(await popupStates(popup)).toEqual(BOTH_ERROR);
    await popup.close();

    clearIntegrity(site);
    await clickInShadow(page, 'Retry', SUMMARY);
    await expectRecovered(page);
    expect(await summaryHistory(page)).toEqual(['pending', 'error', 'pending', 'verified']);
    await expect.poll(async () => (await toolbar(serviceWorker, tabId)).text).toBe('✓');
  });

  test('429 with Retry-After: error; Retry (keyboard, in the closed shadow root) recovers', async ({
    page,
    site,
  }) => {
    faultIntegrity(site, '429 Retry-After: 1');
    await expectError(page);
    expect(await fileStates(page)).toEqual(BOTH_ERROR);
    expect(await shadowText(page, SUMMARY)).toContain('429');

    clearIntegrity(site);
    // The first Tab stop in the summary is its pill; only the error view has a second one,
    // the Retry button (focus inside a shadow root shows as focus on its host).
    await tabInto(page, SUMMARY);
    await page.keyboard.press('Tab');
    expect(await focusIsOn(page, SUMMARY)).toBe(true);
    await page.keyboard.press('Enter');
    await expectRecovered(page);
  });

  test('timeout / network fault (request aborted): error; a reload recovers', async ({
    page,
    context,
  }) => {
    const aborted: string[] = [];
    const hang = (route: Route) => {
      aborted.push(route.request().url());
      return route.abort('timedout');
    };
    await context.route('https://pypi.org/integrity/**', hang);
    await expectError(page);
    expect(await fileStates(page)).toEqual(BOTH_ERROR);
    // The worker's own fetches went through the route (3 attempts per file).
    expect(aborted.length).toBeGreaterThanOrEqual(2);

    await context.unroute('https://pypi.org/integrity/**', hang);
    await page.reload();
    await expectRecovered(page);
  });

  test('malformed JSON body: error (not failed); a reload recovers', async ({ page, site }) => {
    faultIntegrity(site, 200, '{"version": 1, "attestation_bundles": [{"publisher": ');
    await expectError(page);
    expect(await fileStates(page)).toEqual(BOTH_ERROR);

    clearIntegrity(site);
    await page.reload();
    await expectRecovered(page);
  });

  test('403 attestations disabled: error; a reload recovers', async ({ page, site }) => {
    faultIntegrity(site, 403);
    await expectError(page);
    expect(await fileStates(page)).toEqual(BOTH_ERROR);

    clearIntegrity(site);
    await page.reload();
    await expectRecovered(page);
  });
});

test.describe('retrying from the popup', () => {
  /** Page and popup in error (500), fault fixed, the popup's Retry clicked. */
  async function retryFromPopup(site: string, popup: Page): Promise<void> {
    expect(await popupStates(popup)).toEqual(BOTH_ERROR);
    clearIntegrity(site);
    await popup.getByTestId('release-summary').getByRole('button', { name: 'Retry' }).click();
    await expect(popup.locator('[data-testid="file-row"][data-state="verified"]')).toHaveCount(2, {
      timeout: 20_000,
    });
    expect(await popupStates(popup)).toEqual(BOTH_VERIFIED);
  }

  test('500 then fixed: the popup Retry re-checks the files', async ({
    page,
    site,
    context,
    extensionId,
    serviceWorker,
  }) => {
    faultIntegrity(site, 500);
    await expectError(page);
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    await retryFromPopup(site, await openPopup(context, extensionId, tabId));
  });

  test("500 then fixed: after the popup's Retry the tab's toolbar and state follow", async ({
    page,
    site,
    context,
    extensionId,
    serviceWorker,
  }) => {
    faultIntegrity(site, 500);
    await expectError(page);
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    const popup = await openPopup(context, extensionId, tabId);
    await retryFromPopup(site, popup);
    await popup.close();

    await expect
      .poll(async () => (await toolbar(serviceWorker, tabId)).text, { timeout: 3_000 })
      .toBe('✓');
    const reopened = await openPopup(context, extensionId, tabId);
    expect(await popupStates(reopened)).toEqual(BOTH_VERIFIED);
  });
});

test.describe('JSON API fault', () => {
  test('the release cannot be listed (500): error; Retry recovers', async ({ page, site }) => {
    const listing = '/pypi/sampleproject/4.0.0/json';
    writeStatus(site, 'pypi.org', listing, 500);
    await expectError(page);
    expect(await fileStates(page)).toEqual({});

    clearStatus(site, 'pypi.org', listing);
    await clickInShadow(page, 'Retry', SUMMARY);
    await expectRecovered(page);
  });
});
