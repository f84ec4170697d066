/**
 * Site files whose provenance the test Sigstore instance (test/sigstore-instance) signs for
 * any identity, and files without provenance, for site.ts `buildSite`.
 */
import { createHash } from 'node:crypto';
import type {
  AttestRequest,
  GitHubIdentity,
  Identity as TestIdentity,
  PublisherJSON,
  TestInstance,
} from '../test/sigstore-instance/index.js';
import type { SiteFile } from './site.js';

/** A made-up distribution digest (the fake index never serves the bytes). */
export function fakeSha256(filename: string): string {
  return createHash('sha256').update(`${filename} (pypi-provenance e2e file)`).digest('hex');
}

/** A GitHub identity: release.yml, environment pypi, push, GitHub-hosted (tag: see signedFile). */
export function github(repository: string, over: Partial<GitHubIdentity> = {}): GitHubIdentity {
  return { kind: 'GitHub', repository, workflow: 'release.yml', environment: 'pypi', ...over };
}

/** A file whose provenance the test instance signed for `identity`. */
export function signedFile(
  instance: TestInstance,
  filename: string,
  identity: TestIdentity,
  opts: Partial<Pick<AttestRequest, 'rekor' | 'signedAt' | 'timestamp'>> & {
    publisher?: PublisherJSON;
  } = {},
): SiteFile {
  const sha256 = fakeSha256(filename);
  // Built from the release's tag unless the identity says otherwise (a branch is a risk hint).
  const version = /^[^-]+-(.+?)(?:\.tar\.gz|\.zip|-[^-]+-[^-]+-[^-]+\.whl)$/.exec(filename)?.[1];
  const tagged =
    identity.kind !== 'Google' && identity.ref === undefined && version !== undefined
      ? { ...identity, ref: `refs/tags/v${version}` }
      : identity;
  const req: AttestRequest = {
    filename,
    sha256,
    identity: tagged,
    rekor: opts.rekor ?? 'v1',
    ...(opts.signedAt && { signedAt: opts.signedAt }),
    ...(opts.timestamp !== undefined && { timestamp: opts.timestamp }),
  };
  return { filename, sha256, provenance: instance.provenance([req], opts.publisher) };
}

/** A file PyPI has no provenance for (Integrity API 404, Simple API `provenance: null`). */
export function unsignedFile(filename: string): SiteFile {
  return { filename, sha256: fakeSha256(filename) };
}
