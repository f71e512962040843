// JAAS configuration given inline as a `sasl.jaas.config` value (Kafka 2.4.1's JaasConfig and
// JaasContext.load):  <loginModuleClass> <controlFlag> (<optionName>=<optionValue>)*;
// Tokens come from Java's StreamTokenizer (see java-stream-tokenizer.ts), so values are words or
// quoted strings, and the same inputs are accepted and refused as by Kafka, with Kafka's
// messages. An inline value must hold exactly one login module.

import { JavaStreamTokenizer, TT_EOF } from './java-stream-tokenizer';

export const PLAIN_LOGIN_MODULE = 'org.apache.kafka.common.security.plain.PlainLoginModule';
export const SCRAM_LOGIN_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule';

export type LoginModuleControlFlag = 'required' | 'requisite' | 'sufficient' | 'optional';

export interface JaasConfigEntry {
  readonly loginModule: string;
  readonly controlFlag: LoginModuleControlFlag;
  readonly options: ReadonlyMap<string, string>;
}

/**
 * A value Kafka refuses (its IllegalArgumentException). `message` is Kafka's own, empty where
 * Kafka's has none (a login module name that is not a word or is an empty string).
 */
export class JaasConfigError extends Error {
  constructor(
    message: string,
    /** The property the value came from, e.g. listener.name.sasl_plaintext.plain.sasl.jaas.config. */
    readonly property: string,
  ) {
    super(message);
    this.name = 'JaasConfigError';
  }

  /** As Java prints the exception (the broker's startup failure wraps it in a KafkaException). */
  get javaException(): string {
    return this.message === '' ? 'java.lang.IllegalArgumentException' : `java.lang.IllegalArgumentException: ${this.message}`;
  }
}

const SEMICOLON = ';'.charCodeAt(0);
const EQUALS = '='.charCodeAt(0);
const CONTROL_FLAGS: readonly LoginModuleControlFlag[] = ['required', 'requisite', 'sufficient', 'optional'];

function controlFlag(flag: string | null, property: string): LoginModuleControlFlag {
  if (flag === null) throw new JaasConfigError('Login module control flag is not available in the JAAS config', property);
  const lower = flag.toLowerCase() as LoginModuleControlFlag;
  if (!CONTROL_FLAGS.includes(lower)) throw new JaasConfigError(`Invalid login module control flag '${flag}' in JAAS config`, property);
  return lower;
}

function parseEntry(tokenizer: JavaStreamTokenizer, property: string): JaasConfigEntry {
  const loginModule = tokenizer.sval;
  if (tokenizer.nextToken() === TT_EOF) throw new JaasConfigError('Login module control flag not specified in JAAS config', property);
  const flag = controlFlag(tokenizer.sval, property);
  const options = new Map<string, string>();
  while (tokenizer.nextToken() !== TT_EOF && tokenizer.ttype !== SEMICOLON) {
    // Java prints a missing key (a number or a punctuation character) as 'null'.
    const key = tokenizer.sval;
    if (tokenizer.nextToken() !== EQUALS || tokenizer.nextToken() === TT_EOF || tokenizer.sval === null) {
      throw new JaasConfigError(`Value not specified for key '${key}' in JAAS config`, property);
    }
    // Kafka keeps an option without a key under null, where no lookup ever finds it.
    if (key !== null) options.set(key, tokenizer.sval);
  }
  if (tokenizer.ttype !== SEMICOLON) throw new JaasConfigError('JAAS config entry not terminated by semi-colon', property);
  // javax.security.auth.login.AppConfigurationEntry refuses a missing name, without a message.
  if (loginModule === null || loginModule === '') throw new JaasConfigError('', property);
  return { loginModule, controlFlag: flag, options };
}

/** Every entry of a JAAS text (Kafka's JaasConfig); at least one. */
export function parseJaasConfigEntries(text: string, property: string): JaasConfigEntry[] {
  const tokenizer = new JavaStreamTokenizer(text);
  const entries: JaasConfigEntry[] = [];
  while (tokenizer.nextToken() !== TT_EOF) entries.push(parseEntry(tokenizer, property));
  if (entries.length === 0) throw new JaasConfigError('Login module not specified in JAAS config', property);
  return entries;
}

/** A `sasl.jaas.config` value (JaasContext.load): exactly one login module. */
export function parseJaasConfig(text: string, property: string): JaasConfigEntry {
  const entries = parseJaasConfigEntries(text, property);
  if (entries.length !== 1) throw new JaasConfigError(`JAAS config property contains ${entries.length} login modules, should be 1 module`, property);
  return entries[0]!;
}

/** JaasContext.configEntryOption: `key` from the first entry (of `loginModule`, if given) that has it. */
export function jaasOption(entries: readonly JaasConfigEntry[], key: string, loginModule?: string): string | undefined {
  for (const entry of entries) {
    if (loginModule !== undefined && entry.loginModule !== loginModule) continue;
    const value = entry.options.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}
