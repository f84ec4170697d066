import { describe, expect, it } from 'vitest';
import { withView } from '../background/describe.js';
import type { FileResult } from '../shared/domain-lite.js';
import type { ViewedResult } from '../shared/view-model.js';
import { commonSigner, fileDescription, summaryView } from './labels.js';

const signer = {
  identity: 'x',
  repositoryUrl: 'https://github.com/pypa/sampleproject',
  workflowPath: '.github/workflows/release.yml',
  notBefore: '',
  notAfter: '',
};
// As the background sends them to the content script: with their worded view.
const verified = (filename: string, s = signer): ViewedResult =>
  withView<FileResult>({
    filename,
    state: 'verified',
    publisher: { kind: 'GitHub' },
    attestations: [{ predicateType: 'p', signer: s, tlogEntries: [] }],
  });

describe('summaryView', () => {
  it('names the common signer of a verified release', () => {
    const v = summaryView('verified', [verified('a'), verified('b')]);
    expect(v).toMatchObject({
      title: 'Provenance verified',
      detail: 'pypa/sampleproject · release.yml',
    });
  });
  it('counts verified files of a partial release', () => {
    const v = summaryView('partial', [
      verified('a'),
      { filename: 'b', state: 'none', code: 'NO_PROVENANCE', message: '' },
    ]);
    expect(v.detail).toBe('1 of 2 files verified · pypa/sampleproject · release.yml');
  });
  it('shows the first failure with its reason code', () => {
    const v = summaryView('failed', [
      verified('a'),
      {
        filename: 'b.whl',
        state: 'failed',
        code: 'DIGEST_MISMATCH',
        message: 'expected sha256 1, got 2',
      },
    ]);
    expect(v.title).toBe('Provenance verification FAILED');
    expect(v.detail).toBe('b.whl: DIGEST_MISMATCH — expected sha256 1, got 2');
  });
  it('offers a retry on error only', () => {
    expect(summaryView('error', [], 'the index answered 503')).toMatchObject({
      retry: true,
      detail: 'the index answered 503',
    });
    expect(summaryView('none', []).retry).toBe(false);
  });
  it('shows progress while pending', () => {
    expect(
      summaryView('pending', [verified('a'), { filename: 'b', state: 'pending' }]).detail,
    ).toBe('1 of 2 files');
  });
});

describe('commonSigner', () => {
  it('is undefined when files were signed by different workflows', () => {
    expect(
      commonSigner([
        verified('a'),
        verified('b', { ...signer, workflowPath: '.github/workflows/other.yml' }),
      ]),
    ).toBeUndefined();
  });
});

describe('fileDescription', () => {
  it("uses the background's wording", () => {
    expect(
      fileDescription(
        withView({ filename: 'a', state: 'failed', code: 'PUBLISHER_MISMATCH', message: 'x' }),
      ),
    ).toBe('Provenance verification FAILED (PUBLISHER_MISMATCH): x');
  });
  it('falls back to the state and its reason without it', () => {
    expect(
      fileDescription({
        filename: 'a',
        state: 'error',
        code: 'INTERNAL_ERROR',
        message: 'the extension background did not answer',
      }),
    ).toBe("Couldn't check: the extension background did not answer");
    expect(fileDescription({ filename: 'a', state: 'pending' })).toBe('Checking provenance…');
  });
});
