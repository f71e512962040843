// Keystores and truststores for TLS listeners and clients, handed to node:tls as PEM. Mirrors what
// Kafka 2.4.1's SslEngineBuilder asks of its SecurityStores (location/password pairing, one
// message per mistake) over the formats Node can use:
// - PKCS12, read with node-forge (Node's `pfx` option cannot load a certificates-only PKCS12, the
//   truststore `keytool -importcert -storetype PKCS12` writes). See pkcs12-store.ts for what is
//   taken from the file and how Java's view of it is kept.
// - PEM, as later Kafka (KIP-651) reads it (pem-store.ts); no store password then.
// - JKS and JCEKS cannot be read by Node: a clear error with the keytool command converting them.
//   (Kafka's default ssl.keystore.type and ssl.truststore.type are JKS, so a store configured
//   without its type ends here too.)
// Store types are matched without regard to case, as Java's KeyStore.getInstance matches them.
// Every error is a ConfigError naming the property to fix.

import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { ConfigError } from '../../common/config/config-error';
import { certificatesToPem, Pkcs12ReadError, readPkcs12 } from './pkcs12-store';
import { PemReadError, readPemKeyStore, readPemTrustStore } from './pem-store';

export interface KeyStoreSpec {
  /** ssl.keystore.type */
  readonly type: string;
  /** ssl.keystore.location */
  readonly location: string | null;
  /** ssl.keystore.password */
  readonly password: string | null;
  /** ssl.key.password (Kafka uses the store password when unset) */
  readonly keyPassword?: string | null;
  /** Put before property names in messages, e.g. "listener.name.mtls." */
  readonly configPrefix?: string;
}

export interface TrustStoreSpec {
  readonly type: string;
  readonly location: string | null;
  /** Optional for PKCS12, as in Java: without it only unencrypted certificates are read. */
  readonly password: string | null;
  readonly configPrefix?: string;
}

export interface KeyStoreMaterial {
  /** The private key, unencrypted PKCS#8 PEM (node:tls `key`). */
  readonly key: string;
  /** The certificate chain, leaf first, PEM (node:tls `cert`). */
  readonly cert: string;
  /** Things worth a log line that Kafka would accept silently. */
  readonly warnings: readonly string[];
}

export interface TrustStoreMaterial {
  /** Trusted certificates, one PEM each (node:tls `ca`). */
  readonly ca: readonly string[];
  readonly warnings: readonly string[];
}

type StoreFormat = 'PKCS12' | 'PEM';

const JKS_MAGIC = 0xfeedfeed;
const JCEKS_MAGIC = 0xcececece;

interface StoreNames {
  readonly kind: 'keystore' | 'truststore';
  readonly type: string;
  readonly location: string;
  readonly password: string;
}

function names(kind: 'keystore' | 'truststore', prefix = ''): StoreNames {
  return {
    kind,
    type: `${prefix}ssl.${kind}.type`,
    location: `${prefix}ssl.${kind}.location`,
    password: `${prefix}ssl.${kind}.password`,
  };
}

export function loadKeyStore(spec: KeyStoreSpec): KeyStoreMaterial {
  const n = names('keystore', spec.configPrefix);
  const keyPasswordName = `${spec.configPrefix ?? ''}ssl.key.password`;
  const format = storeFormat(spec.type, n);
  if (spec.location === null) {
    if (spec.password !== null) throw new ConfigError(n.location, 'SSL key store is not specified, but key store password is specified.');
    throw new ConfigError(n.location, `${n.location} is not set: no key store to load`);
  }
  if (format === 'PEM' && spec.password !== null) {
    throw new ConfigError(n.password, `SSL key store password cannot be specified with PEM format, only key password may be specified (${n.password})`);
  }
  if (format === 'PKCS12' && spec.password === null) {
    throw new ConfigError(n.password, 'SSL key store is specified, but key store password is not specified.');
  }
  const file = readStoreFile(spec.location, spec.type, n);
  const failed = (property: string, reason: string): ConfigError =>
    new ConfigError(property, `Failed to load SSL keystore ${spec.location} of type ${spec.type}: ${reason}`);
  const keyPassword = spec.keyPassword ?? null;

  if (format === 'PEM') {
    let contents;
    try {
      contents = readPemKeyStore(file.toString('utf8'), keyPassword);
    } catch (e) {
      if (!(e instanceof PemReadError)) throw e;
      const property = e.reason.startsWith('key-password') ? keyPasswordName : n.location;
      throw failed(property, `${e.message} (${property})`);
    }
    const [leaf] = contents.chain;
    if (!leaf.checkPrivateKey(contents.privateKey)) {
      throw failed(n.location, `the first certificate (${leaf.subject.replace(/\n/g, ', ')}) is not the private key's; the leaf certificate must come first (${n.location})`);
    }
    return {
      key: contents.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
      cert: contents.chain.map((c) => c.toString()).join(''),
      warnings: [],
    };
  }

  rejectJavaFormats(file, spec.location, spec.type, n);
  const password = spec.password as string;
  let contents;
  try {
    contents = readPkcs12(file, password);
  } catch (e) {
    throw pkcs12Failure(e, failed, n, keyPasswordName);
  }
  if (keyPassword !== null && keyPassword !== password && contents.keyEntries.length > 0) {
    // The keys were encrypted with the store password, so Java could not recover them with
    // another key password (UnrecoverableKeyException at startup).
    throw failed(keyPasswordName, `${keyPasswordName} does not decrypt the private key (it is encrypted with the store password)`);
  }
  const [entry, ...others] = contents.keyEntries;
  if (entry === undefined) {
    const what = contents.certificateCount > 0 ? `only ${contents.certificateCount} certificate(s): is it a truststore?` : 'nothing';
    throw failed(n.location, `no private key in it (${what}); ${n.location} must hold the key and its certificate chain`);
  }
  if (entry.chain.length === 0) throw failed(n.location, `no certificate in it belongs to the private key${entry.alias === null ? '' : ` "${entry.alias}"`}`);
  const leaf = new X509Certificate(entry.chain[0]);
  const privateKey = createPrivateKey({ key: entry.privateKeyDer, format: 'der', type: 'pkcs8' });
  if (!leaf.checkPrivateKey(privateKey)) throw failed(n.location, 'the certificate stored with the private key is not its own');
  const key = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  const warnings =
    others.length > 0
      ? [`${n.location} ${spec.location} holds ${contents.keyEntries.length} private keys; the first one${entry.alias === null ? '' : ` ("${entry.alias}")`} is used`]
      : [];
  return { key, cert: certificatesToPem(entry.chain), warnings };
}

export function loadTrustStore(spec: TrustStoreSpec): TrustStoreMaterial {
  const n = names('truststore', spec.configPrefix);
  const format = storeFormat(spec.type, n);
  if (spec.location === null) {
    if (spec.password !== null) throw new ConfigError(n.location, 'SSL trust store is not specified, but trust store password is specified.');
    throw new ConfigError(n.location, `${n.location} is not set: no trust store to load`);
  }
  if (format === 'PEM' && spec.password !== null) {
    throw new ConfigError(n.password, `SSL trust store password cannot be specified for PEM format (${n.password})`);
  }
  const file = readStoreFile(spec.location, spec.type, n);
  const failed = (property: string, reason: string): ConfigError =>
    new ConfigError(property, `Failed to load SSL truststore ${spec.location} of type ${spec.type}: ${reason}`);

  if (format === 'PEM') {
    try {
      return { ca: readPemTrustStore(file.toString('utf8')).map((c) => c.toString()), warnings: [] };
    } catch (e) {
      if (!(e instanceof PemReadError)) throw e;
      throw failed(n.location, `${e.message} (${n.location})`);
    }
  }

  rejectJavaFormats(file, spec.location, spec.type, n);
  let contents;
  try {
    contents = readPkcs12(file, spec.password);
  } catch (e) {
    throw pkcs12Failure(e, failed, n, n.password);
  }
  // Java's trust managers trust the trusted certificate entries and the end certificate of each
  // key entry (not the rest of a key's chain).
  const trusted = [...contents.trustedCertificates, ...contents.keyEntries.filter((k) => k.chain.length > 0).map((k) => k.chain[0])];
  const warnings: string[] = [];
  if (trusted.length === 0) {
    const why =
      contents.certificateCount > 0
        ? `its ${contents.certificateCount} certificate(s) are not marked trusted as keytool -importcert marks them (openssl pkcs12 -nokeys does not), and Java ignores such certificates`
        : spec.password === null
          ? `${n.password} is not set, and without it only unencrypted certificates can be read (keytool encrypts them)`
          : 'it holds no certificates';
    warnings.push(`${n.location} ${spec.location} gives no trusted certificate, so every peer certificate will be rejected: ${why}`);
  }
  return { ca: trusted.map((der) => new X509Certificate(der).toString()), warnings };
}

function storeFormat(type: string, n: StoreNames): StoreFormat {
  const upper = type.trim().toUpperCase();
  if (upper === 'PKCS12') return 'PKCS12';
  if (upper === 'PEM') return 'PEM';
  if (upper === 'JKS' || upper === 'JCEKS') {
    throw new ConfigError(
      n.type,
      `${n.type}=${type}: this broker runs on Node.js, which cannot read ${upper} stores (Kafka's default type). ` +
        `Convert the store to PKCS12: keytool -importkeystore -srckeystore <${n.location}> -srcstoretype ${upper} ` +
        `-destkeystore <new file>.p12 -deststoretype PKCS12, then set ${n.type}=PKCS12 and ${n.location} to the new file (or use ${n.type}=PEM)`,
    );
  }
  throw new ConfigError(n.type, `${n.type}=${type} is not a store type this broker reads: use PKCS12 or PEM`);
}

function readStoreFile(location: string, type: string, n: StoreNames): Buffer {
  try {
    return readFileSync(location);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new ConfigError(n.location, `Failed to load SSL ${n.kind} ${location} of type ${type}: ${reason} (${n.location})`);
  }
}

/** Java reads a JKS file even when told PKCS12 (its keystores sniff the format); Node cannot. */
function rejectJavaFormats(file: Buffer, location: string, type: string, n: StoreNames): void {
  const magic = file.length >= 4 ? file.readUInt32BE(0) : 0;
  const format = magic === JKS_MAGIC ? 'JKS' : magic === JCEKS_MAGIC ? 'JCEKS' : null;
  if (format === null) return;
  throw new ConfigError(
    n.location,
    `Failed to load SSL ${n.kind} ${location} of type ${type}: the file is a ${format} store, which this broker (Node.js) cannot read. ` +
      `Convert it: keytool -importkeystore -srckeystore ${location} -srcstoretype ${format} -destkeystore <new file>.p12 -deststoretype PKCS12, ` +
      `then point ${n.location} at the new file`,
  );
}

function pkcs12Failure(e: unknown, failed: (property: string, reason: string) => ConfigError, n: StoreNames, keyPasswordName: string): ConfigError {
  if (!(e instanceof Pkcs12ReadError)) throw e;
  switch (e.reason) {
    case 'wrong-password':
      return failed(n.password, `${n.kind} password was incorrect (${n.password})`);
    case 'key-password':
      return failed(keyPasswordName, `${e.message}; this broker reads PKCS12 stores whose keys use the store password, as keytool and openssl write them`);
    default:
      return failed(n.location, `${e.message} (${n.location})`);
  }
}
