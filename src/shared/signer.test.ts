import { describe, expect, it } from 'vitest';
import type { SignerDetails } from '../core/result.js';
import {
  commitUrl,
  repositoryName,
  shortSha,
  verifyCommand,
  workflowName,
  workflowUrl,
} from './signer.js';

const gh: SignerDetails = {
  identity: 'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
  repositoryUrl: 'https://github.com/pypa/sampleproject',
  workflowPath: '.github/workflows/release.yml',
  commit: '621e4974ca25ce531773def586ba3ed8e736b3fc',
  notBefore: '',
  notAfter: '',
};
const gl: SignerDetails = {
  ...gh,
  repositoryUrl: 'https://gitlab.com/facutuesca/gitlab-oidc-project',
  workflowPath: '.gitlab-ci.yml',
};

describe('signer links', () => {
  it('points GitHub links at the signing commit', () => {
    expect(workflowUrl(gh)).toBe(
      'https://github.com/pypa/sampleproject/blob/621e4974ca25ce531773def586ba3ed8e736b3fc/.github/workflows/release.yml',
    );
    expect(commitUrl(gh)).toBe(
      'https://github.com/pypa/sampleproject/commit/621e4974ca25ce531773def586ba3ed8e736b3fc',
    );
    expect(repositoryName(gh)).toBe('pypa/sampleproject');
    expect(workflowName(gh)).toBe('release.yml');
  });
  it('uses GitLab URL forms', () => {
    expect(workflowUrl(gl)).toBe(
      'https://gitlab.com/facutuesca/gitlab-oidc-project/-/blob/621e4974ca25ce531773def586ba3ed8e736b3fc/.gitlab-ci.yml',
    );
    expect(commitUrl(gl)).toContain('/-/commit/');
  });
  it('gives no link for an unknown forge or a missing commit', () => {
    expect(workflowUrl({ ...gh, repositoryUrl: 'https://example.com/a/b' })).toBeUndefined();
    expect(commitUrl({ ...gh, commit: undefined })).toBeUndefined();
  });
  it('shortens commit digests only', () => {
    expect(shortSha(gh.commit)).toBe('621e497');
    expect(shortSha('refs/tags/v1')).toBe('refs/tags/v1');
  });
  it('builds the pypi-attestations command', () => {
    expect(verifyCommand('sampleproject-4.0.0.tar.gz', gh)).toBe(
      'pypi-attestations verify pypi --repository https://github.com/pypa/sampleproject pypi:sampleproject-4.0.0.tar.gz',
    );
    expect(verifyCommand('x-1.tar.gz', undefined)).toBe(
      'pypi-attestations verify pypi pypi:x-1.tar.gz',
    );
  });
});
