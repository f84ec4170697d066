import { describe, expect, it } from 'vitest';
import { VALID_CASES } from '../../test/cases.js';
import { caseProvenance } from '../../test/load-case.js';
import { chooseReleaseFiles, computeWarnings, identityOf, type TimelineEntry } from './history.js';
import { readFixtureJson } from '../../test/fixtures.js';
import { verifyProvenance } from './provenance/verify.js';
import { loadTrust } from './sigstore/trust.js';
import type { SimpleProject } from './pypi/simple.js';
import type { FileResult } from './result.js';

function verified(name: string): FileResult {
  const c = VALID_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const r = verifyProvenance({
    filename: c.filename,
    sha256: c.sha256,
    provenance: caseProvenance(c),
  });
  expect(r.state).toBe('verified');
  return r;
}

/**
 * A real attestation under an unsigned publisher kind nobody can check (e.g. ActiveState):
 * `unsupported`, as anyone can make any file (they only need a Sigstore signature).
 */
function unsupported(name: string): FileResult {
  const c = VALID_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const p = caseProvenance(c) as { attestation_bundles: { publisher: unknown }[] };
  const r = verifyProvenance({
    filename: c.filename,
    sha256: c.sha256,
    provenance: {
      ...p,
      attestation_bundles: p.attestation_bundles.map((b) => ({
        ...b,
        publisher: { kind: 'ActiveState' },
      })),
    },
  });
  expect(r).toMatchObject({ state: 'unsupported', code: 'UNSUPPORTED_PUBLISHER' });
  return r;
}

/**
 * A real 2026 attestation checked against a root without its Rekor log (dated 2025-09-23): it
 * may have been signed in a log Sigstore added since, `unsupported` TRUST_ROOT_OUTDATED.
 */
function outdated(): FileResult {
  const c = VALID_CASES.find((x) => x.name.startsWith('juwunit'));
  if (!c) throw new Error('no juwunit case');
  const r = verifyProvenance({
    filename: c.filename,
    sha256: c.sha256,
    provenance: caseProvenance(c),
    trust: loadTrust(
      readFixtureJson('trust/derived/sigstore-prod-WITHOUT-rekor-v1-key.trusted_root.json'),
    ),
    now: Date.parse('2026-06-01T00:00:00Z'),
  });
  expect(r).toMatchObject({ state: 'unsupported', code: 'TRUST_ROOT_OUTDATED' });
  return r;
}

function entry(version: string, result: FileResult): TimelineEntry {
  const identity = identityOf(result);
  return { version, filename: result.filename, result, ...(identity && { identity }) };
}

function withRepository(r: FileResult, repositoryUrl: string): FileResult {
  if (r.state !== 'verified') return r;
  return {
    ...r,
    attestations: r.attestations.map((a) => ({ ...a, signer: { ...a.signer, repositoryUrl } })),
  };
}

const none = (filename: string): FileResult => ({
  filename,
  state: 'none',
  code: 'NO_PROVENANCE',
  message: '',
});

describe('computeWarnings', () => {
  describe('on real, consistent histories', () => {
    it('abi3info 2024.10.3 → 2024.10.8: no warning', () => {
      const older = verified('abi3info 2024.10.3 wheel provenance');
      const newer = verified('abi3info 2024.10.8 wheel provenance');
      const timeline = [entry('2024.10.8', newer), entry('2024.10.3', older)];
      expect(identityOf(newer)).toEqual({
        kind: 'GitHub',
        repository: 'https://github.com/woodruffw/abi3info',
        workflow: '.github/workflows/release.yml',
        environment: '',
        // Source Repository Identifier and Owner Identifier (OIDs .15 and .17).
        repositoryId: '538293197',
        ownerId: '3059210',
      });
      expect(computeWarnings('2024.10.8', [newer], timeline)).toEqual([]);
    });
    it('pypi-attestations 0.0.16 → 0.0.19: no warning', () => {
      const older = verified('pypi-attestations 0.0.16 attestation');
      const newer = verified('pypi-attestations 0.0.19 sdist provenance');
      const timeline = [entry('0.0.19', newer), entry('0.0.16', older)];
      expect(computeWarnings('0.0.19', [newer], timeline)).toEqual([]);
    });
  });

  describe('when this release has no provenance but an earlier one was verified', () => {
    it('warns of lost provenance and names the last verified release', () => {
      const older = verified('abi3info 2024.10.8 wheel provenance');
      const files = [none('abi3info-2024.10.9-py3-none-any.whl')];
      const timeline = [entry('2024.10.9', files[0]!), entry('2024.10.8', older)];
      const [w] = computeWarnings('2024.10.9', files, timeline);
      expect(w).toMatchObject({ kind: 'provenance-lost', lastVerified: { version: '2024.10.8' } });
    });
  });

  describe('when every file of this release is unsupported but an earlier one was verified', () => {
    it('warns of lost provenance: unsupported counts as no verified identity', () => {
      const older = verified('abi3info 2024.10.3 wheel provenance');
      const files = [
        unsupported('abi3info 2024.10.8 wheel provenance'),
        unsupported('abi3info 2024.10.8 sdist provenance'),
      ];
      const timeline = [entry('2024.10.8', files[0]!), entry('2024.10.3', older)];
      expect(timeline[0]!.identity).toBeUndefined();
      expect(computeWarnings('2024.10.8', files, timeline)).toEqual([
        {
          kind: 'provenance-lost',
          version: '2024.10.8',
          lastVerified: { version: '2024.10.3', identity: identityOf(older) },
          unsupported: files.map((f) => ({
            filename: f.filename,
            state: 'unsupported',
            code: 'UNSUPPORTED_PUBLISHER',
          })),
        },
      ]);
    });
    it('warns as well for a mix of unsupported files and files without provenance', () => {
      const older = verified('abi3info 2024.10.3 wheel provenance');
      const files = [
        unsupported('abi3info 2024.10.8 wheel provenance'),
        none('abi3info-2024.10.8.tar.gz'),
      ];
      const [w] = computeWarnings('2024.10.8', files, [entry('2024.10.3', older)]);
      expect(w).toMatchObject({ kind: 'provenance-lost', unsupported: [{ state: 'unsupported' }] });
    });
    it('does not warn while a file could not be checked (it may be verified)', () => {
      const older = verified('abi3info 2024.10.3 wheel provenance');
      const files: FileResult[] = [
        unsupported('abi3info 2024.10.8 wheel provenance'),
        { filename: 'abi3info-2024.10.8.tar.gz', state: 'error', code: 'TIMEOUT', message: '' },
      ];
      expect(computeWarnings('2024.10.8', files, [entry('2024.10.3', older)])).toEqual([]);
    });
  });

  describe('when a file could only be checked with a newer trust root', () => {
    it('says so first, and still counts the file as no verified identity', () => {
      const older = verified('abi3info 2024.10.3 wheel provenance');
      const file = outdated();
      const warnings = computeWarnings('0.1.3', [file], [entry('2024.10.3', older)]);
      expect(warnings.map((w) => w.kind)).toEqual(['root-outdated', 'provenance-lost']);
      expect(warnings[0]).toEqual({
        kind: 'root-outdated',
        version: '0.1.3',
        files: [file.filename],
      });
    });
    it('says so without any history, and beside verified files', () => {
      const file = outdated();
      expect(computeWarnings('0.1.3', [file], [])).toEqual([
        { kind: 'root-outdated', version: '0.1.3', files: [file.filename] },
      ]);
      const ok = verified('abi3info 2024.10.8 wheel provenance');
      expect(computeWarnings('0.1.3', [ok, file], []).map((w) => w.kind)).toEqual([
        'root-outdated',
        'partial',
      ]);
    });
    it('not for other unsupported files', () => {
      const file = unsupported('abi3info 2024.10.8 wheel provenance');
      expect(computeWarnings('2024.10.8', [file], [])).toEqual([]);
    });
  });

  describe('when the verified identity differs from the previous verified release', () => {
    it('warns of a change of publisher with both identities', () => {
      const older = verified('abi3info 2024.10.3 wheel provenance');
      const newer = withRepository(
        verified('abi3info 2024.10.8 wheel provenance'),
        'https://github.com/evil/abi3info',
      );
      const timeline = [entry('2024.10.8', newer), entry('2024.10.3', older)];
      const [w] = computeWarnings('2024.10.8', [newer], timeline);
      expect(w).toMatchObject({
        kind: 'publisher-changed',
        identity: { repository: 'https://github.com/evil/abi3info' },
        previous: {
          version: '2024.10.3',
          identity: { repository: 'https://github.com/woodruffw/abi3info' },
        },
      });
    });
  });

  describe('when only some files of this release are attested', () => {
    it('warns of a partial release', () => {
      const sdist = verified('abi3info 2024.10.8 sdist provenance');
      const files = [sdist, none('abi3info-2024.10.8-py3-none-any.whl')];
      const warnings = computeWarnings('2024.10.8', files, [entry('2024.10.8', sdist)]);
      expect(warnings).toEqual([
        {
          kind: 'partial',
          version: '2024.10.8',
          files: [{ filename: 'abi3info-2024.10.8-py3-none-any.whl', reason: 'no provenance' }],
        },
      ]);
    });
    it('lists an unsupported file beside a verified one (one attacker-signed file)', () => {
      const sdist = verified('abi3info 2024.10.8 sdist provenance');
      const wheel = unsupported('abi3info 2024.10.8 wheel provenance');
      const files = [sdist, wheel, none('abi3info-2024.10.8-cp39-abi3-any.whl')];
      expect(computeWarnings('2024.10.8', files, [entry('2024.10.8', sdist)])).toEqual([
        {
          kind: 'partial',
          version: '2024.10.8',
          files: [
            {
              filename: wheel.filename,
              reason: 'provenance cannot be checked (unsupported publisher)',
            },
            { filename: 'abi3info-2024.10.8-cp39-abi3-any.whl', reason: 'no provenance' },
          ],
        },
      ]);
    });
    it('warns when two files were signed by different identities', () => {
      const a = verified('abi3info 2024.10.8 sdist provenance');
      const b = withRepository(
        verified('abi3info 2024.10.8 wheel provenance'),
        'https://github.com/x/y',
      );
      const [w] = computeWarnings('2024.10.8', [a, b], []);
      expect(w).toMatchObject({ kind: 'partial', files: [{ filename: b.filename }] });
    });
  });
});

describe('chooseReleaseFiles', () => {
  const file = (filename: string, version: string, kind: 'sdist' | 'wheel') => ({
    filename,
    sha256: 'a'.repeat(64),
    version,
    kind,
    provenanceUrl: null,
    yanked: false,
  });
  const project: SimpleProject = {
    name: 'p',
    versions: ['1.0', '1.10', '1.9', '2.0rc1'],
    files: [
      file('p-1.0-py3-none-any.whl', '1.0', 'wheel'),
      file('p-1.0.tar.gz', '1.0', 'sdist'),
      file('p-1.9-py3-none-any.whl', '1.9', 'wheel'),
      file('p-1.10.tar.gz', '1.10', 'sdist'),
      file('p-2.0rc1.tar.gz', '2.0rc1', 'sdist'),
    ],
  };
  it('picks one file per release, newest first by PEP 440, preferring the sdist', () => {
    expect(chooseReleaseFiles(project).map((c) => c.file.filename)).toEqual([
      'p-2.0rc1.tar.gz',
      'p-1.10.tar.gz',
      'p-1.9-py3-none-any.whl',
      'p-1.0.tar.gz',
    ]);
  });
  it('pages through older releases', () => {
    expect(chooseReleaseFiles(project, 2, 2).map((c) => c.version)).toEqual(['1.9', '1.0']);
  });
});
