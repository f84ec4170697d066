/**
 * scripts/slim-sigstore.ts, the extension build's slimmer sigstore-js:
 * - each facade name is the very object the package's index exports;
 * - the consumer check accepts the installed sigstore-js and rejects reads outside the facades;
 * - the CommonJS → ES module rewrite of protobuf-specs' generated modules gives the same
 *   exports and the same fromJSON results (or the same error) as the originals on every
 *   trusted root, bundle and Rekor v2 entry of the fixtures and on malformed input, and its
 *   toJSON throws; statement shapes it does not know fail the build;
 * - the CommonJS → ES module rewrite of @sigstore/core, bundle and verify gives modules with
 *   the same export names and the same functions, classes and values (loaded in Node, each
 *   package importing the rewritten others), and rejects what it does not know.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES_DIR, caseNames } from '../test/conformance.js';
import { fixturePath } from '../test/fixtures.js';
import {
  checkConsumer,
  facadeSource,
  facadeSourceOf,
  FACADES,
  generatedToEsm,
  packageIndex,
  resolveRelative,
  sigstoreToEsm,
  TO_JSON_REMOVED,
} from './slim-sigstore.js';

const require = createRequire(import.meta.url);
type Codec = { fromJSON(o: unknown): unknown; toJSON(m: unknown): unknown };
type Module = Record<string, unknown>;

const GENERATED_DIR = join(dirname(packageIndex('@sigstore/protobuf-specs')), '__generated__');
const generatedFiles = (readdirSync(GENERATED_DIR, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.js'))
  .sort();

describe('facades', () => {
  it.each(
    Object.entries(FACADES).flatMap(([spec, names]) =>
      Object.keys(names).map((name) => [spec, name] as const),
    ),
  )('%s %s is the package index export', (spec, name) => {
    const fromIndex = (require(spec) as Module)[name];
    const { file, namespace } = facadeSourceOf(spec, name);
    const mod = require(file) as Module;
    expect(fromIndex).toBeDefined();
    if (namespace) {
      // The index wraps the file with __importStar: same members.
      const ns = fromIndex as Module;
      const keys = Object.keys(mod).filter((k) => k !== '__esModule');
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) expect(ns[k], k).toBe(mod[k]);
    } else {
      expect(mod[name]).toBe(fromIndex);
    }
  });

  it('re-exports each name from its file', () => {
    expect(facadeSource('@sigstore/core')).toContain('export * as crypto from ');
    expect(facadeSource('@sigstore/protobuf-specs/rekor/v2')).toMatch(
      /^export \{ Entry \} from ".*__generated__[\\/]rekor[\\/]v2[\\/]entry\.js";$/,
    );
  });
});

describe('consumer check', () => {
  it('accepts every module of the installed sigstore-js', () => {
    for (const pkg of ['core', 'bundle', 'verify']) {
      const dir = dirname(packageIndex(`@sigstore/${pkg}`));
      for (const f of readdirSync(dir, { recursive: true }) as string[]) {
        if (f.endsWith('.js')) checkConsumer(readFileSync(join(dir, f), 'utf8'), f);
      }
    }
  });

  it.each([
    [
      'a name outside the facade',
      'const p = require("@sigstore/protobuf-specs"); p.SigningConfig.fromJSON({});',
    ],
    [
      'a toJSON-only enum helper',
      'const p = require("@sigstore/protobuf-specs"); p.hashAlgorithmToJSON(1);',
    ],
    ['the whole module', 'const c = require("@sigstore/core"); use(c);'],
    ['a computed read', 'const c = require("@sigstore/verify"); c["Verifier"];'],
    ['an unbound require', 'use(require("@sigstore/bundle"));'],
    ['a deep require', 'const x = require("@sigstore/core/dist/pem");'],
    ['export *', 'export * from "@sigstore/core";'],
  ])('rejects %s', (_what, code) => {
    expect(() => checkConsumer(code, 'x.js')).toThrow(/slim-sigstore/);
  });

  it('ignores other packages', () => {
    expect(() => checkConsumer('const t = require("@sigstore/tuf-x"); use(t);')).not.toThrow();
  });
});

describe('protobuf-specs generated modules as ES modules', () => {
  const esmDir = fileURLToPath(new URL('../.cache/slim-sigstore-test/', import.meta.url));
  const esm = new Map<string, Module>();
  const cjs = (file: string): Module => require(join(GENERATED_DIR, file)) as Module;

  beforeAll(async () => {
    rmSync(esmDir, { recursive: true, force: true });
    for (const file of generatedFiles) {
      const out = join(esmDir, file);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, generatedToEsm(readFileSync(join(GENERATED_DIR, file), 'utf8'), file));
    }
    writeFileSync(join(esmDir, 'package.json'), '{"type":"module"}\n');
    for (const file of generatedFiles) {
      esm.set(file, (await import(pathToFileURL(join(esmDir, file)).href)) as Module);
    }
  });

  it('rewrites every generated module', () => {
    expect(generatedFiles).toContain('sigstore_bundle.js');
    expect(esm.size).toBe(generatedFiles.length);
  });

  it.each(generatedFiles)('%s exports the same names, enums and fromJSON functions', (file) => {
    const a = cjs(file);
    const b = esm.get(file) as Module;
    expect(Object.keys(b).sort()).toEqual(
      Object.keys(a)
        .filter((k) => k !== '__esModule')
        .sort(),
    );
    for (const [name, value] of Object.entries(a)) {
      if (name === '__esModule') continue;
      if (typeof value === 'function') {
        expect(String(b[name]), name).toBe(String(value));
      } else if (typeof (value as Partial<Codec>).fromJSON === 'function') {
        const codec = b[name] as Codec;
        expect(Object.keys(codec), name).toEqual(['fromJSON', 'toJSON']);
        expect(() => codec.toJSON({}), name).toThrow(TO_JSON_REMOVED);
      } else {
        expect(b[name], name).toEqual(value);
      }
    }
  });

  /** Same result, or the same error, from the original and the rewritten fromJSON. */
  function same(file: string, name: string, input: unknown): void {
    const run = (m: Module): unknown => {
      try {
        return { value: (m[name] as Codec).fromJSON(input) };
      } catch (err) {
        return { error: String(err) };
      }
    };
    expect(run(esm.get(file) as Module), `${file} ${name}`).toEqual(run(cjs(file)));
  }

  const json = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8')) as unknown;
  const cases = caseNames();
  const bundles: unknown[] = [];
  const roots: unknown[] = [
    json(fixturePath('trust', 'sigstore-prod.trusted_root.json')),
    json(fixturePath('trust', 'sigstore-staging.trusted_root.json')),
  ];
  for (const name of cases) {
    try {
      bundles.push(json(join(CASES_DIR, name, 'bundle.sigstore.json')));
    } catch {
      // bundle-malformed-json_fail: not JSON at all.
    }
    try {
      roots.push(json(join(CASES_DIR, name, 'trusted_root.json')));
    } catch {
      // No custom root.
    }
  }
  const entries = bundles.flatMap((b) =>
    (
      (b as { verificationMaterial?: { tlogEntries?: { canonicalizedBody?: string }[] } })
        .verificationMaterial?.tlogEntries ?? []
    ).flatMap((e) => (e.canonicalizedBody ? [e.canonicalizedBody] : [])),
  );
  const bodies = entries.map(
    (b) => JSON.parse(Buffer.from(b, 'base64').toString('utf8')) as unknown,
  );

  it('has the fixtures to compare on', () => {
    expect(bundles.length).toBeGreaterThan(60);
    expect(roots.length).toBeGreaterThan(10);
    expect(bodies.some((b) => (b as { spec?: unknown }).spec !== undefined)).toBe(true);
  });

  it('parses every bundle, envelope, trusted root and log entry body the same', () => {
    for (const b of bundles) {
      same('sigstore_bundle.js', 'Bundle', b);
      same('envelope.js', 'Envelope', (b as { dsseEnvelope?: unknown }).dsseEnvelope ?? {});
    }
    for (const r of roots) same('sigstore_trustroot.js', 'TrustedRoot', r);
    for (const body of bodies) same('rekor/v2/entry.js', 'Entry', body);
  });

  it('fails the same way on malformed input', () => {
    const bad: unknown[] = [
      {},
      { mediaType: 5, verificationMaterial: { publicKey: { hint: 1 } } },
      { verificationMaterial: { tlogEntries: [{ logIndex: {}, kindVersion: 'x' }] } },
      { messageSignature: { messageDigest: { algorithm: 'SHA1' } } },
      { messageSignature: { messageDigest: { algorithm: 99, digest: '%%%' } } },
      { dsseEnvelope: { payload: 7, signatures: [{ sig: null }] } },
      { tlogs: [{ publicKey: { keyDetails: 'RSA' } }] },
      {
        tlogs: [
          {
            publicKey: {
              keyDetails: 'PKIX_ED25519',
              validFor: { start: { seconds: '12', nanos: 5 } },
            },
          },
        ],
      },
      { certificateAuthorities: [{ validFor: { start: new Date(0) }, certChain: {} }] },
      { spec: { hashedRekordV002: { data: { algorithm: 'SHA2_384' } } } },
      { spec: { dsseV002: { payloadHash: { algorithm: 'NOPE' } } } },
    ];
    for (const input of bad) {
      same('sigstore_bundle.js', 'Bundle', input);
      same('sigstore_trustroot.js', 'TrustedRoot', input);
      same('rekor/v2/entry.js', 'Entry', input);
    }
    // A null object: both throw the same TypeError.
    same('sigstore_bundle.js', 'Bundle', null);
  });
});

describe('the rewrite fails on what it does not know', () => {
  const header = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n';
  it.each([
    ['a non-message export', 'exports.X = 5;'],
    [
      'a message with another method',
      'exports.M = { fromJSON(o) { return o; }, toJSON(m) { return m; }, encode() {} };',
    ],
    ['module.exports', 'module.exports = {};'],
    ['a require of a package', 'const x = require("long");'],
    ['a read of another export', 'function f() { return exports.g; }\nexports.f = f;'],
    [
      'a message name used as a variable',
      'exports.M = { fromJSON(o) { return M; }, toJSON(m) { return m; } };',
    ],
    ['top-level code', 'console.log(1);'],
  ])('rejects %s', (_what, code) => {
    expect(() => generatedToEsm(header + code, 'x.js')).toThrow(/slim-sigstore/);
  });

  it('keeps what it knows', () => {
    const out = generatedToEsm(
      `${header}exports.M = exports.E = void 0;\nexports.eFromJSON = eFromJSON;\nconst a_1 = require("./a");\nvar E;\n(function (E) {\n  E[E["X"] = 0] = "X";\n})(E || (exports.E = E = {}));\nfunction eFromJSON(o) { return E.X; }\nexports.M = { fromJSON(o) { return a_1.N.fromJSON(exports.M); }, toJSON(m) { return m; } };\n`,
    );
    expect(out).toContain('import * as a_1 from "./a.js";');
    expect(out).toContain('(E || (E = {}))');
    expect(out).toContain(
      'const M = { fromJSON(o) { return a_1.N.fromJSON(M); }, toJSON: toJSONRemoved }',
    );
    expect(out).toContain('export { eFromJSON, E, M };');
    expect(out).not.toMatch(/\bexports\b|\brequire\b/);
  });
});

describe('sigstore-js and TUF modules as ES modules', () => {
  const PACKAGES = [
    '@sigstore/core',
    '@sigstore/bundle',
    '@sigstore/verify',
    '@tufjs/models',
    'tuf-js',
  ] as const;
  // Of tuf-js, the extension bundles these two (src/core/sigstore/tuf-client.ts); the others
  // need Node's fs, which the rewrite refuses.
  const ONLY: Partial<Record<string, string[]>> = { 'tuf-js': ['error.js', 'store.js'] };
  const esmDir = fileURLToPath(new URL('../.cache/slim-sigstore-test-cjs/', import.meta.url));
  const distOf = (pkg: string): string => dirname(packageIndex(pkg));
  const files = PACKAGES.flatMap((pkg) =>
    (readdirSync(distOf(pkg), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.js') && (ONLY[pkg]?.includes(f) ?? true))
      .sort()
      .map((f) => [pkg, f] as const),
  );
  const esmPath = (pkg: string, file: string): string => join(esmDir, pkg, file);
  const esm = new Map<string, Module>();

  beforeAll(async () => {
    rmSync(esmDir, { recursive: true, force: true });
    for (const [pkg, file] of files) {
      const from = join(distOf(pkg), file);
      // Relative requires and the other rewritten packages: the rewritten copies; any other
      // package: the file Node finds from the original module.
      const resolve = (spec: string): string => {
        if (spec.startsWith('.')) {
          const target = resolveRelative(from, spec);
          for (const p of PACKAGES) {
            if (target.startsWith(distOf(p))) {
              return pathToFileURL(esmPath(p, target.slice(distOf(p).length + 1))).href;
            }
          }
          throw new Error(`${spec} outside the packages`);
        }
        if ((PACKAGES as readonly string[]).includes(spec)) {
          return pathToFileURL(esmPath(spec, 'index.js')).href;
        }
        const found = createRequire(from).resolve(spec);
        return found === spec ? spec : pathToFileURL(found).href;
      };
      const out = esmPath(pkg, file);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, sigstoreToEsm(readFileSync(from, 'utf8'), file, resolve));
    }
    writeFileSync(join(esmDir, 'package.json'), '{"type":"module"}\n');
    // Loaded by Node itself in a child process: vitest's loader would rewrite the modules'
    // imports (and so their functions' text). Each export is described by its kind and text.
    const script = `
      const describe = (v) =>
        typeof v === 'function' ? ['function', String(v)]
        : typeof v === 'object' && v !== null && !Array.isArray(v)
          ? ['object', Object.fromEntries(Object.entries(v).filter(([k]) => k !== '__esModule')
              .map(([k, m]) => [k, typeof m === 'function' ? String(m) : m]))]
          : ['value', v];
      const out = {};
      for (const url of JSON.parse(process.argv[1])) {
        const m = await import(url);
        out[url] = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, describe(v)]));
      }
      process.stdout.write(JSON.stringify(out));
    `;
    const urls = files.map(([pkg, file]) => pathToFileURL(esmPath(pkg, file)).href);
    const described = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(urls)], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    ) as Record<string, Record<string, [string, unknown]>>;
    files.forEach(([pkg, file], i) => esm.set(`${pkg}/${file}`, described[urls[i]!]!));
  });

  it('rewrites every module of the packages', () => {
    expect(files.map(([pkg, f]) => `${pkg}/${f}`)).toEqual(
      expect.arrayContaining([
        '@sigstore/core/index.js',
        '@sigstore/core/x509/cert.js',
        '@sigstore/verify/verifier.js',
        '@tufjs/models/metadata.js',
        'tuf-js/store.js',
      ]),
    );
    expect(esm.size).toBe(files.length);
  });

  it.each(files)('%s/%s exports the same names, functions, classes and values', (pkg, file) => {
    const a = require(join(distOf(pkg), file)) as Module;
    const b = esm.get(`${pkg}/${file}`) as Record<string, [string, unknown]>;
    expect(Object.keys(b).sort()).toEqual(
      Object.keys(a)
        .filter((k) => k !== '__esModule')
        .sort(),
    );
    // The one change inside the code: `exports.X` reads the module's own binding of X.
    const own = (fn: unknown): string => String(fn).replace(/\bexports\.(\w+)/g, '__cjs_$1');
    for (const [name, value] of Object.entries(a)) {
      if (name === '__esModule') continue;
      const [kind, text] = b[name]!;
      if (typeof value === 'function') {
        expect([kind, text], name).toEqual(['function', own(value)]);
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        // A namespace (`export * as`, crypto) or a constant object: the same members.
        expect(kind, name).toBe('object');
        expect(text, name).toEqual(
          Object.fromEntries(
            Object.entries(value as Module)
              .filter(([k]) => k !== '__esModule')
              .map(([k, m]) => [k, typeof m === 'function' ? own(m) : m]),
          ),
        );
      } else {
        expect([kind, text], name).toEqual(['value', value]);
      }
    }
  });

  it('the rewritten packages work together: certificates parse the same', () => {
    const root = JSON.parse(
      readFileSync(fixturePath('trust', 'sigstore-prod.trusted_root.json'), 'utf8'),
    ) as { certificateAuthorities: { certChain: { certificates: { rawBytes: string }[] } }[] };
    const pems = root.certificateAuthorities.flatMap((ca) =>
      ca.certChain.certificates.map(
        (c) => `-----BEGIN CERTIFICATE-----\n${c.rawBytes}\n-----END CERTIFICATE-----\n`,
      ),
    );
    expect(pems.length).toBeGreaterThan(2);
    const script = `
      const { X509Certificate } = await import(process.argv[1]);
      const out = JSON.parse(process.argv[2]).map((pem) => {
        const c = X509Certificate.parse(pem);
        return [c.notBefore, c.notAfter, c.subject.toString('hex'), c.isCA, c.verify()];
      });
      process.stdout.write(JSON.stringify(out));
    `;
    const run = (url: string): unknown =>
      JSON.parse(
        execFileSync(
          process.execPath,
          ['--input-type=module', '-e', script, url, JSON.stringify(pems)],
          {
            encoding: 'utf8',
          },
        ),
      );
    const rewritten = run(pathToFileURL(esmPath('@sigstore/core', 'index.js')).href);
    expect(rewritten).toEqual(run(pathToFileURL(packageIndex('@sigstore/core')).href));
    expect(JSON.stringify(rewritten)).toContain('true');
  });

  it('the rewritten TUF models load and verify the bundled TUF root the same', () => {
    const root = readFileSync(
      fileURLToPath(new URL('../src/generated/tuf-root.json', import.meta.url)),
      'utf8',
    );
    const script = `
      const { Metadata } = await import(process.argv[1]);
      const m = Metadata.fromJSON('root', JSON.parse(process.argv[2]));
      m.verifyDelegate('root', m);
      let tampered;
      try {
        const bad = JSON.parse(process.argv[2]);
        bad.signed.version += 1;
        const t = Metadata.fromJSON('root', bad);
        t.verifyDelegate('root', t);
        tampered = 'verified';
      } catch (err) {
        tampered = err.constructor.name + ': ' + err.message;
      }
      process.stdout.write(JSON.stringify([m.signed.version, m.signed.expires,
        Object.keys(m.signed.keys).sort(), m.signed.roles.root.threshold, tampered]));
    `;
    const run = (url: string): unknown =>
      JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', script, url, root], {
          encoding: 'utf8',
        }),
      );
    const rewritten = run(pathToFileURL(esmPath('@tufjs/models', 'index.js')).href);
    expect(rewritten).toEqual(run(pathToFileURL(packageIndex('@tufjs/models')).href));
    expect((rewritten as unknown[])[4]).toMatch(/UnsignedMetadataError/);
  });
});

describe('the sigstore-js rewrite fails on what it does not know', () => {
  const header = '"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\n';
  const rewrite = (code: string): string => sigstoreToEsm(header + code, 'x.js', (s) => s);
  it.each([
    ['module.exports', 'module.exports = {};'],
    ['a require of another package', 'const x = require("long");'],
    ['a require inside a function', 'function f() { return require("./a"); }\nexports.f = f;'],
    ['a read of an export it does not have', 'function f() { return exports.g; }\nexports.f = f;'],
    ['a write to an export inside a function', 'function f() { exports.f = 1; }\nexports.f = f;'],
    ['an export set twice', 'exports.a = 1;\nexports.a = 2;'],
    ['a top-level this', 'const t = this;'],
    ['a default import of a module', 'const a = __importDefault(require("./a"));'],
    ['exports passed around', 'console.log(exports);'],
  ])('rejects %s', (_what, code) => {
    expect(() => rewrite(code)).toThrow(/slim-sigstore/);
  });

  it('keeps what it knows', () => {
    const out = rewrite(
      [
        'var __importStar = (this && this.__importStar) || function (m) { return m; };',
        'var __exportStar = (this && this.__exportStar) || function (m, e) {};',
        'exports.C = exports.K = exports.f = void 0;',
        'exports.f = f;',
        'const a_1 = require("./a");',
        'const c = __importStar(require("crypto"));',
        'var b_1 = require("./b");',
        'Object.defineProperty(exports, "B", { enumerable: true, get: function () { return b_1.Bee; } });',
        '__exportStar(require("./d"), exports);',
        "exports.K = { x: 'y' };",
        'class C { m() { return this; } }',
        'exports.C = C;',
        'function f() { return [exports.K, a_1.g(), c.createHash]; }',
      ].join('\n'),
    );
    expect(out).toContain('import * as a_1 from "./a";');
    expect(out).toContain('import * as c from "crypto";');
    expect(out).toContain("var __cjs_K = { x: 'y' };");
    expect(out).toContain('return [__cjs_K, a_1.g(), c.createHash];');
    expect(out).toContain('export { f, __cjs_K as K, C };');
    expect(out).toContain('export { Bee as B } from "./b";');
    expect(out).toContain('export * from "./d";');
    expect(out).not.toMatch(/\bexports\b|\brequire\b|__importStar|__exportStar/);
  });
});
