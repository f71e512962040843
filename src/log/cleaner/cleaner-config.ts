// The log cleaner's settings (Kafka's CleanerConfig, filled from the broker's log.cleaner.*
// properties as LogCleaner.cleanerConfig does). Defaults are the broker defaults of Kafka 2.4.1,
// not CleanerConfig's own constructor defaults (which only Kafka's tests use).

export interface CleanerConfig {
  /** log.cleaner.threads: cleaning workers (async loops on the event loop here). */
  numThreads: number;
  /** log.cleaner.dedupe.buffer.size: offset-map memory, split evenly across the workers. */
  dedupeBufferSize: number;
  /** log.cleaner.io.buffer.load.factor: how full an offset map may get. */
  dedupeBufferLoadFactor: number;
  /** log.cleaner.io.buffer.size: read + write buffer memory, split across the workers. */
  ioBufferSize: number;
  /** message.max.bytes: how far the read buffer may grow to hold one batch. */
  maxMessageSize: number;
  /** log.cleaner.io.max.bytes.per.second: read + write rate of all workers together. */
  maxIoBytesPerSecond: number;
  /** log.cleaner.backoff.ms: pause when no log needs cleaning. */
  backOffMs: number;
  /** log.cleaner.enable */
  enableCleaner: boolean;
  /** The digest standing in for keys in the offset map. */
  hashAlgorithm: string;
}

/** Java's Double.MAX_VALUE, log.cleaner.io.max.bytes.per.second's default (no throttle). */
export const DOUBLE_MAX = Number.MAX_VALUE;

export function defaultCleanerConfig(): CleanerConfig {
  return {
    numThreads: 1,
    dedupeBufferSize: 134217728,
    dedupeBufferLoadFactor: 0.9,
    ioBufferSize: 524288,
    maxMessageSize: 1000012,
    maxIoBytesPerSecond: DOUBLE_MAX,
    backOffMs: 15000,
    enableCleaner: true,
    hashAlgorithm: 'MD5',
  };
}

/** The broker properties LogCleaner.cleanerConfig reads, by CleanerConfig field. */
export const CLEANER_BROKER_PROPERTIES = {
  numThreads: 'log.cleaner.threads',
  dedupeBufferSize: 'log.cleaner.dedupe.buffer.size',
  dedupeBufferLoadFactor: 'log.cleaner.io.buffer.load.factor',
  ioBufferSize: 'log.cleaner.io.buffer.size',
  maxMessageSize: 'message.max.bytes',
  maxIoBytesPerSecond: 'log.cleaner.io.max.bytes.per.second',
  backOffMs: 'log.cleaner.backoff.ms',
  enableCleaner: 'log.cleaner.enable',
} as const;

/**
 * Builds the config from the broker's parsed properties (BrokerConfig.get), as Kafka's
 * LogCleaner.cleanerConfig(KafkaConfig) does.
 */
export function cleanerConfigFromBroker(get: (name: string) => unknown): CleanerConfig {
  const config = defaultCleanerConfig();
  const num = (name: string, fallback: number) => {
    const v = get(name);
    return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : fallback;
  };
  config.numThreads = num(CLEANER_BROKER_PROPERTIES.numThreads, config.numThreads);
  config.dedupeBufferSize = num(CLEANER_BROKER_PROPERTIES.dedupeBufferSize, config.dedupeBufferSize);
  config.dedupeBufferLoadFactor = num(CLEANER_BROKER_PROPERTIES.dedupeBufferLoadFactor, config.dedupeBufferLoadFactor);
  config.ioBufferSize = num(CLEANER_BROKER_PROPERTIES.ioBufferSize, config.ioBufferSize);
  config.maxMessageSize = num(CLEANER_BROKER_PROPERTIES.maxMessageSize, config.maxMessageSize);
  config.maxIoBytesPerSecond = num(CLEANER_BROKER_PROPERTIES.maxIoBytesPerSecond, config.maxIoBytesPerSecond);
  config.backOffMs = num(CLEANER_BROKER_PROPERTIES.backOffMs, config.backOffMs);
  const enable = get(CLEANER_BROKER_PROPERTIES.enableCleaner);
  if (typeof enable === 'boolean') config.enableCleaner = enable;
  return config;
}

/**
 * Kafka's LogCleaner.validateReconfiguration: at least one thread, and never less than half or
 * more than double the current count in one step. Returns the problem, or undefined.
 */
export function cleanerReconfigurationProblem(current: CleanerConfig, next: CleanerConfig): string | undefined {
  if (next.numThreads < 1) return 'Log cleaner threads should be at least 1';
  if (next.numThreads < current.numThreads / 2) return `Log cleaner threads cannot be reduced to less than half the current value ${current.numThreads}`;
  if (next.numThreads > current.numThreads * 2) return `Log cleaner threads cannot be increased to more than double the current value ${current.numThreads}`;
  return undefined;
}
