/**
 * Fetching JSON from a package index with an injected fetch: timeouts, a body size cap,
 * retries with backoff on 429/5xx (honouring Retry-After), and typed errors. No browser or
 * Node API is used directly, so the same code runs in the worker, Node and the CLI.
 */
import { PypiError } from '../errors.js';

export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal; redirect?: 'follow' | 'error' },
) => Promise<FetchResponse>;

export interface HttpOptions {
  fetch: FetchLike;
  /** Per-request timeout, including reading the body. @default 15000 */
  timeoutMs?: number;
  /** Largest body accepted. @default 5 MiB */
  maxBytes?: number;
  /** Retries after 429/5xx or a network fault. @default 0 */
  retries?: number;
  /** Longest wait between retries, whatever Retry-After says. @default 10000 */
  maxRetryDelayMs?: number;
  signal?: AbortSignal;
  /** For tests: how to wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface JsonResponse {
  status: number;
  json: unknown;
  bytes: Uint8Array;
}

const DEFAULT_TIMEOUT = 15_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new PypiError('TIMEOUT', 'cancelled'));
      },
      { once: true },
    );
  });
}

/** Retry-After in seconds (delta-seconds or an HTTP date), capped; undefined when absent. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  url: string,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PypiError(
        'RESPONSE_TOO_LARGE',
        `response from ${url} is larger than ${maxBytes} bytes`,
      );
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function statusError(status: number, url: string, retryAfter?: number): PypiError {
  const opts = { status, ...(retryAfter !== undefined && { retryAfterSeconds: retryAfter }) };
  if (status === 429)
    return new PypiError('RATE_LIMITED', `the index is rate limiting requests (429)`, opts);
  if (status >= 500)
    return new PypiError('SERVER_ERROR', `the index answered ${status} for ${url}`, opts);
  if (status === 406)
    return new PypiError('NOT_ACCEPTABLE', `the index refused the Accept header (406)`, opts);
  if (status === 404) return new PypiError('NOT_FOUND', `not found on the index: ${url}`, opts);
  return new PypiError('HTTP_ERROR', `the index answered ${status} for ${url}`, opts);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * GETs a JSON document. Statuses in `okStatuses` resolve (with their JSON body, if any); every
 * other status, a timeout, a network fault, an oversized or non-JSON body throws PypiError.
 * Statuses in `bodyIgnored` (a subset of `okStatuses` whose status alone is the answer)
 * resolve without reading the body, whatever it holds (e.g. an HTML "Not Found" page).
 */
export async function getJson(
  url: string,
  accept: string,
  okStatuses: readonly number[],
  options: HttpOptions,
  bodyIgnored: readonly number[] = [],
): Promise<JsonResponse> {
  const retries = options.retries ?? 0;
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await getJsonOnce(url, accept, okStatuses, options, bodyIgnored);
    } catch (err) {
      const e = err instanceof PypiError ? err : new PypiError('INTERNAL_ERROR', String(err));
      const retryable = ['RATE_LIMITED', 'SERVER_ERROR', 'NETWORK_ERROR', 'TIMEOUT'].includes(
        e.code,
      );
      if (!retryable || attempt >= retries || options.signal?.aborted) throw e;
      const backoff = 500 * 2 ** attempt;
      const wait = Math.min(
        options.maxRetryDelayMs ?? 10_000,
        e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : backoff,
      );
      await sleep(wait, options.signal);
    }
  }
}

async function getJsonOnce(
  url: string,
  accept: string,
  okStatuses: readonly number[],
  options: HttpOptions,
  bodyIgnored: readonly number[],
): Promise<JsonResponse> {
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let res: FetchResponse;
    try {
      res = await options.fetch(url, {
        headers: { Accept: accept },
        signal: controller.signal,
        redirect: 'follow',
      });
    } catch (err) {
      if (controller.signal.aborted) {
        throw new PypiError('TIMEOUT', `no answer from the index within ${timeoutMs / 1000} s`, {
          cause: err,
        });
      }
      throw new PypiError('NETWORK_ERROR', `could not reach the index (${String(err)})`, {
        cause: err,
      });
    }
    if (!okStatuses.includes(res.status)) {
      await res.body?.cancel().catch(() => undefined);
      throw statusError(res.status, url, parseRetryAfter(res.headers.get('retry-after')));
    }
    if (bodyIgnored.includes(res.status)) {
      await res.body?.cancel().catch(() => undefined);
      return { status: res.status, json: undefined, bytes: new Uint8Array() };
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new PypiError(
        'RESPONSE_TOO_LARGE',
        `response from ${url} is larger than ${maxBytes} bytes`,
      );
    }
    let bytes: Uint8Array;
    try {
      bytes = await readCapped(res.body, maxBytes, url);
    } catch (err) {
      if (err instanceof PypiError) throw err;
      if (controller.signal.aborted) {
        throw new PypiError(
          'TIMEOUT',
          `the index did not finish answering within ${timeoutMs / 1000} s`,
        );
      }
      throw new PypiError('NETWORK_ERROR', `the connection to the index broke (${String(err)})`);
    }
    let json: unknown;
    try {
      json = bytes.length === 0 ? undefined : JSON.parse(UTF8.decode(bytes));
    } catch {
      throw new PypiError('BAD_RESPONSE', `the index sent something that is not JSON (${url})`, {
        status: res.status,
      });
    }
    return { status: res.status, json, bytes };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}
