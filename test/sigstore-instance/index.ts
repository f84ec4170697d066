/**
 * A test Sigstore instance: Fulcio-like CA (root + intermediate, P-384), a CT log, a Rekor v1
 * log (P-256, SETs), a Rekor v2 log (Ed25519 checkpoints, hashedrekord/0.0.2 entries) and an
 * RFC 3161 TSA, with a trusted_root.json listing exactly these. It signs PEP 740 attestations
 * for any identity our verifier understands, so tests can build scenarios real data cannot
 * give (a repository moving, Rekor v2 with timestamps, any publisher), and they verify end to
 * end with the real verifier given `loadTrust(instance.trustedRoot)`, never with the
 * production root.
 *
 * Everything is deterministic: keys derive from the seed (see keys.ts), signatures use RFC 6979
 * nonces, and the logs are append-only trees whose contents depend only on the seed and the
 * order of `attest` calls. `instance.state()` / `saveInstance` persist what `loadInstance`
 * needs to continue the same logs: the seed, the attestation counter and the logs' leaf hashes.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { name as x500Name, utf8String, type Der } from './der.js';
import { deriveBytes, deriveKey, noteKeyId, spkiKeyId, type SigningKey } from './keys.js';
import { leafHash, TestLog } from './tlog.js';
import { timestampResponse, type TsaSigner } from './tsa.js';
import {
  authorityKeyId,
  caCertificate,
  extendedKeyUsage,
  EKU,
  keyUsage,
  sctExtension,
  serialNumber,
  signCertificate,
  subjectAltName,
  subjectKeyId,
  tbsCertificate,
  type Extension,
} from './x509.js';

// ---------------------------------------------------------------------------------------------
// Public types

export type { Extension };

export const PUBLISH_V1 = 'https://docs.pypi.org/attestations/publish/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** The default signing time: fixed, so attestations are reproducible. */
export const DEFAULT_SIGNED_AT = new Date('2025-10-01T12:00:00Z');

export interface GitHubIdentity {
  kind: 'GitHub';
  /** owner/repo */
  repository: string;
  /** Workflow file name under .github/workflows, e.g. release.yml. */
  workflow: string;
  /** Default refs/heads/main. */
  ref?: string;
  /** 40 hex digits; default derived from the seed, repository and ref. */
  commit?: string;
  /** Default push. */
  trigger?: string;
  /** Deployment environment (OID .23); omitted when unset or empty. */
  environment?: string;
  /** Default github-hosted. */
  runner?: 'github-hosted' | 'self-hosted';
  /**
   * A reusable workflow that did the signing: `owner/repo/.github/workflows/x.yml@ref`. It
   * becomes the SAN and Build Signer URI (.9), while the Build Config URI (.18) stays the
   * caller's workflow, as Fulcio does.
   */
  reusableWorkflow?: string;
  /** Default public. */
  visibility?: 'public' | 'private';
  /** Source Repository Identifier (OID .15); default derived from the seed and repository. */
  repositoryId?: string;
  /** Source Repository Owner Identifier (OID .17); default derived from the seed and owner. */
  ownerId?: string;
}

export interface GitLabIdentity {
  kind: 'GitLab';
  /** namespace/project (subgroups allowed). */
  repository: string;
  /** CI config path in the repository, e.g. .gitlab-ci.yml. */
  workflow: string;
  ref?: string;
  commit?: string;
  trigger?: string;
  environment?: string;
  /** Default gitlab-hosted. */
  runner?: 'gitlab-hosted' | 'self-hosted';
  visibility?: 'public' | 'private' | 'internal';
  /** Project ID (OID .15); default derived from the seed and repository. */
  repositoryId?: string;
  /** Namespace ID (OID .17); default derived from the seed and owner. */
  ownerId?: string;
}

export interface GoogleIdentity {
  kind: 'Google';
  /** Service account email. */
  email: string;
}

export type Identity = GitHubIdentity | GitLabIdentity | GoogleIdentity;

export interface AttestRequest {
  /** Distribution filename: the statement's subject name. */
  filename: string;
  /** Hex sha256 of the distribution: the statement's subject digest. */
  sha256: string;
  identity: Identity;
  rekor: 'v1' | 'v2';
  /**
   * The Rekor v2 entry kind: `hashedrekord` 0.0.2 over SHA-256(PAE) (default, as the
   * conformance suite's rekor2-dsse cases) or `dsse` 0.0.2 (payload hash and signature with
   * the certificate as verifier, rekor-tiles' DSSE type). Ignored for Rekor v1.
   */
  rekorV2Kind?: 'hashedrekord' | 'dsse';
  /**
   * Changes to the leaf's Fulcio extensions: `omit` drops the claims with these arcs (e.g. 8
   * for Issuer V2), `extra` adds extensions as given (e.g. an arc Fulcio added later).
   */
  extensions?: { omit?: number[]; extra?: Extension[] };
  /** The statement's predicate, written as is (default: what the predicate type calls for). */
  predicate?: unknown;
  /** 'publish' (default), 'slsa', or any predicate type URL (written as is). */
  predicateType?: 'publish' | 'slsa' | (string & {});
  /** Signing time (whole seconds are used); default DEFAULT_SIGNED_AT. */
  signedAt?: Date;
  /** Add an RFC 3161 timestamp; default true for Rekor v2 (which needs it), false for v1. */
  timestamp?: boolean;
  /**
   * When Fulcio issued the leaf (valid 10 minutes from then); default 5 s before `signedAt`.
   * Set it more than 10 minutes earlier for a signature made with an expired certificate.
   */
  certificateIssuedAt?: Date;
}

/** Rekor TransparencyLogEntry as protobuf-specs JSON (int64 as strings). */
export interface TransparencyEntry {
  logIndex: string;
  logId: { keyId: string };
  kindVersion: { kind: string; version: string };
  integratedTime: string;
  inclusionPromise?: { signedEntryTimestamp: string };
  inclusionProof: {
    logIndex: string;
    rootHash: string;
    treeSize: string;
    hashes: string[];
    checkpoint: { envelope: string };
  };
  canonicalizedBody: string;
}

/** A PEP 740 attestation object. */
export interface Attestation {
  version: 1;
  verification_material: {
    certificate: string;
    transparency_entries: TransparencyEntry[];
    timestamps?: string[];
  };
  envelope: { statement: string; signature: string };
}

/** PyPI's publisher object (unsigned; what the verifier checks the certificate against). */
export type PublisherJSON =
  | { kind: 'GitHub'; repository: string; workflow: string; environment: string | null }
  | { kind: 'GitLab'; repository: string; workflow_filepath: string; environment: string | null }
  | { kind: 'Google'; email: string }
  | { kind: string; [key: string]: unknown };

/** The Integrity API provenance object. */
export interface Provenance {
  version: 1;
  attestation_bundles: { publisher: PublisherJSON; attestations: Attestation[] }[];
}

/** trusted_root.json (v0.1) as protobuf-specs JSON. */
export interface TrustedRootJSON {
  mediaType: string;
  tlogs: TransparencyLogInstance[];
  certificateAuthorities: CertificateAuthority[];
  ctlogs: TransparencyLogInstance[];
  timestampAuthorities: CertificateAuthority[];
}

interface TransparencyLogInstance {
  baseUrl: string;
  hashAlgorithm: 'SHA2_256';
  publicKey: { rawBytes: string; keyDetails: string; validFor: { start: string } };
  logId: { keyId: string };
}

interface CertificateAuthority {
  subject: { organization: string; commonName: string };
  uri: string;
  certChain: { certificates: { rawBytes: string }[] };
  validFor: { start: string };
}

/** What `loadInstance` needs to go on signing with the same keys and the same logs. */
export interface InstanceState {
  format: 'pypi-provenance-test-sigstore/1';
  seed: string;
  /** Attestations made so far (each gets its own leaf key and run number). */
  attestations: number;
  /** Leaf hashes (hex) of each log, in order. */
  logs: { v1: string[]; v2: string[] };
}

export interface TestInstance {
  readonly seed: string;
  readonly trustedRoot: TrustedRootJSON;
  /** Base URLs and hosts of the instance's services (all under the reserved .test TLD). */
  readonly urls: typeof URLS;
  /** Signs one distribution's attestation. */
  attest(req: AttestRequest): Attestation;
  /**
   * One Integrity API provenance object: one bundle with an attestation per request, under
   * `publisher` (default: the publisher PyPI would record for the first request's identity).
   */
  provenance(reqs: AttestRequest | AttestRequest[], publisher?: PublisherJSON): Provenance;
  /** The publisher object PyPI records for a Trusted Publisher with this identity. */
  publisherFor(identity: Identity): PublisherJSON;
  state(): InstanceState;
}

// ---------------------------------------------------------------------------------------------
// Fixed parameters

const URLS = {
  fulcio: 'https://fulcio.sigstore.test',
  ctlog: 'https://ctfe.sigstore.test/test',
  rekorV1: 'https://rekor.sigstore.test',
  rekorV2: 'https://log2025-1.rekor.sigstore.test',
  tsa: 'https://timestamp.sigstore.test/api/v1/timestamp',
} as const;

const REKOR_V1_HOST = 'rekor.sigstore.test';
const REKOR_V1_TREE_ID = '4283604939276458021';
const REKOR_V2_HOST = 'log2025-1.rekor.sigstore.test';
/** Rekor v1's top-level logIndex is global across shards; the proof's index is shard-local. */
const REKOR_V1_SHARD_OFFSET = 150_000_000;
/** Entries already in each log before the first attestation. */
const INITIAL_ENTRIES = { v1: 5, v2: 3 } as const;

const VALID_FROM = new Date('2020-01-01T00:00:00Z');
const VALID_TO = new Date('2049-12-31T23:59:59Z');
const ORGANIZATION = 'pypi-provenance.test';
const LEAF_LIFETIME_MS = 10 * 60 * 1000;

const fulcio = (n: number): string => `1.3.6.1.4.1.57264.1.${n}`;

const text = new TextEncoder();
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

function pem(der: Uint8Array): string {
  const lines = b64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** DSSE v1 pre-authentication encoding. */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = text.encode(payloadType);
  const head = text.encode(`DSSEv1 ${type.length} ${payloadType} ${payload.length} `);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

/** RFC 8785 JSON for the plain objects used here (strings, integers, arrays, objects). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------
// Identity → certificate claims

interface Claims {
  san: { uri: string } | { email: string };
  extensions: Extension[];
  /** UTF8String claims by Fulcio OID arc (.8 and up). */
  text: Map<number, string>;
}

function digits(seed: string, label: string, n: number): string {
  const bytes = deriveBytes(seed, label, 8);
  const v = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0);
  return String((v % 10n ** BigInt(n - 1)) + 10n ** BigInt(n - 1));
}

function claimsFor(identity: Identity, seed: string, run: number): Claims {
  const texts = new Map<number, string>();
  const raw = (n: number, value: string): Extension => ({
    oid: fulcio(n),
    value: text.encode(value),
  });
  const utf8 = (n: number, value: string): Extension => {
    texts.set(n, value);
    return { oid: fulcio(n), value: utf8String(value) };
  };
  if (identity.kind === 'Google') {
    const issuer = 'https://accounts.google.com';
    return {
      san: { email: identity.email },
      extensions: [raw(1, issuer), utf8(8, issuer)],
      text: texts,
    };
  }
  const ref = identity.ref ?? 'refs/heads/main';
  const commit =
    identity.commit ?? hex(deriveBytes(seed, `commit ${identity.repository} ${ref}`, 20));
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`commit must be 40 hex digits: ${commit}`);
  const trigger = identity.trigger ?? 'push';
  const owner = identity.repository.split('/')[0] ?? identity.repository;
  const repoId = identity.repositoryId ?? digits(seed, `repository id ${identity.repository}`, 9);
  const ownerId = identity.ownerId ?? digits(seed, `owner id ${owner}`, 8);
  const runId = digits(seed, `run ${run}`, 11);
  if (identity.kind === 'GitHub') {
    const issuer = 'https://token.actions.githubusercontent.com';
    const repoUrl = `https://github.com/${identity.repository}`;
    const configUri = `${repoUrl}/.github/workflows/${identity.workflow}@${ref}`;
    const signerUri = identity.reusableWorkflow
      ? `https://github.com/${identity.reusableWorkflow}`
      : configUri;
    const workflowName = identity.workflow.replace(/\.ya?ml$/, '');
    return {
      san: { uri: signerUri },
      extensions: [
        raw(1, issuer),
        raw(2, trigger),
        raw(3, commit),
        raw(4, workflowName),
        raw(5, identity.repository),
        raw(6, ref),
        utf8(8, issuer),
        utf8(9, signerUri),
        utf8(10, commit),
        utf8(11, identity.runner ?? 'github-hosted'),
        utf8(12, repoUrl),
        utf8(13, commit),
        utf8(14, ref),
        utf8(15, repoId),
        utf8(16, `https://github.com/${owner}`),
        utf8(17, ownerId),
        utf8(18, configUri),
        utf8(19, commit),
        utf8(20, trigger),
        utf8(21, `${repoUrl}/actions/runs/${runId}/attempts/1`),
        utf8(22, identity.visibility ?? 'public'),
        ...(identity.environment ? [utf8(23, identity.environment)] : []),
      ],
      text: texts,
    };
  }
  const issuer = 'https://gitlab.com';
  const repoUrl = `https://gitlab.com/${identity.repository}`;
  const configUri = `${repoUrl}//${identity.workflow}@${ref}`;
  return {
    san: { uri: configUri },
    extensions: [
      raw(1, issuer),
      utf8(8, issuer),
      utf8(9, configUri),
      utf8(10, commit),
      utf8(11, identity.runner ?? 'gitlab-hosted'),
      utf8(12, repoUrl),
      utf8(13, commit),
      utf8(14, ref),
      utf8(15, repoId),
      utf8(16, `https://gitlab.com/${owner}`),
      utf8(17, ownerId),
      utf8(18, configUri),
      utf8(19, commit),
      utf8(20, trigger),
      utf8(21, `${repoUrl}/-/jobs/${runId}`),
      utf8(22, identity.visibility ?? 'public'),
      ...(identity.environment ? [utf8(23, identity.environment)] : []),
    ],
    text: texts,
  };
}

function withExtensions(claims: Claims, change: AttestRequest['extensions']): Claims {
  if (!change) return claims;
  const omitted = new Set((change.omit ?? []).map(fulcio));
  return {
    ...claims,
    extensions: [...claims.extensions.filter((e) => !omitted.has(e.oid)), ...(change.extra ?? [])],
  };
}

function publisherFor(identity: Identity): PublisherJSON {
  switch (identity.kind) {
    case 'GitHub':
      return {
        kind: 'GitHub',
        repository: identity.repository,
        workflow: identity.workflow,
        environment: identity.environment ?? null,
      };
    case 'GitLab':
      return {
        kind: 'GitLab',
        repository: identity.repository,
        workflow_filepath: identity.workflow,
        environment: identity.environment ?? null,
      };
    case 'Google':
      return { kind: 'Google', email: identity.email };
  }
}

function predicateFor(type: string, identity: Identity, claims: Claims): unknown {
  if (type === PUBLISH_V1) return null;
  if (type !== SLSA_PROVENANCE_V1) return {};
  const ext = (n: number): string | undefined => claims.text.get(n);
  if (identity.kind === 'Google') {
    return {
      buildDefinition: {
        buildType: 'https://cloud.google.com/build/gcb-buildtypes/google-worker/v1',
        externalParameters: {},
      },
      runDetails: { builder: { id: `https://cloudbuild.googleapis.com/${identity.email}` } },
    };
  }
  return {
    buildDefinition: {
      buildType:
        identity.kind === 'GitHub'
          ? 'https://actions.github.io/buildtypes/workflow/v1'
          : 'https://gitlab.com/gitlab-org/gitlab-runner/-/blob/main/PROVENANCE.md',
      externalParameters: {
        workflow: { ref: ext(14), repository: ext(12), path: identity.workflow },
      },
      internalParameters: { trigger: ext(20), runner: ext(11) },
      resolvedDependencies: [{ uri: `git+${ext(12)}@${ext(14)}`, digest: { gitCommit: ext(13) } }],
    },
    runDetails: {
      builder: { id: `${ext(12)}/${identity.kind === 'GitHub' ? 'actions' : '-/jobs'}` },
      metadata: { invocationId: ext(21) },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The instance

interface Ca {
  name: Der;
  key: SigningKey;
  certificate: Der;
}

/** Entries of other (imaginary) signers, so the logs hold more than our attestations. */
function fillerBodies(log: 'v1' | 'v2', label: string, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) =>
    text.encode(`{"filler":"pypi-provenance test ${log} log: ${label} #${i}"}`),
  );
}

function restoreLeaves(log: 'v1' | 'v2', saved: string[] | undefined): Uint8Array[] {
  if (saved) return saved.map(fromHex);
  return fillerBodies(log, 'initial', INITIAL_ENTRIES[log]).map(leafHash);
}

export function createTestInstance(
  opts: { seed?: string; state?: InstanceState } = {},
): TestInstance {
  const seed = opts.state?.seed ?? opts.seed ?? 'pypi-provenance test instance';
  if (opts.state && opts.seed !== undefined && opts.seed !== opts.state.seed) {
    throw new Error('createTestInstance: seed and state.seed differ');
  }
  const key = (label: string, kind: 'p256' | 'p384' | 'ed25519'): SigningKey =>
    deriveKey(seed, label, kind);
  const serial = (label: string): Uint8Array => serialNumber(deriveBytes(seed, label, 20));

  // Fulcio: root → intermediate → leaves.
  const fulcioRootName = x500Name({ organization: ORGANIZATION, commonName: 'sigstore' });
  const fulcioRootKey = key('fulcio root', 'p384');
  const fulcioRoot: Ca = {
    name: fulcioRootName,
    key: fulcioRootKey,
    certificate: caCertificate({
      serial: serial('fulcio root serial'),
      subject: fulcioRootName,
      key: fulcioRootKey,
      notBefore: VALID_FROM,
      notAfter: VALID_TO,
      pathLen: 1,
    }),
  };
  const fulcioIntermediateName = x500Name({
    organization: ORGANIZATION,
    commonName: 'sigstore-intermediate',
  });
  const fulcioIntermediateKey = key('fulcio intermediate', 'p384');
  const fulcioIntermediate: Ca = {
    name: fulcioIntermediateName,
    key: fulcioIntermediateKey,
    certificate: caCertificate({
      serial: serial('fulcio intermediate serial'),
      subject: fulcioIntermediateName,
      key: fulcioIntermediateKey,
      notBefore: VALID_FROM,
      notAfter: VALID_TO,
      pathLen: 0,
      issuer: { name: fulcioRootName, key: fulcioRootKey },
      extraExtensions: [extendedKeyUsage(false, EKU.codeSigning)],
    }),
  };

  const ctLogKey = key('ct log', 'p256');
  const ctLogId = spkiKeyId(ctLogKey);

  // TSA: self-signed root → P-256 signing certificate.
  const tsaRootName = x500Name({
    organization: ORGANIZATION,
    commonName: 'sigstore-tsa-selfsigned',
  });
  const tsaRootKey = key('tsa root', 'p384');
  const tsaRootCert = caCertificate({
    serial: serial('tsa root serial'),
    subject: tsaRootName,
    key: tsaRootKey,
    notBefore: VALID_FROM,
    notAfter: VALID_TO,
  });
  const tsaKey = key('tsa signing', 'p256');
  const tsaSerial = serial('tsa signing serial');
  const tsaCert = signCertificate(
    tbsCertificate(
      {
        serial: tsaSerial,
        issuer: tsaRootName,
        subject: x500Name({ organization: ORGANIZATION, commonName: 'sigstore-tsa' }),
        notBefore: VALID_FROM,
        notAfter: VALID_TO,
        subjectKey: tsaKey,
        extensions: [
          keyUsage(0),
          extendedKeyUsage(true, EKU.timeStamping),
          subjectKeyId(tsaKey),
          authorityKeyId(tsaRootKey),
        ],
      },
      tsaRootKey,
    ),
    tsaRootKey,
  );
  const tsa: TsaSigner = {
    key: tsaKey,
    certificate: tsaCert,
    issuer: tsaRootName,
    serial: tsaSerial,
  };

  // Transparency logs.
  const rekorV1Key = key('rekor v1', 'p256');
  const rekorV2Key = key('rekor v2', 'ed25519');
  const rekorV1 = new TestLog(
    {
      origin: `${REKOR_V1_HOST} - ${REKOR_V1_TREE_ID}`,
      signerName: REKOR_V1_HOST,
      key: rekorV1Key,
      logId: spkiKeyId(rekorV1Key),
      globalOffset: REKOR_V1_SHARD_OFFSET,
    },
    restoreLeaves('v1', opts.state?.logs.v1),
  );
  const rekorV2 = new TestLog(
    {
      origin: REKOR_V2_HOST,
      signerName: REKOR_V2_HOST,
      key: rekorV2Key,
      logId: noteKeyId(REKOR_V2_HOST, rekorV2Key),
      globalOffset: 0,
    },
    restoreLeaves('v2', opts.state?.logs.v2),
  );
  let attestations = opts.state?.attestations ?? 0;

  const start = VALID_FROM.toISOString().replace('.000Z', 'Z');
  const tlogInstance = (baseUrl: string, k: SigningKey, logId: Uint8Array) => ({
    baseUrl,
    hashAlgorithm: 'SHA2_256' as const,
    publicKey: { rawBytes: b64(k.spki), keyDetails: k.keyDetails, validFor: { start } },
    logId: { keyId: b64(logId) },
  });
  const trustedRoot: TrustedRootJSON = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      tlogInstance(URLS.rekorV1, rekorV1Key, rekorV1.options.logId),
      tlogInstance(URLS.rekorV2, rekorV2Key, rekorV2.options.logId),
    ],
    certificateAuthorities: [
      {
        subject: { organization: ORGANIZATION, commonName: 'sigstore' },
        uri: URLS.fulcio,
        certChain: {
          certificates: [
            { rawBytes: b64(fulcioIntermediate.certificate) },
            { rawBytes: b64(fulcioRoot.certificate) },
          ],
        },
        validFor: { start },
      },
    ],
    ctlogs: [tlogInstance(URLS.ctlog, ctLogKey, ctLogId)],
    timestampAuthorities: [
      {
        subject: { organization: ORGANIZATION, commonName: 'sigstore-tsa-selfsigned' },
        uri: URLS.tsa,
        certChain: { certificates: [{ rawBytes: b64(tsaCert) }, { rawBytes: b64(tsaRootCert) }] },
        validFor: { start },
      },
    ],
  };

  function issueLeaf(leafKey: SigningKey, claims: Claims, issuedAt: Date, run: number): Der {
    const spec = {
      serial: serial(`leaf serial ${run}`),
      issuer: fulcioIntermediate.name,
      subject: Uint8Array.of(0x30, 0x00), // Fulcio leaves have an empty subject
      notBefore: issuedAt,
      notAfter: new Date(issuedAt.getTime() + LEAF_LIFETIME_MS),
      subjectKey: leafKey,
      extensions: [
        keyUsage(0),
        extendedKeyUsage(false, EKU.codeSigning),
        subjectKeyId(leafKey),
        authorityKeyId(fulcioIntermediate.key),
        subjectAltName(claims.san),
        ...claims.extensions,
      ],
    };
    // The SCT signs the precertificate TBS: the final TBS without the SCT extension.
    const precert = tbsCertificate(spec, fulcioIntermediate.key);
    const sct = sctExtension({
      tbsWithoutSct: precert,
      issuerKey: fulcioIntermediate.key,
      ctLogKey,
      ctLogId,
      timestamp: new Date(issuedAt.getTime() + 123),
    });
    const tbs = tbsCertificate(
      { ...spec, extensions: [...spec.extensions, sct] },
      fulcioIntermediate.key,
    );
    return signCertificate(tbs, fulcioIntermediate.key);
  }

  function attest(req: AttestRequest): Attestation {
    if (!/^[0-9a-fA-F]{64}$/.test(req.sha256)) throw new Error(`bad sha256 for ${req.filename}`);
    const run = attestations++;
    const signedAt = wholeSeconds(req.signedAt ?? DEFAULT_SIGNED_AT);
    const predicateType =
      req.predicateType === undefined || req.predicateType === 'publish'
        ? PUBLISH_V1
        : req.predicateType === 'slsa'
          ? SLSA_PROVENANCE_V1
          : req.predicateType;
    const claims = withExtensions(claimsFor(req.identity, seed, run), req.extensions);
    const statement = text.encode(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: req.filename, digest: { sha256: req.sha256.toLowerCase() } }],
        predicateType,
        predicate:
          'predicate' in req ? req.predicate : predicateFor(predicateType, req.identity, claims),
      }),
    );
    const pae = preAuthEncoding(IN_TOTO_PAYLOAD_TYPE, statement);
    const leafKey = key(`leaf ${run}`, 'p256');
    const signature = leafKey.sign(pae);
    // Fulcio issues the certificate a few seconds before the signature is logged.
    const issuedAt = wholeSeconds(req.certificateIssuedAt ?? new Date(signedAt.getTime() - 5000));
    const certificate = issueLeaf(leafKey, claims, issuedAt, run);
    // 0–2 later entries, so proofs vary between right-border and inner paths.
    const after = fillerBodies(req.rekor, `after attestation ${run}`, run % 3);

    let entry: TransparencyEntry;
    if (req.rekor === 'v1') {
      const body = text.encode(
        canonicalJson({
          apiVersion: '0.0.1',
          kind: 'dsse',
          spec: {
            envelopeHash: {
              algorithm: 'sha256',
              value: hex(
                sha256(
                  text.encode(
                    canonicalJson({
                      payload: b64(statement),
                      payloadType: IN_TOTO_PAYLOAD_TYPE,
                      signatures: [{ sig: b64(signature) }],
                    }),
                  ),
                ),
              ),
            },
            payloadHash: { algorithm: 'sha256', value: hex(sha256(statement)) },
            signatures: [
              { signature: b64(signature), verifier: b64(text.encode(pem(certificate))) },
            ],
          },
        }),
      );
      const logged = rekorV1.append(body, after);
      const globalIndex = rekorV1.options.globalOffset + logged.index;
      const integratedTime = signedAt.getTime() / 1000;
      entry = {
        logIndex: String(globalIndex),
        logId: { keyId: b64(rekorV1.options.logId) },
        kindVersion: { kind: 'dsse', version: '0.0.1' },
        integratedTime: String(integratedTime),
        inclusionPromise: {
          signedEntryTimestamp: b64(
            rekorV1.signedEntryTimestamp(body, integratedTime, globalIndex),
          ),
        },
        inclusionProof: proofJson(logged),
        canonicalizedBody: b64(body),
      };
    } else {
      const kind = req.rekorV2Kind ?? 'hashedrekord';
      const verifier = {
        keyDetails: 'PKIX_ECDSA_P256_SHA_256',
        x509Certificate: { rawBytes: b64(certificate) },
      };
      const spec =
        kind === 'dsse'
          ? {
              dsseV002: {
                payloadHash: { algorithm: 'SHA2_256', digest: b64(sha256(statement)) },
                signatures: [{ content: b64(signature), verifier }],
              },
            }
          : {
              hashedRekordV002: {
                data: { algorithm: 'SHA2_256', digest: b64(sha256(pae)) },
                signature: { content: b64(signature), verifier },
              },
            };
      const body = text.encode(canonicalJson({ apiVersion: '0.0.2', kind, spec }));
      const logged = rekorV2.append(body, after);
      entry = {
        logIndex: String(logged.index),
        logId: { keyId: b64(rekorV2.options.logId) },
        kindVersion: { kind, version: '0.0.2' },
        // Rekor v2 has no integrated time: the signed time comes from the TSA.
        integratedTime: '0',
        inclusionProof: proofJson(logged),
        canonicalizedBody: b64(body),
      };
    }

    const attestation: Attestation = {
      version: 1,
      verification_material: {
        certificate: b64(certificate),
        transparency_entries: [entry],
      },
      envelope: { statement: b64(statement), signature: b64(signature) },
    };
    if (req.timestamp ?? req.rekor === 'v2') {
      const response = timestampResponse(tsa, signature, signedAt, serial(`tsa token ${run}`));
      attestation.verification_material.timestamps = [b64(response)];
    }
    return attestation;
  }

  return {
    seed,
    trustedRoot,
    urls: URLS,
    attest,
    provenance(reqs, publisher) {
      const list = Array.isArray(reqs) ? reqs : [reqs];
      const first = list[0];
      if (!first) throw new Error('provenance: expected at least one request');
      return {
        version: 1,
        attestation_bundles: [
          { publisher: publisher ?? publisherFor(first.identity), attestations: list.map(attest) },
        ],
      };
    },
    publisherFor,
    state: () => ({
      format: 'pypi-provenance-test-sigstore/1',
      seed,
      attestations,
      logs: { v1: rekorV1.leaves.map(hex), v2: rekorV2.leaves.map(hex) },
    }),
  };
}

function proofJson(logged: {
  index: number;
  treeSize: number;
  rootHash: Uint8Array;
  hashes: Uint8Array[];
  checkpoint: string;
}): TransparencyEntry['inclusionProof'] {
  return {
    logIndex: String(logged.index),
    rootHash: b64(logged.rootHash),
    treeSize: String(logged.treeSize),
    hashes: logged.hashes.map(b64),
    checkpoint: { envelope: logged.checkpoint },
  };
}

// ---------------------------------------------------------------------------------------------
// Persistence

export const STATE_FILE = 'instance.json';
export const TRUSTED_ROOT_FILE = 'trusted_root.json';

/**
 * Writes DIR/trusted_root.json (for a test build, see scripts/build-test-extension.js) and
 * DIR/instance.json (the state: seed, counter, log leaves; keys re-derive from the seed).
 */
export function saveInstance(instance: TestInstance, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, TRUSTED_ROOT_FILE), JSON.stringify(instance.trustedRoot, null, 2) + '\n');
  writeFileSync(join(dir, STATE_FILE), JSON.stringify(instance.state()) + '\n');
}

/** The instance saved in DIR, going on from where it stopped (same keys, same logs). */
export function loadInstance(dir: string): TestInstance {
  const state = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as InstanceState;
  if (state.format !== 'pypi-provenance-test-sigstore/1') {
    throw new Error(`${join(dir, STATE_FILE)}: not a test instance state`);
  }
  return createTestInstance({ state });
}
