import { defineConfig } from '@playwright/test';
import { findBrowser } from './scripts/find-browser.js';

const browser = findBrowser();

/**
 * End-to-end tests: the built extension (dist/) in Debian Chromium against a local fake
 * pypi.org, offline. `npm run e2e` builds first. The extension fixtures live in e2e/fixtures.ts;
 * `use.launchOptions` below only matters for a test that asks for Playwright's own `browser`.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // A shared temp dir for the extra extension builds some specs need (built on first use).
  globalSetup: './e2e/global-setup.ts',
  // Each test launches its own Chromium; the machines have 2 cores.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  use: {
    trace: 'retain-on-failure',
    launchOptions: {
      ...(browser.ok ? { executablePath: browser.path } : {}),
      // Same quiet-network flags as e2e/fixtures.ts CHROMIUM_ARGS (toolchain.md).
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
