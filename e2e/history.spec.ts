/**
 * Issue 4, publisher history: the popup's timeline and the warnings on the project page and
 * in the popup, computed over the whole history (Simple API JSON → one file per release).
 *
 * - Real histories (production build): abi3info 2024.10.3 → 2024.10.8 and pypi-attestations
 *   0.0.16 → 0.0.19 were each published by one identity: both releases verified, no warning.
 * - What real data cannot give, signed by the test Sigstore instance (test/sigstore-instance)
 *   and checked by the TEST build that trusts it: a change of publisher, lost provenance, a
 *   partial release, Rekor v2 with RFC 3161 timestamps, risk hints. The production build shows
 *   the same test-signed release as `failed`, never `verified`.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VALID_CASES, type FixtureCase } from '../test/cases.js';
import { fixturePath } from '../test/fixtures.js';
import type { TestInstance } from '../test/sigstore-instance/index.js';
import { expect, test } from './fixtures.js';
import {
  fileStates,
  openAnalysedRelease,
  shadowText,
  summaryAlertKinds,
  summaryHistory,
  trackSummary,
} from './page-readers.js';
import {
  fileRow,
  openPopup,
  popupStates,
  popupWarningKinds,
  sendFromPage,
  tabIdOf,
  openTimeline,
  timelineEntries,
  toolbar,
  visitRelease,
} from './popup-readers.js';
import { screenshot } from './screenshots.js';
import { github, signedFile, unsignedFile } from './signed-files.js';
import {
  clearStatus,
  integrityUrlPath,
  provenanceFromAttestation,
  sitePath,
  writeStatus,
  type SiteFile,
  type SiteSpec,
} from './site.js';
import type { Timeline } from '../src/shared/view-model.js';

function fixtureCase(name: string): FixtureCase {
  const found = VALID_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`no fixture case named ${name}`);
  return found;
}

/** A release file from a real fixture (a provenance object, or one attestation + publisher). */
function realFile(name: string): SiteFile {
  const c = fixtureCase(name);
  return c.publisher
    ? {
        filename: c.filename,
        sha256: c.sha256,
        provenance: provenanceFromAttestation(c.file, c.publisher),
      }
    : { filename: c.filename, sha256: c.sha256, provenanceFile: c.file };
}

const pypi = (project: string, version: string) =>
  `https://pypi.org/project/${project}/${version}/`;

// ---------------------------------------------------------------------------------------------

test.describe('real histories (production build)', () => {
  test.use({
    siteSpec: {
      'pypi.org': {
        abi3info: {
          '2024.10.3': [realFile('abi3info 2024.10.3 wheel provenance')],
          '2024.10.8': [
            realFile('abi3info 2024.10.8 sdist provenance'),
            realFile('abi3info 2024.10.8 wheel provenance'),
          ],
        },
        'pypi-attestations': {
          '0.0.16': [realFile('pypi-attestations 0.0.16 attestation')],
          '0.0.19': [realFile('pypi-attestations 0.0.19 sdist provenance')],
        },
      },
    },
  });

  for (const { project, versions, repository } of [
    {
      project: 'abi3info',
      versions: ['2024.10.8', '2024.10.3'],
      repository: 'woodruffw/abi3info',
    },
    {
      project: 'pypi-attestations',
      versions: ['0.0.19', '0.0.16'],
      repository: 'trailofbits/pypi-attestations',
    },
  ]) {
    test(`${project} ${versions[1]} → ${versions[0]}: one publisher, no warning`, async ({
      page,
      context,
      extensionId,
      serviceWorker,
      fakePypi,
    }) => {
      const { summary, warnings, popup } = await visitRelease(
        page,
        { context, extensionId, serviceWorker },
        pypi(project, versions[0]!),
      );
      expect(summary).toBe('verified');
      expect(warnings).toEqual([]);
      await expect(page.locator('[data-provenance-warnings]')).toBeHidden();

      const entries = await timelineEntries(popup);
      expect(entries.map((e) => [e.version, e.state, e.changed])).toEqual(
        versions.map((v) => [v, 'verified', 'false']),
      );
      for (const e of entries) expect(e.text).toContain(repository);
      expect(await popupWarningKinds(popup)).toEqual([]);

      // The same identity (kind, repository, workflow) for both releases, as the worker has it.
      const timeline = await sendFromPage<Timeline>(popup, 'getTimeline', {
        index: 'https://pypi.org',
        project,
      });
      const ids = timeline.entries.map((e) => e.identity);
      expect(ids).toHaveLength(2);
      expect(ids[0]).toMatchObject({
        kind: 'GitHub',
        repository: `https://github.com/${repository}`,
      });
      expect(ids[1]).toMatchObject({
        kind: ids[0]!.kind,
        repository: ids[0]!.repository,
        workflow: ids[0]!.workflow,
      });
      // The history came from the Simple API JSON (PEP 691 content negotiation).
      expect(
        fakePypi.requests.some(
          (r) =>
            r.path === `/simple/${project}/` &&
            (r.accept ?? '').includes('application/vnd.pypi.simple.v1+json'),
        ),
      ).toBe(true);
      if (project === 'abi3info') await screenshot(popup, 'popup-timeline-abi3info');
    });
  }
  test('a provenance URL on another origin is not followed', async ({
    page,
    context,
    extensionId,
    serviceWorker,
    site,
    fakePypi,
  }) => {
    // The Simple API names test.pypi.org for 2024.10.3's provenance (which is served there).
    const old = realFile('abi3info 2024.10.3 wheel provenance');
    const foreign = integrityUrlPath('abi3info', '2024.10.3', old.filename);
    const copy = sitePath(site, 'test.pypi.org', foreign);
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(fixturePath(old.provenanceFile!), copy);
    const simple = sitePath(site, 'pypi.org', '/simple/abi3info/index.json');
    const doc = JSON.parse(readFileSync(simple, 'utf8')) as {
      files: { filename: string; provenance: string | null }[];
    };
    for (const f of doc.files) {
      if (f.filename === old.filename) f.provenance = `https://test.pypi.org${foreign}`;
    }
    writeFileSync(simple, JSON.stringify(doc));

    const { summary, warnings, popup } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('abi3info', '2024.10.8'),
    );
    expect(summary).toBe('verified');
    expect(warnings).toEqual([]);
    const entries = await timelineEntries(popup);
    expect(entries.map((e) => [e.version, e.state])).toEqual([
      ['2024.10.8', 'verified'],
      ['2024.10.3', 'none'],
    ]);
    expect(fakePypi.requests.filter((r) => r.host === 'test.pypi.org')).toEqual([]);
  });

  test('the Simple API failing: the release still verifies; the history says so and retries', async ({
    page,
    context,
    extensionId,
    serviceWorker,
    site,
  }) => {
    writeStatus(site, 'pypi.org', '/simple/abi3info/', 500);
    const { summary, warnings, popup } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('abi3info', '2024.10.8'),
    );
    expect(summary).toBe('verified');
    expect(warnings).toEqual([]);
    await expect(popup.getByTestId('history-error')).toBeVisible();
    await expect(popup.getByTestId('timeline')).toHaveAttribute('data-status', 'error', {
      timeout: 20_000,
    });
    expect(await popupWarningKinds(popup)).toEqual([]);

    clearStatus(site, 'pypi.org', '/simple/abi3info/');
    await openTimeline(popup);
    await popup.getByTestId('timeline-retry').click();
    const entries = await timelineEntries(popup);
    expect(entries.map((e) => [e.version, e.state])).toEqual([
      ['2024.10.8', 'verified'],
      ['2024.10.3', 'verified'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Test-signed scenarios.

const A = github('good/proj');
const REKOR_V2_SIGNED_AT = new Date('2025-11-02T03:04:05Z');
const B = github('evil/proj');

const specs = new WeakMap<TestInstance, SiteSpec>();

/** Every test-signed project of this file (signed once per worker). */
function testSignedSite(instance: TestInstance): SiteSpec {
  const cached = specs.get(instance);
  if (cached) return cached;
  const sign = (filename: string, identity = A, opts?: Parameters<typeof signedFile>[3]) =>
    signedFile(instance, filename, identity, opts);
  const spec: SiteSpec = {
    'pypi.org': {
      // A change of repository between releases.
      proj: {
        '1.0': [sign('proj-1.0.tar.gz', A)],
        '2.0': [sign('proj-2.0.tar.gz', B)],
      },
      // 1.1 was uploaded without provenance (e.g. with a stolen API token).
      lostproj: {
        '1.0': [sign('lostproj-1.0.tar.gz', github('good/lostproj'))],
        '1.1': [unsignedFile('lostproj-1.1.tar.gz'), unsignedFile('lostproj-1.1-py3-none-any.whl')],
      },
      // One file attested, one not.
      partialproj: {
        '1.0': [
          sign('partialproj-1.0.tar.gz', github('good/partialproj')),
          unsignedFile('partialproj-1.0-py3-none-any.whl'),
        ],
      },
      // Both files verified, but by two identities.
      mixedproj: {
        '1.0': [
          sign('mixedproj-1.0.tar.gz', github('good/mixedproj')),
          sign('mixedproj-1.0-py3-none-any.whl', github('other/mixedproj')),
        ],
      },
      // Rekor v2 (inclusion proof + RFC 3161 timestamp, no SET).
      rekortwo: {
        '1.0': [
          sign('rekortwo-1.0.tar.gz', github('good/rekortwo'), {
            rekor: 'v2',
            signedAt: REKOR_V2_SIGNED_AT,
          }),
        ],
      },
      // 22 releases: the timeline shows the newest 20, older ones on request.
      manyproj: Object.fromEntries(
        Array.from({ length: 22 }, (_, i) => {
          const version = `1.${i}`;
          const file = `manyproj-${version}.tar.gz`;
          return [
            version,
            [i === 0 || i === 21 ? sign(file, github('good/manyproj')) : unsignedFile(file)],
          ];
        }),
      ),
      // 2.0 signed with a publisher kind this version cannot check (anyone can get a Sigstore
      // signature over any digest): unsupported, which is no verified identity.
      unsupproj: {
        '1.0': [sign('unsupproj-1.0.tar.gz', github('good/unsupproj'))],
        '2.0': [
          sign('unsupproj-2.0.tar.gz', github('evil/unsupproj'), {
            publisher: { kind: 'ActiveState' } as never,
          }),
        ],
      },
      // One file verified, one signed for an unsupported publisher kind.
      mixunsup: {
        '1.0': [
          sign('mixunsup-1.0.tar.gz', github('good/mixunsup')),
          sign('mixunsup-1.0-py3-none-any.whl', github('evil/mixunsup'), {
            publisher: { kind: 'ActiveState' } as never,
          }),
        ],
      },
      // Built from a branch, by pull_request_target, on a self-hosted runner.
      riskyproj: {
        '1.0': [
          sign(
            'riskyproj-1.0.tar.gz',
            github('good/riskyproj', {
              ref: 'refs/heads/main',
              trigger: 'pull_request_target',
              runner: 'self-hosted',
            }),
          ),
        ],
      },
    },
  };
  specs.set(instance, spec);
  return spec;
}

test.describe('test-signed histories (TEST build)', () => {
  test.use({
    extensionBuild: 'test-root',
    siteSpec: async ({ testInstance }, use) => {
      await use(testSignedSite(testInstance));
    },
  });

  test('change of publisher: verified, but publisher-changed on the page and in the popup', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup, tabId } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('proj', '2.0'),
    );
    // The cryptography is fine: this is a warning, not a failure.
    expect(summary).toBe('verified');
    expect(await fileStates(page)).toEqual({ 'proj-2.0.tar.gz': 'verified' });
    expect(warnings).toEqual(['publisher-changed']);
    const pageText = await shadowText(page, 'data-provenance-warnings');
    expect(pageText).toContain('evil/proj');
    expect(pageText).toContain('good/proj');
    // The mark itself changes: its words and the contract's alert kinds, and the toolbar.
    expect(await summaryAlertKinds(page)).toEqual(['publisher-changed']);
    const summaryText = await shadowText(page, 'data-provenance-summary');
    expect(summaryText).toContain('Verified · publisher changed since 1.0');
    expect(summaryText).not.toContain('Provenance verified');
    const look = await toolbar(serviceWorker, tabId);
    expect(look.text).toBe('!');
    expect(look.title).toContain('publisher changed since 1.0');

    const warning = popup.getByTestId('warning');
    await expect(warning).toHaveCount(1);
    await expect(warning).toHaveAttribute('data-kind', 'publisher-changed');
    // Both identities and the release where it changed (and the one before).
    await expect(warning).toContainText('GitHub · evil/proj · release.yml');
    await expect(warning).toContainText('GitHub · good/proj · release.yml');
    await expect(warning).toContainText(/changed in 2\.0\b/);
    await expect(warning).toContainText(/\b1\.0 was signed by/);

    const entries = await timelineEntries(popup);
    expect(entries.map((e) => [e.version, e.state, e.changed])).toEqual([
      ['2.0', 'verified', 'true'],
      ['1.0', 'verified', 'false'],
    ]);
    expect(entries[0]!.text).toContain('evil/proj');
    expect(entries[1]!.text).toContain('good/proj');

    await screenshot(popup.getByTestId('timeline'), 'popup-timeline-publisher-changed');
    await screenshot(warning, 'popup-warning-publisher-changed');
    await screenshot(popup, 'popup-publisher-changed');
    await screenshot(page.locator('[data-provenance-warnings]'), 'page-warning-publisher-changed');
    await screenshot(page, 'page-publisher-changed');
  });

  test('loss of provenance: provenance-lost, with the last verified release', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('lostproj', '1.1'),
    );
    expect(summary).toBe('none');
    expect(warnings).toEqual(['provenance-lost']);
    expect(await shadowText(page, 'data-provenance-warnings')).toContain('1.0');
    expect(await summaryAlertKinds(page)).toEqual(['provenance-lost']);
    expect(await shadowText(page, 'data-provenance-summary')).toContain(
      'Provenance lost · 1.0 was verified',
    );

    const warning = popup.getByTestId('warning');
    await expect(warning).toHaveCount(1);
    await expect(warning).toHaveAttribute('data-kind', 'provenance-lost');
    await expect(warning).toContainText('1.1 has no provenance');
    await expect(warning).toContainText('GitHub · good/lostproj · release.yml');
    const entries = await timelineEntries(popup);
    expect(entries.map((e) => [e.version, e.state])).toEqual([
      ['1.1', 'none'],
      ['1.0', 'verified'],
    ]);
  });

  test('partial release: one file attested, one not → partial', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('partialproj', '1.0'),
    );
    expect(summary).toBe('partial');
    expect(warnings).toEqual(['partial']);
    expect(await summaryAlertKinds(page)).toEqual(['partial']);
    const warning = popup.getByTestId('warning');
    await expect(warning).toHaveCount(1);
    await expect(warning).toHaveAttribute('data-kind', 'partial');
    await expect(warning).toContainText('partialproj-1.0-py3-none-any.whl (no provenance)');
    expect(await popupStates(popup)).toEqual({
      'partialproj-1.0.tar.gz': 'verified',
      'partialproj-1.0-py3-none-any.whl': 'none',
    });
  });

  test('unsupported after verified: "can\'t be checked", provenance lost, never green', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup, tabId } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('unsupproj', '2.0'),
    );
    expect(summary).toBe('unsupported');
    expect(await fileStates(page)).toEqual({ 'unsupproj-2.0.tar.gz': 'unsupported' });
    expect(warnings).toEqual(['provenance-lost']);
    expect(await summaryAlertKinds(page)).toEqual(['provenance-lost']);
    const text = await shadowText(page, 'data-provenance-summary');
    expect(text).toContain('Provenance lost · 1.0 was verified');
    expect(text).not.toContain('No provenance');
    const look = await toolbar(serviceWorker, tabId);
    expect(look.text).toBe('!');
    expect(look.title).toContain('Provenance lost');
    const warning = popup.getByTestId('warning');
    await expect(warning).toHaveAttribute('data-kind', 'provenance-lost');
    await expect(warning).toContainText('has no provenance that can be checked');
    await expect(warning).toContainText("unsupproj-2.0.tar.gz (can't be checked)");
    await expect(popup.getByTestId('release-summary')).toHaveAttribute('data-state', 'unsupported');
  });

  test('a verified file beside an unsupported one: partial (not green), with a partial warning', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup, tabId } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('mixunsup', '1.0'),
    );
    expect(summary).toBe('partial');
    expect(warnings).toEqual(['partial']);
    expect(await summaryAlertKinds(page)).toEqual(['partial']);
    expect(await shadowText(page, 'data-provenance-summary')).toContain('Partly verified');
    const look = await toolbar(serviceWorker, tabId);
    expect(look.text).toBe('!');
    const warning = popup.getByTestId('warning');
    await expect(warning).toHaveAttribute('data-kind', 'partial');
    await expect(warning).toContainText(
      'mixunsup-1.0-py3-none-any.whl (provenance cannot be checked',
    );
  });

  test('partial release: files signed by two identities → verified, partial', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('mixedproj', '1.0'),
    );
    expect(summary).toBe('verified');
    expect(warnings).toEqual(['partial']);
    const warning = popup.getByTestId('warning');
    await expect(warning).toHaveAttribute('data-kind', 'partial');
    await expect(warning).toContainText(
      'mixedproj-1.0-py3-none-any.whl (signed by GitHub · other/mixedproj · release.yml)',
    );
  });

  test('Rekor v2 with an RFC 3161 timestamp verifies; the log link is its tile API', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup, tabId } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('rekortwo', '1.0'),
    );
    expect(summary).toBe('verified');
    expect(warnings).toEqual([]);
    await expect(popup.getByTestId('file-details')).toHaveAttribute('data-state', 'verified');
    const link = popup.getByTestId('rekor-link');
    await expect(link).toHaveCount(1);
    await expect(link).toContainText('log2025-1.rekor.sigstore.test');

    // The entry's link, as the worker computed it: the test log's tile API (C2SP tlog-tiles).
    const state = await sendFromPage<{
      files: {
        attestations?: {
          signedAt?: string;
          tlogEntries: {
            entryUrl: string;
            kind: string;
            version: string;
            integratedTime?: string;
          }[];
        }[];
      }[];
    }>(popup, 'getTabState', { tabId });
    const attestation = state.files[0]?.attestations?.[0];
    // No SET and integratedTime 0 in Rekor v2: the signing time is the RFC 3161 timestamp's.
    expect(attestation?.signedAt).toBe(REKOR_V2_SIGNED_AT.toISOString());
    expect(attestation?.tlogEntries[0]?.integratedTime).toBeUndefined();
    const entry = attestation?.tlogEntries[0];
    expect(entry).toMatchObject({ kind: 'hashedrekord', version: '0.0.2' });
    expect(entry?.entryUrl).toMatch(
      /^https:\/\/log2025-1\.rekor\.sigstore\.test\/api\/v2\/tile\/entries\/\d{3}$/,
    );
    // The popup links only to allow-listed hosts (product.md): the .test log is shown as text,
    // a v2 entry never goes to search.sigstore.dev.
    const href = await link.getAttribute('href');
    expect(href === null || href === entry?.entryUrl).toBe(true);
    expect(href ?? '').not.toContain('search.sigstore.dev');
  });

  test('the timeline shows the newest 20 releases, older ones on request', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, warnings, popup } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('manyproj', '1.21'),
    );
    expect(summary).toBe('verified');
    expect(warnings).toEqual([]);
    const firstPage = await timelineEntries(popup);
    expect(firstPage.map((e) => e.version)).toEqual(
      Array.from({ length: 20 }, (_, i) => `1.${21 - i}`),
    );
    expect(firstPage[0]!.state).toBe('verified');
    expect(firstPage.slice(1).every((e) => e.state === 'none')).toBe(true);
    await expect(popup.getByTestId('timeline')).toContainText('20 of 22 releases');

    await openTimeline(popup);
    await popup.getByTestId('timeline-more').click();
    await expect(popup.getByTestId('timeline-entry')).toHaveCount(22);
    await expect(popup.getByTestId('timeline-more')).toHaveCount(0);
    const all = await timelineEntries(popup);
    expect(all.slice(20).map((e) => [e.version, e.state])).toEqual([
      ['1.1', 'none'],
      ['1.0', 'verified'],
    ]);
  });

  test('risk hints: branch ref, pull_request_target, self-hosted runner; still verified', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const { summary, popup } = await visitRelease(
      page,
      { context, extensionId, serviceWorker },
      pypi('riskyproj', '1.0'),
    );
    expect(summary).toBe('verified');
    await expect(fileRow(popup, 'riskyproj-1.0.tar.gz')).toHaveAttribute('data-state', 'verified');
    const hints = popup.getByTestId('risk-hint');
    await expect(hints.first()).toBeVisible();
    const codes = await hints.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes.sort()).toEqual(['BRANCH_REF', 'PRIVILEGED_TRIGGER', 'SELF_HOSTED_RUNNER']);
    await expect(popup.getByTestId('file-details')).toHaveAttribute('data-state', 'verified');
    await screenshot(popup, 'popup-risk-hints');
  });
});

test.describe('test-signed release in the production build', () => {
  test.use({
    extensionBuild: 'dist',
    siteSpec: async ({ testInstance }, use) => {
      await use(testSignedSite(testInstance));
    },
  });

  test('is unsupported, never verified: signed after the production root’s newest key by a CA it does not know', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    // Issue 12 §6: everything else verifies, only the CA and logs are unknown to the bundled
    // root, and the signing time (today) is after its newest key: TRUST_ROOT_OUTDATED, never
    // green, never red (a file signed before that date stays failed: src/core tests).
    await trackSummary(page);
    const url = pypi('proj', '1.0');
    const { summary } = await openAnalysedRelease(page, url);
    expect(summary).toBe('unsupported');
    expect(await summaryHistory(page)).not.toContain('verified');
    expect(await fileStates(page)).toEqual({ 'proj-1.0.tar.gz': 'unsupported' });
    expect(await summaryAlertKinds(page)).toContain('root-outdated');
    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, url));
    expect(await popupStates(popup)).toEqual({ 'proj-1.0.tar.gz': 'unsupported' });
    // The reason says to update the extension's trust root, not just "unsupported".
    await expect(popup.getByTestId('trust-root-hint')).toContainText('trust root');
  });
});
