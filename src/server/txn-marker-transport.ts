// How this broker's transaction coordinator reaches partition leaders with WriteTxnMarkers (the
// network half of Kafka's TransactionMarkerChannelManager): the leader from the metadata cache,
// one connection per broker on the inter-broker listener, opened on first use and dropped on
// failure so the next attempt reconnects.

import type { TxnMarkerTransport } from '../coordinator/transaction/transaction-marker-channel';
import { Apis, type WritableTxnMarker, type WriteTxnMarkersResponse } from '../protocol/generated';
import { BrokerConnection, type BrokerClientSecurity } from '../network/broker-connection';
import type { MetadataCache } from './metadata-cache';

export interface TxnMarkerTransportOptions {
  brokerId: number;
  metadataCache: MetadataCache;
  interBrokerListenerName: string;
  /** TLS/SASL towards the brokers' inter-broker listener. */
  clientSecurity?: BrokerClientSecurity;
  requestTimeoutMs: number;
}

export class BrokerTxnMarkerTransport implements TxnMarkerTransport {
  private readonly connections = new Map<number, { endpoint: string; connection: Promise<BrokerConnection> }>();

  constructor(private readonly options: TxnMarkerTransportOptions) {}

  partitionLeader(topic: string, partition: number): number | undefined {
    const state = this.options.metadataCache.partitionState(topic, partition);
    if (state === undefined) return undefined;
    const leader = state.leader;
    return leader >= 0 && this.options.metadataCache.isBrokerAlive(leader) ? leader : -1;
  }

  async writeTxnMarkers(brokerId: number, markers: WritableTxnMarker[]): Promise<WriteTxnMarkersResponse> {
    const connection = await this.connectionTo(brokerId);
    try {
      return await connection.send(Apis.WriteTxnMarkers, 0, { markers });
    } catch (error) {
      this.drop(brokerId);
      throw error;
    }
  }

  close(): void {
    for (const id of [...this.connections.keys()]) this.drop(id);
  }

  private connectionTo(brokerId: number): Promise<BrokerConnection> {
    const endpoint = this.options.metadataCache.broker(brokerId)?.endpoints.get(this.options.interBrokerListenerName);
    if (endpoint === undefined) return Promise.reject(new Error(`no ${this.options.interBrokerListenerName} endpoint known for broker ${brokerId}`));
    const address = `${endpoint.host}:${endpoint.port}`;
    const cached = this.connections.get(brokerId);
    if (cached !== undefined && cached.endpoint === address) return cached.connection;
    if (cached !== undefined) this.drop(brokerId);
    const connection = new BrokerConnection({ host: endpoint.host, port: endpoint.port, clientId: `broker-${this.options.brokerId}-txn-marker-sender`, requestTimeoutMs: this.options.requestTimeoutMs, ...this.options.clientSecurity?.(endpoint.host) });
    const connected = connection.connect().then(() => connection);
    connected.catch(() => {
      if (this.connections.get(brokerId)?.connection === connected) this.connections.delete(brokerId);
    });
    this.connections.set(brokerId, { endpoint: address, connection: connected });
    return connected;
  }

  private drop(brokerId: number): void {
    const cached = this.connections.get(brokerId);
    this.connections.delete(brokerId);
    void cached?.connection.then((c) => c.close(), () => undefined);
  }
}
