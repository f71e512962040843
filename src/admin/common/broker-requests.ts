// One request at a time to one broker, on our own codecs, for the tools whose admin calls kafkajs
// lacks or routes differently from the Java AdminClient (ElectLeaders, broker-resource configs):
// a short-lived connection per request, and the cluster's metadata from the first bootstrap
// broker that answers.

import { BrokerConnection } from '../../network/broker-connection';
import { Apis, type MetadataResponse } from '../../protocol/generated';
import { hostPortString, type HostPort } from './broker-list';

export class BrokerRequestError extends Error {}

export async function withConnection<T>(target: HostPort, clientId: string, timeoutMs: number, use: (c: BrokerConnection) => Promise<T>): Promise<T> {
  const connection = new BrokerConnection({ host: target.host, port: target.port, clientId, requestTimeoutMs: timeoutMs + 5_000 });
  try {
    await connection.connect();
    return await use(connection);
  } finally {
    connection.close();
  }
}

/** Metadata (brokers and controller, no topics) from the first bootstrap broker that answers. */
export async function clusterMetadata(bootstrap: readonly HostPort[], clientId: string, timeoutMs: number): Promise<MetadataResponse> {
  let lastError: unknown = new BrokerRequestError('no bootstrap broker given');
  for (const target of bootstrap) {
    try {
      return await withConnection(target, clientId, timeoutMs, (c) =>
        c.send(Apis.Metadata, 1, { topics: [], allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false }),
      );
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new BrokerRequestError(String(lastError));
}

/** The address of broker `nodeId` in `metadata`, or a BrokerRequestError naming what answered. */
export function brokerAddress(metadata: MetadataResponse, nodeId: number, askedOf: readonly HostPort[]): HostPort {
  const broker = metadata.brokers.find((b) => b.nodeId === nodeId);
  if (broker === undefined) throw new BrokerRequestError(`${askedOf.map(hostPortString).join(',')} knows no broker ${nodeId}`);
  return { host: broker.host, port: broker.port };
}
