#!/usr/bin/env node
// Extracts the Sigstore production trusted root from @sigstore/tuf's seeds.json at build time,
// so the extension and CLI never fetch trust material at run time. Writes
// src/generated/trusted-root.json and src/generated/trust-info.json (its provenance and date).
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
// Sigstore added or rotated a key in it, which is the freshness users care about.
const starts = [];
for (const group of ['tlogs', 'ctlogs', 'certificateAuthorities', 'timestampAuthorities']) {
  for (const entry of trustedRoot[group] ?? []) {
    const start = entry.publicKey?.validFor?.start ?? entry.validFor?.start;
    if (start) starts.push(start);
  }
}
starts.sort();
// When the root was taken from @sigstore/tuf: the build date, or SOURCE_DATE_EPOCH for
// reproducible builds (and for tests of the freshness notice). The extension says to update
// itself when this is older than 180 days: a newer Sigstore root may have keys it lacks.
const epoch = process.env.SOURCE_DATE_EPOCH;
const takenAt = new Date(epoch && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now());
const info = {
  takenAt: takenAt.toISOString(),
  source: `@sigstore/tuf@${tufPkg.version} seeds.json (${REPO})`,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  newestKeyDate: starts.at(-1) ?? null,
  tufRootVersion: tufRoot.signed?.version ?? null,
  tufRootExpires: tufRoot.signed?.expires ?? null,
};
mkdirSync(join(root, 'src', 'generated'), { recursive: true });
writeFileSync(join(root, 'src', 'generated', 'trusted-root.json'), bytes);
writeFileSync(
  join(root, 'src', 'generated', 'trust-info.json'),
  JSON.stringify(info, null, 2) + '\n',
);
console.log(`trusted root ${info.sha256.slice(0, 12)}… newest key ${info.newestKeyDate}`);
