/**
 * The CLI speaking like the product (issue 14 §3): `verify-dist` against the local fake index
 * (e2e/fake-pypi/server.js over HTTPS, trusted through NODE_EXTRA_CA_CERTS, as the built
 * command runs), one-line input mistakes, and network failures that name the host and cause.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePypi, type FakePypi } from '../../e2e/fake-pypi/server.js';
import { buildSite, removeSite } from '../../e2e/site.js';
import { fixturePath } from '../../test/fixtures.js';
import { main } from './main.js';
import { indexOrigin, networkCause } from './network.js';

const PA = 'attestations/pypi-attestations-0.0.19/pypi_attestations-0.0.19.tar.gz';
const PA_SHA = '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3';
const TAMPERED = 'attestations/negative/tampered-dist/pypi_attestations-0.0.19.tar.gz';
const ABI3 = 'attestations/abi3info/abi3info-2024.10.8-py3-none-any.whl';
const BIN = new URL('../../bin/pypi-provenance.js', import.meta.url).pathname;

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

/** The built command, as a user runs it (its own process, so NODE_EXTRA_CA_CERTS applies). */
function runBin(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('pypi-provenance verify-dist (against the fake index)', () => {
  let fake: FakePypi;
  let site: string;
  let scratch: string;
  let ca: string;
  let index: string;

  beforeAll(async () => {
    site = buildSite({
      'pypi.org': {
        'pypi-attestations': {
          '0.0.19': [
            {
              filename: 'pypi_attestations-0.0.19.tar.gz',
              sha256: PA_SHA,
              provenanceFile: `${PA}.provenance`,
            },
          ],
        },
        abi3info: {
          '2024.10.8': [
            {
              filename: 'abi3info-2024.10.8-py3-none-any.whl',
              sha256: 'b0236c6707783f93971274101e119055192cef0925f5b7cebdad03c69dc5a499',
              provenanceFile: `${ABI3}.provenance`,
            },
          ],
        },
      },
    });
    // The fake picks a site folder by the Host header: localhost serves pypi.org's.
    symlinkSync(join(site, 'pypi.org'), join(site, 'localhost'), 'dir');
    fake = await startFakePypi({ site });
    scratch = mkdtempSync(join(tmpdir(), 'verify-dist-'));
    ca = join(scratch, 'fake-pypi.pem');
    writeFileSync(ca, fake.certPem);
    index = `https://localhost:${fake.port}`;
  });
  afterAll(async () => {
    await fake?.close();
    if (site) removeSite(site);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('verifies a real sdist against its own digest (exit 0, --json)', async () => {
    fake.requests.length = 0;
    const r = await runBin(['verify-dist', fixturePath(PA), '--index', index, '--json'], {
      NODE_EXTRA_CA_CERTS: ca,
    });
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({
      status: 'verified',
      filename: 'pypi_attestations-0.0.19.tar.gz',
      sha256: PA_SHA,
      project: 'pypi-attestations',
      version: '0.0.19',
      index,
      listed: { status: 'same' },
      publisher: { kind: 'GitHub', repository: 'trailofbits/pypi-attestations' },
    });
    expect(json.attestations[0].rekorUrl).toBe('https://search.sigstore.dev/?logIndex=153454663');
    // Looked up by its parsed name: the listing and the provenance, nothing else.
    expect(fake.requests.map((q) => q.path)).toEqual([
      '/pypi/pypi-attestations/0.0.19/json',
      '/integrity/pypi-attestations/0.0.19/pypi_attestations-0.0.19.tar.gz/provenance',
    ]);
  });

  it('says plainly that the tampered sdist is not what the publisher signed (exit 1)', async () => {
    const r = await runBin(['verify-dist', fixturePath(TAMPERED), '--index', index], {
      NODE_EXTRA_CA_CERTS: ca,
    });
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain('pypi-attestations 0.0.19 on localhost:');
    expect(r.out).toContain('DIGEST_MISMATCH');
    expect(r.out).toContain('These bytes are NOT what the publisher signed.');
    expect(r.out).toContain(`lists another SHA-256 for pypi_attestations-0.0.19.tar.gz: ${PA_SHA}`);
  });

  it('verifies a wheel', async () => {
    const r = await runBin(['verify-dist', fixturePath(ABI3), '--index', index, '--json'], {
      NODE_EXTRA_CA_CERTS: ca,
    });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'verified', project: 'abi3info' });
  });

  it('has no provenance for a file the index does not have (exit 1)', async () => {
    const file = join(scratch, 'pypi_attestations-0.0.20.tar.gz');
    writeFileSync(file, 'a build of our own');
    const r = await runBin(['verify-dist', file, '--index', index, '--json'], {
      NODE_EXTRA_CA_CERTS: ca,
    });
    expect(r.code, r.err).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'none', listed: { status: 'absent' } });
  });

  it('names the host and TLS as the cause when the certificate is not trusted (exit 2)', async () => {
    const r = await runBin(['verify-dist', fixturePath(PA), '--index', index]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(
      /could not reach localhost:\d+: its TLS certificate is not trusted \(TLS: /,
    );
  });

  it('names the host and says the connection was refused (exit 2)', async () => {
    const closed = await startFakePypi({ site });
    const port = closed.port;
    await closed.close();
    const r = await run(['check', 'pypi-attestations', '--index', `https://localhost:${port}`]);
    expect(r.code).toBe(2);
    expect(r.out.split('\n')[0]).toBe('pypi-attestations: error');
    expect(r.out).toContain(
      `could not reach localhost:${port}: the connection was refused (nothing listens there)`,
    );
  });
});

describe('input mistakes: exit 2 with one clear line, no usage text', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'cli-input-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const verifyFile = (provenance: string, extra: string[] = []) => [
    'verify-file',
    '--provenance',
    provenance,
    '--filename',
    'sampleproject-4.0.0.tar.gz',
    '--sha256',
    '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b',
    ...extra,
  ];
  const SDIST_PROVENANCE = fixturePath(
    'attestations/sampleproject-4.0.0/sampleproject-4.0.0.tar.gz.provenance',
  );

  const expectOneLine = (r: { code: number; err: string; out: string }) => {
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).not.toContain('usage:');
    expect(r.err).not.toMatch(/\bE[A-Z]{3,}\b/); // no raw errno codes
  };

  it('a file that is not a trusted root', async () => {
    const r = await run(verifyFile(SDIST_PROVENANCE, ['--trusted-root', SDIST_PROVENANCE]));
    expectOneLine(r);
    expect(r.err).toBe(
      `pypi-provenance: ${SDIST_PROVENANCE} is not a Sigstore trusted root (it has no mediaType application/vnd.dev.sigstore.trustedroot+json); pass a trusted_root.json such as the one @sigstore/tuf ships`,
    );
  });

  it('a Sigstore bundle where a PEP 740 provenance is expected: says so and what to do', async () => {
    const bundle = fixturePath(
      'attestations/pypi-attestation-models-0.0.4a2/pypi_attestation_models-0.0.4a2.tar.gz.sigstore',
    );
    const r = await run(verifyFile(bundle));
    expectOneLine(r);
    expect(r.err).toContain(`${bundle} is a Sigstore bundle, not a PEP 740 provenance`);
    expect(r.err).toContain('pypi-attestations convert --output-file ATTESTATION');
    expect(r.err).toContain('--publisher');
  });

  it('a provenance of the wrong shape', async () => {
    const file = join(scratch, 'hello.json');
    writeFileSync(file, '{"hello": 1}');
    const r = await run(verifyFile(file));
    expectOneLine(r);
    expect(r.err).toContain(`${file} is not a PEP 740 provenance object`);
  });

  it('an unreadable path: which, and why in words', async () => {
    const missing = join(scratch, 'missing.provenance');
    const r = await run(verifyFile(missing));
    expectOneLine(r);
    expect(r.err).toBe(`pypi-provenance: cannot read provenance ${missing}: no such file`);
    const dir = join(scratch, 'a-dir');
    mkdirSync(dir);
    const d = await run(['verify-dist', join(dir)]);
    expectOneLine(d);
    const named = join(scratch, 'x-1.0.tar.gz');
    mkdirSync(named);
    const n = await run(['verify-dist', named]);
    expectOneLine(n);
    expect(n.err).toBe(
      `pypi-provenance: cannot read distribution ${named}: it is a directory, not a file`,
    );
  });

  it('a file that is not a wheel or sdist', async () => {
    const r = await run(['verify-dist', SDIST_PROVENANCE]);
    expectOneLine(r);
    expect(r.err).toContain('is not named as a wheel or sdist');
  });

  it('an index that is not an https origin', async () => {
    for (const value of ['http://localhost:8443', 'https://pypi.org/simple/', 'not a url']) {
      const r = await run(['check', 'sampleproject', '--index', value]);
      expectOneLine(r);
      expect(r.err).toContain('--index');
    }
    expect(indexOrigin('https://localhost:8443/')).toBe('https://localhost:8443');
  });
});

describe('network failures of check', () => {
  const failing =
    (cause: object): typeof fetch =>
    async () => {
      throw new TypeError('fetch failed', { cause });
    };

  it('names the host and DNS when the name does not resolve', async () => {
    const r = await run(
      ['check', 'sampleproject', '--index', 'https://pypi.example', '--json'],
      failing(
        Object.assign(new Error('getaddrinfo ENOTFOUND pypi.example'), { code: 'ENOTFOUND' }),
      ),
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({
      status: 'error',
      reason: 'NETWORK_ERROR',
      message: 'could not reach pypi.example: its name does not resolve (DNS lookup failed)',
    });
  });

  it('puts no stray space in the header without a version', async () => {
    const r = await run(
      ['check', 'sampleproject', '--index', 'https://pypi.example'],
      failing(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    );
    expect(r.out.split('\n')[0]).toBe('sampleproject: error');
  });

  it('says timeout when the index does not answer in time', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(networkCause(abort, 15_000)).toBe('no answer within 15 s (timeout)');
    expect(
      networkCause(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
        }),
        15_000,
      ),
    ).toBe('the connection timed out (timeout)');
  });
});
