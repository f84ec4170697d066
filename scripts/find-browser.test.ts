import { describe, expect, it } from 'vitest';
import {
  BRANDED_CHROME_IGNORES_LOAD_EXTENSION,
  CANDIDATES,
  NOT_FOUND_MESSAGE,
  USE_CHROMIUM_HINT,
  checkBrowser,
  findBrowser,
  parseBrowserVersion,
} from './find-browser.js';

const only =
  (...present: string[]) =>
  (path: string): boolean =>
    present.includes(path);

describe('findBrowser', () => {
  describe('when CHROME_PATH is set', () => {
    it('returns it when it exists, ahead of the default locations', () => {
      const exists = only('/opt/chrome/chrome', '/usr/bin/chromium');
      expect(findBrowser({ env: { CHROME_PATH: '/opt/chrome/chrome' }, exists })).toEqual({
        ok: true,
        path: '/opt/chrome/chrome',
      });
    });

    it('reports a path that does not exist instead of falling back', () => {
      const result = findBrowser({
        env: { CHROME_PATH: '/nowhere/chrome' },
        exists: only('/usr/bin/chromium'),
      });
      expect(result).toEqual({
        ok: false,
        message:
          'CHROME_PATH is set to /nowhere/chrome, which does not exist: unset it or point it at a Chromium or Chrome binary.',
      });
    });

    it('ignores an empty value', () => {
      const result = findBrowser({ env: { CHROME_PATH: '  ' }, exists: only('/usr/bin/chromium') });
      expect(result).toEqual({ ok: true, path: '/usr/bin/chromium' });
    });
  });

  describe('when CHROME_PATH is not set', () => {
    it('prefers Debian chromium', () => {
      expect(findBrowser({ env: {}, exists: only(...CANDIDATES) })).toEqual({
        ok: true,
        path: '/usr/bin/chromium',
      });
    });

    it.each([
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
    ])('finds %s', (path) => {
      expect(findBrowser({ env: {}, exists: only(path) })).toEqual({ ok: true, path });
    });

    it('asks for chromium or CHROME_PATH when nothing is installed', () => {
      const result = findBrowser({ env: {}, exists: () => false });
      expect(result).toEqual({ ok: false, message: NOT_FOUND_MESSAGE });
      expect(NOT_FOUND_MESSAGE).toContain('apt-get install chromium');
      expect(NOT_FOUND_MESSAGE).toContain('CHROME_PATH=');
    });
  });
});

describe('parseBrowserVersion', () => {
  it.each([
    [
      'Chromium 156.0.8078.129 built on Debian GNU/Linux 12 (bookworm)\n',
      'Chromium',
      '156.0.8078.129',
      156,
    ],
    ['Google Chrome 137.0.7151.55 \n', 'Google Chrome', '137.0.7151.55', 137],
    ['Google Chrome 138.0.7204.4 beta\n', 'Google Chrome', '138.0.7204.4', 138],
    [
      'Google Chrome for Testing 137.0.7151.55\n',
      'Google Chrome for Testing',
      '137.0.7151.55',
      137,
    ],
    ['Chromium 137.0.7151.55 snap\n', 'Chromium', '137.0.7151.55', 137],
    ['Microsoft Edge 137.0.3296.52\n', 'Microsoft Edge', '137.0.3296.52', 137],
  ])('%j', (output, product, version, major) => {
    expect(parseBrowserVersion(output)).toEqual({ product, version, major });
  });

  it.each(['', '\n', 'not a browser', '137.0.7151.55'])('nothing in %j', (output) => {
    expect(parseBrowserVersion(output)).toBeUndefined();
  });
});

describe('checkBrowser', () => {
  const at = (path: string, output: string | Error) => ({
    env: { CHROME_PATH: path },
    exists: only(path),
    run: (p: string) => {
      expect(p).toBe(path);
      if (output instanceof Error) throw output;
      return output;
    },
  });

  it('accepts Chromium', () => {
    expect(
      checkBrowser(at('/usr/bin/chromium', 'Chromium 156.0.8078.129 built on Debian GNU/Linux 12')),
    ).toEqual({
      ok: true,
      path: '/usr/bin/chromium',
      product: 'Chromium',
      version: '156.0.8078.129',
    });
  });

  it.each([
    ['/usr/bin/google-chrome', 'Google Chrome 137.0.7151.55 '],
    ['/usr/bin/google-chrome-stable', 'Google Chrome 141.0.7390.54 '],
    ['/usr/bin/google-chrome-beta', 'Google Chrome 142.0.7444.3 beta'],
    // A Chromium-looking path that is Google Chrome after all: the version output decides.
    ['/usr/local/bin/chromium', 'Google Chrome 150.0.1.2'],
  ])('refuses %s printing %j, and says what to use instead', (path, output) => {
    const result = checkBrowser(at(path, output));
    expect(result.ok).toBe(false);
    const { message } = result as { message: string };
    expect(message).toContain(`${path} is Google Chrome`);
    expect(message).toContain(`since version ${BRANDED_CHROME_IGNORES_LOAD_EXTENSION}`);
    expect(message).toContain(USE_CHROMIUM_HINT);
    expect(USE_CHROMIUM_HINT).toMatch(/Chromium/);
    expect(USE_CHROMIUM_HINT).toMatch(/Chrome for Testing/);
    expect(USE_CHROMIUM_HINT).toMatch(/Load unpacked/);
  });

  it.each([
    ['/usr/bin/google-chrome', 'Google Chrome 136.0.7103.113 ', 'Google Chrome', '136.0.7103.113'],
    [
      '/opt/chrome-for-testing/chrome',
      'Google Chrome for Testing 141.0.7390.54',
      'Google Chrome for Testing',
      '141.0.7390.54',
    ],
    // A path that names Google Chrome, but the browser says it is Chromium.
    ['/usr/bin/google-chrome', 'Chromium 156.0.8078.129', 'Chromium', '156.0.8078.129'],
  ])('accepts %s printing %j', (path, output, product, version) => {
    expect(checkBrowser(at(path, output))).toEqual({ ok: true, path, product, version });
  });

  it('warns when a Google Chrome path prints no version', () => {
    const path = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const result = checkBrowser(at(path, new Error('spawn failed')));
    expect(result).toMatchObject({ ok: true, path });
    expect((result as { warning?: string }).warning).toContain(
      `Google Chrome ${BRANDED_CHROME_IGNORES_LOAD_EXTENSION} or newer`,
    );
  });

  it('neither warns nor refuses another browser whose version is unknown', () => {
    expect(checkBrowser(at('/usr/bin/chromium', ''))).toEqual({
      ok: true,
      path: '/usr/bin/chromium',
    });
    expect(checkBrowser(at('/opt/Google Chrome for Testing/chrome', 'oops'))).toEqual({
      ok: true,
      path: '/opt/Google Chrome for Testing/chrome',
    });
  });

  it('passes on what findBrowser could not find', () => {
    expect(checkBrowser({ env: {}, exists: () => false, run: () => '' })).toEqual({
      ok: false,
      message: NOT_FOUND_MESSAGE,
    });
  });
});
