/**
 * The Sigstore trust root in force: the one bundled with the build, plus what an optional
 * refresh over Sigstore's TUF repository added (off by default; turned on in the options page,
 * which asks for the TUF host's permission). The pages run the TUF client (tuf-js is too large
 * for this worker: src/core/sigstore/tuf-client.ts, src/shared/trust-refresh.ts) and hand over
 * what it verified; this worker fetches the repository's files for them (fetchTuf), keeps the
 * verified metadata and trusted root in its own IndexedDB (pages and this worker share the
 * extension's origin; content scripts cannot reach it, and may not send these messages,
 * policy.ts), and checks it again before use: it must be a Sigstore trusted root whose keys
 * load.
 *
 * The bundled root is the floor: a refreshed root only adds logs, CT logs, CAs and TSAs the
 * bundled one lacks (mergeTrustedRoots), a failed refresh changes nothing, and turning the
 * refresh off forgets the refreshed root.
 */
import type { TrustInfo, TrustRefreshInfo, VerifiedTrustRefresh } from '../shared/view-model.js';
import type { Request, Response } from '../shared/messages.js';
import type { KeyValueStore } from './cache.js';
import { loadTrust, mergeTrustedRoots, type RootJSON, type Trust } from './verifier.js';

/** What is stored (one IndexedDB entry). */
export interface RefreshRecord {
  enabled: boolean;
  lastAttemptAt?: number;
  lastError?: string;
  /** The last refresh that verified, and when. */
  verified?: VerifiedTrustRefresh & { at: number };
}

const KEY = 'refresh';
const MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json';

interface InForce {
  trust: Trust;
  /** Names the root in force in cache keys: results of another root are not reused. */
  key: string;
  added: number;
  newestKeyDate: string | null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The stored record, or a fresh one when the store holds something else. */
function asRecord(value: unknown): RefreshRecord {
  if (typeof value !== 'object' || value === null) return { enabled: false };
  const r = value as RefreshRecord;
  return typeof r.enabled === 'boolean' ? r : { enabled: false };
}

export class TrustRoot {
  private record: Promise<RefreshRecord> | undefined;
  private inForce: Promise<InForce> | undefined;
  private loaded: InForce | undefined;

  constructor(
    private readonly store: KeyValueStore,
    private readonly bundled: { json: RootJSON; trust: Trust; info: TrustInfo },
    private readonly now: () => number = Date.now,
  ) {}

  private bundledKey(): string {
    return this.bundled.info.sha256.slice(0, 16);
  }

  private read(): Promise<RefreshRecord> {
    this.record ??= this.store.get(KEY).then(asRecord, () => ({ enabled: false }));
    return this.record;
  }

  private async write(record: RefreshRecord): Promise<void> {
    this.record = Promise.resolve(record);
    this.inForce = undefined;
    await this.store.set(KEY, record);
    this.loaded = await this.current();
  }

  /** The bundled root merged with a refreshed one, checked; undefined if it does not load. */
  private async merge(verified: NonNullable<RefreshRecord['verified']>): Promise<InForce> {
    const refreshed = JSON.parse(verified.trustedRoot) as RootJSON;
    if (typeof refreshed.mediaType !== 'string' || !refreshed.mediaType.startsWith(MEDIA_TYPE)) {
      throw new Error(`not a Sigstore trusted root (mediaType ${String(refreshed.mediaType)})`);
    }
    const { root, added } = mergeTrustedRoots(this.bundled.json, refreshed);
    const merged = loadTrust(root);
    // The refresh verified the root as Sigstore served it then: it holds every key in use then.
    const at = new Date(Math.min(verified.at, this.now()));
    const coversUntil = merged.coversUntil && merged.coversUntil > at ? merged.coversUntil : at;
    return {
      trust: { ...merged, coversUntil },
      key: `${this.bundledKey().slice(0, 8)}${(await sha256Hex(verified.trustedRoot)).slice(0, 8)}`,
      added,
      newestKeyDate: merged.coversUntil?.toISOString() ?? this.bundled.info.newestKeyDate,
    };
  }

  /** The root in force (the stored refresh is read once per worker life). Never rejects. */
  current(): Promise<InForce> {
    this.inForce ??= (async () => {
      const bundled: InForce = {
        trust: this.bundled.trust,
        key: this.bundledKey(),
        added: 0,
        newestKeyDate: this.bundled.info.newestKeyDate,
      };
      const record = await this.read();
      if (!record.enabled || !record.verified) return bundled;
      try {
        return await this.merge(record.verified);
      } catch {
        // Stored but unusable: the bundled root alone.
        return bundled;
      }
    })().then((inForce) => (this.loaded = inForce));
    return this.inForce;
  }

  /** The trust to verify with. */
  async trust(): Promise<Trust> {
    return (await this.current()).trust;
  }

  /** The cache key of the root in force (the bundled root's until the stored one is read). */
  key(): string {
    return this.loaded?.key ?? this.bundledKey();
  }

  /** getInfo's `trust`: the bundled root, and the refresh. */
  async info(): Promise<TrustInfo> {
    const [record, inForce] = await Promise.all([this.read(), this.current()]);
    // The bundled root's date as this build has it (a TEST build bundles another root).
    const newest = this.bundled.trust.coversUntil?.toISOString() ?? this.bundled.info.newestKeyDate;
    const info: TrustInfo = { ...this.bundled.info, newestKeyDate: newest };
    if (!record.enabled && record.lastAttemptAt === undefined) return info;
    const refresh: TrustRefreshInfo = { enabled: record.enabled };
    if (record.lastAttemptAt !== undefined) {
      refresh.lastAttemptAt = new Date(record.lastAttemptAt).toISOString();
    }
    if (record.lastError !== undefined) refresh.lastError = record.lastError;
    const v = record.enabled ? record.verified : undefined;
    if (v && inForce.key !== this.bundledKey()) {
      refresh.refreshedAt = new Date(v.at).toISOString();
      refresh.addedKeys = inForce.added;
      refresh.newestKeyDate = inForce.newestKeyDate;
      refresh.tufRootVersion = v.rootVersion;
      refresh.tufRootExpires = v.rootExpires;
      refresh.newerRootDueAt = v.newerRootDueAt;
    }
    return { ...info, refresh };
  }

  /** getTrustRefresh: what the page's TUF client starts from. */
  async refreshState(): Promise<Response<'getTrustRefresh'>> {
    const record = await this.read();
    return {
      enabled: record.enabled,
      ...(record.lastAttemptAt !== undefined && { lastAttemptAt: record.lastAttemptAt }),
      ...(record.enabled &&
        record.verified && {
          previous: {
            metadata: record.verified.metadata,
            trustedRoot: record.verified.trustedRoot,
          },
        }),
    };
  }

  /**
   * setTrustRefresh. A verified refresh is checked (it must load as a trusted root merged with
   * the bundled one) before it is kept; one that does not is recorded as a failure.
   */
  async update(req: Request<'setTrustRefresh'>): Promise<TrustInfo> {
    const before = await this.read();
    if (req.enabled === false) {
      // Off: the refreshed root is forgotten; the bundled one stays.
      await this.write({ enabled: false });
      return this.info();
    }
    let record: RefreshRecord = { ...before, enabled: req.enabled ?? before.enabled };
    if (!record.enabled) return this.info();
    const at = this.now();
    if (req.verified) {
      const verified = { ...req.verified, at };
      try {
        await this.merge(verified);
        const { lastError: _dropped, ...rest } = record;
        record = { ...rest, lastAttemptAt: at, verified };
      } catch (err) {
        record = { ...record, lastAttemptAt: at, lastError: `refused: ${String(err)}` };
      }
    } else if (req.failure !== undefined) {
      record = { ...record, lastAttemptAt: at, lastError: req.failure };
    }
    await this.write(record);
    return this.info();
  }
}

/**
 * fetchTuf: one file of Sigstore's TUF repository for a page's TUF client (paths checked by
 * the request schema). Only with the host permission the user granted; 403/404 answer
 * `found: false` (how a TUF client learns there is no newer root); anything else throws.
 */
export async function fetchTufFile(
  deps: { fetch: typeof fetch; permitted: () => Promise<boolean>; origin: string },
  path: string,
  maxLength: number,
): Promise<Response<'fetchTuf'>> {
  if (!(await deps.permitted())) {
    throw new Error(`no permission to reach ${deps.origin} (turn the refresh on in the options)`);
  }
  const response = await deps.fetch(`${deps.origin}/${path}`, {
    credentials: 'omit',
    cache: 'no-store',
    signal: AbortSignal.timeout(15_000),
  });
  if (response.status === 403 || response.status === 404) return { found: false };
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > maxLength) throw new Error(`${path} is larger than ${maxLength} bytes`);
  const body = await response.text();
  if (body.length > maxLength) throw new Error(`${path} is larger than ${maxLength} bytes`);
  return { found: true, body };
}
