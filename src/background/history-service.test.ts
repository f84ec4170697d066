import { nodeVerifier } from '../../test/node-verifier.js';
import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../test/fixtures.js';
import type { FetchLike } from '../core/pypi/http.js';
import { memoryStore } from './cache.js';
import { HistoryService } from './history-service.js';
import { MemoryStore } from './memory-store.js';
import { ReleaseService } from './release-service.js';

const INDEX = 'https://pypi.org';
const RELEASE = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
const SIMPLE = readFixtureText('pypi-api/simple-api/SYNTHETIC.sampleproject.simple.v1.json');
const PROVENANCE = readFixtureText(
  'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
);
const NEG03 = readFixtureText(
  'attestations/negative/neg03-publisher-repository-mismatch.sampleproject-4.0.0.tar.gz.provenance',
);

function setup(routes: { sdist?: string } = {}) {
  const log: string[] = [];
  const fetch: FetchLike = async (url) => {
    log.push(url);
    if (url.endsWith('/simple/sampleproject/')) return new Response(SIMPLE);
    if (url.endsWith('/pypi/sampleproject/4.0.0/json')) return new Response(RELEASE);
    if (url.endsWith('/sampleproject-4.0.0.tar.gz/provenance'))
      return new Response(routes.sdist ?? PROVENANCE);
    return new Response('{"message":"Not Found"}', { status: 404 });
  };
  const service = new ReleaseService({
    fetch,
    store: memoryStore(),
    trustKey: 't',
    verifier: nodeVerifier,
  });
  return { log, service };
}

describe('HistoryService', () => {
  it('builds the timeline from the Simple API, one file per release (the sdist)', async () => {
    const { service } = setup();
    const history = new HistoryService(service, new MemoryStore(memoryStore()));
    const t = await history.timeline(INDEX, 'sampleproject');
    expect(t.entries.map((e) => [e.version, e.filename, e.result.state])).toEqual([
      ['4.0.0', 'sampleproject-4.0.0.tar.gz', 'verified'],
    ]);
    expect(t.entries[0]?.identity?.repository).toBe('https://github.com/pypa/sampleproject');
  });

  it('remembers the first identity and keeps quiet while it stays', async () => {
    const { service } = setup();
    const memories = new MemoryStore(memoryStore());
    const history = new HistoryService(service, memories);
    const files = [
      await service.checkFile(INDEX, 'sampleproject', '4.0.0', 'sampleproject-4.0.0.tar.gz'),
    ];
    const first = await history.analyse(INDEX, 'sampleproject', '4.0.0', files);
    expect(first.alerts).toEqual([]);
    expect(first.memory?.seen).toHaveLength(1);
    const again = await history.analyse(INDEX, 'sampleproject', '4.0.0', files);
    expect(again.alerts).toEqual([]);
  });

  it('flags a release without provenance after one with provenance was seen, and a pin violation', async () => {
    const { service } = setup();
    const memories = new MemoryStore(memoryStore());
    const history = new HistoryService(service, memories);
    const sdist = await service.checkFile(
      INDEX,
      'sampleproject',
      '4.0.0',
      'sampleproject-4.0.0.tar.gz',
    );
    const seen = await history.analyse(INDEX, 'sampleproject', '4.0.0', [sdist]);
    const none = [
      {
        filename: 'sampleproject-4.0.1.tar.gz',
        state: 'none' as const,
        code: 'NO_PROVENANCE' as const,
        message: '',
      },
    ];
    const later = await history.analyse(INDEX, 'sampleproject', '4.0.1', none);
    expect(later.alerts.map((a) => a.kind)).toEqual(['provenance-missing']);
    await history.pin(INDEX, 'sampleproject', seen.identity!, '4.0.0');
    const pinned = await history.analyse(INDEX, 'sampleproject', '4.0.1', none);
    expect(pinned.alerts.map((a) => a.kind)).toEqual(['pin-violation']);
    await history.forget(INDEX, 'sampleproject');
    expect(await memories.all()).toEqual({});
  });

  it('reports a history error without failing the analysis', async () => {
    const service = new ReleaseService({
      fetch: async () => new Response('', { status: 503 }),
      store: memoryStore(),
      trustKey: 't',
      verifier: nodeVerifier,
      sleep: async () => undefined,
    });
    const history = new HistoryService(service, new MemoryStore(memoryStore()));
    const a = await history.analyse(INDEX, 'x', '1', []);
    expect(a.historyError?.code).toBe('SERVER_ERROR');
    expect(a.warnings).toEqual([]);
  });

  it('never remembers an identity from a failed file', async () => {
    const { service } = setup({ sdist: NEG03 });
    const history = new HistoryService(service, new MemoryStore(memoryStore()));
    const r = await service.checkFile(
      INDEX,
      'sampleproject',
      '4.0.0',
      'sampleproject-4.0.0.tar.gz',
    );
    expect(r.state).toBe('failed');
    const a = await history.analyse(INDEX, 'sampleproject', '4.0.0', [r]);
    expect(a.memory?.seen ?? []).toEqual([]);
  });
});
