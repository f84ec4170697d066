/**
 * The crypto shim against Node's own crypto (OpenSSL): keys and signatures are made with
 * node:crypto and every verification outcome is compared with node:crypto.verify. Deliberate
 * differences, all stricter than Node, are asserted explicitly: RSA never verifies; SHA-1 and other
 * digests are refused; key DER must be strict DER with uncompressed EC points; Ed25519 follows
 * RFC 8032 strict rules (small-order public keys refused).
 */
import { bundleFromJSON } from '@sigstore/bundle';
import { X509Certificate as SigstoreCertificate, json } from '@sigstore/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import type * as NodeCrypto from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturePath, readFixtureJson } from '../../test/fixtures.js';
import shim, {
  createHash,
  createPublicKey,
  KeyFormatError,
  KeyObject,
  timingSafeEqual,
  verify,
} from './crypto.js';
import { Buffer as ShimBuffer } from './buffer.js';

// vite.config.ts aliases `crypto` and `node:crypto` to the shim, and vitest applies that alias to
// this file too: an `import ... from 'node:crypto'` here would compare the shim with itself.
// require() is Node's own loader, untouched by the alias.
const nodeCrypto = createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;

// ----------------------------------------------------------------------------------------------
// Helpers

type Outcome = boolean | 'throws';

function outcome(fn: () => boolean): Outcome {
  try {
    return fn();
  } catch {
    return 'throws';
  }
}

type CurveName = 'P-256' | 'P-384' | 'P-521';
type Algorithm = 'sha256' | 'sha384' | 'sha512' | null;

interface Pair {
  name: string;
  privateKey: NodeCrypto.KeyObject;
  publicKey: NodeCrypto.KeyObject;
  der: Buffer;
  pem: string;
  shimKey: KeyObject;
}

function pairFrom(name: string, keys: NodeCrypto.KeyPairKeyObjectResult): Pair {
  const der = keys.publicKey.export({ type: 'spki', format: 'der' });
  const pem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { name, ...keys, der, pem, shimKey: createPublicKey(pem) };
}

const ec = (curve: CurveName): Pair =>
  pairFrom(curve, nodeCrypto.generateKeyPairSync('ec', { namedCurve: curve }));

const CURVES: readonly CurveName[] = ['P-256', 'P-384', 'P-521'];
const EC: Record<CurveName, Pair> = {
  'P-256': ec('P-256'),
  'P-384': ec('P-384'),
  'P-521': ec('P-521'),
};
const EC_OTHER: Record<CurveName, Pair> = {
  'P-256': ec('P-256'),
  'P-384': ec('P-384'),
  'P-521': ec('P-521'),
};
const ED = pairFrom('Ed25519', nodeCrypto.generateKeyPairSync('ed25519'));
const ED_OTHER = pairFrom('Ed25519', nodeCrypto.generateKeyPairSync('ed25519'));
const RSA = pairFrom('RSA', nodeCrypto.generateKeyPairSync('rsa', { modulusLength: 2048 }));

const NAMED_CURVE: Record<CurveName, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
};

// Group orders (FIPS 186-4 D.1.2), for making high-S signatures.
const ORDER: Record<CurveName, bigint> = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384':
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-521':
    0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

const MESSAGE = Buffer.from('PEP 740 attestation payload');

function sign(alg: Algorithm, data: Uint8Array, pair: Pair): Buffer {
  return nodeCrypto.sign(alg, data, pair.privateKey);
}

/** Both verifiers' outcomes for the same inputs; the shim gets its own key object. */
function both(alg: string | null, data: Uint8Array, pair: Pair, sig: Uint8Array) {
  return {
    node: outcome(() => nodeCrypto.verify(alg, data, pair.publicKey, sig)),
    shim: outcome(() => verify(alg, data, pair.shimKey, sig)),
  };
}

function expectAgreement(
  alg: string | null,
  data: Uint8Array,
  pair: Pair,
  sig: Uint8Array,
  expected?: Outcome,
): Outcome {
  const { node, shim: ours } = both(alg, data, pair, sig);
  expect(ours, `${pair.name} ${String(alg)} sig=${Buffer.from(sig).toString('hex')}`).toBe(node);
  if (expected !== undefined) expect(node).toBe(expected);
  return node;
}

function flipBit(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

/** Mulberry32: a small deterministic PRNG so random cases are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Minimal DER writing/reading, independent of the shim and of noble, for crafting inputs.

function tlv(tag: number, content: Uint8Array | readonly number[]): Buffer {
  const body = Buffer.from(content);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

const seq = (...parts: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(parts));
const oid = (hex: string): Buffer => tlv(0x06, Buffer.from(hex, 'hex'));
const bitString = (key: Uint8Array | readonly number[], unused = 0): Buffer =>
  tlv(0x03, [unused, ...key]);

function derInteger(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
}

const encodeSig = (r: bigint, s: bigint): Buffer => seq(derInteger(r), derInteger(s));

function decodeSig(der: Uint8Array): { r: bigint; s: bigint } {
  // Node's signatures: 30 len [81 len] 02 rlen r 02 slen s
  let pos = der[1] === 0x81 ? 3 : 2;
  const read = (): bigint => {
    const len = der[pos + 1] as number;
    const value = Buffer.from(der.subarray(pos + 2, pos + 2 + len));
    pos += 2 + len;
    return BigInt(`0x${value.toString('hex')}`);
  };
  const r = read();
  return { r, s: read() };
}

/** Indices of the tag and length bytes of a signature's SEQUENCE and two INTEGERs. */
function derHeaderBytes(sig: Uint8Array): Set<number> {
  const r = sig[1] === 0x81 ? 3 : 2;
  const s = r + 2 + (sig[r + 1] as number);
  return new Set([0, 1, r - 1, r, r + 1, s, s + 1]);
}

const OID_HEX = {
  ecPublicKey: '2a8648ce3d0201',
  p256: '2a8648ce3d030107',
  p384: '2b81040022',
  p521: '2b81040023',
  secp256k1: '2b8104000a',
  ed25519: '2b6570',
  rsa: '2a864886f70d010101',
  unknown: '2a0304', // 1.2.3.4
};

/** The raw key of an SPKI DER (the BIT STRING content after the unused-bits byte). */
function rawKey(pair: Pair): Buffer {
  const length = { 'P-256': 65, 'P-384': 97, 'P-521': 133, Ed25519: 32 }[pair.name] ?? 0;
  return pair.der.subarray(pair.der.length - length);
}

const ecSpki = (curveOid: string, point: Uint8Array): Buffer =>
  seq(seq(oid(OID_HEX.ecPublicKey), oid(curveOid)), bitString(point));

const der = (key: Uint8Array) => ({ key: Buffer.from(key), format: 'der', type: 'spki' }) as const;

// ----------------------------------------------------------------------------------------------

describe('createPublicKey', () => {
  describe('when given an ECDSA key', () => {
    describe.each(CURVES)('on %s', (curve) => {
      const pair = EC[curve];

      it('reads a PEM string like Node', () => {
        const key = createPublicKey(pair.pem);
        expect(key.type).toBe('public');
        expect(key.asymmetricKeyType).toBe(pair.publicKey.asymmetricKeyType);
        expect(key.asymmetricKeyDetails).toEqual(pair.publicKey.asymmetricKeyDetails);
        expect(key.asymmetricKeyDetails).toEqual({ namedCurve: NAMED_CURVE[curve] });
        expect(key.supported).toBe(true);
      });

      it('reads SPKI DER given as {key, format: der, type: spki}', () => {
        const key = createPublicKey(der(pair.der));
        expect(key.asymmetricKeyDetails).toEqual({ namedCurve: NAMED_CURVE[curve] });
      });

      it('reads SPKI DER given as a Uint8Array or a bare Buffer', () => {
        expect(createPublicKey(der(new Uint8Array(pair.der))).asymmetricKeyType).toBe('ec');
        expect(createPublicKey(pair.der).asymmetricKeyType).toBe('ec');
      });

      it('reads PEM given as bytes or as {key, format: pem}', () => {
        expect(createPublicKey(Buffer.from(pair.pem)).asymmetricKeyType).toBe('ec');
        expect(createPublicKey({ key: pair.pem, format: 'pem' }).asymmetricKeyType).toBe('ec');
      });

      it('reads the base64 DER that sigstore decodes from a trusted root', () => {
        const fromBase64 = Buffer.from(pair.der.toString('base64'), 'base64');
        expect(createPublicKey(der(fromBase64)).asymmetricKeyType).toBe('ec');
      });

      it('keeps its own copy of the key bytes', () => {
        const bytes = Buffer.from(pair.der);
        const key = createPublicKey(der(bytes));
        bytes.fill(0, bytes.length - 10);
        const sig = sign('sha256', MESSAGE, pair);
        expect(verify('sha256', MESSAGE, key, sig)).toBe(true);
      });
    });

    it('returns a KeyObject unchanged', () => {
      const key = EC['P-256'].shimKey;
      expect(createPublicKey(key)).toBe(key);
    });
  });

  describe('when given an Ed25519 key', () => {
    it('reads PEM and DER like Node', () => {
      for (const key of [createPublicKey(ED.pem), createPublicKey(der(ED.der))]) {
        expect(key.asymmetricKeyType).toBe('ed25519');
        expect(key.asymmetricKeyDetails).toEqual(ED.publicKey.asymmetricKeyDetails);
        expect(key.supported).toBe(true);
      }
    });

    it('accepts, like Node, 32 bytes that are not a curve point (it just never verifies)', () => {
      const spki = seq(seq(oid(OID_HEX.ed25519)), bitString(Buffer.alloc(32, 0xff)));
      expect(nodeCrypto.createPublicKey(der(spki)).asymmetricKeyType).toBe('ed25519');
      const key = createPublicKey(der(spki));
      expect(key.asymmetricKeyType).toBe('ed25519');
      expect(verify(null, MESSAGE, key, sign(null, MESSAGE, ED))).toBe(false);
    });
  });

  describe('when given an RSA key (deliberately unsupported)', () => {
    it('loads SPKI PEM and DER without throwing, as an unsupported rsa key', () => {
      for (const key of [createPublicKey(RSA.pem), createPublicKey(der(RSA.der))]) {
        expect(key.asymmetricKeyType).toBe('rsa');
        expect(key.supported).toBe(false);
      }
    });

    it('loads PKCS #1 DER (type: pkcs1, as sigstore passes for RSA tlog keys) and PEM', () => {
      const pkcs1 = RSA.publicKey.export({ type: 'pkcs1', format: 'der' });
      expect(createPublicKey({ key: pkcs1, format: 'der', type: 'pkcs1' }).asymmetricKeyType).toBe(
        'rsa',
      );
      const pem = RSA.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      expect(pem).toContain('BEGIN RSA PUBLIC KEY');
      expect(createPublicKey(pem).asymmetricKeyType).toBe('rsa');
    });

    it('still throws for malformed PKCS #1 DER', () => {
      const pkcs1 = RSA.publicKey.export({ type: 'pkcs1', format: 'der' });
      const cases = [
        pkcs1.subarray(0, pkcs1.length - 1),
        Buffer.concat([pkcs1, Buffer.from([0])]),
        seq(derInteger(65537n)),
        seq(derInteger(1n), derInteger(2n), derInteger(3n)),
        seq(tlv(0x02, [0x00, 0x01]), derInteger(3n)), // non-minimal INTEGER
        seq(tlv(0x02, [0x80]), derInteger(3n)), // negative modulus
      ];
      for (const bytes of cases) {
        expect(() => createPublicKey({ key: bytes, format: 'der', type: 'pkcs1' })).toThrow(
          KeyFormatError,
        );
      }
    });
  });

  describe('when the algorithm or curve is not supported', () => {
    it('returns an unsupported key for an unknown algorithm OID', () => {
      const spki = seq(seq(oid(OID_HEX.unknown), tlv(0x05, [])), bitString([1, 2, 3]));
      const key = createPublicKey(der(spki));
      expect(key.supported).toBe(false);
      expect(key.asymmetricKeyType).toBeUndefined();
      expect(verify('sha256', MESSAGE, key, Buffer.alloc(64))).toBe(false);
      // A UUID-style OID (2.25.<128 bits>) is long but legal.
      const uuidOid = tlv(0x06, [0x69, 0x81, ...Array<number>(17).fill(0xff), 0x7f]);
      expect(createPublicKey(der(seq(seq(uuidOid), bitString([1])))).supported).toBe(false);
    });

    it('returns an unsupported ec key for a curve other than P-256/P-384/P-521', () => {
      const k1 = pairFrom(
        'secp256k1',
        nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
      );
      expect(k1.shimKey.asymmetricKeyType).toBe('ec');
      expect(k1.shimKey.supported).toBe(false);
      const sig = sign('sha256', MESSAGE, k1);
      expect(nodeCrypto.verify('sha256', MESSAGE, k1.publicKey, sig)).toBe(true);
      expect(verify('sha256', MESSAGE, k1.shimKey, sig)).toBe(false);
    });

    it('returns an unsupported ec key for explicit curve parameters', () => {
      const spki = seq(
        seq(oid(OID_HEX.ecPublicKey), seq(derInteger(1n))),
        bitString(rawKey(EC['P-256'])),
      );
      expect(createPublicKey(der(spki)).supported).toBe(false);
    });
  });

  describe('when the SPKI DER is malformed', () => {
    const p256 = EC['P-256'];
    const point = rawKey(p256);
    const x = point.subarray(1, 33);
    const y = point.subarray(33);

    it('rebuilds the genuine key from parts (sanity check of the test helpers)', () => {
      expect(ecSpki(OID_HEX.p256, point)).toEqual(p256.der);
      expect(seq(seq(oid(OID_HEX.ed25519)), bitString(rawKey(ED)))).toEqual(ED.der);
    });

    it('throws for every truncation, as Node does', () => {
      for (const pair of [p256, EC['P-384'], ED, RSA]) {
        for (let length = 0; length < pair.der.length; length++) {
          const truncated = pair.der.subarray(0, length);
          expect(() => nodeCrypto.createPublicKey(der(truncated))).toThrow();
          expect(() => createPublicKey(der(truncated)), `${pair.name} ${length}`).toThrow(
            KeyFormatError,
          );
        }
      }
    });

    it('throws for a point that is not on the curve, as Node does', () => {
      for (const curve of CURVES) {
        const bad = Buffer.from(EC[curve].der);
        bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;
        expect(() => nodeCrypto.createPublicKey(der(bad))).toThrow();
        expect(() => createPublicKey(der(bad))).toThrow(/not a point on/);
      }
    });

    // Cases where OpenSSL is lenient but the shim is strict, or both reject.
    const cases: [string, Buffer][] = [
      ['trailing bytes after the SPKI', Buffer.concat([p256.der, Buffer.from([0])])],
      ['a length one too long', Buffer.concat([Buffer.from([0x30, 0x5a]), p256.der.subarray(2)])],
      ['a length one too short', Buffer.concat([Buffer.from([0x30, 0x58]), p256.der.subarray(2)])],
      [
        'a non-minimal long-form length',
        Buffer.concat([Buffer.from([0x30, 0x81, 0x59]), p256.der.subarray(2)]),
      ],
      [
        'an indefinite length',
        Buffer.concat([Buffer.from([0x30, 0x80]), p256.der.subarray(2), Buffer.from([0, 0])]),
      ],
      ['a SET instead of a SEQUENCE', Buffer.concat([Buffer.from([0x31]), p256.der.subarray(1)])],
      ['empty input', Buffer.alloc(0)],
      ['an Ed25519 OID on an EC point', seq(seq(oid(OID_HEX.ed25519)), bitString(point))],
      ['the P-384 curve OID on a P-256 point', ecSpki(OID_HEX.p384, point)],
      ['the P-256 curve OID on a P-384 point', ecSpki(OID_HEX.p256, rawKey(EC['P-384']))],
      [
        'a compressed point',
        ecSpki(OID_HEX.p256, Buffer.concat([Buffer.from([2 | ((y[31] as number) & 1)]), x])),
      ],
      [
        'a hybrid point (0x06/0x07)',
        ecSpki(OID_HEX.p256, Buffer.concat([Buffer.from([6 | ((y[31] as number) & 1)]), x, y])),
      ],
      ['the point at infinity', ecSpki(OID_HEX.p256, Buffer.from([0]))],
      [
        'an all-zero point',
        ecSpki(OID_HEX.p256, Buffer.concat([Buffer.from([4]), Buffer.alloc(64)])),
      ],
      [
        'coordinates beyond the field',
        ecSpki(OID_HEX.p256, Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0xff)])),
      ],
      [
        'non-zero unused bits in the BIT STRING',
        seq(seq(oid(OID_HEX.ecPublicKey), oid(OID_HEX.p256)), bitString(point, 1)),
      ],
      ['an empty BIT STRING', seq(seq(oid(OID_HEX.ecPublicKey), oid(OID_HEX.p256)), tlv(0x03, []))],
      ['an EC key without curve parameters', seq(seq(oid(OID_HEX.ecPublicKey)), bitString(point))],
      [
        'EC parameters that are NULL',
        seq(seq(oid(OID_HEX.ecPublicKey), tlv(0x05, [])), bitString(point)),
      ],
      [
        'an Ed25519 key with parameters',
        seq(seq(oid(OID_HEX.ed25519), tlv(0x05, [])), bitString(rawKey(ED))),
      ],
      [
        'an Ed25519 key of 31 bytes',
        seq(seq(oid(OID_HEX.ed25519)), bitString(rawKey(ED).subarray(1))),
      ],
      [
        'an Ed25519 key of 33 bytes',
        seq(seq(oid(OID_HEX.ed25519)), bitString(Buffer.concat([rawKey(ED), Buffer.from([0])]))),
      ],
      [
        'an OID with a non-minimal arc',
        seq(seq(tlv(0x06, [0x2a, 0x80, 0x03]), oid(OID_HEX.p256)), bitString(point)),
      ],
      [
        'an OID cut off mid-arc',
        seq(seq(tlv(0x06, [0x2a, 0x86]), oid(OID_HEX.p256)), bitString(point)),
      ],
      ['an empty OID', seq(seq(tlv(0x06, [])), bitString(point))],
      [
        'an OID arc longer than 19 bytes',
        seq(seq(tlv(0x06, [0x2a, ...Array<number>(19).fill(0xff), 0x7f])), bitString(point)),
      ],
      [
        'two algorithm parameters',
        seq(seq(oid(OID_HEX.ecPublicKey), oid(OID_HEX.p256), oid(OID_HEX.p256)), bitString(point)),
      ],
      [
        'an extra element in the SPKI',
        seq(seq(oid(OID_HEX.ecPublicKey), oid(OID_HEX.p256)), bitString(point), tlv(0x05, [])),
      ],
      ['a multi-byte tag', Buffer.concat([Buffer.from([0x1f, 0x81, 0x00, 0x00])])],
      [
        'an RSA SPKI whose key is not PKCS #1',
        seq(seq(oid(OID_HEX.rsa), tlv(0x05, [])), bitString([1, 2, 3])),
      ],
    ];

    it.each(cases)('throws for %s', (_, bytes) => {
      expect(() => createPublicKey(der(bytes))).toThrow(KeyFormatError);
    });

    it('is stricter than Node on trailing bytes, non-minimal lengths and compressed points', () => {
      // Documented, deliberate differences: OpenSSL accepts these, the shim does not.
      for (const name of ['trailing bytes after the SPKI', 'a non-minimal long-form length']) {
        const bytes = cases.find(([n]) => n === name)?.[1] as Buffer;
        expect(nodeCrypto.createPublicKey(der(bytes)).asymmetricKeyType).toBe('ec');
      }
    });
  });

  describe('when given PEM that is not an SPKI public key', () => {
    const pem = EC['P-256'].pem;
    const body = pem.split('\n').slice(1, -2).join('\n');

    it('accepts CRLF line endings and surrounding whitespace', () => {
      expect(createPublicKey(`\n  ${pem.replace(/\n/g, '\r\n')}  \n`).asymmetricKeyType).toBe('ec');
    });

    it.each([
      ['a certificate', `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`],
      ['a private key', `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`],
      ['mismatched labels', `-----BEGIN PUBLIC KEY-----\n${body}\n-----END RSA PUBLIC KEY-----\n`],
      [
        'invalid base64',
        `-----BEGIN PUBLIC KEY-----\n${body.replace('M', '*')}\n-----END PUBLIC KEY-----\n`,
      ],
      ['bad base64 padding', `-----BEGIN PUBLIC KEY-----\n${body}=\n-----END PUBLIC KEY-----\n`],
      ['an empty body', '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n'],
      ['text before the block', `hello\n${pem}`],
      ['two blocks', `${pem}${pem}`],
      ['no PEM at all', 'not a key'],
    ])('throws for %s', (_, text) => {
      expect(() => createPublicKey(text)).toThrow(KeyFormatError);
    });

    it('throws a TypeError for unsupported input shapes', () => {
      expect(() => createPublicKey({ key: 'abc', format: 'der' })).toThrow(TypeError);
      expect(() => createPublicKey({ key: EC['P-256'].der, format: 'jwk' as 'der' })).toThrow(
        TypeError,
      );
      expect(() =>
        createPublicKey({ key: EC['P-256'].der, format: 'der', type: 'sec1' as 'spki' }),
      ).toThrow(TypeError);
      expect(() => createPublicKey(42 as unknown as string)).toThrow(TypeError);
    });
  });
});

describe('verify', () => {
  describe.each(CURVES)('when the key is ECDSA %s', (curve) => {
    const pair = EC[curve];

    it.each(['sha256', 'sha384', 'sha512'] as const)('accepts valid %s signatures', (alg) => {
      expectAgreement(alg, MESSAGE, pair, sign(alg, MESSAGE, pair), true);
    });

    it('uses SHA-256 when the algorithm is null, like Node, whatever the curve', () => {
      expectAgreement(null, MESSAGE, pair, sign(null, MESSAGE, pair), true);
      expectAgreement(null, MESSAGE, pair, sign('sha256', MESSAGE, pair), true);
      expectAgreement(
        undefined as unknown as null,
        MESSAGE,
        pair,
        sign('sha256', MESSAGE, pair),
        true,
      );
      expectAgreement(null, MESSAGE, pair, sign('sha384', MESSAGE, pair), false);
      expectAgreement(null, MESSAGE, pair, sign('sha512', MESSAGE, pair), false);
    });

    it('rejects a signature checked with another hash', () => {
      expectAgreement('sha384', MESSAGE, pair, sign('sha256', MESSAGE, pair), false);
      expectAgreement('sha256', MESSAGE, pair, sign('sha512', MESSAGE, pair), false);
    });

    it('rejects every single-bit flip of the message', () => {
      const sig = sign('sha256', MESSAGE, pair);
      for (let bit = 0; bit < MESSAGE.length * 8; bit += 7) {
        expectAgreement('sha256', flipBit(MESSAGE, bit), pair, sig, false);
      }
    });

    it('agrees with Node on single-bit flips of the signature (all in DER headers)', () => {
      const sig = sign('sha384', MESSAGE, pair);
      const headers = derHeaderBytes(sig);
      // Every bit on P-256; on the slower curves every bit of the DER headers plus a sample of
      // the integer bits (a full P-521 sweep takes ~8 s).
      const all = curve === 'P-256';
      for (let bit = 0; bit < sig.length * 8; bit++) {
        if (all || headers.has(bit >> 3) || bit % 5 === 0) {
          expectAgreement('sha384', MESSAGE, pair, flipBit(sig, bit));
        }
      }
    });

    it('rejects every truncation of the signature', () => {
      const sig = sign('sha256', MESSAGE, pair);
      for (let length = 0; length < sig.length; length++) {
        expectAgreement('sha256', MESSAGE, pair, sig.subarray(0, length), false);
      }
    });

    it('rejects a signature by another key', () => {
      expectAgreement('sha256', MESSAGE, pair, sign('sha256', MESSAGE, EC_OTHER[curve]), false);
    });

    it('accepts the high-S twin (n - s) of a valid signature, as OpenSSL does', () => {
      for (let i = 0; i < 4; i++) {
        const sig = sign('sha256', MESSAGE, pair);
        const { r, s } = decodeSig(sig);
        expect(encodeSig(r, s)).toEqual(sig);
        const twin = encodeSig(r, ORDER[curve] - s);
        expectAgreement('sha256', MESSAGE, pair, twin, true);
        expectAgreement(null, MESSAGE, pair, twin, true);
      }
    });

    it('rejects non-canonical or out-of-range DER encodings of a valid signature', () => {
      const sig = sign('sha256', MESSAGE, pair);
      const { r, s } = decodeSig(sig);
      const n = ORDER[curve];
      const size = Math.ceil(n.toString(16).length / 2);
      const fixed = (v: bigint) => Buffer.from(v.toString(16).padStart(2 * size, '0'), 'hex');
      const padded = (v: bigint) =>
        tlv(0x02, Buffer.concat([Buffer.from([0]), derInteger(v).subarray(2)]));
      const longForm = Buffer.concat([Buffer.from([0x30, 0x81, sig.length - 2]), sig.subarray(2)]);
      const cases: Buffer[] = [
        Buffer.concat([sig, Buffer.from([0])]), // trailing byte
        seq(padded(r), derInteger(s)), // unnecessary leading zero
        seq(derInteger(r), padded(s)),
        sig[1] === 0x81 ? Buffer.concat([Buffer.from([0x30]), sig.subarray(2)]) : longForm,
        encodeSig(r + n, s), // r and s out of range, equal mod n
        encodeSig(r, s + n),
        encodeSig(0n, s),
        encodeSig(r, 0n),
        encodeSig(n, n),
        encodeSig(s, r), // swapped
        seq(derInteger(r)), // s missing
        seq(derInteger(r), derInteger(s), derInteger(1n)), // extra INTEGER
        seq(tlv(0x02, [0xff]), derInteger(s)), // negative r
        tlv(0x31, Buffer.concat([derInteger(r), derInteger(s)])), // SET
        Buffer.concat([derInteger(r), derInteger(s)]), // no SEQUENCE
        Buffer.concat([fixed(r), fixed(s)]), // raw r || s (IEEE P1363, as WebCrypto uses)
      ];
      for (const bad of cases) expectAgreement('sha256', MESSAGE, pair, bad, false);
    });

    it('rejects garbage signatures', () => {
      const random = prng(0xdecade);
      const garbage = [
        Buffer.alloc(0),
        Buffer.from([0x30]),
        Buffer.from([0x30, 0x00]),
        Buffer.from([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]), // r = s = 1
        Buffer.alloc(64),
        Buffer.alloc(1000, 0x30),
        ...Array.from({ length: 20 }, () =>
          Buffer.from(Array.from({ length: 72 }, () => Math.floor(random() * 256))),
        ),
      ];
      for (const bad of garbage) expectAgreement('sha256', MESSAGE, pair, bad, false);
    });

    it('accepts an empty message and a large one', () => {
      for (const data of [Buffer.alloc(0), Buffer.alloc(1 << 20, 7)]) {
        expectAgreement('sha512', data, pair, sign('sha512', data, pair), true);
        expectAgreement('sha512', data, pair, sign('sha256', data, pair), false);
      }
    });
  });

  describe('when the key is on another curve than the signature', () => {
    it('rejects it, as Node does', () => {
      for (const [signer, checker] of [
        ['P-256', 'P-384'],
        ['P-384', 'P-256'],
        ['P-384', 'P-521'],
        ['P-521', 'P-256'],
      ] as const) {
        expectAgreement('sha256', MESSAGE, EC[checker], sign('sha256', MESSAGE, EC[signer]), false);
      }
    });
  });

  describe('when a P-384 key signs with SHA-256 (or P-256 with SHA-512)', () => {
    it('accepts it, truncating or widening the digest as OpenSSL does', () => {
      expectAgreement('sha256', MESSAGE, EC['P-384'], sign('sha256', MESSAGE, EC['P-384']), true);
      expectAgreement('sha512', MESSAGE, EC['P-256'], sign('sha512', MESSAGE, EC['P-256']), true);
      expectAgreement('sha256', MESSAGE, EC['P-521'], sign('sha256', MESSAGE, EC['P-521']), true);
    });
  });

  describe('when the key is Ed25519', () => {
    const sig = sign(null, MESSAGE, ED);

    it('accepts a valid signature', () => {
      expectAgreement(null, MESSAGE, ED, sig, true);
      expectAgreement(null, Buffer.alloc(0), ED, sign(null, Buffer.alloc(0), ED), true);
    });

    it('rejects flipped messages and every single-bit flip of the signature', () => {
      expectAgreement(null, flipBit(MESSAGE, 3), ED, sig, false);
      for (let bit = 0; bit < sig.length * 8; bit++) {
        expectAgreement(null, MESSAGE, ED, flipBit(sig, bit), false);
      }
    });

    it('rejects wrong-length signatures and signatures by another key', () => {
      expectAgreement(null, MESSAGE, ED, sig.subarray(0, 63), false);
      expectAgreement(null, MESSAGE, ED, Buffer.concat([sig, Buffer.from([0])]), false);
      expectAgreement(null, MESSAGE, ED, Buffer.alloc(0), false);
      expectAgreement(null, MESSAGE, ED, sign(null, MESSAGE, ED_OTHER), false);
    });

    it('rejects a non-canonical S (S + L), as OpenSSL does', () => {
      const L = 2n ** 252n + 27742317777372353535851937790883648493n;
      const s = BigInt(`0x${Buffer.from(sig.subarray(32)).reverse().toString('hex')}`);
      const sPlusL = Buffer.from((s + L).toString(16).padStart(64, '0'), 'hex').reverse();
      expectAgreement(null, MESSAGE, ED, Buffer.concat([sig.subarray(0, 32), sPlusL]), false);
    });

    it('is stricter than OpenSSL on a small-order (identity) public key', () => {
      // With A = identity, R = identity and S = 0 satisfy the equation for every message:
      // OpenSSL accepts that; RFC 8032 strict mode (noble, zip215: false) refuses small-order A.
      const identity = Buffer.concat([Buffer.from([1]), Buffer.alloc(31)]);
      const key = seq(seq(oid(OID_HEX.ed25519)), bitString(identity));
      const universal = Buffer.concat([identity, Buffer.alloc(32)]);
      const nodeKey = nodeCrypto.createPublicKey(der(key));
      expect(nodeCrypto.verify(null, MESSAGE, nodeKey, universal)).toBe(true);
      expect(verify(null, MESSAGE, createPublicKey(der(key)), universal)).toBe(false);
    });

    it('throws, like Node, when given a digest algorithm', () => {
      expectAgreement('sha256', MESSAGE, ED, sig, 'throws');
      expectAgreement('sha512', MESSAGE, ED, sig, 'throws');
    });

    it('rejects an ECDSA signature', () => {
      expectAgreement(null, MESSAGE, ED, sign(null, MESSAGE, EC['P-256']), false);
      expectAgreement(null, MESSAGE, EC['P-256'], sig, false);
    });
  });

  describe('when the key is RSA (deliberately unsupported)', () => {
    it('returns false where Node would return true', () => {
      for (const alg of ['sha256', 'sha384', 'sha512', null] as const) {
        const sig = sign(alg, MESSAGE, RSA);
        expect(nodeCrypto.verify(alg, MESSAGE, RSA.publicKey, sig)).toBe(true);
        expect(verify(alg, MESSAGE, RSA.shimKey, sig)).toBe(false);
        expect(verify(alg, MESSAGE, RSA.pem, sig)).toBe(false);
      }
    });
  });

  describe('when the key is given as PEM, DER bytes or an input object', () => {
    it('converts it with createPublicKey', () => {
      const pair = EC['P-256'];
      const sig = sign('sha256', MESSAGE, pair);
      for (const key of [pair.pem, pair.der, Buffer.from(pair.pem), der(pair.der), pair.shimKey]) {
        expect(verify('sha256', MESSAGE, key, sig)).toBe(true);
        expect(verify('sha256', flipBit(MESSAGE, 0), key, sig)).toBe(false);
      }
    });

    it('throws for a malformed key, as Node does', () => {
      const sig = sign('sha256', MESSAGE, EC['P-256']);
      expect(() => verify('sha256', MESSAGE, EC['P-256'].der.subarray(1), sig)).toThrow(
        KeyFormatError,
      );
    });
  });

  describe('when the data and signature are other binary views', () => {
    it('reads exactly the bytes of the view', () => {
      const pair = EC['P-256'];
      const sig = sign('sha256', MESSAGE, pair);
      const backing = new Uint8Array(MESSAGE.length + 8);
      backing.set(MESSAGE, 4);
      const view = new DataView(backing.buffer, 4, MESSAGE.length);
      expect(verify('sha256', view, pair.shimKey, sig)).toBe(true);
      expect(verify('sha256', new Uint8Array(MESSAGE).buffer, pair.shimKey, sig)).toBe(true);
      expect(verify('sha256', MESSAGE, pair.shimKey, new Uint8Array(sig))).toBe(true);
    });

    it('throws a TypeError for strings, as Node does', () => {
      const pair = EC['P-256'];
      const sig = sign('sha256', MESSAGE, pair);
      expect(() => verify('sha256', 'text' as unknown as Uint8Array, pair.shimKey, sig)).toThrow(
        TypeError,
      );
    });
  });

  describe('when the algorithm name is spelled differently', () => {
    const pair = EC['P-384'];

    it.each(['SHA384', 'sha-384', 'SHA2-384', 'RSA-SHA384', 'rsa-sha384'])(
      'accepts %s like Node',
      (alg) => {
        expectAgreement(alg, MESSAGE, pair, sign('sha384', MESSAGE, pair), true);
      },
    );

    it('throws for names Node does not know either', () => {
      expectAgreement('sha999', MESSAGE, pair, sign('sha384', MESSAGE, pair), 'throws');
      expectAgreement('ecdsa-with-SHA384', MESSAGE, pair, sign('sha384', MESSAGE, pair), 'throws');
    });

    it('deliberately refuses digests Node supports: sha1, sha224, sha3, md5', () => {
      for (const alg of ['sha1', 'sha224', 'sha3-256', 'md5']) {
        const sig = sign(alg as Algorithm, MESSAGE, pair);
        expect(nodeCrypto.verify(alg, MESSAGE, pair.publicKey, sig)).toBe(true);
        expect(() => verify(alg, MESSAGE, pair.shimKey, sig)).toThrow(/Invalid digest/);
      }
    });
  });

  describe('when comparing seeded random cases with Node', () => {
    it('agrees on 400 cases', () => {
      const random = prng(740);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const bytes = (n: number) =>
        Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
      const pairs: readonly Pair[] = [EC['P-256'], EC['P-384'], EC['P-521'], ED];
      const counts = { true: 0, false: 0, throws: 0 };

      for (let i = 0; i < 400; i++) {
        const pair = pick(pairs);
        const isEd = pair === ED;
        const signAlg: Algorithm = isEd
          ? null
          : pick(['sha256', 'sha384', 'sha512', null] as const);
        const data = bytes(Math.floor(random() * 300));
        let sig = sign(signAlg, data, pair);
        let checkData: Buffer = data;
        let checkAlg: string | null = signAlg;
        let checkPair = pair;

        switch (
          pick([
            'none',
            'data',
            'sig',
            'truncate',
            'extend',
            'highS',
            'otherKey',
            'hash',
            'random',
          ] as const)
        ) {
          case 'none':
            break;
          case 'data':
            checkData = data.length
              ? flipBit(data, Math.floor(random() * data.length * 8))
              : Buffer.from([0]);
            break;
          case 'sig':
            sig = flipBit(sig, Math.floor(random() * sig.length * 8));
            break;
          case 'truncate':
            sig = sig.subarray(0, Math.floor(random() * sig.length));
            break;
          case 'extend':
            sig = Buffer.concat([sig, bytes(1 + Math.floor(random() * 3))]);
            break;
          case 'highS':
            if (!isEd) {
              const { r, s } = decodeSig(sig);
              sig = encodeSig(r, ORDER[pair.name as CurveName] - s);
            }
            break;
          case 'otherKey':
            checkPair = isEd ? ED_OTHER : EC_OTHER[pair.name as CurveName];
            break;
          case 'hash':
            checkAlg = isEd ? 'sha512' : pick(['sha256', 'sha384', 'sha512', null] as const);
            break;
          case 'random':
            sig = bytes(sig.length);
            break;
        }
        counts[
          String(expectAgreement(checkAlg, checkData, checkPair, sig)) as keyof typeof counts
        ]++;
      }
      // The mix exercises all three outcomes.
      expect(counts.true).toBeGreaterThan(40);
      expect(counts.false).toBeGreaterThan(150);
      expect(counts.throws).toBeGreaterThan(0);
    });
  });
});

describe('createHash', () => {
  const inputs: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['abc', Buffer.from('abc')],
    ['one block minus one', Buffer.alloc(55, 1)],
    ['two blocks', Buffer.alloc(128, 2)],
    ['1 MiB', Buffer.alloc(1 << 20, 0xa5)],
  ];

  describe.each(['sha256', 'sha384', 'sha512'])('when the algorithm is %s', (alg) => {
    it.each(inputs)('matches Node for %s input', (_, data) => {
      const ours = createHash(alg).update(data).digest();
      expect(ours.toString('hex')).toBe(nodeCrypto.createHash(alg).update(data).digest('hex'));
    });

    it('matches Node across many update() calls at random split points', () => {
      const random = prng(alg.length * 1000 + 1);
      const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff));
      const hash = createHash(alg);
      for (let pos = 0; pos < data.length;) {
        const next = Math.min(data.length, pos + Math.floor(random() * 300));
        expect(hash.update(data.subarray(pos, next))).toBe(hash); // chainable
        pos = next;
      }
      expect(hash.digest().equals(nodeCrypto.createHash(alg).update(data).digest())).toBe(true);
    });

    it('hashes strings as UTF-8 and returns hex or base64 when asked', () => {
      const text = 'pypi ✓ provenance';
      const expected = nodeCrypto.createHash(alg).update(text).digest();
      expect(createHash(alg).update(text).digest('hex')).toBe(expected.toString('hex'));
      expect(createHash(alg).update(text).digest('base64')).toBe(expected.toString('base64'));
      expect(createHash(alg).update('c2ln', 'base64').digest('hex')).toBe(
        nodeCrypto.createHash(alg).update('sig').digest('hex'),
      );
    });

    it('returns our Buffer, which sigstore can call Buffer methods on', () => {
      const digest = createHash(alg).update('x').digest();
      expect(digest).toBeInstanceOf(ShimBuffer);
      expect(digest.subarray(0, 4)).toBeInstanceOf(ShimBuffer);
      expect((digest.subarray(0, 4) as ShimBuffer).toString('hex')).toHaveLength(8);
    });
  });

  describe('when the algorithm is spelled differently', () => {
    it.each(['SHA256', 'sha-256', 'SHA2-256', 'RSA-SHA256'])('accepts %s like Node', (alg) => {
      expect(createHash(alg).update('a').digest('hex')).toBe(
        nodeCrypto.createHash(alg).update('a').digest('hex'),
      );
    });
  });

  describe('when the algorithm is not SHA-256/384/512', () => {
    it.each(['sha1', 'md5', 'sha224', 'sha3-256', 'sha512-256', '', 'sha'])(
      'throws for %j',
      (alg) => {
        expect(() => createHash(alg)).toThrow(/Invalid digest/);
      },
    );
  });

  describe('when the hash was already finalized', () => {
    it('throws on update() and digest(), as Node does', () => {
      const hash = createHash('sha256').update('a');
      hash.digest();
      expect(() => hash.update('b')).toThrow(/Digest already called/);
      expect(() => hash.digest()).toThrow(/Digest already called/);
    });
  });
});

describe('timingSafeEqual', () => {
  describe('when the inputs have the same length', () => {
    it('returns true for equal bytes and false otherwise, like Node', () => {
      const a = Buffer.from('0123456789abcdef');
      for (const [x, y] of [
        [a, Buffer.from(a)],
        [a, flipBit(a, 0)],
        [a, flipBit(a, 127)],
        [Buffer.alloc(0), Buffer.alloc(0)],
      ] as const) {
        expect(timingSafeEqual(x, y)).toBe(nodeCrypto.timingSafeEqual(x, y));
      }
      expect(timingSafeEqual(a, Buffer.from(a))).toBe(true);
      expect(timingSafeEqual(a, flipBit(a, 127))).toBe(false);
    });

    it('compares the bytes of views, not their backing buffers', () => {
      const backing = Buffer.from('xxabcdyy');
      expect(timingSafeEqual(backing.subarray(2, 6), Buffer.from('abcd'))).toBe(true);
      expect(timingSafeEqual(new Uint16Array([0x0201]), Buffer.from([1, 2]))).toBe(
        nodeCrypto.timingSafeEqual(new Uint16Array([0x0201]), Buffer.from([1, 2])),
      );
    });
  });

  describe('when the lengths differ', () => {
    it('throws a RangeError with Node’s code', () => {
      const call = () => timingSafeEqual(Buffer.alloc(1), Buffer.alloc(2));
      expect(call).toThrow(RangeError);
      expect(call).toThrow('Input buffers must have the same byte length');
      expect(() => nodeCrypto.timingSafeEqual(Buffer.alloc(1), Buffer.alloc(2))).toThrow(
        RangeError,
      );
      try {
        call();
      } catch (error) {
        expect((error as { code?: string }).code).toBe('ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH');
      }
    });
  });

  describe('when an input is not binary', () => {
    it('throws a TypeError', () => {
      expect(() => timingSafeEqual('a' as unknown as Uint8Array, Buffer.from('a'))).toThrow(
        TypeError,
      );
    });
  });
});

describe('the default export', () => {
  describe('when sigstore reads members through __importDefault(require("crypto")).default', () => {
    it('offers the same functions as the named exports', () => {
      expect(shim.createPublicKey).toBe(createPublicKey);
      expect(shim.verify).toBe(verify);
      expect(shim.createHash).toBe(createHash);
      expect(shim.timingSafeEqual).toBe(timingSafeEqual);
      expect(shim.KeyObject).toBe(KeyObject);
    });
  });
});

// ----------------------------------------------------------------------------------------------
// Real Sigstore data

interface JsonKey {
  rawBytes?: string;
  keyDetails?: string;
}
interface JsonChain {
  certChain?: { certificates?: { rawBytes: string }[] };
}
interface TrustedRootJson {
  tlogs?: { baseUrl: string; publicKey?: JsonKey }[];
  ctlogs?: { baseUrl: string; publicKey?: JsonKey }[];
  certificateAuthorities?: JsonChain[];
  timestampAuthorities?: JsonChain[];
}

const PROD_ROOT = readFixtureJson<TrustedRootJson>('trust', 'sigstore-prod.trusted_root.json');

const parseCert = (base64: string) => SigstoreCertificate.parse(Buffer.from(base64, 'base64'));

type Cert = ReturnType<typeof parseCert>;

/** The signature check sigstore's X509Certificate.verify() makes, done with the shim. */
function shimVerifiesCert(
  cert: Cert,
  issuer: Cert,
  tbs: Uint8Array = cert.tbsCertificate.toDER(),
): boolean {
  const key = createPublicKey({ key: issuer.publicKey, format: 'der', type: 'spki' });
  return verify(cert.signatureAlgorithm, tbs, key, cert.signatureValue);
}

interface ChainCert {
  cert: Cert;
  node: NodeCrypto.X509Certificate;
}

function chains(root: TrustedRootJson): ChainCert[][] {
  return [...(root.certificateAuthorities ?? []), ...(root.timestampAuthorities ?? [])].map((ca) =>
    (ca.certChain?.certificates ?? []).map((c) => ({
      cert: parseCert(c.rawBytes),
      node: new nodeCrypto.X509Certificate(Buffer.from(c.rawBytes, 'base64')),
    })),
  );
}

// As sigstore's trust/index.js picks the DER type for tlog and ctlog keys.
const derType = (details = ''): 'pkcs1' | 'spki' => (/RSA/.test(details) ? 'pkcs1' : 'spki');

describe('real Sigstore trust material', () => {
  describe('when checking the Fulcio chain of the production trusted root', () => {
    const [intermediate, root] = (
      PROD_ROOT.certificateAuthorities?.[1]?.certChain?.certificates ?? []
    ).map((c) => parseCert(c.rawBytes)) as [Cert, Cert];

    it('verifies the intermediate under the root CA key (P-384, sha384)', () => {
      expect(intermediate.signatureAlgorithm).toBe('sha384');
      const rootKey = createPublicKey({ key: root.publicKey, format: 'der', type: 'spki' });
      expect(rootKey.asymmetricKeyDetails).toEqual({ namedCurve: 'secp384r1' });
      expect(shimVerifiesCert(intermediate, root)).toBe(true);
    });

    it('verifies the self-signed root', () => {
      expect(shimVerifiesCert(root, root)).toBe(true);
    });

    it('rejects the intermediate when its TBS is altered or under the wrong key', () => {
      const tbs = Buffer.from(intermediate.tbsCertificate.toDER());
      expect(shimVerifiesCert(intermediate, root, flipBit(tbs, tbs.length * 4))).toBe(false);
      expect(shimVerifiesCert(intermediate, intermediate)).toBe(false);
    });
  });

  describe('when checking every certificate chain in the production and conformance roots', () => {
    const dir = fixturePath('conformance', 'bundle-verify');
    const roots: [string, TrustedRootJson][] = [
      ['prod', PROD_ROOT],
      ['staging', readFixtureJson<TrustedRootJson>('trust', 'sigstore-staging.trusted_root.json')],
      ...readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry): [string, TrustedRootJson] | undefined => {
          try {
            return [
              entry.name,
              readFixtureJson<TrustedRootJson>(
                'conformance',
                'bundle-verify',
                entry.name,
                'trusted_root.json',
              ),
            ];
          } catch {
            return undefined; // cases that bring no trusted root of their own
          }
        })
        .filter((root): root is [string, TrustedRootJson] => root !== undefined),
    ];

    it('finds the fixtures', () => {
      expect(roots.length).toBeGreaterThan(30);
    });

    it('verifies each certificate under its issuer like Node, except RSA-signed ones', () => {
      let checked = 0;
      let rsaSigned = 0;
      for (const [name, root] of roots) {
        for (const chain of chains(root)) {
          chain.forEach((link, i) => {
            const issuer = chain[i + 1] ?? link; // the last certificate is self-signed
            expect(link.node.verify(issuer.node.publicKey), `${name} cert ${i}`).toBe(true);
            // Some conformance roots have an RSA CA, which the shim deliberately never accepts.
            const rsa = issuer.node.publicKey.asymmetricKeyType === 'rsa';
            expect(shimVerifiesCert(link.cert, issuer.cert), `${name} cert ${i}`).toBe(!rsa);
            if (rsa) rsaSigned++;
            else checked++;
          });
        }
      }
      expect(checked).toBeGreaterThan(50);
      expect(rsaSigned).toBeGreaterThan(0);
    });

    it('loads every tlog and ctlog key the way sigstore does, RSA ones as unsupported', () => {
      let rsa = 0;
      for (const [name, root] of roots) {
        for (const log of [...(root.tlogs ?? []), ...(root.ctlogs ?? [])]) {
          const { rawBytes, keyDetails } = log.publicKey ?? {};
          if (rawBytes === undefined) continue;
          const input = {
            key: Buffer.from(rawBytes, 'base64'),
            format: 'der',
            type: derType(keyDetails),
          } as const;
          const ours = createPublicKey(input);
          const node = nodeCrypto.createPublicKey(input);
          expect(ours.asymmetricKeyType, `${name} ${log.baseUrl}`).toBe(node.asymmetricKeyType);
          if (node.asymmetricKeyType === 'ec') {
            expect(ours.asymmetricKeyDetails).toEqual(node.asymmetricKeyDetails);
          }
          if (ours.asymmetricKeyType === 'rsa') rsa++;
          expect(ours.supported).toBe(ours.asymmetricKeyType !== 'rsa');
        }
      }
      expect(rsa).toBeGreaterThan(0); // the conformance roots do include PKCS #1 RSA CT keys
    });
  });

  describe('when checking real PEP 740 attestations', () => {
    interface Attestation {
      envelope: { statement: string; signature: string };
      verification_material: {
        certificate: string;
        transparency_entries: {
          canonicalizedBody: string;
          integratedTime: string;
          logIndex: string;
          logId: { keyId: string };
          inclusionPromise: { signedEntryTimestamp: string };
        }[];
      };
    }
    const files = [
      ['pypi-attestations-0.0.19', 'pypi_attestations-0.0.19.tar.gz.publish.attestation'],
      ['pypi-attestations-0.0.19', 'pypi_attestations-0.0.19.tar.gz.slsa.attestation'],
      ['pypi-attestations-0.0.16', 'pypi_attestations-0.0.16.tar.gz.attestation'],
      ['sampleproject-4.0.0', 'sampleproject-4.0.0-py3-none-any.whl.attestation'],
      ['gitlab-oidc-project-0.0.3', 'gitlab_oidc_project-0.0.3.tar.gz.publish.attestation'],
      ['juwunit-0.1.3', 'juwunit-0.1.3-cp310-abi3-macosx_10_12_x86_64.whl.publish.attestation'],
    ] as const;
    const intermediate = chains(PROD_ROOT)[1]?.[0]?.cert as Cert;
    const rekor = PROD_ROOT.tlogs?.find((t) => t.baseUrl === 'https://rekor.sigstore.dev');
    const rekorKey = createPublicKey({
      key: Buffer.from(rekor?.publicKey?.rawBytes ?? '', 'base64'),
      format: 'der',
      type: 'spki',
    });

    const pae = (type: string, payload: Buffer): Buffer =>
      Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${payload.length} `), payload]);

    describe.each(files)('%s/%s', (folder, file) => {
      const attestation = readFixtureJson<Attestation>('attestations', folder, file);
      const leaf = parseCert(attestation.verification_material.certificate);
      const leafKey = createPublicKey({ key: leaf.publicKey, format: 'der', type: 'spki' });
      const statement = Buffer.from(attestation.envelope.statement, 'base64');
      const signature = Buffer.from(attestation.envelope.signature, 'base64');
      const signed = pae('application/vnd.in-toto+json', statement);

      it('verifies the leaf certificate under the Fulcio intermediate (P-384, sha384)', () => {
        expect(shimVerifiesCert(leaf, intermediate)).toBe(true);
      });

      it('verifies the DSSE signature with the leaf key and no algorithm, like sigstore', () => {
        expect(leafKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
        expect(verify(undefined, signed, leafKey, signature)).toBe(true);
        expect(
          nodeCrypto.verify(
            undefined,
            signed,
            new nodeCrypto.X509Certificate(
              Buffer.from(attestation.verification_material.certificate, 'base64'),
            ).publicKey,
            signature,
          ),
        ).toBe(true);
        expect(verify(undefined, flipBit(signed, signed.length * 8 - 1), leafKey, signature)).toBe(
          false,
        );
      });

      it('verifies the Rekor signed entry timestamp over the canonical JSON payload', () => {
        const entry = attestation.verification_material.transparency_entries[0];
        if (entry === undefined) throw new Error('no transparency entry');
        const payload = {
          body: entry.canonicalizedBody,
          integratedTime: Number(entry.integratedTime),
          logIndex: Number(entry.logIndex),
          logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
        };
        const data = Buffer.from(json.canonicalize(payload), 'utf8');
        const set = Buffer.from(entry.inclusionPromise.signedEntryTimestamp, 'base64');
        expect(verify(undefined, data, rekorKey, set)).toBe(true);
        const altered = Buffer.from(
          json.canonicalize({ ...payload, integratedTime: payload.integratedTime + 1 }),
          'utf8',
        );
        expect(verify(undefined, altered, rekorKey, set)).toBe(false);
      });
    });
  });
});

// ----------------------------------------------------------------------------------------------
// sigstore-js itself on the shims

/** What a verification gave: "VERIFY", sigstore's error code, or "THROWS" for other errors. */
type VerifyOutcome = string;

type VerifyBundle = (bundle: unknown, root: unknown, artifact: Buffer, keyPem?: string) => void;

/** The same steps on either crypto: `createKey` makes the key for `key.pub` cases. */
const HARNESS = `
  import { bundleFromJSON } from '@sigstore/bundle';
  import { TrustedRoot } from '@sigstore/protobuf-specs';
  import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
  import crypto from 'crypto';
  export { crypto };
  export function verifyBundle(bundle, root, artifact, keyPem) {
    const keys = keyPem
      ? () => ({ publicKey: crypto.createPublicKey(keyPem), validFor: () => true })
      : undefined;
    const trust = toTrustMaterial(TrustedRoot.fromJSON(root), keys);
    new Verifier(trust).verify(toSignedEntity(bundleFromJSON(bundle), artifact));
  }
`;

/** The harness above, written out in TypeScript against Node's crypto (vitest externalises sigstore). */
const verifyWithNode: VerifyBundle = (bundle, root, artifact, keyPem) => {
  const keys = keyPem
    ? () => ({ publicKey: nodeCrypto.createPublicKey(keyPem), validFor: () => true })
    : undefined;
  const trust = toTrustMaterial(TrustedRoot.fromJSON(root), keys);
  new Verifier(trust).verify(
    toSignedEntity(bundleFromJSON(bundle as Parameters<typeof bundleFromJSON>[0]), artifact),
  );
};

function verifyOutcome(fn: () => void): VerifyOutcome {
  try {
    fn();
    return 'VERIFY';
  } catch (error) {
    const { name, code } = error as { name?: string; code?: string };
    return name === 'VerificationError' && code ? code : 'THROWS';
  }
}

/** Bundles the harness with vite, aliasing crypto/util to the shims as vite.config.ts does. */
async function buildShimmedHarness(outDir: string): Promise<{ file: string }> {
  const { build } = await import('vite');
  const shims = fileURLToPath(new URL('.', import.meta.url));
  // Vite resolves a lib entry against the root, so match the virtual module by suffix.
  const entry = 'virtual-shim-harness.js';
  const isEntry = (id: string) => id.endsWith(entry);
  await build({
    configFile: false,
    logLevel: 'silent',
    root: fileURLToPath(new URL('../..', import.meta.url)),
    resolve: {
      alias: [
        { find: /^(node:)?crypto$/, replacement: join(shims, 'crypto.ts') },
        { find: /^(node:)?util$/, replacement: join(shims, 'util.ts') },
        { find: /^(node:)?buffer$/, replacement: join(shims, 'buffer.ts') },
      ],
    },
    plugins: [
      {
        name: 'shim-harness',
        resolveId: (id) => (isEntry(id) ? id : undefined),
        load: (id) =>
          isEntry(id)
            ? `import ${JSON.stringify(join(shims, 'buffer-global.ts'))};\n${HARNESS}`
            : undefined,
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'chrome120',
      lib: { entry, formats: ['cjs'], fileName: () => 'harness.cjs' },
    },
  });
  return { file: join(outDir, 'harness.cjs') };
}

interface ConformanceCase {
  name: string;
  bundle: unknown;
  root: unknown;
  artifact: Buffer;
  keyPem?: string;
}

function conformanceCases(): ConformanceCase[] {
  const dir = fixturePath('conformance', 'bundle-verify');
  const defaultArtifact = readFileSync(join(dir, 'a.txt'));
  const cases: ConformanceCase[] = [];
  for (const name of readdirSync(dir)) {
    const file = (f: string) => join(dir, name, f);
    if (!existsSync(file('bundle.sigstore.json'))) continue;
    let bundle: unknown;
    try {
      bundle = JSON.parse(readFileSync(file('bundle.sigstore.json'), 'utf8'));
    } catch {
      continue; // bundle-malformed-json_fail: fails before any crypto
    }
    cases.push({
      name,
      bundle,
      root: existsSync(file('trusted_root.json'))
        ? JSON.parse(readFileSync(file('trusted_root.json'), 'utf8'))
        : PROD_ROOT,
      artifact: existsSync(file('artifact')) ? readFileSync(file('artifact')) : defaultArtifact,
      keyPem: existsSync(file('key.pub')) ? readFileSync(file('key.pub'), 'utf8') : undefined,
    });
  }
  return cases;
}

describe('sigstore-js on the shims', () => {
  describe('when the conformance bundles are verified by a vite bundle aliased to the shims', () => {
    it('gives the same outcome as sigstore-js on Node crypto, except for the RSA CA', async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'pypi-provenance-shims-'));
      try {
        const { file } = await buildShimmedHarness(outDir);
        const code = readFileSync(file, 'utf8');
        expect(code).not.toMatch(/require\(["'](node:)?(crypto|util)["']\)/);
        const shimmed = createRequire(import.meta.url)(file) as {
          verifyBundle: VerifyBundle;
          crypto: typeof shim;
        };
        // The bundle's crypto is the shim (its keys have the shim's verifySignature).
        expect(shimmed.crypto.createPublicKey(EC['P-256'].pem)).toHaveProperty('verifySignature');

        const cases = conformanceCases();
        expect(cases.length).toBeGreaterThan(60);
        const differences: Record<string, [VerifyOutcome, VerifyOutcome]> = {};
        let verified = 0;
        for (const { name, bundle, root, artifact, keyPem } of cases) {
          const ours = verifyOutcome(() => shimmed.verifyBundle(bundle, root, artifact, keyPem));
          const node = verifyOutcome(() => verifyWithNode(bundle, root, artifact, keyPem));
          if (ours !== node) differences[name] = [ours, node];
          if (ours === 'VERIFY') verified++;
        }
        expect(verified).toBeGreaterThan(20);
        // The only difference: a happy-path case whose Fulcio CA is RSA (deliberately unsupported).
        expect(differences).toEqual({
          'bundle-with-sct-with-extensions': ['CERTIFICATE_ERROR', 'VERIFY'],
        });
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    }, 120_000);
  });
});

describe('buffer-global', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  describe('when the global Buffer is missing, as in a service worker', () => {
    it('installs our Buffer (src/shims/buffer.ts)', async () => {
      vi.stubGlobal('Buffer', undefined);
      vi.resetModules();
      await import('./buffer-global.js');
      const { Buffer: ours } = await import('./buffer.js');
      expect((globalThis as { Buffer?: unknown }).Buffer).toBe(ours);
    });
  });

  describe('when a global Buffer already exists', () => {
    it('leaves it alone', async () => {
      const existing = class FakeBuffer {};
      vi.stubGlobal('Buffer', existing);
      vi.resetModules();
      await import('./buffer-global.js');
      expect((globalThis as { Buffer?: unknown }).Buffer).toBe(existing);
    });
  });
});
