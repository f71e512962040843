// ssl.enabled.protocols (and ssl.protocol when that list is empty) as node:tls version bounds.
// Java enables exactly the listed protocols; Node takes a range, so a protocol missing inside the
// range is switched off with OpenSSL's SSL_OP_NO_* options.
// - Kafka 2.4.1's default list is TLSv1.2,TLSv1.1,TLSv1: no TLSv1.3, so by default connections
//   are TLS 1.2, as with 2.4.1 on Java 11. TLSv1.3 may be listed: Java 11 knows it and 2.4.1
//   passes the list to its SSLEngine (official support came with Kafka 2.5, KAFKA-7251).
// - TLSv1 and TLSv1.1 are accepted in the list, but like Java 11.0.11+ (jdk.tls.disabledAlgorithms)
//   Node's OpenSSL 3 refuses them at its default security level, so in practice they never
//   connect.
// - SSLv2Hello is a hello format, not a protocol: ignored. SSLv3 is disabled in every Java Kafka
//   2.4.1 runs on and unknown to Node: ignored with a warning. Other names fail as Java fails.
// - With ssl.cipher.suites naming no TLS 1.3 suite (or only TLS 1.3 suites), the versions those
//   suites cannot serve are dropped, as Java would find no suite for them (Node would otherwise
//   keep its default TLS 1.3 suites).

import { constants } from 'node:crypto';
import type { SecureVersion } from 'node:tls';
import { ConfigError } from '../../common/config/config-error';
import type { OpenSslCiphers } from './cipher-suites';

const VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

const NO_VERSION_OPTION: Readonly<Record<SecureVersion, number>> = {
  TLSv1: constants.SSL_OP_NO_TLSv1,
  'TLSv1.1': constants.SSL_OP_NO_TLSv1_1,
  'TLSv1.2': constants.SSL_OP_NO_TLSv1_2,
  'TLSv1.3': constants.SSL_OP_NO_TLSv1_3,
};

/** ssl.protocol values Java's SunJSSE has an SSLContext for, with the versions its default enables. */
const CONTEXT_DEFAULTS: ReadonlyMap<string, readonly SecureVersion[]> = new Map([
  ['TLS', ['TLSv1.2', 'TLSv1.3']],
  ['SSL', ['TLSv1.2', 'TLSv1.3']],
  ['Default', ['TLSv1.2', 'TLSv1.3']],
  ['SSLv3', ['TLSv1.2', 'TLSv1.3']],
  ['TLSv1.3', ['TLSv1.2', 'TLSv1.3']],
  ['TLSv1.2', ['TLSv1.2']],
  ['TLSv1.1', ['TLSv1', 'TLSv1.1']],
  ['TLSv1', ['TLSv1']],
]);

export interface TlsVersionSettings {
  readonly minVersion: SecureVersion;
  readonly maxVersion: SecureVersion;
  /** SSL_OP_NO_* bits for versions inside the range that are not enabled (0 when none). */
  readonly secureOptions: number;
  readonly warnings: readonly string[];
}

export function tlsVersionSettings(
  enabledProtocols: readonly string[],
  protocol: string,
  ciphers: OpenSslCiphers | null,
  configPrefix = '',
): TlsVersionSettings {
  const protocolProperty = `${configPrefix}ssl.protocol`;
  const listProperty = `${configPrefix}ssl.enabled.protocols`;
  const contextDefaults = CONTEXT_DEFAULTS.get(protocol);
  if (contextDefaults === undefined) throw ConfigError.invalid(protocolProperty, protocol, `${protocol} SSLContext not available`);
  const warnings: string[] = [];
  let enabled: SecureVersion[];
  if (enabledProtocols.length === 0) {
    enabled = [...contextDefaults];
  } else {
    enabled = [];
    for (const name of enabledProtocols) {
      if (name === 'SSLv2Hello') continue;
      if (name === 'SSLv3') {
        warnings.push(`${listProperty}: SSLv3 is ignored (disabled in Java, unknown to Node's OpenSSL)`);
        continue;
      }
      const version = VERSIONS.find((v) => v === name);
      if (version === undefined) throw ConfigError.invalid(listProperty, enabledProtocols.join(','), `Unsupported protocol: ${name}`);
      if (!enabled.includes(version)) enabled.push(version);
    }
    if (enabled.length === 0) throw ConfigError.invalid(listProperty, enabledProtocols.join(','), 'no TLS protocol left to enable');
  }
  if (ciphers !== null) {
    const usable = enabled.filter((v) => (v === 'TLSv1.3' ? ciphers.hasTls13Suites : ciphers.hasTls12Suites));
    if (usable.length === 0) {
      throw new ConfigError(
        `${configPrefix}ssl.cipher.suites`,
        `none of ${configPrefix}ssl.cipher.suites can be used with the enabled protocols ${enabled.join(',')} (TLS 1.3 suites serve only TLSv1.3, the others only older versions)`,
      );
    }
    enabled = usable;
  }
  const indexes = enabled.map((v) => VERSIONS.indexOf(v));
  const min = Math.min(...indexes);
  const max = Math.max(...indexes);
  let secureOptions = 0;
  for (let i = min; i <= max; i++) if (!indexes.includes(i)) secureOptions |= NO_VERSION_OPTION[VERSIONS[i]];
  return { minVersion: VERSIONS[min], maxVersion: VERSIONS[max], secureOptions, warnings };
}
