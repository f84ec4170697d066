/**
 * SHA-256 of a local file, read as a stream and hashed chunk by chunk (@noble/hashes'
 * incremental `sha256.create()`): a 1 GB wheel never sits in memory whole, and progress is
 * reported as the bytes go by. The file is only read here; nothing of it is sent anywhere.
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

/**
 * Hashes a stream to its end. `onProgress` gets the bytes read so far after each chunk.
 * Rejects with the stream's own error when reading fails (a file that became unreadable),
 * or with HashCancelled once `signal` aborts.
 */
export async function sha256OfStream(
  stream: ReadableStream<Uint8Array>,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<StreamHash> {
  const hash = sha256.create();
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new HashCancelled();
      const { done, value } = await reader.read();
      if (done) break;
      hash.update(value);
      bytes += value.byteLength;
      options.onProgress?.(bytes);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  } finally {
    reader.releaseLock();
  }
  return { sha256: bytesToHex(hash.digest()), bytes };
}

/** The file's SHA-256, from `File.stream()` (chunks of the browser's choosing, ~64 KiB). */
export function sha256OfFile(
  file: Blob,
  options: { onProgress?: (bytes: number) => void; signal?: AbortSignal } = {},
): Promise<StreamHash> {
  return sha256OfStream(file.stream() as ReadableStream<Uint8Array>, options);
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
      return 'it could not be read';
  }
}
