/**
 * The shared end-to-end scenarios (e2e/scenarios/index.ts) in Chromium: the same definitions
 * the Firefox suite runs (e2e/firefox/scenarios.firefox.ts), here over the Playwright context
 * of e2e/fixtures.ts. Several overlap with this suite's own specs on purpose: these are the
 * ones every browser must pass, held to one definition.
 */
import { test } from './fixtures.js';
import { ChromiumDriver } from './scenarios/chromium.js';
import { SCENARIOS } from './scenarios/index.js';

// Each test launches its own Chromium: let both workers take them.
test.describe.configure({ mode: 'parallel' });

for (const s of SCENARIOS) {
  test.describe(`shared: ${s.id}`, () => {
    test.use({ siteSpec: s.site(), siteLayout: s.layout ?? 'legacy' });

    test(s.title, async ({ context, extensionId, site, fakePypi }) => {
      const known = s.knownFailure?.chromium;
      test.fail(known !== undefined, known);
      await s.run({ driver: new ChromiumDriver(context, extensionId), site, fakePypi });
    });
  });
}
