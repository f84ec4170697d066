/**
 * GETs a document and hands its body to a reader chunk by chunk as it arrives, so that a
 * response of any size is read in bounded memory and can be left unread once the reader has
 * what it needs. Same timeouts, retries and typed errors as `getJson` (http.ts); the size cap
 * counts the bytes read, not the bytes kept.
 */
import { PypiError } from '../errors.js';
import { parseRetryAfter, retrying, statusError, type HttpOptions } from './http.js';

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
  return retrying(options, () => readOnce(url, accept, options, reader()));
}

async function readOnce<T>(
  url: string,
  accept: string,
  options: HttpOptions,
  reader: StreamReader<T>,
): Promise<T> {
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const fault = (err: unknown, what: string) =>
    controller.signal.aborted
      ? new PypiError('TIMEOUT', `${what} within ${timeoutMs / 1000} s`, { cause: err })
      : new PypiError('NETWORK_ERROR', `could not reach the index (${String(err)})`, {
          cause: err,
        });
  let stream: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    let res;
    try {
      res = await options.fetch(url, {
        headers: { Accept: accept },
        signal: controller.signal,
        redirect: 'follow',
      });
    } catch (err) {
      throw fault(err, 'no answer from the index');
    }
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      throw statusError(res.status, url, parseRetryAfter(res.headers.get('retry-after')));
    }
    const maxBytes = options.maxBytes ?? STREAM_MAX_BYTES;
    stream = res.body?.getReader();
    let total = 0;
    for (;;) {
      let next;
      try {
        next = stream ? await stream.read() : { done: true as const, value: undefined };
      } catch (err) {
        throw fault(err, 'the index did not finish answering');
      }
      if (next.done) break;
      total += next.value.byteLength;
      if (total > maxBytes) {
        throw new PypiError(
          'RESPONSE_TOO_LARGE',
          `response from ${url} is larger than ${maxBytes} bytes`,
        );
      }
      if (!reader.push(next.value)) break;
    }
    return reader.end();
  } finally {
    // A body not read to its end (not needed, too large, a fault) is dropped.
    void stream?.cancel().catch(() => undefined);
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
