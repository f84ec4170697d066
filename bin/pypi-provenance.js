#!/usr/bin/env node
// Entry point for the `pypi-provenance` command; the CLI itself is built by `npm ci`
// (the prepare script) or `npm run build:cli` into dist-cli/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist-cli/pypi-provenance.js', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write(
    'pypi-provenance: not built yet; run `npm ci` or `npm run build:cli` first\n',
  );
  process.exit(2);
}
await import(built);
