import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NEGATIVE_CASES, STAGING_CASES, VALID_CASES, type FixtureCase } from '../../test/cases.js';
import { fixturePath, readFixtureText } from '../../test/fixtures.js';
import { hasControl } from '../core/text.js';
import { main } from './main.js';

async function run(argv: string[], fetchImpl?: typeof fetch) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    ...(fetchImpl && { fetch: fetchImpl }),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function argsFor(c: FixtureCase): string[] {
  return [
    'verify-file',
    '--provenance',
    fixturePath(c.file),
    '--filename',
    c.filename,
    ...(c.dist ? ['--dist', fixturePath(c.dist)] : ['--sha256', c.sha256]),
    ...(c.publisher ? ['--publisher', JSON.stringify(c.publisher)] : []),
    ...(c.root ? ['--trusted-root', fixturePath(c.root)] : []),
    '--json',
  ];
}

describe('pypi-provenance verify-file', () => {
  it.each(VALID_CASES)('verifies $name (exit 0)', async (c) => {
    const r = await run(argsFor(c));
    expect(r.code, r.err + r.out).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.status).toBe('verified');
    expect(json.publisher.kind).toBeTruthy();
    if (c.logIndex !== undefined) expect(json.attestations[0].logIndex).toBe(c.logIndex);
    expect(json.attestations[0].rekorUrl).toMatch(
      /^https:\/\/search\.sigstore\.dev\/\?logIndex=\d+$/,
    );
    expect(typeof json.attestations[0].integratedTime).toBe('number');
  });

  it.each(NEGATIVE_CASES)('rejects $name with $expect (exit 1)', async (c) => {
    const r = await run(argsFor(c));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'failed', reason: c.expect });
  });

  it.each(STAGING_CASES)('verifies $name only with the staging root', async (c) => {
    const base = argsFor({ ...c, expect: 'verified' });
    expect((await run(base)).code).toBe(1);
    // The staging identity is not a Trusted Publisher, so with the staging root the
    // cryptography passes and the (made-up) GitHub publisher does not.
    const staged = await run([
      ...base,
      '--trusted-root',
      fixturePath('trust/sigstore-staging.trusted_root.json'),
    ]);
    expect(JSON.parse(staged.out)).toMatchObject({
      status: 'failed',
      reason: 'PUBLISHER_MISMATCH',
    });
  });

  it('checks --repository against the verified identity', async () => {
    const c = VALID_CASES[0]!;
    expect(
      (await run([...argsFor(c), '--repository', 'https://github.com/pypa/sampleproject'])).code,
    ).toBe(0);
    const r = await run([...argsFor(c), '--repository', 'https://github.com/pypa/pip']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ reason: 'REPOSITORY_MISMATCH' });
  });

  it('prints a readable summary without --json', async () => {
    const r = await run(argsFor(VALID_CASES[0]!).filter((a) => a !== '--json'));
    expect(r.out).toContain('✓ verified  sampleproject-4.0.0.tar.gz');
    expect(r.out).toContain('https://search.sigstore.dev/?logIndex=147137139');
    // The popup's and the page card's words (src/shared/signer-facts.ts).
    expect(r.out).toContain('    PyPI publish v1');
    expect(r.out).toContain(
      '      Repository: pypa/sampleproject <https://github.com/pypa/sampleproject>',
    );
    expect(r.out).toContain('      Ref: branch main');
    expect(r.out).toContain('      Runner: GitHub-hosted');
    expect(r.out).toMatch(/ {6}Signed: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n/);
    expect(r.out).not.toContain('refs/heads/');
    expect(r.out).toContain(
      '      Notes on how it was built:\n        - Built from the branch main, not from a tag.\n',
    );
  });

  it('says to update for a signature newer than its trust root (exit 1, unsupported)', async () => {
    // A real 2026 attestation against a root without its Rekor log (keys up to 2025-09-23).
    const c = VALID_CASES.find((x) => x.name.startsWith('juwunit'))!;
    const args = argsFor({
      ...c,
      root: 'trust/derived/sigstore-prod-WITHOUT-rekor-v1-key.trusted_root.json',
    });
    const json = await run(args);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({
      status: 'unsupported',
      reason: 'TRUST_ROOT_OUTDATED',
      attestations: [],
    });
    const text = await run(args.filter((a) => a !== '--json'));
    expect(text.code).toBe(1);
    expect(text.out).toContain('? unsupported');
    expect(text.out).toContain('TRUST_ROOT_OUTDATED: signed on 2026-05-13');
    expect(text.out).toContain('update pypi-provenance, or pass a newer trusted_root.json');
  });

  describe('when the invocation is wrong', () => {
    it.each([
      [[]],
      [['frobnicate']],
      [['verify-file']],
      [['verify-file', '--provenance', 'x', '--filename', 'y']],
      [['verify-file', '--provenance', 'x', '--filename', 'y', '--sha256', 'abc']],
      [['verify-file', '--bogus']],
    ])('exits 2 with usage for %j', async (argv) => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.err).toContain('usage:');
    });
    it('exits 2 on an unreadable provenance file', async () => {
      const r = await run([
        'verify-file',
        '--provenance',
        '/nonexistent',
        '--filename',
        'a-1.tar.gz',
        '--sha256',
        'a'.repeat(64),
      ]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('cannot read provenance');
    });
    it('exits 2 on a single attestation without --publisher', async () => {
      const c = VALID_CASES[1]!;
      const r = await run(argsFor({ ...c, publisher: undefined }));
      expect(r.code).toBe(2);
      expect(r.err).toContain('--publisher');
    });
    it('exits 2 with one line on a provenance file that is JSON but not provenance', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pp-'));
      writeFileSync(join(dir, 'p.json'), '{"hello": 1}');
      const r = await run([
        'verify-file',
        '--provenance',
        join(dir, 'p.json'),
        '--filename',
        'a-1.tar.gz',
        '--sha256',
        'a'.repeat(64),
        '--json',
      ]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('is not a PEP 740 provenance object');
      expect(r.err).not.toContain('usage:');
    });
  });
});

describe('pypi-provenance check', () => {
  const release = readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json');
  const provenance = readFixtureText(
    'pypi-api/integrity/sampleproject-4.0.0.tar.gz.provenance.wire.json',
  );
  const seen: string[] = [];
  const fakeIndex: typeof fetch = async (input) => {
    const url = String(input);
    seen.push(url);
    if (url === 'https://example.test/pypi/sampleproject/4.0.0/json') return new Response(release);
    if (url.endsWith('/sampleproject-4.0.0.tar.gz/provenance')) return new Response(provenance);
    return new Response('{"message":"Not Found"}', { status: 404 });
  };
  it('checks every file of a release on the given index', async () => {
    const r = await run(
      ['check', 'sampleproject', '4.0.0', '--index', 'https://example.test/', '--json'],
      fakeIndex,
    );
    expect(r.code).toBe(1); // the wheel has no provenance on this fake index: partial
    const json = JSON.parse(r.out);
    expect(json.status).toBe('partial');
    expect(json.files).toHaveLength(2);
    expect(seen.every((u) => u.startsWith('https://example.test/'))).toBe(true);
  });
  it('exits 2 when the index fails', async () => {
    const r = await run(
      ['check', 'x', '--index', 'https://example.test'],
      async () => new Response('', { status: 503 }),
    );
    expect(r.code).toBe(2);
    expect(r.out).toContain('SERVER_ERROR');
  });
});

describe('values from the network reach the terminal inert', () => {
  // ESC (ANSI: clear line, OSC 8 hyperlink), CR, BEL, BS, NUL, DEL, C1 CSI, LS, bidi overrides.
  const HOSTILE =
    '\u001b[2K\u001b]8;;evil.example\u0007\r\u0008\u0000\u007f\u009b31m\u2028\u202egnp.\u2066x\u200f';
  /** A raw control, C1, separator or bidi character (line breaks between lines aside). */
  const raw = (out: string): boolean => hasControl(out.replace(/\n/g, ''));
  const release = JSON.parse(
    readFixtureText('pypi-api/json-api/docs-example.sampleproject-4.0.0.json'),
  ) as { info: { version: string }; urls: { filename: string }[] };
  release.info.version = `4.0.0${HOSTILE}`;
  release.urls[0]!.filename = `sampleproject-4.0.0${HOSTILE}.tar.gz`;
  const hostileIndex: typeof fetch = async (input) =>
    String(input).endsWith('/json')
      ? new Response(JSON.stringify(release))
      : new Response('{"message":"Not Found"}', { status: 404 });

  it('check: the human output shows them as visible escapes', async () => {
    const r = await run(
      ['check', 'sampleproject', '4.0.0', '--index', 'https://example.test'],
      hostileIndex,
    );
    expect(raw(r.out)).toBe(false);
    expect(r.out).toContain('\\u001b[2K');
    expect(r.out).toContain('\\u202egnp.');
    expect(r.out).toContain('\\u009b31m');
  });
  it('check --json: the same JSON values, with no raw control character in the text', async () => {
    const r = await run(
      ['check', 'sampleproject', '4.0.0', '--index', 'https://example.test', '--json'],
      hostileIndex,
    );
    expect(raw(r.out)).toBe(false);
    const json = JSON.parse(r.out);
    expect(json.version).toBe(release.info.version);
    expect(json.files[0].filename).toBe(release.urls[0]!.filename);
  });
  it('verify-file: a message quoting a provenance value shows it as an escape', async () => {
    const c = VALID_CASES.find((x) => x.publisher === undefined)!;
    const dir = mkdtempSync(join(tmpdir(), 'cli-'));
    const file = join(dir, 'p.json');
    const p = JSON.parse(readFixtureText(c.file)) as {
      attestation_bundles: { publisher: unknown }[];
    };
    p.attestation_bundles[0]!.publisher = { kind: `GitHub${HOSTILE}` };
    writeFileSync(file, JSON.stringify(p));
    for (const json of [false, true]) {
      const r = await run([
        'verify-file',
        '--provenance',
        file,
        '--filename',
        c.filename,
        '--sha256',
        c.sha256,
        ...(json ? ['--json'] : []),
      ]);
      expect(r.code).toBe(1);
      expect(r.out).toContain('UNSUPPORTED_PUBLISHER');
      expect(raw(r.out)).toBe(false);
      if (json) expect(JSON.parse(r.out).publisher.kind).toBe(`GitHub${HOSTILE}`);
    }
  });
});

describe('the built command (bin/pypi-provenance.js)', () => {
  const node = process.execPath;
  const binPath = new URL('../../bin/pypi-provenance.js', import.meta.url).pathname;
  beforeAll(() => {
    execFileSync(node, [binPath, '--help']);
  });
  it('verifies and rejects with the documented exit codes', () => {
    const ok = spawnSync(node, [binPath, ...argsFor(VALID_CASES[0]!)], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync(node, [binPath, ...argsFor(NEGATIVE_CASES[0]!)], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    const usage = spawnSync(node, [binPath, 'verify-file'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
