/**
 * X.509 certificates for the test instance: CA certificates (Fulcio root and intermediate, TSA
 * root), the TSA signing certificate, and Fulcio-like leaf certificates with an embedded
 * precertificate SCT.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  algorithm,
  bitString,
  boolean,
  concat,
  explicit,
  implicitPrimitive,
  integer,
  octetString,
  oid,
  sequence,
  time,
  type Der,
} from './der.js';
import type { SigningKey } from './keys.js';

export interface Extension {
  oid: string;
  critical?: boolean;
  /** The DER value (the content of extnValue). */
  value: Uint8Array;
}

export interface CertificateSpec {
  serial: Uint8Array;
  issuer: Der;
  subject: Der;
  notBefore: Date;
  notAfter: Date;
  subjectKey: SigningKey;
  extensions: Extension[];
}

function extension(ext: Extension): Der {
  return sequence(oid(ext.oid), ...(ext.critical ? [boolean(true)] : []), octetString(ext.value));
}

/** The DER TBSCertificate (v3) signed with `issuerKey`'s algorithm. */
export function tbsCertificate(spec: CertificateSpec, issuerKey: SigningKey): Der {
  return sequence(
    explicit(0, integer(2)),
    integer(spec.serial),
    algorithm(issuerKey.signatureAlgorithm),
    spec.issuer,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spec.subjectKey.spki,
    explicit(3, sequence(...spec.extensions.map(extension))),
  );
}

export function signCertificate(tbs: Der, issuerKey: SigningKey): Der {
  return sequence(tbs, algorithm(issuerKey.signatureAlgorithm), bitString(issuerKey.sign(tbs)));
}

/** A positive 20-byte serial number (RFC 5280 §4.1.2.2) from deterministic bytes. */
export function serialNumber(bytes: Uint8Array): Uint8Array {
  const serial = Uint8Array.from(bytes.subarray(0, 20));
  serial[0] = ((serial[0] as number) & 0x7f) | 0x40;
  return serial;
}

/** Subject key identifier: the first 20 bytes of SHA-256 of the public key (RFC 7093 §2). */
export const keyIdentifier = (key: SigningKey): Uint8Array => sha256(key.publicKey).subarray(0, 20);

export const EXT = {
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
} as const;

export const EKU = {
  codeSigning: '1.3.6.1.5.5.7.3.3',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

/** KeyUsage BIT STRING from bit numbers (0 = digitalSignature, 5 = keyCertSign, 6 = cRLSign). */
export function keyUsage(...bits: number[]): Extension {
  const last = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(last / 8) + 1);
  for (const b of bits)
    bytes[Math.floor(b / 8)] = (bytes[Math.floor(b / 8)] ?? 0) | (0x80 >> (b % 8));
  return { oid: EXT.keyUsage, critical: true, value: bitString(bytes, 7 - (last % 8)) };
}

export const extendedKeyUsage = (critical: boolean, ...purposes: string[]): Extension => ({
  oid: EXT.extKeyUsage,
  critical,
  value: sequence(...purposes.map(oid)),
});

export const basicConstraintsCA = (pathLen?: number): Extension => ({
  oid: EXT.basicConstraints,
  critical: true,
  value: sequence(boolean(true), ...(pathLen === undefined ? [] : [integer(pathLen)])),
});

export const subjectKeyId = (key: SigningKey): Extension => ({
  oid: EXT.subjectKeyId,
  value: octetString(keyIdentifier(key)),
});

export const authorityKeyId = (issuerKey: SigningKey): Extension => ({
  oid: EXT.authorityKeyId,
  value: sequence(implicitPrimitive(0, keyIdentifier(issuerKey))),
});

/** SubjectAltName with one URI (GeneralName [6]) or one email address (rfc822Name [1]). */
export function subjectAltName(san: { uri: string } | { email: string }): Extension {
  const general =
    'uri' in san
      ? implicitPrimitive(6, new TextEncoder().encode(san.uri))
      : implicitPrimitive(1, new TextEncoder().encode(san.email));
  return { oid: EXT.subjectAltName, critical: true, value: sequence(general) };
}

/** A CA certificate: self-signed when `issuer` is omitted. */
export function caCertificate(opts: {
  serial: Uint8Array;
  subject: Der;
  key: SigningKey;
  notBefore: Date;
  notAfter: Date;
  pathLen?: number;
  issuer?: { name: Der; key: SigningKey };
  extraExtensions?: Extension[];
}): Der {
  const issuer = opts.issuer ?? { name: opts.subject, key: opts.key };
  const spec: CertificateSpec = {
    serial: opts.serial,
    issuer: issuer.name,
    subject: opts.subject,
    notBefore: opts.notBefore,
    notAfter: opts.notAfter,
    subjectKey: opts.key,
    extensions: [
      keyUsage(5, 6),
      ...(opts.extraExtensions ?? []),
      basicConstraintsCA(opts.pathLen),
      subjectKeyId(opts.key),
      ...(opts.issuer ? [authorityKeyId(opts.issuer.key)] : []),
    ],
  };
  return signCertificate(tbsCertificate(spec, issuer.key), issuer.key);
}

/**
 * RFC 6962 §3.2 precertificate SCT (v1) over `tbsWithoutSct`, signed by the CT log key, and the
 * SignedCertificateTimestampList extension that carries it.
 */
export function sctExtension(opts: {
  tbsWithoutSct: Der;
  issuerKey: SigningKey;
  ctLogKey: SigningKey;
  ctLogId: Uint8Array;
  timestamp: Date;
}): Extension {
  const ts = new Uint8Array(8);
  new DataView(ts.buffer).setBigUint64(0, BigInt(opts.timestamp.getTime()));
  const tbsLength = opts.tbsWithoutSct.length;
  const signed = concat(
    Uint8Array.of(0x00, 0x00), // version v1, signature type certificate_timestamp
    ts,
    Uint8Array.of(0x00, 0x01), // entry type precert_entry
    sha256(opts.issuerKey.spki), // issuer_key_hash
    Uint8Array.of(tbsLength >> 16, (tbsLength >> 8) & 0xff, tbsLength & 0xff),
    opts.tbsWithoutSct,
    Uint8Array.of(0x00, 0x00), // no CT extensions
  );
  const signature = opts.ctLogKey.sign(signed);
  const sct = concat(
    Uint8Array.of(0x00), // version
    opts.ctLogId,
    ts,
    Uint8Array.of(0x00, 0x00), // extensions length
    Uint8Array.of(0x04, 0x03), // sha256, ecdsa
    u16(signature.length),
    signature,
  );
  const list = concat(u16(sct.length + 2), u16(sct.length), sct);
  return { oid: EXT.sctList, value: octetString(list) };
}

function u16(n: number): Uint8Array {
  return Uint8Array.of(n >> 8, n & 0xff);
}
