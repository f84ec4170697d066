import { describe, expect, it } from 'vitest';
import { safeHref } from './links.js';

describe('safeHref', () => {
  describe('when the URL is https: to an allow-listed host', () => {
    it.each([
      'https://github.com/pypa/sampleproject',
      'https://github.com/pypa/sampleproject/blob/621e4974ca25ce531773def586ba3ed8e736b3fc/.github/workflows/release.yml',
      'https://gitlab.com/ns/proj/-/commit/0123456789abcdef0123456789abcdef01234567',
      'https://pypi.org/project/sampleproject/',
      'https://test.pypi.org/project/sampleproject/',
      'https://search.sigstore.dev/?logIndex=147137139',
      'https://rekor.sigstore.dev/api/v1/log/entries?logIndex=147137139',
      'https://log2025-1.rekor.sigstore.dev/api/v2/tile/entries/x001/234',
    ])('returns %s', (url) => {
      expect(safeHref(url)).toBe(url);
    });

    it('normalises an uppercase host to lowercase', () => {
      expect(safeHref('https://GitHub.COM/pypa/sampleproject')).toBe(
        'https://github.com/pypa/sampleproject',
      );
      expect(safeHref('HTTPS://LOG2025-1.REKOR.SIGSTORE.DEV/x')).toBe(
        'https://log2025-1.rekor.sigstore.dev/x',
      );
    });

    it('accepts the explicit default port', () => {
      expect(safeHref('https://github.com:443/pypa')).toBe('https://github.com/pypa');
    });
  });

  describe('when the host only looks like an allowed one', () => {
    it.each([
      'https://github.com.evil.com/pypa/sampleproject',
      'https://evil-github.com/pypa/sampleproject',
      'https://evilgithub.com/',
      'https://www.github.com/',
      'https://api.github.com/repos/pypa/sampleproject',
      'https://github.co/',
      'https://github.com./pypa',
      'https://pypi.org.evil.com/',
      'https://rekor.sigstore.dev.evil.com/',
      'https://evilrekor.sigstore.dev/',
      'https://sigstore.dev/',
      'https://xn--gthub-n4a.com/',
      'https://gіthub.com/', // Cyrillic i: the parser turns it into punycode
      'https://xn--log-xyz.rekor.sigstore.dev/',
      'https://a..rekor.sigstore.dev/',
    ])('rejects %s', (url) => {
      expect(safeHref(url)).toBeUndefined();
    });
  });

  describe('when the URL carries credentials', () => {
    it.each([
      'https://github.com@evil.com/',
      'https://user@github.com/pypa',
      'https://user:pass@github.com/pypa',
      'https://github.com:x@evil.com/',
    ])('rejects %s', (url) => {
      expect(safeHref(url)).toBeUndefined();
    });
  });

  describe('when the scheme is not https:', () => {
    it.each([
      'javascript:alert(1)',
      'JavaScript:alert(document.domain)//https://github.com/',
      'http://github.com/pypa/sampleproject',
      'data:text/html,<script>alert(1)</script>',
      'ftp://github.com/',
      'chrome-extension://abc/src/popup/index.html',
      'file:///etc/passwd',
      'blob:https://github.com/uuid',
    ])('rejects %s', (url) => {
      expect(safeHref(url)).toBeUndefined();
    });
  });

  describe('when the URL has a non-default port', () => {
    it.each(['https://github.com:8443/pypa', 'https://rekor.sigstore.dev:1/'])(
      'rejects %s',
      (url) => {
        expect(safeHref(url)).toBeUndefined();
      },
    );
  });

  describe('when the value is not a usable URL', () => {
    it.each([undefined, '', 'github.com/pypa', '/relative/path', 'https://', '  '])(
      'rejects %j',
      (url) => {
        expect(safeHref(url)).toBeUndefined();
      },
    );

    it('rejects absurdly long URLs', () => {
      expect(safeHref(`https://github.com/${'a'.repeat(5000)}`)).toBeUndefined();
    });
  });
});
