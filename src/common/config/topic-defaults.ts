// The topic-level config defaults a broker's server.properties implies: Kafka 2.4.1's
// KafkaServer.copyKafkaConfigToLog, as topic-level property strings (the form topic overrides
// in ZooKeeper and DescribeConfigs use). src/log's LogConfig parses them; keeping the mapping
// here, below the log layer, means there is exactly one copy of it.

import { parseApiVersion } from './api-version';
import { renderValue } from './config-types';
import { logFlushIntervalMs, logRetentionTimeMs, logRollTimeJitterMs, logRollTimeMs, type ValueGetter } from './derived-values';
import { brokerValueGetter, type BrokerConfig } from './kafka-config';

// Topic-level name <- broker-level name, for the one-to-one cases.
const DIRECT: ReadonlyArray<readonly [topic: string, broker: string]> = [
  ['segment.bytes', 'log.segment.bytes'],
  ['segment.index.bytes', 'log.index.size.max.bytes'],
  ['flush.messages', 'log.flush.interval.messages'],
  ['retention.bytes', 'log.retention.bytes'],
  ['max.message.bytes', 'message.max.bytes'],
  ['index.interval.bytes', 'log.index.interval.bytes'],
  ['delete.retention.ms', 'log.cleaner.delete.retention.ms'],
  ['min.compaction.lag.ms', 'log.cleaner.min.compaction.lag.ms'],
  ['max.compaction.lag.ms', 'log.cleaner.max.compaction.lag.ms'],
  ['file.delete.delay.ms', 'log.segment.delete.delay.ms'],
  ['min.cleanable.dirty.ratio', 'log.cleaner.min.cleanable.ratio'],
  ['cleanup.policy', 'log.cleanup.policy'],
  ['min.insync.replicas', 'min.insync.replicas'],
  ['unclean.leader.election.enable', 'unclean.leader.election.enable'],
  ['preallocate', 'log.preallocate'],
  ['message.timestamp.type', 'log.message.timestamp.type'],
  ['message.timestamp.difference.max.ms', 'log.message.timestamp.difference.max.ms'],
  ['message.downconversion.enable', 'log.message.downconversion.enable'],
];

function topicDefaults(get: ValueGetter): Record<string, string> {
  const out: Record<string, string> = {};
  const num = (n: number) => renderValue(n)!;
  for (const [topic, broker] of DIRECT) out[topic] = renderValue(get(broker))!;
  out['segment.ms'] = num(logRollTimeMs(get).value);
  out['segment.jitter.ms'] = num(logRollTimeJitterMs(get).value);
  out['flush.ms'] = num(logFlushIntervalMs(get));
  out['retention.ms'] = num(logRetentionTimeMs(get).value);
  // Kafka lower-cases it when checking validity; the topic level only knows lower-case names.
  out['compression.type'] = String(get('compression.type')).toLowerCase();
  // The normalised full version ("2.4" -> "2.4-IV1"), as Kafka copies ApiVersion.version.
  const format = String(get('log.message.format.version'));
  out['message.format.version'] = parseApiVersion(format)?.version ?? format;
  return out;
}

/** Topic-level defaults from a parsed broker config. */
export function topicDefaultsFromBroker(config: BrokerConfig): Record<string, string> {
  return topicDefaults((name) => config.get(name));
}

/**
 * Topic-level defaults from raw broker properties, parsing (and validating) only the properties
 * involved, so the log layer can use it without a full broker config (no zookeeper.connect).
 */
export function topicDefaultsFromBrokerProperties(props: Record<string, string>): Record<string, string> {
  return topicDefaults(brokerValueGetter(props));
}
