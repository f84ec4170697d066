import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/fixtures.js';
import {
  HashCancelled,
  SLICE_BYTES,
  sha256OfFile,
  sha256OfStream,
  unreadableReason,
} from './hash.js';

/** A generated stream of `total` bytes in chunks of `chunk` (a pattern, never held whole). */
function generated(total: number, chunk: number, failAt?: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAt !== undefined && sent >= failAt) {
        controller.error(new DOMException('the file changed', 'NotReadableError'));
        return;
      }
      if (sent >= total) {
        controller.close();
        return;
      }
      const n = Math.min(chunk, total - sent);
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bytes[i] = (sent + i) % 251;
      sent += n;
      controller.enqueue(bytes);
    },
  });
}

/** The same bytes, hashed by Node's own SHA-256. */
function nodeSha256(total: number, chunk: number): string {
  const hash = createHash('sha256');
  let sent = 0;
  while (sent < total) {
    const n = Math.min(chunk, total - sent);
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = (sent + i) % 251;
    hash.update(bytes);
    sent += n;
  }
  return hash.digest('hex');
}

describe('sha256OfStream', () => {
  it('hashes a large generated stream chunk by chunk, reporting progress', async () => {
    const total = 64 * 1024 * 1024 + 123; // 64 MiB and an odd tail
    const chunk = 1024 * 1024;
    const progress: number[] = [];
    const result = await sha256OfStream(generated(total, chunk), {
      onProgress: (n) => progress.push(n),
    });
    expect(result).toEqual({ sha256: nodeSha256(total, chunk), bytes: total });
    expect(progress).toHaveLength(65);
    expect(progress.at(-1)).toBe(total);
    expect(progress.every((n, i) => i === 0 || n > (progress[i - 1] ?? 0))).toBe(true);
  });

  it('hashes an empty stream', async () => {
    expect(await sha256OfStream(generated(0, 10))).toEqual({
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      bytes: 0,
    });
  });

  describe('when the stream fails midway (a file that became unreadable)', () => {
    it('rejects with the stream’s error', async () => {
      await expect(sha256OfStream(generated(1000, 100, 500))).rejects.toMatchObject({
        name: 'NotReadableError',
      });
    });
  });

  describe('when cancelled', () => {
    it('stops reading and rejects with HashCancelled', async () => {
      const controller = new AbortController();
      const seen: number[] = [];
      const hashing = sha256OfStream(generated(10_000, 100), {
        signal: controller.signal,
        onProgress: (n) => {
          seen.push(n);
          if (n >= 300) controller.abort();
        },
      });
      await expect(hashing).rejects.toBeInstanceOf(HashCancelled);
      expect(seen.at(-1)).toBe(300);
    });
  });
});

describe('sha256OfFile', () => {
  it('reads a file larger than a slice in slices, with progress after each', async () => {
    const size = 2 * SLICE_BYTES + 5;
    const bytes = new Uint8Array(size).map((_, i) => i % 251);
    const progress: number[] = [];
    const result = await sha256OfFile(new Blob([bytes]), { onProgress: (n) => progress.push(n) });
    expect(result).toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: size,
    });
    expect(progress).toEqual([SLICE_BYTES, 2 * SLICE_BYTES, size]);
  });

  it('gives a real sdist’s published digest', async () => {
    const bytes = readFixture(
      'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz',
    );
    const file = new Blob([new Uint8Array(bytes)]);
    expect((await sha256OfFile(file)).sha256).toBe(
      '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3',
    );
  });
});

describe('unreadableReason', () => {
  it('says what happened in words, not exception names', () => {
    expect(unreadableReason(new DOMException('x', 'NotFoundError'))).toMatch(/moved or deleted/);
    expect(unreadableReason(new DOMException('x', 'NotReadableError'))).toMatch(/changed/);
    expect(unreadableReason(new TypeError('network error'))).toMatch(/^it could not be read/);
  });
});
