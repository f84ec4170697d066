/**
 * A test timestamp authority: RFC 3161 TimeStampResp (granted) whose token is CMS SignedData
 * over a TSTInfo, signed with signed attributes (content type, message digest, ESS
 * signing-certificate-v2), as the Sigstore TSA produces them.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import {
  algorithm,
  explicit,
  generalizedTime,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
  setOf,
  tlv,
  type Der,
} from './der.js';
import type { SigningKey } from './keys.js';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  /** Sigstore's TSA policy arc; any OID works. */
  policy: '1.3.6.1.4.1.57264.2',
} as const;

export interface TsaSigner {
  key: SigningKey;
  /** DER of the signing certificate. */
  certificate: Der;
  /** DER Name of the signing certificate's issuer. */
  issuer: Der;
  /** The signing certificate's serial number (unsigned bytes). */
  serial: Uint8Array;
}

/** A granted TimeStampResp over SHA-256(`data`) at `genTime` (whole seconds). */
export function timestampResponse(
  signer: TsaSigner,
  data: Uint8Array,
  genTime: Date,
  serial: Uint8Array,
): Der {
  if (signer.key.kind !== 'p256') throw new Error('the test TSA signs with P-256 / SHA-256');
  const sha256Id = algorithm(OID.sha256, nullValue());
  const tstInfo = sequence(
    integer(1),
    oid(OID.policy),
    sequence(sha256Id, octetString(sha256(data))),
    integer(serial),
    generalizedTime(genTime),
    sequence(integer(1)), // accuracy: 1 second
  );
  const attribute = (type: string, value: Der): Der => sequence(oid(type), setOf(value));
  const attributes = [
    attribute(OID.contentType, oid(OID.tstInfo)),
    attribute(OID.messageDigest, octetString(sha256(tstInfo))),
    attribute(
      OID.signingCertificateV2,
      // SigningCertificateV2 { certs: [ESSCertIDv2 { certHash, issuerSerial }] }; sha256 is the
      // default hash algorithm and so omitted.
      sequence(
        sequence(
          sequence(
            octetString(sha256(signer.certificate)),
            sequence(sequence(explicit(4, signer.issuer)), integer(signer.serial)),
          ),
        ),
      ),
    ),
  ];
  // The signature covers the attributes DER-encoded as a SET OF; the token carries them
  // under [0] IMPLICIT.
  const signedAttrsSet = setOf(...attributes);
  const signature = signer.key.sign(signedAttrsSet);
  const signedAttrs = tlv(0xa0, signedAttrsSet.subarray(headerLength(signedAttrsSet)));
  const signerInfo = sequence(
    integer(1),
    sequence(signer.issuer, integer(signer.serial)),
    sha256Id,
    signedAttrs,
    algorithm(OID.ecdsaSha256),
    octetString(signature),
  );
  const signedData = sequence(
    integer(3),
    setOf(sha256Id),
    sequence(oid(OID.tstInfo), explicit(0, octetString(tstInfo))),
    tlv(0xa0, signer.certificate), // certificates [0] IMPLICIT SET OF Certificate
    setOf(signerInfo),
  );
  return sequence(
    sequence(integer(0)), // PKIStatusInfo: granted
    sequence(oid(OID.signedData), explicit(0, signedData)),
  );
}

function headerLength(der: Der): number {
  const first = der[1] as number;
  return first < 0x80 ? 2 : 2 + (first & 0x7f);
}
