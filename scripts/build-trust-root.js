#!/usr/bin/env node
// Extracts the Sigstore production trusted root from @sigstore/tuf's seeds.json at build time,
// so the extension and CLI work without fetching trust material. Writes
// src/generated/trusted-root.json, src/generated/trust-info.json (its provenance and dates) and
// src/generated/tuf-root.json (the TUF root an optional refresh of the trusted root starts from).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seedsPath = require.resolve('@sigstore/tuf/seeds.json');
const tufPkg = JSON.parse(readFileSync(join(dirname(seedsPath), 'package.json'), 'utf8'));
const seeds = JSON.parse(readFileSync(seedsPath, 'utf8'));
const REPO = 'https://tuf-repo-cdn.sigstore.dev';
const seed = seeds[REPO];
if (!seed?.targets?.['trusted_root.json']) {
  console.error(`@sigstore/tuf seeds.json has no trusted_root.json for ${REPO}`);
  process.exit(2);
}
const bytes = Buffer.from(seed.targets['trusted_root.json'], 'base64');
const trustedRoot = JSON.parse(bytes.toString('utf8'));
const tufRoot = JSON.parse(Buffer.from(seed['root.json'], 'base64').toString('utf8'));

// The trusted root carries no date of its own; its newest validity start is the last time
// Sigstore added or rotated a key in it (src/core/sigstore/trust.ts newestKeyDate computes the
// same at run time, and a test checks that they agree).
const starts = [];
for (const group of ['tlogs', 'ctlogs', 'certificateAuthorities', 'timestampAuthorities']) {
  for (const entry of trustedRoot[group] ?? []) {
    const start = entry.publicKey?.validFor?.start ?? entry.validFor?.start;
    if (typeof start === 'string' && !Number.isNaN(Date.parse(start))) starts.push(start);
  }
}
starts.sort((a, b) => Date.parse(a) - Date.parse(b));

// When a newer root exists. Sigstore's TUF repository is run with tuf-on-ci, whose root role
// says how long each root version is valid (x-tuf-on-ci-expiry-period, days) and how many days
// before it expires the next signing event starts (x-tuf-on-ci-signing-period): from then on,
// Sigstore is publishing a newer root (and re-signed targets with it). Without those fields,
// the root's expiry itself.
const DAY_MS = 24 * 60 * 60 * 1000;
const expires = tufRoot.signed?.expires ?? null;
const signingPeriod = tufRoot.signed?.['x-tuf-on-ci-signing-period'];
const newerRootDueAt =
  expires === null || Number.isNaN(Date.parse(expires))
    ? null
    : new Date(
        Date.parse(expires) - (Number.isInteger(signingPeriod) ? signingPeriod * DAY_MS : 0),
      ).toISOString();

// When the root was taken from @sigstore/tuf: the build date, or SOURCE_DATE_EPOCH for
// reproducible builds.
const epoch = process.env.SOURCE_DATE_EPOCH;
const takenAt = new Date(epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now());
const info = {
  takenAt: takenAt.toISOString(),
  source: `@sigstore/tuf@${tufPkg.version} seeds.json (${REPO})`,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  newestKeyDate: starts.at(-1) ?? null,
  tufRootVersion: tufRoot.signed?.version ?? null,
  tufRootExpires: expires,
  newerRootDueAt,
};
mkdirSync(join(root, 'src', 'generated'), { recursive: true });
writeFileSync(join(root, 'src', 'generated', 'trusted-root.json'), bytes);
writeFileSync(
  join(root, 'src', 'generated', 'trust-info.json'),
  JSON.stringify(info, null, 2) + '\n',
);
// The TUF root the optional refresh starts from (src/core/sigstore/tuf-client.ts): only the
// extension pages' refresh code loads it.
writeFileSync(
  join(root, 'src', 'generated', 'tuf-root.json'),
  Buffer.from(seed['root.json'], 'base64'),
);
console.log(
  `trusted root ${info.sha256.slice(0, 12)}… newest key ${info.newestKeyDate}, newer root due ${newerRootDueAt}`,
);
