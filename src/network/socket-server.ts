// The broker's SocketServer: binds the listeners, accepts connections within the connection quotas,
// and gives each one a KafkaConnection that frames requests and passes them to the dispatcher.
//
// Kafka defaults: socket.request.max.bytes 104857600, connections.max.idle.ms 600000,
// max.connections and max.connections.per.ip unlimited. Accepted sockets get TCP_NODELAY and
// keep-alive, as Kafka sets on its SocketChannels.
//
// TLS listeners complete the handshake before a connection exists: a failed handshake (plain text
// on a TLS port, an untrusted or missing client certificate where one is required) is logged as
// Kafka logs it, "Failed authentication with /host (SSL handshake failed)", and closes only that
// socket. A verified client certificate is turned into the connection's principal by the
// `principalForCertificate` callback (the broker's ssl.principal.mapping.rules).
//
// stop() is graceful: listeners stop accepting, every connection stops reading and drops requests
// it has not started, the in-flight request of each connection may finish and have its response
// written, then connections close; whatever is still open after the timeout is destroyed.

import * as net from 'node:net';
import * as tls from 'node:tls';
import type { KafkaPrincipal } from '../common/kafka-principal';
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
  /** The principal of a TLS connection whose client presented a verified certificate. */
  readonly principalForCertificate?: (listenerName: string, certificate: tls.PeerCertificate) => KafkaPrincipal;
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
    const running: RunningListener = { endpoint, server: this.createServer(endpoint), port: endpoint.port };
    const server = running.server;
    if (server instanceof tls.Server) {
      server.on('secureConnection', (socket: tls.TLSSocket) => this.acceptTls(socket, running));
      server.on('tlsClientError', (error: Error, socket: tls.TLSSocket) => {
        this.logger.info(`Failed authentication with /${socket.remoteAddress} (SSL handshake failed: ${error.message})`);
      });
    } else {
      server.on('connection', (socket) => this.accept(socket, running, null));
    }
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

  private createServer(endpoint: ListenerEndpoint): net.Server {
    const protocol = endpoint.securityProtocol ?? 'PLAINTEXT';
    const wantsTls = protocol === 'SSL' || protocol === 'SASL_SSL';
    if (wantsTls !== (endpoint.tls !== undefined)) {
      throw new Error(`listener ${endpoint.name} (${protocol}) ${wantsTls ? 'needs' : 'cannot take'} TLS options`);
    }
    const socketOptions = { noDelay: true, keepAlive: true, allowHalfOpen: false };
    return endpoint.tls === undefined ? net.createServer(socketOptions) : tls.createServer({ ...socketOptions, ...endpoint.tls });
  }

  private acceptTls(socket: tls.TLSSocket, listener: RunningListener): void {
    // getPeerCertificate() is {} when the client sent none (ssl.client.auth=requested or none).
    const presented = socket.getPeerCertificate();
    const certificate = presented !== null && Object.keys(presented).length > 0 ? presented : null;
    if (certificate !== null && !socket.authorized) {
      // With ssl.client.auth=requested a client may send no certificate, but Java refuses one it cannot verify.
      this.logger.info(`Failed authentication with /${socket.remoteAddress} (SSL handshake failed: ${String(socket.authorizationError)})`);
      socket.destroy();
      return;
    }
    this.accept(socket, listener, certificate);
  }

  private accept(socket: net.Socket, listener: RunningListener, certificate: tls.PeerCertificate | null): void {
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
      { securityProtocol: listener.endpoint.securityProtocol ?? 'PLAINTEXT', peerCertificate: certificate },
    );
    this.connections.add(connection);
    if (certificate !== null && this.options.principalForCertificate !== undefined) {
      try {
        connection.session.principal = this.options.principalForCertificate(listener.endpoint.name, certificate);
      } catch (error) {
        // ssl.principal.mapping.rules that match nothing: Kafka fails the authentication.
        this.logger.info(`Failed authentication with /${clientHost} (${error instanceof Error ? error.message : String(error)})`);
        connection.destroy();
      }
    }
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
