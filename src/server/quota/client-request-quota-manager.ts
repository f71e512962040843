// Request quotas (KIP-124, Kafka 2.4.1's ClientRequestQuotaManager): request_percentage bounds
// the time spent handling a client's requests, as a percentage of one thread's time over the
// quota window (request_percentage=100 is one thread kept busy the whole time).
//
// What is recorded is "percent-seconds": t ms of handling adds t * 100 / 1000, so the Rate (per
// second, over the windows) reads directly as a percentage. Throttle times are computed as for
// byte rates but never exceed one quota window (quota.window.size.seconds), unlike byte-rate
// throttles, which 2.4.1 leaves unbounded.
//
// What counts as handling time in this single-threaded broker is the request dispatcher's
// business (see client-quotas.ts); this class only turns milliseconds into the quota's unit.

import type { Time } from '../../common/clock';
import type { KafkaPrincipal } from '../../common/kafka-principal';
import type { Logger } from '../../common/logger';
import { ClientQuotaManager, type ClientQuotaManagerConfig } from './client-quota-manager';
import type { SampledRate } from './sampled-rate';

/** t ms of handling as the quota's percent-seconds (Kafka's nanosToPercentage, from ms). */
export function msToPercentage(ms: number): number {
  return (ms * 100) / 1000;
}

export class ClientRequestQuotaManager extends ClientQuotaManager {
  /** One quota window: 2.4.1's bound on a request-quota throttle. */
  readonly maxThrottleTimeMs: number;

  constructor(config: ClientQuotaManagerConfig, time: Time, logger?: Logger) {
    super(config, 'Request', time, logger);
    this.maxThrottleTimeMs = config.quotaWindowSizeSeconds * 1000;
  }

  /** Records `handlingMs` of request handling for the client; answers the throttle time (0 with no request quotas). */
  maybeRecordRequestTime(principal: KafkaPrincipal, clientId: string | null, handlingMs: number): number {
    if (!this.quotasEnabled) return 0;
    return this.recordAndGetThrottleTimeMs(principal, clientId, msToPercentage(handlingMs), this.time.now());
  }

  protected override throttleTime(sensor: { rate: SampledRate; bound: number }): number {
    return Math.min(super.throttleTime(sensor), this.maxThrottleTimeMs);
  }
}
