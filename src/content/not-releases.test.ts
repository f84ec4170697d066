// @vitest-environment happy-dom
/**
 * Pages that are not releases (issue 12 §7). The URL parser leaves out warehouse's non-release
 * routes (page.test.ts); for the rest, the index's JSON API answering 404 (PyPI's 404 page, a
 * quarantined or removed release) is not an error: no release state is shown, and on a page
 * with a release header a neutral note stands where the summary would be.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import { NOT_FOUND_PAGE, projectPageOf } from '../../e2e/site.js';
import { start } from './app.js';
import { findHeader } from './selectors.js';

const LEGACY = readFixtureText(
  'pages/SYNTHETIC.project-page.legacy-layout.sampleproject-4.0.0.html',
);
const LAYOUT_2026 = readFixtureText(
  'pages/SYNTHETIC.project-page.2026-layout.sampleproject-4.0.0.html',
);
const QUARANTINED_FILES = [
  { filename: 'quarantined-1.0.tar.gz', sha256: 'a'.repeat(64) },
  { filename: 'quarantined-1.0-py3-none-any.whl', sha256: 'b'.repeat(64) },
];
const OURS =
  '[data-provenance-summary],[data-provenance-file],[data-provenance-card],[data-provenance-warnings],[data-provenance-note]';

function load(html: string, url: string): void {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  document.body.replaceChildren(
    ...[...parsed.body.childNodes].map((n) => document.importNode(n, true)),
  );
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}

afterEach(() => {
  document.body?.replaceChildren();
});

/** The background: every listing fails with `code` (or lists one verified-less file). */
function runtime(answer: { code: string } | 'listed') {
  const sent: string[] = [];
  return {
    sent,
    sendMessage: async (message: unknown) => {
      const m = message as { type: string; payload: Record<string, unknown> };
      sent.push(m.type);
      if (m.type === 'listRelease' && answer !== 'listed')
        return {
          ok: false,
          error: { code: answer.code, message: `the index answered ${answer.code}` },
        };
      if (m.type === 'listRelease') {
        return {
          ok: true,
          value: { ...m.payload, version: '4.0.0', files: [{ filename: 'x-1.0.tar.gz' }] },
        };
      }
      if (m.type === 'checkFiles') {
        const results = (m.payload.filenames as string[]).map((filename) => ({
          filename,
          state: 'none',
          code: 'NO_PROVENANCE',
          message: '-',
        }));
        return { ok: true, value: { results } };
      }
      return {
        ok: true,
        value: { version: '4.0.0', warnings: [], alerts: [], memory: null, lines: [] },
      };
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
const ours = () => [...document.querySelectorAll(OURS)];

describe('a page whose release the index does not serve (JSON API 404)', () => {
  it.each([
    ['legacy layout', LEGACY, 'https://pypi.org/project/sampleproject/4.0.0/'],
    ['2026 layout', LAYOUT_2026, 'https://pypi.org/project/sampleproject/4.0.0/'],
    [
      'quarantined, legacy layout',
      projectPageOf('pypi.org', 'quarantined', '1.0', QUARANTINED_FILES, { quarantined: true }),
      'https://pypi.org/project/quarantined/',
    ],
    [
      'quarantined, 2026 layout',
      projectPageOf('pypi.org', 'quarantined', '1.0', QUARANTINED_FILES, {
        layout: '2026',
        quarantined: true,
      }),
      'https://pypi.org/project/quarantined/1.0/',
    ],
  ])('%s: a neutral note by the header, no release state', async (_name, html, url) => {
    load(html, url);
    start(runtime({ code: 'NOT_FOUND' }));
    await settle();
    const [note, ...rest] = ours();
    expect(rest).toEqual([]);
    expect(note?.hasAttribute('data-provenance-note')).toBe(true);
    expect(note?.previousElementSibling).toBe(findHeader(document));
    expect(document.querySelector('[data-provenance-summary]')).toBeNull();
  });

  it('PyPI’s 404 page: nothing of ours at all, not even while the release is being asked for', async () => {
    load(NOT_FOUND_PAGE, 'https://pypi.org/project/nosuchproject/');
    let answer: (reply: unknown) => void = () => undefined;
    const rt = {
      sendMessage: () => new Promise((resolve) => (answer = resolve)),
    };
    start(rt);
    await settle();
    expect(ours()).toEqual([]);
    answer({ ok: false, error: { code: 'NOT_FOUND', message: 'not found on the index' } });
    await settle();
    expect(ours()).toEqual([]);
  });

  it('a note gives way to the summary when the page, restored, lists a release', async () => {
    load(LAYOUT_2026, 'https://pypi.org/project/sampleproject/4.0.0/');
    let answer: { code: string } | 'listed' = { code: 'NOT_FOUND' };
    const rt = runtime('listed');
    const send = rt.sendMessage;
    rt.sendMessage = (m: unknown) =>
      answer === 'listed' ? send(m) : runtime(answer).sendMessage(m);
    start(rt);
    await settle();
    expect(document.querySelectorAll('[data-provenance-note]')).toHaveLength(1);
    answer = 'listed';
    dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    await settle();
    expect(document.querySelectorAll('[data-provenance-note]')).toHaveLength(0);
    expect(
      document.querySelector('[data-provenance-summary]')?.getAttribute('data-provenance-summary'),
    ).toBe('none');
  });
});

describe('any other failure to list is an error, shown with a retry', () => {
  it.each([
    ['a release page', LEGACY, 'by the header'],
    ['a page without a release header', NOT_FOUND_PAGE, 'in the corner'],
  ])('%s: the summary says it could not check, %s', async (_name, html) => {
    load(html, 'https://pypi.org/project/sampleproject/4.0.0/');
    start(runtime({ code: 'SERVER_ERROR' }));
    await settle();
    expect(
      document.querySelector('[data-provenance-summary]')?.getAttribute('data-provenance-summary'),
    ).toBe('error');
    expect(document.querySelector('[data-provenance-note]')).toBeNull();
  });
});
