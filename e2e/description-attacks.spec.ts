/**
 * The project description must not move, hide or fake our marks (issue 11 §1). PyPI renders
 * the author's README (readme_renderer/nh3 keeps `id` everywhere and `class` on div/span) before
 * the Download-files panel in both layouts; a description with its own "files panel", details
 * panels, badges imitating ours, look-alike names and a fake "Download files" tab
 * (test/hostile-descriptions.ts) must leave every mark of ours on PyPI's own rows and panels,
 * none inside the description, and the FAILED file's card in its real details panel.
 */
import type { Page } from '@playwright/test';
import { hostileDescriptions } from '../test/hostile-descriptions.js';
import { expect, test } from './fixtures.js';
import { fileStates, settledSummary } from './page-readers.js';
import { openPopup, popupStates, tabIdOf } from './popup-readers.js';
import {
  projectPageOf,
  SAMPLEPROJECT,
  sampleprojectWheelProvenance,
  withDescription,
  writePage,
  type PageLayout,
  type SiteSpec,
} from './site.js';

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_PATH = '/project/sampleproject/4.0.0/';
const RELEASE_URL = `https://pypi.org${RELEASE_PATH}`;
/** The real download links (the saved pages', from PyPI's JSON API docs example). */
const FILES = [
  {
    filename: sdist.filename,
    url: 'https://files.pythonhosted.org/packages/48/8c/c18d25735962870ccb6d1cd2ac7bde40008a332211055e260cb7ec4c6bab/sampleproject-4.0.0.tar.gz',
  },
  {
    filename: wheel.filename,
    url: 'https://files.pythonhosted.org/packages/d7/73/c16e5f3f0d37c60947e70865c255a58dc408780a6474de0523afd0ec553a/sampleproject-4.0.0-py3-none-any.whl',
  },
];
const BATTERY = hostileDescriptions(FILES);
/** Each file's final state (a release is `failed` as soon as one file is; the other may be pending). */
const FINAL = { [sdist.filename]: 'failed', [wheel.filename]: 'verified' };

/** The sdist's provenance has a flipped signature bit (FAILED); the wheel's is real. */
const SITE: SiteSpec = {
  'pypi.org': {
    sampleproject: {
      '4.0.0': [
        {
          filename: sdist.filename,
          sha256: sdist.sha256,
          provenanceFile:
            'attestations/negative/neg01-signature-bitflip.sampleproject-4.0.0.tar.gz.provenance',
        },
        {
          filename: wheel.filename,
          sha256: wheel.sha256,
          provenance: sampleprojectWheelProvenance(),
        },
      ],
    },
  },
};

/** Where each of our marks sits, as seen from the page's DOM (outside our shadow roots). */
function placements(page: Page) {
  return page.evaluate(() => {
    const ours =
      '[data-provenance-summary],[data-provenance-file],[data-provenance-card],[data-provenance-warnings],[data-provenance-note]';
    return {
      inDescription: document.querySelectorAll(`.project-description :is(${ours})`).length,
      badges: [...document.querySelectorAll('[data-provenance-file]')].map((b) => ({
        file: b.getAttribute('data-provenance-file'),
        // The row the badge sits on, and that row's download link.
        link: b.closest('.file')?.querySelector('.file__card > a')?.getAttribute('href') ?? null,
        inRealPanel:
          b.closest('[role=tabpanel]')?.id === 'files' && !b.closest('.project-description'),
      })),
      cards: [...document.querySelectorAll('[data-provenance-card]')].map((c) => ({
        file: c.getAttribute('data-provenance-card'),
        state: c.getAttribute('data-provenance-state'),
        panel: c.parentElement?.id ?? null,
        // PyPI's digest in the panel the card is in: the real panel's, not a zero.
        sha256:
          [...(c.parentElement?.querySelectorAll('table.table--hashes tr') ?? [])]
            .find((tr) => tr.querySelector('th')?.textContent?.trim() === 'SHA256')
            ?.querySelector('code')
            ?.textContent?.trim() ?? null,
        inDescription: !!c.closest('.project-description'),
      })),
    };
  });
}

for (const layout of ['legacy', '2026'] as PageLayout[]) {
  test.describe(`a hostile project description, ${layout} layout`, () => {
    test.use({ siteSpec: SITE, siteLayout: layout });

    const page0 = (html: string) =>
      withDescription(projectPageOf('pypi.org', 'sampleproject', '4.0.0', [], { layout }), html);

    test('cannot move, hide or fake our marks', async ({
      page,
      site,
      context,
      extensionId,
      serviceWorker,
    }) => {
      writePage(site, 'pypi.org', RELEASE_PATH, page0(BATTERY['all of them at once']!));
      await page.goto(RELEASE_URL);
      expect(await settledSummary(page)).toBe('failed');
      await expect(page.locator('[data-provenance-summary]')).toHaveCount(1);
      await expect.poll(() => fileStates(page)).toEqual(FINAL);
      const where = await placements(page);
      expect(where.inDescription).toBe(0);
      expect(where.badges).toEqual(
        FILES.map(({ filename, url }) => ({ file: filename, link: url, inRealPanel: true })),
      );
      expect(where.cards).toEqual([
        {
          file: sdist.filename,
          state: 'failed',
          panel: sdist.filename,
          sha256: sdist.sha256,
          inDescription: false,
        },
        {
          file: wheel.filename,
          state: 'verified',
          panel: wheel.filename,
          sha256: wheel.sha256,
          inDescription: false,
        },
      ]);
      const popup = await openPopup(
        context,
        extensionId,
        await tabIdOf(serviceWorker, RELEASE_URL),
      );
      expect(await popupStates(popup)).toEqual(FINAL);
    });

    for (const name of [
      'a files panel whose links go elsewhere',
      'a whole fake tabs frame',
      'a details panel for each file',
    ]) {
      test(`${name}: the badges stay on PyPI's rows, the cards in PyPI's panels`, async ({
        page,
        site,
      }) => {
        writePage(site, 'pypi.org', RELEASE_PATH, page0(BATTERY[name]!));
        await page.goto(RELEASE_URL);
        expect(await settledSummary(page)).toBe('failed');
        await expect.poll(() => fileStates(page)).toEqual(FINAL);
        const where = await placements(page);
        expect(where.inDescription).toBe(0);
        expect(where.badges.map((b) => [b.file, b.link, b.inRealPanel])).toEqual(
          FILES.map(({ filename, url }) => [filename, url, true]),
        );
        expect(where.cards.map((c) => [c.file, c.state, c.sha256, c.inDescription])).toEqual([
          [sdist.filename, 'failed', sdist.sha256, false],
          [wheel.filename, 'verified', wheel.sha256, false],
        ]);
      });
    }
  });
}

test.describe('a release without files, with a fake "Download files" tab in its description', () => {
  test.use({ siteSpec: { 'pypi.org': { emptyproject: { '1.0': [] } } } });

  for (const layout of ['legacy', '2026'] as PageLayout[]) {
    test(`clicking our summary follows no link of the description (${layout})`, async ({
      page,
      site,
    }) => {
      const url = 'https://pypi.org/project/emptyproject/1.0/';
      // As warehouse renders a release without files: no "Download files" tab of its own.
      const html = projectPageOf('pypi.org', 'emptyproject', '1.0', [], { layout });
      expect(html).not.toContain('files-tab');
      // PyPI's project-tabs controller shows the panel the fragment names on `hashchange`
      // (project_tabs_controller.js@6b621571); this stands in for it, in the page's world.
      const controller =
        "<script>addEventListener('hashchange', () => { document.body.dataset.shown = location.hash; });</script>";
      writePage(
        site,
        'pypi.org',
        '/project/emptyproject/1.0/',
        withDescription(html, BATTERY['a fake "Download files" tab']!).replace(
          '</body>',
          `${controller}</body>`,
        ),
      );
      await page.goto(url);
      expect(await settledSummary(page)).toBe('none');
      await page.locator('[data-provenance-summary]').click({ position: { x: 20, y: 10 } });
      await expect.poll(() => page.url()).toBe(`${url}#files`);
      await expect(page.locator('body')).toHaveAttribute('data-shown', '#files');
      await page.waitForTimeout(300);
      expect(page.url()).toBe(`${url}#files`);
    });
  }
});
