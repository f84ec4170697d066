/**
 * Types: any location set to a value of another JSON type, or the same value in another type.
 */
import { allPaths, clone, getAt, jsonType, replace, type MutationDef } from './shared.js';

const TYPE_SAMPLES: Record<string, unknown[]> = {
  null: [null],
  boolean: [true, false],
  number: [0, 1, -1, 1.5, 1e300],
  string: ['', 'x', '1', 'null'],
  object: [{}, { a: 1 }],
  array: [[], [null], [{}]],
};

export function typeMutations(): MutationDef[] {
  const defs: MutationDef[] = Object.keys(TYPE_SAMPLES).map((type) => ({
    name: `wrong-type→${type}`,
    group: 'type',
    run: (ctx) => {
      const paths = allPaths(ctx.doc.provenance).filter(
        (p) => jsonType(getAt(ctx.doc.provenance, p)) !== type,
      );
      if (!paths.length) return null;
      const path = ctx.rng.pick(paths);
      const before = getAt(ctx.doc.provenance, path);
      const after = clone(ctx.rng.pick(TYPE_SAMPLES[type] ?? [null]));
      return replace(ctx, path, after, `${jsonType(before)} → ${JSON.stringify(after)}`);
    },
  }));
  defs.push({
    // The same value in another JSON type: 1 ↔ "1", "147137139" ↔ 147137139.
    name: 'wrong-type:same-value',
    group: 'type',
    run: (ctx) => {
      const paths = allPaths(ctx.doc.provenance).filter((p) => {
        const v = getAt(ctx.doc.provenance, p);
        return typeof v === 'number' || (typeof v === 'string' && /^-?[0-9]{1,15}$/.test(v));
      });
      if (!paths.length) return null;
      const path = ctx.rng.pick(paths);
      const v = getAt(ctx.doc.provenance, path);
      const after = typeof v === 'number' ? String(v) : Number(v);
      return replace(ctx, path, after, `${JSON.stringify(v)} → ${JSON.stringify(after)}`);
    },
  });
  return defs;
}
