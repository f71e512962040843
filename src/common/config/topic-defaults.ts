// The topic-level config defaults a broker's server.properties implies: Kafka 2.4.1's
// KafkaServer.copyKafkaConfigToLog, as topic-level property strings (the form topic overrides
// in ZooKeeper and DescribeConfigs use). src/log's LogConfig parses them; keeping the mapping
// here, below the log layer, means there is exactly one copy of it.

import { parseApiVersion } from './api-version';
import { renderValue } from './config-types';
import { logFlushIntervalMs, logRetentionTimeMs, logRollTimeJitterMs, logRollTimeMs, type ValueGetter } from './derived-values';
import { brokerValueGetter, type BrokerConfig } from './kafka-config';
import { TOPIC_CONFIG_SYNONYMS } from './dynamic-configs';

// The topic-level names whose default is a broker-level value copied as it is (LogConfig's
// TopicConfigSynonyms); the others are derived below.
const DERIVED = new Set(['segment.ms', 'segment.jitter.ms', 'flush.ms', 'retention.ms', 'compression.type', 'message.format.version']);
const DIRECT = [...TOPIC_CONFIG_SYNONYMS].filter(([topic]) => !DERIVED.has(topic));

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
