import type { Logger } from '../../../src/common/logger';
import { credentialToString } from '../../../src/security/scram/scram-credential-text';
import { ScramCredentialCache } from '../../../src/security/scram/scram-credential-cache';
import { ScramFormatter } from '../../../src/security/scram/scram-formatter';

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, info() {}, warn() {}, error: (m) => errors.push(m) };
}

const sha256 = new ScramFormatter('sha256').generateCredential('alice-secret', 8192);
const sha512 = new ScramFormatter('sha512').generateCredential('alice-secret', 4096);
const text256 = credentialToString(sha256);
const text512 = credentialToString(sha512);

describe('ScramCredentialCache (CredentialProvider.updateCredentials)', () => {
  it('keeps each mechanism of a user from the user entity config, ignoring quota keys', () => {
    const cache = new ScramCredentialCache(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
    cache.update('alice', new Map([['SCRAM-SHA-256', text256], ['SCRAM-SHA-512', text512], ['producer_byte_rate', '1024']]));
    expect(cache.get('SCRAM-SHA-256', 'alice')).toEqual(sha256);
    expect(cache.get('SCRAM-SHA-512', 'alice')).toEqual(sha512);
    expect(cache.get('PLAIN', 'alice')).toBeUndefined();
    expect(cache.get('SCRAM-SHA-256', 'bob')).toBeUndefined();
  });

  it('removes a mechanism the new config no longer has, and the whole user on remove()', () => {
    const cache = new ScramCredentialCache(['SCRAM-SHA-256', 'SCRAM-SHA-512']);
    cache.update('alice', new Map([['SCRAM-SHA-256', text256], ['SCRAM-SHA-512', text512]]));
    cache.update('alice', new Map([['SCRAM-SHA-256', text256]]));
    expect(cache.get('SCRAM-SHA-512', 'alice')).toBeUndefined();
    expect(cache.get('SCRAM-SHA-256', 'alice')).toEqual(sha256);
    cache.update('bob', new Map([['SCRAM-SHA-512', text512]]));
    cache.remove('alice');
    expect(cache.get('SCRAM-SHA-256', 'alice')).toBeUndefined();
    expect(cache.get('SCRAM-SHA-512', 'bob')).toEqual(sha512);
  });

  it('has no cache for a mechanism the broker does not enable', () => {
    const cache = new ScramCredentialCache(['SCRAM-SHA-512']);
    cache.update('alice', new Map([['SCRAM-SHA-256', text256], ['SCRAM-SHA-512', text512]]));
    expect(cache.get('SCRAM-SHA-256', 'alice')).toBeUndefined();
    expect(cache.get('SCRAM-SHA-512', 'alice')).toEqual(sha512);
  });

  it('logs and skips a malformed value, keeping the previous credential, and still updates the other mechanism', () => {
    const logger = recordingLogger();
    const cache = new ScramCredentialCache(['SCRAM-SHA-256', 'SCRAM-SHA-512'], logger);
    cache.update('alice', new Map([['SCRAM-SHA-256', text256]]));
    cache.update('alice', new Map([['SCRAM-SHA-256', 'salt=QQ==,oops'], ['SCRAM-SHA-512', text512]]));
    expect(cache.get('SCRAM-SHA-256', 'alice')).toEqual(sha256);
    expect(cache.get('SCRAM-SHA-512', 'alice')).toEqual(sha512);
    cache.update('alice', new Map([['SCRAM-SHA-256', text256.replace('iterations=8192', 'iterations=lots')]]));
    expect(logger.errors).toEqual([
      'Invalid SCRAM-SHA-256 credential of user alice in ZooKeeper, ignored: Credentials not valid',
      'Invalid SCRAM-SHA-256 credential of user alice in ZooKeeper, ignored: For input string: "lots"',
    ]);
    expect(logger.errors.join('\n')).not.toContain('stored_key');
  });
});
