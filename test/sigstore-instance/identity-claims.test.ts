/**
 * Signed certificate claims, end to end through the real verifier with certificates from the
 * test Sigstore instance (issue 11 §5, §6): reusable workflows, repository and owner IDs,
 * claims read only from the certificate, issuers as pypi-attestations reads them, unknown
 * extensions, predicates as PyPI accepts them, Rekor v2 `dsse` 0.0.2 entries.
 */
import { describe, expect, it } from 'vitest';
import { computeWarnings, identityOf, type TimelineEntry } from '../../src/core/history.js';
import { checkMemory, observeRelease, remember } from '../../src/core/memory.js';
import { checkLogBodyCertificate } from '../../src/core/provenance/log-body.js';
import { verifyProvenance } from '../../src/core/provenance/verify.js';
import type { FileResult } from '../../src/core/result.js';
import { riskHints } from '../../src/core/risk.js';
import { loadTrust } from '../../src/core/sigstore/trust.js';
import { decodeBase64 } from '../../src/core/encoding.js';
import { utf8String } from './der.js';
import {
  createTestInstance,
  type AttestRequest,
  type GitHubIdentity,
  type Provenance,
  type PublisherJSON,
} from './index.js';

const SHA = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);
const GH: GitHubIdentity = {
  kind: 'GitHub',
  repository: 'acme/pkg',
  workflow: 'release.yml',
  ref: 'refs/tags/v1.0',
  environment: 'pypi',
};

const instance = createTestInstance({ seed: 'identity-claims.test.ts' });
const trust = loadTrust(instance.trustedRoot);

function req(over: Partial<AttestRequest> = {}): AttestRequest {
  return { filename: 'pkg-1.0.tar.gz', sha256: SHA(1), identity: GH, rekor: 'v1', ...over };
}

function verify(r: AttestRequest, publisher?: PublisherJSON): FileResult {
  return verifyProvenance({
    filename: r.filename,
    sha256: r.sha256,
    provenance: instance.provenance(r, publisher),
    trust,
  });
}

function verified(result: FileResult) {
  expect(result, JSON.stringify(result)).toMatchObject({ state: 'verified' });
  if (result.state !== 'verified') throw new Error('unreachable');
  return result;
}

describe('a reusable workflow did the signing', () => {
  it('in another repository: the signer is exposed and a risk note names it', () => {
    const r = req({
      identity: { ...GH, reusableWorkflow: 'shared-org/workflows/.github/workflows/pypi.yml@v2' },
    });
    // The publisher PyPI trusts is the caller (Build Config URI): verified.
    const result = verified(verify(r));
    const att = result.attestations[0]!;
    expect(att.signer).toMatchObject({
      repositoryUrl: 'https://github.com/acme/pkg',
      workflowPath: '.github/workflows/release.yml',
      identity: 'https://github.com/shared-org/workflows/.github/workflows/pypi.yml@v2',
      signerRepositoryUrl: 'https://github.com/shared-org/workflows',
      signerWorkflowPath: '.github/workflows/pypi.yml',
      signerRef: 'v2',
    });
    const hints = riskHints(att, result.publisher);
    expect(hints.map((h) => h.code)).toContain('OTHER_REPOSITORY_WORKFLOW');
    expect(hints.find((h) => h.code === 'OTHER_REPOSITORY_WORKFLOW')?.message).toContain(
      'shared-org/workflows/.github/workflows/pypi.yml@v2',
    );
  });

  it('in another repository under the same file name: compared by full path, still noted', () => {
    const r = req({
      identity: { ...GH, reusableWorkflow: 'evil/x/.github/workflows/release.yml@main' },
    });
    const result = verified(verify(r));
    expect(riskHints(result.attestations[0]!, result.publisher).map((h) => h.code)).toContain(
      'OTHER_REPOSITORY_WORKFLOW',
    );
  });

  it('in the same repository: noted as another workflow of it', () => {
    const r = req({
      identity: { ...GH, reusableWorkflow: 'acme/pkg/.github/workflows/build.yml@refs/tags/v1.0' },
    });
    const hints = riskHints(verified(verify(r)).attestations[0]!);
    expect(hints.map((h) => h.code)).toEqual(['OTHER_SIGNING_WORKFLOW']);
    expect(hints[0]!.message).toContain('acme/pkg/.github/workflows/build.yml@refs/tags/v1.0');
  });

  it('no reusable workflow: no note', () => {
    expect(riskHints(verified(verify(req())).attestations[0]!)).toEqual([]);
  });
});

describe('risk notes and the remembered identity read only signed claims', () => {
  it('a publisher claiming an environment the certificate lacks changes neither', () => {
    const identity = { ...GH, environment: undefined } as GitHubIdentity;
    const r = req({ identity });
    // The unsigned publisher object says "pypi"; the certificate has no OID .23.
    const publisher = { ...instance.publisherFor(identity), environment: 'pypi' } as PublisherJSON;
    const result = verified(verify(r, publisher));
    expect(result.publisher.environment).toBe('pypi');
    expect(result.attestations[0]!.signer.environment).toBeUndefined();
    expect(riskHints(result.attestations[0]!, result.publisher).map((h) => h.code)).toEqual([
      'NO_ENVIRONMENT',
    ]);
    expect(identityOf(result)?.environment).toBe('');
  });

  it('the environment in the certificate is the one remembered', () => {
    const result = verified(verify(req()));
    expect(identityOf(result)?.environment).toBe('pypi');
    expect(riskHints(result.attestations[0]!)).toEqual([]);
  });
});

describe('repository and owner IDs (OIDs .15 and .17)', () => {
  const signed = (version: string, ids: { repositoryId: string; ownerId: string }) =>
    verified(
      verify(
        req({
          filename: `pkg-${version}.tar.gz`,
          identity: { ...GH, ref: `refs/tags/v${version}`, ...ids },
        }),
      ),
    );
  const original = signed('1.0', { repositoryId: '100200300', ownerId: '4005006' });
  const recreated = signed('2.0', { repositoryId: '700800900', ownerId: '1002003' });
  const entry = (version: string, result: FileResult): TimelineEntry => ({
    version,
    filename: result.filename,
    result,
    ...(identityOf(result) && { identity: identityOf(result)! }),
  });

  it('are read from the certificate into the identity', () => {
    expect(original.attestations[0]!.signer).toMatchObject({
      repositoryId: '100200300',
      ownerId: '4005006',
    });
    expect(identityOf(original)).toEqual({
      kind: 'GitHub',
      repository: 'https://github.com/acme/pkg',
      workflow: '.github/workflows/release.yml',
      environment: 'pypi',
      repositoryId: '100200300',
      ownerId: '4005006',
    });
  });

  it('a same-named repository re-created by someone else is a publisher change', () => {
    const timeline = [entry('2.0', recreated), entry('1.0', original)];
    const [w] = computeWarnings('2.0', [recreated], timeline);
    expect(w).toMatchObject({
      kind: 'publisher-changed',
      changed: ['repositoryId', 'ownerId'],
      previous: { version: '1.0' },
    });
  });

  it('and against memory: remembered, then flagged', () => {
    const m = remember(undefined, { ...observeRelease([original]), version: '1.0' }, 1);
    const [alert] = checkMemory(m, observeRelease([recreated]));
    expect(alert).toMatchObject({ kind: 'identity-differs', changed: ['repositoryId', 'ownerId'] });
    expect(alert!.message).toContain('repository ID 100200300 → 700800900');
  });

  it('the same repository in a later release raises nothing', () => {
    const again = signed('1.1', { repositoryId: '100200300', ownerId: '4005006' });
    const timeline = [entry('1.1', again), entry('1.0', original)];
    expect(computeWarnings('1.1', [again], timeline)).toEqual([]);
    const m = remember(undefined, { ...observeRelease([original]), version: '1.0' }, 1);
    expect(checkMemory(m, observeRelease([again]))).toEqual([]);
  });
});

describe('the issuer, as pypi-attestations reads it', () => {
  it('GitHub: a certificate without the Issuer (V2) extension .8 fails, even with .1', () => {
    const r = req({ extensions: { omit: [8] } });
    expect(verify(r)).toMatchObject({ state: 'failed', code: 'PUBLISHER_MISMATCH' });
  });
  it('GitLab: likewise', () => {
    const r = req({
      identity: { kind: 'GitLab', repository: 'group/proj', workflow: '.gitlab-ci.yml' },
      extensions: { omit: [8] },
    });
    expect(verify(r)).toMatchObject({ state: 'failed', code: 'PUBLISHER_MISMATCH' });
  });
  it('GitHub: a certificate without the deprecated .1 but with .8 verifies', () => {
    verified(verify(req({ extensions: { omit: [1] } })));
  });
  it('Google: the deprecated Issuer (V1) extension .1 is the one compared', () => {
    const identity = { kind: 'Google', email: 'sa@p.iam.gserviceaccount.com' } as const;
    verified(verify(req({ identity, extensions: { omit: [8] } })));
    expect(verify(req({ identity, extensions: { omit: [1] } }))).toMatchObject({
      state: 'failed',
      code: 'PUBLISHER_MISMATCH',
    });
  });
});

describe('certificate extensions we do not know are ignored', () => {
  it.each([
    ['1.3.6.1.4.1.57264.1.24 (a Fulcio claim added later)', '1.3.6.1.4.1.57264.1.24'],
    ['1.3.6.1.4.1.57264.1.99', '1.3.6.1.4.1.57264.1.99'],
    ['1.3.6.1.4.1.57264.2.1', '1.3.6.1.4.1.57264.2.1'],
  ])('%s', (_label, oid) => {
    const plain = verified(verify(req()));
    const r = req({ extensions: { extra: [{ oid, value: utf8String('something new') }] } });
    const result = verified(verify(r));
    // Every claim read as without it (the run URL names each signing's own run).
    const { runUrl: _a, ...got } = result.attestations[0]!.signer;
    const { runUrl: _b, ...expected } = plain.attestations[0]!.signer;
    expect(got).toEqual(expected);
  });
});

describe('the statement predicate, as PyPI and pypi-attestations accept it', () => {
  it('publish/v1 with a non-empty predicate verifies', () => {
    verified(verify(req({ predicate: { note: 'anything' } })));
  });
  it('publish/v1 with an empty object, null or no predicate verifies', () => {
    for (const predicate of [{}, null, undefined]) verified(verify(req({ predicate })));
  });
  it.each([
    ['a string', 'x'],
    ['an array', []],
    ['a number', 1],
  ])('a predicate that is %s is not an in-toto statement', (_label, predicate) => {
    expect(verify(req({ predicate }))).toMatchObject({
      state: 'failed',
      code: 'STATEMENT_INVALID',
    });
    expect(verify(req({ predicateType: 'slsa', predicate }))).toMatchObject({
      state: 'failed',
      code: 'STATEMENT_INVALID',
    });
  });
});

describe('Rekor v2 dsse 0.0.2 entries (with an RFC 3161 timestamp)', () => {
  const dsse = (over: Partial<AttestRequest> = {}) =>
    req({ rekor: 'v2', rekorV2Kind: 'dsse', ...over });

  it('verify, with links to the log', () => {
    const result = verified(verify(dsse()));
    expect(result.attestations[0]!.tlogEntries[0]).toMatchObject({
      kind: 'dsse',
      version: '0.0.2',
      logUrl: instance.urls.rekorV2,
    });
    expect(result.attestations[0]!.signedAt).toBeDefined();
  });

  it('fail without the timestamp (Rekor v2 gives no signed time)', () => {
    expect(verify(dsse({ timestamp: false }))).toMatchObject({
      state: 'failed',
      code: 'TIMESTAMP_INVALID',
    });
  });

  it('fail when the envelope is not the one logged', () => {
    const r = dsse();
    const p = instance.provenance(r) as Provenance;
    const other = instance.attest(dsse({ sha256: SHA(2) }));
    const att = p.attestation_bundles[0]!.attestations[0]!;
    // This envelope's own signature, under another entry of the same log and certificate kind.
    att.verification_material.transparency_entries =
      other.verification_material.transparency_entries;
    const result = verifyProvenance({
      filename: r.filename,
      sha256: r.sha256,
      provenance: p,
      trust,
    });
    expect(result.state).toBe('failed');
  });

  it('fail when the entry names another certificate', () => {
    const a = instance.attest(dsse());
    const b = instance.attest(dsse({ sha256: SHA(3) }));
    const entry = a.verification_material.transparency_entries[0]!;
    expect(() =>
      checkLogBodyCertificate(
        'dsse/0.0.2',
        entry.canonicalizedBody,
        decodeBase64(b.verification_material.certificate),
      ),
    ).toThrow(expect.objectContaining({ code: 'TLOG_BODY_MISMATCH' }));
    expect(() =>
      checkLogBodyCertificate(
        'dsse/0.0.2',
        entry.canonicalizedBody,
        decodeBase64(a.verification_material.certificate),
      ),
    ).not.toThrow();
  });

  it('are never verified by the production root: another instance', () => {
    const r = dsse();
    const result = verifyProvenance({
      filename: r.filename,
      sha256: r.sha256,
      provenance: instance.provenance(r),
    });
    // Signed after the production root's newest key through a CA and log it lacks: it may be
    // one Sigstore added since (src/core/sigstore/outdated.ts); before that date, failed.
    expect(result).toMatchObject({ state: 'unsupported', code: 'TRUST_ROOT_OUTDATED' });
    const early = { ...r, signedAt: new Date('2025-06-01T12:00:00Z') };
    expect(
      verifyProvenance({
        filename: r.filename,
        sha256: r.sha256,
        provenance: instance.provenance(early),
      }),
    ).toMatchObject({ state: 'failed', code: 'UNTRUSTED_CERTIFICATE' });
  });
});
