/**
 * A minimal DER encoder: just what X.509 certificates, RFC 3161 timestamps and their parts
 * need. Every function returns the complete TLV bytes; lengths are always minimal, so what
 * sigstore-js parses and re-encodes (it re-encodes a TBS certificate to check SCTs) comes out
 * byte for byte the same.
 */
export type Der = Uint8Array;

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** Tag, length, value. `tag` is the whole identifier octet (class, constructed bit, number). */
export function tlv(tag: number, ...content: Uint8Array[]): Der {
  const value = concat(...content);
  return concat(Uint8Array.of(tag), length(value.length), value);
}

export const sequence = (...items: Der[]): Der => tlv(0x30, ...items);

/** SET OF: DER orders the elements by their encodings. */
export function setOf(...items: Der[]): Der {
  const sorted = [...items].sort(compareBytes);
  return tlv(0x31, ...sorted);
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** INTEGER from a non-negative number/bigint, or from unsigned big-endian bytes. */
export function integer(value: number | bigint | Uint8Array): Der {
  let bytes: Uint8Array;
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    bytes = value.subarray(start);
  } else {
    let v = BigInt(value);
    if (v < 0n) throw new RangeError('negative INTEGER');
    const out: number[] = [];
    do {
      out.unshift(Number(v & 0xffn));
      v >>= 8n;
    } while (v > 0n);
    bytes = Uint8Array.from(out);
  }
  // A leading 0x00 keeps the value positive when the high bit is set.
  if ((bytes[0] as number) & 0x80) bytes = concat(Uint8Array.of(0), bytes);
  return tlv(0x02, bytes);
}

export function oid(dotted: string): Der {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const [a = 0n, b = 0n, ...rest] = arcs;
  const out: number[] = [];
  for (const arc of [a * 40n + b, ...rest]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let v = arc >> 7n; v > 0n; v >>= 7n) chunk.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

const text = new TextEncoder();

export const utf8String = (s: string): Der => tlv(0x0c, text.encode(s));
export const printableString = (s: string): Der => tlv(0x13, text.encode(s));
export const ia5String = (s: string): Der => tlv(0x16, text.encode(s));
export const octetString = (bytes: Uint8Array): Der => tlv(0x04, bytes);
export const bitString = (bytes: Uint8Array, unusedBits = 0): Der =>
  tlv(0x03, Uint8Array.of(unusedBits), bytes);
export const boolean = (b: boolean): Der => tlv(0x01, Uint8Array.of(b ? 0xff : 0x00));
export const nullValue = (): Der => Uint8Array.of(0x05, 0x00);

/** [n] EXPLICIT: a constructed context-specific tag around one element. */
export const explicit = (n: number, ...content: Der[]): Der => tlv(0xa0 | n, ...content);
/** [n] IMPLICIT for a primitive type (the content of the original TLV). */
export const implicitPrimitive = (n: number, content: Uint8Array): Der => tlv(0x80 | n, content);

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function timeString(d: Date, longYear: boolean): string {
  if (d.getUTCMilliseconds() !== 0) throw new RangeError('DER times are whole seconds here');
  const year = longYear ? pad(d.getUTCFullYear(), 4) : pad(d.getUTCFullYear() % 100);
  return `${year}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

export const generalizedTime = (d: Date): Der => tlv(0x18, text.encode(timeString(d, true)));

/** RFC 5280 Time: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Der {
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050 ? tlv(0x17, text.encode(timeString(d, false))) : generalizedTime(d);
}

/** AlgorithmIdentifier; `params` omitted for ECDSA signatures, NULL for hashes. */
export const algorithm = (id: string, params?: Der): Der =>
  params ? sequence(oid(id), params) : sequence(oid(id));

/** An X.500 Name with O and CN (PrintableString), as Fulcio writes them. */
export function name(parts: { organization?: string; commonName?: string }): Der {
  const rdns: Der[] = [];
  if (parts.organization !== undefined) {
    rdns.push(setOf(sequence(oid('2.5.4.10'), printableString(parts.organization))));
  }
  if (parts.commonName !== undefined) {
    rdns.push(setOf(sequence(oid('2.5.4.3'), printableString(parts.commonName))));
  }
  return sequence(...rdns);
}
