// Kafka 2.4.1 checks at startup that the inter-broker listener's SSL settings can talk to
// themselves (SslFactory with keystoreVerifiableUsingTruststore, used by SslChannelBuilder for the
// inter-broker listener): a client built from the settings must complete a handshake with a server
// built from the same settings, host name check off. Otherwise brokers could not replicate from
// each other, and Kafka refuses to start with "A client SSLEngine created with the provided
// settings can't connect to a server SSLEngine created with those settings." Done here with a real
// handshake over loopback, so Node's own verification decides, as Java's does there.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { ConfigError } from '../../common/config/config-error';
import type { SslSettings } from './ssl-settings';
import { buildClientTlsOptions, buildServerTlsOptions, clientCertificateProblem, type TlsBuildOptions } from './tls-options';

export const INTER_BROKER_SSL_MISMATCH =
  "A client SSLEngine created with the provided settings can't connect to a server SSLEngine created with those settings.";

/** Resolves when the settings can connect to themselves; rejects with a ConfigError saying why not. */
export async function checkInterBrokerSslSettings(settings: SslSettings, options: TlsBuildOptions & { timeoutMs?: number } = {}): Promise<void> {
  const serverOptions = buildServerTlsOptions(settings, options);
  const clientOptions = buildClientTlsOptions({ ...settings, endpointIdentificationAlgorithm: '' }, '127.0.0.1', options);
  const server = createServer(serverOptions);
  const serverProblem = new Promise<string | null>((resolve) => {
    server.on('secureConnection', (socket: TLSSocket) => {
      socket.on('error', () => undefined);
      resolve(clientCertificateProblem(socket));
      socket.end();
    });
    server.on('tlsClientError', (e: Error) => resolve(e.message));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  try {
    const clientProblem = await new Promise<string | null>((resolve) => {
      const client = connect({ ...clientOptions, port });
      const timer = setTimeout(() => client.destroy(new Error('the handshake timed out')), options.timeoutMs ?? 10_000);
      client.on('secureConnect', () => {
        clearTimeout(timer);
        resolve(null);
        client.end();
      });
      client.on('error', (e: Error) => {
        clearTimeout(timer);
        resolve(e.message);
      });
      client.on('close', () => {
        clearTimeout(timer);
        resolve('the connection closed during the handshake');
      });
    });
    // With TLS 1.3 the client may finish before the server has judged its certificate.
    const problem = clientProblem ?? (await serverProblem);
    if (problem !== null) {
      throw new ConfigError(`${settings.configPrefix}ssl.keystore.location`, `${INTER_BROKER_SSL_MISMATCH} (${problem})`);
    }
  } finally {
    server.close();
  }
}
