import { describe, expect, it } from 'vitest';
import { jsonWalker, type JsonPath, type WalkAction } from './json-walk.js';

const encode = (s: string) => new TextEncoder().encode(s);

/** Splits `bytes` into chunks of the given sizes (cycled), as a network would. */
function chunks(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let k = 0;
  for (let i = 0; i < bytes.length; k++) {
    const n = Math.max(1, sizes[k % sizes.length] as number);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

function walk(
  text: string,
  visit: (path: JsonPath) => WalkAction,
  sizes = [1 << 20],
): { values: [string, unknown][] } {
  const values: [string, unknown][] = [];
  const walker = jsonWalker({
    visit,
    value: (path, value) => void values.push([path.join('.'), value]),
  });
  for (const c of chunks(encode(text), sizes)) if (!walker.push(c)) break;
  walker.end();
  return { values };
}

/** A pseudo-random JSON value with strings that need escapes, nesting and every scalar. */
function randomValue(seed: { n: number }, depth = 0): unknown {
  const r = () => {
    seed.n = (seed.n * 1103515245 + 12345) % 2147483648;
    return seed.n / 2147483648;
  };
  const pick = r();
  if (depth > 3 || pick < 0.3) {
    const scalars = [
      null,
      true,
      false,
      0,
      -12.5e3,
      123456789,
      'plain',
      'quote " and \\ backslash',
      'üñïçødé ✓ \u0001 \n',
      '}{][,:',
      '',
    ];
    return scalars[Math.floor(r() * scalars.length)];
  }
  const n = Math.floor(r() * 5);
  if (pick < 0.6) return Array.from({ length: n }, () => randomValue(seed, depth + 1));
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`k${i}"\\${'é'.repeat(i)}`, randomValue(seed, depth + 1)]),
  );
}

describe('JsonWalker', () => {
  it('hands over exactly the values JSON.parse finds, whatever the chunking', () => {
    for (let s = 1; s < 200; s++) {
      const doc = randomValue({ n: s });
      const text = JSON.stringify(
        { skipped: randomValue({ n: s + 7 }), items: doc, tail: 1 },
        null,
        s % 2 ? 1 : 0,
      );
      const expected = Array.isArray(doc)
        ? doc.map((v, i) => [`items.${i}`, v])
        : doc !== null && typeof doc === 'object'
          ? Object.entries(doc).map(([k, v]) => [`items.${k}`, v])
          : [['items', doc]];
      for (const sizes of [[1], [3, 1, 7], [64], [1 << 20]]) {
        const { values } = walk(
          text,
          (path) =>
            path.length === 0 || (path.length === 1 && path[0] === 'items')
              ? 'descend'
              : path[0] === 'items'
                ? 'parse'
                : 'skip',
          sizes,
        );
        expect(values).toEqual(expected);
      }
    }
  });

  it('finds the end of strings with escaped quotes and backslashes across any chunk boundary', () => {
    const tricky = ['\\', '\\"', '"\\\\', 'a\\\\\\"b', '\\\\\\\\', '\u0022\\'];
    const text = JSON.stringify({ skip: tricky, keep: tricky, after: 'end' });
    for (let size = 1; size <= 9; size++) {
      const { values } = walk(
        text,
        (path) => (path.length === 0 ? 'descend' : path[0] === 'skip' ? 'skip' : 'parse'),
        [size],
      );
      expect(values).toEqual([
        ['keep', tricky],
        ['after', 'end'],
      ]);
    }
  });

  it('parses a whole document, a top-level scalar and a top-level string', () => {
    expect(walk('{"a":[1,{"b":"c"}]}', () => 'parse').values).toEqual([
      ['', { a: [1, { b: 'c' }] }],
    ]);
    expect(walk(' 42 ', () => 'parse', [1]).values).toEqual([['', 42]]);
    expect(walk('-1.5e2', () => 'parse', [2]).values).toEqual([['', -150]]);
    expect(walk('"x\\"y"', () => 'parse', [1]).values).toEqual([['', 'x"y']]);
  });

  it('stops when a handler says so, without reading the rest', () => {
    const values: unknown[] = [];
    const walker = jsonWalker({
      visit: (path) => (path.length < 2 ? 'descend' : 'parse'),
      value: (_path, value) => {
        values.push(value);
        return value === 'stop';
      },
    });
    expect(walker.push(encode('{"info":{"name":"x","version":"stop","rest":'))).toBe(false);
    walker.end();
    expect(values).toEqual(['x', 'stop']);
  });

  it('never holds a skipped value, however long', () => {
    const walker = jsonWalker({
      visit: (path) => (path.length === 0 ? 'descend' : path[0] === 'v' ? 'parse' : 'skip'),
      value: () => undefined,
      maxValueBytes: 100,
    });
    walker.push(encode('{"big":"'));
    for (let i = 0; i < 100; i++) expect(walker.push(encode('x'.repeat(10_000)))).toBe(true);
    walker.push(encode('","v":1}'));
    walker.end();
  });

  it('refuses a parsed value over the limit', () => {
    const walker = jsonWalker({
      visit: (path) => (path.length === 0 ? 'descend' : 'parse'),
      value: () => undefined,
      maxValueBytes: 100,
    });
    expect(() => walker.push(encode(`{"a":"${'x'.repeat(200)}"}`))).toThrow(
      expect.objectContaining({ code: 'RESPONSE_TOO_LARGE' }),
    );
  });

  it.each([
    ['{"a":1', 'ends early'],
    ['{"a":1}}', 'unexpected character'],
    ['{"a" 1}', 'unexpected character'],
    ['{a:1}', 'unexpected character'],
    ['[1,]', 'unexpected character'],
    ['[1,,2]', 'unexpected character'],
    ['{"a":[1}', 'at a'],
    ['[{"a":1]', 'at 0'],
    ['{"a":tru}', 'malformed'],
    ['{"a":"\\x"}', 'malformed'],
    ['', 'ends early'],
  ])('reports malformed JSON %j as BAD_RESPONSE', (text, message) => {
    expect(() => walk(text, (path) => (path.length === 0 ? 'descend' : 'parse'))).toThrow(
      expect.objectContaining({ code: 'BAD_RESPONSE', message: expect.stringContaining(message) }),
    );
  });

  it('rejects invalid UTF-8 in a parsed value', () => {
    const walker = jsonWalker({ visit: () => 'parse', value: () => undefined });
    expect(() => walker.push(new Uint8Array([0x5b, 0x22, 0xff, 0x22, 0x5d]))).toThrow(
      expect.objectContaining({ code: 'BAD_RESPONSE' }),
    );
  });
});
