/**
 * The ECDSA checks sigstore-js will make for a bundle, listed ahead of time so that the
 * worker's crypto shim can run them with WebCrypto first (see signature-prep.ts and
 * src/shims/crypto.ts). Listing a check changes no outcome: the shim answers a check from
 * memory only when it is exactly the one prepared (same curve and key, digest algorithm,
 * signature and data bytes), and anything listed wrongly or not at all is computed by noble
 * as before.
 *
 * Listed: the DSSE signature (signing certificate's key), each entry's SET and checkpoint
 * signatures (transparency log keys), and, for a certificate this trust material has not
 * verified yet, its signature by a trusted CA and its SCTs' signatures, plus, once per trust
 * material, the CA certificates' own signatures.
 */
// sigstore-js's API takes Buffers: Node's in Node, src/shims/buffer.ts in the worker.
import { Buffer } from 'buffer';
import type { Bundle } from '@sigstore/bundle';
import {
  ByteStream,
  crypto,
  dsse,
  EXTENSION_OID_SCT,
  json,
  X509Certificate,
  X509SCTExtension,
  type ASN1Obj,
} from '@sigstore/core';
import type { TrustMaterial } from '@sigstore/verify';
import { encodeBase64, toHex } from '../encoding.js';
import { certificateKey, certificateVerifications } from './cert-cache.js';
import type { SignatureCheck } from './signature-prep.js';
import type { Trust } from './trust.js';
import { signingCertificateBytes } from './verify-bundle.js';

const caChecksListed = new WeakSet<TrustMaterial>();
const UTF8 = new TextEncoder();

/**
 * The checks for one bundle; never throws (a bundle it cannot read gives fewer checks).
 * `parsed`: the signing certificate if the caller has it parsed already (from the same bytes).
 */
export function signatureChecks(
  bundle: Bundle,
  trust: Trust,
  parsed?: X509Certificate,
): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  try {
    collect(bundle, trust.material, checks, parsed);
  } catch {
    // what was listed so far stands; verification will report the problem
  }
  return checks;
}

function collect(
  bundle: Bundle,
  material: TrustMaterial,
  checks: SignatureCheck[],
  parsed: X509Certificate | undefined,
): void {
  const add = (fn: () => SignatureCheck[]) => {
    try {
      checks.push(...fn());
    } catch {
      // not listed: noble will check it
    }
  };
  const der = signingCertificateBytes(bundle);
  if (der) {
    add(() => {
      const cache = certificateVerifications(material);
      // A certificate verified before: its key is known, its chain will not be checked.
      const known = cache.publicKey(certificateKey(der));
      if (known) return dsseCheck(bundle, known);
      const leaf = parsed ?? X509Certificate.parse(Buffer.from(der));
      const cas = material.certificateAuthorities.flatMap((ca) => ca.certChain);
      const issuers = issuersOf(leaf, cas);
      const list = [
        ...dsseCheck(bundle, leaf.publicKey),
        ...issuers.map((issuer) => signedBy(leaf, issuer)),
        ...issuers.flatMap((issuer) => sctChecks(leaf, issuer, material.ctlogs)),
      ];
      list.push(...caChecks(material));
      return list;
    });
  }
  for (const entry of bundle.verificationMaterial.tlogEntries) {
    const logs = material.tlogs;
    if (entry.inclusionPromise) {
      add(() => {
        // sigstore-js's SET payload (tlog/set.js), canonical JSON of ASCII strings and numbers.
        const payload = {
          body: encodeBase64(entry.canonicalizedBody),
          integratedTime: Number(entry.integratedTime),
          logIndex: Number(entry.logIndex),
          logID: toHex(entry.logId.keyId),
        };
        const data = UTF8.encode(json.canonicalize(payload));
        const signature = entry.inclusionPromise?.signedEntryTimestamp ?? new Uint8Array(0);
        return logs
          .filter((t) => t.logID.equals(entry.logId.keyId))
          .map((t) => ({ data, key: t.publicKey, signature }));
      });
    }
    const envelope = entry.inclusionProof?.checkpoint?.envelope;
    if (envelope) add(() => checkpointChecks(envelope, logs));
  }
}

/**
 * The CA certificates' own signatures, once per trust material (an empty list after the
 * first call): sigstore-js checks the CA chain once per worker life (cert-cache.ts), so these
 * can run ahead, e.g. while the first provenance is still being fetched.
 */
export function caChecks(material: TrustMaterial): SignatureCheck[] {
  if (caChecksListed.has(material)) return [];
  caChecksListed.add(material);
  const cas = material.certificateAuthorities.flatMap((ca) => ca.certChain);
  return cas.flatMap((ca) => issuersOf(ca, cas).map((i) => signedBy(ca, i)));
}

/** The DSSE envelope's signature (sigstore-js DSSESignatureContent.verifySignature). */
function dsseCheck(bundle: Bundle, key: Uint8Array): SignatureCheck[] {
  if (bundle.content.$case !== 'dsseEnvelope') return [];
  const env = bundle.content.dsseEnvelope;
  return [
    {
      data: dsse.preAuthEncoding(env.payloadType, env.payload),
      key,
      signature: env.signatures[0]?.sig ?? new Uint8Array(0),
    },
  ];
}

/** The CA certificates that may have issued `cert`, as sigstore-js's findIssuer picks them. */
function issuersOf(cert: X509Certificate, cas: X509Certificate[]): X509Certificate[] {
  const aki = cert.extAuthorityKeyID?.keyIdentifier;
  return cas.filter((ca) =>
    aki && ca.extSubjectKeyID
      ? ca.extSubjectKeyID.keyIdentifier.equals(aki)
      : ca.subject.equals(cert.issuer),
  );
}

/** `cert`'s signature by `issuer` (X509Certificate.verify). */
function signedBy(cert: X509Certificate, issuer: X509Certificate): SignatureCheck {
  return {
    algorithm: cert.signatureAlgorithm,
    data: cert.tbsCertificate.toDER(),
    key: issuer.publicKey,
    signature: cert.signatureValue,
  };
}

/**
 * The SCTs' signatures (sigstore-js verifySCTs and SignedCertificateTimestamp.verify, RFC 6962
 * §3.2): the precertificate is the TBS without the SCT extension, after the issuer key's hash.
 */
function sctChecks(
  leaf: X509Certificate,
  issuer: X509Certificate,
  ctlogs: TrustMaterial['ctlogs'],
): SignatureCheck[] {
  const clone = leaf.clone();
  const index = clone.extensions.findIndex((e) => e.subs[0]?.toOID() === EXTENSION_OID_SCT);
  if (index < 0) return [];
  const ext = new X509SCTExtension(clone.extensions[index] as ASN1Obj);
  clone.extensions.splice(index, 1);
  const preCert = new ByteStream();
  preCert.appendView(crypto.digest('sha256', issuer.publicKey));
  const tbs = clone.tbsCertificate.toDER();
  preCert.appendUint24(tbs.length);
  preCert.appendView(tbs);
  return ext.signedCertificateTimestamps.flatMap((sct) => {
    const data = new ByteStream();
    data.appendChar(sct.version);
    data.appendChar(0x00);
    data.appendView(sct.timestamp);
    data.appendUint16(0x01);
    data.appendView(preCert.buffer);
    data.appendUint16(sct.extensions.byteLength);
    if (sct.extensions.byteLength > 0) data.appendView(sct.extensions);
    return ctlogs
      .filter((log) => log.logID.equals(sct.logID))
      .map((log) => ({
        algorithm: sct.algorithm,
        data: data.buffer,
        key: log.publicKey,
        signature: sct.signature,
      }));
  });
}

/** The checkpoint's note signatures by the logs they name (sigstore-js verifySignedNote). */
function checkpointChecks(envelope: string, logs: TrustMaterial['tlogs']): SignatureCheck[] {
  const split = envelope.indexOf('\n\n');
  if (split < 0) return [];
  const data = UTF8.encode(envelope.slice(0, split + 1));
  const checks: SignatureCheck[] = [];
  for (const [, name, b64] of envelope.slice(split + 2).matchAll(/\u2014 (\S+) (\S+)\n/g)) {
    const bytes = Buffer.from(b64 as string, 'base64');
    if (bytes.length < 5) continue;
    const hint = bytes.subarray(0, 4);
    const log = logs.find(
      (t) => t.logID.subarray(0, 4).equals(hint) && t.baseURL.includes(name as string),
    );
    if (log) checks.push({ data, key: log.publicKey, signature: bytes.subarray(4) });
  }
  return checks;
}
