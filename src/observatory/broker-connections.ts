// One kept-open connection per broker for the observatory's periodic questions, reopened after
// the broker goes away; a request that fails closes its connection so the next one starts fresh.

import { BrokerConnection } from '../network/broker-connection';

export class BrokerConnections {
  private readonly connections = new Map<string, Promise<BrokerConnection>>();

  constructor(private readonly clientId: string) {}

  async use<T>(host: string, port: number, request: (connection: BrokerConnection) => Promise<T>): Promise<T> {
    const key = `${host}:${port}`;
    let pending = this.connections.get(key);
    if (pending === undefined) {
      const connection = new BrokerConnection({ host, port, clientId: this.clientId, requestTimeoutMs: 5_000, connectTimeoutMs: 2_000 });
      pending = connection.connect().then(() => connection);
      this.connections.set(key, pending);
    }
    try {
      const connection = await pending;
      if (!connection.isConnected) throw new Error(`connection to ${key} closed`);
      return await request(connection);
    } catch (error) {
      if (this.connections.get(key) === pending) this.connections.delete(key);
      void pending.then((c) => c.close()).catch(() => undefined);
      throw error;
    }
  }

  close(): void {
    for (const pending of this.connections.values()) void pending.then((c) => c.close()).catch(() => undefined);
    this.connections.clear();
  }
}
