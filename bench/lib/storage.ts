/**
 * Issue 12 §5: the extension's storage after 1,000 distinct releases visited. Run in Node on
 * the worker's own modules with their production settings (ReleaseService and its cache
 * bound, HistoryService and the identity memory), each over an in-memory store whose bytes
 * are counted as the bound counts them (keys and values as JSON; IndexedDB's files on disk
 * differ by its own overhead and compaction). Each release has 12 files, each answered with
 * real provenance (sampleproject 4.0.0's sdist) and given the real verified result of it
 * under its own name: verifying 12,000 files for real would take the bench minutes and
 * change nothing stored. Releases are spread over 250 projects (4 versions each), a minute
 * apart, so that listings and provenance marks expire along the way as they would.
 */
import { readFixtureText } from '../../test/fixtures.js';
import { verifyProvenance } from '../../src/core/provenance/verify.js';
import type { FetchLike } from '../../src/core/pypi/http.js';
import type { FileResult } from '../../src/core/result.js';
import { memoryStore } from '../../src/background/cache.js';
import { HistoryService } from '../../src/background/history-service.js';
import { MemoryStore } from '../../src/background/memory-store.js';
import { ReleaseService } from '../../src/background/release-service.js';

export const RELEASES = 1_000;
const FILES = 12;
const INDEX = 'https://pypi.org';

const bytesOf = (map: Map<string, unknown>) =>
  [...map].reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);

export interface StorageRun {
  /** Caches and memory together after the last release. */
  bytes: number;
  cacheBytes: number;
  memoryBytes: number;
  /** The caches' largest size seen along the way (sampled every 50 releases). */
  peakCacheBytes: number;
}

export async function storageAfterReleases(releases = RELEASES): Promise<StorageRun> {
  const provenance = readFixtureText(
    'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
  );
  const sdist = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
  const sha256 = (
    JSON.parse(sdist) as { urls: { filename: string; digests: { sha256: string } }[] }
  ).urls.find((u) => u.filename === 'sampleproject-4.0.0.tar.gz')!.digests.sha256;
  const real = verifyProvenance({
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256,
    provenance: JSON.parse(provenance),
  });
  if (real.state !== 'verified') throw new Error(`the storage bench's file is ${real.state}`);

  const fetch: FetchLike = async (url) => {
    const m = /\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(url);
    if (m) {
      const [, name, version] = m;
      const urls = Array.from({ length: FILES }, (_, f) => ({
        filename: `${name}-${version}-py3-none-any${f}.whl`,
        digests: { sha256 },
        size: 1000,
        upload_time_iso_8601: '2026-01-01T00:00:00Z',
      }));
      return new Response(JSON.stringify({ info: { name, version }, urls }));
    }
    if (url.endsWith('/provenance')) return new Response(provenance);
    return new Response('{"message":"Not Found"}', { status: 404 });
  };
  let t = Date.parse('2026-06-01T00:00:00Z');
  const now = () => t;
  const cache = memoryStore();
  const memory = memoryStore();
  const service = new ReleaseService({
    fetch,
    store: cache,
    trustKey: 'root',
    now,
    verifier: {
      verify: async (input) => ({ ...real, filename: input.filename }) as FileResult,
      warmUp: async () => undefined,
    },
  });
  const history = new HistoryService(service, new MemoryStore(memory), now);
  let peak = 0;
  for (let r = 0; r < releases; r++) {
    t += 60_000;
    const project = `project-${r % 250}`;
    const version = `1.${Math.floor(r / 250)}.0`;
    const release = await service.listRelease(INDEX, project, version);
    const files = await Promise.all(
      release.files.map((f) => service.checkFile(INDEX, project, version, f.filename)),
    );
    await history.analyse(INDEX, project, version, files);
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (r % 50 === 49) peak = Math.max(peak, bytesOf(cache.map));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
  // As left after the last visit (no sweep forced): the bound holds between sweeps too.
  const cacheBytes = bytesOf(cache.map);
  const memoryBytes = bytesOf(memory.map);
  return { bytes: cacheBytes + memoryBytes, cacheBytes, memoryBytes, peakCacheBytes: peak };
}
