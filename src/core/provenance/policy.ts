/**
 * Identity policy: the signing certificate must match the Trusted Publisher PyPI recorded
 * for the file (verification-spec.md §2 step 5; pypi-attestations GitHubPublisher,
 * GitLabPublisher, GooglePublisher). The publisher object is unsigned; the certificate is
 * what we trust, so every comparison is exact against certificate claims.
 *
 * Issuers as the reference reads them: GitHub and GitLab compare the signed Issuer (V2)
 * extension .8 only, a certificate without it fails (pypi/pypi-attestations
 * src/pypi_attestations/_impl.py@931421279d94 `_GitHubTrustedPublisherPolicy` and
 * `_GitLabTrustedPublisherPolicy` use sigstore-python's `policy.OIDCIssuerV2`, whose
 * `_SingleX509ExtPolicyV2.verify` raises when the extension is absent:
 * sigstore/sigstore-python sigstore/verify/policy.py@dbab10407ead). Google compares the
 * deprecated Issuer (V1) extension .1 only (`GooglePublisher._as_policy` is
 * `policy.Identity(identity=email, issuer=…)`, whose issuer check is `OIDCIssuer`, .1).
 */
import * as v from 'valibot';
import { ProvenanceError } from '../errors.js';
import type { Publisher } from '../result.js';
import { OID, type FulcioCertificate } from './certificate.js';
import { describeIssues, PublisherSchema } from './schema.js';

const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const GITLAB_ISSUER = 'https://gitlab.com';
const GOOGLE_ISSUER = 'https://accounts.google.com';

export const SUPPORTED_KINDS = ['GitHub', 'GitLab', 'Google'] as const;

export function parsePublisher(input: unknown, where: string): Publisher {
  const parsed = v.safeParse(PublisherSchema, input);
  if (!parsed.success) {
    throw new ProvenanceError('MALFORMED_PROVENANCE', `${where}: ${describeIssues(parsed.issues)}`);
  }
  const { kind, repository, workflow, workflow_filepath, email, environment } = parsed.output;
  const publisher: Publisher = { kind };
  if (repository !== undefined) publisher.repository = repository;
  if (workflow !== undefined) publisher.workflow = workflow;
  if (workflow_filepath !== undefined) publisher.workflow_filepath = workflow_filepath;
  if (email !== undefined) publisher.email = email;
  if (environment !== undefined) publisher.environment = environment;
  return publisher;
}

function mismatch(what: string, expected: string, got: string | undefined): ProvenanceError {
  return new ProvenanceError(
    'PUBLISHER_MISMATCH',
    `${what}: expected ${JSON.stringify(expected)}, got ${got === undefined ? 'none' : JSON.stringify(got)}`,
  );
}

function required(
  publisher: Publisher,
  field: 'repository' | 'workflow' | 'workflow_filepath' | 'email',
): string {
  const value = publisher[field];
  if (typeof value !== 'string' || value === '') {
    throw new ProvenanceError(
      'MALFORMED_PROVENANCE',
      `${publisher.kind} publisher has no ${field}`,
    );
  }
  return value;
}

/** Build Config URI = `${prefix}@${S}` for S the source digest or ref (at least one present). */
function checkBuildConfig(cert: FulcioCertificate, prefix: string, requireBoth: boolean): void {
  const digest = cert.text(OID.sourceRepositoryDigest);
  const ref = cert.text(OID.sourceRepositoryRef);
  if (requireBoth ? !digest || !ref : !digest && !ref) {
    throw new ProvenanceError(
      'PUBLISHER_MISMATCH',
      'signing certificate lacks the source repository digest or ref',
    );
  }
  const actual = cert.text(OID.buildConfigUri);
  const candidates = [digest, ref].filter((s): s is string => !!s).map((s) => `${prefix}@${s}`);
  if (actual === undefined || !candidates.includes(actual)) {
    throw mismatch('build config (workflow)', `${prefix}@…`, actual);
  }
}

/**
 * Throws unless the certificate is one this publisher's workflow could have obtained.
 * Unknown kinds (e.g. ActiveState, which PyPI does not let attest) are `unsupported`.
 */
export function checkPublisher(publisher: Publisher, cert: FulcioCertificate): void {
  switch (publisher.kind) {
    case 'GitHub': {
      const repo = required(publisher, 'repository');
      const workflow = required(publisher, 'workflow');
      const issuer = cert.issuerV2;
      if (issuer !== GITHUB_ISSUER) throw mismatch('issuer (V2)', GITHUB_ISSUER, issuer);
      const repoUrl = `https://github.com/${repo}`;
      const actualRepo = cert.text(OID.sourceRepositoryUri);
      if (actualRepo !== repoUrl) throw mismatch('repository', repoUrl, actualRepo);
      checkBuildConfig(cert, `${repoUrl}/.github/workflows/${workflow}`, false);
      return;
    }
    case 'GitLab': {
      const repo = required(publisher, 'repository');
      const path = required(publisher, 'workflow_filepath');
      const issuer = cert.issuerV2;
      if (issuer !== GITLAB_ISSUER) throw mismatch('issuer (V2)', GITLAB_ISSUER, issuer);
      const repoUrl = `https://gitlab.com/${repo}`;
      const actualRepo = cert.text(OID.sourceRepositoryUri);
      if (actualRepo !== repoUrl) throw mismatch('repository', repoUrl, actualRepo);
      // GitLab's Build Config URI puts a double slash before the file path.
      checkBuildConfig(cert, `${repoUrl}//${path}`, true);
      return;
    }
    case 'Google': {
      const email = required(publisher, 'email');
      const issuer = cert.issuerV1;
      if (issuer !== GOOGLE_ISSUER) throw mismatch('issuer (V1)', GOOGLE_ISSUER, issuer);
      const san = cert.cert.extSubjectAltName?.rfc822Name;
      if (san !== email) throw mismatch('service account', email, san);
      return;
    }
    default:
      throw new ProvenanceError(
        'UNSUPPORTED_PUBLISHER',
        `publisher kind ${JSON.stringify(publisher.kind)} has no attestation identity we can check`,
      );
  }
}
