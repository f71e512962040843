// Applies a client or user entity's config from ZooKeeper to the client quotas (Kafka 2.4.1's
// QuotaConfigHandler, ClientIdConfigHandler and UserConfigHandler). An entity is `clients/<c>`,
// `users/<u>` or `users/<u>/clients/<c>`, names sanitized as ZooKeeper holds them (`<default>`
// for a default). Each of producer_byte_rate, consumer_byte_rate and request_percentage is set
// when present and removed when absent, so a deleted entity (an empty config) lifts its quotas.

import { desanitize } from './quota-entity';
import type { ClientQuotas } from './client-quotas';

export const PRODUCER_BYTE_RATE = 'producer_byte_rate';
export const CONSUMER_BYTE_RATE = 'consumer_byte_rate';
export const REQUEST_PERCENTAGE = 'request_percentage';

/** Java's Long.parseLong / Double.parseDouble, failing with NumberFormatException's message. */
function parseNumber(text: string, integral: boolean): number {
  const trimmed = integral ? text : text.trim();
  const valid = integral ? /^[+-]?\d+$/.test(trimmed) : trimmed !== '' && Number.isFinite(Number(trimmed));
  if (!valid) throw new Error(`For input string: "${text}"`);
  return Number(trimmed);
}

/** Where a quota entity path (`clients/app`, `users/alice/clients/<default>`) points. */
export function parseQuotaEntityPath(entityPath: string): { sanitizedUser?: string; sanitizedClientId?: string } {
  const parts = entityPath.split('/');
  if (parts[0] === 'clients' && parts.length === 2) return { sanitizedClientId: parts[1] };
  if (parts[0] === 'users' && (parts.length === 2 || (parts.length === 4 && parts[2] === 'clients'))) {
    return { sanitizedUser: parts[1], sanitizedClientId: parts[3] };
  }
  throw new Error(`Invalid quota entity path: ${entityPath}`);
}

export function applyQuotaConfig(quotas: ClientQuotas, entityPath: string, config: ReadonlyMap<string, string>): void {
  const { sanitizedUser, sanitizedClientId } = parseQuotaEntityPath(entityPath);
  const clientId = sanitizedClientId === undefined ? undefined : desanitize(sanitizedClientId);
  const value = (name: string, integral: boolean) => {
    const text = config.get(name);
    return text === undefined ? undefined : parseNumber(text, integral);
  };
  // In Kafka's order, each one parsed just before it is applied.
  quotas.produce.updateQuota(sanitizedUser, clientId, sanitizedClientId, value(PRODUCER_BYTE_RATE, true));
  quotas.fetch.updateQuota(sanitizedUser, clientId, sanitizedClientId, value(CONSUMER_BYTE_RATE, true));
  quotas.request.updateQuota(sanitizedUser, clientId, sanitizedClientId, value(REQUEST_PERCENTAGE, false));
}
