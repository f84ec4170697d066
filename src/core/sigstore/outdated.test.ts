/**
 * TRUST_ROOT_OUTDATED (outdated.ts): a bundle that fails only because it names a CA, CT log,
 * Rekor log or TSA the trust root lacks, signed after the root's newest key, is `unsupported`;
 * before that date, or with any other failure, it stays `failed`, and it is never `verified`.
 * Two test Sigstore instances: the root in force is instance A's (dated 2025-06-01), with parts
 * removed to stand for a Sigstore that added them since; instance B is another instance
 * altogether (every authority unknown), which is also what an attacker with their own CA and
 * log looks like.
 */
import { describe, expect, it } from 'vitest';
import { VALID_CASES } from '../../../test/cases.js';
import { readFixtureJson } from '../../../test/fixtures.js';
import { caseProvenance } from '../../../test/load-case.js';
import {
  createTestInstance,
  type AttestRequest,
  type Provenance,
  type TrustedRootJSON,
} from '../../../test/sigstore-instance/index.js';
import type { FileResult } from '../result.js';
import trustInfo from '../../generated/trust-info.json' with { type: 'json' };
import productionRootJson from '../../generated/trusted-root.json' with { type: 'json' };
import { verifyProvenance } from '../provenance/verify.js';
import { loadTrust, newestKeyDate, type Trust } from './trust.js';

const A = createTestInstance({ seed: 'outdated.test.ts A' });
const B = createTestInstance({ seed: 'outdated.test.ts B' });
/** Gives the root in force its newest key: one of its logs, which nothing here signs with. */
const C = createTestInstance({ seed: 'outdated.test.ts C' });

/** The date of the root in force: its newest key (C's log) starts then. */
const ROOT_DATE = '2025-06-01T00:00:00Z';
const AFTER = new Date('2025-10-01T12:00:00Z');
const BEFORE = new Date('2025-03-01T12:00:00Z');
/** "Now" for every check here (a fixed clock, after the real 2026 fixture). */
const NOW = Date.parse('2026-06-01T00:00:00Z');

type Part = 'tlogs' | 'ctlogs' | 'certificateAuthorities' | 'timestampAuthorities';

/**
 * Instance A's root (keys from 2020) with some of its parts left out or taken from B, and C's
 * Rekor log added as its newest key (from ROOT_DATE).
 */
function rootOfA(opts: { without?: Part[]; fromB?: Part[]; tlogs?: 'v1' | 'v2' } = {}): Trust {
  const root = structuredClone(A.trustedRoot) as TrustedRootJSON;
  for (const part of opts.fromB ?? []) {
    (root[part] as unknown[]) = structuredClone(B.trustedRoot[part]);
  }
  for (const part of opts.without ?? []) root[part] = [];
  // Keep only one of A's logs: the other stands for a shard Sigstore added since.
  if (opts.tlogs === 'v1') root.tlogs = root.tlogs.filter((t) => !t.baseUrl.includes('log2025'));
  if (opts.tlogs === 'v2') root.tlogs = root.tlogs.filter((t) => t.baseUrl.includes('log2025'));
  const newest = structuredClone(C.trustedRoot.tlogs[0]!);
  newest.publicKey.validFor.start = ROOT_DATE;
  root.tlogs.push(newest);
  return loadTrust(root);
}

const identity = { kind: 'GitHub', repository: 'example/pkg', workflow: 'release.yml' } as const;
const FILE = { filename: 'pkg-1.0.tar.gz', sha256: 'ab'.repeat(32) };

function request(over: Partial<AttestRequest> = {}): AttestRequest {
  return { ...FILE, identity, rekor: 'v1', signedAt: AFTER, ...over };
}

function check(
  provenance: Provenance | unknown,
  trust: Trust,
  opts: { sha256?: string; now?: number } = {},
): FileResult {
  const result = verifyProvenance({
    filename: FILE.filename,
    sha256: opts.sha256 ?? FILE.sha256,
    provenance,
    trust,
    now: opts.now ?? NOW,
  });
  // Whatever the case, nothing here may verify.
  expect(result.state).not.toBe('verified');
  return result;
}

const outdated = { state: 'unsupported', code: 'TRUST_ROOT_OUTDATED' } as const;

describe('another Sigstore instance (its CA, logs and TSA all unknown)', () => {
  const trust = rootOfA();

  it.each(['v1', 'v2'] as const)('signed after the root: unsupported (Rekor %s)', (rekor) => {
    const result = check(B.provenance(request({ rekor })), trust);
    expect(result).toMatchObject(outdated);
    if (result.state !== 'unsupported') return;
    expect(result.message).toContain('signed on 2025-10-01');
    expect(result.message).toContain('certificate authority');
    expect(result.message).toContain('transparency log');
    expect(result.message).toContain('keys up to 2025-06-01');
    // No authority the root knows vouches for the time: the message says so.
    expect(result.message).toContain('as the attestation claims');
  });

  it('signed before the root: failed, as an unknown CA then is no sign of an old root', () => {
    const result = check(B.provenance(request({ signedAt: BEFORE })), trust);
    expect(result).toMatchObject({ state: 'failed', code: 'UNTRUSTED_CERTIFICATE' });
  });

  it('signed before the root (Rekor v2, TSA): failed', () => {
    const result = check(B.provenance(request({ rekor: 'v2', signedAt: BEFORE })), trust);
    expect(result).toMatchObject({ state: 'failed', code: 'UNTRUSTED_CERTIFICATE' });
  });

  it('a signing time in the future is failed, not outdated', () => {
    const future = new Date(NOW + 24 * 60 * 60 * 1000);
    expect(check(B.provenance(request({ signedAt: future })), trust)).toMatchObject({
      state: 'failed',
    });
    // ... but a few minutes of clock skew are allowed.
    const skewed = new Date(NOW + 60 * 1000);
    expect(check(B.provenance(request({ signedAt: skewed })), trust)).toMatchObject(outdated);
  });

  it('a certificate naming another publisher than PyPI is failed', () => {
    const provenance = B.provenance(request(), {
      kind: 'GitHub',
      repository: 'someone/else',
      workflow: 'release.yml',
      environment: null,
    });
    expect(check(provenance, trust)).toMatchObject({
      state: 'failed',
      code: 'PUBLISHER_MISMATCH',
    });
  });

  it('a statement for another digest is failed', () => {
    const result = check(B.provenance(request()), trust, { sha256: 'cd'.repeat(32) });
    expect(result).toMatchObject({ state: 'failed', code: 'DIGEST_MISMATCH' });
  });

  it('a DSSE signature that does not verify with the certificate is failed', () => {
    const provenance = B.provenance(request());
    const att = provenance.attestation_bundles[0]!.attestations[0]!;
    const sig = Buffer.from(att.envelope.signature, 'base64');
    sig[sig.length - 5]! ^= 0x01;
    att.envelope.signature = sig.toString('base64');
    expect(check(provenance, trust)).toMatchObject({ state: 'failed' });
  });

  it('a certificate used outside its validity is failed', () => {
    // Issued an hour before the signature: a 10-minute leaf has expired by then.
    const provenance = B.provenance(
      request({ certificateIssuedAt: new Date(AFTER.getTime() - 60 * 60 * 1000) }),
    );
    expect(check(provenance, trust)).toMatchObject({ state: 'failed' });
  });

  it('one outdated attestation beside a verified one: the file is unsupported', () => {
    const provenance = A.provenance(request());
    const foreign = B.provenance(request()).attestation_bundles[0]!.attestations[0]!;
    provenance.attestation_bundles[0]!.attestations.push(foreign);
    expect(check(provenance, trust)).toMatchObject(outdated);
  });

  it('an outdated attestation beside a failed one: the file is failed', () => {
    const provenance = B.provenance(request());
    const bad = A.provenance(request({ sha256: 'ef'.repeat(32) }));
    provenance.attestation_bundles[0]!.attestations.push(
      bad.attestation_bundles[0]!.attestations[0]!,
    );
    expect(check(provenance, trust)).toMatchObject({ state: 'failed', code: 'DIGEST_MISMATCH' });
  });

  it('a root refreshed after the signature (coversUntil later) leaves it failed', () => {
    const refreshed: Trust = { ...trust, coversUntil: new Date('2025-12-01T00:00:00Z') };
    expect(check(B.provenance(request()), refreshed)).toMatchObject({
      state: 'failed',
      code: 'UNTRUSTED_CERTIFICATE',
    });
  });
});

describe('a rotation of one part', () => {
  it('a Rekor log the root lacks (new shard): unsupported after, failed before', () => {
    const trust = rootOfA({ tlogs: 'v2' });
    const result = check(A.provenance(request()), trust);
    expect(result).toMatchObject(outdated);
    expect(result.state === 'unsupported' && result.message).toMatch(
      /through a transparency log that/,
    );
    expect(check(A.provenance(request({ signedAt: BEFORE })), trust)).toMatchObject({
      state: 'failed',
      code: 'TLOG_UNTRUSTED_LOG',
    });
  });

  it('a Rekor v2 log the root lacks: unsupported, the known TSA vouching for the time', () => {
    const trust = rootOfA({ tlogs: 'v1' });
    const result = check(A.provenance(request({ rekor: 'v2' })), trust);
    expect(result).toMatchObject(outdated);
    expect(result.state === 'unsupported' && result.message).not.toContain(
      'as the attestation claims',
    );
  });

  it('a Fulcio CA the root lacks: the known log vouches for the signing time', () => {
    const trust = rootOfA({ fromB: ['certificateAuthorities'] });
    const result = check(A.provenance(request()), trust);
    expect(result).toMatchObject(outdated);
    expect(result.state === 'unsupported' && result.message).toMatch(
      /signed on 2025-10-01 through a certificate authority that/,
    );
    expect(check(A.provenance(request({ signedAt: BEFORE })), trust)).toMatchObject({
      state: 'failed',
      code: 'UNTRUSTED_CERTIFICATE',
    });
  });

  it('a Fulcio CA the root lacks, with a forged entry in a known log: failed', () => {
    const trust = rootOfA({ fromB: ['certificateAuthorities'] });
    const provenance = A.provenance(request());
    const entry =
      provenance.attestation_bundles[0]!.attestations[0]!.verification_material
        .transparency_entries[0]!;
    // A later integrated time than the log signed: its SET no longer verifies.
    entry.integratedTime = String(Number(entry.integratedTime) + 60);
    expect(check(provenance, trust)).toMatchObject({ state: 'failed' });
  });

  it('a timestamp authority the root lacks (Rekor v2): unsupported after, failed before', () => {
    const trust = rootOfA({ fromB: ['timestampAuthorities'] });
    expect(check(A.provenance(request({ rekor: 'v2' })), trust)).toMatchObject(outdated);
    expect(check(A.provenance(request({ rekor: 'v2', signedAt: BEFORE })), trust)).toMatchObject({
      state: 'failed',
      code: 'TIMESTAMP_INVALID',
    });
  });

  it('a CT log the root lacks: unsupported after, failed before', () => {
    const trust = rootOfA({ fromB: ['ctlogs'] });
    expect(check(A.provenance(request()), trust)).toMatchObject(outdated);
    expect(check(A.provenance(request({ signedAt: BEFORE })), trust)).toMatchObject({
      state: 'failed',
      code: 'SCT_INVALID',
    });
  });

  it('with the whole root in force, the same attestations verify', () => {
    const trust = rootOfA();
    for (const rekor of ['v1', 'v2'] as const) {
      const result = verifyProvenance({
        ...FILE,
        provenance: A.provenance(request({ rekor })),
        trust,
        now: NOW,
      });
      expect(result, JSON.stringify(result)).toMatchObject({ state: 'verified' });
    }
  });
});

describe('real attestations against derived production roots', () => {
  const juwunit = VALID_CASES.find((c) => c.name.startsWith('juwunit'));
  const sample = VALID_CASES.find((c) => c.name.startsWith('sampleproject 4.0.0 sdist'));
  const run = (c: typeof juwunit, root: string) => {
    if (!c) throw new Error('fixture case missing');
    return verifyProvenance({
      filename: c.filename,
      sha256: c.sha256,
      provenance: caseProvenance(c),
      trust: loadTrust(readFixtureJson(`trust/derived/${root}.trusted_root.json`)),
      now: NOW,
    });
  };

  it('a 2026 attestation whose Rekor key the root lacks is unsupported (outdated)', () => {
    expect(run(juwunit, 'sigstore-prod-WITHOUT-rekor-v1-key')).toMatchObject(outdated);
  });

  it('a 2026 attestation whose CT log the root lacks is unsupported (outdated)', () => {
    expect(run(juwunit, 'sigstore-prod-WITHOUT-ctlogs')).toMatchObject(outdated);
  });

  it('a 2024 attestation with the same gaps is failed (the root was newer than it)', () => {
    expect(run(sample, 'sigstore-prod-WITHOUT-rekor-v1-key')).toMatchObject({
      state: 'failed',
      code: 'TLOG_UNTRUSTED_LOG',
    });
    expect(run(sample, 'sigstore-prod-WITHOUT-ctlogs')).toMatchObject({
      state: 'failed',
      code: 'SCT_INVALID',
    });
  });
});

describe('newestKeyDate and coversUntil', () => {
  it('is the newest validity start of any key or CA', () => {
    const root = structuredClone(A.trustedRoot);
    root.timestampAuthorities[0]!.validFor.start = '2024-05-06T00:00:00Z';
    root.ctlogs[0]!.publicKey.validFor.start = '2023-01-01T00:00:00Z';
    expect(newestKeyDate(root)).toBe('2024-05-06T00:00:00Z');
    expect(loadTrust(root).coversUntil).toEqual(new Date('2024-05-06T00:00:00Z'));
  });

  it('of the production root is 2025-09-23 (the Rekor v2 shard log2025-1)', () => {
    const root = readFixtureJson('trust/sigstore-prod.trusted_root.json');
    expect(newestKeyDate(root)).toBe('2025-09-23T00:00:00Z');
  });

  it('agrees with the build (scripts/build-trust-root.js, trust-info.json)', () => {
    expect(newestKeyDate(productionRootJson)).toBe(trustInfo.newestKeyDate);
  });

  it('ignores missing and unparsable dates', () => {
    expect(newestKeyDate(null)).toBeUndefined();
    expect(newestKeyDate({ tlogs: [{ publicKey: { validFor: { start: 'soon' } } }] })).toBe(
      undefined,
    );
    expect(newestKeyDate({ tlogs: 'x', certificateAuthorities: [{}] })).toBeUndefined();
  });
});
