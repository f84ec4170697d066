/**
 * Strict encodings for untrusted input. Standard base64 only (RFC 4648 §4, padded): no
 * whitespace, no URL-safe alphabet, no missing padding, no stray characters. Like Python's
 * b64decode(validate=True), which pypi-attestations uses, non-zero unused bits before the
 * padding are accepted (`QR==` decodes as `QQ==`): the decoded bytes are what is checked.
 */
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isStrictBase64(s: string): boolean {
  return B64.test(s);
}

export function decodeBase64(s: string): Uint8Array {
  if (!B64.test(s)) throw new TypeError('expected standard base64');
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** A sha256 digest as lowercase hex, or undefined when the input is not one. */
export function normalizeSha256(hex: string): string | undefined {
  const lower = hex.toLowerCase();
  return HEX64.test(lower) ? lower : undefined;
}
