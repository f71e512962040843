// The two requests the tool sends, on our own codecs, with the settings of Kafka 2.4.1's inlined
// legacy AdminClient: client id admin-1, request.timeout.ms 5000. Failures are turned into the
// exceptions that client reports: a connection that fails or is cut (a request timing out makes
// NetworkClient cut it) is a DisconnectException; a connection that does not come up within the
// request timeout leaves the request unsent, which expires as "Failed to send request after 5000 ms.";
// an error code in the answer is that code's exception (Errors.forCode(code).maybeThrow()).

import { clusterMetadata } from '../common/broker-requests';
import { javaApiExceptionString } from '../common/kafka-exceptions';
import { BrokerConnection, ConnectionClosedError, RequestTimeoutError } from '../../network/broker-connection';
import { errorName } from '../../protocol/errors';
import { Apis } from '../../protocol/generated';
import { JavaThrowable, disconnectException, timeoutException } from './java-throwable';
import type { KafkaNode } from './kafka-node';
import type { AdvertisedApiVersion } from './node-api-versions';

export const CLIENT_ID = 'admin-1';
export const REQUEST_TIMEOUT_MS = 5_000;

/** Where a node is reached: its host, or for a bootstrap node the address its host resolved to. */
export interface NodeTarget {
  node: KafkaNode;
  address: string;
}

export interface BrokerApiVersionsClient {
  /** The brokers a Metadata answer lists; rejects if the node cannot be asked. */
  metadataNodes(target: NodeTarget): Promise<KafkaNode[]>;
  /** What the node advertises through ApiVersions; rejects with the JavaThrowable Kafka would report. */
  apiVersions(target: NodeTarget): Promise<AdvertisedApiVersion[]>;
}

// What a 2.4.1 Java client says about itself in ApiVersions v3.
const CLIENT_SOFTWARE = { clientSoftwareName: 'apache-kafka-java', clientSoftwareVersion: '2.4.1' };

function connectFailure(error: unknown): JavaThrowable {
  // BrokerConnection.connect rejects with a ConnectionClosedError only when its connect timeout passed.
  if (error instanceof ConnectionClosedError) return timeoutException(`Failed to send request after ${REQUEST_TIMEOUT_MS} ms.`);
  return disconnectException(); // refused, unreachable, a host that does not resolve
}

function requestFailure(error: unknown): JavaThrowable {
  if (error instanceof JavaThrowable) return error;
  if (error instanceof ConnectionClosedError || error instanceof RequestTimeoutError) return disconnectException();
  // An answer our codecs cannot read: the Java client's network thread dies on it and fails what it had pending.
  return new JavaThrowable('org.apache.kafka.common.errors.UnknownServerException', 'The server experienced an unexpected error when processing the request.');
}

export const networkBrokerApiVersionsClient: BrokerApiVersionsClient = {
  async metadataNodes(target) {
    // withConnection waits 5 s beyond the request's own timeout, and Metadata has none: 5 s in all.
    const metadata = await clusterMetadata([{ host: target.address, port: target.node.port }], CLIENT_ID, 0);
    return metadata.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack }));
  },

  async apiVersions(target) {
    const connection = new BrokerConnection({
      host: target.address,
      port: target.node.port,
      clientId: CLIENT_ID,
      connectTimeoutMs: REQUEST_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    });
    try {
      try {
        await connection.connect();
      } catch (error) {
        throw connectFailure(error);
      }
      try {
        const response = await connection.send(Apis.ApiVersions, 3, CLIENT_SOFTWARE);
        if (response.errorCode !== 0) throw JavaThrowable.fromText(javaApiExceptionString(errorName(response.errorCode), null));
        return response.apiKeys.map((k) => ({ apiKey: k.apiKey, minVersion: k.minVersion, maxVersion: k.maxVersion }));
      } catch (error) {
        throw requestFailure(error);
      }
    } finally {
      connection.close();
    }
  },
};
