/**
 * Every case described in ../shared/fixtures/README.md, named by scenario, with the outcome
 * and the reason code we must give. One table feeds the core unit tests, the CLI tests and
 * the built-bundle tests, so all three are held to the same expectations.
 */
import type { FailedCode, Publisher } from '../src/core/result.js';

const GH = (repository: string, workflow: string, environment?: string | null): Publisher => ({
  kind: 'GitHub',
  repository,
  workflow,
  ...(environment !== undefined && { environment }),
});

export interface FixtureCase {
  name: string;
  /** Path under the fixtures dir: an Integrity API provenance object, or one attestation. */
  file: string;
  /** Set when `file` holds a single attestation: the publisher to wrap it with. */
  publisher?: Publisher;
  filename: string;
  sha256: string;
  /** The distribution bytes, when the fixtures hold them (for --dist). */
  dist?: string;
  /** Trusted root under fixtures/trust; default the production root. */
  root?: string;
  expect: 'verified' | FailedCode;
  /** Expected verified identity (repository URL for GitHub/GitLab, email for Google). */
  identity?: string;
  logIndex?: number;
}

const SAMPLE_SDIST = '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b';
const SAMPLE_WHEEL = 'c23e447ea90d796d1e645c35c4b2de125040add12a845825546f91c93f391b6b';
const ABI3_WHL_8 = 'b0236c6707783f93971274101e119055192cef0925f5b7cebdad03c69dc5a499';
const PA19 = '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3';
const SAMPLE_PUB = GH('pypa/sampleproject', 'release.yml', '');
const PA_PUB = GH('trailofbits/pypi-attestations', 'release.yml', null);
const GITLAB_PUB: Publisher = {
  kind: 'GitLab',
  repository: 'facutuesca/gitlab-oidc-project',
  workflow_filepath: '.gitlab-ci.yml',
};
const GOOGLE_PUB: Publisher = {
  kind: 'Google',
  email: '919436158236-compute@developer.gserviceaccount.com',
};

export const VALID_CASES: FixtureCase[] = [
  {
    name: 'sampleproject 4.0.0 sdist provenance',
    file: 'attestations/sampleproject-4.0.0/sampleproject-4.0.0.tar.gz.provenance',
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256: SAMPLE_SDIST,
    expect: 'verified',
    identity: 'https://github.com/pypa/sampleproject',
    logIndex: 147137139,
  },
  {
    name: 'sampleproject 4.0.0 wheel attestation',
    file: 'attestations/sampleproject-4.0.0/sampleproject-4.0.0-py3-none-any.whl.attestation',
    publisher: SAMPLE_PUB,
    filename: 'sampleproject-4.0.0-py3-none-any.whl',
    sha256: SAMPLE_WHEEL,
    expect: 'verified',
    identity: 'https://github.com/pypa/sampleproject',
    logIndex: 147137144,
  },
  {
    name: 'sampleproject 4.0.0 provenance, wire format',
    file: 'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256: SAMPLE_SDIST,
    expect: 'verified',
    logIndex: 147137139,
  },
  {
    name: 'sampleproject 4.0.0 provenance, docs example',
    file: 'pypi-api/integrity/docs-example.sampleproject-4.0.0.tar.gz.provenance.json',
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256: SAMPLE_SDIST,
    expect: 'verified',
  },
  {
    name: 'pypi-attestations 0.0.19 sdist provenance',
    file: 'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz.provenance',
    filename: 'pypi_attestations-0.0.19.tar.gz',
    dist: 'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz',
    sha256: PA19,
    expect: 'verified',
    identity: 'https://github.com/trailofbits/pypi-attestations',
    logIndex: 153454663,
  },
  {
    name: 'pypi-attestations 0.0.19 publish attestation',
    file: 'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz.publish.attestation',
    publisher: PA_PUB,
    filename: 'pypi_attestations-0.0.19.tar.gz',
    sha256: PA19,
    expect: 'verified',
    logIndex: 153454663,
  },
  {
    name: 'pypi-attestations 0.0.19 SLSA provenance attestation',
    file: 'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz.slsa.attestation',
    publisher: PA_PUB,
    filename: 'pypi_attestations-0.0.19.tar.gz',
    sha256: PA19,
    expect: 'verified',
    logIndex: 153454647,
  },
  {
    name: 'pypi-attestations 0.0.16 attestation',
    file: 'attestations/pypi-attestations-0.0.16/pypi_attestations-0.0.16.tar.gz.attestation',
    publisher: PA_PUB,
    filename: 'pypi_attestations-0.0.16.tar.gz',
    sha256: 'cbd2b946fe160793606dee4516ef58ac5959456e69630a7f03e7de73aa7f2737',
    expect: 'verified',
    logIndex: 147437327,
  },
  {
    name: 'abi3info 2024.10.8 wheel provenance',
    file: 'attestations/abi3info/abi3info-2024.10.8-py3-none-any.whl.provenance',
    filename: 'abi3info-2024.10.8-py3-none-any.whl',
    dist: 'attestations/abi3info/abi3info-2024.10.8-py3-none-any.whl',
    sha256: ABI3_WHL_8,
    expect: 'verified',
    identity: 'https://github.com/woodruffw/abi3info',
    logIndex: 138157179,
  },
  {
    name: 'abi3info 2024.10.8 sdist provenance',
    file: 'attestations/abi3info/abi3info-2024.10.8.tar.gz.provenance',
    filename: 'abi3info-2024.10.8.tar.gz',
    dist: 'attestations/abi3info/abi3info-2024.10.8.tar.gz',
    sha256: 'f81f9513cba039a5231d6523ca58b071d1d96afe430cd576bfda3e73c8b4e55f',
    expect: 'verified',
    logIndex: 138157177,
  },
  {
    name: 'abi3info 2024.10.3 wheel provenance',
    file: 'attestations/abi3info/abi3info-2024.10.3-py3-none-any.whl.provenance',
    filename: 'abi3info-2024.10.3-py3-none-any.whl',
    dist: 'attestations/abi3info/abi3info-2024.10.3-py3-none-any.whl',
    sha256: '01577e2314093011854ec7e888dc3fd25e19031bc121a8c394430da06e1fd4dc',
    expect: 'verified',
    logIndex: 136619283,
  },
  {
    name: 'GitLab publisher (gitlab_oidc_project 0.0.3)',
    file: 'attestations/gitlab-oidc-project-0.0.3/gitlab_oidc_project-0.0.3.tar.gz.publish.attestation',
    publisher: GITLAB_PUB,
    filename: 'gitlab_oidc_project-0.0.3.tar.gz',
    dist: 'attestations/gitlab-oidc-project-0.0.3/gitlab_oidc_project-0.0.3.tar.gz',
    sha256: 'c1ca9b0d85df1606451098233018534497bf584362e10e4a8c21dfaea92c02a8',
    expect: 'verified',
    identity: 'https://gitlab.com/facutuesca/gitlab-oidc-project',
    logIndex: 149945774,
  },
  {
    name: 'Google publisher (sampleproject 3.0.0)',
    file: 'attestations/sampleproject-3.0.0-google/sampleproject-3.0.0.tar.gz.publish.attestation',
    publisher: GOOGLE_PUB,
    filename: 'sampleproject-3.0.0.tar.gz',
    dist: 'attestations/sampleproject-3.0.0-google/sampleproject-3.0.0.tar.gz',
    sha256: '117ed88e5db073bb92969a7545745fd977ee85b7019706dd256a64058f70963d',
    expect: 'verified',
    identity: '919436158236-compute@developer.gserviceaccount.com',
    logIndex: 125970014,
  },
  {
    name: 'pypi-attestation-models 0.0.4a2 (actions/attest bundle, predicate {})',
    file: 'attestations/pypi-attestation-models-0.0.4a2/pypi_attestation_models-0.0.4a2.tar.gz.attestation',
    publisher: GH('trailofbits/pypi-attestation-models', 'release.yml'),
    filename: 'pypi_attestation_models-0.0.4a2.tar.gz',
    dist: 'attestations/pypi-attestation-models-0.0.4a2/pypi_attestation_models-0.0.4a2.tar.gz',
    sha256: 'c9709ce6fd5b67b59b4a28758cf14d3f411803c4b89b6068b1f1a8e4ee94c8ef',
    expect: 'verified',
    logIndex: 101487427,
  },
  {
    name: 'juwunit 0.1.3 (2026 certificate with deployment environment)',
    file: 'attestations/juwunit-0.1.3/juwunit-0.1.3-cp310-abi3-macosx_10_12_x86_64.whl.publish.attestation',
    publisher: GH('astral-sh/juwunit', 'publish.yml', 'pypi'),
    filename: 'juwunit-0.1.3-cp310-abi3-macosx_10_12_x86_64.whl',
    sha256: '2f6ab4ae98ad829f98100d9884cf101f4e7685f68da68ad020bcca8685fdc130',
    expect: 'verified',
    identity: 'https://github.com/astral-sh/juwunit',
    logIndex: 1526139932,
  },
];

const NEG = 'attestations/negative/';
const SAMPLE_NEG = (file: string, expect: FailedCode): FixtureCase => ({
  name: file.split('.')[0] ?? file,
  file: NEG + file,
  filename: 'sampleproject-4.0.0.tar.gz',
  sha256: SAMPLE_SDIST,
  expect,
});

export const NEGATIVE_CASES: FixtureCase[] = [
  // The DSSE signature differs from the one logged: sigstore-js compares the log body first.
  SAMPLE_NEG('neg01-signature-bitflip.sampleproject-4.0.0.tar.gz.provenance', 'TLOG_BODY_MISMATCH'),
  SAMPLE_NEG(
    'neg02-statement-digest-altered.sampleproject-4.0.0.tar.gz.provenance',
    'TLOG_BODY_MISMATCH',
  ),
  SAMPLE_NEG(
    'neg03-publisher-repository-mismatch.sampleproject-4.0.0.tar.gz.provenance',
    'PUBLISHER_MISMATCH',
  ),
  SAMPLE_NEG(
    'neg04-publisher-workflow-mismatch.sampleproject-4.0.0.tar.gz.provenance',
    'PUBLISHER_MISMATCH',
  ),
  SAMPLE_NEG(
    'neg05-certificate-swapped.sampleproject-4.0.0.tar.gz.provenance',
    'CERTIFICATE_INVALID',
  ),
  SAMPLE_NEG(
    'neg06-inclusion-proof-hash-altered.sampleproject-4.0.0.tar.gz.provenance',
    'TLOG_INCLUSION_PROOF_INVALID',
  ),
  SAMPLE_NEG(
    'neg07-integrated-time-altered.sampleproject-4.0.0.tar.gz.provenance',
    'CERTIFICATE_INVALID',
  ),
  SAMPLE_NEG(
    'neg08-no-transparency-entries.sampleproject-4.0.0.tar.gz.provenance',
    'NO_TRANSPARENCY_ENTRY',
  ),
  SAMPLE_NEG('neg09-empty-attestation-bundles.provenance', 'NO_ATTESTATIONS'),
  SAMPLE_NEG(
    'neg10-checkpoint-signature-altered.sampleproject-4.0.0.tar.gz.provenance',
    'TLOG_CHECKPOINT_INVALID',
  ),
  {
    name: 'tampered distribution (pypi_attestations 0.0.19, last byte flipped)',
    file: 'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz.provenance',
    filename: 'pypi_attestations-0.0.19.tar.gz',
    dist: NEG + 'tampered-dist/pypi_attestations-0.0.19.tar.gz',
    sha256: 'b36637be19d362e3ea917cfb385f29e8afabd10a0683401c84ea6ebfbcce0ff3',
    expect: 'DIGEST_MISMATCH',
  },
  {
    name: 'abi3info 2024.10.3 provenance checked for the 2024.10.8 wheel',
    file: 'attestations/abi3info/abi3info-2024.10.3-py3-none-any.whl.provenance',
    filename: 'abi3info-2024.10.8-py3-none-any.whl',
    sha256: ABI3_WHL_8,
    expect: 'SUBJECT_MISMATCH',
  },
  {
    name: 'sampleproject wheel attestation checked for the sdist',
    file: 'attestations/sampleproject-4.0.0/sampleproject-4.0.0-py3-none-any.whl.attestation',
    publisher: SAMPLE_PUB,
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256: SAMPLE_SDIST,
    expect: 'SUBJECT_MISMATCH',
  },
  {
    name: 'GitLab attestation with the wrong workflow_filepath',
    file: 'attestations/gitlab-oidc-project-0.0.3/gitlab_oidc_project-0.0.3.tar.gz.publish.attestation',
    publisher: { ...GITLAB_PUB, workflow_filepath: 'wrong.yml' },
    filename: 'gitlab_oidc_project-0.0.3.tar.gz',
    sha256: 'c1ca9b0d85df1606451098233018534497bf584362e10e4a8c21dfaea92c02a8',
    expect: 'PUBLISHER_MISMATCH',
  },
  {
    name: 'pypi-attestation-models attestation with the wrong workflow',
    file: 'attestations/pypi-attestation-models-0.0.4a2/pypi_attestation_models-0.0.4a2.tar.gz.attestation',
    publisher: GH('trailofbits/pypi-attestation-models', 'wrong.yml'),
    filename: 'pypi_attestation_models-0.0.4a2.tar.gz',
    sha256: 'c9709ce6fd5b67b59b4a28758cf14d3f411803c4b89b6068b1f1a8e4ee94c8ef',
    expect: 'PUBLISHER_MISMATCH',
  },
  {
    name: 'Google attestation with another service account',
    file: 'attestations/sampleproject-3.0.0-google/sampleproject-3.0.0.tar.gz.publish.attestation',
    publisher: { kind: 'Google', email: 'someone-else@developer.gserviceaccount.com' },
    filename: 'sampleproject-3.0.0.tar.gz',
    sha256: '117ed88e5db073bb92969a7545745fd977ee85b7019706dd256a64058f70963d',
    expect: 'PUBLISHER_MISMATCH',
  },
  {
    name: 'GitHub attestation claimed by a GitLab publisher',
    file: 'attestations/sampleproject-4.0.0/sampleproject-4.0.0-py3-none-any.whl.attestation',
    publisher: {
      kind: 'GitLab',
      repository: 'pypa/sampleproject',
      workflow_filepath: 'release.yml',
    },
    filename: 'sampleproject-4.0.0-py3-none-any.whl',
    sha256: SAMPLE_WHEEL,
    expect: 'PUBLISHER_MISMATCH',
  },
  {
    name: 'production attestation against a root without the Rekor v1 key',
    file: 'attestations/sampleproject-4.0.0/sampleproject-4.0.0.tar.gz.provenance',
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256: SAMPLE_SDIST,
    root: 'trust/derived/sigstore-prod-WITHOUT-rekor-v1-key.trusted_root.json',
    expect: 'TLOG_UNTRUSTED_LOG',
  },
  {
    name: 'production attestation against a root without CT logs',
    file: 'attestations/sampleproject-4.0.0/sampleproject-4.0.0.tar.gz.provenance',
    filename: 'sampleproject-4.0.0.tar.gz',
    sha256: SAMPLE_SDIST,
    root: 'trust/derived/sigstore-prod-WITHOUT-ctlogs.trusted_root.json',
    expect: 'SCT_INVALID',
  },
];

const STAGING_PUB: Publisher = { kind: 'GitHub', repository: 'n/a', workflow: 'n/a' };
/** Signed on Sigstore's staging instance by a personal identity (not a Trusted Publisher). */
export const STAGING_CASES = [
  {
    name: 'rfc8785 0.1.2 wheel (staging)',
    file: 'attestations/staging-rfc8785-0.1.2/rfc8785-0.1.2-py3-none-any.whl.publish.attestation',
    filename: 'rfc8785-0.1.2-py3-none-any.whl',
    sha256: 'c4e92e9ecc828bef2aa7dba1de8ac983511f7532a0df11c770d39099a25cf201',
    publisher: STAGING_PUB,
  },
  {
    name: 'rfc8785 0.1.2 wheel, other serialization (staging)',
    file: 'attestations/staging-rfc8785-0.1.2/rfc8785-0.1.2-py3-none-any.whl.attestation',
    filename: 'rfc8785-0.1.2-py3-none-any.whl',
    sha256: 'c4e92e9ecc828bef2aa7dba1de8ac983511f7532a0df11c770d39099a25cf201',
    publisher: STAGING_PUB,
  },
  {
    // The subject lists the compressed tags in the other order: names compare after parsing.
    name: 'spt3g 1.0 wheel, tags in another order (staging)',
    file: 'attestations/staging-spt3g-1.0/spt3g-1.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl.publish.attestation',
    filename: 'spt3g-1.0-cp310-cp310-manylinux2014_x86_64.manylinux_2_17_x86_64.whl',
    sha256: 'd2772f9a5199f05ed1be8d9aa78b879e51772e3ead9d73fe8057257b1aec7cf8',
    publisher: STAGING_PUB,
  },
] satisfies (Omit<FixtureCase, 'expect'> & { publisher: Publisher })[];

export const STAGING_IDENTITY = {
  san: 'william@yossarian.net',
  issuer: 'https://github.com/login/oauth',
};
