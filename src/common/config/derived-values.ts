// Values Kafka 2.4.1 computes from several properties (KafkaConfig's logRetentionTimeMillis,
// logRollTimeMillis, ...). They take a getter of parsed values (default when unset, null when
// unset without default) so the full broker config and the log-only path share one rule.

import { type ConfigValue } from './config-types';

export type ValueGetter = (name: string) => ConfigValue;

const MS_PER_MINUTE = 60 * 1000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

export interface Derived {
  value: number;
  /** The property the value came from, for error messages. */
  source: string;
}

/** log.retention.ms, else log.retention.minutes, else log.retention.hours; any negative means -1. */
export function logRetentionTimeMs(get: ValueGetter): Derived {
  const ms = get('log.retention.ms');
  const minutes = get('log.retention.minutes');
  const [value, source] =
    ms !== null ? [ms as number, 'log.retention.ms'] : minutes !== null ? [(minutes as number) * MS_PER_MINUTE, 'log.retention.minutes'] : [(get('log.retention.hours') as number) * MS_PER_HOUR, 'log.retention.hours'];
  return { value: value < 0 ? -1 : value, source };
}

/** log.roll.ms, else log.roll.hours. */
export function logRollTimeMs(get: ValueGetter): Derived {
  const ms = get('log.roll.ms');
  return ms !== null ? { value: ms as number, source: 'log.roll.ms' } : { value: (get('log.roll.hours') as number) * MS_PER_HOUR, source: 'log.roll.hours' };
}

/** log.roll.jitter.ms, else log.roll.jitter.hours. */
export function logRollTimeJitterMs(get: ValueGetter): Derived {
  const ms = get('log.roll.jitter.ms');
  return ms !== null
    ? { value: ms as number, source: 'log.roll.jitter.ms' }
    : { value: (get('log.roll.jitter.hours') as number) * MS_PER_HOUR, source: 'log.roll.jitter.hours' };
}

/** log.flush.interval.ms, else log.flush.scheduler.interval.ms. */
export function logFlushIntervalMs(get: ValueGetter): number {
  const ms = get('log.flush.interval.ms');
  return ms !== null ? (ms as number) : (get('log.flush.scheduler.interval.ms') as number);
}
