// PEM stores (ssl.keystore.type=PEM / ssl.truststore.type=PEM). Kafka 2.4.1 knows no PEM stores;
// these follow what later Kafka (2.7+, KIP-651) accepts in a store file, read by node:crypto:
// - a keystore file holds exactly one private key and the certificate chain, leaf first. The key
//   may be PKCS#8 ("PRIVATE KEY"), encrypted PKCS#8 ("ENCRYPTED PRIVATE KEY", decrypted with
//   ssl.key.password) or, beyond what Kafka reads, a traditional "RSA PRIVATE KEY" or
//   "EC PRIVATE KEY" (also with OpenSSL's Proc-Type encryption);
// - a truststore file holds one or more CA certificates ("CERTIFICATE" blocks).
// Text outside the blocks (openssl's "Bag Attributes" lines, comments) is ignored.

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

export interface PemBlock {
  readonly label: string;
  /** The whole block, BEGIN to END line, as node:crypto reads it. */
  readonly text: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

export function pemBlocks(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ label: m[1], text: `${m[0]}\n` }));
}

export class PemReadError extends Error {
  constructor(
    readonly reason: 'no-key' | 'several-keys' | 'no-certificate' | 'bad-certificate' | 'key-password-missing' | 'key-password-wrong' | 'bad-key',
    message: string,
  ) {
    super(message);
    this.name = 'PemReadError';
  }
}

export interface PemKeyStoreContents {
  readonly privateKey: KeyObject;
  /** Leaf first, as in the file. */
  readonly chain: readonly X509Certificate[];
}

export function readPemKeyStore(text: string, keyPassword: string | null): PemKeyStoreContents {
  const blocks = pemBlocks(text);
  const keys = blocks.filter((b) => b.label.endsWith('PRIVATE KEY'));
  if (keys.length === 0) throw new PemReadError('no-key', 'Private key not provided');
  if (keys.length > 1) throw new PemReadError('several-keys', `Expected one private key, but found ${keys.length}`);
  const chain = readCertificates(blocks);
  return { privateKey: decryptKey(keys[0], keyPassword), chain };
}

export function readPemTrustStore(text: string): X509Certificate[] {
  return readCertificates(pemBlocks(text));
}

function readCertificates(blocks: readonly PemBlock[]): X509Certificate[] {
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE');
  if (certificates.length === 0) throw new PemReadError('no-certificate', 'At least one certificate expected, but none found');
  return certificates.map((b, i) => {
    try {
      return new X509Certificate(b.text);
    } catch (e) {
      throw new PemReadError('bad-certificate', `certificate ${i + 1} cannot be read (${(e as Error).message})`);
    }
  });
}

function decryptKey(block: PemBlock, keyPassword: string | null): KeyObject {
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text);
  if (encrypted && keyPassword === null) throw new PemReadError('key-password-missing', 'the private key is encrypted but no key password is set');
  try {
    return createPrivateKey(encrypted ? { key: block.text, format: 'pem', passphrase: keyPassword as string } : { key: block.text, format: 'pem' });
  } catch (e) {
    if (encrypted) throw new PemReadError('key-password-wrong', `the key password does not decrypt the private key (${(e as Error).message})`);
    throw new PemReadError('bad-key', `Private key could not be loaded (${(e as Error).message})`);
  }
}
