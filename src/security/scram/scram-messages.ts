// The four SCRAM messages of RFC 5802, parsed and written as Kafka 2.4.1's ScramMessages does:
// the same grammar (Java's patterns, with their character-class intersections spelled out), only
// gs2 header "n" (no channel binding), and extensions kept as a map (a client-first message's
// bare form is rebuilt from that map in java.util.HashMap order, which is what the server signs).
// A message that does not match is a SaslError, as Kafka's SaslException.

import { javaHashMapOrder } from '../../common/jvm-order/java-hash-map-order';
import { SaslError } from '../sasl/sasl-errors';

const ALPHA = '[A-Za-z]+';
/** [\x01-\x7F&&[^=,]] */
const VALUE_SAFE = '[\\x01-\\x2B\\x2D-\\x3C\\x3E-\\x7F]+';
/** [\x01-\x7F&&[^,]] */
const VALUE = '[\\x01-\\x2B\\x2D-\\x7F]+';
/** [\x21-\x7E&&[^,]] */
const PRINTABLE = '[\\x21-\\x2B\\x2D-\\x7E]+';
const SASLNAME = '(?:[\\x01-\\x2B\\x2D-\\x3C\\x3E-\\x7F]|=2C|=3D)+';
const BASE64_CHAR = '[a-zA-Z0-9/+]';
const BASE64 = `(?:${BASE64_CHAR}{4})*(?:${BASE64_CHAR}{3}=|${BASE64_CHAR}{2}==)?`;
const RESERVED = `(?:m=${VALUE},)?`;
const EXTENSIONS = `(?:,${ALPHA}=${VALUE})*`;

const CLIENT_FIRST = new RegExp(`^n,(?:a=(?<authzid>${SASLNAME}))?,${RESERVED}n=(?<saslname>${SASLNAME}),r=(?<nonce>${PRINTABLE})(?<extensions>${EXTENSIONS})$`);
const SERVER_FIRST = new RegExp(`^${RESERVED}r=(?<nonce>${PRINTABLE}),s=(?<salt>${BASE64}),i=(?<iterations>[0-9]+)${EXTENSIONS}$`);
const CLIENT_FINAL = new RegExp(`^c=(?<channel>${BASE64}),r=(?<nonce>${PRINTABLE})${EXTENSIONS},p=(?<proof>${BASE64})$`);
const SERVER_FINAL = new RegExp(`^(?:e=(?<error>${VALUE_SAFE})|v=(?<signature>${BASE64})${EXTENSIONS})$`);

const INT_MAX = 2 ** 31 - 1;

export interface ClientFirstMessage {
  /** The user name as sent: ',' and '=' still escaped. */
  readonly saslName: string;
  readonly nonce: string;
  /** From the gs2 header's a=, '' when absent; compared to the user name as sent, unescaped or not. */
  readonly authorizationId: string;
  readonly extensions: ReadonlyMap<string, string>;
}

export interface ServerFirstMessage {
  /** The client's nonce followed by the server's. */
  readonly nonce: string;
  readonly salt: Buffer;
  readonly iterations: number;
}

export interface ClientFinalMessage {
  readonly channelBinding: Buffer;
  readonly nonce: string;
  readonly proof: Buffer;
}

export type ServerFinalMessage = { readonly error: string } | { readonly serverSignature: Buffer };

/** Utils.parseMap(s, "=", ","): later keys win. */
function parseExtensions(text: string): Map<string, string> {
  const extensions = new Map<string, string>();
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    extensions.set(pair.slice(0, equals), pair.slice(equals + 1));
  }
  return extensions;
}

export function parseClientFirstMessage(bytes: Buffer): ClientFirstMessage {
  const message = bytes.toString('utf8');
  const match = CLIENT_FIRST.exec(message);
  if (match === null) throw new SaslError(`Invalid SCRAM client first message format: ${message}`);
  const groups = match.groups!;
  const extensions = groups.extensions!;
  return {
    saslName: groups.saslname!,
    nonce: groups.nonce!,
    authorizationId: groups.authzid ?? '',
    extensions: extensions.startsWith(',') ? parseExtensions(extensions.slice(1)) : new Map(),
  };
}

/** client-first-message-bare: n=<saslname>,r=<nonce>[,<extensions>] */
export function clientFirstMessageBare(message: ClientFirstMessage): string {
  const extensions = javaHashMapOrder([...message.extensions], ([key]) => key)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  return extensions === '' ? `n=${message.saslName},r=${message.nonce}` : `n=${message.saslName},r=${message.nonce},${extensions}`;
}

export function formatClientFirstMessage(message: ClientFirstMessage): Buffer {
  return Buffer.from(`n,${message.authorizationId},${clientFirstMessageBare(message)}`, 'utf8');
}

export function parseServerFirstMessage(bytes: Buffer): ServerFirstMessage {
  const message = bytes.toString('utf8');
  const match = SERVER_FIRST.exec(message);
  if (match === null) throw new SaslError(`Invalid SCRAM server first message format: ${message}`);
  const groups = match.groups!;
  const iterations = Number(groups.iterations);
  if (iterations > INT_MAX) throw new SaslError('Invalid SCRAM server first message format: invalid iterations');
  if (iterations <= 0) throw new SaslError(`Invalid SCRAM server first message format: invalid iterations ${iterations}`);
  return { nonce: groups.nonce!, salt: Buffer.from(groups.salt!, 'base64'), iterations };
}

/** server-first-message: r=<nonce>,s=<salt>,i=<iterations>, also part of the signed auth message. */
export function serverFirstMessageText(message: ServerFirstMessage): string {
  return `r=${message.nonce},s=${message.salt.toString('base64')},i=${message.iterations}`;
}

export function parseClientFinalMessage(bytes: Buffer): ClientFinalMessage {
  const message = bytes.toString('utf8');
  const match = CLIENT_FINAL.exec(message);
  if (match === null) throw new SaslError(`Invalid SCRAM client final message format: ${message}`);
  const groups = match.groups!;
  return { channelBinding: Buffer.from(groups.channel!, 'base64'), nonce: groups.nonce!, proof: Buffer.from(groups.proof!, 'base64') };
}

/** client-final-message-without-proof: c=<base64 channel binding>,r=<nonce> */
export function clientFinalMessageWithoutProof(channelBinding: Buffer, nonce: string): string {
  return `c=${channelBinding.toString('base64')},r=${nonce}`;
}

export function formatClientFinalMessage(message: ClientFinalMessage): Buffer {
  return Buffer.from(`${clientFinalMessageWithoutProof(message.channelBinding, message.nonce)},p=${message.proof.toString('base64')}`, 'utf8');
}

export function parseServerFinalMessage(bytes: Buffer): ServerFinalMessage {
  const message = bytes.toString('utf8');
  const match = SERVER_FINAL.exec(message);
  if (match === null) throw new SaslError(`Invalid SCRAM server final message format: ${message}`);
  const groups = match.groups!;
  return groups.error !== undefined ? { error: groups.error } : { serverSignature: Buffer.from(groups.signature!, 'base64') };
}

export function formatServerFinalMessage(message: ServerFinalMessage): Buffer {
  return Buffer.from('error' in message ? `e=${message.error}` : `v=${message.serverSignature.toString('base64')}`, 'utf8');
}
