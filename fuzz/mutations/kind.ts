/**
 * The transparency entry's `kindVersion` and a Rekor v2 log ID.
 */
import { E0, pickAttestation, replace, type MutationDef } from './shared.js';

export function kindMutations(): MutationDef[] {
  return [
    {
      name: 'kindVersion',
      group: 'kind',
      run: (ctx) => {
        const att = pickAttestation(ctx);
        if (!att) return null;
        const [kind, version] = ctx.rng.pick([
          ['hashedrekord', '0.0.2'],
          ['hashedrekord', '0.0.1'],
          ['intoto', '0.0.2'],
          ['dsse', '0.0.2'],
          ['DSSE', '0.0.1'],
          ['dsse', '0.0.1 '],
          ['dsse', '0.0.1'],
        ]);
        return replace(
          ctx,
          [...att, ...E0, 'kindVersion'],
          { kind, version },
          `${kind}/${version}`,
        );
      },
    },
    {
      name: 'logId:rekor-v2',
      group: 'kind',
      run: (ctx) => {
        const att = pickAttestation(ctx);
        const other = 'zxGZFVvd0FEmjR8WrFwMdcAJ9vtaY/QXf44Y1wUeP6A=';
        return att && replace(ctx, [...att, ...E0, 'logId', 'keyId'], other, 'log2025-1 log ID');
      },
    },
  ];
}
