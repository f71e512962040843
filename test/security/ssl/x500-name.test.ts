import { certificateSubjectRfc2253 } from '../../../src/security/ssl/x500-name';
import { decodeUtf8LikeJava } from '../../../src/security/ssl/java-utf8';
import { DerError } from '../../../src/security/ssl/der-reader';
import { certificateWithSubject, encodeName, OID, tlv, utf8 } from './subject-certificates';
import { X500_CASES } from './x500-name-cases';

describe('certificate subjects printed as Java 17 X500Principal.getName() prints them', () => {
  it.each(X500_CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    expect(certificateSubjectRfc2253(certificateWithSubject(c.subject))).toBe(c.java);
  });

  it('reads a certificate without the optional version field (v1)', () => {
    // A hand-made v1 TBSCertificate: serial, signature, issuer, validity, subject, key.
    const name = encodeName([[utf8(OID.O, 'Acme')], [utf8(OID.CN, 'v1')]]);
    const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
    const tbs = seq(tlv(0x02, Buffer.from([1])), seq(tlv(0x06, Buffer.from([0x2a]))), name, seq(), name, seq());
    expect(certificateSubjectRfc2253(seq(tbs, seq(), tlv(0x03, Buffer.from([0]))))).toBe('CN=v1,O=Acme');
  });

  it('rejects bytes that are not a certificate', () => {
    expect(() => certificateSubjectRfc2253(Buffer.from('not a certificate'))).toThrow(DerError);
    expect(() => certificateSubjectRfc2253(Buffer.from([0x30, 0x05, 0x30]))).toThrow(/runs past its container/);
  });
});

describe("UTF-8 decoding with Java's replacement rules", () => {
  const hex = (text: string): Buffer => Buffer.from(text.replace(/ /g, ''), 'hex');
  it.each([
    ['well-formed text of every length', '61 c3bc e69db1 f09f9880', 'aü東😀'],
    ['an encoded surrogate is one replacement (Node makes three)', 'ed a0 80 41', '\ufffdA'],
    ['a surrogate prefix followed by ASCII is one replacement', 'ed a0 41', '\ufffdA'],
    ['overlong two-byte forms are one replacement per byte', 'c0 80 c1 bf', '\ufffd\ufffd\ufffd\ufffd'],
    ['an overlong three-byte prefix', 'e0 80 80', '\ufffd\ufffd\ufffd'],
    ['a truncated three-byte sequence before ASCII', 'e6 9d 41', '\ufffdA'],
    ['a truncated sequence at the end is a single replacement', '41 f0 9f 98', 'A\ufffd'],
    ['a four-byte sequence broken at its third byte', 'f0 9f 41 41', '\ufffdAA'],
    ['a four-byte sequence broken at its fourth byte', 'f0 9f 98 41', '\ufffdA'],
    ['beyond U+10FFFF', 'f4 90 80 80', '\ufffd\ufffd\ufffd\ufffd'],
    ['F5 and above never start a sequence', 'f5 80 f8 ff', '\ufffd\ufffd\ufffd\ufffd'],
    ['a lone continuation byte', '80 41', '\ufffdA'],
  ])('%s', (_title, bytes, expected) => {
    expect(decodeUtf8LikeJava(hex(bytes))).toBe(expected);
  });
});
