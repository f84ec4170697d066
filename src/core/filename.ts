/**
 * Distribution filename parsing for PEP 740 subject matching (verification-spec.md §2 step 8).
 * Mirrors pypa/packaging 26.3+ `utils.py` (PK) strict behaviour and pypi-attestations (PA)
 * `_check_dist_filename`: the subject and the distribution filename are both parsed and compared
 * as (canonical name, PEP 440 version, build tag, tag set). Pure TypeScript (no Node/browser APIs).
 */
import { VERSION_PATTERN } from '@renovatebot/pep440/lib/version.js';
import { canonicalizeName } from './project-name.js';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };
export type MatchResult = { ok: true } | { ok: false; reason: string };
export type BuildTag = [] | [number, string];
export interface WheelFilename {
  name: string;
  /** Normalized PEP 440 string (`str(Version)`), e.g. `1.0b1`. */
  version: string;
  build: BuildTag;
  /** Expanded `interpreter-abi-platform` tags, lowercased. */
  tags: Set<string>;
}
export interface SdistFilename {
  name: string;
  version: string;
}
export type DistributionFilename =
  ({ kind: 'wheel' } & WheelFilename) | ({ kind: 'sdist' } & SdistFilename);

const q = (s: string): string => JSON.stringify(s);
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

// --- Names -------------------------------------------------------------------------------

export { canonicalizeName, isNormalizedName, isValidProjectName } from './project-name.js';

// --- Versions ----------------------------------------------------------------------------
// Validation uses @renovatebot/pep440's VERSION_PATTERN (same grammar as PK version.py), but
// normalization is done here on digit strings: the library converts parts with Number(), so
// huge release numbers lose precision and local parts such as `0x1`/`1e0` compare equal to `1`.

// PK `Version._regex`: `\s*` (Python Unicode whitespace) around the version. No `u` flag, so
// the `i` flag stays ASCII-only like PK's `(?a:...)`.
const PY_SPACE =
  '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*';
const VERSION_RE = new RegExp(`^${PY_SPACE}(?:${VERSION_PATTERN})${PY_SPACE}$`, 'i');
// PK `_parse_letter_version` spelling normalization.
const LETTERS: Record<string, string> = {
  alpha: 'a',
  beta: 'b',
  c: 'rc',
  pre: 'rc',
  preview: 'rc',
};
const int = (digits: string): string => digits.replace(/^0+(?=\d)/, '');

interface VersionParts {
  epoch: string;
  release: string[];
  /** Normalized pre/post/dev/local suffix, e.g. `b1.post0+abc.1`. */
  suffix: string;
}

function parseVersion(version: string): VersionParts | null {
  const g = VERSION_RE.exec(version)?.groups;
  if (!g?.release) return null;
  let suffix = '';
  if (g.pre_l)
    suffix += (LETTERS[g.pre_l.toLowerCase()] ?? g.pre_l.toLowerCase()) + int(g.pre_n ?? '0');
  if (g.post_l || g.post_n1) suffix += `.post${int(g.post_n1 ?? g.post_n2 ?? '0')}`;
  if (g.dev_l) suffix += `.dev${int(g.dev_n ?? '0')}`;
  // PK `_parse_local_version`: split on `._-`, digit parts are ints, others lowercased.
  if (g.local) {
    const parts = g.local.split(/[._-]/).map((p) => (/^\d+$/.test(p) ? int(p) : p.toLowerCase()));
    suffix += `+${parts.join('.')}`;
  }
  return { epoch: int(g.epoch ?? '0'), release: g.release.split('.').map(int), suffix };
}

function formatVersion(
  { epoch, release, suffix }: VersionParts,
  stripTrailingZero: boolean,
): string {
  let n = release.length;
  // PK `_TrimmedRelease`: drop trailing zeros, keeping at least one component.
  while (stripTrailingZero && n > 1 && release[n - 1] === '0') n--;
  return `${epoch === '0' ? '' : `${epoch}!`}${release.slice(0, n).join('.')}${suffix}`;
}

/** `str(Version(v))`, or null if `v` is not a PEP 440 version. */
export function normalizeVersion(version: string): string | null {
  const parts = parseVersion(version);
  return parts && formatVersion(parts, false);
}

/** PEP 440 equality (`Version.__eq__`), for valid versions. */
const sameVersion = (a: string, b: string): boolean =>
  canonicalizeVersion(a) === canonicalizeVersion(b);

/** PK `canonicalize_version`; non-PEP 440 strings are returned unchanged. Two versions are
 * PEP 440-equal iff their canonical forms are equal. */
export function canonicalizeVersion(
  version: string,
  opts: { stripTrailingZero?: boolean } = {},
): string {
  const parts = parseVersion(version);
  return parts ? formatVersion(parts, opts.stripTrailingZero ?? true) : version;
}

// --- Filenames ---------------------------------------------------------------------------

// PK `_wheel_name_regex` `^[\w._]+\Z` (Unicode): Python `\w` = letters, numbers and `_`.
const WHEEL_NAME_RE = /^[\p{L}\p{N}_.]+$/u;
// PK `_build_tag_regex` `(\d+)(.*)` with re.ASCII and `.match`: `.` stops at a newline.
const BUILD_RE = /^([0-9]+)([^\n]*)/;
// PK tags.py `parse_tag`: interpreters must satisfy Python `str.isidentifier()`.
const IDENTIFIER_RE = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;
// Not in PK's `parse_wheel_filename`: a cap on expanded tags (cf. PK `parse_tag(limit=)`, 26.3)
// so a hostile compressed tag set cannot exhaust memory. Fails closed.
const MAX_TAGS = 10_000;

/** PK `parse_wheel_filename` (26.3+). `validateOrder` is PK's opt-in strict mode (PA: off). */
export function parseWheelFilename(
  filename: string,
  opts: { validateOrder?: boolean } = {},
): ParseResult<WheelFilename> {
  const bad = (why: string): { ok: false; reason: string } =>
    fail(`invalid wheel filename (${why}): ${q(filename)}`);
  if (!filename.endsWith('.whl')) return bad("extension must be '.whl'");
  const pieces = filename.slice(0, -4).split('-');
  // PK: exactly 4 or 5 dashes: name-version[-build]-interpreter-abi-platform.
  if (pieces.length !== 5 && pieces.length !== 6) return bad('wrong number of parts');
  const [namePart = '', versionPart = ''] = pieces;
  // PK (PEP 427 escaping): non-empty `[\w._]+`, and no `__`.
  if (namePart.includes('__') || !WHEEL_NAME_RE.test(namePart)) return bad('invalid project name');
  const version = normalizeVersion(versionPart);
  if (version === null) return bad('invalid version');
  let build: BuildTag = [];
  if (pieces.length === 6) {
    // PEP 427 / PK: the build tag must start with a digit; compared as (int, str).
    const m = BUILD_RE.exec(pieces[2] ?? '');
    if (!m?.[1]) return bad('build number must start with a digit');
    const number = Number(m[1]);
    // JS numbers are exact only up to 2^53 (Python ints are unbounded): fail closed.
    if (!Number.isSafeInteger(number)) return bad('build number too large');
    build = [number, m[2] ?? ''];
  }
  // PK `parse_tag`: `-` separates components, `.` separates members of a compressed tag set.
  const sets = pieces.slice(-3).map((component) => component.split('.'));
  const [interpreters = [], abis = [], platforms = []] = sets;
  for (const members of sets) {
    if (members.includes('')) return bad('empty tag component');
    if (opts.validateOrder && members.join('.') !== [...members].sort().join('.'))
      return bad('compressed tag set components must be in sorted order per PEP 425');
  }
  if (!interpreters.every((i) => IDENTIFIER_RE.test(i))) return bad('invalid interpreter tag');
  if (interpreters.length * abis.length * platforms.length > MAX_TAGS) return bad('too many tags');
  const tags = new Set<string>();
  // PK `Tag`: each component is lowercased.
  for (const i of interpreters)
    for (const a of abis) for (const p of platforms) tags.add(`${i}-${a}-${p}`.toLowerCase());
  return { ok: true, value: { name: canonicalizeName(namePart), version, build, tags } };
}

/** PK `parse_sdist_filename` (26.3+): `.tar.gz`/`.zip`, name and version split at the last `-`. */
export function parseSdistFilename(filename: string): ParseResult<SdistFilename> {
  const bad = (why: string): { ok: false; reason: string } =>
    fail(`invalid sdist filename (${why}): ${q(filename)}`);
  const ext = ['.tar.gz', '.zip'].find((e) => filename.endsWith(e));
  if (!ext) return bad("extension must be '.tar.gz' or '.zip'");
  const stem = filename.slice(0, -ext.length);
  const dash = stem.lastIndexOf('-');
  if (dash < 0) return bad('missing separator');
  // PK 26.3: an empty project name is rejected (older releases accepted it).
  if (dash === 0) return bad('empty project name');
  const version = normalizeVersion(stem.slice(dash + 1));
  if (version === null) return bad('invalid version');
  return { ok: true, value: { name: canonicalizeName(stem.slice(0, dash)), version } };
}

/** PA `_check_dist_filename`: dispatch on the case-sensitive suffix. */
export function parseDistributionFilename(filename: string): ParseResult<DistributionFilename> {
  if (filename.endsWith('.whl')) {
    const r = parseWheelFilename(filename);
    return r.ok ? { ok: true, value: { kind: 'wheel', ...r.value } } : r;
  }
  if (filename.endsWith('.tar.gz') || filename.endsWith('.zip')) {
    const r = parseSdistFilename(filename);
    return r.ok ? { ok: true, value: { kind: 'sdist', ...r.value } } : r;
  }
  return fail(`unknown distribution format: ${q(filename)}`);
}

const fmtBuild = (b: BuildTag): string => (b.length ? `${b[0]}${b[1]}` : '(none)');
const fmtTags = (t: Set<string>): string => [...t].sort().join(', ');

/** Why `got` (the subject) differs from `want` (the distribution), or null if equal. */
function difference(want: DistributionFilename, got: DistributionFilename): string | null {
  const diff = (what: string, w: string, g: string, same = w === g): string | null =>
    same ? null : `${what}: expected ${w}, got ${g}`;
  if (want.kind !== got.kind) return diff('distribution type', want.kind, got.kind);
  const common =
    diff('project name', q(want.name), q(got.name)) ??
    // PEP 440 equality: equal canonical forms (`1.0` == `1.0.0`, `0!1.0` == `1.0`).
    diff('version', want.version, got.version, sameVersion(want.version, got.version));
  if (common || want.kind === 'sdist' || got.kind === 'sdist') return common;
  return (
    diff('build tag', fmtBuild(want.build), fmtBuild(got.build)) ??
    // Tags compare as a set (PA 0.0.27): order and duplicates do not matter.
    diff('tags', fmtTags(want.tags), fmtTags(got.tags))
  );
}

/** PA `Attestation.verify` step: the subject name and the distribution filename must parse
 * to equal tuples. The digest comparison is a separate check. */
export function subjectMatchesDistribution(subject: string, distribution: string): MatchResult {
  const s = parseDistributionFilename(subject);
  if (!s.ok) return fail(`invalid subject name: ${s.reason}`);
  const d = parseDistributionFilename(distribution);
  if (!d.ok) return fail(`invalid distribution filename: ${d.reason}`);
  const why = difference(d.value, s.value);
  return why ? fail(`subject does not match distribution: ${why}`) : { ok: true };
}
