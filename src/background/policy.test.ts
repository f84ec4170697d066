import { describe, expect, it } from 'vitest';
import type { MessageName, Request, Sender } from '../shared/messages.js';
import { authorize } from './policy.js';

const PAGE_URL = 'https://pypi.org/project/sampleproject/4.0.0/';
const content: Sender = { context: 'content', tabId: 7, url: PAGE_URL };
const own = { index: 'https://pypi.org', project: 'sampleproject', version: '4.0.0' };

const check =
  <K extends MessageName>(type: K, payload: Request<K>, sender = content) =>
  () =>
    authorize(type, payload, sender);

describe('authorize', () => {
  describe('for the extension’s own pages', () => {
    it('allows every message', () => {
      const popup: Sender = { context: 'extension', url: 'chrome-extension://x/popup.html' };
      expect(check('listMemory', {}, popup)).not.toThrow();
      expect(check('getTabState', { tabId: 3 }, popup)).not.toThrow();
      expect(
        check('memoryAction', { action: 'forget', index: own.index, project: 'x' }, popup),
      ).not.toThrow();
    });
  });

  describe('for a content script', () => {
    it('allows the read-only questions about its own release', () => {
      expect(check('listRelease', own)).not.toThrow();
      expect(check('listRelease', { ...own, force: true, views: true })).not.toThrow();
      expect(check('checkFile', { ...own, filename: 'sampleproject-4.0.0.tar.gz' })).not.toThrow();
      expect(
        check('checkFiles', { ...own, filenames: ['sampleproject-4.0.0.tar.gz'] }),
      ).not.toThrow();
      expect(check('getAnalysis', own)).not.toThrow();
      // The URL's project as PyPI spells it, and the version in another PEP 440 spelling.
      expect(
        check('listRelease', { ...own, project: 'SampleProject', version: '4.0.0.0' }),
      ).not.toThrow();
    });

    it.each([
      ['memoryAction', { action: 'pin', ...own }],
      ['importMemory', { text: '{}' }],
      ['listMemory', {}],
      ['clearCaches', {}],
      ['getTabState', { tabId: 8 }],
      ['getTimeline', own],
      ['verifyProvenance', { filename: 'f', sha256: 'a', provenance: {} }],
      ['getInfo', {}],
      ['getTrustRefresh', {}],
      ['setTrustRefresh', { enabled: true }],
      ['fetchTuf', { path: 'timestamp.json', maxLength: 100 }],
    ] as const)('refuses %s', (type, payload) => {
      expect(check(type, payload as never)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it.each([
      ['another project', { ...own, project: 'requests' }],
      ['another index', { ...own, index: 'https://test.pypi.org' }],
      ['another version of a versioned page', { ...own, version: '3.0.0' }],
      ['another tab', { ...own, tabId: 8 }],
    ])('refuses a listing of %s', (_what, payload) => {
      expect(check('listRelease', payload)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      const files = { ...payload, version: payload.version ?? '4.0.0', filenames: ['f'] };
      expect(check('checkFiles', files)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('allows any version of its project on a page without one (the latest release)', () => {
      const bare: Sender = { ...content, url: 'https://pypi.org/project/sampleproject/' };
      expect(check('listRelease', { ...own, version: '3.0.0' }, bare)).not.toThrow();
      expect(check('listRelease', { ...own, project: 'other' }, bare)).toThrow();
    });

    it('refuses everything from a page that is not a project page, or from no tab', () => {
      const search: Sender = { ...content, url: 'https://pypi.org/search/?q=sampleproject' };
      expect(check('listRelease', own, search)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
      const noTab: Sender = { context: 'content', url: PAGE_URL };
      expect(check('listRelease', own, noTab)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
    });
  });
});
