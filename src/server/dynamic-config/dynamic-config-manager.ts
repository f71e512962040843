// Kafka's DynamicConfigManager and its ConfigHandlers: every broker follows
// /config/changes/config_change_N and applies the entity each notification names, without a
// restart. Topics: the new overrides go onto the topic's live logs (retention, segment settings,
// min.insync.replicas, ... from the next check or append), and turning unclean leader election on
// makes the controller retry the topic's offline partitions. Brokers: this broker's entry and the
// cluster default change the effective broker config; a change of a broker-level topic default is
// applied to every log without a topic override, the log.cleaner.* settings to the log cleaner;
// this broker's replication throttle rates (and that of moves between its log dirs) and the
// topics' throttled replica lists go to the replication quota managers. Clients and users: their
// producer_byte_rate, consumer_byte_rate and request_percentage go to the client quotas
// (Kafka's ClientIdConfigHandler and UserConfigHandler), at startup and on every change.

import type { Time } from '../../common/clock';
import { DYNAMIC_LOG_CONFIGS, LOG_CLEANER_RECONFIGURABLE } from '../../common/config';
import type { Logger } from '../../common/logger';
import { InvalidConfigError, type LogManager } from '../../log';
import {
  CONFIG_CHANGE_SEQUENCE_PREFIX,
  CONFIG_CHANGES_PATH,
  CONFIG_ENTITY_TYPES,
  DEFAULT_CONFIG_ENTITY,
  decodeConfigChangeNotification,
  type ConfigEntityType,
  type KafkaZkClient,
} from '../../zk';
import { ChangeNotificationListener } from '../../zk/change-notification-listener';
import type { TopicConfigs } from '../topic-configs';
import type { DynamicBrokerConfig } from './dynamic-broker-config';
import { parseThrottledPartitions, type ReplicationQuotaManager } from '../replication-quota';
import type { ClientQuotas } from '../quota/client-quotas';
import { applyQuotaConfig } from '../quota/quota-config-handler';
import { desanitize } from '../quota/quota-entity';

export interface DynamicConfigManagerDeps {
  zk: KafkaZkClient;
  brokerConfig: DynamicBrokerConfig;
  topicConfigs: TopicConfigs;
  logManager: LogManager;
  /** The controller's hook for unclean.leader.election.enable turning on (topic, or default). */
  uncleanLeaderElectionEnabled(topic?: string): void;
  /** The leader and follower replication throttles (KIP-73) and the one of moves between log dirs. */
  replicationQuotas: { leader: ReplicationQuotaManager; follower: ReplicationQuotaManager; alterLogDirs: ReplicationQuotaManager };
  /** The client quotas fed from clients/users entities; none in tests that don't look. */
  clientQuotas?: ClientQuotas;
  /** SCRAM credentials of users/<user> entities (Kafka's CredentialProvider); none without SCRAM. */
  scramCredentials?: { update(user: string, config: ReadonlyMap<string, string>): void };
  logger: Logger;
  time: Time;
}

const THROTTLED_REPLICAS = { leader: 'leader.replication.throttled.replicas', follower: 'follower.replication.throttled.replicas' } as const;
const THROTTLED_RATE = {
  leader: 'leader.replication.throttled.rate',
  follower: 'follower.replication.throttled.rate',
  alterLogDirs: 'replica.alter.log.dirs.io.max.bytes.per.second',
} as const;

/** How Kafka logs a Scala Map of configs. */
function scalaMap(config: ReadonlyMap<string, string>): string {
  return `Map(${[...config].map(([k, v]) => `${k} -> ${k.startsWith('SCRAM-') ? '[hidden]' : v}`).join(', ')})`;
}

export class DynamicConfigManager {
  private listener: ChangeNotificationListener | null = null;
  /** clients/<id>, users/<user>[/clients/<id>]: kept for the quota managers. */
  readonly quotaConfigs = new Map<string, ReadonlyMap<string, string>>();

  constructor(private readonly deps: DynamicConfigManagerDeps) {}

  /**
   * Applies what ZooKeeper holds (this broker's throttle rates, the topics' throttled replicas, the
   * client and user quota entities), then follows the notifications (handling every one still there once).
   */
  async startup(): Promise<void> {
    const { zk, topicConfigs, brokerConfig } = this.deps;
    this.applyThrottleRates(await zk.getEntityConfig('brokers', String(brokerConfig.brokerId)));
    for (const topic of topicConfigs.knownTopics()) this.applyThrottledReplicas(topic, topicConfigs.overridesOf(topic));
    for (const client of await zk.getAllEntitiesWithConfig('clients')) this.setQuotaConfig(`clients/${client}`, await zk.getEntityConfig('clients', client));
    for (const user of await zk.getAllEntitiesWithConfig('users')) {
      this.setQuotaConfig(`users/${user}`, await zk.getEntityConfig('users', user));
      for (const client of await zk.getAllEntitiesWithConfig(`users/${user}/clients`)) {
        this.setQuotaConfig(`users/${user}/clients/${client}`, await zk.getEntityConfig('users', `${user}/clients/${client}`));
      }
    }
    this.listener = new ChangeNotificationListener({
      zk: zk.zk,
      root: CONFIG_CHANGES_PATH,
      prefix: CONFIG_CHANGE_SEQUENCE_PREFIX,
      handle: (data, name) => this.processNotification(data, name),
      logger: this.deps.logger,
      time: this.deps.time,
    });
    this.listener.start();
  }

  /** Resolves once the notifications seen so far are applied (tests). */
  idle(): Promise<void> {
    return this.listener?.idle() ?? Promise.resolve();
  }

  async shutdown(): Promise<void> {
    await this.listener?.close();
  }

  private async processNotification(data: Buffer | null, name: string): Promise<void> {
    const { entityPath } = decodeConfigChangeNotification(name.slice(CONFIG_CHANGE_SEQUENCE_PREFIX.length), data);
    const slash = entityPath.indexOf('/');
    const entityType = entityPath.slice(0, slash) as ConfigEntityType;
    if (slash < 0 || !CONFIG_ENTITY_TYPES.includes(entityType)) {
      throw new Error(
        `Version 2 config change notification must have 'entity_path' starting with one of ${CONFIG_ENTITY_TYPES.map((t) => `'${t}'/`).join(', ')}. Received: ${data?.toString() ?? 'null'}`,
      );
    }
    const entityName = entityPath.slice(slash + 1);
    const config = await this.deps.zk.getEntityConfig(entityType, entityName);
    this.deps.logger.info(`Processing override for entityPath: ${entityPath} with config: ${scalaMap(config)}`);
    switch (entityType) {
      case 'topics':
        return this.applyTopicConfig(entityName, config);
      case 'brokers':
        return this.applyBrokerConfig(entityName, config);
      default:
        this.setQuotaConfig(entityPath, config);
    }
  }

  /** Keeps a clients/users entity's config and applies its quotas (an empty config removes them). */
  private setQuotaConfig(entityPath: string, config: ReadonlyMap<string, string>): void {
    this.quotaConfigs.set(entityPath, config);
    const user = /^users\/([^/]+)$/.exec(entityPath);
    // Kafka's UserConfigHandler: the credentials of a user (not of a <user, client>) change with its config.
    if (user !== null && user[1] !== DEFAULT_CONFIG_ENTITY) this.deps.scramCredentials?.update(desanitize(user[1]!), config);
    const quotas = this.deps.clientQuotas;
    if (quotas === undefined) return;
    try {
      applyQuotaConfig(quotas, entityPath, config);
    } catch (error) {
      this.deps.logger.error(`Invalid quota config for ${entityPath} ignored: ${(error as Error).message}`);
    }
  }

  private applyTopicConfig(topic: string, overrides: ReadonlyMap<string, string>): void {
    let config;
    try {
      config = this.deps.topicConfigs.setOverrides(topic, overrides);
    } catch (error) {
      if (!(error instanceof InvalidConfigError)) throw error;
      this.deps.logger.error(`Invalid config for topic ${topic} ignored: ${error.message}`);
      return;
    }
    for (const log of this.deps.logManager.allLogs()) if (log.topic === topic) log.updateConfig(config);
    this.applyThrottledReplicas(topic, overrides);
    if (overrides.get('unclean.leader.election.enable')?.trim().toLowerCase() === 'true') this.deps.uncleanLeaderElectionEnabled(topic);
  }

  private applyBrokerConfig(entityName: string, config: ReadonlyMap<string, string>): void {
    const { brokerConfig, topicConfigs, logManager } = this.deps;
    let changed: string[];
    if (entityName === DEFAULT_CONFIG_ENTITY) changed = brokerConfig.update('default', config);
    else if (entityName === String(brokerConfig.brokerId)) {
      changed = brokerConfig.update('broker', config);
      // Only this broker's own entry sets its throttle rates (not the cluster default), as in Kafka.
      this.applyThrottleRates(config);
    } else return;
    if (changed.some((name) => LOG_CLEANER_RECONFIGURABLE.includes(name))) {
      try {
        logManager.reconfigureCleaner((name) => brokerConfig.value(name));
      } catch (error) {
        this.deps.logger.error(`Dynamic log cleaner configs could not be applied: ${(error as Error).message}`);
      }
    }
    if (!changed.some((name) => DYNAMIC_LOG_CONFIGS.has(name))) return;
    topicConfigs.setDefaults(brokerConfig.topicDefaults());
    for (const log of logManager.allLogs()) log.updateConfig(topicConfigs.get(log.topic));
    if (changed.includes('unclean.leader.election.enable') && brokerConfig.value('unclean.leader.election.enable') === true) this.deps.uncleanLeaderElectionEnabled();
  }

  /** Kafka's BrokerConfigHandler: the rates from this broker's entry, unlimited when absent. */
  private applyThrottleRates(config: ReadonlyMap<string, string>): void {
    for (const side of ['leader', 'follower', 'alterLogDirs'] as const) {
      const rate = config.get(THROTTLED_RATE[side]);
      this.deps.replicationQuotas[side].updateQuota(rate === undefined ? undefined : Number(rate));
    }
  }

  /** Kafka's TopicConfigHandler.updateThrottledList: the topic's replicas on this broker to throttle. */
  private applyThrottledReplicas(topic: string, overrides: ReadonlyMap<string, string>): void {
    for (const side of ['leader', 'follower'] as const) {
      const value = overrides.get(THROTTLED_REPLICAS[side]);
      const quota = this.deps.replicationQuotas[side];
      if (value !== undefined && value.length > 0) quota.markThrottled(topic, parseThrottledPartitions(value, this.deps.brokerConfig.brokerId));
      else quota.removeThrottle(topic);
    }
  }
}
