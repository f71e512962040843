// The client's side of SCRAM (Kafka 2.4.1's ScramSaslClient), for the broker's own connections
// to other brokers: client-first "n,,n=<user>,r=<nonce>", then the client-final answer to the
// server-first (channel binding "biws", the base64 of the gs2 header "n,,"), then the check of the
// server's signature. The server's nonce must extend ours and its iterations must reach the
// mechanism's minimum, or the exchange stops with Kafka's SaslError.

import type { SaslClient } from '../sasl/sasl-exchange';
import { IllegalSaslStateError, SaslError } from '../sasl/sasl-errors';
import { ScramFormatter, authMessage, saslName, secureRandomString } from './scram-formatter';
import type { ScramMechanism } from './scram-mechanism';
import {
  clientFinalMessageWithoutProof,
  clientFirstMessageBare,
  formatClientFinalMessage,
  formatClientFirstMessage,
  parseServerFinalMessage,
  parseServerFirstMessage,
  serverFirstMessageText,
  type ClientFirstMessage,
} from './scram-messages';

type State = 'SEND_CLIENT_FIRST_MESSAGE' | 'RECEIVE_SERVER_FIRST_MESSAGE' | 'RECEIVE_SERVER_FINAL_MESSAGE' | 'COMPLETE' | 'FAILED';

const GS2_HEADER = Buffer.from('n,,', 'utf8');

export class ScramSaslClient implements SaslClient {
  private state: State = 'SEND_CLIENT_FIRST_MESSAGE';
  private readonly formatter: ScramFormatter;
  private clientFirst: ClientFirstMessage | null = null;
  private saltedPassword: Buffer | null = null;
  /** The auth message both sides sign, known once the server-first message is in. */
  private signed: Buffer | null = null;

  constructor(
    private readonly scram: ScramMechanism,
    private readonly credentials: { readonly username: string; readonly password: string },
    private readonly newNonce: () => string = secureRandomString,
    /** SCRAM extensions for the client-first message (Kafka's ScramExtensionsCallback). */
    private readonly extensions: ReadonlyMap<string, string> = new Map(),
  ) {
    this.formatter = new ScramFormatter(scram.digest);
  }

  get mechanism(): ScramMechanism['mechanismName'] {
    return this.scram.mechanismName;
  }

  initialResponse(): Buffer {
    return this.evaluateChallenge(Buffer.alloc(0))!;
  }

  evaluateChallenge(challenge: Buffer): Buffer | null {
    try {
      switch (this.state) {
        case 'SEND_CLIENT_FIRST_MESSAGE':
          return this.clientFirstMessage(challenge);
        case 'RECEIVE_SERVER_FIRST_MESSAGE':
          return this.serverFirstMessage(challenge);
        case 'RECEIVE_SERVER_FINAL_MESSAGE':
          this.serverFinalMessage(challenge);
          return null;
        default:
          throw new IllegalSaslStateError(`Unexpected challenge in Sasl client state ${this.state}`);
      }
    } catch (error) {
      if (error instanceof SaslError) this.state = 'FAILED';
      throw error;
    }
  }

  private clientFirstMessage(challenge: Buffer): Buffer {
    if (challenge.length !== 0) throw new SaslError('Expected empty challenge');
    this.clientFirst = { saslName: saslName(this.credentials.username), nonce: this.newNonce(), authorizationId: '', extensions: this.extensions };
    this.state = 'RECEIVE_SERVER_FIRST_MESSAGE';
    return formatClientFirstMessage(this.clientFirst);
  }

  private serverFirstMessage(challenge: Buffer): Buffer {
    const serverFirst = parseServerFirstMessage(challenge);
    const clientFirst = this.clientFirst!;
    if (!serverFirst.nonce.startsWith(clientFirst.nonce)) throw new SaslError('Invalid server nonce: does not start with client nonce');
    if (serverFirst.iterations < this.scram.minIterations) {
      throw new SaslError(`Requested iterations ${serverFirst.iterations} is less than the minimum ${this.scram.minIterations} for ${this.scram.enumName}`);
    }
    this.saltedPassword = this.formatter.saltedPassword(this.credentials.password, serverFirst.salt, serverFirst.iterations);
    this.signed = authMessage(clientFirstMessageBare(clientFirst), serverFirstMessageText(serverFirst), clientFinalMessageWithoutProof(GS2_HEADER, serverFirst.nonce));
    const proof = this.formatter.clientProof(this.saltedPassword, this.signed);
    this.state = 'RECEIVE_SERVER_FINAL_MESSAGE';
    return formatClientFinalMessage({ channelBinding: GS2_HEADER, nonce: serverFirst.nonce, proof });
  }

  private serverFinalMessage(challenge: Buffer): void {
    const serverFinal = parseServerFinalMessage(challenge);
    if ('error' in serverFinal) throw new SaslError(`Sasl authentication using ${this.scram.enumName} failed with error: ${serverFinal.error}`);
    const expected = this.formatter.serverSignature(this.formatter.serverKey(this.saltedPassword!), this.signed!);
    if (!expected.equals(serverFinal.serverSignature)) throw new SaslError('Invalid server signature in server final message');
    this.state = 'COMPLETE';
  }

  isComplete(): boolean {
    return this.state === 'COMPLETE';
  }
}
