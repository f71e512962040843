import { JavaBase64Error, javaBase64Decode } from '../../../src/security/scram/java-base64';
import { ScramCredentialFormatError, credentialFromString, credentialToString } from '../../../src/security/scram/scram-credential-text';
import { ScramFormatter } from '../../../src/security/scram/scram-formatter';
import { RECORDED_SCRAM_EXCHANGES } from './kafka-recorded-exchanges';

// java.util.Base64.getDecoder().decode(String), recorded on the anchor's JVM.
const JAVA_BASE64: ReadonlyArray<[string, { hex: string } | { error: string }]> = [
  ['', { hex: '' }],
  ['QQ==', { hex: '41' }],
  ['QQ', { hex: '41' }],
  ['QUI=', { hex: '4142' }],
  ['QUI', { hex: '4142' }],
  ['QUJD', { hex: '414243' }],
  ['Q', { error: 'Input byte[] should at least have 2 bytes for base64 bytes' }],
  ['QQ=', { error: 'Input byte array has wrong 4-byte ending unit' }],
  ['=', { error: 'Input byte[] should at least have 2 bytes for base64 bytes' }],
  ['QUJD=', { error: 'Input byte array has wrong 4-byte ending unit' }],
  ['QQ==QQ==', { error: 'Input byte array has incorrect ending byte at 4' }],
  ['QQ==x', { error: 'Input byte array has incorrect ending byte at 4' }],
  ['QUI=x', { error: 'Input byte array has incorrect ending byte at 4' }],
  ['Q===', { error: 'Last unit does not have enough valid bits' }],
  ['QU I=', { error: 'Illegal base64 character 20' }],
  ['QUJ-', { error: 'Illegal base64 character 2d' }],
  ['QUJ_', { error: 'Illegal base64 character 5f' }],
  ['é', { error: 'Input byte[] should at least have 2 bytes for base64 bytes' }],
  ['QR==', { hex: '41' }],
  ['QUJDRA', { hex: '41424344' }],
  ['QUJDR', { error: 'Last unit does not have enough valid bits' }],
  ['QUJDRA==', { hex: '41424344' }],
  ['QUJDé', { error: 'Illegal base64 character -17' }],
];

describe('java.util.Base64 basic decoder', () => {
  it.each(JAVA_BASE64)('%j', (text, expected) => {
    if ('hex' in expected) expect(javaBase64Decode(text).toString('hex')).toBe(expected.hex);
    else expect(() => javaBase64Decode(text)).toThrow(new JavaBase64Error(expected.error));
  });
});

describe('SCRAM credential text (ScramCredentialUtils)', () => {
  it('reads what kafka-configs stores and writes it back unchanged', () => {
    for (const { credential } of RECORDED_SCRAM_EXCHANGES) expect(credentialToString(credentialFromString(credential))).toBe(credential);
  });

  it('computes the stored text Kafka computes for the same salt, password and iterations', () => {
    for (const { mechanism, password, credential } of RECORDED_SCRAM_EXCHANGES) {
      const stored = credentialFromString(credential);
      const formatter = new ScramFormatter(mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512');
      expect(credentialToString(formatter.generateCredential(password, stored.iterations, stored.salt))).toBe(credential);
    }
  });

  it('stores the salt as the bytes of a base-36 number, as Kafka does', () => {
    for (const { credential } of RECORDED_SCRAM_EXCHANGES) expect(credentialFromString(credential).salt.toString('utf8')).toMatch(/^[0-9a-z]{1,26}$/);
    const generated = new ScramFormatter('sha256').generateCredential('secret', 4096);
    expect(generated.salt.toString('utf8')).toMatch(/^[0-9a-z]{1,26}$/);
    expect(credentialToString(generated)).toMatch(/^salt=[A-Za-z0-9+/=]+,stored_key=[A-Za-z0-9+/]{43}=,server_key=[A-Za-z0-9+/]{43}=,iterations=4096$/);
  });

  const valid = RECORDED_SCRAM_EXCHANGES[0]!.credential;
  it.each([
    ['', 'Credentials not valid: '],
    ['salt=QQ==,stored_key=QQ==,server_key=QQ==', 'Credentials not valid: salt=QQ==,stored_key=QQ==,server_key=QQ=='],
    ['salt=QQ==,stored_key=QQ==,server_key=QQ==,iterations=1,extra=1', 'Credentials not valid: salt=QQ==,stored_key=QQ==,server_key=QQ==,iterations=1,extra=1'],
    ['salt=QQ==,stored_key=QQ==,server_key=QQ==,,iterations=1', 'Credentials not valid: salt=QQ==,stored_key=QQ==,server_key=QQ==,,iterations=1'],
    ['=x,salt=QQ==,stored_key=QQ==,server_key=QQ==,iterations=1', 'Credentials not valid: =x,salt=QQ==,stored_key=QQ==,server_key=QQ==,iterations=1'],
    ['salt=QQ==,stored_key=QQ==,server_key=QQ==,salt=QQ==', 'Credentials not valid: salt=QQ==,stored_key=QQ==,server_key=QQ==,salt=QQ=='],
    ['salt=Q-==,stored_key=QQ==,server_key=QQ==,iterations=1', 'Illegal base64 character 2d'],
    ['salt=QQ==,stored_key=QQ==,server_key=QQ==,iterations=x', 'For input string: "x"'],
    ['salt=QQ==,stored_key=QQ==,server_key=QQ==,iterations=2147483648', 'For input string: "2147483648"'],
  ])('refuses %j', (text, message) => {
    expect(() => credentialFromString(text)).toThrow(new ScramCredentialFormatError(message));
  });

  it('accepts what Kafka accepts beyond the canonical form', () => {
    // Keys in any order, trailing commas (String.split drops them), unpadded base64, a signed int.
    const c = credentialFromString('iterations=+4096,server_key=QUI,stored_key=QQ,salt=QUJD,,');
    expect(c).toEqual({ salt: Buffer.from('ABC'), storedKey: Buffer.from('A'), serverKey: Buffer.from('AB'), iterations: 4096 });
    expect(credentialFromString(valid).iterations).toBe(8192);
  });
});
