import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALID_CASES } from '../../test/cases.js';
import { caseProvenance } from '../../test/load-case.js';
import type { Identity } from './history.js';
import { accept, checkMemory, observeRelease, pin, remember, unpin } from './memory.js';
import { verifyProvenance } from './provenance/verify.js';
import type { FileResult } from './result.js';
import {
  exportCommands,
  exportMemory,
  exportTexts,
  fromAttestationIdentity,
  toAttestationIdentity,
} from './memory-export.js';
import { importMemory } from './memory-import.js';
import { riskHints } from './risk.js';

const A: Identity = {
  kind: 'GitHub',
  repository: 'https://github.com/pypa/sampleproject',
  workflow: '.github/workflows/release.yml',
  environment: '',
};
const B: Identity = { ...A, repository: 'https://github.com/evil/sampleproject' };

describe('identity memory (trust on first use)', () => {
  it('remembers the first identity and says nothing while it stays the same', () => {
    const m = remember(undefined, { identity: A, hasProvenance: true, version: '1' }, 1);
    expect(m.seen).toHaveLength(1);
    expect(checkMemory(m, { identity: A, hasProvenance: true })).toEqual([]);
  });
  it('flags another identity until the user accepts it', () => {
    let m = remember(undefined, { identity: A, hasProvenance: true, version: '1' }, 1);
    m = remember(m, { identity: B, hasProvenance: true, version: '2' }, 2);
    expect(checkMemory(m, { identity: B, hasProvenance: true })).toMatchObject([
      { kind: 'identity-differs' },
    ]);
    m = accept(m, B, '2', 3);
    expect(checkMemory(m, { identity: B, hasProvenance: true })).toEqual([]);
  });
  it('flags a release without provenance once the project had some', () => {
    const m = remember(undefined, { identity: A, hasProvenance: true, version: '1' }, 1);
    expect(checkMemory(m, { hasProvenance: false })).toMatchObject([
      { kind: 'provenance-missing' },
    ]);
  });
  it('with a pin, flags any other identity or missing provenance as a violation', () => {
    const m = pin(undefined, A, '1', 1);
    expect(checkMemory(m, { identity: A, hasProvenance: true })).toEqual([]);
    expect(checkMemory(m, { identity: B, hasProvenance: true })).toMatchObject([
      { kind: 'pin-violation' },
    ]);
    expect(checkMemory(m, { hasProvenance: false })).toMatchObject([{ kind: 'pin-violation' }]);
    expect(checkMemory(unpin(m), { identity: B, hasProvenance: true })).toMatchObject([
      { kind: 'identity-differs' },
    ]);
  });
});

/** A real file, verified as is, or `unsupported` under an unsigned, uncheckable kind. */
function real(name: string, kind?: string): FileResult {
  const c = VALID_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no case ${name}`);
  const p = caseProvenance(c) as { attestation_bundles: { publisher: unknown }[] };
  const provenance = kind
    ? {
        ...p,
        attestation_bundles: p.attestation_bundles.map((b) => ({ ...b, publisher: { kind } })),
      }
    : p;
  const r = verifyProvenance({ filename: c.filename, sha256: c.sha256, provenance });
  expect(r.state).toBe(kind ? 'unsupported' : 'verified');
  return r;
}

describe('unsupported files count as no verified identity', () => {
  const sdist = real('abi3info 2024.10.8 sdist provenance');
  const wheelUnsupported = real('abi3info 2024.10.8 wheel provenance', 'ActiveState');
  const sdistUnsupported = real('abi3info 2024.10.8 sdist provenance', 'ActiveState');
  const known = observeRelease([real('abi3info 2024.10.3 wheel provenance')]);
  const memory = remember(undefined, { ...known, version: '2024.10.3' }, 1);

  it('observes the verified identities and the files without one', () => {
    expect(observeRelease([sdist, wheelUnsupported])).toEqual({
      identities: [known.identities[0]],
      unverified: [
        {
          filename: wheelUnsupported.filename,
          state: 'unsupported',
          code: 'UNSUPPORTED_PUBLISHER',
        },
      ],
      settled: true,
    });
  });
  it('trust on first use: a release of only unsupported files is flagged as missing provenance', () => {
    const alerts = checkMemory(memory, observeRelease([wheelUnsupported, sdistUnsupported]));
    expect(alerts).toMatchObject([
      { kind: 'provenance-missing', files: [{ state: 'unsupported' }, { state: 'unsupported' }] },
    ]);
    expect(alerts[0]!.message).toContain('no provenance that can be checked');
  });
  it('a pin: a release of only unsupported files violates it', () => {
    const pinned = pin(memory, known.identities[0]!, '2024.10.3', 2);
    expect(checkMemory(pinned, observeRelease([wheelUnsupported]))).toMatchObject([
      { kind: 'pin-violation', files: [{ filename: wheelUnsupported.filename }] },
    ]);
  });
  it('a pin: one verified file beside an unsupported one violates it too (every file must be signed by the pin)', () => {
    const pinned = pin(memory, known.identities[0]!, '2024.10.3', 2);
    const alerts = checkMemory(pinned, observeRelease([sdist, wheelUnsupported]));
    expect(alerts).toMatchObject([
      { kind: 'pin-violation', files: [{ filename: wheelUnsupported.filename }] },
    ]);
    expect(alerts[0]!.message).toContain(wheelUnsupported.filename);
    expect(checkMemory(pinned, observeRelease([sdist]))).toEqual([]);
  });
  it('a file that could not be checked is not called missing', () => {
    const pinned = pin(memory, known.identities[0]!, '2024.10.3', 2);
    const error: FileResult = {
      filename: 'abi3info-2024.10.8.tar.gz',
      state: 'error',
      code: 'TIMEOUT',
      message: 'timeout',
    };
    expect(checkMemory(pinned, observeRelease([error]))).toEqual([]);
    expect(checkMemory(memory, observeRelease([error]))).toEqual([]);
    expect(checkMemory(memory, observeRelease([wheelUnsupported, error]))).toEqual([]);
    // The unsupported file still breaks the pin, whatever the other one turns out to be.
    expect(checkMemory(pinned, observeRelease([wheelUnsupported, error]))).toMatchObject([
      { kind: 'pin-violation', files: [{ filename: wheelUnsupported.filename }] },
    ]);
  });
  it('remembers nothing from unsupported files: no first identity, no "had provenance"', () => {
    const m = remember(undefined, { ...observeRelease([wheelUnsupported]), version: '1' }, 1);
    expect(m).toEqual({ seen: [], hadProvenance: false });
  });
});

describe('repository and owner IDs in the remembered identity', () => {
  const withIds: Identity = { ...A, repositoryId: '14899596', ownerId: '647025' };
  const recreated: Identity = { ...A, repositoryId: '999', ownerId: '888' };
  const observe = (identity: Identity) => ({
    identities: [identity],
    unverified: [],
    settled: true,
  });

  it('an identity remembered without IDs (older memory) raises no alarm and learns them', () => {
    const old = remember(undefined, { identity: A, hasProvenance: true, version: '1' }, 1);
    expect(old.seen[0]!.repositoryId).toBeUndefined();
    expect(checkMemory(old, observe(withIds))).toEqual([]);
    const learnt = remember(old, { ...observe(withIds), version: '2' }, 2);
    expect(learnt.seen).toHaveLength(1);
    expect(learnt.seen[0]).toMatchObject({ repositoryId: '14899596', ownerId: '647025' });
    // From then on, the same names with other IDs are another identity.
    expect(checkMemory(learnt, observe(recreated))).toMatchObject([
      { kind: 'identity-differs', changed: ['repositoryId', 'ownerId'] },
    ]);
  });
  it('a repository re-created under the same name is flagged like a publisher change', () => {
    const m = remember(undefined, { ...observe(withIds), version: '1' }, 1);
    const [alert] = checkMemory(m, observe(recreated));
    expect(alert).toMatchObject({ kind: 'identity-differs', got: recreated });
    expect(alert!.message).toContain('repository ID 14899596 → 999');
    expect(alert!.message).toContain('re-created');
  });
  it('a pin made before IDs were known learns them, then holds them', () => {
    let m = pin(undefined, A, '1', 1);
    expect(checkMemory(m, observe(withIds))).toEqual([]);
    m = remember(m, { ...observe(withIds), version: '2' }, 2);
    expect(m.pinned).toMatchObject({ repositoryId: '14899596', ownerId: '647025' });
    expect(checkMemory(m, observe(recreated))).toMatchObject([
      { kind: 'pin-violation', got: recreated, changed: ['repositoryId', 'ownerId'] },
    ]);
  });
  it('accepting the same names learns the IDs instead of adding a second entry', () => {
    const old = remember(undefined, { identity: A, hasProvenance: true, version: '1' }, 1);
    const m = accept(old, withIds, '2', 2);
    expect(m.seen).toHaveLength(1);
    expect(m.seen[0]).toMatchObject({ repositoryId: '14899596' });
  });
});

describe('export and import', () => {
  it('round-trips remembered and pinned identities', () => {
    const m = pin(
      remember(undefined, { identity: A, hasProvenance: true, version: '1' }, 1),
      A,
      '1',
      2,
    );
    const doc = exportMemory([['https://pypi.org|sampleproject', m]], new Date(0));
    expect(doc.projects.sampleproject).toEqual({
      index: 'https://pypi.org',
      'attestation-identities': [
        { kind: 'GitHub', repository: 'pypa/sampleproject', workflow: 'release.yml' },
      ],
      pinned: { kind: 'GitHub', repository: 'pypa/sampleproject', workflow: 'release.yml' },
    });
    expect(exportCommands(doc)).toBe(
      "pypi-attestations verify pypi --repository 'https://github.com/pypa/sampleproject' 'pypi:sampleproject-VERSION.tar.gz'\n",
    );
    const back = importMemory(JSON.stringify(doc), 5);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const [key, memory] = back.entries[0]!;
    expect(key).toBe('https://pypi.org|sampleproject');
    expect(memory.pinned).toEqual({ ...A });
    expect(memory.seen[0]).toMatchObject(A);
    // The options page's texts: the same document as indented JSON, and the same commands.
    const texts = exportTexts([['https://pypi.org|sampleproject', m]], new Date(0));
    expect(JSON.parse(texts.json)).toEqual(doc);
    expect(texts.json).toMatch(/^\{\n {2}"format": "pypi-provenance-identities\/v1",\n[^]*\}\n$/);
    expect(texts.commands).toBe(exportCommands(doc));
    expect(importMemory(texts.json, 5)).toEqual(back);
  });
  it.each([
    ['not JSON', '{'],
    ['another format', '{"format":"x","projects":{}}'],
    [
      'a bad identity',
      JSON.stringify({
        format: 'pypi-provenance-identities/v1',
        projects: {
          p: {
            index: 'https://pypi.org',
            'attestation-identities': [{ kind: 'GitHub', repository: 'a b' }],
            pinned: null,
          },
        },
      }),
    ],
    [
      'another index',
      JSON.stringify({
        format: 'pypi-provenance-identities/v1',
        projects: {
          p: { index: 'https://evil.example', 'attestation-identities': [], pinned: null },
        },
      }),
    ],
    [
      'a bad project name',
      JSON.stringify({
        format: 'pypi-provenance-identities/v1',
        projects: {
          '<x>': { index: 'https://pypi.org', 'attestation-identities': [], pinned: null },
        },
      }),
    ],
  ])('rejects %s with a clear error', (_label, text) => {
    const r = importMemory(text, 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
  });
  it('quotes every value of an exported command line for a POSIX shell', () => {
    const hostile: Identity = {
      ...A,
      repository: "https://github.com/a/b;touch pwned;echo $(id) `id` 'x' \\ \n",
    };
    const doc = exportMemory(
      [
        [
          'https://pypi.org|p$(touch pwned)',
          { seen: [{ ...hostile, firstSeen: 0, lastSeen: 0, version: '' }], hadProvenance: true },
        ],
      ],
      new Date(0),
    );
    const line = exportCommands(doc).trimEnd();
    expect(line.startsWith('pypi-attestations verify pypi --repository ')).toBe(true);
    // A real shell splits the line into exactly the intended words, expanding nothing.
    const cwd = mkdtempSync(join(tmpdir(), 'export-'));
    const sh = spawnSync('sh', ['-c', line.replace(/^pypi-attestations /, 'printf "%s\\0" ')], {
      encoding: 'utf8',
      cwd,
    });
    expect(sh.status).toBe(0);
    expect(sh.stdout.split('\0').slice(0, -1)).toEqual([
      'verify',
      'pypi',
      '--repository',
      `https://github.com/${hostile.repository.replace(/^https:\/\/github\.com\//, '')}`,
      'pypi:p$(touch pwned)-VERSION.tar.gz',
    ]);
    expect(existsSync(join(cwd, 'pwned'))).toBe(false);
  });
  it.each([
    ['GitHub', { repository: 'a b/c', workflow: 'release.yml' }],
    ['GitHub', { repository: '-owner/repo', workflow: 'release.yml' }],
    ['GitHub', { repository: 'owner_x/repo', workflow: 'release.yml' }],
    ['GitHub', { repository: `${'o'.repeat(40)}/repo`, workflow: 'release.yml' }],
    ['GitHub', { repository: 'owner/..', workflow: 'release.yml' }],
    ['GitHub', { repository: 'owner/repo/extra', workflow: 'release.yml' }],
    ['GitHub', { repository: 'owner/re;po', workflow: 'release.yml' }],
    ['GitHub', { repository: 'owner/repo', workflow: 'sub/release.yml' }],
    ['GitHub', { repository: 'owner/repo', workflow: 'release.sh' }],
    ['GitHub', { repository: 'owner/repo', workflow: 'rel\u001b[2Kease.yml' }],
    ['GitHub', { repository: 'owner/repo', workflow: 'rel\u202eease.yml' }],
    ['GitHub', { repository: 'owner/repo', workflow: 'release.yml', environment: "py'pi" }],
    ['GitHub', { repository: 'owner/repo', workflow: 'release.yml', environment: ' pypi' }],
    ['GitHub', { repository: 'owner/repo', workflow: 'release.yml', repository_id: '12a' }],
    ['GitLab', { repository: 'group/proj.git', workflow_filepath: '.gitlab-ci.yml' }],
    ['GitLab', { repository: 'group/pro__j', workflow_filepath: '.gitlab-ci.yml' }],
    ['GitLab', { repository: 'group/-proj', workflow_filepath: '.gitlab-ci.yml' }],
    ['GitLab', { repository: 'proj', workflow_filepath: '.gitlab-ci.yml' }],
    ['GitLab', { repository: 'group/proj', workflow_filepath: '/ci.yml' }],
    ['GitLab', { repository: 'group/proj', workflow_filepath: 'ci/../x.yml' }],
    ['GitLab', { repository: 'group/proj', workflow_filepath: 'ci//x.yml' }],
    ['GitLab', { repository: 'group/proj', workflow_filepath: 'ci x.yml' }],
    ['GitLab', { repository: 'group/proj', workflow_filepath: 'x.yml', environment: 'a;b' }],
    ['Google', { email: 'not an email' }],
  ])('the import rejects a %s identity GitHub/GitLab would not allow: %j', (kind, fields) => {
    const text = JSON.stringify({
      format: 'pypi-provenance-identities/v1',
      projects: {
        p: {
          index: 'https://pypi.org',
          'attestation-identities': [{ kind, ...fields }],
          pinned: null,
        },
      },
    });
    const r = importMemory(text, 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/attestation-identities/);
  });
  it.each([
    ['GitHub', { repository: 'pypa/sampleproject', workflow: 'release.yml', environment: 'pypi' }],
    ['GitHub', { repository: 'a-b/.github', workflow: 'publish.yaml' }],
    [
      'GitHub',
      { repository: 'a/b', workflow: 'r.yml', repository_id: '1', repository_owner_id: '2' },
    ],
    ['GitLab', { repository: 'group/sub.group/proj-x', workflow_filepath: 'ci/release.yml' }],
    [
      'GitLab',
      { repository: 'ns/proj', workflow_filepath: '.gitlab-ci.yml', environment: 'prod/${X}' },
    ],
    ['Google', { email: '919436158236-compute@developer.gserviceaccount.com' }],
  ])('the import accepts a %s identity: %j', (kind, fields) => {
    const text = JSON.stringify({
      format: 'pypi-provenance-identities/v1',
      projects: {
        p: {
          index: 'https://pypi.org',
          'attestation-identities': [{ kind, ...fields }],
          pinned: null,
        },
      },
    });
    expect(importMemory(text, 0)).toMatchObject({ ok: true });
  });
  it('exports and imports the repository and owner IDs', () => {
    const id: Identity = { ...A, repositoryId: '14899596', ownerId: '647025' };
    const m = remember(
      undefined,
      { identities: [id], unverified: [], settled: true, version: '1' },
      1,
    );
    const doc = exportMemory([['https://pypi.org|sampleproject', m]], new Date(0));
    expect(doc.projects.sampleproject!['attestation-identities'][0]).toEqual({
      kind: 'GitHub',
      repository: 'pypa/sampleproject',
      workflow: 'release.yml',
      repository_id: '14899596',
      repository_owner_id: '647025',
    });
    const back = importMemory(JSON.stringify(doc), 5);
    expect(back.ok && back.entries[0]![1].seen[0]).toMatchObject(id);
  });
  it('maps GitLab and Google identities to PyPI publisher objects', () => {
    const gl: Identity = {
      kind: 'GitLab',
      repository: 'https://gitlab.com/a/b',
      workflow: '.gitlab-ci.yml',
      environment: '',
    };
    expect(toAttestationIdentity(gl)).toEqual({
      kind: 'GitLab',
      repository: 'a/b',
      workflow_filepath: '.gitlab-ci.yml',
    });
    expect(fromAttestationIdentity(toAttestationIdentity(gl))).toEqual(gl);
    const g: Identity = {
      kind: 'Google',
      repository: 'sa@p.iam.gserviceaccount.com',
      workflow: '',
      environment: '',
    };
    expect(toAttestationIdentity(g)).toEqual({
      kind: 'Google',
      email: 'sa@p.iam.gserviceaccount.com',
    });
  });
});

describe('riskHints', () => {
  const att = (signer: Record<string, string>) => ({
    predicateType: 'https://docs.pypi.org/attestations/publish/v1',
    signer: { identity: '', notBefore: '', notAfter: '', ...signer },
    tlogEntries: [],
  });
  it('notes a branch ref, a privileged trigger, a self-hosted runner and no environment', () => {
    const hints = riskHints(
      att({
        repositoryUrl: 'https://github.com/a/b',
        ref: 'refs/heads/main',
        trigger: 'pull_request_target',
        runner: 'self-hosted',
        identity: 'https://github.com/a/b/.github/workflows/reusable.yml@refs/heads/main',
        workflowPath: '.github/workflows/release.yml',
        signerRepositoryUrl: 'https://github.com/a/b',
        signerWorkflowPath: '.github/workflows/reusable.yml',
        signerRef: 'refs/heads/main',
      }),
      { kind: 'GitHub', repository: 'a/b', workflow: 'release.yml' },
    );
    expect(hints.map((h) => h.code)).toEqual([
      'BRANCH_REF',
      'PRIVILEGED_TRIGGER',
      'SELF_HOSTED_RUNNER',
      'NO_ENVIRONMENT',
      'OTHER_SIGNING_WORKFLOW',
    ]);
  });
  it('says nothing for a tag build on a hosted runner with an environment', () => {
    expect(
      riskHints(
        att({
          repositoryUrl: 'https://github.com/a/b',
          ref: 'refs/tags/v1',
          trigger: 'release',
          runner: 'github-hosted',
          environment: 'pypi',
          identity: 'https://github.com/a/b/.github/workflows/release.yml@refs/tags/v1',
        }),
        { kind: 'GitHub', repository: 'a/b', workflow: 'release.yml' },
      ),
    ).toEqual([]);
  });
});

describe('remember, on first use of a release signed by two identities', () => {
  it('remembers both: a second look at the same release raises no alert', () => {
    const a = {
      kind: 'GitHub',
      repository: 'https://github.com/good/x',
      workflow: '.github/workflows/release.yml',
      environment: '',
    };
    const b = { ...a, repository: 'https://github.com/other/x' };
    const observed = { identities: [a, b], unverified: [], settled: true };
    const memory = remember(undefined, { ...observed, version: '1.0' }, 1);
    expect(memory.seen.map((s) => s.repository)).toEqual([a.repository, b.repository]);
    expect(checkMemory(memory, observed)).toEqual([]);
  });
});
