// --generate (Kafka 2.4.1's generateAssignment): for each topic to move, a fresh assignment of all
// its partitions over the listed brokers, by AdminUtils.assignReplicasToBrokers with as many
// replicas as the topic's first partition (in map order) has. Listed brokers that are not
// registered are dropped, as getBrokerMetadatas drops them. Nothing is written.

import type { KafkaZkClient } from '../../zk';
import { AdminOperationException, AdminCommandFailedException } from '../common/kafka-exceptions';
import { InvalidReplicationFactorError, assignReplicasToBrokers } from '../../zk/admin/replica-assignment';
import { replicaAssignmentForTopics, type Assignment } from './current-assignment';
import { JavaException, parseJavaInt } from './java-exceptions';
import { parseTopicsData } from './reassignment-json';
import { INT_KEY, STRING_KEY, TP_KEY, duplicates, groupBy, immutableMap, mutableHashMap } from './scala-collections';

/** Java's String.split: no separator gives the whole text; otherwise trailing empty parts are dropped. */
function javaSplit(text: string, separator: string): string[] {
  if (!text.includes(separator)) return [text];
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** `--broker-list` as 2.4.1 reads it: Java's split(',') (trailing empty entries dropped), then toInt each. */
export function parseBrokerIds(text: string): number[] {
  const ids = javaSplit(text, ',').map(parseJavaInt);
  const duplicated = duplicates(ids, INT_KEY);
  if (duplicated.length > 0) throw new AdminCommandFailedException(`Broker list contains duplicate entries: ${duplicated.join(',')}`);
  return ids;
}

/** AdminZkClient.getBrokerMetadatas: the listed brokers that are registered, by id, with the rack checks. */
async function brokersForAssignment(zk: KafkaZkClient, brokerIds: readonly number[], disableRackAware: boolean): Promise<number[]> {
  const brokers = (await zk.getAllBrokersInCluster()).filter((b) => brokerIds.includes(b.id));
  const withRack = brokers.filter((b) => b.rack !== null);
  if (!disableRackAware && withRack.length > 0 && withRack.length < brokers.length) {
    throw new AdminOperationException('Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information.');
  }
  if (!disableRackAware && withRack.length > 0) {
    // 2.4.1 would spread replicas over racks here; only the rack-unaware algorithm exists in this project.
    throw new AdminOperationException('Rack-aware replica assignment is not implemented by this tool; add --disable-rack-aware to assign replicas without rack information.');
  }
  return brokers.map((b) => b.id).sort((a, b) => a - b);
}

export interface GeneratedAssignment {
  current: Assignment;
  proposed: Assignment;
}

/** generateAssignment(zkClient, brokerList, topicsJson, disableRackAware), in 2.4.1's map orders. */
export async function generateAssignment(
  zk: KafkaZkClient,
  brokerIds: readonly number[],
  topicsJson: string,
  disableRackAware: boolean,
  random: () => number = Math.random,
): Promise<GeneratedAssignment> {
  const topics = parseTopicsData(topicsJson);
  const duplicated = duplicates(topics, STRING_KEY);
  if (duplicated.length > 0) throw new AdminCommandFailedException(`List of topics to reassign contains duplicate entries: ${duplicated.join(',')}`);
  const current = await replicaAssignmentForTopics(zk, topics);
  const byTopic = groupBy(current, ([tp]) => tp.topic, STRING_KEY);
  const brokers = await brokersForAssignment(zk, brokerIds, disableRackAware);
  const added: Assignment = [];
  for (const [topic, entries] of byTopic) {
    const partitions = immutableMap(entries, TP_KEY);
    const replicationFactor = partitions[0]![1].length;
    let assigned: Map<number, number[]>;
    try {
      assigned = assignReplicasToBrokers(brokers, partitions.length, replicationFactor, { random });
    } catch (error) {
      if (error instanceof InvalidReplicationFactorError) throw new JavaException('org.apache.kafka.common.errors.InvalidReplicationFactorException', error.message);
      throw error;
    }
    // AdminUtils fills a mutable.HashMap but returns it as a collection.Map, whose `map` (to
    // TopicPartition keys) builds an immutable Map.
    const byPartition = mutableHashMap(assigned, INT_KEY);
    added.push(...immutableMap(byPartition.map(([p, replicas]) => [{ topic, partition: p }, replicas] as const), TP_KEY));
  }
  return { current, proposed: mutableHashMap(added, TP_KEY) };
}
