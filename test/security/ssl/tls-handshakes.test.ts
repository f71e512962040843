// Real node:tls handshakes between a server and a client built from Kafka ssl.* settings, over
// stores made by openssl and keytool, on loopback.

import { once } from 'node:events';
import { connect, createServer, type ConnectionOptions, type TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../../../src/common/config/config-error';
import { checkInterBrokerSslSettings, INTER_BROKER_SSL_MISMATCH } from '../../../src/security/ssl/inter-broker-ssl-check';
import { sslPrincipal, sslPrincipalName, SslPrincipalMappingError } from '../../../src/security/ssl/ssl-principal';
import { SslPrincipalMapper } from '../../../src/security/ssl/ssl-principal-mapper';
import { sslSettings, type SslSettings } from '../../../src/security/ssl/ssl-settings';
import { buildClientTlsOptions, buildServerTlsOptions, clientCertificateProblem, sslClientAuth } from '../../../src/security/ssl/tls-options';
import { ALICE_JAVA_NAME, CLIENT_JAVA_NAME, createTestStores, KEY_PASSWORD, STORE_PASSWORD, TRUST_PASSWORD, type TestStores } from './test-stores';

let stores: TestStores;
beforeAll(() => {
  stores = createTestStores();
}, 60_000);
afterAll(() => stores?.cleanup());

const serverStore = (): Partial<SslSettings> => ({ keystoreType: 'PKCS12', keystoreLocation: stores.serverP12, keystorePassword: STORE_PASSWORD, keyPassword: STORE_PASSWORD });
const trustStore = (): Partial<SslSettings> => ({ truststoreType: 'PKCS12', truststoreLocation: stores.truststoreP12, truststorePassword: TRUST_PASSWORD });
const clientStore = (location = stores.clientP12): Partial<SslSettings> => ({ keystoreType: 'PKCS12', keystoreLocation: location, keystorePassword: STORE_PASSWORD });

interface ServerSide {
  readonly protocol: string | null;
  readonly cipher: string;
  readonly principal: string;
  readonly problem: string | null;
}

interface Outcome {
  /** The client read the server's greeting: the connection was accepted. */
  readonly greeted: boolean;
  readonly clientError: string | null;
  /** What the server saw on each secure connection. */
  readonly server: readonly ServerSide[];
}

async function handshake(serverOptions: TlsOptions, clientOptions: ConnectionOptions, rules: string | SslPrincipalMapper = 'DEFAULT', listenHost = '127.0.0.1'): Promise<Outcome> {
  const seen: ServerSide[] = [];
  const server = createServer(serverOptions, (socket) => {
    socket.on('error', () => undefined);
    seen.push({
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      principal: sslPrincipalName(socket.getPeerCertificate(), rules),
      problem: clientCertificateProblem(socket),
    });
    socket.end('hello');
  });
  server.on('tlsClientError', () => undefined);
  server.listen(0, listenHost);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    return await new Promise<Outcome>((resolve) => {
      let data = '';
      let clientError: string | null = null;
      const client = connect({ ...clientOptions, port });
      const timer = setTimeout(() => client.destroy(new Error('timed out')), 5_000);
      client.on('data', (chunk: Buffer) => {
        data += chunk.toString();
      });
      client.on('error', (e: NodeJS.ErrnoException) => {
        clientError ??= e.code ?? e.message;
      });
      client.on('close', () => {
        clearTimeout(timer);
        // The server's socket callback may run just after the client sees the close.
        setImmediate(() => resolve({ greeted: data === 'hello', clientError, server: [...seen] }));
      });
    });
  } finally {
    server.close();
  }
}

/** Client options for the server's certificate (issued for localhost), reaching it on 127.0.0.1. */
function clientFor(settings: Partial<SslSettings>, host = 'localhost'): ConnectionOptions {
  return { ...buildClientTlsOptions(sslSettings(settings), host), host: '127.0.0.1' };
}

describe('server and client from ssl.* settings', () => {
  it('PKCS12 keystore and a keytool truststore: the handshake succeeds, the host name is checked, TLS 1.2 by default', async () => {
    const outcome = await handshake(buildServerTlsOptions(sslSettings(serverStore())), clientFor(trustStore()));
    expect(outcome).toMatchObject({ greeted: true, clientError: null });
    expect(outcome.server).toEqual([expect.objectContaining({ protocol: 'TLSv1.2', principal: 'ANONYMOUS', problem: null })]);
  });

  it('an IP address is checked against the IP subject alternative name', async () => {
    const outcome = await handshake(buildServerTlsOptions(sslSettings(serverStore())), buildClientTlsOptions(sslSettings(trustStore()), '127.0.0.1'));
    expect(outcome.greeted).toBe(true);
  });

  it('a host the certificate does not name fails with https and passes with the check turned off', async () => {
    const server = buildServerTlsOptions(sslSettings(serverStore()));
    const checked = await handshake(server, buildClientTlsOptions(sslSettings(trustStore()), '127.0.0.2'), 'DEFAULT', '127.0.0.2');
    expect(checked).toMatchObject({ greeted: false, clientError: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    const unchecked = await handshake(server, buildClientTlsOptions(sslSettings({ ...trustStore(), endpointIdentificationAlgorithm: '' }), '127.0.0.2'), 'DEFAULT', '127.0.0.2');
    expect(unchecked.greeted).toBe(true);
  });

  it('a client whose truststore trusts nothing (openssl -nokeys certificates, ignored as by Java) refuses the server', async () => {
    const warnings: string[] = [];
    const client = { ...buildClientTlsOptions(sslSettings({ ...trustStore(), truststoreLocation: stores.opensslTruststoreP12 }), 'localhost', { warn: (w) => warnings.push(w) }), host: '127.0.0.1' };
    const outcome = await handshake(buildServerTlsOptions(sslSettings(serverStore())), client);
    expect(outcome).toMatchObject({ greeted: false, clientError: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(warnings).toEqual([expect.stringContaining('gives no trusted certificate')]);
  });
});

describe('ssl.client.auth', () => {
  const server = (clientAuth: string): TlsOptions => buildServerTlsOptions(sslSettings({ ...serverStore(), ...trustStore(), clientAuth }));

  it('required: a client without a certificate is refused', async () => {
    const outcome = await handshake(server('required'), clientFor(trustStore()));
    expect(outcome.greeted).toBe(false);
    expect(outcome.server).toEqual([]);
  });

  it("required: the client's certificate gives its distinguished name as Java prints it, then the mapping rules", async () => {
    const outcome = await handshake(server('required'), clientFor({ ...trustStore(), ...clientStore() }));
    expect(outcome.greeted).toBe(true);
    expect(outcome.server[0]).toMatchObject({ principal: CLIENT_JAVA_NAME, problem: null });
    const mapped = await handshake(server('REQUIRED'), clientFor({ ...trustStore(), ...clientStore() }), SslPrincipalMapper.fromRules('RULE:^CN=(.*?),OU=(.*?),.*$/$1@$2/L,DEFAULT'));
    expect(mapped.server[0].principal).toBe('client@eng');
  });

  it('required: an untrusted client certificate is refused', async () => {
    const outcome = await handshake(server('required'), clientFor({ ...trustStore(), ...clientStore(stores.rogueP12) }));
    expect(outcome.greeted).toBe(false);
    expect(outcome.server).toEqual([]);
  });

  it('requested: a client without a certificate is accepted as ANONYMOUS', async () => {
    const outcome = await handshake(server('requested'), clientFor(trustStore()));
    expect(outcome.greeted).toBe(true);
    expect(outcome.server[0]).toMatchObject({ principal: 'ANONYMOUS', problem: null });
  });

  it('requested: a trusted certificate gives its principal; an untrusted one is reported for closing', async () => {
    const trusted = await handshake(server('requested'), clientFor({ ...trustStore(), ...clientStore() }));
    expect(trusted.server[0]).toMatchObject({ principal: CLIENT_JAVA_NAME, problem: null });
    const rogue = await handshake(server('requested'), clientFor({ ...trustStore(), ...clientStore(stores.rogueP12) }));
    expect(rogue.server[0].problem).toBe('client certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('none: no certificate is asked for, even from a client that has one', async () => {
    const outcome = await handshake(server('none'), clientFor({ ...trustStore(), ...clientStore() }));
    expect(outcome.server[0]).toMatchObject({ principal: 'ANONYMOUS', problem: null });
  });

  it('an unknown value falls back to none with a warning, as Kafka does', () => {
    const warnings: string[] = [];
    expect(sslClientAuth('sometimes', (w) => warnings.push(w), 'listener.name.mtls.ssl.client.auth')).toBe('none');
    expect(warnings[0]).toMatch(/^Unrecognized client authentication configuration sometimes \(listener\.name\.mtls\.ssl\.client\.auth\)\.  Falling back to NONE\./);
    const options = buildServerTlsOptions(sslSettings({ ...serverStore(), clientAuth: 'sometimes' }), { warn: () => undefined });
    expect(options).toMatchObject({ requestCert: false, rejectUnauthorized: false });
  });
});

describe('PEM stores on both sides', () => {
  it('an encrypted PEM keystore and a PEM truststore; the principal of a name with escapes and an email attribute', async () => {
    const server = buildServerTlsOptions(
      sslSettings({ keystoreType: 'PEM', keystoreLocation: stores.serverEncryptedPem, keyPassword: KEY_PASSWORD, truststoreType: 'PEM', truststoreLocation: stores.truststorePem, clientAuth: 'required' }),
    );
    const client = clientFor({ keystoreType: 'PEM', keystoreLocation: stores.alicePem, truststoreType: 'PEM', truststoreLocation: stores.truststorePem });
    const outcome = await handshake(server, client);
    expect(outcome.greeted).toBe(true);
    expect(outcome.server[0].principal).toBe(ALICE_JAVA_NAME);
  });

  it('an EC key entry from keytool serves TLS; its own certificate is trusted when the store is the truststore', async () => {
    const ec = { keystoreType: 'PKCS12', keystoreLocation: stores.ecKeytoolP12, keystorePassword: STORE_PASSWORD };
    const server = buildServerTlsOptions(sslSettings(ec));
    const client = buildClientTlsOptions(sslSettings({ truststoreType: 'PKCS12', truststoreLocation: stores.ecKeytoolP12, truststorePassword: STORE_PASSWORD, endpointIdentificationAlgorithm: null }), '127.0.0.1');
    const outcome = await handshake(server, client);
    expect(outcome.greeted).toBe(true);
    expect(outcome.server[0].cipher).toMatch(/ECDSA|TLS_AES/);
  });
});

describe('ssl.enabled.protocols and ssl.cipher.suites in handshakes', () => {
  const server = (values: Partial<SslSettings>): TlsOptions => buildServerTlsOptions(sslSettings({ ...serverStore(), ...values }));
  const client = (values: Partial<SslSettings>): ConnectionOptions => clientFor({ ...trustStore(), ...values });

  it('a server limited to TLSv1.2 refuses a TLSv1.3-only client', async () => {
    const outcome = await handshake(server({ enabledProtocols: ['TLSv1.2'] }), client({ enabledProtocols: ['TLSv1.3'] }));
    expect(outcome.greeted).toBe(false);
    expect(outcome.server).toEqual([]);
  });

  it('TLSv1.3 is used when both sides list it, TLSv1.2 when the client keeps the 2.4.1 default', async () => {
    const both = await handshake(server({ enabledProtocols: ['TLSv1.3', 'TLSv1.2'] }), client({ enabledProtocols: ['TLSv1.2', 'TLSv1.3'] }));
    expect(both.server[0].protocol).toBe('TLSv1.3');
    const defaultClient = await handshake(server({ enabledProtocols: ['TLSv1.3', 'TLSv1.2'] }), client({}));
    expect(defaultClient.server[0].protocol).toBe('TLSv1.2');
  });

  it('the listed cipher suite is the one negotiated; TLS 1.3 is left out when no TLS 1.3 suite is listed', async () => {
    const outcome = await handshake(
      server({ enabledProtocols: ['TLSv1.2', 'TLSv1.3'], cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] }),
      client({ enabledProtocols: ['TLSv1.2', 'TLSv1.3'] }),
    );
    expect(outcome.server[0]).toMatchObject({ protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384' });
    const tls13 = await handshake(server({ enabledProtocols: ['TLSv1.3'], cipherSuites: ['TLS_CHACHA20_POLY1305_SHA256'] }), client({ enabledProtocols: ['TLSv1.3'] }));
    expect(tls13.server[0].cipher).toBe('TLS_CHACHA20_POLY1305_SHA256');
  });

  it('no cipher suite in common: the handshake fails', async () => {
    const outcome = await handshake(
      server({ cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'] }),
      client({ cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'] }),
    );
    expect(outcome.greeted).toBe(false);
  });
});

describe('building options fails early and clearly', () => {
  const error = (run: () => unknown): ConfigError => {
    try {
      run();
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
    throw new Error('expected a ConfigError');
  };

  it('an SSL listener without a keystore', () => {
    expect(error(() => buildServerTlsOptions(sslSettings({ configPrefix: 'listener.name.ssl.' }))).property).toBe('listener.name.ssl.ssl.keystore.location');
  });

  it('a JKS keystore (type not set, so Kafka\'s default JKS) says how to convert', () => {
    const e = error(() => buildServerTlsOptions(sslSettings({ keystoreLocation: stores.serverJks, keystorePassword: STORE_PASSWORD })));
    expect(e.property).toBe('ssl.keystore.type');
    expect(e.message).toContain('keytool -importkeystore');
  });

  it('a wrong keystore password', () => {
    expect(error(() => buildServerTlsOptions(sslSettings({ ...serverStore(), keystorePassword: 'wrong', keyPassword: null }))).property).toBe('ssl.keystore.password');
  });

  it('an unknown endpoint identification algorithm, cipher suite or protocol', () => {
    expect(error(() => buildClientTlsOptions(sslSettings({ endpointIdentificationAlgorithm: 'dns' }), 'localhost')).message).toBe(
      'Invalid value dns for configuration ssl.endpoint.identification.algorithm: unknown identification algorithm: Java knows HTTPS and LDAPS, and an empty value turns the check off',
    );
    expect(error(() => buildClientTlsOptions(sslSettings({ cipherSuites: ['TLS_NOPE'] }), 'localhost')).property).toBe('ssl.cipher.suites');
    expect(error(() => buildClientTlsOptions(sslSettings({ enabledProtocols: ['TLSv2'] }), 'localhost')).property).toBe('ssl.enabled.protocols');
  });

  it('a client sends SNI for host names only', () => {
    expect(buildClientTlsOptions(sslSettings({}), 'broker-1.example')).toMatchObject({ host: 'broker-1.example', servername: 'broker-1.example' });
    expect(buildClientTlsOptions(sslSettings({}), '127.0.0.1')).not.toHaveProperty('servername');
  });
});

describe('the SSL principal without a handshake', () => {
  it('no certificate (Node gives {} or null) is ANONYMOUS, not mapped', () => {
    expect(sslPrincipalName({}, 'RULE:^CN=(.*)$/$1/')).toBe('ANONYMOUS');
    expect(sslPrincipalName(null, 'DEFAULT')).toBe('ANONYMOUS');
    expect(sslPrincipal(null, 'DEFAULT')).toEqual({ principalType: 'User', name: 'ANONYMOUS' });
  });

  it("a name no rule maps fails the connection with Kafka's message", async () => {
    const outcome = await handshake(
      buildServerTlsOptions(sslSettings({ ...serverStore(), ...trustStore(), clientAuth: 'required' })),
      clientFor({ ...trustStore(), ...clientStore() }),
      'DEFAULT',
    );
    expect(outcome.greeted).toBe(true);
    const { X509Certificate } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const raw = new X509Certificate(readFileSync(`${stores.dir}/client.pem`)).raw;
    let thrown: unknown;
    try {
      sslPrincipalName({ raw } as never, 'RULE:^CN=nobody$/x/');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(SslPrincipalMappingError);
    expect((thrown as Error).message).toBe(`Failed to map name for '${CLIENT_JAVA_NAME}' based on SSL principal mapping rules.`);
    expect((thrown as SslPrincipalMappingError).cause.message).toBe(`No rules apply to ${CLIENT_JAVA_NAME}, rules [RULE:^CN=nobody$/x]`);
    expect(sslPrincipal({ raw } as never, 'RULE:^CN=([^,]*),.*$/$1/')).toEqual({ principalType: 'User', name: 'client' });
  });
});

describe('the inter-broker listener check Kafka runs at startup', () => {
  it('settings that can talk to themselves pass, with client authentication too', async () => {
    await expect(checkInterBrokerSslSettings(sslSettings({ ...serverStore(), ...trustStore(), clientAuth: 'required' }))).resolves.toBeUndefined();
  });

  it('a keystore the truststore does not vouch for fails with Kafka\'s message', async () => {
    const settings = sslSettings({ ...serverStore(), ...trustStore(), keystoreLocation: stores.rogueP12, keyPassword: null, configPrefix: 'listener.name.internal.' });
    let thrown: unknown;
    try {
      await checkInterBrokerSslSettings(settings);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).property).toBe('listener.name.internal.ssl.keystore.location');
    expect((thrown as Error).message).toMatch(/^A client SSLEngine created with the provided settings can't connect to a server SSLEngine created with those settings\. \(.*self[- ]signed/i);
  });

  it('a certificate good for serverAuth only passes without client authentication and fails when the listener requires it', async () => {
    const settings = (clientAuth: string): SslSettings =>
      sslSettings({ ...serverStore(), keystoreLocation: stores.serverOnlyP12, keyPassword: null, ...trustStore(), clientAuth });
    await expect(checkInterBrokerSslSettings(settings('none'))).resolves.toBeUndefined();
    await expect(checkInterBrokerSslSettings(settings('required'))).rejects.toThrow(INTER_BROKER_SSL_MISMATCH);
  });
});
