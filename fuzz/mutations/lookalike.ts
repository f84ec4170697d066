/**
 * Unicode look-alikes in publisher fields. `lookalike` is also used on the distribution
 * filename's project name (input.ts) and on a statement's subject name (statement.ts).
 */
import type { Rng } from '../rng.js';
import { getAt, publisherPaths, replace, type MutationDef } from './shared.js';

const CYRILLIC: Record<string, string> = {
  a: '\u0430',
  c: '\u0441',
  e: '\u0435',
  i: '\u0456',
  j: '\u0458',
  o: '\u043e',
  p: '\u0440',
  s: '\u0455',
  x: '\u0445',
  y: '\u0443',
  A: '\u0410',
  B: '\u0412',
  E: '\u0415',
  H: '\u041d',
  K: '\u041a',
  M: '\u041c',
  O: '\u041e',
  P: '\u0420',
  T: '\u0422',
};

type Transform = (rng: Rng, s: string) => string | null;

function replaceOne(rng: Rng, s: string, re: RegExp, to: (c: string) => string): string | null {
  const spots = [...s.matchAll(re)].map((m) => m.index);
  if (!spots.length) return null;
  const i = rng.pick(spots);
  return s.slice(0, i) + to(s[i] ?? '') + s.slice(i + 1);
}

function insertAt(rng: Rng, s: string, what: string): string {
  const i = 1 + rng.int(Math.max(1, s.length - 1));
  return s.slice(0, i) + what + s.slice(i);
}

const LOOKALIKES: [string, Transform][] = [
  ['cyrillic', (r, s) => replaceOne(r, s, /[aceijopsxyABEHKMOPT]/g, (c) => CYRILLIC[c] ?? c)],
  [
    'fullwidth',
    (r, s) => replaceOne(r, s, /[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
  ],
  ['zero-width-joiner', (r, s) => insertAt(r, s, '\u200d')],
  ['zero-width-space', (r, s) => insertAt(r, s, '\u200b')],
  ['zero-width-non-joiner', (r, s) => insertAt(r, s, '\u200c')],
  ['rtl-mark', (r, s) => insertAt(r, s, '\u200f')],
  ['ltr-mark', (r, s) => insertAt(r, s, '\u200e')],
  ['rtl-override', (r, s) => insertAt(r, s, '\u202e')],
  ['bom', (r, s) => insertAt(r, s, '\ufeff')],
  ['combining-acute', (r, s) => replaceOne(r, s, /[a-z]/g, (c) => `${c}\u0301`)],
  ['nfc-precomposed', (r, s) => replaceOne(r, s, /e/g, () => '\u00e9')],
  ['dotless-i', (r, s) => replaceOne(r, s, /i/g, () => '\u0131')],
  ['kelvin-sign', (r, s) => replaceOne(r, s, /[kK]/g, () => '\u212a')],
  ['long-s', (r, s) => replaceOne(r, s, /s/g, () => '\u017f')],
  ['digit-for-letter', (r, s) => replaceOne(r, s, /[lOo]/g, (c) => (c === 'l' ? '1' : '0'))],
  ['division-slash', (r, s) => replaceOne(r, s, /\//g, () => '\u2215')],
  ['one-dot-leader', (r, s) => replaceOne(r, s, /\./g, () => '\u2024')],
  ['unicode-hyphen', (r, s) => replaceOne(r, s, /-/g, () => '\u2010')],
  ['nul', (r, s) => insertAt(r, s, '\0')],
  [
    'case-flip',
    (r, s) =>
      replaceOne(r, s, /[a-zA-Z]/g, (c) =>
        c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase(),
      ),
  ],
  ['upper-case', (_r, s) => (s.toUpperCase() === s ? null : s.toUpperCase())],
  ['trailing-space', (_r, s) => `${s} `],
  ['trailing-slash', (_r, s) => `${s}/`],
  ['trailing-newline', (_r, s) => `${s}\n`],
];

export function lookalike(rng: Rng, s: string): { label: string; after: string } | null {
  for (const [label, fn] of rng.shuffle(LOOKALIKES)) {
    const after = fn(rng, s);
    if (after !== null && after !== s) return { label, after };
  }
  return null;
}

const PUBLISHER_FIELDS = ['repository', 'workflow', 'workflow_filepath', 'email', 'environment'];

export function lookalikeMutations(): MutationDef[] {
  return PUBLISHER_FIELDS.map((field) => ({
    name: `lookalike:publisher.${field}`,
    group: 'lookalike',
    run: (ctx) => {
      const pubs = publisherPaths(ctx).filter(
        (p) => typeof getAt(ctx.doc.provenance, [...p, field]) === 'string',
      );
      if (!pubs.length) return null;
      const path = [...ctx.rng.pick(pubs), field];
      const v = getAt(ctx.doc.provenance, path) as string;
      const r = lookalike(ctx.rng, v === '' ? 'pypi' : v);
      return r && replace(ctx, path, r.after, `${r.label} ${JSON.stringify(r.after)}`);
    },
  }));
}
