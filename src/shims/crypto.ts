/**
 * The subset of Node's `crypto` module that sigstore-js (@sigstore/core, @sigstore/verify) calls
 * while verifying, for the MV3 service worker: there is no Node crypto there and WebCrypto is
 * async, while sigstore-js calls `createPublicKey`, `verify`, `createHash` and `timingSafeEqual`
 * synchronously. vite.config.ts aliases `crypto` / `node:crypto` to this file.
 *
 * Security-critical. Supported: ECDSA P-256 / P-384 / P-521 (DER signatures) and Ed25519 keys in
 * SubjectPublicKeyInfo form, SHA-256/384/512. RSA is deliberately unsupported: RSA keys load (so a
 * trusted root that lists one still loads) but never verify anything. Malformed key DER throws.
 * Semantics follow Node/OpenSSL (high-S ECDSA accepted, SHA-256 default digest for EC keys);
 * src/shims/crypto.test.ts checks the shim against Node's own crypto.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
// String encodings accepted by `Hash.update` and produced by `Hash.digest`: those of our Buffer.
import { Buffer, latin1, type Encoding } from './buffer.js';
import { checkedResult } from './ahead-results.js';

// Bytes as a string of the same length (one char per byte), for map keys.
export { latin1 };

type Bytes = Uint8Array;

/** Binary input as Node accepts it: a Buffer, any typed array or DataView, or an ArrayBuffer. */
export type BinaryInput = ArrayBufferView | ArrayBuffer;

export function toBytes(input: unknown, name: string): Bytes {
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  }
  throw new TypeError(
    `The "${name}" argument must be a Buffer, TypedArray, DataView or ArrayBuffer`,
  );
}

// ---------------------------------------------------------------------------------------------
// Hashes

const HASHES = { sha256, sha384, sha512 } as const;

export type HashName = keyof typeof HASHES;

// Node passes digest names to OpenSSL, which also knows "SHA256", "sha-256", "SHA2-256" and
// "RSA-SHA256" (all the same SHA-256). Only the hash part matters; anything else (sha1, md5,
// sha3-*, ...) is refused.
const HASH_NAME = /^(?:rsa-)?sha(?:2?-)?(256|384|512)$/i;

export function parseHashName(algorithm: unknown): HashName {
  if (typeof algorithm !== 'string') {
    throw new TypeError('The "algorithm" argument must be a string');
  }
  const match = HASH_NAME.exec(algorithm);
  if (!match) throw new Error(`Invalid digest: ${algorithm} (supported: sha256, sha384, sha512)`);
  return `sha${match[1]}` as HashName;
}

type HashState = ReturnType<(typeof HASHES)[HashName]['create']>;

/** Incremental hash, like Node's `Hash`: `update()` chains, `digest()` finalizes once. */
export class Hash {
  #state: HashState | undefined;

  constructor(algorithm: string) {
    this.#state = HASHES[parseHashName(algorithm)].create();
  }

  update(data: string | BinaryInput, inputEncoding?: Encoding): this {
    const bytes =
      typeof data === 'string' ? Buffer.from(data, inputEncoding) : toBytes(data, 'data');
    this.#live().update(bytes);
    return this;
  }

  digest(): Buffer;
  digest(encoding: Encoding): string;
  digest(encoding?: Encoding): Buffer | string {
    const out = Buffer.from(this.#live().digest());
    this.#state = undefined;
    return encoding === undefined ? out : out.toString(encoding);
  }

  #live(): HashState {
    if (this.#state === undefined) throw new Error('Digest already called');
    return this.#state;
  }
}

export function createHash(algorithm: string): Hash {
  return new Hash(algorithm);
}

// ---------------------------------------------------------------------------------------------
// Constant-time comparison

/** Like Node: compares the bytes of two views in constant time; throws if lengths differ. */
export function timingSafeEqual(a: BinaryInput, b: BinaryInput): boolean {
  const x = toBytes(a, 'buf1');
  const y = toBytes(b, 'buf2');
  if (x.length !== y.length) {
    // sigstore's bufferEqual catches this and returns false.
    throw Object.assign(new RangeError('Input buffers must have the same byte length'), {
      code: 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH',
    });
  }
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] as number) ^ (y[i] as number);
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------
// A tiny strict DER reader: definite minimal lengths, single-byte tags, nothing left over.

/** Thrown for malformed key material (what Node reports as an OpenSSL decoder error). */
export class KeyFormatError extends Error {
  override name = 'KeyFormatError';
}

const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 } as const;

interface Tlv {
  tag: number;
  value: Bytes;
}

class DerReader {
  readonly #bytes: Bytes;
  #pos = 0;

  constructor(bytes: Bytes) {
    this.#bytes = bytes;
  }

  get done(): boolean {
    return this.#pos === this.#bytes.length;
  }

  read(): Tlv {
    const tag = this.#byte();
    // High-tag-number form never occurs in the structures read here.
    if ((tag & 0x1f) === 0x1f) throw new KeyFormatError('DER: unsupported multi-byte tag');
    const length = this.#length();
    if (length > this.#bytes.length - this.#pos) throw new KeyFormatError('DER: truncated value');
    const value = this.#bytes.subarray(this.#pos, this.#pos + length);
    this.#pos += length;
    return { tag, value };
  }

  expect(tag: number): Bytes {
    const tlv = this.read();
    if (tlv.tag !== tag) {
      throw new KeyFormatError(`DER: expected tag 0x${hex(tag)}, found 0x${hex(tlv.tag)}`);
    }
    return tlv.value;
  }

  end(): void {
    if (!this.done) throw new KeyFormatError('DER: unexpected trailing bytes');
  }

  #byte(): number {
    const b = this.#bytes[this.#pos];
    if (b === undefined) throw new KeyFormatError('DER: truncated');
    this.#pos++;
    return b;
  }

  #length(): number {
    const first = this.#byte();
    if (first < 0x80) return first;
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length; more than 3 length bytes (16 MiB) is never a public key.
    if (count === 0) throw new KeyFormatError('DER: indefinite length');
    if (count > 3) throw new KeyFormatError('DER: length too large');
    let length = 0;
    for (let i = 0; i < count; i++) {
      const b = this.#byte();
      if (i === 0 && b === 0) throw new KeyFormatError('DER: non-minimal length');
      length = length * 256 + b;
    }
    if (length < 0x80) throw new KeyFormatError('DER: non-minimal length');
    return length;
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** Decodes OBJECT IDENTIFIER content to dotted form, rejecting non-minimal or cut-off arcs. */
function decodeOid(content: Bytes): string {
  if (content.length === 0) throw new KeyFormatError('DER: empty OID');
  const arcs: bigint[] = [];
  let arc = 0n;
  let arcBytes = 0;
  let atStart = true;
  for (const b of content) {
    if (atStart && b === 0x80) throw new KeyFormatError('DER: non-minimal OID arc');
    // 19 bytes hold 133 bits: enough for UUID arcs (2.25.x), and bounds the BigInt work.
    if (++arcBytes > 19) throw new KeyFormatError('DER: OID arc too long');
    arc = (arc << 7n) | BigInt(b & 0x7f);
    atStart = (b & 0x80) === 0;
    if (atStart) {
      arcs.push(arc);
      arc = 0n;
      arcBytes = 0;
    }
  }
  if (!atStart) throw new KeyFormatError('DER: truncated OID');
  // The first encoded arc packs the first two: 40 * X + Y, with X in 0..2.
  const first = arcs[0] as bigint;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** BIT STRING content without its unused-bits byte; keys are whole bytes, so it must be 0. */
function bitStringBytes(content: Bytes): Bytes {
  if (content.length === 0 || content[0] !== 0) {
    throw new KeyFormatError('DER: BIT STRING must have zero unused bits');
  }
  return content.subarray(1);
}

/** A DER INTEGER that is positive and minimally encoded (RSA modulus and exponent). */
function checkPositiveInteger(content: Bytes): void {
  const [first, second] = content;
  if (first === undefined) throw new KeyFormatError('DER: empty INTEGER');
  if (first & 0x80) throw new KeyFormatError('DER: negative INTEGER');
  if (first === 0 && second !== undefined && (second & 0x80) === 0) {
    throw new KeyFormatError('DER: non-minimal INTEGER');
  }
}

// ---------------------------------------------------------------------------------------------
// Keys

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaPss: '1.2.840.113549.1.1.10',
} as const;

export type NamedCurve = 'prime256v1' | 'secp384r1' | 'secp521r1';

export interface Curve {
  namedCurve: NamedCurve;
  ecdsa: typeof p256;
  /** Uncompressed point: 0x04 || X || Y. */
  pointLength: number;
  /** The WebCrypto name of the curve. */
  webCrypto: 'P-256' | 'P-384' | 'P-521';
}

const CURVES: Readonly<Record<string, Curve>> = {
  '1.2.840.10045.3.1.7': {
    namedCurve: 'prime256v1',
    ecdsa: p256,
    pointLength: 65,
    webCrypto: 'P-256',
  },
  '1.3.132.0.34': { namedCurve: 'secp384r1', ecdsa: p384, pointLength: 97, webCrypto: 'P-384' },
  '1.3.132.0.35': {
    namedCurve: 'secp521r1',
    ecdsa: p521,
    pointLength: 133,
    webCrypto: 'P-521',
  },
};

export interface AsymmetricKeyDetails {
  namedCurve?: NamedCurve;
}

/**
 * A public key, standing in for Node's KeyObject (sigstore only passes it back to `verify`).
 * `asymmetricKeyType` and `asymmetricKeyDetails` read like Node's.
 */
export abstract class KeyObject {
  readonly type = 'public';
  abstract readonly asymmetricKeyType: string | undefined;
  abstract readonly asymmetricKeyDetails: AsymmetricKeyDetails;
  /** True when `verify` can ever succeed with this key (false for RSA and unknown algorithms). */
  abstract readonly supported: boolean;

  /**
   * @internal Used by `verify`. `hash` is null when the caller gave no algorithm. Returns false
   * for any invalid or malformed signature; throws only for a digest the key type cannot take.
   */
  abstract verifySignature(hash: HashName | null, data: Bytes, signature: Bytes): boolean;
}

export class EcPublicKey extends KeyObject {
  readonly asymmetricKeyType = 'ec';
  readonly supported = true;
  readonly #curve: Curve;
  readonly #point: Bytes;

  constructor(curve: Curve, point: Bytes) {
    super();
    this.#curve = curve;
    this.#point = point;
  }

  get asymmetricKeyDetails(): AsymmetricKeyDetails {
    return { namedCurve: this.#curve.namedCurve };
  }

  verifySignature(hash: HashName | null, data: Bytes, signature: Bytes): boolean {
    // OpenSSL's default digest for EC keys is SHA-256 on every curve (not the curve-sized hash),
    // so Node's verify(null, ...) with a P-384 key checks a SHA-256 digest; do the same.
    const name = hash ?? 'sha256';
    // Checked ahead (src/shims/webcrypto-ahead.ts): the same check on the same bytes, done.
    const known = checkedResult(this.checkKey(name, signature), data);
    if (known !== undefined) return known;
    const digest = HASHES[name](data);
    try {
      // prehash: false because we hash ourselves (noble would use the curve's own hash);
      // lowS: false because OpenSSL accepts high-S signatures; noble parses DER strictly
      // (minimal lengths and integers, no trailing bytes, 1 <= r, s < n) like OpenSSL does.
      return this.#curve.ecdsa.verify(signature, digest, this.#point, {
        prehash: false,
        lowS: false,
        format: 'der',
      });
    } catch {
      return false;
    }
  }

  /**
   * @internal Names a check by curve, key, digest algorithm and signature (fixed lengths per
   * curve, the signature last: no two differ only by where a field ends). The signed data is
   * compared byte for byte on lookup.
   */
  checkKey(hash: HashName, signature: Bytes): string {
    return `${this.#curve.webCrypto}|${hash}|${latin1(this.#point)}|${latin1(signature)}`;
  }

  /** @internal The curve and point, for checks made ahead with WebCrypto. */
  get ahead(): { curve: Curve; point: Bytes } {
    return { curve: this.#curve, point: this.#point };
  }
}

class Ed25519PublicKey extends KeyObject {
  readonly asymmetricKeyType = 'ed25519';
  readonly asymmetricKeyDetails: AsymmetricKeyDetails = {};
  readonly supported = true;
  readonly #key: Bytes;

  constructor(key: Bytes) {
    super();
    this.#key = key;
  }

  verifySignature(hash: HashName | null, data: Bytes, signature: Bytes): boolean {
    // Ed25519 signs the message itself; Node/OpenSSL throw when given a digest.
    if (hash !== null) throw new Error('Invalid digest: Ed25519 takes no digest algorithm');
    try {
      // zip215: false is RFC 8032 strict mode (canonical encodings, s < L), closer to OpenSSL
      // than the consensus-oriented ZIP-215 rules; it also refuses small-order public keys,
      // against which OpenSSL accepts a universal forgery (stricter than Node, on purpose).
      return ed25519.verify(signature, data, this.#key, { zip215: false });
    } catch {
      return false;
    }
  }
}

/** RSA (deliberately unsupported) or an unknown algorithm: loads, never verifies. */
class UnsupportedPublicKey extends KeyObject {
  readonly asymmetricKeyDetails: AsymmetricKeyDetails = {};
  readonly supported = false;

  constructor(
    readonly asymmetricKeyType: string | undefined,
    /** The SubjectPublicKeyInfo algorithm OID (for diagnostics). */
    readonly algorithmOid: string,
  ) {
    super();
  }

  verifySignature(): boolean {
    return false;
  }
}

function parseEcKey(params: Tlv | undefined, key: Bytes): KeyObject {
  if (params === undefined) throw new KeyFormatError('EC key without curve parameters');
  // Explicit curve parameters (a SEQUENCE) are legal but unsupported, like an unknown curve.
  if (params.tag === TAG.SEQUENCE) return new UnsupportedPublicKey('ec', OID.ecPublicKey);
  if (params.tag !== TAG.OID) throw new KeyFormatError('EC key parameters must be a curve OID');
  const curve = CURVES[decodeOid(params.value)];
  if (curve === undefined) return new UnsupportedPublicKey('ec', OID.ecPublicKey);
  // Only the uncompressed form (SEC 1 2.3.3), which is what sigstore's keys use.
  if (key.length !== curve.pointLength || key[0] !== 0x04) {
    throw new KeyFormatError(`EC key is not an uncompressed ${curve.namedCurve} point`);
  }
  try {
    curve.ecdsa.Point.fromBytes(key); // throws unless the point is on the curve
  } catch {
    throw new KeyFormatError(`EC key is not a point on ${curve.namedCurve}`);
  }
  return new EcPublicKey(curve, key.slice());
}

function parseEd25519Key(params: Tlv | undefined, key: Bytes): KeyObject {
  if (params !== undefined) throw new KeyFormatError('Ed25519 key must not have parameters');
  if (key.length !== 32) throw new KeyFormatError('Ed25519 key must be 32 bytes');
  // Like Node, the point itself is not checked here: an undecodable key just never verifies.
  return new Ed25519PublicKey(key.slice());
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (PKCS #1). */
function parseRsaKey(der: Bytes): KeyObject {
  const outer = new DerReader(der);
  const seq = new DerReader(outer.expect(TAG.SEQUENCE));
  outer.end();
  checkPositiveInteger(seq.expect(TAG.INTEGER));
  checkPositiveInteger(seq.expect(TAG.INTEGER));
  seq.end();
  return new UnsupportedPublicKey('rsa', OID.rsaEncryption);
}

/**
 * SubjectPublicKeyInfo ::= SEQUENCE {
 *   algorithm SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL },
 *   subjectPublicKey BIT STRING }
 */
function parseSpki(der: Bytes): KeyObject {
  const outer = new DerReader(der);
  const spki = new DerReader(outer.expect(TAG.SEQUENCE));
  outer.end();
  const algorithm = new DerReader(spki.expect(TAG.SEQUENCE));
  const key = bitStringBytes(spki.expect(TAG.BIT_STRING));
  spki.end();
  const oid = decodeOid(algorithm.expect(TAG.OID));
  const params = algorithm.done ? undefined : algorithm.read();
  algorithm.end();

  switch (oid) {
    case OID.ecPublicKey:
      return parseEcKey(params, key);
    case OID.ed25519:
      return parseEd25519Key(params, key);
    case OID.rsaEncryption:
      return parseRsaKey(key);
    case OID.rsaPss:
      return new UnsupportedPublicKey('rsa-pss', oid);
    default:
      // Not an error: a trusted root may list keys of algorithms we cannot use, and throwing
      // here would make sigstore reject the whole root.
      return new UnsupportedPublicKey(undefined, oid);
  }
}

export type KeyEncodingType = 'spki' | 'pkcs1';

function parseDer(der: Bytes, type: KeyEncodingType): KeyObject {
  if (type === 'spki') return parseSpki(der);
  if (type === 'pkcs1') return parseRsaKey(der);
  throw new TypeError(`Unsupported key type: ${String(type)}`);
}

const PEM = /^-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const PEM_LABELS: Readonly<Record<string, KeyEncodingType>> = {
  'PUBLIC KEY': 'spki',
  'RSA PUBLIC KEY': 'pkcs1',
};

/** One PEM block (surrounding whitespace allowed), `PUBLIC KEY` or `RSA PUBLIC KEY` only. */
function parsePem(text: string): KeyObject {
  const match = PEM.exec(text.trim());
  if (!match) throw new KeyFormatError('Not a PEM public key');
  const [, label = '', body = ''] = match;
  const type = PEM_LABELS[label];
  if (type === undefined) throw new KeyFormatError(`Unsupported PEM block: ${label}`);
  const base64 = body.replace(/\s+/g, '');
  // Buffer's base64 decoder skips invalid characters; refuse them instead.
  if (base64 === '' || !BASE64.test(base64)) throw new KeyFormatError('Invalid PEM base64');
  return parseDer(Buffer.from(base64, 'base64'), type);
}

export interface KeyInputObject {
  /** A KeyObject too, as Node takes it in `verify(alg, data, { key, padding }, sig)` (tuf-js). */
  key: string | BinaryInput | KeyObject;
  format?: 'pem' | 'der';
  type?: KeyEncodingType;
}

export type KeyInput = KeyObject | string | BinaryInput | KeyInputObject;

function looksLikePem(bytes: Bytes): boolean {
  return latin1(bytes.subarray(0, 5)) === '-----';
}

function isKeyInputObject(input: unknown): input is KeyInputObject {
  return typeof input === 'object' && input !== null && 'key' in input;
}

/**
 * Like Node's `crypto.createPublicKey`, for SPKI public keys (PEM, or DER with `format: 'der'`)
 * and PKCS #1 RSA keys. RSA and unknown algorithms give a key that never verifies; malformed
 * input throws. Also liberal: bare bytes are PEM text if they start with dashes, else DER SPKI.
 */
export function createPublicKey(input: KeyInput): KeyObject {
  if (input instanceof KeyObject) return input;
  if (typeof input === 'string') return parsePem(input);
  if (isKeyInputObject(input)) {
    const { key, format = 'pem', type = 'spki' } = input;
    if (key instanceof KeyObject) return key;
    if (format === 'pem') {
      return parsePem(typeof key === 'string' ? key : Buffer.from(toBytes(key, 'key')).toString());
    }
    if (format === 'der') {
      if (typeof key === 'string') throw new TypeError('DER keys must be given as bytes');
      return parseDer(toBytes(key, 'key'), type);
    }
    throw new TypeError(`Unsupported key format: ${String(format)}`);
  }
  const bytes = toBytes(input, 'key');
  return looksLikePem(bytes) ? parsePem(Buffer.from(bytes).toString()) : parseSpki(bytes);
}

// ---------------------------------------------------------------------------------------------
// Signatures

/**
 * Like Node's one-shot `crypto.verify(algorithm, data, key, signature)`. ECDSA signatures are DER;
 * `algorithm` names the digest (null/undefined: SHA-256 for EC keys; required null for Ed25519).
 * Returns false for an invalid or malformed signature and for RSA/unknown keys; throws (as Node
 * does) for an unknown digest name or a malformed key.
 */
export function verify(
  algorithm: string | null | undefined,
  data: BinaryInput,
  key: KeyInput,
  signature: BinaryInput,
): boolean {
  const publicKey = createPublicKey(key);
  const hash = algorithm === null || algorithm === undefined ? null : parseHashName(algorithm);
  return publicKey.verifySignature(hash, toBytes(data, 'data'), toBytes(signature, 'signature'));
}

// sigstore's CommonJS reads members off the default export
// (`__importDefault(require("crypto")).default.createPublicKey`), so offer both forms.
const crypto = { createPublicKey, createHash, verify, timingSafeEqual, KeyObject, Hash };
export default crypto;
