import { IllegalSaslStateError, SaslAuthenticationError, SaslError } from '../../../src/security/sasl/sasl-errors';
import { credentialFromString } from '../../../src/security/scram/scram-credential-text';
import { ScramFormatter, authMessage, type ScramCredential } from '../../../src/security/scram/scram-formatter';
import { scramMechanism, type ScramMechanismName } from '../../../src/security/scram/scram-mechanism';
import { clientFinalMessageWithoutProof, formatClientFinalMessage } from '../../../src/security/scram/scram-messages';
import { ScramSaslClient } from '../../../src/security/scram/scram-sasl-client';
import { ScramSaslServer } from '../../../src/security/scram/scram-sasl-server';
import { RECORDED_SCRAM_EXCHANGES } from './kafka-recorded-exchanges';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const mech = (name: ScramMechanismName) => scramMechanism(name)!;
const digestOf = (name: ScramMechanismName) => mech(name).digest;

/** A server knowing only `users` (name -> credential). */
function serverFor(name: ScramMechanismName, users: Record<string, ScramCredential>, nonce?: () => string): ScramSaslServer {
  return new ScramSaslServer(mech(name), (user) => users[user], nonce);
}

function credential(name: ScramMechanismName, password: string, iterations = 4096): ScramCredential {
  return new ScramFormatter(digestOf(name)).generateCredential(password, iterations);
}

/** Runs client and server against each other; the error thrown by either, or the outcome. */
function exchange(client: ScramSaslClient, server: ScramSaslServer): { authorizationId: string } {
  const serverFirst = server.evaluateResponse(client.initialResponse());
  const serverFinal = server.evaluateResponse(client.evaluateChallenge(serverFirst)!);
  expect(client.evaluateChallenge(serverFinal)).toBeNull();
  expect(client.isComplete()).toBe(true);
  expect(server.isComplete()).toBe(true);
  return { authorizationId: server.authorizationId() };
}

describe('SCRAM against exchanges recorded between Kafka 2.4.1 client and server', () => {
  it.each(RECORDED_SCRAM_EXCHANGES.map((e) => [`${e.mechanism} ${e.username}`, e] as const))('%s: our client sends the same bytes as Kafka', (_, recorded) => {
    const clientNonce = /,r=([^,]+)/.exec(recorded.clientFirst)![1]!;
    const client = new ScramSaslClient(mech(recorded.mechanism), recorded, () => clientNonce);
    expect(client.initialResponse().toString()).toBe(recorded.clientFirst);
    expect(client.evaluateChallenge(b(recorded.serverFirst))!.toString()).toBe(recorded.clientFinal);
    expect(client.evaluateChallenge(b(recorded.serverFinal))).toBeNull();
    expect(client.isComplete()).toBe(true);
  });

  it.each(RECORDED_SCRAM_EXCHANGES.map((e) => [`${e.mechanism} ${e.username}`, e] as const))('%s: our server answers the same bytes as Kafka', (_, recorded) => {
    const clientNonce = /,r=([^,]+)/.exec(recorded.clientFirst)![1]!;
    const serverNonce = /^r=([^,]+)/.exec(recorded.serverFirst)![1]!.slice(clientNonce.length);
    const server = serverFor(recorded.mechanism, { [recorded.username]: credentialFromString(recorded.credential) }, () => serverNonce);
    expect(server.evaluateResponse(b(recorded.clientFirst)).toString()).toBe(recorded.serverFirst);
    expect(server.isComplete()).toBe(false);
    expect(server.evaluateResponse(b(recorded.clientFinal)).toString()).toBe(recorded.serverFinal);
    expect(server.isComplete()).toBe(true);
    expect(server.authorizationId()).toBe(recorded.authorizationId);
  });
});

describe.each(['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('%s exchange', (name) => {
  const alice = credential(name, 'alice-secret', 8192);

  it('authenticates the right password, user names with , and = included', () => {
    expect(exchange(new ScramSaslClient(mech(name), { username: 'alice', password: 'alice-secret' }), serverFor(name, { alice }))).toEqual({ authorizationId: 'alice' });
    const odd = credential(name, 'pässwörd€');
    expect(exchange(new ScramSaslClient(mech(name), { username: 'CN=a,O=b', password: 'pässwörd€' }), serverFor(name, { 'CN=a,O=b': odd }))).toEqual({ authorizationId: 'CN=a,O=b' });
  });

  it('refuses a wrong password at the final message, as "Invalid client credentials"', () => {
    const client = new ScramSaslClient(mech(name), { username: 'alice', password: 'wrong' });
    const server = serverFor(name, { alice });
    const serverFirst = server.evaluateResponse(client.initialResponse());
    expect(serverFirst.toString()).toMatch(/^r=[0-9a-z]+,s=[A-Za-z0-9+/=]+,i=8192$/);
    const clientFinal = client.evaluateChallenge(serverFirst)!;
    expect(() => server.evaluateResponse(clientFinal)).toThrow(new SaslError('Invalid client credentials'));
    expect(server.isComplete()).toBe(false);
    expect(() => server.authorizationId()).toThrow('Authentication exchange has not completed');
    expect(() => server.evaluateResponse(clientFinal)).toThrow(new IllegalSaslStateError('Unexpected challenge in Sasl server state FAILED'));
  });

  it('refuses an unknown user at the first message, without giving a salt away', () => {
    const server = serverFor(name, { alice });
    const client = new ScramSaslClient(mech(name), { username: 'bob', password: 'x' });
    expect(() => server.evaluateResponse(client.initialResponse())).toThrow(new SaslError('Authentication failed: Invalid user credentials'));
    expect(() => server.evaluateResponse(b('n,,n=alice,r=abc'))).toThrow(IllegalSaslStateError);
  });

  it('refuses a credential stored with fewer iterations than the minimum', () => {
    const weak = credential(name, 'p', 100);
    const enumName = name.replace(/-/g, '_');
    expect(() => serverFor(name, { alice: weak }).evaluateResponse(b('n,,n=alice,r=abc'))).toThrow(new SaslError(`Iterations 100 is less than the minimum 4096 for ${enumName}`));
  });

  it('accepts, as Kafka 2.4.1, a final message whose nonce is not the server-first one when the proof signs it', () => {
    const server = serverFor(name, { alice });
    const serverFirst = server.evaluateResponse(b('n,,n=alice,r=abc')).toString();
    const [, nonce, salt, iterations] = /^r=([^,]+),s=([^,]+),i=(\d+)$/.exec(serverFirst)!;
    const otherNonce = `abc${'x'.repeat(nonce!.length - 3)}`;
    const formatter = new ScramFormatter(digestOf(name));
    const salted = formatter.saltedPassword('alice-secret', Buffer.from(salt!, 'base64'), Number(iterations));
    const channelBinding = b('n,,');
    const signed = authMessage('n=alice,r=abc', serverFirst, clientFinalMessageWithoutProof(channelBinding, otherNonce));
    const forged = formatClientFinalMessage({ channelBinding, nonce: otherNonce, proof: formatter.clientProof(salted, signed) });
    expect(server.evaluateResponse(forged).toString()).toMatch(/^v=/);
    expect(server.isComplete()).toBe(true);
  });

  it('throws a plain error (Kafka: IllegalArgumentException, the connection is closed) for a proof of the wrong length', () => {
    for (const proof of ['AAAA', '']) {
      const server = serverFor(name, { alice });
      const nonce = /^r=([^,]+)/.exec(server.evaluateResponse(b('n,,n=alice,r=abc')).toString())![1]!;
      let thrown: unknown;
      try {
        server.evaluateResponse(b(`c=biws,r=${nonce},p=${proof}`));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toEqual(new Error('Argument arrays must be of the same length'));
      expect(thrown).not.toBeInstanceOf(SaslError);
      expect(thrown).not.toBeInstanceOf(SaslAuthenticationError);
    }
  });

  it('refuses malformed messages as SaslError, then any further token as illegal state', () => {
    const first = serverFor(name, { alice });
    expect(() => first.evaluateResponse(b('y,,n=alice,r=abc'))).toThrow(new SaslError('Invalid SCRAM client first message format: y,,n=alice,r=abc'));
    expect(() => first.evaluateResponse(b(''))).toThrow(new IllegalSaslStateError('Unexpected challenge in Sasl server state FAILED'));
    expect(() => serverFor(name, { alice }).evaluateResponse(b(''))).toThrow(new SaslError('Invalid SCRAM client first message format: '));
    expect(() => serverFor(name, { alice }).evaluateResponse(Buffer.from([0xff, 0xfe, 0x00]))).toThrow(SaslError);
    const final = serverFor(name, { alice });
    final.evaluateResponse(b('n,,n=alice,r=abc'));
    expect(() => final.evaluateResponse(b('garbage'))).toThrow(new SaslError('Invalid SCRAM client final message format: garbage'));
  });

  it('fails delegation tokens (tokenauth=true) as Kafka fails an unknown token id', () => {
    for (const value of ['true', 'TRUE']) {
      expect(() => serverFor(name, { alice }).evaluateResponse(b(`n,,n=alice,r=abc,tokenauth=${value}`))).toThrow(new SaslError('Token Authentication failed: Invalid tokenId : alice'));
    }
    expect(serverFor(name, { alice }).evaluateResponse(b('n,,n=alice,r=abc,tokenauth=false,foo=bar')).toString()).toMatch(/^r=abc/);
  });

  it('accepts the user itself as authorization id and refuses any other with its own message', () => {
    expect(serverFor(name, { alice }).evaluateResponse(b('n,a=alice,n=alice,r=abc')).toString()).toMatch(/^r=abc/);
    expect(() => serverFor(name, { alice }).evaluateResponse(b('n,a=bob,n=alice,r=abc'))).toThrow(
      new SaslAuthenticationError('Authentication failed: Client requested an authorization id that is different from username'),
    );
  });

  it('turns a failing credential store into "Credentials could not be obtained"', () => {
    const server = new ScramSaslServer(mech(name), () => {
      throw new Error('ZooKeeper is down');
    });
    expect(() => server.evaluateResponse(b('n,,n=alice,r=abc'))).toThrow(new SaslError('Authentication failed: Credentials could not be obtained'));
  });

  it('takes nothing after completion', () => {
    const server = serverFor(name, { alice });
    exchange(new ScramSaslClient(mech(name), { username: 'alice', password: 'alice-secret' }), server);
    expect(() => server.evaluateResponse(b('n,,n=alice,r=abc'))).toThrow(new IllegalSaslStateError('Unexpected challenge in Sasl server state COMPLETE'));
  });
});

describe('SCRAM client checks (ScramSaslClient)', () => {
  const name = 'SCRAM-SHA-512';
  const enumName = 'SCRAM_SHA_512';
  const client = (): ScramSaslClient => new ScramSaslClient(mech(name), { username: 'alice', password: 'alice-secret' }, () => 'cnonce');

  it('starts with n,,n=<user>,r=<nonce> and wants no challenge before it', () => {
    expect(client().initialResponse().toString()).toBe('n,,n=alice,r=cnonce');
    expect(() => client().evaluateChallenge(b('x'))).toThrow(new SaslError('Expected empty challenge'));
  });

  it('refuses a server nonce that does not extend its own, and too few iterations', () => {
    const c1 = client();
    c1.initialResponse();
    expect(() => c1.evaluateChallenge(b('r=other,s=QUI=,i=4096'))).toThrow(new SaslError('Invalid server nonce: does not start with client nonce'));
    const c2 = client();
    c2.initialResponse();
    expect(() => c2.evaluateChallenge(b('r=cnonceS,s=QUI=,i=100'))).toThrow(new SaslError(`Requested iterations 100 is less than the minimum 4096 for ${enumName}`));
    expect(() => c2.evaluateChallenge(b('r=cnonceS,s=QUI=,i=4096'))).toThrow(new IllegalSaslStateError('Unexpected challenge in Sasl client state FAILED'));
  });

  it('reports a server error and refuses a wrong server signature', () => {
    const c1 = client();
    c1.initialResponse();
    expect(c1.evaluateChallenge(b('r=cnonceS,s=QUI=,i=4096'))!.toString()).toMatch(/^c=biws,r=cnonceS,p=[A-Za-z0-9+/]{86}==$/);
    expect(() => c1.evaluateChallenge(b('e=invalid-proof'))).toThrow(new SaslError(`Sasl authentication using ${enumName} failed with error: invalid-proof`));
    const c2 = client();
    c2.initialResponse();
    c2.evaluateChallenge(b('r=cnonceS,s=QUI=,i=4096'));
    expect(() => c2.evaluateChallenge(b('v=QUI='))).toThrow(new SaslError('Invalid server signature in server final message'));
    expect(c2.isComplete()).toBe(false);
  });

  it('sends SCRAM extensions in the client-first message', () => {
    const c = new ScramSaslClient(mech(name), { username: 'alice', password: 'x' }, () => 'n1', new Map([['tokenauth', 'true']]));
    expect(c.initialResponse().toString()).toBe('n,,n=alice,r=n1,tokenauth=true');
  });
});
