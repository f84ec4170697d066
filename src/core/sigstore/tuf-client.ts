/**
 * A newer Sigstore trusted root, over Sigstore's TUF repository, verified: the optional daily
 * refresh of the options page (src/shared/trust-refresh.ts). It starts from the TUF root bundled
 * with the build (or a newer one an earlier refresh verified from it) and follows the TUF client
 * workflow (TUF specification §5.3–5.7) exactly as tuf-js's `Updater` does, with tuf-js's own
 * `TrustedMetadataStore` making every decision: root rotation (each new root signed by the old
 * and the new threshold), expiry of the final root, timestamp, snapshot and targets, signature
 * thresholds, rollback of any version against what was trusted before, the snapshot's and
 * targets' hashes and lengths. What tuf-js's `Updater` adds is Node's file system and HTTP
 * client; here the files come through `fetch` (the worker's, see src/background/trust-root.ts)
 * and the metadata trusted last time is given back by the caller, which is where rollback
 * protection across refreshes comes from. Only top-level targets are looked at (Sigstore's
 * trusted_root.json is one): delegations are never followed.
 *
 * Anything wrong throws; the caller keeps the roots it had (the bundled root is always kept).
 */
// tuf-js's models take Buffers: Node's in Node, src/shims/buffer.ts in the extension.
import { Buffer } from 'buffer';
import type { Metadata, Root, TargetFile } from '@tufjs/models';
import { EqualVersionError } from 'tuf-js/dist/error.js';
import { TrustedMetadataStore } from 'tuf-js/dist/store.js';

export const SIGSTORE_TUF_URL = 'https://tuf-repo-cdn.sigstore.dev';
export const TRUSTED_ROOT_TARGET = 'trusted_root.json';

/**
 * One file of the repository, by its path under the repository's URL (e.g. `timestamp.json`,
 * `17.root.json`, `targets/<sha256>.trusted_root.json`), at most `maxLength` bytes; undefined
 * when the repository has no such file (HTTP 403/404). Any other failure throws.
 */
export type TufFetch = (path: string, maxLength: number) => Promise<Uint8Array | undefined>;

/** The metadata a refresh verified, as the repository served it (JSON text). */
export interface TufMetadata {
  root: string;
  timestamp: string;
  snapshot: string;
  targets: string;
}

export interface TufRefresh {
  /** The verified trusted_root.json (text). */
  trustedRoot: string;
  metadata: TufMetadata;
  rootVersion: number;
  rootExpires: string;
  /** From when the next root is being signed (expiry less tuf-on-ci's signing period). */
  newerRootDueAt: string | null;
}

// tuf-js's defaults (tuf-js/dist/config.js).
const MAX_ROOT_ROTATIONS = 256;
const MAX_LENGTH = { root: 512_000, timestamp: 16_384, snapshot: 2_000_000, targets: 5_000_000 };

const DAY_MS = 24 * 60 * 60 * 1000;
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bytesOf = (s: string): Buffer => Buffer.from(s, 'utf8');

function version(json: string): number {
  try {
    const v = (JSON.parse(json) as { signed?: { version?: unknown } }).signed?.version;
    return typeof v === 'number' ? v : -1;
  } catch {
    return -1;
  }
}

/**
 * Bytes in the one shape TargetFile.verify reads (`for await` over chunks; typed as Node's
 * Readable, which src/core cannot name).
 */
function chunks(bytes: Buffer): Parameters<TargetFile['verify']>[0] {
  return [bytes] as unknown as Parameters<TargetFile['verify']>[0];
}

async function required(fetch: TufFetch, path: string, maxLength: number): Promise<Uint8Array> {
  const bytes = await fetch(path, maxLength);
  if (!bytes) throw new Error(`the TUF repository has no ${path}`);
  if (bytes.length > maxLength) throw new Error(`${path} is larger than ${maxLength} bytes`);
  return bytes;
}

/** From when a newer root than `root` is being published (see scripts/build-trust-root.js). */
export function newerRootDue(root: Metadata<Root>): string | null {
  const expires = Date.parse(root.signed.expires);
  if (Number.isNaN(expires)) return null;
  const period = root.signed.unrecognizedFields['x-tuf-on-ci-signing-period'];
  const days = typeof period === 'number' && Number.isInteger(period) ? period : 0;
  return new Date(expires - days * DAY_MS).toISOString();
}

/**
 * Refreshes Sigstore's trusted root over TUF. `bundledRoot` is the TUF root shipped with the
 * build (the trust anchor); `previous` what the last refresh verified. Throws on any failure.
 */
export async function refreshTrustedRoot(opts: {
  bundledRoot: string;
  previous?: { metadata: TufMetadata; trustedRoot?: string } | undefined;
  fetch: TufFetch;
}): Promise<TufRefresh> {
  const { fetch, previous } = opts;
  // The newer of the bundled root and the one verified last time (from an older bundled root).
  let root = opts.bundledRoot;
  if (previous && version(previous.metadata.root) > version(root)) root = previous.metadata.root;
  const store = new TrustedMetadataStore(bytesOf(root));

  // 5.3: every newer root, each verified by the one before.
  const first = store.root.signed.version + 1;
  for (let v = first; v < first + MAX_ROOT_ROTATIONS; v++) {
    const bytes = await fetch(`${v}.root.json`, MAX_LENGTH.root);
    if (!bytes) break;
    store.updateRoot(Buffer.from(bytes));
    root = text(bytes);
  }

  // 5.4: the timestamp, never older than the one trusted before.
  let timestamp: string | undefined;
  if (previous) {
    try {
      store.updateTimestamp(bytesOf(previous.metadata.timestamp));
      timestamp = previous.metadata.timestamp;
    } catch {
      // e.g. signed by a key the new root replaced: the remote one decides
    }
  }
  const remoteTimestamp = await required(fetch, 'timestamp.json', MAX_LENGTH.timestamp);
  try {
    store.updateTimestamp(Buffer.from(remoteTimestamp));
    timestamp = text(remoteTimestamp);
  } catch (err) {
    // The same version as before: nothing changed in the repository.
    if (!(err instanceof EqualVersionError) || timestamp === undefined) throw err;
  }
  const timestampMeta = store.timestamp;
  if (!timestampMeta || timestamp === undefined) throw new Error('no trusted timestamp');

  const consistent = store.root.signed.consistentSnapshot;

  // 5.5: the snapshot the timestamp names (the one from before when it still is).
  let snapshot: string | undefined;
  if (previous) {
    try {
      store.updateSnapshot(bytesOf(previous.metadata.snapshot), true);
      snapshot = previous.metadata.snapshot;
    } catch {
      // not the version the timestamp names: fetched below
    }
  }
  if (snapshot === undefined) {
    const meta = timestampMeta.signed.snapshotMeta;
    const path = consistent ? `${meta.version}.snapshot.json` : 'snapshot.json';
    const bytes = await required(fetch, path, meta.length ?? MAX_LENGTH.snapshot);
    store.updateSnapshot(Buffer.from(bytes));
    snapshot = text(bytes);
  }
  const snapshotMeta = store.snapshot;
  if (!snapshotMeta) throw new Error('no trusted snapshot');

  // 5.6: the top-level targets the snapshot names.
  let targets: string | undefined;
  if (previous) {
    try {
      store.updateDelegatedTargets(bytesOf(previous.metadata.targets), 'targets', 'root');
      targets = previous.metadata.targets;
    } catch {
      // not the version the snapshot names: fetched below
    }
  }
  if (targets === undefined) {
    const meta = snapshotMeta.signed.meta['targets.json'];
    if (!meta) throw new Error('the snapshot names no targets.json');
    const path = consistent ? `${meta.version}.targets.json` : 'targets.json';
    const bytes = await required(fetch, path, meta.length ?? MAX_LENGTH.targets);
    store.updateDelegatedTargets(Buffer.from(bytes), 'targets', 'root');
    targets = text(bytes);
  }

  // 5.7: the target itself, by the hash and length the targets metadata signs.
  const info = store.targets?.signed.targets[TRUSTED_ROOT_TARGET];
  if (!info) throw new Error(`the TUF targets name no ${TRUSTED_ROOT_TARGET}`);
  let trustedRoot: string | undefined;
  if (previous?.trustedRoot !== undefined) {
    try {
      await info.verify(chunks(bytesOf(previous.trustedRoot)));
      trustedRoot = previous.trustedRoot;
    } catch {
      // a new trusted root: fetched below
    }
  }
  if (trustedRoot === undefined) {
    const hash = Object.values(info.hashes)[0];
    const path =
      consistent && hash
        ? `targets/${hash}.${TRUSTED_ROOT_TARGET}`
        : `targets/${TRUSTED_ROOT_TARGET}`;
    const bytes = await required(fetch, path, info.length);
    await info.verify(chunks(Buffer.from(bytes)));
    trustedRoot = text(bytes);
  }

  return {
    trustedRoot,
    metadata: { root, timestamp, snapshot, targets },
    rootVersion: store.root.signed.version,
    rootExpires: store.root.signed.expires,
    newerRootDueAt: newerRootDue(store.root),
  };
}
