/**
 * Issue 4, identity memory (trust on first use) and pinning, end to end: the alerts on the
 * project page (`data-provenance-warnings`) and in the popup, the popup's Accept / Pin /
 * Unpin / Forget, and the options page (list, export as PEP 751 `attestation-identities` and
 * as pypi-attestations command lines, remove, import round trip, a bad import, clear caches).
 *
 * Identities other than real projects' are signed by the test Sigstore instance and checked
 * by the TEST build (e2e/fixtures.ts `extensionBuild: 'test-root'`).
 */
import type { Page } from '@playwright/test';
import type { TestInstance } from '../test/sigstore-instance/index.js';
import { expect, test } from './fixtures.js';
import {
  openAnalysedRelease,
  settledWarnings,
  shadowText,
  summaryAlertKinds,
} from './page-readers.js';
import { openOptions, popupWarningKinds, toolbar, visitRelease } from './popup-readers.js';
import { screenshot } from './screenshots.js';
import { github, signedFile, unsignedFile } from './signed-files.js';
import type { SiteSpec } from './site.js';

const pypi = (project: string, version: string) =>
  `https://pypi.org/project/${project}/${version}/`;

/** Alerts about what the user saw before (as opposed to history warnings). */
const MEMORY_ALERTS = ['pin-violation', 'identity-differs', 'provenance-missing'];

const specs = new WeakMap<TestInstance, SiteSpec>();

/** Each project: 1.0 signed by good/<project>, then a release by evil/<project> or none. */
function memorySite(instance: TestInstance): SiteSpec {
  const cached = specs.get(instance);
  if (cached) return cached;
  const by = (owner: string, project: string, version: string) => [
    signedFile(instance, `${project}-${version}.tar.gz`, github(`${owner}/${project}`)),
  ];
  const spec: SiteSpec = {
    'pypi.org': {
      tofuproj: { '1.0': by('good', 'tofuproj', '1.0'), '2.0': by('evil', 'tofuproj', '2.0') },
      pinproj: { '1.0': by('good', 'pinproj', '1.0'), '2.0': by('evil', 'pinproj', '2.0') },
      missproj: {
        '1.0': by('good', 'missproj', '1.0'),
        '1.1': [unsignedFile('missproj-1.1.tar.gz')],
      },
    },
  };
  specs.set(instance, spec);
  return spec;
}

/** Reloads the release page and returns its warnings once the new analysis is shown. */
async function reloadWarnings(page: Page): Promise<string[]> {
  await page.reload();
  return settledWarnings(page);
}

test.describe('identity memory and pinning (TEST build)', () => {
  test.use({
    extensionBuild: 'test-root',
    siteSpec: async ({ testInstance }, use) => {
      await use(memorySite(testInstance));
    },
  });

  test('another identity than the one seen before → identity-differs; accepting it clears the alert', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const args = { context, extensionId, serviceWorker };
    // First visit: the identity is remembered (trust on first use), nothing to say.
    const first = await visitRelease(page, args, pypi('tofuproj', '1.0'));
    expect(first.summary).toBe('verified');
    expect(first.warnings).toEqual([]);
    await expect(first.popup.getByTestId('release-identity')).toContainText('good/tofuproj');
    await expect(first.popup.getByTestId('release-identity')).toContainText('remembered');
    await first.popup.close();

    // 2.0 is signed by another repository: a history warning and a memory alert.
    const second = await visitRelease(page, args, pypi('tofuproj', '2.0'));
    expect(second.summary).toBe('verified');
    expect(second.warnings.sort()).toEqual(['identity-differs', 'publisher-changed']);
    const popup = second.popup;
    expect((await popupWarningKinds(popup)).sort()).toEqual([
      'identity-differs',
      'publisher-changed',
    ]);
    const alert = popup.locator('[data-testid="warning"][data-kind="identity-differs"]');
    await expect(alert).toContainText('evil/tofuproj');
    await expect(alert).toContainText('good/tofuproj');
    await screenshot(alert, 'popup-warning-identity-differs');

    await alert.getByTestId('accept-identity').click();
    await expect(alert).toHaveCount(0);
    await expect(popup.getByTestId('memory-status')).toContainText('remembered as expected');
    // The history warning stays: the publisher did change in 2.0.
    expect(await popupWarningKinds(popup)).toEqual(['publisher-changed']);

    // On the page too, after a reload.
    expect(await reloadWarnings(page)).toEqual(['publisher-changed']);
  });

  test('pin → pin-violation; unpin → identity-differs; forget → no alert', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const args = { context, extensionId, serviceWorker };
    const first = await visitRelease(page, args, pypi('pinproj', '1.0'));
    expect(first.warnings).toEqual([]);
    await first.popup.getByTestId('pin-identity').click();
    await expect(first.popup.getByTestId('pinned-identity')).toContainText(
      'GitHub · good/pinproj · release.yml',
    );
    await expect(first.popup.getByTestId('pin-identity')).toHaveCount(0);
    await first.popup.close();

    // A release signed by another identity violates the pin.
    const second = await visitRelease(page, args, pypi('pinproj', '2.0'));
    expect(second.summary).toBe('verified');
    expect(second.warnings.sort()).toEqual(['pin-violation', 'publisher-changed']);
    const popup = second.popup;
    // Violations first.
    expect(await popupWarningKinds(popup)).toEqual(['pin-violation', 'publisher-changed']);
    const violation = popup.locator('[data-testid="warning"][data-kind="pin-violation"]');
    await expect(violation).toContainText('You pinned GitHub · good/pinproj · release.yml');
    await expect(violation).toContainText('evil/pinproj');
    await expect(popup.getByTestId('pinned-identity')).toContainText('good/pinproj');
    // The green mark is gone: the summary says the pin is violated, and the toolbar too.
    expect(await summaryAlertKinds(page)).toEqual(['pin-violated', 'publisher-changed']);
    const summaryText = await shadowText(page, 'data-provenance-summary');
    expect(summaryText).toContain('Pin violated');
    expect(summaryText).not.toContain('Provenance verified');
    const look = await toolbar(serviceWorker, second.tabId);
    expect(look.text).toBe('!');
    expect(look.title).toContain('PIN VIOLATED');
    await screenshot(violation, 'popup-warning-pin-violation');
    await screenshot(page.locator('[data-provenance-warnings]'), 'page-warning-pin-violation');

    // Unpinned, the pinned identity is still remembered: the release now differs from it.
    await popup.getByTestId('unpin-identity').click();
    await expect(popup.getByTestId('pinned-identity')).toHaveCount(0);
    await expect
      .poll(async () => (await popupWarningKinds(popup)).sort())
      .toEqual(['identity-differs', 'publisher-changed']);
    expect((await reloadWarnings(page)).sort()).toEqual(['identity-differs', 'publisher-changed']);

    // Forgotten: nothing remembered to differ from (and this identity is remembered afresh).
    await popup.getByTestId('forget-project').click();
    await expect(popup.getByTestId('memory-status')).toContainText('Forgotten');
    await expect.poll(() => popupWarningKinds(popup)).toEqual(['publisher-changed']);
    const after = await reloadWarnings(page);
    expect(after.filter((k) => MEMORY_ALERTS.includes(k))).toEqual([]);
    expect(after).toEqual(['publisher-changed']);
  });

  test('a release without provenance after a verified one → provenance-missing; pinned → pin-violation', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const args = { context, extensionId, serviceWorker };
    const first = await openAnalysedRelease(page, pypi('missproj', '1.0'));
    expect(first).toEqual({ summary: 'verified', warnings: [] });
    const second = await visitRelease(page, args, pypi('missproj', '1.1'));
    expect(second.summary).toBe('none');
    expect(second.warnings.sort()).toEqual(['provenance-lost', 'provenance-missing']);
    expect((await popupWarningKinds(second.popup)).sort()).toEqual([
      'provenance-lost',
      'provenance-missing',
    ]);
    await expect(
      second.popup.locator('[data-testid="warning"][data-kind="provenance-missing"]'),
    ).toContainText('good/missproj');
    await second.popup.close();

    // Pinned, a release without provenance violates the pin.
    const pinned = await visitRelease(page, args, pypi('missproj', '1.0'));
    await pinned.popup.getByTestId('pin-identity').click();
    await expect(pinned.popup.getByTestId('pinned-identity')).toContainText('good/missproj');
    await pinned.popup.close();
    const third = await visitRelease(page, args, pypi('missproj', '1.1'));
    expect(third.warnings.sort()).toEqual(['pin-violation', 'provenance-lost']);
    expect(await popupWarningKinds(third.popup)).toEqual(['pin-violation', 'provenance-lost']);
    await expect(
      third.popup.locator('[data-testid="warning"][data-kind="pin-violation"]'),
    ).toContainText(
      'these files of 1.1 have no verified identity: missproj-1.1.tar.gz (no provenance)',
    );
    // The mark itself says so, in words and in the contract's alert kinds.
    expect(await summaryAlertKinds(page)).toEqual(['pin-violated', 'provenance-lost']);
    expect(await shadowText(page, 'data-provenance-summary')).toContain('Pin violated');
  });
});

// ---------------------------------------------------------------------------------------------

interface ExportDoc {
  format: string;
  exported: string;
  projects: Record<
    string,
    { index: string; 'attestation-identities': Record<string, string>[]; pinned: unknown }
  >;
}

async function exportedDoc(options: Page): Promise<ExportDoc> {
  const pre = options.getByTestId('export-json');
  await expect(pre).toBeVisible();
  return JSON.parse((await pre.textContent()) ?? '') as ExportDoc;
}

test.describe('options page (production build, sampleproject)', () => {
  const RELEASE = pypi('sampleproject', '4.0.0');
  const IDENTITY = { kind: 'GitHub', repository: 'pypa/sampleproject', workflow: 'release.yml' };

  test('lists, exports, removes, imports back (text and file), rejects a bad file, clears caches', async ({
    page,
    context,
    extensionId,
    serviceWorker,
    fakePypi,
  }) => {
    // Visit and pin.
    const visit = await visitRelease(page, { context, extensionId, serviceWorker }, RELEASE);
    expect(visit.summary).toBe('verified');
    await visit.popup.getByTestId('pin-identity').click();
    await expect(visit.popup.getByTestId('pinned-identity')).toContainText('pypa/sampleproject');

    const options = await openOptions(context, extensionId);
    const entry = options.locator('[data-testid="memory-entry"][data-project="sampleproject"]');
    await expect(entry).toHaveCount(1);
    await expect(entry).toHaveAttribute('data-pinned', 'true');
    await expect(options.getByTestId('memory-entry')).toHaveCount(1);

    // Export: PEP 751-shaped identities, and pypi-attestations command lines.
    const doc = await exportedDoc(options);
    expect(doc.format).toBe('pypi-provenance-identities/v1');
    expect(doc.projects.sampleproject).toMatchObject({
      index: 'https://pypi.org',
      'attestation-identities': [IDENTITY],
      pinned: IDENTITY,
    });
    await expect(options.getByTestId('export-commands')).toContainText(
      "pypi-attestations verify pypi --repository 'https://github.com/pypa/sampleproject'",
    );
    await screenshot(options, 'options');

    // Remove.
    await entry.getByTestId('remove-entry').click();
    await expect(options.getByTestId('memory-entry')).toHaveCount(0);
    await expect(options.getByTestId('memory-empty')).toBeVisible();
    await expect.poll(async () => Object.keys((await exportedDoc(options)).projects)).toEqual([]);

    // Import it back from the text area: the same entry, pinned again (round trip).
    await options.getByTestId('import-text').fill(JSON.stringify(doc, null, 2));
    await options.getByTestId('import-button').click();
    await expect(options.getByTestId('import-ok')).toContainText('1 project');
    await expect(entry).toHaveCount(1);
    await expect(entry).toHaveAttribute('data-pinned', 'true');
    await expect.poll(async () => (await exportedDoc(options)).projects).toEqual(doc.projects);

    // A bad file: a clear error, nothing changes.
    const before = await exportedDoc(options);
    const importFile = options.getByTestId('import-file');
    await importFile.setInputFiles({
      name: 'identities.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format": "pypi-provenance-identities/v1", "projects": '),
    });
    await expect(options.getByTestId('import-error')).toContainText('not JSON');
    await expect(options.getByTestId('import-error')).toContainText('Nothing was changed');
    await importFile.setInputFiles({
      name: 'identities.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'pypi-provenance-identities/v1',
          projects: {
            other: {
              index: 'https://pypi.org',
              'attestation-identities': [
                { kind: 'GitHub', repository: 'a b/<script>', workflow: 'x.yml' },
              ],
              pinned: null,
            },
          },
        }),
      ),
    });
    await expect(options.getByTestId('import-error')).toContainText(
      'Not a PyPI Provenance identities file',
    );
    await expect(options.getByTestId('import-ok')).toHaveCount(0);
    await expect(options.getByTestId('memory-entry')).toHaveCount(1);
    expect((await exportedDoc(options)).projects).toEqual(before.projects);
    await screenshot(options.getByTestId('import-error'), 'options-import-error');

    // The file input takes a good file too.
    await entry.getByTestId('remove-entry').click();
    await expect(options.getByTestId('memory-entry')).toHaveCount(0);
    await importFile.setInputFiles({
      name: 'identities.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(doc)),
    });
    await expect(options.getByTestId('import-ok')).toContainText('1 project');
    await expect(options.getByTestId('import-error')).toHaveCount(0);
    await expect(entry).toHaveAttribute('data-pinned', 'true');

    // Clear caches: the release is listed and checked again, the memory stays. (The
    // Integrity API's responses may come from Chromium's HTTP cache, max-age=600, so the
    // JSON API listing, which has no such header, is what shows that the cache was cleared.)
    const listings = () =>
      fakePypi.requests.filter((r) => r.path === '/pypi/sampleproject/4.0.0/json').length;
    await page.reload();
    expect(await settledWarnings(page)).toEqual([]);
    const cached = listings();
    await options.getByTestId('clear-caches').click();
    await expect(options.getByTestId('caches-cleared')).toBeVisible();
    await page.reload();
    expect(await settledWarnings(page)).toEqual([]);
    expect(listings()).toBe(cached + 1);
    await options.reload();
    await expect(entry).toHaveAttribute('data-pinned', 'true');
  });
});
