// The two halves of a SASL exchange, mechanism-neutral (javax.security.sasl's SaslServer and
// SaslClient as Kafka 2.4.1 uses them). The broker feeds the server each token the client sends
// (SaslAuthenticate's auth_bytes, or a raw frame after handshake v0) and sends back what it
// answers; the broker's own connections to other brokers drive the client the same way.

export type SaslMechanismName = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface SaslServer {
  readonly mechanism: SaslMechanismName;
  /**
   * The challenge to send back (empty when there is nothing to say). Throws a SaslAuthenticationError,
   * a SaslError or anything else; saslAuthenticateFailure (sasl-errors.ts) says how Kafka answers each.
   */
  evaluateResponse(token: Buffer): Buffer;
  isComplete(): boolean;
  /** The authenticated user name, once complete (the principal is User:<it>). */
  authorizationId(): string;
}

export interface SaslClient {
  readonly mechanism: SaslMechanismName;
  /** The first token, sent without waiting for a challenge (every mechanism here has one). */
  initialResponse(): Buffer;
  /** The answer to the server's token, or null when the exchange is over and nothing is left to send. */
  evaluateChallenge(challenge: Buffer): Buffer | null;
  isComplete(): boolean;
}

/** javax.security.sasl's IllegalStateException when the outcome is asked for too early. */
export function notCompleted(): Error {
  return new Error('Authentication exchange has not completed');
}
