/**
 * Checking signatures ahead with WebCrypto, for the worker (src/background/verifier.ts passes
 * `prepareSignatures` to the core's verifyProvenanceAsync; nothing registers itself).
 *
 * WebCrypto is asynchronous and sigstore-js's verification is not, so WebCrypto cannot serve
 * sigstore-js's calls directly. But a caller that can wait lists the ECDSA checks sigstore-js is
 * about to make (src/core/sigstore/prepare.ts) and has WebCrypto run them first: the crypto
 * shim's `verify` then finds each result by the exact check (curve, public key point, digest
 * algorithm, signature bytes, and the very same data bytes; src/shims/ahead-results.ts) instead
 * of computing it again with noble. A check that was not prepared, or was prepared on other
 * bytes, is computed by noble as before. src/shims/webcrypto-checks.test.ts compares both
 * implementations, and Node's.
 */
import type { SignatureCheck } from '../core/sigstore/signature-prep.js';
import { clearCheckedResults, isChecked, rememberCheck } from './ahead-results.js';
import {
  createPublicKey,
  EcPublicKey,
  latin1,
  parseHashName,
  toBytes,
  type Curve,
  type HashName,
  type KeyInput,
} from './crypto.js';

export { signatureCheckStats } from './ahead-results.js';

const WEB_HASH: Readonly<Record<HashName, string>> = {
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available');
  return s;
}

const webCryptoKeys = new Map<string, Promise<CryptoKey>>();

function webCryptoKey(curve: Curve, point: Uint8Array): Promise<CryptoKey> {
  const name = `${curve.webCrypto}|${latin1(point)}`;
  let key = webCryptoKeys.get(name);
  if (!key) {
    key = subtle().importKey(
      'raw',
      point as BufferSource,
      { name: 'ECDSA', namedCurve: curve.webCrypto },
      false,
      ['verify'],
    );
    webCryptoKeys.set(name, key);
    while (webCryptoKeys.size > 64)
      webCryptoKeys.delete(webCryptoKeys.keys().next().value as string);
  }
  return key;
}

/**
 * Checks a signature with WebCrypto, as the shim's verify would with noble, and remembers the
 * result for it. Signatures noble cannot parse as strict DER (or with r, s outside [1, n-1])
 * are left to noble, which rejects them. Returns whether a check was made.
 */
async function checkAhead(
  key: EcPublicKey,
  hash: HashName,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const name = key.checkKey(hash, signature);
  if (isChecked(name, data)) return false;
  const { curve, point } = key.ahead;
  let raw: Uint8Array;
  try {
    raw = curve.ecdsa.Signature.fromBytes(signature, 'der').toBytes('compact');
  } catch {
    return false;
  }
  // The bytes checked and the bytes remembered are one copy, taken before any await.
  const copy = data.slice();
  const webKey = await webCryptoKey(curve, point);
  // WebCrypto hashes the data itself with the same digest (bits2int truncation as noble)
  // and accepts high-S signatures, like OpenSSL and noble as the shim calls it.
  const ok = await subtle().verify(
    { name: 'ECDSA', hash: WEB_HASH[hash] },
    webKey,
    raw as BufferSource,
    copy as BufferSource,
  );
  rememberCheck(name, copy, ok);
  return true;
}

/**
 * Runs the ECDSA checks among `checks` with WebCrypto, concurrently, so that the shim's
 * `verify` answers them from memory. Never throws; returns how many checks were run. Other
 * key types, unknown digests and malformed input are skipped (`verify` handles them as usual).
 */
export async function prepareSignatures(checks: SignatureCheck[]): Promise<number> {
  if (!globalThis.crypto?.subtle) return 0;
  const results = await Promise.all(
    checks.map(async (check) => {
      try {
        const key = createPublicKey(check.key as KeyInput);
        if (!(key instanceof EcPublicKey)) return false;
        const hash =
          check.algorithm === null || check.algorithm === undefined
            ? 'sha256'
            : parseHashName(check.algorithm);
        return await checkAhead(
          key,
          hash,
          toBytes(check.data, 'data'),
          toBytes(check.signature, 'signature'),
        );
      } catch {
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}

/** Forgets every check made ahead, and the imported keys (tests). */
export function clearSignatureChecks(): void {
  clearCheckedResults();
  webCryptoKeys.clear();
}
