/**
 * JSON no-ops: re-serialise, shuffle keys, re-encode every base64 field.
 */
import type { Rng } from '../rng.js';
import { b64Bytes, bytesB64, isB64, isRecord } from '../spec.js';
import { allPaths, deepShuffle, getAt, setAt, type MutationDef } from './shared.js';

/** JSON text with shuffled keys, random indentation and random \u escapes, parsed back. */
function reserialize(rng: Rng, v: unknown): unknown {
  const indent = rng.pick(['', ' ', '  ', '\t', '\n']);
  // Escape code unit by code unit, so an existing escape (e.g. \n) is never split.
  const str = (s: string): string =>
    s.length > 4096
      ? JSON.stringify(s)
      : `"${Array.from({ length: s.length }, (_x, i) => {
          const c = s.charAt(i);
          if (/[a-zA-Z]/.test(c) && rng.chance(0.02)) {
            return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
          }
          return JSON.stringify(c).slice(1, -1);
        }).join('')}"`;
  const write = (x: unknown): string => {
    if (Array.isArray(x)) return `[${x.map(write).join(`,${indent}`)}]`;
    if (isRecord(x)) {
      const keys = rng.shuffle(Object.keys(x));
      return `{${indent}${keys.map((k) => `${str(k)}${indent ? ': ' : ':'}${write(x[k])}`).join(`,${indent}`)}${indent}}`;
    }
    return typeof x === 'string' ? str(x) : JSON.stringify(x);
  };
  return JSON.parse(write(v)) as unknown;
}

export function jsonMutations(): MutationDef[] {
  return [
    {
      name: 'json:reserialize',
      group: 'json',
      run: (ctx) => {
        ctx.doc.provenance = reserialize(ctx.rng, ctx.doc.provenance);
        return { noop: true, detail: 'keys shuffled, whitespace and \\u escapes, parsed back' };
      },
    },
    {
      name: 'json:shuffle-keys',
      group: 'json',
      run: (ctx) => {
        ctx.doc.provenance = deepShuffle(ctx.rng, ctx.doc.provenance);
        return { noop: true, detail: 'object keys in random order' };
      },
    },
    {
      name: 'json:reencode-base64',
      group: 'json',
      run: (ctx) => {
        // Decoding and re-encoding every base64 field gives the same strings: a no-op.
        const prov = ctx.doc.provenance;
        for (const path of allPaths(prov)) {
          const v = getAt(prov, path);
          if (isB64(v)) setAt(prov, path, bytesB64(b64Bytes(v)));
        }
        return { noop: true, detail: 'every base64 field decoded and re-encoded' };
      },
    },
  ];
}
