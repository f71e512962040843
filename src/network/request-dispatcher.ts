// The seam between the network layer and request handling. The network layer knows frames and
// connections only; whatever decodes requests and runs handlers (src/server/apis/dispatcher.ts)
// implements RequestDispatcher. Keeping the interface here keeps imports pointing downward:
// src/network never imports src/server.

/** What a dispatcher may know about the connection a request came from. */
export interface ConnectionInfo {
  /** Kafka-style id: `localHost:localPort-remoteHost:remotePort-index`. */
  readonly connectionId: string;
  readonly listenerName: string;
  readonly clientHost: string;
  readonly clientPort: number;
}

/**
 * The outcome of one request: the response's header+body buffers (without the int32 size prefix,
 * which the connection adds), or null when no response must be written (Produce with acks=0).
 */
export type DispatchResult = Buffer[] | null;

export interface RequestDispatcher {
  /**
   * Handles one complete request frame (header + body, size prefix stripped). `frame` may be a
   * view of a larger socket chunk and is valid until the returned result settles.
   *
   * Throwing (or rejecting) means "close this connection": the connection logs the error's
   * message once and closes, as Kafka does on InvalidRequestException. The dispatcher is
   * expected to turn ordinary handler failures into error responses itself.
   */
  dispatch(frame: Buffer, connection: ConnectionInfo): DispatchResult | PromiseLike<DispatchResult>;
}
