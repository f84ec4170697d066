/**
 * SHA-256 of a local file, read in slices (or any stream) and hashed chunk by chunk
 * (@noble/hashes' incremental `sha256.create()`): a 1 GB wheel never sits in memory whole, and
 * progress is reported as the bytes go by. The file is only read here; nothing of it is sent
 * anywhere.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export interface StreamHash {
  /** Lowercase hex. */
  sha256: string;
  /** Bytes read. */
  bytes: number;
}

/** Thrown when the hashing was cancelled (the page moved on). */
export class HashCancelled extends Error {
  constructor() {
    super('hashing was cancelled');
    this.name = 'HashCancelled';
  }
}

/** Hashes chunks as they come, reporting the bytes so far; stops once `signal` aborts. */
async function hashChunks(
  chunks: AsyncIterable<Uint8Array>,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal },
): Promise<StreamHash> {
  const hash = sha256.create();
  let bytes = 0;
  for await (const chunk of chunks) {
    if (options.signal?.aborted) throw new HashCancelled();
    hash.update(chunk);
    bytes += chunk.byteLength;
    options.onProgress?.(bytes);
  }
  return { sha256: bytesToHex(hash.digest()), bytes };
}

/**
 * Hashes a stream to its end. `onProgress` gets the bytes read so far after each chunk.
 * Rejects with the stream's own error when reading fails, or with HashCancelled once `signal`
 * aborts.
 */
export async function sha256OfStream(
  stream: ReadableStream<Uint8Array>,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<StreamHash> {
  const reader = stream.getReader();
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  }
  try {
    return await hashChunks(chunks(), options);
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    reader.releaseLock();
  }
}

/** Bytes read from a file at a time: a few MiB in memory, whatever the file's size. */
export const SLICE_BYTES = 4 * 1024 * 1024;

/**
 * The file's SHA-256, read slice by slice (`Blob.slice().arrayBuffer()`): a file that was
 * moved or changed after it was chosen fails with the browser's DOMException (NotFoundError,
 * NotReadableError), which says what happened; `File.stream()` only says "network error".
 */
export function sha256OfFile(
  file: Blob,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<StreamHash> {
  async function* slices(): AsyncGenerator<Uint8Array> {
    for (let start = 0; start < file.size; start += SLICE_BYTES) {
      yield new Uint8Array(await file.slice(start, start + SLICE_BYTES).arrayBuffer());
    }
  }
  return hashChunks(slices(), options);
}

/**
 * Why a file could not be read, in plain words (the browser's DOMException names say little):
 * it was moved, deleted or changed after it was chosen, or the browser may not read it.
 */
export function unreadableReason(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotFoundError':
      return 'the file is no longer there: it was moved or deleted after it was chosen';
    case 'NotReadableError':
      return 'the browser could not read it: it changed after it was chosen, or reading it is not allowed';
    case 'SecurityError':
      return 'the browser is not allowed to read it';
    default:
      return 'it could not be read (was it moved or changed after it was chosen?)';
  }
}
