/**
 * Checking signatures ahead (prepare.ts, verifyProvenanceAsync): the listed checks are the
 * ECDSA checks sigstore-js really makes, and the async path gives exactly
 * the synchronous result, here and in a worker-like build on the crypto shims where WebCrypto
 * answers noble's checks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type * as NodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NEGATIVE_CASES, VALID_CASES, type FixtureCase } from '../../../test/cases.js';
import { readFixtureJson } from '../../../test/fixtures.js';
import { caseProvenance } from '../../../test/load-case.js';
import { parseAttestation } from '../provenance/attestation.js';
import { verifyProvenance, verifyProvenanceAsync } from '../provenance/verify.js';
import { caChecks, signatureChecks } from './prepare.js';
import type { SignatureCheck } from './signature-prep.js';
import { loadTrust, type Trust } from './trust.js';
import { parseBundle, verifyBundle } from './verify-bundle.js';

const nodeCrypto = createRequire(import.meta.url)('node:crypto') as typeof NodeCrypto;
const freshTrust = (root = 'trust/sigstore-prod.trusted_root.json'): Trust =>
  loadTrust(readFixtureJson(root));

function attestationsOf(c: FixtureCase): unknown[] {
  const p = caseProvenance(c) as { attestation_bundles: { attestations: unknown[] }[] };
  return p.attestation_bundles.flatMap((b) => b.attestations);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
function keyHex(key: unknown): string {
  if (key instanceof Uint8Array) return hex(key);
  return hex((key as NodeCrypto.KeyObject).export({ type: 'spki', format: 'der' }) as Uint8Array);
}
/** One check, as sigstore-js calls `crypto.verify(algorithm, data, key, signature)`. */
const name = (alg: unknown, data: Uint8Array, key: unknown, sig: Uint8Array) =>
  `${alg ?? 'sha256'}|${keyHex(key)}|${hex(data)}|${hex(sig)}`;
const listed = (c: SignatureCheck) => name(c.algorithm, c.data, c.key, c.signature);

describe('signatureChecks', () => {
  it('lists every ECDSA check sigstore-js makes', () => {
    let made = 0;
    for (const c of VALID_CASES) {
      const trust = freshTrust(); // a new certificate for this trust: its chain is listed too
      for (const a of attestationsOf(c)) {
        const bundle = parseBundle(parseAttestation(a, c.name).bundleJson);
        const checks = new Set(signatureChecks(bundle, trust).map(listed));
        const spy = vi.spyOn(nodeCrypto, 'verify');
        try {
          verifyBundle(bundle, trust);
          const calls = spy.mock.calls.map(([alg, data, key, sig]) => ({ alg, data, key, sig }));
          // DSSE, SET, checkpoint, the certificate's signature and SCT (+ the CAs' the first time)
          expect(calls.length, c.name).toBeGreaterThanOrEqual(5);
          for (const x of calls) {
            expect(
              checks.has(name(x.alg, x.data as Uint8Array, x.key, x.sig as Uint8Array)),
              `${c.name}: an unlisted check`,
            ).toBe(true);
          }
          made += calls.length;
        } finally {
          spy.mockRestore();
        }
      }
    }
    expect(made).toBeGreaterThan(50);
  });

  it('lists no chain checks for a certificate already verified under the trust', () => {
    const trust = freshTrust();
    const [c] = VALID_CASES as [FixtureCase];
    const bundle = parseBundle(parseAttestation(attestationsOf(c)[0], c.name).bundleJson);
    const before = signatureChecks(bundle, trust).length;
    verifyBundle(bundle, trust);
    const after = signatureChecks(bundle, trust).length;
    expect(after).toBeLessThan(before);
    expect(after).toBe(3); // DSSE, SET, checkpoint
  });

  it('never throws on bundles it cannot read', () => {
    const trust = freshTrust();
    const [c] = VALID_CASES as [FixtureCase];
    const bundle = parseBundle(parseAttestation(attestationsOf(c)[0], c.name).bundleJson);
    const broken = { ...bundle, verificationMaterial: { content: { $case: 'nope' } } };
    expect(() => signatureChecks(broken as never, trust)).not.toThrow();
  });
});

describe('verifyProvenanceAsync', () => {
  it('gives verifyProvenance’s result on every case (Node: sigstore-js on Node’s crypto)', async () => {
    for (const c of [...VALID_CASES, ...NEGATIVE_CASES]) {
      const input = {
        filename: c.filename,
        sha256: c.sha256,
        provenance: caseProvenance(c),
        ...(c.root && { trust: freshTrust(c.root) }),
      };
      expect(await verifyProvenanceAsync(input), c.name).toEqual(verifyProvenance(input));
    }
  });

  describe('when given a preparer', () => {
    it('hands it the signature checks first, and still gives verifyProvenance’s result', async () => {
      const [c] = VALID_CASES as [FixtureCase];
      const input = { filename: c.filename, sha256: c.sha256, provenance: caseProvenance(c) };
      const asked: number[] = [];
      const result = await verifyProvenanceAsync(input, async (checks) =>
        asked.push(checks.length),
      );
      expect(asked).toHaveLength(1);
      expect(asked[0]).toBeGreaterThanOrEqual(3);
      expect(result).toEqual(verifyProvenance(input));
      // A preparer that fails changes nothing either.
      const failing = await verifyProvenanceAsync(input, () => Promise.reject(new Error('x')));
      expect(failing).toEqual(result);
    });
  });
});

/**
 * The core bundled like the worker's verifier (crypto, util and buffer aliased to the shims,
 * the Buffer shim as global Buffer) and run in a Node process without Node's Buffer.
 */
describe('in a build on the crypto shims', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const shim = (file: string) => join(root, 'src/shims', file);
  let dir = '';
  let results: { name: string; sync: unknown; async: unknown; hits: number }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pp-prepare-'));
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      [
        `import '${shim('buffer-global.ts')}';`,
        `import { verifyProvenanceAsync as verifyWith } from '${join(root, 'src/core/provenance/verify.ts')}';`,
        `import { prepareSignatures } from '${shim('webcrypto-ahead.ts')}';`,
        `export { verifyProvenance } from '${join(root, 'src/core/provenance/verify.ts')}';`,
        `export const verifyProvenanceAsync = (input) => verifyWith(input, prepareSignatures);`,
        `export { loadTrust } from '${join(root, 'src/core/sigstore/trust.ts')}';`,
        `export { signatureCheckStats } from '${shim('webcrypto-ahead.ts')}';`,
      ].join('\n'),
    );
    await build({
      configFile: false,
      logLevel: 'silent',
      resolve: {
        alias: [
          { find: /^(node:)?crypto$/, replacement: shim('crypto.ts') },
          { find: /^(node:)?util$/, replacement: shim('util.ts') },
          { find: /^(node:)?buffer$/, replacement: shim('buffer.ts') },
        ],
      },
      build: {
        outDir: join(dir, 'out'),
        target: 'node20',
        minify: false,
        lib: { entry, formats: ['es'], fileName: () => 'verifier.js' },
        rollupOptions: { output: { codeSplitting: false } },
      },
    });
    const cases = [...VALID_CASES, ...NEGATIVE_CASES].map((c) => ({
      name: c.name,
      filename: c.filename,
      sha256: c.sha256,
      provenance: caseProvenance(c),
      ...(c.root && { root: readFixtureJson(c.root) }),
    }));
    const runner = join(dir, 'run.mjs');
    writeFileSync(
      runner,
      `import { readFileSync } from 'node:fs';
delete globalThis.Buffer;
const v = await import(${JSON.stringify(join(dir, 'out', 'verifier.js'))});
const out = [];
for (const c of JSON.parse(readFileSync(0, 'utf8'))) {
  const input = { filename: c.filename, sha256: c.sha256, provenance: c.provenance };
  // Separate trust objects: the async run must not profit from the sync run's caches.
  const trustA = c.root ? v.loadTrust(structuredClone(c.root)) : undefined;
  const trustB = c.root ? v.loadTrust(structuredClone(c.root)) : undefined;
  const before = v.signatureCheckStats.hits;
  const asyncResult = await v.verifyProvenanceAsync({ ...input, ...(trustA && { trust: trustA }) });
  const hits = v.signatureCheckStats.hits - before;
  const syncResult = v.verifyProvenance({ ...input, ...(trustB && { trust: trustB }) });
  out.push({ name: c.name, async: asyncResult, sync: syncResult, hits });
}
process.stdout.write(JSON.stringify(out));`,
    );
    const stdout = execFileSync(process.execPath, [runner], {
      input: JSON.stringify(cases),
      maxBuffer: 64 << 20,
    });
    results = JSON.parse(stdout.toString('utf8'));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives the synchronous result on every case', () => {
    expect(results.length).toBe(VALID_CASES.length + NEGATIVE_CASES.length);
    for (const r of results) expect(r.async, r.name).toEqual(r.sync);
  });

  it('answers sigstore-js’s checks from WebCrypto’s results', () => {
    // The first case: DSSE, SET, checkpoint, the certificate by the intermediate, its SCT,
    // the intermediate by the root, the root by itself: no signature left to noble.
    expect(results[0]?.hits).toBe(7);
    for (const r of results) {
      if ((r.sync as { state: string }).state === 'verified') {
        expect(r.hits, r.name).toBeGreaterThanOrEqual(3);
      }
    }
  });
});

describe('caChecks (the verifier warmed up ahead)', () => {
  it("lists the CA chain's real signatures once per trust material, then none in the first bundle's list", () => {
    const trust = freshTrust();
    const cas = caChecks(trust.material);
    expect(cas.length).toBeGreaterThan(0);
    for (const c of cas) {
      expect(
        nodeCrypto.verify(
          c.algorithm ?? null,
          c.data,
          nodeCrypto.createPublicKey({
            key: Buffer.from(c.key as Uint8Array),
            format: 'der',
            type: 'spki',
          }),
          c.signature,
        ),
      ).toBe(true);
    }
    expect(caChecks(trust.material)).toEqual([]);
    const c = VALID_CASES[0]!;
    const { bundleJson } = parseAttestation(attestationsOf(c)[0], '');
    const listed = signatureChecks(parseBundle(bundleJson), trust).map((x) => hex(x.signature));
    for (const ca of cas) expect(listed).not.toContain(hex(ca.signature));
  });
});
