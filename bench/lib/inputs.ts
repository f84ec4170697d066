/**
 * The benchmark's inputs: the real fixtures of test/cases.ts (VALID_CASES, loaded as the unit
 * tests load them), the Sigstore bundles the peer verifier gets for the same attestations, and
 * the sites the page measurements browse.
 */
import { parseAttestation } from '../../src/core/provenance/attestation.js';
import { sampleprojectSite, type SiteFile, type SiteSpec } from '../../e2e/site.js';
import { canonicalizeName } from '../../src/core/project-name.js';
import { VALID_CASES, type FixtureCase } from '../../test/cases.js';
import { caseProvenance } from '../../test/load-case.js';

export interface VerifyInput {
  name: string;
  filename: string;
  sha256: string;
  provenance: unknown;
  /** Attestations in the provenance: per-attestation time = call time / attestations. */
  attestations: number;
  /** One Sigstore bundle (v0.3 JSON) per attestation, for the peer verifier. */
  bundles: unknown[];
}

interface ProvenanceShape {
  attestation_bundles: { attestations: unknown[] }[];
}

function toInput(c: FixtureCase): VerifyInput {
  const provenance = caseProvenance(c);
  const raw = (provenance as ProvenanceShape).attestation_bundles.flatMap((b) => b.attestations);
  const bundles = raw.map((a, i) => parseAttestation(a, `${c.name}[${i}]`).bundleJson);
  return {
    name: c.name,
    filename: c.filename,
    sha256: c.sha256,
    provenance,
    attestations: raw.length,
    bundles,
  };
}

/** Every real case that verifies under the production root (all of VALID_CASES). */
export function validInputs(): VerifyInput[] {
  return VALID_CASES.filter((c) => c.root === undefined).map(toInput);
}

/** `4.0.0` → `4.0.0.0` (k = 1): the same PEP 440 version under another spelling. */
function padVersion(filename: string, k: number): string {
  if (k === 0) return filename;
  // name-version.tar.gz or name-version-tags.whl; names in filenames have no '-'.
  const m = /^([^-]+)-(\d+(?:\.\d+)*)(.*)$/.exec(filename);
  if (!m) throw new Error(`cannot pad the version of ${filename}`);
  return `${m[1]}-${m[2]}${'.0'.repeat(k)}${m[3]}`;
}

export const PROJECT_60 = 'bench-sixty';
export const VERSION_60 = '1.0.0';

/**
 * A 60-file release built from real attestations. Only 11 distinct real (file, provenance)
 * pairs exist, and a release cannot list a filename twice, so file i reuses pair i mod 11
 * under a filename whose version is spelled with k extra `.0` components (k = ⌊i / 11⌋;
 * `sampleproject-4.0.0.0.tar.gz` is PEP 440-equal to `sampleproject-4.0.0.tar.gz`). Every
 * check still runs for real: Sigstore verification of the unchanged provenance, the subject
 * check (which compares parsed names and versions), the sha256 check and the publisher check.
 */
export function release60(count = 60): SiteFile[] {
  const distinct = new Map<string, VerifyInput>();
  for (const input of validInputs()) {
    if (!distinct.has(input.filename)) distinct.set(input.filename, input);
  }
  const pairs = [...distinct.values()];
  const files: SiteFile[] = [];
  for (let i = 0; i < count; i++) {
    const pair = pairs[i % pairs.length] as VerifyInput;
    files.push({
      filename: padVersion(pair.filename, Math.floor(i / pairs.length)),
      sha256: pair.sha256,
      provenance: pair.provenance,
    });
  }
  return files;
}

export function distinctPairCount(): number {
  return new Set(validInputs().map((i) => i.filename)).size;
}

/** sampleproject 4.0.0 (2 files) and the 60-file release, on one fake pypi.org. */
export function benchSite(): SiteSpec {
  const site = sampleprojectSite();
  site['pypi.org'] = {
    ...site['pypi.org'],
    [PROJECT_60]: { [VERSION_60]: release60() },
  };
  return site;
}

export const PAGE_2 = 'https://pypi.org/project/sampleproject/4.0.0/';
export const PAGE_60 = `https://pypi.org/project/${canonicalizeName(PROJECT_60)}/${VERSION_60}/`;
