// Finds a Chromium-family browser for `npm start` and the e2e suite. Pure apart from the
// injected `exists`, so it is unit-tested (find-browser.test.ts).
import { existsSync } from 'node:fs';

/** Where Debian/Ubuntu (and Google's packages) put the browser, in order of preference. */
export const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

export const NOT_FOUND_MESSAGE =
  'No Chromium found. Install it with `apt-get install chromium` (Debian/Ubuntu) or set CHROME_PATH=/path/to/chrome';

/**
 * `CHROME_PATH` when set (it must exist: a mistyped path is reported, not silently replaced),
 * else the first existing candidate.
 * @param {{ env?: Record<string, string | undefined>; exists?: (path: string) => boolean; candidates?: readonly string[] }} [opts]
 * @returns {{ ok: true; path: string } | { ok: false; message: string }}
 */
export function findBrowser(opts = {}) {
  const { env = process.env, exists = existsSync, candidates = CANDIDATES } = opts;
  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    return exists(fromEnv)
      ? { ok: true, path: fromEnv }
      : {
          ok: false,
          message: `CHROME_PATH is set to ${fromEnv}, which does not exist: unset it or point it at a Chromium or Chrome binary.`,
        };
  }
  const path = candidates.find((candidate) => exists(candidate));
  return path === undefined ? { ok: false, message: NOT_FOUND_MESSAGE } : { ok: true, path };
}
