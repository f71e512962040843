// The log-directory half of a reassignment (a replica given a directory other than "any"), as
// Kafka 2.4.1's tool does it through the admin client: AlterReplicaLogDirs to each replica's
// broker (alterReplicaLogDirsIgnoreReplicaNotAvailable: a replica the broker does not have yet is
// fine, it remembers the dir for when the reassignment creates it; any other error fails the
// command with "Failed to alter dir for <replica>", for the first failed replica of the Java
// HashMap the admin client answers in), and DescribeLogDirs for --verify (describeReplicaLogDirs).

import { javaStringHash } from '../../common/jvm-order/scala-collection-order';
import { javaHashOrder } from '../../common/jvm-order/jvm-collection-order';
import { ErrorCode, errorName } from '../../protocol/errors';
import { Apis } from '../../protocol/generated';
import { parseBrokerList } from '../common/broker-list';
import { brokerAddress, clusterMetadata, withConnection } from '../common/broker-requests';
import { AdminCommandFailedException, javaApiExceptionString } from '../common/kafka-exceptions';
import { replicaString, type TopicPartitionReplica } from './reassignment-json';
import { mutableHashMap, type KeyKind } from './scala-collections';

const CLIENT_ID = 'reassign-partitions-tool';

/** TopicPartitionReplica.hashCode */
export function topicPartitionReplicaHash(r: TopicPartitionReplica): number {
  let h = (31 + javaStringHash(r.topic)) | 0;
  h = (Math.imul(31, h) + r.partition) | 0;
  return (Math.imul(31, h) + r.brokerId) | 0;
}

export const REPLICA_KEY: KeyKind<TopicPartitionReplica> = { id: replicaString, hash: topicPartitionReplicaHash };

export const BOOTSTRAP_SERVER_NEEDED = 'bootstrap-server needs to be provided in order to reassign replica to the specified log directory';

/** The parsed `mutable.Map[TopicPartitionReplica, String]` of log dirs, as it iterates. */
export function logDirAssignment(logDirs: ReadonlyArray<readonly [TopicPartitionReplica, string]>): Array<[TopicPartitionReplica, string]> {
  return mutableHashMap(logDirs, REPLICA_KEY);
}

/**
 * alterReplicaLogDirsIgnoreReplicaNotAvailable: asks each replica's broker to move it to its dir;
 * returns the replicas the brokers accepted (REPLICA_NOT_AVAILABLE ones are left for a retry).
 */
export async function alterReplicaLogDirs(
  bootstrapServer: string,
  logDirs: ReadonlyArray<readonly [TopicPartitionReplica, string]>,
  timeoutMs: number,
): Promise<TopicPartitionReplica[]> {
  const bootstrap = parseBrokerList(bootstrapServer);
  const metadata = await clusterMetadata(bootstrap, CLIENT_ID, timeoutMs);
  const errors = new Map<string, number>();
  for (const brokerId of [...new Set(logDirs.map(([r]) => r.brokerId))]) {
    const onBroker = logDirs.filter(([r]) => r.brokerId === brokerId);
    const dirs = [...new Set(onBroker.map(([, dir]) => dir))].map((path) => {
      const inDir = onBroker.filter(([, dir]) => dir === path).map(([r]) => r);
      const topics = [...new Set(inDir.map((r) => r.topic))].map((name) => ({ name, partitions: inDir.filter((r) => r.topic === name).map((r) => r.partition) }));
      return { path, topics };
    });
    let response;
    try {
      response = await withConnection(brokerAddress(metadata, brokerId, bootstrap), CLIENT_ID, timeoutMs, (c) => c.send(Apis.AlterReplicaLogDirs, 1, { dirs }));
    } catch {
      // No answer in time: the admin client's futures fail with a TimeoutException.
      for (const [r] of onBroker) errors.set(replicaString(r), -1);
      continue;
    }
    for (const topic of response.results) {
      for (const p of topic.partitions) errors.set(replicaString({ topic: topic.topicName, partition: p.partitionIndex, brokerId }), p.errorCode);
    }
  }
  // The admin client keeps its futures in `new HashMap<>(n)` and answers with a copy, `new HashMap<>(futures)`.
  const replicas = logDirs.map(([r]) => r);
  const futures = javaHashOrder(replicas, topicPartitionReplicaHash, replicas.length);
  const answered = javaHashOrder(futures, topicPartitionReplicaHash, Math.floor(replicas.length / 0.75) + 1);
  const accepted: TopicPartitionReplica[] = [];
  for (const replica of answered) {
    const code = errors.get(replicaString(replica));
    if (code === ErrorCode.NONE) accepted.push(replica);
    else if (code !== ErrorCode.REPLICA_NOT_AVAILABLE) {
      const cause = code === undefined || code < 0 ? 'org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment.' : javaApiExceptionString(errorName(code), null);
      throw new AdminCommandFailedException(`Failed to alter dir for ${replicaString(replica)}`, cause);
    }
  }
  return accepted;
}

/** DescribeReplicaLogDirsResult.ReplicaLogDirInfo: where a replica lives and where it is being moved to. */
export interface ReplicaLogDirInfo {
  current: string | null;
  future: string | null;
}

/** Admin.describeReplicaLogDirs: DescribeLogDirs for the replicas' partitions to each replica's broker. */
export async function describeReplicaLogDirs(bootstrapServer: string, replicas: readonly TopicPartitionReplica[], timeoutMs: number): Promise<Map<string, ReplicaLogDirInfo>> {
  const bootstrap = parseBrokerList(bootstrapServer);
  const metadata = await clusterMetadata(bootstrap, CLIENT_ID, timeoutMs);
  const result = new Map<string, ReplicaLogDirInfo>();
  for (const brokerId of [...new Set(replicas.map((r) => r.brokerId))]) {
    const onBroker = replicas.filter((r) => r.brokerId === brokerId);
    const topics = [...new Set(onBroker.map((r) => r.topic))].map((topic) => ({ topic, partitionIndex: onBroker.filter((r) => r.topic === topic).map((r) => r.partition) }));
    const response = await withConnection(brokerAddress(metadata, brokerId, bootstrap), CLIENT_ID, timeoutMs, (c) => c.send(Apis.DescribeLogDirs, 1, { topics }));
    for (const r of onBroker) result.set(replicaString(r), { current: null, future: null });
    for (const dir of response.results) {
      // An offline directory (KAFKA_STORAGE_ERROR) describes nothing.
      if (dir.errorCode === ErrorCode.KAFKA_STORAGE_ERROR) continue;
      for (const t of dir.topics) {
        for (const p of t.partitions) {
          const info = result.get(replicaString({ topic: t.name, partition: p.partitionIndex, brokerId }));
          if (info === undefined) continue;
          if (p.isFutureKey) info.future = dir.logDir;
          else info.current = dir.logDir;
        }
      }
    }
  }
  return result;
}
