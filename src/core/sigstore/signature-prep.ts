/**
 * Where the worker's crypto shim (src/shims/crypto.ts) offers to check signatures ahead of
 * time with WebCrypto. The shim registers itself when it loads; under Node (tests, CLI)
 * nothing registers and preparing is skipped: sigstore-js uses Node's own crypto there.
 * No imports: the shim imports this module, and sigstore-js imports the shim.
 */

/** A signature sigstore-js will check, as it will call `crypto.verify` for it. */
export interface SignatureCheck {
  /** The digest name given to `crypto.verify` (null/undefined: the key type's default). */
  algorithm?: string | null;
  data: Uint8Array;
  /** A public key as `crypto.createPublicKey` takes it (SPKI DER bytes or a key object). */
  key: unknown;
  signature: Uint8Array;
}

/** Checks signatures (asynchronously) so that the same checks later return at once. */
export type SignaturePreparer = (checks: SignatureCheck[]) => Promise<unknown>;

let preparer: SignaturePreparer | undefined;

export function setSignaturePreparer(fn: SignaturePreparer | undefined): void {
  preparer = fn;
}

export function signaturePreparer(): SignaturePreparer | undefined {
  return preparer;
}
