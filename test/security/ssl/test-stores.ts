// Test keystores and truststores made the way users make them, with the real tools: openssl for a
// CA, a server certificate (SAN localhost, 127.0.0.1) and client certificates, keytool for the
// Java-written PKCS12 stores (a certificates-only truststore from -importcert) and a JKS store.
// Written into a fresh temporary directory per test file.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STORE_PASSWORD = 'store-secret';
export const TRUST_PASSWORD = 'trust-secret';
export const KEY_PASSWORD = 'key-secret';

/** Subjects as openssl -subj takes them, and what Java's X500Principal.getName() prints for each
 * certificate openssl writes from them (Java 17, run once when these tests were written). */
export const CLIENT_SUBJECT = '/C=US/ST=State/L=City/O=Acme/OU=Eng/CN=client';
export const CLIENT_JAVA_NAME = 'CN=client,OU=Eng,O=Acme,L=City,ST=State,C=US';
export const ALICE_SUBJECT = '/C=US/O=Acme, Inc./OU=R\\+D/CN=Alice Smith/emailAddress=alice@example.com';
export const ALICE_JAVA_NAME = '1.2.840.113549.1.9.1=#1611616c696365406578616d706c652e636f6d,CN=Alice Smith,OU=R\\+D,O=Acme\\, Inc.,C=US';
export const SERVER_JAVA_NAME = 'O=Acme,CN=localhost';

export interface TestStores {
  readonly dir: string;
  readonly caPem: string;
  readonly serverCertPem: string;
  /** openssl pkcs12 -export: server key, server certificate and the CA. */
  readonly serverP12: string;
  /** keytool -importkeystore of serverP12: the same entry as Java writes it. */
  readonly serverKeytoolP12: string;
  /** keytool -genkeypair -keyalg EC: a self-signed EC key entry. */
  readonly ecKeytoolP12: string;
  /** openssl pkcs12 -export -legacy: SHA-1 MAC, 3DES key, RC2-40 certificates, as Java 8's keytool wrote PKCS12. */
  readonly serverLegacyP12: string;
  /** keytool -importkeystore -deststoretype JKS. */
  readonly serverJks: string;
  /** A server certificate whose extended key usage is serverAuth only (no clientAuth). */
  readonly serverOnlyP12: string;
  readonly clientP12: string;
  /** A client whose certificate no truststore here trusts. */
  readonly rogueP12: string;
  /** keytool -importcert -storetype PKCS12: the CA, certificates only. */
  readonly truststoreP12: string;
  /** openssl pkcs12 -export -nokeys: the CA without Java's trusted mark. */
  readonly opensslTruststoreP12: string;
  /** PEM keystores: encrypted PKCS#8 key (KEY_PASSWORD) + chain; unencrypted; Alice's. */
  readonly serverEncryptedPem: string;
  readonly serverPlainPem: string;
  readonly alicePem: string;
  /** Two CA certificates (ours and another) in one PEM truststore. */
  readonly truststorePem: string;
  cleanup(): void;
}

const run = (command: string, args: readonly string[]): void => {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

export function createTestStores(): TestStores {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-ssl-'));
  const p = (name: string): string => join(dir, name);
  const openssl = (...args: string[]): void => run('openssl', args);
  const keytool = (...args: string[]): void => run('keytool', args);

  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('ca.key'), '-days', '3', '-subj', '/CN=Test CA/O=Acme', '-out', p('ca.pem'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('other-ca.key'), '-days', '3', '-subj', '/CN=Other CA', '-out', p('other-ca.pem'));
  const issue = (name: string, subject: string, extensions: string): void => {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p(`${name}.key`), '-utf8', '-subj', subject, '-out', p(`${name}.csr`));
    writeFileSync(p(`${name}.ext`), extensions);
    openssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-set_serial', String(Date.now() % 100000 + name.length), '-days', '3', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`));
  };
  issue('server', '/CN=localhost/O=Acme', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n');
  issue('server-only', '/CN=localhost/O=Acme', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', CLIENT_SUBJECT, 'extendedKeyUsage=clientAuth\n');
  issue('alice', ALICE_SUBJECT, 'extendedKeyUsage=clientAuth\n');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('rogue.key'), '-days', '3', '-subj', '/CN=rogue', '-out', p('rogue.pem'));

  const exportP12 = (name: string, withCa: boolean): void =>
    openssl('pkcs12', '-export', '-in', p(`${name}.pem`), '-inkey', p(`${name}.key`), ...(withCa ? ['-certfile', p('ca.pem')] : []), '-name', name, '-passout', `pass:${STORE_PASSWORD}`, '-out', p(`${name}.p12`));
  exportP12('server', true);
  exportP12('client', true);
  exportP12('server-only', true);
  exportP12('rogue', false);
  openssl('pkcs12', '-export', '-legacy', '-in', p('server.pem'), '-inkey', p('server.key'), '-certfile', p('ca.pem'), '-name', 'server', '-passout', `pass:${STORE_PASSWORD}`, '-out', p('server-legacy.p12'));
  keytool('-importkeystore', '-srckeystore', p('server.p12'), '-srcstoretype', 'PKCS12', '-srcstorepass', STORE_PASSWORD, '-destkeystore', p('server-keytool.p12'), '-deststoretype', 'PKCS12', '-deststorepass', STORE_PASSWORD, '-noprompt');
  keytool('-importkeystore', '-srckeystore', p('server.p12'), '-srcstoretype', 'PKCS12', '-srcstorepass', STORE_PASSWORD, '-destkeystore', p('server.jks'), '-deststoretype', 'JKS', '-deststorepass', STORE_PASSWORD, '-noprompt');
  keytool('-genkeypair', '-alias', 'ec', '-keyalg', 'EC', '-dname', 'CN=ec-broker,O=Acme', '-validity', '3', '-storetype', 'PKCS12', '-keystore', p('ec-keytool.p12'), '-storepass', STORE_PASSWORD);
  keytool('-importcert', '-alias', 'ca', '-file', p('ca.pem'), '-storetype', 'PKCS12', '-keystore', p('truststore.p12'), '-storepass', TRUST_PASSWORD, '-noprompt');
  openssl('pkcs12', '-export', '-nokeys', '-in', p('ca.pem'), '-passout', `pass:${TRUST_PASSWORD}`, '-out', p('openssl-truststore.p12'));

  openssl('pkcs8', '-topk8', '-in', p('server.key'), '-v2', 'aes-256-cbc', '-passout', `pass:${KEY_PASSWORD}`, '-out', p('server.enc.key'));
  const read = (name: string): string => readFileSync(p(name), 'utf8');
  writeFileSync(p('server-encrypted.pem'), read('server.enc.key') + read('server.pem') + read('ca.pem'));
  writeFileSync(p('server-plain.pem'), read('server.key') + read('server.pem') + read('ca.pem'));
  writeFileSync(p('alice-keystore.pem'), `Bag Attributes: text openssl puts around blocks\n${read('alice.key')}${read('alice.pem')}${read('ca.pem')}`);
  writeFileSync(p('truststore.pem'), read('ca.pem') + read('other-ca.pem'));

  return {
    dir,
    caPem: read('ca.pem'),
    serverCertPem: read('server.pem'),
    serverP12: p('server.p12'),
    serverKeytoolP12: p('server-keytool.p12'),
    ecKeytoolP12: p('ec-keytool.p12'),
    serverLegacyP12: p('server-legacy.p12'),
    serverJks: p('server.jks'),
    serverOnlyP12: p('server-only.p12'),
    clientP12: p('client.p12'),
    rogueP12: p('rogue.p12'),
    truststoreP12: p('truststore.p12'),
    opensslTruststoreP12: p('openssl-truststore.p12'),
    serverEncryptedPem: p('server-encrypted.pem'),
    serverPlainPem: p('server-plain.pem'),
    alicePem: p('alice-keystore.pem'),
    truststorePem: p('truststore.pem'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
