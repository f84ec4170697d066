/**
 * The transparency log body must name the same certificate that signed the envelope
 * (sigstore-python verifier.py `_verify_dsse_tlog_body`; sigstore-js checks only the
 * signature and payload hash). Without it, a log entry made with another certificate could
 * vouch for this envelope.
 */
import { ProvenanceError } from '../errors.js';
import { decodeBase64 } from '../encoding.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function bodyError(message: string): ProvenanceError {
  return new ProvenanceError('TLOG_BODY_MISMATCH', message);
}

function pemToDer(pem: string): Uint8Array {
  const m =
    /^-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END CERTIFICATE-----\r?\n?$/.exec(
      pem,
    );
  if (!m?.[1]) throw bodyError('log entry verifier is not a PEM certificate');
  return decodeBase64(m[1].replace(/\r?\n/g, ''));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Checks the certificate recorded in the log entry body equals the signing certificate. */
export function checkLogBodyCertificate(
  kindVersion: string,
  canonicalizedBody: string,
  certificate: Uint8Array,
): void {
  let body: unknown;
  try {
    body = JSON.parse(UTF8.decode(decodeBase64(canonicalizedBody)));
  } catch {
    throw bodyError('log entry body is not JSON');
  }
  let logged: Uint8Array;
  if (kindVersion === 'dsse/0.0.1') {
    const sigs = get(body, 'spec', 'signatures');
    if (!Array.isArray(sigs) || sigs.length !== 1) {
      throw bodyError('expected exactly 1 signature in the log entry');
    }
    const verifier = get(sigs[0], 'verifier');
    if (typeof verifier !== 'string') throw bodyError('log entry has no verifier');
    logged = pemToDer(UTF8.decode(decodeBase64(verifier)));
  } else if (kindVersion === 'hashedrekord/0.0.2') {
    const raw = get(
      body,
      'spec',
      'hashedRekordV002',
      'signature',
      'verifier',
      'x509Certificate',
      'rawBytes',
    );
    if (typeof raw !== 'string') throw bodyError('log entry has no x509 certificate verifier');
    logged = decodeBase64(raw);
  } else if (kindVersion === 'dsse/0.0.2') {
    // rekor-tiles DSSELogEntryV002: {payloadHash, signatures: [{content, verifier}]}.
    const sigs = get(body, 'spec', 'dsseV002', 'signatures');
    if (!Array.isArray(sigs) || sigs.length !== 1) {
      throw bodyError('expected exactly 1 signature in the log entry');
    }
    const raw = get(sigs[0], 'verifier', 'x509Certificate', 'rawBytes');
    if (typeof raw !== 'string') throw bodyError('log entry has no x509 certificate verifier');
    logged = decodeBase64(raw);
  } else {
    throw new ProvenanceError('UNSUPPORTED_TLOG_ENTRY', `unsupported log entry ${kindVersion}`);
  }
  if (!sameBytes(logged, certificate)) {
    throw bodyError('log entry was made with a different certificate');
  }
}
