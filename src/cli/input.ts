/**
 * Reading the CLI's input files, and saying in one line what is wrong with one (issue 14 §3):
 * a path that cannot be read (which, and why, in words), a file that is not a trusted root, a
 * Sigstore bundle where a PEP 740 provenance is expected, a provenance of the wrong shape.
 * Each is an InputError: exit 2 with that line and no usage text.
 */
import { readFileSync } from 'node:fs';
import type { Publisher } from '../core/result.js';
import { loadTrust, type Trust } from '../core/sigstore/trust.js';

/** A mistake in what the user gave: one clear line, exit 2 (no usage text). */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Why a path cannot be read, in words (never a raw errno code). */
export function unreadableWhy(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return 'it could not be read';
  }
}

/** The file's bytes, or an InputError naming it and saying why not. */
export function readInputFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read ${what} ${path}: ${unreadableWhy(err)}`);
  }
}

function readJsonFile(path: string, what: string): unknown {
  const text = readInputFile(path, what).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(`${what} ${path} is not JSON`);
  }
}

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

const TRUSTED_ROOT_TYPE = 'application/vnd.dev.sigstore.trustedroot+json';
const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle';

/** A Sigstore trusted_root.json, or an InputError saying the file is not one. */
export function trustedRootFile(path: string): Trust {
  const json = readJsonFile(path, 'trusted root');
  const notRoot = (why: string) =>
    new InputError(
      `${path} is not a Sigstore trusted root (${why}); pass a trusted_root.json such as the one @sigstore/tuf ships`,
    );
  if (!isRecord(json)) throw notRoot('expected a JSON object');
  const mediaType = typeof json.mediaType === 'string' ? json.mediaType : '';
  if (!mediaType.startsWith(TRUSTED_ROOT_TYPE)) {
    throw notRoot(
      mediaType ? `its mediaType is ${mediaType}` : `it has no mediaType ${TRUSTED_ROOT_TYPE}`,
    );
  }
  try {
    return loadTrust(json);
  } catch (err) {
    throw notRoot(err instanceof Error ? err.message : String(err));
  }
}

/**
 * The provenance object to verify from a --provenance file: an Integrity API provenance
 * object as is, or a single PEP 740 attestation wrapped with --publisher. A Sigstore bundle
 * or any other shape is an InputError that says what the file is and what to do.
 */
export function provenanceFile(path: string, publisher: Publisher | undefined): unknown {
  const input = readJsonFile(path, 'provenance');
  if (isRecord(input) && typeof input.mediaType === 'string') {
    if (input.mediaType.startsWith(BUNDLE_TYPE)) {
      throw new InputError(
        `${path} is a Sigstore bundle, not a PEP 740 provenance or attestation: convert it with ` +
          `\`pypi-attestations convert --output-file ATTESTATION ${path}\`, then pass ATTESTATION ` +
          `with --publisher (or give the file's Integrity API provenance)`,
      );
    }
  }
  const isAttestation = isRecord(input) && 'envelope' in input && 'verification_material' in input;
  if (isAttestation) {
    if (!publisher) {
      throw new InputError(
        `${path} is a single PEP 740 attestation: give its publisher with --publisher JSON`,
      );
    }
    return { version: 1, attestation_bundles: [{ publisher, attestations: [input] }] };
  }
  if (!isRecord(input) || !Array.isArray(input.attestation_bundles)) {
    throw new InputError(
      `${path} is not a PEP 740 provenance object ({"version": 1, "attestation_bundles": [...]}, ` +
        `as PyPI's Integrity API serves it) nor a single attestation`,
    );
  }
  if (!publisher) return input;
  // --publisher with a provenance object replaces the (unsigned) publisher of every bundle.
  return {
    ...input,
    attestation_bundles: input.attestation_bundles.map((b: unknown) =>
      isRecord(b) ? { ...b, publisher } : b,
    ),
  };
}
