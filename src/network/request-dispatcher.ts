// The seam between the network layer and request handling. The network layer knows frames and
// connections only; whatever decodes requests and runs handlers (src/server/apis/dispatcher.ts)
// implements RequestDispatcher. Keeping the interface here keeps imports pointing downward:
// src/network never imports src/server.

import type { PeerCertificate } from 'node:tls';
import type { SecurityProtocol } from '../common/config/listeners';
import type { KafkaPrincipal } from '../common/kafka-principal';

/** Where a connection came in. */
export interface ConnectionIdentity {
  /** Kafka-style id: `localHost:localPort-remoteHost:remotePort-index`. */
  readonly connectionId: string;
  readonly listenerName: string;
  readonly clientHost: string;
  readonly clientPort: number;
}

/** Who is on the other end, as far as authentication has got (Kafka's channel principal). */
export interface ConnectionSession {
  readonly securityProtocol: SecurityProtocol;
  /** ANONYMOUS until TLS or SASL says otherwise. */
  principal: KafkaPrincipal;
  /** The verified TLS client certificate, or null (no TLS, or the client sent none). */
  readonly peerCertificate: PeerCertificate | null;
  /** What the dispatcher keeps for the SASL exchange of this connection (mechanism state, expiry). */
  authState: unknown;
}

/** What a dispatcher may know about, and ask of, the connection a request came from. */
export interface ConnectionInfo extends ConnectionIdentity {
  readonly session: ConnectionSession;
  /**
   * Kafka's quota muting (KIP-219): once the current response is written, no further request of
   * this connection is read until `ms` have passed.
   */
  throttle(ms: number): void;
  /** Close the connection once the current response has been written (failed authentication). */
  closeAfterResponse(reason: string): void;
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
