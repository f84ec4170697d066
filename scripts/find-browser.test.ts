import { describe, expect, it } from 'vitest';
import { CANDIDATES, NOT_FOUND_MESSAGE, findBrowser } from './find-browser.js';

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
