import { describe, expect, it } from 'vitest';
import { PypiError } from '../core/errors.js';
import { RequestError, type Handlers } from '../shared/messages.js';
import { MESSAGE_NAMES } from '../shared/requests.js';
import { dispatch, wireError } from './dispatch.js';

/** Handlers that answer with their own name, or throw what `throws` says. */
function handlers(throws?: unknown): Handlers {
  return new Proxy({} as Handlers, {
    get: (_t, name) => async (req: unknown) => {
      if (throws !== undefined) throw throws;
      return { name, req };
    },
  });
}

const PAGE = { context: 'extension' } as const;
const LIST = { index: 'https://pypi.org', project: 'sampleproject', version: '4.0.0' };

describe('dispatch', () => {
  describe('when the message is not of our protocol', () => {
    it.each([
      ['a string', 'hello'],
      ['null', null],
      ['no type', { payload: {} }],
      ['an unknown type', { type: 'evalSomething', payload: {} }],
      ['a prototype name', { type: 'constructor', payload: {} }],
      ['a type of another kind', { type: 42, payload: {} }],
    ])('sends no answer (%s)', (_what, message) => {
      expect(dispatch(handlers(), message, PAGE)).toBeUndefined();
    });
  });

  describe('when the payload breaks its schema', () => {
    it.each([
      ['no payload', { type: 'listRelease' }],
      [
        'another index',
        { type: 'listRelease', payload: { ...LIST, index: 'https://evil.example' } },
      ],
      ['an empty project', { type: 'checkFile', payload: { ...LIST, project: '', filename: 'f' } }],
      ['a huge filename', { type: 'checkFile', payload: { ...LIST, filename: 'x'.repeat(600) } }],
      ['a tab id of the wrong type', { type: 'getTabState', payload: { tabId: '7' } }],
      ['an unknown memory action', { type: 'memoryAction', payload: { ...LIST, action: 'own' } }],
      ['a payload for an empty request', { type: 'clearCaches', payload: { all: true } }],
      ['a huge import', { type: 'importMemory', payload: { text: 'x'.repeat(2_000_001) } }],
      // The TUF proxy fetches only the repository's own files, of bounded size.
      [
        'a path outside the TUF repository',
        { type: 'fetchTuf', payload: { path: '../x', maxLength: 9 } },
      ],
      [
        'another host',
        { type: 'fetchTuf', payload: { path: '//evil.example/1.root.json', maxLength: 9 } },
      ],
      [
        'another TUF file',
        { type: 'fetchTuf', payload: { path: 'targets/other.json', maxLength: 9 } },
      ],
      [
        'a huge TUF file',
        { type: 'fetchTuf', payload: { path: 'timestamp.json', maxLength: 5_000_001 } },
      ],
      ['an unknown refresh field', { type: 'setTrustRefresh', payload: { root: '{}' } }],
    ])('answers BAD_REQUEST without calling a handler (%s)', async (_what, message) => {
      const reply = await dispatch(handlers(new Error('called')), message, PAGE);
      expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    });

    it("says a size limit's own words", async () => {
      const reply = await dispatch(
        handlers(),
        { type: 'importMemory', payload: { text: 'x'.repeat(2_000_001) } },
        PAGE,
      );
      expect(reply).toMatchObject({
        error: { message: 'The file is too large to be an identities file.' },
      });
    });
  });

  it('hands a valid request and its sender to the handler, and answers with its value', async () => {
    const reply = await dispatch(
      handlers(),
      { type: 'listRelease', payload: LIST },
      { context: 'extension' },
    );
    expect(reply).toEqual({ ok: true, value: { name: 'listRelease', req: LIST } });
  });

  it('keeps the index reason of a PypiError and the code of a RequestError', async () => {
    const message = { type: 'listRelease', payload: LIST };
    expect(
      await dispatch(handlers(new PypiError('RATE_LIMITED', 'slow down')), message, PAGE),
    ).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } });
    expect(await dispatch(handlers(new RequestError('FORBIDDEN', 'no')), message, PAGE)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'no' },
    });
  });

  it('answers INTERNAL_ERROR for any other fault, even one claiming a code', async () => {
    const claimed = Object.assign(new Error('x'), { code: 'verified' });
    expect(wireError(claimed)).toEqual({ code: 'INTERNAL_ERROR', message: 'x' });
    expect(wireError('text')).toEqual({ code: 'INTERNAL_ERROR', message: 'text' });
  });
});

describe('the protocol', () => {
  it('names every message exactly once, from the schemas', () => {
    expect([...MESSAGE_NAMES].sort()).toEqual(
      [
        'checkDistribution',
        'checkFile',
        'checkFiles',
        'clearCaches',
        'getAnalysis',
        'getInfo',
        'getTabState',
        'getTimeline',
        'importMemory',
        'listMemory',
        'listRelease',
        'memoryAction',
        'releaseDownloads',
        'verifyProvenance',
        'getTrustRefresh',
        'setTrustRefresh',
        'fetchTuf',
      ].sort(),
    );
  });
});
