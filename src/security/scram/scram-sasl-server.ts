// The broker's side of SCRAM (Kafka 2.4.1's ScramSaslServer): client-first -> server-first
// (the client's nonce plus ours, the user's salt and iterations) -> client-final -> server-final
// (v=<server signature>) once the proof checks out against the stored key.
//
// As in Kafka, every refusal but one is a SaslError, so the client only learns "invalid
// credentials": an unknown user fails at once ("Authentication failed: Invalid user
// credentials", before any salt is given away), a bad proof at the final message. The exception
// is an authorization id other than the user, a SaslAuthenticationError with its own message.
// Delegation tokens (extension tokenauth=true) are looked up in an empty token cache, so they fail
// as an unknown token does in Kafka.
//
// One deliberate difference: the client-final nonce must be the server-first one. Kafka 2.4.1
// does not check it (CVE-2024-56128, fixed in later Kafka with the same message); a proof made for
// another nonce is refused here with a SaslError, which a client sees as any bad credential.

import { timingSafeEqual } from 'node:crypto';
import { notCompleted, type SaslServer } from '../sasl/sasl-exchange';
import { IllegalSaslStateError, SaslAuthenticationError, SaslError } from '../sasl/sasl-errors';
import { ScramFormatter, authMessage, secureRandomString, usernameFromSaslName, type ScramCredential } from './scram-formatter';
import type { ScramMechanism } from './scram-mechanism';
import {
  clientFinalMessageWithoutProof,
  clientFirstMessageBare,
  formatServerFinalMessage,
  parseClientFinalMessage,
  parseClientFirstMessage,
  serverFirstMessageText,
  type ClientFirstMessage,
  type ServerFirstMessage,
} from './scram-messages';

type State = 'RECEIVE_CLIENT_FIRST_MESSAGE' | 'RECEIVE_CLIENT_FINAL_MESSAGE' | 'COMPLETE' | 'FAILED';

/** The ScramLoginModule extension asking for delegation-token authentication. */
const TOKEN_AUTH = 'tokenauth';

export class ScramSaslServer implements SaslServer {
  private state: State = 'RECEIVE_CLIENT_FIRST_MESSAGE';
  private readonly formatter: ScramFormatter;
  private username: string | null = null;
  private clientFirst: ClientFirstMessage | null = null;
  private serverFirst: ServerFirstMessage | null = null;
  private credential: ScramCredential | null = null;

  constructor(
    private readonly scram: ScramMechanism,
    /** The user's stored credential for this mechanism, if any. */
    private readonly credentialOf: (user: string) => ScramCredential | undefined,
    private readonly newNonce: () => string = secureRandomString,
  ) {
    this.formatter = new ScramFormatter(scram.digest);
  }

  get mechanism(): ScramMechanism['mechanismName'] {
    return this.scram.mechanismName;
  }

  evaluateResponse(token: Buffer): Buffer {
    try {
      switch (this.state) {
        case 'RECEIVE_CLIENT_FIRST_MESSAGE':
          return this.clientFirstMessage(token);
        case 'RECEIVE_CLIENT_FINAL_MESSAGE':
          return this.clientFinalMessage(token);
        default:
          throw new IllegalSaslStateError(`Unexpected challenge in Sasl server state ${this.state}`);
      }
    } catch (error) {
      this.clearCredentials();
      this.state = 'FAILED';
      throw error;
    }
  }

  private clientFirstMessage(token: Buffer): Buffer {
    const clientFirst = parseClientFirstMessage(token);
    const serverNonce = this.newNonce();
    const username = this.lookUpUsername(clientFirst.saslName);
    if (/^true$/i.test(clientFirst.extensions.get(TOKEN_AUTH) ?? '')) throw new SaslError(`Token Authentication failed: Invalid tokenId : ${username}`);
    const credential = this.lookUpCredential(username);
    if (credential === undefined) throw new SaslError('Authentication failed: Invalid user credentials');
    if (clientFirst.authorizationId !== '' && clientFirst.authorizationId !== username) {
      throw new SaslAuthenticationError('Authentication failed: Client requested an authorization id that is different from username');
    }
    if (credential.iterations < this.scram.minIterations) {
      throw new SaslError(`Iterations ${credential.iterations} is less than the minimum ${this.scram.minIterations} for ${this.scram.enumName}`);
    }
    this.username = username;
    this.clientFirst = clientFirst;
    this.credential = credential;
    this.serverFirst = { nonce: clientFirst.nonce + serverNonce, salt: credential.salt, iterations: credential.iterations };
    this.state = 'RECEIVE_CLIENT_FINAL_MESSAGE';
    return Buffer.from(serverFirstMessageText(this.serverFirst), 'utf8');
  }

  /** Kafka turns any failure to get at the user (a malformed name, a failing store) into one SaslException. */
  private lookUpUsername(name: string): string {
    try {
      return usernameFromSaslName(name);
    } catch {
      throw new SaslError('Authentication failed: Credentials could not be obtained');
    }
  }

  private lookUpCredential(username: string): ScramCredential | undefined {
    try {
      return this.credentialOf(username);
    } catch {
      throw new SaslError('Authentication failed: Credentials could not be obtained');
    }
  }

  private clientFinalMessage(token: Buffer): Buffer {
    const clientFinal = parseClientFinalMessage(token);
    const serverFirst = this.serverFirst!;
    // Kafka 2.4.1 does not compare clientFinal.nonce with serverFirst.nonce (the check came with the
    // CVE-2024-56128 fix, years later): the proof signs the nonce the client sent, and clients such as
    // Debian's kcat (librdkafka) are accepted by 2.4.1 exactly because of that.
    const signed = authMessage(clientFirstMessageBare(this.clientFirst!), serverFirstMessageText(serverFirst), clientFinalMessageWithoutProof(clientFinal.channelBinding, clientFinal.nonce));
    const { storedKey, serverKey } = this.credential!;
    // A proof of the wrong length throws a plain Error here, as Kafka's IllegalArgumentException
    // (which closes the connection without an answer).
    const computed = this.formatter.storedKeyFromProof(this.formatter.clientSignature(storedKey, signed), clientFinal.proof);
    if (computed.length !== storedKey.length || !timingSafeEqual(computed, storedKey)) throw new SaslError('Invalid client credentials');
    const serverSignature = this.formatter.serverSignature(serverKey, signed);
    this.clearCredentials();
    this.state = 'COMPLETE';
    return formatServerFinalMessage({ serverSignature });
  }

  private clearCredentials(): void {
    this.credential = null;
    this.clientFirst = null;
    this.serverFirst = null;
  }

  isComplete(): boolean {
    return this.state === 'COMPLETE';
  }

  authorizationId(): string {
    if (!this.isComplete()) throw notCompleted();
    return this.username!;
  }
}
