import { describe, expect, it } from 'vitest';
import {
  FIREFOX_CANDIDATES,
  FIREFOX_MIN_VERSION,
  FIREFOX_NOT_FOUND_MESSAGE,
  checkFirefox,
  compareVersions,
  findFirefox,
  parseFirefoxVersion,
} from './find-firefox.js';

const only =
  (...present: string[]) =>
  (path: string): boolean =>
    present.includes(path);

describe('findFirefox', () => {
  it('prefers FIREFOX_PATH, and reports it when it does not exist', () => {
    const exists = only('/opt/ff/firefox', '/usr/bin/firefox-esr');
    expect(findFirefox({ env: { FIREFOX_PATH: '/opt/ff/firefox' }, exists })).toEqual({
      ok: true,
      path: '/opt/ff/firefox',
    });
    const missing = findFirefox({ env: { FIREFOX_PATH: '/nowhere/ff' }, exists });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.message).toContain('FIREFOX_PATH is set to /nowhere/ff');
  });

  it("prefers Debian's firefox-esr, then firefox; says how to install when none", () => {
    expect(findFirefox({ env: {}, exists: only(...FIREFOX_CANDIDATES) })).toEqual({
      ok: true,
      path: '/usr/bin/firefox-esr',
    });
    expect(findFirefox({ env: {}, exists: only('/usr/bin/firefox') })).toEqual({
      ok: true,
      path: '/usr/bin/firefox',
    });
    expect(findFirefox({ env: {}, exists: () => false })).toEqual({
      ok: false,
      message: FIREFOX_NOT_FOUND_MESSAGE,
    });
    expect(FIREFOX_NOT_FOUND_MESSAGE).toContain('apt-get install -y firefox-esr');
  });
});

describe('versions', () => {
  it('reads `firefox --version` output', () => {
    expect(parseFirefoxVersion('Mozilla Firefox 153.8.0esr\n')).toBe('153.8.0');
    expect(parseFirefoxVersion('Mozilla Firefox 142.0')).toBe('142.0');
    expect(parseFirefoxVersion('something else')).toBeUndefined();
  });

  it('compares numerically, missing parts as 0', () => {
    expect(compareVersions('153.8.0', '142.0')).toBeGreaterThan(0);
    expect(compareVersions('140.12.0', '142.0')).toBeLessThan(0);
    expect(compareVersions('142', '142.0.0')).toBe(0);
    expect(compareVersions('99.0', '142.0')).toBeLessThan(0);
  });
});

describe('checkFirefox', () => {
  const exists = only('/usr/bin/firefox-esr');

  it('accepts a Firefox at least as new as strict_min_version', () => {
    expect(checkFirefox({ env: {}, exists, run: () => 'Mozilla Firefox 153.8.0esr\n' })).toEqual({
      ok: true,
      path: '/usr/bin/firefox-esr',
      version: '153.8.0',
    });
  });

  it("refuses bookworm's main-archive 140 ESR, saying what to do", () => {
    const result = checkFirefox({ env: {}, exists, run: () => 'Mozilla Firefox 140.12.0esr' });
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message).toContain(`older than the ${FIREFOX_MIN_VERSION}`);
    expect(message).toContain('bookworm-security');
  });

  it('reports a binary that fails or prints no version', () => {
    const failing = checkFirefox({
      env: {},
      exists,
      run: () => {
        throw new Error('no display');
      },
    });
    expect(failing.ok ? '' : failing.message).toContain('--version failed: no display');
    const odd = checkFirefox({ env: {}, exists, run: () => 'hello' });
    expect(odd.ok ? '' : odd.message).toContain('printed no Firefox version');
  });
});
