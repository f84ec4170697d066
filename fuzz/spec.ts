/**
 * The fuzz oracle: an independent statement (written from PEP 740, pypi-attestations and the
 * Sigstore bundle format, not from src/core) of which parts of a PEP 740 provenance object are
 * semantically relevant. A mutation that only touches parts this model calls irrelevant is a
 * no-op and must still verify; any other mutation must not verify.
 *
 * What is deliberately NOT relevant (each is a no-op, and why):
 *  - unknown keys anywhere (PyPI serves e.g. `claims: null`; all objects are open);
 *  - `transparency_entries[1..]`: pypi-attestations `to_bundle` uses entry 0 only;
 *  - `inclusionProof.rootHash` and `inclusionProof.treeSize` (while well-formed): unsigned
 *    hints. The Merkle proof is checked against the root hash and tree size of the *signed
 *    checkpoint*; sigstore-js never reads these two fields (@sigstore/verify tlog/merkle.js
 *    uses `checkpoint.logHash`/`checkpoint.logSize`). Inclusion is still fully proven.
 *  - publisher `environment` and the publisher fields another kind uses (e.g. `email` on a
 *    GitHub publisher), while well-typed: pypi-attestations' policies do not check them;
 *  - `timestamps`: null, [] and absent all mean "no RFC 3161 timestamps";
 *  - base64 spellings that decode to the same bytes (non-zero unused trailing bits, which
 *    RFC 4648 §3.5 lets decoders ignore and Python's `b64decode(validate=True)` accepts).
 */

export type Path = (string | number)[];

const MAX_B64 = 1 << 20;
const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Standard, padded base64 (Python `b64decode(validate=True)` accepts exactly these). */
export function isB64(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_B64 && B64_RE.test(v);
}

export function b64Bytes(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesB64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A protobuf-JSON int64 as PyPI serves it: a decimal string without sign or leading zeros. */
export function isUint(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 20 && /^(0|[1-9][0-9]*)$/.test(v);
}

const isShortText = (v: unknown): boolean => typeof v === 'string' && v.length <= 1024;
const optionalText = (v: unknown): boolean => v === undefined || isShortText(v);

/** What the model says about one location. */
export type Rule =
  { checked: true } | { checked: false; accepts: (v: unknown) => boolean; why: string };

const CHECKED: Rule = { checked: true };
const free = (why: string): Rule => ({ checked: false, accepts: () => true, why });
const UNKNOWN_KEY = free('unknown key (all provenance objects are open)');

/** Publisher fields pypi-attestations checks, by kind (a Map: kinds are untrusted strings). */
export const PUBLISHER_CHECKED: ReadonlyMap<string, readonly string[]> = new Map([
  ['GitHub', ['repository', 'workflow']],
  ['GitLab', ['repository', 'workflow_filepath']],
  ['Google', ['email']],
]);
const PUBLISHER_KNOWN = [
  'kind',
  'repository',
  'workflow',
  'workflow_filepath',
  'email',
  'environment',
];

function publisherRule(publisher: unknown, key: string | number, rest: Path): Rule {
  if (typeof key !== 'string' || !PUBLISHER_KNOWN.includes(key)) return UNKNOWN_KEY;
  if (rest.length > 0) return CHECKED; // inside a field that must be a string
  const kind = isRecord(publisher) ? publisher.kind : undefined;
  const checked = typeof kind === 'string' ? PUBLISHER_CHECKED.get(kind) : undefined;
  if (key === 'kind' || !checked || checked.includes(key)) return CHECKED;
  if (key === 'environment') {
    return {
      checked: false,
      accepts: (v) => v === null || optionalText(v),
      why: 'publisher environment is not part of the identity policy',
    };
  }
  return {
    checked: false,
    accepts: optionalText,
    why: `${key} is not used by a ${String(kind)} publisher`,
  };
}

function entryRule(rest: Path): Rule {
  const [key, sub, ...deeper] = rest;
  if (key === undefined) return CHECKED;
  const fields: Record<string, readonly string[] | null> = {
    logIndex: null,
    integratedTime: null,
    canonicalizedBody: null,
    logId: ['keyId'],
    kindVersion: ['kind', 'version'],
    inclusionPromise: ['signedEntryTimestamp'],
    inclusionProof: ['logIndex', 'rootHash', 'treeSize', 'hashes', 'checkpoint'],
  };
  if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(fields, key)) {
    return UNKNOWN_KEY;
  }
  const subs = fields[key];
  if (sub === undefined || subs === null || subs === undefined) return CHECKED;
  if (typeof sub !== 'string' || !subs.includes(sub)) return UNKNOWN_KEY;
  if (key === 'inclusionProof' && deeper.length === 0) {
    if (sub === 'rootHash') {
      return {
        checked: false,
        accepts: isB64,
        why: 'inclusionProof.rootHash is unsigned and unused: the proof is checked against the signed checkpoint root',
      };
    }
    if (sub === 'treeSize') {
      return {
        checked: false,
        accepts: isUint,
        why: 'inclusionProof.treeSize is unsigned and unused: the proof uses the signed checkpoint size',
      };
    }
  }
  if (key === 'inclusionProof' && sub === 'checkpoint' && deeper.length > 0) {
    return deeper[0] === 'envelope' ? CHECKED : UNKNOWN_KEY;
  }
  return CHECKED;
}

function attestationRule(rest: Path): Rule {
  const [key, sub, ...deeper] = rest;
  if (key === undefined) return CHECKED;
  if (key === 'version') return CHECKED;
  if (key === 'envelope') {
    if (sub === undefined) return CHECKED;
    return sub === 'statement' || sub === 'signature' ? CHECKED : UNKNOWN_KEY;
  }
  if (key === 'verification_material') {
    if (sub === undefined || sub === 'certificate') return CHECKED;
    if (sub === 'timestamps') {
      if (deeper.length > 0) return CHECKED;
      return {
        checked: false,
        accepts: (v) => v === undefined || v === null || (Array.isArray(v) && v.length === 0),
        why: 'timestamps: null, [] and absent all mean none',
      };
    }
    if (sub === 'transparency_entries') {
      const [index, ...entry] = deeper;
      if (index === undefined) return CHECKED;
      if (index !== 0)
        return free('only transparency_entries[0] is used (pypi-attestations to_bundle)');
      return entryRule(entry);
    }
    return UNKNOWN_KEY;
  }
  return UNKNOWN_KEY;
}

/** The model's rule for the value at `path` of a provenance object. */
export function fieldRule(provenance: unknown, path: Path): Rule {
  const [top, b, key, next, ...rest] = path;
  if (top === undefined) return CHECKED;
  if (top === 'version') return CHECKED;
  if (top !== 'attestation_bundles') return UNKNOWN_KEY;
  if (b === undefined || key === undefined) return CHECKED;
  if (key === 'publisher') {
    if (next === undefined) return CHECKED;
    const bundles = isRecord(provenance) ? provenance.attestation_bundles : undefined;
    const bundle = Array.isArray(bundles) ? (bundles[b as number] as unknown) : undefined;
    return publisherRule(isRecord(bundle) ? bundle.publisher : undefined, next, rest);
  }
  if (key === 'attestations') {
    if (next === undefined) return CHECKED;
    return attestationRule(rest);
  }
  return UNKNOWN_KEY;
}

const B64_KEYS = new Set([
  'certificate',
  'statement',
  'signature',
  'canonicalizedBody',
  'keyId',
  'signedEntryTimestamp',
  'rootHash',
]);

/** Whether the value at `path` is a base64 field (compared by decoded bytes). */
export function isB64Path(path: Path): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (typeof last === 'string') return B64_KEYS.has(last);
  return parent === 'hashes' || parent === 'timestamps';
}

/** JSON with sorted keys, for order-insensitive deep equality. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isRecord(v)) {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  }
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

// --- Checkpoints (signed notes) ------------------------------------------------------------

export interface SignedNote {
  /** The signed text: everything up to and including the first line break of "\n\n". */
  note: string;
  /** `name hex(signature bytes)` of every signature line. */
  signatures: Set<string>;
}

/**
 * Parses a checkpoint as a signed note (transparency-dev/formats log/README.md). Only the note
 * text is signed; the signature section is a list of `— <name> <base64>` lines, of which one
 * valid signature by the log is enough, so other lines (unknown cosigners, junk) carry no
 * meaning. A signature token is read as the bytes Node's base64 decoder gives (sigstore-js
 * uses it): two spellings of the same signature bytes are the same signature.
 */
export function parseSignedNote(envelope: unknown): SignedNote | null {
  if (typeof envelope !== 'string') return null;
  const split = envelope.indexOf('\n\n');
  if (split < 0) return null;
  const signatures = new Set<string>();
  for (const m of envelope.slice(split + 2).matchAll(/\u2014 (\S+) (\S+)\n/g)) {
    if (m[1] && m[2]) signatures.add(`${m[1]} ${Buffer.from(m[2], 'base64').toString('hex')}`);
  }
  return { note: envelope.slice(0, split + 1), signatures };
}

/** Same signed note, and every signature of `reference` still present. */
export function sameCheckpoint(reference: unknown, candidate: unknown): boolean {
  const a = parseSignedNote(reference);
  const b = parseSignedNote(candidate);
  return !!a && !!b && a.note === b.note && [...a.signatures].every((s) => b.signatures.has(s));
}

// --- Structural equivalence ---------------------------------------------------------------

function sameB64(a: unknown, b: unknown): boolean {
  if (!isB64(a) || !isB64(b)) return false;
  if (a === b) return true;
  const x = b64Bytes(a);
  const y = b64Bytes(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** Whether `e` is transparency entry 0 equivalent to the known-good `ref`. */
export function entryEquivalent(ref: unknown, e: unknown): boolean {
  if (!isRecord(ref) || !isRecord(e)) return false;
  if (!isRecord(e.logId) || !isRecord(e.kindVersion) || !isRecord(ref.logId)) return false;
  if (!isRecord(ref.kindVersion)) return false;
  if (!isUint(e.logIndex) || e.logIndex !== ref.logIndex) return false;
  if (e.integratedTime !== ref.integratedTime) return false;
  if (!(e.integratedTime === undefined || isUint(e.integratedTime))) return false;
  if (!sameB64(ref.logId.keyId, e.logId.keyId)) return false;
  if (e.kindVersion.kind !== ref.kindVersion.kind) return false;
  if (e.kindVersion.version !== ref.kindVersion.version) return false;
  if (!sameB64(ref.canonicalizedBody, e.canonicalizedBody)) return false;
  if ((ref.inclusionPromise === undefined) !== (e.inclusionPromise === undefined)) return false;
  if (isRecord(ref.inclusionPromise)) {
    if (!isRecord(e.inclusionPromise)) return false;
    const set = e.inclusionPromise.signedEntryTimestamp;
    if (!sameB64(ref.inclusionPromise.signedEntryTimestamp, set)) return false;
  }
  if ((ref.inclusionProof === undefined) !== (e.inclusionProof === undefined)) return false;
  if (isRecord(ref.inclusionProof)) {
    const r = ref.inclusionProof;
    const p = e.inclusionProof;
    if (!isRecord(p) || !isRecord(p.checkpoint) || !isRecord(r.checkpoint)) return false;
    if (!isUint(p.logIndex) || p.logIndex !== r.logIndex) return false;
    if (!isB64(p.rootHash) || !isUint(p.treeSize)) return false; // unused, but typed
    const rh = r.hashes;
    const ph = p.hashes;
    if (!Array.isArray(rh) || !Array.isArray(ph) || ph.length !== rh.length) return false;
    if (!ph.every((h, i) => sameB64(rh[i], h))) return false;
    const cp = p.checkpoint.envelope;
    if (typeof cp !== 'string' || cp.length > 64 * 1024) return false;
    if (!sameCheckpoint(r.checkpoint.envelope, cp)) return false;
  }
  return true;
}

/** Whether `a` is an attestation equivalent to the known-good `ref`. */
export function attestationEquivalent(ref: unknown, a: unknown): boolean {
  if (!isRecord(ref) || !isRecord(a) || a.version !== 1) return false;
  const rv = ref.verification_material;
  const av = a.verification_material;
  const re = ref.envelope;
  const ae = a.envelope;
  if (!isRecord(rv) || !isRecord(av) || !isRecord(re) || !isRecord(ae)) return false;
  if (!sameB64(rv.certificate, av.certificate)) return false;
  if (!sameB64(re.statement, ae.statement) || !sameB64(re.signature, ae.signature)) return false;
  const ts = av.timestamps;
  if (!(ts === undefined || ts === null || (Array.isArray(ts) && ts.length === 0))) return false;
  const entries = av.transparency_entries;
  const refEntries = rv.transparency_entries;
  if (!Array.isArray(entries) || entries.length < 1 || entries.length > 16) return false;
  return Array.isArray(refEntries) && entryEquivalent(refEntries[0], entries[0]);
}

/** Whether `p` is a publisher the identity policy treats like the known-good `ref`. */
export function publisherEquivalent(ref: unknown, p: unknown): boolean {
  if (!isRecord(ref) || !isRecord(p) || typeof p.kind !== 'string' || p.kind !== ref.kind) {
    return false;
  }
  if (!PUBLISHER_CHECKED.has(p.kind)) return false;
  for (const key of PUBLISHER_KNOWN) {
    const rule = publisherRule(p, key, []);
    if (rule.checked) {
      if (!isShortText(p[key]) || p[key] === '' || p[key] !== ref[key]) return false;
    } else if (!rule.accepts(p[key])) {
      return false;
    }
  }
  return true;
}

/** Every (publisher, attestation) of a provenance object, or null when it cannot verify. */
export function provenancePairs(prov: unknown): [unknown, unknown][] | null {
  if (!isRecord(prov) || prov.version !== 1) return null;
  const bundles = prov.attestation_bundles;
  if (!Array.isArray(bundles) || bundles.length < 1 || bundles.length > 16) return null;
  const pairs: [unknown, unknown][] = [];
  for (const bundle of bundles) {
    if (!isRecord(bundle)) return null;
    const atts = bundle.attestations;
    if (!Array.isArray(atts) || atts.length < 1 || atts.length > 16) return null;
    for (const att of atts) pairs.push([bundle.publisher, att]);
  }
  return pairs;
}

/** Known-valid (publisher, attestation) pairs per file sha256, from the real cases. */
export class KnownValid {
  private readonly bySha = new Map<string, [unknown, unknown][]>();

  add(sha256: string, provenance: unknown): void {
    const pairs = provenancePairs(provenance);
    if (!pairs) throw new Error(`seed provenance for ${sha256} does not fit the model`);
    const key = sha256.toLowerCase();
    this.bySha.set(key, [...(this.bySha.get(key) ?? []), ...structuredClone(pairs)]);
  }

  /** Whether every attestation of `provenance` is a known-valid one for the file `sha256`. */
  covers(sha256: string, provenance: unknown): boolean {
    const known = this.bySha.get(sha256.toLowerCase());
    const pairs = provenancePairs(provenance);
    if (!known || !pairs) return false;
    return pairs.every(([pub, att]) =>
      known.some(([kp, ka]) => publisherEquivalent(kp, pub) && attestationEquivalent(ka, att)),
    );
  }
}

/** Whether replacing `before` with `after` at `path` leaves the provenance meaning unchanged. */
export function sameMeaning(
  provenance: unknown,
  path: Path,
  before: unknown,
  after: unknown,
): boolean {
  const rule = fieldRule(provenance, path);
  if (!rule.checked) return rule.accepts(after);
  if (isB64Path(path)) return sameB64(before, after);
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (last === 'envelope' && parent === 'checkpoint') return sameCheckpoint(before, after);
  if (last === 0 && parent === 'transparency_entries') return entryEquivalent(before, after);
  if (parent === 'attestations' && typeof last === 'number') {
    return attestationEquivalent(before, after);
  }
  if (last === 'publisher') return publisherEquivalent(before, after);
  return canonicalJson(before) === canonicalJson(after);
}
