// Finds Firefox for `npm run start:firefox`, the Firefox e2e suite and CI, and checks that it
// is recent enough for the Firefox build. Pure apart from the injected `exists` / `run`, so it
// is unit-tested (find-firefox.test.ts).
//
//   node scripts/find-firefox.js --check   → prints `PATH VERSION`, exit 1 (with the reason)
//                                            when Firefox is missing or older than required
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The oldest Firefox the build supports: `browser_specific_settings.gecko.strict_min_version`
 * in the Firefox manifest (vite.config.ts reads it from here). 142 is the first release that
 * understands `data_collection_permissions`.
 */
export const FIREFOX_MIN_VERSION = '142.0';

/** Where Debian/Ubuntu and Mozilla's packages put Firefox, in order of preference. */
export const FIREFOX_CANDIDATES = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/usr/lib/firefox-esr/firefox-esr',
  '/usr/lib/firefox/firefox',
  '/opt/firefox/firefox',
];

export const FIREFOX_NOT_FOUND_MESSAGE =
  'No Firefox found. Install it with `apt-get update && apt-get install -y firefox-esr` ' +
  '(Debian 12: version 153 ESR comes from bookworm-security, the main archive has 140) ' +
  'or set FIREFOX_PATH=/path/to/firefox';

/**
 * `FIREFOX_PATH` when set (it must exist: a mistyped path is reported, not silently replaced),
 * else the first existing candidate.
 * @param {{ env?: Record<string, string | undefined>; exists?: (path: string) => boolean; candidates?: readonly string[] }} [opts]
 * @returns {{ ok: true; path: string } | { ok: false; message: string }}
 */
export function findFirefox(opts = {}) {
  const { env = process.env, exists = existsSync, candidates = FIREFOX_CANDIDATES } = opts;
  const fromEnv = env.FIREFOX_PATH?.trim();
  if (fromEnv) {
    return exists(fromEnv)
      ? { ok: true, path: fromEnv }
      : {
          ok: false,
          message: `FIREFOX_PATH is set to ${fromEnv}, which does not exist: unset it or point it at a Firefox binary.`,
        };
  }
  const path = candidates.find((candidate) => exists(candidate));
  return path === undefined
    ? { ok: false, message: FIREFOX_NOT_FOUND_MESSAGE }
    : { ok: true, path };
}

/**
 * The version in `firefox --version` output ("Mozilla Firefox 153.8.0esr" → "153.8.0"), or
 * undefined.
 * @param {string} output
 * @returns {string | undefined}
 */
export function parseFirefoxVersion(output) {
  return /\bFirefox\s+(\d+(?:\.\d+)*)/.exec(output)?.[1];
}

/**
 * Compares dotted versions numerically (missing parts are 0): negative, 0 or positive.
 * @param {string} a
 * @param {string} b
 */
export function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Finds Firefox and checks its version against `min`.
 * @param {{ env?: Record<string, string | undefined>; exists?: (path: string) => boolean; run?: (path: string) => string; min?: string }} [opts]
 * @returns {{ ok: true; path: string; version: string } | { ok: false; message: string }}
 */
export function checkFirefox(opts = {}) {
  const { run = (path) => execFileSync(path, ['--version'], { encoding: 'utf8' }) } = opts;
  const min = opts.min ?? FIREFOX_MIN_VERSION;
  const found = findFirefox(opts);
  if (!found.ok) return found;
  let output;
  try {
    output = run(found.path);
  } catch (err) {
    return {
      ok: false,
      message: `${found.path} --version failed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const version = parseFirefoxVersion(output);
  if (version === undefined) {
    return {
      ok: false,
      message: `${found.path} --version printed no Firefox version: ${JSON.stringify(output.trim())}`,
    };
  }
  if (compareVersions(version, min) < 0) {
    return {
      ok: false,
      message:
        `${found.path} is Firefox ${version}, older than the ${min} the Firefox build requires ` +
        '(strict_min_version). On Debian 12 enable the bookworm-security archive and run ' +
        '`apt-get update && apt-get install -y firefox-esr` (153 ESR), or set FIREFOX_PATH.',
    };
  }
  return { ok: true, path: found.path, version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--check')) {
    console.error('usage: node scripts/find-firefox.js --check');
    process.exit(2);
  }
  const result = checkFirefox();
  if (!result.ok) {
    console.error(result.message);
    process.exit(1);
  }
  console.log(`${result.path} ${result.version} (>= ${FIREFOX_MIN_VERSION})`);
}
