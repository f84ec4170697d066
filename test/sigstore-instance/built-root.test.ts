/**
 * The bundled trusted root decides what the shipped extension trusts. Two real builds into
 * temporary folders, run with the worker's shims (test/run-built-verifier.mjs):
 *  - the production build (plain `vite build`) rejects test-instance attestations and
 *    verifies a real PyPI attestation;
 *  - the TEST build (scripts/build-test-extension.js, the test instance's root bundled)
 *    verifies them, and rejects the real one.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/core/result.js';
import { VALID_CASES } from '../cases.js';
import { caseProvenance } from '../load-case.js';
import type { TufRefresh } from '../../src/core/sigstore/tuf-client.js';
import { TestTufRepo } from '../tuf-repo/index.js';
import { serveTufRepo } from '../tuf-repo/server.js';
import { createTestInstance, type AttestRequest } from './index.js';

const run = promisify(execFile);
const tufRunner = join(
  fileURLToPath(new URL('../../', import.meta.url)),
  'test',
  'run-built-tuf.mjs',
);
const DAY_MS = 24 * 60 * 60 * 1000;
const tufRepo = new TestTufRepo('built-root.test.ts');
tufRepo.publishRoot();
const REFRESHED = JSON.stringify(
  createTestInstance({ seed: 'built-root.test.ts refreshed' }).trustedRoot,
);
tufRepo.publish({ targets: { 'trusted_root.json': REFRESHED } });

type TufOutcome =
  { ok: true; result: TufRefresh; bufferIsShim: boolean } | { ok: false; error: string };

/** The built TUF client chunk of `outDir`, against `base`, from `previous`. */
async function runBuiltTuf(
  outDir: string,
  base: string,
  previous?: TufRefresh,
): Promise<TufOutcome> {
  const child = run(process.execPath, [tufRunner, join(outDir, 'assets', 'tuf-refresh.js'), base], {
    maxBuffer: 16 << 20,
  });
  child.child.stdin?.end(
    JSON.stringify(
      previous ? { metadata: previous.metadata, trustedRoot: previous.trustedRoot } : null,
    ),
  );
  return JSON.parse((await child).stdout) as TufOutcome;
}
const repo = fileURLToPath(new URL('../../', import.meta.url));
const runner = join(repo, 'test', 'run-built-verifier.mjs');

const instance = createTestInstance({ seed: 'built-root.test.ts' });
const identity = { kind: 'GitHub', repository: 'example/built', workflow: 'release.yml' } as const;
const requests: AttestRequest[] = (['v1', 'v2'] as const).map((rekor) => ({
  filename: 'built-1.0.tar.gz',
  sha256: (rekor === 'v1' ? 'a1' : 'b2').repeat(32),
  identity,
  rekor,
}));
const real = VALID_CASES[0];

/** Before the production root's newest key (2025-09-23); the default signing time is after. */
const EARLY = new Date('2025-06-01T12:00:00Z');

/**
 * Inputs for run-built-verifier.mjs: test v1, test v2, a real production attestation, then
 * test v1 and v2 signed before the production root's newest key.
 */
function inputs(): unknown[] {
  if (!real) throw new Error('no real fixture');
  const test = (r: AttestRequest) => ({
    filename: r.filename,
    sha256: r.sha256,
    provenance: instance.provenance(r),
  });
  return [
    ...requests.map(test),
    { filename: real.filename, sha256: real.sha256, provenance: caseProvenance(real) },
    ...requests.map((r) => test({ ...r, signedAt: EARLY })),
  ];
}

/** Environment for a real extension build (vitest's own variables would change it). */
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  if (env.NODE_ENV === 'test') delete env.NODE_ENV;
  delete env.PYPI_PROVENANCE_TRUSTED_ROOT;
  delete env.PYPI_PROVENANCE_TUF_ROOT;
  return env;
}

async function runBuilt(chunk: string, input: unknown[]): Promise<FileResult[]> {
  const child = run(process.execPath, [runner, chunk], { maxBuffer: 64 << 20 });
  child.child.stdin?.end(JSON.stringify(input));
  const { stdout } = await child;
  return (JSON.parse(stdout) as { results: FileResult[] }).results;
}

/** Whether any built JavaScript asset contains `text`. */
function bundled(outDir: string, text: string): boolean {
  const assets = join(outDir, 'assets');
  return readdirSync(assets).some(
    (f) => f.endsWith('.js') && readFileSync(join(assets, f), 'utf8').includes(text),
  );
}

let dir = '';
const out = { prod: '', test: '' };
const results: { prod: FileResult[]; test: FileResult[] } = { prod: [], test: [] };

beforeAll(async () => {
  if (!existsSync(join(repo, 'src', 'generated', 'trusted-root.json'))) {
    throw new Error('src/generated/trusted-root.json is missing: run npm run build first');
  }
  dir = mkdtempSync(join(tmpdir(), 'built-root-'));
  out.prod = join(dir, 'prod');
  out.test = join(dir, 'test');
  const root = join(dir, 'trusted_root.json');
  writeFileSync(root, JSON.stringify(instance.trustedRoot));
  // The TEST build also starts the trust root's refresh from a TUF root signed with test keys.
  const tufRoot = join(dir, 'tuf-root.json');
  writeFileSync(tufRoot, tufRepo.rootJson(1));
  const env = buildEnv();
  const vitePkg = join(repo, 'node_modules', 'vite', 'package.json');
  const vite = join(
    repo,
    'node_modules',
    'vite',
    JSON.parse(readFileSync(vitePkg, 'utf8')).bin.vite,
  );
  const quiet = ['--logLevel', 'error'];
  await Promise.all([
    run(process.execPath, [vite, 'build', '--outDir', out.prod, '--emptyOutDir', ...quiet], {
      cwd: repo,
      env,
    }),
    run(
      process.execPath,
      [join(repo, 'scripts', 'build-test-extension.js'), root, out.test, ...quiet],
      { cwd: repo, env: { ...env, PYPI_PROVENANCE_TUF_ROOT: tufRoot } },
    ),
  ]);
  const input = inputs();
  [results.prod, results.test] = await Promise.all([
    runBuilt(join(out.prod, 'assets', 'verifier.js'), input),
    runBuilt(join(out.test, 'assets', 'verifier.js'), input),
  ]);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('both builds', () => {
  it.each(['prod', 'test'] as const)('%s: the worker code imports no Node built-in', (which) => {
    for (const name of ['crypto', 'util', 'buffer']) {
      const pattern = new RegExp(`\\bfrom\\s*["'](node:)?${name}["']`);
      const assets = join(out[which], 'assets');
      for (const f of readdirSync(assets).filter((x) => x.endsWith('.js'))) {
        expect(readFileSync(join(assets, f), 'utf8'), f).not.toMatch(pattern);
      }
    }
  });
});

describe('the production build', () => {
  it.each([0, 1])(
    'never verifies test-instance attestation %#: signed after its newest key, unsupported (root outdated)',
    (i) => {
      expect(results.prod[i]).toMatchObject({ state: 'unsupported', code: 'TRUST_ROOT_OUTDATED' });
    },
  );

  it.each([3, 4])(
    'rejects test-instance attestation %# signed before its newest key (untrusted certificate)',
    (i) => {
      expect(results.prod[i]).toMatchObject({ state: 'failed', code: 'UNTRUSTED_CERTIFICATE' });
    },
  );

  it('verifies a real PyPI attestation', () => {
    expect(results.prod[2], JSON.stringify(results.prod[2])).toMatchObject({
      state: 'verified',
    });
  });

  it('carries no test marker and no test key', () => {
    expect(existsSync(join(out.prod, 'TEST-BUILD-DO-NOT-SHIP.txt'))).toBe(false);
    const key = instance.trustedRoot.tlogs[0]?.publicKey.rawBytes ?? 'missing';
    expect(bundled(out.prod, key)).toBe(false);
    expect(bundled(out.test, key)).toBe(true);
  });
});

describe('the TEST build (scripts/build-test-extension.js)', () => {
  it.each([0, 1, 3, 4])('verifies the test-instance attestation %#', (i) => {
    expect(results.test[i], JSON.stringify(results.test[i])).toMatchObject({
      state: 'verified',
      publisher: { kind: 'GitHub', repository: 'example/built' },
    });
  });

  it('never verifies a real PyPI attestation: it trusts the test root only', () => {
    // The test root's keys date from 2020: a CA it lacks for a later signature may be new.
    expect(results.test[2]).toMatchObject({ state: 'unsupported', code: 'TRUST_ROOT_OUTDATED' });
  });

  it('is marked as a test build', () => {
    expect(readFileSync(join(out.test, 'TEST-BUILD-DO-NOT-SHIP.txt'), 'utf8')).toContain(
      'TEST BUILD',
    );
  });
});

describe('the TUF client chunk (the optional refresh of the trust root, on the shims)', () => {
  it('of the TEST build verifies a repository signed with the test TUF root, and refuses a spoiled one', async () => {
    const repoCopy = new TestTufRepo('built-root.test.ts');
    repoCopy.publishRoot();
    repoCopy.publish({ targets: { 'trusted_root.json': REFRESHED } });
    const server = await serveTufRepo(repoCopy);
    try {
      const good = await runBuiltTuf(out.test, server.url);
      expect(good, JSON.stringify(good)).toMatchObject({ ok: true, bufferIsShim: true });
      if (!good.ok) return;
      expect(good.result.trustedRoot).toBe(REFRESHED);
      expect(good.result.rootVersion).toBe(1);
      // Nothing new: only the timestamp is read, the rest comes from what was verified.
      server.requests.length = 0;
      const again = await runBuiltTuf(out.test, server.url, good.result);
      expect(again).toMatchObject({ ok: true });
      expect(server.requests).toEqual(['2.root.json', 'timestamp.json']);
      // A second version trusted (timestamp 2): what the spoiled repositories are checked against.
      repoCopy.publish({ targets: { 'trusted_root.json': REFRESHED } });
      const trusted = await runBuiltTuf(out.test, server.url, good.result);
      if (!trusted.ok) throw new Error(trusted.error);

      repoCopy.publish({ targets: { 'trusted_root.json': '{}' }, expiresInMs: -DAY_MS });
      expect(await runBuiltTuf(out.test, server.url, trusted.result)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/expired/),
      });
      repoCopy.publish({ targets: { 'trusted_root.json': '{}' }, badlySigned: 'targets' });
      expect(await runBuiltTuf(out.test, server.url, trusted.result)).toMatchObject({
        ok: false,
        error: 'targets was signed by 0/1 keys',
      });
      repoCopy.publish({ targets: { 'trusted_root.json': '{}' }, versions: { timestamp: 1 } });
      expect(await runBuiltTuf(out.test, server.url, trusted.result)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/version/),
      });
    } finally {
      await server.close();
    }
  });

  it('of the production build starts from Sigstore’s TUF root: it refuses the test repository', async () => {
    const server = await serveTufRepo(tufRepo);
    try {
      const outcome = await runBuiltTuf(out.prod, server.url);
      // Sigstore's root (v16 or later) names none of the test keys.
      expect(outcome).toMatchObject({ ok: false, error: 'timestamp was signed by 0/1 keys' });
      expect(server.requests[0]).toMatch(/^\d+\.root\.json$/);
      expect(Number(server.requests[0]?.split('.')[0])).toBeGreaterThan(16);
    } finally {
      await server.close();
    }
  });
});
