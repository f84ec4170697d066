/**
 * Targeted probes behind the findings in fuzz/README.md: hand-made variants of a real
 * attestation, each run through our verifier and through the reference (sigstore-browser).
 *
 *   node scripts/run-ts.js fuzz/probes.ts
 */
import './fixtures-env.js';
import { VALID_CASES } from '../test/cases.js';
import { readFixtureJson } from '../test/fixtures.js';
import { caseProvenance } from '../test/load-case.js';
import { verifyProvenance } from '../src/core/provenance/verify.js';
import { referenceVerifier, referenceVerifyProvenance } from './reference.js';
import { isRecord } from './spec.js';

type Entry = Record<string, unknown> & {
  inclusionProof: Record<string, unknown> & { checkpoint: { envelope: string } | boolean };
};

const base = VALID_CASES[0];
if (!base) throw new Error('no fixtures');

function entryOf(prov: unknown): Entry {
  const get = (v: unknown, k: string | number): unknown =>
    Array.isArray(v) ? v[k as number] : isRecord(v) ? v[k as string] : undefined;
  let cur: unknown = prov;
  for (const k of [
    'attestation_bundles',
    0,
    'attestations',
    0,
    'verification_material',
    'transparency_entries',
    0,
  ]) {
    cur = get(cur, k);
  }
  return cur as Entry;
}

const PROBES: [string, (e: Entry) => void][] = [
  [
    'no SET and checkpoint=false: no transparency log signature at all',
    (e) => {
      delete e.inclusionPromise;
      e.inclusionProof.checkpoint = false;
    },
  ],
  [
    'no SET, checkpoint=false and no integratedTime: no log signature and no signing time',
    (e) => {
      delete e.inclusionPromise;
      e.inclusionProof.checkpoint = false;
      delete e.integratedTime;
    },
  ],
  [
    'no SET, integratedTime +300 s (unsigned time used for certificate validity)',
    (e) => {
      delete e.inclusionPromise;
      e.integratedTime = String(Number(e.integratedTime) + 300);
    },
  ],
  [
    'checkpoint signer name "sigstore.dev" (a substring of the log URL)',
    (e) => {
      const cp = e.inclusionProof.checkpoint;
      if (typeof cp === 'object') {
        cp.envelope = cp.envelope.replace('\u2014 rekor.sigstore.dev ', '\u2014 sigstore.dev ');
      }
    },
  ],
  [
    'inclusionProof.rootHash replaced (unsigned; the checkpoint root is used)',
    (e) => {
      e.inclusionProof.rootHash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    },
  ],
];

const ref = await referenceVerifier(readFixtureJson('trust/sigstore-prod.trusted_root.json'));
for (const [label, edit] of PROBES) {
  const provenance = structuredClone(caseProvenance(base));
  edit(entryOf(provenance));
  const input = { filename: base.filename, sha256: base.sha256, provenance };
  const ours = verifyProvenance(input);
  const theirs = await referenceVerifyProvenance(ref, input);
  console.log(
    `${label}\n  ours:   ${ours.state}${'code' in ours ? ` ${ours.code}` : ''}\n` +
      `  theirs: ${theirs.ok ? 'verified' : `rejected (${theirs.reason.slice(0, 100)})`}`,
  );
}
