// The cluster side of kafka-consumer-groups: what Kafka 2.4.1's ConsumerGroupService asks of its
// AdminClient and KafkaConsumer. Topic metadata, log start/end offsets and offsets for times come
// from a kafkajs admin client. The group APIs go straight to the group's coordinator on our own
// codecs, as the Java admin client does (FindCoordinator, then DescribeGroups, OffsetFetch with
// null topics for all committed offsets, DeleteGroups, OffsetDelete, and the group-less
// OffsetCommit a never-joined consumer sends for --execute), because kafkajs either lacks the call
// (OffsetDelete, OffsetFetch of all topics) or does it differently (setOffsets joins the group).
// Versions are the highest both we and the broker support (ApiVersions).

import { Kafka, logLevel, type Admin } from 'kafkajs';
import { decodeConsumerAssignment } from '../../coordinator/group/consumer-protocol';
import { BrokerConnection } from '../../network/broker-connection';
import { ErrorCode, errorName } from '../../protocol/errors';
import { Apis, type ApiDefinition } from '../../protocol/generated';
import { hostPortString, parseBrokerList, type HostPort } from '../common/broker-list';
import { ConsumerGroupCommandError, type CoordinatorNode, type GroupDescription, type MemberDescription } from './consumer-group-describe';
import { javaAdminErrorMessage } from '../common/kafka-exceptions';
import { type TopicPartition, tpString } from '../../common/topic-partition';

const PREFIX = 'org.apache.kafka.common.errors.';

/** Java exception class and Errors' default message for the codes the group calls can answer. */
const GROUP_EXCEPTIONS: Record<string, [string, string]> = {
  UNKNOWN_SERVER_ERROR: ['UnknownServerException', 'The server experienced an unexpected error when processing the request.'],
  UNKNOWN_TOPIC_OR_PARTITION: ['UnknownTopicOrPartitionException', 'This server does not host this topic-partition.'],
  OFFSET_METADATA_TOO_LARGE: ['OffsetMetadataTooLarge', 'The metadata field of the offset request was too large.'],
  COORDINATOR_LOAD_IN_PROGRESS: ['CoordinatorLoadInProgressException', "The coordinator is loading and hence can't process requests."],
  COORDINATOR_NOT_AVAILABLE: ['CoordinatorNotAvailableException', 'The coordinator is not available.'],
  NOT_COORDINATOR: ['NotCoordinatorException', 'This is not the correct coordinator.'],
  ILLEGAL_GENERATION: ['IllegalGenerationException', 'Specified group generation id is not valid.'],
  INVALID_GROUP_ID: ['InvalidGroupIdException', 'The configured groupId is invalid.'],
  UNKNOWN_MEMBER_ID: ['UnknownMemberIdException', 'The coordinator is not aware of this member.'],
  REBALANCE_IN_PROGRESS: ['RebalanceInProgressException', 'The group is rebalancing, so a rejoin is needed.'],
  INVALID_COMMIT_OFFSET_SIZE: ['InvalidCommitOffsetSizeException', 'The committing offset data size is not valid.'],
  TOPIC_AUTHORIZATION_FAILED: ['TopicAuthorizationException', 'Topic authorization failed.'],
  GROUP_AUTHORIZATION_FAILED: ['GroupAuthorizationException', 'Group authorization failed.'],
  UNSUPPORTED_VERSION: ['UnsupportedVersionException', 'The version of API is not supported.'],
  NON_EMPTY_GROUP: ['GroupNotEmptyException', 'The group is not empty.'],
  GROUP_ID_NOT_FOUND: ['GroupIdNotFoundException', 'The group id does not exist.'],
  GROUP_SUBSCRIBED_TO_TOPIC: ['GroupSubscribedToTopicException', 'Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it.'],
};

/** Throwable#toString of the exception the Java client builds for an error code. */
export function javaGroupExceptionString(code: number): string {
  const known = GROUP_EXCEPTIONS[errorName(code)];
  return known === undefined ? `${PREFIX}UnknownServerException: ${errorName(code)}` : `${PREFIX}${known[0]}: ${known[1]}`;
}

/** Just the message (Throwable#getMessage) of that exception. */
export function javaGroupExceptionMessage(code: number): string {
  return GROUP_EXCEPTIONS[errorName(code)]?.[1] ?? errorName(code);
}

/** A failed admin future: ExecutionException, whose message is the cause's toString. */
export class GroupCallError extends ConsumerGroupCommandError {
  constructor(
    readonly errorCode: number,
    message = javaGroupExceptionString(errorCode),
  ) {
    super(message);
  }
}

export interface OffsetDeleteResult {
  /** Group-level error, NONE when the group answered per partition. */
  errorCode: number;
  /** Per partition, by tpString. */
  partitions: Map<string, number>;
}

/** What ConsumerGroupService needs from the cluster; a fake implements it in the unit tests. */
export interface ConsumerGroupClient {
  /** Consumer groups (protocol type "consumer" or none) on every broker, in listing order. */
  listGroups(): Promise<string[]>;
  /** describeConsumerGroups for one group; throws GroupCallError for a group-level error. */
  describeGroup(groupId: string): Promise<GroupDescription>;
  /** listConsumerGroupOffsets: the committed offsets, in the order the response lists them. */
  committedOffsets(groupId: string): Promise<Array<[TopicPartition, bigint]>>;
  /** consumer.partitionsFor: the topic's partitions (empty for an unknown topic). */
  partitionsFor(topic: string): Promise<number[]>;
  /** describeTopics for --delete-offsets: the partitions, or the Java exception text. */
  describeTopic(topic: string): Promise<{ partitions: number[] } | { error: string }>;
  beginningOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, bigint>>;
  endOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, bigint>>;
  /** offsetsForTimes: partitions without a record at or after the time are absent. */
  offsetsForTimes(partitions: readonly TopicPartition[], timestamp: number): Promise<Map<string, bigint>>;
  /** commitSync from a consumer that never joined the group (generation -1). */
  commitOffsets(groupId: string, offsets: ReadonlyArray<readonly [TopicPartition, bigint]>): Promise<void>;
  /** deleteConsumerGroups: per group, null or the failure's toString (ExecutionException). */
  deleteGroup(groupId: string): Promise<string | null>;
  deleteOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<OffsetDeleteResult>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Negotiated {
  connection: BrokerConnection;
  versions: Map<number, number>;
}

/** Errors after which the Java client looks the coordinator up again and retries. */
const RETRY_CODES = new Set<number>([ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.NOT_COORDINATOR]);

class RetriableGroupError extends Error {
  constructor(readonly errorCode: number) {
    super(javaGroupExceptionString(errorCode));
  }
}

export class KafkaConsumerGroupClient implements ConsumerGroupClient {
  private readonly connections = new Map<string, Promise<Negotiated>>();
  private readonly bootstrap: HostPort[];

  private constructor(
    bootstrapServer: string,
    private readonly admin: Admin,
    private readonly timeoutMs: number,
  ) {
    this.bootstrap = parseBrokerList(bootstrapServer);
  }

  static async connect(bootstrapServer: string, timeoutMs: number): Promise<KafkaConsumerGroupClient> {
    const kafka = new Kafka({
      clientId: 'kafka-consumer-groups',
      brokers: bootstrapServer.split(',').map((s) => s.trim()).filter((s) => s.length > 0),
      logLevel: logLevel.NOTHING,
      connectionTimeout: timeoutMs,
      requestTimeout: Math.max(timeoutMs, 1000),
      retry: { retries: 3, initialRetryTime: 100 },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      throw new ConsumerGroupCommandError(javaAdminErrorMessage(error));
    }
    return new KafkaConsumerGroupClient(bootstrapServer, admin, timeoutMs);
  }

  private negotiated(target: HostPort): Promise<Negotiated> {
    const key = hostPortString(target);
    let pending = this.connections.get(key);
    if (pending === undefined) {
      pending = (async () => {
        const connection = new BrokerConnection({ host: target.host, port: target.port, clientId: 'kafka-consumer-groups', requestTimeoutMs: this.timeoutMs + 5_000, connectTimeoutMs: this.timeoutMs });
        await connection.connect();
        const answer = await connection.send(Apis.ApiVersions, 0, { clientSoftwareName: '', clientSoftwareVersion: '' });
        return { connection, versions: new Map(answer.apiKeys.map((k) => [k.apiKey, k.maxVersion])) };
      })();
      this.connections.set(key, pending);
      pending.catch(() => this.connections.delete(key));
    }
    return pending;
  }

  private async send<Req, Res>(target: HostPort, api: ApiDefinition<Req, Res>, request: Req): Promise<Res> {
    const n = await this.negotiated(target);
    if (!n.connection.isConnected) {
      this.connections.delete(hostPortString(target));
      return this.send(target, api, request);
    }
    const brokerMax = n.versions.get(api.apiKey);
    if (brokerMax === undefined) throw new GroupCallError(ErrorCode.UNSUPPORTED_VERSION);
    return n.connection.send(api, Math.min(brokerMax, api.request.maxVersion), request);
  }

  /** FindCoordinator through the bootstrap brokers, as the least loaded node answers it. */
  private async findCoordinator(groupId: string): Promise<CoordinatorNode> {
    let lastError: unknown;
    for (const target of this.bootstrap) {
      try {
        const r = await this.send(target, Apis.FindCoordinator, { key: groupId, keyType: 0 });
        if (r.errorCode !== ErrorCode.NONE) {
          if (RETRY_CODES.has(r.errorCode)) throw new RetriableGroupError(r.errorCode);
          throw new GroupCallError(r.errorCode);
        }
        return { id: r.nodeId, host: r.host, port: r.port };
      } catch (error) {
        if (error instanceof GroupCallError) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /**
   * Finds the group's coordinator and runs `call` on it, again (with a fresh lookup) after a
   * retriable coordinator error, until the --timeout deadline.
   */
  private async onCoordinator<T>(groupId: string, call: (coordinator: CoordinatorNode) => Promise<T>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(await this.findCoordinator(groupId));
      } catch (error) {
        if (error instanceof GroupCallError) throw error;
        if (Date.now() + 100 > deadline) {
          if (error instanceof RetriableGroupError) throw new GroupCallError(error.errorCode);
          throw new ConsumerGroupCommandError(`${PREFIX}TimeoutException: ${(error as Error).message}`);
        }
        await sleep(Math.min(100 * 2 ** attempt, 1000));
      }
    }
  }

  /** Throws what the Java client would for a group-level error code. */
  private static check(code: number): void {
    if (code === ErrorCode.NONE) return;
    if (RETRY_CODES.has(code)) throw new RetriableGroupError(code);
    throw new GroupCallError(code);
  }

  async listGroups(): Promise<string[]> {
    const { groups } = await this.admin.listGroups().catch((error: unknown) => {
      throw new ConsumerGroupCommandError(javaAdminErrorMessage(error));
    });
    return groups.filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
  }

  describeGroup(groupId: string): Promise<GroupDescription> {
    return this.onCoordinator(groupId, async (coordinator) => {
      const r = await this.send(coordinator, Apis.DescribeGroups, { groups: [groupId], includeAuthorizedOperations: false });
      const described = r.groups.find((g) => g.groupId === groupId);
      if (described === undefined) throw new ConsumerGroupCommandError(`${PREFIX}InvalidGroupIdException: No consumer group found for GroupId: ${groupId}`);
      KafkaConsumerGroupClient.check(described.errorCode);
      if (described.protocolType !== 'consumer' && described.protocolType !== '') {
        // 2.4.1's message, with its unfilled {} placeholders.
        throw new ConsumerGroupCommandError('java.lang.IllegalArgumentException: GroupId {} is not a consumer group ({}).');
      }
      const members: MemberDescription[] = described.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        host: m.clientHost,
        partitions: m.memberAssignment.length > 0 ? decodeConsumerAssignment(m.memberAssignment).partitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition }))) : [],
      }));
      return { groupId, state: parseGroupState(described.groupState), partitionAssignor: described.protocolData, coordinator, members };
    });
  }

  committedOffsets(groupId: string): Promise<Array<[TopicPartition, bigint]>> {
    return this.onCoordinator(groupId, async (coordinator) => {
      const r = await this.send(coordinator, Apis.OffsetFetch, { groupId, topics: null });
      KafkaConsumerGroupClient.check(r.errorCode);
      const out: Array<[TopicPartition, bigint]> = [];
      for (const t of r.topics) {
        for (const p of t.partitions) {
          // Partitions with an error are skipped (logged at WARN by the Java client); a negative
          // offset means none committed.
          if (p.errorCode !== ErrorCode.NONE || p.committedOffset < 0n) continue;
          out.push([{ topic: t.name, partition: p.partitionIndex }, p.committedOffset]);
        }
      }
      return out;
    });
  }

  async partitionsFor(topic: string): Promise<number[]> {
    const described = await this.describeTopic(topic);
    return 'partitions' in described ? described.partitions : [];
  }

  async describeTopic(topic: string): Promise<{ partitions: number[] } | { error: string }> {
    try {
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [topic] });
      const found = topics.find((t) => t.name === topic);
      if (found === undefined) return { error: javaGroupExceptionString(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) };
      return { partitions: found.partitions.map((p) => p.partitionId) };
    } catch (error) {
      const message = javaAdminErrorMessage(error);
      return { error: message.startsWith(PREFIX) ? message : javaGroupExceptionString(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) };
    }
  }

  private async topicOffsets(partitions: readonly TopicPartition[], pick: (p: { offset: string; low?: string; high?: string }) => string, timestamp?: number): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    for (const topic of new Set(partitions.map((tp) => tp.topic))) {
      let answer: Array<{ partition: number; offset: string; low?: string; high?: string }>;
      try {
        answer = timestamp === undefined ? await this.admin.fetchTopicOffsets(topic) : await this.admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
      } catch {
        continue; // unknown: printed as `-`, or reported by the caller
      }
      const wanted = new Set(partitions.filter((tp) => tp.topic === topic).map((tp) => tp.partition));
      for (const p of answer) if (wanted.has(p.partition)) out.set(tpString({ topic, partition: p.partition }), BigInt(pick(p)));
    }
    return out;
  }

  beginningOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, bigint>> {
    return this.topicOffsets(partitions, (p) => p.low!);
  }

  endOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, bigint>> {
    return this.topicOffsets(partitions, (p) => p.high!);
  }

  async offsetsForTimes(partitions: readonly TopicPartition[], timestamp: number): Promise<Map<string, bigint>> {
    // kafkajs answers the log end where no record is that recent, which is what the command uses then.
    return this.topicOffsets(partitions, (p) => p.offset, timestamp);
  }

  async commitOffsets(groupId: string, offsets: ReadonlyArray<readonly [TopicPartition, bigint]>): Promise<void> {
    if (offsets.length === 0) return;
    const topics = [...new Set(offsets.map(([tp]) => tp.topic))].map((name) => ({
      name,
      partitions: offsets
        .filter(([tp]) => tp.topic === name)
        .map(([tp, offset]) => ({ partitionIndex: tp.partition, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: '' })),
    }));
    await this.onCoordinator(groupId, async (coordinator) => {
      const r = await this.send(coordinator, Apis.OffsetCommit, { groupId, generationId: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n, topics });
      for (const t of r.topics) {
        for (const p of t.partitions) {
          if (RETRY_CODES.has(p.errorCode)) throw new RetriableGroupError(p.errorCode);
          // commitSync throws the exception itself: its message, without the class.
          if (p.errorCode !== ErrorCode.NONE) throw new GroupCallError(p.errorCode, javaGroupExceptionMessage(p.errorCode));
        }
      }
    });
  }

  async deleteGroup(groupId: string): Promise<string | null> {
    try {
      await this.onCoordinator(groupId, async (coordinator) => {
        const r = await this.send(coordinator, Apis.DeleteGroups, { groupsNames: [groupId] });
        const result = r.results.find((g) => g.groupId === groupId);
        KafkaConsumerGroupClient.check(result?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR);
      });
      return null;
    } catch (error) {
      return `java.util.concurrent.ExecutionException: ${(error as Error).message}`;
    }
  }

  deleteOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<OffsetDeleteResult> {
    const topics = [...new Set(partitions.map((tp) => tp.topic))].map((name) => ({
      name,
      partitions: partitions.filter((tp) => tp.topic === name).map((tp) => ({ partitionIndex: tp.partition })),
    }));
    return this.onCoordinator(groupId, async (coordinator) => {
      const r = await this.send(coordinator, Apis.OffsetDelete, { groupId, topics });
      if (RETRY_CODES.has(r.errorCode)) throw new RetriableGroupError(r.errorCode);
      const result = new Map<string, number>();
      for (const t of r.topics) for (const p of t.partitions) result.set(tpString({ topic: t.name, partition: p.partitionIndex }), p.errorCode);
      return { errorCode: r.errorCode, partitions: result };
    });
  }

  async close(): Promise<void> {
    for (const pending of this.connections.values()) {
      await pending.then((n) => n.connection.close()).catch(() => undefined);
    }
    this.connections.clear();
    await this.admin.disconnect().catch(() => undefined);
  }
}

/** ConsumerGroupState.parse: the known names, else "Unknown". */
export function parseGroupState(state: string): string {
  return ['PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty'].includes(state) ? state : 'Unknown';
}
