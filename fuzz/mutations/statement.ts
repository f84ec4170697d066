/**
 * Statement: the in-toto statement re-encoded (so it no longer matches the signature) with
 * changed subjects, digests, types or JSON text.
 */
import { b64Bytes, bytesB64, isB64, isRecord } from '../spec.js';
import { lookalike } from './lookalike.js';
import {
  deepShuffle,
  donorAttestation,
  getAt,
  pickAttestation,
  replace,
  type Ctx,
  type MutationDef,
} from './shared.js';

const UTF8 = new TextEncoder();
const UTF8_DECODE = new TextDecoder('utf-8', { fatal: true });

type StatementOp = (ctx: Ctx, st: Record<string, unknown>, text: string) => string | null;

function subjects(st: Record<string, unknown>): Record<string, unknown>[] | null {
  return Array.isArray(st.subject) && st.subject.every(isRecord)
    ? (st.subject as Record<string, unknown>[])
    : null;
}

function donorSubject(ctx: Ctx): unknown {
  const { att } = donorAttestation(ctx);
  const b64 = getAt(att, ['envelope', 'statement']);
  if (!isB64(b64)) return null;
  const st = JSON.parse(UTF8_DECODE.decode(b64Bytes(b64))) as unknown;
  return isRecord(st) && Array.isArray(st.subject) ? st.subject[0] : null;
}

const STATEMENT_OPS: [string, StatementOp][] = [
  ['reserialize-compact', (_c, st) => JSON.stringify(st)],
  ['reserialize-pretty', (_c, st) => JSON.stringify(st, null, 2)],
  ['shuffle-keys', (c, st) => JSON.stringify(deepShuffle(c.rng, st))],
  [
    'subject-duplicate',
    (_c, st) => {
      const s = subjects(st);
      return s ? JSON.stringify({ ...st, subject: [...s, ...s] }) : null;
    },
  ],
  ['subject-empty', (_c, st) => JSON.stringify({ ...st, subject: [] })],
  ['subject-missing', (_c, st) => JSON.stringify({ ...st, subject: undefined })],
  [
    'subject-from-other-file',
    (c, st) => {
      const other = donorSubject(c);
      return other ? JSON.stringify({ ...st, subject: [other] }) : null;
    },
  ],
  [
    'subject-add-other-file',
    (c, st) => {
      const s = subjects(st);
      const other = donorSubject(c);
      return s && other ? JSON.stringify({ ...st, subject: [...s, other] }) : null;
    },
  ],
  [
    'subject-name-lookalike',
    (c, st) => {
      const s = subjects(st);
      const name = s?.[0]?.name;
      if (!s || typeof name !== 'string') return null;
      const r = lookalike(c.rng, name);
      return r && JSON.stringify({ ...st, subject: [{ ...s[0], name: r.after }, ...s.slice(1)] });
    },
  ],
  [
    'digest-changed',
    (c, st) => {
      const s = subjects(st);
      const d = s?.[0]?.digest;
      if (!s || !isRecord(d) || typeof d.sha256 !== 'string') return null;
      const i = c.rng.int(d.sha256.length);
      const ch = d.sha256[i] === '0' ? '1' : '0';
      const sha256 = d.sha256.slice(0, i) + ch + d.sha256.slice(i + 1);
      return JSON.stringify({ ...st, subject: [{ ...s[0], digest: { ...d, sha256 } }] });
    },
  ],
  [
    'digest-uppercase',
    (_c, st) => {
      const s = subjects(st);
      const d = s?.[0]?.digest;
      if (!s || !isRecord(d) || typeof d.sha256 !== 'string') return null;
      const digest = { ...d, sha256: d.sha256.toUpperCase() };
      return JSON.stringify({ ...st, subject: [{ ...s[0], digest }] });
    },
  ],
  [
    'predicate-type',
    (c, st) =>
      JSON.stringify({
        ...st,
        predicateType: c.rng.pick([
          'https://slsa.dev/provenance/v0.2',
          'https://docs.pypi.org/attestations/publish/v2',
          'https://docs.pypi.org/attestations/publish/v1 ',
          null,
        ]),
      }),
  ],
  [
    'statement-type',
    (_c, st) => JSON.stringify({ ...st, _type: 'https://in-toto.io/Statement/v0.1' }),
  ],
  ['predicate-nonempty', (_c, st) => JSON.stringify({ ...st, predicate: { evil: true } })],
  ['wrong-types', (_c, st) => JSON.stringify({ ...st, subject: { name: 1, digest: 'x' } })],
  ['not-json', (_c, _st, text) => `${text}}`],
  ['bom-prefix', (_c, _st, text) => `\ufeff${text}`],
  ['duplicate-key', (_c, _st, text) => text.replace(/^\{/, '{"subject":[],')],
  ['huge', (_c, st) => JSON.stringify({ ...st, padding: 'x'.repeat(700_000) })],
];

export function statementMutations(): MutationDef[] {
  return STATEMENT_OPS.map(([label, op]) => ({
    name: `statement:${label}`,
    group: 'statement',
    run: (ctx) => {
      const att = pickAttestation(ctx);
      if (!att) return null;
      const path = [...att, 'envelope', 'statement'];
      const b64 = getAt(ctx.doc.provenance, path);
      if (!isB64(b64)) return null;
      let text: string;
      let st: unknown;
      try {
        text = UTF8_DECODE.decode(b64Bytes(b64));
        st = JSON.parse(text);
      } catch {
        return null;
      }
      if (!isRecord(st)) return null;
      const next = op(ctx, st, text);
      if (next === null) return null;
      return replace(ctx, path, bytesB64(UTF8.encode(next)), `${next.length} bytes re-encoded`);
    },
  }));
}
