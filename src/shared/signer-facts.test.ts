import { describe, expect, it } from 'vitest';
import { VALID_CASES } from '../../test/cases.js';
import { caseProvenance } from '../../test/load-case.js';
import { verifyProvenance } from '../core/provenance/verify.js';
import type { AttestationSummary, FileResult } from '../core/result.js';
import { formatTime, signerFacts, signerNotes } from './signer-facts.js';

const sdist = VALID_CASES.find((c) => c.name === 'sampleproject 4.0.0 sdist provenance')!;

function verified(): Extract<FileResult, { state: 'verified' }> {
  const r = verifyProvenance({
    filename: sdist.filename,
    sha256: sdist.sha256,
    provenance: caseProvenance(sdist),
  });
  if (r.state !== 'verified') throw new Error(`expected verified, got ${r.state}`);
  return r;
}

describe('signerFacts', () => {
  it('words a real signer once for every view: ref, runner, date, predicate, log', () => {
    const r = verified();
    const a = r.attestations[0]!;
    const facts = signerFacts(a);
    const by = Object.fromEntries(facts.map((f) => [f.key, f]));
    expect(facts.map((f) => f.key)).toEqual([
      'repository',
      'workflow',
      'commit',
      'ref',
      'trigger',
      'environment',
      'runner',
      'build-log',
      'signed',
      'predicate',
      'issuer',
      'visibility',
      'log',
    ]);
    expect(by.repository).toMatchObject({
      label: 'Repository',
      text: 'pypa/sampleproject',
      href: 'https://github.com/pypa/sampleproject',
    });
    expect(by.ref).toEqual({
      key: 'ref',
      label: 'Ref',
      text: 'branch main',
      title: 'refs/heads/main',
    });
    expect(by.runner?.text).toBe('GitHub-hosted');
    expect(by.signed?.text).toBe(formatTime(a.signedAt!));
    expect(by.signed?.text).toMatch(/ UTC$/);
    expect(by.predicate).toMatchObject({ label: 'Predicate', text: 'PyPI publish v1' });
    expect(by.log).toMatchObject({
      label: 'Transparency log',
      text: 'Rekor entry 147137139',
      href: 'https://search.sigstore.dev/?logIndex=147137139',
    });
    for (const f of facts) if (f.href !== undefined) expect(f.href).toMatch(/^https:\/\//);
  });

  it('says "none" for an absent environment and a missing log entry, and names an identity without repository', () => {
    const a = verified().attestations[0]!;
    const bare: AttestationSummary = {
      ...a,
      tlogEntries: [],
      signer: {
        identity: 'publisher@project.iam.gserviceaccount.com',
        notBefore: a.signer.notBefore,
        notAfter: a.signer.notAfter,
      },
    };
    const by = Object.fromEntries(signerFacts(bare).map((f) => [f.key, f]));
    expect(by.identity).toMatchObject({
      text: 'publisher@project.iam.gserviceaccount.com',
      mono: true,
    });
    expect(by.repository).toBeUndefined();
    expect(by.environment).toMatchObject({ text: 'none', absent: true });
    expect(by.log).toMatchObject({ text: 'no entry', absent: true });
  });

  it('drops a link to a host that is not allow-listed, keeping the words', () => {
    const a = verified().attestations[0]!;
    const evil: AttestationSummary = {
      ...a,
      signer: { ...a.signer, runUrl: 'javascript:alert(1)//actions/runs/1' },
    };
    const run = signerFacts(evil).find((f) => f.key === 'build-log');
    expect(run?.text).toBe('Run 1');
    expect(run?.href).toBeUndefined();
  });
});

describe('signerNotes', () => {
  it('notes a branch ref and a self-hosted runner of a verified file, and nothing without a publisher', () => {
    const r = verified();
    const a = r.attestations[0]!;
    const risky: AttestationSummary = {
      ...a,
      signer: { ...a.signer, ref: 'refs/heads/main', runner: 'self-hosted' },
    };
    const codes = signerNotes(risky, r.publisher).map((n) => n.code);
    expect(codes).toContain('BRANCH_REF');
    expect(codes).toContain('SELF_HOSTED_RUNNER');
    expect(signerNotes(risky, undefined)).toEqual([]);
  });
});
