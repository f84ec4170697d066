/**
 * GETs a document and hands its body to a reader chunk by chunk as it arrives, so that a
 * response of any size is read in bounded memory and can be left unread once the reader has
 * what it needs. Same timeouts, retries and typed errors as `getJson` (http.ts); the size cap
 * counts the bytes read, not the bytes kept.
 */
import { getJson, retrying, type HttpOptions } from './http.js';

export interface StreamReader<T> {
  /** Takes the next chunk of the body; returns false when it needs no more. */
  push(chunk: Uint8Array): boolean;
  /** The body ended (or the reader needed no more): the result. Throws PypiError. */
  end(): T;
}

/** Largest body read by default (a big project's Simple API listing is tens of MB). */
export const STREAM_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Reads `url` (status 200 only) through a fresh reader per attempt. `options.maxBytes` caps
 * the bytes read (default STREAM_MAX_BYTES); `options.timeoutMs` the whole exchange.
 */
export function readStream<T>(
  url: string,
  accept: string,
  options: HttpOptions,
  reader: () => StreamReader<T>,
): Promise<T> {
  return retrying(options, async () => {
    const r = reader();
    await getJson(url, accept, [200], {
      ...options,
      retries: 0,
      maxBytes: options.maxBytes ?? STREAM_MAX_BYTES,
      onChunk: (chunk) => r.push(chunk),
    });
    return r.end();
  });
}
