/**
 * Sigstore's client conformance cases (fixtures/conformance/bundle-verify) through the same
 * bundle verifier the extension uses. Each case runs in path and digest mode; a `_fail` case
 * must fail with the reason code recorded in test/conformance.ts, so it cannot pass for the
 * wrong reason.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  caseNames,
  DIGEST_MODE_FAILURE,
  EXPECTED_FAILURE,
  runCase,
  type Mode,
} from '../../../test/conformance.js';

const names = caseNames();
/** Runs per case that gave the expected outcome (2 = path and digest mode both). */
const asExpected = new Map<string, number>();

describe('sigstore-conformance bundle-verify', () => {
  it('has the 70 cases of the pinned suite', () => {
    expect(names).toHaveLength(70);
    expect(names.filter((n) => n.endsWith('_fail'))).toHaveLength(49);
    expect(Object.keys(EXPECTED_FAILURE).sort()).toEqual(names.filter((n) => n.endsWith('_fail')));
  });

  for (const mode of ['path', 'digest'] as Mode[]) {
    describe(`in ${mode} mode`, () => {
      it.each(names)('%s', (name) => {
        const outcome = runCase(name, mode);
        const expectedCode =
          (mode === 'digest' ? DIGEST_MODE_FAILURE[name] : undefined) ?? EXPECTED_FAILURE[name];
        if (name.endsWith('_fail')) {
          expect(outcome.ok).toBe(false);
          if (!outcome.ok) expect(outcome.code, outcome.message).toBe(expectedCode);
        } else {
          expect(outcome, outcome.ok ? '' : outcome.message).toEqual({ ok: true });
        }
        asExpected.set(name, (asExpected.get(name) ?? 0) + 1);
      });
    });
  }

  afterAll(() => {
    const bad = names.filter((n) => asExpected.get(n) !== 2);
    console.log(
      `conformance: ${names.length - bad.length}/${names.length} as expected (path and digest mode)` +
        (bad.length ? `; not as expected: ${bad.join(', ')}` : ''),
    );
  });
});
