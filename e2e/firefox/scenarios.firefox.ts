/**
 * The shared end-to-end scenarios (e2e/scenarios/index.ts) in Firefox: the Firefox build in
 * Debian's firefox-esr against the local fake pypi.org (e2e/firefox/session.ts).
 */
import { SCENARIOS } from '../scenarios/index.js';
import { test } from './fixtures.js';

for (const s of SCENARIOS) {
  test.describe(s.id, () => {
    test.use({
      siteSpec: s.site(),
      siteLayout: s.layout ?? 'legacy',
      firefoxPrefs:
        s.backgroundIdleTimeoutMs === undefined
          ? {}
          : { 'extensions.background.idle.timeout': s.backgroundIdleTimeoutMs },
    });

    test(s.title, async ({ driver, site, fakePypi }) => {
      const known = s.knownFailure?.firefox;
      test.fail(known !== undefined, known);
      await s.run({ driver, site, fakePypi });
    });
  });
}
