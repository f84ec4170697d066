/**
 * End-to-end scenarios shared by the Chromium suite (e2e/shared-scenarios.spec.ts) and the
 * Firefox suite (e2e/firefox/scenarios.firefox.ts): each says what the fake index serves,
 * which page to open and what must be seen, through the browser-neutral ExtensionDriver
 * (./driver.ts). Written once, so both browsers are held to the same expectations.
 *
 * Both suites run under Playwright's test runner, whose `expect` (with `expect.poll`) the
 * scenarios use; each suite supplies the fixtures (the site directory and the fake server
 * from e2e/fixtures.ts, and its own driver).
 */
import { expect } from '@playwright/test';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { safeHref } from '../../src/shared/links.js';
import { NEGATIVE_CASES } from '../../test/cases.js';
import type { FakePypi } from '../fake-pypi/server.js';
import {
  integrityUrlPath,
  SAMPLEPROJECT,
  sampleprojectSite,
  sampleprojectWheelProvenance,
  sitePath,
  writePage,
  writeStatus,
  type PageLayout,
  type SiteSpec,
} from '../site.js';
import {
  POLL_INTERVALS,
  type BrowserName,
  type ExtensionDriver,
  type ExtensionPageDriver,
  type TabDriver,
} from './driver.js';

export type { BrowserName, ExtensionDriver, ExtensionPageDriver, TabDriver } from './driver.js';

export interface ScenarioContext {
  driver: ExtensionDriver;
  /** The site directory the fake index serves (scenarios write faults into it). */
  site: string;
  fakePypi: FakePypi;
}

export interface Scenario {
  /** Stable and unique: suites may select scenarios by id. */
  id: string;
  title: string;
  /** What the fake index serves. */
  site: () => SiteSpec;
  layout?: PageLayout;
  /**
   * Firefox: `extensions.background.idle.timeout` (ms), so that its event page suspends by
   * itself when idle that long. Chromium cannot be told: its driver stops the worker.
   */
  backgroundIdleTimeoutMs?: number;
  /**
   * A difference not fixed yet, per browser: the suite marks the test as expected to fail
   * (Playwright `test.fail`), so it reports when the fix lands and the mark must go.
   */
  knownFailure?: Partial<Record<BrowserName, string>>;
  run(ctx: ScenarioContext): Promise<void>;
}

/** Bounded waits (ms). A release with faults retries 2× with backoff (~2 s) in the background. */
export const SETTLE_TIMEOUT = 20_000;

const { sdist, wheel } = SAMPLEPROJECT;
export const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
export const SEARCH_URL = 'https://pypi.org/search/?q=x';

/** A page that is on pypi.org but is not a project page. */
const SEARCH_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search results · PyPI</title></head>
<body><main id="content"><h1>Search results</h1><p>0 projects for "x"</p></main></body></html>
`;

/** What the popup shows for sampleproject 4.0.0's sdist (its signing certificate). */
export const SAMPLEPROJECT_SIGNER = {
  kind: 'GitHub',
  repository: 'pypa/sampleproject',
  commit: '621e4974ca25ce531773def586ba3ed8e736b3fc',
  workflowHref:
    'https://github.com/pypa/sampleproject/blob/621e4974ca25ce531773def586ba3ed8e736b3fc/.github/workflows/release.yml',
  commitHref:
    'https://github.com/pypa/sampleproject/commit/621e4974ca25ce531773def586ba3ed8e736b3fc',
  sdistRekorHref: 'https://search.sigstore.dev/?logIndex=147137139',
  wheelRekorHref: 'https://search.sigstore.dev/?logIndex=147137144',
  sdistVerifyCommand:
    'pypi-attestations verify pypi --repository https://github.com/pypa/sampleproject pypi:sampleproject-4.0.0.tar.gz',
} as const;

const BOTH = (state: string) => ({ [sdist.filename]: state, [wheel.filename]: state });

const INTEGRITY_PATHS = [sdist.filename, wheel.filename].map((f) =>
  integrityUrlPath('sampleproject', '4.0.0', f),
);

/** sampleproject 4.0.0's Integrity API answers `status` for both files. */
export function faultIntegrity(site: string, status: number | string): void {
  for (const path of INTEGRITY_PATHS) writeStatus(site, 'pypi.org', path, status);
}

/** Both Integrity URLs answer normally again. */
export function clearIntegrity(site: string): void {
  for (const path of INTEGRITY_PATHS) {
    rmSync(`${sitePath(site, 'pypi.org', path)}.status`, { force: true });
  }
}

export function integrityRequests(fake: FakePypi): number {
  return fake.requests.filter((r) => r.path.startsWith('/integrity/')).length;
}

/** Requests for sampleproject 4.0.0's JSON API listing. */
export function listingRequests(fake: FakePypi): number {
  return fake.requests.filter((r) => r.path === '/pypi/sampleproject/4.0.0/json').length;
}

// ---------------------------------------------------------------------------------------------
// Reading the popup and the options page.

const ROW = '[data-testid="file-row"]';
const rowOf = (filename: string) => `${ROW}[data-filename="${filename}"]`;
const byTestId = (id: string) => `[data-testid="${id}"]`;

/** The popup's file rows' states by filename, once there are rows and none is pending. */
export async function popupStates(popup: ExtensionPageDriver): Promise<Record<string, string>> {
  let out: Record<string, string> = {};
  await expect
    .poll(
      async () => {
        const rows = await popup.query(ROW);
        out = Object.fromEntries(
          rows.map((r) => [r.attrs['data-filename'] ?? '', r.attrs['data-state'] ?? '']),
        );
        return rows.length > 0 && !rows.some((r) => r.attrs['data-state'] === 'pending');
      },
      {
        timeout: SETTLE_TIMEOUT,
        intervals: POLL_INTERVALS,
        message: 'the popup shows no settled file rows',
      },
    )
    .toBe(true);
  return out;
}

/** The text of the first element matching `selector` ('' until there is one). */
async function textOf(page: ExtensionPageDriver, selector: string): Promise<string> {
  return (await page.query(selector))[0]?.text ?? '';
}

async function attrOf(
  page: ExtensionPageDriver,
  selector: string,
  name: string,
): Promise<string | undefined> {
  return (await page.query(selector))[0]?.attrs[name];
}

/** Waits until the first element matching `selector` has exactly `text`. */
async function expectText(page: ExtensionPageDriver, selector: string, text: string | RegExp) {
  const poll = expect.poll(() => textOf(page, selector), {
    timeout: SETTLE_TIMEOUT,
    intervals: POLL_INTERVALS,
  });
  if (typeof text === 'string') await poll.toBe(text);
  else await poll.toMatch(text);
}

async function expectContains(page: ExtensionPageDriver, selector: string, text: string) {
  await expect
    .poll(() => textOf(page, selector), { timeout: SETTLE_TIMEOUT, intervals: POLL_INTERVALS })
    .toContain(text);
}

async function expectAttr(
  page: ExtensionPageDriver,
  selector: string,
  name: string,
  value: string | undefined,
) {
  await expect
    .poll(() => attrOf(page, selector, name), {
      timeout: SETTLE_TIMEOUT,
      intervals: POLL_INTERVALS,
      message: `${selector} [${name}]`,
    })
    .toBe(value);
}

async function expectCount(page: ExtensionPageDriver, selector: string, count: number) {
  await expect
    .poll(async () => (await page.query(selector)).length, {
      timeout: SETTLE_TIMEOUT,
      intervals: POLL_INTERVALS,
      message: `count of ${selector}`,
    })
    .toBe(count);
}

/** The toolbar of `tab` settles on `text`, its title containing `title`. */
async function expectToolbar(tab: TabDriver, text: string, title?: string) {
  await expect
    .poll(() => tab.toolbar(), { timeout: SETTLE_TIMEOUT, intervals: POLL_INTERVALS })
    .toEqual({
      text,
      title: title === undefined ? expect.any(String) : expect.stringContaining(title),
    });
}

/** The popup names the sdist's signer with working links (product.md "Test contract"). */
async function expectSdistSigner(popup: ExtensionPageDriver): Promise<void> {
  const s = SAMPLEPROJECT_SIGNER;
  await expectText(popup, byTestId('publisher-kind'), s.kind);
  await expectText(popup, byTestId('publisher-repository'), s.repository);
  await expectContains(popup, byTestId('workflow-link'), 'release.yml');
  await expectAttr(popup, byTestId('workflow-link'), 'href', s.workflowHref);
  await expectAttr(popup, byTestId('commit-link'), 'href', s.commitHref);
  await expectAttr(popup, byTestId('rekor-link'), 'href', s.sdistRekorHref);
  await expectText(popup, byTestId('verify-command'), s.sdistVerifyCommand);
  // Every link the popup renders passes the allow-list unchanged.
  const hrefs = (await popup.query('a[href]')).map((a) => a.attrs.href ?? '');
  expect(hrefs.length).toBeGreaterThan(3);
  for (const href of hrefs) expect(safeHref(href), href).toBe(href);
}

// ---------------------------------------------------------------------------------------------
// The scenarios.

const neg03 = (() => {
  const found = NEGATIVE_CASES.find((c) => c.name.startsWith('neg03'));
  if (!found) throw new Error('test/cases.ts has no neg03 case');
  return found;
})();

function sampleprojectFiles(files: SiteSpec[keyof SiteSpec]): SiteSpec {
  return { 'pypi.org': files };
}

export const SCENARIOS: Scenario[] = [
  {
    id: 'verified',
    title: 'sampleproject 4.0.0: summary and both files verified, details cards, toolbar ✓',
    site: sampleprojectSite,
    async run({ driver }) {
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('verified');
      expect(await tab.fileStates()).toEqual(BOTH('verified'));
      expect(await tab.shadowText('data-provenance-summary')).toContain(
        'Provenance verified pypa/sampleproject · release.yml',
      );
      for (const filename of [sdist.filename, wheel.filename]) {
        expect(await tab.cardState(filename)).toBe('verified');
      }
      const card = await tab.cardText(sdist.filename);
      expect(card).toContain('Verified in your browser');
      expect(card).toContain('Rekor entry 147137139');
      await expectToolbar(tab, '✓', 'provenance verified');
    },
  },
  {
    id: 'failed',
    title: `wrong publisher (neg03): failed with ${neg03.expect} on the page, in the popup and the toolbar`,
    site: () =>
      sampleprojectFiles({
        sampleproject: {
          '4.0.0': [
            { filename: neg03.filename, sha256: neg03.sha256, provenanceFile: neg03.file },
            {
              filename: wheel.filename,
              sha256: wheel.sha256,
              provenance: sampleprojectWheelProvenance(),
            },
          ],
        },
      }),
    async run({ driver }) {
      const code = String(neg03.expect);
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('failed');
      expect(await tab.summaryHistory()).not.toContain('verified');
      // The other file keeps its own state: a failure is not spread to it, nor softened.
      expect(await tab.fileStates()).toEqual({
        [sdist.filename]: 'failed',
        [wheel.filename]: 'verified',
      });
      expect(await tab.shadowText('data-provenance-summary')).toContain(code);
      expect(await tab.cardText(sdist.filename)).toContain(code);
      await expectToolbar(tab, '✗', 'FAILED');

      const popup = await driver.popup(tab);
      expect((await popupStates(popup))[sdist.filename]).toBe('failed');
      await popup.click(rowOf(sdist.filename));
      await expectContains(popup, byTestId('file-details'), code);
    },
  },
  {
    id: 'none',
    title: 'no provenance for any file (Integrity API 404): summary none, badges none',
    site: () =>
      sampleprojectFiles({
        sampleproject: {
          '4.0.0': [
            { filename: sdist.filename, sha256: sdist.sha256 },
            { filename: wheel.filename, sha256: wheel.sha256 },
          ],
        },
      }),
    async run({ driver }) {
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('none');
      expect(await tab.fileStates()).toEqual(BOTH('none'));
      await expectToolbar(tab, '', 'no provenance');
      const popup = await driver.popup(tab);
      expect(await popupStates(popup)).toEqual(BOTH('none'));
    },
  },
  {
    id: 'error-retry',
    title: 'Integrity API 500: error everywhere, never failed; Retry in the summary recovers',
    site: sampleprojectSite,
    async run({ driver, site }) {
      faultIntegrity(site, 500);
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('error');
      expect(await tab.summaryHistory()).toEqual(['pending', 'error']);
      expect(await tab.fileStates()).toEqual(BOTH('error'));
      expect(await tab.shadowText('data-provenance-summary')).toContain('Retry');
      await expectToolbar(tab, '!', "couldn't check");
      const popup = await driver.popup(tab);
      expect(await popupStates(popup)).toEqual(BOTH('error'));
      await popup.close();

      clearIntegrity(site);
      await tab.clickInShadow('Retry', 'data-provenance-summary');
      await expect
        .poll(() => tab.summary(), { timeout: SETTLE_TIMEOUT, intervals: POLL_INTERVALS })
        .toBe('verified');
      expect(await tab.fileStates()).toEqual(BOTH('verified'));
      expect(await tab.summaryHistory()).toEqual(['pending', 'error', 'pending', 'verified']);
      await expectToolbar(tab, '✓');
    },
  },
  {
    id: 'popup',
    title: "the popup for a tab: its rows, the signer's fields and the Rekor links",
    site: sampleprojectSite,
    async run({ driver }) {
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('verified');
      // PyPI's tabs are same-document navigations: the tab keeps its release.
      await tab.setHash('files');
      await tab.setHash(sdist.filename);
      const popup = await driver.popup(tab);
      expect(await popupStates(popup)).toEqual(BOTH('verified'));

      // The wheel with the keyboard (focus + Enter), then the sdist with the mouse.
      await popup.press(rowOf(wheel.filename), 'Enter');
      await expectText(
        popup,
        byTestId('verify-command'),
        /pypi:sampleproject-4\.0\.0-py3-none-any\.whl$/,
      );
      await expectAttr(popup, byTestId('rekor-link'), 'href', SAMPLEPROJECT_SIGNER.wheelRekorHref);
      await popup.click(rowOf(sdist.filename));
      await expectAttr(popup, rowOf(sdist.filename), 'aria-selected', 'true');
      await expectSdistSigner(popup);
      await expectAttr(popup, byTestId('rekor-link'), 'target', '_blank');
      await expectToolbar(tab, '✓');
    },
  },
  {
    id: 'options',
    title: 'the options page: the remembered publisher, pinned; export; remove; import back',
    site: sampleprojectSite,
    async run({ driver }) {
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('verified');
      const popup = await driver.popup(tab);
      await expectCount(popup, byTestId('publisher-memory'), 1);
      await popup.click(byTestId('pin-identity'));
      await expectContains(popup, byTestId('pinned-identity'), 'pypa/sampleproject');

      const options = await driver.options();
      const entry = '[data-testid="memory-entry"][data-project="sampleproject"]';
      await expectAttr(options, entry, 'data-pinned', 'true');
      await expectCount(options, byTestId('memory-entry'), 1);

      // Export: PEP 751-shaped identities, and pypi-attestations command lines.
      const identity = {
        kind: 'GitHub',
        repository: 'pypa/sampleproject',
        workflow: 'release.yml',
      };
      await expectCount(options, byTestId('export-json'), 1);
      const exported = await textOf(options, byTestId('export-json'));
      const doc = JSON.parse(exported) as {
        format: string;
        projects: Record<string, unknown>;
      };
      expect(doc.format).toBe('pypi-provenance-identities/v1');
      expect(doc.projects.sampleproject).toMatchObject({
        index: 'https://pypi.org',
        'attestation-identities': [identity],
        pinned: identity,
      });
      await expectContains(
        options,
        byTestId('export-commands'),
        "pypi-attestations verify pypi --repository 'https://github.com/pypa/sampleproject'",
      );

      // Remove, then import the export back: the same entry, pinned again.
      await options.click(`${entry} [data-testid="remove-entry"]`);
      await expectCount(options, byTestId('memory-entry'), 0);
      await expectCount(options, byTestId('memory-empty'), 1);
      await options.fill(byTestId('import-text'), exported);
      await options.click(byTestId('import-button'));
      await expectContains(options, byTestId('import-ok'), '1 project');
      await expectAttr(options, entry, 'data-pinned', 'true');
      await options.reload();
      await expectAttr(options, entry, 'data-pinned', 'true');
    },
  },
  {
    id: 'history-warning',
    title: 'a release without provenance after a verified one: provenance-lost, page and popup',
    site: () => {
      const spec = sampleprojectSite();
      const releases = spec['pypi.org']!.sampleproject!;
      releases['4.0.1'] = [
        {
          filename: 'sampleproject-4.0.1.tar.gz',
          // Made up: the fake index never serves the file itself.
          sha256: createHash('sha256').update('sampleproject-4.0.1.tar.gz').digest('hex'),
        },
      ];
      return spec;
    },
    async run({ driver }) {
      const tab = await driver.open('https://pypi.org/project/sampleproject/4.0.1/');
      expect(await tab.settledSummary()).toBe('none');
      expect(await tab.settledWarnings()).toEqual(['provenance-lost']);
      expect(await tab.shadowText('data-provenance-warnings')).toContain('4.0.0');

      const popup = await driver.popup(tab);
      await expectCount(popup, byTestId('publisher-memory'), 1);
      await expectCount(popup, byTestId('warning'), 1);
      await expectAttr(popup, byTestId('warning'), 'data-kind', 'provenance-lost');
      await expectContains(popup, byTestId('warning'), '4.0.1 has no provenance');
      await expectContains(popup, byTestId('warning'), 'GitHub · pypa/sampleproject · release.yml');
      await expectAttr(popup, byTestId('timeline'), 'data-status', 'ready');
      const entries = await popup.query(byTestId('timeline-entry'));
      expect(entries.map((e) => [e.attrs['data-version'], e.attrs['data-state']])).toEqual([
        ['4.0.1', 'none'],
        ['4.0.0', 'verified'],
      ]);
    },
  },
  {
    id: 'leave-and-back',
    title: 'leaving a project page clears the toolbar and the popup; Back restores both',
    site: sampleprojectSite,
    async run({ driver, site }) {
      writePage(site, 'pypi.org', '/search/', SEARCH_PAGE);
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('verified');
      await expectToolbar(tab, '✓');
      const tabId = await tab.tabId();

      await tab.goto(SEARCH_URL);
      await expect
        .poll(async () => (await tab.toolbar()).text, { intervals: POLL_INTERVALS })
        .toBe('');
      const welcome = await driver.popup(tab);
      await expectCount(welcome, byTestId('welcome'), 1);
      await expectCount(welcome, ROW, 0);
      await welcome.close();

      await tab.goBack();
      expect(tab.url).toBe(RELEASE_URL);
      expect(await tab.tabId()).toBe(tabId);
      expect(await tab.settledSummary()).toBe('verified');
      await expectToolbar(tab, '✓');
      const popup = await driver.popup(tab);
      expect(await popupStates(popup)).toEqual(BOTH('verified'));
    },
  },
  {
    id: 'leave-no-refetch',
    title: 'leaving a project page does not list its release again (its cache expired meanwhile)',
    site: sampleprojectSite,
    async run({ driver, site, fakePypi }) {
      writePage(site, 'pypi.org', '/search/', SEARCH_PAGE);
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('verified');
      expect(await tab.settledWarnings()).toEqual([]);
      // As if the user had read the page for longer than the listing is cached (5 min).
      const options = await driver.options();
      await options.click(byTestId('clear-caches'));
      await expectCount(options, byTestId('caches-cleared'), 1);
      await options.close();

      const listed = listingRequests(fakePypi);
      await tab.goto(SEARCH_URL);
      await expect
        .poll(async () => (await tab.toolbar()).text, { intervals: POLL_INTERVALS })
        .toBe('');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(listingRequests(fakePypi), 'the release of the page left was listed again').toBe(
        listed,
      );
    },
  },
  {
    id: 'suspended',
    title:
      'the background suspended while a page is checked, and again before a revisit: verified, nothing fetched twice',
    site: sampleprojectSite,
    backgroundIdleTimeoutMs: 2_000,
    async run({ driver, site, fakePypi }) {
      // PyPI asks to wait 3 s: the background is idle meanwhile, and is suspended while the
      // page's checks are in flight. The content script asks again and the page verifies.
      faultIntegrity(site, '429 Retry-After: 3');
      const tab = await driver.open(RELEASE_URL);
      await expect
        .poll(() => integrityRequests(fakePypi), {
          timeout: SETTLE_TIMEOUT,
          intervals: POLL_INTERVALS,
        })
        .toBeGreaterThanOrEqual(2);
      await driver.suspended();
      expect(await tab.summary()).toBe('pending');
      clearIntegrity(site);
      expect(await tab.settledSummary(30_000)).toBe('verified');
      expect(await tab.summaryHistory()).toEqual(['pending', 'verified']);
      expect(await tab.fileStates()).toEqual(BOTH('verified'));
      await expectToolbar(tab, '✓');

      // Suspended in the middle of the page, once the page has asked all it asks (its
      // analysis shown): the popup still has the tab's release (the background restores it),
      // and the page's details still come.
      expect(await tab.settledWarnings()).toEqual([]);
      await driver.suspended();
      expect(await driver.backgroundRunning()).toBe(false);
      const popup = await driver.popup(tab);
      expect(await popupStates(popup)).toEqual(BOTH('verified'));
      expect(await tab.cardText(wheel.filename)).toContain('Verified in your browser');
      await popup.close();

      // Suspended before a revisit: the listing and the results come from the background's
      // persistent cache (the JSON API's answers carry no caching headers, so no HTTP cache
      // can stand in for it).
      const fetched = integrityRequests(fakePypi);
      const listed = listingRequests(fakePypi);
      await driver.suspended();
      const again = await driver.open(RELEASE_URL);
      expect(await again.settledSummary()).toBe('verified');
      expect(await again.summaryHistory()).not.toContain('failed');
      expect(await again.fileStates()).toEqual(BOTH('verified'));
      await expectToolbar(again, '✓');
      expect(integrityRequests(fakePypi)).toBe(fetched);
      expect(listingRequests(fakePypi)).toBe(listed);
    },
  },
  {
    id: 'site-access',
    title:
      'site access withheld: nothing runs, no error, the popup and options say so and ask; allowed, the page verifies after a reload',
    site: () => sampleprojectSite(),
    async run({ driver, fakePypi }) {
      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('verified');
      // Known while the extension may still see the tab's URL (kept by the driver).
      await tab.tabId();

      await driver.withholdSiteAccess(['pypi.org', 'test.pypi.org']);
      const listed = listingRequests(fakePypi);
      await tab.reload();

      const popup = await driver.popup(tab);
      await expectAttr(popup, byTestId('host-access'), 'data-state', 'withheld');
      await expectText(
        popup,
        `${byTestId('host-access')} h1`,
        'No access to pypi.org and test.pypi.org',
      );
      await expectText(
        popup,
        byTestId('host-access-allow'),
        'Allow access to pypi.org and test.pypi.org',
      );
      // No release, and above all no error: the page was not ours to read.
      expect(await popup.query(ROW)).toEqual([]);
      expect(await popup.query('.alert-error, .summary-error')).toEqual([]);
      // Nothing ran on the page, nothing was fetched for it, and the toolbar says nothing.
      expect(await tab.summary()).toBeNull();
      expect(listingRequests(fakePypi)).toBe(listed);
      await expectToolbar(tab, '');

      const options = await driver.options();
      await expect
        .poll(
          async () =>
            (await options.query(byTestId('host-access-index'))).map(
              (r) => `${r.attrs['data-host']} ${r.attrs['data-granted']}`,
            ),
          { timeout: SETTLE_TIMEOUT, intervals: POLL_INTERVALS },
        )
        .toEqual(['pypi.org false', 'test.pypi.org false']);
      await options.close();

      // The user asks, with a click (a gesture: the browser asks them; no error from it).
      await popup.click(byTestId('host-access-allow'));
      await expectText(popup, byTestId('host-access-allow'), 'Waiting for your answer…');
      await driver.acceptSiteAccessRequest();
      await expectAttr(popup, byTestId('host-access'), 'data-state', 'granted');
      await expectContains(popup, byTestId('host-access'), 'Reload this page to check its files.');
      await popup.click(byTestId('host-access-reload'));
      await expectContains(popup, byTestId('host-access'), 'its files are being checked');

      expect(await tab.settledSummary()).toBe('verified');
      expect(await tab.fileStates()).toEqual(BOTH('verified'));
      await expectToolbar(tab, '✓');
      const again = await driver.popup(tab);
      expect(await popupStates(again)).toEqual(BOTH('verified'));
      expect(await again.query(byTestId('host-access'))).toEqual([]);
    },
  },
  {
    id: 'site-access-one-index',
    title:
      'access withheld from test.pypi.org only: its page shows nothing and the popup names it; pypi.org works as before',
    site: () => ({
      'pypi.org': sampleprojectSite()['pypi.org'],
      'test.pypi.org': sampleprojectSite()['pypi.org'],
    }),
    async run({ driver, fakePypi }) {
      const testUrl = RELEASE_URL.replace('https://pypi.org/', 'https://test.pypi.org/');
      const onTest = await driver.open(testUrl);
      expect(await onTest.settledSummary()).toBe('verified');
      await onTest.tabId();

      await driver.withholdSiteAccess(['test.pypi.org']);
      // The extension's requests (the APIs), not the browser's for the page itself.
      const fromTest = () =>
        fakePypi.requests.filter(
          (r) => r.host === 'test.pypi.org' && /^\/(pypi|integrity|simple)\//.test(r.path),
        ).length;
      const asked = fromTest();
      await onTest.reload();
      const popup = await driver.popup(onTest);
      await expectAttr(popup, byTestId('host-access'), 'data-missing', 'https://test.pypi.org');
      await expectText(popup, `${byTestId('host-access')} h1`, 'No access to test.pypi.org');
      await expectText(popup, byTestId('host-access-allow'), 'Allow access to test.pypi.org');
      expect(await popup.query(ROW)).toEqual([]);
      expect(await popup.query('.alert-error, .summary-error')).toEqual([]);
      expect(await onTest.summary()).toBeNull();
      expect(fromTest()).toBe(asked);

      // pypi.org is read and checked as before, and its popup says nothing of access.
      const onPypi = await driver.open(RELEASE_URL);
      expect(await onPypi.settledSummary()).toBe('verified');
      const pypiPopup = await driver.popup(onPypi);
      expect(await popupStates(pypiPopup)).toEqual(BOTH('verified'));
      expect(await pypiPopup.query(byTestId('host-access'))).toEqual([]);

      const options = await driver.options();
      await expect
        .poll(
          async () =>
            (await options.query(byTestId('host-access-index'))).map(
              (r) => `${r.attrs['data-host']} ${r.attrs['data-granted']}`,
            ),
          { timeout: SETTLE_TIMEOUT, intervals: POLL_INTERVALS },
        )
        .toEqual(['pypi.org true', 'test.pypi.org false']);
      await expectText(options, byTestId('host-access-allow'), 'Allow access to test.pypi.org');
    },
  },
];

export function scenario(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no shared scenario ${id}`);
  return found;
}
