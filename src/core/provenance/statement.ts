/**
 * Checks on the signed in-toto statement (verification-spec.md §2 step 8; pypi-attestations
 * `Attestation.verify`): Statement v1, exactly one subject whose name matches the
 * distribution by parsing, whose sha256 equals PyPI's digest, and a known predicate type.
 */
import { ProvenanceError } from '../errors.js';
import { subjectMatchesDistribution } from '../filename.js';

export const PUBLISH_V1 = 'https://docs.pypi.org/attestations/publish/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const STATEMENT_V1 = 'https://in-toto.io/Statement/v1';

export interface Statement {
  predicateType: string;
  subjectName: string;
  subjectSha256: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function typeOf(x: unknown): string {
  return Array.isArray(x) ? 'an array' : typeof x === 'string' ? 'a string' : typeof x;
}

function invalid(message: string): ProvenanceError {
  return new ProvenanceError('STATEMENT_INVALID', message);
}

/** Parses the signed statement bytes and checks them against the distribution. */
export function checkStatement(
  payload: Uint8Array,
  distribution: { filename: string; sha256: string },
): Statement {
  let json: unknown;
  try {
    json = JSON.parse(UTF8.decode(payload));
  } catch {
    throw invalid('statement is not valid UTF-8 JSON');
  }
  if (!isRecord(json)) throw invalid('expected the statement to be a JSON object');
  if (json._type !== STATEMENT_V1) {
    throw invalid(`expected statement type ${STATEMENT_V1}, got ${String(json._type)}`);
  }
  const subjects = json.subject;
  if (!Array.isArray(subjects) || subjects.length !== 1) {
    throw invalid(
      `expected exactly 1 subject, got ${Array.isArray(subjects) ? subjects.length : 'none'}`,
    );
  }
  const subject: unknown = subjects[0];
  if (!isRecord(subject) || typeof subject.name !== 'string' || subject.name === '') {
    throw invalid('expected a subject with a non-empty name');
  }
  const match = subjectMatchesDistribution(subject.name, distribution.filename);
  if (!match.ok) {
    throw new ProvenanceError(
      'SUBJECT_MISMATCH',
      `statement is for ${JSON.stringify(subject.name)}, not ${JSON.stringify(distribution.filename)}: ${match.reason}`,
    );
  }
  const digest = isRecord(subject.digest) ? subject.digest.sha256 : undefined;
  if (typeof digest !== 'string' || digest.toLowerCase() !== distribution.sha256.toLowerCase()) {
    throw new ProvenanceError(
      'DIGEST_MISMATCH',
      `expected sha256 ${distribution.sha256}, got ${typeof digest === 'string' ? digest : 'none'}`,
    );
  }
  const predicateType = json.predicateType;
  if (predicateType !== PUBLISH_V1 && predicateType !== SLSA_PROVENANCE_V1) {
    throw new ProvenanceError(
      'PREDICATE_INVALID',
      `expected predicate type publish/v1 or SLSA provenance v1, got ${String(predicateType)}`,
    );
  }
  // The predicate body is not checked, whatever its type, as PyPI and the reference do: any
  // JSON object, null or no predicate at all is accepted, anything else is not an in-toto
  // statement. PyPI's docs say a publish/v1 predicate MUST be empty, but neither warehouse
  // (warehouse/attestations/services.py@6b62157124ab `parse_attestations` drops the predicate
  // `verify` returns) nor pypi-attestations (src/pypi_attestations/_impl.py@931421279d94
  // `Attestation.verify` checks only the predicate type) rejects a non-empty one; the
  // statement model both parse with, sigstore-python's `_Statement`
  // (sigstore/dsse/__init__.py@9e371d855ea4), types it `Optional[Dict[str, Any]]`.
  const p = json.predicate;
  if (!(p === null || p === undefined || isRecord(p))) {
    throw invalid(`expected the predicate to be a JSON object or null, got ${typeOf(p)}`);
  }
  return { predicateType, subjectName: subject.name, subjectSha256: digest.toLowerCase() };
}
