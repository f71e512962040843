import {
  IllegalSaslStateError,
  SUPPORTED_SASL_MECHANISMS,
  SaslAuthenticationError,
  SaslError,
  ScramCredentialCache,
  authenticationFailureMessage,
  createSaslClient,
  createSaslServer,
  credentialToString,
  isSupportedSaslMechanism,
  parseJaasConfig,
  plainUsersFromJaas,
  saslAuthenticateFailure,
  type SaslClient,
  type SaslMechanismName,
  type SaslServer,
  type SaslServerDeps,
} from '../../../src/security/sasl';
import { ScramFormatter } from '../../../src/security/scram/scram-formatter';

const jaas = parseJaasConfig(
  'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";',
  'listener.name.sasl_plaintext.plain.sasl.jaas.config',
);

function deps(): SaslServerDeps {
  const cache = new ScramCredentialCache(SUPPORTED_SASL_MECHANISMS);
  cache.update(
    'alice',
    new Map([
      ['SCRAM-SHA-256', credentialToString(new ScramFormatter('sha256').generateCredential('alice-secret', 8192))],
      ['SCRAM-SHA-512', credentialToString(new ScramFormatter('sha512').generateCredential('alice-secret', 4096))],
    ]),
  );
  return { plainUsers: plainUsersFromJaas([jaas]), scramCredential: (mechanism, user) => cache.get(mechanism, user) };
}

/** Drives the exchange as the broker and its inter-broker client do: tokens back and forth until both are done. */
function run(client: SaslClient, server: SaslServer): string {
  let token: Buffer | null = client.initialResponse();
  for (let round = 0; token !== null; round++) {
    if (round > 3) throw new Error('exchange does not end');
    const challenge = server.evaluateResponse(token);
    token = client.isComplete() ? null : client.evaluateChallenge(challenge);
  }
  expect(client.isComplete()).toBe(true);
  expect(server.isComplete()).toBe(true);
  return server.authorizationId();
}

describe('the SASL mechanisms a broker can enable', () => {
  it('are PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512', () => {
    expect(SUPPORTED_SASL_MECHANISMS).toEqual(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
    expect(isSupportedSaslMechanism('GSSAPI')).toBe(false);
    expect(isSupportedSaslMechanism('OAUTHBEARER')).toBe(false);
  });

  it.each(SUPPORTED_SASL_MECHANISMS)('%s: a client and a server authenticate alice', (mechanism) => {
    const server = createSaslServer(mechanism, deps());
    expect(server.mechanism).toBe(mechanism);
    expect(run(createSaslClient(mechanism, { username: 'alice', password: 'alice-secret' }), server)).toBe('alice');
  });

  it.each(SUPPORTED_SASL_MECHANISMS)('%s: a wrong password fails with what Kafka tells the client', (mechanism) => {
    const failure = failureOf(mechanism, 'alice', 'wrong');
    expect(failure).toEqual(
      mechanism === 'PLAIN'
        ? { respond: true, errorCode: 58, errorMessage: 'Authentication failed: Invalid username or password' }
        : { respond: true, errorCode: 58, errorMessage: `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}` },
    );
  });

  it.each(SUPPORTED_SASL_MECHANISMS)('%s: an unknown user gets the same answer as a wrong password', (mechanism) => {
    expect(failureOf(mechanism, 'mallory', 'alice-secret')).toEqual(failureOf(mechanism, 'alice', 'wrong'));
  });

  it('says the exchange failed during re-authentication when it did', () => {
    expect(saslAuthenticateFailure(new SaslError('Invalid client credentials'), 'SCRAM-SHA-256', true)).toEqual({
      respond: true,
      errorCode: 58,
      errorMessage: 'Authentication failed during re-authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256',
    });
  });

  it('answers nothing (Kafka closes the connection) for an illegal state or a malformed proof', () => {
    expect(saslAuthenticateFailure(new IllegalSaslStateError('Unexpected challenge in Sasl server state COMPLETE'), 'SCRAM-SHA-256')).toEqual({ respond: false });
    expect(saslAuthenticateFailure(new Error('Argument arrays must be of the same length'), 'SCRAM-SHA-256')).toEqual({ respond: false });
  });

  it('gives the message of a SaslAuthenticationError only (authenticationFailureMessage)', () => {
    expect(authenticationFailureMessage(new SaslAuthenticationError('Authentication failed: password not specified'))).toBe('Authentication failed: password not specified');
    expect(authenticationFailureMessage(new SaslError('Authentication failed: Invalid user credentials'))).toBeNull();
  });
});

function failureOf(mechanism: SaslMechanismName, username: string, password: string): unknown {
  try {
    run(createSaslClient(mechanism, { username, password }), createSaslServer(mechanism, deps()));
  } catch (error) {
    return saslAuthenticateFailure(error, mechanism);
  }
  throw new Error('authentication succeeded');
}
