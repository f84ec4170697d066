/**
 * A faster `ASN1Obj.toDER` for sigstore-js, with byte-identical output.
 *
 * sigstore-js re-encodes parsed certificates to DER all the time (every signature check of a
 * certificate, `equals`, `clone`, `publicKey`). Its encoder builds each node in two growable
 * ByteStreams that allocate (and zero, and copy) 1 KiB blocks per node, which the `buffer`
 * package (the worker's Buffer then) made slower still: a certificate took ~0.5 ms. This encoder measures
 * the tree once and writes it into a single buffer. The output is the same by construction:
 * tag byte `tag.toDER()`, the definite length in the shortest form (as `encodeLength`), then
 * the sub-objects' encodings if there are any, else `value` (as the original).
 * src/core/sigstore/der.test.ts compares both encoders on every node of real certificates.
 */
// sigstore-js's API takes Buffers: Node's in Node, src/shims/buffer.ts in the worker.
import { Buffer } from 'buffer';
import { ASN1Obj } from '@sigstore/core';

/** sigstore-js's own encoder, kept for tests. */
export const referenceToDER: (this: ASN1Obj) => Buffer = ASN1Obj.prototype.toDER;

function lengthBytes(length: number): number {
  if (length < 128) return 1;
  let n = 1;
  for (let v = length; v > 0; v = Math.floor(v / 256)) n++;
  return n;
}

/** Content lengths of `obj` and its descendants, into `sizes`. */
function measure(obj: ASN1Obj, sizes: Map<ASN1Obj, number>): number {
  let content = 0;
  if (obj.subs.length > 0) {
    for (const sub of obj.subs) {
      const c = measure(sub, sizes);
      content += 1 + lengthBytes(c) + c;
    }
  } else {
    content = obj.value.length;
  }
  sizes.set(obj, content);
  return content;
}

function write(obj: ASN1Obj, sizes: Map<ASN1Obj, number>, out: Uint8Array, at: number): number {
  const content = sizes.get(obj) as number;
  out[at++] = obj.tag.toDER();
  if (content < 128) {
    out[at++] = content;
  } else {
    const n = lengthBytes(content) - 1;
    out[at++] = 0x80 | n;
    for (let i = n - 1, v = content; i >= 0; i--, v = Math.floor(v / 256)) out[at + i] = v % 256;
    at += n;
  }
  if (obj.subs.length > 0) {
    for (const sub of obj.subs) at = write(sub, sizes, out, at);
  } else {
    out.set(obj.value, at);
    at += obj.value.length;
  }
  return at;
}

/** DER encoding of `obj`, as sigstore-js's `ASN1Obj.toDER` returns it. */
export function encodeDer(obj: ASN1Obj): Buffer {
  const sizes = new Map<ASN1Obj, number>();
  const content = measure(obj, sizes);
  const out = Buffer.alloc(1 + lengthBytes(content) + content);
  write(obj, sizes, out, 0);
  return out;
}

ASN1Obj.prototype.toDER = function toDER(this: ASN1Obj): Buffer {
  return encodeDer(this);
};
