/**
 * An independent verifier for the differential test (test/differential.test.ts):
 *
 *  - Sigstore bundle layer: @freedomofpress/sigstore-browser (WebCrypto, async; its own
 *    X.509/ASN.1, Merkle, checkpoint, SET, SCT and body checks; no code shared with
 *    sigstore-js). `verifyDsse(bundle, policy)` is its port of sigstore-python's verify_dsse,
 *    the call pypi-attestations makes.
 *  - PEP 740 → bundle conversion: written here from pypi-attestations `Attestation.to_bundle`
 *    (transparency_entries[0] only; no schema checks of ours: their library sees the raw
 *    values).
 *  - Identity policy: pypi-attestations' GitHub/GitLab/Google publisher policies, written with
 *    sigstore-browser's policy classes and certificate accessors.
 *  - Statement checks: SHARED with our verifier (src/core/provenance/statement.ts), applied to
 *    the payload *their* verifier returned. That layer is plain JSON/filename logic and is
 *    covered by its own tests; it is applied identically on both sides so that a disagreement
 *    always points at the Sigstore or identity layer.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AllOf,
  Identity,
  OIDCIssuerV2,
  OIDCSourceRepositoryURI,
  PolicyError,
  SigstoreVerifier,
  type SigstoreBundle,
  type TrustedRoot,
  type VerificationPolicy,
  type X509Certificate,
} from '@freedomofpress/sigstore-browser';
import { checkStatement } from '../src/core/provenance/statement.js';
import { isRecord } from './spec.js';

export type RefOutcome = { ok: true } | { ok: false; reason: string };

const IN_TOTO = 'application/vnd.in-toto+json';

function reason(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** A sigstore-browser verifier for a trusted root (their root loading can itself fail). */
export async function referenceVerifier(root: unknown): Promise<SigstoreVerifier> {
  const verifier = new SigstoreVerifier();
  await verifier.loadSigstoreRoot(root as TrustedRoot);
  return verifier;
}

/** pypi-attestations `Attestation.to_bundle`, without validating anything. */
export function toBundle(att: unknown): SigstoreBundle {
  if (!isRecord(att) || att.version !== 1) throw new TypeError('attestation version is not 1');
  const vm = att.verification_material;
  const env = att.envelope;
  if (!isRecord(vm) || !isRecord(env)) throw new TypeError('attestation is missing parts');
  const entries = vm.transparency_entries;
  if (!Array.isArray(entries) || entries.length === 0) {
    throw new TypeError('no transparency entries');
  }
  const timestamps = Array.isArray(vm.timestamps) ? (vm.timestamps as unknown[]) : [];
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: {
      certificate: { rawBytes: vm.certificate },
      tlogEntries: [entries[0]],
      timestampVerificationData: {
        rfc3161Timestamps: timestamps.map((signedTimestamp) => ({ signedTimestamp })),
      },
    },
    dsseEnvelope: {
      payload: env.statement,
      payloadType: IN_TOTO,
      signatures: [{ sig: env.signature, keyid: '' }],
    },
  } as unknown as SigstoreBundle;
}

/** pypi-attestations `_GitHubTrustedPublisherPolicy`/`_GitLabTrustedPublisherPolicy` step 3-4. */
class BuildConfigPolicy implements VerificationPolicy {
  private readonly prefix: string;
  private readonly requireBoth: boolean;
  constructor(prefix: string, requireBoth: boolean) {
    this.prefix = prefix;
    this.requireBoth = requireBoth;
  }
  verify(cert: X509Certificate): void {
    const uri = cert.extBuildConfigURI?.buildConfigURI;
    const sha = cert.extSourceRepositoryDigest?.sourceRepositoryDigest;
    const ref = cert.extSourceRepositoryRef?.sourceRepositoryRef;
    const suffixes = [sha, ref].filter((s): s is string => s !== undefined);
    if (suffixes.length === 0 || (this.requireBoth && suffixes.length < 2)) {
      throw new PolicyError('certificate lacks the source repository digest/ref');
    }
    if (uri === undefined || !suffixes.some((s) => uri === `${this.prefix}@${s}`)) {
      throw new PolicyError(`build config URI ${String(uri)} does not match ${this.prefix}@…`);
    }
  }
}

/** The pypi-attestations policy for a publisher object (pydantic-like: fields must be str). */
export function publisherPolicy(pub: unknown): VerificationPolicy {
  if (!isRecord(pub)) throw new TypeError('publisher is not an object');
  const str = (k: string): string => {
    const v = pub[k];
    if (typeof v !== 'string') throw new TypeError(`publisher.${k} is not a string`);
    return v;
  };
  switch (pub.kind) {
    case 'GitHub': {
      const repo = `https://github.com/${str('repository')}`;
      return new AllOf([
        new OIDCIssuerV2('https://token.actions.githubusercontent.com'),
        new OIDCSourceRepositoryURI(repo),
        new BuildConfigPolicy(`${repo}/.github/workflows/${str('workflow')}`, false),
      ]);
    }
    case 'GitLab': {
      const repo = `https://gitlab.com/${str('repository')}`;
      return new AllOf([
        new OIDCIssuerV2('https://gitlab.com'),
        new OIDCSourceRepositoryURI(repo),
        new BuildConfigPolicy(`${repo}//${str('workflow_filepath')}`, true),
      ]);
    }
    case 'Google':
      return new Identity({ identity: str('email'), issuer: 'https://accounts.google.com' });
    default:
      throw new TypeError(`unsupported publisher kind ${JSON.stringify(pub.kind)}`);
  }
}

/** pypi-attestations-style verification of a whole provenance object with their library. */
export async function referenceVerifyProvenance(
  verifier: SigstoreVerifier,
  input: { filename: string; sha256: string; provenance: unknown },
): Promise<RefOutcome> {
  try {
    const prov = input.provenance;
    if (!isRecord(prov) || prov.version !== 1) throw new TypeError('provenance version is not 1');
    const bundles = prov.attestation_bundles;
    if (!Array.isArray(bundles) || bundles.length === 0) throw new TypeError('no bundles');
    const sha256 = input.sha256.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new TypeError('not a sha256 digest');
    for (const bundle of bundles) {
      if (!isRecord(bundle)) throw new TypeError('bundle is not an object');
      const policy = publisherPolicy(bundle.publisher);
      const atts = bundle.attestations;
      if (!Array.isArray(atts) || atts.length === 0) throw new TypeError('no attestations');
      for (const att of atts) {
        const { payloadType, payload } = await verifier.verifyDsse(toBundle(att), policy);
        if (payloadType !== IN_TOTO) throw new TypeError(`payload type ${payloadType}`);
        checkStatement(payload, { filename: input.filename, sha256 });
      }
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: reason(err) };
  }
}

const DEFAULT_IDENTITY =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';

/**
 * One sigstore-conformance bundle-verify case through their library, the way their own
 * conformance CLI does it (`verifyArtifact`, which for DSSE bundles also matches the artifact
 * digest against the statement's subjects).
 */
export async function referenceConformance(
  casesDir: string,
  name: string,
  mode: 'path' | 'digest',
  productionRoot: unknown,
): Promise<RefOutcome> {
  const dir = join(casesDir, name);
  const read = (f: string): string | undefined =>
    existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined;
  try {
    const bundle = JSON.parse(read('bundle.sigstore.json') ?? '') as SigstoreBundle;
    const rootText = read('trusted_root.json');
    const verifier = await referenceVerifier(rootText ? JSON.parse(rootText) : productionRoot);
    const artifact = readFileSync(
      existsSync(join(dir, 'artifact')) ? join(dir, 'artifact') : join(casesDir, 'a.txt'),
    );
    const data =
      mode === 'path'
        ? new Uint8Array(artifact)
        : new Uint8Array(createHash('sha256').update(artifact).digest());
    await verifier.verifyArtifact(
      read('identity')?.trim() ?? DEFAULT_IDENTITY,
      read('issuer')?.trim() ?? DEFAULT_ISSUER,
      bundle,
      data,
      mode === 'digest',
    );
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: reason(err) };
  }
}
