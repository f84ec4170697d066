import { describe, expect, it } from 'vitest';
import type { SignerDetails } from './domain.js';
import {
  commitUrl,
  parseRepository,
  rekorLinkText,
  runLabel,
  shortSha,
  verifyCommand,
  workflowUrl,
} from '../shared/signer.js';

/** The signer of sampleproject-4.0.0.tar.gz, as the verifier reads it from the certificate. */
const SAMPLEPROJECT: SignerDetails = {
  identity: 'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
  notBefore: '2024-11-06T22:37:07.000Z',
  notAfter: '2024-11-06T22:47:07.000Z',
  issuer: 'https://token.actions.githubusercontent.com',
  repositoryUrl: 'https://github.com/pypa/sampleproject',
  workflowPath: '.github/workflows/release.yml',
  commit: '621e4974ca25ce531773def586ba3ed8e736b3fc',
  ref: 'refs/heads/main',
  trigger: 'push',
  runner: 'github-hosted',
  runUrl: 'https://github.com/pypa/sampleproject/actions/runs/11713038981/attempts/1',
  repositoryVisibility: 'public',
};

const GITLAB: SignerDetails = {
  identity: 'https://gitlab.com/group/sub/proj//.gitlab-ci.yml@refs/tags/v0.0.3',
  notBefore: '',
  notAfter: '',
  repositoryUrl: 'https://gitlab.com/group/sub/proj',
  workflowPath: '.gitlab-ci.yml',
  commit: '0123456789abcdef0123456789abcdef01234567',
};

const GOOGLE: SignerDetails = {
  identity: 'builder@proj.iam.gserviceaccount.com',
  issuer: 'https://accounts.google.com',
  notBefore: '',
  notAfter: '',
};

describe('parseRepository', () => {
  it('reads the forge, URL and name', () => {
    expect(parseRepository('https://github.com/pypa/sampleproject/')).toEqual({
      forge: 'github',
      url: 'https://github.com/pypa/sampleproject',
      name: 'pypa/sampleproject',
    });
    expect(parseRepository(GITLAB.repositoryUrl)?.name).toBe('group/sub/proj');
  });

  describe('when the URL is not a repository on an allowed forge', () => {
    it.each([
      undefined,
      'https://github.com/pypa',
      'https://pypi.org/project/x',
      'https://github.com.evil.com/pypa/sampleproject',
      'http://github.com/pypa/sampleproject',
    ])('returns undefined for %j', (url) => {
      expect(parseRepository(url)).toBeUndefined();
    });
  });
});

describe('workflowUrl', () => {
  it('links the GitHub workflow file at the signing commit', () => {
    expect(workflowUrl(SAMPLEPROJECT)).toBe(
      'https://github.com/pypa/sampleproject/blob/621e4974ca25ce531773def586ba3ed8e736b3fc/.github/workflows/release.yml',
    );
  });

  it('links the GitLab CI file with /-/blob/', () => {
    expect(workflowUrl(GITLAB)).toBe(
      'https://gitlab.com/group/sub/proj/-/blob/0123456789abcdef0123456789abcdef01234567/.gitlab-ci.yml',
    );
  });

  describe('when a part is missing or unsafe', () => {
    it.each<[string, Partial<SignerDetails>]>([
      ['no commit', { commit: undefined }],
      ['a commit that is not a hash', { commit: 'main' }],
      ['a path that climbs out', { workflowPath: '../../evil/x.yml' }],
      ['an absolute path', { workflowPath: '/etc/x.yml' }],
      ['no repository', { repositoryUrl: undefined }],
      ['a look-alike host', { repositoryUrl: 'https://github.com.evil.com/pypa/x' }],
    ])('returns undefined for %s', (_, change) => {
      expect(workflowUrl({ ...SAMPLEPROJECT, ...change })).toBeUndefined();
    });

    it('encodes odd characters in the path', () => {
      expect(workflowUrl({ ...SAMPLEPROJECT, workflowPath: '.github/workflows/a b#c.yml' })).toBe(
        'https://github.com/pypa/sampleproject/blob/621e4974ca25ce531773def586ba3ed8e736b3fc/.github/workflows/a%20b%23c.yml',
      );
    });
  });
});

describe('commitUrl', () => {
  it('links the commit on GitHub and GitLab', () => {
    expect(commitUrl(SAMPLEPROJECT)).toBe(
      'https://github.com/pypa/sampleproject/commit/621e4974ca25ce531773def586ba3ed8e736b3fc',
    );
    expect(commitUrl(GITLAB)).toBe(
      'https://gitlab.com/group/sub/proj/-/commit/0123456789abcdef0123456789abcdef01234567',
    );
  });

  it('refuses a commit that is not a hash', () => {
    expect(commitUrl({ ...SAMPLEPROJECT, commit: '621e497/../../x' })).toBeUndefined();
  });
});

describe('shortSha', () => {
  it('keeps 7 characters', () => {
    expect(shortSha('621e4974ca25ce531773def586ba3ed8e736b3fc')).toBe('621e497');
  });
});

describe('rekorLinkText', () => {
  it('names the entry by its log index', () => {
    expect(rekorLinkText({ logIndex: 147137139, logUrl: 'https://rekor.sigstore.dev' })).toBe(
      'Rekor entry 147137139',
    );
  });

  it('names a Rekor v2 shard', () => {
    expect(rekorLinkText({ logIndex: 12, logUrl: 'https://log2025-1.rekor.sigstore.dev' })).toBe(
      'Rekor entry 12 (log2025-1.rekor.sigstore.dev)',
    );
  });
});

describe('runLabel', () => {
  it('names GitHub runs and GitLab jobs', () => {
    expect(runLabel(SAMPLEPROJECT.runUrl ?? '')).toBe('Run 11713038981');
    expect(runLabel('https://gitlab.com/group/proj/-/jobs/42')).toBe('Job 42');
    expect(runLabel('https://example.com/')).toBe('Build log');
  });
});

describe('verifyCommand', () => {
  it('gives the pypi-attestations line for a GitHub signer', () => {
    expect(
      verifyCommand({
        filename: 'sampleproject-4.0.0.tar.gz',
        index: 'https://pypi.org',
        signer: SAMPLEPROJECT,
      }),
    ).toEqual({
      command:
        'pypi-attestations verify pypi --repository https://github.com/pypa/sampleproject pypi:sampleproject-4.0.0.tar.gz',
    });
  });

  it('uses the GitLab repository URL', () => {
    expect(
      verifyCommand({ filename: 'p-0.0.3.tar.gz', index: 'https://pypi.org', signer: GITLAB })
        .command,
    ).toBe(
      'pypi-attestations verify pypi --repository https://gitlab.com/group/sub/proj pypi:p-0.0.3.tar.gz',
    );
  });

  it('explains that pypi: means pypi.org on TestPyPI', () => {
    const result = verifyCommand({
      filename: 'x-1.tar.gz',
      index: 'https://test.pypi.org',
      signer: SAMPLEPROJECT,
    });
    expect(result.note).toMatch(/TestPyPI/);
  });

  describe('when the file is on this computer (the check page)', () => {
    it('passes its path, which pypi-attestations checks against pypi.org', () => {
      expect(
        verifyCommand({
          filename: 'sampleproject-4.0.0.tar.gz',
          index: 'https://pypi.org',
          signer: SAMPLEPROJECT,
          local: true,
        }),
      ).toEqual({
        command:
          'pypi-attestations verify pypi --repository https://github.com/pypa/sampleproject ./sampleproject-4.0.0.tar.gz',
      });
    });
    it('points to verify-dist for TestPyPI', () => {
      const result = verifyCommand({
        filename: 'x-1.tar.gz',
        index: 'https://test.pypi.org',
        signer: SAMPLEPROJECT,
        local: true,
      });
      expect(result.note).toContain('pypi-provenance verify-dist --index https://test.pypi.org');
    });
  });

  describe('when the publisher has no repository (Google)', () => {
    it('verifies the downloaded attestation against the identity, and explains why', () => {
      const result = verifyCommand({
        filename: 'sampleproject-3.0.0.tar.gz',
        index: 'https://pypi.org',
        publisher: { kind: 'Google', email: GOOGLE.identity },
        signer: GOOGLE,
      });
      expect(result.command).toBe(
        'pypi-attestations verify attestation --identity builder@proj.iam.gserviceaccount.com sampleproject-3.0.0.tar.gz',
      );
      expect(result.note).toMatch(/Google/);
    });
  });

  it('quotes an argument the shell would split', () => {
    expect(
      verifyCommand({
        filename: "a b'c.tar.gz",
        index: 'https://pypi.org',
        signer: SAMPLEPROJECT,
      }).command,
    ).toBe(
      `pypi-attestations verify pypi --repository https://github.com/pypa/sampleproject pypi:'a b'\\''c.tar.gz'`,
    );
  });
});
