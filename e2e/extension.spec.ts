/**
 * The extension on PyPI project pages, end to end in Chromium: the built extension against
 * the local HTTPS fake pypi.org serving real recorded provenance. Each test gets a fresh
 * profile, so nothing is cached between tests.
 */
import { NEGATIVE_CASES, VALID_CASES, type FixtureCase } from '../test/cases.js';
import { expect, test } from './fixtures.js';
import {
  cardText,
  detailsCard,
  fileBadge,
  fileStates,
  openRelease,
  settledSummary,
  shadowText,
  summaryBadge,
} from './page-readers.js';
import { fileRow, openPopup, popupStates, tabIdOf, toolbar } from './popup-readers.js';
import { screenshot } from './screenshots.js';
import {
  integrityRequests,
  provenanceFromAttestation,
  SAMPLEPROJECT,
  sampleprojectSite,
  sampleprojectWheelProvenance,
  SEARCH_PAGE,
  writePage,
  type SiteFile,
  type SiteSpec,
} from './site.js';

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

const WHEEL_FILE: SiteFile = {
  filename: wheel.filename,
  sha256: wheel.sha256,
  provenance: sampleprojectWheelProvenance(),
};

for (const layout of ['legacy', '2026'] as const) {
  test.describe(`sampleproject 4.0.0, ${layout} page layout`, () => {
    test.use({ siteLayout: layout });

    test('summary and both files verified; toolbar ✓', async ({ page, serviceWorker }) => {
      expect(await openRelease(page, RELEASE_URL)).toBe('verified');
      expect(await fileStates(page)).toEqual({
        [sdist.filename]: 'verified',
        [wheel.filename]: 'verified',
      });
      // The summary names the signer; each details panel gets a "verified in your browser" card.
      expect(await shadowText(page, 'data-provenance-summary')).toContain(
        'Provenance verified pypa/sampleproject · release.yml',
      );
      for (const filename of [sdist.filename, wheel.filename]) {
        await expect(detailsCard(page, filename)).toHaveAttribute(
          'data-provenance-state',
          'verified',
        );
      }
      const card = await cardText(page, sdist.filename);
      expect(card).toContain('Verified in your browser');
      expect(card).toContain('Rekor entry 147137139');

      const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
      await expect
        .poll(() => toolbar(serviceWorker, tabId))
        .toEqual({ text: '✓', title: expect.stringContaining('provenance verified') });

      if (layout === 'legacy') {
        await screenshot(summaryBadge(page), 'summary-badge');
        await screenshot(fileBadge(page, sdist.filename), 'file-badge');
        await screenshot(detailsCard(page, sdist.filename), 'details-card');
      } else {
        await screenshot(summaryBadge(page), 'summary-badge-2026');
      }
    });
  });
}

for (const layout of ['legacy', '2026'] as const) {
  test.describe(`the latest release's page (no version in the URL), ${layout} layout`, () => {
    test.use({ siteLayout: layout });

    test('takes the version from the header and verifies', async ({ page, fakePypi }) => {
      expect(await openRelease(page, 'https://pypi.org/project/sampleproject/')).toBe('verified');
      expect(await fileStates(page)).toEqual({
        [sdist.filename]: 'verified',
        [wheel.filename]: 'verified',
      });
      expect(fakePypi.requests.map((r) => r.path)).toEqual(
        expect.arrayContaining([
          `/integrity/sampleproject/4.0.0/${sdist.filename}/provenance`,
          `/integrity/sampleproject/4.0.0/${wheel.filename}/provenance`,
        ]),
      );
    });
  });
}

test.describe('other publishers and projects (generated 2026-layout pages)', () => {
  const abi3Wheel = fixtureCase(VALID_CASES, 'abi3info 2024.10.8 wheel');
  const abi3Sdist = fixtureCase(VALID_CASES, 'abi3info 2024.10.8 sdist');
  const gitlab = fixtureCase(VALID_CASES, 'GitLab publisher');
  const google = fixtureCase(VALID_CASES, 'Google publisher');
  const spec: SiteSpec = {
    'pypi.org': {
      abi3info: { '2024.10.8': [caseFile(abi3Sdist), caseFile(abi3Wheel)] },
      'gitlab-oidc-project': { '0.0.3': [caseFile(gitlab)] },
      sampleproject: { '3.0.0': [caseFile(google)] },
    },
  };
  // Generated pages in the 2026 layout (the legacy generator serves the DIGEST_MISMATCH case).
  test.use({ siteSpec: spec, siteLayout: '2026' });

  test('abi3info 2024.10.8: wheel and sdist verified', async ({ page }) => {
    expect(await openRelease(page, 'https://pypi.org/project/abi3info/2024.10.8/')).toBe(
      'verified',
    );
    expect(await fileStates(page)).toEqual({
      [abi3Sdist.filename]: 'verified',
      [abi3Wheel.filename]: 'verified',
    });
  });

  test('GitLab publisher: verified, popup names GitLab and the project', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const url = 'https://pypi.org/project/gitlab-oidc-project/0.0.3/';
    expect(await openRelease(page, url)).toBe('verified');
    expect(await fileStates(page)).toEqual({ [gitlab.filename]: 'verified' });

    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, url));
    expect(await popupStates(popup)).toEqual({ [gitlab.filename]: 'verified' });
    await fileRow(popup, gitlab.filename).click();
    await expect(popup.getByTestId('publisher-kind')).toHaveText('GitLab');
    await expect(popup.getByTestId('publisher-repository')).toHaveText(
      'facutuesca/gitlab-oidc-project',
    );
    await expect(popup.getByTestId('workflow-link')).toHaveAttribute(
      'href',
      /^https:\/\/gitlab\.com\/facutuesca\/gitlab-oidc-project\/-\/blob\/[0-9a-f]{40}\/\.gitlab-ci\.yml$/,
    );
    await expect(popup.getByTestId('rekor-link')).toHaveAttribute(
      'href',
      `https://search.sigstore.dev/?logIndex=${gitlab.logIndex}`,
    );
  });

  test('Google publisher: verified, popup names Google', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const url = 'https://pypi.org/project/sampleproject/3.0.0/';
    expect(await openRelease(page, url)).toBe('verified');
    expect(await fileStates(page)).toEqual({ [google.filename]: 'verified' });

    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, url));
    expect(await popupStates(popup)).toEqual({ [google.filename]: 'verified' });
    await fileRow(popup, google.filename).click();
    await expect(popup.getByTestId('publisher-kind')).toHaveText('Google');
    await expect(popup.getByTestId('file-details')).toContainText(
      '919436158236-compute@developer.gserviceaccount.com',
    );
  });
});

test.describe('one attested and one unattested file', () => {
  test.use({
    siteSpec: {
      'pypi.org': {
        sampleproject: {
          '4.0.0': [
            {
              filename: sdist.filename,
              sha256: sdist.sha256,
              provenanceFile: sdist.provenanceFile,
            },
            { filename: wheel.filename, sha256: wheel.sha256 },
          ],
        },
      },
    },
  });

  test('summary partial, badges verified + none', async ({ page, serviceWorker }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('partial');
    expect(await fileStates(page)).toEqual({
      [sdist.filename]: 'verified',
      [wheel.filename]: 'none',
    });
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    // A partial release is a warning: never green, the toolbar says why.
    await expect.poll(async () => (await toolbar(serviceWorker, tabId)).text).toBe('!');
    expect((await toolbar(serviceWorker, tabId)).title).toContain('Partly verified');
  });
});

/** Provenance that must fail, with the reason code users must see. */
const FAILURES: {
  title: string;
  project: string;
  version: string;
  files: SiteFile[];
  bad: FixtureCase;
}[] = (() => {
  const neg01 = fixtureCase(NEGATIVE_CASES, 'neg01');
  const neg03 = fixtureCase(NEGATIVE_CASES, 'neg03');
  const digest = fixtureCase(NEGATIVE_CASES, 'tampered distribution');
  return [
    {
      title: 'tampered provenance (neg01)',
      project: 'sampleproject',
      version: '4.0.0',
      files: [caseFile(neg01), WHEEL_FILE],
      bad: neg01,
    },
    {
      title: 'wrong publisher (neg03)',
      project: 'sampleproject',
      version: '4.0.0',
      files: [caseFile(neg03), WHEEL_FILE],
      bad: neg03,
    },
    {
      title: 'the JSON API lists another sha256 (pypi_attestations 0.0.19)',
      project: 'pypi-attestations',
      version: '0.0.19',
      files: [caseFile(digest)],
      bad: digest,
    },
  ];
})();

for (const f of FAILURES) {
  test.describe(f.title, () => {
    test.use({ siteSpec: { 'pypi.org': { [f.project]: { [f.version]: f.files } } } });

    test(`summary failed with ${f.bad.expect} on the page, in the popup and the toolbar`, async ({
      page,
      context,
      extensionId,
      serviceWorker,
    }) => {
      const url = `https://pypi.org/project/${f.project}/${f.version}/`;
      const code = f.bad.expect;
      expect(await openRelease(page, url)).toBe('failed');
      await expect(fileBadge(page, f.bad.filename)).toHaveAttribute(
        'data-provenance-state',
        'failed',
      );
      // Other files keep their own state: a failure is not spread to them, nor softened.
      for (const other of f.files.filter((x) => x.filename !== f.bad.filename)) {
        await expect(fileBadge(page, other.filename)).toHaveAttribute(
          'data-provenance-state',
          'verified',
        );
      }
      expect(await shadowText(page, 'data-provenance-summary')).toContain(code);
      expect(await cardText(page, f.bad.filename)).toContain(code);

      const tabId = await tabIdOf(serviceWorker, url);
      await expect
        .poll(() => toolbar(serviceWorker, tabId))
        .toEqual({ text: '✗', title: expect.stringContaining('FAILED') });

      const popup = await openPopup(context, extensionId, tabId);
      expect((await popupStates(popup))[f.bad.filename]).toBe('failed');
      await fileRow(popup, f.bad.filename).click();
      await expect(popup.getByTestId('file-details')).toContainText(code);
    });
  });
}

test.describe('no provenance for any file (Integrity API 404)', () => {
  test.use({
    siteSpec: {
      'pypi.org': {
        sampleproject: {
          '4.0.0': [
            { filename: sdist.filename, sha256: sdist.sha256 },
            { filename: wheel.filename, sha256: wheel.sha256 },
          ],
        },
      },
    },
  });

  test('summary none, badges none', async ({ page }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('none');
    expect(await fileStates(page)).toEqual({ [sdist.filename]: 'none', [wheel.filename]: 'none' });
  });
});

test.describe('test.pypi.org', () => {
  test.use({ siteSpec: { 'test.pypi.org': sampleprojectSite()['pypi.org'] } });

  test('the same release verifies on TestPyPI', async ({
    page,
    context,
    extensionId,
    serviceWorker,
    fakePypi,
  }) => {
    const url = 'https://test.pypi.org/project/sampleproject/4.0.0/';
    expect(await openRelease(page, url)).toBe('verified');
    expect(await fileStates(page)).toEqual({
      [sdist.filename]: 'verified',
      [wheel.filename]: 'verified',
    });
    // Everything came from test.pypi.org, nothing from pypi.org.
    expect(fakePypi.requests.filter((r) => r.path.startsWith('/integrity/'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ host: 'test.pypi.org' })]),
    );
    expect(fakePypi.requests.filter((r) => r.host !== 'test.pypi.org')).toEqual([]);

    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, url));
    expect(await popupStates(popup)).toEqual({
      [sdist.filename]: 'verified',
      [wheel.filename]: 'verified',
    });
  });
});

test.describe('revisiting a release', () => {
  test('is served from the cache: no new Integrity API requests', async ({
    page,
    context,
    fakePypi,
  }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    const first = integrityRequests(fakePypi);
    expect(first).toBe(2);

    await page.reload();
    expect(await settledSummary(page)).toBe('verified');
    const other = await context.newPage();
    expect(await openRelease(other, RELEASE_URL)).toBe('verified');
    expect(await fileStates(other)).toEqual({
      [sdist.filename]: 'verified',
      [wheel.filename]: 'verified',
    });
    expect(integrityRequests(fakePypi)).toBe(first);
  });
});

test.describe('a pypi.org page that is not a project page', () => {
  test('gets no summary, and the popup explains the extension', async ({
    page,
    site,
    context,
    extensionId,
    serviceWorker,
  }) => {
    writePage(site, 'pypi.org', '/search/', SEARCH_PAGE);
    const url = 'https://pypi.org/search/?q=x';
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    await expect(page.locator('h1')).toHaveText('Search results');

    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, url));
    await expect(popup.getByTestId('welcome')).toBeVisible();
    await expect(popup.getByTestId('file-row')).toHaveCount(0);
    // By now the content script has long run (the popup loaded after the page): no badge.
    await expect(page.locator('[data-provenance-summary], [data-provenance-file]')).toHaveCount(0);
  });

  test('leaving a project page clears the toolbar; Back restores the badge and toolbar', async ({
    page,
    site,
    serviceWorker,
  }) => {
    writePage(site, 'pypi.org', '/search/', SEARCH_PAGE);
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    await expect.poll(async () => (await toolbar(serviceWorker, tabId)).text).toBe('✓');

    await page.goto('https://pypi.org/search/?q=x');
    await expect.poll(async () => (await toolbar(serviceWorker, tabId)).text).toBe('');

    await page.goBack();
    expect(await settledSummary(page)).toBe('verified');
    await expect.poll(async () => (await toolbar(serviceWorker, tabId)).text).toBe('✓');
  });

  test('after leaving a project page, the popup for that tab no longer shows the release', async ({
    page,
    site,
    context,
    extensionId,
    serviceWorker,
  }) => {
    writePage(site, 'pypi.org', '/search/', SEARCH_PAGE);
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    await page.goto('https://pypi.org/search/?q=x');

    const popup = await openPopup(context, extensionId, tabId);
    await expect(popup.getByTestId('welcome')).toBeVisible({ timeout: 5_000 });
    await expect(popup.getByTestId('file-row')).toHaveCount(0);
  });

  test('switching to the files tab or a file details panel keeps the release in the popup', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    const tabId = await tabIdOf(serviceWorker, RELEASE_URL);
    await page.evaluate(() => {
      location.hash = 'files';
    });
    await page.evaluate(() => {
      location.hash = 'sampleproject-4.0.0.tar.gz';
    });
    await page.waitForTimeout(300);
    const popup = await openPopup(context, extensionId, tabId);
    await expect(popup.getByTestId('file-row')).toHaveCount(2, { timeout: 5_000 });
    expect((await toolbar(serviceWorker, tabId)).text).toBe('✓');
    // Our elements stay in place on the page too.
    await expect(page.locator('[data-provenance-file]')).toHaveCount(2);
    await expect(page.locator('[data-provenance-summary="verified"]')).toHaveCount(1);
  });
});

test.describe('navigation from our badges', () => {
  test('clicking the summary opens the files; clicking a file badge opens its details', async ({
    page,
  }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    await page.locator('[data-provenance-summary]').click({ position: { x: 20, y: 10 } });
    await expect.poll(() => new URL(page.url()).hash).toBe('#files');
    await page.locator('[data-provenance-file="sampleproject-4.0.0.tar.gz"]').click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#sampleproject-4.0.0.tar.gz');
  });
});
