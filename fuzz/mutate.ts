/**
 * Deterministic mutation of real PEP 740 provenance objects. Each fuzz case starts from one
 * real, verifying case (a seed), applies one to three named mutations and records, for each,
 * whether it is a semantic no-op according to the model in spec.ts. The case is expected to
 * verify exactly when every mutation applied was a no-op.
 */
import { Rng } from './rng.js';
import {
  b64Bytes,
  bytesB64,
  isB64,
  isRecord,
  isUint,
  sameMeaning,
  type KnownValid,
  type Path,
} from './spec.js';

export interface FuzzInput {
  filename: string;
  sha256: string;
  provenance: unknown;
}

export interface Seed extends FuzzInput {
  name: string;
}

export interface Extras {
  /** Real RFC 3161 timestamp tokens (base64) made for other signatures. */
  foreignTimestamps: string[];
}

export interface Applied {
  name: string;
  noop: boolean;
  detail: string;
  /** Mutates verifyProvenance's filename/sha256 arguments rather than the provenance. */
  input?: boolean;
}

export interface FuzzCase {
  index: number;
  seed: string;
  /** The real case's own filename and sha256 (before input mutations). */
  base: { filename: string; sha256: string };
  input: FuzzInput;
  mutations: Applied[];
  /** Every mutation was a no-op: the case must verify. */
  noop: boolean;
}

interface Ctx {
  rng: Rng;
  seed: Seed;
  seeds: readonly Seed[];
  extras: Extras;
  known: KnownValid;
  doc: FuzzInput;
}

type Outcome = { noop: boolean; detail: string; name?: string; input?: boolean };
type Run = (ctx: Ctx) => Outcome | null;

interface MutationDef {
  name: string;
  group: string;
  run: Run;
}

// --- JSON helpers ---------------------------------------------------------------------------

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function getAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const k of path) {
    if (Array.isArray(cur) && typeof k === 'number') cur = cur[k];
    else if (isRecord(cur) && typeof k === 'string' && hasOwn(cur, k)) cur = cur[k];
    else return undefined;
  }
  return cur;
}

/** Sets (or, for `undefined`, removes) the value at `path`; own properties only. */
function setAt(root: unknown, path: Path, value: unknown): boolean {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) && typeof key === 'number') {
    if (value === undefined) parent.splice(key, 1);
    else parent[key] = value;
    return true;
  }
  if (isRecord(parent) && typeof key === 'string') {
    if (value === undefined) delete parent[key];
    // defineProperty, so that a key named "__proto__" is an own property (as JSON.parse makes it).
    else
      Object.defineProperty(parent, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    return true;
  }
  return false;
}

/** Every location in a JSON value (not the root); big arrays are sampled. */
function allPaths(root: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(root)) {
    const n = Math.min(root.length, 64);
    for (let i = 0; i < n; i++) {
      out.push([...prefix, i]);
      allPaths(root[i], [...prefix, i], out);
    }
  } else if (isRecord(root)) {
    for (const k of Object.keys(root)) {
      out.push([...prefix, k]);
      allPaths(root[k], [...prefix, k], out);
    }
  }
  return out;
}

const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;

/** Replaces the value at `path` and reports whether the model sees a change of meaning. */
function replace(ctx: Ctx, path: Path, after: unknown, detail: string): Outcome | null {
  const prov = ctx.doc.provenance;
  const before = getAt(prov, path);
  const noop = sameMeaning(prov, path, before, after);
  if (!setAt(prov, path, after)) return null;
  return { noop, detail: `${fmtPath(path)}: ${detail}` };
}

function fmtPath(path: Path): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

// --- Locating attestations ------------------------------------------------------------------

const E0: Path = ['verification_material', 'transparency_entries', 0];

function attestationPaths(prov: unknown): Path[] {
  const out: Path[] = [];
  const bundles = isRecord(prov) ? prov.attestation_bundles : undefined;
  if (!Array.isArray(bundles)) return out;
  bundles.forEach((b: unknown, i) => {
    const atts = isRecord(b) ? b.attestations : undefined;
    if (!Array.isArray(atts)) return;
    atts.forEach((a: unknown, j) => {
      if (isRecord(a)) out.push(['attestation_bundles', i, 'attestations', j]);
    });
  });
  return out;
}

function pickAttestation(ctx: Ctx): Path | null {
  const paths = attestationPaths(ctx.doc.provenance);
  return paths.length ? ctx.rng.pick(paths) : null;
}

/** A random attestation of a random seed (possibly the same file, possibly another). */
function donorAttestation(ctx: Ctx): { seed: Seed; att: unknown } {
  const seed = ctx.rng.pick(ctx.seeds);
  const paths = attestationPaths(seed.provenance);
  const path = ctx.rng.pick(paths);
  return { seed, att: clone(getAt(seed.provenance, path)) };
}

function bundlePaths(prov: unknown): Path[] {
  const bundles = isRecord(prov) ? prov.attestation_bundles : undefined;
  if (!Array.isArray(bundles)) return [];
  return bundles.flatMap((b: unknown, i) => (isRecord(b) ? [['attestation_bundles', i]] : []));
}

// --- Base64 fields --------------------------------------------------------------------------

type Resolve = (ctx: Ctx, att: Path) => Path | null;

const B64_FIELDS: [string, Resolve][] = [
  ['envelope.signature', (_c, a) => [...a, 'envelope', 'signature']],
  ['envelope.statement', (_c, a) => [...a, 'envelope', 'statement']],
  ['certificate', (_c, a) => [...a, 'verification_material', 'certificate']],
  ['canonicalizedBody', (_c, a) => [...a, ...E0, 'canonicalizedBody']],
  ['logId.keyId', (_c, a) => [...a, ...E0, 'logId', 'keyId']],
  ['signedEntryTimestamp', (_c, a) => [...a, ...E0, 'inclusionPromise', 'signedEntryTimestamp']],
  ['inclusionProof.rootHash', (_c, a) => [...a, ...E0, 'inclusionProof', 'rootHash']],
  [
    'inclusionProof.hashes[i]',
    (c, a) => {
      const hashes = getAt(c.doc.provenance, [...a, ...E0, 'inclusionProof', 'hashes']);
      if (!Array.isArray(hashes) || hashes.length === 0) return null;
      return [...a, ...E0, 'inclusionProof', 'hashes', c.rng.int(hashes.length)];
    },
  ],
];

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

type B64Op = (ctx: Ctx, value: string, relPath: Path) => { after: unknown; detail: string } | null;

const B64_OPS: [string, B64Op][] = [
  [
    'bitflip',
    (ctx, v) => {
      if (!isB64(v)) return null;
      const bytes = b64Bytes(v);
      if (bytes.length === 0) return null;
      const flips: string[] = [];
      for (let n = 1 + ctx.rng.int(3); n > 0; n--) {
        const i = ctx.rng.int(bytes.length);
        const bit = ctx.rng.int(8);
        bytes[i] = (bytes[i] ?? 0) ^ (1 << bit);
        flips.push(`byte ${i} bit ${bit}`);
      }
      return { after: bytesB64(bytes), detail: `flip ${flips.join(', ')} of ${bytes.length}` };
    },
  ],
  [
    'text-bitflip',
    (ctx, v) => {
      if (v.length === 0) return null;
      const i = ctx.rng.int(v.length);
      const bit = ctx.rng.int(7);
      const c = String.fromCharCode(v.charCodeAt(i) ^ (1 << bit));
      return {
        after: v.slice(0, i) + c + v.slice(i + 1),
        detail: `char ${i} ${JSON.stringify(v[i])}→${JSON.stringify(c)}`,
      };
    },
  ],
  [
    'truncate',
    (ctx, v) => {
      if (!isB64(v)) return null;
      const bytes = b64Bytes(v);
      if (bytes.length === 0) return null;
      const n = 1 + ctx.rng.int(Math.min(3, bytes.length));
      return { after: bytesB64(bytes.slice(0, bytes.length - n)), detail: `drop last ${n} bytes` };
    },
  ],
  [
    'append-byte',
    (ctx, v) => {
      if (!isB64(v)) return null;
      const b = ctx.rng.int(256);
      return {
        after: bytesB64(new Uint8Array([...b64Bytes(v), b])),
        detail: `append 0x${b.toString(16)}`,
      };
    },
  ],
  [
    // Same bytes, another spelling: set the unused low bits of the last data character.
    'noncanonical-padding',
    (ctx, v) => {
      if (!isB64(v) || !v.endsWith('=')) return null;
      const pad = v.endsWith('==') ? 2 : 1;
      const i = v.length - pad - 1;
      const unusedBits = pad === 2 ? 4 : 2;
      const mask = (1 << unusedBits) - 1;
      const value = B64_ALPHABET.indexOf(v[i] ?? 'A');
      const low = 1 + ctx.rng.int(mask);
      const c = B64_ALPHABET[(value & ~mask) | low] ?? 'A';
      return {
        after: v.slice(0, i) + c + v.slice(i + 1),
        detail: `${v[i]}→${c} before "${'='.repeat(pad)}"`,
      };
    },
  ],
  [
    'encoding-variant',
    (ctx, v) => {
      const variants: [string, string][] = [];
      if (/[+/]/.test(v)) variants.push(['url-safe', v.replace(/\+/g, '-').replace(/\//g, '_')]);
      if (v.endsWith('=')) variants.push(['unpadded', v.replace(/=+$/, '')]);
      if (v.length > 64) variants.push(['wrapped', v.replace(/(.{64})/g, '$1\n')]);
      variants.push(['leading-space', ` ${v}`], ['trailing-newline', `${v}\n`]);
      const [label, after] = ctx.rng.pick(variants);
      return { after, detail: label };
    },
  ],
  [
    'donor',
    (ctx, _v, rel) => {
      const { seed, att } = donorAttestation(ctx);
      const after = getAt(att, rel);
      return after === undefined ? null : { after, detail: `from ${seed.name}` };
    },
  ],
  ['empty', () => ({ after: '', detail: 'empty string' })],
  [
    'size-limit',
    (ctx) => {
      const over = ctx.rng.chance(0.5);
      const n = (1 << 20) + (over ? 4 : 0);
      return { after: 'A'.repeat(n), detail: `${n} base64 chars (${over ? 'over' : 'at'} 1 MiB)` };
    },
  ],
];

function b64Mutations(): MutationDef[] {
  const defs: MutationDef[] = [];
  for (const [op, fn] of B64_OPS) {
    for (const [field, resolve] of B64_FIELDS) {
      defs.push({
        name: `${op}:${field}`,
        group: 'b64',
        run: (ctx) => {
          const att = pickAttestation(ctx);
          const path = att && resolve(ctx, att);
          if (!att || !path) return null;
          const v = getAt(ctx.doc.provenance, path);
          if (typeof v !== 'string') return null;
          const r = fn(ctx, v, path.slice(att.length));
          return r && replace(ctx, path, r.after, r.detail);
        },
      });
    }
  }
  return defs;
}

// --- Numbers (int64 strings) ----------------------------------------------------------------

const NUMBER_FIELDS: [string, Path][] = [
  ['logIndex', [...E0, 'logIndex']],
  ['integratedTime', [...E0, 'integratedTime']],
  ['inclusionProof.logIndex', [...E0, 'inclusionProof', 'logIndex']],
  ['inclusionProof.treeSize', [...E0, 'inclusionProof', 'treeSize']],
];

const FULLWIDTH_DIGITS = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

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

function numberMutations(): MutationDef[] {
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

// --- Types, keys, sizes ---------------------------------------------------------------------

const TYPE_SAMPLES: Record<string, unknown[]> = {
  null: [null],
  boolean: [true, false],
  number: [0, 1, -1, 1.5, 1e300],
  string: ['', 'x', '1', 'null'],
  object: [{}, { a: 1 }],
  array: [[], [null], [{}]],
};

function typeMutations(): MutationDef[] {
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

function keyPaths(prov: unknown): Path[] {
  return allPaths(prov).filter((p) => typeof p[p.length - 1] === 'string');
}

const KEY_POOL = [
  'claims',
  'extra',
  'x-comment',
  'Version',
  'log_index',
  'logindex',
  'rootHash',
  'timestamps',
  'integratedTime',
  'environment',
  'workflow_filepath',
  'email',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '__proto__',
  '',
];

function valuePool(ctx: Ctx): unknown[] {
  return [
    null,
    0,
    'x',
    '',
    {},
    [],
    { claims: null },
    { repository: 'evil/evil', kind: 'GitHub' },
    donorAttestation(ctx).att,
  ];
}

function keyMutations(): MutationDef[] {
  return [
    {
      name: 'remove-key',
      group: 'keys',
      run: (ctx) => {
        const paths = keyPaths(ctx.doc.provenance);
        if (!paths.length) return null;
        return replace(ctx, ctx.rng.pick(paths), undefined, 'removed');
      },
    },
    {
      name: 'rename-key',
      group: 'keys',
      run: (ctx) => {
        const paths = keyPaths(ctx.doc.provenance);
        if (!paths.length) return null;
        const path = ctx.rng.pick(paths);
        const key = String(path[path.length - 1]);
        const variants = [
          key.toUpperCase(),
          key.toLowerCase(),
          key.charAt(0).toUpperCase() + key.slice(1),
          key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
          key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
          `${key} `,
          `\u200b${key}`,
        ].filter((k) => k !== key);
        if (!variants.length) return null;
        const renamed = ctx.rng.pick(variants);
        const prov = ctx.doc.provenance;
        const value = getAt(prov, path);
        const newPath = [...path.slice(0, -1), renamed];
        const existing = getAt(prov, newPath);
        const noop =
          sameMeaning(prov, path, value, undefined) && sameMeaning(prov, newPath, existing, value);
        setAt(prov, path, undefined);
        setAt(prov, newPath, value);
        return { noop, detail: `${fmtPath(path)} → ${JSON.stringify(renamed)}` };
      },
    },
    {
      name: 'add-key',
      group: 'keys',
      run: (ctx) => {
        const objects = [[] as Path, ...allPaths(ctx.doc.provenance)].filter((p) =>
          isRecord(getAt(ctx.doc.provenance, p)),
        );
        const path = ctx.rng.pick(objects);
        const key = ctx.rng.pick(KEY_POOL);
        const value = clone(ctx.rng.pick(valuePool(ctx)));
        return replace(ctx, [...path, key], value, `= ${JSON.stringify(value).slice(0, 60)}`);
      },
    },
    {
      // Remove a key but offer its value through an own "__proto__" key (as JSON.parse makes
      // it): a verifier that copied objects with plain assignment would inherit the value.
      name: 'proto-shadow',
      group: 'keys',
      run: (ctx) => {
        const paths = keyPaths(ctx.doc.provenance).filter((p) => p[p.length - 1] !== '__proto__');
        if (!paths.length) return null;
        const path = ctx.rng.pick(paths);
        const prov = ctx.doc.provenance;
        const value = getAt(prov, path);
        const noop = sameMeaning(prov, path, value, undefined);
        setAt(prov, path, undefined);
        const protoPath = [...path.slice(0, -1), '__proto__'];
        setAt(prov, protoPath, { [String(path[path.length - 1])]: value });
        return { noop, detail: `${fmtPath(path)} moved under own __proto__` };
      },
    },
  ];
}

const HUGE_STRING = 2 * 1024 * 1024;
const HUGE_ARRAY = 10_000;

function sizeMutations(): MutationDef[] {
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

// --- Unicode look-alikes --------------------------------------------------------------------

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

function lookalike(rng: Rng, s: string): { label: string; after: string } | null {
  for (const [label, fn] of rng.shuffle(LOOKALIKES)) {
    const after = fn(rng, s);
    if (after !== null && after !== s) return { label, after };
  }
  return null;
}

const PUBLISHER_FIELDS = ['repository', 'workflow', 'workflow_filepath', 'email', 'environment'];

function publisherPaths(ctx: Ctx): Path[] {
  return bundlePaths(ctx.doc.provenance)
    .map((b) => [...b, 'publisher'])
    .filter((p) => isRecord(getAt(ctx.doc.provenance, p)));
}

function lookalikeMutations(): MutationDef[] {
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

// --- Publisher ------------------------------------------------------------------------------

function publisherMutations(): MutationDef[] {
  const onPublisher =
    (fn: (ctx: Ctx, path: Path, pub: Record<string, unknown>) => Outcome | null): Run =>
    (ctx) => {
      const pubs = publisherPaths(ctx);
      if (!pubs.length) return null;
      const path = ctx.rng.pick(pubs);
      return fn(ctx, path, getAt(ctx.doc.provenance, path) as Record<string, unknown>);
    };
  return [
    {
      name: 'publisher:kind',
      group: 'publisher',
      run: onPublisher((ctx, path) => {
        const kind = ctx.rng.pick([
          'github',
          'GITHUB',
          'GitHub ',
          'Github',
          'GitLab',
          'Google',
          'ActiveState',
          '',
        ]);
        return replace(ctx, [...path, 'kind'], kind, JSON.stringify(kind));
      }),
    },
    {
      name: 'publisher:repository-variant',
      group: 'publisher',
      run: onPublisher((ctx, path, pub) => {
        if (typeof pub.repository !== 'string') return null;
        const r = pub.repository;
        const [owner = '', name = ''] = r.split('/');
        const variants = [
          r.toUpperCase(),
          `${owner.charAt(0).toUpperCase()}${owner.slice(1)}/${name}`,
          `${owner}/${name}.git`,
          `github.com/${r}`,
          `https://github.com/${r}`,
          `${r}/`,
          `/${r}`,
          `${owner}/${name}-fork`,
          `${owner}-evil/${name}`,
          name,
          `${owner}/${name}/../${name}`,
        ].filter((v) => v !== r);
        if (!variants.length) return null;
        const variant = ctx.rng.pick(variants);
        return replace(ctx, [...path, 'repository'], variant, JSON.stringify(variant));
      }),
    },
    {
      name: 'publisher:workflow-variant',
      group: 'publisher',
      run: onPublisher((ctx, path, pub) => {
        const field = typeof pub.workflow === 'string' ? 'workflow' : 'workflow_filepath';
        const w = pub[field];
        if (typeof w !== 'string') return null;
        const variants = [
          w.toUpperCase(),
          `.github/workflows/${w}`,
          w.replace(/\.yml$/, '.yaml'),
          `${w}@refs/heads/main`,
          `./${w}`,
          `${w} `,
          `other-${w}`,
          w.replace(/\.ya?ml$/, ''),
          `../${w}`,
        ].filter((v) => v !== w);
        if (!variants.length) return null;
        const variant = ctx.rng.pick(variants);
        return replace(ctx, [...path, field], variant, `${field} ${JSON.stringify(variant)}`);
      }),
    },
    {
      // Not part of the identity policy (pypi-attestations does not check it): a no-op.
      name: 'publisher:environment',
      group: 'publisher',
      run: onPublisher((ctx, path) => {
        const env = ctx.rng.pick(['', 'pypi', 'release', null, undefined, 'x'.repeat(1024)]);
        return replace(ctx, [...path, 'environment'], env, JSON.stringify(env) ?? 'removed');
      }),
    },
    {
      // A field another publisher kind uses (e.g. `email` on a GitHub publisher): ignored.
      name: 'publisher:unused-field',
      group: 'publisher',
      run: onPublisher((ctx, path, pub) => {
        const fields = ['workflow', 'workflow_filepath', 'email'].filter((f) => !hasOwn(pub, f));
        if (!fields.length) return null;
        const field = ctx.rng.pick(fields);
        const value = ctx.rng.pick(['release.yml', 'evil@example.com', '']);
        return replace(ctx, [...path, field], value, `${field} ${JSON.stringify(value)}`);
      }),
    },
    {
      name: 'publisher:donor',
      group: 'publisher',
      run: onPublisher((ctx, path) => {
        const seed = ctx.rng.pick(ctx.seeds);
        const pubs = bundlePaths(seed.provenance).map((b) =>
          getAt(seed.provenance, [...b, 'publisher']),
        );
        return replace(ctx, path, clone(ctx.rng.pick(pubs)), `from ${seed.name}`);
      }),
    },
  ];
}

// --- Statement ------------------------------------------------------------------------------

const UTF8 = new TextEncoder();
const UTF8_DECODE = new TextDecoder('utf-8', { fatal: true });

type StatementOp = (ctx: Ctx, st: Record<string, unknown>, text: string) => string | null;

function deepShuffle(rng: Rng, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => deepShuffle(rng, x));
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of rng.shuffle(Object.keys(v))) {
    Object.defineProperty(out, k, {
      value: deepShuffle(rng, v[k]),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}

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

function statementMutations(): MutationDef[] {
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

// --- Checkpoint -----------------------------------------------------------------------------

type CheckpointOp = (
  ctx: Ctx,
  cp: string,
) => { after: string; detail: string; noop?: boolean } | null;

function randomB64(rng: Rng, n: number): string {
  return bytesB64(Uint8Array.from({ length: n }, () => rng.int(256)));
}

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

function checkpointMutations(): MutationDef[] {
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

// --- Structure: entries, attestations, bundles ----------------------------------------------

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

function listMutations(): MutationDef[] {
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

// --- Versions, kinds, timestamps ------------------------------------------------------------

function miscMutations(): MutationDef[] {
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

// --- verifyProvenance's own inputs ----------------------------------------------------------

function canonicalName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Splits a distribution filename into (project name, rest). */
function splitFilename(filename: string): [string, string] {
  if (filename.endsWith('.whl')) {
    const i = filename.indexOf('-');
    return [filename.slice(0, i), filename.slice(i)];
  }
  const stem = filename.replace(/\.(tar\.gz|zip)$/, '');
  const i = stem.lastIndexOf('-');
  return [filename.slice(0, i), filename.slice(i)];
}

function inputMutations(): MutationDef[] {
  return [
    {
      // Hex digests are case-insensitive.
      name: 'input:sha256-uppercase',
      group: 'input',
      run: (ctx) => {
        ctx.doc.sha256 = ctx.doc.sha256.toUpperCase();
        return { noop: true, detail: ctx.doc.sha256, input: true };
      },
    },
    {
      name: 'input:sha256-changed',
      group: 'input',
      run: (ctx) => {
        const s = ctx.doc.sha256;
        const i = ctx.rng.int(s.length);
        const variants = [
          s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1),
          s.slice(1),
          `${s}0`,
          `sha256:${s}`,
          ` ${s}`,
          '',
          s.replace(/[0-9]/, (d) => String.fromCharCode(0xff10 + Number(d))),
        ];
        ctx.doc.sha256 = ctx.rng.pick(variants);
        return { noop: false, detail: JSON.stringify(ctx.doc.sha256), input: true };
      },
    },
    {
      // PEP 503 name normalization: case and runs of -_. do not matter (pypi-attestations
      // compares parsed names); anything else (look-alikes, invisible characters) does.
      name: 'input:filename-name',
      group: 'input',
      run: (ctx) => {
        const [name, rest] = splitFilename(ctx.doc.filename);
        const wheel = ctx.doc.filename.endsWith('.whl');
        let label: string;
        let after: string;
        if (ctx.rng.chance(0.3)) {
          label = 'separator';
          const to = wheel ? '.' : ctx.rng.pick(['.', '-', '__', '_-_']);
          after = name.replace(/[-_.]/g, to);
          if (after === name) after = name.toUpperCase();
        } else {
          const r = lookalike(ctx.rng, name);
          if (!r) return null;
          label = r.label;
          after = r.after;
        }
        ctx.doc.filename = after + rest;
        // A wheel's name must not contain "-" (nor "__") to parse at all.
        const parses = !wheel || (!/[-]/.test(after) && !after.includes('__'));
        const noop =
          parses && canonicalName(after) === canonicalName(name) && /^[A-Za-z0-9._-]+$/.test(after);
        return { noop, detail: `${label} ${JSON.stringify(ctx.doc.filename)}`, input: true };
      },
    },
    {
      // PEP 440 equality: 4.0.0 == 4.0.0.0 == v4.0.0 (pypi-attestations compares Version objects).
      name: 'input:filename-version',
      group: 'input',
      run: (ctx) => {
        const m = /^([^-]+-)([^-]+?)(-.*\.whl|\.tar\.gz|\.zip)$/.exec(ctx.doc.filename);
        if (!m?.[1] || !m[2] || !m[3]) return null;
        const v = m[2];
        const variants: [string, string, boolean][] = [
          ['zero-padded', v.replace(/^(v?[0-9]+(?:\.[0-9]+)*)/, '$1.0'), true],
          // PEP 440 allows one leading "v" (so "vv…" is not a version: only add it once).
          ['v-prefix', /^v/i.test(v) ? v : `v${v}`, true],
          ['bumped', v.replace(/[0-9](?=[^0-9]*$)/, (d) => String((Number(d) + 1) % 10)), false],
          ['post-release', `${v}.post1`, false],
          ['fullwidth', FULLWIDTH_DIGITS(v), false],
        ];
        const options = variants.filter(([, version]) => version !== v);
        if (!options.length) return null;
        const [label, version, noop] = ctx.rng.pick(options);
        ctx.doc.filename = m[1] + version + m[3];
        return { noop, detail: `${label} ${JSON.stringify(ctx.doc.filename)}`, input: true };
      },
    },
    {
      name: 'input:filename-other',
      group: 'input',
      run: (ctx) => {
        const f = ctx.doc.filename;
        const variants: [string, boolean][] = [
          // pypi-attestations compares parsed sdist names as (name, version): the archive
          // extension is not part of it, and the sha256 check still pins the exact bytes, so
          // a .tar.gz subject for a file named .zip (same digest) is the same distribution.
          // Reported as an observation (see fuzz/README.md), not a weakness.
          [f.replace(/\.tar\.gz$/, '.zip'), true],
          [f.replace(/\.whl$/, '.WHL'), false],
          [f.replace(/\.tar\.gz$/, '.tgz'), false],
          [`../${f}`, false],
          [`${f} `, false],
          [f.replace('-py3-none-any', '-py2.py3-none-any'), false],
          [f.replace('-py3-none-any', '-1-py3-none-any'), false],
          [f.replace('-py3-none-any', '-py3-none-manylinux1_x86_64'), false],
          [ctx.rng.pick(ctx.seeds).filename, false],
        ];
        const options = variants.filter(([v]) => v !== f);
        const [after, noop] = ctx.rng.pick(options);
        ctx.doc.filename = after;
        return { noop, detail: JSON.stringify(after), input: true };
      },
    },
  ];
}

// --- Re-serialisation (semantic no-ops) -----------------------------------------------------

/** JSON text with shuffled keys, random indentation and random \u escapes, parsed back. */
function reserialize(rng: Rng, v: unknown): unknown {
  const indent = rng.pick(['', ' ', '  ', '\t', '\n']);
  // Escape code unit by code unit, so an existing escape (e.g. \n) is never split.
  const str = (s: string): string =>
    s.length > 4096
      ? JSON.stringify(s)
      : `"${Array.from({ length: s.length }, (_x, i) => {
          const c = s.charAt(i);
          if (/[a-zA-Z]/.test(c) && rng.chance(0.02)) {
            return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
          }
          return JSON.stringify(c).slice(1, -1);
        }).join('')}"`;
  const write = (x: unknown): string => {
    if (Array.isArray(x)) return `[${x.map(write).join(`,${indent}`)}]`;
    if (isRecord(x)) {
      const keys = rng.shuffle(Object.keys(x));
      return `{${indent}${keys.map((k) => `${str(k)}${indent ? ': ' : ':'}${write(x[k])}`).join(`,${indent}`)}${indent}}`;
    }
    return typeof x === 'string' ? str(x) : JSON.stringify(x);
  };
  return JSON.parse(write(v)) as unknown;
}

function jsonMutations(): MutationDef[] {
  return [
    {
      name: 'json:reserialize',
      group: 'json',
      run: (ctx) => {
        ctx.doc.provenance = reserialize(ctx.rng, ctx.doc.provenance);
        return { noop: true, detail: 'keys shuffled, whitespace and \\u escapes, parsed back' };
      },
    },
    {
      name: 'json:shuffle-keys',
      group: 'json',
      run: (ctx) => {
        ctx.doc.provenance = deepShuffle(ctx.rng, ctx.doc.provenance);
        return { noop: true, detail: 'object keys in random order' };
      },
    },
    {
      name: 'json:reencode-base64',
      group: 'json',
      run: (ctx) => {
        // Decoding and re-encoding every base64 field gives the same strings: a no-op.
        const prov = ctx.doc.provenance;
        for (const path of allPaths(prov)) {
          const v = getAt(prov, path);
          if (isB64(v)) setAt(prov, path, bytesB64(b64Bytes(v)));
        }
        return { noop: true, detail: 'every base64 field decoded and re-encoded' };
      },
    },
  ];
}

// --- Generation -----------------------------------------------------------------------------

export const MUTATIONS: MutationDef[] = [
  ...b64Mutations(),
  ...numberMutations(),
  ...typeMutations(),
  ...keyMutations(),
  ...sizeMutations(),
  ...lookalikeMutations(),
  ...publisherMutations(),
  ...statementMutations(),
  ...checkpointMutations(),
  ...listMutations(),
  ...miscMutations(),
  ...inputMutations(),
  ...jsonMutations(),
];

/** How often each group is picked (then a mutation uniformly within the group). */
const GROUP_WEIGHTS: Record<string, number> = {
  b64: 20,
  number: 8,
  type: 10,
  keys: 7,
  size: 3,
  lookalike: 6,
  publisher: 7,
  statement: 8,
  checkpoint: 7,
  structure: 10,
  version: 2,
  kind: 2,
  timestamps: 3,
  input: 6,
  json: 5,
};

const BY_GROUP = new Map<string, MutationDef[]>();
for (const m of MUTATIONS) BY_GROUP.set(m.group, [...(BY_GROUP.get(m.group) ?? []), m]);

function pickMutation(rng: Rng): MutationDef {
  const total = Object.values(GROUP_WEIGHTS).reduce((a, b) => a + b, 0);
  let x = rng.next() * total;
  for (const [group, w] of Object.entries(GROUP_WEIGHTS)) {
    x -= w;
    if (x < 0) return rng.pick(BY_GROUP.get(group) ?? MUTATIONS);
  }
  return rng.pick(MUTATIONS);
}

export interface GenerateOptions {
  seeds: readonly Seed[];
  extras: Extras;
  known: KnownValid;
  /** Only these mutation names (for reproducing or targeted runs). */
  only?: readonly string[];
}

/** Case `index` of the run with `seed`: deterministic in (seed, index, seeds). */
export function generateCase(runSeed: number, index: number, opts: GenerateOptions): FuzzCase {
  const rng = Rng.forCase(runSeed, index);
  const seed = rng.pick(opts.seeds);
  const doc: FuzzInput = {
    filename: seed.filename,
    sha256: seed.sha256,
    provenance: clone(seed.provenance),
  };
  const ctx: Ctx = { rng, seed, seeds: opts.seeds, extras: opts.extras, known: opts.known, doc };
  const pool = opts.only ? MUTATIONS.filter((m) => opts.only?.includes(m.name)) : undefined;
  const count = rng.chance(0.6) ? 1 : rng.chance(0.6) ? 2 : 3;
  const mutations: Applied[] = [];
  for (let tries = 0; mutations.length < count && tries < 50; tries++) {
    const def = pool ? rng.pick(pool) : pickMutation(rng);
    const out = def.run(ctx);
    if (!out) continue;
    mutations.push({
      name: out.name ?? def.name,
      noop: out.noop,
      detail: out.detail,
      ...(out.input && { input: true }),
    });
  }
  return {
    index,
    seed: seed.name,
    base: { filename: seed.filename, sha256: seed.sha256 },
    input: doc,
    mutations,
    noop: mutations.every((m) => m.noop),
  };
}
