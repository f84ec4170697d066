/**
 * Drives every vector of ../shared/fixtures/filenames/vectors.json (PK/PA test data, see its
 * README) through src/core/filename.ts.
 */
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from '../../test/fixtures.js';
import {
  canonicalizeName,
  canonicalizeVersion,
  isNormalizedName,
  isValidProjectName,
  parseDistributionFilename,
  parseSdistFilename,
  parseWheelFilename,
  subjectMatchesDistribution,
} from './filename.js';

interface NameVector {
  input: string;
  output: string;
  valid_name: boolean;
  input_is_normalized: boolean;
}
interface VersionVector {
  input: string;
  output: string;
  strip_trailing_zero?: boolean;
}
interface ParseVector {
  filename: string;
  valid: boolean;
  why?: string;
  name?: string;
  version?: string;
  version_canonical?: string;
}
interface WheelVector extends ParseVector {
  build?: [] | [number, string];
  tags?: string[];
  valid_with_validate_order?: boolean;
}
interface MatchVector {
  subject: string;
  distribution: string;
  match: boolean;
  why: string;
}
interface Vectors {
  canonicalize_name: NameVector[];
  canonicalize_version: VersionVector[];
  wheel_parse: WheelVector[];
  sdist_parse: ParseVector[];
  unknown_format: ParseVector[];
  subject_match: MatchVector[];
}

const vectors = readFixtureJson<Vectors>('filenames', 'vectors.json');
const show = (s: string): string => JSON.stringify(s);

/** `why: "error message contains 'X'"` vectors: the reason must mention X. */
function expectReasonFromWhy(reason: string, why: string | undefined): void {
  const quoted = /error message contains '([^']+)'/.exec(why ?? '')?.[1];
  if (quoted) expect(reason.toLowerCase()).toContain(quoted.toLowerCase());
}

it('vectors.json has every entry (no truncated file)', () => {
  expect({
    canonicalize_name: vectors.canonicalize_name.length,
    canonicalize_version: vectors.canonicalize_version.length,
    wheel_parse: vectors.wheel_parse.length,
    sdist_parse: vectors.sdist_parse.length,
    unknown_format: vectors.unknown_format.length,
    subject_match: vectors.subject_match.length,
  }).toEqual({
    canonicalize_name: 19,
    canonicalize_version: 14,
    wheel_parse: 48,
    sdist_parse: 43,
    unknown_format: 7,
    subject_match: 62,
  });
});

describe('canonicalize_name', () => {
  for (const v of vectors.canonicalize_name) {
    it(`${show(v.input)} -> ${show(v.output)} (valid ${v.valid_name}, normalized ${v.input_is_normalized})`, () => {
      expect(canonicalizeName(v.input)).toBe(v.output);
      expect(isValidProjectName(v.input)).toBe(v.valid_name);
      expect(isNormalizedName(v.input)).toBe(v.input_is_normalized);
    });
  }
});

describe('canonicalize_version', () => {
  for (const v of vectors.canonicalize_version) {
    const strip = v.strip_trailing_zero ?? true;
    it(`${show(v.input)} -> ${show(v.output)}${strip ? '' : ' (strip_trailing_zero false)'}`, () => {
      expect(canonicalizeVersion(v.input, { stripTrailingZero: strip })).toBe(v.output);
    });
  }
});

describe('wheel_parse', () => {
  for (const v of vectors.wheel_parse) {
    it(`${show(v.filename)} is ${v.valid ? 'valid' : `invalid (${v.why ?? ''})`}`, () => {
      const r = parseWheelFilename(v.filename);
      const dispatched = parseDistributionFilename(v.filename);
      if (!v.valid) {
        expect(r.ok).toBe(false);
        expect(dispatched.ok).toBe(false);
        if (!r.ok) expectReasonFromWhy(r.reason, v.why);
        return;
      }
      if (!r.ok) throw new Error(`unexpectedly rejected: ${r.reason}`);
      expect({
        name: r.value.name,
        version: r.value.version,
        version_canonical: canonicalizeVersion(r.value.version),
        build: r.value.build,
        tags: [...r.value.tags].sort(),
      }).toEqual({
        name: v.name,
        version: v.version,
        version_canonical: v.version_canonical,
        build: v.build,
        tags: v.tags,
      });
      expect(dispatched.ok && dispatched.value.kind).toBe('wheel');
      expect(parseWheelFilename(v.filename, { validateOrder: true }).ok).toBe(
        v.valid_with_validate_order,
      );
    });
  }
});

describe('sdist_parse', () => {
  for (const v of vectors.sdist_parse) {
    it(`${show(v.filename)} is ${v.valid ? 'valid' : `invalid (${v.why ?? ''})`}`, () => {
      const r = parseSdistFilename(v.filename);
      const dispatched = parseDistributionFilename(v.filename);
      if (!v.valid) {
        expect(r.ok).toBe(false);
        expect(dispatched.ok).toBe(false);
        if (!r.ok) expectReasonFromWhy(r.reason, v.why);
        return;
      }
      if (!r.ok) throw new Error(`unexpectedly rejected: ${r.reason}`);
      expect({
        name: r.value.name,
        version: r.value.version,
        version_canonical: canonicalizeVersion(r.value.version),
      }).toEqual({ name: v.name, version: v.version, version_canonical: v.version_canonical });
      expect(dispatched.ok && dispatched.value.kind).toBe('sdist');
    });
  }
});

describe('unknown_format', () => {
  for (const v of vectors.unknown_format) {
    it(`${show(v.filename)} is rejected (${v.why ?? ''})`, () => {
      expect(v.valid).toBe(false);
      const r = parseDistributionFilename(v.filename);
      expect(r).toEqual({ ok: false, reason: `unknown distribution format: ${show(v.filename)}` });
      expectReasonFromWhy(r.ok ? '' : r.reason, v.why);
      const m = subjectMatchesDistribution(v.filename, 'foo-1.0.tar.gz');
      expect(m.ok ? '' : m.reason).toMatch(/^invalid subject name: unknown distribution format/);
    });
  }
});

describe('subject_match', () => {
  for (const v of vectors.subject_match) {
    const title = `${show(v.subject)} vs ${show(v.distribution)}: ${v.match ? 'match' : 'no match'} (${v.why})`;
    it(title, () => {
      const r = subjectMatchesDistribution(v.subject, v.distribution);
      expect(r.ok).toBe(v.match);
      if (r.ok) return;
      const expected = !parseDistributionFilename(v.subject).ok
        ? /^invalid subject name: /
        : !parseDistributionFilename(v.distribution).ok
          ? /^invalid distribution filename: /
          : /^subject does not match distribution: [a-z ]+: expected .+, got .+$/;
      expect(r.reason).toMatch(expected);
    });
  }
});

// Not in vectors.json: cases where @renovatebot/pep440's Number-based parsing differs from
// pypa/packaging (outcomes checked with packaging's Version), plus this module's fail-closed caps.
describe('beyond the vectors', () => {
  const cases: [string, string, boolean][] = [
    ['foo-1.0+0x1.tar.gz', 'foo-1.0+1.tar.gz', false],
    ['foo-1.0+1e0.tar.gz', 'foo-1.0+1.tar.gz', false],
    ['foo-1.0+Infinity.tar.gz', 'foo-1.0+infinity.tar.gz', true],
    ['foo-1.99999999999999999999.tar.gz', 'foo-1.99999999999999999998.tar.gz', false],
    ['foo-1.0+abc_01.tar.gz', 'foo-1.0+ABC.1.tar.gz', true],
  ];
  for (const [subject, distribution, match] of cases) {
    it(`${show(subject)} vs ${show(distribution)}: ${match ? 'match' : 'no match'}`, () => {
      expect(subjectMatchesDistribution(subject, distribution).ok).toBe(match);
    });
  }

  it('accepts surrounding (Python) whitespace in versions like packaging', () => {
    expect(canonicalizeVersion('\u00a01.0.0 ')).toBe('1');
    expect(canonicalizeVersion('1.0\ufeff')).toBe('1.0\ufeff');
  });

  it('rejects build numbers beyond 2^53 and tag sets expanding past 10000 tags', () => {
    expect(parseWheelFilename('foo-1.0-99999999999999999999-py3-none-any.whl').ok).toBe(false);
    const many = Array.from({ length: 22 }, (_, i) => `x${i}`).join('.');
    expect(parseWheelFilename(`foo-1.0-${many}-${many}-${many}.whl`).ok).toBe(false);
  });
});
