// The issuer and subject names of a DER-encoded X.509 certificate, as the elements that encode
// them: the principal printer reads the subject, and chains are built by matching an issuer's
// encoding to a subject's (as Java's PKCS12 keystore builds a key entry's chain).

import { DER_TAG, DerError, derChildren, readDerElement, type DerElement } from './der-reader';

export interface CertificateNames {
  readonly issuer: DerElement;
  readonly subject: DerElement;
}

export function certificateNames(certificateDer: Uint8Array): CertificateNames {
  const buf = certificateDer;
  const certificate = readDerElement(buf, 0);
  if (certificate.tag !== DER_TAG.SEQUENCE) throw new DerError(`Certificate expected (a SEQUENCE) but found tag 0x${certificate.tag.toString(16)}`);
  const [tbs] = derChildren(buf, certificate);
  if (tbs === undefined || tbs.tag !== DER_TAG.SEQUENCE) throw new DerError('Certificate has no TBSCertificate');
  const fields = derChildren(buf, tbs);
  // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, validity, subject, ...
  const first = fields[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = fields[first + 2];
  const subject = fields[first + 4];
  if (issuer === undefined || subject === undefined) throw new DerError('TBSCertificate has no issuer or subject');
  return { issuer, subject };
}

/** The encoded bytes of a name element, for comparing names. */
export function nameBytes(certificateDer: Uint8Array, name: DerElement): Buffer {
  return Buffer.from(certificateDer.subarray(name.start, name.end));
}
