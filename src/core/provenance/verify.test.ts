import { afterAll, describe, expect, it } from 'vitest';
import {
  NEGATIVE_CASES,
  STAGING_CASES,
  STAGING_IDENTITY,
  VALID_CASES,
} from '../../../test/cases.js';
import { readFixtureJson } from '../../../test/fixtures.js';
import { caseProvenance, sha256File, wrapAttestation } from '../../../test/load-case.js';
import { loadTrust } from '../sigstore/trust.js';
import { verifyAttestation, verifyProvenance } from './verify.js';

const trustFor = (root?: string) => (root ? loadTrust(readFixtureJson(root)) : undefined);
const tally = { valid: 0, negative: 0, staging: 0 };

afterAll(() => {
  console.log(
    `fixtures: ${tally.valid}/${VALID_CASES.length} real cases verified, ` +
      `${tally.negative}/${NEGATIVE_CASES.length} negatives failed with the expected reason, ` +
      `${tally.staging}/${STAGING_CASES.length * 2} staging checks as expected`,
  );
});

describe('verifyProvenance', () => {
  describe('on every real case that must verify', () => {
    it.each(VALID_CASES)('$name', (c) => {
      const result = verifyProvenance({
        filename: c.filename,
        sha256: c.sha256,
        provenance: caseProvenance(c),
      });
      expect(result, JSON.stringify(result)).toMatchObject({ state: 'verified' });
      if (result.state !== 'verified') return;
      const att = result.attestations[0];
      if (c.identity) {
        const id = att?.signer.repositoryUrl ?? att?.signer.identity;
        expect(id).toBe(c.identity);
      }
      if (c.logIndex !== undefined) expect(att?.tlogEntries[0]?.logIndex).toBe(c.logIndex);
      if (c.dist) expect(sha256File(c.dist)).toBe(c.sha256);
      tally.valid++;
    });
  });

  describe('on every negative case', () => {
    it.each(NEGATIVE_CASES)('$name fails with $expect', (c) => {
      const result = verifyProvenance({
        filename: c.filename,
        sha256: c.sha256,
        provenance: caseProvenance(c),
        trust: trustFor(c.root),
      });
      expect(result.state).toBe('failed');
      expect(result).toMatchObject({ code: c.expect });
      if (c.dist) expect(sha256File(c.dist)).toBe(c.sha256);
      tally.negative++;
    });
  });

  describe('on staging-signed attestations', () => {
    const staging = loadTrust(readFixtureJson('trust/sigstore-staging.trusted_root.json'));
    it.each(STAGING_CASES)('$name fails against the production root', (c) => {
      const result = verifyProvenance({
        filename: c.filename,
        sha256: c.sha256,
        provenance: caseProvenance(c),
      });
      expect(result).toMatchObject({ state: 'failed', code: 'UNTRUSTED_CERTIFICATE' });
      // Signed before the production root's newest key: a CA unknown then is no sign of an
      // old root (src/core/sigstore/outdated.ts); the reason says where it may come from.
      expect(result.state === 'failed' && result.message).toMatch(/another Sigstore instance/);
      tally.staging++;
    });
    it.each(STAGING_CASES)('$name verifies against the staging root', (c) => {
      const { summary } = verifyAttestation(
        readFixtureJson(c.file),
        'attestation',
        { filename: c.filename, sha256: c.sha256 },
        staging,
      );
      expect(summary.signer.identity).toBe(STAGING_IDENTITY.san);
      expect(summary.signer.issuer).toBe(STAGING_IDENTITY.issuer);
      tally.staging++;
    });
  });

  describe('when the provenance is malformed', () => {
    const base = () =>
      readFixtureJson<Record<string, unknown>>(
        'attestations/sampleproject-4.0.0/sampleproject-4.0.0.tar.gz.provenance',
      );
    const run = (provenance: unknown) =>
      verifyProvenance({
        filename: 'sampleproject-4.0.0.tar.gz',
        sha256: '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b',
        provenance,
      });
    it.each([
      ['null', null],
      ['a string', 'hello'],
      ['an array', []],
      ['no bundles key', { version: 1 }],
      ['bundles of the wrong type', { version: 1, attestation_bundles: {} }],
    ])('fails on %s', (_label, provenance) => {
      expect(run(provenance)).toMatchObject({ state: 'failed', code: 'MALFORMED_PROVENANCE' });
    });
    it('fails on provenance version 2', () => {
      expect(run({ ...base(), version: 2 })).toMatchObject({ code: 'ATTESTATION_VERSION' });
    });
    it('fails on attestation version 2', () => {
      const p = base() as { attestation_bundles: { attestations: { version: number }[] }[] };
      p.attestation_bundles[0]!.attestations[0]!.version = 2;
      expect(run(p)).toMatchObject({ state: 'failed', code: 'ATTESTATION_VERSION' });
    });
    it('fails on base64 with a newline in the signature', () => {
      const p = base() as {
        attestation_bundles: { attestations: { envelope: { signature: string } }[] }[];
      };
      const env = p.attestation_bundles[0]!.attestations[0]!.envelope;
      env.signature = env.signature.slice(0, 8) + '\n' + env.signature.slice(8);
      expect(run(p)).toMatchObject({ state: 'failed', code: 'MALFORMED_PROVENANCE' });
    });
    it('fails on a bundle with no attestations', () => {
      const p = base() as { attestation_bundles: { attestations: unknown[] }[] };
      p.attestation_bundles[0]!.attestations = [];
      expect(run(p)).toMatchObject({ state: 'failed', code: 'NO_ATTESTATIONS' });
    });
    it('is unsupported for an unknown publisher kind', () => {
      const p = base() as { attestation_bundles: { publisher: unknown }[] };
      p.attestation_bundles[0]!.publisher = { kind: 'ActiveState', organization: 'x' };
      expect(run(p)).toMatchObject({ state: 'unsupported', code: 'UNSUPPORTED_PUBLISHER' });
    });
    it('fails (not unsupported) when an unknown publisher comes with a bad signature', () => {
      const p = readFixtureJson<{ attestation_bundles: { publisher: unknown }[] }>(
        'attestations/negative/neg01-signature-bitflip.sampleproject-4.0.0.tar.gz.provenance',
      );
      p.attestation_bundles[0]!.publisher = { kind: 'ActiveState' };
      expect(run(p)).toMatchObject({ state: 'failed' });
    });
    it('is an error, not a verification, when the digest is not hex', () => {
      const r = verifyProvenance({ filename: 'x-1.tar.gz', sha256: 'nothex', provenance: base() });
      expect(r).toMatchObject({ state: 'error', code: 'BAD_RESPONSE' });
    });
    it('requires the repository when asked (--repository)', () => {
      const ok = verifyProvenance({
        filename: 'sampleproject-4.0.0.tar.gz',
        sha256: '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b',
        provenance: base(),
        repository: 'https://github.com/pypa/sampleproject',
      });
      expect(ok.state).toBe('verified');
      const bad = verifyProvenance({
        filename: 'sampleproject-4.0.0.tar.gz',
        sha256: '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b',
        provenance: base(),
        repository: 'https://github.com/pypa/pip',
      });
      expect(bad).toMatchObject({ state: 'failed', code: 'REPOSITORY_MISMATCH' });
    });
    it('accepts an uppercase digest from the index', () => {
      const r = run(base());
      expect(r.state).toBe('verified');
      const upper = verifyProvenance({
        filename: 'sampleproject-4.0.0.tar.gz',
        sha256: '0ACE7980F82C5815EDE4CD7BF9F6693684CEC2AE47B9B7ADE9ADD533B8627C6B',
        provenance: wrapAttestation(
          (base() as { attestation_bundles: { attestations: unknown[] }[] }).attestation_bundles[0]!
            .attestations[0],
          { kind: 'GitHub', repository: 'pypa/sampleproject', workflow: 'release.yml' },
        ),
      });
      expect(upper.state).toBe('verified');
    });
  });
});
