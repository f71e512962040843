// Builds self-signed X.509 certificates whose subject is exactly the attributes given (any type,
// any ASN.1 string tag, multi-valued RDNs, raw bytes), so the RFC 2253 printer can be held against
// what Java prints for the very same encoding. A tiny DER writer, signed with node:crypto.

import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface SubjectAttribute {
  readonly oid: string;
  /** Universal tag of the value, e.g. 0x0c UTF8String, 0x13 PrintableString, 0x1e BMPString. */
  readonly tag: number;
  /** The value's content bytes (a string is written as UTF-8). */
  readonly value: string | Uint8Array;
}

/** Outer array: RDNs in encoding order (most general first, as certificates store them). */
export type Subject = readonly (readonly SubjectAttribute[])[];

export function tlv(tag: number, content: Uint8Array): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

export function oidBytes(oid: string): Buffer {
  const arcs = oid.split('.').map((a) => BigInt(a));
  const values = [arcs[0] * 40n + arcs[1], ...arcs.slice(2)];
  const out: number[] = [];
  for (const v of values) {
    const group: number[] = [Number(v & 0x7fn)];
    for (let rest = v >> 7n; rest > 0n; rest >>= 7n) group.unshift(Number(rest & 0x7fn) | 0x80);
    out.push(...group);
  }
  return tlv(0x06, Buffer.from(out));
}

export function encodeName(subject: Subject): Buffer {
  const rdns = subject.map((rdn) =>
    tlv(
      0x31,
      Buffer.concat(
        rdn.map((a) => tlv(0x30, Buffer.concat([oidBytes(a.oid), tlv(a.tag, typeof a.value === 'string' ? Buffer.from(a.value, 'utf8') : Buffer.from(a.value))]))),
      ),
    ),
  );
  return tlv(0x30, Buffer.concat(rdns));
}

let sharedKey: { privateKey: KeyObject; spki: Buffer } | undefined;

function signingKey(): { privateKey: KeyObject; spki: Buffer } {
  if (sharedKey === undefined) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    sharedKey = { privateKey: createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })), spki: publicKey.export({ type: 'spki', format: 'der' }) };
  }
  return sharedKey;
}

const ECDSA_WITH_SHA256 = tlv(0x30, oidBytes('1.2.840.10045.4.3.2'));

/** A certificate signed by a throwaway key, DER. Its issuer is the subject (Java refuses an empty issuer, so "CN=issuer" then). */
export function certificateWithSubject(subject: Subject, serial = 1): Buffer {
  const { privateKey, spki } = signingKey();
  const name = encodeName(subject);
  const issuer = subject.length > 0 ? name : encodeName([[utf8(OID.CN, 'issuer')]]);
  const time = (text: string): Buffer => tlv(0x17, Buffer.from(text, 'ascii'));
  const tbs = tlv(
    0x30,
    Buffer.concat([
      tlv(0xa0, tlv(0x02, Buffer.from([2]))),
      tlv(0x02, Buffer.from([serial])),
      ECDSA_WITH_SHA256,
      issuer,
      tlv(0x30, Buffer.concat([time('200101000000Z'), time('491231235959Z')])),
      name,
      spki,
    ]),
  );
  const signature = sign('sha256', tbs, privateKey);
  return tlv(0x30, Buffer.concat([tbs, ECDSA_WITH_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature]))]));
}

/** Shorthands for the attribute types the tests use. */
export const OID = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  STREET: '2.5.4.9',
  TITLE: '2.5.4.12',
  SERIAL_NUMBER: '2.5.4.5',
  DN_QUALIFIER: '2.5.4.46',
  EMAIL: '1.2.840.113549.1.9.1',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
} as const;

export const TAG = { UTF8: 0x0c, PRINTABLE: 0x13, T61: 0x14, IA5: 0x16, GENERAL: 0x1b, UNIVERSAL: 0x1c, BMP: 0x1e, OCTET: 0x04 } as const;

export const utf8 = (oid: string, value: string): SubjectAttribute => ({ oid, tag: TAG.UTF8, value });
export const printable = (oid: string, value: string): SubjectAttribute => ({ oid, tag: TAG.PRINTABLE, value });
export const bmp = (oid: string, value: string): SubjectAttribute => ({ oid, tag: TAG.BMP, value: Buffer.from(value, 'utf16le').swap16() });
