// kafka-topics --bootstrap-server: Kafka 2.4.1's AdminClientTopicService over kafkajs. 2.4.1's
// quirks are kept on purpose: --create, --alter and --delete print nothing on success (the
// "Created topic" line for this path arrived in 2.5, KAFKA-9363), --describe of an unknown topic
// prints nothing, and topics are described in java.util.HashMap order.

import { ConfigResourceTypes, Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';
import { javaHashMapOrder } from '../../common/jvm-order/java-hash-map-order';
import { javaAdminErrorMessage } from '../common/kafka-exceptions';
import { DescribeFilter, printTopicDescription, type PartitionSummary } from './topic-description';
import { selectTopics } from '../common/topic-filter';
import { commandTopic, ensureTopicExists, type CommandTopic, type Println, type TopicService } from './topic-command';
import { TopicCommandError, type TopicCommandOptions } from './topic-command-options';

const SHORT_MAX = 32767;

/** Re-throws a kafkajs failure with the message the Java admin client would have given. */
async function asJava<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw new TopicCommandError(javaAdminErrorMessage(error));
  }
}

export class AdminClientTopicService implements TopicService {
  private constructor(
    private readonly admin: Admin,
    private readonly out: Println,
  ) {}

  static async connect(bootstrapServer: string, out: Println): Promise<AdminClientTopicService> {
    const kafka = new Kafka({
      clientId: 'kafka-topics',
      brokers: bootstrapServer.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
      logLevel: logLevel.NOTHING,
      retry: { retries: 3 },
    });
    const admin = kafka.admin();
    await asJava(admin.connect());
    return new AdminClientTopicService(admin, out);
  }

  async createTopic(topic: CommandTopic): Promise<void> {
    if (topic.replicationFactor !== undefined && (topic.replicationFactor > SHORT_MAX || topic.replicationFactor < 1)) {
      throw new TopicCommandError(`The replication factor must be between 1 and ${SHORT_MAX} inclusive`);
    }
    if (topic.partitions !== undefined && topic.partitions < 1) throw new TopicCommandError('The partitions must be greater than 0');
    if ((await asJava(this.admin.listTopics())).includes(topic.name)) throw new TopicCommandError(`Topic ${topic.name} already exists`);
    const request: ITopicConfig = {
      topic: topic.name,
      configEntries: [...topic.configsToAdd].map(([name, value]) => ({ name, value })),
    };
    if (topic.replicaAssignment !== undefined) {
      request.replicaAssignment = [...topic.replicaAssignment].map(([partition, replicas]) => ({ partition, replicas }));
    } else {
      // Unset ones are -1: the broker applies num.partitions / default.replication.factor.
      request.numPartitions = topic.partitions ?? -1;
      request.replicationFactor = topic.replicationFactor ?? -1;
    }
    // kafkajs answers "already exists" with false instead of an error; someone won a race.
    const created = await asJava(this.admin.createTopics({ topics: [request], waitForLeaders: false }));
    if (!created) throw new TopicCommandError('org.apache.kafka.common.errors.TopicExistsException: Topic with this name already exists.');
  }

  async listTopics(opts: TopicCommandOptions): Promise<void> {
    // Scala's mkString("\n") + println: an empty cluster prints one empty line.
    this.out((await this.getTopics(opts)).join('\n'));
  }

  async alterTopic(opts: TopicCommandOptions): Promise<void> {
    const tp = commandTopic(opts, this.out);
    const topics = await this.getTopics(opts);
    ensureTopicExists(topics, opts.topic);
    const { topics: metadata } = await asJava(this.admin.fetchTopicMetadata({ topics }));
    const partitionCount = new Map(metadata.map((t) => [t.name, t.partitions.length]));
    await asJava(
      this.admin.createPartitions({
        topicPartitions: topics.map((topic) => {
          const existing = partitionCount.get(topic) ?? 0;
          // As in Kafka, --replica-assignment lists all partitions; only the new ones are sent.
          const assignments = tp.replicaAssignment ? [...tp.replicaAssignment].filter(([p]) => p >= existing).map(([, r]) => r) : undefined;
          return { topic, count: tp.partitions!, assignments };
        }),
      }),
    );
  }

  async describeTopic(opts: TopicCommandOptions): Promise<void> {
    const topics = await this.getTopics(opts);
    if (topics.length === 0) return;
    const { brokers } = await asJava(this.admin.describeCluster());
    const filter = new DescribeFilter(opts, new Set(brokers.map((b) => b.nodeId)));
    const { topics: metadata } = await asJava(this.admin.fetchTopicMetadata({ topics }));
    const described = await asJava(this.admin.describeConfigs({ resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })), includeSynonyms: false }));
    const configsOf = new Map(described.resources.map((r) => [r.resourceName, r.configEntries]));
    // DescribeTopicsResult.all() collects into new HashMap<>(topics.size()).
    for (const td of javaHashMapOrder(metadata, (t) => t.name, Math.max(1, metadata.length))) {
      const minIsr = configsOf.get(td.name)?.find((c) => c.configName === 'min.insync.replicas')?.configValue;
      const partitions: PartitionSummary[] = td.partitions.map((p) => ({
        minIsrCount: minIsr === undefined ? undefined : Number(minIsr),
        topic: td.name,
        partition: p.partitionId,
        leader: p.leader < 0 ? null : p.leader,
        replicas: p.replicas,
        isr: p.isr,
        markedForDeletion: false,
      }));
      const summary = {
        topic: td.name,
        partitionCount: td.partitions.length,
        replicationFactor: td.partitions[0]?.replicas.length ?? 0,
        // Every entry whose source is not Kafka's default: topic overrides and broker settings alike.
        configs: (configsOf.get(td.name) ?? []).filter((c) => !c.isDefault).map((c) => [c.configName, c.configValue] as [string, string]),
        markedForDeletion: false,
      };
      printTopicDescription(filter, summary, partitions, this.out);
    }
  }

  async deleteTopic(opts: TopicCommandOptions): Promise<void> {
    const topics = await this.getTopics(opts);
    ensureTopicExists(topics, opts.topic);
    await asJava(this.admin.deleteTopics({ topics }));
  }

  private async getTopics(opts: TopicCommandOptions): Promise<string[]> {
    return selectTopics(await asJava(this.admin.listTopics()), opts.topic, !!opts.excludeInternal);
  }

  close(): Promise<void> {
    return this.admin.disconnect();
  }
}
