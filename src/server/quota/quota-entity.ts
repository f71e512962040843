// Who a client quota is for, as Kafka 2.4.1's ClientQuotaManager names it: a user (its principal's
// name, sanitized), a client id, both, or a default in place of either (`<default>` in
// ZooKeeper: /config/users/<default>, /config/clients/<default>, /config/users/u/clients/<default>).
//
// Users are kept sanitized (URL-encoded, as ZooKeeper stores them) and client ids decoded, the
// same asymmetry as Kafka's UserEntity(sanitizedUser) and ClientIdEntity(clientId), because
// lookups come from a request's principal name (sanitized on the way in) and its raw client id.

import { DEFAULT_CONFIG_ENTITY } from '../../zk';

/** users/<default> or clients/<default> in ZooKeeper (Kafka's ConfigEntityName.Default). */
export const DEFAULT_ENTITY_NAME = DEFAULT_CONFIG_ENTITY;

/** A user side: a sanitized user name, or the default user. */
export type UserEntity = { readonly kind: 'user'; readonly sanitizedUser: string } | { readonly kind: 'default-user' };
/** A client-id side: a client id as the client sends it, or the default client id. */
export type ClientIdEntity = { readonly kind: 'client-id'; readonly clientId: string } | { readonly kind: 'default-client-id' };

/** Kafka's KafkaQuotaEntity: a user, a client id, or both. */
export interface QuotaEntity {
  readonly user?: UserEntity;
  readonly clientId?: ClientIdEntity;
}

export const DEFAULT_USER: UserEntity = { kind: 'default-user' };
export const DEFAULT_CLIENT_ID: ClientIdEntity = { kind: 'default-client-id' };

export const userEntity = (sanitizedUser: string): UserEntity => ({ kind: 'user', sanitizedUser });
export const clientIdEntity = (clientId: string): ClientIdEntity => ({ kind: 'client-id', clientId });

/**
 * A map key for an entity. The user part never holds '|' (sanitized names are URL-encoded), so
 * the first '|' always ends it whatever the client id holds: distinct entities, distinct keys.
 */
export function entityKey(entity: QuotaEntity): string {
  const user = entity.user === undefined ? '' : entity.user.kind === 'default-user' ? 'D' : `U${entity.user.sanitizedUser}`;
  const client = entity.clientId === undefined ? '' : entity.clientId.kind === 'default-client-id' ? 'D' : `C${entity.clientId.clientId}`;
  return `${user}|${client}`;
}

/** How Kafka logs an entity ("user alice client-id app", "default user", ...). */
export function describeEntity(entity: QuotaEntity): string {
  const user = entity.user === undefined ? '' : entity.user.kind === 'default-user' ? 'default user' : `user ${entity.user.sanitizedUser}`;
  const client = entity.clientId === undefined ? '' : entity.clientId.kind === 'default-client-id' ? 'default client-id' : `client-id ${entity.clientId.clientId}`;
  return `${user} ${client}`.trim();
}

/** Characters Sanitizer.sanitize leaves alone: URLEncoder's safe set minus '*' (which it turns into %2A). */
const SAFE = /^[A-Za-z0-9._-]*$/;

/**
 * Kafka's Sanitizer.sanitize: URLEncoder.encode(name, UTF-8) with '*' as %2A and space as %20
 * (URLEncoder's '+'), so the result is a valid znode name and JMX-safe.
 */
export function sanitize(name: string): string {
  if (SAFE.test(name)) return name;
  // Java encodes a lone surrogate as '?', where Buffer.from would write U+FFFD.
  const bytes = Buffer.from(name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?'), 'utf8');
  let out = '';
  for (const byte of bytes) {
    const isSafe = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || byte === 0x2e || byte === 0x2d || byte === 0x5f;
    out += isSafe ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Kafka's Sanitizer.desanitize (URLDecoder.decode: '+' is a space, %XX are UTF-8 bytes). */
export function desanitize(name: string): string {
  return decodeURIComponent(name.replace(/\+/g, ' '));
}
