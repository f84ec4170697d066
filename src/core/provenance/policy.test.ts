import { describe, expect, it } from 'vitest';
import { readFixtureText } from '../../../test/fixtures.js';
import { decodeBase64 } from '../encoding.js';
import { parseCertificate } from './certificate.js';
import { checkPublisher } from './policy.js';

function pemCert(path: string) {
  const pem = readFixtureText(path);
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/
    .exec(pem)?.[1]
    ?.replace(/\s+/g, '');
  if (!body) throw new Error(`no certificate in ${path}`);
  return parseCertificate(decodeBase64(body));
}

describe('checkPublisher', () => {
  describe('when a GitHub certificate has no Source Repository Ref (only the digest)', () => {
    const cert = pemCert('attestations/certs/no-source-repository-ref-extension.pem');
    it('accepts the matching publisher (Build Config URI at the commit)', () => {
      expect(() =>
        checkPublisher(
          { kind: 'GitHub', repository: 'SWIFTSIM/swiftgalaxy', workflow: 'python-publish.yml' },
          cert,
        ),
      ).not.toThrow();
    });
    it('rejects another workflow', () => {
      expect(() =>
        checkPublisher(
          { kind: 'GitHub', repository: 'SWIFTSIM/swiftgalaxy', workflow: 'release.yml' },
          cert,
        ),
      ).toThrow(expect.objectContaining({ code: 'PUBLISHER_MISMATCH' }));
    });
    it('rejects another repository, compared exactly', () => {
      expect(() =>
        checkPublisher(
          { kind: 'GitHub', repository: 'swiftsim/swiftgalaxy', workflow: 'python-publish.yml' },
          cert,
        ),
      ).toThrow(expect.objectContaining({ code: 'PUBLISHER_MISMATCH' }));
    });
    it('reads the signer details', () => {
      expect(cert.details()).toMatchObject({
        repositoryUrl: 'https://github.com/SWIFTSIM/swiftgalaxy',
        workflowPath: '.github/workflows/python-publish.yml',
        commit: 'a26eb006d04dd0c41a6e38dc15ddaf7b46143505',
        issuer: 'https://token.actions.githubusercontent.com',
      });
    });
  });

  describe('when the certificate is a Google service account', () => {
    const cert = pemCert('attestations/certs/200170367.pem');
    const email = '919436158236-compute@developer.gserviceaccount.com';
    it('accepts the matching Google publisher', () => {
      expect(() => checkPublisher({ kind: 'Google', email }, cert)).not.toThrow();
    });
    it('rejects another service account', () => {
      expect(() => checkPublisher({ kind: 'Google', email: `x${email}` }, cert)).toThrow(
        expect.objectContaining({ code: 'PUBLISHER_MISMATCH' }),
      );
    });
    it('rejects it for a GitHub publisher (wrong issuer)', () => {
      expect(() =>
        checkPublisher({ kind: 'GitHub', repository: 'a/b', workflow: 'c.yml' }, cert),
      ).toThrow(expect.objectContaining({ code: 'PUBLISHER_MISMATCH' }));
    });
  });

  describe('when the publisher kind is unknown', () => {
    it('reports it as unsupported', () => {
      const cert = pemCert('attestations/certs/200170367.pem');
      expect(() => checkPublisher({ kind: 'ActiveState' }, cert)).toThrow(
        expect.objectContaining({ code: 'UNSUPPORTED_PUBLISHER' }),
      );
    });
  });

  describe('when the publisher record lacks a field its kind needs', () => {
    it('fails as malformed', () => {
      const cert = pemCert('attestations/certs/200170367.pem');
      expect(() => checkPublisher({ kind: 'GitHub', workflow: 'x.yml' }, cert)).toThrow(
        expect.objectContaining({ code: 'MALFORMED_PROVENANCE' }),
      );
    });
  });
});
