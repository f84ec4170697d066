/**
 * The CLI's view of network failures (issue 14 §3): which host could not be reached and why,
 * in words (DNS, refused, TLS, timeout), instead of Node's "fetch failed". The index is always
 * reached over HTTPS, trusting the system's CAs plus NODE_EXTRA_CA_CERTS (Node's default).
 */
import type { ErrorCode, FileResult, ReleaseResult } from '../core/result.js';
import { InputError } from './input.js';

/** `--index`: an https origin such as https://pypi.org or https://localhost:8443. */
export function indexOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--index must be an https origin such as https://pypi.org, got ${value}`);
  }
  if (url.protocol !== 'https:') {
    throw new InputError(
      `--index must use https (the index is never asked in clear), got ${value}`,
    );
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new InputError(`--index takes an origin such as https://pypi.org, got ${value}`);
  }
  return url.origin;
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME/;

/** The innermost error code Node's fetch gives for a failed request (undici puts it in `cause`). */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) e = errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Why a request to the index failed, in words. */
export function networkCause(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return `no answer within ${timeoutMs / 1000} s (timeout)`;
  }
  const code = errorCode(err) ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return 'its name does not resolve (DNS lookup failed)';
  }
  if (code === 'ECONNREFUSED') return 'the connection was refused (nothing listens there)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return 'the connection was cut off (reset)';
  }
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return 'the connection timed out (timeout)';
  }
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return 'the network cannot reach it (unreachable)';
  }
  if (TLS_CODES.test(code)) {
    return `its TLS certificate is not trusted (TLS: ${code}); for a private CA set NODE_EXTRA_CA_CERTS`;
  }
  return `the request failed (${code || (err instanceof Error ? err.message : String(err))})`;
}

/**
 * A fetch that remembers why the last request to the index failed, so that the results can
 * say it (`explain`): the host and the cause, in words. The request itself fails as before
 * (the core turns it into NETWORK_ERROR or TIMEOUT).
 */
export function explainingFetch(
  fetchImpl: typeof fetch,
  index: string,
  timeoutMs: number,
): {
  fetch: typeof fetch;
  explain<T extends ReleaseResult | FileResult>(result: T): T;
} {
  let failure: { host: string; cause: string } | undefined;
  const network = (code: string | undefined): code is ErrorCode =>
    code === 'NETWORK_ERROR' || code === 'TIMEOUT';
  const say = (message: string, code: string): string => {
    if (failure) return `could not reach ${failure.host}: ${failure.cause}`;
    // A body that stopped coming: fetch itself had answered.
    if (code === 'TIMEOUT') {
      return `${new URL(index).host} did not finish answering within ${timeoutMs / 1000} s (timeout)`;
    }
    return message;
  };
  const explainFile = (f: FileResult): FileResult =>
    f.state === 'error' && network(f.code) ? { ...f, message: say(f.message, f.code) } : f;
  return {
    fetch: async (input, init) => {
      try {
        return await fetchImpl(input, init);
      } catch (err) {
        const url = input instanceof Request ? input.url : String(input);
        failure = { host: new URL(url).host, cause: networkCause(err, timeoutMs) };
        throw err;
      }
    },
    explain<T extends ReleaseResult | FileResult>(result: T): T {
      if ('files' in result) {
        const error =
          result.error && network(result.error.code)
            ? { ...result.error, message: say(result.error.message, result.error.code) }
            : result.error;
        return { ...result, files: result.files.map(explainFile), ...(error && { error }) };
      }
      return explainFile(result) as T;
    },
  };
}
