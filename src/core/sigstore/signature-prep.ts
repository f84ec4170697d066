/**
 * Checking signatures ahead of time: the types a platform's preparer (the worker's WebCrypto
 * one, src/shims/webcrypto-ahead.ts) implements. The caller passes it to verifyProvenanceAsync
 * and warmUpVerifier; without one (Node: tests, CLI) nothing is prepared and sigstore-js uses
 * the platform's own crypto.
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
