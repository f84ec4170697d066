/**
 * The one path of a check (docs/architecture.md): list a release's files and digests (JSON
 * API), fetch each file's provenance (Integrity API), verify it against the digest the index
 * listed. The CLI runs these steps over the network as they are (`directPorts`); the worker runs
 * the very same `checkFile` through ports that add its caches and request limit
 * (src/background/release-service.ts).
 */
import pLimit from 'p-limit';
import { PypiError } from './errors.js';
import { parseDistributionFilename } from './filename.js';
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

/**
 * What the index lists for a distribution's filename, beside the file's own digest: the same
 * digest, another one (these bytes are not the file the index serves), no such file, or
 * unknown (the listing could not be fetched).
 */
export type ListedDigest =
  | { status: 'same' }
  | { status: 'differs'; sha256: string }
  | { status: 'absent' }
  | { status: 'unknown'; message: string };

export interface DistributionCheckResult {
  /** The release the filename names, as the index spells it when it lists it. */
  project: string;
  version: string;
  result: FileResult;
  listed: ListedDigest;
}

/**
 * A distribution file that is not the index's to vouch for (a download, a mirror's copy, a CI
 * artifact): its name gives the project and version (PEP 427 / PEP 625), its provenance is
 * fetched and verified against the file's OWN sha256 (never the index's), and the index's
 * listing is read only to say whether it serves the same bytes. `check` is the caller's
 * `checkFile` (the worker's, with its caches; the CLI's, straight). Never throws once the name
 * parsed.
 */
export async function checkDistribution(
  ports: {
    listRelease: CheckPorts['listRelease'];
    check: (
      project: string,
      version: string,
      file: Pick<ReleaseFile, 'filename' | 'sha256'>,
    ) => Promise<FileResult>;
  },
  filename: string,
  sha256: string,
): Promise<{ ok: true; value: DistributionCheckResult } | { ok: false; reason: string }> {
  const parsed = parseDistributionFilename(filename);
  if (!parsed.ok) return parsed;
  const digest = sha256.toLowerCase();
  let { name: project, version } = parsed.value;
  let listed: ListedDigest;
  try {
    const release = await ports.listRelease(project, version);
    ({ project, version } = release);
    const file = release.files.find((f) => f.filename === filename);
    listed = !file
      ? { status: 'absent' }
      : file.sha256 === digest
        ? { status: 'same' }
        : { status: 'differs', sha256: file.sha256 };
  } catch (err) {
    listed =
      err instanceof PypiError && err.code === 'NOT_FOUND'
        ? { status: 'absent' }
        : { status: 'unknown', message: err instanceof Error ? err.message : String(err) };
  }
  const result = await ports.check(project, version, { filename, sha256: digest });
  return { ok: true, value: { project, version, result, listed } };
}
