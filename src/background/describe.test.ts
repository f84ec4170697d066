import { describe, expect, it } from 'vitest';
import { NEGATIVE_CASES, VALID_CASES } from '../../test/cases.js';
import { caseProvenance } from '../../test/load-case.js';
import { verifyProvenance } from '../core/provenance/verify.js';
import type { FileResult } from '../core/result.js';
import { analysisView, fileDescription, fileView, withView } from './describe.js';

const verify = (c: (typeof VALID_CASES)[number]): FileResult =>
  verifyProvenance({ filename: c.filename, sha256: c.sha256, provenance: caseProvenance(c) });

const sdist = VALID_CASES.find((c) => c.name === 'sampleproject 4.0.0 sdist provenance')!;

describe('fileView', () => {
  it('words a real verified sdist: signer rows with allow-listed links', () => {
    const r = verify(sdist);
    const view = fileView(r);
    expect(view.description).toBe(
      'Provenance verified in your browser · built by pypa/sampleproject · release.yml',
    );
    expect(view.signers).toEqual(['pypa/sampleproject · release.yml']);
    expect(view.card.title).toBe('✓ Verified in your browser');
    const rows = view.card.details[0]!;
    const byLabel = Object.fromEntries(rows.map((row) => [row.label, row]));
    expect(byLabel.Publisher).toEqual({ label: 'Publisher', text: 'GitHub' });
    expect(byLabel.Repository).toEqual({
      label: 'Repository',
      text: 'pypa/sampleproject',
      href: 'https://github.com/pypa/sampleproject',
    });
    expect(byLabel.Workflow?.href).toMatch(
      /^https:\/\/github\.com\/pypa\/sampleproject\/blob\/[0-9a-f]{40}\/\.github\/workflows\/release\.yml$/,
    );
    expect(byLabel['Transparency log']).toEqual({
      label: 'Transparency log',
      text: 'Rekor entry 147137139',
      href: 'https://search.sigstore.dev/?logIndex=147137139',
    });
    // The popup's words (src/shared/signer-facts.ts), not raw certificate values.
    expect(byLabel.Predicate?.text).toBe('PyPI publish v1');
    expect(byLabel.Ref?.text).toBe('branch main');
    expect(byLabel.Runner?.text).toBe('GitHub-hosted');
    expect(byLabel.Signed?.text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(rows.map((r) => r.label)).not.toContain('Statement');
    // The popup's risk notes too.
    expect(rows.filter((r) => r.label === 'Note').map((r) => r.text)).toContain(
      'Built from the branch main, not from a tag.',
    );
    for (const row of rows) if (row.href) expect(row.href).toMatch(/^https:\/\//);
  });

  it('words every real failure with its reason code', () => {
    for (const c of NEGATIVE_CASES) {
      const r = verifyProvenance({
        filename: c.filename,
        sha256: c.sha256,
        provenance: caseProvenance(c),
      });
      if (r.state !== 'failed') continue;
      const view = fileView(r);
      expect(view.card.title).toBe('✗ Verification FAILED in your browser');
      expect(view.card.text[0]).toBe(`${r.code}: ${r.message}`);
      expect(view.description).toContain(`FAILED (${r.code})`);
      expect(view.signers).toEqual([]);
    }
  });

  it('drops a link that is not to an allow-listed https host, keeping the text', () => {
    const r = verify(sdist);
    if (r.state !== 'verified') throw new Error('expected verified');
    const att = r.attestations[0]!;
    const evil: FileResult = {
      ...r,
      attestations: [
        {
          ...att,
          signer: { ...att.signer, runUrl: 'javascript:alert(1)//actions/runs/1' },
          tlogEntries: att.tlogEntries.map((e) => ({ ...e, entryUrl: 'http://evil.example/' })),
        },
      ],
    };
    const rows = fileView(evil).card.details[0]!;
    expect(rows.find((row) => row.label === 'Build log')).toEqual({
      label: 'Build log',
      text: 'Run 1',
    });
    expect(rows.find((row) => row.label === 'Transparency log')?.href).toBeUndefined();
  });

  it('words none, unsupported, error and pending', () => {
    expect(
      fileView({ filename: 'a', state: 'none', code: 'NO_PROVENANCE', message: 'm' }).card,
    ).toEqual({
      title: 'No provenance',
      text: ['PyPI has no provenance for this file'],
      details: [],
    });
    expect(
      fileDescription({
        filename: 'a',
        state: 'unsupported',
        code: 'UNSUPPORTED_PUBLISHER',
        message: 'publisher kind "X"',
      }),
    ).toBe('Provenance uses something this extension cannot check yet: publisher kind "X"');
    expect(
      fileView({ filename: 'a', state: 'error', code: 'TIMEOUT', message: 'timed out' }).card.text,
    ).toEqual(['timed out']);
    expect(fileView({ filename: 'a', state: 'pending' }).card.text).toEqual([]);
  });

  it('says to update the extension for a file the trust root is too old for', () => {
    const r = {
      filename: 'a',
      state: 'unsupported',
      code: 'TRUST_ROOT_OUTDATED',
      message: 'signed on 2026-01-05 through a certificate authority that …',
    } as const;
    expect(fileDescription(r)).toBe(
      "Provenance can't be checked yet. It was signed through a Sigstore authority newer than this extension's trust root: update the extension to check it.",
    );
    expect(fileView(r).card).toEqual({
      title: 'Provenance not checkable',
      text: [
        "It was signed through a Sigstore authority newer than this extension's trust root: update the extension to check it.",
        'TRUST_ROOT_OUTDATED: signed on 2026-01-05 through a certificate authority that …',
        'Until then it counts as not verified: no warning about this project is silenced by it.',
      ],
      details: [],
    });
  });

  it('returns a new object: the cached result is left as it was', () => {
    const r = verify(sdist);
    const viewed = withView(r);
    expect(viewed).not.toBe(r);
    expect(r).not.toHaveProperty('view');
  });
});

describe('analysisView', () => {
  const identity = {
    kind: 'GitHub',
    repository: 'https://github.com/pypa/sampleproject',
    workflow: '.github/workflows/release.yml',
    environment: '',
  };
  const pinned = { ...identity, repository: 'https://github.com/someone/else' };

  it('words the violation first, then warnings, in the popup’s words', () => {
    const view = analysisView({
      version: '4.0.1',
      warnings: [
        { kind: 'provenance-lost', version: '4.0.1', lastVerified: { version: '4.0.0', identity } },
      ],
      alerts: [{ kind: 'pin-violation', pinned, message: '' }],
      memory: null,
    });
    expect(view.lines).toEqual([
      {
        kind: 'pin-violation',
        text: 'Pin violated: You pinned GitHub · someone/else · release.yml, but 4.0.1 has no provenance.',
      },
      {
        kind: 'provenance-lost',
        text: 'Provenance lost: 4.0.1 has no provenance, but 4.0.0 was verified: signed by GitHub · pypa/sampleproject · release.yml.',
      },
    ]);
    expect(view.alert).toEqual({
      kinds: ['pin-violated', 'provenance-lost'],
      severity: 'violation',
      title: 'Pin violated',
      detail:
        'You pinned GitHub · someone/else · release.yml, but 4.0.1 has no provenance. (+1 more)',
    });
  });

  it('changes the headline of a verified release whose publisher changed', () => {
    const view = analysisView({
      version: '2.0',
      warnings: [
        {
          kind: 'publisher-changed',
          version: '2.0',
          identity: pinned,
          previous: { version: '1.0', identity },
        },
      ],
      alerts: [],
      memory: null,
    });
    expect(view.alert).toMatchObject({
      kinds: ['publisher-changed'],
      severity: 'warning',
      title: 'Verified · publisher changed since 1.0',
    });
  });

  it('has no alert when there is nothing to say', () => {
    expect(analysisView({ version: '1', warnings: [], alerts: [], memory: null })).toEqual({
      lines: [],
    });
  });
});
