/**
 * The peer verifier for the benchmark, bundled for the browser by bench/lib/peer.ts:
 * @freedomofpress/sigstore-browser (WebCrypto, async) verifying the same Sigstore bundles.
 */
import {
  SigstoreVerifier,
  type SigstoreBundle,
  type TrustedRoot,
} from '@freedomofpress/sigstore-browser';

/** Accepts any identity: the benchmark times verification, not policy. */
const anyIdentity = { verify: (): void => undefined };

export async function createVerifier(root: unknown): Promise<SigstoreVerifier> {
  const verifier = new SigstoreVerifier();
  await verifier.loadSigstoreRoot(root as TrustedRoot);
  return verifier;
}

/** Verifies one attestation's bundle (DSSE): chain, SCT, SET, inclusion proof, signature. */
export async function verifyBundle(verifier: SigstoreVerifier, bundle: unknown): Promise<void> {
  await verifier.verifyDsse(bundle as SigstoreBundle, anyIdentity);
}
