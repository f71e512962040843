// Topic-level log configuration with Kafka 2.4's names and defaults. Values are JS numbers;
// Java's Long.MAX_VALUE ("never") is kept as 2^63 so comparisons behave and it renders back as
// 9223372036854775807.

import { apiVersionProblem } from '../common/config/api-version';
import { ConfigError } from '../common/config/config-error';
import { INT_MAX, LONG_MAX, parseTyped, renderTypedValue, validate, type Validator } from '../common/config/config-types';
import { topicDefaultsFromBrokerProperties } from '../common/config/topic-defaults';
import { InvalidConfigError } from './errors';

export { INT_MAX, LONG_MAX };

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
  'leader.replication.throttled.replicas': string[];
  'follower.replication.throttled.replicas': string[];
}

export type LogConfigName = keyof LogConfig;

export type LogConfigKind = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list';

interface Definition {
  kind: LogConfigKind;
  default: LogConfig[LogConfigName];
  min?: number;
  max?: number;
  /** Allowed values, case-sensitive as in Kafka's LogConfig (ValidString / ValidList). */
  oneOf?: readonly string[];
  /** Extra check (message.format.version must be a known ApiVersion). */
  check?: (value: string) => string | undefined;
  /** Extra check of a list value. */
  listCheck?: (value: string[]) => string | undefined;
}

/** Kafka's ThrottledReplicaListValidator: `*`, or partition:broker pairs. */
function throttledReplicasProblem(name: string): (value: string[]) => string | undefined {
  return (value) =>
    value.every((v) => /^([0-9]+:[0-9]+)?$/.test(v.trim())) || value[0]?.trim() === '*'
      ? undefined
      : `${name} must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...`;
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
  'min.cleanable.dirty.ratio': { kind: 'double', default: 0.5, min: 0, max: 1 },
  'min.insync.replicas': { kind: 'int', default: 1, min: 1 },
  'unclean.leader.election.enable': { kind: 'boolean', default: false },
  'compression.type': { kind: 'string', default: 'producer', oneOf: COMPRESSION_TYPES },
  'preallocate': { kind: 'boolean', default: false },
  'message.format.version': { kind: 'string', default: '2.4-IV1', check: apiVersionProblem },
  'message.downconversion.enable': { kind: 'boolean', default: true },
  'leader.replication.throttled.replicas': { kind: 'list', default: [], listCheck: throttledReplicasProblem('leader.replication.throttled.replicas') },
  'follower.replication.throttled.replicas': { kind: 'list', default: [], listCheck: throttledReplicasProblem('follower.replication.throttled.replicas') },
};

export const LOG_CONFIG_NAMES = Object.keys(DEFINITIONS) as LogConfigName[];

export function isLogConfigName(name: string): name is LogConfigName {
  return Object.prototype.hasOwnProperty.call(DEFINITIONS, name);
}

/** The ConfigDef type of a topic config ('list' for cleanup.policy, ...). */
export function logConfigKind(name: LogConfigName): LogConfigKind {
  return DEFINITIONS[name].kind;
}

export function defaultLogConfig(): LogConfig {
  const config = {} as Record<string, unknown>;
  for (const name of LOG_CONFIG_NAMES) {
    const d = DEFINITIONS[name].default;
    config[name] = Array.isArray(d) ? [...d] : d;
  }
  return config as unknown as LogConfig;
}

/** Kafka's validator for a definition, expressed with the shared config validators. */
function validatorsOf(def: Definition): Validator[] {
  const out: Validator[] = [];
  if (def.min !== undefined || def.max !== undefined) out.push({ kind: 'range', min: def.min, max: def.max });
  if (def.oneOf) out.push({ kind: def.kind === 'list' ? 'listOf' : 'oneOf', values: def.oneOf });
  if (def.check) {
    const check = def.check;
    out.push({ kind: 'custom', check: (v) => check(String(v)) });
  }
  if (def.listCheck) {
    const check = def.listCheck;
    out.push({ kind: 'custom', check: (v) => check(v as string[]) });
  }
  return out;
}

/** Parses one value with the shared ConfigDef rules; failures become the log layer's InvalidConfigError. */
function parseValue(name: LogConfigName, raw: string): LogConfig[LogConfigName] {
  const def = DEFINITIONS[name];
  try {
    const value = parseTyped(name, raw, def.kind);
    for (const v of validatorsOf(def)) validate(name, value, v);
    return value as LogConfig[LogConfigName];
  } catch (e) {
    if (e instanceof ConfigError) throw new InvalidConfigError(e.message);
    throw e;
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

/** Renders one value the way Kafka prints it (Long.MAX_VALUE included, doubles as Java does). */
export function renderConfigValue(name: LogConfigName, value: LogConfig[LogConfigName]): string {
  return renderTypedValue(value, DEFINITIONS[name].kind) ?? '';
}

/** The config as topic-level property strings, for DescribeConfigs and the like. */
export function logConfigToProperties(config: LogConfig): Record<LogConfigName, string> {
  const out = {} as Record<LogConfigName, string>;
  for (const name of LOG_CONFIG_NAMES) out[name] = renderConfigValue(name, config[name]);
  return out;
}

/**
 * Topic-level defaults from broker-level properties (server.properties), following Kafka 2.4's
 * KafkaServer.copyKafkaConfigToLog (log.retention.ms/minutes/hours precedence and the rest). The
 * mapping itself lives in src/common/config/topic-defaults.ts, shared with the broker config.
 */
export function logConfigFromBrokerProperties(props: Record<string, string>): LogConfig {
  let topicProps: Record<string, string>;
  try {
    topicProps = topicDefaultsFromBrokerProperties(props);
  } catch (e) {
    if (e instanceof ConfigError) throw new InvalidConfigError(e.message);
    throw e;
  }
  return logConfigFromProperties(topicProps);
}
