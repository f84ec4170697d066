import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_CASES, type FixtureCase } from '../../test/cases.js';
import { fixturePath, readFixtureJson } from '../../test/fixtures.js';
import { commentText, installText, tomlString, type ListedDownload } from './install.js';
import { verifyProvenance } from './provenance/verify.js';
import type { FileResult } from './result.js';

const caseNamed = (name: string): FixtureCase => {
  const c = VALID_CASES.find((x) => x.name === name);
  if (!c) throw new Error(`no fixture case ${name}`);
  return c;
};
const WHEEL = caseNamed('abi3info 2024.10.8 wheel provenance');
const SDIST = caseNamed('abi3info 2024.10.8 sdist provenance');

/** A real verification of a fixture case (the results the popup gets). */
function verified(c: FixtureCase): FileResult {
  const result = verifyProvenance({
    filename: c.filename,
    sha256: c.sha256,
    provenance: readFixtureJson(c.file),
  });
  expect(result.state).toBe('verified');
  return result;
}

const listed = (c: FixtureCase, extra: Partial<ListedDownload> = {}): ListedDownload => ({
  filename: c.filename,
  sha256: c.sha256,
  url: `https://files.pythonhosted.org/packages/ab/cd/ef/${c.filename}`,
  size: 12345,
  uploadTime: '2024-10-08T20:15:03.123456Z',
  ...extra,
});

/** Runs Python 3.11+ (the machine's, see the env docs) on a script; returns its stdout. */
function python(script: string, input: string): string {
  return execFileSync('python3', ['-c', script], { input, encoding: 'utf8', timeout: 60_000 });
}

/** tomllib (Python's TOML 1.0 parser) reads the document; its JSON comes back. */
function parseToml(doc: string): unknown {
  const out = python(
    'import sys, json, tomllib, datetime\n' +
      'd = tomllib.loads(sys.stdin.read())\n' +
      'print(json.dumps(d, default=lambda o: o.isoformat() if isinstance(o, datetime.datetime) else str(o)))',
    doc,
  );
  return JSON.parse(out);
}

describe('installText', () => {
  let wheel: FileResult;
  let sdist: FileResult;
  beforeAll(() => {
    wheel = verified(WHEEL);
    sdist = verified(SDIST);
  });

  describe('when every file verified', () => {
    it('pins each file’s sha256 in one requirement and says what it pins', () => {
      const text = installText({
        index: 'https://pypi.org',
        project: 'abi3info',
        version: '2024.10.8',
        results: [wheel, sdist],
        downloads: [listed(WHEEL), listed(SDIST)],
      });
      expect(text?.pinned).toEqual([WHEEL.filename, SDIST.filename]);
      expect(text?.notPinned).toEqual([]);
      expect(text?.requirements).toBe(
        '# abi3info 2024.10.8 from https://pypi.org: the 2 files whose provenance your browser ' +
          'verified (signed by GitHub woodruffw/abi3info release.yml).\n' +
          'abi3info==2024.10.8 \\\n' +
          `    --hash=sha256:${WHEEL.sha256} \\\n` +
          `    --hash=sha256:${SDIST.sha256}\n`,
      );
    });

    it('writes a PEP 751 package entry that a TOML parser reads back', () => {
      const text = installText({
        index: 'https://pypi.org',
        project: 'abi3info',
        version: '2024.10.8',
        results: [sdist, wheel],
        downloads: [listed(WHEEL), listed(SDIST)],
      });
      const doc = parseToml(`lock-version = "1.0"\ncreated-by = "test"\n${text?.pylock ?? ''}`);
      expect(doc).toEqual({
        'lock-version': '1.0',
        'created-by': 'test',
        packages: [
          {
            name: 'abi3info',
            version: '2024.10.8',
            index: 'https://pypi.org/simple/',
            sdist: {
              name: SDIST.filename,
              'upload-time': '2024-10-08T20:15:03.123456+00:00',
              url: listed(SDIST).url,
              size: 12345,
              hashes: { sha256: SDIST.sha256 },
            },
            wheels: [
              {
                name: WHEEL.filename,
                'upload-time': '2024-10-08T20:15:03.123456+00:00',
                url: listed(WHEEL).url,
                size: 12345,
                hashes: { sha256: WHEEL.sha256 },
              },
            ],
            'attestation-identities': [
              { kind: 'GitHub', repository: 'woodruffw/abi3info', workflow: 'release.yml' },
            ],
          },
        ],
      });
    });
  });

  describe('when only some files verified', () => {
    it('pins the verified ones only and names the others', () => {
      const failed: FileResult = {
        filename: SDIST.filename,
        sha256: SDIST.sha256,
        state: 'failed',
        code: 'DIGEST_MISMATCH',
        message: 'x',
      };
      const none: FileResult = {
        filename: 'abi3info-2024.10.8-py2-none-any.whl',
        sha256: 'a'.repeat(64),
        state: 'none',
        code: 'NO_PROVENANCE',
        message: 'x',
      };
      const text = installText({
        index: 'https://test.pypi.org',
        project: 'abi3info',
        version: '2024.10.8',
        results: [wheel, failed, none],
        downloads: [listed(WHEEL), listed(SDIST)],
      });
      expect(text?.pinned).toEqual([WHEEL.filename]);
      expect(text?.notPinned).toEqual([SDIST.filename, none.filename]);
      expect(text?.requirements).not.toContain(SDIST.sha256);
      expect(text?.requirements).toContain(
        `# Not pinned (not verified): ${SDIST.filename}, ${none.filename}.`,
      );
      expect(text?.pylock).not.toContain(SDIST.sha256);
      expect(text?.pylock).toContain('index = "https://test.pypi.org/simple/"');
      expect(text?.pylock).toContain('the file whose provenance');
    });

    it('offers nothing when no file verified', () => {
      const none: FileResult = {
        filename: WHEEL.filename,
        state: 'none',
        code: 'NO_PROVENANCE',
        message: '',
      };
      expect(
        installText({
          index: 'https://pypi.org',
          project: 'abi3info',
          version: '2024.10.8',
          results: [none],
          downloads: [listed(WHEEL)],
        }),
      ).toBeUndefined();
    });

    it('never pins a verified file whose name is another project’s or version’s', () => {
      for (const [project, version] of [
        ['sampleproject', '2024.10.8'],
        ['abi3info', '2024.10.3'],
      ] as const) {
        expect(
          installText({
            index: 'https://pypi.org',
            project,
            version,
            results: [wheel],
            downloads: [],
          }),
        ).toBeUndefined();
      }
    });
  });

  describe('when the names need normalising', () => {
    it('writes the PEP 503 name and the PEP 440 normal version', () => {
      const renamed = { ...wheel, filename: 'Abi3Info-2024.10.08-py3-none-any.whl' } as FileResult;
      const text = installText({
        index: 'https://pypi.org',
        project: 'Abi3_Info',
        version: '2024.10.08',
        results: [renamed],
        downloads: [],
      });
      // The wheel name parses to abi3info, not abi3-info: not this project's file.
      expect(text).toBeUndefined();
      const same = installText({
        index: 'https://pypi.org',
        project: 'ABI3INFO',
        version: '2024.10.08',
        results: [renamed],
        downloads: [],
      });
      expect(same?.requirements).toContain('\nabi3info==2024.10.8 \\\n');
    });
  });

  describe('when the listing is odd', () => {
    it('leaves a file without an https URL out of the pylock entry, and says so', () => {
      const text = installText({
        index: 'https://pypi.org',
        project: 'abi3info',
        version: '2024.10.8',
        results: [wheel, sdist],
        downloads: [listed(WHEEL, { url: 'http://example.com/x.whl' }), listed(SDIST)],
      });
      expect(text?.notLocked).toEqual([WHEEL.filename]);
      expect(text?.pylock).toContain('# Not in this entry (no download URL listed):');
      expect(text?.pylock).not.toContain('wheels =');
      expect(text?.requirements).toContain(WHEEL.sha256);
    });

    it('omits an upload time or size that TOML could not hold', () => {
      const text = installText({
        index: 'https://pypi.org',
        project: 'abi3info',
        version: '2024.10.8',
        results: [wheel],
        downloads: [listed(WHEEL, { uploadTime: '2024-10-08 20:15\n[x]', size: -1 })],
      });
      expect(text?.pylock).not.toContain('upload-time');
      expect(text?.pylock).not.toContain('size');
    });

    it('keeps hostile text on its comment line', () => {
      expect(commentText('a\nb\u2028c\r\u0085d\u202ee')).toBe(
        'a\\u000ab\\u2028c\\u000d\\u0085d\\u202ee',
      );
    });
  });
});

describe('tomlString', () => {
  it('writes characters a display acts on as escapes, never raw', () => {
    expect(tomlString('a\u202eb\u2028c\u0085')).toBe('"a\\u202eb\\u2028c\\u0085"');
  });

  it('round-trips quotes, backslashes, control characters and non-ASCII through tomllib', () => {
    const values = [
      'plain',
      'a"b',
      'back\\slash',
      'tab\tnew\nline\r',
      '\u0000\u001f\u007f',
      'é ✓ 𝄞',
      "it's",
      '\ud800',
    ];
    const doc = values.map((s, i) => `k${i} = ${tomlString(s)}`).join('\n');
    const parsed = parseToml(doc) as Record<string, string>;
    expect(values.map((_, i) => parsed[`k${i}`])).toEqual([...values.slice(0, -1), '\ufffd']);
  });
});

describe('the requirements text with pip (pip install --require-hashes --dry-run)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'install-text-'));
    copyFileSync(fixturePath(WHEEL.dist as string), join(dir, WHEEL.filename));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** pip resolves the requirements offline against the real wheel; returns its exit code and output. */
  function pipDryRun(requirements: string): { status: number; output: string } {
    writeFileSync(join(dir, 'requirements.txt'), requirements);
    try {
      const output = execFileSync(
        'python3',
        [
          '-m',
          'pip',
          'install',
          '--dry-run',
          '--isolated',
          '--disable-pip-version-check',
          '--no-deps',
          '--no-index',
          '--find-links',
          dir,
          '--require-hashes',
          '-r',
          join(dir, 'requirements.txt'),
        ],
        { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      return { status: 0, output };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      return { status: e.status, output: e.stdout + e.stderr };
    }
  }

  it('accepts the verified wheel', () => {
    const text = installText({
      index: 'https://pypi.org',
      project: 'abi3info',
      version: '2024.10.8',
      results: [verified(WHEEL), verified(SDIST)],
      downloads: [],
    });
    const run = pipDryRun(text?.requirements ?? '');
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain('Would install abi3info-2024.10.8');
  });

  it('refuses a file whose hash is not pinned', () => {
    const text = installText({
      index: 'https://pypi.org',
      project: 'abi3info',
      version: '2024.10.8',
      results: [verified(SDIST)],
      downloads: [],
    });
    const run = pipDryRun(text?.requirements ?? '');
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('DO NOT MATCH THE HASHES');
  });
});
