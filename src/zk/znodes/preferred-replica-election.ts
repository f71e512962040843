// /admin/preferred_replica_election — P (legacy tooling). `{"version":1,"partitions":[{"topic":"t","partition":0}]}`.

import { JsonReader } from '../json/json-reader';
import { jsonBytes, jsonObject } from '../json/ordered-json';
import { readTopicPartitionList, topicPartitionListJson, uniqueTopicPartitions } from './topic-partition-list';
import type { TopicPartition } from '../../common/topic-partition';

export const PREFERRED_REPLICA_ELECTION_PATH = '/admin/preferred_replica_election';

export function encodePreferredReplicaElection(partitions: readonly TopicPartition[]): Buffer {
  return jsonBytes(jsonObject([['version', 1], ['partitions', topicPartitionListJson(uniqueTopicPartitions(partitions))]]));
}

export function decodePreferredReplicaElection(data: Buffer | null): TopicPartition[] {
  const { reader, json } = JsonReader.object(PREFERRED_REPLICA_ELECTION_PATH, data);
  return uniqueTopicPartitions(readTopicPartitionList(reader, json));
}
