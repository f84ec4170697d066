/**
 * The faster ASN1Obj.toDER (der.ts) gives sigstore-js's own bytes for every node of real
 * certificates: the Fulcio leaves of the fixtures and the CAs of the production root.
 */
import { Buffer } from 'node:buffer';
import { ASN1Obj, X509Certificate } from '@sigstore/core';
import { describe, expect, it } from 'vitest';
import { VALID_CASES, NEGATIVE_CASES } from '../../../test/cases.js';
import { caseProvenance } from '../../../test/load-case.js';
import { readFixtureJson } from '../../../test/fixtures.js';
import { encodeDer, referenceToDER } from './der.js';

function leafCertificates(): Buffer[] {
  const out: Buffer[] = [];
  for (const c of [...VALID_CASES, ...NEGATIVE_CASES]) {
    const p = caseProvenance(c) as {
      attestation_bundles?: {
        attestations?: { verification_material?: { certificate?: string } }[];
      }[];
    };
    for (const b of p.attestation_bundles ?? []) {
      for (const a of b.attestations ?? []) {
        const cert = a.verification_material?.certificate;
        if (cert) out.push(Buffer.from(cert, 'base64'));
      }
    }
  }
  return out;
}

function caCertificates(): Buffer[] {
  const root = readFixtureJson<{
    certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[];
  }>('trust', 'sigstore-prod.trusted_root.json');
  return root.certificateAuthorities.flatMap((ca) =>
    ca.certChain.certificates.map((c) => Buffer.from(c.rawBytes, 'base64')),
  );
}

function nodes(obj: ASN1Obj): ASN1Obj[] {
  return [obj, ...obj.subs.flatMap(nodes)];
}

/** Every node's encoding with sigstore-js's encoder (all the way down). */
function withReference<T>(fn: () => T): T {
  const fast = ASN1Obj.prototype.toDER;
  ASN1Obj.prototype.toDER = referenceToDER;
  try {
    return fn();
  } finally {
    ASN1Obj.prototype.toDER = fast;
  }
}

describe('ASN1Obj.toDER (der.ts)', () => {
  const ders = [...leafCertificates(), ...caCertificates()];

  it('has real certificates to compare', () => {
    expect(ders.length).toBeGreaterThan(20);
  });

  it('is installed', () => {
    expect(ASN1Obj.prototype.toDER).not.toBe(referenceToDER);
  });

  it('encodes every node of every certificate as sigstore-js does', () => {
    let compared = 0;
    for (const der of ders) {
      const root = ASN1Obj.parseBuffer(Buffer.from(der));
      const all = nodes(root);
      const expected = withReference(() => all.map((n) => Buffer.from(n.toDER())));
      const actual = all.map((n) => Buffer.from(n.toDER()));
      expect(actual).toEqual(expected);
      // A whole certificate re-encodes to its own bytes (they are DER).
      expect(Buffer.from(root.toDER()).equals(der)).toBe(true);
      compared += all.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('re-encodes a modified tree as sigstore-js does (the SCT check removes an extension)', () => {
    const cert = X509Certificate.parse(Buffer.from(leafCertificates()[0] as Buffer));
    const clone = cert.clone();
    clone.extensions.splice(0, 1);
    const expected = withReference(() => Buffer.from(clone.tbsCertificate.toDER()));
    expect(Buffer.from(clone.tbsCertificate.toDER())).toEqual(expected);
  });

  it('uses the long length forms like sigstore-js (0x81, 0x82, 0x83)', () => {
    for (const size of [0, 1, 127, 128, 255, 256, 65535, 65536, 70000]) {
      const obj = ASN1Obj.parseBuffer(encodeOctetString(size));
      const expected = withReference(() => Buffer.from(obj.toDER()));
      expect(encodeDer(obj)).toEqual(expected);
    }
  });
});

/** An OCTET STRING of `size` bytes, encoded by hand. */
function encodeOctetString(size: number): Buffer<ArrayBuffer> {
  const len =
    size < 128
      ? [size]
      : size < 256
        ? [0x81, size]
        : size < 65536
          ? [0x82, size >> 8, size & 255]
          : [0x83, size >> 16, (size >> 8) & 255, size & 255];
  return Buffer.concat([Buffer.from([0x04, ...len]), Buffer.alloc(size, 7)]);
}
