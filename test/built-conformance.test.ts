/**
 * Sigstore's conformance cases (fixtures/conformance/bundle-verify) through the BUILT bundle
 * verifier: the extension's vite config (crypto/util shims on @noble, the Buffer shim,
 * the slim sigstore-js of scripts/slim-sigstore.ts) builds test/built-conformance-entry.ts next
 * to the worker's verifier, and test/run-built-conformance.mjs runs every case in path and
 * digest mode in a Node process without Node's Buffer. Each outcome must equal the source
 * verifier's under Node's crypto (test/conformance.ts runCase), which conformance.test.ts
 * pins to the expected reason codes.
 *
 * The one expected difference: RSA. The shims deliberately verify no RSA signature (see
 * src/shims/crypto.ts); a case that needs an RSA check and verifies under Node fails in the
 * built code. RSA_CASES lists those cases and their code, so any other difference fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES_DIR, caseNames, runCase, type CaseOutcome, type Mode } from './conformance.js';
import { fixturePath } from './fixtures.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, '.cache', 'built-conformance');
const CHUNK = join(OUT_DIR, 'assets', 'conformance.js');

/**
 * Cases that need an RSA signature check: they verify under Node, and fail in the build with
 * the code given. bundle-with-sct-with-extensions: its trusted root's CA key is RSA, so the
 * signing certificate's chain cannot be verified.
 */
const RSA_CASES: Record<string, string> = {
  'bundle-with-sct-with-extensions': 'UNTRUSTED_CERTIFICATE',
};

const names = caseNames();
const runs = names.flatMap((name) =>
  (['path', 'digest'] as Mode[]).map((mode) => ({ name, mode })),
);
let built: CaseOutcome[] = [];

beforeAll(() => {
  // The extension build, not vitest's: VITEST unset, so the shims and slim-sigstore apply.
  const env = { ...process.env };
  delete env.VITEST;
  delete env.VITEST_MODE;
  delete env.VITEST_POOL_ID;
  delete env.VITEST_WORKER_ID;
  delete env.PYPI_PROVENANCE_TRUSTED_ROOT;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(ROOT, 'test', 'vite.built-conformance.config.ts'),
      '--logLevel',
      'error',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (!existsSync(CHUNK)) throw new Error(`${CHUNK} was not built`);
  const out = execFileSync(
    process.execPath,
    [
      fileURLToPath(new URL('./run-built-conformance.mjs', import.meta.url)),
      CHUNK,
      CASES_DIR,
      fixturePath('trust', 'sigstore-prod.trusted_root.json'),
    ],
    { input: JSON.stringify(runs), maxBuffer: 64 << 20 },
  );
  built = JSON.parse(out.toString('utf8')) as CaseOutcome[];
}, 120_000);

describe('sigstore-conformance bundle-verify through the built verifier', () => {
  it('ran every case in both modes', () => {
    expect(names).toHaveLength(70);
    expect(built).toHaveLength(runs.length);
  });

  it.each(runs.map((r, i) => [`${r.name} (${r.mode})`, r, i] as const))(
    '%s: same outcome as the source verifier',
    (_label, { name, mode }, i) => {
      const source = runCase(name, mode);
      const got = built[i] as CaseOutcome;
      const rsa = RSA_CASES[name];
      if (rsa !== undefined) {
        expect(source).toEqual({ ok: true });
        expect(got).toMatchObject({ ok: false, code: rsa });
        return;
      }
      expect(got.ok, got.ok ? '' : got.message).toBe(source.ok);
      if (!got.ok && !source.ok) expect(got.code, got.message).toBe(source.code);
    },
  );

  it('lists only RSA cases that exist', () => {
    for (const name of Object.keys(RSA_CASES)) expect(names).toContain(name);
  });
});
