#!/usr/bin/env node
// `npm run package`: store-ready zips of the Chrome (dist/) and Firefox (dist-firefox/) builds
// in packages/. Entries are sorted and dated 1980-01-01 so the same build gives the same zip.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function files(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : [path];
    });
}

mkdirSync(join(root, 'packages'), { recursive: true });
for (const [target, dir] of [
  ['chrome', 'dist'],
  ['firefox', 'dist-firefox'],
]) {
  const base = join(root, dir);
  const entries = {};
  for (const path of files(base)) {
    entries[relative(base, path).split('\\').join('/')] = [
      readFileSync(path),
      { mtime: new Date('1980-01-01T00:00:00Z'), level: 9 },
    ];
  }
  if (!entries['manifest.json']) {
    console.error(`${dir}/manifest.json is missing: build first`);
    process.exit(1);
  }
  const out = join(root, 'packages', `pypi-provenance-${target}-${version}.zip`);
  writeFileSync(out, zipSync(entries));
  console.log(`${relative(root, out)} (${Object.keys(entries).length} files)`);
}
