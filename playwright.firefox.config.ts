import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Firefox: the Firefox build (dist-firefox/) in Debian's firefox-esr,
 * driven by puppeteer-core over WebDriver BiDi (e2e/firefox/session.ts), against the same
 * local fake pypi.org and the same scenarios (e2e/scenarios/index.ts) as the Chromium suite
 * (docs/firefox.md).
 * Playwright is only the test runner here: each test launches its own Firefox.
 * `npm run e2e:firefox` builds first.
 */
export default defineConfig({
  testDir: 'e2e/firefox',
  testMatch: '*.firefox.ts',
  workers: 2,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // A Firefox starts in each test (~4 s idle, ~8 s on a loaded 2-core machine).
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  // Apart from the Chromium suite's, which a Firefox run would otherwise clear.
  outputDir: 'test-results/firefox',
});
