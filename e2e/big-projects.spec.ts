/**
 * Issue 12 §1, big projects: projects with 2,000, 20,000 and 100,000 files across their
 * releases and a 1 MB description, on both URL forms. The all-releases JSON of the biggest is
 * ~78 MB and its Simple API listing ~48 MB (the 5 MiB response cap made every one of them
 * `error` before): the page ends in its right state, the latest release is learnt without
 * reading the whole history, and the popup's history says when it covers only the newest
 * releases.
 */
import { expect, test as base } from './fixtures.js';
import { fileStates, openRelease, shadowText } from './page-readers.js';
import { openPopup, tabIdOf, timelineEntries } from './popup-readers.js';
import {
  BIG_PROJECT_VERSION,
  buildSite,
  removeSite,
  SAMPLEPROJECT,
  sampleprojectSite,
  writeBigProject,
} from './site.js';

const SIZES = [
  { project: 'big-2k', files: 2_000 },
  { project: 'big-20k', files: 20_000 },
  { project: 'big-100k', files: 100_000 },
] as const;

/** Releases kept by the history (src/core/pypi/simple.ts MAX_RELEASES). */
const KEPT = 500;

// The site is written once per worker (the 100,000-file project takes seconds to write).
const test = base.extend<object, { bigSite: { dir: string; releases: Record<string, number> } }>({
  bigSite: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = buildSite(sampleprojectSite());
      const releases: Record<string, number> = {};
      for (const { project, files } of SIZES) {
        releases[project] = writeBigProject(dir, 'pypi.org', project, { files }).releases;
      }
      try {
        await use({ dir, releases });
      } finally {
        removeSite(dir);
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  site: async ({ bigSite }, use) => {
    await use(bigSite.dir);
  },
});

test.describe.configure({ timeout: 120_000 });

const { sdist, wheel } = SAMPLEPROJECT;

for (const { project, files } of SIZES) {
  for (const form of ['bare', 'versioned'] as const) {
    const url =
      form === 'bare'
        ? `https://pypi.org/project/${project}/`
        : `https://pypi.org/project/${project}/${BIG_PROJECT_VERSION}/`;
    test(`${files.toLocaleString('en')} files, ${form} URL: the latest release verifies`, async ({
      page,
      fakePypi,
    }) => {
      const state = await openRelease(page, url);
      // On a wrong state, what the badge says.
      const why = state === 'verified' ? '' : await shadowText(page, 'data-provenance-summary');
      expect(state, why).toBe('verified');
      expect(await fileStates(page)).toEqual({
        [sdist.filename]: 'verified',
        [wheel.filename]: 'verified',
      });
      const listings = fakePypi.requests
        .map((r) => r.path)
        .filter((p) => p.startsWith(`/pypi/${project}/`));
      // The all-releases document is only read for the latest version (bare URL), never asked
      // for otherwise; the release's own document lists its files. On a bare URL the files
      // may also come from the all-releases document's `urls`: read up to 256 KB past `info`,
      // unless the rest already came in the same chunk (a busy worker's fetch reads what the
      // network has buffered, ~2 MB: all of the 2,000-file project's 1.5 MB after `info`).
      const own = `/pypi/${project}/${BIG_PROJECT_VERSION}/json`;
      const all = `/pypi/${project}/json`;
      if (form === 'versioned') expect(listings).not.toContain(all);
      else expect(listings).toContain(all);
      if (form === 'versioned' || files > 2_000) expect(listings).toContain(own);
    });
  }
}

test('the history of a project with more releases than it keeps says it covers the newest', async ({
  page,
  context,
  serviceWorker,
  extensionId,
  bigSite,
}) => {
  const url = `https://pypi.org/project/big-20k/`;
  expect(await openRelease(page, url)).toBe('verified');
  const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, url));
  const entries = await timelineEntries(popup);
  expect(entries.slice(0, 3).map((e) => e.version)).toEqual([
    BIG_PROJECT_VERSION,
    '1.999',
    '1.998',
  ]);
  const releases = bigSite.releases['big-20k'];
  expect(releases).toBeGreaterThan(KEPT);
  await expect(popup.getByTestId('timeline-limited')).toHaveText(
    `Only the newest ${KEPT} of ${releases} releases are checked: this project has too many to go through its whole history.`,
  );
});

test('the history of a project it can keep whole has no such notice', async ({
  page,
  context,
  serviceWorker,
  extensionId,
  bigSite,
}) => {
  const url = `https://pypi.org/project/big-2k/${BIG_PROJECT_VERSION}/`;
  expect(await openRelease(page, url)).toBe('verified');
  const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, url));
  const entries = await timelineEntries(popup);
  expect(entries[0]?.version).toBe(BIG_PROJECT_VERSION);
  await expect(popup.getByTestId('timeline')).toContainText(
    `of ${bigSite.releases['big-2k']} releases`,
  );
  await expect(popup.getByTestId('timeline-limited')).toHaveCount(0);
});
