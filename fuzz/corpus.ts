/**
 * The fuzz seeds: every real case that must verify (test/cases.ts VALID_CASES, a single
 * attestation wrapped with its publisher as test/load-case.ts does), plus material that
 * mutations splice in (real RFC 3161 tokens from the conformance bundles).
 */
import './fixtures-env.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VALID_CASES } from '../test/cases.js';
import { fixturePath, readFixtureJson } from '../test/fixtures.js';
import { caseProvenance } from '../test/load-case.js';
import type { Extras, Seed } from './mutate.js';
import { KnownValid } from './spec.js';

export interface Corpus {
  seeds: Seed[];
  extras: Extras;
  known: KnownValid;
}

function foreignTimestamps(): string[] {
  const dir = fixturePath('conformance', 'bundle-verify');
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    let bundle: unknown;
    try {
      bundle = readFixtureJson(join('conformance', 'bundle-verify', name, 'bundle.sigstore.json'));
    } catch {
      continue;
    }
    const tokens = (
      bundle as {
        verificationMaterial?: {
          timestampVerificationData?: { rfc3161Timestamps?: { signedTimestamp?: string }[] };
        };
      }
    ).verificationMaterial?.timestampVerificationData?.rfc3161Timestamps;
    for (const t of tokens ?? []) if (t.signedTimestamp) out.push(t.signedTimestamp);
  }
  return out;
}

export function loadCorpus(): Corpus {
  const known = new KnownValid();
  const seeds: Seed[] = VALID_CASES.map((c) => {
    const provenance = caseProvenance(c);
    known.add(c.sha256, provenance);
    return { name: c.name, filename: c.filename, sha256: c.sha256, provenance };
  });
  return { seeds, extras: { foreignTimestamps: foreignTimestamps() }, known };
}
