/**
 * Base64 fields: bit flips in the bytes or the text, truncation, an appended byte,
 * non-canonical padding, encoding variants, a donor value, empty and the 1 MiB size limit.
 */
import { b64Bytes, bytesB64, isB64, type Path } from '../spec.js';
import {
  donorAttestation,
  E0,
  getAt,
  pickAttestation,
  replace,
  type Ctx,
  type MutationDef,
} from './shared.js';

type Resolve = (ctx: Ctx, att: Path) => Path | null;

const B64_FIELDS: [string, Resolve][] = [
  ['envelope.signature', (_c, a) => [...a, 'envelope', 'signature']],
  ['envelope.statement', (_c, a) => [...a, 'envelope', 'statement']],
  ['certificate', (_c, a) => [...a, 'verification_material', 'certificate']],
  ['canonicalizedBody', (_c, a) => [...a, ...E0, 'canonicalizedBody']],
  ['logId.keyId', (_c, a) => [...a, ...E0, 'logId', 'keyId']],
  ['signedEntryTimestamp', (_c, a) => [...a, ...E0, 'inclusionPromise', 'signedEntryTimestamp']],
  ['inclusionProof.rootHash', (_c, a) => [...a, ...E0, 'inclusionProof', 'rootHash']],
  [
    'inclusionProof.hashes[i]',
    (c, a) => {
      const hashes = getAt(c.doc.provenance, [...a, ...E0, 'inclusionProof', 'hashes']);
      if (!Array.isArray(hashes) || hashes.length === 0) return null;
      return [...a, ...E0, 'inclusionProof', 'hashes', c.rng.int(hashes.length)];
    },
  ],
];

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

type B64Op = (ctx: Ctx, value: string, relPath: Path) => { after: unknown; detail: string } | null;

const B64_OPS: [string, B64Op][] = [
  [
    'bitflip',
    (ctx, v) => {
      if (!isB64(v)) return null;
      const bytes = b64Bytes(v);
      if (bytes.length === 0) return null;
      const flips: string[] = [];
      for (let n = 1 + ctx.rng.int(3); n > 0; n--) {
        const i = ctx.rng.int(bytes.length);
        const bit = ctx.rng.int(8);
        bytes[i] = (bytes[i] ?? 0) ^ (1 << bit);
        flips.push(`byte ${i} bit ${bit}`);
      }
      return { after: bytesB64(bytes), detail: `flip ${flips.join(', ')} of ${bytes.length}` };
    },
  ],
  [
    'text-bitflip',
    (ctx, v) => {
      if (v.length === 0) return null;
      const i = ctx.rng.int(v.length);
      const bit = ctx.rng.int(7);
      const c = String.fromCharCode(v.charCodeAt(i) ^ (1 << bit));
      return {
        after: v.slice(0, i) + c + v.slice(i + 1),
        detail: `char ${i} ${JSON.stringify(v[i])}→${JSON.stringify(c)}`,
      };
    },
  ],
  [
    'truncate',
    (ctx, v) => {
      if (!isB64(v)) return null;
      const bytes = b64Bytes(v);
      if (bytes.length === 0) return null;
      const n = 1 + ctx.rng.int(Math.min(3, bytes.length));
      return { after: bytesB64(bytes.slice(0, bytes.length - n)), detail: `drop last ${n} bytes` };
    },
  ],
  [
    'append-byte',
    (ctx, v) => {
      if (!isB64(v)) return null;
      const b = ctx.rng.int(256);
      return {
        after: bytesB64(new Uint8Array([...b64Bytes(v), b])),
        detail: `append 0x${b.toString(16)}`,
      };
    },
  ],
  [
    // Same bytes, another spelling: set the unused low bits of the last data character.
    'noncanonical-padding',
    (ctx, v) => {
      if (!isB64(v) || !v.endsWith('=')) return null;
      const pad = v.endsWith('==') ? 2 : 1;
      const i = v.length - pad - 1;
      const unusedBits = pad === 2 ? 4 : 2;
      const mask = (1 << unusedBits) - 1;
      const value = B64_ALPHABET.indexOf(v[i] ?? 'A');
      const low = 1 + ctx.rng.int(mask);
      const c = B64_ALPHABET[(value & ~mask) | low] ?? 'A';
      return {
        after: v.slice(0, i) + c + v.slice(i + 1),
        detail: `${v[i]}→${c} before "${'='.repeat(pad)}"`,
      };
    },
  ],
  [
    'encoding-variant',
    (ctx, v) => {
      const variants: [string, string][] = [];
      if (/[+/]/.test(v)) variants.push(['url-safe', v.replace(/\+/g, '-').replace(/\//g, '_')]);
      if (v.endsWith('=')) variants.push(['unpadded', v.replace(/=+$/, '')]);
      if (v.length > 64) variants.push(['wrapped', v.replace(/(.{64})/g, '$1\n')]);
      variants.push(['leading-space', ` ${v}`], ['trailing-newline', `${v}\n`]);
      const [label, after] = ctx.rng.pick(variants);
      return { after, detail: label };
    },
  ],
  [
    'donor',
    (ctx, _v, rel) => {
      const { seed, att } = donorAttestation(ctx);
      const after = getAt(att, rel);
      return after === undefined ? null : { after, detail: `from ${seed.name}` };
    },
  ],
  ['empty', () => ({ after: '', detail: 'empty string' })],
  [
    'size-limit',
    (ctx) => {
      const over = ctx.rng.chance(0.5);
      const n = (1 << 20) + (over ? 4 : 0);
      return { after: 'A'.repeat(n), detail: `${n} base64 chars (${over ? 'over' : 'at'} 1 MiB)` };
    },
  ],
];

export function b64Mutations(): MutationDef[] {
  const defs: MutationDef[] = [];
  for (const [op, fn] of B64_OPS) {
    for (const [field, resolve] of B64_FIELDS) {
      defs.push({
        name: `${op}:${field}`,
        group: 'b64',
        run: (ctx) => {
          const att = pickAttestation(ctx);
          const path = att && resolve(ctx, att);
          if (!att || !path) return null;
          const v = getAt(ctx.doc.provenance, path);
          if (typeof v !== 'string') return null;
          const r = fn(ctx, v, path.slice(att.length));
          return r && replace(ctx, path, r.after, r.detail);
        },
      });
    }
  }
  return defs;
}
