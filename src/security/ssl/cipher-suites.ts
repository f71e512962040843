// ssl.cipher.suites names cipher suites the Java way (IANA names such as
// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, a few legacy ones with an SSL_ prefix); node:tls wants
// OpenSSL's names (ECDHE-RSA-AES128-GCM-SHA256). This table covers the suites Java 11's SunJSSE
// offers that Node's OpenSSL also has: TLS 1.3's, and ECDHE, DHE and RSA key exchange with
// AES-GCM, AES-CBC and ChaCha20-Poly1305. A name outside it fails, as Java fails on a suite it does
// not support ("Unsupported CipherSuite"), with a message telling which names are known.
// (3DES, RC4, NULL, anonymous, export, Kerberos, static ECDH and DSS suites are not in Node's
// OpenSSL, or not in the suites it offers.)

import { ConfigError } from '../../common/config/config-error';

/** Java/IANA name -> OpenSSL name. TLS 1.3 suites keep their name in OpenSSL. */
export const JAVA_TO_OPENSSL_CIPHER_SUITES: ReadonlyMap<string, string> = new Map([
  // TLS 1.3
  ['TLS_AES_128_GCM_SHA256', 'TLS_AES_128_GCM_SHA256'],
  ['TLS_AES_256_GCM_SHA384', 'TLS_AES_256_GCM_SHA384'],
  ['TLS_CHACHA20_POLY1305_SHA256', 'TLS_CHACHA20_POLY1305_SHA256'],
  // ECDHE with ECDSA certificates
  ['TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', 'ECDHE-ECDSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-CHACHA20-POLY1305'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384', 'ECDHE-ECDSA-AES256-SHA384'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256', 'ECDHE-ECDSA-AES128-SHA256'],
  ['TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA', 'ECDHE-ECDSA-AES256-SHA'],
  ['TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA', 'ECDHE-ECDSA-AES128-SHA'],
  // ECDHE with RSA certificates
  ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'ECDHE-RSA-AES256-GCM-SHA384'],
  ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'],
  ['TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'ECDHE-RSA-CHACHA20-POLY1305'],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384', 'ECDHE-RSA-AES256-SHA384'],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'ECDHE-RSA-AES128-SHA256'],
  ['TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'ECDHE-RSA-AES256-SHA'],
  ['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE-RSA-AES128-SHA'],
  // DHE
  ['TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'DHE-RSA-AES256-GCM-SHA384'],
  ['TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'DHE-RSA-AES128-GCM-SHA256'],
  ['TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'DHE-RSA-CHACHA20-POLY1305'],
  ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA256', 'DHE-RSA-AES256-SHA256'],
  ['TLS_DHE_RSA_WITH_AES_128_CBC_SHA256', 'DHE-RSA-AES128-SHA256'],
  ['TLS_DHE_RSA_WITH_AES_256_CBC_SHA', 'DHE-RSA-AES256-SHA'],
  ['TLS_DHE_RSA_WITH_AES_128_CBC_SHA', 'DHE-RSA-AES128-SHA'],
  // RSA key exchange
  ['TLS_RSA_WITH_AES_256_GCM_SHA384', 'AES256-GCM-SHA384'],
  ['TLS_RSA_WITH_AES_128_GCM_SHA256', 'AES128-GCM-SHA256'],
  ['TLS_RSA_WITH_AES_256_CBC_SHA256', 'AES256-SHA256'],
  ['TLS_RSA_WITH_AES_128_CBC_SHA256', 'AES128-SHA256'],
  ['TLS_RSA_WITH_AES_256_CBC_SHA', 'AES256-SHA'],
  ['TLS_RSA_WITH_AES_128_CBC_SHA', 'AES128-SHA'],
]);

/** A signalling value Java lists among suites; OpenSSL always sends it, so it maps to nothing. */
const SIGNALLING_SUITES: ReadonlySet<string> = new Set(['TLS_EMPTY_RENEGOTIATION_INFO_SCSV']);

export interface OpenSslCiphers {
  /** For node:tls `ciphers`: OpenSSL names joined by ':' (Node takes the TLS_ ones for TLS 1.3). */
  readonly ciphers: string;
  readonly hasTls13Suites: boolean;
  readonly hasTls12Suites: boolean;
}

/** Maps ssl.cipher.suites; null when the list is empty (the TLS library's defaults, as in Kafka). */
export function opensslCiphers(javaNames: readonly string[], property = 'ssl.cipher.suites'): OpenSslCiphers | null {
  if (javaNames.length === 0) return null;
  const mapped: string[] = [];
  for (const name of javaNames) {
    if (SIGNALLING_SUITES.has(name)) continue;
    const openssl = JAVA_TO_OPENSSL_CIPHER_SUITES.get(name);
    if (openssl === undefined) {
      throw ConfigError.invalid(
        property,
        javaNames.join(','),
        `Unsupported CipherSuite: ${name} (this broker knows the Java names ${[...JAVA_TO_OPENSSL_CIPHER_SUITES.keys()].join(', ')})`,
      );
    }
    if (!mapped.includes(openssl)) mapped.push(openssl);
  }
  if (mapped.length === 0) throw ConfigError.invalid(property, javaNames.join(','), 'no cipher suite left to enable');
  const hasTls13Suites = mapped.some((m) => m.startsWith('TLS_'));
  return { ciphers: mapped.join(':'), hasTls13Suites, hasTls12Suites: mapped.some((m) => !m.startsWith('TLS_')) };
}
