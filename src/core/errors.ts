import type { ErrorCode, FailedCode, UnsupportedCode } from './result.js';

export type ProvenanceErrorCode = FailedCode | UnsupportedCode;

/**
 * A check on provenance did not pass. `code` says which; `message` is lowercase prose in the
 * "expected X, got Y" style, safe to show (it never contains markup).
 */
export class ProvenanceError extends Error {
  readonly code: ProvenanceErrorCode;
  constructor(code: ProvenanceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProvenanceError';
    this.code = code;
  }
}

/** Talking to the index failed: the file could not be checked (state `error`). */
export class PypiError extends Error {
  readonly code: ErrorCode | 'NO_PROVENANCE';
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  constructor(
    code: ErrorCode | 'NO_PROVENANCE',
    message: string,
    options?: { cause?: unknown; status?: number; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PypiError';
    this.code = code;
    if (options?.status !== undefined) this.status = options.status;
    if (options?.retryAfterSeconds !== undefined)
      this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
