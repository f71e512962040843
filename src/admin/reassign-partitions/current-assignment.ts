// KafkaZkClient.getReplicaAssignmentForTopics as the tool sees it: the replicas of every partition
// of the given topics, in the order of the Scala Map 2.4.1 builds from the topic znodes. That
// order is the znodes' own key order while there are at most 4 partitions in all (so it is read
// from the raw JSON, not from our decoded, sorted assignment), and hash order beyond.

import type { TopicPartition } from '../../common/topic-partition';
import { topicPath, type KafkaZkClient } from '../../zk';
import { parseJsonFull, toInt, toSeq } from './jackson-json';
import { STRING_KEY, TP_KEY, immutableMap, immutableSet } from './scala-collections';

/** Partitions with their replicas, in a Scala Map's iteration order. */
export type Assignment = Array<[TopicPartition, number[]]>;

/** TopicZNode.decode: the `partitions` object in file order; an unreadable znode has none. */
async function partitionsInZnodeOrder(zk: KafkaZkClient, topic: string): Promise<Assignment> {
  const node = await zk.zk.getDataIfExists(topicPath(topic));
  if (node === null || node.data === null) return [];
  const json = parseJsonFull(node.data.toString('utf8'));
  if (json === null || json.kind !== 'object') return [];
  const partitions = json.entries.find(([k]) => k === 'partitions')?.[1];
  if (partitions === undefined || partitions.kind !== 'object') return [];
  return partitions.entries.map(([partition, replicas]) => [{ topic, partition: Number(partition) }, toSeq(replicas, toInt)]);
}

/** `zkClient.getReplicaAssignmentForTopics(topics.toSet)`; topics that don't exist contribute nothing. */
export async function replicaAssignmentForTopics(zk: KafkaZkClient, topics: readonly string[]): Promise<Assignment> {
  const perTopic = await Promise.all(immutableSet(topics, STRING_KEY).map((t) => partitionsInZnodeOrder(zk, t)));
  return immutableMap(perTopic.flat(), TP_KEY);
}

/** Map.get for an Assignment. */
export function replicasOf(assignment: Assignment, tp: TopicPartition): number[] | undefined {
  return assignment.find(([p]) => p.topic === tp.topic && p.partition === tp.partition)?.[1];
}
