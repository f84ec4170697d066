import { describe, expect, it } from 'vitest';
import { parseWorkflowUri } from './certificate.js';

describe('parseWorkflowUri (Build Signer / Build Config URI)', () => {
  it.each([
    [
      'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
      'https://github.com/pypa/sampleproject',
      '.github/workflows/release.yml',
      'refs/heads/main',
    ],
    [
      'https://github.com/org/shared/.github/workflows/a@b.yaml@refs/tags/v1',
      'https://github.com/org/shared',
      '.github/workflows/a@b.yaml',
      'refs/tags/v1',
    ],
    [
      'https://gitlab.com/group/sub/proj//ci/release.yml@refs/heads/main',
      'https://gitlab.com/group/sub/proj',
      'ci/release.yml',
      'refs/heads/main',
    ],
  ])('%s', (uri, repositoryUrl, path, ref) => {
    expect(parseWorkflowUri(uri)).toEqual({ repositoryUrl, path, ref });
  });
  it.each([
    undefined,
    '',
    'sa@p.iam.gserviceaccount.com',
    'https://github.com/o/r/.github/workflows/sub/x.yml@main',
    'https://github.com/o/r/.github/workflows/x.txt@main',
    'https://evil.example/o/r/.github/workflows/x.yml@main',
    'https://github.com/o/r/.github/workflows/x.yml',
  ])('%j is not a workflow URI', (uri) => {
    expect(parseWorkflowUri(uri)).toBeUndefined();
  });
});
