/**
 * Ready-made releases signed by a test instance, for the e2e fake PyPI and manual testing:
 * project → version → files, each with the provenance PyPI would serve and the outcome our
 * verifier must give. The shape matches e2e/site.ts's SiteSpec per host.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type {
  AttestRequest,
  GitHubIdentity,
  Identity,
  Provenance,
  PublisherJSON,
  TestInstance,
} from './index.js';

export interface ScenarioFile {
  filename: string;
  sha256: string;
  provenance: Provenance;
  /** What verifyProvenance must say with the instance's root: verified, or the failure code. */
  expect: 'verified' | 'PUBLISHER_MISMATCH';
  note: string;
}

export type Scenarios = Record<string, Record<string, ScenarioFile[]>>;

/** A made-up file digest: sha256 of "<filename> (pypi-provenance test file)". */
export function fileSha256(filename: string): string {
  return Buffer.from(
    sha256(new TextEncoder().encode(`${filename} (pypi-provenance test file)`)),
  ).toString('hex');
}

const gh = (repository: string, over: Partial<GitHubIdentity> = {}): GitHubIdentity => ({
  kind: 'GitHub',
  repository,
  workflow: 'release.yml',
  environment: 'pypi',
  ...over,
});

/** Signs the scenarios in a fixed order, so a given seed always gives the same bytes. */
export function makeScenarios(instance: TestInstance): Scenarios {
  const out: Scenarios = {};
  const release = (
    project: string,
    version: string,
    identity: Identity,
    opts: {
      rekor?: 'v1' | 'v2';
      signedAt: string;
      slsa?: boolean;
      publisher?: PublisherJSON;
      expect?: ScenarioFile['expect'];
      note: string;
    },
  ): void => {
    const name = project.replace(/-/g, '_');
    const files = [`${name}-${version}.tar.gz`, `${name}-${version}-py3-none-any.whl`];
    out[project] ??= {};
    out[project][version] = files.map((filename) => {
      const base: AttestRequest = {
        filename,
        sha256: fileSha256(filename),
        identity,
        rekor: opts.rekor ?? 'v1',
        signedAt: new Date(opts.signedAt),
      };
      const reqs = opts.slsa ? [base, { ...base, predicateType: 'slsa' as const }] : [base];
      return {
        filename,
        sha256: base.sha256,
        provenance: instance.provenance(reqs, opts.publisher),
        expect: opts.expect ?? 'verified',
        note: opts.note,
      };
    });
  };

  release('provtest-github', '1.0.0', gh('example/provtest-github', { ref: 'refs/tags/v1.0.0' }), {
    signedAt: '2025-10-01T12:00:00Z',
    note: 'GitHub Trusted Publisher, Rekor v1 (SET + inclusion proof)',
  });
  release('provtest-github', '1.1.0', gh('example/provtest-github', { ref: 'refs/tags/v1.1.0' }), {
    rekor: 'v2',
    signedAt: '2025-11-01T12:00:00Z',
    slsa: true,
    note: 'GitHub, Rekor v2 (inclusion proof + RFC 3161 timestamp), publish and SLSA attestations',
  });
  release('provtest-moved', '1.0.0', gh('old-owner/provtest-moved', { ref: 'refs/tags/v1.0.0' }), {
    signedAt: '2025-10-01T12:00:00Z',
    note: 'signed from old-owner/provtest-moved',
  });
  release('provtest-moved', '2.0.0', gh('new-owner/provtest-moved', { ref: 'refs/tags/v2.0.0' }), {
    signedAt: '2025-12-01T12:00:00Z',
    note: 'signed from new-owner/provtest-moved: the repository changed between releases',
  });
  release(
    'provtest-gitlab',
    '1.0.0',
    {
      kind: 'GitLab',
      repository: 'example-group/provtest-gitlab',
      workflow: '.gitlab-ci.yml',
      ref: 'refs/tags/v1.0.0',
    },
    { signedAt: '2025-10-01T12:00:00Z', note: 'GitLab Trusted Publisher, Rekor v1' },
  );
  release(
    'provtest-google',
    '1.0.0',
    { kind: 'Google', email: 'publisher@provtest.iam.gserviceaccount.com' },
    { rekor: 'v2', signedAt: '2025-10-01T12:00:00Z', note: 'Google service account, Rekor v2' },
  );
  release('provtest-mismatch', '1.0.0', gh('attacker/provtest-mismatch'), {
    signedAt: '2025-10-01T12:00:00Z',
    publisher: {
      kind: 'GitHub',
      repository: 'example/provtest-mismatch',
      workflow: 'release.yml',
      environment: 'pypi',
    },
    expect: 'PUBLISHER_MISMATCH',
    note: 'validly signed from attacker/provtest-mismatch, served under example/provtest-mismatch',
  });
  return out;
}
