/**
 * Every network fault the Integrity API can show, end to end: the right state (`error`, with a
 * plain-language reason; never `failed`, never `verified`), a worker that stays alive, and
 * recovery once the fault is gone (errors are never cached). 404 → `none` is covered in
 * extension.spec.ts; 500, 429, 403, aborted requests and malformed JSON in faults.spec.ts.
 */
import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures.js';
import {
  fileStates,
  settledSummary,
  shadowText,
  summaryBadge,
  summaryHistory,
  trackSummary,
} from './page-readers.js';
import { clearStatus, integrityUrlPath, SAMPLEPROJECT, writeStatus } from './site.js';

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
const PATHS = [sdist.filename, wheel.filename].map((f) =>
  integrityUrlPath('sampleproject', '4.0.0', f),
);

type Fault =
  | { name: string; status: string; body?: string; reason: RegExp }
  | { name: string; route: (route: Route) => Promise<void>; reason: RegExp; settleMs?: number };

const FAULTS: Fault[] = [
  { name: '406 Not Acceptable', status: '406', reason: /refused the Accept header \(406\)/ },
  { name: '502 Bad Gateway', status: '502', reason: /answered 502/ },
  { name: '503 Service Unavailable', status: '503', reason: /answered 503/ },
  { name: 'connection reset', status: '200\nX-Fake-Reset: 1', reason: /could not reach the index/ },
  {
    name: 'a body that is not JSON',
    status: '200\nContent-Type: text/html',
    body: '<html>Oops</html>',
    reason: /not JSON/,
  },
  {
    name: 'JSON of the wrong shape',
    status: '200',
    body: JSON.stringify({ version: 'one', attestation_bundles: 'none' }),
    reason: /unexpected Integrity API response/,
  },
  {
    name: 'a 20 MB body',
    route: (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: `{"x":"${'a'.repeat(20 * 1024 * 1024)}"}`,
      }),
    reason: /larger than/,
    // The extension refuses at the Content-Length at once; handing two 20 MB bodies through
    // Playwright's request interception (base64 over the DevTools protocol) is what takes
    // tens of seconds on a loaded 2-core machine.
    settleMs: 50_000,
  },
];

async function expectFaultShown(page: Page, reason: RegExp, settleMs?: number): Promise<void> {
  await trackSummary(page);
  expect((await page.goto(RELEASE_URL))?.status()).toBe(200);
  expect(await settledSummary(page, settleMs)).toBe('error');
  expect(await summaryHistory(page)).toEqual(['pending', 'error']);
  expect(await fileStates(page)).toEqual({ [sdist.filename]: 'error', [wheel.filename]: 'error' });
  expect(await shadowText(page, 'data-provenance-summary')).toMatch(reason);
}

test.describe('network faults on the Integrity API', () => {
  for (const fault of FAULTS) {
    test(`${fault.name}: error with its reason, the worker lives on, a reload recovers`, async ({
      page,
      site,
      context,
      serviceWorker,
    }) => {
      if ('route' in fault) await context.route('https://pypi.org/integrity/**', fault.route);
      else for (const p of PATHS) writeStatus(site, 'pypi.org', p, fault.status, fault.body);
      if ('settleMs' in fault) test.setTimeout(120_000);
      await expectFaultShown(page, fault.reason, 'settleMs' in fault ? fault.settleMs : undefined);
      expect(await serviceWorker.evaluate(() => 1 + 1)).toBe(2);

      if ('route' in fault) await context.unroute('https://pypi.org/integrity/**');
      else for (const p of PATHS) clearStatus(site, 'pypi.org', p);
      await page.reload();
      await expect(summaryBadge(page)).toHaveAttribute('data-provenance-summary', 'verified', {
        timeout: 20_000,
      });
      expect(await summaryHistory(page)).not.toContain('failed');
    });
  }

  test('a slow drip past the time limit: error (timeout), then recovery', async ({
    page,
    site,
    serviceWorker,
  }) => {
    // The worker gives each request 15 s including its body, and tries 3 times.
    test.setTimeout(120_000);
    for (const p of PATHS)
      writeStatus(
        site,
        'pypi.org',
        p,
        '200\nX-Fake-Drip-Ms: 20000',
        '{"version":1,"attestation_bundles":[]}',
      );
    await trackSummary(page);
    await page.goto(RELEASE_URL);
    await expect(summaryBadge(page)).toHaveAttribute('data-provenance-summary', 'error', {
      timeout: 90_000,
    });
    expect(await shadowText(page, 'data-provenance-summary')).toMatch(/did not finish answering/);
    expect(await serviceWorker.evaluate(() => 1 + 1)).toBe(2);
    for (const p of PATHS) clearStatus(site, 'pypi.org', p);
    await page.reload();
    await expect(summaryBadge(page)).toHaveAttribute('data-provenance-summary', 'verified', {
      timeout: 20_000,
    });
  });
});
