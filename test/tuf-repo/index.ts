/**
 * A TUF repository signed with test keys, laid out as Sigstore's (tuf-on-ci) is: consistent
 * snapshots, `N.root.json`, `timestamp.json`, `N.snapshot.json`, `N.targets.json` and
 * `targets/<sha256>.<name>`. Metadata is canonical JSON (@tufjs/canonical-json) signed with
 * ECDSA P-256 keys derived from a seed (test/sigstore-instance/keys.ts), so the same seed gives
 * the same root everywhere (a test build bundles `rootJson(1)`, the e2e site serves the rest).
 *
 * It can also go wrong on purpose, for the client's tests: expired metadata, metadata signed
 * by a key the root does not name, versions that go back, a target whose bytes differ from
 * what the targets metadata signs.
 */
import { canonicalize } from '@tufjs/canonical-json';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deriveKey, type SigningKey } from '../sigstore-instance/keys.js';

type Role = 'root' | 'timestamp' | 'snapshot' | 'targets';

interface RepoKey {
  id: string;
  key: SigningKey;
  json: { keytype: 'ecdsa'; scheme: 'ecdsa-sha2-nistp256'; keyval: { public: string } };
}

const DAY_MS = 24 * 60 * 60 * 1000;

function pem(spki: Uint8Array): string {
  const lines =
    Buffer.from(spki)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

const sha256 = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('hex');

/** Whole seconds, as TUF writes times. */
const iso = (t: number): string =>
  new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export interface PublishOptions {
  /** Targets by name (e.g. trusted_root.json → bytes). */
  targets: Record<string, Uint8Array | string>;
  /** Expiry of timestamp, snapshot and targets, in ms from `now` (default 7 days; negative: expired). */
  expiresInMs?: number;
  /** Versions to write instead of the next ones (a rollback). */
  versions?: Partial<Record<'timestamp' | 'snapshot' | 'targets', number>>;
  /** Sign this role with another (unknown) key instead. */
  badlySigned?: 'timestamp' | 'snapshot' | 'targets';
  /** Serve different bytes for this target than the targets metadata signs. */
  swapTarget?: string;
}

export class TestTufRepo {
  /** Files by path under the repository URL. */
  readonly files = new Map<string, Uint8Array>();
  private readonly keys: Record<Role, RepoKey>;
  private rootVersion = 0;
  private readonly versions = { timestamp: 0, snapshot: 0, targets: 0 };
  private generation = 0;

  constructor(
    readonly seed: string,
    /** The repository's clock (ms); metadata expires relative to it. */
    readonly now: () => number = Date.now,
  ) {
    this.keys = {
      root: this.key('root', 0),
      timestamp: this.key('timestamp', 0),
      snapshot: this.key('snapshot', 0),
      targets: this.key('targets', 0),
    };
  }

  private key(role: Role | 'stranger', generation: number): RepoKey {
    const key = deriveKey(this.seed, `tuf ${role} ${generation}`, 'p256');
    const json = {
      keytype: 'ecdsa' as const,
      scheme: 'ecdsa-sha2-nistp256' as const,
      keyval: { public: pem(key.spki) },
    };
    return { id: sha256(canonicalize(json)), key, json };
  }

  private sign(signed: object, signers: RepoKey[]): Uint8Array {
    const data = Buffer.from(canonicalize(signed));
    const signatures = signers.map((k) => ({
      keyid: k.id,
      sig: Buffer.from(k.key.sign(data)).toString('hex'),
    }));
    return Buffer.from(JSON.stringify({ signatures, signed }, null, 1));
  }

  private write(path: string, bytes: Uint8Array): void {
    this.files.set(path, bytes);
  }

  /**
   * The next root version: signed by the current root key and, after `rotate`, by the new one
   * too (TUF 5.3.4: the new root must be signed by the old threshold and its own).
   */
  publishRoot(opts: { expiresInMs?: number; rotate?: Role[] } = {}): number {
    const signers = [this.keys.root];
    if (opts.rotate?.length) {
      this.generation++;
      for (const role of opts.rotate) this.keys[role] = this.key(role, this.generation);
      if (opts.rotate.includes('root')) signers.push(this.keys.root);
    }
    const version = ++this.rootVersion;
    const roles = Object.fromEntries(
      (['root', 'timestamp', 'snapshot', 'targets'] as const).map((r) => [
        r,
        { keyids: [this.keys[r].id], threshold: 1 },
      ]),
    );
    const signed = {
      _type: 'root',
      spec_version: '1.0',
      version,
      expires: iso(this.now() + (opts.expiresInMs ?? 197 * DAY_MS)),
      consistent_snapshot: true,
      keys: Object.fromEntries(Object.values(this.keys).map((k) => [k.id, k.json])),
      roles,
      'x-tuf-on-ci-expiry-period': 197,
      'x-tuf-on-ci-signing-period': 46,
    };
    this.write(`${version}.root.json`, this.sign(signed, signers));
    return version;
  }

  /** The root metadata of `version` as served (what a build bundles). */
  rootJson(version = 1): string {
    const bytes = this.files.get(`${version}.root.json`);
    if (!bytes) throw new Error(`no root version ${version}`);
    return Buffer.from(bytes).toString('utf8');
  }

  /** New targets, snapshot and timestamp metadata, and the target files. */
  publish(opts: PublishOptions): void {
    const expires = iso(this.now() + (opts.expiresInMs ?? 7 * DAY_MS));
    const signer = (role: 'timestamp' | 'snapshot' | 'targets') =>
      opts.badlySigned === role ? this.key('stranger', 0) : this.keys[role];
    const next = (role: 'timestamp' | 'snapshot' | 'targets') => {
      const v = opts.versions?.[role] ?? this.versions[role] + 1;
      this.versions[role] = Math.max(this.versions[role], v);
      return v;
    };
    const targets: Record<string, { length: number; hashes: { sha256: string } }> = {};
    for (const [name, content] of Object.entries(opts.targets)) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content;
      const hash = sha256(bytes);
      targets[name] = { length: bytes.length, hashes: { sha256: hash } };
      // Same length, one byte changed: only the hash can tell.
      const served =
        opts.swapTarget === name ? Buffer.from(bytes).map((b, i) => (i === 0 ? b ^ 1 : b)) : bytes;
      this.write(`targets/${hash}.${name}`, served);
    }
    const targetsVersion = next('targets');
    const targetsBytes = this.sign(
      { _type: 'targets', spec_version: '1.0', version: targetsVersion, expires, targets },
      [signer('targets')],
    );
    this.write(`${targetsVersion}.targets.json`, targetsBytes);
    const snapshotVersion = next('snapshot');
    const snapshotBytes = this.sign(
      {
        _type: 'snapshot',
        spec_version: '1.0',
        version: snapshotVersion,
        expires,
        meta: { 'targets.json': { version: targetsVersion } },
      },
      [signer('snapshot')],
    );
    this.write(`${snapshotVersion}.snapshot.json`, snapshotBytes);
    this.write(
      'timestamp.json',
      this.sign(
        {
          _type: 'timestamp',
          spec_version: '1.0',
          version: next('timestamp'),
          expires,
          meta: {
            'snapshot.json': {
              version: snapshotVersion,
              length: snapshotBytes.length,
              hashes: { sha256: sha256(snapshotBytes) },
            },
          },
        },
        [signer('timestamp')],
      ),
    );
  }

  /** Writes every file under `dir` (e.g. a fake site's host folder). */
  writeTo(dir: string): void {
    for (const [path, bytes] of this.files) {
      const file = join(dir, ...path.split('/'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
  }
}
