/**
 * A hostile pypi.org page must not make the extension show `verified` for anything that is
 * not: it pre-creates elements with our data attributes, rewrites them later, fakes file rows
 * and hashes, posts messages that look like our protocol and overrides DOM prototypes. Content
 * scripts run in an isolated world and our hosts' attributes are guarded (src/content/guard.ts).
 * Network-supplied names with markup, quotes and RTL marks render as text.
 */
import { expect, test } from './fixtures.js';
import { fileStates, settledSummary } from './page-readers.js';
import { openPopup, popupStates, tabIdOf } from './popup-readers.js';
import { readFixtureText } from '../test/fixtures.js';
import { SAMPLEPROJECT, sampleprojectWheelProvenance, writePage } from './site.js';

const { sdist, wheel } = SAMPLEPROJECT;
const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
const LEGACY = readFixtureText(
  'pages/SYNTHETIC.project-page.legacy-layout.sampleproject-4.0.0.html',
);

const HOSTILE_SCRIPT = `
<script>
  // Fake our results before the extension runs, and keep faking them afterwards.
  const fake = (tag, attrs) => { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); document.body.prepend(e); return e; };
  document.addEventListener('DOMContentLoaded', () => {
    fake('div', { 'data-provenance-summary': 'verified' });
    fake('span', { 'data-provenance-file': '${sdist.filename}', 'data-provenance-state': 'verified' });
    // A fake row for a file the index does not list, and a fake hash.
    const files = document.getElementById('files');
    const row = document.createElement('div');
    row.className = 'file';
    row.innerHTML = '<div class="card file__card"><a href="https://files.pythonhosted.org/evil-1.0.tar.gz">evil-1.0.tar.gz</a></div>';
    files.prepend(row);
    for (const code of document.querySelectorAll('table.table--hashes code')) code.textContent = '0'.repeat(64);
  });
  setInterval(() => {
    for (const e of document.querySelectorAll('[data-provenance-state]')) e.setAttribute('data-provenance-state', 'verified');
    for (const e of document.querySelectorAll('[data-provenance-summary]')) e.setAttribute('data-provenance-summary', 'verified');
    window.postMessage({ type: 'checkFile', payload: { index: 'https://pypi.org', project: 'sampleproject', version: '4.0.0', filename: '${sdist.filename}' } }, '*');
    window.postMessage({ ok: true, value: { filename: '${sdist.filename}', state: 'verified' } }, '*');
  }, 50);
  // Prototype overrides in the page's world.
  Element.prototype.setAttribute = function (n, v) { return Element.prototype.toggleAttribute.call(this, n, true); };
  Element.prototype.attachShadow = function () { throw new Error('no shadow for you'); };
  JSON.parse = () => ({ state: 'verified' });
  Array.prototype.includes = () => true;
  Object.defineProperty(document, 'querySelector', { value: () => null });
</script>`;

test.describe('a hostile project page', () => {
  test.use({
    siteSpec: {
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
    },
  });

  test('cannot make a failed file look verified', async ({
    page,
    site,
    context,
    extensionId,
    serviceWorker,
  }) => {
    writePage(
      site,
      'pypi.org',
      '/project/sampleproject/4.0.0/',
      LEGACY.replace('<body>', `<body>${HOSTILE_SCRIPT}`),
    );
    await page.goto(RELEASE_URL);
    expect(await settledSummary(page)).toBe('failed');
    await page.waitForTimeout(500); // let the page's rewriting loop run
    // Exactly one summary: ours, and it still says failed.
    await expect(page.locator('[data-provenance-summary]')).toHaveCount(1);
    await expect(page.locator('[data-provenance-summary]')).toHaveAttribute(
      'data-provenance-summary',
      'failed',
    );
    expect(await fileStates(page)).toEqual({
      [sdist.filename]: 'failed',
      [wheel.filename]: 'verified',
    });
    // No badge on the fake row of a file the index does not list.
    await expect(page.locator('[data-provenance-file="evil-1.0.tar.gz"]')).toHaveCount(0);
    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, RELEASE_URL));
    expect(await popupStates(popup)).toEqual({
      [sdist.filename]: 'failed',
      [wheel.filename]: 'verified',
    });
  });
});

test.describe('names with markup, quotes and RTL marks', () => {
  const NASTY = `x"><img src=x onerror=alert(1)>\u202egz.tar.gz`;
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
            { filename: NASTY, sha256: 'b'.repeat(64) },
          ],
        },
      },
    },
  });

  test('render as text in the popup; no script runs', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    const dialogs: string[] = [];
    context.on('page', (p) => p.on('dialog', (d) => void dialogs.push(d.message())));
    page.on('dialog', (d) => void dialogs.push(d.message()));
    await page.goto(RELEASE_URL);
    await settledSummary(page);
    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, RELEASE_URL));
    popup.on('dialog', (d) => void dialogs.push(d.message()));
    const row = popup.locator('[data-testid="file-row"]').filter({ hasText: 'onerror' });
    await expect(row).toHaveCount(1);
    expect(await row.getAttribute('data-filename')).toBe(NASTY);
    await expect(row).toContainText('<img src=x onerror=alert(1)>');
    await expect(popup.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});
