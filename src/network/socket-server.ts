// The broker's SocketServer: binds the listeners, accepts connections within the connection quotas,
// and gives each one a KafkaConnection that frames requests and passes them to the dispatcher.
//
// Kafka defaults: socket.request.max.bytes 104857600, connections.max.idle.ms 600000,
// max.connections and max.connections.per.ip unlimited. Accepted sockets get TCP_NODELAY and
// keep-alive, as Kafka sets on its SocketChannels.
//
// stop() is graceful: listeners stop accepting, every connection stops reading and drops requests
// it has not started, the in-flight request of each connection may finish and have its response
// written, then connections close; whatever is still open after the timeout is destroyed.

import * as net from 'node:net';
import { Logger, silentLogger } from '../common/logger';
import { ConnectionQuotaConfig, ConnectionQuotas } from './connection-quotas';
import { ConnectionStats, KafkaConnection, KafkaConnectionOptions } from './kafka-connection';
import type { BoundListener, ListenerEndpoint } from './listener';
import type { RequestDispatcher } from './request-dispatcher';

export const DEFAULT_SOCKET_REQUEST_MAX_BYTES = 104857600;
export const DEFAULT_CONNECTIONS_MAX_IDLE_MS = 600000;
/** Input a connection may buffer beyond its in-flight request before its socket is paused. */
export const DEFAULT_MAX_BUFFERED_BYTES_PER_CONNECTION = 1024 * 1024;
export const DEFAULT_CLOSE_FLUSH_TIMEOUT_MS = 5000;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10000;

export interface SocketServerOptions extends ConnectionQuotaConfig {
  readonly listeners: readonly ListenerEndpoint[];
  readonly dispatcher: RequestDispatcher;
  readonly logger?: Logger;
  /** socket.request.max.bytes */
  readonly socketRequestMaxBytes?: number;
  /** connections.max.idle.ms; <= 0 disables idle expiry. */
  readonly connectionsMaxIdleMs?: number;
  readonly maxBufferedBytesPerConnection?: number;
  readonly closeFlushTimeoutMs?: number;
}

interface RunningListener {
  readonly endpoint: ListenerEndpoint;
  readonly server: net.Server;
  port: number;
}

export class SocketServer {
  private readonly dispatcher: RequestDispatcher;
  private readonly logger: Logger;
  private readonly quotas: ConnectionQuotas;
  private readonly connectionOptions: KafkaConnectionOptions;
  private readonly listeners: RunningListener[] = [];
  private readonly connections = new Set<KafkaConnection>();
  private nextConnectionIndex = 0;
  private started = false;
  private stopping = false;
  private allClosedWaiters: Array<() => void> = [];

  constructor(private readonly options: SocketServerOptions) {
    if (options.listeners.length === 0) throw new Error('SocketServer needs at least one listener');
    const names = new Set<string>();
    for (const listener of options.listeners) {
      if (names.has(listener.name)) throw new Error(`duplicate listener name ${listener.name}`);
      names.add(listener.name);
    }
    this.dispatcher = options.dispatcher;
    this.logger = options.logger ?? silentLogger;
    this.quotas = new ConnectionQuotas(options);
    this.connectionOptions = {
      maxFrameBytes: options.socketRequestMaxBytes ?? DEFAULT_SOCKET_REQUEST_MAX_BYTES,
      idleTimeoutMs: options.connectionsMaxIdleMs ?? DEFAULT_CONNECTIONS_MAX_IDLE_MS,
      maxBufferedBytes: options.maxBufferedBytesPerConnection ?? DEFAULT_MAX_BUFFERED_BYTES_PER_CONNECTION,
      closeFlushTimeoutMs: options.closeFlushTimeoutMs ?? DEFAULT_CLOSE_FLUSH_TIMEOUT_MS,
    };
  }

  /** Binds every listener; rejects (and unbinds what was bound) if one cannot be bound. */
  async start(): Promise<void> {
    if (this.started) throw new Error('SocketServer already started');
    this.started = true;
    try {
      for (const endpoint of this.options.listeners) {
        this.listeners.push(await this.bind(endpoint));
      }
    } catch (error) {
      await Promise.all(this.listeners.map((l) => closeServer(l.server)));
      this.listeners.length = 0;
      throw error;
    }
  }

  private bind(endpoint: ListenerEndpoint): Promise<RunningListener> {
    const server = net.createServer({ noDelay: true, keepAlive: true, allowHalfOpen: false });
    const running: RunningListener = { endpoint, server, port: endpoint.port };
    server.on('connection', (socket) => this.accept(socket, running));
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => {
        reject(new Error(`cannot bind listener ${endpoint.name} to ${endpoint.host}:${endpoint.port}: ${error.message}`));
      };
      server.once('error', onError);
      server.listen({ host: endpoint.host === '' ? undefined : endpoint.host, port: endpoint.port }, () => {
        server.off('error', onError);
        server.on('error', (error) => this.logger.error(`Listener ${endpoint.name} failed: ${error.message}`));
        running.port = (server.address() as net.AddressInfo).port;
        this.logger.info(`Listener ${endpoint.name} bound to ${endpoint.host}:${running.port}`);
        resolve(running);
      });
    });
  }

  private accept(socket: net.Socket, listener: RunningListener): void {
    const clientHost = socket.remoteAddress;
    const clientPort = socket.remotePort;
    if (this.stopping || clientHost === undefined || clientPort === undefined) {
      socket.destroy();
      return;
    }
    const rejection = this.quotas.tryAcquire(clientHost);
    if (rejection !== null) {
      this.logger.info(
        rejection.kind === 'per-ip'
          ? `Rejected connection from ${clientHost}, address already has the configured maximum of ${rejection.limit} connections.`
          : `Rejected connection from ${clientHost}, broker already has the configured maximum of ${rejection.limit} connections (max.connections).`,
      );
      socket.destroy();
      return;
    }
    const connectionId =
      `${socket.localAddress}:${socket.localPort}-${clientHost}:${clientPort}-${this.nextConnectionIndex++}`;
    const connection = new KafkaConnection(
      socket,
      connectionId,
      listener.endpoint.name,
      clientHost,
      clientPort,
      this.dispatcher,
      this.logger,
      this.connectionOptions,
      this.onConnectionClosed,
    );
    this.connections.add(connection);
  }

  private readonly onConnectionClosed = (connection: KafkaConnection): void => {
    if (!this.connections.delete(connection)) return;
    this.quotas.release(connection.clientHost);
    if (this.connections.size === 0 && this.allClosedWaiters.length > 0) {
      const waiters = this.allClosedWaiters;
      this.allClosedWaiters = [];
      for (const wake of waiters) wake();
    }
  };

  /** The listeners as bound (port 0 replaced by the real port). Valid after start(). */
  boundListeners(): BoundListener[] {
    return this.listeners.map((l) => ({ name: l.endpoint.name, host: l.endpoint.host, port: l.port }));
  }

  /** The bound port of a listener, by name. */
  boundPort(listenerName: string): number {
    const listener = this.listeners.find((l) => l.endpoint.name === listenerName);
    if (listener === undefined) throw new Error(`no bound listener named ${listenerName}`);
    return listener.port;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  connectionStats(): ConnectionStats[] {
    return Array.from(this.connections, (c) => c.stats());
  }

  /**
   * Stops accepting, lets each connection finish its in-flight request (at most `timeoutMs`),
   * closes every connection, and unbinds the listeners.
   */
  async stop(timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const serversClosed = Promise.all(this.listeners.map((l) => closeServer(l.server)));
    for (const connection of this.connections) connection.beginShutdown();
    if (this.connections.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const allClosed = new Promise<void>((resolve) => this.allClosedWaiters.push(resolve));
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([allClosed, timedOut]);
      clearTimeout(timer);
      if (this.connections.size > 0) {
        this.logger.warn(`Shutdown timeout: destroying ${this.connections.size} connection(s) still open`);
        const remaining = new Promise<void>((resolve) => this.allClosedWaiters.push(resolve));
        for (const connection of this.connections) connection.destroy();
        await remaining;
      }
    }
    await serversClosed;
    this.logger.info('Socket server stopped');
  }
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}
