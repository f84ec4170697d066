/**
 * Chrome's own permission prompt, answered with the keyboard (Chromium only). The shared
 * scenario `site-access` cannot reach this prompt: it is native UI, which no DevTools or
 * Playwright API drives and no switch of a release build accepts, so there Chromium's access
 * is granted in chrome://extensions instead. That hid a real difference: for
 * `permissions.request` Chrome grants exactly the patterns asked for, and the host permission
 * alone left the content script withheld (src/shared/host-access.ts). Here a headed Chromium
 * runs on a virtual display of its own (Xvfb), and xdotool presses the prompt's buttons as a
 * user would (docs/site-access.md).
 *
 * Needs `Xvfb` and `xdotool` (`apt-get install -y xvfb xdotool`; .ci/run installs them).
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHROMIUM_ARGS,
  EXTENSION_DIR,
  FAKE_HOSTS,
  chromiumPath,
  expect,
  test,
} from './fixtures.js';
import { ChromiumDriver } from './scenarios/chromium.js';
import { POLL_INTERVALS } from './scenarios/driver.js';
import { RELEASE_URL } from './scenarios/index.js';
import { SAMPLEPROJECT } from './site.js';

const missing = ['Xvfb', 'xdotool'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
);

/** A virtual display of our own: Xvfb picks a free number and writes it to fd 3. */
async function startDisplay(): Promise<{ display: string; xvfb: ChildProcess }> {
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  );
  const number = await new Promise<string>((resolve, reject) => {
    let out = '';
    const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
    setTimeout(() => reject(new Error('Xvfb did not start within 10 s')), 10_000);
  });
  return { display: `:${number}`, xvfb };
}

test.describe('site access: Chrome’s own prompt', () => {
  // Skipped only on a developer's machine without Xvfb or xdotool (a headed Chromium needs a
  // display, and the native prompt is answered with keys); never in CI, which installs both.
  test.skip(
    missing.length > 0 && !process.env.CI,
    `needs ${missing.join(' and ')} (apt-get install -y xvfb xdotool)`,
  );

  test('Deny keeps it withheld; Allow grants the page and its content script', async ({
    fakePypi,
  }) => {
    expect(missing, 'tools this test needs').toEqual([]);
    const { display, xvfb } = await startDisplay();
    const profile = mkdtempSync(join(tmpdir(), 'pypi-provenance-prompt-'));
    const keys = (...names: string[]) => {
      const r = spawnSync('xdotool', ['key', '--clearmodifiers', ...names], {
        env: { ...process.env, DISPLAY: display },
        encoding: 'utf8',
      });
      expect(r.status, `xdotool key ${names.join(' ')}: ${r.stderr}`).toBe(0);
    };
    const target = `127.0.0.1:${fakePypi.port}`;
    const rules = [
      ...FAKE_HOSTS.map((host) => `MAP ${host} ${target}`),
      'MAP * ~NOTFOUND',
      'EXCLUDE localhost',
      'EXCLUDE 127.0.0.1',
    ].join(', ');
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath(),
        headless: false,
        env: { ...process.env, DISPLAY: display },
        timeout: 30_000,
        args: [
          ...CHROMIUM_ARGS,
          `--disable-extensions-except=${EXTENSION_DIR}`,
          `--load-extension=${EXTENSION_DIR}`,
          `--host-resolver-rules=${rules}`,
          `--ignore-certificate-errors-spki-list=${fakePypi.spkiPin}`,
          '--window-position=0,0',
          '--window-size=1000,760',
        ],
      });
      const worker =
        context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
        (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      const driver = new ChromiumDriver(context, new URL(worker.url()).host);

      const tab = await driver.open(RELEASE_URL);
      expect(await tab.settledSummary()).toBe('verified');
      await tab.tabId();
      await driver.withholdSiteAccess(['pypi.org', 'test.pypi.org']);
      await tab.reload();

      const popup = await driver.popup(tab);
      const page = (popup as unknown as { page: Page }).page;
      await page.bringToFront();
      const allow = page.getByTestId('host-access-allow');
      await expect(allow).toHaveText('Allow access to pypi.org and test.pypi.org');

      // The prompt opens with its first button, Deny, focused: Enter denies.
      await allow.click();
      await expect(allow).toHaveText('Waiting for your answer…');
      await page.waitForTimeout(1000); // the dialog takes the keyboard focus once shown
      keys('Return');
      await expect(page.getByTestId('host-access-denied')).toContainText('Not allowed.', {
        timeout: 10_000,
      });
      await expect(page.getByTestId('host-access')).toHaveAttribute('data-state', 'withheld');

      // Asked again: Tab to Allow, Enter.
      await allow.click();
      await expect(allow).toHaveText('Waiting for your answer…');
      await page.waitForTimeout(1000);
      keys('Tab');
      keys('Return');
      await expect(page.getByTestId('host-access')).toHaveAttribute('data-state', 'granted', {
        timeout: 10_000,
      });
      await page.getByTestId('host-access-reload').click();

      // The content script runs again: the page verifies, and so does the popup's view of it.
      await expect
        .poll(() => tab.settledSummary(), { timeout: 30_000, intervals: POLL_INTERVALS })
        .toBe('verified');
      expect(await tab.fileStates()).toEqual({
        [SAMPLEPROJECT.sdist.filename]: 'verified',
        [SAMPLEPROJECT.wheel.filename]: 'verified',
      });
    } finally {
      await context?.close().catch(() => undefined);
      xvfb.kill();
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    }
  });
});
