import { describe, expect, it } from 'vitest';
import type { Identity, MemoryAlert, ProjectMemory, Warning } from './domain.js';
import type { Analysis } from './view-model.js';
import {
  alertKinds,
  alertLine,
  analysisLines,
  identityText,
  summaryAlert,
  warningLine,
} from './warnings.js';

const GOOD: Identity = {
  kind: 'GitHub',
  repository: 'https://github.com/good/x',
  workflow: '.github/workflows/release.yml',
  environment: 'pypi',
};
const EVIL: Identity = { ...GOOD, repository: 'https://github.com/evil/x', environment: '' };

const memory: ProjectMemory = {
  seen: [{ ...GOOD, firstSeen: 1, lastSeen: 2, version: '1.9' }],
  hadProvenance: true,
};

describe('warningLine', () => {
  it('names both identities and the release where the publisher changed', () => {
    const w: Warning = {
      kind: 'publisher-changed',
      version: '2.0',
      identity: EVIL,
      previous: { version: '1.9', identity: GOOD },
    };
    expect(warningLine(w)).toEqual({
      kind: 'publisher-changed',
      title: 'Publisher changed',
      text: 'Publisher changed in 2.0: now GitHub · evil/x · release.yml; 1.9 was signed by GitHub · good/x · release.yml.',
      severity: 'warning',
    });
  });

  it('names the last verified release when provenance is lost', () => {
    const line = warningLine({
      kind: 'provenance-lost',
      version: '2.0',
      lastVerified: { version: '1.9', identity: GOOD },
    });
    expect(line.title).toBe('Provenance lost');
    expect(line.text).toBe(
      '2.0 has no provenance, but 1.9 was verified: signed by GitHub · good/x · release.yml.',
    );
  });

  it('lists the odd files of a partial release with their reasons', () => {
    const line = warningLine({
      kind: 'partial',
      version: '2.0',
      files: [
        { filename: 'x-2.0.tar.gz', reason: 'no provenance' },
        { filename: 'x-2.0-py3-none-any.whl', reason: 'signed by GitHub · evil/x · release.yml' },
      ],
    });
    expect(line.text).toBe(
      'Not every file of 2.0 comes from its publisher: x-2.0.tar.gz (no provenance), x-2.0-py3-none-any.whl (signed by GitHub · evil/x · release.yml).',
    );
    expect(line.severity).toBe('warning');
  });
});

describe('alertLine', () => {
  it('words a pin violation strongly, naming the pin and the signer', () => {
    const alert: MemoryAlert = { kind: 'pin-violation', pinned: GOOD, got: EVIL, message: '' };
    expect(alertLine(alert, '2.0', memory)).toMatchObject({
      title: 'Pin violated',
      text: 'You pinned GitHub · good/x · release.yml, but 2.0 was signed by GitHub · evil/x · release.yml.',
      severity: 'violation',
    });
  });

  it('words a pin violation without provenance', () => {
    const alert: MemoryAlert = { kind: 'pin-violation', pinned: GOOD, message: '' };
    expect(alertLine(alert, '2.0', memory).text).toBe(
      'You pinned GitHub · good/x · release.yml, but 2.0 has no provenance.',
    );
  });

  it('offers to accept a differing identity, naming where the remembered one was seen', () => {
    const alert: MemoryAlert = {
      kind: 'identity-differs',
      remembered: GOOD,
      got: EVIL,
      message: '',
    };
    const line = alertLine(alert, '2.0', memory);
    expect(line.text).toBe(
      '2.0 was signed by GitHub · evil/x · release.yml; earlier you saw GitHub · good/x · release.yml (in 1.9).',
    );
    expect(line.accept).toEqual(EVIL);
    expect(line.severity).toBe('warning');
  });

  it('words missing provenance against the remembered identity', () => {
    const alert: MemoryAlert = { kind: 'provenance-missing', remembered: GOOD, message: '' };
    expect(alertLine(alert, '2.0', null).text).toBe(
      '2.0 has no provenance; earlier releases you saw were signed by GitHub · good/x · release.yml.',
    );
  });
});

describe('analysisLines', () => {
  it('puts pin violations first, then history warnings, then other alerts', () => {
    const analysis: Analysis = {
      version: '2.0',
      warnings: [
        {
          kind: 'publisher-changed',
          version: '2.0',
          identity: EVIL,
          previous: { version: '1.9', identity: GOOD },
        },
      ],
      alerts: [
        { kind: 'identity-differs', remembered: GOOD, got: EVIL, message: '' },
        { kind: 'pin-violation', pinned: GOOD, got: EVIL, message: '' },
      ],
      memory,
    };
    expect(analysisLines(analysis).map((l) => l.kind)).toEqual([
      'pin-violation',
      'publisher-changed',
      'identity-differs',
    ]);
  });

  it('is empty when nothing changed', () => {
    expect(analysisLines({ version: '1', warnings: [], alerts: [], memory: null })).toEqual([]);
  });
});

describe('identityText', () => {
  it('adds the deployment environment when there is one', () => {
    expect(identityText(GOOD)).toBe('GitHub · good/x · release.yml (environment pypi)');
    expect(identityText(EVIL)).toBe('GitHub · evil/x · release.yml');
  });
});

describe('a trust root too old for the release (root-outdated)', () => {
  const outdated: Warning = { kind: 'root-outdated', version: '2.0', files: ['x-2.0.tar.gz'] };

  it('says which files and to update the extension', () => {
    expect(warningLine(outdated)).toEqual({
      kind: 'root-outdated',
      title: 'Trust root outdated',
      text: "x-2.0.tar.gz of 2.0 has provenance this extension cannot check yet. It was signed through a Sigstore authority newer than this extension's trust root: update the extension to check it.",
      severity: 'warning',
    });
  });

  it('is the contract kind root-outdated, and the summary says to update', () => {
    const analysis = { version: '2.0', warnings: [outdated], alerts: [], memory: null };
    expect(alertKinds(analysisLines(analysis))).toEqual(['root-outdated']);
    expect(summaryAlert(analysis)).toEqual({
      kinds: ['root-outdated'],
      severity: 'warning',
      title: 'Trust root outdated · update the extension to check this release',
      detail: warningLine(outdated).text,
    });
  });

  it('comes after a violated pin, before the warnings it may explain', () => {
    const analysis: Analysis = {
      version: '2.0',
      warnings: [
        outdated,
        {
          kind: 'provenance-lost',
          version: '2.0',
          lastVerified: { version: '1.9', identity: GOOD },
        },
      ],
      alerts: [
        { kind: 'provenance-missing', remembered: GOOD, message: '' },
        { kind: 'pin-violation', pinned: GOOD, message: '' },
      ],
      memory,
    };
    const alert = summaryAlert(analysis);
    expect(alert?.kinds).toEqual([
      'pin-violated',
      'root-outdated',
      'provenance-lost',
      'identity-changed',
    ]);
    expect(alert?.title).toBe('Pin violated');
    const without = { ...analysis, alerts: analysis.alerts.slice(0, 1) };
    expect(summaryAlert(without)?.title).toBe(
      'Trust root outdated · update the extension to check this release',
    );
  });
});
