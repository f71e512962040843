// kafka-console-consumer as a member of a consumer group (Kafka 2.4.1's ConsoleConsumer with
// subscribe()): a kafkajs consumer joins the group with Kafka's RangeAssignor ("range"), starts
// where the group committed or else at auto.offset.reset (earliest with --from-beginning, latest
// otherwise), and with --group commits what it printed: after each batch and so at exit exactly the
// offset after the last printed record of each partition, which is what 2.4.1 leaves behind (its
// close() seeks back over unprinted records and commits synchronously). Without --group the group
// is console-consumer-<random> and nothing is committed, as in Kafka.

import { AssignerProtocol, Kafka, logLevel, type Assigner, type PartitionAssigner } from 'kafkajs';
import { formatRecord, type ConsumerIo, type FormatterProps } from './record-formatter';
import { isInternalTopic, whitelistRegex } from '../common/topic-filter';

export interface GroupConsumerSettings {
  bootstrapServer: string;
  /** subscribe(topic), or subscribe(pattern) for --whitelist. */
  subscription: { topic: string } | { whitelist: string };
  groupId: string;
  /** auto.offset.reset=earliest (else latest), used only where the group has no committed offset. */
  fromBeginning: boolean;
  /** enable.auto.commit: true with --group, false for the generated group. */
  commit: boolean;
  /** -1: no limit. */
  maxMessages: number;
  /** -1: wait for ever. */
  timeoutMs: number;
}

/** RangeAssignor.assign for one topic: members sorted by id, consecutive ranges, the first ones one longer. */
export function rangeAssignment(memberIds: readonly string[], partitionCount: number): Map<string, number[]> {
  const sorted = [...memberIds].sort();
  const out = new Map<string, number[]>(memberIds.map((m) => [m, []]));
  if (sorted.length === 0) return out;
  const per = Math.floor(partitionCount / sorted.length);
  const extra = partitionCount % sorted.length;
  sorted.forEach((member, i) => {
    const start = per * i + Math.min(i, extra);
    const length = per + (i + 1 > extra ? 0 : 1);
    out.set(member, Array.from({ length }, (_, k) => start + k));
  });
  return out;
}

/** Kafka's default partition.assignment.strategy (RangeAssignor, protocol name "range") for kafkajs. */
export const RangeAssigner: PartitionAssigner = ({ cluster }): Assigner => ({
  name: 'range',
  version: 0,
  async assign({ members, topics }) {
    const subscriptions = new Map(members.map((m) => [m.memberId, AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics ?? topics]));
    const assignment = new Map<string, Record<string, number[]>>(members.map((m) => [m.memberId, {}]));
    for (const topic of topics) {
      const consumers = members.map((m) => m.memberId).filter((id) => subscriptions.get(id)!.includes(topic));
      const partitionCount = cluster.findTopicPartitionMetadata(topic).length;
      for (const [member, partitions] of rangeAssignment(consumers, partitionCount)) {
        if (partitions.length > 0) assignment.get(member)![topic] = partitions;
      }
    }
    return [...assignment].map(([memberId, byTopic]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: byTopic, userData: Buffer.alloc(0) }),
    }));
  },
  protocol({ topics }) {
    return { name: 'range', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});

/** ConsoleConsumer's generated group id: console-consumer-<Random.nextInt(100000)>. */
export function randomConsoleGroupId(random: () => number = Math.random): string {
  return `console-consumer-${Math.floor(random() * 100000)}`;
}

const LOG_APPEND_TIME = 1;

/**
 * The topics to subscribe to. A whitelist is matched against the topics that exist now, internal
 * ones excluded (exclude.internal.topics); unlike Kafka's pattern subscription, topics created later
 * are not picked up.
 */
async function subscribedTopics(kafka: Kafka, subscription: GroupConsumerSettings['subscription']): Promise<string[]> {
  if ('topic' in subscription) return [subscription.topic];
  const regex = whitelistRegex(subscription.whitelist);
  const admin = kafka.admin();
  try {
    await admin.connect();
    return (await admin.listTopics()).filter((t) => regex.test(t) && !isInternalTopic(t)).sort();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Reads as a group member and prints until a stop condition; returns the number of messages printed. */
export async function runGroupConsoleConsumer(settings: GroupConsumerSettings, format: FormatterProps, io: ConsumerIo): Promise<number> {
  const kafka = new Kafka({
    // KafkaConsumer's generated client.id in 2.4: consumer-<group>-<sequence>.
    clientId: `consumer-${settings.groupId}-1`,
    brokers: settings.bootstrapServer.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({
    groupId: settings.groupId,
    partitionAssigners: [RangeAssigner],
    // 2.4.1 consumer defaults: session.timeout.ms 10 s, heartbeat.interval.ms 3 s, max.poll.interval.ms 5 min.
    sessionTimeout: 10_000,
    heartbeatInterval: 3_000,
    rebalanceTimeout: 300_000,
    allowAutoTopicCreation: true,
  });

  let count = 0;
  let stopping = false;
  let lastData = Date.now();
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const stop = () => {
    stopping = true;
    finish();
  };
  void io.stopped?.then(stop);
  const limitReached = () => settings.maxMessages >= 0 && count >= settings.maxMessages;

  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: await subscribedTopics(kafka, settings.subscription), fromBeginning: settings.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, isRunning, isStale }) => {
        let last: string | undefined;
        for (const message of batch.messages) {
          if (stopping || limitReached() || !isRunning() || isStale()) break;
          const context = (message as { batchContext?: { timestampType?: number } }).batchContext;
          io.write(
            formatRecord(
              {
                partition: batch.partition,
                offset: Number(message.offset),
                timestampType: context?.timestampType === LOG_APPEND_TIME ? 'LogAppendTime' : 'CreateTime',
                timestamp: Number(message.timestamp),
                key: message.key,
                value: message.value,
              },
              format,
            ),
          );
          count++;
          last = message.offset;
          // The fetch position moves past what was printed, and only that.
          resolveOffset(message.offset);
          lastData = Date.now();
        }
        if (last !== undefined && settings.commit) {
          try {
            await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() }]);
          } catch {
            // A rebalance took the partition away: its new owner starts from the last commit.
          }
        }
        if (limitReached()) stop();
      },
    });
    if (settings.timeoutMs >= 0) {
      timer = setInterval(() => {
        if (Date.now() - lastData < settings.timeoutMs) return;
        // What 2.4 logs when poll(timeout) comes back empty.
        io.err('ERROR Error processing message, terminating consumer process:  (kafka.tools.ConsoleConsumer$)');
        io.err('org.apache.kafka.common.errors.TimeoutException');
        stop();
      }, Math.min(100, settings.timeoutMs));
    }
    await finished;
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await consumer.disconnect().catch(() => undefined);
  }
  return count;
}
