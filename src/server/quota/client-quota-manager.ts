// Client quotas of one kind (Kafka 2.4.1's ClientQuotaManager with its DefaultQuotaCallback):
// bytes produced, bytes fetched, or (ClientRequestQuotaManager) request handling time, per user,
// client id, or both.
//
// Which quota applies, most specific first (the quota is looked up for the metric tags below):
//   /config/users/<user>/clients/<client-id>, /config/users/<user>/clients/<default>,
//   /config/users/<user>, /config/users/<default>/clients/<client-id>,
//   /config/users/<default>/clients/<default>, /config/users/<default>,
//   /config/clients/<client-id>, /config/clients/<default>, then the static default
//   (quota.producer.default / quota.consumer.default; unlimited for requests).
//
// Usage is tracked per "metric tags" (user, client-id), one rate per distinct pair, and the
// tags depend on which levels of quotas were ever configured (the quotaTypesEnabled bits, which
// only grow until restart, as in Kafka): with client-id quotas only, all users of a client id
// share one rate; with user quotas only, all client ids of a user do; with user+client-id quotas
// only, each pair has its own; once several levels exist (a static default counts as a client-id
// level), the tags follow the precedence above.
//
// Recording adds to the rate and compares the rate with the quota (Sensor.record and
// checkQuotas; where Kafka throws QuotaViolationException we just answer the throttle time).
// The throttle time is how long no further usage keeps the rate over the quota: if O is the
// measured rate and T the quota over a window W (the Rate's windowSize), O * W / (W + X) = T,
// so X = (O - T) / T * W, rounded to the nearest millisecond.
//
// Quota changes apply to existing rates at once (updateQuotaMetricConfigs), with 2.4.1's gap:
// when the quota looked up for a rate's tags is now absent (say a user quota removed while no
// users/<default> exists), the rate keeps its old bound until it expires after an hour unused
// (KAFKA-9658, fixed in 2.5.0). Client-id tags always find at least the static default, so
// removing a client-id quota does lift the throttle.
//
// A rate unused for an hour is dropped (InactiveSensorExpirationTimeSeconds), checked at most
// every 30 s as Kafka's Metrics does.

import { javaDoubleToString, LONG_MAX } from '../../common/config';
import type { Time } from '../../common/clock';
import type { KafkaPrincipal } from '../../common/kafka-principal';
import { silentLogger, type Logger } from '../../common/logger';
import { SampledRate } from './sampled-rate';
import {
  clientIdEntity,
  DEFAULT_CLIENT_ID,
  DEFAULT_ENTITY_NAME,
  DEFAULT_USER,
  describeEntity,
  entityKey,
  sanitize,
  userEntity,
  type QuotaEntity,
} from './quota-entity';

export type ClientQuotaType = 'Produce' | 'Fetch' | 'Request';

/** Kafka's ClientQuotaManagerConfig. */
export interface ClientQuotaManagerConfig {
  /** quota.producer.default / quota.consumer.default in bytes/s; LONG_MAX (unlimited) unless set. */
  readonly quotaBytesPerSecondDefault: number;
  /** quota.window.num */
  readonly numQuotaSamples: number;
  /** quota.window.size.seconds */
  readonly quotaWindowSizeSeconds: number;
}

export const DEFAULT_CLIENT_QUOTA_CONFIG: ClientQuotaManagerConfig = { quotaBytesPerSecondDefault: LONG_MAX, numQuotaSamples: 11, quotaWindowSizeSeconds: 1 };

/** Quota.upperBound(Long.MaxValue): no limit. */
export const UNLIMITED_QUOTA = LONG_MAX;

const INACTIVE_SENSOR_EXPIRATION_MS = 3600 * 1000;
/** Metrics' ExpireSensorTask period. */
const SENSOR_EXPIRY_CHECK_INTERVAL_MS = 30 * 1000;
const INT_MAX = 0x7fffffff;

/** Kafka's QuotaTypes bits. */
const NO_QUOTAS = 0;
const CLIENT_ID_QUOTA_ENABLED = 1;
const USER_QUOTA_ENABLED = 2;
const USER_CLIENT_ID_QUOTA_ENABLED = 4;

/** The (user, client-id) a rate is kept for; '' where a side does not count. */
export interface QuotaMetricTags {
  /** Sanitized, as in Kafka's metric tags. */
  readonly user: string;
  readonly clientId: string;
}

/** One rate and the quota it is held against (Kafka's quota sensor and its metric config). */
interface QuotaSensor {
  readonly tags: QuotaMetricTags;
  readonly rate: SampledRate;
  bound: number;
  lastRecordMs: number;
}

export class ClientQuotaManager {
  private readonly staticClientIdQuota: number;
  private quotaTypesEnabled: number;
  /** The DefaultQuotaCallback's overriddenQuotas, by entityKey. */
  private readonly overriddenQuotas = new Map<string, number>();
  private readonly sensors = new Map<string, QuotaSensor>();
  private nextExpiryCheckMs: number;
  /** Kafka's Session caches the sanitized user per request; here per principal object. */
  private readonly sanitizedUsers = new WeakMap<KafkaPrincipal, string>();

  constructor(
    readonly config: ClientQuotaManagerConfig,
    readonly quotaType: ClientQuotaType,
    protected readonly time: Time,
    protected readonly logger: Logger = silentLogger,
  ) {
    this.staticClientIdQuota = config.quotaBytesPerSecondDefault;
    this.quotaTypesEnabled = config.quotaBytesPerSecondDefault >= LONG_MAX ? NO_QUOTAS : CLIENT_ID_QUOTA_ENABLED;
    this.nextExpiryCheckMs = time.now() + SENSOR_EXPIRY_CHECK_INTERVAL_MS;
  }

  /** Whether any quota of this kind was ever configured (until restart, as Kafka): else nothing is recorded. */
  get quotasEnabled(): boolean {
    return this.quotaTypesEnabled !== NO_QUOTAS;
  }

  /** Records `value` for the client and answers the throttle time in ms (0 within quota, or with no quotas configured). */
  maybeRecordAndGetThrottleTimeMs(principal: KafkaPrincipal, clientId: string | null, value: number, timeMs: number): number {
    return this.quotasEnabled ? this.recordAndGetThrottleTimeMs(principal, clientId, value, timeMs) : 0;
  }

  recordAndGetThrottleTimeMs(principal: KafkaPrincipal, clientId: string | null, value: number, timeMs: number): number {
    const sensor = this.sensorFor(principal, clientId);
    sensor.lastRecordMs = timeMs;
    sensor.rate.record(value, timeMs);
    if (sensor.rate.measure(timeMs) <= sensor.bound) return 0;
    return this.throttleTime(sensor);
  }

  /**
   * Takes back a recorded value (a throttled fetch sends no data, but Kafka only learns it is
   * throttled by recording): the rate's samples are sums, so recording the negative restores them.
   */
  unrecordQuotaSensor(principal: KafkaPrincipal, clientId: string | null, value: number, timeMs: number): void {
    const sensor = this.sensorFor(principal, clientId);
    sensor.lastRecordMs = timeMs;
    sensor.rate.record(-value, timeMs);
  }

  /** Adds usage without checking the quota; later requests pay for it (Kafka's recordNoThrottle). */
  recordNoThrottle(principal: KafkaPrincipal, clientId: string | null, value: number): void {
    const now = this.time.now();
    const sensor = this.sensorFor(principal, clientId);
    sensor.lastRecordMs = now;
    sensor.rate.record(value, now);
  }

  /** The quota for a (decoded) user name and client id: what the request path would hold them to. */
  quota(user: string, clientId: string): number {
    return this.quotaLimit(this.quotaMetricTags(sanitize(user), clientId)) ?? UNLIMITED_QUOTA;
  }

  /** The measured rate a client is held against now (per second), or 0 if none is kept. */
  measuredRate(principal: KafkaPrincipal, clientId: string | null): number {
    const tags = this.quotaMetricTags(this.sanitizedUser(principal), clientId ?? '');
    const sensor = this.sensors.get(sensorKey(tags));
    return sensor === undefined ? 0 : sensor.rate.measure(this.time.now());
  }

  /**
   * Sets (quota given) or removes (undefined) the quota of one entity: a user, a client id, both,
   * or a default in place of either (`<default>`). Users and client ids come as ZooKeeper holds
   * them (sanitized); `clientId` is the decoded client id, needed unless it is the default.
   */
  updateQuota(sanitizedUser: string | undefined, clientId: string | undefined, sanitizedClientId: string | undefined, quota: number | undefined): void {
    const user = sanitizedUser === undefined ? undefined : sanitizedUser === DEFAULT_ENTITY_NAME ? DEFAULT_USER : userEntity(sanitizedUser);
    let client;
    if (sanitizedClientId !== undefined) {
      if (sanitizedClientId === DEFAULT_ENTITY_NAME) client = DEFAULT_CLIENT_ID;
      else if (clientId === undefined) throw new Error('Client-id not provided');
      else client = clientIdEntity(clientId);
    }
    const entity: QuotaEntity = { user, clientId: client };
    if (user !== undefined) this.quotaTypesEnabled |= client !== undefined ? USER_CLIENT_ID_QUOTA_ENABLED : USER_QUOTA_ENABLED;
    else if (client !== undefined) this.quotaTypesEnabled |= CLIENT_ID_QUOTA_ENABLED;

    const type = this.quotaType.toUpperCase();
    if (quota !== undefined) {
      this.logger.info(`Changing ${type} quota for ${describeEntity(entity)} to ${javaDoubleToString(quota)}`);
      this.overriddenQuotas.set(entityKey(entity), quota);
    } else {
      this.logger.info(`Removing ${type} quota for ${describeEntity(entity)}`);
      this.overriddenQuotas.delete(entityKey(entity));
    }
    // A default may concern many rates, so then every rate is looked at.
    const isDefault = user?.kind === 'default-user' || client?.kind === 'default-client-id';
    this.updateQuotaMetricConfigs(isDefault ? undefined : entity);
  }

  /** The throttle time for a rate over its quota (ClientQuotaManager.throttleTime). */
  protected throttleTime(sensor: { rate: SampledRate; bound: number }): number {
    const now = this.time.now();
    const difference = sensor.rate.measure(now) - sensor.bound;
    const throttleMs = Math.round((difference / sensor.bound) * sensor.rate.windowSize(now));
    // Kafka narrows a Long to an Int here; a NaN (0/0 with one-sample windows) rounds to 0 in Java.
    return Number.isNaN(throttleMs) ? 0 : Math.min(throttleMs, INT_MAX);
  }

  private sanitizedUser(principal: KafkaPrincipal): string {
    let sanitized = this.sanitizedUsers.get(principal);
    if (sanitized === undefined) {
      sanitized = sanitize(principal.name);
      this.sanitizedUsers.set(principal, sanitized);
    }
    return sanitized;
  }

  private sensorFor(principal: KafkaPrincipal, clientId: string | null): QuotaSensor {
    const now = this.time.now();
    if (now >= this.nextExpiryCheckMs) this.expireSensors(now);
    const tags = this.quotaMetricTags(this.sanitizedUser(principal), clientId ?? '');
    const key = sensorKey(tags);
    let sensor = this.sensors.get(key);
    if (sensor === undefined) {
      const windows = { samples: this.config.numQuotaSamples, windowMs: this.config.quotaWindowSizeSeconds * 1000 };
      sensor = { tags, rate: new SampledRate(windows), bound: this.quotaLimit(tags) ?? UNLIMITED_QUOTA, lastRecordMs: now };
      this.sensors.set(key, sensor);
    }
    return sensor;
  }

  private expireSensors(now: number): void {
    this.nextExpiryCheckMs = now + SENSOR_EXPIRY_CHECK_INTERVAL_MS;
    for (const [key, sensor] of this.sensors) if (now - sensor.lastRecordMs > INACTIVE_SENSOR_EXPIRATION_MS) this.sensors.delete(key);
  }

  private has(entity: QuotaEntity): boolean {
    return this.overriddenQuotas.has(entityKey(entity));
  }

  /** DefaultQuotaCallback.quotaMetricTags: which rate a (user, client id) counts against. */
  quotaMetricTags(sanitizedUser: string, clientId: string): QuotaMetricTags {
    switch (this.quotaTypesEnabled) {
      case NO_QUOTAS:
      case CLIENT_ID_QUOTA_ENABLED:
        return { user: '', clientId };
      case USER_QUOTA_ENABLED:
        return { user: sanitizedUser, clientId: '' };
      case USER_CLIENT_ID_QUOTA_ENABLED:
        return { user: sanitizedUser, clientId };
    }
    const user = userEntity(sanitizedUser);
    const client = clientIdEntity(clientId);
    const both = { user: sanitizedUser, clientId };
    if (this.has({ user, clientId: client }) || this.has({ user, clientId: DEFAULT_CLIENT_ID })) return both;
    if (this.has({ user })) return { user: sanitizedUser, clientId: '' };
    if (this.has({ user: DEFAULT_USER, clientId: client }) || this.has({ user: DEFAULT_USER, clientId: DEFAULT_CLIENT_ID })) return both;
    if (this.has({ user: DEFAULT_USER })) return { user: sanitizedUser, clientId: '' };
    return { user: '', clientId };
  }

  /** DefaultQuotaCallback.quotaLimit: the quota for a rate's tags, or null when none applies. */
  private quotaLimit(tags: QuotaMetricTags): number | null {
    const get = (entity: QuotaEntity) => this.overriddenQuotas.get(entityKey(entity));
    const { user: sanitizedUser, clientId } = tags;
    let quota: number | undefined;
    if (sanitizedUser !== '' && clientId !== '') {
      const user = userEntity(sanitizedUser);
      const client = clientIdEntity(clientId);
      quota = get({ user, clientId: client }) ?? get({ user, clientId: DEFAULT_CLIENT_ID }) ?? get({ user: DEFAULT_USER, clientId: client }) ?? get({ user: DEFAULT_USER, clientId: DEFAULT_CLIENT_ID });
    } else if (sanitizedUser !== '') {
      quota = get({ user: userEntity(sanitizedUser) }) ?? get({ user: DEFAULT_USER });
    } else if (clientId !== '') {
      quota = get({ clientId: clientIdEntity(clientId) }) ?? get({ clientId: DEFAULT_CLIENT_ID }) ?? this.staticClientIdQuota;
    }
    return quota ?? null;
  }

  /**
   * Puts changed quotas onto existing rates. With a single level of quotas and a named entity,
   * only that entity's rate can be affected; otherwise every rate is looked up again. A rate
   * whose lookup finds nothing keeps its bound (2.4.1's behaviour, see the header).
   */
  private updateQuotaMetricConfigs(updated: QuotaEntity | undefined): void {
    const singleLevel = [NO_QUOTAS, CLIENT_ID_QUOTA_ENABLED, USER_QUOTA_ENABLED, USER_CLIENT_ID_QUOTA_ENABLED].includes(this.quotaTypesEnabled);
    if (singleLevel && updated !== undefined) {
      const tags = {
        user: updated.user?.kind === 'user' ? updated.user.sanitizedUser : '',
        clientId: updated.clientId?.kind === 'client-id' ? updated.clientId.clientId : '',
      };
      const sensor = this.sensors.get(sensorKey(tags));
      const quota = sensor === undefined ? null : this.quotaLimit(tags);
      if (sensor !== undefined && quota !== null) {
        this.logger.info(`Sensor for ${describeEntity(updated)} already exists. Changing quota to ${javaDoubleToString(quota)} in MetricConfig`);
        sensor.bound = quota;
      }
      return;
    }
    for (const sensor of this.sensors.values()) {
      const quota = this.quotaLimit(sensor.tags);
      if (quota !== null && quota !== sensor.bound) {
        this.logger.info(`Sensor for quota-id {user=${sensor.tags.user}, client-id=${sensor.tags.clientId}} already exists. Setting quota to ${javaDoubleToString(quota)} in MetricConfig`);
        sensor.bound = quota;
      }
    }
  }
}

/** Kafka's sensor name suffix: the tag values joined by ':' (a sanitized user holds no ':'). */
function sensorKey(tags: QuotaMetricTags): string {
  return `${tags.user}:${tags.clientId}`;
}
