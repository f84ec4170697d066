/**
 * Reading the Fulcio signing certificate: the identity claims (Fulcio OIDs, see
 * sigstore/fulcio docs/oid-info.md) and the leaf checks sigstore-js leaves to callers.
 */
// sigstore-js's API takes Buffers: Node's in Node, src/shims/buffer.ts in the worker.
import { Buffer } from 'buffer';
import { ASN1Obj, X509Certificate } from '@sigstore/core';
import { ProvenanceError } from '../errors.js';
import type { SignerDetails } from '../result.js';

const FULCIO = '1.3.6.1.4.1.57264.1.';

/** Fulcio extensions .8 and later hold DER UTF8Strings; .1–.6 hold raw bytes. */
export const OID = {
  issuerV1: `${FULCIO}1`,
  issuer: `${FULCIO}8`,
  buildSignerUri: `${FULCIO}9`,
  runnerEnvironment: `${FULCIO}11`,
  sourceRepositoryUri: `${FULCIO}12`,
  sourceRepositoryDigest: `${FULCIO}13`,
  sourceRepositoryRef: `${FULCIO}14`,
  sourceRepositoryIdentifier: `${FULCIO}15`,
  sourceRepositoryOwnerIdentifier: `${FULCIO}17`,
  buildConfigUri: `${FULCIO}18`,
  buildTrigger: `${FULCIO}20`,
  runInvocationUri: `${FULCIO}21`,
  sourceRepositoryVisibility: `${FULCIO}22`,
  deploymentEnvironment: `${FULCIO}23`,
} as const;

const OID_EKU = '2.5.29.37';
const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const OID_P256 = '1.2.840.10045.3.1.7';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export class FulcioCertificate {
  readonly cert: X509Certificate;
  constructor(cert: X509Certificate) {
    this.cert = cert;
  }

  /** A .8+ extension's UTF8String value, or undefined when absent or not a UTF8String. */
  text(oid: string): string | undefined {
    const ext = this.cert.extension(oid);
    if (!ext) return undefined;
    try {
      const inner = ASN1Obj.parseBuffer(Buffer.from(ext.value));
      if (inner.tag.number !== 0x0c) return undefined; // UTF8String
      return UTF8.decode(inner.value);
    } catch {
      return undefined;
    }
  }

  /** A .1–.6 extension's raw value as text. */
  raw(oid: string): string | undefined {
    const ext = this.cert.extension(oid);
    if (!ext) return undefined;
    try {
      return UTF8.decode(ext.value);
    } catch {
      return undefined;
    }
  }

  /**
   * The OIDC issuer for display: the signed v2 extension (.8), else the deprecated v1 (.1).
   * Policies never use this fallback: see issuerV2 and issuerV1.
   */
  get issuer(): string | undefined {
    return this.issuerV2 ?? this.issuerV1;
  }

  /** Issuer (V2), OID .8, a DER UTF8String: what the GitHub and GitLab policies compare. */
  get issuerV2(): string | undefined {
    return this.text(OID.issuer);
  }

  /** Issuer (V1, deprecated), OID .1, raw bytes: what the Google policy compares. */
  get issuerV1(): string | undefined {
    return this.raw(OID.issuerV1);
  }

  get subjectAlternativeName(): string | undefined {
    return this.cert.subjectAltName;
  }

  /**
   * Checks the leaf is fit to sign PEP 740 attestations: KeyUsage digitalSignature, EKU
   * codeSigning (sigstore-python verifier.py), and an ECDSA P-256 key (PEP 740's v1 suite).
   */
  assertSigningLeaf(): void {
    if (this.cert.isCA) {
      throw new ProvenanceError('CERTIFICATE_INVALID', 'expected a leaf certificate, got a CA');
    }
    if (!this.cert.extKeyUsage?.digitalSignature) {
      throw new ProvenanceError(
        'CERTIFICATE_INVALID',
        'expected key usage digitalSignature on the signing certificate',
      );
    }
    const eku = this.cert.extension(OID_EKU);
    const purposes = eku ? readOidSequence(ASN1Obj.parseBuffer(Buffer.from(eku.value))) : [];
    if (!purposes.includes(OID_CODE_SIGNING)) {
      throw new ProvenanceError(
        'CERTIFICATE_INVALID',
        'expected extended key usage codeSigning on the signing certificate',
      );
    }
    const spki = ASN1Obj.parseBuffer(Buffer.from(this.cert.publicKey));
    const algorithm = spki.subs[0]?.subs.map((s) => s.toOID());
    if (algorithm?.[0] !== OID_EC_PUBLIC_KEY || algorithm[1] !== OID_P256) {
      throw new ProvenanceError(
        'UNSUPPORTED_KEY',
        `expected an ECDSA P-256 signing key, got ${algorithm?.join('/') ?? 'unknown'}`,
      );
    }
  }

  /** Everything a user may want to know about the signer, read from the certificate. */
  details(): SignerDetails {
    const repositoryUrl = this.text(OID.sourceRepositoryUri);
    const buildConfigUri = this.text(OID.buildConfigUri);
    const runner = this.text(OID.runnerEnvironment);
    const details: SignerDetails = {
      identity: this.subjectAlternativeName ?? '',
      notBefore: this.cert.notBefore.toISOString(),
      notAfter: this.cert.notAfter.toISOString(),
    };
    const set = (key: keyof SignerDetails, value: string | undefined): void => {
      if (value !== undefined && value !== '')
        (details as unknown as Record<string, string>)[key] = value;
    };
    set('issuer', this.issuer);
    set('repositoryUrl', repositoryUrl);
    set('repositoryId', this.text(OID.sourceRepositoryIdentifier));
    set('ownerId', this.text(OID.sourceRepositoryOwnerIdentifier));
    set('buildConfigUri', buildConfigUri);
    set('workflowPath', workflowPathOf(buildConfigUri, repositoryUrl));
    // The workflow that signed: Build Signer URI, or in certificates older than it, the SAN
    // (which GitHub sets to the same job_workflow_ref).
    const signer = parseWorkflowUri(this.text(OID.buildSignerUri) ?? this.subjectAlternativeName);
    if (signer) {
      set('signerRepositoryUrl', signer.repositoryUrl);
      set('signerWorkflowPath', signer.path);
      set('signerRef', signer.ref);
    }
    set('commit', this.text(OID.sourceRepositoryDigest));
    set('ref', this.text(OID.sourceRepositoryRef));
    set('trigger', this.text(OID.buildTrigger));
    set('environment', this.text(OID.deploymentEnvironment));
    set('runner', runner);
    set('runUrl', this.text(OID.runInvocationUri));
    set('repositoryVisibility', this.text(OID.sourceRepositoryVisibility));
    return details;
  }
}

function readOidSequence(seq: ASN1Obj): string[] {
  return seq.subs.map((s) => {
    try {
      return s.toOID();
    } catch {
      return '';
    }
  });
}

/**
 * The workflow file path from a Build Config URI: `<repo>/.github/workflows/x.yml@ref`
 * (GitHub) or `<repo>//path/.gitlab-ci.yml@ref` (GitLab).
 */
export function workflowPathOf(
  buildConfigUri?: string,
  repositoryUrl?: string,
): string | undefined {
  if (!buildConfigUri || !repositoryUrl || !buildConfigUri.startsWith(`${repositoryUrl}/`)) {
    return undefined;
  }
  const rest = buildConfigUri.slice(repositoryUrl.length + 1).replace(/^\//, '');
  const at = rest.lastIndexOf('@');
  return at > 0 ? rest.slice(0, at) : rest;
}

/**
 * A workflow identity URI (Build Signer URI .9 or Build Config URI .18) split into its
 * repository, file path and ref. GitHub: `https://github.com/OWNER/REPO/.github/workflows/
 * FILE@REF` (workflows, reusable ones too, live directly in .github/workflows); GitLab:
 * `https://gitlab.com/NAMESPACE/…/PROJECT//PATH@REF`. Undefined for anything else.
 */
export function parseWorkflowUri(
  uri: string | undefined,
): { repositoryUrl: string; path: string; ref: string } | undefined {
  // As warehouse reads workflow refs (warehouse/oidc/models/github.py@6b62157124ab
  // `_WORKFLOW_FILENAME_RE`, gitlab.py `_WORKFLOW_FILEPATH_RE`): the file ends in .yml or
  // .yaml right before the "@" (a file name may itself hold an "@").
  const m =
    /^(https:\/\/github\.com\/[^/]+\/[^/]+)\/(\.github\/workflows\/[^/]+\.ya?ml)@(.+)$/.exec(
      uri ?? '',
    ) ?? /^(https:\/\/gitlab\.com\/.+?)\/\/(.*[^/]\.ya?ml)@(.+)$/.exec(uri ?? '');
  return m ? { repositoryUrl: m[1]!, path: m[2]!, ref: m[3]! } : undefined;
}

export function parseCertificate(rawBytes: Uint8Array): FulcioCertificate {
  try {
    return new FulcioCertificate(X509Certificate.parse(Buffer.from(rawBytes)));
  } catch (err) {
    throw new ProvenanceError('CERTIFICATE_INVALID', 'signing certificate is not valid DER', {
      cause: err,
    });
  }
}
