/**
 * Issues 4 and 12 §6, trust-root freshness: the popup and the options page show the extension's
 * version, the root's newest key and when the build bundled it; once Sigstore's newer root is
 * due (src/ui/freshness.ts), they say to update the extension. The `stale-root` build is the
 * normal build with SOURCE_DATE_EPOCH 200 days back given to scripts/build-trust-root.js and the
 * newer root due 20 days ago, as an old build's TUF root says (e2e/fixtures.ts).
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
  return info.getByTestId('trust-bundled').getAttribute('datetime');
}

function daysAgo(iso: string | null): number {
  return Math.round((Date.now() - new Date(iso ?? '').getTime()) / 86_400_000);
}

test.describe('a trust root Sigstore has replaced', () => {
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
    // The production root's newest key is shown beside the bundling date.
    await expect(popup.getByTestId('trust-newest-key')).toHaveAttribute('datetime', /^20\d\d-/);
    // Once the bundled TUF root's signing period begins, a newer root is out and this build
    // must say so: then this test fails until `@sigstore/tuf` is updated (README, Refreshing
    // the trust root).
    await expect(popup.getByTestId('trust-stale')).toHaveCount(0);

    const options = await openOptions(context, extensionId);
    expect(daysAgo(await trustDate(options))).toBeLessThanOrEqual(180);
    await expect(options.getByTestId('trust-stale')).toHaveCount(0);
  });
});
