/**
 * Our Buffer (src/shims/buffer.ts) against Node's own: every static and method the bundled code
 * calls, on hand-picked edge cases and on seeded random inputs, must give the same bytes, the
 * same string, or the same kind of error (class and Node error code) as Node's Buffer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Buffer as Ours } from './buffer.js';

// --- Running the same code on both -------------------------------------------------------------

/** What the code under test calls, loosely typed so that any argument can be passed to either. */
interface AnyBuffer extends Uint8Array<ArrayBuffer> {
  toString(encoding?: unknown, ...rest: unknown[]): string;
  subarray(start?: number, end?: number): AnyBuffer;
  equals(other: unknown): boolean;
  copy(target: unknown): number;
  readBigInt64BE(offset?: unknown): bigint;
  slice(start?: number, end?: number): AnyBuffer;
}
interface AnyBufferClass {
  from(value: unknown, encodingOrOffset?: unknown, length?: unknown): AnyBuffer;
  alloc(size: unknown): AnyBuffer;
  concat(list: unknown): AnyBuffer;
  compare(a: unknown, b: unknown): number;
}

// In vitest the global Buffer is Node's (vite.config.ts aliases `buffer` only in the build).
const NODE = globalThis.Buffer as unknown as AnyBufferClass;
const OURS = Ours as unknown as AnyBufferClass;

type Outcome =
  { bytes: string; buffer: boolean } | { value: unknown } | { error: string; code: unknown };

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function outcome(run: (B: AnyBufferClass) => unknown, B: AnyBufferClass): Outcome {
  try {
    const value = run(B);
    if (value instanceof Uint8Array) {
      return { bytes: hex(value), buffer: value instanceof (B as unknown as typeof Uint8Array) };
    }
    return { value };
  } catch (error) {
    const kind =
      error instanceof TypeError
        ? 'TypeError'
        : error instanceof RangeError
          ? 'RangeError'
          : 'Error';
    return { error: kind, code: (error as { code?: unknown }).code };
  }
}

/** Runs `run` on Node's Buffer and on ours; both must give the same outcome. */
function expectSame(run: (B: AnyBufferClass) => unknown, label = ''): Outcome {
  const node = outcome(run, NODE);
  expect(outcome(run, OURS), label).toEqual(node);
  return node;
}

/** Mulberry32: a small deterministic PRNG so random cases are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTools(seed: number) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  const text = (alphabet: readonly string[], n: number) =>
    Array.from({ length: n }, () => pick(alphabet)).join('');
  return { random, int, pick, bytes, text };
}

const chars = (s: string): string[] => [...s];
const codeUnits = (...codes: number[]): string[] => codes.map((c) => String.fromCharCode(c));

/** Base64 of both alphabets, padding, whitespace, junk, and code units whose low byte is one. */
const BASE64_ALPHABET = [
  ...chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
  ...chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
  ...chars('-_=== \n\r\t.*!"\\'),
  ...codeUnits(0x00, 0x7f, 0x80, 0xc3, 0xff, 0xfffd, 0x141, 0x13d, 0x12b, 0x2f2f, 0xd800, 0xdc00),
];
/** Hex digits of both cases, near misses, and code units whose low byte is a digit. */
const HEX_ALPHABET = [
  ...chars('0123456789abcdefABCDEF0123456789abcdef'),
  ...chars('gG :/@`x'),
  ...codeUnits(0x130, 0x161, 0x146, 0xe0, 0xff, 0x3030, 0xd834),
];
/** Any code unit: ASCII, Latin-1, BMP, lone and paired surrogates. */
function anyText(tools: ReturnType<typeof randomTools>, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = tools.random();
    if (r < 0.4) s += String.fromCharCode(tools.int(0x80));
    else if (r < 0.6) s += String.fromCharCode(0x80 + tools.int(0x80));
    else if (r < 0.8) s += String.fromCharCode(tools.int(0x10000));
    else if (r < 0.9) s += String.fromCodePoint(0x10000 + tools.int(0x100000));
    else s += String.fromCharCode(0xd800 + tools.int(0x800));
  }
  return s;
}

const ENCODINGS = ['utf8', 'utf-8', 'ascii', 'latin1', 'hex', 'base64'] as const;

// --- The API -----------------------------------------------------------------------------------

describe('the API', () => {
  it('has exactly the statics and methods the bundled code calls (src/shims/buffer.ts)', () => {
    const own = (o: object) =>
      Object.getOwnPropertyNames(o)
        .filter((k) => typeof Object.getOwnPropertyDescriptor(o, k)?.value === 'function')
        .sort();
    expect(own(Ours)).toEqual(['alloc', 'compare', 'concat', 'from']);
    expect(own(Ours.prototype)).toEqual([
      'constructor',
      'copy',
      'equals',
      'readBigInt64BE',
      'slice',
      'toString',
    ]);
  });

  it('covers every Buffer static that sigstore-js and protobuf-specs name', () => {
    const root = fileURLToPath(new URL('../../node_modules/@sigstore/', import.meta.url));
    const statics = new Set<string>();
    const scan = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (entry.name.endsWith('.js')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/\bBuffer\.(\w+)/g)) {
            statics.add(m[1] as string);
          }
        }
      }
    };
    for (const pkg of ['core', 'verify', 'bundle', 'protobuf-specs']) scan(join(root, pkg, 'dist'));
    expect(statics.size).toBeGreaterThan(0);
    for (const name of statics) expect(Object.hasOwn(Ours, name), name).toBe(true);
  });
});

// --- Buffer.from ------------------------------------------------------------------------------

describe('Buffer.from', () => {
  describe('when decoding base64', () => {
    it.each([
      '',
      'QUJD',
      'QUJDRA',
      'QUJDRA==',
      'QUJDRA=',
      'QUJDREU',
      'QUJDREU=',
      'Q',
      'QQ',
      'QR',
      'QUI',
      'QUJ=',
      'AA==AAAA',
      'AAAA====AAAA',
      'A=BC',
      'AB=C',
      '=',
      '==',
      'QUJD=',
      '_-_-',
      '+/+/',
      '-_+/',
      ' Q U\nJ\tD\r ',
      'QU.JD',
      'QU\u0000JD',
      '\u0141UJD',
      'QUJD\u0141',
      'QU\u013dJD',
      'QUJDRA\u013d\u013d',
      'QU\u00e9JD',
      'QU\ufffdJD',
      '////',
      'ZZZZ',
      'Zm9vYmFy',
      'Zm9vYmE',
      'Zm9vYg',
      'Zm9vYh',
      'Zm9vYmF9',
    ])('decodes %j as Node does', (text) => {
      expectSame((B) => B.from(text, 'base64'));
      expectSame((B) => B.from(text, 'BASE64'));
    });

    it('decodes seeded random text of base64, padding, whitespace and junk as Node does', () => {
      const tools = randomTools(0xb64);
      for (let i = 0; i < 3000; i++) {
        const text = tools.text(BASE64_ALPHABET, tools.int(i < 2000 ? 24 : 300));
        expectSame((B) => B.from(text, 'base64'), JSON.stringify(text));
      }
    });

    it('decodes long inputs (Node decodes those off its pool) as Node does', () => {
      const tools = randomTools(0x10ad);
      for (const n of [4095, 4096, 5461, 8192, 20000, 100001]) {
        const clean = NODE.from(tools.bytes(n)).toString('base64');
        expectSame((B) => B.from(clean, 'base64'));
        const noisy = clean.replace(/(.{76})/g, '$1\n');
        expectSame((B) => B.from(noisy, 'base64'));
        expectSame((B) => B.from(`${clean.slice(0, n)}=${clean.slice(n)}`, 'base64'));
      }
    });
  });

  describe('when decoding hex', () => {
    it.each([
      '',
      '0',
      '00',
      'ab',
      'AB',
      'aB',
      'abc',
      'abcd',
      'zz12',
      '12zz34',
      '1g',
      ' 1',
      '1 ',
      'ab cd',
      '0x12',
      '\u0130\u0130',
      'a\u0130',
      '\u0161\u0162',
      '\u00e0\u00e1',
      'ffFF00',
    ])('decodes %j as Node does', (text) => {
      expectSame((B) => B.from(text, 'hex'));
      expectSame((B) => B.from(text, 'Hex'));
    });

    it('decodes seeded random text of digits and near misses as Node does', () => {
      const tools = randomTools(0x4e8);
      for (let i = 0; i < 3000; i++) {
        const text = tools.text(HEX_ALPHABET, tools.int(i < 2000 ? 16 : 200));
        expectSame((B) => B.from(text, 'hex'), JSON.stringify(text));
      }
    });
  });

  describe('when encoding text as utf8, ascii or latin1', () => {
    it.each([
      '',
      'abc',
      '\u00e9',
      '\u20ac',
      '\ud83d\ude00',
      '\ud800',
      '\udc00x',
      'x\ud800',
      '\udc00\ud800',
      '\ufeffBOM',
      '\u0000',
      '\uffff',
    ])('encodes %j as Node does', (text) => {
      for (const encoding of ['utf8', 'utf-8', 'UTF8', 'Utf-8', 'ascii', 'ASCII', 'latin1']) {
        expectSame((B) => B.from(text, encoding), encoding);
      }
      expectSame((B) => B.from(text));
    });

    it('encodes seeded random text of any code units as Node does', () => {
      const tools = randomTools(0x7e7);
      for (let i = 0; i < 2000; i++) {
        const text = anyText(tools, tools.int(40));
        const encoding = tools.pick(['utf8', 'utf-8', 'ascii', 'latin1', undefined]);
        expectSame((B) => B.from(text, encoding), JSON.stringify([text, encoding]));
      }
    });
  });

  describe('when the encoding argument is unusual', () => {
    it.each([
      undefined,
      null,
      '',
      0,
      1,
      false,
      true,
      {},
      ['hex'],
      'utf16le',
      'ucs2',
      'binary',
      'base64url',
      'bogus',
      'HEX ',
      'constructor',
      '__proto__',
    ])('treats %j as Node does (or throws where Node knows an encoding we omit)', (encoding) => {
      const omitted = ['utf16le', 'ucs2', 'binary', 'base64url'];
      for (const text of ['', 'QUJD', '\u20ac']) {
        if (omitted.includes(encoding as string)) {
          expect(outcome((B) => B.from(text, encoding), OURS)).toEqual({
            error: 'TypeError',
            code: 'ERR_UNKNOWN_ENCODING',
          });
        } else {
          expectSame((B) => B.from(text, encoding));
        }
      }
    });

    it('throws as Node does for a Symbol encoding', () => {
      expectSame((B) => B.from('x', Symbol('hex')));
    });
  });

  describe('when given bytes, arrays or array-likes', () => {
    it.each<[string, () => unknown]>([
      ['a Buffer', () => Uint8Array.of(1, 2, 3)],
      ['an empty Uint8Array', () => new Uint8Array(0)],
      ['a Uint8Array view', () => new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4)],
      ['a Uint16Array (values modulo 256)', () => Uint16Array.of(0x1234, 0xffff)],
      ['an Int8Array', () => Int8Array.of(-1, -128, 127)],
      ['a Float64Array', () => Float64Array.of(1.9, -1.2, 300, NaN, Infinity)],
      ['a BigInt64Array', () => BigInt64Array.of(1n)],
      ['a DataView (no length: empty)', () => new DataView(new ArrayBuffer(4))],
      ['an array of bytes', () => [0, 1, 255]],
      ['an array out of range', () => [256, -1, 1.5, 1e10, -0.5]],
      ['an array of other values', () => ['12', 'x', null, undefined, true, {}, [7]]],
      ['an empty array', () => []],
      ['a sparse array', () => [1, , 3]], // eslint-disable-line no-sparse-arrays
      ['an array-like', () => ({ length: 3, 0: 1, 2: 3 })],
      ['a fractional length', () => ({ length: 2.5, 0: 1, 1: 2, 2: 3 })],
      ['a negative length', () => ({ length: -1 })],
      ['a NaN length', () => ({ length: NaN })],
      ['a string length', () => ({ length: '2', 0: 1 })],
      ['a null length', () => ({ length: null })],
      ['an infinite length', () => ({ length: Infinity })],
      ['an object with an ArrayBuffer `buffer`', () => ({ buffer: new ArrayBuffer(2) })],
      ['a serialized Buffer', () => ({ type: 'Buffer', data: [1, 2, 300] })],
      ['a serialized Buffer with bad data', () => ({ type: 'Buffer', data: 'AQI=' })],
      ['a boxed string', () => new String('QUJD')],
      ['a valueOf giving a string', () => ({ valueOf: () => 'QUJD' })],
      ['a valueOf giving an array', () => ({ valueOf: () => [1, 2] })],
      ['a valueOf giving a number', () => ({ valueOf: () => 5 })],
      ['a valueOf that is an empty string', () => ({ valueOf: '' })],
      ['a toPrimitive', () => ({ [Symbol.toPrimitive]: () => 'QUJD' })],
      ['a toPrimitive giving a number', () => ({ [Symbol.toPrimitive]: () => 1 })],
      ['a plain object', () => ({})],
      ['a Date', () => new Date(0)],
      ['null', () => null],
      ['undefined', () => undefined],
      ['a number', () => 5],
      ['a boolean', () => true],
      ['a bigint', () => 5n],
      ['a symbol', () => Symbol('x')],
      ['a function', () => () => 1],
    ])('copies or refuses %s as Node does', (_label, make) => {
      for (const encoding of [undefined, 'base64', 'hex']) {
        expectSame((B) => B.from(make(), encoding), String(encoding));
      }
    });

    it('copies: the result does not share memory with the input', () => {
      for (const B of [NODE, OURS]) {
        const source = new Uint8Array([1, 2, 3]);
        const copy = B.from(source);
        source[0] = 9;
        expect(copy[0]).toBe(1);
        const buffer = B.from([4, 5]);
        const second = B.from(buffer);
        buffer[0] = 9;
        expect(second[0]).toBe(4);
      }
    });

    it('converts seeded random JSON values as Node does', () => {
      const tools = randomTools(0x150);
      const value = (depth: number): unknown => {
        switch (tools.int(depth > 2 ? 5 : 8)) {
          case 0:
            return tools.pick([null, true, false, 0, -1, 1.5, 256, 1e300]);
          case 1:
            return tools.text(BASE64_ALPHABET, tools.int(12));
          case 2:
            return tools.text(HEX_ALPHABET, tools.int(12));
          case 3:
            return anyText(tools, tools.int(6));
          case 4:
            return Array.from({ length: tools.int(5) }, () => tools.int(600) - 100);
          case 5:
            return Array.from({ length: tools.int(4) }, () => value(depth + 1));
          case 6:
            return tools.pick([
              { length: tools.int(4) - 1 },
              { type: 'Buffer', data: [tools.int(300)] },
              { type: 'Buffer' },
            ]);
          default:
            return { a: value(depth + 1) };
        }
      };
      for (let i = 0; i < 1500; i++) {
        const json = JSON.parse(JSON.stringify(value(0))) as unknown;
        const encoding = tools.pick(['base64', 'hex', 'utf8', undefined]);
        expectSame((B) => B.from(json, encoding), JSON.stringify([json, encoding]));
      }
    });
  });

  describe('when given an ArrayBuffer', () => {
    it.each<[unknown, unknown]>([
      [undefined, undefined],
      [0, undefined],
      [2, undefined],
      [8, undefined],
      [9, undefined],
      [2, 3],
      [2, 6],
      [2, 7],
      [0, 0],
      [0, -1],
      [1.5, 2.5],
      [NaN, NaN],
      ['2', '3'],
      [null, null],
      [-1, undefined],
      [-1, 2],
      [Infinity, undefined],
      [0, Infinity],
    ])('views it at offset %j, length %j as Node does', (offset, length) => {
      expectSame((B) => B.from(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer, offset, length));
    });

    it('returns a view: writes through it show in the ArrayBuffer, and back', () => {
      for (const B of [NODE, OURS]) {
        const backing = new Uint8Array([0, 1, 2, 3]);
        const view = B.from(backing.buffer, 1, 2);
        view[0] = 9;
        backing[2] = 8;
        expect([...backing]).toEqual([0, 9, 8, 3]);
        expect([...view]).toEqual([9, 8]);
      }
    });
  });
});

// --- The other statics --------------------------------------------------------------------------

describe('Buffer.alloc', () => {
  it.each([0, 1, 5, 2.5, 1024, -1, -0.5, NaN, Infinity, 2 ** 32 + 1, '5', null, undefined, 5n])(
    'allocates zeros for size %s, or refuses it, as Node does',
    (size) => {
      expectSame((B) => B.alloc(size));
    },
  );
});

describe('Buffer.concat', () => {
  it.each<[string, () => unknown]>([
    ['an empty list', () => []],
    ['one Buffer', () => [Uint8Array.of(1, 2)]],
    ['several, some empty', () => [Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)]],
    ['views', () => [new Uint8Array([1, 2, 3, 4]).subarray(1, 3), Uint8Array.of(5)]],
    ['a Uint16Array in the list', () => [Uint8Array.of(1), Uint16Array.of(1)]],
    ['an array in the list', () => [Uint8Array.of(1), [2]]],
    ['a string in the list', () => [Uint8Array.of(1), 'ab']],
    ['null in the list', () => [null]],
    ['not a list', () => Uint8Array.of(1)],
    ['a string', () => 'ab'],
  ])('concatenates %s, or refuses it, as Node does', (_label, make) => {
    expectSame((B) => B.concat(make()));
    expectSame((B) =>
      B.concat(
        Array.isArray(make())
          ? (make() as unknown[]).map((x) => (x instanceof Uint8Array ? B.from(x) : x))
          : make(),
      ),
    );
  });

  it('concatenates seeded random lists as Node does (DSSE pre-authentication encoding)', () => {
    const tools = randomTools(0xc0c);
    for (let i = 0; i < 300; i++) {
      const list = Array.from({ length: tools.int(6) }, () => tools.bytes(tools.int(40)));
      expectSame((B) => B.concat(list.map((x) => (tools.random() < 0.5 ? B.from(x) : x))));
    }
  });
});

describe('Buffer.compare', () => {
  const same = Uint8Array.of(1, 2, 3);
  it.each<[string, unknown, unknown]>([
    ['equal bytes', Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3)],
    ['the same object', same, same],
    ['a prefix', Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3)],
    ['a longer one', Uint8Array.of(1, 2, 3, 0), Uint8Array.of(1, 2, 3)],
    ['a smaller byte', Uint8Array.of(1, 2, 2), Uint8Array.of(1, 2, 3)],
    ['a larger byte first', Uint8Array.of(2), Uint8Array.of(1, 255)],
    ['empties', new Uint8Array(0), new Uint8Array(0)],
    ['an array', Uint8Array.of(1), [1]],
    ['a Uint16Array', Uint16Array.of(1), Uint8Array.of(1)],
    ['a string', 'a', Uint8Array.of(97)],
    ['null', null, Uint8Array.of(1)],
  ])('compares %s as Node does', (_label, a, b) => {
    expectSame((B) => B.compare(a, b));
  });

  it('orders seeded random byte strings as Node does', () => {
    const tools = randomTools(0xc3);
    for (let i = 0; i < 1000; i++) {
      const a = tools.bytes(tools.int(6));
      const b =
        tools.random() < 0.3 ? a.slice(0, tools.int(a.length + 1)) : tools.bytes(tools.int(6));
      expectSame((B) => B.compare(B.from(a), B.from(b)));
      expectSame((B) => B.compare(a, b));
    }
  });
});

// --- Methods ------------------------------------------------------------------------------------

describe('toString', () => {
  it.each([
    [[]],
    [[0x41, 0x42]],
    [[0xef, 0xbb, 0xbf, 0x41]],
    [[0xfe, 0xff, 0x00]],
    [[0xc3]],
    [[0xc3, 0xa9]],
    [[0xed, 0xa0, 0x80]],
    [[0xf0, 0x9f, 0x98, 0x80]],
    [[0xf0, 0x9f, 0x98]],
    [[0xf4, 0x90, 0x80, 0x80]],
    [[0xc0, 0x80]],
    [[0x80, 0xbf, 0xff, 0xe9, 0x7f, 0x00]],
  ])('renders %j in every encoding as Node does', (bytes) => {
    for (const encoding of [...ENCODINGS, 'HEX', 'Base64', 'LATIN1', 'uTf-8']) {
      expectSame((B) => B.from(bytes).toString(encoding), encoding);
    }
    expectSame((B) => B.from(bytes).toString());
    expectSame((B) => B.from(bytes).toString(undefined));
    expectSame((B) => `${B.from(bytes) as unknown as string}`);
  });

  it('renders seeded random bytes in every encoding as Node does', () => {
    const tools = randomTools(0x2575);
    for (let i = 0; i < 2000; i++) {
      const bytes =
        tools.random() < 0.5
          ? tools.bytes(tools.int(40))
          : // Mostly valid UTF-8 with some damage, to reach the decoder's subtle cases.
            NODE.from(anyText(tools, tools.int(12))).map((b) =>
              tools.random() < 0.05 ? tools.int(256) : b,
            );
      const encoding = tools.pick(ENCODINGS);
      expectSame((B) => B.from(bytes).toString(encoding), `${encoding} ${hex(bytes)}`);
    }
  });

  it('renders long buffers as Node does', () => {
    const tools = randomTools(0x1009);
    const bytes = tools.bytes(100_003);
    for (const encoding of ENCODINGS) expectSame((B) => B.from(bytes).toString(encoding));
  });

  it('renders views (not their whole backing memory) as Node does', () => {
    const backing = Uint8Array.of(0x41, 0x42, 0x43, 0x44, 0x45);
    for (const encoding of ENCODINGS) {
      expectSame((B) => B.from(backing.buffer, 1, 3).toString(encoding));
      expectSame((B) => B.from(backing).subarray(2).toString(encoding));
    }
  });

  it.each(['bogus', 'utf16le', 'ucs2', 'binary', 'base64url', null, 0, '', {}])(
    'refuses the encoding %j like Node (or where Node knows one we omit), except on empty Buffers',
    (encoding) => {
      const omitted = ['utf16le', 'ucs2', 'binary', 'base64url'].includes(encoding as string);
      if (!omitted) expectSame((B) => B.from([1]).toString(encoding));
      expect(outcome((B) => B.from([1]).toString(encoding), OURS)).toEqual({
        error: 'TypeError',
        code: 'ERR_UNKNOWN_ENCODING',
      });
      expectSame((B) => B.alloc(0).toString(encoding));
    },
  );

  it('refuses a Symbol encoding like Node', () => {
    expectSame((B) => B.from([1]).toString(Symbol('hex')));
  });

  it('refuses start and end, which Node accepts and nothing here passes', () => {
    expect(() => (Ours.from([1, 2]) as unknown as AnyBuffer).toString('hex', 1)).toThrow(TypeError);
  });

  it('round-trips seeded random bytes through hex and base64 and back', () => {
    const tools = randomTools(0x7272);
    for (let i = 0; i < 500; i++) {
      const bytes = tools.bytes(tools.int(70));
      for (const encoding of ['hex', 'base64', 'latin1'] as const) {
        const text = Ours.from(bytes).toString(encoding);
        expect(hex(Ours.from(text, encoding))).toBe(hex(bytes));
      }
    }
  });
});

describe('equals', () => {
  const one = Uint8Array.of(1, 2, 3);
  it.each<[string, unknown, unknown]>([
    ['equal bytes', [1, 2, 3], Uint8Array.of(1, 2, 3)],
    ['different bytes', [1, 2, 3], Uint8Array.of(1, 2, 4)],
    ['a prefix', [1, 2, 3], Uint8Array.of(1, 2)],
    ['empties', [], new Uint8Array(0)],
    ['a view', [2, 3], one.subarray(1)],
    ['an array', [1], [1]],
    ['a Uint16Array', [1, 0], Uint16Array.of(1)],
    ['a string', [97], 'a'],
    ['undefined (a missing key identifier)', [1], undefined],
    ['null', [1], null],
  ])('compares %s as Node does', (_label, bytes, other) => {
    expectSame((B) => B.from(bytes).equals(other));
    if (other instanceof Uint8Array) expectSame((B) => B.from(bytes).equals(B.from(other)));
  });

  it('is true for the same Buffer', () => {
    const buffer = Ours.from([1]);
    expect(buffer.equals(buffer)).toBe(true);
  });

  it('agrees with Node on seeded random pairs', () => {
    const tools = randomTools(0xe9);
    for (let i = 0; i < 1000; i++) {
      const a = tools.bytes(tools.int(4));
      const b = tools.random() < 0.5 ? Uint8Array.from(a) : tools.bytes(tools.int(4));
      expectSame((B) => B.from(a).equals(B.from(b)));
    }
  });
});

describe('copy', () => {
  it.each<[string, number[], () => unknown]>([
    ['into a same-sized target', [1, 2, 3], () => new Uint8Array(3)],
    ['into a larger target', [1, 2, 3], () => new Uint8Array(5).fill(7)],
    ['into a smaller target', [1, 2, 3], () => new Uint8Array(2)],
    ['into an empty target', [1, 2, 3], () => new Uint8Array(0)],
    ['from an empty Buffer', [], () => new Uint8Array(2).fill(7)],
    ['into a Uint16Array', [1], () => new Uint16Array(2)],
    ['into an array', [1], () => [0]],
    ['into nothing', [1], () => undefined],
  ])('copies %s as Node does (count returned, target written)', (_label, bytes, make) => {
    expectSame((B) => {
      const target = make();
      const n = B.from(bytes).copy(target);
      return `${n} ${target instanceof Uint8Array ? hex(target) : ''}`;
    });
  });

  it('copies correctly into its own memory (overlap), as Node does', () => {
    expectSame((B) => {
      const buffer = B.from([1, 2, 3, 4, 5]);
      buffer.copy(buffer.subarray(1));
      return hex(buffer);
    });
    expectSame((B) => {
      const buffer = B.from([1, 2, 3, 4, 5]);
      buffer.subarray(1).copy(buffer);
      return hex(buffer);
    });
  });

  it('refuses offsets, which Node accepts and nothing here passes', () => {
    const copy = Ours.prototype.copy as (this: unknown, ...args: unknown[]) => number;
    expect(() => copy.call(Ours.from([1]), new Uint8Array(1), 0)).toThrow(TypeError);
  });
});

describe('readBigInt64BE', () => {
  it.each<[number[], unknown]>([
    [[0, 0, 0, 0, 0, 0, 0, 1], undefined],
    [[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], undefined],
    [[0x80, 0, 0, 0, 0, 0, 0, 0], undefined],
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], undefined],
    [[0, 0, 1, 0x93, 0x9e, 0x2a, 0x64, 0x12], undefined],
    [[9, 0, 0, 1, 0x93, 0x9e, 0x2a, 0x64, 0x12], 1],
    [[9, 0, 0, 1, 0x93, 0x9e, 0x2a, 0x64, 0x12], 0],
    [[9, 0, 0, 1, 0x93, 0x9e, 0x2a, 0x64, 0x12], 2],
    [[1, 2, 3, 4, 5, 6, 7], undefined],
    [[], undefined],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], -1],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], 0.5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], NaN],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], Infinity],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], -0],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], '0'],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9], null],
    [[1, 2, 3], 1.5],
  ])('reads %j at %j as Node does', (bytes, offset) => {
    expectSame((B) => B.from(bytes).readBigInt64BE(offset));
  });

  it('reads seeded random SCT timestamps as Node does', () => {
    const tools = randomTools(0x5c7);
    for (let i = 0; i < 500; i++) {
      const bytes = tools.bytes(8 + tools.int(3));
      expectSame((B) =>
        B.from(bytes)
          .subarray(bytes.length - 8)
          .readBigInt64BE(),
      );
    }
  });
});

describe('slice and subarray', () => {
  it.each<[unknown, unknown]>([
    [undefined, undefined],
    [1, undefined],
    [1, 3],
    [-2, undefined],
    [-10, 2],
    [3, 1],
    [10, 20],
    [1.7, 3.2],
    [NaN, NaN],
    ['1', '3'],
    [null, null],
    [0, -1],
    [-Infinity, Infinity],
  ])('slice(%j, %j) gives the bytes Node gives, as a view', (from, to) => {
    // Any value, as JavaScript callers may pass.
    const [start, end] = [from, to] as number[];
    expectSame((B) => B.from([0, 1, 2, 3, 4]).slice(start, end));
    for (const B of [NODE, OURS]) {
      const buffer = B.from([0, 1, 2, 3, 4]);
      const part = buffer.slice(start, end);
      expect(part.buffer).toBe(buffer.buffer);
    }
  });

  it('subarray returns a Buffer, with Buffer methods, as in Node', () => {
    expectSame((B) => B.from([0, 1, 2, 3]).subarray(1, 3));
    expectSame((B) => (B.from([0, 1, 2, 3]).subarray(1, 3) as AnyBuffer).toString('hex'));
  });
});
