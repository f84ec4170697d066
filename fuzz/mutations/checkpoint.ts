/**
 * Checkpoint: edits to the signed note and its signature lines.
 */
import {
  donorAttestation,
  E0,
  getAt,
  pickAttestation,
  randomB64,
  replace,
  type Ctx,
  type MutationDef,
} from './shared.js';

type CheckpointOp = (
  ctx: Ctx,
  cp: string,
) => { after: string; detail: string; noop?: boolean } | null;

/** Which part of a signed note character `i` is in (for reports). */
function checkpointRegion(cp: string, i: number): string {
  const split = cp.indexOf('\n\n');
  if (split < 0 || i <= split) return 'signed note';
  if (i === split + 1) return 'separator';
  const lineStart = cp.lastIndexOf('\n', i - 1) + 1;
  const line = cp.slice(lineStart, cp.indexOf('\n', i) < 0 ? undefined : cp.indexOf('\n', i));
  const at = i - lineStart;
  const m = /^\u2014 (\S+) (\S+)$/.exec(line);
  if (!m?.[1]) return i === cp.length - 1 ? 'final newline' : 'signature section';
  if (at < 2) return 'signature line prefix';
  if (at < 2 + m[1].length) return 'signer name';
  if (at === 2 + m[1].length) return 'signature line space';
  return i === lineStart + line.length ? 'line end' : 'signature token';
}

const CHECKPOINT_OPS: [string, CheckpointOp][] = [
  [
    'bitflip',
    (ctx, cp) => {
      const i = ctx.rng.int(cp.length);
      const c = String.fromCharCode(cp.charCodeAt(i) ^ (1 << ctx.rng.int(7)));
      const after = cp.slice(0, i) + c + cp.slice(i + 1);
      return {
        after,
        detail: `char ${i} (${checkpointRegion(cp, i)}) ${JSON.stringify(cp[i])}→${JSON.stringify(c)}`,
      };
    },
  ],
  [
    // A cosigner the verifier does not know. Signed-note verifiers need one valid signature by
    // the log and skip unknown keys (see the rekor2-checkpoint-cosigned conformance cases).
    'foreign-signature',
    (ctx, cp) => ({
      after: `${cp}\u2014 witness.example.org ${randomB64(ctx.rng, 68)}\n`,
      detail: 'unknown cosigner line appended',
    }),
  ],
  [
    'duplicate-signature',
    (_c, cp) => {
      const m = /\u2014 \S+ \S+\n/.exec(cp);
      return m ? { after: cp + m[0], detail: 'log signature line repeated' } : null;
    },
  ],
  [
    'drop-signatures',
    (_c, cp) => {
      const split = cp.indexOf('\n\n');
      return split < 0 ? null : { after: cp.slice(0, split + 2), detail: 'no signature lines' };
    },
  ],
  [
    'bogus-log-signature',
    (ctx, cp) => {
      // Same name and key hint as the log's line, another signature.
      const m = /\u2014 (\S+) (\S+)\n/.exec(cp);
      if (!m?.[2]) return null;
      const hint = Buffer.from(m[2], 'base64').subarray(0, 4);
      const sig = Buffer.concat([hint, Buffer.from(randomB64(ctx.rng, 70), 'base64')]);
      return {
        after: cp.replace(m[0], `\u2014 ${m[1]} ${sig.toString('base64')}\n`),
        detail: 'log signature replaced',
      };
    },
  ],
  [
    'other-signer-name',
    (_c, cp) => {
      const m = /\u2014 (\S+) /.exec(cp);
      return m
        ? { after: cp.replace(m[0], '\u2014 rekor.example.org '), detail: 'signer name changed' }
        : null;
    },
  ],
  [
    'note-line',
    (ctx, cp) => {
      const lines = cp.split('\n');
      const i = ctx.rng.int(3);
      const line = lines[i] ?? '';
      const variants = [
        `${line} `,
        line.replace(/[0-9]/, (d) => String((Number(d) + 1) % 10)),
        line.toUpperCase(),
        '',
      ].filter((l) => l !== line);
      lines[i] = ctx.rng.pick(variants);
      return {
        after: lines.join('\n'),
        detail: `note line ${i} → ${JSON.stringify(lines[i]).slice(0, 40)}`,
      };
    },
  ],
  [
    'extra-note-line',
    (_c, cp) => ({
      after: cp.replace('\n\n', '\nTimestamp: 0\n\n'),
      detail: 'extension line in note',
    }),
  ],
  ['crlf', (_c, cp) => ({ after: cp.replace(/\n/g, '\r\n'), detail: 'CRLF line ends' })],
  [
    'no-final-newline',
    (_c, cp) =>
      cp.endsWith('\n') ? { after: cp.slice(0, -1), detail: 'last newline removed' } : null,
  ],
  [
    'trailing-junk-line',
    (_c, cp) => ({ after: `${cp}junk\n`, detail: 'non-signature line appended' }),
  ],
];

export function checkpointMutations(): MutationDef[] {
  const defs: MutationDef[] = CHECKPOINT_OPS.map(([label, op]) => ({
    name: `checkpoint:${label}`,
    group: 'checkpoint',
    run: (ctx) => {
      const att = pickAttestation(ctx);
      if (!att) return null;
      const path = [...att, ...E0, 'inclusionProof', 'checkpoint', 'envelope'];
      const cp = getAt(ctx.doc.provenance, path);
      if (typeof cp !== 'string') return null;
      const r = op(ctx, cp);
      return r && replace(ctx, path, r.after, r.detail);
    },
  }));
  defs.push({
    name: 'checkpoint:donor',
    group: 'checkpoint',
    run: (ctx) => {
      const att = pickAttestation(ctx);
      if (!att) return null;
      const rel = [...E0, 'inclusionProof', 'checkpoint', 'envelope'];
      const { seed, att: donor } = donorAttestation(ctx);
      const after = getAt(donor, rel);
      return after === undefined
        ? null
        : replace(ctx, [...att, ...rel], after, `from ${seed.name}`);
    },
  });
  return defs;
}
