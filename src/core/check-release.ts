/**
 * Checks every file of a release: list the files (JSON API), fetch each file's provenance
 * (Integrity API) with a small concurrency limit, and verify it. Used by the CLI's `check`
 * and by the background worker.
 */
import pLimit from 'p-limit';
import { PypiError } from './errors.js';
import { verifyProvenance } from './provenance/verify.js';
import { fetchProvenance, fetchRelease, type ClientOptions } from './pypi/client.js';
import { releaseState, type FileResult, type ReleaseResult } from './result.js';
import type { Trust } from './sigstore/trust.js';

export interface CheckReleaseOptions extends ClientOptions {
  project: string;
  version?: string;
  /** Parallel provenance requests. @default 4 */
  concurrency?: number;
  trust?: Trust;
  repository?: string;
  /** Called as each file's result arrives (progress). */
  onFile?: (result: FileResult) => void;
}

export function errorResult(
  filename: string,
  sha256: string | undefined,
  err: unknown,
): FileResult {
  const base = { filename, ...(sha256 !== undefined && { sha256 }) };
  if (err instanceof PypiError) {
    if (err.code === 'NO_PROVENANCE')
      return { ...base, state: 'none', code: 'NO_PROVENANCE', message: err.message };
    return {
      ...base,
      state: 'error',
      code: err.code,
      message: err.message,
      ...(err.retryAfterSeconds !== undefined && { retryAfterSeconds: err.retryAfterSeconds }),
    };
  }
  return { ...base, state: 'error', code: 'INTERNAL_ERROR', message: String(err) };
}

export async function checkRelease(options: CheckReleaseOptions): Promise<ReleaseResult> {
  const { index, project } = options;
  let release;
  try {
    release = await fetchRelease(project, options.version, options);
  } catch (err) {
    const e = err instanceof PypiError ? err : new PypiError('INTERNAL_ERROR', String(err));
    const code = e.code === 'NOT_FOUND' ? 'NOT_FOUND' : e.code;
    return {
      index,
      project,
      version: options.version ?? '',
      state: 'error',
      files: [],
      error: { code, message: e.message },
    };
  }
  const limit = pLimit(options.concurrency ?? 4);
  const files = await Promise.all(
    release.files.map((file) =>
      limit(async (): Promise<FileResult> => {
        let result: FileResult;
        try {
          const { provenance } = await fetchProvenance(
            project,
            release.version,
            file.filename,
            options,
          );
          result = verifyProvenance({
            filename: file.filename,
            sha256: file.sha256,
            provenance,
            ...(options.trust && { trust: options.trust }),
            ...(options.repository !== undefined && { repository: options.repository }),
          });
        } catch (err) {
          result = errorResult(file.filename, file.sha256, err);
        }
        options.onFile?.(result);
        return result;
      }),
    ),
  );
  return {
    index,
    project: release.project,
    version: release.version,
    state: releaseState(files),
    files,
  };
}
