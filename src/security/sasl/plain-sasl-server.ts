// The broker's side of SASL/PLAIN (Kafka 2.4.1's PlainSaslServer with its
// PlainServerCallbackHandler): one token, [authzid] NUL authcid NUL password (RFC 4616), checked
// against the user_<name> options of the listener's PlainLoginModule. Every refusal is a
// SaslAuthenticationError with Kafka's message, which the client is told as it is; a wrong
// password and an unknown user get the same one.

import { timingSafeEqual } from 'node:crypto';
import { PLAIN_LOGIN_MODULE, jaasOption, type JaasConfigEntry } from '../jaas/jaas-config';
import { notCompleted, type SaslServer } from './sasl-exchange';
import { SaslAuthenticationError } from './sasl-errors';

/** A PLAIN user's expected password, undefined for an unknown user. */
export type PlainUsers = (username: string) => string | undefined;

/** The users of a JAAS configuration: user_<name>="<password>" options of PlainLoginModule entries. */
export function plainUsersFromJaas(entries: readonly JaasConfigEntry[]): PlainUsers {
  return (username) => jaasOption(entries, `user_${username}`, PLAIN_LOGIN_MODULE);
}

/** Kafka looks at most four NUL-separated pieces ahead: anything but three is refused. */
function extractTokens(response: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  for (let i = 0; i < 4; i++) {
    const end = response.indexOf('\u0000', start);
    if (end === -1) {
      tokens.push(response.slice(start));
      break;
    }
    tokens.push(response.slice(start, end));
    start = end + 1;
  }
  if (tokens.length !== 3) throw new SaslAuthenticationError(`Invalid SASL/PLAIN response: expected 3 tokens, got ${tokens.length}`);
  return tokens;
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export class PlainSaslServer implements SaslServer {
  readonly mechanism = 'PLAIN';
  private complete = false;
  private authorizedAs: string | null = null;

  constructor(private readonly users: PlainUsers) {}

  /** Like Kafka's, it keeps no state between tokens: the broker stops feeding it once complete. */
  evaluateResponse(token: Buffer): Buffer {
    const [authorizationIdFromClient, username, password] = extractTokens(token.toString('utf8')) as [string, string, string];
    if (username === '') throw new SaslAuthenticationError('Authentication failed: username not specified');
    if (password === '') throw new SaslAuthenticationError('Authentication failed: password not specified');
    let expected: string | undefined;
    try {
      expected = this.users(username);
    } catch {
      throw new SaslAuthenticationError('Authentication failed: credentials for user could not be verified');
    }
    if (expected === undefined || !samePassword(password, expected)) throw new SaslAuthenticationError('Authentication failed: Invalid username or password');
    if (authorizationIdFromClient !== '' && authorizationIdFromClient !== username) {
      throw new SaslAuthenticationError('Authentication failed: Client requested an authorization id that is different from username');
    }
    this.authorizedAs = username;
    this.complete = true;
    return Buffer.alloc(0);
  }

  isComplete(): boolean {
    return this.complete;
  }

  authorizationId(): string {
    if (!this.complete) throw notCompleted();
    return this.authorizedAs!;
  }
}
