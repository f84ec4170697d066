/**
 * The part of Node's `Buffer` that the service worker's code calls, for the worker, which has no
 * Buffer: sigstore-js (@sigstore/core, bundle, verify) and @sigstore/protobuf-specs use the
 * global `Buffer` without importing it (src/shims/buffer-global.ts installs this class there),
 * and src/core imports `buffer` (vite.config.ts aliases it here in the extension build; in Node
 * it is Node's own).
 *
 * Security-critical: this decodes the signatures, certificates, digests and log entries that
 * are verified. Every method follows Node 20's lib/buffer.js (and, for decoding, src/
 * string_bytes.cc) for all inputs, valid or not, including their quirks: base64 decoding skips
 * any character outside both alphabets and stops at the first `=`, hex decoding stops at the
 * first invalid pair, and both read only the low byte of each UTF-16 code unit. src/shims/
 * buffer.test.ts compares every method with Node's Buffer on edge cases and random inputs.
 *
 * Only what the bundled code calls is here (the list below, found by reading the bundled
 * modules; keep it in step when sigstore-js is upgraded). Anything else is absent, so a new
 * caller fails loudly instead of getting a subtly different result:
 *
 * - `Buffer.from(string, encoding)`, `Buffer.from(bytes | array | array-like)` (a copy),
 *   `Buffer.from(arrayBuffer, byteOffset?, length?)` (a view), `Buffer.alloc(size)`,
 *   `Buffer.concat(list)`, `Buffer.compare(a, b)`;
 * - `toString(encoding?)`, `equals(other)`, `copy(target)`, `readBigInt64BE(offset?)`, and
 *   `slice` as a view (Node's, where Uint8Array's copies). `subarray`, `set`, indexing and the
 *   rest are Uint8Array's own (Node's Buffer inherits them too; `subarray` returns a Buffer,
 *   by the species of the class, though TypeScript types it as a Uint8Array).
 * - Encodings: utf8 / utf-8, ascii, latin1, hex, base64 (any letter case, as in Node). Node's
 *   others (binary, base64url, ucs2, utf16le) throw ERR_UNKNOWN_ENCODING here.
 *
 * Not Node's: the inherited Uint8Array methods that Node's Buffer overrides and nothing here
 * calls (`indexOf`/`lastIndexOf`/`includes` with strings or Buffers, `fill` with strings,
 * `toJSON`, `toLocaleString`, `write*`/`read*` other than readBigInt64BE), and `new Buffer(x)`,
 * which is Uint8Array's constructor, not Node's deprecated one. Buffers are never pooled.
 */

/** The encodings supported, as they may be written (Node also accepts any letter case). */
export type Encoding = 'utf8' | 'utf-8' | 'ascii' | 'latin1' | 'hex' | 'base64';
type Decoder = 'utf8' | 'ascii' | 'latin1' | 'hex' | 'base64';

/** Node's errors carry a `code`; callers (and tests) may tell them apart by it. */
function nodeError<E extends Error>(error: E, code: string): E {
  return Object.assign(error, { code });
}

const argType = (message: string): TypeError =>
  nodeError(new TypeError(message), 'ERR_INVALID_ARG_TYPE');

const notBytes = (name: string): TypeError =>
  argType(`The "${name}" argument must be an instance of Buffer or Uint8Array.`);

/** Node's lookup (lib/buffer.js getEncodingOps): the exact name, else its lower case. */
function encodingOf(encoding: unknown): Decoder | undefined {
  // Node converts with `encoding += ''`: a Symbol throws, an object gives its string.
  const name = `${encoding as string}`;
  for (const candidate of [name, name.toLowerCase()]) {
    switch (candidate) {
      case 'utf8':
      case 'utf-8':
        return 'utf8';
      case 'ascii':
      case 'latin1':
      case 'hex':
      case 'base64':
        return candidate;
    }
  }
  return undefined;
}

function knownEncoding(encoding: unknown): Decoder {
  const known = encodingOf(encoding);
  if (known === undefined) {
    throw nodeError(
      new TypeError(`Unknown encoding: ${encoding as string}`),
      'ERR_UNKNOWN_ENCODING',
    );
  }
  return known;
}

/** Node's isUint8Array: the typed array brand (Buffers included), not the prototype chain. */
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype) as object,
  Symbol.toStringTag,
)?.get as (this: unknown) => string | undefined;
const isUint8Array = (value: unknown): value is Uint8Array =>
  typedArrayName.call(value) === 'Uint8Array';

// --- Decoding strings --------------------------------------------------------------------------

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Node's base64 table: both alphabets ('-' and '_' are 62 and 63 as well), -1 elsewhere. */
const BASE64_VALUE = new Int8Array(256).fill(-1);
for (let i = 0; i < 64; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;
BASE64_VALUE[0x2d] = 62;
BASE64_VALUE[0x5f] = 63;

/**
 * Node's lenient base64 decoder (string_bytes.cc / base64-inl.h): characters outside both
 * alphabets (whitespace, ...) are skipped, the first `=` ends the input (padding is optional),
 * each 4 characters give 3 bytes, a final 2 or 3 give 1 or 2 (their unused bits ignored), a
 * final single one nothing. Node reads each UTF-16 code unit's low byte only ('\u0141' counts
 * as 'A', '\u013d' as '='), and so does this.
 */
function decodeBase64(text: string): Buffer {
  // Never less than the decoded length: at most 3 bytes per 4 characters.
  const out = new Buffer((text.length * 3) >>> 2);
  let length = 0;
  let count = 0;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i) & 0xff;
    const value = BASE64_VALUE[char] as number;
    if (value < 0) {
      if (char === 0x3d) break;
      continue;
    }
    switch (count++ & 3) {
      case 1:
        out[length++] = (previous << 2) | (value >> 4);
        break;
      case 2:
        out[length++] = ((previous & 0x0f) << 4) | (value >> 2);
        break;
      case 3:
        out[length++] = ((previous & 0x03) << 6) | value;
        break;
    }
    previous = value;
  }
  return out.subarray(0, length) as Buffer;
}

/** 0–15 for a hex digit's code, -1 for anything else. */
function hexValue(char: number): number {
  if (char >= 0x30 && char <= 0x39) return char - 0x30;
  const lower = char | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Node's hex decoder: pairs of digits, either case, until the first pair that is not two
 * digits (the rest is ignored, as is an odd last digit). Low byte of each code unit, as Node.
 */
function decodeHex(text: string): Buffer {
  const out = new Buffer(text.length >>> 1);
  let i = 0;
  for (; i < out.length; i++) {
    const high = hexValue(text.charCodeAt(2 * i) & 0xff);
    const low = hexValue(text.charCodeAt(2 * i + 1) & 0xff);
    if (high < 0 || low < 0) break;
    out[i] = (high << 4) | low;
  }
  return out.subarray(0, i) as Buffer;
}

/** Node's latin1 and ascii writers alike: the low byte of each code unit. */
function decodeLatin1(text: string): Buffer {
  const out = new Buffer(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

const utf8Encoder = new TextEncoder();

/** UTF-8, a lone surrogate as U+FFFD (EF BF BD), as Node and TextEncoder do. */
function decodeUtf8(text: string): Buffer {
  const bytes = utf8Encoder.encode(text);
  return new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Node's fromString: no (or a non-string, or an empty) encoding is utf8. */
function fromString(text: string, encoding: unknown): Buffer {
  const kind =
    !encoding || encoding === 'utf8' || typeof encoding !== 'string'
      ? 'utf8'
      : knownEncoding(encoding);
  if (text.length === 0) return new Buffer(0);
  switch (kind) {
    case 'utf8':
      return decodeUtf8(text);
    case 'ascii':
    case 'latin1':
      return decodeLatin1(text);
    case 'hex':
      return decodeHex(text);
    case 'base64':
      return decodeBase64(text);
  }
}

// --- Encoding strings ---------------------------------------------------------------------------

/**
 * One code unit per byte, in chunks small enough for `String.fromCharCode`'s arguments (also
 * crypto.ts's map keys).
 */
export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x2000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x2000));
  }
  return out;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Node's default UTF-8 decoding: invalid sequences become U+FFFD, a leading BOM is kept. */
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

// --- Copies and views -----------------------------------------------------------------------

/** Node's fromArrayBuffer: a view; offset and length converted and bounds-checked as Node does. */
function fromArrayBuffer(buffer: ArrayBuffer, byteOffset: unknown, length: unknown): Buffer {
  let offset = byteOffset === undefined ? 0 : Number(byteOffset);
  if (Number.isNaN(offset)) offset = 0;
  const maxLength = buffer.byteLength - offset;
  if (maxLength < 0) {
    throw nodeError(
      new RangeError('"offset" is outside of buffer bounds'),
      'ERR_BUFFER_OUT_OF_BOUNDS',
    );
  }
  let size = length === undefined ? maxLength : Number(length);
  if (!(size > 0)) size = 0;
  else if (size > maxLength) {
    throw nodeError(
      new RangeError('"length" is outside of buffer bounds'),
      'ERR_BUFFER_OUT_OF_BOUNDS',
    );
  }
  return new Buffer(buffer, offset, size);
}

/**
 * Node's fromArrayLike: a copy of `length` elements, each converted to a byte as a Uint8Array
 * stores it (modulo 256). A length that is not positive (or NaN) gives an empty Buffer.
 */
function fromArrayLike(source: ArrayLike<unknown>): Buffer {
  const { length } = source;
  if (!(length > 0)) return new Buffer(0);
  const out = new Buffer(length);
  out.set(source as ArrayLike<number>);
  return out;
}

/** Node's fromObject: typed arrays, arrays, array-likes, and `{ type: 'Buffer', data }`. */
function fromObject(source: object): Buffer | undefined {
  const like = source as { length?: unknown; buffer?: unknown; type?: unknown; data?: unknown };
  if (like.length !== undefined || like.buffer instanceof ArrayBuffer) {
    return typeof like.length === 'number'
      ? fromArrayLike(source as ArrayLike<unknown>)
      : new Buffer(0);
  }
  if (like.type === 'Buffer' && Array.isArray(like.data)) return fromArrayLike(like.data);
  return undefined;
}

/** Node's _compare: bytewise, then the shorter first. */
function compareBytes(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

// --- The class ----------------------------------------------------------------------------------

/**
 * Uint8Array, typed with the two constructors used here and none of its statics: Buffer.from
 * is Node's, not Uint8Array.from's signature.
 */
const Bytes = Uint8Array as unknown as {
  new (length: number): Uint8Array<ArrayBuffer>;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): Uint8Array<ArrayBuffer>;
};

export class Buffer extends Bytes {
  /**
   * Node's Buffer.from. Strings are decoded (protobuf-specs' base64 fields, sigstore's hex
   * digests and base64 signatures from log entries, PEM bodies, DSSE's PAE); bytes, arrays and
   * array-likes are copied; an ArrayBuffer is viewed (our cert cache). Other values are tried as
   * Node does (valueOf, then Symbol.toPrimitive), else TypeError: JSON fields of any type reach
   * this through protobuf-specs and sigstore's log entry checks.
   */
  static from(value: string, encoding?: Encoding): Buffer;
  static from(value: ArrayBuffer, byteOffset?: number, length?: number): Buffer;
  static from(value: ArrayLike<number>): Buffer;
  static from(value: unknown, encodingOrOffset?: unknown, length?: unknown): Buffer {
    if (typeof value === 'string') return fromString(value, encodingOrOffset);
    if (typeof value === 'object' && value !== null) {
      if (value instanceof ArrayBuffer) return fromArrayBuffer(value, encodingOrOffset, length);
      const object = value as { valueOf?: () => unknown; [Symbol.toPrimitive]?: unknown };
      // Literally Node's `value.valueOf && value.valueOf()`.
      const primitive = object.valueOf && object.valueOf();
      if (
        primitive !== null &&
        primitive !== undefined &&
        primitive !== value &&
        (typeof primitive === 'string' || typeof primitive === 'object')
      ) {
        return (Buffer.from as (v: unknown, e?: unknown, l?: unknown) => Buffer)(
          primitive,
          encodingOrOffset,
          length,
        );
      }
      const copy = fromObject(value);
      if (copy) return copy;
      const toPrimitive = object[Symbol.toPrimitive];
      if (typeof toPrimitive === 'function') {
        const text: unknown = (toPrimitive as (hint: string) => unknown).call(value, 'string');
        if (typeof text === 'string') return fromString(text, encodingOrOffset);
      }
    }
    throw argType(
      'The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.',
    );
  }

  /** Node's Buffer.alloc without a fill: `size` zero bytes (ByteStream, DER encoders, …). */
  static alloc(size: number): Buffer {
    if (typeof size !== 'number') throw argType('The "size" argument must be of type number.');
    if (!(size >= 0 && size <= 2 ** 32)) {
      throw nodeError(new RangeError(`The value of "size" is out of range.`), 'ERR_OUT_OF_RANGE');
    }
    return new Buffer(size);
  }

  /** Node's Buffer.concat without a total length: DSSE's pre-authentication encoding. */
  static concat(list: readonly Uint8Array[]): Buffer {
    if (!Array.isArray(list)) throw argType('The "list" argument must be an instance of Array.');
    let total = 0;
    for (const item of list) if (item.length) total += item.length;
    const out = new Buffer(total);
    let offset = 0;
    list.forEach((item, i) => {
      if (!isUint8Array(item)) {
        throw notBytes(`list[${i}]`);
      }
      out.set(item, offset);
      offset += item.length;
    });
    return out;
  }

  /** Node's Buffer.compare (our duplicate-SCT check): -1, 0 or 1, bytewise then by length. */
  static compare(a: Uint8Array, b: Uint8Array): -1 | 0 | 1 {
    if (!isUint8Array(a)) throw notBytes('buf1');
    if (!isUint8Array(b)) throw notBytes('buf2');
    return a === b ? 0 : compareBytes(a, b);
  }

  /**
   * Node's toString(encoding): utf8 by default (parsed JSON log bodies, PEM), ascii (certificate
   * strings, Fulcio extensions: the high bit of each byte dropped, as Node), latin1, hex (log
   * IDs), base64 (log bodies, PEM; padded). An empty Buffer gives '' for any encoding, as in
   * Node. Node's `start` and `end` arguments are not supported (nothing passes them).
   */
  override toString(encoding?: Encoding, ...unsupported: never[]): string {
    if (unsupported.length > 0) throw argType('toString(encoding, start, end) is not supported.');
    if (this.length === 0) return '';
    switch (encoding === undefined ? 'utf8' : knownEncoding(encoding)) {
      case 'utf8':
        return utf8Decoder.decode(this);
      case 'ascii':
        return latin1(this.map((byte) => byte & 0x7f));
      case 'latin1':
        return latin1(this);
      case 'hex': {
        let out = '';
        for (const byte of this) out += HEX_PAIRS[byte] as string;
        return out;
      }
      case 'base64':
        return btoa(latin1(this));
    }
  }

  /** Node's equals: same bytes (certificate names, key and log IDs); TypeError for non-bytes. */
  equals(other: Uint8Array): boolean {
    if (!isUint8Array(other)) {
      throw notBytes('otherBuffer');
    }
    return this === other || (this.length === other.length && compareBytes(this, other) === 0);
  }

  /**
   * Node's copy(target) (X509Certificate.clone): as many bytes as fit, from the start of both;
   * returns their number. Node's offset arguments are not supported (nothing passes them).
   */
  copy(target: Uint8Array, ...unsupported: never[]): number {
    if (unsupported.length > 0) throw argType('copy(target, offsets) is not supported.');
    if (!isUint8Array(target)) {
      throw notBytes('target');
    }
    const n = Math.min(this.length, target.length);
    if (n > 0) target.set(this.subarray(0, n));
    return n;
  }

  /** Node's readBigInt64BE (an SCT's timestamp): 8 bytes at `offset`, big-endian, signed. */
  readBigInt64BE(offset: number = 0): bigint {
    if (typeof offset !== 'number') throw argType('The "offset" argument must be of type number.');
    if (!Number.isInteger(offset) || offset < 0 || offset > this.length - 8) {
      const outside = Number.isInteger(offset) && this.length < 8;
      throw nodeError(
        new RangeError(
          outside
            ? 'Attempt to access memory outside buffer bounds'
            : `The value of "offset" is out of range.`,
        ),
        outside ? 'ERR_BUFFER_OUT_OF_BOUNDS' : 'ERR_OUT_OF_RANGE',
      );
    }
    return new DataView(this.buffer, this.byteOffset, this.length).getBigInt64(offset);
  }

  /**
   * Node's slice: a view like subarray, where Uint8Array's slice copies. Nothing bundled calls
   * it on a Buffer today; it is here so that a caller written for Node never gets a copy.
   */
  override slice(start?: number, end?: number): Buffer {
    return this.subarray(start, end) as Buffer;
  }
}
