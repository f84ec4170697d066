// Finds a Chromium-family browser for `npm start` and the e2e suite, and tells whether it
// can load an unpacked extension from the command line. Pure apart from the injected `exists`
// and `run`, so it is unit-tested (find-browser.test.ts).
import { execFileSync } from 'node:child_process';
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

/**
 * From this major version on, Google's branded Chrome (stable, beta, dev, canary) ignores
 * `--load-extension`: it starts, without the extension. Chromium and Chrome for Testing still
 * honour the flag.
 */
export const BRANDED_CHROME_IGNORES_LOAD_EXTENSION = 137;

/** What to use instead, and how to load the extension into Chrome by hand. */
export const USE_CHROMIUM_HINT =
  'Use Chromium (`apt-get install chromium` on Debian/Ubuntu) or Chrome for Testing ' +
  '(`npx @puppeteer/browsers install chrome@stable`) and point CHROME_PATH at it; or load ' +
  'the extension into your Chrome by hand: chrome://extensions → Developer mode → ' +
  'Load unpacked → dist/.';

/**
 * The product and version in a browser's `--version` output, e.g. "Chromium 156.0.8078.129
 * built on Debian", "Google Chrome 138.0.7204.4 beta", "Google Chrome for Testing 137.0.7151.55";
 * undefined when there is no version in it.
 * @param {string} output
 * @returns {{ product: string; version: string; major: number } | undefined}
 */
export function parseBrowserVersion(output) {
  const m = /^\s*(.*?)\s+(\d+)((?:\.\d+)*)\b/m.exec(output);
  if (!m) return undefined;
  const product = (m[1] ?? '').trim();
  if (product === '') return undefined;
  return { product, version: `${m[2]}${m[3]}`, major: Number(m[2]) };
}

/** Google's branded Chrome, by its product name (not Chromium, not Chrome for Testing). */
const isBrandedChromeProduct = (/** @type {string} */ product) =>
  /^Google Chrome\b/i.test(product) && !/\bfor Testing\b/i.test(product);

/** A path that names Google's branded Chrome (google-chrome*, "Google Chrome.app", chrome.exe under Google\Chrome). */
const isBrandedChromePath = (/** @type {string} */ path) =>
  /google-chrome|Google Chrome(?!\s*for Testing)|Google[\\/]Chrome[\\/]/i.test(path) &&
  !/for[ -]testing|chrome-for-testing/i.test(path);

/**
 * Whether the browser at `path` can be started with `--load-extension`, from its `--version`
 * output (undefined when it could not be run or printed nothing useful).
 * - Google Chrome 137 or newer: no (it ignores the flag).
 * - Google Chrome older than 137, Chromium, Chrome for Testing, others: yes.
 * - No version known and a path that names Google Chrome: yes, with a warning.
 * @param {string} path
 * @param {string | undefined} versionOutput
 * @returns {{ ok: true; path: string; product?: string; version?: string; warning?: string } | { ok: false; message: string }}
 */
export function loadExtensionSupport(path, versionOutput) {
  const parsed = versionOutput === undefined ? undefined : parseBrowserVersion(versionOutput);
  if (parsed === undefined) {
    return isBrandedChromePath(path)
      ? {
          ok: true,
          path,
          warning:
            `Could not tell the version of ${path}. If it is Google Chrome ` +
            `${BRANDED_CHROME_IGNORES_LOAD_EXTENSION} or newer, it starts without the extension ` +
            `(it ignores --load-extension). ${USE_CHROMIUM_HINT}`,
        }
      : { ok: true, path };
  }
  const { product, version, major } = parsed;
  if (isBrandedChromeProduct(product) && major >= BRANDED_CHROME_IGNORES_LOAD_EXTENSION) {
    return {
      ok: false,
      message:
        `${path} is ${product} ${version}: Google Chrome ignores --load-extension since version ` +
        `${BRANDED_CHROME_IGNORES_LOAD_EXTENSION}, so it would start without the extension. ` +
        USE_CHROMIUM_HINT,
    };
  }
  return { ok: true, path, product, version };
}

/**
 * Finds the browser (findBrowser) and checks that it loads unpacked extensions from the
 * command line (loadExtensionSupport), running `PATH --version`.
 * @param {import('./find-browser.js').FindBrowserOptions & { run?: (path: string) => string }} [opts]
 * @returns {{ ok: true; path: string; product?: string; version?: string; warning?: string } | { ok: false; message: string }}
 */
export function checkBrowser(opts = {}) {
  const {
    run = (path) =>
      execFileSync(path, ['--version'], {
        encoding: 'utf8',
        timeout: 15_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
  } = opts;
  const found = findBrowser(opts);
  if (!found.ok) return found;
  let output;
  try {
    output = run(found.path);
  } catch {
    output = undefined;
  }
  return loadExtensionSupport(found.path, output);
}
