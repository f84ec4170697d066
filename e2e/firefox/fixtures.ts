/**
 * Playwright fixtures for the Firefox suite: the site and the fake pypi.org of the Chromium
 * suite (e2e/fixtures.ts: `siteSpec`, `siteLayout`, `site`, `fakePypi`), plus a Firefox with
 * the Firefox build installed (session.ts) and the shared scenarios' driver over it.
 *
 * - `firefoxPrefs` (option): extra prefs, e.g. `extensions.background.idle.timeout`.
 * - `firefox`: a fresh Firefox (profile, proxy) for the test, closed afterwards.
 * - `driver`: the ExtensionDriver (e2e/scenarios/driver.ts) over it.
 */
import { test as base } from '../fixtures.js';
import { FirefoxDriver } from './driver.js';
import { launchFirefox, type FirefoxSession } from './session.js';

export interface FirefoxFixtures {
  firefoxPrefs: Record<string, string | number | boolean>;
  firefox: FirefoxSession;
  driver: FirefoxDriver;
}

export const test = base.extend<FirefoxFixtures>({
  firefoxPrefs: [{}, { option: true }],

  firefox: async ({ fakePypi, firefoxPrefs }, use) => {
    const session = await launchFirefox({ fakePort: fakePypi.port, prefs: firefoxPrefs });
    try {
      await use(session);
    } finally {
      await session.close();
    }
  },

  driver: async ({ firefox }, use) => {
    await use(new FirefoxDriver(firefox));
  },
});

export { expect } from '@playwright/test';
