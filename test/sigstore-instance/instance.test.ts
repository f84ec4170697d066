/**
 * The test Sigstore instance against our real verifier: its attestations verify end to end
 * (certificate chain, SCT, SET or TSA timestamp, checkpoint, Merkle proof, log body, DSSE
 * signature, statement, publisher policy) with its own trusted root, and never with the
 * production root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/core/result.js';
import { verifyProvenance } from '../../src/core/provenance/verify.js';
import { loadTrust } from '../../src/core/sigstore/trust.js';
import productionRootJson from '../../src/generated/trusted-root.json' with { type: 'json' };
import {
  createTestInstance,
  DEFAULT_SIGNED_AT,
  loadInstance,
  saveInstance,
  type AttestRequest,
  type GitHubIdentity,
  type Identity,
  type Provenance,
  type PublisherJSON,
} from './index.js';
import { makeScenarios } from './scenarios.js';

const SHA = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);
const GH: GitHubIdentity = {
  kind: 'GitHub',
  repository: 'example/sampleproj',
  workflow: 'release.yml',
  ref: 'refs/tags/v1.0',
  environment: 'pypi',
};
const GITLAB: Identity = {
  kind: 'GitLab',
  repository: 'group/sub/sampleproj',
  workflow: 'ci/release.gitlab-ci.yml',
  ref: 'refs/tags/v1.0',
};
const GOOGLE: Identity = { kind: 'Google', email: 'publisher@example.iam.gserviceaccount.com' };

const instance = createTestInstance({ seed: 'instance.test.ts' });
const trust = loadTrust(instance.trustedRoot);

function req(over: Partial<AttestRequest> = {}): AttestRequest {
  return {
    filename: 'sampleproj-1.0.tar.gz',
    sha256: SHA(1),
    identity: GH,
    rekor: 'v1',
    ...over,
  };
}

function verify(r: AttestRequest, provenance: Provenance, withTrust = true): FileResult {
  return verifyProvenance({
    filename: r.filename,
    sha256: r.sha256,
    provenance,
    ...(withTrust && { trust }),
  });
}

function verified(result: FileResult) {
  expect(result, JSON.stringify(result)).toMatchObject({ state: 'verified' });
  if (result.state !== 'verified') throw new Error('unreachable');
  return result;
}

describe('attestations from the test instance verify with its trusted root', () => {
  it.each(['v1', 'v2'] as const)('GitHub, Rekor %s', (rekor) => {
    const r = req({ rekor });
    const result = verified(verify(r, instance.provenance(r)));
    expect(result.publisher).toEqual({
      kind: 'GitHub',
      repository: 'example/sampleproj',
      workflow: 'release.yml',
      environment: 'pypi',
    });
    const [att] = result.attestations;
    expect(att?.predicateType).toBe('https://docs.pypi.org/attestations/publish/v1');
    expect(att?.signer).toMatchObject({
      identity:
        'https://github.com/example/sampleproj/.github/workflows/release.yml@refs/tags/v1.0',
      issuer: 'https://token.actions.githubusercontent.com',
      repositoryUrl: 'https://github.com/example/sampleproj',
      workflowPath: '.github/workflows/release.yml',
      ref: 'refs/tags/v1.0',
      trigger: 'push',
      environment: 'pypi',
      runner: 'github-hosted',
      repositoryVisibility: 'public',
    });
    expect(att?.signer.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(att?.signer.runUrl).toMatch(
      /^https:\/\/github\.com\/example\/sampleproj\/actions\/runs\/\d+\/attempts\/1$/,
    );
    expect(att?.signedAt).toBe(DEFAULT_SIGNED_AT.toISOString());
  });

  it('Rekor v1: the integrated time (backed by the SET) is the signing time', () => {
    const signedAt = new Date('2026-02-03T04:05:06Z');
    const r = req({ rekor: 'v1', signedAt });
    const [att] = verified(verify(r, instance.provenance(r))).attestations;
    const entry = att?.tlogEntries[0];
    expect(entry).toMatchObject({
      kind: 'dsse',
      version: '0.0.1',
      logUrl: instance.urls.rekorV1,
      integratedTime: signedAt.toISOString(),
    });
    expect(entry?.logIndex).toBeGreaterThanOrEqual(150_000_000); // global, not shard-local
    expect(att?.signedAt).toBe(signedAt.toISOString());
  });

  it('Rekor v2: no integrated time; the signing time comes from the TSA', () => {
    const signedAt = new Date('2026-02-03T04:05:06Z');
    const r = req({ rekor: 'v2', signedAt });
    const provenance = instance.provenance(r);
    const attestation = provenance.attestation_bundles[0]?.attestations[0];
    expect(attestation?.verification_material.transparency_entries[0]).toMatchObject({
      kindVersion: { kind: 'hashedrekord', version: '0.0.2' },
      integratedTime: '0',
    });
    expect(attestation?.verification_material.transparency_entries[0]).not.toHaveProperty(
      'inclusionPromise',
    );
    expect(attestation?.verification_material.timestamps).toHaveLength(1);
    const [att] = verified(verify(r, provenance)).attestations;
    const entry = att?.tlogEntries[0];
    expect(entry).toMatchObject({ kind: 'hashedrekord', version: '0.0.2' });
    expect(entry).not.toHaveProperty('integratedTime');
    expect(entry?.entryUrl).toMatch(/^https:\/\/log2025-1\.rekor\.sigstore\.test\/api\/v2\/tile\//);
    expect(att?.signedAt).toBe(signedAt.toISOString());
  });

  it('Rekor v2 with integratedTime omitted (protobuf JSON drops zeros) verifies too', () => {
    const r = req({ rekor: 'v2' });
    const provenance = instance.provenance(r);
    const entry = provenance.attestation_bundles[0]?.attestations[0]?.verification_material
      .transparency_entries[0] as unknown as Record<string, unknown>;
    delete entry.integratedTime;
    verified(verify(r, provenance));
  });

  it('Rekor v2 without its timestamp fails: there is no signed time', () => {
    const r = req({ rekor: 'v2', timestamp: false });
    expect(verify(r, instance.provenance(r))).toMatchObject({
      state: 'failed',
      code: 'TIMESTAMP_INVALID',
    });
  });

  it('Rekor v1 with an extra TSA timestamp verifies', () => {
    const r = req({ rekor: 'v1', timestamp: true });
    verified(verify(r, instance.provenance(r)));
  });

  it.each(['v1', 'v2'] as const)('GitLab, Rekor %s', (rekor) => {
    const r = req({ rekor, identity: GITLAB, filename: 'sampleproj-1.0-py3-none-any.whl' });
    const result = verified(verify(r, instance.provenance(r)));
    expect(result.publisher).toEqual({
      kind: 'GitLab',
      repository: 'group/sub/sampleproj',
      workflow_filepath: 'ci/release.gitlab-ci.yml',
      environment: null,
    });
    expect(result.attestations[0]?.signer).toMatchObject({
      identity: 'https://gitlab.com/group/sub/sampleproj//ci/release.gitlab-ci.yml@refs/tags/v1.0',
      issuer: 'https://gitlab.com',
      repositoryUrl: 'https://gitlab.com/group/sub/sampleproj',
      workflowPath: 'ci/release.gitlab-ci.yml',
      runner: 'gitlab-hosted',
    });
    expect(result.attestations[0]?.signer.runUrl).toMatch(/\/-\/jobs\/\d+$/);
  });

  it('Google service account', () => {
    const r = req({ identity: GOOGLE });
    const result = verified(verify(r, instance.provenance(r)));
    expect(result.attestations[0]?.signer).toMatchObject({
      identity: 'publisher@example.iam.gserviceaccount.com',
      issuer: 'https://accounts.google.com',
    });
  });

  it('publish and SLSA attestations in one bundle', () => {
    const provenance = instance.provenance([req(), req({ predicateType: 'slsa', rekor: 'v2' })]);
    const result = verified(verify(req(), provenance));
    expect(result.attestations.map((a) => a.predicateType)).toEqual([
      'https://docs.pypi.org/attestations/publish/v1',
      'https://slsa.dev/provenance/v1',
    ]);
  });

  it('a self-hosted runner, a commit and a reusable workflow show in the signer', () => {
    const commit = 'abcdef0123456789abcdef0123456789abcdef01';
    const identity: GitHubIdentity = {
      ...GH,
      commit,
      runner: 'self-hosted',
      reusableWorkflow: 'example/shared/.github/workflows/pypi.yml@refs/heads/main',
    };
    const r = req({ identity });
    const [att] = verified(verify(r, instance.provenance(r))).attestations;
    expect(att?.signer).toMatchObject({
      identity: 'https://github.com/example/shared/.github/workflows/pypi.yml@refs/heads/main',
      buildConfigUri:
        'https://github.com/example/sampleproj/.github/workflows/release.yml@refs/tags/v1.0',
      commit,
      runner: 'self-hosted',
    });
  });
});

describe('scenarios', () => {
  it('a publisher mismatch is detected (PUBLISHER_MISMATCH)', () => {
    const r = req();
    const other: PublisherJSON = { ...instance.publisherFor(GH), repository: 'evil/sampleproj' };
    expect(verify(r, instance.provenance(r, other))).toMatchObject({
      state: 'failed',
      code: 'PUBLISHER_MISMATCH',
    });
    const otherWorkflow: PublisherJSON = { ...instance.publisherFor(GH), workflow: 'other.yml' };
    expect(verify(r, instance.provenance(r, otherWorkflow))).toMatchObject({
      state: 'failed',
      code: 'PUBLISHER_MISMATCH',
    });
    // A GitLab certificate under a GitHub publisher: wrong issuer.
    const gitlab = req({ identity: GITLAB });
    expect(verify(gitlab, instance.provenance(gitlab, instance.publisherFor(GH)))).toMatchObject({
      state: 'failed',
      code: 'PUBLISHER_MISMATCH',
    });
  });

  it('a repository change across two releases: each verifies against its own publisher', () => {
    const v1 = req({ filename: 'sampleproj-1.0.tar.gz', sha256: SHA(0x10) });
    const moved: GitHubIdentity = {
      ...GH,
      repository: 'new-owner/sampleproj',
      ref: 'refs/tags/v1.1',
    };
    const v2 = req({
      filename: 'sampleproj-1.1.tar.gz',
      sha256: SHA(0x11),
      identity: moved,
      signedAt: new Date('2026-03-01T00:00:00Z'),
    });
    const first = verified(verify(v1, instance.provenance(v1)));
    const second = verified(verify(v2, instance.provenance(v2)));
    expect(first.publisher.repository).toBe('example/sampleproj');
    expect(second.publisher.repository).toBe('new-owner/sampleproj');
    expect(first.attestations[0]?.signer.repositoryUrl).toBe(
      'https://github.com/example/sampleproj',
    );
    expect(second.attestations[0]?.signer.repositoryUrl).toBe(
      'https://github.com/new-owner/sampleproj',
    );
    // ...and neither verifies under the other's publisher.
    expect(verify(v2, instance.provenance(v2, instance.publisherFor(GH)))).toMatchObject({
      state: 'failed',
      code: 'PUBLISHER_MISMATCH',
    });
  });

  it('a signature logged after the certificate expired fails (CERTIFICATE_INVALID)', () => {
    const signedAt = new Date('2026-01-01T12:00:00Z');
    for (const rekor of ['v1', 'v2'] as const) {
      const r = req({
        rekor,
        signedAt,
        certificateIssuedAt: new Date(signedAt.getTime() - 11 * 60_000),
      });
      expect(verify(r, instance.provenance(r))).toMatchObject({
        state: 'failed',
        code: 'CERTIFICATE_INVALID',
      });
    }
  });

  it('the statement binds the file: another digest or filename fails', () => {
    const r = req();
    const provenance = instance.provenance(r);
    expect(
      verifyProvenance({ filename: r.filename, sha256: SHA(2), provenance, trust }),
    ).toMatchObject({ state: 'failed', code: 'DIGEST_MISMATCH' });
    expect(
      verifyProvenance({ filename: 'other-1.0.tar.gz', sha256: r.sha256, provenance, trust }),
    ).toMatchObject({ state: 'failed', code: 'SUBJECT_MISMATCH' });
  });

  it('an edited statement breaks the signature and the log binding', () => {
    const r = req();
    const provenance = instance.provenance(r);
    const att = provenance.attestation_bundles[0]?.attestations[0];
    if (!att) throw new Error('no attestation');
    const statement = JSON.parse(Buffer.from(att.envelope.statement, 'base64').toString()) as {
      predicateType: string;
    };
    statement.predicateType = 'https://slsa.dev/provenance/v1';
    att.envelope.statement = Buffer.from(JSON.stringify(statement)).toString('base64');
    expect(verify(r, provenance)).toMatchObject({ state: 'failed', code: 'TLOG_BODY_MISMATCH' });
  });
});

describe('trusted-root variations (what a stale or rotated bundled root does)', () => {
  type Root = typeof instance.trustedRoot;
  /**
   * The instance's root edited; its keys start 2020-01-01. With `newestKey`, it also lists
   * another instance's log from that date: a root that is newer than that.
   */
  function withRoot(r: AttestRequest, edit: (root: Root) => void, newestKey?: string): FileResult {
    const root = structuredClone(instance.trustedRoot);
    edit(root);
    if (newestKey) {
      const other = structuredClone(
        createTestInstance({ seed: 'newer key' }).trustedRoot.tlogs[0]!,
      );
      other.publicKey.validFor.start = newestKey;
      root.tlogs.push(other);
    }
    return verifyProvenance({
      filename: r.filename,
      sha256: r.sha256,
      provenance: instance.provenance(r),
      trust: loadTrust(root),
    });
  }
  const outdated = { state: 'unsupported', code: 'TRUST_ROOT_OUTDATED' } as const;
  // Each part missing: signed (2025-10-01) after the root's newest key (2020-01-01), it may be
  // one Sigstore added since; the root's date moved past the signature, it is a failure.
  const missing: [string, AttestRequest, (root: Root) => void, string][] = [
    [
      'a Rekor v1 log',
      req(),
      (root) => (root.tlogs = root.tlogs.filter((t) => t.baseUrl !== instance.urls.rekorV1)),
      'TLOG_UNTRUSTED_LOG',
    ],
    [
      'a Rekor v2 log',
      req({ rekor: 'v2' }),
      (root) => (root.tlogs = root.tlogs.filter((t) => t.baseUrl !== instance.urls.rekorV2)),
      'TLOG_UNTRUSTED_LOG',
    ],
    ['a CT log', req(), (root) => (root.ctlogs = []), 'SCT_INVALID'],
    [
      'the TSA',
      req({ rekor: 'v2' }),
      (root) => (root.timestampAuthorities = []),
      'TIMESTAMP_INVALID',
    ],
  ];

  it.each(missing)('%s missing from an older root: TRUST_ROOT_OUTDATED', (_name, r, edit) => {
    expect(withRoot(r, edit)).toMatchObject(outdated);
  });

  it.each(missing)('%s missing from a newer root: failed', (_name, r, edit, code) => {
    // The root has a key newer than the signature: the missing part cannot be new.
    const result = withRoot(r, edit, '2025-11-01T00:00:00Z');
    expect(result).toMatchObject({ state: 'failed' });
    if (code !== 'TIMESTAMP_INVALID') expect(result).toMatchObject({ code });
  });

  it('a CA whose validity in the root ended before the signing time fails', () => {
    const result = withRoot(req(), (root) => {
      const ca = root.certificateAuthorities[0];
      if (ca) ca.validFor = { ...ca.validFor, end: '2025-01-01T00:00:00Z' } as typeof ca.validFor;
    });
    // Reported as CERTIFICATE_INVALID, not UNTRUSTED_CERTIFICATE: sigstore-js filters the CAs
    // by validity first and then fails without a "no trusted path" cause.
    expect(result).toMatchObject({ state: 'failed', code: 'CERTIFICATE_INVALID' });
  });
});

describe('the production root rejects test attestations', () => {
  it.each(['v1', 'v2'] as const)('Rekor %s, signed after its newest key: unsupported', (rekor) => {
    // Signed 2025-10-01, after the production root's newest key (2025-09-23), through a CA and
    // log it lacks: "the root may be outdated", never verified (src/core/sigstore/outdated.ts).
    const r = req({ rekor });
    const result = verify(r, instance.provenance(r), false);
    expect(result).toMatchObject({ state: 'unsupported', code: 'TRUST_ROOT_OUTDATED' });
  });

  it.each(['v1', 'v2'] as const)('Rekor %s, signed before its newest key: failed', (rekor) => {
    const r = req({ rekor, signedAt: new Date('2025-06-01T12:00:00Z') });
    const result = verify(r, instance.provenance(r), false);
    expect(result.state).toBe('failed');
    // Rekor v1: the certificate chains to no production CA. Rekor v2: sigstore-js checks the
    // RFC 3161 timestamps first, and no production TSA signed this one; the reason given is
    // still the untrusted certificate (verify-bundle.ts), not TIMESTAMP_INVALID.
    const expected =
      rekor === 'v1' ? ['UNTRUSTED_CERTIFICATE', 'TLOG_UNTRUSTED_LOG'] : ['UNTRUSTED_CERTIFICATE'];
    expect(expected, JSON.stringify(result)).toContain(result.state === 'failed' && result.code);
  });

  it('the production root and the test root share no key', () => {
    const keys = (root: unknown): string[] =>
      JSON.stringify(root).match(/"rawBytes":"[^"]+"/g) ?? [];
    const prod = new Set(keys(productionRootJson));
    expect(keys(instance.trustedRoot).length).toBeGreaterThan(0);
    expect(keys(instance.trustedRoot).filter((k) => prod.has(k))).toEqual([]);
  });
});

describe('ready-made scenarios (cli.ts → scenarios.json)', () => {
  const scenarioInstance = createTestInstance();
  const scenarios = makeScenarios(scenarioInstance);
  const scenarioTrust = loadTrust(scenarioInstance.trustedRoot);
  const files = Object.entries(scenarios).flatMap(([project, versions]) =>
    Object.entries(versions).flatMap(([version, list]) =>
      list.map((f) => [`${project} ${version} ${f.filename}`, f] as const),
    ),
  );

  it('cover several projects and both logs', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
    const kinds = new Set(
      files.flatMap(([, f]) =>
        f.provenance.attestation_bundles.flatMap((b) =>
          b.attestations.map(
            (a) => a.verification_material.transparency_entries[0]?.kindVersion.kind,
          ),
        ),
      ),
    );
    expect([...kinds].sort()).toEqual(['dsse', 'hashedrekord']);
  });

  it.each(files)('%s → its expected outcome', (_name, f) => {
    const result = verifyProvenance({
      filename: f.filename,
      sha256: f.sha256,
      provenance: f.provenance,
      trust: scenarioTrust,
    });
    if (f.expect === 'verified') verified(result);
    else expect(result).toMatchObject({ state: 'failed', code: f.expect });
  });
});

describe('determinism and persistence', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the same seed gives the same root and the same attestations', () => {
    const a = createTestInstance({ seed: 'same' });
    const b = createTestInstance({ seed: 'same' });
    expect(b.trustedRoot).toEqual(a.trustedRoot);
    expect(b.attest(req({ rekor: 'v2' }))).toEqual(a.attest(req({ rekor: 'v2' })));
    expect(b.attest(req())).toEqual(a.attest(req()));
    expect(createTestInstance({ seed: 'other' }).trustedRoot).not.toEqual(a.trustedRoot);
  });

  it('saveInstance/loadInstance go on with the same keys and logs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigstore-instance-'));
    dirs.push(dir);
    const a = createTestInstance({ seed: 'persisted' });
    a.attest(req());
    a.attest(req({ rekor: 'v2' }));
    saveInstance(a, dir);
    const b = loadInstance(dir);
    expect(b.trustedRoot).toEqual(a.trustedRoot);
    expect(b.state()).toEqual(a.state());
    // The next entries continue both logs identically.
    const next = req({ rekor: 'v1' });
    const fromA = a.attest(next);
    const fromB = b.attest(next);
    expect(fromB).toEqual(fromA);
    const result = verifyProvenance({
      filename: next.filename,
      sha256: next.sha256,
      provenance: {
        version: 1,
        attestation_bundles: [{ publisher: b.publisherFor(GH), attestations: [fromB] }],
      },
      trust: loadTrust(b.trustedRoot),
    });
    verified(result);
    const proof = fromB.verification_material.transparency_entries[0]?.inclusionProof;
    // 5 initial entries, then the first attestation (run 0: no filler after it).
    expect(Number(proof?.logIndex)).toBe(6);
    expect(Number(fromB.verification_material.transparency_entries[0]?.logIndex)).toBe(150_000_006);
  });
});
