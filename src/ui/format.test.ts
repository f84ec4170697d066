import { describe, expect, it } from 'vitest';
import type { FileState, ReleaseState } from '../shared/domain.js';
import {
  fileStateLabel,
  formatDay,
  formatTime,
  iconSrc,
  indexHost,
  isSettled,
  predicateName,
  progressText,
  projectUrl,
  refLabel,
  releaseStateExplanation,
  releaseStateLabel,
  runnerLabel,
  stateCounts,
} from './format.js';

const files = (...states: FileState[]) => states.map((state) => ({ state }));

describe('releaseStateLabel', () => {
  it.each<[ReleaseState, string]>([
    ['verified', 'Provenance verified'],
    ['failed', 'Verification FAILED'],
    ['partial', 'Partly verified'],
    ['none', 'No provenance'],
    ['error', "Couldn't check"],
    ['pending', 'Checking…'],
  ])('labels %s as %s', (state, label) => {
    expect(releaseStateLabel(state)).toBe(label);
  });

  it('never words error like failed', () => {
    expect(releaseStateLabel('error')).not.toMatch(/fail/i);
    expect(releaseStateExplanation('error')).not.toMatch(/fail/i);
  });
});

describe('fileStateLabel', () => {
  it('gives every file state a distinct label', () => {
    const states: FileState[] = ['verified', 'failed', 'none', 'unsupported', 'error', 'pending'];
    expect(new Set(states.map(fileStateLabel)).size).toBe(states.length);
    expect(fileStateLabel('failed')).toBe('FAILED');
  });
});

describe('iconSrc', () => {
  it('points at the shipped 32 px state icon', () => {
    expect(iconSrc('verified')).toBe('/icons/verified-32.png');
    expect(iconSrc('neutral')).toBe('/icons/neutral-32.png');
  });
});

describe('progressText', () => {
  it('counts every file that is no longer pending', () => {
    expect(progressText(files('verified', 'error', 'pending', 'none'))).toBe(
      '3 of 4 files checked',
    );
  });

  it('uses the singular for one file', () => {
    expect(progressText(files('pending'))).toBe('0 of 1 file checked');
  });
});

describe('isSettled', () => {
  it('is false while any file is pending', () => {
    expect(isSettled(files('verified', 'pending'))).toBe(false);
    expect(isSettled(files('verified', 'error'))).toBe(true);
  });
});

describe('stateCounts', () => {
  describe('when the files share one state', () => {
    it('counts the files only', () => {
      expect(stateCounts(files('verified', 'verified'))).toBe('2 files');
      expect(stateCounts(files('none'))).toBe('1 file');
    });
  });

  describe('when the states differ', () => {
    it('lists failed first, then verified', () => {
      expect(stateCounts(files('verified', 'failed', 'none', 'verified'))).toBe(
        '1 failed · 2 verified · 1 no provenance',
      );
    });
  });
});

describe('predicateName', () => {
  it('names the known predicate types', () => {
    expect(predicateName('https://docs.pypi.org/attestations/publish/v1')).toBe('PyPI publish v1');
    expect(predicateName('https://slsa.dev/provenance/v1')).toBe('SLSA provenance v1');
  });

  it('keeps an unknown predicate type as is', () => {
    expect(predicateName('https://example.com/p/v9')).toBe('https://example.com/p/v9');
  });
});

describe('refLabel', () => {
  it('names tags and branches', () => {
    expect(refLabel('refs/tags/v2024.10.08')).toBe('tag v2024.10.08');
    expect(refLabel('refs/heads/main')).toBe('branch main');
    expect(refLabel('refs/pull/1/merge')).toBe('refs/pull/1/merge');
  });
});

describe('runnerLabel', () => {
  it('names the runner environments', () => {
    expect(runnerLabel('github-hosted')).toBe('GitHub-hosted');
    expect(runnerLabel('self-hosted')).toBe('Self-hosted');
    expect(runnerLabel('something-else')).toBe('something-else');
  });
});

describe('formatTime', () => {
  it('formats an ISO time in UTC', () => {
    expect(formatTime('2024-11-06T22:37:07.000Z')).toBe('2024-11-06 22:37:07 UTC');
  });

  it('keeps an unparsable value', () => {
    expect(formatTime('yesterday')).toBe('yesterday');
  });
});

describe('formatDay', () => {
  it('gives the UTC day', () => {
    expect(formatDay('2025-07-15T12:00:00Z')).toBe('2025-07-15');
  });

  it('says when the date is unknown', () => {
    expect(formatDay(null)).toBe('an unknown date');
  });
});

describe('projectUrl', () => {
  it('links the release on its index', () => {
    expect(projectUrl('https://pypi.org', 'sampleproject', '4.0.0')).toBe(
      'https://pypi.org/project/sampleproject/4.0.0/',
    );
    expect(projectUrl('https://test.pypi.org', 'sampleproject', '')).toBe(
      'https://test.pypi.org/project/sampleproject/',
    );
  });

  it('encodes the parts and refuses other origins', () => {
    expect(projectUrl('https://pypi.org', '../x', '1?a')).toBe(
      'https://pypi.org/project/..%2Fx/1%3Fa/',
    );
    expect(projectUrl('https://evil.com', 'x', '1')).toBeUndefined();
  });
});

describe('indexHost', () => {
  it('gives the host of an index origin', () => {
    expect(indexHost('https://test.pypi.org')).toBe('test.pypi.org');
  });
});
