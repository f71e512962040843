import { parseJaasConfigEntries } from '../../../src/security/jaas/jaas-config';
import { PlainSaslClient } from '../../../src/security/sasl/plain-sasl-client';
import { PlainSaslServer, plainUsersFromJaas } from '../../../src/security/sasl/plain-sasl-server';
import { IllegalSaslStateError, SaslAuthenticationError } from '../../../src/security/sasl/sasl-errors';

const JAAS = 'org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";';
const users = plainUsersFromJaas(parseJaasConfigEntries(JAAS, 'listener.name.sasl_plaintext.plain.sasl.jaas.config'));

// Kafka 2.4.1's PlainSaslServer with its PlainServerCallbackHandler and the JAAS entry above,
// recorded from the anchor's kafka-clients jar: the authorization id, or the
// SaslAuthenticationException's message (every failure is one).
const RECORDED_PLAIN: ReadonlyArray<[string, { authorizationId: string } | { error: string }]> = [
  ['\u0000alice\u0000alice-secret', { authorizationId: 'alice' }],
  ['alice\u0000alice\u0000alice-secret', { authorizationId: 'alice' }],
  ['admin\u0000alice\u0000alice-secret', { error: 'Authentication failed: Client requested an authorization id that is different from username' }],
  ['\u0000alice\u0000wrong', { error: 'Authentication failed: Invalid username or password' }],
  ['\u0000bob\u0000x', { error: 'Authentication failed: Invalid username or password' }],
  ['\u0000alice\u0000', { error: 'Authentication failed: password not specified' }],
  ['\u0000\u0000alice-secret', { error: 'Authentication failed: username not specified' }],
  ['', { error: 'Invalid SASL/PLAIN response: expected 3 tokens, got 1' }],
  ['alice', { error: 'Invalid SASL/PLAIN response: expected 3 tokens, got 1' }],
  ['\u0000alice', { error: 'Invalid SASL/PLAIN response: expected 3 tokens, got 2' }],
  ['\u0000alice\u0000alice-secret\u0000', { error: 'Invalid SASL/PLAIN response: expected 3 tokens, got 4' }],
  ['\u0000alice\u0000alice-secret\u0000x\u0000y', { error: 'Invalid SASL/PLAIN response: expected 3 tokens, got 4' }],
  ['a\u0000b\u0000c\u0000d\u0000e\u0000f', { error: 'Invalid SASL/PLAIN response: expected 3 tokens, got 4' }],
  ['\u0000admin\u0000admin-secret', { authorizationId: 'admin' }],
  ['\u0000Alice\u0000alice-secret', { error: 'Authentication failed: Invalid username or password' }],
  ['\u0000alice\u0000alice-secret ', { error: 'Authentication failed: Invalid username or password' }],
  ['\u0000username\u0000admin', { error: 'Authentication failed: Invalid username or password' }],
  ['\u0000alice\u0000admin-secret', { error: 'Authentication failed: Invalid username or password' }],
];

describe('SASL/PLAIN server, against Kafka 2.4.1 PlainSaslServer', () => {
  it.each(RECORDED_PLAIN)('%j', (token, expected) => {
    const server = new PlainSaslServer(users);
    if ('error' in expected) {
      expect(() => server.evaluateResponse(Buffer.from(token, 'utf8'))).toThrow(new SaslAuthenticationError(expected.error));
      expect(server.isComplete()).toBe(false);
      expect(() => server.authorizationId()).toThrow('Authentication exchange has not completed');
    } else {
      expect(server.evaluateResponse(Buffer.from(token, 'utf8'))).toEqual(Buffer.alloc(0));
      expect(server.isComplete()).toBe(true);
      expect(server.authorizationId()).toBe(expected.authorizationId);
    }
  });

  it('only knows the user_ options of PlainLoginModule entries', () => {
    const other = plainUsersFromJaas(parseJaasConfigEntries('some.OtherModule required user_alice="alice-secret";', 'p'));
    expect(() => new PlainSaslServer(other).evaluateResponse(Buffer.from('\u0000alice\u0000alice-secret'))).toThrow('Authentication failed: Invalid username or password');
  });

  it('reports a failing user lookup as "credentials for user could not be verified"', () => {
    const server = new PlainSaslServer(() => {
      throw new Error('boom');
    });
    expect(() => server.evaluateResponse(Buffer.from('\u0000alice\u0000x'))).toThrow(new SaslAuthenticationError('Authentication failed: credentials for user could not be verified'));
  });

  it('reads UTF-8 user names and passwords', () => {
    const server = new PlainSaslServer((name) => (name === 'jörg' ? 'pässwörd€' : undefined));
    server.evaluateResponse(Buffer.from('\u0000jörg\u0000pässwörd€', 'utf8'));
    expect(server.authorizationId()).toBe('jörg');
  });
});

describe('SASL/PLAIN client', () => {
  it('sends NUL user NUL password once and is then complete', () => {
    const client = new PlainSaslClient({ username: 'alice', password: 'alice-secret' });
    expect(client.isComplete()).toBe(false);
    const token = client.initialResponse();
    expect(token.toString()).toBe('\u0000alice\u0000alice-secret');
    expect(client.isComplete()).toBe(true);
    expect(() => client.evaluateChallenge()).toThrow(new IllegalSaslStateError('PLAIN authentication already completed'));
    expect(() => client.initialResponse()).toThrow(IllegalSaslStateError);
    const server = new PlainSaslServer(users);
    server.evaluateResponse(token);
    expect(server.authorizationId()).toBe('alice');
  });
});
