// kafka-topics --zookeeper: Kafka 2.4.1's ZookeeperTopicService. Reads and writes the znodes
// directly (through AdminZkClient for creation, deletion and new partitions, so the checks and
// error messages are the broker's own); the controller reacts to the writes.

import { ErrorCode } from '../../protocol/errors';
import { isZkError, type KafkaZkClient } from '../../zk';
import { AdminError, AdminZkClient } from '../../zk/admin/admin-zk-client';
import { DescribeFilter, printTopicDescription, type PartitionSummary, type TopicSummary } from './topic-description';
import { isInternalTopic, selectTopics } from '../common/topic-filter';
import { commandTopic, ensureTopicExists, type CommandTopic, type Println, type TopicService } from './topic-command';
import type { TopicCommandOptions } from './topic-command-options';
import { topicPartitionKey } from '../../common/topic-partition';

export class ZkTopicService implements TopicService {
  private readonly admin: AdminZkClient;

  constructor(
    private readonly zk: KafkaZkClient,
    private readonly out: Println,
  ) {
    this.admin = new AdminZkClient(zk);
  }

  async createTopic(topic: CommandTopic): Promise<void> {
    const brokers = await this.zk.getSortedBrokerList();
    try {
      await this.admin.createTopic(
        {
          name: topic.name,
          numPartitions: topic.replicaAssignment ? -1 : topic.partitions!,
          replicationFactor: topic.replicaAssignment ? -1 : topic.replicationFactor!,
          assignment: topic.replicaAssignment,
          config: topic.configsToAdd,
        },
        brokers,
        // Unused: checkArgs requires --partitions and --replication-factor with --zookeeper.
        { numPartitions: 1, replicationFactor: 1 },
      );
      this.out(`Created topic ${topic.name}.`);
    } catch (error) {
      const exists = error instanceof AdminError && error.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS;
      if (!(exists && topic.ifNotExists)) throw error;
    }
  }

  async listTopics(opts: TopicCommandOptions): Promise<void> {
    for (const topic of await this.getTopics(opts)) {
      this.out((await this.zk.isTopicMarkedForDeletion(topic)) ? `${topic} - marked for deletion` : topic);
    }
  }

  async alterTopic(opts: TopicCommandOptions): Promise<void> {
    const topics = await this.getTopics(opts);
    const tp = commandTopic(opts, this.out);
    ensureTopicExists(topics, opts.topic, !opts.ifExists);
    for (const topic of topics) {
      if (opts.config !== undefined || opts.deleteConfig !== undefined) {
        this.out('WARNING: Altering topic configuration from this script has been deprecated and may be removed in future releases.');
        this.out('         Going forward, please use kafka-configs.sh for this functionality');
        const configs = await this.zk.getTopicConfig(topic);
        for (const [k, v] of tp.configsToAdd) configs.set(k, v);
        for (const k of tp.configsToDelete) configs.delete(k);
        // Writes /config/topics/T and the change notification the brokers watch.
        await this.zk.changeEntityConfig('topics', topic, configs);
        this.out(`Updated config for topic ${topic}.`);
      }
      if (tp.partitions !== undefined) {
        if (isInternalTopic(topic)) throw new Error(`The number of partitions for the internal topic ${topic} cannot be changed.`);
        this.out('WARNING: If partitions are increased for a topic that has a key, the partition logic or ordering of the messages will be affected');
        const existing = await this.zk.getTopicAssignment(topic);
        if (existing === null || existing.size === 0) throw new Error(`The topic ${topic} does not exist`);
        // Like Kafka, a --replica-assignment lists every partition; only the new ones are used.
        const added = [...(tp.replicaAssignment ?? new Map<number, number[]>())].filter(([p]) => p >= existing.size).map(([, r]) => r);
        await this.admin.addPartitions(topic, tp.partitions, await this.zk.getSortedBrokerList(), added.length > 0 ? added : null);
        this.out('Adding partitions succeeded!');
      }
    }
  }

  async describeTopic(opts: TopicCommandOptions): Promise<void> {
    const topics = await this.getTopics(opts);
    ensureTopicExists(topics, opts.topic, !opts.ifExists);
    const filter = new DescribeFilter(opts, new Set(await this.zk.getSortedBrokerList()));
    for (const topic of topics) {
      const assignment = await this.zk.getTopicAssignment(topic);
      if (assignment === null) {
        this.out(`Topic ${topic} doesn't exist!`);
        continue;
      }
      const markedForDeletion = await this.zk.isTopicMarkedForDeletion(topic);
      const partitionIds = [...assignment.keys()].sort((a, b) => a - b);
      const states = await this.zk.getPartitionStates(partitionIds.map((partition) => ({ topic, partition })));
      const summary: TopicSummary = {
        topic,
        partitionCount: assignment.size,
        replicationFactor: assignment.get(partitionIds[0])?.replicas.length ?? 0,
        configs: [...(await this.zk.getTopicConfig(topic))],
        markedForDeletion,
      };
      const partitions: PartitionSummary[] = partitionIds.map((partition) => {
        const state = states.get(topicPartitionKey(topic, partition))?.state;
        const leader = state === undefined || state.leader === -1 ? null : state.leader;
        return { topic, partition, leader, replicas: assignment.get(partition)!.replicas, isr: state?.isr ?? [], markedForDeletion };
      });
      printTopicDescription(filter, summary, partitions, this.out);
    }
  }

  async deleteTopic(opts: TopicCommandOptions): Promise<void> {
    const topics = await this.getTopics(opts);
    ensureTopicExists(topics, opts.topic, !opts.ifExists);
    for (const topic of topics) {
      if (isInternalTopic(topic)) throw new Error(`Topic ${topic} is a kafka internal topic and is not allowed to be marked for deletion.`);
      try {
        await this.zk.createDeleteTopicMarker(topic);
        this.out(`Topic ${topic} is marked for deletion.`);
        this.out('Note: This will have no impact if delete.topic.enable is not set to true.');
      } catch (error) {
        if (!isZkError(error, 'NODE_EXISTS')) throw new Error(`Error while deleting topic ${topic}`);
        this.out(`Topic ${topic} is already marked for deletion.`);
      }
    }
  }

  private async getTopics(opts: TopicCommandOptions): Promise<string[]> {
    return selectTopics(await this.zk.getAllTopics(), opts.topic, !!opts.excludeInternal);
  }

  close(): Promise<void> {
    return this.zk.close();
  }
}
