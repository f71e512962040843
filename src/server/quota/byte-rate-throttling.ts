// The quota step of KafkaApis.handleProduceRequest and handleFetchRequest, for the Produce and
// Fetch handlers: both the byte rate and the request quota are recorded, the larger throttle
// time is what the response carries and how long the connection is muted.
//
// Produce charges the whole request's size (header and body, Kafka's numBytesAppended) to
// producer_byte_rate; acks=0 is exempt from the request quota but not from the byte rate.
// Fetch charges the response's size before any down-conversion to consumer_byte_rate; when
// either quota throttles, the bytes are taken back and the answer is empty (no partitions,
// Kafka's FetchContext.getThrottledResponse), so a throttled consumer is not sent data it would
// be charged for again. Follower fetches are exempt from both (replication has its own quotas).

import type { RequestContext } from '../apis/api-handler';
import type { ClientQuotas } from './client-quotas';

/** Records a produce request against the quotas and mutes the connection if over; answers throttle_time_ms. */
export function produceThrottleTimeMs(quotas: ClientQuotas, ctx: RequestContext, acks: number): number {
  const bandwidthMs = quotas.produce.maybeRecordAndGetThrottleTimeMs(ctx.principal, ctx.clientId, quotas.requestBytes(ctx), quotas.time.now());
  let requestMs = 0;
  if (acks === 0) quotas.exemptFromRequestQuota(ctx);
  else requestMs = quotas.recordRequestTime(ctx);
  const throttleMs = Math.max(bandwidthMs, requestMs);
  quotas.throttle(ctx, throttleMs);
  return throttleMs;
}

/**
 * Records a consumer's fetch against the quotas and mutes the connection if over; answers
 * throttle_time_ms, and a fetch answered with more than 0 must be sent empty. `responseSize` is
 * only asked when a consumer byte rate is configured.
 */
export function fetchThrottleTimeMs(quotas: ClientQuotas, ctx: RequestContext, responseSize: () => number): number {
  const requestMs = quotas.recordRequestTime(ctx);
  const fetch = quotas.fetch;
  const size = fetch.quotasEnabled ? responseSize() : 0;
  const now = quotas.time.now();
  const bandwidthMs = fetch.maybeRecordAndGetThrottleTimeMs(ctx.principal, ctx.clientId, size, now);
  const throttleMs = Math.max(bandwidthMs, requestMs);
  if (throttleMs > 0) {
    if (fetch.quotasEnabled) fetch.unrecordQuotaSensor(ctx.principal, ctx.clientId, size, now);
    quotas.throttle(ctx, throttleMs);
  }
  return throttleMs;
}
