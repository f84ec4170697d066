#!/usr/bin/env node
// Runs a TypeScript script of this repository under Node 20 (which cannot strip types): vite
// bundles it for Node into .cache/run-ts/ (dependencies stay external), then it is imported.
// Usage: node scripts/run-ts.js scripts/demo.ts [args…]
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.js FILE.ts [args…]');
  process.exit(2);
}
const outDir = join(root, '.cache', 'run-ts');
mkdirSync(outDir, { recursive: true });
const name = basename(entry).replace(/\.ts$/, '');
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, entry),
    outDir,
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: `${name}.mjs`, format: 'es' } },
  },
});
process.argv = [process.argv[0], resolve(root, entry), ...args];
await import(pathToFileURL(join(outDir, `${name}.mjs`)).href);
