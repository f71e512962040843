import { execFileSync } from 'node:child_process';
import { constants } from 'node:crypto';
import { createSecureContext, getCiphers } from 'node:tls';
import { ConfigError } from '../../../src/common/config/config-error';
import { JAVA_TO_OPENSSL_CIPHER_SUITES, opensslCiphers } from '../../../src/security/ssl/cipher-suites';
import { tlsVersionSettings } from '../../../src/security/ssl/tls-protocols';

describe('Java cipher suite names mapped to OpenSSL names', () => {
  // `openssl ciphers -stdname` prints each suite's IANA name (Java's) beside OpenSSL's.
  const ianaByOpenssl = new Map(
    execFileSync('openssl', ['ciphers', '-stdname', 'ALL:@SECLEVEL=0'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields.length >= 3)
      .map((fields) => [fields[2], fields[0]] as const),
  );
  const nodeCiphers = new Set(getCiphers());

  it.each([...JAVA_TO_OPENSSL_CIPHER_SUITES])('%s is OpenSSL %s, and Node has it', (java, openssl) => {
    expect(ianaByOpenssl.get(openssl)).toBe(java);
    expect(nodeCiphers.has(openssl.toLowerCase())).toBe(true);
  });

  it('covers the suites Kafka users list most', () => {
    for (const name of ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
      expect(JAVA_TO_OPENSSL_CIPHER_SUITES.has(name)).toBe(true);
    }
  });

  it('joins the list for node:tls, which accepts it', () => {
    const mapped = opensslCiphers(['TLS_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV']);
    expect(mapped).toEqual({ ciphers: 'TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256', hasTls13Suites: true, hasTls12Suites: true });
    expect(() => createSecureContext({ ciphers: mapped?.ciphers })).not.toThrow();
    expect(opensslCiphers([])).toBeNull();
  });

  it('an unknown or unsupported name fails, naming the property', () => {
    for (const name of ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA999', 'SSL_RSA_WITH_RC4_128_MD5', 'ECDHE-RSA-AES128-GCM-SHA256']) {
      let error: unknown;
      try {
        opensslCiphers(['TLS_AES_128_GCM_SHA256', name], 'listener.name.ssl.ssl.cipher.suites');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).property).toBe('listener.name.ssl.ssl.cipher.suites');
      expect((error as Error).message).toContain(`Unsupported CipherSuite: ${name}`);
    }
  });
});

describe('ssl.enabled.protocols as node:tls version bounds', () => {
  it("Kafka's default list is TLS 1.2 at most (no TLSv1.3 in 2.4.1's default)", () => {
    expect(tlsVersionSettings(['TLSv1.2', 'TLSv1.1', 'TLSv1'], 'TLS', null)).toEqual({ minVersion: 'TLSv1', maxVersion: 'TLSv1.2', secureOptions: 0, warnings: [] });
  });

  it('TLSv1.3 may be listed', () => {
    expect(tlsVersionSettings(['TLSv1.3'], 'TLS', null)).toMatchObject({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    expect(tlsVersionSettings(['TLSv1.2', 'TLSv1.3'], 'TLSv1.2', null)).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
  });

  it('a protocol missing inside the range is switched off', () => {
    expect(tlsVersionSettings(['TLSv1', 'TLSv1.2'], 'TLS', null).secureOptions).toBe(constants.SSL_OP_NO_TLSv1_1);
  });

  it('an empty list takes the versions of the ssl.protocol context', () => {
    expect(tlsVersionSettings([], 'TLS', null)).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
    expect(tlsVersionSettings([], 'TLSv1.2', null)).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
  });

  it('SSLv2Hello is ignored, SSLv3 ignored with a warning', () => {
    const settings = tlsVersionSettings(['TLSv1.2', 'SSLv3', 'SSLv2Hello'], 'TLS', null);
    expect(settings).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    expect(settings.warnings).toEqual(['ssl.enabled.protocols: SSLv3 is ignored (disabled in Java, unknown to Node\'s OpenSSL)']);
  });

  it('unknown protocols and contexts fail as in Java, naming the property', () => {
    expect(() => tlsVersionSettings(['TLSv1.2', 'tlsv1.3'], 'TLS', null, 'listener.name.x.')).toThrow(
      'Invalid value TLSv1.2,tlsv1.3 for configuration listener.name.x.ssl.enabled.protocols: Unsupported protocol: tlsv1.3',
    );
    expect(() => tlsVersionSettings(['SSLv3'], 'TLS', null)).toThrow(/no TLS protocol left to enable/);
    expect(() => tlsVersionSettings(['TLSv1.2'], 'TLSv9', null)).toThrow('Invalid value TLSv9 for configuration ssl.protocol: TLSv9 SSLContext not available');
  });

  it('cipher suites of one TLS generation only drop the versions they cannot serve', () => {
    const tls12Only = opensslCiphers(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256']);
    expect(tlsVersionSettings(['TLSv1.2', 'TLSv1.3'], 'TLS', tls12Only)).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
    const tls13Only = opensslCiphers(['TLS_AES_128_GCM_SHA256']);
    expect(tlsVersionSettings(['TLSv1.2', 'TLSv1.3'], 'TLS', tls13Only)).toMatchObject({ minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3' });
    expect(() => tlsVersionSettings(['TLSv1.2'], 'TLS', tls13Only)).toThrow(/none of ssl.cipher.suites can be used with the enabled protocols TLSv1.2/);
  });
});
