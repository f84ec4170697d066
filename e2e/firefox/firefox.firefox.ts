/**
 * What only Firefox needs checking: the code paths written for Chromium, run in Firefox's
 * event page (docs/firefox.md lists every difference found). The shared scenarios
 * (scenarios.firefox.ts) cover the rest.
 */
import { FAKE_HOSTS } from '../fixtures.js';
import { RELEASE_URL, SAMPLEPROJECT_SIGNER } from '../scenarios/index.js';
import { SAMPLEPROJECT } from '../site.js';
import type { TabDriver } from '../scenarios/driver.js';
import type { FirefoxDriver } from './driver.js';
import { expect, test } from './fixtures.js';
import { EXTENSION_ORIGIN, GECKO_ID } from './session.js';

const STATES = ['verified', 'failed', 'partial', 'none', 'error', 'pending', 'neutral'] as const;

/** The tab's toolbar icon is drawn from pixels decoded in the event page: the verified icon. */
async function expectVerifiedIcon(driver: FirefoxDriver, tab: TabDriver): Promise<void> {
  await expect.poll(async () => (await tab.toolbar()).text).toBe('✓');
  const tabId = await tab.tabId();

  // The icon Firefox holds for the tab. `setIcon({ imageData })` arrives as data: URLs; the
  // fallback `setIcon({ path })` (main.ts, when decoding fails) would leave file paths.
  const icon = await driver.bidi.evaluateChrome<Record<string, string> | string>(`(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule(
        'resource://gre/modules/ExtensionParent.sys.mjs');
      const extension = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)}).extension;
      const action = ExtensionParent.apiManager.global.browserActionFor?.(extension)?.action;
      const nativeTab = extension.tabManager.get(${tabId}).nativeTab;
      if (!action?.getContextData) return 'this Firefox has no browserActionFor(...).action.getContextData';
      return action.getContextData(nativeTab).icon;
    })()`);
  if (typeof icon === 'string') throw new Error(icon);
  expect(Object.keys(icon).sort()).toEqual(['16', '32']);
  for (const url of Object.values(icon)) expect(url).toMatch(/^data:image\/png;base64,/);

  // Which state's icon file those pixels are closest to (a re-encoded PNG: compare pixels).
  const control = await driver.control();
  for (const size of ['16', '32'] as const) {
    const distances = await control.evaluate(
      async (dataUrl, files) => {
        const pixels = async (url: string) => {
          const bitmap = await createImageBitmap(await (await fetch(url)).blob());
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d')!;
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
        };
        const shown = await pixels(dataUrl);
        const out: Record<string, number> = {};
        for (const [state, file] of Object.entries(files)) {
          const px = await pixels(file);
          let sum = 0;
          for (let i = 0; i < px.length; i++) sum += Math.abs(px[i]! - (shown[i] ?? 0));
          out[state] = px.length === shown.length ? sum / px.length : Infinity;
        }
        return out;
      },
      icon[size]!,
      Object.fromEntries(STATES.map((s) => [s, `${EXTENSION_ORIGIN}/icons/${s}-${size}.png`])),
    );
    const closest = Object.entries(distances).sort((a, b) => a[1] - b[1])[0];
    expect(closest?.[0], JSON.stringify(distances)).toBe('verified');
    expect(distances.verified, JSON.stringify(distances)).toBeLessThan(2);
  }
}

/** The popup's "Copy verify command" puts the command on the clipboard. */
async function expectCopied(driver: FirefoxDriver, tab: TabDriver): Promise<void> {
  const popup = await driver.popup(tab);
  await popup.click(`[data-testid="file-row"][data-filename="${SAMPLEPROJECT.sdist.filename}"]`);
  await expect
    .poll(async () => (await popup.query('[data-testid="verify-command"]'))[0]?.text)
    .toBe(SAMPLEPROJECT_SIGNER.sdistVerifyCommand);
  // The verify section's own button (the install section has copy buttons too).
  await popup.click('section.verify .verify-actions button');
  // What the system clipboard now holds, read by the browser itself. (The "Copied" note lasts
  // 2.5 s, which a loaded machine can miss: the clipboard is the thing that matters.)
  const readClipboard = () =>
    driver.bidi.evaluateChrome<string>(`(() => {
      const t = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
      t.init(null);
      t.addDataFlavor('text/plain');
      Services.clipboard.getData(t, Ci.nsIClipboard.kGlobalClipboard, null);
      const data = {};
      try {
        t.getTransferData('text/plain', data);
      } catch {
        return '';
      }
      return data.value.QueryInterface(Ci.nsISupportsString).data;
    })()`);
  await expect.poll(readClipboard).toBe(SAMPLEPROJECT_SIGNER.sdistVerifyCommand);
  const status =
    (await popup.query('section.verify .verify-actions [role="status"]'))[0]?.text ?? '';
  expect(['Copied', '']).toContain(status);
  const clipboard = await readClipboard();
  expect(clipboard).toBe(SAMPLEPROJECT_SIGNER.sdistVerifyCommand);
}

// One Firefox for both (each launch costs seconds).
test('Chromium-first code paths: the toolbar icon from ImageData (OffscreenCanvas in the event page), the clipboard in the popup', async ({
  driver,
  firefox,
}) => {
  const tab = await driver.open(RELEASE_URL);
  expect(await tab.settledSummary()).toBe('verified');
  await expectVerifiedIcon(driver, tab);
  await expectCopied(driver, tab);
  // Nothing but the fake hosts went through the proxy to the fake index.
  for (const refused of firefox.proxy.refused) {
    expect(FAKE_HOSTS.some((h) => refused.startsWith(`${h}:`))).toBe(false);
  }
});
