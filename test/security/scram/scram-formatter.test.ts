import {
  EmptyKeyError,
  ScramFormatter,
  authMessage,
  saslName,
  secureRandomString,
  usernameFromSaslName,
  xor,
} from '../../../src/security/scram/scram-formatter';
import { DEFAULT_SCRAM_ITERATIONS, SCRAM_MECHANISMS, isScramMechanism, scramMechanism } from '../../../src/security/scram/scram-mechanism';

// RFC 5802 section 5 (SCRAM-SHA-1) and RFC 7677 section 3 (SCRAM-SHA-256): user "user", password "pencil".
const RFC_VECTORS = [
  {
    rfc: 'RFC 5802 (SHA-1)',
    digest: 'sha1' as const,
    clientFirstBare: 'n=user,r=fyko+d2lbbFgONRv9qkxdawL',
    serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    clientFinalWithoutProof: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j',
    salt: 'QSXCR+Q6sek8bf92',
    proof: 'v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverSignature: 'rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    rfc: 'RFC 7677 (SHA-256)',
    digest: 'sha256' as const,
    clientFirstBare: 'n=user,r=rOprNGfwEbeRWgbNEkqO',
    serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    clientFinalWithoutProof: 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
    proof: 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
];

describe.each(RFC_VECTORS)('SCRAM computations, $rfc test vector', (v) => {
  const formatter = new ScramFormatter(v.digest);
  const salted = formatter.saltedPassword('pencil', Buffer.from(v.salt, 'base64'), 4096);
  const signed = authMessage(v.clientFirstBare, v.serverFirst, v.clientFinalWithoutProof);

  it('gives the client proof of the RFC', () => {
    expect(formatter.clientProof(salted, signed).toString('base64')).toBe(v.proof);
  });

  it('gives the server signature of the RFC', () => {
    expect(formatter.serverSignature(formatter.serverKey(salted), signed).toString('base64')).toBe(v.serverSignature);
  });

  it('lets the server recover the stored key from the proof, and only from the right one', () => {
    const storedKey = formatter.storedKey(formatter.clientKey(salted));
    const signature = formatter.clientSignature(storedKey, signed);
    expect(formatter.storedKeyFromProof(signature, Buffer.from(v.proof, 'base64'))).toEqual(storedKey);
    const wrong = Buffer.from(v.proof, 'base64');
    wrong[0]! ^= 1;
    expect(formatter.storedKeyFromProof(signature, wrong)).not.toEqual(storedKey);
  });

  it('computes Hi as RFC 5802 defines it (U1 xor ... xor Ui)', () => {
    const salt = Buffer.from(v.salt, 'base64');
    const password = Buffer.from('pencil');
    let u = formatter.hmac(password, Buffer.concat([salt, Buffer.from([0, 0, 0, 1])]));
    let result = u;
    for (let i = 2; i <= 3; i++) {
      u = formatter.hmac(password, u);
      result = xor(result, u);
    }
    expect(formatter.hi(password, salt, 3)).toEqual(result);
  });
});

describe('SCRAM helpers (ScramFormatter)', () => {
  it('escapes , and = in user names both ways, and refuses a stray =', () => {
    expect(saslName('a,b=c')).toBe('a=2Cb=3Dc');
    expect(usernameFromSaslName('a=2Cb=3Dc')).toBe('a,b=c');
    expect(usernameFromSaslName('=3D2C')).toBe('=2C');
    expect(() => usernameFromSaslName('a=b')).toThrow('Invalid username: a=b');
  });

  it('makes nonces as Kafka does: base-36 text of a random 130-bit number', () => {
    const nonces = Array.from({ length: 200 }, () => secureRandomString());
    for (const nonce of nonces) {
      expect(nonce).toMatch(/^[0-9a-z]+$/);
      expect(parseBig36(nonce) < 2n ** 130n).toBe(true);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
    // 36^25 < 2^130 < 36^26: about 41% of the numbers have 26 digits, the rest fewer.
    const long = nonces.filter((n) => n.length === 26).length;
    expect(long).toBeGreaterThan(50);
    expect(long).toBeLessThan(120);
  });

  it('refuses an empty password as Java refuses an empty HMAC key', () => {
    expect(() => new ScramFormatter('sha256').generateCredential('', 4096)).toThrow(EmptyKeyError);
    expect(() => new ScramFormatter('sha256').generateCredential('', 4096)).toThrow('Empty key');
  });

  it('xors only equal lengths (Kafka: IllegalArgumentException)', () => {
    expect(xor(Buffer.from([1, 2]), Buffer.from([3, 3]))).toEqual(Buffer.from([2, 1]));
    expect(() => xor(Buffer.from([1]), Buffer.from([1, 2]))).toThrow('Argument arrays must be of the same length');
  });
});

describe('SCRAM mechanisms (ScramMechanism)', () => {
  it('are SCRAM-SHA-256 and SCRAM-SHA-512 with 4096 minimum iterations, 4096 by default', () => {
    expect(SCRAM_MECHANISMS.map((m) => [m.mechanismName, m.enumName, m.digest, m.minIterations])).toEqual([
      ['SCRAM-SHA-256', 'SCRAM_SHA_256', 'sha256', 4096],
      ['SCRAM-SHA-512', 'SCRAM_SHA_512', 'sha512', 4096],
    ]);
    expect(DEFAULT_SCRAM_ITERATIONS).toBe(4096);
    expect(scramMechanism('SCRAM-SHA-1')).toBeUndefined();
    expect(isScramMechanism('scram-sha-256')).toBe(false);
    expect(isScramMechanism('SCRAM-SHA-512')).toBe(true);
  });
});

function parseBig36(text: string): bigint {
  return [...text].reduce((n, c) => n * 36n + BigInt(parseInt(c, 36)), 0n);
}
