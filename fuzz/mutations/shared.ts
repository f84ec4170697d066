/**
 * What every mutation group shares: the context a mutation runs in, the JSON path helpers that
 * edit a provenance object and ask the model (../spec.ts) whether the edit changed its meaning,
 * and the locators of attestations, bundles and publishers.
 */
import type { Rng } from '../rng.js';
import { bytesB64, isRecord, sameMeaning, type KnownValid, type Path } from '../spec.js';

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

/** What a mutation sees: the case being built and the material it may splice in. */
export interface Ctx {
  rng: Rng;
  seed: Seed;
  seeds: readonly Seed[];
  extras: Extras;
  known: KnownValid;
  doc: FuzzInput;
}

export type Outcome = { noop: boolean; detail: string; name?: string; input?: boolean };
export type Run = (ctx: Ctx) => Outcome | null;

export interface MutationDef {
  name: string;
  group: string;
  run: Run;
}

// --- JSON helpers ---------------------------------------------------------------------------

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

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
export function setAt(root: unknown, path: Path, value: unknown): boolean {
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
export function allPaths(root: unknown, prefix: Path = [], out: Path[] = []): Path[] {
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

export const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;

/** Replaces the value at `path` and reports whether the model sees a change of meaning. */
export function replace(ctx: Ctx, path: Path, after: unknown, detail: string): Outcome | null {
  const prov = ctx.doc.provenance;
  const before = getAt(prov, path);
  const noop = sameMeaning(prov, path, before, after);
  if (!setAt(prov, path, after)) return null;
  return { noop, detail: `${fmtPath(path)}: ${detail}` };
}

export function fmtPath(path: Path): string {
  return path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}

// --- Locating attestations ------------------------------------------------------------------

export const E0: Path = ['verification_material', 'transparency_entries', 0];

export function attestationPaths(prov: unknown): Path[] {
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

export function pickAttestation(ctx: Ctx): Path | null {
  const paths = attestationPaths(ctx.doc.provenance);
  return paths.length ? ctx.rng.pick(paths) : null;
}

/** A random attestation of a random seed (possibly the same file, possibly another). */
export function donorAttestation(ctx: Ctx): { seed: Seed; att: unknown } {
  const seed = ctx.rng.pick(ctx.seeds);
  const paths = attestationPaths(seed.provenance);
  const path = ctx.rng.pick(paths);
  return { seed, att: clone(getAt(seed.provenance, path)) };
}

export function bundlePaths(prov: unknown): Path[] {
  const bundles = isRecord(prov) ? prov.attestation_bundles : undefined;
  if (!Array.isArray(bundles)) return [];
  return bundles.flatMap((b: unknown, i) => (isRecord(b) ? [['attestation_bundles', i]] : []));
}

/** The publisher objects of every bundle. */
export function publisherPaths(ctx: Ctx): Path[] {
  return bundlePaths(ctx.doc.provenance)
    .map((b) => [...b, 'publisher'])
    .filter((p) => isRecord(getAt(ctx.doc.provenance, p)));
}

// --- Values shared by several groups -------------------------------------------------------

export function randomB64(rng: Rng, n: number): string {
  return bytesB64(Uint8Array.from({ length: n }, () => rng.int(256)));
}

/** Digits replaced by their fullwidth forms (U+FF10…U+FF19). */
export const FULLWIDTH_DIGITS = (s: string): string =>
  s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** The same value with every object's keys in random order (own `__proto__` keys kept). */
export function deepShuffle(rng: Rng, v: unknown): unknown {
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
