// The checks Kafka 2.4.1's reconfigurable components make before a dynamic broker config change
// is accepted (DynamicBrokerConfig.processReconfiguration with validateOnly): thread pools and the
// log cleaner's threads may at most double or halve at a time. A failure is wrapped the way Kafka
// wraps it, in a ConfigException named "Invalid dynamic configuration".

import { ConfigError, type ConfigValue } from '../../common/config';

type Values = (name: string) => ConfigValue;

/** DynamicThreadPool.ReconfigurableConfigs. */
const THREAD_POOL_CONFIGS = ['num.io.threads', 'num.network.threads', 'num.replica.fetchers', 'num.recovery.threads.per.data.dir', 'background.threads'];

function checkThreadPools(current: Values, next: Values): void {
  for (const name of THREAD_POOL_CONFIGS) {
    const oldValue = current(name) as number;
    const newValue = next(name) as number;
    if (newValue === oldValue) continue;
    const errorMsg = `Dynamic thread count update validation failed for ${name}=${newValue}`;
    if (newValue <= 0) throw new ConfigError(name, `${errorMsg}, value should be at least 1`);
    if (newValue < Math.trunc(oldValue / 2)) throw new ConfigError(name, `${errorMsg}, value should be at least half the current value ${oldValue}`);
    if (newValue > oldValue * 2) throw new ConfigError(name, `${errorMsg}, value should not be greater than double the current value ${oldValue}`);
  }
}

function checkCleanerThreads(current: Values, next: Values): void {
  if (current('log.cleaner.enable') !== true) return;
  const currentThreads = current('log.cleaner.threads') as number;
  const numThreads = next('log.cleaner.threads') as number;
  if (numThreads === currentThreads) return;
  if (numThreads < 1) throw new ConfigError('log.cleaner.threads', 'Log cleaner threads should be at least 1');
  if (numThreads < Math.trunc(currentThreads / 2)) throw new ConfigError('log.cleaner.threads', `Log cleaner threads cannot be reduced to less than half the current value ${currentThreads}`);
  if (numThreads > currentThreads * 2) throw new ConfigError('log.cleaner.threads', `Log cleaner threads cannot be increased to more than double the current value ${currentThreads}`);
}

/** Throws ConfigError (Kafka's wording, wrapped as Kafka wraps it) when a component would refuse `next`. */
export function validateReconfiguration(current: Values, next: Values): void {
  try {
    checkThreadPools(current, next);
    checkCleanerThreads(current, next);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw ConfigError.invalid('Invalid dynamic configuration', `org.apache.kafka.common.config.ConfigException: ${error.message}`);
  }
}
