// The text form of a SCRAM credential, as Kafka 2.4.1's ScramCredentialUtils writes it into a
// user's config in ZooKeeper (/config/users/<user>, key SCRAM-SHA-256 or SCRAM-SHA-512):
//   salt=<base64>,stored_key=<base64>,server_key=<base64>,iterations=<n>
// Reading is as strict as Kafka's: exactly those four keys, Java's strict base64, Java's int.

import { javaBase64Decode } from './java-base64';
import type { ScramCredential } from './scram-formatter';

/** Kafka's IllegalArgumentException (or NumberFormatException) for a value it cannot read. */
export class ScramCredentialFormatError extends Error {}

const KEYS = ['salt', 'stored_key', 'server_key', 'iterations'];

export function credentialToString(credential: ScramCredential): string {
  const b64 = (bytes: Buffer): string => bytes.toString('base64');
  return `salt=${b64(credential.salt)},stored_key=${b64(credential.storedKey)},server_key=${b64(credential.serverKey)},iterations=${credential.iterations}`;
}

/** Integer.parseInt: an optional sign, decimal digits, within an int. */
function javaParseInt(text: string): number {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new ScramCredentialFormatError(`For input string: "${text}"`);
  const value = Number(text);
  if (value < -(2 ** 31) || value > 2 ** 31 - 1) throw new ScramCredentialFormatError(`For input string: "${text}"`);
  return value;
}

function decode(text: string): Buffer {
  try {
    return javaBase64Decode(text);
  } catch (error) {
    throw new ScramCredentialFormatError((error as Error).message);
  }
}

export function credentialFromString(text: string): ScramCredential {
  const invalid = (): ScramCredentialFormatError => new ScramCredentialFormatError(`Credentials not valid: ${text}`);
  const props = new Map<string, string>();
  const tokens = text.split(',');
  // Java's String.split drops trailing empty strings (but keeps one for an empty input).
  while (tokens.length > 1 && tokens[tokens.length - 1] === '') tokens.pop();
  for (const token of tokens) {
    const index = token.indexOf('=');
    if (index <= 0) throw invalid();
    props.set(token.slice(0, index), token.slice(index + 1));
  }
  if (props.size !== KEYS.length || !KEYS.every((k) => props.has(k))) throw invalid();
  return {
    salt: decode(props.get('salt')!),
    storedKey: decode(props.get('stored_key')!),
    serverKey: decode(props.get('server_key')!),
    iterations: javaParseInt(props.get('iterations')!),
  };
}
