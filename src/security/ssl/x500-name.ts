// A certificate's subject as Java's X500Principal.getName() prints it (RFC 2253 form), which is the
// string Kafka 2.4.1's DefaultKafkaPrincipalBuilder hands to the SSL principal mapping rules.
// Derived from the certificate's DER so every detail Java keeps is kept:
// - relative distinguished names are printed last-encoded first ("CN=client,OU=Eng,O=Acme,C=US");
//   the attributes of a multi-valued one are joined with '+' in their encoded order;
// - only CN, C, L, ST, O, OU, STREET, DC and UID get a keyword; any other attribute type (even
//   emailAddress, serialNumber, title) is its dotted OID with '#' and the lower-case hex of the
//   value's whole DER encoding ("1.2.840.113549.1.9.1=#16056140622e63"); a value whose ASN.1
//   type is not one of Java's directory string types is '#' and hex too, after its keyword;
// - a string value is its content bytes read as UTF-8 whatever the string type (as Java does, and
//   with malformed sequences replaced as Java replaces them), with , = + < > # ; " \ escaped by a
//   backslash, NUL written \00, and leading/trailing spaces and carriage returns escaped; other
//   characters (non-ASCII included) are printed as they are.
// Checked against Java 17's output for the same certificates (test/security/ssl/x500-name.test.ts).

import { certificateNames } from './certificate-names';
import { DER_TAG, DerError, decodeOid, derChildren, derContent, derEncoding, type DerElement } from './der-reader';
import { decodeUtf8LikeJava } from './java-utf8';

const RFC2253_KEYWORDS: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.9', 'STREET'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
]);

/** The value types Java prints as text (sun.security.x509.AVA's non-canonical "DER string" set). */
const TEXT_VALUE_TAGS: ReadonlySet<number> = new Set([
  DER_TAG.UTF8_STRING,
  DER_TAG.PRINTABLE_STRING,
  DER_TAG.T61_STRING,
  DER_TAG.IA5_STRING,
  DER_TAG.GENERAL_STRING,
  DER_TAG.BMP_STRING,
]);

const ESCAPED = ',=+<>#;"\\';

/** getName() of the subject of a DER-encoded X.509 certificate. */
export function certificateSubjectRfc2253(certificateDer: Uint8Array): string {
  return rfc2253Name(certificateDer, certificateNames(certificateDer).subject);
}

/** getName() of an encoded Name (SEQUENCE OF RelativeDistinguishedName). */
export function rfc2253Name(buf: Uint8Array, name: DerElement): string {
  const rdns = derChildren(buf, expectTag(buf, name, DER_TAG.SEQUENCE, 'Name'));
  return rdns
    .reverse()
    .map((rdn) =>
      derChildren(buf, expectTag(buf, rdn, DER_TAG.SET, 'RelativeDistinguishedName'))
        .map((ava) => attributeRfc2253(buf, ava))
        .join('+'),
    )
    .join(',');
}

function attributeRfc2253(buf: Uint8Array, ava: DerElement): string {
  const [type, value, ...rest] = derChildren(buf, expectTag(buf, ava, DER_TAG.SEQUENCE, 'AttributeTypeAndValue'));
  if (type === undefined || value === undefined || rest.length > 0) throw new DerError('malformed AttributeTypeAndValue');
  const oid = decodeOid(derContent(buf, expectTag(buf, type, DER_TAG.OID, 'AttributeType')));
  const keyword = RFC2253_KEYWORDS.get(oid);
  if (keyword === undefined || !TEXT_VALUE_TAGS.has(value.tag)) {
    return `${keyword ?? oid}=#${Buffer.from(derEncoding(buf, value)).toString('hex')}`;
  }
  return `${keyword}=${escapeValue(decodeUtf8LikeJava(derContent(buf, value)))}`;
}

function escapeValue(text: string): string {
  let escaped = '';
  for (const c of text) {
    if (ESCAPED.includes(c)) escaped += `\\${c}`;
    else if (c === '\u0000') escaped += '\\00';
    else escaped += c;
  }
  // Spaces and carriage returns at either end are escaped one by one (after the pass above, as
  // Java does, so an escaped character counts as the end).
  const isBlank = (c: string): boolean => c === ' ' || c === '\r';
  let lead = 0;
  while (lead < escaped.length && isBlank(escaped[lead])) lead++;
  let trail = escaped.length - 1;
  while (trail >= 0 && isBlank(escaped[trail])) trail--;
  let out = '';
  for (let i = 0; i < escaped.length; i++) out += i < lead || i > trail ? `\\${escaped[i]}` : escaped[i];
  return out;
}

function expectTag(_buf: Uint8Array, element: DerElement, tag: number, what: string): DerElement {
  if (element.tag !== tag) {
    throw new DerError(`${what} expected (tag 0x${tag.toString(16)}) but found tag 0x${element.tag.toString(16)} at offset ${element.start}`);
  }
  return element;
}
