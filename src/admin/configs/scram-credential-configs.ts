// kafka-configs' SCRAM credentials (Kafka 2.4.1's ConfigCommand.preProcessScramCredentials): for
// a user, `SCRAM-SHA-256=[iterations=8192,password=secret]` is replaced by the credential Kafka
// stores (salt, stored_key, server_key, iterations) before the config is written, so no password
// reaches ZooKeeper. Kafka's quirks are kept: iterations must come first (after the password
// everything is password), default 4096, and errors name the mechanism by its enum constant.

import { ScramFormatter } from '../../security/scram/scram-formatter';
import { credentialToString } from '../../security/scram/scram-credential-text';
import { DEFAULT_SCRAM_ITERATIONS, SCRAM_MECHANISMS, type ScramMechanism } from '../../security/scram/scram-mechanism';
import { ConfigCommandError } from './config-command-options';

// Scala's full match of "(?:iterations=([0-9]*),)?password=(.*)"; '.' stops at Java's line terminators.
const CREDENTIAL_PROPERTY = /^(?:iterations=([0-9]*),)?password=([^\n\r\u0085\u2028\u2029]*)$/;

/** String.toInt: Java's Integer.parseInt, whose NumberFormatException the tool prints alone. */
function toInt(text: string): number {
  const value = Number(text);
  if (text === '' || !Number.isInteger(value) || value > 2 ** 31 - 1) throw new ConfigCommandError(`For input string: "${text}"`);
  return value;
}

function scramCredential(mechanism: ScramMechanism, property: string): string {
  const match = CREDENTIAL_PROPERTY.exec(property);
  if (match === null) throw new ConfigCommandError(`Invalid credential property ${mechanism.enumName}=${property}`);
  const iterations = match[1] === undefined ? DEFAULT_SCRAM_ITERATIONS : toInt(match[1]);
  const password = match[2]!;
  if (iterations < mechanism.minIterations) {
    throw new ConfigCommandError(`Iterations ${iterations} is less than the minimum ${mechanism.minIterations} required for ${mechanism.enumName}`);
  }
  // An empty password is an empty HMAC key, which Java refuses with IllegalArgumentException("Empty key").
  if (password === '') throw new ConfigCommandError('Empty key');
  return credentialToString(new ScramFormatter(mechanism.digest).generateCredential(password, iterations));
}

/** Replaces, in place, each SCRAM mechanism's `[iterations=N,]password=P` by its stored form. */
export function preProcessScramCredentials(configs: Map<string, string>): void {
  for (const mechanism of SCRAM_MECHANISMS) {
    const property = configs.get(mechanism.mechanismName);
    if (property !== undefined) configs.set(mechanism.mechanismName, scramCredential(mechanism, property));
  }
}
