// What DescribeConfigs reports for a topic or a broker, as Kafka 2.4.1's AdminManager builds it:
// every config with its current value, the source that value comes from, and its synonyms — the
// names that could have set it, most specific first: the topic override, then this broker's
// dynamic entry, the cluster-wide dynamic default, server.properties, and Kafka's default.

import { BROKER_CONFIG_BY_NAME, brokerConfigSynonyms, renderTypedValue, TOPIC_CONFIG_SYNONYMS, ALL_DYNAMIC_BROKER_CONFIGS, type ConfigType } from '../../common/config';
import { javaHashMapOrder } from '../../common/jvm-order/java-hash-map-order';
import { javaStringHash, scalaMutableHashMapOrder } from '../../common/jvm-order/scala-collection-order';
import { LOG_CONFIG_NAMES, renderConfigValue, type LogConfig, type LogConfigName } from '../../log';
import type { DynamicBrokerConfig } from './dynamic-broker-config';

/** DescribeConfigsResponse.ConfigSource ids. */
export const ConfigSource = {
  UNKNOWN_CONFIG: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;

export interface ConfigSynonym {
  name: string;
  value: string | null;
  source: number;
}

export interface DescribedConfig {
  name: string;
  value: string | null;
  source: number;
  isSensitive: boolean;
  readOnly: boolean;
  synonyms: ConfigSynonym[];
}

/**
 * The order Kafka puts topic configs into that HashMap (copyKafkaConfigToLog's, then the rest),
 * which decides the order of names sharing a bucket.
 */
const TOPIC_CONFIG_INSERTION_ORDER = [...new Set([...TOPIC_CONFIG_SYNONYMS.keys(), ...LOG_CONFIG_NAMES])] as LogConfigName[];

function brokerConfigType(name: string): ConfigType | undefined {
  return BROKER_CONFIG_BY_NAME.get(name)?.type;
}

export class ConfigDescriber {
  constructor(private readonly broker: DynamicBrokerConfig) {}

  /**
   * A topic's configs (those in `configNames`, null: all): its LogConfig over the broker's current
   * defaults. Kafka collects them in a java.util.HashMap, then filters them into a new one, which
   * is the order they go out in.
   */
  topicConfigs(config: LogConfig, overrides: ReadonlyMap<string, string>, configNames: readonly string[] | null): DescribedConfig[] {
    const names = javaHashMapOrder(TOPIC_CONFIG_INSERTION_ORDER, (n) => n).filter((n) => configNames === null || configNames.includes(n));
    return javaHashMapOrder(names, (n) => n).map((name) => {
      const value = renderConfigValue(name, config[name]);
      const brokerName = TOPIC_CONFIG_SYNONYMS.get(name);
      const synonyms = brokerName === undefined ? [] : this.configSynonyms(brokerName, brokerConfigSynonyms(brokerName, true), false);
      if (overrides.has(name)) synonyms.unshift({ name, value, source: ConfigSource.TOPIC_CONFIG });
      return { name, value, source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG, isSensitive: false, readOnly: false, synonyms };
    });
  }

  /**
   * A broker's configs (those in `configNames`, null: all). For this broker's id: every defined
   * config and every name set in server.properties or dynamically (a name Kafka's broker config does
   * not define, such as a replication throttle, is of unknown type and so reported as sensitive),
   * with current values, in java.util.HashMap
   * order. For the cluster default (empty name): only the dynamic defaults set in ZooKeeper, with
   * only dynamic-default synonyms, in the order of the Scala mutable.HashMap Kafka keeps them in.
   */
  brokerConfigs(perBrokerConfig: boolean, configNames: readonly string[] | null): DescribedConfig[] {
    const { broker } = this;
    const entries: Array<[string, string | null]> = perBrokerConfig
      ? [...new Set([...Object.keys(broker.effectiveProperties), ...BROKER_CONFIG_BY_NAME.keys()])].map((name) => {
          const type = brokerConfigType(name);
          return [name, type === undefined ? (broker.effectiveProperties[name] ?? null) : renderTypedValue(broker.value(name), type)];
        })
      : [...broker.currentDynamicDefaultConfigs];
    const wanted = (name: string) => configNames === null || configNames.includes(name);
    const ordered = perBrokerConfig
      ? javaHashMapOrder(javaHashMapOrder(entries, ([name]) => name).filter(([name]) => wanted(name)), ([name]) => name)
      : scalaMutableHashMapOrder(entries.filter(([name]) => wanted(name)), ([name]) => javaStringHash(name));
    return ordered.map(([name, rawValue]) => {
      const allNames = brokerConfigSynonyms(name, true);
      const type = brokerConfigType(name) ?? allNames.map(brokerConfigType).find((t) => t !== undefined);
      // A config of unknown type may hold a secret: Kafka reports it as sensitive.
      const isSensitive = type === 'password' || type === undefined;
      const synonyms = this.configSynonyms(name, allNames, isSensitive).filter((s) => perBrokerConfig || s.source === ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
      return {
        name,
        value: isSensitive ? null : rawValue,
        source: synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG,
        isSensitive,
        readOnly: !ALL_DYNAMIC_BROKER_CONFIGS.has(name),
        synonyms,
      };
    });
  }

  /** AdminManager.configSynonyms: each layer in turn, every synonym it sets; names before `name` itself dropped. */
  private configSynonyms(name: string, synonyms: string[], isSensitive: boolean): ConfigSynonym[] {
    const { broker } = this;
    const layers: Array<[ReadonlyMap<string, string | null>, number]> = [
      [broker.currentDynamicBrokerConfigs, ConfigSource.DYNAMIC_BROKER_CONFIG],
      [broker.currentDynamicDefaultConfigs, ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG],
      [broker.staticBrokerConfigs, ConfigSource.STATIC_BROKER_CONFIG],
      [broker.staticDefaultConfigs, ConfigSource.DEFAULT_CONFIG],
    ];
    const all: ConfigSynonym[] = [];
    for (const [values, source] of layers) {
      for (const synonym of synonyms) {
        if (values.has(synonym)) all.push({ name: synonym, value: isSensitive ? null : values.get(synonym)!, source });
      }
    }
    const first = all.findIndex((s) => s.name === name);
    return first < 0 ? [] : all.slice(first);
  }
}
