#!/usr/bin/env node
// TEST builds only. Builds the extension exactly as `npm run build` does, but with ROOT_JSON
// bundled in place of the Sigstore production trusted root (vite.config.ts aliases the import
// of src/generated/trusted-root.json when PYPI_PROVENANCE_TRUSTED_ROOT is set), into OUT_DIR.
// Such a build accepts anything signed by that root's keys (e.g. a test Sigstore instance,
// test/sigstore-instance): never ship it. It refuses to write into dist/ or dist-firefox/.
//
// Usage: node scripts/build-test-extension.js ROOT_JSON OUT_DIR [vite build options…]
// e.g.   node scripts/run-ts.js test/sigstore-instance/cli.ts --out .cache/test-instance
//        node scripts/build-test-extension.js .cache/test-instance/trusted_root.json .cache/test-ext
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [rootArg, outArg, ...viteArgs] = process.argv.slice(2);
if (!rootArg || !outArg) {
  console.error('usage: node scripts/build-test-extension.js ROOT_JSON OUT_DIR [vite options…]');
  process.exit(2);
}
const rootJson = resolve(rootArg);
const outDir = resolve(outArg);

function fail(message) {
  console.error(`build-test-extension: ${message}`);
  process.exit(2);
}

// Vite's JSON plugin only handles .json files, and the alias must point at a real root.
if (!rootJson.endsWith('.json')) fail(`${rootJson}: the trusted root file must end in .json`);
if (!existsSync(rootJson)) fail(`${rootJson}: no such file`);
let trustedRoot;
try {
  trustedRoot = JSON.parse(readFileSync(rootJson, 'utf8'));
} catch (err) {
  fail(`${rootJson}: not JSON (${err.message})`);
}
if (!String(trustedRoot?.mediaType).startsWith('application/vnd.dev.sigstore.trustedroot+json')) {
  fail(`${rootJson}: not a Sigstore trusted_root.json (mediaType ${trustedRoot?.mediaType})`);
}
for (const shipped of ['dist', 'dist-firefox']) {
  if (outDir === join(root, shipped)) fail(`refusing to write a test build into ${shipped}/`);
}

// The worker also bundles src/generated/trust-info.json; create it like `npm run build` does.
if (!existsSync(join(root, 'src', 'generated', 'trust-info.json'))) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-trust-root.js')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// A clean environment for the extension build: under vitest (VITEST set), vite.config.ts
// would leave Node's crypto in place of the worker's shims.
const env = { ...process.env, PYPI_PROVENANCE_TRUSTED_ROOT: rootJson };
for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
if (env.NODE_ENV === 'test') delete env.NODE_ENV;

const vitePkg = createRequire(import.meta.url).resolve('vite/package.json');
const vite = join(dirname(vitePkg), JSON.parse(readFileSync(vitePkg, 'utf8')).bin.vite);
const build = spawnSync(
  process.execPath,
  [vite, 'build', '--outDir', outDir, '--emptyOutDir', ...viteArgs],
  { cwd: root, env, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);

// Check the alias took: the test root's first key is in the built code.
const probe = trustedRoot.tlogs?.[0]?.publicKey?.rawBytes ?? '';
const assets = join(outDir, 'assets');
const bundled =
  probe !== '' &&
  existsSync(assets) &&
  readdirSync(assets).some((f) => readFileSync(join(assets, f), 'utf8').includes(probe));
if (!bundled || !existsSync(join(outDir, 'TEST-BUILD-DO-NOT-SHIP.txt'))) {
  fail(`the test trusted root was not bundled into ${outDir}`);
}
console.warn(`TEST build with trusted root ${rootJson} written to ${outDir}: NEVER ship it.`);
