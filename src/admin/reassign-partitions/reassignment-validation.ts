// ReassignPartitionsCommand.parseAndValidate (Kafka 2.4.1): what --execute refuses before it
// writes anything, checked in 2.4.1's order and worded as 2.4.1 words it: an empty file, an empty
// replica list, a partition given twice, a broker given twice for one partition, partitions the
// cluster doesn't have, brokers that are not registered.

import { tpString } from '../../common/topic-partition';
import type { KafkaZkClient } from '../../zk';
import { AdminCommandFailedException } from '../common/kafka-exceptions';
import { replicaAssignmentForTopics, replicasOf } from './current-assignment';
import { parsePartitionReassignmentData, type ReassignmentData } from './reassignment-json';
import { INT_KEY, TP_KEY, duplicates, immutableMap, immutableSet, scalaSeqString } from './scala-collections';

/** The checks that need no cluster. */
export function validateReassignmentData(data: ReassignmentData): void {
  const { partitions } = data;
  if (partitions.length === 0) throw new AdminCommandFailedException('Partition reassignment data file is empty');
  if (partitions.some(([, replicas]) => replicas.length === 0)) throw new AdminCommandFailedException('Partition replica list cannot be empty');
  const duplicatePartitions = duplicates(partitions.map(([tp]) => tp), TP_KEY);
  if (duplicatePartitions.length > 0) {
    throw new AdminCommandFailedException(`Partition reassignment contains duplicate topic partitions: ${duplicatePartitions.map(tpString).join(',')}`);
  }
  const duplicateEntries = partitions
    .map(([tp, replicas]) => [tp, duplicates(replicas, INT_KEY)] as const)
    .filter(([, duplicated]) => duplicated.length > 0);
  if (duplicateEntries.length > 0) {
    const detail = duplicateEntries.map(([tp, duplicated]) => `${tpString(tp)} contains multiple entries for ${duplicated.join(',')}`).join('. ');
    throw new AdminCommandFailedException(`Partition replica lists may not contain duplicate entries: ${detail}`);
  }
}

/** parseAndValidate: the parsed file once every check has passed. */
export async function parseAndValidate(zk: KafkaZkClient, text: string): Promise<ReassignmentData> {
  const data = parsePartitionReassignmentData(text);
  validateReassignmentData(data);
  const { partitions } = data;
  const existing = await replicaAssignmentForTopics(zk, [...new Set(partitions.map(([tp]) => tp.topic))]);
  const nonExistentPartitions = partitions.map(([tp]) => tp).filter((tp) => replicasOf(existing, tp) === undefined);
  if (nonExistentPartitions.length > 0) {
    throw new AdminCommandFailedException(`The proposed assignment contains non-existent partitions: ${scalaSeqString('ListBuffer', nonExistentPartitions.map(tpString))}`);
  }
  const brokers = await zk.getSortedBrokerList();
  const requested = immutableMap(partitions, TP_KEY).flatMap(([, replicas]) => replicas);
  const unknownBrokers = immutableSet(requested.filter((b) => !brokers.includes(b)), INT_KEY);
  if (unknownBrokers.length > 0) throw new AdminCommandFailedException(`The proposed assignment contains non-existent brokerIDs: ${unknownBrokers.join(',')}`);
  return data;
}
