/**
 * The check page (issue 14 §1): a downloaded wheel or sdist, chosen or dropped, hashed in the
 * page (streamed, with progress) and checked by the background against its provenance on the
 * fake index, verified against the file's own SHA-256. Real fixture distributions, the
 * tampered sdist, a large generated file, a file that is not a distribution and one that
 * cannot be read. Also the popup's way to the page and its install text (§2).
 */
import type { Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  openSync,
  rmSync,
  appendFileSync,
  writeSync,
  closeSync,
  copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath, readFixture } from '../test/fixtures.js';
import { axeViolations, formatViolations } from './a11y.js';
import { expect, test } from './fixtures.js';
import { openRelease } from './page-readers.js';
import { openPopup, popupStates, tabIdOf } from './popup-readers.js';
import { screenshot } from './screenshots.js';
import { sampleprojectSite, SAMPLEPROJECT, type SiteSpec } from './site.js';

const PA = {
  filename: 'pypi_attestations-0.0.19.tar.gz',
  path: 'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz',
  tampered: 'attestations/negative/tampered-dist/pypi_attestations-0.0.19.tar.gz',
  sha256: '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3',
  tamperedSha256: 'b36637be19d362e3ea917cfb385f29e8afabd10a0683401c84ea6ebfbcce0ff3',
};
const ABI3_WHEEL = {
  filename: 'abi3info-2024.10.8-py3-none-any.whl',
  path: 'attestations/abi3info/abi3info-2024.10.8-py3-none-any.whl',
  sha256: 'b0236c6707783f93971274101e119055192cef0925f5b7cebdad03c69dc5a499',
  provenanceFile: 'attestations/abi3info/abi3info-2024.10.8-py3-none-any.whl.provenance',
};

/** sampleproject (for the popup), pypi-attestations 0.0.19 and abi3info 2024.10.8, real. */
function checkSite(): SiteSpec {
  return {
    'pypi.org': {
      ...sampleprojectSite()['pypi.org'],
      'pypi-attestations': {
        '0.0.19': [
          {
            filename: PA.filename,
            sha256: PA.sha256,
            provenanceFile: `${PA.path}.provenance`,
          },
        ],
      },
      abi3info: {
        '2024.10.8': [
          {
            filename: ABI3_WHEEL.filename,
            sha256: ABI3_WHEEL.sha256,
            provenanceFile: ABI3_WHEEL.provenanceFile,
          },
        ],
      },
    },
  };
}

test.use({ siteSpec: checkSite() });

const checkPage = (extensionId: string, query = '') =>
  `chrome-extension://${extensionId}/src/check/index.html${query}`;

const entry = (page: Page, name: string) =>
  page.locator(`[data-testid="dist-check"][data-name="${name}"]`);

/** Waits for a file's check to settle and returns its verdict tone. */
async function verdictOf(page: Page, name: string, timeout = 30_000): Promise<string | null> {
  const el = entry(page, name);
  await expect(el).toHaveAttribute(
    'data-stage',
    /^(done|not-distribution|unreadable|failed-request)$/,
    { timeout },
  );
  return el.getAttribute('data-verdict');
}

/** A scratch directory of the test's own (never fixed names in the shared /tmp). */
function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'check-file-e2e-'));
}

test.describe('the check page', () => {
  test('verifies a real sdist against its own digest; only its name and digest reach the index', async ({
    page,
    extensionId,
    fakePypi,
  }) => {
    await page.goto(checkPage(extensionId));
    fakePypi.requests.length = 0;
    await page.getByTestId('file-input').setInputFiles(fixturePath(PA.path));
    expect(await verdictOf(page, PA.filename)).toBe('verified');
    const el = entry(page, PA.filename);
    await expect(el).toHaveAttribute('data-state', 'verified');
    await expect(el.getByTestId('verdict')).toContainText(
      'These are the bytes the publisher signed',
    );
    await expect(el).toContainText(PA.sha256);
    await expect(el.getByTestId('publisher-kind')).toHaveText('GitHub');
    await expect(el.getByTestId('publisher-repository')).toHaveText(
      'trailofbits/pypi-attestations',
    );
    await expect(el.getByTestId('verify-command')).toHaveText(
      `pypi-attestations verify pypi --repository https://github.com/trailofbits/pypi-attestations ./${PA.filename}`,
    );
    // The listing and the provenance: nothing else, and nothing of the file's bytes.
    expect(fakePypi.requests.map((r) => `${r.host}${r.path}`)).toEqual([
      'pypi.org/pypi/pypi-attestations/0.0.19/json',
      `pypi.org/integrity/pypi-attestations/0.0.19/${PA.filename}/provenance`,
    ]);
    await screenshot(page, 'check-verified');
  });

  test('says plainly that a tampered sdist is not what the publisher signed', async ({
    page,
    extensionId,
  }) => {
    await page.goto(checkPage(extensionId));
    await page.getByTestId('file-input').setInputFiles(fixturePath(PA.tampered));
    expect(await verdictOf(page, PA.filename)).toBe('failed');
    const el = entry(page, PA.filename);
    await expect(el).toHaveAttribute('data-state', 'failed');
    const verdict = el.getByTestId('verdict');
    await expect(verdict).toContainText('These bytes are NOT what the publisher signed');
    await expect(verdict).toContainText(PA.tamperedSha256);
    // The index lists the real file's digest for the same name.
    await expect(verdict).toContainText(PA.sha256);
    await expect(el.getByTestId('file-details')).toContainText('DIGEST_MISMATCH');
    await screenshot(page, 'check-tampered');
  });

  test('takes dropped files, and says why a file that is not a distribution is not checked', async ({
    page,
    extensionId,
    fakePypi,
  }) => {
    await page.goto(checkPage(extensionId));
    fakePypi.requests.length = 0;
    const wheel = readFixture(ABI3_WHEEL.path).toString('base64');
    const dataTransfer = await page.evaluateHandle(
      ([bytes, name]) => {
        const transfer = new DataTransfer();
        const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
        transfer.items.add(new File([data], name));
        transfer.items.add(new File(['just notes'], 'notes.txt'));
        return transfer;
      },
      [wheel, ABI3_WHEEL.filename] as const,
    );
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer });
    expect(await verdictOf(page, ABI3_WHEEL.filename)).toBe('verified');
    expect(await verdictOf(page, 'notes.txt')).toBeNull();
    await expect(entry(page, 'notes.txt')).toHaveAttribute('data-stage', 'not-distribution');
    await expect(entry(page, 'notes.txt')).toContainText('Not a wheel or sdist');
    // Only the wheel was looked up.
    expect(fakePypi.requests.every((r) => r.path.includes('abi3info'))).toBe(true);
  });

  test('streams a large file with progress, and says which file could not be read', async ({
    page,
    extensionId,
  }) => {
    // Hashing in the page runs at the speed of @noble/hashes' SHA-256 in JavaScript: tens of
    // MB/s on a busy machine.
    test.setTimeout(300_000);
    const dir = scratch();
    try {
      // A few hundred MB, written in 1 MiB chunks (never held whole here either).
      const big = join(dir, 'bigproject-1.0-py3-none-any.whl');
      const chunk = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) % 251;
      const hash = createHash('sha256');
      const fd = openSync(big, 'w');
      for (let i = 0; i < 200; i++) {
        writeSync(fd, chunk);
        hash.update(chunk);
      }
      closeSync(fd);
      const bigSha = hash.digest('hex');
      const small = join(dir, PA.filename);
      copyFileSync(fixturePath(PA.path), small);

      await page.goto(checkPage(extensionId));
      // Every progress text the page shows, recorded as it changes.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { progressSeen: string[] }).progressSeen = seen;
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('.stage')) seen.push(el.textContent ?? '');
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await page.getByTestId('file-input').setInputFiles([big, small]);
      // The small file goes after the big one: changed by then, it cannot be read.
      appendFileSync(small, 'changed after it was chosen');

      expect(await verdictOf(page, 'bigproject-1.0-py3-none-any.whl', 240_000)).toBe('none');
      const bigEntry = entry(page, 'bigproject-1.0-py3-none-any.whl');
      await expect(bigEntry).toContainText(bigSha);
      await expect(bigEntry.getByTestId('verdict')).toContainText('No provenance on pypi.org');
      const seen = await page.evaluate(
        () => (window as unknown as { progressSeen: string[] }).progressSeen,
      );
      expect(seen.some((t) => /Computing its SHA-256 here: \d+% \(.* of 210 MB\)/.test(t))).toBe(
        true,
      );

      await expect(entry(page, PA.filename)).toHaveAttribute('data-stage', 'unreadable', {
        timeout: 30_000,
      });
      await expect(entry(page, PA.filename)).toContainText(
        'Couldn’t read this file: the browser could not read it: it changed after it was chosen',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('asks test.pypi.org when told to', async ({ page, extensionId, fakePypi }) => {
    await page.goto(checkPage(extensionId, '?index=https://test.pypi.org'));
    await expect(page.getByLabel('test.pypi.org')).toBeChecked();
    fakePypi.requests.length = 0;
    await page.getByTestId('file-input').setInputFiles(fixturePath(PA.path));
    expect(await verdictOf(page, PA.filename)).toBe('none');
    expect(fakePypi.requests.map((r) => r.host)).toEqual(['test.pypi.org', 'test.pypi.org']);
    // Switching back checks the same digest on pypi.org, without hashing again.
    await page.getByLabel('pypi.org', { exact: true }).check();
    await expect(entry(page, PA.filename)).toHaveAttribute('data-verdict', 'verified');
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`has no axe-core violations (${scheme})`, async ({ page, extensionId }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(checkPage(extensionId));
      let violations = await axeViolations(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      await page
        .getByTestId('file-input')
        .setInputFiles([fixturePath(PA.path), fixturePath(PA.tampered)]);
      await expect(page.locator('[data-testid="dist-check"][data-stage="done"]')).toHaveCount(2, {
        timeout: 30_000,
      });
      violations = await axeViolations(page);
      expect(violations, formatViolations(violations)).toEqual([]);
      if (scheme === 'dark') await screenshot(page, 'check-dark');
    });
  }
});

test.describe('from the popup', () => {
  const RELEASE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
  const { sdist, wheel } = SAMPLEPROJECT;

  test('opens the check page, and offers install text pinned to the verified files', async ({
    page,
    context,
    extensionId,
    serviceWorker,
  }) => {
    expect(await openRelease(page, RELEASE_URL)).toBe('verified');
    const popup = await openPopup(context, extensionId, await tabIdOf(serviceWorker, RELEASE_URL));
    expect(await popupStates(popup)).toEqual({
      [sdist.filename]: 'verified',
      [wheel.filename]: 'verified',
    });

    const install = popup.getByTestId('install');
    await install.getByText('Install what you verified').click();
    await expect(popup.getByTestId('install-pins')).toContainText(
      'Pins every file of sampleproject 4.0.0',
    );
    const requirements = await popup.getByTestId('install-requirements').textContent();
    expect(requirements).toContain(
      `sampleproject==4.0.0 \\\n    --hash=sha256:${sdist.sha256} \\\n    --hash=sha256:${wheel.sha256}\n`,
    );
    const pylock = popup.getByTestId('install-pylock');
    await expect(pylock).toContainText('[[packages]]\nname = "sampleproject"\nversion = "4.0.0"');
    await expect(pylock).toContainText(`url = "https://files.pythonhosted.org/packages/`);
    await expect(pylock).toContainText(
      '[[packages.attestation-identities]]\nkind = "GitHub"\nrepository = "pypa/sampleproject"\nworkflow = "release.yml"',
    );
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      const violations = await axeViolations(popup);
      expect(violations, `${scheme}:\n${formatViolations(violations)}`).toEqual([]);
    }
    await popup.emulateMedia({ colorScheme: 'light' });
    await screenshot(popup, 'popup-install');

    const opened = context.waitForEvent('page');
    await popup.getByTestId('check-file-link').click();
    const checkTab = await opened;
    await checkTab.waitForLoadState('domcontentloaded');
    expect(checkTab.url()).toBe(checkPage(extensionId));
    await expect(checkTab.getByRole('heading', { name: 'Check a downloaded file' })).toBeVisible();
  });
});
