import { describe, expect, it } from 'vitest';
import { tabIdFromSearch } from './tab-id.js';

describe('tabIdFromSearch', () => {
  it('reads ?tabId=N', () => {
    expect(tabIdFromSearch('?tabId=42')).toBe(42);
    expect(tabIdFromSearch('?x=1&tabId=0')).toBe(0);
  });

  describe('when the parameter is absent or not a tab id', () => {
    it.each([
      '',
      '?',
      '?tabId=',
      '?tabId=-1',
      '?tabId=1.5',
      '?tabId=1e3',
      '?tabId=abc',
      '?tabid=3',
    ])('returns undefined for %j', (search) => {
      expect(tabIdFromSearch(search)).toBeUndefined();
    });

    it('rejects ids beyond the safe integers', () => {
      expect(tabIdFromSearch('?tabId=99999999999999999')).toBeUndefined();
    });
  });
});
