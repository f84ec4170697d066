/**
 * The part of Node's `util` module that sigstore-js uses in the service worker (vite.config.ts
 * aliases `util` / `node:util` here): @sigstore/verify's duplicate check calls
 * `util.isDeepStrictEqual` on plain objects holding strings, Buffers and Dates (tlog entry IDs,
 * timestamps, SCTs). A false "not equal" there would let a repeated entry count twice toward a
 * threshold, so the comparison follows Node's strict rules for the types it handles.
 */

type Memo = Map<object, Set<object>>;

const tagOf = (value: object): string => Object.prototype.toString.call(value);

function bytesOf(value: ArrayBufferView | ArrayBuffer): Uint8Array {
  return value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function bytesEqual(a: ArrayBufferView | ArrayBuffer, b: ArrayBufferView | ArrayBuffer): boolean {
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Own enumerable string and symbol keys, as Node's strict comparison sees them. */
function ownKeys(value: object): PropertyKey[] {
  const symbols = Object.getOwnPropertySymbols(value).filter((s) =>
    Object.prototype.propertyIsEnumerable.call(value, s),
  );
  return [...Object.keys(value), ...symbols];
}

function propertiesEqual(a: object, b: object, memo: Memo): boolean {
  const keys = ownKeys(a);
  if (keys.length !== ownKeys(b).length) return false;
  const x = a as Record<PropertyKey, unknown>;
  const y = b as Record<PropertyKey, unknown>;
  return keys.every(
    (key) => Object.prototype.propertyIsEnumerable.call(b, key) && equal(x[key], y[key], memo),
  );
}

/** Same prototype and same kind, both required by Node's strict mode. */
function sameKind(a: object, b: object): boolean {
  return Object.getPrototypeOf(a) === Object.getPrototypeOf(b) && tagOf(a) === tagOf(b);
}

function objectsEqual(a: object, b: object, memo: Memo): boolean {
  if (!sameKind(a, b)) return false;
  // Typed arrays (Buffer included), DataView, ArrayBuffer: by bytes. Non-index own properties
  // of views are not compared (Buffers have none; listing keys of a large view is costly).
  if (ArrayBuffer.isView(a) || a instanceof ArrayBuffer) {
    return bytesEqual(a, b as ArrayBufferView | ArrayBuffer);
  }
  if (a instanceof Date) {
    return Object.is(a.getTime(), (b as Date).getTime()) && propertiesEqual(a, b, memo);
  }
  if (Array.isArray(a)) {
    // Keys include indices, so holes differ from explicit undefined, as in Node.
    return a.length === (b as unknown[]).length && propertiesEqual(a, b, memo);
  }
  // Plain objects and class instances. Other kinds (Map, Set, RegExp, Error, boxed primitives,
  // ...) are not used by sigstore and are equal only when identical (checked by the caller).
  if (tagOf(a) === '[object Object]') return propertiesEqual(a, b, memo);
  return false;
}

function equal(a: unknown, b: unknown, memo: Memo): boolean {
  // Object.is: NaN equals NaN, 0 and -0 differ (Node's strict mode).
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  // A pair already being compared further up is assumed equal, so cycles terminate.
  const seen = memo.get(a);
  if (seen?.has(b)) return true;
  if (seen) seen.add(b);
  else memo.set(a, new Set([b]));
  try {
    return objectsEqual(a, b, memo);
  } finally {
    memo.get(a)?.delete(b);
  }
}

/**
 * Like Node's `util.isDeepStrictEqual` for primitives (Object.is), typed arrays and Buffers (by
 * bytes, same prototype: a Buffer never equals a plain Uint8Array), Dates (by time; unlike Node
 * 20, two invalid Dates are equal, the safe side for duplicate checks), arrays, and plain objects
 * or class instances (same prototype, same own enumerable keys, deeply equal values). Anything
 * else (Map, Set, RegExp, Error, ...) is equal only to itself.
 */
export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  return equal(a, b, new Map());
}

// Node's util re-exports these; the worker has them as globals.
export const TextEncoder = globalThis.TextEncoder;
export const TextDecoder = globalThis.TextDecoder;

// Offer a default export too, for CommonJS interop that reads `.default`.
const util = { isDeepStrictEqual, TextEncoder, TextDecoder };
export default util;
