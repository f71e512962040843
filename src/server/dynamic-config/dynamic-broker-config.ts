// Kafka's DynamicBrokerConfig: the broker's effective configuration is server.properties, then
// the cluster-wide dynamic defaults (/config/brokers/<default>), then this broker's own dynamic
// entries (/config/brokers/<id>), each layer replacing names of the one below. Entries that are not
// dynamic, or whose values do not parse, are dropped with a warning as Kafka does, so a bad znode
// never stops a broker. The four layers are kept apart because DescribeConfigs reports each as a
// source with its synonyms.

import {
  ConfigError,
  brokerConfigSynonyms,
  brokerValueGetter,
  topicDefaultsFromBrokerProperties,
  validateDynamicBrokerConfigs,
  type BrokerConfig,
  type ConfigValue,
} from '../../common/config';
import { BROKER_CONFIG_DEFINITIONS, REQUIRED } from '../../common/config/broker-definitions';
import { renderTypedValue } from '../../common/config/config-types';
import type { Logger } from '../../common/logger';
import { logConfigFromProperties, type LogConfig } from '../../log';
import { DEFAULT_CONFIG_ENTITY, type KafkaZkClient } from '../../zk';

export type DynamicBrokerLevel = 'broker' | 'default';

/**
 * DynamicBrokerConfig.overrideProps: each override also removes the names it is a synonym of, so
 * a dynamic log.retention.ms replaces a static log.retention.hours instead of losing to it.
 */
function overrideProps(props: Record<string, string>, overrides: ReadonlyMap<string, string>): Record<string, string> {
  for (const [name, value] of overrides) {
    for (const synonym of brokerConfigSynonyms(name, false)) delete props[synonym];
    props[name] = value;
  }
  return props;
}

export class DynamicBrokerConfig {
  /** server.properties as given (Kafka's staticBrokerConfigs). */
  readonly staticBrokerConfigs: ReadonlyMap<string, string>;
  /** Every defined name with a default, rendered as text (Kafka leaves null defaults out). */
  readonly staticDefaultConfigs: ReadonlyMap<string, string | null>;
  private dynamicBroker: ReadonlyMap<string, string> = new Map();
  private dynamicDefault: ReadonlyMap<string, string> = new Map();
  private current: (name: string) => ConfigValue;
  private effective: Record<string, string>;

  constructor(
    readonly staticConfig: BrokerConfig,
    private readonly logger: Logger,
  ) {
    this.staticBrokerConfigs = new Map(Object.entries(staticConfig.originals));
    this.staticDefaultConfigs = new Map(
      BROKER_CONFIG_DEFINITIONS.filter((d) => d.default !== REQUIRED && d.default !== null).map((d) => [d.name, renderTypedValue(d.default as ConfigValue, d.type)]),
    );
    this.effective = { ...staticConfig.originals };
    this.current = brokerValueGetter(this.effective);
  }

  get brokerId(): number {
    return this.staticConfig.brokerId;
  }

  get currentDynamicBrokerConfigs(): ReadonlyMap<string, string> {
    return this.dynamicBroker;
  }

  get currentDynamicDefaultConfigs(): ReadonlyMap<string, string> {
    return this.dynamicDefault;
  }

  /** The effective properties: static, then dynamic defaults, then this broker's dynamic entries. */
  get effectiveProperties(): Readonly<Record<string, string>> {
    return this.effective;
  }

  /** A defined name's current value (parsed, default when unset). */
  value(name: string): ConfigValue {
    return this.current(name);
  }

  /** The topic-level defaults the current broker settings imply (copyKafkaConfigToLog). */
  topicDefaults(): LogConfig {
    return logConfigFromProperties(topicDefaultsFromBrokerProperties(this.effective));
  }

  /** Reads /config/brokers/<default> and /config/brokers/<id>: at startup, before the logs load, so their topic defaults apply. */
  async initialize(zk: KafkaZkClient): Promise<void> {
    this.update('default', await zk.getEntityConfig('brokers', DEFAULT_CONFIG_ENTITY));
    this.update('broker', await zk.getEntityConfig('brokers', String(this.brokerId)));
  }

  /**
   * The effective properties if `config` replaced this broker's entry (perBrokerConfig) or the
   * cluster default, as DynamicBrokerConfig.validatedKafkaProps layers them for validation.
   */
  proposedProperties(config: ReadonlyMap<string, string>, perBrokerConfig: boolean): Record<string, string> {
    const base = { ...this.staticConfig.originals };
    return perBrokerConfig ? overrideProps(overrideProps(base, this.dynamicDefault), config) : overrideProps(overrideProps(base, config), this.dynamicBroker);
  }

  /** A /config/brokers znode of this broker or the default changed; returns the names whose effective value changed. */
  update(level: DynamicBrokerLevel, props: ReadonlyMap<string, string>): string[] {
    const valid = this.removeInvalidConfigs(props, level === 'broker');
    if (level === 'broker') this.dynamicBroker = valid;
    else this.dynamicDefault = valid;
    const before = this.effective;
    this.effective = overrideProps(overrideProps({ ...this.staticConfig.originals }, this.dynamicDefault), this.dynamicBroker);
    this.current = brokerValueGetter(this.effective);
    const names = new Set([...Object.keys(before), ...Object.keys(this.effective)]);
    return [...names].filter((n) => before[n] !== this.effective[n]);
  }

  private removeInvalidConfigs(props: ReadonlyMap<string, string>, perBrokerConfig: boolean): Map<string, string> {
    const valid = new Map<string, string>();
    for (const [name, value] of props) {
      try {
        validateDynamicBrokerConfigs(new Map([[name, value]]), perBrokerConfig);
        valid.set(name, value);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        this.logger.error(`Dynamic broker configs invalid and will be ignored: ${name}: ${error.message}`);
      }
    }
    return valid;
  }
}
