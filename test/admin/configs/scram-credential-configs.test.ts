import { ConfigCommandError } from '../../../src/admin/configs/config-command-options';
import { preProcessScramCredentials } from '../../../src/admin/configs/scram-credential-configs';
import { createSaslClient, createSaslServer } from '../../../src/security/sasl';
import { credentialFromString } from '../../../src/security/scram/scram-credential-text';
import type { ScramMechanismName } from '../../../src/security/scram/scram-mechanism';

/** Whether `password` authenticates `user` against the stored text, through a full SCRAM exchange. */
function authenticates(mechanism: ScramMechanismName, stored: string, password: string): boolean {
  const server = createSaslServer(mechanism, { plainUsers: () => undefined, scramCredential: (_, user) => (user === 'alice' ? credentialFromString(stored) : undefined) });
  const client = createSaslClient(mechanism, { username: 'alice', password });
  try {
    const serverFinal = server.evaluateResponse(client.evaluateChallenge(server.evaluateResponse(client.initialResponse()))!);
    client.evaluateChallenge(serverFinal);
    return server.isComplete() && client.isComplete();
  } catch {
    return false;
  }
}

const processed = (entries: Record<string, string>): Map<string, string> => {
  const configs = new Map(Object.entries(entries));
  preProcessScramCredentials(configs);
  return configs;
};

describe('kafka-configs SCRAM credentials (ConfigCommand.preProcessScramCredentials)', () => {
  it('replaces [iterations=N,]password=P by a stored credential that authenticates P only', () => {
    const configs = processed({ 'SCRAM-SHA-256': 'iterations=8192,password=alice-secret', 'SCRAM-SHA-512': 'password=alice-secret', producer_byte_rate: '1024' });
    const sha256 = configs.get('SCRAM-SHA-256')!;
    const sha512 = configs.get('SCRAM-SHA-512')!;
    expect(sha256).toMatch(/^salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/]{43}=,server_key=[A-Za-z0-9+/]{43}=,iterations=8192$/);
    expect(sha512).toMatch(/^salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/]{86}==,server_key=[A-Za-z0-9+/]{86}==,iterations=4096$/);
    expect(configs.get('producer_byte_rate')).toBe('1024');
    expect(sha256).not.toContain('alice-secret');
    expect(authenticates('SCRAM-SHA-256', sha256, 'alice-secret')).toBe(true);
    expect(authenticates('SCRAM-SHA-512', sha512, 'alice-secret')).toBe(true);
    expect(authenticates('SCRAM-SHA-256', sha256, 'alice-secret2')).toBe(false);
  });

  it('salts with the bytes of a random base-36 number, a new one each time', () => {
    const salts = [1, 2, 3].map(() => credentialFromString(processed({ 'SCRAM-SHA-256': 'password=x' }).get('SCRAM-SHA-256')!).salt.toString('utf8'));
    for (const salt of salts) expect(salt).toMatch(/^[0-9a-z]{1,26}$/);
    expect(new Set(salts).size).toBe(3);
  });

  it('keeps Kafka quirks: after password= everything is the password, leading zeros are fine', () => {
    const trailing = processed({ 'SCRAM-SHA-256': 'password=x,iterations=8192' }).get('SCRAM-SHA-256')!;
    expect(trailing).toMatch(/,iterations=4096$/);
    expect(authenticates('SCRAM-SHA-256', trailing, 'x,iterations=8192')).toBe(true);
    expect(processed({ 'SCRAM-SHA-512': 'iterations=04096,password=a b c' }).get('SCRAM-SHA-512')).toMatch(/,iterations=4096$/);
  });

  it('leaves keys that are not exactly a mechanism name to the user config validation', () => {
    expect([...processed({ 'scram-sha-256': 'password=x', 'SCRAM-SHA-1': 'password=x' })]).toEqual([
      ['scram-sha-256', 'password=x'],
      ['SCRAM-SHA-1', 'password=x'],
    ]);
  });

  // The messages kafka-configs 2.4.1 prints for these (checked with the anchor's bin/kafka-configs).
  it.each([
    [{ 'SCRAM-SHA-256': 'iterations=100,password=x' }, 'Iterations 100 is less than the minimum 4096 required for SCRAM_SHA_256'],
    [{ 'SCRAM-SHA-512': 'iterations=4095,password=x', 'SCRAM-SHA-256': 'iterations=1,password=x' }, 'Iterations 1 is less than the minimum 4096 required for SCRAM_SHA_256'],
    [{ 'SCRAM-SHA-512': 'iterations=4095,password=x' }, 'Iterations 4095 is less than the minimum 4096 required for SCRAM_SHA_512'],
    [{ 'SCRAM-SHA-256': 'iterations=8192' }, 'Invalid credential property SCRAM_SHA_256=iterations=8192'],
    [{ 'SCRAM-SHA-256': 'iterations=-5,password=x' }, 'Invalid credential property SCRAM_SHA_256=iterations=-5,password=x'],
    [{ 'SCRAM-SHA-256': 'password=' }, 'Empty key'],
    [{ 'SCRAM-SHA-256': 'iterations=,password=x' }, 'For input string: ""'],
    [{ 'SCRAM-SHA-256': 'iterations=99999999999,password=x' }, 'For input string: "99999999999"'],
  ])('refuses %j', (entries, message) => {
    expect(() => processed(entries)).toThrow(new ConfigCommandError(message));
  });
});
