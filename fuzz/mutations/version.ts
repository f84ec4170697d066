/**
 * The provenance and attestation `version` fields.
 */
import { pickAttestation, replace, type MutationDef } from './shared.js';

export function versionMutations(): MutationDef[] {
  const versions = [2, 0, -1, '1', 1.5, null, true, 2 ** 53];
  return [
    {
      name: 'version:provenance',
      group: 'version',
      run: (ctx) => {
        const v = ctx.rng.pick(versions);
        return replace(ctx, ['version'], v, JSON.stringify(v));
      },
    },
    {
      name: 'version:attestation',
      group: 'version',
      run: (ctx) => {
        const att = pickAttestation(ctx);
        const v = ctx.rng.pick(versions);
        return att && replace(ctx, [...att, 'version'], v, JSON.stringify(v));
      },
    },
  ];
}
