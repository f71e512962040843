// Reading a PKCS12 file (with node-forge) into what Java's PKCS12 KeyStore would hold for Kafka:
// - key entries: each private key with its certificate chain, the leaf being the certificate that
//   shares the key's localKeyId (else its friendlyName) and the rest found issuer by subject among
//   the store's certificates, up to a self-signed one;
// - trusted certificate entries: the certificates carrying Java's "trusted for any purpose" bag
//   attribute (OID 2.16.840.1.113894.746875.1.1), which `keytool -importcert` writes. A
//   certificate without it and without a key (`openssl pkcs12 -export -nokeys` writes those) is
//   not an entry at all to Java, so it is not one here either.
// Without a password, as Java does, the MAC is not checked and encrypted parts are skipped (keytool
// encrypts certificates, so a keytool truststore read without its password is empty).
// node-forge reads every part with the one password it is given: a key encrypted with a password
// other than the store's (keytool refuses to write one for PKCS12) cannot be read.

import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { certificateNames, nameBytes } from './certificate-names';
import { useNativeKeyDerivation } from './forge-native-kdf';

useNativeKeyDerivation();

const JAVA_TRUSTED_KEY_USAGE_OID = '2.16.840.1.113894.746875.1.1';
const JAVA_TRUSTED_KEY_USAGE = 'javaTrustedKeyUsage';

// node-forge drops bag attributes whose OID it has no name for; naming this one keeps it.
const forgeOids = forge.pki.oids as Record<string, string>;
if (forgeOids[JAVA_TRUSTED_KEY_USAGE_OID] === undefined) {
  forgeOids[JAVA_TRUSTED_KEY_USAGE_OID] = JAVA_TRUSTED_KEY_USAGE;
  forgeOids[JAVA_TRUSTED_KEY_USAGE] = JAVA_TRUSTED_KEY_USAGE_OID;
}

export interface Pkcs12KeyEntry {
  /** The private key, PKCS#8 DER (unencrypted; it stays in memory). */
  readonly privateKeyDer: Buffer;
  /** The chain, leaf first; empty when no certificate belongs to the key. */
  readonly chain: readonly Buffer[];
  readonly alias: string | null;
}

export interface Pkcs12Contents {
  readonly keyEntries: readonly Pkcs12KeyEntry[];
  /** Certificates Java keeps as trusted certificate entries, in file order. */
  readonly trustedCertificates: readonly Buffer[];
  /** Every certificate in the file. */
  readonly certificateCount: number;
}

/** Why a PKCS12 file could not be read, for the caller to put in Kafka-like words. */
export class Pkcs12ReadError extends Error {
  constructor(
    readonly reason: 'not-pkcs12' | 'wrong-password' | 'key-password' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'Pkcs12ReadError';
  }
}

interface CertBag {
  readonly der: Buffer;
  readonly localKeyId: string | undefined;
  readonly friendlyName: string | undefined;
  readonly trusted: boolean;
}

export function readPkcs12(file: Buffer, password: string | null): Pkcs12Contents {
  let asn: forge.asn1.Asn1;
  try {
    asn = forge.asn1.fromDer(forge.util.createBuffer(file.toString('binary')), false);
  } catch (e) {
    throw new Pkcs12ReadError('not-pkcs12', `not a PKCS12 file (${(e as Error).message})`);
  }
  if (password === null) asn = withoutMacAndEncryptedParts(asn);
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(asn, false, password ?? undefined);
  } catch (e) {
    throw classify(e as Error);
  }
  const keyBags: forge.pkcs12.Bag[] = [];
  const certBags: CertBag[] = [];
  for (const contents of pfx.safeContents) {
    for (const bag of contents.safeBags) {
      if (bag.type === forge.pki.oids.pkcs8ShroudedKeyBag || bag.type === forge.pki.oids.keyBag) keyBags.push(bag);
      else if (bag.type === forge.pki.oids.certBag) certBags.push(toCertBag(bag));
    }
  }
  const keyEntries = keyBags.map((bag) => {
    const localKeyId = firstAttribute(bag, 'localKeyId');
    const friendlyName = firstAttribute(bag, 'friendlyName');
    const leaf =
      certBags.find((c) => localKeyId !== undefined && c.localKeyId === localKeyId) ??
      certBags.find((c) => friendlyName !== undefined && c.friendlyName === friendlyName);
    return {
      privateKeyDer: privateKeyDer(bag),
      chain: leaf === undefined ? [] : chainFrom(leaf.der, certBags.map((c) => c.der)),
      alias: friendlyName ?? null,
    };
  });
  return {
    keyEntries,
    trustedCertificates: certBags.filter((c) => c.trusted).map((c) => c.der),
    certificateCount: certBags.length,
  };
}

function classify(error: Error): Pkcs12ReadError {
  const message = error.message;
  if (/MAC could not be verified|Invalid password/i.test(message)) return new Pkcs12ReadError('wrong-password', 'keystore password was incorrect');
  if (/ShroudedKeyBag/.test(message)) {
    return new Pkcs12ReadError('key-password', 'the private key is encrypted with a password other than the store password');
  }
  if (/unsupported|not supported|Unsupported/.test(message)) return new Pkcs12ReadError('unsupported', message);
  // A failed decryption of the certificates also means a wrong password (no MAC to tell first).
  if (/decrypt|padding|PKCS#7/i.test(message)) return new Pkcs12ReadError('wrong-password', 'keystore password was incorrect');
  return new Pkcs12ReadError('not-pkcs12', `not a PKCS12 file (${message})`);
}

/** The PFX without its MAC and with only the unencrypted ContentInfos of its authenticated safe. */
function withoutMacAndEncryptedParts(pfx: forge.asn1.Asn1): forge.asn1.Asn1 {
  const parts = pfx.value as forge.asn1.Asn1[];
  const [version, authSafe] = parts;
  if (!Array.isArray(parts) || version === undefined || authSafe === undefined) return pfx;
  const [contentType, explicit] = authSafe.value as forge.asn1.Asn1[];
  if (explicit === undefined || forge.asn1.derToOid(contentType.value as string) !== forge.pki.oids.data) return pfx;
  const octets = (explicit.value as forge.asn1.Asn1[])[0];
  const data = octets.constructed ? (octets.value as forge.asn1.Asn1[]).map((chunk) => chunk.value as string).join('') : (octets.value as string);
  const safe = forge.asn1.fromDer(forge.util.createBuffer(data), false);
  const plain = (safe.value as forge.asn1.Asn1[]).filter((info) => {
    const type = (info.value as forge.asn1.Asn1[])[0];
    return forge.asn1.derToOid(type.value as string) === forge.pki.oids.data;
  });
  const { asn1 } = forge;
  const rebuiltSafe = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, plain);
  const rebuiltOctets = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, asn1.toDer(rebuiltSafe).getBytes());
  const rebuiltAuthSafe = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    contentType,
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [rebuiltOctets]),
  ]);
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [version, rebuiltAuthSafe]);
}

function firstAttribute(bag: forge.pkcs12.Bag, name: string): string | undefined {
  const values = (bag.attributes as Record<string, unknown[] | undefined>)[name];
  const first = values?.[0];
  return typeof first === 'string' ? first : undefined;
}

function toCertBag(bag: forge.pkcs12.Bag): CertBag {
  // node-forge decodes RSA certificates into objects (re-encoded from their parsed tree, which
  // for DER input gives the same bytes) and leaves others (EC, Ed25519) as ASN.1.
  const asn = bag.cert !== undefined && bag.cert !== null ? forge.pki.certificateToAsn1(bag.cert) : bag.asn1;
  const der = Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
  return {
    der,
    localKeyId: firstAttribute(bag, 'localKeyId'),
    friendlyName: firstAttribute(bag, 'friendlyName'),
    trusted: (bag.attributes as Record<string, unknown>)[JAVA_TRUSTED_KEY_USAGE] !== undefined,
  };
}

function privateKeyDer(bag: forge.pkcs12.Bag): Buffer {
  const info =
    bag.key !== undefined && bag.key !== null ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(bag.key)) : bag.asn1;
  const der = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
  // Normalised through node:crypto so any key type it knows comes out as plain PKCS#8.
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'der', type: 'pkcs8' });
}

/** The leaf, then each issuer found by subject, stopping at a self-signed certificate or a loop. */
function chainFrom(leaf: Buffer, all: readonly Buffer[]): Buffer[] {
  const bySubject = new Map<string, Buffer>();
  for (const der of all) {
    const key = nameBytes(der, certificateNames(der).subject).toString('hex');
    if (!bySubject.has(key)) bySubject.set(key, der);
  }
  const chain: Buffer[] = [];
  let current: Buffer | undefined = leaf;
  while (current !== undefined && !chain.some((c) => c.equals(current as Buffer))) {
    chain.push(current);
    const names = certificateNames(current);
    const issuer = nameBytes(current, names.issuer);
    if (issuer.equals(nameBytes(current, names.subject))) break;
    current = bySubject.get(issuer.toString('hex'));
  }
  return chain;
}

/** PEM text of DER certificates, one after the other. */
export function certificatesToPem(ders: readonly Buffer[]): string {
  return ders.map((der) => new X509Certificate(der).toString()).join('');
}
