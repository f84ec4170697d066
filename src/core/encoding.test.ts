import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64, isStrictBase64, normalizeSha256 } from './encoding.js';

describe('isStrictBase64', () => {
  it.each(['', 'QQ==', 'QUI=', 'QUJD', 'AAAA////', 'QR=='])('accepts %j', (s) => {
    expect(isStrictBase64(s)).toBe(true);
  });
  it.each(['QQ', 'QQ=', 'QU JD', 'QUJD\n', '-_-_', 'QQ==QQ=='])('rejects %j', (s) => {
    expect(isStrictBase64(s)).toBe(false);
  });
  it('round-trips bytes of every length 0..64', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const s = encodeBase64(bytes);
      expect(isStrictBase64(s)).toBe(true);
      expect([...decodeBase64(s)]).toEqual([...bytes]);
    }
  });
});

describe('normalizeSha256', () => {
  it('lowercases a sha256 and rejects anything else', () => {
    expect(normalizeSha256('AB'.repeat(32))).toBe('ab'.repeat(32));
    expect(normalizeSha256('ab'.repeat(31))).toBeUndefined();
    expect(normalizeSha256('zz'.repeat(32))).toBeUndefined();
  });
});
