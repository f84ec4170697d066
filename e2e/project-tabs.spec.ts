/**
 * The extension on project pages as pypi.org shows them once its script has run: warehouse's
 * `project-tabs` controller shows one panel at a time (the description first), so the
 * "Download files" list with our file badges, and each file's details panel with our card,
 * are hidden until opened (e2e/site.ts `withProjectTabs`, after
 * warehouse/static/js/warehouse/controllers/project_tabs_controller.js@6b621571). The states
 * are set all the same; a card is built only when its panel is first shown, and then it is.
 */
import { expect, test } from './fixtures.js';
import {
  cardText,
  detailsCard,
  fileBadge,
  fileStates,
  openRelease,
  shadowText,
} from './page-readers.js';
import { SAMPLEPROJECT } from './site.js';

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';

for (const layout of ['legacy', '2026'] as const) {
  test.describe(`panels shown one at a time, ${layout} layout`, () => {
    test.use({ siteLayout: layout, siteProjectTabs: true });

    test('hidden files are checked; a card is built when its panel opens', async ({ page }) => {
      expect(await openRelease(page, RELEASE_URL)).toBe('verified');
      // The page's own script hid the files and details panels: ours are there, not shown.
      await expect(page.locator('[id="files"]')).toBeHidden();
      await expect(fileBadge(page, sdist.filename)).toBeHidden();
      await expect(detailsCard(page, sdist.filename)).toBeHidden();
      expect(await fileStates(page)).toEqual({
        [sdist.filename]: 'verified',
        [wheel.filename]: 'verified',
      });
      await expect(detailsCard(page, wheel.filename)).toHaveAttribute(
        'data-provenance-state',
        'verified',
      );
      // Nothing built for a card no one has seen.
      expect(await shadowText(page, 'data-provenance-card', sdist.filename)).toBe('');

      // The user opens "Download files": the badges are there.
      await page.locator('[id="files-tab"]').click();
      await expect(fileBadge(page, sdist.filename)).toBeVisible();
      await expect(fileBadge(page, wheel.filename)).toBeVisible();

      // … then a file's details: its card is built and says what was verified.
      await page
        .locator('[id="files"] a', { hasText: 'view details' })
        .and(page.locator(`[href="#${sdist.filename}"]`))
        .click();
      // (The card is built once on screen: its panel may open below the fold.)
      await expect(page.locator(`[id="${sdist.filename}"]`)).toBeVisible();
      const card = await cardText(page, sdist.filename);
      await expect(detailsCard(page, sdist.filename)).toBeVisible();
      expect(card).toContain('Verified in your browser');
      expect(card).toContain('Rekor entry 147137139');
      await expect(fileBadge(page, sdist.filename)).toBeHidden();
    });

    test("a link to a file's details opens on its card", async ({ page }) => {
      expect(await openRelease(page, `${RELEASE_URL}#${wheel.filename}`)).toBe('verified');
      await expect(detailsCard(page, wheel.filename)).toBeVisible();
      await expect(detailsCard(page, sdist.filename)).toBeHidden();
      expect(await cardText(page, wheel.filename)).toContain('Verified in your browser');
    });
  });
}
