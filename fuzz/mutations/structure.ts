/**
 * Structure of bundles, attestations, transparency entries and inclusion-proof hashes:
 * duplicate, remove, swap, empty, donors, garbage and over the cap. The model decides
 * whether the edited document still holds only known-valid attestations for the file.
 */
import type { Path } from '../spec.js';
import {
  bundlePaths,
  clone,
  donorAttestation,
  E0,
  fmtPath,
  getAt,
  pickAttestation,
  randomB64,
  type Ctx,
  type MutationDef,
  type Outcome,
} from './shared.js';

/** Applies a structural edit and asks the model whether the document still verifies. */
function structural(ctx: Ctx, edit: () => string | null): Outcome | null {
  const wasValid = ctx.known.covers(ctx.doc.sha256, ctx.doc.provenance);
  const detail = edit();
  if (detail === null) return null;
  // On a document an earlier mutation already broke, the model cannot tell whether this edit
  // alone would be harmless: it is not counted as a no-op (the case cannot verify anyway,
  // unless this edit undid the damage, which the harness checks separately).
  if (!wasValid) return { noop: false, detail: `${detail} (document already changed)` };
  return { noop: ctx.known.covers(ctx.doc.sha256, ctx.doc.provenance), detail };
}

function arrayAt(ctx: Ctx, path: Path): unknown[] | null {
  const v = getAt(ctx.doc.provenance, path);
  return Array.isArray(v) ? v : null;
}

type ListOp = (ctx: Ctx, list: unknown[], donor: () => unknown) => string | null;

const LIST_OPS: [string, ListOp][] = [
  [
    'duplicate',
    (c, l) => {
      if (!l.length) return null;
      const i = c.rng.int(l.length);
      l.splice(c.rng.int(l.length + 1), 0, clone(l[i]));
      return `copy of [${i}] inserted (${l.length})`;
    },
  ],
  [
    'remove',
    (c, l) => {
      if (!l.length) return null;
      const i = c.rng.int(l.length);
      l.splice(i, 1);
      return `[${i}] removed (${l.length} left)`;
    },
  ],
  [
    'swap',
    (c, l) => {
      if (l.length < 2) return null;
      const i = c.rng.int(l.length);
      const j = (i + 1 + c.rng.int(l.length - 1)) % l.length;
      [l[i], l[j]] = [l[j], l[i]];
      return `[${i}] ↔ [${j}]`;
    },
  ],
  ['empty', (_c, l) => (l.length ? (l.splice(0), 'emptied') : null)],
  [
    'append-other-file',
    (_c, l, donor) => {
      l.push(donor());
      return `donor appended (${l.length})`;
    },
  ],
  [
    'replace-with-other-file',
    (c, l, donor) => {
      if (!l.length) return null;
      const i = c.rng.int(l.length);
      l[i] = donor();
      return `[${i}] replaced by a donor`;
    },
  ],
  [
    'append-garbage',
    (c, l) => {
      l.push(clone(c.rng.pick([null, 0, 'x', {}, [], { logIndex: '1' }])));
      return `garbage appended (${l.length})`;
    },
  ],
  [
    'prepend-garbage',
    (c, l) => {
      l.unshift(clone(c.rng.pick([null, 'x', {}, { logIndex: '1' }])));
      return 'garbage prepended';
    },
  ],
  [
    'over-cap',
    (c, l) => {
      if (!l.length) return null;
      const v = l[c.rng.int(l.length)];
      while (l.length < 17) l.push(clone(v));
      return '17 elements (cap is 16)';
    },
  ],
];

export function structureMutations(): MutationDef[] {
  const lists: [string, (ctx: Ctx) => { path: Path; donor: () => unknown } | null][] = [
    [
      'bundles',
      (ctx) => ({
        path: ['attestation_bundles'],
        donor: () => {
          const seed = ctx.rng.pick(ctx.seeds);
          return clone(getAt(seed.provenance, ctx.rng.pick(bundlePaths(seed.provenance))));
        },
      }),
    ],
    [
      'attestations',
      (ctx) => {
        const bundles = bundlePaths(ctx.doc.provenance);
        if (!bundles.length) return null;
        return {
          path: [...ctx.rng.pick(bundles), 'attestations'],
          donor: () => donorAttestation(ctx).att,
        };
      },
    ],
    [
      'transparency_entries',
      (ctx) => {
        const att = pickAttestation(ctx);
        if (!att) return null;
        return {
          path: [...att, 'verification_material', 'transparency_entries'],
          donor: () => getAt(donorAttestation(ctx).att, [...E0]),
        };
      },
    ],
    [
      'hashes',
      (ctx) => {
        const att = pickAttestation(ctx);
        if (!att) return null;
        return {
          path: [...att, ...E0, 'inclusionProof', 'hashes'],
          donor: () => {
            const h = getAt(donorAttestation(ctx).att, [...E0, 'inclusionProof', 'hashes']);
            return Array.isArray(h) && h.length ? ctx.rng.pick(h) : randomB64(ctx.rng, 32);
          },
        };
      },
    ],
  ];
  const defs: MutationDef[] = [];
  for (const [listName, locate] of lists) {
    for (const [opName, op] of LIST_OPS) {
      defs.push({
        name: `${listName}:${opName}`,
        group: 'structure',
        run: (ctx) => {
          const where = locate(ctx);
          if (!where) return null;
          const list = arrayAt(ctx, where.path);
          if (!list) return null;
          return structural(ctx, () => {
            const d = op(ctx, list, where.donor);
            return d && `${fmtPath(where.path)}: ${d}`;
          });
        },
      });
    }
  }
  return defs;
}
