import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures.js';
import type { MessageName, Request, SendFn } from '../shared/messages.js';
import type { DistributionCheck } from '../shared/view-model.js';
import { sha256OfFile } from './hash.js';
import { createCheckStore, distributionFilename, type CheckState } from './store.js';

const SDIST = 'pypi_attestations-0.0.19.tar.gz';
const REAL_SHA = '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3';

/** A chosen file: real bytes, as the page's File would give them. */
type Chosen = Blob & { name: string };
const chosen = (name: string, bytes: Uint8Array): Chosen =>
  Object.assign(new Blob([bytes as Uint8Array<ArrayBuffer>]), { name });
const sdistBytes = () =>
  new Uint8Array(readFixture(`attestations/pypi-attestations-0.0.19/${SDIST}`));

/** A fake background that records what it was sent and answers checkDistribution. */
function fakeBackground(answer?: (req: Request<'checkDistribution'>) => DistributionCheck) {
  const sent: { type: MessageName; payload: unknown }[] = [];
  const send = (async (type: MessageName, payload: unknown) => {
    sent.push({ type, payload });
    if (type === 'checkDistribution') {
      const req = payload as Request<'checkDistribution'>;
      if (!answer) throw new Error('the extension background did not answer');
      return answer(req);
    }
    if (type === 'getInfo') throw new Error('no info');
    throw new Error(`unexpected ${type}`);
  }) as SendFn;
  return { send, sent };
}

const verified = (req: Request<'checkDistribution'>): DistributionCheck => ({
  index: req.index,
  project: 'pypi-attestations',
  version: '0.0.19',
  filename: req.filename,
  sha256: req.sha256,
  listed: { status: 'same' },
  result: {
    filename: req.filename,
    sha256: req.sha256,
    state: 'none',
    code: 'NO_PROVENANCE',
    message: '',
  },
});

/** Resolves once the store's state satisfies `done`. */
function until(
  store: { getState(): CheckState; subscribe(l: () => void): () => void },
  done: (s: CheckState) => boolean,
) {
  return new Promise<CheckState>((resolve) => {
    if (done(store.getState())) return resolve(store.getState());
    const stop = store.subscribe(() => {
      if (done(store.getState())) {
        stop();
        resolve(store.getState());
      }
    });
  });
}

const settled = (s: CheckState) =>
  s.entries.length > 0 &&
  s.entries.every((e) => !['queued', 'hashing', 'checking'].includes(e.stage.kind));

describe('the check page store', () => {
  describe('when a distribution is chosen', () => {
    it('hashes it here and sends only its name and SHA-256 to the background', async () => {
      const bg = fakeBackground(verified);
      const store = createCheckStore<Chosen>({ send: bg.send, hash: sha256OfFile });
      store.add([chosen(SDIST, sdistBytes())]);
      const state = await until(store, settled);
      expect(state.entries[0]?.stage).toMatchObject({ kind: 'done', sha256: REAL_SHA });
      expect(bg.sent).toEqual([
        {
          type: 'checkDistribution',
          payload: { index: 'https://pypi.org', filename: SDIST, sha256: REAL_SHA },
        },
      ]);
    });

    it('checks again on another index without hashing again', async () => {
      const bg = fakeBackground(verified);
      let hashes = 0;
      const store = createCheckStore<Chosen>({
        send: bg.send,
        hash: (file: Chosen, options) => {
          hashes++;
          return sha256OfFile(file, options);
        },
      });
      store.add([chosen(SDIST, sdistBytes())]);
      await until(store, settled);
      store.setIndex('https://test.pypi.org');
      const state = await until(
        store,
        (s) =>
          s.entries[0]?.stage.kind === 'done' &&
          s.entries[0].stage.check.index === 'https://test.pypi.org',
      );
      expect(state.index).toBe('https://test.pypi.org');
      expect(hashes).toBe(1);
    });
  });

  describe('when several files are dropped', () => {
    it('hashes them one at a time and lists the newest first', async () => {
      const bg = fakeBackground(verified);
      let running = 0;
      let most = 0;
      const store = createCheckStore<Chosen>({
        send: bg.send,
        hash: async (file: Chosen, options) => {
          running++;
          most = Math.max(most, running);
          try {
            return await sha256OfFile(file, options);
          } finally {
            running--;
          }
        },
      });
      store.add([
        chosen('a-1.0.tar.gz', new Uint8Array([1])),
        chosen('b-1.0.tar.gz', new Uint8Array([2])),
      ]);
      const state = await until(store, settled);
      expect(most).toBe(1);
      expect(state.entries.map((e) => e.name)).toEqual(['b-1.0.tar.gz', 'a-1.0.tar.gz']);
    });
  });

  describe('when a file is not a distribution', () => {
    it('says why and neither hashes nor sends anything', async () => {
      const bg = fakeBackground(verified);
      let hashed = false;
      const store = createCheckStore<Chosen>({
        send: bg.send,
        hash: async () => {
          hashed = true;
          return { sha256: '', bytes: 0 };
        },
      });
      store.add([chosen('notes.txt', new Uint8Array([1]))]);
      const state = await until(store, settled);
      expect(state.entries[0]?.stage).toEqual({
        kind: 'not-distribution',
        reason: 'unknown distribution format: "notes.txt"',
      });
      expect(hashed).toBe(false);
      expect(bg.sent).toEqual([]);
    });
  });

  describe('when a file cannot be read', () => {
    it('says so in words and goes on with the next file', async () => {
      const bg = fakeBackground(verified);
      const store = createCheckStore<Chosen>({
        send: bg.send,
        hash: async (file: Chosen, options) => {
          if (file.name.startsWith('gone')) throw new DOMException('x', 'NotFoundError');
          return sha256OfFile(file, options);
        },
      });
      store.add([chosen('gone-1.0.tar.gz', new Uint8Array([1])), chosen(SDIST, sdistBytes())]);
      const state = await until(store, settled);
      const gone = state.entries.find((e) => e.name.startsWith('gone'));
      expect(gone?.stage).toEqual({
        kind: 'unreadable',
        reason: 'the file is no longer there: it was moved or deleted after it was chosen',
      });
      expect(state.entries.find((e) => e.name === SDIST)?.stage.kind).toBe('done');
    });
  });

  describe('when the background does not answer', () => {
    it('keeps the digest and checks again on retry', async () => {
      const answering: { answer?: typeof verified } = {};
      const sent: unknown[] = [];
      const send = (async (type: MessageName, payload: unknown) => {
        if (type !== 'checkDistribution') throw new Error('x');
        sent.push(payload);
        if (!answering.answer) throw new Error('the extension background did not answer');
        return answering.answer(payload as Request<'checkDistribution'>);
      }) as SendFn;
      const store = createCheckStore<Chosen>({ send, hash: sha256OfFile });
      store.add([chosen(SDIST, sdistBytes())]);
      const state = await until(store, settled);
      expect(state.entries[0]?.stage).toMatchObject({
        kind: 'failed-request',
        sha256: REAL_SHA,
        message: 'the extension background did not answer',
      });
      answering.answer = verified;
      store.retry(state.entries[0]?.id ?? 0);
      const after = await until(store, (s) => s.entries[0]?.stage.kind === 'done');
      expect(after.entries[0]?.stage).toMatchObject({ kind: 'done', sha256: REAL_SHA });
      expect(sent).toHaveLength(2);
    });
  });
});

describe('distributionFilename', () => {
  it('keeps a distribution name as it is', () => {
    expect(distributionFilename(SDIST)).toEqual({ ok: true, filename: SDIST });
  });
  it('drops the " (1)" a browser adds to a second download', () => {
    expect(distributionFilename('sampleproject-4.0.0-py3-none-any (1).whl')).toEqual({
      ok: true,
      filename: 'sampleproject-4.0.0-py3-none-any.whl',
    });
  });
  it('says why another name is not a distribution', () => {
    expect(distributionFilename('setup.py')).toMatchObject({ ok: false });
    expect(distributionFilename('x (1).whl')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('invalid wheel filename'),
    });
  });
});
