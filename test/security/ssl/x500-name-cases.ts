// Subjects and the string Java 17's X500Principal.getName() prints for each (run once at
// test-writing time: `java PrintSubjects.java *.der`, a loop calling
// CertificateFactory.getInstance("X.509").generateCertificate(...).getSubjectX500Principal().getName()
// over certificates written by certificateWithSubject). The tests build the same certificates
// again and compare the printer's output to these strings.

import { bmp, OID, printable, TAG, utf8, type Subject } from './subject-certificates';

export interface X500Case {
  readonly title: string;
  readonly subject: Subject;
  readonly java: string;
}

export const X500_CASES: readonly X500Case[] = [
  {
    title: 'a typical client certificate',
    subject: [[printable(OID.C, 'US')], [utf8(OID.ST, 'State')], [utf8(OID.L, 'City')], [utf8(OID.O, 'Acme')], [utf8(OID.OU, 'Eng')], [utf8(OID.CN, 'client')]],
    java: 'CN=client,OU=Eng,O=Acme,L=City,ST=State,C=US',
  },
  {
    title: 'every escaped character',
    subject: [[utf8(OID.CN, 'a,b=c+d<e>f#g;h"i\\j')]],
    java: 'CN=a\\,b\\=c\\+d\\<e\\>f\\#g\\;h\\"i\\\\j',
  },
  {
    title: 'leading # and spaces at both ends',
    subject: [[utf8(OID.O, '#first')], [utf8(OID.CN, '  two lead, two trail  ')]],
    java: 'CN=\\ \\ two lead\\, two trail\\ \\ ,O=\\#first',
  },
  {
    title: 'characters printed as they are',
    subject: [[utf8(OID.CN, "star*&!_@%~`^|{}[]$ 'q' (p) ?:/.-")]],
    java: "CN=star*&!_@%~`^|{}[]$ 'q' (p) ?:/.-",
  },
  {
    title: 'non-ASCII UTF-8',
    subject: [[utf8(OID.O, 'Zürich é 東京 😀')], [utf8(OID.CN, 'ünïcode')]],
    java: 'CN=ünïcode,O=Zürich é 東京 😀',
  },
  {
    title: 'control characters, carriage returns and NUL',
    subject: [[utf8(OID.CN, '\rtab\there\nnl\u0000nul\r')]],
    java: 'CN=\\\rtab\there\nnl\\00nul\\\r',
  },
  {
    title: 'attribute types without an RFC 2253 keyword are printed as OID=#hex',
    subject: [
      [{ oid: OID.EMAIL, tag: TAG.IA5, value: 'a@b.c' }],
      [printable(OID.SERIAL_NUMBER, '42')],
      [utf8(OID.TITLE, 'boss')],
      [printable(OID.DN_QUALIFIER, 'q')],
      [utf8(OID.CN, 'x')],
    ],
    java: 'CN=x,2.5.4.46=#130171,2.5.4.12=#0c04626f7373,2.5.4.5=#13023432,1.2.840.113549.1.9.1=#16056140622e63',
  },
  {
    title: 'DC, UID and STREET keep their keywords',
    subject: [[{ oid: OID.DC, tag: TAG.IA5, value: 'com' }], [{ oid: OID.DC, tag: TAG.IA5, value: 'example' }], [utf8(OID.STREET, '1 Main St')], [utf8(OID.UID, 'u1')]],
    java: 'UID=u1,STREET=1 Main St,DC=example,DC=com',
  },
  {
    title: 'a multi-valued RDN keeps its encoded order',
    subject: [[utf8(OID.O, 'Acme')], [utf8(OID.OU, 'b'), utf8(OID.CN, 'a'), utf8(OID.UID, 'c')]],
    java: 'OU=b+CN=a+UID=c,O=Acme',
  },
  {
    title: 'the other string types Java prints as text',
    subject: [
      [{ oid: OID.C, tag: TAG.T61, value: 'T61' }],
      [{ oid: OID.L, tag: TAG.GENERAL, value: 'general' }],
      [{ oid: OID.O, tag: TAG.IA5, value: 'ia5' }],
      [bmp(OID.CN, 'bmp')],
    ],
    java: 'CN=\\00b\\00m\\00p,O=ia5,L=general,C=T61',
  },
  {
    title: 'Latin-1 bytes in a T61String are read as UTF-8',
    subject: [[{ oid: OID.CN, tag: TAG.T61, value: Buffer.from([0x5a, 0xfc, 0x72]) }]],
    java: 'CN=Z\ufffdr',
  },
  {
    title: 'a keyword attribute with a non-string value is printed as its OID and hex',
    subject: [[{ oid: OID.O, tag: TAG.UNIVERSAL, value: Buffer.from([0, 0, 0, 0x41]) }], [{ oid: OID.CN, tag: TAG.OCTET, value: Buffer.from([1, 2]) }]],
    java: 'CN=#04020102,O=#1c0400000041',
  },
  {
    title: 'an empty value and an empty subject part',
    subject: [[utf8(OID.O, '')], [utf8(OID.CN, 'x')]],
    java: 'CN=x,O=',
  },
  {
    title: 'a value of spaces only',
    subject: [[utf8(OID.CN, ' \r  ')]],
    java: 'CN=\\ \\\r\\ \\ ',
  },
  {
    title: 'malformed UTF-8 (truncated, overlong, a surrogate) becomes replacement characters',
    subject: [[{ oid: OID.CN, tag: TAG.UTF8, value: Buffer.from([0x61, 0xe6, 0x9d, 0x41, 0xf0, 0x80, 0x80, 0x80, 0x42, 0xed, 0xa0, 0x80, 0x43, 0xc3]) }]],
    java: 'CN=a\ufffdA\ufffd\ufffd\ufffd\ufffdB\ufffdC\ufffd',
  },
  {
    title: 'a keyword-less type inside a multi-valued RDN',
    subject: [[utf8(OID.CN, 'n'), { oid: OID.EMAIL, tag: TAG.IA5, value: 'e@x' }]],
    java: 'CN=n+1.2.840.113549.1.9.1=#1603654078',
  },
  {
    title: 'an empty subject',
    subject: [],
    java: '',
  },
];
