// Connection counting for Kafka's max.connections and max.connections.per.ip (+ overrides).
//
// Kafka 2.4.1 (SocketServer.ConnectionQuotas) counts the new connection first and rejects it when
// its address is then over the per-IP maximum ("Rejected connection from ..."), closing the socket.
// For the broker-wide max.connections Kafka's acceptor instead *blocks* until a slot frees up; Node
// cannot stop accepting on a listening socket without closing it, so here a connection over the
// broker-wide limit is closed immediately as well. Defaults are Int.MAX (unlimited), as in Kafka.

export const UNLIMITED_CONNECTIONS = 2147483647;

export interface ConnectionQuotaConfig {
  /** max.connections */
  readonly maxConnections?: number;
  /** max.connections.per.ip */
  readonly maxConnectionsPerIp?: number;
  /** max.connections.per.ip.overrides, by address */
  readonly maxConnectionsPerIpOverrides?: ReadonlyMap<string, number>;
}

export type QuotaRejection = { readonly kind: 'per-ip' | 'total'; readonly limit: number } | null;

export class ConnectionQuotas {
  private readonly perIp = new Map<string, number>();
  private total = 0;
  private readonly maxConnections: number;
  private readonly maxPerIp: number;
  private readonly overrides: ReadonlyMap<string, number>;

  constructor(config: ConnectionQuotaConfig = {}) {
    this.maxConnections = config.maxConnections ?? UNLIMITED_CONNECTIONS;
    this.maxPerIp = config.maxConnectionsPerIp ?? UNLIMITED_CONNECTIONS;
    this.overrides = config.maxConnectionsPerIpOverrides ?? new Map();
  }

  /** Counts a new connection from `ip`, or returns why it is refused (then nothing is counted). */
  tryAcquire(ip: string): QuotaRejection {
    const limit = this.overrides.get(ip) ?? this.maxPerIp;
    const count = this.perIp.get(ip) ?? 0;
    if (count + 1 > limit) return { kind: 'per-ip', limit };
    if (this.total + 1 > this.maxConnections) return { kind: 'total', limit: this.maxConnections };
    this.perIp.set(ip, count + 1);
    this.total++;
    return null;
  }

  release(ip: string): void {
    const count = this.perIp.get(ip);
    if (count === undefined) return;
    if (count <= 1) this.perIp.delete(ip);
    else this.perIp.set(ip, count - 1);
    this.total--;
  }

  get connectionCount(): number {
    return this.total;
  }

  countFor(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }
}
