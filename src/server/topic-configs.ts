// Per-topic log configs: the broker's topic defaults (server.properties plus dynamic broker
// configs) overridden by /config/topics/<topic>. Every override is read at startup, before the
// logs load (Kafka's KafkaServer does the same with getLogConfigs), topics created later before
// their logs are (LeaderAndIsr), and changes arrive through the config change notifications. The
// log layer reads them synchronously, so they live here in memory.

import type { LogConfig } from '../log';
import { logConfigFromProperties } from '../log';
import type { KafkaZkClient } from '../zk';

export class TopicConfigs {
  /** The raw overrides, kept so a change of the defaults can be applied under them again. */
  private readonly overrides = new Map<string, ReadonlyMap<string, string>>();
  private readonly configs = new Map<string, LogConfig>();

  constructor(
    private _defaults: LogConfig,
    private readonly zk: KafkaZkClient,
  ) {}

  get defaults(): LogConfig {
    return this._defaults;
  }

  get(topic: string): LogConfig {
    return this.configs.get(topic) ?? this._defaults;
  }

  /** The topic's /config/topics entries as last read (empty when it has none). */
  overridesOf(topic: string): ReadonlyMap<string, string> {
    return this.overrides.get(topic) ?? new Map();
  }

  /** The topics whose overrides were read. */
  knownTopics(): string[] {
    return [...this.overrides.keys()];
  }

  /** Reads the overrides of every topic that has a config znode. */
  async loadAll(): Promise<void> {
    await this.reload(await this.zk.getAllEntitiesWithConfig('topics'));
  }

  /** Reads the topics' overrides afresh (before their first log here is created, as Kafka does). */
  async reload(topics: Iterable<string>): Promise<void> {
    await Promise.all([...new Set(topics)].map(async (topic) => this.setOverrides(topic, await this.zk.getTopicConfig(topic))));
  }

  /** A topic's overrides changed; returns its new config. Throws InvalidConfigError on a bad value. */
  setOverrides(topic: string, overrides: ReadonlyMap<string, string>): LogConfig {
    const config = logConfigFromProperties(Object.fromEntries(overrides), this._defaults);
    this.overrides.set(topic, overrides);
    this.configs.set(topic, config);
    return config;
  }

  /** The broker-level defaults changed: every topic's config is rebuilt under its overrides. */
  setDefaults(defaults: LogConfig): void {
    this._defaults = defaults;
    for (const [topic, overrides] of this.overrides) this.configs.set(topic, logConfigFromProperties(Object.fromEntries(overrides), defaults));
  }

  forget(topic: string): void {
    this.overrides.delete(topic);
    this.configs.delete(topic);
  }
}
