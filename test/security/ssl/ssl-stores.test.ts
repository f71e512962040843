import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { join } from 'node:path';
import { ConfigError } from '../../../src/common/config/config-error';
import { loadKeyStore, loadTrustStore } from '../../../src/security/ssl/ssl-stores';
import { certificateSubjectRfc2253 } from '../../../src/security/ssl/x500-name';
import { createTestStores, KEY_PASSWORD, SERVER_JAVA_NAME, STORE_PASSWORD, TRUST_PASSWORD, type TestStores } from './test-stores';

let stores: TestStores;
beforeAll(() => {
  stores = createTestStores();
}, 60_000);
afterAll(() => stores?.cleanup());

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const pemCertificates = (pem: string): string[] => pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
const sameCertificates = (a: string, b: string): boolean =>
  JSON.stringify(pemCertificates(a).map((c) => new X509Certificate(c).raw.toString('hex'))) === JSON.stringify(pemCertificates(b).map((c) => new X509Certificate(c).raw.toString('hex')));

describe('PKCS12 keystores', () => {
  it.each([
    ['written by openssl pkcs12 -export', () => stores.serverP12],
    ['written by keytool -importkeystore', () => stores.serverKeytoolP12],
    ['with the legacy algorithms (SHA-1 MAC, 3DES, RC2-40)', () => stores.serverLegacyP12],
  ])('%s: the key and its chain (leaf, then CA), byte for byte', (_title, location) => {
    const material = loadKeyStore({ type: 'PKCS12', location: location(), password: STORE_PASSWORD });
    expect(sameCertificates(material.cert, stores.serverCertPem + stores.caPem)).toBe(true);
    expect(new X509Certificate(pemCertificates(material.cert)[0]).checkPrivateKey(createPrivateKey(material.key))).toBe(true);
    expect(material.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(material.warnings).toEqual([]);
  });

  it('reads an EC key entry keytool generated (node-forge leaves EC keys undecoded; -dname is already in getName() order)', () => {
    const material = loadKeyStore({ type: 'pkcs12', location: stores.ecKeytoolP12, password: STORE_PASSWORD });
    const leaf = new X509Certificate(pemCertificates(material.cert)[0]);
    expect(certificateSubjectRfc2253(leaf.raw)).toBe('CN=ec-broker,O=Acme');
    expect(createPrivateKey(material.key).asymmetricKeyType).toBe('ec');
  });

  it('a wrong store password names ssl.keystore.password', () => {
    const e = configError(() => loadKeyStore({ type: 'PKCS12', location: stores.serverP12, password: 'wrong' }));
    expect(e.property).toBe('ssl.keystore.password');
    expect(e.message).toBe(`Failed to load SSL keystore ${stores.serverP12} of type PKCS12: keystore password was incorrect (ssl.keystore.password)`);
  });

  it('a key password other than the one the key was written with names ssl.key.password', () => {
    const e = configError(() => loadKeyStore({ type: 'PKCS12', location: stores.serverP12, password: STORE_PASSWORD, keyPassword: 'other' }));
    expect(e.property).toBe('ssl.key.password');
    expect(loadKeyStore({ type: 'PKCS12', location: stores.serverP12, password: STORE_PASSWORD, keyPassword: STORE_PASSWORD }).key).toContain('PRIVATE KEY');
  });

  it('a missing file names the location, with the listener prefix', () => {
    const location = join(stores.dir, 'missing.p12');
    const e = configError(() => loadKeyStore({ type: 'PKCS12', location, password: STORE_PASSWORD, configPrefix: 'listener.name.mtls.' }));
    expect(e.property).toBe('listener.name.mtls.ssl.keystore.location');
    expect(e.message).toBe(`Failed to load SSL keystore ${location} of type PKCS12: no such file (listener.name.mtls.ssl.keystore.location)`);
  });

  it('a truststore given as keystore: no private key', () => {
    const e = configError(() => loadKeyStore({ type: 'PKCS12', location: stores.truststoreP12, password: TRUST_PASSWORD }));
    expect(e.property).toBe('ssl.keystore.location');
    expect(e.message).toMatch(/no private key in it \(only 1 certificate\(s\): is it a truststore\?\)/);
  });

  it('a file that is no PKCS12', () => {
    const e = configError(() => loadKeyStore({ type: 'PKCS12', location: stores.serverEncryptedPem, password: STORE_PASSWORD }));
    expect(e.property).toBe('ssl.keystore.location');
    expect(e.message).toMatch(/not a PKCS12 file/);
  });

  it("Kafka's location/password pairing messages", () => {
    expect(configError(() => loadKeyStore({ type: 'PKCS12', location: stores.serverP12, password: null })).message).toBe(
      'SSL key store is specified, but key store password is not specified.',
    );
    expect(configError(() => loadKeyStore({ type: 'PKCS12', location: null, password: STORE_PASSWORD })).message).toBe(
      'SSL key store is not specified, but key store password is specified.',
    );
    expect(configError(() => loadTrustStore({ type: 'PKCS12', location: null, password: TRUST_PASSWORD })).message).toBe(
      'SSL trust store is not specified, but trust store password is specified.',
    );
  });
});

describe('JKS stores are refused with the way to convert them', () => {
  it('ssl.keystore.type=JKS (the default type)', () => {
    const e = configError(() => loadKeyStore({ type: 'JKS', location: stores.serverJks, password: STORE_PASSWORD }));
    expect(e.property).toBe('ssl.keystore.type');
    expect(e.message).toContain('cannot read JKS stores');
    expect(e.message).toContain('keytool -importkeystore -srckeystore <ssl.keystore.location> -srcstoretype JKS -destkeystore <new file>.p12 -deststoretype PKCS12');
  });

  it('a JKS file behind ssl.truststore.type=PKCS12 (Java would sniff it; Node cannot)', () => {
    const e = configError(() => loadTrustStore({ type: 'PKCS12', location: stores.serverJks, password: STORE_PASSWORD }));
    expect(e.property).toBe('ssl.truststore.location');
    expect(e.message).toContain(`the file is a JKS store`);
    expect(e.message).toContain(`keytool -importkeystore -srckeystore ${stores.serverJks} -srcstoretype JKS`);
  });

  it('JCEKS and unknown types', () => {
    expect(configError(() => loadTrustStore({ type: 'JCEKS', location: stores.serverJks, password: null })).message).toContain('cannot read JCEKS stores');
    const e = configError(() => loadTrustStore({ type: 'BKS', location: stores.serverJks, password: null }));
    expect(e.message).toBe('ssl.truststore.type=BKS is not a store type this broker reads: use PKCS12 or PEM');
  });
});

describe('PKCS12 truststores', () => {
  it('a certificates-only store from keytool -importcert (Node pfx cannot load it)', () => {
    expect(() => createSecureContext({ pfx: readFileSync(stores.truststoreP12), passphrase: TRUST_PASSWORD })).toThrow();
    const material = loadTrustStore({ type: 'PKCS12', location: stores.truststoreP12, password: TRUST_PASSWORD });
    expect(material.ca).toHaveLength(1);
    expect(sameCertificates(material.ca[0], stores.caPem)).toBe(true);
    expect(material.warnings).toEqual([]);
  });

  it('a wrong password names ssl.truststore.password', () => {
    const e = configError(() => loadTrustStore({ type: 'PKCS12', location: stores.truststoreP12, password: 'wrong' }));
    expect(e.property).toBe('ssl.truststore.password');
    expect(e.message).toBe(`Failed to load SSL truststore ${stores.truststoreP12} of type PKCS12: truststore password was incorrect (ssl.truststore.password)`);
  });

  it('without a password, as in Java, the encrypted certificates are skipped: nothing is trusted, with a warning', () => {
    const material = loadTrustStore({ type: 'PKCS12', location: stores.truststoreP12, password: null });
    expect(material.ca).toEqual([]);
    expect(material.warnings.join()).toMatch(/gives no trusted certificate.*ssl\.truststore\.password is not set/);
  });

  it('certificates without Java\'s trusted mark (openssl -nokeys) are not trusted, as in Java', () => {
    const material = loadTrustStore({ type: 'PKCS12', location: stores.opensslTruststoreP12, password: TRUST_PASSWORD });
    expect(material.ca).toEqual([]);
    expect(material.warnings.join()).toMatch(/not marked trusted as keytool -importcert marks them/);
  });

  it('a keystore used as truststore trusts its key entry\'s own certificate, not the rest of the chain', () => {
    const material = loadTrustStore({ type: 'PKCS12', location: stores.serverP12, password: STORE_PASSWORD });
    expect(material.ca.map((pem) => certificateSubjectRfc2253(new X509Certificate(pem).raw))).toEqual([SERVER_JAVA_NAME]);
  });
});

describe('PEM stores', () => {
  it('a keystore with an encrypted PKCS#8 key, opened with ssl.key.password', () => {
    const material = loadKeyStore({ type: 'PEM', location: stores.serverEncryptedPem, password: null, keyPassword: KEY_PASSWORD });
    expect(sameCertificates(material.cert, stores.serverCertPem + stores.caPem)).toBe(true);
    expect(material.key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('an unencrypted key needs no password; text around the blocks is ignored', () => {
    expect(loadKeyStore({ type: 'PEM', location: stores.serverPlainPem, password: null }).cert).toContain('BEGIN CERTIFICATE');
    expect(loadKeyStore({ type: 'PEM', location: stores.alicePem, password: null }).cert).toContain('BEGIN CERTIFICATE');
  });

  it.each([
    ['no key password for an encrypted key', { keyPassword: null }, 'ssl.key.password', /the private key is encrypted but no key password is set/],
    ['a wrong key password', { keyPassword: 'wrong' }, 'ssl.key.password', /the key password does not decrypt the private key/],
    ['a store password, which PEM does not take', { password: 'x', keyPassword: KEY_PASSWORD }, 'ssl.keystore.password', /SSL key store password cannot be specified with PEM format/],
  ])('%s', (_title, change, property, message) => {
    const e = configError(() => loadKeyStore({ type: 'PEM', location: stores.serverEncryptedPem, password: null, ...change }));
    expect(e.property).toBe(property);
    expect(e.message).toMatch(message);
  });

  it('no key, two keys, no certificate, the leaf not first', () => {
    const write = (name: string, text: string): string => {
      const path = join(stores.dir, name);
      writeFileSync(path, text);
      return path;
    };
    const key = readFileSync(join(stores.dir, 'server.key'), 'utf8');
    const load = (location: string): ConfigError => configError(() => loadKeyStore({ type: 'PEM', location, password: null }));
    expect(load(write('certs-only.pem', stores.serverCertPem)).message).toMatch(/Private key not provided \(ssl\.keystore\.location\)$/);
    expect(load(write('two-keys.pem', key + key + stores.serverCertPem)).message).toMatch(/Expected one private key, but found 2/);
    expect(load(write('key-only.pem', key)).message).toMatch(/At least one certificate expected, but none found/);
    expect(load(write('ca-first.pem', key + stores.caPem + stores.serverCertPem)).message).toMatch(/is not the private key's; the leaf certificate must come first/);
  });

  it('a truststore of several CA certificates; an empty one fails; no password allowed', () => {
    expect(loadTrustStore({ type: 'PEM', location: stores.truststorePem, password: null }).ca).toHaveLength(2);
    const empty = join(stores.dir, 'empty.pem');
    writeFileSync(empty, 'nothing here\n');
    expect(configError(() => loadTrustStore({ type: 'PEM', location: empty, password: null })).message).toMatch(/At least one certificate expected, but none found/);
    expect(configError(() => loadTrustStore({ type: 'PEM', location: stores.truststorePem, password: 'x' })).property).toBe('ssl.truststore.password');
  });
});
