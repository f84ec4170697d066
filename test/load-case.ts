import { createHash } from 'node:crypto';
import type { Publisher } from '../src/core/result.js';
import { fixturePath, readFixture, readFixtureJson } from './fixtures.js';
import type { FixtureCase } from './cases.js';

/** A case's provenance object: the file itself, or one attestation wrapped with its publisher. */
export function caseProvenance(c: Pick<FixtureCase, 'file' | 'publisher'>): unknown {
  const json = readFixtureJson(c.file);
  if (!c.publisher) return json;
  return wrapAttestation(json, c.publisher);
}

export function wrapAttestation(attestation: unknown, publisher: Publisher): unknown {
  return { version: 1, attestation_bundles: [{ publisher, attestations: [attestation] }] };
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFixture(path)).digest('hex');
}

export { fixturePath };
