// The controller's connections to every live broker (Kafka's ControllerChannelManager): one queue
// and one request in flight per broker, sent in order; a failed send reconnects and retries the
// same request until it succeeds or the broker is removed (it died). The controller reaches
// brokers only through here — even itself, over the network.

import type { Logger } from '../common/logger';
import { BrokerConnection, type BrokerClientSecurity } from '../network/broker-connection';
import type { ApiDefinition } from '../protocol/generated';

interface QueuedRequest {
  send: (connection: BrokerConnection) => Promise<unknown>;
  onResponse: (response: unknown) => void;
  description: string;
}

class BrokerQueue {
  readonly queue: QueuedRequest[] = [];
  connection: BrokerConnection | null = null;
  sending = false;
  removed = false;
  constructor(
    readonly brokerId: number,
    readonly host: string,
    readonly port: number,
  ) {}
}

export interface ChannelManagerOptions {
  controllerId: number;
  logger: Logger;
  requestTimeoutMs?: number;
  retryBackoffMs?: number;
  /** TLS/SASL towards the brokers' inter-broker listener. */
  clientSecurity?: BrokerClientSecurity;
}

/** What a request batch needs of the channel: queue one request to one broker. */
export type RequestSender = Pick<ControllerChannelManager, 'send'>;

export class ControllerChannelManager {
  private readonly brokers = new Map<number, BrokerQueue>();

  constructor(private readonly options: ChannelManagerOptions) {}

  addBroker(brokerId: number, host: string, port: number): void {
    if (this.brokers.has(brokerId)) return;
    this.brokers.set(brokerId, new BrokerQueue(brokerId, host, port));
  }

  removeBroker(brokerId: number): void {
    const broker = this.brokers.get(brokerId);
    if (broker === undefined) return;
    broker.removed = true;
    broker.queue.length = 0;
    broker.connection?.close();
    this.brokers.delete(brokerId);
  }

  hasBroker(brokerId: number): boolean {
    return this.brokers.has(brokerId);
  }

  /** Queues a request; `onResponse` runs with the response (never for a removed broker). */
  send<Req, Res>(brokerId: number, api: ApiDefinition<Req, Res>, version: number, request: Req, onResponse: (response: Res) => void = () => {}): void {
    const broker = this.brokers.get(brokerId);
    if (broker === undefined) {
      this.options.logger.warn(`[Controller id=${this.options.controllerId}] Not sending ${api.name} to broker ${brokerId}, which is not live`);
      return;
    }
    broker.queue.push({
      send: (connection) => connection.send(api, version, request),
      onResponse: onResponse as (response: unknown) => void,
      description: `${api.name} v${version}`,
    });
    if (!broker.sending) void this.pump(broker);
  }

  /** Resolves once every queue is empty and nothing is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while ([...this.brokers.values()].some((b) => b.sending || b.queue.length > 0)) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  shutdown(): void {
    for (const id of [...this.brokers.keys()]) this.removeBroker(id);
  }

  private async pump(broker: BrokerQueue): Promise<void> {
    broker.sending = true;
    try {
      while (!broker.removed && broker.queue.length > 0) {
        const request = broker.queue[0];
        let response: unknown;
        try {
          response = await request.send(await this.connectionFor(broker));
        } catch (error) {
          if (broker.removed) break;
          this.options.logger.warn(
            `[Controller id=${this.options.controllerId}] Failed to send ${request.description} to broker ${broker.brokerId} at ${broker.host}:${broker.port}: ${(error as Error).message}; retrying`,
          );
          broker.connection?.close();
          broker.connection = null;
          await new Promise((resolve) => setTimeout(resolve, this.options.retryBackoffMs ?? 100));
          continue;
        }
        broker.queue.shift();
        if (broker.removed) break;
        try {
          request.onResponse(response);
        } catch (error) {
          this.options.logger.error(`[Controller id=${this.options.controllerId}] Error handling the ${request.description} response of broker ${broker.brokerId}: ${(error as Error).stack ?? error}`);
        }
      }
    } finally {
      broker.sending = false;
    }
  }

  private async connectionFor(broker: BrokerQueue): Promise<BrokerConnection> {
    if (broker.connection?.isConnected) return broker.connection;
    const connection = new BrokerConnection({
      host: broker.host,
      port: broker.port,
      clientId: `controller-${this.options.controllerId}`,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000,
      ...this.options.clientSecurity?.(broker.host),
    });
    await connection.connect();
    broker.connection = connection;
    return connection;
  }
}
