// Topic-level log configuration with Kafka 2.4's names and defaults. Values are JS numbers;
// Java's Long.MAX_VALUE ("never") is kept as 2^63 so comparisons behave and it renders back as
// 9223372036854775807.

import { InvalidConfigError } from './errors';

export const LONG_MAX = 9223372036854775807; // == 2 ** 63 as a double
export const INT_MAX = 2147483647;

export type CleanupPolicy = 'delete' | 'compact';
export type TimestampType = 'CreateTime' | 'LogAppendTime';

export interface LogConfig {
  'segment.bytes': number;
  'segment.ms': number;
  'segment.jitter.ms': number;
  'segment.index.bytes': number;
  'index.interval.bytes': number;
  'retention.ms': number;
  'retention.bytes': number;
  'flush.messages': number;
  'flush.ms': number;
  'max.message.bytes': number;
  'message.timestamp.type': TimestampType;
  'message.timestamp.difference.max.ms': number;
  'file.delete.delay.ms': number;
  'cleanup.policy': CleanupPolicy[];
  'delete.retention.ms': number;
  'min.compaction.lag.ms': number;
  'max.compaction.lag.ms': number;
  'min.cleanable.dirty.ratio': number;
  'min.insync.replicas': number;
  'unclean.leader.election.enable': boolean;
  'compression.type': string;
  'preallocate': boolean;
  'message.format.version': string;
  'message.downconversion.enable': boolean;
  'leader.replication.throttled.replicas': string;
  'follower.replication.throttled.replicas': string;
}

export type LogConfigName = keyof LogConfig;

type Kind = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list';

interface Definition {
  kind: Kind;
  default: LogConfig[LogConfigName];
  min?: number;
  oneOf?: readonly string[];
}

const COMPRESSION_TYPES = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] as const;

/** Kafka 2.4 LogConfig definitions (names, types, defaults, lower bounds). */
const DEFINITIONS: { [K in LogConfigName]: Definition } = {
  'segment.bytes': { kind: 'int', default: 1073741824, min: 14 },
  'segment.ms': { kind: 'long', default: 604800000, min: 1 },
  'segment.jitter.ms': { kind: 'long', default: 0, min: 0 },
  'segment.index.bytes': { kind: 'int', default: 10485760, min: 0 },
  'index.interval.bytes': { kind: 'int', default: 4096, min: 0 },
  'retention.ms': { kind: 'long', default: 604800000, min: -1 },
  'retention.bytes': { kind: 'long', default: -1 },
  'flush.messages': { kind: 'long', default: LONG_MAX, min: 0 },
  'flush.ms': { kind: 'long', default: LONG_MAX, min: 0 },
  'max.message.bytes': { kind: 'int', default: 1000012, min: 0 },
  'message.timestamp.type': { kind: 'string', default: 'CreateTime', oneOf: ['CreateTime', 'LogAppendTime'] },
  'message.timestamp.difference.max.ms': { kind: 'long', default: LONG_MAX, min: 0 },
  'file.delete.delay.ms': { kind: 'long', default: 60000, min: 0 },
  'cleanup.policy': { kind: 'list', default: ['delete'], oneOf: ['delete', 'compact'] },
  'delete.retention.ms': { kind: 'long', default: 86400000, min: 0 },
  'min.compaction.lag.ms': { kind: 'long', default: 0, min: 0 },
  'max.compaction.lag.ms': { kind: 'long', default: LONG_MAX, min: 1 },
  'min.cleanable.dirty.ratio': { kind: 'double', default: 0.5, min: 0 },
  'min.insync.replicas': { kind: 'int', default: 1, min: 1 },
  'unclean.leader.election.enable': { kind: 'boolean', default: false },
  'compression.type': { kind: 'string', default: 'producer', oneOf: COMPRESSION_TYPES },
  'preallocate': { kind: 'boolean', default: false },
  'message.format.version': { kind: 'string', default: '2.4-IV1' },
  'message.downconversion.enable': { kind: 'boolean', default: true },
  'leader.replication.throttled.replicas': { kind: 'string', default: '' },
  'follower.replication.throttled.replicas': { kind: 'string', default: '' },
};

export const LOG_CONFIG_NAMES = Object.keys(DEFINITIONS) as LogConfigName[];

export function isLogConfigName(name: string): name is LogConfigName {
  return Object.prototype.hasOwnProperty.call(DEFINITIONS, name);
}

export function defaultLogConfig(): LogConfig {
  const config = {} as Record<string, unknown>;
  for (const name of LOG_CONFIG_NAMES) {
    const d = DEFINITIONS[name].default;
    config[name] = Array.isArray(d) ? [...d] : d;
  }
  return config as unknown as LogConfig;
}

function invalid(name: string, value: string, why: string): InvalidConfigError {
  return new InvalidConfigError(`Invalid value ${value} for configuration ${name}: ${why}`);
}

function parseValue(name: LogConfigName, raw: string): LogConfig[LogConfigName] {
  const def = DEFINITIONS[name];
  const value = raw.trim();
  switch (def.kind) {
    case 'int':
    case 'long': {
      if (!/^-?\d+$/.test(value)) throw invalid(name, raw, `Not a number of type ${def.kind.toUpperCase()}`);
      const n = Number(value);
      if (def.kind === 'int' && (n > INT_MAX || n < -INT_MAX - 1)) throw invalid(name, raw, 'Not a number of type INT');
      if (def.kind === 'long' && Math.abs(n) > LONG_MAX) throw invalid(name, raw, 'Not a number of type LONG');
      if (def.min !== undefined && n < def.min) throw invalid(name, raw, `Value must be at least ${def.min}`);
      return n;
    }
    case 'double': {
      const n = Number(value);
      if (value === '' || Number.isNaN(n)) throw invalid(name, raw, 'Not a number of type DOUBLE');
      if (def.min !== undefined && n < def.min) throw invalid(name, raw, `Value must be at least ${def.min}`);
      if (name === 'min.cleanable.dirty.ratio' && n > 1) throw invalid(name, raw, 'Value must be no more than 1');
      return n;
    }
    case 'boolean': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalid(name, raw, 'Expected value to be either true or false');
      return lower === 'true';
    }
    case 'string': {
      if (def.oneOf) {
        const match = def.oneOf.find((o) => o.toLowerCase() === value.toLowerCase());
        if (match === undefined) throw invalid(name, raw, `String must be one of: ${def.oneOf.join(', ')}`);
        return match;
      }
      return value;
    }
    case 'list': {
      const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
      for (const item of items) {
        if (def.oneOf && !def.oneOf.includes(item)) throw invalid(name, raw, `String must be one of: ${def.oneOf.join(', ')}`);
      }
      return items as CleanupPolicy[];
    }
  }
}

/**
 * Builds a config from topic-level properties (e.g. a topic's /config/topics znode) over
 * `defaults` (the broker's log.* settings, else Kafka's defaults). Unknown names are ignored, as
 * Kafka ignores non-log properties in the same map; bad values throw InvalidConfigError.
 */
export function logConfigFromProperties(props: Record<string, string | number | boolean>, defaults: LogConfig = defaultLogConfig()): LogConfig {
  const config = { ...defaults, 'cleanup.policy': [...defaults['cleanup.policy']] } as Record<string, unknown>;
  for (const [name, value] of Object.entries(props)) {
    if (!isLogConfigName(name)) continue;
    config[name] = parseValue(name, String(value));
  }
  return config as unknown as LogConfig;
}

/** Renders one value the way Kafka prints it (Long.MAX_VALUE included). */
export function renderConfigValue(value: LogConfig[LogConfigName]): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'number' && value >= LONG_MAX) return '9223372036854775807';
  return String(value);
}

/** The config as topic-level property strings, for DescribeConfigs and the like. */
export function logConfigToProperties(config: LogConfig): Record<LogConfigName, string> {
  const out = {} as Record<LogConfigName, string>;
  for (const name of LOG_CONFIG_NAMES) out[name] = renderConfigValue(config[name]);
  return out;
}

/**
 * Broker-level names (server.properties) for the topic-level defaults, per Kafka 2.4's
 * LogConfig synonyms. Where Kafka has several (log.retention.ms/minutes/hours), the finest given wins.
 */
export function logConfigFromBrokerProperties(props: Record<string, string>): LogConfig {
  const topicProps: Record<string, string> = {};
  const pick = (topicName: LogConfigName, ...brokerNames: string[]) => {
    for (const b of brokerNames) {
      if (props[b] !== undefined) {
        topicProps[topicName] = props[b];
        return;
      }
    }
  };
  const scaled = (value: string | undefined, factor: number): string | undefined =>
    value === undefined ? undefined : String(Number(value) * factor);
  const retentionMs = props['log.retention.ms'] ?? scaled(props['log.retention.minutes'], 60000) ?? scaled(props['log.retention.hours'], 3600000);
  if (retentionMs !== undefined) topicProps['retention.ms'] = Number(retentionMs) < 0 ? '-1' : retentionMs;
  const segmentMs = props['log.roll.ms'] ?? scaled(props['log.roll.hours'], 3600000);
  if (segmentMs !== undefined) topicProps['segment.ms'] = segmentMs;
  const jitterMs = props['log.roll.jitter.ms'] ?? scaled(props['log.roll.jitter.hours'], 3600000);
  if (jitterMs !== undefined) topicProps['segment.jitter.ms'] = jitterMs;
  pick('segment.bytes', 'log.segment.bytes');
  pick('segment.index.bytes', 'log.index.size.max.bytes');
  pick('index.interval.bytes', 'log.index.interval.bytes');
  pick('retention.bytes', 'log.retention.bytes');
  pick('flush.messages', 'log.flush.interval.messages');
  const flushMs = props['log.flush.interval.ms'] ?? props['log.flush.scheduler.interval.ms'];
  if (flushMs !== undefined) topicProps['flush.ms'] = flushMs;
  pick('max.message.bytes', 'message.max.bytes');
  pick('message.timestamp.type', 'log.message.timestamp.type');
  pick('message.timestamp.difference.max.ms', 'log.message.timestamp.difference.max.ms');
  pick('file.delete.delay.ms', 'log.segment.delete.delay.ms');
  pick('cleanup.policy', 'log.cleanup.policy');
  pick('delete.retention.ms', 'log.cleaner.delete.retention.ms');
  pick('min.compaction.lag.ms', 'log.cleaner.min.compaction.lag.ms');
  pick('max.compaction.lag.ms', 'log.cleaner.max.compaction.lag.ms');
  pick('min.cleanable.dirty.ratio', 'log.cleaner.min.cleanable.ratio');
  pick('min.insync.replicas', 'min.insync.replicas');
  pick('unclean.leader.election.enable', 'unclean.leader.election.enable');
  pick('compression.type', 'compression.type');
  pick('preallocate', 'log.preallocate');
  pick('message.format.version', 'log.message.format.version');
  pick('message.downconversion.enable', 'log.message.downconversion.enable');
  return logConfigFromProperties(topicProps);
}
