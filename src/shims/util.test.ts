/**
 * The util shim against Node's own util.isDeepStrictEqual, on the shapes sigstore compares (plain
 * objects of strings, Buffers and Dates) and on the edge cases of strict equality.
 */
import { createRequire } from 'node:module';
import type * as NodeUtil from 'node:util';
import { describe, expect, it } from 'vitest';
// Our Buffer (what the service worker uses), not Node's.
import { Buffer as WorkerBuffer } from './buffer.js';
import util, { isDeepStrictEqual, TextDecoder, TextEncoder } from './util.js';

// vite.config.ts aliases `util` and `node:util` to the shim, in vitest too; require() is not
// aliased, so this is Node's own.
const nodeUtil = createRequire(import.meta.url)('node:util') as typeof NodeUtil;

function expectAgreement(a: unknown, b: unknown, expected: boolean): void {
  expect(nodeUtil.isDeepStrictEqual(a, b)).toBe(expected);
  expect(isDeepStrictEqual(a, b)).toBe(expected);
  expect(isDeepStrictEqual(b, a)).toBe(expected);
}

type Case = [string, unknown, unknown, boolean];

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}
class OtherPoint {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

const sym = Symbol('s');
const date = new Date('2024-12-04T23:14:01Z');

describe('isDeepStrictEqual', () => {
  describe('when comparing primitives', () => {
    it.each<Case>([
      ['equal numbers', 1, 1, true],
      ['different numbers', 1, 2, false],
      ['NaN and NaN', NaN, NaN, true],
      ['0 and -0', 0, -0, false],
      ['equal strings', 'a', 'a', true],
      ['a string and a number', '1', 1, false],
      ['null and undefined', null, undefined, false],
      ['null and null', null, null, true],
      ['true and 1', true, 1, false],
      ['equal bigints', 10n, 10n, true],
      ['a bigint and a number', 1n, 1, false],
      ['the same symbol', sym, sym, true],
      ['different symbols', Symbol('s'), Symbol('s'), false],
      ['a primitive and an object', 1, {}, false],
      ['null and an object', null, {}, false],
    ])('agrees with Node for %s', (_, a, b, expected) => expectAgreement(a, b, expected));
  });

  describe('when comparing bytes', () => {
    it.each<Case>([
      ['equal Buffers', Buffer.from('abc'), Buffer.from('abc'), true],
      ['Buffers differing in one byte', Buffer.from('abc'), Buffer.from('abd'), false],
      ['Buffers of different lengths', Buffer.from('ab'), Buffer.from('abc'), false],
      ['empty Buffers', Buffer.alloc(0), Buffer.alloc(0), true],
      [
        'a Buffer and a Uint8Array with the same bytes',
        Buffer.from([1]),
        new Uint8Array([1]),
        false,
      ],
      ['equal Uint8Arrays', new Uint8Array([1, 2]), new Uint8Array([1, 2]), true],
      ['a view and a copy', Buffer.from('xabcx').subarray(1, 4), Buffer.from('abc'), true],
      ['Uint8Array and Uint16Array', new Uint8Array([1, 0]), new Uint16Array([1]), false],
      ['Float64Arrays with NaN', new Float64Array([NaN]), new Float64Array([NaN]), true],
      ['Float64Arrays with 0 and -0', new Float64Array([0]), new Float64Array([-0]), false],
      ['equal ArrayBuffers', new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2]).buffer, true],
      [
        'different ArrayBuffers',
        new Uint8Array([1, 2]).buffer,
        new Uint8Array([1, 3]).buffer,
        false,
      ],
      ['a Buffer and an array', Buffer.from([1]), [1], false],
    ])('agrees with Node for %s', (_, a, b, expected) => expectAgreement(a, b, expected));

    it('compares our Buffers (the worker’s) by bytes', () => {
      expect(WorkerBuffer).not.toBe(Buffer);
      expect(isDeepStrictEqual(WorkerBuffer.from('ab'), WorkerBuffer.from('ab'))).toBe(true);
      expect(isDeepStrictEqual(WorkerBuffer.from('ab'), WorkerBuffer.from('ac'))).toBe(false);
      // Different prototypes, as Node would also say.
      expectAgreement(WorkerBuffer.from('ab'), Buffer.from('ab'), false);
    });
  });

  describe('when comparing Dates', () => {
    it.each<Case>([
      ['equal times', date, new Date(date.getTime()), true],
      ['different times', date, new Date(date.getTime() + 1), false],
      ['a Date and its number', date, date.getTime(), false],
      ['a Date and an object', date, {}, false],
    ])('agrees with Node for %s', (_, a, b, expected) => expectAgreement(a, b, expected));

    it('finds two invalid dates equal (Object.is on the time)', () => {
      // Node 20 compares getTime() with !==, so NaN times differ there. Treating them as equal
      // errs on the safe side for sigstore's duplicate check (duplicates are rejected).
      expect(isDeepStrictEqual(new Date(NaN), new Date(NaN))).toBe(true);
      expect(isDeepStrictEqual(new Date(NaN), date)).toBe(false);
    });
  });

  describe('when comparing arrays', () => {
    const withExtra = Object.assign([1, 2], { extra: true });
    it.each<Case>([
      ['equal arrays', [1, 'a', null], [1, 'a', null], true],
      ['different order', [1, 2], [2, 1], false],
      ['different lengths', [1, 2], [1, 2, 3], false],
      ['a hole and undefined', [1, , 3], [1, undefined, 3], false], // eslint-disable-line no-sparse-arrays
      ['nested arrays', [[1, [2]], [3]], [[1, [2]], [3]], true],
      ['nested difference', [[1, [2]], [3]], [[1, [4]], [3]], false],
      ['an extra property', withExtra, [1, 2], false],
      ['an array and an array-like object', [1], { 0: 1, length: 1 }, false],
      ['empty arrays', [], [], true],
    ])('agrees with Node for %s', (_, a, b, expected) => expectAgreement(a, b, expected));
  });

  describe('when comparing objects', () => {
    const hidden = (value: number) =>
      Object.defineProperty({ a: 1 }, 'h', { value, enumerable: false });
    it.each<Case>([
      ['equal objects in another key order', { a: 1, b: 'x' }, { b: 'x', a: 1 }, true],
      ['a missing key', { a: 1, b: 2 }, { a: 1 }, false],
      ['undefined and a missing key', { a: undefined }, {}, false],
      ['different keys, same count', { a: 1 }, { b: 1 }, false],
      ['a null prototype', Object.create(null) as object, {}, false],
      [
        'two null prototypes',
        Object.assign(Object.create(null) as object, { a: 1 }),
        Object.assign(Object.create(null) as object, { a: 1 }),
        true,
      ],
      ['same-class instances', new Point(1, 2), new Point(1, 2), true],
      ['same-class instances that differ', new Point(1, 2), new Point(1, 3), false],
      ['different classes', new Point(1, 2), new OtherPoint(1, 2), false],
      ['a class instance and a plain object', new Point(1, 2), { x: 1, y: 2 }, false],
      ['equal symbol keys', { [sym]: 1 }, { [sym]: 1 }, true],
      ['different symbol values', { [sym]: 1 }, { [sym]: 2 }, false],
      ['non-enumerable properties (ignored)', hidden(1), hidden(2), true],
      ['an object and an array', {}, [], false],
      ['the same function', isDeepStrictEqual, isDeepStrictEqual, true],
      ['different functions', () => 1, () => 1, false],
      ['the same object', util, util, true],
    ])('agrees with Node for %s', (_, a, b, expected) => expectAgreement(a, b, expected));

    it('terminates on cycles and agrees with Node', () => {
      const a: Record<string, unknown> = { n: 1 };
      a.self = a;
      const b: Record<string, unknown> = { n: 1 };
      b.self = b;
      expectAgreement(a, b, true);
      const c: Record<string, unknown> = { n: 2 };
      c.self = c;
      expectAgreement(a, c, false);
    });
  });

  describe('when comparing the values sigstore checks for duplicates', () => {
    const logID = () => Buffer.from('wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=', 'base64');
    const tlogTimestamp = (seconds: number) => ({
      type: 'transparency-log',
      logID: logID(),
      timestamp: new Date(seconds * 1000),
    });
    const entryID = (body: string) => ({ logID: logID(), body: Buffer.from(body) });

    it('finds copies of a timestamp or tlog entry equal, and different ones not', () => {
      expectAgreement(tlogTimestamp(1733354041), tlogTimestamp(1733354041), true);
      expectAgreement(tlogTimestamp(1733354041), tlogTimestamp(1733354042), false);
      expectAgreement(entryID('{"kind":"dsse"}'), entryID('{"kind":"dsse"}'), true);
      expectAgreement(entryID('{"kind":"dsse"}'), entryID('{"kind":"dsse "}'), false);
      expectAgreement(
        { type: 'timestamp-authority', logID: logID(), timestamp: new Date(0) },
        { type: 'transparency-log', logID: logID(), timestamp: new Date(0) },
        false,
      );
    });

    it('does the same with our Buffers, as in the service worker', () => {
      const id = () => WorkerBuffer.from([1, 2, 3]);
      expect(isDeepStrictEqual({ logID: id(), body: id() }, { logID: id(), body: id() })).toBe(
        true,
      );
      expect(
        isDeepStrictEqual(
          { logID: id(), body: id() },
          { logID: id(), body: WorkerBuffer.from([1, 2]) },
        ),
      ).toBe(false);
    });
  });

  describe('when comparing kinds sigstore never compares (Map, Set, RegExp, Error)', () => {
    it('treats them as equal only when identical, unlike Node (documented limitation)', () => {
      const map = new Map([[1, 2]]);
      expect(isDeepStrictEqual(map, map)).toBe(true);
      for (const [a, b] of [
        [new Map([[1, 2]]), new Map([[1, 2]])],
        [new Set([1]), new Set([1])],
        [/a/g, /a/g],
        [new Error('x'), new Error('x')],
      ] as const) {
        expect(nodeUtil.isDeepStrictEqual(a, b)).toBe(true);
        expect(isDeepStrictEqual(a, b)).toBe(false);
      }
    });
  });
});

describe('TextEncoder and TextDecoder', () => {
  describe('when re-exported like Node’s util', () => {
    it('are the global classes', () => {
      expect(TextEncoder).toBe(globalThis.TextEncoder);
      expect(TextDecoder).toBe(globalThis.TextDecoder);
      expect(new TextDecoder().decode(new TextEncoder().encode('✓'))).toBe('✓');
    });
  });
});

describe('the default export', () => {
  describe('when read by CommonJS interop', () => {
    it('offers the same members as the named exports', () => {
      expect(util.isDeepStrictEqual).toBe(isDeepStrictEqual);
      expect(util.TextEncoder).toBe(TextEncoder);
      expect(util.TextDecoder).toBe(TextDecoder);
    });
  });
});
