/**
 * Checks made ahead with WebCrypto (prepareSignatures, webcrypto-ahead.ts) answer the crypto
 * shim's `verify` exactly as
 * noble would, and as Node's OpenSSL does: valid, high-S, tampered, out-of-range, malformed
 * and cross-hash signatures on P-256, P-384 and P-521, with every digest. A prepared result
 * only answers the very same check.
 */
import type * as NodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import { beforeEach, describe, expect, it } from 'vitest';
import { createPublicKey, verify } from './crypto.js';
import { clearSignatureChecks, prepareSignatures, signatureCheckStats } from './webcrypto-ahead.js';

// Node's own crypto, whatever aliases the test environment applies to `crypto`.
const nodeCrypto = createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;

type CurveName = 'P-256' | 'P-384' | 'P-521';
type Alg = 'sha256' | 'sha384' | 'sha512' | null;

const ORDER: Record<CurveName, bigint> = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384':
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-521':
    0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

function derInteger(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  return tlv(0x02, Buffer.from(hex, 'hex'));
}

const encodeSig = (r: bigint, s: bigint) =>
  tlv(0x30, Buffer.concat([derInteger(r), derInteger(s)]));

function decodeSig(der: Uint8Array): { r: bigint; s: bigint } {
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

function flip(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

interface Case {
  what: string;
  alg: Alg;
  data: Buffer;
  sig: Buffer;
}

function cases(curve: CurveName, key: NodeCrypto.KeyObject, other: NodeCrypto.KeyObject): Case[] {
  const msg = Buffer.from(`PEP 740 statement for ${curve}`);
  const out: Case[] = [];
  const n = ORDER[curve];
  for (const alg of ['sha256', 'sha384', 'sha512', null] as Alg[]) {
    const sig = nodeCrypto.sign(alg, msg, key);
    const { r, s } = decodeSig(sig);
    out.push(
      { what: `valid ${alg}`, alg, data: msg, sig },
      { what: `high-S ${alg}`, alg, data: msg, sig: encodeSig(r, n - s) },
      { what: `message flipped ${alg}`, alg, data: flip(msg, 9), sig },
      { what: `r + n ${alg}`, alg, data: msg, sig: encodeSig(r + n, s) },
      { what: `s + n ${alg}`, alg, data: msg, sig: encodeSig(r, s + n) },
      { what: `r = 0 ${alg}`, alg, data: msg, sig: encodeSig(0n, s) },
      { what: `swapped ${alg}`, alg, data: msg, sig: encodeSig(s, r) },
      { what: `trailing byte ${alg}`, alg, data: msg, sig: Buffer.concat([sig, Buffer.from([0])]) },
      { what: `other key ${alg}`, alg, data: msg, sig: nodeCrypto.sign(alg, msg, other) },
    );
    for (let bit = 0; bit < sig.length * 8; bit += 37) {
      out.push({ what: `sig bit ${bit} ${alg}`, alg, data: msg, sig: flip(sig, bit) });
    }
  }
  // Cross-digest: signed with one digest, checked with another (and truncation/widening).
  out.push(
    {
      what: 'sha512 checked as sha256',
      alg: 'sha256',
      data: msg,
      sig: nodeCrypto.sign('sha512', msg, key),
    },
    {
      what: 'sha256 checked as null',
      alg: null,
      data: msg,
      sig: nodeCrypto.sign('sha256', msg, key),
    },
    {
      what: 'sha384 checked as null',
      alg: null,
      data: msg,
      sig: nodeCrypto.sign('sha384', msg, key),
    },
    {
      what: 'empty message',
      alg: 'sha256',
      data: Buffer.alloc(0),
      sig: nodeCrypto.sign('sha256', Buffer.alloc(0), key),
    },
    { what: 'garbage', alg: 'sha256', data: msg, sig: Buffer.alloc(70, 0x30) },
  );
  return out;
}

beforeEach(() => clearSignatureChecks());

describe('prepareSignatures (WebCrypto ahead of noble)', () => {
  describe.each(['P-256', 'P-384', 'P-521'] as CurveName[])('on %s', (curve) => {
    const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync('ec', { namedCurve: curve });
    const other = nodeCrypto.generateKeyPairSync('ec', { namedCurve: curve }).privateKey;
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const all = cases(curve, privateKey, other);

    it('answers every check as noble and Node do', async () => {
      const shimKey = createPublicKey({ key: der, format: 'der', type: 'spki' });
      const expected = all.map((c) => nodeCrypto.verify(c.alg, c.data, publicKey, c.sig));
      // noble alone (nothing prepared yet)
      const noble = all.map((c) => verify(c.alg, c.data, shimKey, c.sig));
      expect(noble).toEqual(expected);
      expect(signatureCheckStats.hits).toBe(0);
      const prepared = await prepareSignatures(
        all.map((c) => ({ algorithm: c.alg, data: c.data, key: der, signature: c.sig })),
      );
      // Every strictly encoded, in-range signature was checked by WebCrypto...
      expect(prepared).toBeGreaterThan(all.length / 2);
      // ...and verify answers from those results (with a fresh key object: keyed by the point).
      const again = createPublicKey({ key: der, format: 'der', type: 'spki' });
      const answered = all.map((c) => verify(c.alg, c.data, again, c.sig));
      for (const [i, c] of all.entries()) expect(answered[i], c.what).toBe(expected[i]);
      // Checks that differ only in their data share a name; the last one prepared is kept, the
      // others are computed by noble (answered correctly all the same, above).
      expect(signatureCheckStats.hits).toBeGreaterThan(all.length / 2);
      expect(signatureCheckStats.hits).toBeLessThanOrEqual(prepared);
      expect(expected.filter(Boolean).length).toBeGreaterThanOrEqual(8);
    });

    it('answers only the very same check', async () => {
      const msg = Buffer.from('the prepared message');
      const sig = nodeCrypto.sign('sha256', msg, privateKey);
      expect(await prepareSignatures([{ data: msg, key: der, signature: sig }])).toBe(1);
      const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
      // Other data, other digest, other signature bytes, other key: not answered from memory.
      expect(verify(null, flip(msg, 0), key, sig)).toBe(false);
      expect(verify('sha384', msg, key, sig)).toBe(false);
      expect(verify(null, msg, key, Buffer.concat([sig, Buffer.from([0])]))).toBe(false);
      const otherDer = nodeCrypto.createPublicKey(other).export({ type: 'spki', format: 'der' });
      expect(verify(null, msg, createPublicKey({ key: otherDer, format: 'der' }), sig)).toBe(false);
      expect(signatureCheckStats.hits).toBe(0);
      // The same check (null and sha256 are the same digest for EC keys): answered.
      expect(verify('sha256', msg, key, sig)).toBe(true);
      expect(verify(null, msg, key, sig)).toBe(true);
      expect(signatureCheckStats.hits).toBe(2);
    });
  });

  it('skips what it cannot check: RSA and Ed25519 keys, unknown digests, bad keys', async () => {
    const ed = nodeCrypto.generateKeyPairSync('ed25519');
    const edDer = ed.publicKey.export({ type: 'spki', format: 'der' });
    const msg = Buffer.from('m');
    const ec = nodeCrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecDer = ec.publicKey.export({ type: 'spki', format: 'der' });
    const sig = nodeCrypto.sign('sha256', msg, ec.privateKey);
    const n = await prepareSignatures([
      { data: msg, key: edDer, signature: nodeCrypto.sign(null, msg, ed.privateKey) },
      { algorithm: 'sha1', data: msg, key: ecDer, signature: sig },
      { data: msg, key: Buffer.from([1, 2, 3]), signature: sig },
    ]);
    expect(n).toBe(0);
    expect(verify(null, msg, createPublicKey({ key: ecDer, format: 'der' }), sig)).toBe(true);
    expect(signatureCheckStats.hits).toBe(0);
  });
});
