// The broker's client quotas (Kafka 2.4.1's QuotaFactory.QuotaManagers, client half) and the
// request-quota bookkeeping KafkaApis does around every request.
//
// Byte rates are the Produce and Fetch handlers' business (they know the bytes and, for Fetch,
// must answer empty when throttled); the request quota is applied by the dispatcher to every
// other response through the RequestQuotaHook below, so no handler has to remember it.
//
// What "time spent handling a request" means here. Kafka charges a request the time its request
// handler thread spent on it (from dequeue until KafkaApis.handle returned, or until the quota is
// checked if that comes first), plus, without a throttle check, its network thread's time;
// waiting in purgatory and the work of other threads completing it are not charged. This broker
// has one thread, the event loop, doing the work of both kinds of Kafka thread, so the faithful
// equivalent is the synchronous time the event loop spends on the request inside the
// dispatcher: from just before its body is decoded until its handler's synchronous part returns
// (or until a handler checks the quota itself, if earlier). Time an asynchronous handler spends
// waiting (ZooKeeper, the purgatory, other requests running meanwhile) is not charged, just as a
// Kafka handler thread is free while a request waits. request_percentage=100 is then this
// broker's whole thread, as it is one Kafka thread's worth (Kafka's total capacity is
// (num.io.threads + num.network.threads) * 100%; ours is 100%).
//
// Exempt from the request quota as in KafkaApis: the inter-broker (ClusterAction) APIs
// LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown and WriteTxnMarkers, unless they
// fail their cluster authorization (Kafka's handleError throttles a ClusterAuthorizationException);
// follower fetches and acks=0 produces (their handlers say so); SaslHandshake and
// SaslAuthenticate, which in Kafka are answered by the authenticator before KafkaApis ever sees
// them.
//
// Throttling mutes the connection once the response is written (KafkaConnection.throttle), for
// every request version: 2.4.1's broker always answers at once with throttle_time_ms and mutes
// (KIP-219), whatever the version; the older versions' clients just don't know to back off.

import { LONG_MAX, type ConfigValue } from '../../common/config';
import type { Time } from '../../common/clock';
import { silentLogger, type Logger } from '../../common/logger';
import { ErrorCode } from '../../protocol/errors';
import type { RequestContext } from '../apis/api-handler';
import { ClientQuotaManager, type ClientQuotaManagerConfig } from './client-quota-manager';
import { ClientRequestQuotaManager } from './client-request-quota-manager';
import { hasThrottleTimeField } from './throttle-time-field';

/** The static quota settings of KafkaConfig. */
export interface ClientQuotaSettings {
  /** quota.producer.default (bytes/s; LONG_MAX: none). */
  readonly producerByteRateDefault: number;
  /** quota.consumer.default (bytes/s; LONG_MAX: none). */
  readonly consumerByteRateDefault: number;
  /** quota.window.num */
  readonly numQuotaSamples: number;
  /** quota.window.size.seconds */
  readonly quotaWindowSizeSeconds: number;
}

export function clientQuotaSettings(config: { get(name: string): ConfigValue }): ClientQuotaSettings {
  return {
    producerByteRateDefault: config.get('quota.producer.default') as number,
    consumerByteRateDefault: config.get('quota.consumer.default') as number,
    numQuotaSamples: config.get('quota.window.num') as number,
    quotaWindowSizeSeconds: config.get('quota.window.size.seconds') as number,
  };
}

/** What the dispatcher tells the quotas about each request. */
export interface RequestQuotaHook {
  /** A request's header is parsed and its body is about to be decoded: its handling time starts. */
  requestStarted(ctx: RequestContext, frameBytes: number): void;
  /** The handler's synchronous part returned: the end of the time charged to the request. */
  handlerReturned(ctx: RequestContext): void;
  /** A response is about to be encoded at `responseVersion`: the request quota is applied to it. */
  beforeEncode(ctx: RequestContext, response: unknown, responseVersion: number): void;
}

interface RequestTiming {
  readonly startMs: number;
  /** When the handler's synchronous part returned; -1 while it runs. */
  endMs: number;
  readonly frameBytes: number;
  /** The request quota has been applied (or waived) for this request. */
  settled: boolean;
}

/** KafkaApis answers these with sendResponseExemptThrottle (ApiKeys.clusterAction). */
const CLUSTER_ACTION_APIS = new Set([4, 5, 6, 7, 27]);
/** Answered by Kafka's SaslServerAuthenticator, outside KafkaApis and its quotas. */
const AUTHENTICATION_APIS = new Set([17, 36]);
const PRODUCE = 0;

export class ClientQuotas implements RequestQuotaHook {
  readonly produce: ClientQuotaManager;
  readonly fetch: ClientQuotaManager;
  readonly request: ClientRequestQuotaManager;
  private readonly timings = new WeakMap<RequestContext, RequestTiming>();

  constructor(
    settings: ClientQuotaSettings,
    readonly time: Time,
    logger: Logger = silentLogger,
    /** A monotonic ms clock for handling times (performance.now); tests drive their own. */
    private readonly handlingClock: () => number = () => performance.now(),
  ) {
    const windows = { numQuotaSamples: settings.numQuotaSamples, quotaWindowSizeSeconds: settings.quotaWindowSizeSeconds };
    const byteRate = (name: string, quotaBytesPerSecondDefault: number): ClientQuotaManagerConfig => {
      if (quotaBytesPerSecondDefault < LONG_MAX) {
        logger.warn(`${name} has been deprecated in 0.11.0.0 and will be removed in a future release. Use dynamic quota defaults instead.`);
      }
      return { ...windows, quotaBytesPerSecondDefault };
    };
    this.produce = new ClientQuotaManager(byteRate('quota.producer.default', settings.producerByteRateDefault), 'Produce', time, logger);
    this.fetch = new ClientQuotaManager(byteRate('quota.consumer.default', settings.consumerByteRateDefault), 'Fetch', time, logger);
    // Requests have no static default (ClientQuotaManagerConfig's Long.MaxValue).
    this.request = new ClientRequestQuotaManager({ ...windows, quotaBytesPerSecondDefault: LONG_MAX }, time, logger);
  }

  // ---- the dispatcher's side -------------------------------------------------------------------

  requestStarted(ctx: RequestContext, frameBytes: number): void {
    // Nothing to keep when neither quota could look at this request (the common case).
    if (!this.request.quotasEnabled && !(ctx.apiKey === PRODUCE && this.produce.quotasEnabled)) return;
    this.timings.set(ctx, { startMs: this.handlingClock(), endMs: -1, frameBytes, settled: false });
  }

  handlerReturned(ctx: RequestContext): void {
    const timing = this.timings.get(ctx);
    if (timing !== undefined && timing.endMs < 0) timing.endMs = this.handlingClock();
  }

  beforeEncode(ctx: RequestContext, response: unknown, responseVersion: number): void {
    if (!this.request.quotasEnabled) return;
    const timing = this.timings.get(ctx);
    if (timing?.settled === true || this.isExempt(ctx, response)) return;
    const throttleMs = this.recordRequestTime(ctx);
    if (throttleMs <= 0) return;
    if (hasThrottleTimeField(ctx.apiKey, responseVersion)) {
      const body = response as { throttleTimeMs?: unknown };
      if (typeof body.throttleTimeMs === 'number') body.throttleTimeMs = Math.max(body.throttleTimeMs, throttleMs);
    }
    this.throttle(ctx, throttleMs);
  }

  private isExempt(ctx: RequestContext, response: unknown): boolean {
    if (AUTHENTICATION_APIS.has(ctx.apiKey)) return true;
    if (!CLUSTER_ACTION_APIS.has(ctx.apiKey)) return false;
    return (response as { errorCode?: unknown } | null)?.errorCode !== ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
  }

  // ---- the handlers' side (Produce, Fetch) -----------------------------------------------------

  /** The request's size, header and body (Kafka's numBytesAppended for produce quotas). */
  requestBytes(ctx: RequestContext): number {
    return this.timings.get(ctx)?.frameBytes ?? 0;
  }

  /** Charges the request its handling time (once) and answers the request quota's throttle time. */
  recordRequestTime(ctx: RequestContext): number {
    const timing = this.timings.get(ctx);
    if (timing?.settled === true) return 0;
    let handlingMs = 0;
    if (timing !== undefined) {
      timing.settled = true;
      handlingMs = Math.max((timing.endMs < 0 ? this.handlingClock() : timing.endMs) - timing.startMs, 0);
    }
    return this.request.maybeRecordRequestTime(ctx.principal, ctx.clientId, handlingMs);
  }

  /** This request is not held to the request quota (acks=0 produce, follower fetch). */
  exemptFromRequestQuota(ctx: RequestContext): void {
    const timing = this.timings.get(ctx);
    if (timing !== undefined) timing.settled = true;
  }

  /** Mutes the request's connection for `throttleMs` once its response is written (ClientQuotaManager.throttle). */
  throttle(ctx: RequestContext, throttleMs: number): void {
    if (throttleMs > 0) ctx.connection.throttle?.(throttleMs);
  }
}
