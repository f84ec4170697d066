import { describe, expect, it } from 'vitest';
import type { Identity } from './history.js';
import { accept, checkMemory, pin, remember, unpin } from './memory.js';
import {
  exportCommands,
  exportMemory,
  fromAttestationIdentity,
  importMemory,
  toAttestationIdentity,
} from './memory-export.js';
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
