import { describe, expect, it } from 'vitest';
import { hasControl, inertJson, inertText, shellQuote } from './text.js';

describe('shellQuote', () => {
  it.each([
    ['plain', "'plain'"],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['$(id) `id` ${x} \\ ;|&<>', "'$(id) `id` ${x} \\ ;|&<>'"],
  ])('%j → %s', (value, quoted) => expect(shellQuote(value)).toBe(quoted));
});

describe('inertText', () => {
  it.each([
    ['\u001b[31mred', '\\u001b[31mred'],
    ['a\rb\u0007c\u0000', 'a\\u000db\\u0007c\\u0000'],
    ['line\nbreak\u2028', 'line\\u000abreak\\u2028'],
    ['\u009b31m', '\\u009b31m'],
    ['\u202egnp.exe', '\\u202egnp.exe'],
    ['\u2066\u2069\u200e\u200f\u061c', '\\u2066\\u2069\\u200e\\u200f\\u061c'],
    ['plain ünïcödé → ✓', 'plain ünïcödé → ✓'],
  ])('%j → %s', (value, shown) => {
    expect(inertText(value)).toBe(shown);
    expect(hasControl(inertText(value))).toBe(false);
  });
  it('keeps a JSON document the same value', () => {
    const value = { s: '\u009b\u202e\u2028\u007f\u001b x' };
    const text = inertJson(JSON.stringify(value));
    expect(hasControl(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
  });
});
