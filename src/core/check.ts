/**
 * The one path of a check (docs/architecture.md): list a release's files and digests (JSON
 * API), fetch each file's provenance (Integrity API), verify it against the digest the index
 * listed. The CLI runs these steps over the network as they are (`directPorts`); the worker runs
 * the very same `checkFile` through ports that add its caches and request limit
 * (src/background/release-service.ts).
 */
import pLimit from 'p-limit';
import { PypiError } from './errors.js';
import { verifyProvenance, type VerifyProvenanceInput } from './provenance/verify.js';
import {
  fetchProvenance,
  fetchRelease,
  type ClientOptions,
  type ProvenanceResponse,
  type Release,
  type ReleaseFile,
} from './pypi/client.js';
import { errorResult, releaseState, type FileResult, type ReleaseResult } from './result.js';
import type { Trust } from './sigstore/trust.js';

/** The steps of a check, as a caller provides them (with or without caches and limits). */
export interface CheckPorts {
  /** The release's files and sha256 digests; the latest release without a version. Throws PypiError. */
  listRelease(project: string, version: string | undefined): Promise<Release>;
  /** One file's provenance. Throws PypiError (`NO_PROVENANCE` when the index has none). */
  fetchProvenance(project: string, version: string, filename: string): Promise<ProvenanceResponse>;
  /** Verifies one file's provenance (the response is given for cache keys). Never throws. */
  verify(input: VerifyProvenanceInput, response: ProvenanceResponse): Promise<FileResult>;
}

/**
 * One listed file: its provenance fetched and verified against the digest the index listed.
 * `project` is the name the caller asked with. Never throws: a fault is `error`, a missing
 * provenance `none`.
 */
export async function checkFile(
  ports: Pick<CheckPorts, 'fetchProvenance' | 'verify'>,
  project: string,
  version: string,
  file: Pick<ReleaseFile, 'filename' | 'sha256'>,
): Promise<FileResult> {
  try {
    const response = await ports.fetchProvenance(project, version, file.filename);
    return await ports.verify(
      { filename: file.filename, sha256: file.sha256, provenance: response.provenance },
      response,
    );
  } catch (err) {
    return errorResult(file.filename, file.sha256, err);
  }
}

export interface CheckReleaseOptions {
  /** Parallel file checks. @default 4 */
  concurrency?: number;
  /** Called as each file's result arrives (progress). */
  onFile?: (result: FileResult) => void;
}

/** Every file of a release (the latest without a version), checked. Never throws. */
export async function checkRelease(
  ports: CheckPorts,
  index: string,
  project: string,
  version: string | undefined,
  options: CheckReleaseOptions = {},
): Promise<ReleaseResult> {
  let release: Release;
  try {
    release = await ports.listRelease(project, version);
  } catch (err) {
    const e = err instanceof PypiError ? err : new PypiError('INTERNAL_ERROR', String(err));
    return {
      index,
      project,
      version: version ?? '',
      state: 'error',
      files: [],
      error: { code: e.code, message: e.message },
    };
  }
  const limit = pLimit(options.concurrency ?? 4);
  const files = await Promise.all(
    release.files.map((file) =>
      limit(async () => {
        const result = await checkFile(ports, project, release.version, file);
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

/** The steps straight over the network, with no cache (the CLI). */
export function directPorts(
  client: ClientOptions,
  verifying: { trust?: Trust; repository?: string } = {},
): CheckPorts {
  return {
    listRelease: (project, version) => fetchRelease(project, version, client),
    fetchProvenance: (project, version, filename) =>
      fetchProvenance(project, version, filename, client),
    verify: async (input) => verifyProvenance({ ...input, ...verifying }),
  };
}
