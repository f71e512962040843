// The client's side of SASL/PLAIN (the JDK's PlainClient as Kafka 2.4.1 creates it, without an
// authorization id): one token, NUL username NUL password; the server's empty answer ends it.

import type { SaslClient } from './sasl-exchange';
import { IllegalSaslStateError } from './sasl-errors';

export class PlainSaslClient implements SaslClient {
  readonly mechanism = 'PLAIN';
  private complete = false;

  constructor(private readonly credentials: { readonly username: string; readonly password: string }) {}

  initialResponse(): Buffer {
    if (this.complete) throw new IllegalSaslStateError('PLAIN authentication already completed');
    this.complete = true;
    return Buffer.from(`\u0000${this.credentials.username}\u0000${this.credentials.password}`, 'utf8');
  }

  /** Nothing follows the one token: the JDK refuses any further challenge. */
  evaluateChallenge(): Buffer | null {
    throw new IllegalSaslStateError('PLAIN authentication already completed');
  }

  isComplete(): boolean {
    return this.complete;
  }
}
