/**
 * Numbers (int64 strings): off by one, negative, too many digits, other spellings and JSON numbers.
 */
import { isUint, type Path } from '../spec.js';
import {
  E0,
  FULLWIDTH_DIGITS,
  getAt,
  pickAttestation,
  replace,
  type MutationDef,
} from './shared.js';

const NUMBER_FIELDS: [string, Path][] = [
  ['logIndex', [...E0, 'logIndex']],
  ['integratedTime', [...E0, 'integratedTime']],
  ['inclusionProof.logIndex', [...E0, 'inclusionProof', 'logIndex']],
  ['inclusionProof.treeSize', [...E0, 'inclusionProof', 'treeSize']],
];

function numberVariants(v: string): [string, unknown][] {
  const n = isUint(v) ? BigInt(v) : 0n;
  return [
    ['+1', String(n + 1n)],
    ['-1', String(n - 1n)],
    ['negated', `-${v}`],
    ['minus-one', '-1'],
    ['zero', '0'],
    ['max-20-digits', '99999999999999999999'],
    ['2^64', '18446744073709551616'],
    ['21-digits', `1${'0'.repeat(20)}`],
    ['2^53+1', '9007199254740993'],
    ['leading-zero', `0${v}`],
    ['decimal', `${v}.0`],
    ['exponent', `${Number(n) / 1000}e3`],
    ['hex', `0x${n.toString(16)}`],
    ['whitespace', ` ${v} `],
    ['plus-sign', `+${v}`],
    ['empty', ''],
    ['letters', 'abc'],
    ['NaN', 'NaN'],
    ['fullwidth-digits', FULLWIDTH_DIGITS(v)],
    ['as-json-number', Number(n)],
    ['as-negative-number', -1],
    ['as-float', 1.5],
    ['as-huge-number', 2 ** 64],
  ];
}

export function numberMutations(): MutationDef[] {
  return NUMBER_FIELDS.map(([field, rel]) => ({
    name: `number:${field}`,
    group: 'number',
    run: (ctx) => {
      const att = pickAttestation(ctx);
      if (!att) return null;
      const path = [...att, ...rel];
      const v = getAt(ctx.doc.provenance, path);
      if (typeof v !== 'string') return null;
      const [label, after] = ctx.rng.pick(numberVariants(v));
      return replace(ctx, path, after, `${label} ${JSON.stringify(after)}`);
    },
  }));
}
