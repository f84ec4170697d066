/**
 * Install text pinned to what was verified (issue 14 §2): for one release, a requirements
 * entry with the sha256 of every file whose provenance verified, for
 * `pip install --require-hashes -r` and `uv pip install`, and a PEP 751 `pylock.toml`
 * `[[packages]]` entry with those files and the verified publishers as
 * `attestation-identities`. Files that did not verify are never pinned, so an installer that
 * checks hashes refuses them.
 *
 * Grammars: pip's requirements file format (pip.pypa.io "Requirements File Format": one
 * requirement per logical line, `\` continues a line, `#` after whitespace starts a comment,
 * `--hash=sha256:HEX` per-requirement options); PEP 508 names; PEP 440 normalised versions;
 * the pylock.toml specification (packaging.python.org `specifications/pylock-toml`, from
 * PEP 751: `packages.name` normalised, `version`, `index`, `[packages.sdist]`,
 * `[[packages.wheels]]` with `name`, `upload-time`, `url`, `size`, `hashes`, and
 * `[[packages.attestation-identities]]` with `kind` and the publisher's keys as-is); TOML 1.0.
 * Pure: no browser or Node APIs.
 */
import { canonicalizeVersion, normalizeVersion, parseDistributionFilename } from './filename.js';
import { identityOf } from './identity.js';
import { toAttestationIdentity, type AttestationIdentity } from './attestation-identity.js';
import { canonicalizeName, isValidProjectName } from './project-name.js';
import type { FileResult } from './result.js';
import { hasControl, inertText } from './text.js';

/** A file as the index lists it (JSON API `urls[]`): where to download it and its size. */
export interface ListedDownload {
  filename: string;
  sha256: string;
  url?: string;
  size?: number;
  uploadTime?: string;
}

export interface InstallInput {
  /** Index origin, e.g. https://pypi.org. */
  index: string;
  project: string;
  version: string;
  /** The release's files as checked (only `verified` ones are pinned). */
  results: readonly FileResult[];
  /** The index's listing of the release (download URLs, sizes, upload times). */
  downloads: readonly ListedDownload[];
}

export interface InstallText {
  /** PEP 503 normalised name. */
  name: string;
  /** PEP 440 normalised version. */
  version: string;
  /** Files whose hashes are pinned (verified), in the release's order. */
  pinned: string[];
  /** The release's other files: never pinned. */
  notPinned: string[];
  /** Verified files left out of the pylock entry (no usable https URL in the listing). */
  notLocked: string[];
  /** `name==version` with one `--hash=sha256:…` per pinned file, after a comment saying so. */
  requirements: string;
  /** A pylock.toml `[[packages]]` entry, after a comment saying what it pins. */
  pylock: string;
  identities: AttestationIdentity[];
}

const SHA256 = /^[0-9a-f]{64}$/;
// TOML offset date-time in UTC, as the JSON API writes upload_time_iso_8601.
const UTC_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/**
 * A TOML 1.0 basic string: `"` and `\` escaped, every control character (tab included) and
 * every character a display may act on (text.ts: C1, line separators, bidi controls) as an
 * escape, and a lone surrogate (not a Unicode scalar value, which TOML requires) as U+FFFD.
 */
export function tomlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f || hasControl(ch)) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

/** A TOML key: bare when it can be, quoted otherwise. */
function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/**
 * Text for a `#` comment line (pip and TOML): one line, whatever the network sent. Control
 * characters, line or paragraph separators (which would start a new line, and so a new
 * requirement) and bidi controls show as visible escapes (text.ts `inertText`).
 */
export function commentText(value: string): string {
  return inertText(value);
}

/** An https URL a lock file may record (no whitespace or control characters), else undefined. */
function downloadUrl(url: string | undefined): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (url === undefined || url.length > 2048 || /[\s\u0000-\u001f\u007f]/.test(url)) {
    return undefined;
  }
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function pylockFile(file: string, sha256: string, listed: ListedDownload, url: string): string {
  const parts = [`name = ${tomlString(file)}`];
  if (listed.uploadTime !== undefined && UTC_TIME.test(listed.uploadTime)) {
    parts.push(`upload-time = ${listed.uploadTime}`);
  }
  parts.push(`url = ${tomlString(url)}`);
  if (listed.size !== undefined && Number.isSafeInteger(listed.size) && listed.size >= 0) {
    parts.push(`size = ${listed.size}`);
  }
  parts.push(`hashes = { sha256 = ${tomlString(sha256)} }`);
  return `{ ${parts.join(', ')} }`;
}

function identityTable(identity: AttestationIdentity): string {
  const { kind, ...rest } = identity;
  const lines = [`kind = ${tomlString(kind)}`];
  for (const [key, value] of Object.entries(rest)) {
    if (typeof value === 'string') lines.push(`${tomlKey(key)} = ${tomlString(value)}`);
  }
  return `[[packages.attestation-identities]]\n${lines.join('\n')}\n`;
}

function describe(identity: AttestationIdentity): string {
  const values = Object.entries(identity)
    .filter(([key]) => key !== 'kind' && key !== 'environment')
    .map(([, value]) => value);
  return [identity.kind, ...values].join(' ');
}

/**
 * The install text of a release, pinned to its verified files; undefined when no file verified
 * (or the name or version cannot be written as a requirement). A verified file is pinned only
 * when its name parses to this release's project and version.
 */
export function installText(input: InstallInput): InstallText | undefined {
  const name = canonicalizeName(input.project);
  const version = normalizeVersion(input.version);
  if (!isValidProjectName(name) || version === null) return undefined;
  const ours = (filename: string): boolean => {
    const parsed = parseDistributionFilename(filename);
    return (
      parsed.ok &&
      parsed.value.name === name &&
      canonicalizeVersion(parsed.value.version) === canonicalizeVersion(version)
    );
  };
  const verified = input.results.filter(
    (r): r is Extract<FileResult, { state: 'verified' }> =>
      r.state === 'verified' && r.sha256 !== undefined && SHA256.test(r.sha256) && ours(r.filename),
  );
  if (verified.length === 0) return undefined;
  const pinned = verified.map((r) => r.filename);
  const notPinned = input.results.map((r) => r.filename).filter((f) => !pinned.includes(f));

  const identities: AttestationIdentity[] = [];
  for (const r of verified) {
    const id = identityOf(r);
    if (!id) continue;
    // PyPI's publisher keys only: the repository and owner IDs the memory export adds are not
    // part of the publisher object that PEP 751 says to record as-is.
    const {
      repository_id: _repositoryId,
      repository_owner_id: _ownerId,
      ...entry
    } = toAttestationIdentity(id) as AttestationIdentity & {
      repository_id?: string;
      repository_owner_id?: string;
    };
    if (!identities.some((known) => JSON.stringify(known) === JSON.stringify(entry))) {
      identities.push(entry as AttestationIdentity);
    }
  }
  const signers = identities.map(describe).join('; ');
  const what = (count: number): string =>
    `${name} ${version} from ${input.index}: ${count === 1 ? 'the file' : `the ${count} files`} ` +
    `whose provenance your browser verified${signers ? ` (signed by ${signers})` : ''}`;

  const hashes = verified.map((r) => `    --hash=sha256:${r.sha256}`);
  const requirements =
    `# ${commentText(what(pinned.length))}.\n` +
    (notPinned.length > 0
      ? `# Not pinned (not verified): ${commentText(notPinned.join(', '))}.\n`
      : '') +
    `${name}==${version} \\\n${hashes.join(' \\\n')}\n`;

  const sdists: string[] = [];
  const wheels: string[] = [];
  const notLocked: string[] = [];
  for (const r of verified) {
    const listed = input.downloads.find((d) => d.filename === r.filename && d.sha256 === r.sha256);
    const url = downloadUrl(listed?.url);
    // PEP 751 keeps one sdist per package entry (a table, not an array).
    const wheel = r.filename.endsWith('.whl');
    if (!listed || !url || (!wheel && sdists.length > 0)) {
      notLocked.push(r.filename);
      continue;
    }
    (wheel ? wheels : sdists).push(pylockFile(r.filename, r.sha256 as string, listed, url));
  }
  const locked = pinned.filter((f) => !notLocked.includes(f));
  let pylock = '';
  if (locked.length > 0) {
    pylock =
      `# ${commentText(what(locked.length))}.\n` +
      (notLocked.length > 0
        ? `# Not in this entry (no download URL listed): ${commentText(notLocked.join(', '))}.\n`
        : '') +
      `[[packages]]\nname = ${tomlString(name)}\nversion = ${tomlString(version)}\n` +
      `index = ${tomlString(`${input.index.replace(/\/+$/, '')}/simple/`)}\n` +
      (sdists[0] ? `sdist = ${sdists[0]}\n` : '') +
      (wheels.length > 0 ? `wheels = [\n${wheels.map((w) => `  ${w},`).join('\n')}\n]\n` : '') +
      identities.map((id) => `\n${identityTable(id)}`).join('');
  }
  return { name, version, pinned, notPinned, notLocked, requirements, pylock, identities };
}
