// The JSON line of Kafka 2.4.1's LogDirsCommand, as Jackson writes its nested maps:
// {"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/d","error":null,"partitions":[
// {"partition":"t-0","size":123,"offsetLag":0,"isFuture":false}]}]}]} — keys in that order (Scala
// Map1..Map4 keep insertion order), "error" the Java exception class of a failed dir or null.
// The arrays follow the JVM collections the data passes through:
// - brokers: the admin client's HashMap of futures (sized for the broker list), copied into a
//   HashMap by DescribeLogDirsResult and again by all(), then a Scala immutable Map (.toMap);
// - logDirs: the HashMap<String, LogDirInfo> the response is parsed into, in wire order;
// - partitions: the HashMap<TopicPartition, ReplicaInfo> parsed in wire order, then the new
//   java.util.HashMap the tool's topic filter (JMapWrapper.filter) copies it into.

import { javaHashOrder, stringHash, topicPartitionHash } from '../../common/jvm-order/jvm-collection-order';
import { scalaImmutableMapOrder } from '../../common/jvm-order/scala-collection-order';
import { tpString, type TopicPartition } from '../../common/topic-partition';
import { ErrorCode } from '../../protocol/errors';
import type { DescribeLogDirsPartition, DescribeLogDirsResult } from '../../protocol/generated';

/** Errors#exceptionName for the codes a log dir can carry (Errors.forCode maps unknown ones to UNKNOWN_SERVER_ERROR). */
function exceptionName(errorCode: number): string | null {
  const errors = 'org.apache.kafka.common.errors.';
  if (errorCode === ErrorCode.NONE) return null;
  if (errorCode === ErrorCode.KAFKA_STORAGE_ERROR) return `${errors}KafkaStorageException`;
  if (errorCode === ErrorCode.LOG_DIR_NOT_FOUND) return `${errors}LogDirNotFoundException`;
  if (errorCode === ErrorCode.CLUSTER_AUTHORIZATION_FAILED) return `${errors}ClusterAuthorizationException`;
  return `${errors}UnknownServerException`;
}

const intHash = (id: number) => id;

/** The order of the "brokers" array for the broker list the tool asked (duplicates counted in the first map's size). */
export function brokerOrder(brokerIds: readonly number[]): number[] {
  const futures = javaHashOrder([...new Set(brokerIds)], intHash, brokerIds.length);
  const copied = javaHashOrder(futures, intHash, Math.floor(futures.length / 0.75) + 1);
  const all = javaHashOrder(copied, intHash, copied.length);
  return scalaImmutableMapOrder(all, intHash);
}

interface Replica {
  tp: TopicPartition;
  info: DescribeLogDirsPartition;
}

function partitionsJson(dir: DescribeLogDirsResult, topics: ReadonlySet<string>): string {
  const hash = (r: Replica) => topicPartitionHash(r.tp);
  const parsed = javaHashOrder(
    dir.topics.flatMap((t) => t.partitions.map((info) => ({ tp: { topic: t.name, partition: info.partitionIndex }, info }))),
    hash,
  );
  const kept = javaHashOrder(
    parsed.filter((r) => topics.size === 0 || topics.has(r.tp.topic)),
    hash,
  );
  return kept
    .map(({ tp, info }) => `{"partition":${JSON.stringify(tpString(tp))},"size":${info.partitionSize},"offsetLag":${info.offsetLag},"isFuture":${info.isFutureKey}}`)
    .join(',');
}

function logDirsJson(dirs: readonly DescribeLogDirsResult[], topics: ReadonlySet<string>): string {
  return javaHashOrder(dirs, (d) => stringHash(d.logDir))
    .map((d) => `{"logDir":${JSON.stringify(d.logDir)},"error":${JSON.stringify(exceptionName(d.errorCode))},"partitions":[${partitionsJson(d, topics)}]}`)
    .join(',');
}

/** The JSON line; `topics` empty means every topic (--topic-list not given). */
export function formatLogDirsJson(brokerIds: readonly number[], logDirsByBroker: ReadonlyMap<number, readonly DescribeLogDirsResult[]>, topics: ReadonlySet<string>): string {
  const brokers = brokerOrder(brokerIds).map((id) => `{"broker":${id},"logDirs":[${logDirsJson(logDirsByBroker.get(id) ?? [], topics)}]}`);
  return `{"version":1,"brokers":[${brokers.join(',')}]}`;
}
