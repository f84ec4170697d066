import { describe, expect, it } from 'vitest';
import { releaseState, type FileState, type ReleaseState } from './result.js';

const files = (...states: FileState[]) => states.map((state) => ({ state }));

describe('releaseState (product.md "Per release")', () => {
  it.each<[FileState[], ReleaseState]>([
    [[], 'none'],
    [['verified', 'verified'], 'verified'],
    [['verified', 'failed'], 'failed'],
    [['unsupported', 'failed'], 'failed'],
    [['verified', 'pending'], 'pending'],
    [['verified', 'none'], 'partial'],
    [['verified', 'unsupported'], 'partial'],
    [['verified', 'none', 'unsupported'], 'partial'],
    // Provenance exists and could not be checked: never "no provenance".
    [['unsupported'], 'unsupported'],
    [['unsupported', 'unsupported'], 'unsupported'],
    [['unsupported', 'none'], 'unsupported'],
    [['none', 'none'], 'none'],
    [['error', 'error'], 'error'],
    [['verified', 'error'], 'error'],
    [['unsupported', 'error'], 'error'],
    [['none', 'error'], 'error'],
  ])('%j → %s', (states, expected) => {
    expect(releaseState(files(...states))).toBe(expected);
  });
});
