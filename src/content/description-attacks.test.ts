// @vitest-environment happy-dom
/**
 * The project description must not move, hide or fake our marks (issue 11 §1): on both page
 * layouts, with each description of the hostile battery, the selectors find PyPI's own header,
 * files panel, file rows and details panels, and the content script places nothing inside the
 * description and lets nothing there pass for one of its marks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import { hostileDescriptions, lookalikes } from '../../test/hostile-descriptions.js';
import { withDescription } from '../../e2e/site.js';
import { withView } from '../background/describe.js';
import type { FileResult } from '../shared/domain-lite.js';
import { start } from './app.js';
import {
  downloadFilename,
  findDetailsPanel,
  findFileRows,
  findFilesPanel,
  findHeader,
} from './selectors.js';

const LEGACY = readFixtureText(
  'pages/SYNTHETIC.project-page.legacy-layout.sampleproject-4.0.0.html',
);
const LAYOUT_2026 = readFixtureText(
  'pages/SYNTHETIC.project-page.2026-layout.sampleproject-4.0.0.html',
);
const SDIST = 'sampleproject-4.0.0.tar.gz';
const WHEEL = 'sampleproject-4.0.0-py3-none-any.whl';
/** The real download links (the saved pages', from PyPI's JSON API docs example). */
const FILES = [
  {
    filename: SDIST,
    url: 'https://files.pythonhosted.org/packages/48/8c/c18d25735962870ccb6d1cd2ac7bde40008a332211055e260cb7ec4c6bab/sampleproject-4.0.0.tar.gz',
  },
  {
    filename: WHEEL,
    url: 'https://files.pythonhosted.org/packages/d7/73/c16e5f3f0d37c60947e70865c255a58dc408780a6474de0523afd0ec553a/sampleproject-4.0.0-py3-none-any.whl',
  },
];
const SHA256 = {
  [SDIST]: '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b',
  [WHEEL]: 'c23e447ea90d796d1e645c35c4b2de125040add12a845825546f91c93f391b6b',
};
const BATTERY = Object.entries(hostileDescriptions(FILES));
const LAYOUTS = [
  ['legacy layout', LEGACY],
  ['2026 layout', LAYOUT_2026],
] as const;

function load(html: string, url = 'https://pypi.org/project/sampleproject/4.0.0/'): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(
    ...[...parsed.body.childNodes].map((n) => document.importNode(n, true)),
  );
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}

afterEach(() => {
  document.body?.replaceChildren();
});

const inDescription = (el: Element | null | undefined): boolean =>
  !!el?.closest('.project-description');

/** The SHA256 PyPI's details panel shows (its hashes table). */
const digestIn = (panel: Element | undefined): string | undefined =>
  [...(panel?.querySelectorAll('table.table--hashes tr') ?? [])]
    .find((tr) => tr.querySelector('th')?.textContent?.trim() === 'SHA256')
    ?.querySelector('code')
    ?.textContent?.trim();

describe('the selectors, with a hostile project description', () => {
  describe.each(LAYOUTS)('on the %s', (_layout, page) => {
    it('the battery is in the description, and the description before the files panel', () => {
      load(withDescription(page, hostileDescriptions(FILES)['all of them at once']!));
      const fake = document.querySelector('.project-description [id="files"]');
      expect(fake).not.toBeNull();
      // What made `#files` resolve to the description's panel.
      expect(document.getElementById('files')).toBe(fake);
      expect(document.getElementById(SDIST)?.closest('.project-description')).not.toBeNull();
    });

    it.each(BATTERY)('%s: PyPI’s own header, panels and rows are found', (_name, html) => {
      load(withDescription(page, html));
      const header = findHeader(document);
      expect(inDescription(header)).toBe(false);
      expect(header?.textContent?.trim()).toBe('sampleproject 4.0.0');

      const files = findFilesPanel(document);
      expect(files).toBeDefined();
      expect(inDescription(files)).toBe(false);

      const rows = findFileRows(document, 'https://pypi.org');
      expect([...rows.keys()]).toEqual([SDIST, WHEEL]);
      for (const { filename, url } of FILES) {
        const row = rows.get(filename);
        expect(inDescription(row)).toBe(false);
        expect(row?.querySelector('.file__card > a')?.getAttribute('href')).toBe(url);

        const panel = findDetailsPanel(document, filename);
        expect(inDescription(panel)).toBe(false);
        expect(panel?.id).toBe(filename);
        expect(digestIn(panel)).toBe(SHA256[filename as keyof typeof SHA256]);
      }
    });
  });
});

describe('a file row counts only when its download link is that file on the index’s files host', () => {
  const hex = 'c18d25735962870ccb6d1cd2ac7bde40008a332211055e260cb7ec4c6bab';
  const on = (host: string, name: string) => `https://${host}/packages/48/8c/${hex}/${name}`;

  it.each([
    [on('files.pythonhosted.org', SDIST), 'https://pypi.org', SDIST],
    [on('test-files.pythonhosted.org', SDIST), 'https://test.pypi.org', SDIST],
    // warehouse quotes the path (e.g. "!" of an epoch): the name is compared decoded.
    [on('files.pythonhosted.org', 'foo-1%212.0.tar.gz'), 'https://pypi.org', 'foo-1!2.0.tar.gz'],
  ] as const)('%s on %s is %s', (href, index, name) => {
    expect(downloadFilename(href, index)).toBe(name);
  });

  it.each([
    [on('test-files.pythonhosted.org', SDIST), 'https://pypi.org'],
    [on('files.pythonhosted.org', SDIST), 'https://test.pypi.org'],
    [on('files.pythonhosted.org', SDIST).replace('https:', 'http:'), 'https://pypi.org'],
    [on('files.pythonhosted.org.evil.example', SDIST), 'https://pypi.org'],
    [on('files.pythonhosted.org@evil.example', SDIST), 'https://pypi.org'],
    [on('files.pythonhosted.org:443', SDIST), 'https://pypi.org'],
    [on('FILES.pythonhosted.org', SDIST), 'https://pypi.org'],
    [on('files.pythonhosted.org.', SDIST), 'https://pypi.org'],
    [
      `https://evil.example/files.pythonhosted.org/packages/48/8c/${hex}/${SDIST}`,
      'https://pypi.org',
    ],
    [`${on('files.pythonhosted.org', SDIST)}?x`, 'https://pypi.org'],
    [`${on('files.pythonhosted.org', SDIST)}#x`, 'https://pypi.org'],
    [`https://files.pythonhosted.org/packages/source/s/sampleproject/${SDIST}`, 'https://pypi.org'],
    [`https://files.pythonhosted.org/packages/48/8c/${hex.slice(1)}/${SDIST}`, 'https://pypi.org'],
    [
      `https://files.pythonhosted.org/packages/48/8c/${hex.toUpperCase()}/${SDIST}`,
      'https://pypi.org',
    ],
    [`https://files.pythonhosted.org\\packages/48/8c/${hex}/${SDIST}`, 'https://pypi.org'],
    [on('files.pythonhosted.org', '%E0%A4%A'), 'https://pypi.org'],
    ['/packages/48/8c/x/sampleproject-4.0.0.tar.gz', 'https://pypi.org'],
    [null, 'https://pypi.org'],
  ] as const)('%s on %s is no file', (href, index) => {
    expect(downloadFilename(href, index)).toBeUndefined();
  });

  it.each(lookalikes(SDIST).map((name) => [JSON.stringify(name), name]))(
    'a link to the look-alike %s is not the file',
    (_shown, name) => {
      const href = on('files.pythonhosted.org', encodeURIComponent(name));
      expect(downloadFilename(href, 'https://pypi.org')).not.toBe(SDIST);
    },
  );

  describe.each(LAYOUTS)('in the real files panel of the %s', (_layout, page) => {
    it('rows linking elsewhere, or to look-alikes, get no badge place', () => {
      load(page);
      const [sdistLink, wheelLink] = [
        ...findFilesPanel(document)!.querySelectorAll('.file__card > a:first-child'),
      ];
      sdistLink!.setAttribute('href', FILES[0]!.url.replace('files.', 'evil.'));
      wheelLink!.setAttribute(
        'href',
        FILES[1]!.url.replace(WHEEL, encodeURIComponent(lookalikes(WHEEL)[1]!)),
      );
      const rows = findFileRows(document, 'https://pypi.org');
      expect(rows.has(SDIST)).toBe(false);
      expect(rows.has(WHEEL)).toBe(false);
    });

    it('a page of test.pypi.org needs links to test-files.pythonhosted.org', () => {
      load(page);
      expect(findFileRows(document, 'https://test.pypi.org').size).toBe(0);
      load(
        page.replaceAll('https://files.pythonhosted.org/', 'https://test-files.pythonhosted.org/'),
      );
      expect([...findFileRows(document, 'https://test.pypi.org').keys()]).toEqual([SDIST, WHEEL]);
    });
  });
});

/** The background, answering from canned results: the sdist FAILED, the wheel verified. */
function runtime() {
  const results: Record<string, FileResult> = {
    [SDIST]: {
      filename: SDIST,
      state: 'failed',
      code: 'SIGNATURE_INVALID',
      message: 'the signature does not verify',
    },
    [WHEEL]: { filename: WHEEL, state: 'none', code: 'NO_PROVENANCE', message: 'No provenance' },
  };
  return {
    sendMessage: async (message: unknown) => {
      const m = message as { type: string; payload: Record<string, unknown> };
      if (m.type === 'listRelease') {
        const files = Object.keys(results).map((filename) => ({ filename }));
        return { ok: true, value: { ...m.payload, version: '4.0.0', files, known: [] } };
      }
      if (m.type === 'checkFiles') {
        const asked = m.payload.filenames as string[];
        return { ok: true, value: { results: asked.map((f) => withView(results[f]!)) } };
      }
      return { ok: false, error: { code: 'NOT_FOUND', message: 'not here' } };
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const OURS = '[data-provenance-summary],[data-provenance-file],[data-provenance-card]';

describe('the content script, with a hostile project description', () => {
  describe.each(LAYOUTS)('on the %s', (_layout, page) => {
    it.each(BATTERY)(
      '%s: our marks are where PyPI’s files are, and only ours',
      async (_n, html) => {
        load(withDescription(page, html));
        start(runtime());
        await settle();
        // Nothing of ours inside the description, and nothing there passes for ours.
        expect(document.querySelectorAll(`.project-description :is(${OURS})`)).toHaveLength(0);
        expect(document.querySelectorAll('[data-provenance-summary]')).toHaveLength(1);
        expect(
          document
            .querySelector('[data-provenance-summary]')
            ?.getAttribute('data-provenance-summary'),
        ).toBe('failed');
        const rows = findFileRows(document, 'https://pypi.org');
        const badges = [...document.querySelectorAll('[data-provenance-file]')];
        expect(badges.map((b) => b.getAttribute('data-provenance-file'))).toEqual([SDIST, WHEEL]);
        for (const badge of badges) {
          const filename = badge.getAttribute('data-provenance-file')!;
          expect(badge.closest('.file')).toBe(rows.get(filename));
        }
        // The FAILED file's card is in its real details panel, by PyPI's digest.
        const cards = [...document.querySelectorAll('[data-provenance-card]')];
        expect(cards.map((c) => c.getAttribute('data-provenance-card'))).toEqual([SDIST, WHEEL]);
        const failed = cards[0]!;
        expect(failed.getAttribute('data-provenance-state')).toBe('failed');
        expect(failed.parentElement).toBe(findDetailsPanel(document, SDIST));
        expect(digestIn(failed.parentElement!)).toBe(SHA256[SDIST]);
      },
    );
  });
});
