/**
 * Sizes: 2 MB strings and 10,000-element arrays at any location.
 */
import { allPaths, clone, getAt, replace, type MutationDef } from './shared.js';

const HUGE_STRING = 2 * 1024 * 1024;
const HUGE_ARRAY = 10_000;

export function sizeMutations(): MutationDef[] {
  return [
    {
      name: 'huge-string',
      group: 'size',
      run: (ctx) => {
        const path = ctx.rng.pick(allPaths(ctx.doc.provenance));
        const ch = ctx.rng.pick(['A', 'a', '\u0430', '\u200d']);
        return replace(ctx, path, ch.repeat(HUGE_STRING), `${HUGE_STRING} × ${JSON.stringify(ch)}`);
      },
    },
    {
      name: 'huge-array',
      group: 'size',
      run: (ctx) => {
        const path = ctx.rng.pick(allPaths(ctx.doc.provenance));
        const v = getAt(ctx.doc.provenance, path);
        let items: unknown[] = Array.isArray(v) && v.length ? v : [v];
        // Repeat small elements only, so later mutations (re-serialising, cloning) stay cheap.
        if (JSON.stringify(items).length > 2048) items = [ctx.rng.pick(['AAAA', 0, null, {}])];
        const after = Array.from({ length: HUGE_ARRAY }, (_x, i) => clone(items[i % items.length]));
        return replace(
          ctx,
          path,
          after,
          `${HUGE_ARRAY} × ${JSON.stringify(items[0]).slice(0, 40)}`,
        );
      },
    },
  ];
}
