/**
 * A trust root that aged: when Sigstore adds a Fulcio CA, a CT log, a Rekor log (shard) or a
 * timestamp authority, attestations made with it chain to nothing in a root built before, and
 * would be `failed` (red) until the extension is updated. This module tells that case apart:
 * a bundle that fails only because it names an authority the trust root lacks, and that was
 * signed after the root's `coversUntil` (its newest key, or its last verified refresh), becomes
 * `unsupported` with TRUST_ROOT_OUTDATED: "we cannot check this yet; update". Anything else stays
 * the failure it was.
 *
 * What an attacker can do with it: with a CA and a log of their own, every time in the bundle
 * (integrated time, RFC 3161 time, the certificate's validity) is theirs to choose, so they can
 * always have their forgery called TRUST_ROOT_OUTDATED instead of UNTRUSTED_CERTIFICATE. They get
 * nothing better: `unsupported` is never `verified`, is never shown in green, and counts as "no
 * verified identity" for every warning, pin and remembered identity (src/core/memory.ts,
 * history.ts), so a release that had verified provenance before still warns. The rules below
 * keep the softer word for what a real rotation looks like, and leave everything else red:
 *
 *  1. The failure must be the step that needs the unknown authority (a TSA failure and an unknown
 *     TSA; a chain failure and an unknown CA; an SCT failure and an unknown CT log; a log proof
 *     failure and an unknown log). An authority is unknown when the root has no entry for it at
 *     any time: a CA certificate whose key identifier the leaf names, a TSA of the token's
 *     serial and issuer, a CT log or Rekor log of that log ID. A known authority that does not
 *     vouch (a bad signature, a time outside its validity) is a failure, never "outdated".
 *  2. Everything that does not need the unknown authorities must pass: sigstore-js is run again
 *     on the same bundle with only them set aside (entries of unknown logs dropped, an unknown
 *     TSA's time taken as a claim, and for an unknown CA or CT log the leaf's own key, valid
 *     only within the leaf's validity). Known logs' proofs, known TSAs, the chain to a known CA,
 *     the log body and the DSSE signature are all checked. The caller then runs the PEP 740
 *     checks (leaf profile, log body certificate, statement, publisher) as for any attestation.
 *  3. Every signing time of the bundle, verified or claimed, must be after `coversUntil` and
 *     not in the future (beyond a few minutes of clock skew).
 */
// sigstore-js's API takes Buffers: Node's in Node, src/shims/buffer.ts in the worker.
import { Buffer } from 'buffer';
import type { Bundle } from '@sigstore/bundle';
import { crypto, type X509Certificate } from '@sigstore/core';
import { toSignedEntity, Verifier, type SignedEntity, type TrustMaterial } from '@sigstore/verify';
import { ProvenanceError, type ProvenanceErrorCode } from '../errors.js';
import type { Trust } from './trust.js';

/** Clock skew allowed between the signer's time and ours. */
const SKEW_MS = 5 * 60 * 1000;

type Authority = 'timestamp authority' | 'certificate authority' | 'CT log' | 'transparency log';

/** The sigstore-js step that failed (our reason code) → the authority it needs. */
const STEP: Partial<Record<ProvenanceErrorCode, Authority>> = {
  TIMESTAMP_INVALID: 'timestamp authority',
  UNTRUSTED_CERTIFICATE: 'certificate authority',
  CERTIFICATE_INVALID: 'certificate authority',
  SCT_INVALID: 'CT log',
  TLOG_UNTRUSTED_LOG: 'transparency log',
  TLOG_SET_INVALID: 'transparency log',
  TLOG_INCLUSION_PROOF_INVALID: 'transparency log',
  TLOG_CHECKPOINT_INVALID: 'transparency log',
};

type Timestamp = SignedEntity['timestamps'][number];
type TsaTimestamp = Extract<Timestamp, { $case: 'timestamp-authority' }>;

const same = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether `ca` is the leaf's issuer by name and key identifier (any time). */
function issues(ca: X509Certificate, leaf: X509Certificate): boolean {
  const aki = leaf.extAuthorityKeyID?.keyIdentifier;
  const ski = ca.extSubjectKeyID?.keyIdentifier;
  // Fulcio's CAs share names across rotations: the key identifier tells them apart.
  if (aki && ski) return same(aki, ski);
  return same(ca.subject, leaf.issuer);
}

/** Which authorities the bundle names that the root has no entry for, at any time. */
function unknownAuthorities(entity: SignedEntity, leaf: X509Certificate, m: TrustMaterial) {
  const ca = !m.certificateAuthorities.some((a) => a.certChain.some((c) => issues(c, leaf)));
  const ctlog =
    !ca &&
    (leaf.extSCT?.signedCertificateTimestamps ?? []).some(
      (sct) => !m.ctlogs.some((l) => same(l.logID, sct.logID)),
    );
  const tlogs = entity.tlogEntries.filter(
    (e) => !m.tlogs.some((t) => same(t.logID, e.logId.keyId)),
  );
  const tsas = entity.timestamps.filter(
    (t): t is TsaTimestamp =>
      t.$case === 'timestamp-authority' &&
      !m.timestampAuthorities.some((a) => {
        const signer = a.certChain[0];
        return (
          signer !== undefined &&
          same(signer.serialNumber, t.timestamp.signerSerialNumber) &&
          same(signer.issuer, t.timestamp.signerIssuer)
        );
      }),
  );
  const names = new Set<Authority>();
  if (ca) names.add('certificate authority');
  if (ctlog) names.add('CT log');
  if (tlogs.length > 0) names.add('transparency log');
  if (tsas.length > 0) names.add('timestamp authority');
  return { ca, ctlog, tlogs, tsas, names };
}

/**
 * A time an unknown TSA claims, in the one form sigstore-js takes an unverified time in: a log
 * entry's integrated time with a promise (sigstore-js reads only these three fields there and
 * checks the promise itself in its log step, which never sees this entry).
 */
function claimedTime(t: TsaTimestamp): Timestamp {
  const tlogEntry = {
    logId: { keyId: t.timestamp.signerSerialNumber },
    integratedTime: String(Math.floor(t.timestamp.signingTime.getTime() / 1000)),
    inclusionPromise: { signedEntryTimestamp: Buffer.alloc(0) },
  };
  return { $case: 'transparency-log', tlogEntry } as unknown as Timestamp;
}

/** The times sigstore-js takes from these timestamps (as in its getTLogTimestamp). */
function timesOf(timestamps: readonly Timestamp[]): Date[] {
  return timestamps.flatMap((t) => {
    if (t.$case === 'timestamp-authority') return [t.timestamp.signingTime];
    if (!t.tlogEntry.inclusionPromise) return [];
    return [new Date(Number(t.tlogEntry.integratedTime) * 1000)];
  });
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

function list(names: Set<Authority>): string {
  const all = [...names];
  return all.length < 2 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}

/**
 * TRUST_ROOT_OUTDATED for a bundle that `error` rejected, when (and only when) the rules in the
 * header hold; otherwise undefined (the failure stands). Never throws.
 */
export function outdatedRootError(
  bundle: Bundle,
  trust: Trust,
  error: ProvenanceError,
  now: number,
): ProvenanceError | undefined {
  const cutoff = trust.coversUntil;
  const step = STEP[error.code];
  if (!cutoff || !step) return undefined;
  try {
    const entity = toSignedEntity(bundle);
    if (entity.key.$case !== 'certificate') return undefined;
    const leaf = entity.key.certificate;
    const unknown = unknownAuthorities(entity, leaf, trust.material);
    if (!unknown.names.has(step)) return undefined;

    // Rule 2: sigstore-js again, with the unknown authorities set aside.
    const ownKey = unknown.ca || (unknown.ctlog && step === 'CT log');
    const material: TrustMaterial = ownKey
      ? {
          ...trust.material,
          publicKey: () => ({
            publicKey: crypto.createPublicKey(leaf.publicKey),
            validFor: (date: Date) => leaf.validForDate(date),
          }),
        }
      : trust.material;
    const tlogEntries = entity.tlogEntries.filter((e) => !unknown.tlogs.includes(e));
    const timestamps = entity.timestamps.map((t) =>
      unknown.tsas.includes(t as TsaTimestamp) ? claimedTime(t as TsaTimestamp) : t,
    );
    const rest: SignedEntity = {
      ...entity,
      tlogEntries,
      timestamps,
      ...(ownKey && { key: { $case: 'public-key', hint: 'signing certificate' } }),
    };
    new Verifier(material, { tlogThreshold: tlogEntries.length }).verify(rest);

    // Rule 3: every time after the root's cover, none in the future.
    const times = timesOf(timestamps);
    if (times.length === 0) return undefined;
    if (times.some((t) => !(t > cutoff) || t.getTime() > now + SKEW_MS)) return undefined;
    const verified = timesOf(
      entity.timestamps.filter(
        (t) =>
          !unknown.tsas.includes(t as TsaTimestamp) &&
          (t.$case === 'timestamp-authority' || tlogEntries.includes(t.tlogEntry)),
      ),
    );
    const first = times.reduce((a, b) => (a < b ? a : b));
    const how =
      verified.length > 0
        ? ''
        : ' (as the attestation claims: no known log or timestamp authority vouches for it)';
    return new ProvenanceError(
      'TRUST_ROOT_OUTDATED',
      `signed on ${day(first)}${how} through a ${list(unknown.names)} that the Sigstore trust root does not have; the root lists keys up to ${day(cutoff)} and Sigstore may have added it since: the trust root is probably out of date`,
      { cause: error },
    );
  } catch {
    return undefined;
  }
}
