// The log-directory half of a reassignment (a replica given a directory other than "any").
// Kafka 2.4.1's tool moves such replicas with the admin client's AlterReplicaLogDirs, which this
// broker does not implement (it does not advertise API 34), so --execute fails the way the real
// tool fails against it: "Failed to alter dir for <replica>", caused by the admin client's
// UnsupportedVersionException, for the first replica of the Java HashMap the admin client keeps
// its answer in. --verify reads where the replicas are with DescribeLogDirs, as the admin
// client's describeReplicaLogDirs does.

import { javaStringHash } from '../../common/jvm-order/scala-collection-order';
import { javaHashOrder } from '../../common/jvm-order/jvm-collection-order';
import { ErrorCode } from '../../protocol/errors';
import { Apis } from '../../protocol/generated';
import { parseBrokerList } from '../common/broker-list';
import { brokerAddress, clusterMetadata, withConnection } from '../common/broker-requests';
import { AdminCommandFailedException } from '../common/kafka-exceptions';
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

/** alterReplicaLogDirsIgnoreReplicaNotAvailable against a broker without AlterReplicaLogDirs. */
export function alterReplicaLogDirsUnsupported(logDirs: ReadonlyArray<readonly [TopicPartitionReplica, string]>): never {
  const replicas = logDirAssignment(logDirs).map(([r]) => r);
  // The admin client keeps its futures in `new HashMap<>(n)` and answers with a copy, `new HashMap<>(futures)`.
  const futures = javaHashOrder(replicas, topicPartitionReplicaHash, replicas.length);
  const first = javaHashOrder(futures, topicPartitionReplicaHash, Math.floor(replicas.length / 0.75) + 1)[0]!;
  throw new AdminCommandFailedException(
    `Failed to alter dir for ${replicaString(first)}`,
    'org.apache.kafka.common.errors.UnsupportedVersionException: The broker does not support ALTER_REPLICA_LOG_DIRS',
  );
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
