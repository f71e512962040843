// The client side of one Kafka connection: what the controller uses to send LeaderAndIsr,
// UpdateMetadata and StopReplica to brokers, and what replica fetchers will use. Requests are
// pipelined; responses are matched by correlation id (a broker answers in order anyway) and
// decoded with the generated codecs at the version that was sent.
//
// On an SSL or SASL_SSL inter-broker listener the socket is TLS; on a SASL one, connect() runs
// SaslHandshake v1 and SaslAuthenticate v1 round trips with the configured mechanism's client
// exchange before it resolves, as Kafka's SaslClientAuthenticator does for broker-to-broker
// connections.

import { Socket, connect } from 'node:net';
import * as tls from 'node:tls';
import { Apis, type ApiDefinition } from '../protocol/generated';
import { readResponseHeader, writeRequestHeader } from '../protocol/headers';
import { Reader } from '../protocol/primitives/reader';
import { Writer } from '../protocol/primitives/writer';

export class ConnectionClosedError extends Error {}
export class RequestTimeoutError extends Error {}

interface PendingRequest {
  apiKey: number;
  apiVersion: number;
  decode: (r: Reader, version: number) => unknown;
  resolve: (response: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** The client half of one SASL mechanism's exchange (PLAIN, SCRAM). */
export interface SaslClientExchange {
  initialResponse(): Buffer;
  /** The next token, or null once the server's last message has been verified. */
  evaluateChallenge(challenge: Buffer): Buffer | null;
  isComplete(): boolean;
}

export interface SaslClientSettings {
  readonly mechanism: string;
  createExchange(): SaslClientExchange;
}

export class SaslAuthenticationFailedError extends Error {}

/**
 * How a broker connects to the other brokers' inter-broker listener (TLS options for the target
 * host, SASL mechanism and credentials): the same for the controller's channel, the replica
 * fetchers, the transaction marker sender and controlled shutdown. Absent: plain TCP.
 */
export type BrokerClientSecurity = (host: string) => Pick<BrokerConnectionOptions, 'tls' | 'sasl'>;

export interface BrokerConnectionOptions {
  host: string;
  port: number;
  clientId: string;
  /** Per-request timeout (Kafka's request.timeout.ms / controller.socket.timeout.ms). */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** TLS options for SSL and SASL_SSL listeners. */
  tls?: tls.ConnectionOptions;
  /** The mechanism to authenticate with on SASL_PLAINTEXT and SASL_SSL listeners. */
  sasl?: SaslClientSettings;
}

export class BrokerConnection {
  private socket: Socket | null = null;
  private nextCorrelationId = 0;
  private readonly pending = new Map<number, PendingRequest>();
  /** Received bytes not yet forming a whole frame. */
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private closed = false;

  constructor(private readonly options: BrokerConnectionOptions) {}

  get isConnected(): boolean {
    return this.socket !== null && !this.closed;
  }

  async connect(): Promise<void> {
    await this.open();
    if (this.options.sasl !== undefined) {
      try {
        await this.authenticate(this.options.sasl);
      } catch (error) {
        this.close();
        throw error;
      }
    }
  }

  private async authenticate(sasl: SaslClientSettings): Promise<void> {
    const handshake = await this.send(Apis.SaslHandshake, 1, { mechanism: sasl.mechanism });
    if (handshake.errorCode !== 0) {
      throw new SaslAuthenticationFailedError(
        `SASL handshake to ${this.options.host}:${this.options.port} failed with error ${handshake.errorCode}: mechanism ${sasl.mechanism} not in [${handshake.mechanisms.join(', ')}]`,
      );
    }
    const exchange = sasl.createExchange();
    let token: Buffer | null = exchange.initialResponse();
    while (token !== null) {
      const response = await this.send(Apis.SaslAuthenticate, 1, { authBytes: token });
      if (response.errorCode !== 0) {
        throw new SaslAuthenticationFailedError(`SASL ${sasl.mechanism} authentication to ${this.options.host}:${this.options.port} failed: ${response.errorMessage ?? `error ${response.errorCode}`}`);
      }
      if (exchange.isComplete()) break;
      token = exchange.evaluateChallenge(response.authBytes);
    }
  }

  private open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const target = { host: this.options.host, port: this.options.port };
      const socket = this.options.tls === undefined ? connect(target) : tls.connect({ ...this.options.tls, ...target });
      const connectedEvent = this.options.tls === undefined ? 'connect' : 'secureConnect';
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new ConnectionClosedError(`timed out connecting to ${this.options.host}:${this.options.port}`));
      }, this.options.connectTimeoutMs ?? 10_000);
      socket.once(connectedEvent, () => {
        clearTimeout(timer);
        this.socket = socket;
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        if (this.socket === null) reject(error);
        this.failAll(new ConnectionClosedError(`connection to ${this.options.host}:${this.options.port} failed: ${error.message}`));
      });
      socket.on('close', () => this.failAll(new ConnectionClosedError(`connection to ${this.options.host}:${this.options.port} closed`)));
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
    });
  }

  /** Sends a request and resolves with its decoded response. */
  send<Req, Res>(api: ApiDefinition<Req, Res>, version: number, request: Req): Promise<Res> {
    const socket = this.socket;
    if (socket === null || this.closed) return Promise.reject(new ConnectionClosedError('not connected'));
    const correlationId = this.nextCorrelationId++;
    const w = new Writer();
    writeRequestHeader(w, {
      requestApiKey: api.apiKey,
      requestApiVersion: version,
      correlationId,
      clientId: this.options.clientId,
    });
    api.request.encode(w, request, version);
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(w.size, 0);

    return new Promise<Res>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(new RequestTimeoutError(`${api.name} v${version} to ${this.options.host}:${this.options.port} timed out`));
      }, this.options.requestTimeoutMs ?? 30_000);
      this.pending.set(correlationId, {
        apiKey: api.apiKey,
        apiVersion: version,
        decode: api.response.decode,
        resolve: resolve as (response: unknown) => void,
        reject,
        timer,
      });
      socket.cork();
      socket.write(size);
      for (const chunk of w.toBuffers()) socket.write(chunk);
      socket.uncork();
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.failAll(new ConnectionClosedError('connection closed by client'));
  }

  private onData(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    while (this.bufferedBytes >= 4) {
      // Join the chunks only once a whole frame is there, so a large response arriving in many
      // chunks is copied once, not once per chunk.
      if (this.buffered[0].length < 4) this.buffered = [Buffer.concat(this.buffered, this.bufferedBytes)];
      const frameEnd = 4 + this.buffered[0].readInt32BE(0);
      if (this.bufferedBytes < frameEnd) return;
      const data = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.bufferedBytes);
      this.handleFrame(data.subarray(4, frameEnd));
      const rest = data.subarray(frameEnd);
      this.buffered = rest.length > 0 ? [rest] : [];
      this.bufferedBytes = rest.length;
    }
  }

  private handleFrame(frame: Buffer): void {
    const correlationId = frame.readInt32BE(0);
    const request = this.pending.get(correlationId);
    if (request === undefined) return; // timed out already
    this.pending.delete(correlationId);
    clearTimeout(request.timer);
    try {
      const r = new Reader(frame);
      readResponseHeader(r, request.apiKey, request.apiVersion);
      request.resolve(request.decode(r, request.apiVersion));
    } catch (error) {
      request.reject(error as Error);
    }
  }

  private failAll(error: Error): void {
    this.closed = true;
    for (const request of this.pending.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.pending.clear();
  }
}
