/**
 * RFC 3161 timestamps: none, garbage, or a real token for another signature.
 */
import { pickAttestation, randomB64, replace, type MutationDef } from './shared.js';

export function timestampMutations(): MutationDef[] {
  return [
    {
      name: 'timestamps:none',
      group: 'timestamps',
      run: (ctx) => {
        const att = pickAttestation(ctx);
        const v = ctx.rng.pick([null, [], undefined]);
        return (
          att &&
          replace(
            ctx,
            [...att, 'verification_material', 'timestamps'],
            v,
            JSON.stringify(v) ?? 'absent',
          )
        );
      },
    },
    {
      name: 'timestamps:garbage',
      group: 'timestamps',
      run: (ctx) => {
        const att = pickAttestation(ctx);
        const v = [randomB64(ctx.rng, 1 + ctx.rng.int(600))];
        return (
          att && replace(ctx, [...att, 'verification_material', 'timestamps'], v, 'random bytes')
        );
      },
    },
    {
      name: 'timestamps:foreign',
      group: 'timestamps',
      run: (ctx) => {
        const att = pickAttestation(ctx);
        if (!att || !ctx.extras.foreignTimestamps.length) return null;
        const v = [ctx.rng.pick(ctx.extras.foreignTimestamps)];
        return replace(
          ctx,
          [...att, 'verification_material', 'timestamps'],
          v,
          'real RFC 3161 token for another signature',
        );
      },
    },
  ];
}
