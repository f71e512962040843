// One client connection: framing, strict per-connection ordering, back-pressure, idle expiry.
//
// Ordering mirrors Kafka's SocketServer, which mutes a channel after reading one request and unmutes
// it once that request's response has been handed to the socket: here at most one request per
// connection is in processing (`inFlight`); frames that arrive meanwhile wait in a queue, so
// responses leave in request order even when handlers take different times. A dispatcher result
// of null (Produce acks=0) simply ends the request without writing anything.
//
// Back-pressure both ways:
// - output: a response is written as one corked batch of buffers (size prefix + the Writer's
//   chunks, never concatenated); when the socket reports it is full, the next request is not
//   started until 'drain', so at most one response per connection sits in memory;
// - input: when a request is in flight and queued frames plus a partially received frame exceed
//   `maxBufferedBytes`, the socket is paused (TCP then pushes back on the client) and resumed when
//   the queue has drained to half of that. With nothing in flight it never pauses, so a single frame
//   larger than the bound (up to socket.request.max.bytes) can still arrive.
//
// Closing because of bad input (invalid size, malformed request, unknown API) logs one line and
// ends the socket after what was already written has been flushed, then destroys it; a peer that
// does not read is destroyed after `closeFlushTimeoutMs`. Socket errors such as ECONNRESET are the
// peer's business and are not logged.
//
// Quotas mute a connection (throttle): the response goes out at once, then no further request is
// started, and the socket is paused, until the throttle time has passed, as Kafka 2.4's
// SocketServer mutes a throttled channel (KIP-219).
//
// Handlers are bound once per connection (class-field arrows) so the request path allocates no
// closures.

import type { Socket } from 'node:net';
import type { Logger } from '../common/logger';
import { FrameDecoder, FrameSink } from './frame-decoder';
import { ANONYMOUS_PRINCIPAL } from '../common/kafka-principal';
import type { ConnectionInfo, ConnectionSession, DispatchResult, RequestDispatcher } from './request-dispatcher';

export interface KafkaConnectionOptions {
  /** socket.request.max.bytes */
  readonly maxFrameBytes: number;
  /** connections.max.idle.ms; <= 0 disables idle expiry. */
  readonly idleTimeoutMs: number;
  /** Input buffered beyond the in-flight request before the socket is paused. */
  readonly maxBufferedBytes: number;
  /** How long a closing connection may take to flush what was written before it is destroyed. */
  readonly closeFlushTimeoutMs: number;
}

export interface ConnectionStats {
  readonly connectionId: string;
  readonly listenerName: string;
  readonly inFlight: boolean;
  readonly queuedRequests: number;
  /** Bytes of queued frames plus a partially received frame. */
  readonly bufferedBytes: number;
  readonly paused: boolean;
  /** How many times input back-pressure paused this socket. */
  readonly pauseCount: number;
}

/** open: serving; draining: shutting down, finishing the in-flight request; closing/closed: done. */
type ConnectionState = 'open' | 'draining' | 'closing' | 'closed';

const QUIET_SOCKET_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ETIMEDOUT']);

export class KafkaConnection implements FrameSink, ConnectionInfo {
  private readonly decoder: FrameDecoder;
  /** Frames waiting for the in-flight request to finish; `queueHead` makes dequeue O(1). */
  private queue: Buffer[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  /** A request is being processed, or its response is waiting for 'drain'. */
  private inFlight = false;
  private awaitingDrain = false;
  private paused = false;
  private pauseCount = 0;
  private state: ConnectionState = 'open';
  private flushTimer: NodeJS.Timeout | null = null;
  /** Date.now() until which quotas keep this connection muted. */
  private mutedUntilMs = 0;
  private unmuteTimer: NodeJS.Timeout | null = null;
  /** Set by closeAfterResponse: the reason to log once the in-flight response is written. */
  private closeReason: string | null = null;
  readonly session: ConnectionSession;

  constructor(
    private readonly socket: Socket,
    readonly connectionId: string,
    readonly listenerName: string,
    readonly clientHost: string,
    readonly clientPort: number,
    private readonly dispatcher: RequestDispatcher,
    private readonly logger: Logger,
    private readonly options: KafkaConnectionOptions,
    private readonly onClosed: (connection: KafkaConnection) => void,
    security: Pick<ConnectionSession, 'securityProtocol' | 'peerCertificate'> = { securityProtocol: 'PLAINTEXT', peerCertificate: null },
  ) {
    this.session = { ...security, principal: ANONYMOUS_PRINCIPAL, authState: undefined };
    this.decoder = new FrameDecoder(this, options.maxFrameBytes);
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('end', this.onPeerEnd);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
    if (options.idleTimeoutMs > 0) {
      socket.setTimeout(options.idleTimeoutMs);
      socket.on('timeout', this.onIdleTimeout);
    }
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  stats(): ConnectionStats {
    return {
      connectionId: this.connectionId,
      listenerName: this.listenerName,
      inFlight: this.inFlight,
      queuedRequests: this.queue.length - this.queueHead,
      bufferedBytes: this.queuedBytes + this.decoder.bufferedBytes,
      paused: this.paused,
      pauseCount: this.pauseCount,
    };
  }

  throttle(ms: number): void {
    if (ms > 0) this.mutedUntilMs = Math.max(this.mutedUntilMs, Date.now() + ms);
  }

  closeAfterResponse(reason: string): void {
    this.closeReason = reason;
  }

  // ---- FrameSink ------------------------------------------------------------------------------

  onFrame(frame: Buffer): void {
    if (this.state !== 'open') return;
    this.queue.push(frame);
    this.queuedBytes += frame.length;
  }

  onInvalidFrameSize(size: number): void {
    this.closeForBadInput(
      size < 0
        ? `invalid negative request size ${size}`
        : `request size ${size} is larger than socket.request.max.bytes (${this.options.maxFrameBytes})`,
    );
  }

  // ---- socket events --------------------------------------------------------------------------

  private readonly onData = (chunk: Buffer): void => {
    if (this.state !== 'open') return;
    this.decoder.push(chunk);
    this.processQueued();
    if (
      !this.paused &&
      this.state === 'open' &&
      this.inFlight &&
      this.queuedBytes + this.decoder.bufferedBytes > this.options.maxBufferedBytes
    ) {
      this.paused = true;
      this.pauseCount++;
      this.socket.pause();
    }
  };

  private readonly onDrain = (): void => {
    if (!this.awaitingDrain) return;
    this.awaitingDrain = false;
    this.requestFinished();
  };

  private readonly onPeerEnd = (): void => {
    // The client closed its side: like Kafka, drop whatever it still had pending. With
    // allowHalfOpen off, Node ends our side once written data is flushed.
    this.dropQueue();
    if (this.state === 'open' || this.state === 'draining') this.state = 'closing';
  };

  private readonly onIdleTimeout = (): void => {
    if (this.state !== 'open') return;
    if (this.inFlight) {
      // A slow request is not idleness; look again after another period.
      this.socket.setTimeout(this.options.idleTimeoutMs);
      return;
    }
    this.logger.info(
      `Closing connection ${this.connectionId} on listener ${this.listenerName}: idle for more than ${this.options.idleTimeoutMs} ms (connections.max.idle.ms)`,
    );
    this.closeGracefully();
  };

  private readonly onSocketError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== undefined && QUIET_SOCKET_ERRORS.has(error.code)) return;
    this.logger.warn(`Socket error on connection ${this.connectionId}: ${error.message}`);
  };

  private readonly onSocketClose = (): void => {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.dropQueue();
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.unmuteTimer !== null) {
      clearTimeout(this.unmuteTimer);
      this.unmuteTimer = null;
    }
    this.onClosed(this);
  };

  // ---- request processing ---------------------------------------------------------------------

  /** Starts queued requests one at a time while each completes synchronously. */
  private processQueued(): void {
    while (!this.inFlight && this.state === 'open' && this.queueHead < this.queue.length) {
      if (this.mutedUntilMs !== 0 && this.stayMuted()) return;
      const frame = this.dequeue();
      this.inFlight = true;
      let result: DispatchResult | PromiseLike<DispatchResult>;
      try {
        result = this.dispatcher.dispatch(frame, this);
      } catch (error) {
        this.closeForBadInput(describeError(error));
        return;
      }
      if (result === null || Array.isArray(result)) {
        if (!this.completeRequest(result)) return; // waiting for 'drain', or closing
      } else {
        (result as PromiseLike<DispatchResult>).then(this.onAsyncResult, this.onAsyncFailure);
        return;
      }
    }
    if (this.mutedUntilMs !== 0 && this.stayMuted()) return;
    if (this.paused && this.state === 'open' && this.shouldResume()) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /** True while a quota's throttle time runs: the socket stays paused and a timer resumes it. */
  private stayMuted(): boolean {
    const waitMs = this.mutedUntilMs - Date.now();
    if (waitMs <= 0 || this.state !== 'open') {
      this.mutedUntilMs = 0;
      return false;
    }
    if (!this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    if (this.unmuteTimer === null) {
      this.unmuteTimer = setTimeout(this.onUnmute, waitMs);
    }
    return true;
  }

  private readonly onUnmute = (): void => {
    this.unmuteTimer = null;
    if (!this.inFlight) this.processQueued(); // else the in-flight request's end runs it
  };

  private shouldResume(): boolean {
    return !this.inFlight || this.queuedBytes + this.decoder.bufferedBytes <= this.options.maxBufferedBytes / 2;
  }

  private readonly onAsyncResult = (result: DispatchResult): void => {
    if (this.state === 'closing' || this.state === 'closed') return;
    if (this.completeRequest(result)) this.processQueued();
  };

  private readonly onAsyncFailure = (error: unknown): void => {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.closeForBadInput(describeError(error));
  };

  /**
   * Writes the response (if any) of the in-flight request. Returns true when the request is
   * finished and the next one may start, false when waiting for 'drain' or closing.
   */
  private completeRequest(result: DispatchResult): boolean {
    if (result !== null) {
      if (this.socket.destroyed || !this.socket.writable) {
        this.state = 'closing';
        return false;
      }
      if (!this.writeResponse(result)) {
        this.awaitingDrain = true;
        return false;
      }
    }
    this.inFlight = false;
    if (this.state === 'draining' || this.closeReason !== null) {
      this.closeAfterWrittenResponse();
      return false;
    }
    return true;
  }

  private requestFinished(): void {
    this.inFlight = false;
    if (this.state === 'draining' || this.closeReason !== null) this.closeAfterWrittenResponse();
    else this.processQueued();
  }

  private closeAfterWrittenResponse(): void {
    if (this.closeReason !== null) this.logger.info(`Closing connection ${this.connectionId} on listener ${this.listenerName}: ${this.closeReason}`);
    this.closeGracefully();
  }

  /** Writes size prefix + buffers as one corked batch. Returns false if the socket is now full. */
  private writeResponse(buffers: Buffer[]): boolean {
    let size = 0;
    for (let i = 0; i < buffers.length; i++) size += buffers[i].length;
    const prefix = Buffer.allocUnsafe(4);
    prefix.writeInt32BE(size, 0);
    const socket = this.socket;
    socket.cork();
    let flushed = socket.write(prefix);
    for (let i = 0; i < buffers.length; i++) {
      if (!socket.write(buffers[i])) flushed = false;
    }
    socket.uncork();
    return flushed;
  }

  private dequeue(): Buffer {
    const frame = this.queue[this.queueHead++];
    this.queuedBytes -= frame.length;
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead >= 1024) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return frame;
  }

  private dropQueue(): void {
    this.queue = [];
    this.queueHead = 0;
    this.queuedBytes = 0;
  }

  // ---- closing --------------------------------------------------------------------------------

  /** Malformed input or a dispatcher failure: one log line, then close this connection only. */
  private closeForBadInput(reason: string): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.logger.warn(`Closing connection ${this.connectionId} on listener ${this.listenerName}: ${reason}`);
    this.closeGracefully();
  }

  /**
   * Graceful shutdown step: stop reading, drop queued requests, finish the in-flight one (its
   * response is still written), then close. Used by SocketServer.stop().
   */
  beginShutdown(): void {
    if (this.state !== 'open') return;
    this.dropQueue();
    this.socket.pause();
    this.paused = true;
    if (this.inFlight) this.state = 'draining';
    else this.closeGracefully();
  }

  /** Flushes what was already written, then destroys the socket (bounded by closeFlushTimeoutMs). */
  private closeGracefully(): void {
    if (this.state === 'closing' || this.state === 'closed') return;
    this.state = 'closing';
    this.dropQueue();
    const socket = this.socket;
    socket.pause();
    if (socket.destroyed) return;
    if (socket.writableLength === 0) {
      socket.destroy();
      return;
    }
    socket.once('finish', this.destroy);
    socket.end();
    this.flushTimer = setTimeout(this.destroy, this.options.closeFlushTimeoutMs);
    this.flushTimer.unref();
  }

  /** Closes immediately, discarding anything unsent. */
  readonly destroy = (): void => {
    if (this.state !== 'closed') this.state = 'closing';
    this.socket.destroy();
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (caused by ${cause.name}: ${cause.message})` : error.message;
  }
  return String(error);
}
