// Per-topic log configs: the broker's defaults overridden by /config/topics/<topic>. Loaded from
// ZooKeeper before a topic's logs are created (LeaderAndIsr), then read synchronously by the log
// layer, which cannot await.

import type { LogConfig } from '../log';
import { logConfigFromProperties } from '../log';
import type { KafkaZkClient } from '../zk';

export class TopicConfigs {
  private readonly overrides = new Map<string, LogConfig>();

  constructor(
    readonly defaults: LogConfig,
    private readonly zk: KafkaZkClient,
  ) {}

  get(topic: string): LogConfig {
    return this.overrides.get(topic) ?? this.defaults;
  }

  /** Reads the overrides of topics not loaded yet. */
  async ensureLoaded(topics: Iterable<string>): Promise<void> {
    const missing = [...new Set(topics)].filter((t) => !this.overrides.has(t));
    await Promise.all(
      missing.map(async (topic) => {
        const props = await this.zk.getTopicConfig(topic);
        this.overrides.set(topic, logConfigFromProperties(Object.fromEntries(props), this.defaults));
      }),
    );
  }

  forget(topic: string): void {
    this.overrides.delete(topic);
  }
}
