// Topic administration in ZooKeeper (Kafka's AdminZkClient): validate a request, choose the
// replica assignment, write /config/topics/T and /brokers/topics/T — the controller does the rest
// when its watch fires. Shared by the CreateTopics/DeleteTopics/CreatePartitions APIs, topic
// auto-creation and `kafka-topics --zookeeper`; failures carry Kafka's error codes.

import { ConfigError, validateDynamicBrokerConfigs, validateQuotaEntityConfigs } from '../../common/config';
import { collidingTopics, topicNameProblem } from '../../common/topic-name';
import { InvalidConfigError, isLogConfigName, logConfigFromProperties } from '../../log';
import { ErrorCode } from '../../protocol/errors';
import { DEFAULT_CONFIG_ENTITY, isZkError, replicaAssignment, type ConfigEntityType, type KafkaZkClient } from '../../zk';
import { InvalidReplicationFactorError, assignReplicasToBrokers, startIndexForNewPartitions } from './replica-assignment';

export class AdminError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export interface NewTopic {
  name: string;
  /** -1: the broker default (num.partitions); ignored with an explicit assignment. */
  numPartitions: number;
  /** -1: the broker default (default.replication.factor); ignored with an explicit assignment. */
  replicationFactor: number;
  /** Explicit partition → replicas; empty to let the default algorithm choose. */
  assignment?: Map<number, number[]>;
  config?: Map<string, string>;
}

export interface TopicDefaults {
  numPartitions: number;
  replicationFactor: number;
}

/** LogConfig.validate: known names (INVALID_CONFIG otherwise), then values (ConfigError, Kafka's ConfigException). */
function validateTopicConfigValues(config: ReadonlyMap<string, string>): void {
  for (const name of config.keys()) {
    if (!isLogConfigName(name)) throw new AdminError(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${name}`);
  }
  try {
    logConfigFromProperties(Object.fromEntries(config));
  } catch (error) {
    if (error instanceof InvalidConfigError) throw new ConfigError('', error.message);
    throw error;
  }
}

/** At topic creation a bad value is INVALID_CONFIG too. */
function validateConfig(config: Map<string, string>): void {
  try {
    validateTopicConfigValues(config);
  } catch (error) {
    if (error instanceof ConfigError) throw new AdminError(ErrorCode.INVALID_CONFIG, error.message);
    throw error;
  }
}

function validateAssignment(assignment: Map<number, number[]>, liveBrokers: readonly number[]): void {
  const ids = [...assignment.keys()].sort((a, b) => a - b);
  if (ids.some((id, i) => id !== i)) {
    throw new AdminError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Partitions should be a consecutive 0-based integer sequence, but got ${ids.join(',')}`);
  }
  const factors = new Set([...assignment.values()].map((r) => r.length));
  if (factors.size > 1) throw new AdminError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'All partitions should have the same number of replicas');
  for (const [partition, replicas] of assignment) {
    if (replicas.length === 0) throw new AdminError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Partition ${partition} has no replicas`);
    if (new Set(replicas).size !== replicas.length) {
      throw new AdminError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Duplicate replica assignment found: ${partition} -> ${replicas.join(',')}`);
    }
    const unknown = replicas.filter((r) => !liveBrokers.includes(r));
    if (unknown.length > 0) throw new AdminError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Unknown broker(s) in replica assignment: ${unknown.join(',')}`);
  }
}

function assign(brokers: readonly number[], partitions: number, replicationFactor: number, options = {}): Map<number, number[]> {
  try {
    return assignReplicasToBrokers(brokers, partitions, replicationFactor, options);
  } catch (error) {
    if (error instanceof InvalidReplicationFactorError) throw new AdminError(ErrorCode.INVALID_REPLICATION_FACTOR, error.message);
    throw error;
  }
}

export class AdminZkClient {
  constructor(private readonly zk: KafkaZkClient) {}

  /**
   * Validates and (unless validateOnly) creates a topic; returns its assignment. `brokers` are the
   * live broker ids the assignment may use.
   */
  async createTopic(topic: NewTopic, brokers: readonly number[], defaults: TopicDefaults, validateOnly = false): Promise<Map<number, number[]>> {
    const problem = topicNameProblem(topic.name);
    if (problem !== null) throw new AdminError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    const existing = await this.zk.getAllTopics();
    if (existing.includes(topic.name)) throw new AdminError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`);
    const colliding = collidingTopics(topic.name, existing);
    if (colliding.length > 0) {
      throw new AdminError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${topic.name}' collides with existing topics: ${colliding.join(', ')}`);
    }
    const config = topic.config ?? new Map();
    validateConfig(config);

    let assignment: Map<number, number[]>;
    if (topic.assignment !== undefined && topic.assignment.size > 0) {
      if (topic.numPartitions !== -1 || topic.replicationFactor !== -1) {
        throw new AdminError(ErrorCode.INVALID_REQUEST, 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
      }
      validateAssignment(topic.assignment, brokers);
      assignment = topic.assignment;
    } else {
      const partitions = topic.numPartitions === -1 ? defaults.numPartitions : topic.numPartitions;
      const replicationFactor = topic.replicationFactor === -1 ? defaults.replicationFactor : topic.replicationFactor;
      if (partitions <= 0) throw new AdminError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
      if (replicationFactor <= 0) throw new AdminError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
      assignment = assign([...brokers].sort((a, b) => a - b), partitions, replicationFactor);
    }
    if (validateOnly) return assignment;
    try {
      await this.zk.createTopicAssignment(topic.name, assignment, config);
    } catch (error) {
      if (isZkError(error, 'NODE_EXISTS')) throw new AdminError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`);
      throw error;
    }
    return assignment;
  }

  /**
   * Marks a topic for deletion; the controller deletes it. Returns false when it was already
   * marked, which the API answers as success (Kafka swallows TopicAlreadyMarkedForDeletion there)
   * and the CLI reports.
   */
  async deleteTopic(topic: string): Promise<boolean> {
    if (!(await this.zk.topicExists(topic))) throw new AdminError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${topic}' does not exist.`);
    try {
      await this.zk.createDeleteTopicMarker(topic);
      return true;
    } catch (error) {
      if (!isZkError(error, 'NODE_EXISTS')) throw error;
      return false;
    }
  }

  /** Grows a topic to `totalCount` partitions (CreatePartitions, kafka-topics --alter). */
  async addPartitions(
    topic: string,
    totalCount: number,
    brokers: readonly number[],
    newAssignment: number[][] | null = null,
    validateOnly = false,
  ): Promise<Map<number, number[]>> {
    const current = await this.zk.getTopicAssignment(topic);
    if (current === null) throw new AdminError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${topic}' does not exist.`);
    if (await this.zk.isTopicMarkedForDeletion(topic)) throw new AdminError(ErrorCode.INVALID_TOPIC_EXCEPTION, `The topic '${topic}' is queued for deletion.`);
    const existing = current.size;
    if (totalCount <= existing) {
      const detail = totalCount === existing ? `Topic already has ${existing} partitions.` : `Topic currently has ${existing} partitions, ${totalCount} is not greater than ${existing}.`;
      throw new AdminError(ErrorCode.INVALID_PARTITIONS, detail);
    }
    const replicationFactor = current.get(0)!.replicas.length;
    const sorted = [...brokers].sort((a, b) => a - b);
    let added: Map<number, number[]>;
    if (newAssignment !== null) {
      if (newAssignment.length !== totalCount - existing) {
        throw new AdminError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Increasing the number of partitions by ${totalCount - existing} but ${newAssignment.length} assignments provided.`);
      }
      added = new Map(newAssignment.map((replicas, i) => [existing + i, replicas]));
      validateAssignment(new Map([...[...current].map(([p, a]) => [p, a.replicas] as [number, number[]]), ...added]), [...brokers, ...[...current.values()].flatMap((a) => a.replicas)]);
    } else {
      const start = startIndexForNewPartitions(sorted, current.get(0)!.replicas[0]);
      added = assign(sorted, totalCount - existing, replicationFactor, { startIndex: start, nextReplicaShift: start, startPartitionId: existing });
    }
    if (validateOnly) return added;
    const updated = new Map(current);
    for (const [p, replicas] of added) updated.set(p, replicaAssignment(replicas));
    await this.zk.setTopicAssignment(topic, updated);
    return added;
  }

  // --- dynamic configs ------------------------------------------------------------------------------

  fetchEntityConfig(entityType: ConfigEntityType, entityName: string): Promise<Map<string, string>> {
    return this.zk.getEntityConfig(entityType, entityName);
  }

  /**
   * AdminZkClient.validateTopicConfig: a valid, existing topic (Kafka's AdminOperationException,
   * answered UNKNOWN_SERVER_ERROR, when it is missing), known names, values that parse (else
   * ConfigError, which the APIs answer INVALID_REQUEST).
   */
  async validateTopicConfig(topic: string, config: ReadonlyMap<string, string>): Promise<void> {
    const problem = topicNameProblem(topic);
    if (problem !== null) throw new AdminError(ErrorCode.INVALID_TOPIC_EXCEPTION, problem);
    if (!(await this.zk.topicExists(topic))) throw new AdminError(ErrorCode.UNKNOWN_SERVER_ERROR, `Topic "${topic}" does not exist.`);
    validateTopicConfigValues(config);
  }

  /**
   * AdminZkClient.changeConfigs: validates `config` for its entity type, replaces the entity's
   * /config znode with it and writes a change notification for the brokers. Broker entities are
   * `<id>` or `<default>`; user and client names must already be sanitized.
   */
  async changeConfigs(entityType: ConfigEntityType, entityName: string, config: ReadonlyMap<string, string>): Promise<void> {
    switch (entityType) {
      case 'topics':
        await this.validateTopicConfig(entityName, config);
        break;
      case 'brokers':
        validateDynamicBrokerConfigs(config, entityName !== DEFAULT_CONFIG_ENTITY);
        break;
      case 'clients':
        validateQuotaEntityConfigs(config, 'client');
        break;
      case 'users':
        // <user>/clients/<client> and the <default> user take client quotas only.
        validateQuotaEntityConfigs(config, entityName === DEFAULT_CONFIG_ENTITY || entityName.includes('/clients') ? 'client' : 'user');
        break;
    }
    await this.zk.changeEntityConfig(entityType, entityName, config);
  }
}
