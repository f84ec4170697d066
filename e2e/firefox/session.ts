/**
 * One Firefox for one test: Debian's firefox-esr, headless, driven by puppeteer-core over
 * WebDriver BiDi, with the Firefox build (dist-firefox/) installed as a temporary add-on and
 * pypi.org / test.pypi.org reached through a local CONNECT proxy to the fake index
 * (toolchain.md "Firefox, for real"). A fresh profile each time, removed on close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { REPO_ROOT } from '../fixtures.js';
import { checkFirefox } from '../../scripts/find-firefox.js';
import { startProxy, type FakeProxy } from './proxy.js';

/** The add-on id of the Firefox build (vite.config.ts `firefoxManifest`). */
export const GECKO_ID = 'pypi-provenance@pypi-provenance.github.io';

/** A fixed internal UUID (pref `extensions.webextensions.uuids`): known extension origin. */
export const EXTENSION_UUID = '7d5f0c2a-4b1e-4c8e-9a6d-3f2b1e0c9d11';

export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/** The Firefox build under test; PYPI_PROVENANCE_FIREFOX_EXTENSION_DIR overrides it. */
export const FIREFOX_EXTENSION_DIR = resolve(
  process.env.PYPI_PROVENANCE_FIREFOX_EXTENSION_DIR ?? join(REPO_ROOT, 'dist-firefox'),
);

export interface FirefoxOptions {
  /** The fake index's port on 127.0.0.1 (e2e/fake-pypi/server.js). */
  fakePort: number;
  /** Extra prefs, e.g. `extensions.background.idle.timeout`. */
  prefs?: Record<string, string | number | boolean>;
  extensionDir?: string;
}

export interface FirefoxSession {
  browser: Browser;
  proxy: FakeProxy;
  /** The id Firefox returned for the installed add-on (the gecko id). */
  addonId: string;
  /** The extra prefs it was started with (FirefoxOptions.prefs). */
  prefs: Record<string, string | number | boolean>;
  close(): Promise<void>;
}

/** Prefs that keep Firefox on the closed network and route the fake hosts to the proxy. */
function prefsFor(proxyPort: number): Record<string, string | number | boolean> {
  return {
    // Every request goes to the proxy (which tunnels only the fake hosts); none bypasses it.
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    // No DNS over HTTPS, prefetching, captive-portal or connectivity probes.
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'extensions.blocklist.enabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.server': '',
    'app.update.enabled': false,
    // A known extension origin: moz-extension://<EXTENSION_UUID>/.
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    // The background's console on stdout (seen with FIREFOX_DUMPIO=1).
    'devtools.console.stdout.content': true,
  };
}

let checked: ReturnType<typeof checkFirefox> | undefined;

export async function launchFirefox(opts: FirefoxOptions): Promise<FirefoxSession> {
  // Found once per test worker: FIREFOX_PATH, else firefox-esr, at least strict_min_version.
  checked ??= checkFirefox();
  const found = checked;
  if (!found.ok) throw new Error(found.message);
  const extensionDir = opts.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(
      `${join(extensionDir, 'manifest.json')} is missing: run npm run build:firefox first ` +
        '(npm run e2e:firefox does)',
    );
  }
  const proxy = await startProxy(opts.fakePort);
  const profile = mkdtempSync(join(tmpdir(), 'pypi-provenance-firefox-'));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: found.path,
      headless: true,
      acceptInsecureCerts: true,
      // moz-extension:// pages may be navigated to over BiDi only with system access.
      args: ['--remote-allow-system-access', '--profile', profile],
      extraPrefsFirefox: { ...prefsFor(proxy.port), ...opts.prefs },
      dumpio: process.env.FIREFOX_DUMPIO === '1',
      timeout: 30_000,
      protocolTimeout: 30_000,
    });
    const addonId = await browser.installExtension(extensionDir);
    const session: FirefoxSession = {
      browser,
      proxy,
      addonId,
      prefs: { ...opts.prefs },
      async close() {
        await browser?.close().catch(() => undefined);
        await proxy.close();
        rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
      },
    };
    return session;
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await proxy.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    throw err;
  }
}
