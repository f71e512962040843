// The SCRAM computations of RFC 5802 (Kafka 2.4.1's ScramFormatter) on node:crypto, for any
// digest: Hi is PBKDF2 with the digest's HMAC and one block, so pbkdf2Sync computes it. Kafka
// "normalizes" a password by taking its UTF-8 bytes (no SASLprep), and its nonces and salts are
// the base-36 text of a random 130-bit number; both are reproduced here, since the salt stored in
// ZooKeeper is that text's bytes.

import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { ScramDigest } from './scram-mechanism';

const DIGEST_LENGTH: Record<ScramDigest, number> = { sha1: 20, sha256: 32, sha512: 64 };

/** A credential as the broker stores it (Kafka's ScramCredential): never the password itself. */
export interface ScramCredential {
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
  readonly iterations: number;
}

/** What Java's javax.crypto refuses: an HMAC key of no bytes (so an empty password). */
export class EmptyKeyError extends Error {
  constructor() {
    super('Empty key');
  }
}

export function xor(first: Buffer, second: Buffer): Buffer {
  // Java's IllegalArgumentException: a proof of the wrong length is not a SaslException in Kafka.
  if (first.length !== second.length) throw new Error('Argument arrays must be of the same length');
  const result = Buffer.alloc(first.length);
  for (let i = 0; i < result.length; i++) result[i] = first[i]! ^ second[i]!;
  return result;
}

/** new BigInteger(130, secureRandom).toString(36): the text of Kafka's nonces and salts. */
export function secureRandomString(): string {
  const bytes = randomBytes(17);
  bytes[0]! &= 0x03; // 136 random bits less the top 6
  return BigInt(`0x${bytes.toString('hex')}`).toString(36);
}

/** RFC 5802 saslname: ',' and '=' escaped as =2C and =3D. */
export function saslName(username: string): string {
  return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** The reverse of saslName; a '=' that starts no escape is refused (Kafka's IllegalArgumentException). */
export function usernameFromSaslName(name: string): string {
  const commas = name.replace(/=2C/g, ',');
  if (commas.replace(/=3D/g, '').includes('=')) throw new Error(`Invalid username: ${name}`);
  return commas.replace(/=3D/g, '=');
}

/** client-first-message-bare "," server-first-message "," client-final-message-without-proof */
export function authMessage(clientFirstMessageBare: string, serverFirstMessage: string, clientFinalMessageWithoutProof: string): Buffer {
  return Buffer.from(`${clientFirstMessageBare},${serverFirstMessage},${clientFinalMessageWithoutProof}`, 'utf8');
}

export class ScramFormatter {
  constructor(readonly digest: ScramDigest) {}

  hmac(key: Buffer, data: Buffer): Buffer {
    if (key.length === 0) throw new EmptyKeyError();
    return createHmac(this.digest, key).update(data).digest();
  }

  hash(data: Buffer): Buffer {
    return createHash(this.digest).update(data).digest();
  }

  /** Hi(str, salt, i) of RFC 5802. */
  hi(str: Buffer, salt: Buffer, iterations: number): Buffer {
    if (str.length === 0) throw new EmptyKeyError();
    return pbkdf2Sync(str, salt, iterations, DIGEST_LENGTH[this.digest], this.digest);
  }

  saltedPassword(password: string, salt: Buffer, iterations: number): Buffer {
    return this.hi(Buffer.from(password, 'utf8'), salt, iterations);
  }

  clientKey(saltedPassword: Buffer): Buffer {
    return this.hmac(saltedPassword, Buffer.from('Client Key'));
  }

  serverKey(saltedPassword: Buffer): Buffer {
    return this.hmac(saltedPassword, Buffer.from('Server Key'));
  }

  storedKey(clientKey: Buffer): Buffer {
    return this.hash(clientKey);
  }

  clientSignature(storedKey: Buffer, message: Buffer): Buffer {
    return this.hmac(storedKey, message);
  }

  clientProof(saltedPassword: Buffer, message: Buffer): Buffer {
    const clientKey = this.clientKey(saltedPassword);
    return xor(clientKey, this.clientSignature(this.storedKey(clientKey), message));
  }

  /** What the server recomputes from a proof: H(ClientSignature XOR ClientProof), to compare with the stored key. */
  storedKeyFromProof(clientSignature: Buffer, clientProof: Buffer): Buffer {
    return this.hash(xor(clientSignature, clientProof));
  }

  serverSignature(serverKey: Buffer, message: Buffer): Buffer {
    return this.hmac(serverKey, message);
  }

  /** ScramFormatter.generateCredential; `salt` defaults to Kafka's (the UTF-8 bytes of secureRandomString()). */
  generateCredential(password: string, iterations: number, salt: Buffer = Buffer.from(secureRandomString(), 'utf8')): ScramCredential {
    const salted = this.saltedPassword(password, salt, iterations);
    return { salt, storedKey: this.storedKey(this.clientKey(salted)), serverKey: this.serverKey(salted), iterations };
  }
}
