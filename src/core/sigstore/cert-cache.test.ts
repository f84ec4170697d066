/**
 * The signing-certificate cache (cert-cache.ts) and the CA signature memo (trust.ts): a
 * remembered verification is only reused for the same certificate bytes under the same trust
 * material, everything time-dependent still runs for every attestation, and every outcome
 * equals sigstore-js's own, uncached one.
 */
import { Buffer } from 'node:buffer';
import { X509Certificate } from '@sigstore/core';
import { toSignedEntity, Verifier, type TrustMaterial } from '@sigstore/verify';
import { describe, expect, it, vi } from 'vitest';
import { NEGATIVE_CASES, VALID_CASES, type FixtureCase } from '../../../test/cases.js';
import { readFixtureJson } from '../../../test/fixtures.js';
import { caseProvenance } from '../../../test/load-case.js';
import { parseAttestation } from '../provenance/attestation.js';
import { verifyProvenance } from '../provenance/verify.js';
import {
  certificateKey,
  certificateVerifications,
  CertificateVerifications,
  useCertificateCache,
} from './cert-cache.js';
import { loadTrust, type Trust } from './trust.js';
import { parseBundle, toProvenanceError, verifyBundle } from './verify-bundle.js';

const PROD = 'trust/sigstore-prod.trusted_root.json';
/** A trust built from a fresh copy of the root: its caches start empty. */
const freshTrust = (root = PROD): Trust => loadTrust(readFixtureJson(root));

interface Attestation {
  verification_material: { certificate: string };
}

function attestationsOf(c: FixtureCase): unknown[] {
  const p = caseProvenance(c) as { attestation_bundles: { attestations: unknown[] }[] };
  return p.attestation_bundles.flatMap((b) => b.attestations);
}

function bundleOf(c: FixtureCase, i = 0) {
  const a = attestationsOf(c)[i];
  return parseBundle(parseAttestation(a, c.name).bundleJson);
}

function leafOf(c: FixtureCase, i = 0): { der: Buffer; leaf: X509Certificate } {
  const a = attestationsOf(c)[i] as Attestation;
  const der = Buffer.from(a.verification_material.certificate, 'base64');
  return { der, leaf: X509Certificate.parse(Buffer.from(der)) };
}

const byName = (name: string): FixtureCase => {
  const c = [...VALID_CASES, ...NEGATIVE_CASES].find((x) => x.name.startsWith(name));
  if (!c) throw new Error(`no case ${name}`);
  return c;
};
const SDIST = byName('sampleproject 4.0.0 sdist provenance');
const SDIST_WIRE = byName('sampleproject 4.0.0 provenance, wire format');
const WHEEL = byName('sampleproject 4.0.0 wheel attestation');
const ABI3INFO = byName('abi3info 2024.10.8 wheel provenance');
const PA19 = byName('pypi-attestations 0.0.19 sdist provenance');
const TIME_ALTERED = byName('neg07-integrated-time-altered');
const CERT_SWAPPED = byName('neg05-certificate-swapped');

/** The outcome of sigstore-js's own Verifier, without any cache of ours. */
function uncached(c: FixtureCase, material: TrustMaterial, i = 0): string {
  try {
    const signer = new Verifier(material).verify(toSignedEntity(bundleOf(c, i)));
    return `ok ${signer.identity?.subjectAlternativeName} ${JSON.stringify(signer.identity?.extensions)}`;
  } catch (err) {
    const e = toProvenanceError(err);
    return `${e.code} ${e.message}`;
  }
}

function cached(c: FixtureCase, trust: Trust, i = 0): string {
  try {
    const { signer } = verifyBundle(bundleOf(c, i), trust);
    return `ok ${signer.identity?.subjectAlternativeName} ${JSON.stringify(signer.identity?.extensions)}`;
  } catch (err) {
    const e = toProvenanceError(err);
    return `${e.code} ${e.message}`;
  }
}

describe('signing certificate cache', () => {
  it('verifies a certificate once, then reuses the chain and SCTs for the same bytes', () => {
    const trust = freshTrust();
    const cache = certificateVerifications(trust.material);
    expect(cached(SDIST, trust)).toMatch(/^ok /);
    expect(cache.stats).toEqual({ hits: 0, misses: 1, chainsBuilt: 1, sctsVerified: 1 });
    // Another attestation object (the wire-format copy) carrying the same certificate.
    expect(cached(SDIST_WIRE, trust)).toMatch(/^ok /);
    expect(cache.stats).toEqual({ hits: 1, misses: 1, chainsBuilt: 1, sctsVerified: 1 });
    // The release's other file: one workflow run signed both with the same certificate.
    expect(leafOf(WHEEL).der.equals(leafOf(SDIST).der)).toBe(true);
    expect(cached(WHEEL, trust)).toMatch(/^ok /);
    expect(cache.stats).toEqual({ hits: 2, misses: 1, chainsBuilt: 1, sctsVerified: 1 });
  });

  it('fully verifies a different certificate', () => {
    const trust = freshTrust();
    const cache = certificateVerifications(trust.material);
    expect(cached(SDIST, trust)).toMatch(/^ok /);
    expect(cached(ABI3INFO, trust)).toMatch(/^ok /);
    expect(leafOf(SDIST).der.equals(leafOf(ABI3INFO).der)).toBe(false);
    expect(cache.stats).toMatchObject({ hits: 0, misses: 2, chainsBuilt: 2, sctsVerified: 2 });
  });

  it('still checks the certificate was valid at THIS attestation’s time', () => {
    const trust = freshTrust();
    const cache = certificateVerifications(trust.material);
    expect(cached(SDIST, trust)).toMatch(/^ok /);
    // Same certificate, integrated time moved outside its validity: a cache hit that fails.
    expect(leafOf(TIME_ALTERED).der.equals(leafOf(SDIST).der)).toBe(true);
    const outcome = cached(TIME_ALTERED, trust);
    expect(outcome).toBe(uncached(TIME_ALTERED, freshTrust().material));
    expect(outcome).toMatch(/^CERTIFICATE_INVALID .*not valid or expired/);
    expect(cache.stats.hits).toBe(1);
    // And the valid one still passes afterwards.
    expect(cached(SDIST, trust)).toMatch(/^ok /);
  });

  it('checks every timestamp of an attestation against the remembered path', () => {
    const { der, leaf } = leafOf(SDIST);
    const material = freshTrust().material;
    const cache = new CertificateVerifications(material);
    const key = certificateKey(der);
    const inside = new Date((leaf.notBefore.getTime() + leaf.notAfter.getTime()) / 2);
    const after = new Date(leaf.notAfter.getTime() + 1000);
    const before = new Date(leaf.notBefore.getTime() - 1000);
    expect(cache.verifySigningKey(key, leaf, [inside], 1).identity?.subjectAlternativeName).toBe(
      leaf.subjectAltName,
    );
    for (const times of [[after], [before], [inside, after], [after, inside]]) {
      expect(() => cache.verifySigningKey(key, leaf, times, 1)).toThrow(
        expect.objectContaining({
          code: 'CERTIFICATE_ERROR',
          message: 'Failed to verify certificate chain',
          cause: expect.objectContaining({
            message: 'certificate is not valid or expired at the specified date',
          }),
        }),
      );
    }
    // A time at which no trusted CA is valid: no CA is tried at all, as in sigstore-js.
    expect(() => cache.verifySigningKey(key, leaf, [new Date('2001-01-01')], 1)).toThrow(
      expect.objectContaining({ message: 'Failed to verify certificate chain', cause: undefined }),
    );
    // The SCT threshold is checked on every call too.
    expect(() => cache.verifySigningKey(key, leaf, [inside], 2)).toThrow('expected 2 SCTs, got 1');
    expect(cache.stats.misses).toBe(1);
  });

  it('does not let a cached issuer chain vouch for a forged certificate', () => {
    const trust = freshTrust();
    expect(cached(SDIST, trust)).toMatch(/^ok /);
    const outcome = cached(CERT_SWAPPED, trust);
    expect(outcome).toBe(uncached(CERT_SWAPPED, freshTrust().material));
    expect(outcome).toMatch(/^CERTIFICATE_INVALID /);
  });

  it('reuses nothing under other trust material, even with the same root contents', () => {
    const trust = freshTrust();
    expect(cached(SDIST, trust)).toMatch(/^ok /);
    const noCt = freshTrust('trust/derived/sigstore-prod-WITHOUT-ctlogs.trusted_root.json');
    expect(cached(SDIST, noCt)).toMatch(/^SCT_INVALID /);
    const again = freshTrust();
    expect(cached(SDIST, again)).toMatch(/^ok /);
    expect(certificateVerifications(again.material).stats.misses).toBe(1);
    expect(certificateVerifications(trust.material).stats.misses).toBe(1);
  });

  it('keys by the exact bytes: equal certificates parsed apart share an entry', () => {
    const { der, leaf } = leafOf(SDIST);
    const other = X509Certificate.parse(Buffer.from(der));
    const cache = new CertificateVerifications(freshTrust().material);
    const inside = new Date((leaf.notBefore.getTime() + leaf.notAfter.getTime()) / 2);
    cache.verifySigningKey(certificateKey(der), leaf, [inside], 1);
    const signer = cache.verifySigningKey(certificateKey(der), other, [inside], 1);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, chainsBuilt: 1 });
    expect(signer.identity?.subjectAlternativeName).toBe(leaf.subjectAltName);
    // A view into a larger buffer gives the same key as a copy.
    const padded = Buffer.concat([Buffer.from([1, 2, 3]), der, Buffer.from([4])]);
    expect(certificateKey(padded.subarray(3, 3 + der.length))).toBe(certificateKey(der));
    expect(certificateKey(der.subarray(1))).not.toBe(certificateKey(der));
  });

  it('is bounded: the least recently used certificate is verified again', () => {
    const material = freshTrust().material;
    const cache = new CertificateVerifications(material, 2);
    const run = (c: FixtureCase) => {
      const { der, leaf } = leafOf(c);
      const entity = toSignedEntity(bundleOf(c));
      const v = new Verifier(material);
      expect(useCertificateCache(v, material, der)).toBe(true);
      // Route this verifier to our bounded instance instead of the shared one.
      (v as unknown as { verifySigningKey: unknown }).verifySigningKey = (
        _e: unknown,
        times: Date[],
      ) => cache.verifySigningKey(certificateKey(der), leaf, times, 1);
      v.verify(entity);
    };
    run(SDIST);
    run(PA19);
    run(SDIST); // hit, now most recent
    run(ABI3INFO); // evicts pypi-attestations
    expect(cache.size).toBe(2);
    run(SDIST); // still there
    run(PA19); // verified again
    expect(cache.stats).toMatchObject({ hits: 2, misses: 4, chainsBuilt: 4 });
  });

  it('gives sigstore-js’s own outcome on every fixture, first and second time', () => {
    const trust = freshTrust();
    const plain = freshTrust().material;
    let compared = 0;
    for (const c of [...VALID_CASES, ...NEGATIVE_CASES]) {
      if (c.root) continue;
      let attestations: unknown[];
      try {
        attestations = attestationsOf(c);
        attestations.forEach((a) => parseAttestation(a, c.name));
      } catch {
        continue; // rejected before any Sigstore verification
      }
      for (let i = 0; i < attestations.length; i++) {
        const expected = uncached(c, plain, i);
        expect(cached(c, trust, i), c.name).toBe(expected);
        expect(cached(c, trust, i), `${c.name} (cached)`).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
    expect(certificateVerifications(trust.material).stats.hits).toBeGreaterThan(20);
  });

  it('leaves public-key bundles to sigstore-js', () => {
    const material = freshTrust().material;
    const v = new Verifier(material);
    const original = (v as unknown as { verifySigningKey: unknown }).verifySigningKey;
    expect(useCertificateCache(v, material, new Uint8Array([1]))).toBe(true);
    const installed = (
      v as unknown as {
        verifySigningKey: (e: unknown, t: Date[]) => unknown;
      }
    ).verifySigningKey;
    expect(installed).not.toBe(original);
    // A public-key entity: sigstore-js's own path (its error for an unknown key hint).
    expect(() => installed({ key: { $case: 'public-key', hint: 'nope' } }, [new Date()])).toThrow(
      /key not found/,
    );
  });

  it('is used by verifyProvenance (the PEP 740 path)', () => {
    const trust = freshTrust();
    for (let k = 0; k < 3; k++) {
      const result = verifyProvenance({
        filename: SDIST.filename,
        sha256: SDIST.sha256,
        provenance: caseProvenance(SDIST),
        trust,
      });
      expect(result.state).toBe('verified');
    }
    expect(certificateVerifications(trust.material).stats).toMatchObject({ hits: 2, misses: 1 });
  });
});

describe('CA signature memo (trust.ts)', () => {
  it('verifies the CA part of the path once per trust material', () => {
    const spy = vi.spyOn(X509Certificate.prototype, 'verify');
    try {
      const trust = freshTrust();
      const cas = new Set(trust.material.certificateAuthorities.flatMap((ca) => ca.certChain));
      const caChecks = () =>
        spy.mock.contexts.filter((cert) => cas.has(cert as X509Certificate)).length;
      expect(cached(SDIST, trust)).toMatch(/^ok /);
      const first = caChecks();
      expect(first).toBeGreaterThan(0);
      expect(cached(PA19, trust)).toMatch(/^ok /);
      expect(cached(ABI3INFO, trust)).toMatch(/^ok /);
      // Two more certificates, fully verified, but no CA signature checked again.
      expect(certificateVerifications(trust.material).stats.misses).toBe(3);
      expect(caChecks()).toBe(first);
    } finally {
      spy.mockRestore();
    }
  });

  it('remembers CA-to-CA checks only, not checks against other certificates', () => {
    const spy = vi.spyOn(X509Certificate.prototype, 'verify');
    try {
      const trust = freshTrust(); // binds the spy inside each CA's memo
      const chain = trust.material.certificateAuthorities.find((ca) => ca.certChain.length > 1)
        ?.certChain as X509Certificate[];
      const [intermediate, root] = chain as [X509Certificate, X509Certificate];
      const { leaf } = leafOf(SDIST);
      const calls = (self: X509Certificate, issuer?: X509Certificate) =>
        spy.mock.calls.filter((args, i) => spy.mock.contexts[i] === self && args[0] === issuer)
          .length;
      spy.mockClear();
      expect(intermediate.verify(root)).toBe(true);
      expect(intermediate.verify(root)).toBe(true);
      expect(root.verify()).toBe(true);
      expect(root.verify()).toBe(true);
      expect(intermediate.verify(leaf)).toBe(false);
      expect(intermediate.verify(leaf)).toBe(false);
      expect(calls(intermediate, root)).toBe(1);
      expect(calls(root, undefined)).toBe(1);
      expect(calls(intermediate, leaf)).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('signing certificate parsing in verifyProvenance', () => {
  const input = (provenance: unknown) => ({
    filename: SDIST.filename,
    sha256: SDIST.sha256,
    provenance,
  });

  it('gives each result its own signer details', () => {
    const a = verifyProvenance(input(caseProvenance(SDIST)));
    const b = verifyProvenance(input(caseProvenance(SDIST)));
    if (a.state !== 'verified' || b.state !== 'verified') throw new Error('expected verified');
    const sa = a.attestations[0]?.signer;
    const sb = b.attestations[0]?.signer;
    expect(sa).toEqual(sb);
    expect(sa).not.toBe(sb);
    (sa as { identity: string }).identity = 'changed';
    expect(verifyProvenance(input(caseProvenance(SDIST)))).toEqual(b);
  });

  it('rejects a certificate that is not DER every time', () => {
    for (let k = 0; k < 2; k++) {
      const p = caseProvenance(SDIST) as {
        attestation_bundles: { attestations: Attestation[] }[];
      };
      const att = p.attestation_bundles[0]?.attestations[0] as Attestation;
      att.verification_material.certificate = Buffer.from('not a certificate').toString('base64');
      expect(verifyProvenance(input(p))).toMatchObject({
        state: 'failed',
        code: 'CERTIFICATE_INVALID',
      });
    }
  });
});
