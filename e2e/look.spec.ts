/**
 * One look (issue 14 §4): the page's badges and card follow pypi.org's light scheme whatever
 * the system's; the popup opens compact, its signer details and publisher history on demand
 * (keyboard reachable), long wheel filenames wrap readably and nothing runs past or touches
 * the edges, at 100% and 200% zoom; axe-core finds nothing, light and dark, closed and open.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.js';
import { axeShadowViolations, axeViolations, formatViolations } from './a11y.js';
import { cardText, detailsCard, fileBadge, openRelease, summaryBadge } from './page-readers.js';
import { fileRow, openPopup, popupStates, tabIdOf } from './popup-readers.js';
import { screenshot } from './screenshots.js';
import {
  SAMPLEPROJECT,
  provenanceFromAttestation,
  sampleprojectSite,
  type SiteFile,
  type SiteSpec,
} from './site.js';
import { NEGATIVE_CASES, VALID_CASES, type FixtureCase } from '../test/cases.js';

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
/** A real-world shape of wheel filename (numpy's), long enough to wrap in the popup. */
const LONG_WHEEL = 'sampleproject-4.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl';

/** The largest difference of any colour channel of two same-sized PNGs (decoded in `page`). */
async function maxPixelDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return page.evaluate(
    async ([a, b]) => {
      const pixels = async (png: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${png}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height);
      };
      const [x, y] = await Promise.all([pixels(a), pixels(b)]);
      if (x.width !== y.width || x.height !== y.height) return 255;
      let max = 0;
      for (let i = 0; i < x.data.length; i++)
        max = Math.max(max, Math.abs(x.data[i]! - y.data[i]!));
      return max;
    },
    [a.toString('base64'), b.toString('base64')] as const,
  );
}

test.describe('the page follows pypi.org, not the system', () => {
  test('badges and card look the same under a dark system scheme, in the popup’s words', async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    // The card in the popup's words, with its risk notes (src/shared/signer-facts.ts).
    const text = await cardText(page, sdist.filename);
    expect(text).toContain('Ref branch main');
    expect(text).toContain('Runner GitHub-hosted');
    expect(text).toContain('Predicate PyPI publish v1');
    expect(text).toMatch(/Signed \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(text).toContain('Note Built from the branch main, not from a tag.');
    expect(text).not.toContain('refs/heads/');
    expect(text).not.toContain('GMT');

    // axe-core inside our closed shadow roots: summary, file badges and the card.
    for (const attribute of [
      'data-provenance-summary',
      'data-provenance-file',
      'data-provenance-card',
    ]) {
      const violations = await axeShadowViolations(page, attribute);
      expect(violations, `${attribute}:\n${formatViolations(violations)}`).toEqual([]);
    }

    const targets: [string, Locator][] = [
      ['summary', summaryBadge(page)],
      ['file badge', fileBadge(page, sdist.filename)],
      ['card', detailsCard(page, sdist.filename)],
    ];
    const shots = async () => {
      const out: Buffer[] = [];
      for (const [, el] of targets) {
        await el.scrollIntoViewIfNeeded();
        out.push(await el.screenshot({ animations: 'disabled', caret: 'hide' }));
      }
      return out;
    };
    const light = await shots();
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(
      true,
    );
    const dark = await shots();
    // The same pixels, but for anti-aliasing (a channel off by a few levels at most).
    const blank = await page.context().newPage();
    for (const [i, [name]] of targets.entries()) {
      const diff = await maxPixelDifference(blank, light[i]!, dark[i]!);
      expect(diff, `${name} changed with the system's scheme`).toBeLessThanOrEqual(8);
    }
    await blank.close();
  });
});

function caseFile(list: FixtureCase[], name: string): SiteFile {
  const c = list.find((x) => x.name.startsWith(name));
  if (!c) throw new Error(`test/cases.ts has no case named ${name}`);
  return c.publisher
    ? {
        filename: c.filename,
        sha256: c.sha256,
        provenance: provenanceFromAttestation(c.file, c.publisher),
      }
    : { filename: c.filename, sha256: c.sha256, provenanceFile: c.file };
}

const verifiedFiles = (): SiteFile[] =>
  sampleprojectSite()['pypi.org']?.sampleproject?.['4.0.0'] ?? [];

/**
 * Real data for the other looks: sampleproject 3.0.0 signed by a Google publisher, then 4.0.0
 * by GitHub Actions (a publisher change); or 4.0.0's sdist with a provenance naming another
 * repository (FAILED).
 */
const OTHER_LOOKS: { name: string; spec: SiteSpec; state: string; warnings: boolean }[] = [
  {
    name: 'a publisher change',
    spec: {
      'pypi.org': {
        sampleproject: {
          '3.0.0': [caseFile(VALID_CASES, 'Google publisher')],
          '4.0.0': verifiedFiles(),
        },
      },
    },
    state: 'verified',
    warnings: true,
  },
  {
    name: 'a failed file',
    spec: {
      'pypi.org': {
        sampleproject: {
          '4.0.0': [
            caseFile(NEGATIVE_CASES, 'neg03'),
            ...verifiedFiles().filter((f) => f.filename === wheel.filename),
          ],
        },
      },
    },
    state: 'failed',
    warnings: false,
  },
];

for (const look of OTHER_LOOKS) {
  test.describe(`our page elements with ${look.name}`, () => {
    test.use({ siteSpec: look.spec, siteLayout: '2026' });

    test('axe-core finds nothing in them, light and dark system schemes', async ({ page }) => {
      expect(await openRelease(page, RELEASE_URL)).toBe(look.state);
      await cardText(page, sdist.filename);
      const attributes = [
        'data-provenance-summary',
        'data-provenance-file',
        'data-provenance-card',
      ];
      if (look.warnings) {
        await expect(page.locator('[data-provenance-warnings]:not([hidden])')).toHaveCount(1, {
          timeout: 20_000,
        });
        attributes.push('data-provenance-warnings');
      }
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const attribute of attributes) {
          const violations = await axeShadowViolations(page, attribute);
          expect(violations, `${scheme} ${attribute}:\n${formatViolations(violations)}`).toEqual(
            [],
          );
        }
      }
    });
  });
}

/** Every element of the popup inside the window, none in the outer 8 px (the padding). */
async function edgeProblems(popup: Page): Promise<string[]> {
  return popup.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) {
      problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    }
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`;
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.left < 8 || r.right > width - 8) {
        problems.push(`${name(el)} spans ${Math.round(r.left)}–${Math.round(r.right)} of ${width}`);
      }
    }
    return problems;
  });
}

/** The text of a filename's last rendered line (by each character's box). */
async function lastLine(popup: Page, filename: string): Promise<string> {
  return fileRow(popup, filename)
    .locator('.filename')
    .evaluate((el) => {
      const text = el.textContent ?? '';
      const range = document.createRange();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const chars: { c: string; top: number }[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < (node.textContent ?? '').length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          chars.push({
            c: node.textContent![i]!,
            top: Math.round(range.getBoundingClientRect().top),
          });
        }
      }
      const lastTop = chars.at(-1)?.top;
      const line = chars
        .filter((ch) => ch.top === lastTop)
        .map((ch) => ch.c)
        .join('');
      return chars.length === text.length ? line : `(${chars.length} of ${text.length} chars)`;
    });
}

test.describe('the popup opens compact', () => {
  test.use({
    siteSpec: {
      'pypi.org': {
        sampleproject: {
          '4.0.0': [
            ...sampleprojectSite()['pypi.org']!.sampleproject!['4.0.0']!,
            { filename: LONG_WHEEL, sha256: 'ab'.repeat(32), provenanceStatus: 404 },
          ],
        },
      },
    },
  });

  test('signer in a few lines, the rest on demand by keyboard; history collapsed; Pin secondary', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('partial');
    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, RELEASE_URL));
    expect(await popupStates(popup)).toEqual({
      [sdist.filename]: 'verified',
      [wheel.filename]: 'verified',
      [LONG_WHEEL]: 'none',
    });
    await fileRow(popup, sdist.filename).click();
    await expect(popup.getByTestId('publisher-repository')).toBeVisible();
    await expect(popup.getByTestId('workflow-link')).toBeVisible();
    // The test contract's links at once; the other facts behind "All signer details".
    await expect(popup.getByTestId('commit-link')).toBeVisible();
    await expect(popup.getByTestId('rekor-link')).toHaveAttribute('href', /search\.sigstore\.dev/);
    const more = popup.getByTestId('signer-more');
    await expect(more).not.toHaveAttribute('open');
    const issuer = more.locator('dt', { hasText: 'Issuer' });
    await expect(issuer).toBeHidden();
    await expect(popup.getByTestId('risk-hint').first()).toBeVisible();
    const history = popup.getByTestId('timeline-toggle');
    await expect(history).toHaveAttribute('aria-expanded', 'false');
    await expect(popup.getByTestId('pin-identity')).toHaveClass(/button-secondary/);
    await screenshot(popup, 'look-popup-compact');

    // The keyboard opens both: Tab reaches the disclosure, Enter opens it.
    const summary = more.locator('summary');
    await summary.focus();
    await expect(summary).toBeFocused();
    await popup.keyboard.press('Enter');
    await expect(more).toHaveAttribute('open', '');
    await expect(issuer).toBeVisible();
    await history.focus();
    await popup.keyboard.press('Enter');
    await expect(history).toHaveAttribute('aria-expanded', 'true');
  });

  for (const zoom of [1, 2]) {
    test(`long filenames wrap readably and nothing touches the edges at ${zoom * 100}% zoom`, async ({
      page,
      context,
      extensionId,
      serviceWorker,
    }) => {
      expect(await openRelease(page, RELEASE_URL)).toBe('partial');
      const popup = await openPopup(
        context,
        extensionId,
        await tabIdOf(serviceWorker, RELEASE_URL),
      );
      // A browser popup is at most 800 × 600 device pixels: at 200% zoom, 400 × 300 CSS pixels.
      await popup.setViewportSize({ width: 400 * zoom, height: 600 });
      await popup.evaluate((z) => {
        document.documentElement.style.zoom = String(z);
      }, zoom);
      await popupStates(popup);
      for (const filename of [LONG_WHEEL, sdist.filename]) {
        await fileRow(popup, filename).click();
        const more = popup.getByTestId('signer-more').locator('summary');
        if ((await more.count()) > 0) await more.click();
        await popup.getByTestId('timeline-toggle').click();
        expect(await edgeProblems(popup), filename).toEqual([]);
        await popup.getByTestId('timeline-toggle').click();
      }
      // The long wheel wraps between its parts, never leaving a short end alone.
      const last = await lastLine(popup, LONG_WHEEL);
      expect(last.length, `last line "${last}"`).toBeGreaterThanOrEqual(16);
      expect(LONG_WHEEL.endsWith(last), `last line "${last}"`).toBe(true);
      expect(await lastLine(popup, wheel.filename)).toMatch(/py3-none-any\.whl$/);
      expect(wheel.filename.endsWith(await lastLine(popup, wheel.filename))).toBe(true);
      expect((await lastLine(popup, wheel.filename)).length).toBeGreaterThanOrEqual(16);
      await screenshot(popup, `look-popup-zoom-${zoom * 100}`);
    });
  }

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe-core finds nothing, details closed and open (${scheme})`, async ({
      page,
      context,
      extensionId,
      serviceWorker,
    }) => {
      expect(await openRelease(page, RELEASE_URL)).toBe('partial');
      const popup = await openPopup(
        context,
        extensionId,
        await tabIdOf(serviceWorker, RELEASE_URL),
      );
      await popup.emulateMedia({ colorScheme: scheme });
      await popupStates(popup);
      await fileRow(popup, sdist.filename).click();
      await expect(popup.getByTestId('file-details')).toHaveAttribute('data-state', 'verified');
      let violations = await axeViolations(popup);
      expect(violations, `closed:\n${formatViolations(violations)}`).toEqual([]);
      await popup.getByTestId('signer-more').locator('summary').click();
      await popup.getByTestId('timeline-toggle').click();
      await expect(popup.getByTestId('timeline')).toHaveAttribute('data-status', 'ready');
      violations = await axeViolations(popup);
      expect(violations, `open:\n${formatViolations(violations)}`).toEqual([]);
    });
  }
});
