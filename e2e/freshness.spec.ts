/**
 * Issue 4, trust-root freshness: the popup and the options page show the extension's version
 * and the date of the bundled Sigstore trusted root; when that root was taken more than 180
 * days ago, they say to update the extension. The `stale-root` build is the normal build with
 * SOURCE_DATE_EPOCH 200 days back given to scripts/build-trust-root.js (e2e/fixtures.ts).
 */
import type { Page } from '@playwright/test';
import { expect, STALE_ROOT_AGE_DAYS, test } from './fixtures.js';
import { openRelease } from './page-readers.js';
import { openOptions, openPopup, tabIdOf } from './popup-readers.js';
import { screenshot } from './screenshots.js';

const RELEASE = 'https://pypi.org/project/sampleproject/4.0.0/';

/** The extension version is shown; returns when the root was taken (the <time> datetime). */
async function trustDate(page: Page): Promise<string | null> {
  const info = page.getByTestId('trust-info');
  await expect(info).toBeVisible();
  await expect(info).toContainText('0.1.0');
  return info.locator('time').getAttribute('datetime');
}

function daysAgo(iso: string | null): number {
  return Math.round((Date.now() - new Date(iso ?? '').getTime()) / 86_400_000);
}

test.describe('a trust root older than 180 days', () => {
  test.use({ extensionBuild: 'stale-root' });

  test('popup and options say to update the extension', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    // The old root still verifies the real release (its keys have not changed since).
    expect(await openRelease(page, RELEASE)).toBe('verified');
    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, RELEASE));
    await expect(popup.getByTestId('file-row').first()).toBeVisible();
    expect(daysAgo(await trustDate(popup))).toBe(STALE_ROOT_AGE_DAYS);
    await expect(popup.getByTestId('trust-stale')).toBeVisible();
    await expect(popup.getByTestId('trust-stale')).toContainText('update the extension');
    await screenshot(popup, 'popup-trust-stale');

    const options = await openOptions(context, extensionId);
    expect(daysAgo(await trustDate(options))).toBe(STALE_ROOT_AGE_DAYS);
    await expect(options.getByTestId('trust-stale')).toBeVisible();
    await expect(options.getByTestId('trust-stale')).toContainText('update the extension');
  });
});

test.describe('a fresh trust root (production build)', () => {
  test('no update notice in the popup or the options page', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    expect(await openRelease(page, RELEASE)).toBe('verified');
    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, RELEASE));
    await expect(popup.getByTestId('file-row').first()).toBeVisible();
    expect(daysAgo(await trustDate(popup))).toBeLessThanOrEqual(180);
    await expect(popup.getByTestId('trust-stale')).toHaveCount(0);

    const options = await openOptions(context, extensionId);
    expect(daysAgo(await trustDate(options))).toBeLessThanOrEqual(180);
    await expect(options.getByTestId('trust-stale')).toHaveCount(0);
  });
});
