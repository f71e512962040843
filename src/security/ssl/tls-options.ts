// Kafka's ssl.* settings for one listener as node:tls options: the server side of an SSL or
// SASL_SSL listener, and the client side the broker uses for its own connections to other brokers
// (controller, replica fetchers), as SslEngineBuilder.createSslEngine sets up an SSLEngine.
// - ssl.client.auth: required asks for a certificate and refuses a connection without a trusted
//   one; requested asks, accepts none, but (as Java) refuses an untrusted one, which Node only
//   reports: the socket server must call clientCertificateProblem() on each secure connection;
//   none does not ask. Case is ignored and an unknown value falls back to none with a warning, as
//   in Kafka (whose KafkaConfig only validates the broker-wide value).
// - Protocols and cipher suites: tls-protocols.ts, cipher-suites.ts.
// - ssl.endpoint.identification.algorithm, for clients: https (Kafka 2.x's default, also for the
//   broker's own inter-broker connections) checks the server certificate against the host name
//   connected to, with Node's checks (subject alternative names, the common name only without DNS
//   ones, an IP only against IP entries), which follow the same RFC 2818 rules as Java's HTTPS
//   check. Empty or unset: no host name check (the chain is still verified). LDAPS is taken as
//   HTTPS (Java's LDAPS rules differ only in wildcard details); any other name fails, as Java
//   fails every handshake with it.
// - A client always verifies the server's chain (Kafka has no way to turn that off); without a
//   truststore Node's bundled CAs play the JVM's cacerts.

import { checkServerIdentity, type ConnectionOptions, type SecureContextOptions, type TLSSocket, type TlsOptions } from 'node:tls';
import { isIP } from 'node:net';
import { ConfigError } from '../../common/config/config-error';
import { opensslCiphers } from './cipher-suites';
import type { SslSettings } from './ssl-settings';
import { loadKeyStore, loadTrustStore } from './ssl-stores';
import { tlsVersionSettings } from './tls-protocols';

export type SslClientAuth = 'required' | 'requested' | 'none';

export interface TlsBuildOptions {
  /** Told what Kafka would accept but log (fallbacks, stores that trust nothing, ignored protocols). */
  readonly warn?: (message: string) => void;
}

/** SslClientAuth.forConfig: case-insensitive; unknown (or null) -> none, unknown with a warning. */
export function sslClientAuth(value: string | null, warn?: (message: string) => void, property = 'ssl.client.auth'): SslClientAuth {
  if (value === null) return 'none';
  const lower = value.toLowerCase();
  if (lower === 'required' || lower === 'requested' || lower === 'none') return lower;
  warn?.(`Unrecognized client authentication configuration ${value} (${property}).  Falling back to NONE.  Recognized client authentication configurations are REQUIRED, REQUESTED, NONE.`);
  return 'none';
}

export function buildServerTlsOptions(settings: SslSettings, options: TlsBuildOptions = {}): TlsOptions {
  const prefix = settings.configPrefix;
  if (settings.keystoreLocation === null && settings.keystorePassword === null) {
    throw new ConfigError(`${prefix}ssl.keystore.location`, `${prefix}ssl.keystore.location is not set: an SSL listener needs the broker's private key and certificate`);
  }
  const keystore = loadKeyStore({
    type: settings.keystoreType,
    location: settings.keystoreLocation,
    password: settings.keystorePassword,
    keyPassword: settings.keyPassword,
    configPrefix: prefix,
  });
  const clientAuth = sslClientAuth(settings.clientAuth, options.warn, `${prefix}ssl.client.auth`);
  const common = commonOptions(settings, options);
  keystore.warnings.forEach((w) => options.warn?.(w));
  return {
    ...common,
    key: keystore.key,
    cert: keystore.cert,
    requestCert: clientAuth !== 'none',
    rejectUnauthorized: clientAuth === 'required',
  };
}

/** Options for tls.connect to a broker at `host` (a host name or an IP address). */
export function buildClientTlsOptions(settings: SslSettings, host: string, options: TlsBuildOptions = {}): ConnectionOptions {
  const prefix = settings.configPrefix;
  const common = commonOptions(settings, options);
  // A client keystore is optional: it is needed only by listeners that ask for certificates.
  const keystore =
    settings.keystoreLocation === null && settings.keystorePassword === null
      ? null
      : loadKeyStore({
          type: settings.keystoreType,
          location: settings.keystoreLocation,
          password: settings.keystorePassword,
          keyPassword: settings.keyPassword,
          configPrefix: prefix,
        });
  keystore?.warnings.forEach((w) => options.warn?.(w));
  const checkHost = endpointIdentification(settings.endpointIdentificationAlgorithm, `${prefix}ssl.endpoint.identification.algorithm`);
  return {
    ...common,
    ...(keystore === null ? {} : { key: keystore.key, cert: keystore.cert }),
    host,
    // SNI carries host names only (RFC 6066); Java sends none for an IP address either.
    ...(isIP(host) === 0 ? { servername: host } : {}),
    rejectUnauthorized: true,
    checkServerIdentity: checkHost ? checkServerIdentity : () => undefined,
  };
}

/**
 * For ssl.client.auth=requested: a connection that sent a certificate its truststore does not
 * trust must be closed (Java fails that handshake; Node completes it and reports). Returns why, or
 * null when the connection may stay (no certificate at all, or a trusted one).
 */
export function clientCertificateProblem(socket: TLSSocket): string | null {
  if (socket.authorized) return null;
  const peer = socket.getPeerCertificate();
  if (peer === null || peer === undefined || Object.keys(peer).length === 0) return null;
  return `client certificate not trusted: ${String(socket.authorizationError)}`;
}

function commonOptions(settings: SslSettings, options: TlsBuildOptions): SecureContextOptions {
  const prefix = settings.configPrefix;
  const ciphers = opensslCiphers(settings.cipherSuites, `${prefix}ssl.cipher.suites`);
  const versions = tlsVersionSettings(settings.enabledProtocols, settings.protocol, ciphers, prefix);
  versions.warnings.forEach((w) => options.warn?.(w));
  let ca: string[] | undefined;
  if (settings.truststoreLocation !== null || settings.truststorePassword !== null) {
    const truststore = loadTrustStore({
      type: settings.truststoreType,
      location: settings.truststoreLocation,
      password: settings.truststorePassword,
      configPrefix: prefix,
    });
    truststore.warnings.forEach((w) => options.warn?.(w));
    ca = [...truststore.ca];
  }
  return {
    minVersion: versions.minVersion,
    maxVersion: versions.maxVersion,
    ...(versions.secureOptions === 0 ? {} : { secureOptions: versions.secureOptions }),
    // Java accepts certificates a private CA signed with SHA-1 (its disabledAlgorithms only bar SHA-1
    // under the JDK's own root CAs); OpenSSL 3's default security level refuses them ("ca md too
    // weak"). Level 0 keeps Java's acceptance; the protocol range and suites above still apply.
    // (A list of TLS 1.3 suites only has no TLS 1.2 part to carry the level: it stays as given.)
    ciphers: ciphers === null ? 'DEFAULT:@SECLEVEL=0' : ciphers.hasTls12Suites ? `${ciphers.ciphers}:@SECLEVEL=0` : ciphers.ciphers,
    ...(ca === undefined ? {} : { ca }),
  };
}

/** True when the server's host name must be checked. */
export function endpointIdentification(algorithm: string | null, property = 'ssl.endpoint.identification.algorithm'): boolean {
  if (algorithm === null || algorithm === '') return false;
  const upper = algorithm.toUpperCase();
  if (upper === 'HTTPS' || upper === 'LDAPS') return true;
  throw ConfigError.invalid(property, algorithm, 'unknown identification algorithm: Java knows HTTPS and LDAPS, and an empty value turns the check off');
}
